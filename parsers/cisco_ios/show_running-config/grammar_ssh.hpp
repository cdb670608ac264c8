// Grammar entry point for `ip ssh ...` statements. Spirit stays inside grammar_ssh.cpp.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_running-config/ast_ssh.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

// True when the whole line is one known `ip ssh` (or `no ip ssh`) statement; `out.kind` says which.
bool parse_ip_ssh(std::string_view line, ast::IpSsh& out);

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
