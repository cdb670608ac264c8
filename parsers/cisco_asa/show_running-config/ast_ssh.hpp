// AST of the ASA `ssh ...` and `telnet ...` configuration statements.
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_asa::show_running_config::ast {

// `ssh A M NAMEIF`, `ssh A/len NAMEIF`, `ssh A NAMEIF` (IPv6 host), same for `telnet`.
struct Allow {
    std::string address;           // IPv4/IPv6 address as written, or a `name` (IPv4 form only)
    std::string mask;              // IPv4 netmask form
    int prefix_length = -1;        // IPv6 `A/len`
    bool ipv6 = false;             // IPv6 form (`A/len` or a bare IPv6 address)
    bool address_is_name = false;  // IPv4 form whose address is a word (`names` in use)
    std::string interface;         // nameif
};

enum class SshKind {
    allow,
    version,                // number
    timeout,                // number (minutes)
    key_exchange,           // words: the groups
    cipher_encryption,      // value: `high`, `custom aes256-ctr:aes192-ctr`, ...
    cipher_integrity,       // value
    stricthostkeycheck,     // `ssh stricthostkeycheck`
    no_stricthostkeycheck,  // `no ssh stricthostkeycheck`
    pubkey_chain,           // `ssh pubkey-chain` (block head; its children are server keys)
    unmodelled,             // understood, nothing in the model: `ssh scopy enable`, `ssh stack ciscossh`, ...
};

struct SshStatement {
    SshKind kind = SshKind::unmodelled;
    Allow allow;
    int number = 0;
    std::string value;
    std::vector<std::string> words;
};

enum class TelnetKind { allow, timeout };

struct TelnetStatement {
    TelnetKind kind = TelnetKind::allow;
    Allow allow;
    int number = 0;
};

}  // namespace vtyguard::parsers::cisco_asa::show_running_config::ast
