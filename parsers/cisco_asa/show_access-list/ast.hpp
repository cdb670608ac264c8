// AST of the `show access-list` lines that are not entries (entries: parsers/cisco_asa/acl).
#pragma once

#include <cstdint>
#include <string>

namespace vtyguard::parsers::cisco_asa::show_access_list::ast {

// `; 3 elements; name hash: 0x6b9de50d` after `access-list NAME` (FWSM: no name hash).
struct Header {
    std::uint32_t elements = 0;
    std::string name_hash;  // empty when not shown
};

}  // namespace vtyguard::parsers::cisco_asa::show_access_list::ast
