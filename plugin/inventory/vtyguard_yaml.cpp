// vtyguard's own YAML inventory (format in inventory.hpp): defaults, named credentials, jump
// hosts, groups with parents, hosts; plus the host fields Nornir's `data.vtyguard` reuses.
#include <algorithm>
#include <map>
#include <set>

#include "plugin/inventory/internal.hpp"

namespace vtyguard::inventory::detail {

namespace fs = std::filesystem;

namespace {

const std::set<std::string> kHostKeys = {
    "address",        "port",          "platform", "user",           "password",
    "password_env",   "password_file", "enable",   "enable_env",     "enable_file",
    "identity_files", "identity_file", "agent",    "jump",           "via",
    "transport",      "legacy_crypto", "timeouts", "source_address", "host_key_checking",
    "known_hosts"};
const std::set<std::string> kCredentialKeys = {"user",       "password",    "password_env",   "password_file", "enable",
                                               "enable_env", "enable_file", "identity_files", "identity_file", "agent"};
const std::set<std::string> kJumpKeys = {"address",       "port",           "user",          "password", "password_env",
                                         "password_file", "identity_files", "identity_file", "jump",     "audit"};

std::string known(const std::set<std::string>& keys) {
    std::string s;
    for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
    return s;
}

// One of `NAME`, `NAME_env`, `NAME_file` (at most one), as a Secret.
std::optional<Secret> secret_field(const YAML::Node& map, std::string_view file, const fs::path& base_dir,
                                   const std::string& name) {
    std::optional<Secret> out;
    for (const auto& [suffix, kind] : {std::pair<const char*, Secret::Kind>{"", Secret::Kind::inline_value},
                                       {"_env", Secret::Kind::env},
                                       {"_file", Secret::Kind::file}}) {
        const std::string key = name + suffix;
        const YAML::Node v = map[key];
        if (!v) continue;
        const Origin where = origin_of(file, v);
        if (out) fail(where, key, "give only one of `" + name + "`, `" + name + "_env` and `" + name + "_file`");
        const std::string text = yaml_scalar(v, file, key);
        Secret s;
        s.kind = kind;
        s.origin = where;
        if (kind == Secret::Kind::inline_value)
            s.value = text;
        else
            s.ref = kind == Secret::Kind::file ? resolve_path(text, base_dir) : text;
        if (text.empty()) fail(where, key, "`" + key + "` is empty");
        out = std::move(s);
    }
    return out;
}

std::vector<JumpHop> jump_list(const YAML::Node& n, std::string_view file) {
    std::vector<JumpHop> hops;
    std::string error;
    for (const auto& spec : string_list(n, file, "jump"))
        if (!parse_proxy_jump(spec, hops, error)) fail(origin_of(file, n), "jump", error);
    return hops;
}

struct JumpHost {
    JumpHop hop;
    std::vector<JumpHop> via;  // as written: names of other jump hosts or literal hops
    bool audit = false;
    Origin origin;
    std::vector<JumpHop> chain;  // resolved: the hops before this one, outermost first
    bool resolved = false;
};

class Reader {
public:
    Reader(std::string_view file, fs::path base_dir) : file_(file), base_dir_(std::move(base_dir)) {}

