// Ansible YAML inventories: top-level groups (usually `all`) with `hosts`, `vars` and `children`,
// as ansible's yaml plugin reads them (other keys in a group are skipped with a warning).
#include "plugin/inventory/ansible_model.hpp"

namespace vtyguard::inventory::detail {

namespace {

struct YamlReader {
    ansible::Model& model;
    std::string file;
    std::vector<std::string>& warnings;

    void group(const std::string& name, const YAML::Node& data, const Origin& where) {
        model.declare_group(name, where);
        if (data.IsNull()) return;
        if (!data.IsMap())
            fail(origin_of(file, data), "", "group " + name + " must be a mapping (hosts, vars, children)");
        for (const auto& kv : data) {
            const std::string key = kv.first.as<std::string>();
            const YAML::Node& v = kv.second;
            if (key == "vars") {
                if (v.IsNull()) continue;
                for (auto& [k, var] : ansible::yaml_vars(v, file, "the vars of group " + name))
                    model.set_group_var(name, k, var);
            } else if (key == "hosts") {
                if (v.IsNull()) continue;
                if (!v.IsMap())
                    fail(origin_of(file, v), "hosts", "the hosts of group " + name + " must be a mapping (host: vars)");
                for (const auto& h : v) hosts(name, h.first, h.second);
            } else if (key == "children") {
                if (v.IsNull()) continue;
                if (!v.IsMap())
                    fail(origin_of(file, v), "children",
                         "the children of group " + name + " must be a mapping (group: ...)");
                for (const auto& c : v) {
                    const std::string child = c.first.as<std::string>();
                    const Origin cw = origin_of(file, c.first);
                    // The edge first, so a loop is reported where it closes.
                    model.add_child(name, child, cw);
                    group(child, c.second, cw);
                }
            } else {
                warnings.push_back(origin_of(file, kv.first).str() + ": unexpected key '" + key + "' in group " + name +
                                   " skipped (only hosts, vars and children)");
            }
        }
    }

    void hosts(const std::string& g, const YAML::Node& key, const YAML::Node& vars) {
        const Origin where = origin_of(file, key);
        const std::string token = key.as<std::string>();
        ansible::Vars v;
        if (!vars.IsNull()) v = ansible::yaml_vars(vars, file, "the variables of host " + token);
        // `host:port` as in INI; the host's own ansible_port wins.
        std::string pattern, port;
        split_host_pattern(token, pattern, port);
        if (!port.empty() && !v.count("ansible_port")) v["ansible_port"] = {port, true, false, where};
        std::vector<std::string> names;
        std::string error;
        if (!expand_host_range(pattern, names, error)) fail(where, "", error);
        for (const auto& n : names) model.add_host(g, n, v, where);
    }
};

}  // namespace

void parse_ansible_yaml(const std::string& text, std::string_view file, Inventory& out) {
    const YAML::Node root = load_yaml(text, file);
    if (!root.IsMap()) fail(origin_of(file, root), "", "an Ansible YAML inventory must be a mapping of groups");
    ansible::Model model{std::string(file)};
    YamlReader reader{model, std::string(file), out.warnings};
    for (const auto& kv : root) {
        const std::string name = kv.first.as<std::string>();
        reader.group(name, kv.second, origin_of(file, kv.first));
    }
    model.build(std::filesystem::path(file).parent_path(), out);
}

}  // namespace vtyguard::inventory::detail
