// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/cisco_asa/show_route/ast.hpp"

namespace vtyguard::parsers::cisco_asa::show_route {

// Classifies one whole line; `out.kind` says which member was filled (Kind::none: not matched).
void parse_line(std::string_view line, ast::Line& out);

}  // namespace vtyguard::parsers::cisco_asa::show_route
