// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_users/ast.hpp"

namespace vtyguard::parsers::cisco_ios::show_users {

// Classifies one whole line of `show users`; fills `session` when the result is Kind::session.
ast::Kind parse_line(std::string_view line, ast::Session& session);

}  // namespace vtyguard::parsers::cisco_ios::show_users
