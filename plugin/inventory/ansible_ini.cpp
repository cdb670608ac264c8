// Ansible INI inventories, read as ansible's ini plugin reads them: sections `[g]`, `[g:vars]`,
// `[g:children]`; host lines split like shlex (a `#` anywhere unquoted starts a comment), values
// unquoted like Python literals; `[g:vars]` for a group never declared, or a child group never
// declared, are errors as in Ansible.
#include <algorithm>
#include <regex>
#include <set>

#include "plugin/inventory/ansible_model.hpp"

namespace vtyguard::inventory::detail {

namespace {

// What ansible's `ast.literal_eval` leaves of a quoted string; anything else stays as written.
std::string literal(std::string v) {
    if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front()) {
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            if (v[i] == '\\' && i + 2 < v.size()) ++i;
            out += v[i];
        }
        return out;
    }
    return v;
}

struct Pending {
    Origin where;                      // the first reference
    std::vector<std::string> parents;  // for a child reference: the groups waiting for it
};

}  // namespace

void parse_ansible_ini(const std::string& text, std::string_view file, Inventory& out) {
    ansible::Model model{std::string(file)};
    static const std::regex kSection(R"(^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$)");
    static const std::regex kGroupName(R"(^([^:\]\s]+)\s*(?:[#;].*)?$)");
    std::string group = "ungrouped";
    std::string state = "hosts";
    std::set<std::string> declared = {"all", "ungrouped"};
    std::map<std::string, Pending> pending_vars, pending_children;
    for_each_line(text, [&](int number, const std::string& line) {
        const Origin where{std::string(file), number};
        if (line.empty() || line[0] == '#' || line[0] == ';') return;
        std::smatch m;
        if (std::regex_match(line, m, kSection)) {
            group = m[1];
            state = m[2].matched ? m[2].str() : "hosts";
            if (state != "hosts" && state != "vars" && state != "children")
                fail(
                    where, "",
                    "section [" + group + ":" + state + "] has unknown type '" + state + "' (hosts, vars or children)");
            if (state == "vars") {
                if (!declared.count(group) && !pending_vars.count(group)) pending_vars[group] = {where, {}};
            } else {
                declared.insert(group);
                model.declare_group(group, where);
                pending_vars.erase(group);
                if (const auto it = pending_children.find(group); it != pending_children.end()) {
                    for (const auto& parent : it->second.parents) model.add_child(parent, group, it->second.where);
                    pending_children.erase(it);
                }
            }
            return;
        }
        if (line.front() == '[' && line.back() == ']')
            fail(where, "", "invalid section header: no spaces, and [name], [name:vars] or [name:children]");
        if (state == "hosts") {
            std::vector<std::string> words;
            if (!shell_split(line, words, Comments::anywhere)) fail(where, "", "unterminated quote on the host line");
            if (words.empty()) return;
            ansible::Vars vars;
            std::string pattern, port;
            split_host_pattern(words[0], pattern, port);
            if (!port.empty()) vars["ansible_port"] = {port, true, false, where};
            for (std::size_t i = 1; i < words.size(); ++i) {
                const auto eq = words[i].find('=');
                // Not quoted: the word may be a misplaced secret.
                if (eq == std::string::npos || eq == 0)
                    fail(where, "",
                         "word " + std::to_string(i + 1) + " of the line for host " + words[0] +
                             " is not a key=value variable");
                vars[words[i].substr(0, eq)] = {literal(words[i].substr(eq + 1)), true, false, where};
            }
            std::vector<std::string> names;
            std::string error;
            if (!expand_host_range(pattern, names, error)) fail(where, "", error);
            for (const auto& n : names) model.add_host(group, n, vars, where);
        } else if (state == "vars") {
            const auto eq = line.find('=');
            if (eq == std::string::npos || eq == 0) fail(where, "", "a line of [" + group + ":vars] is not key=value");
            const std::string key = trim(line.substr(0, eq));
            model.set_group_var(group, key, {literal(trim(line.substr(eq + 1))), true, false, where});
        } else {
            if (!std::regex_match(line, m, kGroupName))
                fail(where, "", "a line of [" + group + ":children] must be one group name");
            const std::string child = m[1];
            if (declared.count(child)) {
                model.add_child(group, child, where);
            } else {
                auto [it, fresh] = pending_children.try_emplace(child, Pending{where, {}});
                it->second.parents.push_back(group);
            }
        }
    });
    for (const auto& [g, p] : pending_vars)
        fail(p.where, "", "section [" + g + ":vars] is not valid for undefined group " + g);
    for (const auto& [g, p] : pending_children)
        fail(p.where, "", "section [" + p.parents.front() + ":children] includes undefined group " + g);
    model.build(std::filesystem::path(file).parent_path(), out);
}

}  // namespace vtyguard::inventory::detail
