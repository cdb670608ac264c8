// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/cisco_asa/show_nameif/ast.hpp"

namespace vtyguard::parsers::cisco_asa::show_nameif {

// Classifies one whole line of `show nameif`; fills `row` when the result is Kind::row.
ast::Kind parse_line(std::string_view line, ast::Row& row);

}  // namespace vtyguard::parsers::cisco_asa::show_nameif
