// Grammar entry points for the ASA management-access statements (`ssh ...`, `no ssh ...`,
// `telnet ...`). Spirit stays inside grammar_ssh.cpp. True when the whole line is understood.
#pragma once

#include <string_view>

#include "parsers/cisco_asa/show_running-config/ast_ssh.hpp"

namespace vtyguard::parsers::cisco_asa::show_running_config {

// `ssh ...` and the `no ssh ...` forms a running-config prints (`no ssh stricthostkeycheck`,
// `no ssh stack ciscossh`).
bool parse_ssh(std::string_view line, ast::SshStatement& out);
bool parse_telnet(std::string_view line, ast::TelnetStatement& out);

}  // namespace vtyguard::parsers::cisco_asa::show_running_config
