// AST of one line of `show users`.
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_ios::show_users::ast {

// `*  2 vty 0     admin      idle                 00:00:00 10.1.1.5`
// `   0 con 0                idle                 01:02:03`
struct Session {
    std::string current;   // `*` or empty
    std::string absolute;  // absolute line number (`2`, `866`)
    std::string type;      // `vty`, `con`, `aux`, `tty`
    std::string relative;  // `0`
    std::string user;      // empty when the column is blank
    std::string host;      // `idle` or the host(s) of an outgoing connection
    std::string idle;      // `00:00:00`, `1w2d`, `2d03h`
    std::string location;  // source address of a vty session; may be empty
};

enum class Kind {
    none,
    session,           // Session
    header,            // `    Line       User       Host(s)              Idle       Location`
    interface_header,  // `  Interface    User               Mode         Idle     Peer Address`
};

}  // namespace vtyguard::parsers::cisco_ios::show_users::ast
