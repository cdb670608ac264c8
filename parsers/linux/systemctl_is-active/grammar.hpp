// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/linux/systemctl_is-active/ast.hpp"

namespace vtyguard::parsers::lnx::systemctl_is_active {

// True when the whole line is one ActiveState word of systemd.
bool parse_line(std::string_view line, ast::State& out);

}  // namespace vtyguard::parsers::lnx::systemctl_is_active
