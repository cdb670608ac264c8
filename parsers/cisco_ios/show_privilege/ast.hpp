// AST of one line of `show privilege`.
#pragma once

namespace vtyguard::parsers::cisco_ios::show_privilege::ast {

// `Current privilege level is 15`
struct Level {
    int level = 0;
};

}  // namespace vtyguard::parsers::cisco_ios::show_privilege::ast
