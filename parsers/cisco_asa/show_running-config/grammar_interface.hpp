// Grammar entry points for ASA `interface NAME` blocks. Spirit stays inside grammar_interface.cpp.
#pragma once

#include <string>
#include <string_view>

#include "parsers/cisco_asa/show_running-config/ast_interface.hpp"

namespace vtyguard::parsers::cisco_asa::show_running_config {

// `interface NAME`
bool parse_interface_head(std::string_view line, std::string& name);
// One child of the block (the statements of ast::InterfaceKind); false for anything else.
bool parse_interface_child(std::string_view line, ast::InterfaceChild& out);

}  // namespace vtyguard::parsers::cisco_asa::show_running_config
