// Grammar entry points for `line` blocks. Spirit stays inside grammar_line.cpp.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_running-config/ast_line.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

// True when the whole line is a `line` block head with numbers (`line vty 0 4`, `line 2 3`).
bool parse_line_head(std::string_view line, ast::LineHead& out);

// True when the whole line is one of the modelled statements of a line block; `out.kind` says
// which. Understood-but-unmodelled statements are listed in parser.cpp, not here.
bool parse_line_child(std::string_view line, ast::LineChild& out);

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
