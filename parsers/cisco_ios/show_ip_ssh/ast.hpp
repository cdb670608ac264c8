// AST of one logical line of `show ip ssh` (physical lines wrapped at 80 columns are joined first,
// see parser.cpp).
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_ios::show_ip_ssh::ast {

// `SSH Enabled - version 2.0`, `SSH Disabled - version 1.99`
struct State {
    std::string state;  // `Enabled` / `Disabled`
    std::string version;
};

// `Encryption Algorithms:aes128-ctr,aes256-ctr`, `Authentication methods:publickey,password`
struct List {
    int which = 0;  // ListKind
    std::vector<std::string> items;
};
enum ListKind { kMethods = 1, kPublickey, kHostkey, kEncryption, kMac, kKex };

// `Authentication timeout: 120 secs; Authentication retries: 3`
struct Timeouts {
    int timeout = 0;
    int retries = 0;
};

// `IOS Keys in SECSH format(ssh-rsa, base64 encoded): LABEL` (label may be absent)
struct KeyHeader {
    std::string type;
    std::string label;
};

// `Modulus Size : 2048 bits`, `Key Size : 256 bits`
struct KeySize {
    std::string what;
    int bits = 0;
};

// `ssh-rsa AAAAB3Nza...` (continuation lines joined), `ssh-rsa <KEY DATA REDACTED>`
struct KeyData {
    std::string type;
    std::string data;
};

enum class Kind {
    none,
    state,            // State
    disabled_reason,  // text: `%Please create RSA keys ...`
    list,             // List
    timeouts,         // Timeouts
    dh_min_size,      // number
    key_header,       // KeyHeader
    key_size,         // KeySize
    key_data,         // KeyData
    invalid_input,    // `% Invalid input detected at '^' marker.`
    caret,            // the `    ^` line the CLI prints above `% Invalid input`
};

struct Line {
    Kind kind = Kind::none;
    State state;
    List list;
    Timeouts timeouts;
    KeyHeader key_header;
    KeySize key_size;
    KeyData key_data;
    int number = 0;
    std::string text;
};

}  // namespace vtyguard::parsers::cisco_ios::show_ip_ssh::ast
