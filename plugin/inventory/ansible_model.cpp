// Ansible's model: groups, precedence, group_vars/host_vars, and what the variables mean to vtyguard.
#include "plugin/inventory/ansible_model.hpp"

#include <algorithm>
#include <regex>
#include <set>

namespace vtyguard::inventory::detail::ansible {

namespace fs = std::filesystem;

namespace {

const std::set<std::string> kVtyguardVars = {
    "vtyguard_platform",       "vtyguard_transport",       "vtyguard_via", "vtyguard_legacy_crypto",
    "vtyguard_device_timeout", "vtyguard_command_timeout", "vtyguard_jump"};

// A variable file of group_vars/ or host_vars/: NAME, NAME.yml, NAME.yaml, NAME.json, or a
// directory NAME/ whose files load in name order.
std::vector<fs::path> var_files(const fs::path& dir, const std::string& name) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return out;
    for (const char* ext : {"", ".yml", ".yaml", ".json"}) {
        const fs::path p = dir / (name + ext);
        if (fs::is_regular_file(p, ec)) out.push_back(p);
    }
    if (fs::is_directory(dir / name, ec)) {
        std::vector<fs::path> inner;
        for (const auto& e : fs::recursive_directory_iterator(dir / name, ec))
            if (e.is_regular_file()) inner.push_back(e.path());
        std::sort(inner.begin(), inner.end());
        out.insert(out.end(), inner.begin(), inner.end());
    }
    return out;
}

Vars file_vars(const fs::path& dir, const std::string& name, std::vector<std::string>& files) {
    Vars out;
    for (const auto& p : var_files(dir, name)) {
        std::string text;
        if (!read_text(p, text)) fail({p.string(), 0}, "", "cannot read the variables file");
        files.push_back(p.string());
        const YAML::Node root = load_yaml(text, p.string());
        if (root.IsNull()) continue;
        for (auto& [k, v] : yaml_vars(root, p.string(), "a variables file")) out[k] = v;
    }
    return out;
}

void merge(Vars& into, const Vars& from) {
    for (const auto& [k, v] : from) into[k] = v;
}

// What one host's merged variables mean.
class Reader {
public:
    Reader(const std::string& host, const Vars& vars) : host_(host), vars_(vars) {}

    const Var* find(std::initializer_list<const char*> keys, std::string& which) const {
        for (const char* k : keys)
            if (const auto it = vars_.find(k); it != vars_.end()) {
                which = k;
                return &it->second;
            }
        return nullptr;
    }

    // A plain value: `{{ inventory_hostname }}` is filled in, any other template refused.
    std::optional<std::string> text(std::initializer_list<const char*> keys, Origin* where = nullptr) const {
        std::string key;
        const Var* v = find(keys, key);
        if (!v) return std::nullopt;
        check(*v, key);
        if (where) *where = v->origin;
        if (v->value.find('{') == std::string::npos) return v->value;
        static const std::regex kName(R"(\{\{\s*inventory_hostname\s*\}\})");
        static const std::regex kShort(R"(\{\{\s*inventory_hostname_short\s*\}\})");
        std::string s = std::regex_replace(v->value, kName, host_);
        s = std::regex_replace(s, kShort, host_.substr(0, host_.find('.')));
        if (s.find("{{") != std::string::npos || s.find("{%") != std::string::npos)
            fail(v->origin, key,
                 "`" + key + "` of host " + host_ + " is a Jinja template, which vtyguard does not evaluate");
        return s;
    }

    // A credential: `{{ lookup('env', 'NAME') }}`, `{{ lookup('file', 'PATH') }}`, or a value.
    std::optional<Secret> secret(std::initializer_list<const char*> keys) const {
        std::string key;
        const Var* v = find(keys, key);
        if (!v) return std::nullopt;
        check(*v, key);
        static const std::regex kLookup(
            R"(^\s*\{\{\s*lookup\(\s*['"](?:ansible\.builtin\.)?(env|file)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*\}\}\s*$)");
        Secret s;
        s.origin = v->origin;
        std::smatch m;
        if (v->value.find("{{") != std::string::npos && std::regex_match(v->value, m, kLookup)) {
            s.kind = m[1] == "env" ? Secret::Kind::env : Secret::Kind::file;
            s.ref = m[1] == "env" ? m[2].str() : expand_home(m[2].str());
        } else if (v->value.find("{{") != std::string::npos || v->value.find("{%") != std::string::npos) {
            fail(v->origin, key,
                 "`" + key + "` of host " + host_ +
                     " is a Jinja template vtyguard does not evaluate (it reads lookup('env', 'NAME') and "
                     "lookup('file', 'PATH'))");
        } else if (!v->value.empty()) {
            s.kind = Secret::Kind::inline_value;
            s.value = v->value;
        }
        return s;
    }

    template <typename T, typename Parse>
    std::optional<T> parsed(std::initializer_list<const char*> keys, Parse parse, const char* expected) const {
        Origin where;
        const auto s = text(keys, &where);
        if (!s) return std::nullopt;
        T out{};
        if (!parse(*s, out)) {
            std::string key;
            find(keys, key);
            fail(where, key, "`" + key + "` of host " + host_ + " must be " + expected + ", not '" + *s + "'");
        }
        return out;
    }

    const Vars& vars() const { return vars_; }

