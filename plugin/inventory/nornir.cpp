// Nornir SimpleInventory: hosts.yaml, groups.yaml and defaults.yaml. A host's attributes come
// from itself, then its groups depth first in order, then defaults (Nornir's inheritance); the
// connection options of one connection plugin (vtyguard, else netmiko, else scrapli) override
// them; `data.vtyguard` holds vtyguard's own host fields (jump, via, transport, secrets by
// reference, ...) and overrides both.
#include <algorithm>
#include <array>
#include <map>

#include "plugin/inventory/internal.hpp"

namespace vtyguard::inventory::detail {

namespace fs = std::filesystem;

namespace {

const std::set<std::string> kElementKeys = {"hostname", "port",   "username", "password",
                                            "platform", "groups", "data",     "connection_options"};
const std::set<std::string> kConnectionKeys = {"hostname", "port", "username", "password", "platform", "extras"};
constexpr std::array<const char*, 3> kConnections = {"vtyguard", "netmiko", "scrapli"};

struct Element {
    std::string what;  // "host r1", "group core", "defaults"
    HostFields base;
    HostFields data;  // data.vtyguard
    std::map<std::string, HostFields> connections;
    std::vector<std::string> groups;
    Origin groups_origin;
    Origin origin;
};

class Reader {
public:
    explicit Reader(fs::path base_dir) : base_dir_(std::move(base_dir)) {}

    // Nornir's own attributes (and a connection's, which share their names).
    HostFields attributes(const YAML::Node& node, const std::string& file, const std::string& what) {
        HostFields f;
        const auto text = [&](const char* key) -> std::optional<std::string> {
            const YAML::Node v = node[key];
            if (!v || v.IsNull()) return std::nullopt;
            return yaml_scalar(v, file, key);
        };
        f.address = text("hostname");
        if (const auto p = text("port")) {
            std::uint16_t port = 0;
            if (!parse_port(*p, port))
                fail(origin_of(file, node["port"]), "port",
                     "`port` of " + what + " must be a port (1-65535), not '" + *p + "'");
            f.port = port;
        }
        f.user = text("username");
        if (const auto p = text("password")) {
            Secret s;
            s.kind = Secret::Kind::inline_value;
            s.value = *p;
            s.origin = origin_of(file, node["password"]);
            f.password = s;
        }
        if (const auto p = text("platform")) {
            f.platform = platform_key(*p);
            if (f.platform->empty())
                fail(origin_of(file, node["platform"]), "platform",
                     "unknown platform '" + *p + "' for " + what +
                         " (supported: ios, cisco_ios, cisco_xe, asa, cisco_asa, linux)");
        }
        return f;
    }

    // A connection plugin's `extras` that mean something to vtyguard; the rest are that plugin's own.
    void extras(const std::string& connection, const YAML::Node& node, const std::string& file, HostFields& f) {
        if (!node || node.IsNull()) return;
        if (!node.IsMap()) fail(origin_of(file, node), "extras", "`extras` must be a mapping");
        if (connection == "vtyguard") {
            overlay(f, host_fields(node, file, base_dir_, {}));
            return;
        }
        const auto secret = [&](const char* key) {
            Secret s;
            s.kind = Secret::Kind::inline_value;
            s.value = yaml_scalar(node[key], file, key);
            s.origin = origin_of(file, node[key]);
            return s;
        };
        const auto seconds = [&](const char* key) {
            std::chrono::milliseconds d{};
            const std::string v = yaml_scalar(node[key], file, key);
            if (!parse_duration(v, d))
                fail(origin_of(file, node[key]), key,
                     "`" + std::string(key) + "` must be a number of seconds, not '" + v + "'");
            return d;
        };
        const auto flag = [&](const char* key) {
            bool b = false;
            if (!parse_bool(yaml_scalar(node[key], file, key), b))
                fail(origin_of(file, node[key]), key, "`" + std::string(key) + "` must be true or false");
            return b;
        };
        for (const char* key : {"secret", "auth_secondary"})
            if (node[key]) f.enable = secret(key);
        for (const char* key : {"key_file", "auth_private_key"})
            if (node[key]) f.identity_files = std::vector<std::string>{expand_home(yaml_scalar(node[key], file, key))};
        if (node["allow_agent"]) f.use_agent = flag("allow_agent");
        if (node["auth_strict_key"])
            f.host_key_checking = flag("auth_strict_key") ? HostKeyCheck::yes : HostKeyCheck::no;
        for (const char* key : {"conn_timeout", "timeout_socket"})
            if (node[key]) f.connect_timeout = seconds(key);
        if (node["timeout_ops"]) f.command_timeout = seconds("timeout_ops");
    }

    Element element(const YAML::Node& node, const std::string& file, const std::string& what, const Origin& where,
                    bool with_groups) {
        Element e;
        e.what = what;
        e.origin = where;
        if (!node || node.IsNull()) return e;
        std::set<std::string> allowed = kElementKeys;
        if (!with_groups) allowed.erase("groups");
        check_keys(node, file, allowed, {}, what);
        e.base = attributes(node, file, what);
        if (const YAML::Node g = node["groups"]; g && !g.IsNull()) {
            e.groups = string_list(g, file, "groups");
            e.groups_origin = origin_of(file, g);
        }
        if (const YAML::Node d = node["data"]; d && d.IsMap() && d["vtyguard"])
            e.data = host_fields(d["vtyguard"], file, base_dir_, {});
        for (const auto& c : entries(node["connection_options"], file, "connection_options")) {
            check_keys(c.node, file, kConnectionKeys, {}, "connection_options " + c.name + " of " + what);
            HostFields f = c.node.IsNull() ? HostFields{} : attributes(c.node, file, what);
            if (c.node.IsMap()) extras(c.name, c.node["extras"], file, f);
            e.connections[c.name] = f;
        }
        return e;
    }

