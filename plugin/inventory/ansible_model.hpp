// Ansible's inventory model, shared by the INI and YAML readers: groups with children and vars,
// hosts with their own vars, then variable precedence as Ansible applies it (see inventory.hpp)
// and the host variables vtyguard reads turned into Hosts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "plugin/inventory/internal.hpp"

namespace vtyguard::inventory::detail::ansible {

struct Var {
    std::string value;
    bool scalar = true;
    bool vault = false;  // `!vault` (ansible-vault): refused where it is read
    Origin origin;
};
using Vars = std::map<std::string, Var>;

// A YAML mapping of variables (inline `vars:`, a host's mapping, a group_vars file).
Vars yaml_vars(const YAML::Node& map, std::string_view file, std::string_view what);

class Model {
public:
    explicit Model(std::string file) : file_(std::move(file)) {}

    // Declares a group (a `[g]` or `[g:children]` section, a YAML group).
    void declare_group(const std::string& name, const Origin& where);
    void set_group_var(const std::string& group, const std::string& key, Var value);
    // A cycle is an error at `where`.
    void add_child(const std::string& parent, const std::string& child, const Origin& where);
    // Adds the host to the group (creating the host at its first mention) and merges `vars`.
    void add_host(const std::string& group, const std::string& host, const Vars& vars, const Origin& where);

    // Applies group_vars/ and host_vars/ from `base_dir`, precedence, and vtyguard's reading of the
    // variables; then the checks of every format.
    void build(const std::filesystem::path& base_dir, Inventory& out);

private:
    struct Group {
        Vars vars;
        std::vector<std::string> children;
        std::vector<std::string> parents;
        Origin origin;
    };
    struct HostEntry {
        Vars vars;
        std::vector<std::string> groups;  // direct
        Origin origin;
    };

    Group& group(const std::string& name, const Origin& where);
    bool descends(const std::string& from, const std::string& to) const;
    int depth(const std::string& name, std::map<std::string, int>& memo) const;
    std::vector<std::string> host_groups(const HostEntry& h) const;  // ancestors, sorted as Ansible

    std::string file_;
    std::map<std::string, Group> groups_;
    std::vector<std::string> host_order_;
    std::map<std::string, HostEntry> hosts_;
};

}  // namespace vtyguard::inventory::detail::ansible
