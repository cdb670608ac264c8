// AST of an `interface` block: its name and the statements that bear on SSH access (addresses,
// VRF, ACLs, state, ICMP unreachables).
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_ios::show_running_config::ast {

// `ip address A M [secondary]`
struct Ipv4Address {
    std::string address;
    std::string mask;
    bool secondary = false;
};

// `ip address A/len [secondary]`
struct Ipv4Prefix {
    std::string address;
    int prefix_length = -1;
    bool secondary = false;
};

// `ipv6 address A/len [eui-64|link-local|anycast]`, `ipv6 address A link-local`
struct Ipv6Address {
    std::string address;
    int prefix_length = -1;
    std::string kind;
};

// `ip access-group X in`, `ipv6 traffic-filter X out`
struct Filter {
    std::string name;
    std::string direction;
};

enum class InterfaceKind {
    none,
    description,      // word (the rest of the line)
    ipv4_address,     // ipv4
    ipv4_prefix,      // ipv4_prefix
    ipv4_dhcp,        // `ip address dhcp ...`
    ipv4_negotiated,  // `ip address negotiated ...`
    no_ipv4_address,  // `no ip address`
    ipv6_address,     // ipv6
    ipv6_autoconfig,  // `ipv6 address autoconfig [default]`
    ipv6_dhcp,        // `ipv6 address dhcp [rapid-commit]`
    ipv6_enable,      // `ipv6 enable` (understood, nothing to keep)
    vrf,              // word: `vrf forwarding X`, `ip vrf forwarding X`
    access_group,     // filter
    traffic_filter,   // filter
    shutdown,         //
    no_shutdown,      //
    unreachables,     // `ip unreachables`
    no_unreachables,  // `no ip unreachables`
    no_description,   // `no description`
};

struct InterfaceChild {
    InterfaceKind kind = InterfaceKind::none;
    std::string word;
    Ipv4Address ipv4;
    Ipv4Prefix ipv4_prefix;
    Ipv6Address ipv6;
    Filter filter;
};

}  // namespace vtyguard::parsers::cisco_ios::show_running_config::ast
