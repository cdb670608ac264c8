// AST of the children of an ASA `interface NAME` block.
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_asa::show_running_config::ast {

enum class InterfaceKind {
    nameif,  // word
    no_nameif,
    security_level,  // number
    no_security_level,
    ipv4_address,  // address, mask, standby
    ipv4_dhcp,     // `ip address dhcp [setroute]`
    ipv4_pppoe,    // `ip address pppoe [setroute]`
    no_ipv4_address,
    ipv6_address,  // address, prefix_length (-1 for link-local), standby, addr_kind
    ipv6_autoconfig,
    ipv6_dhcp,
    ipv6_enable,
    management_only,
    no_management_only,
    shutdown,
    no_shutdown,
    description,  // word: the text
    no_description,
};

struct InterfaceChild {
    InterfaceKind kind = InterfaceKind::shutdown;
    std::string word;
    int number = 0;
    std::string address;
    std::string mask;
    int prefix_length = -1;
    std::string standby;
    std::string addr_kind;  // IPv6: `link-local`, `eui-64`
};

}  // namespace vtyguard::parsers::cisco_asa::show_running_config::ast
