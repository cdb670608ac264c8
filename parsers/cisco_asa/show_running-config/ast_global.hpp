// AST of the global statements of an ASA configuration that bear on SSH access: version,
// hostname, domain, `name`, usernames, AAA, access-groups.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_asa::show_running_config::ast {

// `ASA Version 9.12(4)67 [<context>]`, `FWSM Version 4.1(5)`, `PIX Version 8.0(4)`
struct Version {
    std::string software;  // `ASA`, `FWSM`, `PIX`
    std::string release;
};

// `name A NAME [description TEXT]` (with `names` on, the configuration prints NAME for A)
struct Name {
    std::string address;
    std::string name;
};

// `username NAME password X [encrypted|pbkdf2|nt-encrypted|mschap] [privilege N]`,
// `username NAME nopassword [privilege N]`, `username NAME attributes` (block head).
// The secret value is consumed and never kept.
struct Username {
    std::string name;
    std::string secret_kind;  // `password`, `password pbkdf2`, `nopassword`, ...
    std::optional<int> privilege;
    bool attributes = false;
};

// `aaa authentication ssh console [GROUP] [LOCAL]`, `aaa authorization exec ...`, ...
// Methods are kept as written (`TACACS`, `LOCAL`, `authentication-server`, `auto-enable`).
struct AaaStatement {
    bool modelled = false;  // false: understood, deliberately not modelled (see the grammar)
    std::string kind;       // `authentication`, `authorization`, `accounting`
    std::string service;    // `ssh`, `telnet`, `http`, `serial`, `enable`, `exec`, `command`, ...
    std::string list;       // `console` when written, else empty
    std::vector<std::string> methods;
};

// `access-group ACL in|out interface NAMEIF [per-user-override] [control-plane]`,
// `access-group ACL global`
struct AccessGroup {
    std::string acl;
    std::string direction;  // `in`, `out`, `global`
    std::string interface;
    bool control_plane = false;
};

}  // namespace vtyguard::parsers::cisco_asa::show_running_config::ast
