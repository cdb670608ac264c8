// AST of one line of `iptables -S`: a policy, a chain, or a rule as its words (the meaning of the
// words is parser.cpp's: options, their values and match extensions).
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::lnx::iptables_s::ast {

struct Token {
    std::string text;     // a double-quoted word unquoted, escapes resolved
    bool quoted = false;  // `"-x"` is a value, never an option
};

// `-P INPUT DROP`
struct Policy {
    std::string chain;
    std::string target;
};

// `-A INPUT -s 10.20.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT`
struct Rule {
    std::string chain;
    std::vector<Token> tokens;
};

enum class Kind {
    none,
    policy,   // Policy
    chain,    // `-N f2b-sshd` (name in `text`)
    rule,     // Rule
    comment,  // `# Warning: iptables-legacy tables present, use iptables-legacy to see them` (in `text`)
    hint,     // `Perhaps iptables or your kernel needs to be upgraded.` after a refusal
};

struct Line {
    Kind kind = Kind::none;
    Policy policy;
    Rule rule;
    std::string text;
};

}  // namespace vtyguard::parsers::lnx::iptables_s::ast
