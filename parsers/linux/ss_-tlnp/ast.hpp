// AST of one line of `ss -tlnp`.
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::lnx::ss_tlnp::ast {

// `LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=640,fd=3))`
struct Row {
    std::string state;
    unsigned recv_q = 0;
    unsigned send_q = 0;
    std::string local;  // `ADDRESS:PORT` as printed
    std::string peer;
    std::vector<std::string> processes;  // program names of `users:((...))`, in order
};

enum class Kind { none, header, row };

}  // namespace vtyguard::parsers::lnx::ss_tlnp::ast
