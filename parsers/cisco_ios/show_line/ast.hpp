// AST of one line of `show line` (the summary table).
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_ios::show_line::ast {

// `*    2 VTY              -    -      -    -    -      3       0     0/0       -`
// `*0/0/0    2 TTY   9600/9600  -    -      -    -    -   747     61    0/0      -` (Tty Line form)
// Columns not kept (Tx/Rx, A, Modem, Uses, Noise, Overruns, Int) are still matched, so a row
// with a missing or shifted column is not taken for a valid one.
struct Row {
    std::string status;  // `*` (active), `I`, `A`, or empty
    std::string tty;     // `2`, `866`, `0/0/0`
    std::string line;    // the Line column of the `Tty Line Typ` form; empty otherwise
    std::string type;    // `CTY`, `AUX`, `TTY`, `VTY`, `LPT`
    std::string rotary;  // `-` or a number
    std::string acc_out;
    std::string acc_in;
};

enum class Kind {
    none,
    row,          // Row
    header,       // `   Tty Typ     Tx/Rx    A Modem  Roty AccO AccI   Uses   Noise  Overruns   Int`
    not_async,    // `Line(s) not in async mode -or- with no hardware support:`
    line_ranges,  // `18-321`, `1-16, 18-20` (the lines listed after `not_async`)
};

}  // namespace vtyguard::parsers::cisco_ios::show_line::ast
