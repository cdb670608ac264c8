// NET-001: what a TCP connection to a device's SSH port looks like from the vantage point (this
// machine, or the last jump host of a chain), before any login (SPEC section 7).
//
// Contract:
//  - One deadline per probe covers the TCP connect and the wait for the banner (and, through
//    a chain, logging into jump hosts the pool has no session for yet: call
//    JumpPool::session first to give the probe its whole budget).
//  - status:
//      refused         TCP RST (locally), or the jump host reports "Connection refused"
//      unreachable     no route / ICMP unreachable or prohibited (locally or at the jump host)
//      timeout         nothing answered before the deadline. `tcp_open` tells which part:
//                      false = the TCP connect itself got no answer (silent drop);
//                      true  = the connection was accepted but no byte came (what a silent drop
//                      looks like behind a TCP proxy, and how the lab simulates one)
//      open_banner     the server sent an SSH identification line; `banner` holds it parsed
//      open_no_banner  accepted, then closed or reset before any banner (vty access-class deny,
//                      no free vty line), or the server spoke something that is not SSH
//  - Through a jump host the TCP connect is the jump host's (a direct-tcpip open); its failure
//    reason from OpenSSH's sshd ("Connection refused", "No route to host", ...) gives the
//    status. The banner is then read through the channel like locally.
//  - An Error (not a ProbeResult) when the probe could not be made: the name does not resolve
//    (here or at the jump host), the jump host cannot be logged into, forwarding is denied,
//    local resources ran out.
//  - Nothing is written to the server: the probe reads the banner and closes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "drivers/transport/error.hpp"
#include "drivers/transport/jump.hpp"

namespace vtyguard::drivers {

enum class ProbeStatus { refused, timeout, unreachable, open_banner, open_no_banner };

std::string_view to_string(ProbeStatus status);

// RFC 4253 section 4.2: "SSH-protoversion-softwareversion SP comments".
struct SshBanner {
    std::string line;      // without CR LF
    std::string protocol;  // "2.0", or "1.99" for servers that also speak SSH-1
    std::string software;  // e.g. "Cisco-1.25", "OpenSSH_9.2p1"
    std::string comments;  // e.g. "Debian-2+deb12u5"
};

// The banner in `line` (CR LF already removed or not), or nothing when it is not one.
std::optional<SshBanner> parse_ssh_banner(std::string_view line);

struct ProbeResult {
    ProbeStatus status = ProbeStatus::timeout;
    bool tcp_open = false;
    std::optional<SshBanner> banner;
    std::string detail;   // one sentence: what was seen, with the lower layer's words
    std::string vantage;  // "local", or the jump path the connect was made from
    std::chrono::milliseconds elapsed{0};
};

// `source`: the numeric local address to connect from (the inventory's source_address).
Result<ProbeResult> probe(const std::string& host, std::uint16_t port, Deadline deadline,
                          const std::string& source = {});
Result<ProbeResult> probe(JumpPool& pool, const JumpChain& chain, const std::string& host, std::uint16_t port,
                          Deadline deadline);

}  // namespace vtyguard::drivers
