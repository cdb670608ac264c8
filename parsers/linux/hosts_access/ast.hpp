// AST of one rule of /etc/hosts.allow or /etc/hosts.deny (hosts_access(5)), continuation lines
// already joined: `daemon_list : client_list [ : option : option ... ]`.
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::lnx::hosts_access::ast {

struct Rule {
    std::vector<std::string> daemons;  // words, `EXCEPT` included
    std::vector<std::string> clients;
    std::vector<std::string> options;  // as written, `\:` kept
};

}  // namespace vtyguard::parsers::lnx::hosts_access::ast