private:
    void check(const Var& v, const std::string& key) const {
        if (v.vault)
            fail(v.origin, key,
                 "`" + key + "` of host " + host_ +
                     " is encrypted with ansible-vault, which vtyguard does not decrypt: use "
                     "\"{{ lookup('env', 'NAME') }}\" or lookup('file', 'PATH')");
        if (!v.scalar) fail(v.origin, key, "`" + key + "` of host " + host_ + " must be a single value");
    }

    const std::string& host_;
    const Vars& vars_;
};

std::string connection_kind(std::string c) {
    for (const char* prefix : {"ansible.netcommon.", "ansible.builtin.", "community.general."})
        if (c.rfind(prefix, 0) == 0) c = c.substr(std::string_view(prefix).size());
    return c;
}

// vtyguard's reading of one host; false when the host is left out (with a warning).
bool make_host(const std::string& name, const Vars& vars, Host& h, Origin& via_origin,
               std::vector<std::string>& warnings) {
    const Reader r(name, vars);
    for (const auto& [k, v] : vars)
        if (k.rfind("vtyguard_", 0) == 0 && !kVtyguardVars.count(k))
            fail(v.origin, k,
                 "unknown variable `" + k +
                     "` (vtyguard_platform, vtyguard_transport, vtyguard_via, vtyguard_jump, vtyguard_legacy_crypto, "
                     "vtyguard_device_timeout, vtyguard_command_timeout)");

    std::string platform;
    Origin os_origin;
    const auto os = r.text({"ansible_network_os"}, &os_origin);
    if (os) {
        static const std::set<std::string> kAnsibleNames = {"cisco.ios.ios", "ios", "cisco.asa.asa", "asa"};
        if (!kAnsibleNames.count(lower(*os)))
            fail(os_origin, "ansible_network_os",
                 "unknown ansible_network_os '" + *os + "' for host " + name +
                     " (supported: cisco.ios.ios, cisco.asa.asa)");
        platform = platform_key(*os);
    }
    Origin p_origin;
    if (const auto p = r.text({"vtyguard_platform"}, &p_origin)) {
        const std::string key = platform_key(*p);
        if (key.empty())
            fail(p_origin, "vtyguard_platform",
                 "unknown vtyguard_platform '" + *p + "' for host " + name +
                     " (supported: cisco_ios, cisco_asa, linux)");
        if (!platform.empty() && platform != key)
            fail(
                p_origin, "vtyguard_platform",
                "vtyguard_platform '" + *p + "' of host " + name + " contradicts its ansible_network_os '" + *os + "'");
        platform = key;
    }

    Origin c_origin;
    const std::string connection = connection_kind(r.text({"ansible_connection"}, &c_origin).value_or("ssh"));
    static const std::set<std::string> kSsh = {"network_cli", "ssh", "paramiko", "paramiko_ssh", "smart", "libssh"};
    if (connection == "local" && platform.empty()) {
        warnings.push_back(c_origin.str() + ": host " + name + " has ansible_connection=local: left out");
        return false;
    }
    if (connection != "local" && !kSsh.count(connection)) {
        warnings.push_back(c_origin.str() + ": host " + name + " has ansible_connection=" + connection +
                           ", not reached over SSH: left out");
        return false;
    }
    if (connection == "network_cli" && platform.empty())
        fail(c_origin, "ansible_connection",
             "host " + name + " uses network_cli but has no ansible_network_os (cisco.ios.ios or cisco.asa.asa)");

    h.name = name;
    h.platform = platform;
    if (const auto a = r.text({"ansible_host", "ansible_ssh_host"})) h.address = *a;
    if (const auto p = r.parsed<std::uint16_t>({"ansible_port", "ansible_ssh_port"}, parse_port, "a port (1-65535)"))
        h.port = *p;
    if (const auto u = r.text({"ansible_user", "ansible_ssh_user", "ansible_remote_user"})) h.user = *u;
    if (const auto s = r.secret({"ansible_password", "ansible_ssh_pass", "ansible_ssh_password"})) h.password = *s;
    if (const auto s = r.secret({"ansible_become_password", "ansible_become_pass"})) h.enable = *s;
    if (const auto k = r.text({"ansible_ssh_private_key_file", "ansible_private_key_file"}))
        h.identity_files.push_back(expand_home(*k));
    if (const auto t =
            r.parsed<std::chrono::milliseconds>({"ansible_connect_timeout", "ansible_ssh_timeout", "ansible_timeout"},
                                                parse_duration, "a number of seconds"))
        h.timeouts.connect = *t;
    if (const auto t = r.parsed<std::chrono::milliseconds>({"vtyguard_command_timeout", "ansible_command_timeout"},
                                                           parse_duration, "a number of seconds"))
        h.timeouts.command = *t;
    if (const auto t = r.parsed<std::chrono::milliseconds>({"vtyguard_device_timeout"}, parse_duration,
                                                           "a duration (30, 30s, 2m)"))
        h.timeouts.device = *t;
    if (const auto b =
            r.parsed<bool>({"ansible_host_key_checking", "ansible_ssh_host_key_checking"}, parse_bool, "true or false"))
        h.host_key_checking = *b ? HostKeyCheck::yes : HostKeyCheck::no;
    if (const auto b = r.parsed<bool>({"vtyguard_legacy_crypto"}, parse_bool, "true or false")) h.legacy_crypto = *b;
    Origin t_origin;
    if (const auto t = r.text({"vtyguard_transport"}, &t_origin)) {
        if (lower(*t) == "telnet")
            h.transport = Transport::telnet;
        else if (lower(*t) != "ssh")
            fail(t_origin, "vtyguard_transport",
                 "vtyguard_transport of host " + name + " must be ssh or telnet, not '" + *t + "'");
    }
    if (const auto v = r.text({"vtyguard_via"}, &via_origin)) h.via_device = *v;

    // The three ssh argument strings Ansible puts on ssh's command line, in its order.
    std::string args;
    Origin args_origin = h.origin;
    for (const char* key : {"ansible_ssh_args", "ansible_ssh_common_args", "ansible_ssh_extra_args"}) {
        Origin o;
        if (const auto a = r.text({key}, &o)) {
            args += " " + *a;
            args_origin = o;
        }
    }
    if (!args.empty()) {
        SshArgs parsed;
        std::string error;
        if (!parse_ssh_args(args, parsed, error))
            fail(args_origin, "ansible_ssh_common_args", "host " + name + ": " + error);
        apply_ssh_args(parsed, h);
    }
    Origin j_origin;
    if (const auto j = r.text({"vtyguard_jump"}, &j_origin)) {
        std::string error;
        h.jump.clear();
        if (!parse_proxy_jump(*j, h.jump, error)) fail(j_origin, "vtyguard_jump", "host " + name + ": " + error);
    }
    return true;
}

}  // namespace

