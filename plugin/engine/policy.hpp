// The audit policy (SPEC section 5 and section 12, "Policy keys").
//
// Contract:
//  - Keys exactly as SPEC section 12: management_sources, ssh_port, domain, admin_user, aaa_group,
//    client_profile, min_vty_lines, severity_overrides, skip_checks; plus `targets` (device name ->
//    the address the operator connects to, for evidence that does not state it).
//  - Every key is optional. Without management_sources the checks that need one say `unknown`.
//  - load_policy never throws: a bad file gives false and a message naming the file and line.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/engine/finding.hpp"

namespace vtyguard::checks {

struct Policy {
    std::vector<std::string> management_sources;  // prefixes as written: `10.20.0.0/16`, `2001:db8::/48`
    int ssh_port = 22;
    std::optional<std::string> domain;
    std::string admin_user = "admin";
    std::optional<std::string> aaa_group;  // e.g. `tacacs+` or a server group name
    std::string client_profile = "openssh-9";
    int min_vty_lines = 5;
    std::map<std::string, Severity> severity_overrides;
    std::set<std::string> skip_checks;
    std::map<std::string, std::string> targets;
};

bool load_policy(const std::string& path, Policy& out, std::string& error);
// The same from YAML text; `name` is what messages call the file.
bool parse_policy(std::string_view yaml, std::string_view name, Policy& out, std::string& error);

}  // namespace vtyguard::checks
