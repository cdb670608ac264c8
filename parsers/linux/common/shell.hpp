// Lines of a Linux capture that are not the command's output, and the answers that mean the
// command could not run (SPEC section 3: commands that need root run under `sudo -n`; a refusal
// makes the evidence `not collected` and the checks that need it `unknown`).
//
// Contract:
//  - is_shell_prompt: a shell prompt, optionally followed by the command as typed:
//    `netops@jump1:~$ sudo -n sshd -T`, `[root@rhel9 ~]# iptables -S`, `root@jump1:/etc/ssh#`.
//    The path part starts with `~` or `/` and holds no blank, so `sshd@10.0.0.1: ALL` (a
//    hosts.allow line) is not one.
//  - is_noise: lines a capture of any command may carry that say nothing about the host: sudo's
//    `unable to resolve host` warning (the command still ran), `[sudo] password for ...` prompts
//    left by a client that typed no password are refusals, not noise.
//  - refusal: why the command produced no evidence, from one line of its output, or `none`.
//  - No Spirit here; never throws.
#pragma once

#include <optional>
#include <string_view>

#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::lnx {

bool is_shell_prompt(std::string_view line);

bool is_noise(std::string_view line);

enum class Refusal {
    none,
    refused,     // sudo would not run it (`sudo: a password is required`, not in sudoers, ...) or the
                 // command needs root (`Permission denied (you must be root)`, `Operation not permitted`),
                 // or sudo is not installed (`bash: line 1: sudo: command not found`)
    not_found,   // `-bash: nft: command not found`, `sudo: nft: command not found`, `sh: 1: nft: not found`
    no_manager,  // no systemd to ask: `System has not been booted with systemd ...`, `Failed to connect to bus`
};

Refusal refusal(std::string_view line);

// Lines to skip before the output proper: blank, prompt and echo, noise.
inline bool skip(std::string_view line) {
    return trim(line).empty() || is_shell_prompt(line) || is_noise(line);
}

}  // namespace vtyguard::parsers::lnx