    void groups_file(const fs::path& path, Inventory& out) {
        const std::string file = path.string();
        for (const auto& g : read_map(path, out))
            groups_[g.name] = element(g.node, file, "group " + g.name, g.origin, true);
    }

    void defaults_file(const fs::path& path, Inventory& out) {
        std::string text;
        if (!read_text(path, text)) return;
        out.files.push_back(path.string());
        const YAML::Node root = load_yaml(text, path.string());
        if (!root.IsNull()) defaults_ = element(root, path.string(), "defaults", origin_of(path.string(), root), false);
    }

    void hosts_file(const fs::path& path, Inventory& out) {
        const std::string file = path.string();
        std::map<std::string, Origin> via_origins;
        for (const auto& entry : read_map(path, out)) {
            const Element e = element(entry.node, file, "host " + entry.name, entry.origin, true);
            std::vector<const Element*> order = {&e};
            std::vector<std::string> names;
            for (const auto& g : e.groups) {
                std::vector<std::string> path_to;
                expand(g, e.groups_origin, path_to, order, names);
            }
            order.push_back(&defaults_);
            HostFields base, data;
            for (auto it = order.rbegin(); it != order.rend(); ++it) {
                overlay(base, (*it)->base);
                overlay(data, (*it)->data);
            }
            overlay(base, connection(order));
            overlay(base, data);
            Host h;
            h.name = entry.name;
            h.origin = entry.origin;
            apply(base, h);
            h.groups = names;
            if (base.via) via_origins[h.name] = base.via_origin;
            out.hosts.push_back(std::move(h));
        }
        finish(out, via_origins);
    }

private:
    std::vector<Entry> read_map(const fs::path& path, Inventory& out) {
        std::string text;
        if (!read_text(path, text)) fail({path.string(), 0}, "", "cannot read the Nornir inventory file");
        out.files.push_back(path.string());
        const YAML::Node root = load_yaml(text, path.string());
        if (root.IsNull()) return {};
        if (!root.IsMap()) fail(origin_of(path.string(), root), "", "a Nornir inventory file must be a mapping");
        return entries(root, path.string(), "entry");
    }

    // Nornir's ParentGroups: each group, then its own groups, depth first.
    void expand(const std::string& g, const Origin& where, std::vector<std::string>& path,
                std::vector<const Element*>& order, std::vector<std::string>& names) {
        const auto it = groups_.find(g);
        if (it == groups_.end()) fail(where, "groups", "group '" + g + "' is not in the groups file");
        if (std::find(path.begin(), path.end(), g) != path.end()) {
            std::string loop;
            for (const auto& p : path) loop += p + " -> ";
            fail(where, "groups", "groups loop: " + loop + g);
        }
        if (std::find(names.begin(), names.end(), g) == names.end()) {
            names.push_back(g);
            order.push_back(&it->second);
        }
        path.push_back(g);
        for (const auto& parent : it->second.groups) expand(parent, it->second.groups_origin, path, order, names);
        path.pop_back();
    }

    // The connection options of the first plugin named anywhere, from the first level that has them.
    static HostFields connection(const std::vector<const Element*>& order) {
        for (const char* plugin : kConnections)
            for (const Element* e : order)
                if (const auto it = e->connections.find(plugin); it != e->connections.end()) return it->second;
        return {};
    }

    fs::path base_dir_;
    std::map<std::string, Element> groups_;
    Element defaults_;
};

fs::path first_existing(const fs::path& dir, std::initializer_list<const char*> names) {
    std::error_code ec;
    for (const char* n : names)
        if (fs::exists(dir / n, ec)) return dir / n;
    return {};
}

}  // namespace

void load_nornir(const fs::path& path, Inventory& out) {
    std::error_code ec;
    fs::path hosts, groups, defaults;
    if (fs::is_directory(path, ec)) {
        hosts = first_existing(path, {"hosts.yaml", "hosts.yml"});
        if (hosts.empty()) fail({path.string(), 0}, "", "no hosts.yaml in this Nornir inventory directory");
    } else {
        std::string text;
        if (!read_text(path, text)) fail({path.string(), 0}, "", "cannot read the inventory file");
        const YAML::Node root = load_yaml(text, path.string());
        const YAML::Node inv = root.IsMap() ? root["inventory"] : YAML::Node();
        if (inv && inv.IsMap()) {  // a Nornir config.yaml: its paths are taken from its directory
            out.files.push_back(path.string());
            const YAML::Node opts = inv["options"];
            const auto option = [&](const char* key, const char* fallback) {
                const std::string v =
                    opts && opts.IsMap() && opts[key] ? yaml_scalar(opts[key], path.string(), key) : fallback;
                return fs::path(resolve_path(v, path.parent_path()));
            };
            hosts = option("host_file", "hosts.yaml");
            groups = option("group_file", "groups.yaml");
            defaults = option("defaults_file", "defaults.yaml");
        } else {
            hosts = path;
        }
    }
    const fs::path dir = hosts.parent_path();
    if (groups.empty()) groups = first_existing(dir, {"groups.yaml", "groups.yml"});
    if (defaults.empty()) defaults = first_existing(dir, {"defaults.yaml", "defaults.yml"});
    Reader reader(dir);
    if (!groups.empty() && fs::exists(groups, ec)) reader.groups_file(groups, out);
    if (!defaults.empty() && fs::exists(defaults, ec)) reader.defaults_file(defaults, out);
    reader.hosts_file(hosts, out);
}

}  // namespace vtyguard::inventory::detail
