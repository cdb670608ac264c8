// AST of one line of `sshd -T`: a `keyword value` line of the configuration dump, or one of the
// messages sshd prints instead of (or before) it.
#pragma once

#include <string>

namespace vtyguard::parsers::lnx::sshd_t::ast {

// `port 22`, `allowusers netops@10.20.0.0/16`
struct Setting {
    std::string keyword;  // lowercase, as sshd -T prints it
    std::string value;
};

// `/etc/ssh/sshd_config line 12: Bad configuration option: Prot`
struct ConfigMessage {
    std::string file;
    int line = 0;
    std::string message;
};

enum class Kind {
    none,
    setting,      // Setting
    config,       // ConfigMessage
    terminating,  // `/etc/ssh/sshd_config: terminating, 1 bad configuration options`
    no_root,      // `Could not load host key: ...`, `sshd: no hostkeys available -- exiting.`
    fatal,  // `Missing privilege separation directory: /run/sshd`, `Privilege separation user sshd does not exist`
};

struct Line {
    Kind kind = Kind::none;
    Setting setting;
    ConfigMessage config;
};

}  // namespace vtyguard::parsers::lnx::sshd_t::ast
