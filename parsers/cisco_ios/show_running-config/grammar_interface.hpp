// Grammar entry points for `interface` blocks. Spirit stays inside grammar_interface.cpp.
#pragma once

#include <string>
#include <string_view>

#include "parsers/cisco_ios/show_running-config/ast_interface.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

// `interface NAME [point-to-point|multipoint|...]`: the name is the first word.
bool parse_interface_head(std::string_view line, std::string& name);

// True when the whole line is one of the modelled interface statements; `out.kind` says which.
bool parse_interface_child(std::string_view line, ast::InterfaceChild& out);

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
