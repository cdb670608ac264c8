// AST of one line of ASA `show nameif`.
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_asa::show_nameif::ast {

// `GigabitEthernet0/0       outside                    0`
struct Row {
    std::string interface;
    std::string nameif;
    int security = 0;
};

enum class Kind {
    none,
    row,     // Row
    header,  // `Interface                Name                     Security`
};

}  // namespace vtyguard::parsers::cisco_asa::show_nameif::ast