    void read(const YAML::Node& root, Inventory& out) {
        if (!root.IsMap()) fail(origin_of(file_, root), "", "a vtyguard inventory must be a mapping");
        check_keys(root, file_, {"vtyguard", "defaults", "credentials", "jump_hosts", "groups", "hosts"}, {},
                   "the inventory");
        if (const YAML::Node v = root["vtyguard"]; v && yaml_scalar(v, file_, "vtyguard") != "1")
            fail(origin_of(file_, v), "vtyguard", "this vtyguard reads inventory format 1, not " + v.Scalar());
        for (const auto& [name, where, node] : entries(root["credentials"], file_, "credentials")) {
            check_keys(node, file_, kCredentialKeys, {}, "credentials " + name);
            credentials_[name] = host_fields(node, file_, base_dir_, {});
        }
        for (const auto& [name, where, node] : entries(root["jump_hosts"], file_, "jump_hosts"))
            jump_host(name, where, node);
        if (const YAML::Node d = root["defaults"]) defaults_ = level(d, "defaults", {});
        for (const auto& [name, where, node] : entries(root["groups"], file_, "groups")) {
            group_nodes_[name] = node;
            groups_[name] = level(node, "group " + name, {"groups"});
        }
        const YAML::Node hosts = root["hosts"];
        if (!hosts) fail({file_, 0}, "hosts", "the inventory has no `hosts`");
        std::map<std::string, Origin> via_origins;
        for (const auto& [name, where, node] : entries(hosts, file_, "hosts")) {
            Host h;
            h.name = name;
            h.origin = where;
            HostFields merged = defaults_;
            std::vector<std::string> order;
            if (node && node.IsMap() && node["groups"])
                for (const auto& g : string_list(node["groups"], file_, "groups")) {
                    std::vector<std::string> path;
                    expand_group(g, origin_of(file_, node["groups"]), path, order);
                }
            for (auto it = order.rbegin(); it != order.rend(); ++it) overlay(merged, groups_.at(*it));
            overlay(merged, level(node, "host " + name, {"groups"}));
            apply(merged, h);
            h.groups = order;
            h.jump = expand_jumps(h.jump, h.origin);
            if (merged.via) via_origins[name] = merged.via_origin;
            out.hosts.push_back(std::move(h));
        }
        for (auto& [name, j] : jump_hosts_) {
            if (!j.audit) continue;
            Host h;
            h.name = name;
            h.address = j.hop.address;
            h.port = j.hop.port;
            h.user = j.hop.user;
            h.password = j.hop.password;
            h.identity_files = j.hop.identity_files;
            h.platform = std::string(kLinux);
            h.jump = chain_of(name, {}, j.origin);
            h.origin = j.origin;
            out.hosts.push_back(std::move(h));
        }
        finish(out, via_origins);
    }

private:
    // A level's fields: its named credentials, then what it writes itself.
    HostFields level(const YAML::Node& node, const std::string& what, const std::set<std::string>& extra) {
        if (!node || node.IsNull()) return {};
        std::set<std::string> also = extra;
        also.insert("credentials");
        check_keys(node, file_, kHostKeys, also, what);
        HostFields f;
        if (const YAML::Node c = node["credentials"]) {
            const std::string name = yaml_scalar(c, file_, "credentials");
            const auto it = credentials_.find(name);
            if (it == credentials_.end())
                fail(origin_of(file_, c), "credentials",
                     what + " uses credentials '" + name + "', which are not defined");
            f = it->second;
        }
        overlay(f, host_fields(node, file_, base_dir_, also));
        return f;
    }

    // Depth first, each group before its parents; a group reached twice counts once (first place).
    void expand_group(const std::string& g, const Origin& where, std::vector<std::string>& path,
                      std::vector<std::string>& order) {
        if (!groups_.count(g)) fail(where, "groups", "group '" + g + "' is not defined");
        if (std::find(path.begin(), path.end(), g) != path.end()) {
            std::string loop;
            for (const auto& p : path) loop += p + " -> ";
            fail(where, "groups", "groups loop: " + loop + g);
        }
        if (std::find(order.begin(), order.end(), g) == order.end()) order.push_back(g);
        const YAML::Node node = group_nodes_.at(g);
        if (!node.IsMap() || !node["groups"]) return;
        path.push_back(g);
        for (const auto& parent : string_list(node["groups"], file_, "groups"))
            expand_group(parent, origin_of(file_, node["groups"]), path, order);
        path.pop_back();
    }

    void jump_host(const std::string& name, const Origin& where, const YAML::Node& node) {
        check_keys(node, file_, kJumpKeys, {}, "jump host " + name);
        JumpHost j;
        j.origin = where;
        j.hop.name = name;
        const HostFields f = host_fields(node, file_, base_dir_, {"jump", "audit"});
        j.hop.address = f.address.value_or("");
        j.hop.port = f.port.value_or(0);
        j.hop.user = f.user.value_or("");
        if (f.password) j.hop.password = *f.password;
        j.hop.identity_files = f.identity_files.value_or(std::vector<std::string>{});
        if (node.IsMap() && node["jump"]) j.via = jump_list(node["jump"], file_);
        if (node.IsMap() && node["audit"]) {
            bool b = false;
            if (!parse_bool(yaml_scalar(node["audit"], file_, "audit"), b))
                fail(origin_of(file_, node["audit"]), "audit", "`audit` must be true or false");
            j.audit = b;
        }
        jump_hosts_[name] = std::move(j);
    }

