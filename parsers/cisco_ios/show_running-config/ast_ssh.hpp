// AST of one `ip ssh ...` configuration statement.
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_ios::show_running_config::ast {

// `ip ssh port P rotary G [H...]`
struct SshPortRotary {
    int port = 0;
    std::vector<int> groups;
};

// `ip ssh server algorithm encryption|mac|kex|hostkey|publickey|authentication NAME...`
struct SshAlgorithm {
    std::string type;
    std::vector<std::string> names;
};

enum class SshKind {
    none,
    version,              // word: `1`, `2`
    timeout,              // number
    retries,              // number
    port_rotary,          // port_rotary
    keypair_name,         // word
    maxstartups,          // number
    source_interface,     // word
    dh_min_size,          // number
    server_algorithm,     // algorithm
    logging_events,       //
    pubkey_chain,         // block of user keys (children not modelled)
    server_authenticate,  // word: `publickey`, `password`, `keyboard`
    client,               // `ip ssh client ...`: the device as SSH client, not modelled
    unmodelled,           // bulk-mode, window-size, break-string, dscp, precedence, rekey, ...
    negated,              // `no ip ssh ...` of a known statement (raw line kept only)
};

struct IpSsh {
    SshKind kind = SshKind::none;
    std::string word;
    int number = 0;
    SshPortRotary port_rotary;
    SshAlgorithm algorithm;
};

}  // namespace vtyguard::parsers::cisco_ios::show_running_config::ast
