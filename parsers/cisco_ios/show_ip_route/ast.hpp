// AST of one line of `show ip route [vrf V] ADDRESS` (the detailed single-route form).
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_ios::show_ip_route::ast {

// `  * 192.0.2.1, from 192.0.2.1, 00:01:02 ago, via GigabitEthernet0/0`,
// `  * directly connected, via GigabitEthernet0/1`, `    198.51.100.1, from 198.51.100.1, 1w2d ago`
struct Hop {
    std::string next_hop;   // empty for `directly connected`
    std::string interface;  // the `via IF` segment; empty for a recursive next hop
};

enum class Kind {
    none,
    routing_table,  // word: `Routing Table: MGMT`
    entry,          // word: `Routing entry for 10.1.1.0/24[, supernet | , N known subnets]`
    known_via,      // word: `  Known via "ospf 1", distance 110, metric 2, type intra area`
    hop,            // hop
    not_in_table,   // `% Network not in table`, `% Subnet not in table`
};

struct Line {
    Kind kind = Kind::none;
    std::string word;
    Hop hop;
};

}  // namespace vtyguard::parsers::cisco_ios::show_ip_route::ast