    // The hops before jump host `name`, outermost first.
    std::vector<JumpHop> chain_of(const std::string& name, std::vector<std::string> path, const Origin& where) {
        JumpHost& j = jump_hosts_.at(name);
        if (j.resolved) return j.chain;
        if (std::find(path.begin(), path.end(), name) != path.end()) {
            std::string loop;
            for (const auto& p : path) loop += p + " -> ";
            fail(where, "jump", "jump hosts loop: " + loop + name);
        }
        path.push_back(name);
        std::vector<JumpHop> chain;
        for (const auto& hop : j.via) {
            if (jump_hosts_.count(hop.name) && hop.user.empty() && !hop.port) {
                const auto before = chain_of(hop.name, path, jump_hosts_.at(hop.name).origin);
                chain.insert(chain.end(), before.begin(), before.end());
                chain.push_back(jump_hosts_.at(hop.name).hop);
            } else {
                chain.push_back(hop);
            }
        }
        j.chain = chain;
        j.resolved = true;
        return chain;
    }

    // A host's jump list with jump_hosts names replaced by their whole chains.
    std::vector<JumpHop> expand_jumps(const std::vector<JumpHop>& hops, const Origin& where) {
        std::vector<JumpHop> out;
        for (const auto& hop : hops) {
            if (jump_hosts_.count(hop.name) && hop.user.empty() && !hop.port) {
                const auto before = chain_of(hop.name, {}, where);
                out.insert(out.end(), before.begin(), before.end());
                out.push_back(jump_hosts_.at(hop.name).hop);
            } else {
                out.push_back(hop);
            }
        }
        return out;
    }

    std::string file_;
    fs::path base_dir_;
    std::map<std::string, HostFields> credentials_;
    std::map<std::string, JumpHost> jump_hosts_;
    HostFields defaults_;
    std::map<std::string, HostFields> groups_;
    std::map<std::string, YAML::Node> group_nodes_;
};

}  // namespace

// The entries of a mapping in file order; a repeated key is an error.
std::vector<Entry> entries(const YAML::Node& map, std::string_view file, std::string_view what) {
    if (!map || map.IsNull()) return {};
    if (!map.IsMap()) fail(origin_of(file, map), std::string(what), "`" + std::string(what) + "` must be a mapping");
    std::vector<Entry> out;
    std::map<std::string, Origin> seen;
    for (const auto& kv : map) {
        const std::string key = yaml_scalar(kv.first, file, what);
        const Origin where = origin_of(file, kv.first);
        if (auto [it, fresh] = seen.emplace(key, where); !fresh)
            fail(where, key,
                 "duplicate " + std::string(what) + " entry '" + key + "' (first at " + it->second.str() + ")");
        out.push_back({key, where, kv.second});
    }
    return out;
}

void check_keys(const YAML::Node& map, std::string_view file, const std::set<std::string>& allowed,
                const std::set<std::string>& also, std::string_view what) {
    if (map.IsNull()) return;
    if (!map.IsMap()) fail(origin_of(file, map), "", std::string(what) + " must be a mapping");
    for (const auto& kv : map) {
        const std::string key = yaml_scalar(kv.first, file, "key");
        if (!allowed.count(key) && !also.count(key)) {
            std::set<std::string> all = allowed;
            all.insert(also.begin(), also.end());
            fail(origin_of(file, kv.first), key,
                 "unknown key '" + key + "' in " + std::string(what) + " (" + known(all) + ")");
        }
    }
}

std::vector<std::string> string_list(const YAML::Node& n, std::string_view file, std::string_view key) {
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence()) fail(origin_of(file, n), std::string(key), "`" + std::string(key) + "` must be a list");
    std::vector<std::string> out;
    for (const auto& item : n) out.push_back(yaml_scalar(item, file, key));
    return out;
}

