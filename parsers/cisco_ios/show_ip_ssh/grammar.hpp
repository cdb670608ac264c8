// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_ip_ssh/ast.hpp"

namespace vtyguard::parsers::cisco_ios::show_ip_ssh {

// True when the whole (logical) line is one `show ip ssh` statement; `out.kind` says which.
bool parse_line(std::string_view line, ast::Line& out);

}  // namespace vtyguard::parsers::cisco_ios::show_ip_ssh
