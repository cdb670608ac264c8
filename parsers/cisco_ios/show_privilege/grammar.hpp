// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_privilege/ast.hpp"

namespace vtyguard::parsers::cisco_ios::show_privilege {

// True when the whole line is a privilege statement.
bool parse_line(std::string_view line, ast::Level& out);

}  // namespace vtyguard::parsers::cisco_ios::show_privilege