HostFields host_fields(const YAML::Node& map, std::string_view file, const fs::path& base_dir,
                       const std::set<std::string>& skip) {
    HostFields f;
    if (!map || map.IsNull()) return f;
    if (!map.IsMap()) fail(origin_of(file, map), "", "host fields must be a mapping");
    check_keys(map, file, kHostKeys, skip, "this entry");
    const auto text = [&](const char* key) -> std::optional<std::string> {
        const YAML::Node v = map[key];
        if (!v) return std::nullopt;
        return yaml_scalar(v, file, key);
    };
    const auto bad = [&](const char* key, const std::string& what) {
        fail(origin_of(file, map[key]), key,
             "`" + std::string(key) + "` must be " + what + ", not '" + *text(key) + "'");
    };
    f.address = text("address");
    if (const auto p = text("port")) {
        std::uint16_t port = 0;
        if (!parse_port(*p, port)) bad("port", "a port (1-65535)");
        f.port = port;
    }
    if (const auto p = text("platform")) {
        f.platform = platform_key(*p);
        if (f.platform->empty())
            fail(origin_of(file, map["platform"]), "platform",
                 "unknown platform '" + *p + "' (supported: cisco_ios, cisco_asa, linux)");
    }
    f.user = text("user");
    f.password = secret_field(map, file, base_dir, "password");
    f.enable = secret_field(map, file, base_dir, "enable");
    if (map["identity_files"] && map["identity_file"])
        fail(origin_of(file, map["identity_file"]), "identity_file",
             "give `identity_files` or `identity_file`, not both");
    for (const char* key : {"identity_files", "identity_file"})
        if (const YAML::Node v = map[key]) {
            std::vector<std::string> files;
            for (const auto& p : string_list(v, file, key)) files.push_back(resolve_path(p, base_dir));
            f.identity_files = files;
        }
    if (const auto a = text("agent")) {
        bool b = false;
        if (!parse_bool(*a, b)) bad("agent", "true or false");
        f.use_agent = b;
    }
    if (const YAML::Node j = map["jump"]) f.jump = jump_list(j, file);
    if (const auto v = text("via")) {
        f.via = *v;
        f.via_origin = origin_of(file, map["via"]);
    }
    if (const auto t = text("transport")) {
        if (lower(*t) == "ssh")
            f.transport = Transport::ssh;
        else if (lower(*t) == "telnet")
            f.transport = Transport::telnet;
        else
            bad("transport", "ssh or telnet");
    }
    if (const auto l = text("legacy_crypto")) {
        bool b = false;
        if (!parse_bool(*l, b)) bad("legacy_crypto", "true or false");
        f.legacy_crypto = b;
    }
    if (const YAML::Node t = map["timeouts"]) {
        check_keys(t, file, {"connect", "command", "device"}, {}, "timeouts");
        for (auto [key, slot] : {std::pair{"connect", &f.connect_timeout}, std::pair{"command", &f.command_timeout},
                                 std::pair{"device", &f.device_timeout}}) {
            if (!t[key]) continue;
            const std::string v = yaml_scalar(t[key], file, key);
            std::chrono::milliseconds d{};
            if (!parse_duration(v, d))
                fail(origin_of(file, t[key]), key,
                     "timeout `" + std::string(key) + "` must be a duration (30, 30s, 500ms, 2m), not '" + v + "'");
            *slot = d;
        }
    }
    f.source_address = text("source_address");
    if (const auto k = text("host_key_checking")) {
        HostKeyCheck c{};
        if (!parse_host_key_check(*k, c)) bad("host_key_checking", "yes, accept-new or no");
        f.host_key_checking = c;
    }
    if (const auto k = text("known_hosts")) f.known_hosts_file = resolve_path(*k, base_dir);
    return f;
}

void parse_vtyguard_yaml(const std::string& text, std::string_view file, Inventory& out) {
    Reader(file, fs::path(file).parent_path()).read(load_yaml(text, file), out);
}

}  // namespace vtyguard::inventory::detail
