// Grammar entry points for the global statements. Spirit stays inside grammar_global.cpp.
// Each function is true when the whole line is that statement.
#pragma once

#include <string>
#include <string_view>

#include "parsers/cisco_ios/show_running-config/ast_global.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

bool parse_hostname(std::string_view line, std::string& name);
bool parse_domain(std::string_view line, ast::Domain& out);
bool parse_version(std::string_view line, std::string& release);
bool parse_username(std::string_view line, ast::Username& out);

// `aaa authentication SERVICE LIST METHOD...` (at least one method)
bool parse_aaa_authentication(std::string_view line, ast::AaaStatement& out);
// `aaa authorization SERVICE [LEVEL] LIST METHOD...` (at least one method)
bool parse_aaa_authorization(std::string_view line, ast::AaaStatement& out);
// `aaa accounting SERVICE [LEVEL] LIST [RECORD-TYPE] [METHOD...]` (the block form has none)
bool parse_aaa_accounting(std::string_view line, ast::AaaStatement& out);
// Children of the block form of `aaa accounting`: `action-type start-stop`, `group X`.
bool parse_aaa_accounting_child(std::string_view line, std::string& method);

bool parse_login_block_for(std::string_view line, ast::BlockFor& out);
bool parse_login_quiet_mode(std::string_view line, std::string& acl);
// `login delay N`, `login on-success|on-failure log [every N]`: understood, not modelled.
bool parse_login_unmodelled(std::string_view line);

bool parse_management_interface(std::string_view line, ast::ManagementInterface& out);

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
