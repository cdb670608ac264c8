// AST of the global statements of an IOS configuration that bear on SSH access: hostname,
// domain, version, usernames, AAA, `login block-for`/`quiet-mode`, MPP `management-interface`.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_ios::show_running_config::ast {

// `ip domain-name X`, `ip domain name X`, `ip domain name vrf V X`
struct Domain {
    std::optional<std::string> vrf;
    std::string name;
};

// `username NAME [privilege N] [view V] ... (secret|password) [T] VALUE` / `nopassword`.
// The secret value is consumed and never kept.
struct Username {
    std::string name;
    std::optional<int> privilege;
    std::string secret_kind;  // `secret 9`, `password 7`, `password`, `nopassword`, ...
};

// `aaa authentication|authorization|accounting SERVICE [LEVEL] LIST METHOD...`
struct AaaStatement {
    std::string service;  // `login`, `enable`, `exec`, `commands 15`, `network`, ...
    std::string list;
    std::vector<std::string> methods;  // `group tacacs+` is one method
};

// `login block-for S attempts N within W`
struct BlockFor {
    int block_seconds = 0;
    int attempts = 0;
    int within_seconds = 0;
};

// `management-interface IF allow PROTO...` (inside `control-plane host`)
struct ManagementInterface {
    std::string interface;
    std::vector<std::string> protocols;
};

}  // namespace vtyguard::parsers::cisco_ios::show_running_config::ast
