// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/linux/ss_-tlnp/ast.hpp"

namespace vtyguard::parsers::lnx::ss_tlnp {

// What the whole line is: the header, a socket row (into `out`), or neither.
ast::Kind parse_line(std::string_view line, ast::Row& out);

}  // namespace vtyguard::parsers::lnx::ss_tlnp
