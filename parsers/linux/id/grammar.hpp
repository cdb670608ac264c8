// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/linux/id/ast.hpp"

namespace vtyguard::parsers::lnx::id {

// True when the whole line is what `id` prints.
bool parse_line(std::string_view line, ast::Identity& out);

}  // namespace vtyguard::parsers::lnx::id
