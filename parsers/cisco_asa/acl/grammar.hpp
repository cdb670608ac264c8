// Grammar entry points. Spirit stays inside grammar.cpp: this header exposes plain functions.
#pragma once

#include <string_view>

#include "parsers/cisco_asa/acl/ast.hpp"

namespace vtyguard::parsers::cisco_asa::grammar {

// The text after `access-list NAME` (show or config form). True when the whole text was read.
// `out` must be default-constructed (or reset) by the caller; views point into `text`.
bool parse_ace(std::string_view text, ast::Ace& out);

// One child line of an object / object-group block (without its indentation).
bool parse_member(std::string_view text, ast::Member& out);

}  // namespace vtyguard::parsers::cisco_asa::grammar
