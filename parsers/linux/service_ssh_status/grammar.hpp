// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/linux/service_ssh_status/ast.hpp"

namespace vtyguard::parsers::lnx::service_ssh_status {

// True when the whole line is one statement of `service ssh status`; `out.kind` says which.
bool parse_line(std::string_view line, ast::Line& out);

}  // namespace vtyguard::parsers::lnx::service_ssh_status
