// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/linux/iptables_-s/ast.hpp"

namespace vtyguard::parsers::lnx::iptables_s {

// True when the whole line is one line of `iptables -S`; `out.kind` says which.
bool parse_line(std::string_view line, ast::Line& out);

}  // namespace vtyguard::parsers::lnx::iptables_s