Vars yaml_vars(const YAML::Node& map, std::string_view file, std::string_view what) {
    if (!map.IsMap()) fail(origin_of(file, map), "", std::string(what) + " must be a mapping of variables");
    Vars out;
    for (const auto& kv : map) {
        Var v;
        v.origin = origin_of(file, kv.second.IsNull() ? kv.first : kv.second);
        v.vault = kv.second.Tag() == "!vault";
        v.scalar = kv.second.IsScalar() || kv.second.IsNull();
        if (kv.second.IsScalar()) v.value = kv.second.Scalar();
        out[kv.first.as<std::string>()] = std::move(v);
    }
    return out;
}

Model::Group& Model::group(const std::string& name, const Origin& where) {
    auto [it, fresh] = groups_.try_emplace(name);
    if (fresh) it->second.origin = where;
    return it->second;
}

void Model::declare_group(const std::string& name, const Origin& where) {
    group(name, where);
}

void Model::set_group_var(const std::string& g, const std::string& key, Var value) {
    group(g, value.origin).vars[key] = std::move(value);
}

bool Model::descends(const std::string& from, const std::string& to) const {
    if (from == to) return true;
    const auto it = groups_.find(from);
    if (it == groups_.end()) return false;
    return std::any_of(it->second.children.begin(), it->second.children.end(),
                       [&](const std::string& c) { return descends(c, to); });
}

