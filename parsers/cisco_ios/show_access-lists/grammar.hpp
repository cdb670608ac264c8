// Grammar entry points. Spirit stays inside grammar.cpp: this header exposes plain functions.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_access-lists/ast.hpp"

namespace vtyguard::parsers::cisco_ios::show_access_lists {

// `Standard IP access list 10`, `IPv6 access list NAME (per-user)`, ... (leading blanks allowed).
bool parse_header(std::string_view line, ast::Header& out);

}  // namespace vtyguard::parsers::cisco_ios::show_access_lists
