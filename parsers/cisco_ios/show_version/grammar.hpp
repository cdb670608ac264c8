// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_version/ast.hpp"

namespace vtyguard::parsers::cisco_ios::show_version {

// Parses `line` as the fact line of kind `kind` (chosen by parser.cpp from how the line starts).
// True when the whole line has that form.
bool parse_fact(std::string_view line, ast::Kind kind, ast::Pair& out);

}  // namespace vtyguard::parsers::cisco_ios::show_version