void Model::add_child(const std::string& parent, const std::string& child, const Origin& where) {
    if (child == "all") fail(where, "children", "group `all` cannot be the child of " + parent);
    if (descends(child, parent))
        fail(where, "children",
             "adding group " + child + " as a child of " + parent + " makes the groups loop (" + parent +
                 " is already below " + child + ")");
    Group& p = group(parent, where);
    if (std::find(p.children.begin(), p.children.end(), child) != p.children.end()) return;
    p.children.push_back(child);
    group(child, where).parents.push_back(parent);
}

void Model::add_host(const std::string& g, const std::string& host, const Vars& vars, const Origin& where) {
    auto [it, fresh] = hosts_.try_emplace(host);
    if (fresh) {
        it->second.origin = where;
        host_order_.push_back(host);
    }
    if (g != "all" && std::find(it->second.groups.begin(), it->second.groups.end(), g) == it->second.groups.end())
        it->second.groups.push_back(g);
    group(g, where);
    merge(it->second.vars, vars);
}

int Model::depth(const std::string& name, std::map<std::string, int>& memo) const {
    if (name == "all") return 0;
    if (const auto m = memo.find(name); m != memo.end()) return m->second;
    int d = 1;  // a group without parents is a child of `all`
    for (const auto& p : groups_.at(name).parents) d = std::max(d, depth(p, memo) + 1);
    return memo[name] = d;
}

std::vector<std::string> Model::host_groups(const HostEntry& h) const {
    std::set<std::string> all = {"all"};
    std::vector<std::string> todo = h.groups;
    // As Ansible reconciles: a host is in `ungrouped` only when it is in no other group.
    if (todo.size() > 1) todo.erase(std::remove(todo.begin(), todo.end(), "ungrouped"), todo.end());
    if (todo.empty()) todo.push_back("ungrouped");
    while (!todo.empty()) {
        const std::string g = todo.back();
        todo.pop_back();
        if (!all.insert(g).second) continue;
        if (const auto it = groups_.find(g); it != groups_.end())
            todo.insert(todo.end(), it->second.parents.begin(), it->second.parents.end());
    }
    std::map<std::string, int> memo;
    const auto priority = [&](const std::string& g) {
        const auto it = groups_.find(g);
        if (it == groups_.end()) return 1;
        const auto v = it->second.vars.find("ansible_group_priority");
        if (v == it->second.vars.end()) return 1;
        std::uint16_t p = 0;
        if (!parse_port(v->second.value, p))
            fail(v->second.origin, "ansible_group_priority",
                 "ansible_group_priority of group " + g + " must be a number");
        return static_cast<int>(p);
    };
    std::vector<std::tuple<int, int, std::string>> keyed;
    for (const auto& g : all)
        keyed.emplace_back(groups_.count(g) ? depth(g, memo) : (g == "all" ? 0 : 1), priority(g), g);
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::string> out;
    for (auto& [d, p, g] : keyed) out.push_back(g);
    return out;
}

void Model::build(const fs::path& base_dir, Inventory& out) {
    const fs::path group_dir = base_dir.empty() ? fs::path() : base_dir / "group_vars";
    const fs::path host_dir = base_dir.empty() ? fs::path() : base_dir / "host_vars";
    std::map<std::string, Vars> group_files;  // group_vars/<g>, loaded once
    const auto group_file = [&](const std::string& g) -> const Vars& {
        auto it = group_files.find(g);
        if (it == group_files.end()) it = group_files.emplace(g, file_vars(group_dir, g, out.files)).first;
        return it->second;
    };
    std::map<std::string, Origin> via_origins;
    for (const auto& name : host_order_) {
        const HostEntry& entry = hosts_.at(name);
        const std::vector<std::string> groups = host_groups(entry);
        Vars vars;
        for (const auto& g : groups)
            if (const auto it = groups_.find(g); it != groups_.end()) merge(vars, it->second.vars);
        merge(vars, group_file("all"));
        for (const auto& g : groups)
            if (g != "all") merge(vars, group_file(g));
        merge(vars, entry.vars);
        merge(vars, file_vars(host_dir, name, out.files));

        Host h;
        h.origin = entry.origin;
        Origin via_origin;
        if (!make_host(name, vars, h, via_origin, out.warnings)) continue;
        for (const auto& g : groups)
            if (g != "all" && g != "ungrouped") h.groups.push_back(g);
        if (!h.via_device.empty()) via_origins[name] = via_origin;
        out.hosts.push_back(std::move(h));
    }
    finish(out, via_origins);
}

}  // namespace vtyguard::inventory::detail::ansible
