// Grammar entry points. Spirit stays inside grammar.cpp (entries) and members.cpp (object-group
// members): this header exposes plain functions.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/acl/acl.hpp"
#include "parsers/cisco_ios/acl/ast.hpp"

namespace vtyguard::parsers::cisco_ios::grammar {

// One entry in the given form (show or config spelling). True when the whole text was read.
// `out` must be default-constructed by the caller; views point into `text`.
bool parse_ace(std::string_view text, AceForm form, ast::Ace& out);

// One child line of `object-group network|service|protocol NAME` / `object-group ip address|port
// NAME`; `type` is the block's type as written (`network`, `service`, `protocol`, `ip address`,
// `ip port`). True when the whole line was read as a member that type may hold.
bool parse_member(std::string_view text, std::string_view type, ast::Member& out);

}  // namespace vtyguard::parsers::cisco_ios::grammar
