// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_line/ast.hpp"

namespace vtyguard::parsers::cisco_ios::show_line {

// Classifies one whole line of `show line`; fills `row` when the result is Kind::row.
ast::Kind parse_line(std::string_view line, ast::Row& row);

}  // namespace vtyguard::parsers::cisco_ios::show_line
