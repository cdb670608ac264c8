// AST of one line of `systemctl is-active UNIT...`: the state of one unit.
#pragma once

#include <string>

namespace vtyguard::parsers::lnx::systemctl_is_active::ast {

struct State {
    std::string state;  // `active`, `inactive`, `failed`, ...
};

}  // namespace vtyguard::parsers::lnx::systemctl_is_active::ast
