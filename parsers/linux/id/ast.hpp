// AST of the line `id` prints: `uid=1001(netops) gid=1001(netops) groups=1001(netops),27(sudo)`.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vtyguard::parsers::lnx::id::ast {

// `1001(netops)`; the name is absent when the number has none (`groups=1001(netops),4242`).
struct Named {
    long number = 0;
    std::optional<std::string> name;
};

struct Identity {
    Named uid;
    Named gid;
    std::vector<Named> groups;
    std::optional<std::string> context;  // SELinux `context=unconfined_u:unconfined_r:...`
};

}  // namespace vtyguard::parsers::lnx::id::ast
