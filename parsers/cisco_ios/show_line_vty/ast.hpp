// AST of one line of `show line vty N [M]` (summary rows followed by the detailed form).
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_ios::show_line_vty::ast {

// A summary row, as in `show line` (see cisco_ios/show_line/ast.hpp):
// `*  866 VTY              -    -      -    -   10     3      0     0/0      -`
struct Row {
    std::string status;  // `*`, `I`, `A` or empty
    std::string tty;     // `866`, `0/0/0`
    std::string line;    // Line column of the `Tty Line Typ` form; empty otherwise
    std::string type;    // `VTY`
    std::string rotary;  // `-` or a number
    std::string acc_out;
    std::string acc_in;
};

// `Tty: 866, Line: VTY 0, Location: "", Type: ""`
struct TtyHeader {
    int tty = 0;
    std::string type;
    int relative = 0;
};

// `Allowed input transports are telnet ssh.`, `Allowed output transports are none.`
struct Transports {
    std::string direction;  // `input` / `output`
    std::vector<std::string> items;
};

enum class Kind {
    none,
    row,          // row
    header,       // `   Tty Typ     Tx/Rx    A Modem  Roty AccO AccI   Uses   Noise  Overruns   Int`
    line_header,  // number: `Line 2, Location: "", Type: "XTERM"`
    tty_header,   // tty_header
    transports,   // transports
    preferred,    // word: `Preferred transport is telnet.`
};

struct Line {
    Kind kind = Kind::none;
    Row row;
    TtyHeader tty_header;
    Transports transports;
    int number = 0;
    std::string word;
};

}  // namespace vtyguard::parsers::cisco_ios::show_line_vty::ast
