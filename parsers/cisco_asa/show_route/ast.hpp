// AST of one line of ASA `show route ADDRESS`: the detailed single-route form, or the table form
// some releases print instead.
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_asa::show_route::ast {

// Detailed form: `Routing entry for 10.1.1.0 255.255.255.0[, supernet]`
struct Entry {
    std::string address;
    std::string mask;
};

// Detailed form: `  * 192.0.2.1, via outside`, `  * directly connected, via inside`,
// `  * 10.1.1.2, from 10.255.0.1, 0:01:02 ago, via inside`.
// Table form continuation (another equal-cost path): `      [110/20] via 10.1.1.3, 1:02:03, inside`.
struct Hop {
    std::string next_hop;   // empty for `directly connected`
    std::string interface;  // nameif; empty when the line names none
};

// Table form: `C        10.1.1.0 255.255.255.0 is directly connected, inside`,
// `S*       0.0.0.0 0.0.0.0 [1/0] via 192.0.2.1, outside`, `O IA     10.2.0.0 255.255.0.0 [110/20] via ...`
struct TableRoute {
    std::string code;  // `C`, `S*`, `O`, `SI`, `O*E2` (a sub-type such as `IA` is not kept)
    std::string address;
    std::string mask;
    Hop hop;
};

enum class Kind {
    none,
    entry,         // entry
    known_via,     // word: `  Known via "static", distance 1, metric 0, candidate default path`
    hop,           // hop
    not_in_table,  // `% Network not in table`, `% Subnet not in table`
    codes,         // `Codes: L - local, C - connected, ...` (legend start)
    table_route,   // table_route
    table_hop,     // hop (table continuation line)
};

struct Line {
    Kind kind = Kind::none;
    Entry entry;
    std::string word;
    Hop hop;
    TableRoute table_route;
};

}  // namespace vtyguard::parsers::cisco_asa::show_route::ast
