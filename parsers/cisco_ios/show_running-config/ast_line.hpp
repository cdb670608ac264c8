// AST of a `line ...` block: its head and the statements inside it that bear on SSH access.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_ios::show_running_config::ast {

// `line vty 0 4`, `line con 0`, `line 2 3` (absolute numbers: type empty)
struct LineHead {
    std::string type;  // `vty`, `con` (also written `console`), `aux`, `tty`, or empty
    int first = 0;
    std::optional<int> last;
};

// `access-class X in [vrf-also]`, `ipv6 access-class X out`
struct LineAccessClass {
    std::string acl;
    std::string direction;  // `in` / `out`
    bool vrf_also = false;
};

// `exec-timeout M [S]`
struct ExecTimeout {
    int minutes = 0;
    std::optional<int> seconds;
};

enum class LineKind {
    none,
    transport_input,       // words
    transport_output,      // words
    transport_preferred,   // word
    access_class,          // access_class
    ipv6_access_class,     // access_class
    exec_timeout,          // exec_timeout
    login,                 // `login`
    login_local,           // `login local`
    login_authentication,  // word: method list
    no_login,              // `no login`
    password,              // `password [T] X` (value not kept)
    rotary,                // number
    privilege_level,       // number
    exec,                  // `exec`
    no_exec,               // `no exec`
    authorization_exec,    // word: method list
    vacant_message,        // `vacant-message ...` (its banner lines are folded by split_config)
    no_vacant_message,     // `no vacant-message`
};

struct LineChild {
    LineKind kind = LineKind::none;
    std::vector<std::string> words;
    std::string word;
    LineAccessClass access_class;
    ExecTimeout exec_timeout;
    int number = 0;
};

}  // namespace vtyguard::parsers::cisco_ios::show_running_config::ast
