// AST of the `show access-lists` lines that are not entries (entries: parsers/cisco_ios/acl).
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_ios::show_access_lists::ast {

// `Extended IP access list NAME (per-user)`: the words before `access list`, the name, and the
// parenthesised decorations after it.
struct Header {
    std::string kind;  // `Standard IP`, `Extended IP`, `IPv6`, `Extended MAC`, `Role-based IP`, `IP`, ...
    std::string name;
    std::vector<std::string> suffixes;  // `per-user`, `downloaded`, `Compiled`, ...
};

}  // namespace vtyguard::parsers::cisco_ios::show_access_lists::ast
