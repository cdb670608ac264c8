// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/linux/hosts_access/ast.hpp"

namespace vtyguard::parsers::lnx::hosts_access {

// True when the whole (logical) line is one access rule.
bool parse_rule(std::string_view line, ast::Rule& out);

}  // namespace vtyguard::parsers::lnx::hosts_access
