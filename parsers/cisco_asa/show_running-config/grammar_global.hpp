// Grammar entry points for the global statements of an ASA configuration. Spirit stays inside
// grammar_global.cpp. Each function is true when the whole line is that statement.
#pragma once

#include <string>
#include <string_view>

#include "parsers/cisco_asa/show_running-config/ast_global.hpp"

namespace vtyguard::parsers::cisco_asa::show_running_config {

bool parse_version(std::string_view line, ast::Version& out);
bool parse_hostname(std::string_view line, std::string& name);
bool parse_domain(std::string_view line, std::string& name);
bool parse_name(std::string_view line, ast::Name& out);
bool parse_username(std::string_view line, ast::Username& out);
// Every `aaa ...` form vtyguard knows; `out.modelled` tells the statements that go to the model
// from the ones understood and deliberately ignored.
bool parse_aaa(std::string_view line, ast::AaaStatement& out);
bool parse_access_group(std::string_view line, ast::AccessGroup& out);

}  // namespace vtyguard::parsers::cisco_asa::show_running_config
