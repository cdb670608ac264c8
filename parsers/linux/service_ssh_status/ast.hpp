// AST of one line of `service ssh status`: systemd's `systemctl status` block (on systemd hosts
// `service` prints exactly that), or the one-line answers of SysV init scripts and Upstart.
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::lnx::service_ssh_status::ast {

// `● ssh.service - OpenBSD Secure Shell server`
struct Header {
    std::string unit;
    std::string description;
};

// `Loaded: loaded (/lib/systemd/system/ssh.service; enabled; vendor preset: enabled)`,
// `Loaded: not-found (Reason: Unit sshd.service not found.)`
struct Loaded {
    std::string state;               // `loaded`, `not-found`, `masked`, `error`, `bad-setting`
    std::vector<std::string> items;  // the parenthesised fields split at `;`, trimmed
};

// `Active: active (running) since Tue 2024-03-05 10:12:01 UTC; 2 days ago`
struct Active {
    std::string state;
    std::string sub_state;
};

// ` * sshd is running`, `[FAIL] sshd is not running ... failed!`, `openssh-daemon (pid  1523) is
// running...`, `openssh-daemon is stopped`, `sshd dead but subsys locked`
struct Sysv {
    std::string name;
    std::string state;  // `running`, `not running`, `stopped`, `dead`
};

// `ssh start/running, process 1234`, `ssh stop/waiting`
struct Upstart {
    std::string name;
    std::string goal;
    std::string state;
};

enum class Kind {
    none,
    header,          // Header
    loaded,          // Loaded
    active,          // Active
    property,        // any other `Name: value` of the status block (`Main PID`, `CGroup`, `Docs`, ...)
    not_found,       // `Unit ssh.service could not be found.` (unit in `text`)
    journal,         // a journal line under the status block
    journal_marker,  // `-- No entries --`, `-- Logs begin at ... --`
    advice,          // `Warning: ...`, `Hint: ...`, `Notice: ...`
    sysv,            // Sysv
    upstart,         // Upstart
};

struct Line {
    Kind kind = Kind::none;
    Header header;
    Loaded loaded;
    Active active;
    Sysv sysv;
    Upstart upstart;
    std::string text;
};

}  // namespace vtyguard::parsers::lnx::service_ssh_status::ast
