// Jump chains through Linux hosts, like OpenSSH's ProxyJump (SPEC section 7), on libssh 0.10,
// which has none of its own: each hop after the first, and the device itself, runs its SSH
// session over a direct-tcpip channel of the hop before it.
//
// Contract:
//  - JumpSession: one logged-in jump host. Once started, its libssh session belongs to a pump
//    thread, the only thread that touches it and its channels (libssh sessions are not
//    thread-safe). open() asks that thread for a direct-tcpip channel and hands back our end
//    of a socket pair the pump copies to and from the channel, in both directions with flow
//    control (at most about 256 KiB queued per direction on our side; beyond that the SSH
//    window stops the sender). Any number of tunnels share the one connection. open() may be
//    called from any thread.
//  - Several opens failing at once each get their own reason: libssh keeps one error text per
//    session, so the pump reads the reasons from libssh's log (per thread, swallowed: nothing
//    is printed).
//  - open() failures say what the jump host reported: the jump host's TCP connect was refused
//    (refused), found no route (unreachable), the name did not resolve there (resolve_failed),
//    forwarding is not allowed (forward_denied), or no answer came before the deadline
//    (timeout: OpenSSH's own connect waits for the kernel, so the deadline decides).
//  - When the jump host's connection dies every tunnel sees end of stream, pending opens fail
//    with `disconnected`, and alive() turns false.
//  - JumpPool: one shared JumpSession per hop chain (keyed by user@host:port of every hop), so
//    any number of devices behind a bastion cost one bastion login. Logging into a hop happens
//    once even when many threads ask at the same time (the others wait, within their
//    deadlines); a dead session is replaced by a new login on the next request; a failed login
//    is remembered for `retry_after` so a fleet behind a broken bastion fails fast.
//  - Sessions live while the pool or any tunnel (or session built on one) holds them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "drivers/transport/error.hpp"
#include "drivers/transport/ssh.hpp"
#include "drivers/transport/tunnel.hpp"

namespace vtyguard::drivers {

// Jump hosts, outermost first.
using JumpChain = std::vector<SshOptions>;

// "user@host:port>user@host:port": the pool's key for a chain.
std::string chain_key(const JumpChain& chain);

class JumpSession : public std::enable_shared_from_this<JumpSession> {
public:
    // Takes over an authenticated session and starts its pump thread. No SshChannel of the
    // session may be alive: from now on only the pump thread touches it.
    static Result<std::shared_ptr<JumpSession>> start(SshSession session);

    ~JumpSession();  // closes every tunnel, disconnects, joins the pump thread
    JumpSession(const JumpSession&) = delete;
    JumpSession& operator=(const JumpSession&) = delete;

    // A stream to host:port opened by the jump host. `label` names the target in errors (empty:
    // host:port); errors read "<label> via <this jump>: ...".
    Result<Tunnel> open(const std::string& host, std::uint16_t port, Deadline deadline, const std::string& label = "");

    bool alive() const;
    // The jump path up to and including this host, e.g. "bastion:22 > inner:22".
    const std::string& path() const;
    std::size_t open_tunnels() const;

    struct Impl;

private:
    explicit JumpSession(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

struct JumpPoolOptions {
    std::chrono::milliseconds retry_after{30000};  // how long a failed hop login is remembered
};

struct JumpPoolStats {
    std::size_t logins = 0;          // successful jump host logins since the pool was made
    std::size_t live_sessions = 0;   // sessions alive now
    std::size_t tunnels_opened = 0;  // successful open() calls through the pool
};

class JumpPool {
public:
    explicit JumpPool(JumpPoolOptions options = {});
    ~JumpPool();
    JumpPool(const JumpPool&) = delete;
    JumpPool& operator=(const JumpPool&) = delete;

    // The session of the last hop of `chain`, logging into hops that have no live session yet.
    Result<std::shared_ptr<JumpSession>> session(const JumpChain& chain, Deadline deadline);
    // A stream from the last hop of `chain` to host:port.
    Result<Tunnel> open(const JumpChain& chain, const std::string& host, std::uint16_t port, Deadline deadline,
                        const std::string& label = "");
    JumpPoolStats stats() const;
    // Forgets every session (they close once no tunnel uses them) and remembered failure.
    void clear();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// An SSH session to `target`: direct when `chain` is empty, else through the pool's chain.
Result<SshSession> connect_via(JumpPool& pool, const JumpChain& chain, const SshOptions& target, Deadline deadline);

}  // namespace vtyguard::drivers
