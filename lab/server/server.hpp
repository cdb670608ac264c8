// The lab's network side: serves every device of a Fleet on loopback over SSH (libssh server API)
// and telnet, following each device's access decisions (SPEC sections 7 and 10).
//
// Contract:
//  - Listens only on the devices' own loopback addresses (127.0.0.0/8); refuses to start for any
//    other address.
//  - A port is listened on exactly while Device::listening_ports() lists it: the server re-reads
//    them whenever a device's config_generation() moves, so `crypto key generate rsa` or a new
//    `ip ssh port P rotary G` opens a listener, and removing the last SSH-capable vty closes it
//    (connection refused). A change wakes the server at once (Device::notify_changes_to); a
//    50 ms poll also catches what moves without a session (rollback and reload timers).
//  - Own sockets handed to ssh_bind_accept_fd (libssh's listen backlog of 10 stalls parallel
//    clients); TCP_NODELAY on every accepted socket; banner `SSH-2.0-Cisco-1.25`; ed25519 host
//    keys (RSA for legacy-crypto devices), kept in the state directory so they stay the same
//    between runs unless the device's host_key_changes fault is set.
//  - One thread per connection; the accept loop never blocks on a client.
//  - Admission per connection and its vty line in one Device::admit_and_acquire call (close
//    before the banner: access-class deny or no free line; silent drop: open and never answered
//    until the client leaves), judged with the client's real source address and port; the line
//    is held for the whole connection.
//  - SSH: password and keyboard-interactive (one non-echoed `Password: ` prompt, like IOS with
//    AAA) checked by Device::login; one session channel with pty/shell or exec (one command, its
//    output without echo, prompt or paging, exit status 1 when the device answered with an
//    error line (`% ...`, ASA `ERROR: % ...`), else 0). 120 s to log in and 3 failed attempts,
//    like IOS's SSH defaults.
//  - Telnet (when listening_ports(Service::telnet) lists the port): WILL ECHO and WILL
//    SUPPRESS-GO-AHEAD, `User Access Verification`, `Username:` (unless the line logs in with a
//    line password, Device::telnet_asks_username) and `Password:`, 3 attempts.
//  - Transport faults of DeviceSpec::faults are applied here: command_latency before the output
//    of each completed command, slow_chunk/slow_delay, drop_after (the TCP connection closes
//    after that many bytes of a command's reply, with no SSH goodbye), host_key_changes.
//  - Host keys are files `<device name>_ed25519_key` / `<device name>_rsa_key` (OpenSSH format)
//    in the state directory, written 0600 from their creation. RSA-2048 is created only for
//    legacy-crypto devices and for devices whose host key algorithms name an RSA algorithm (IOS
//    XE `ip ssh server algorithm hostkey`).
//  - stop() shuts every socket down, so each connection thread ends within about 100 ms.
//  - Library code: never prints (log lines go to the callback), never aborts.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "lab/sim/session.hpp"

namespace vtyguard::lab {

struct ServerOptions {
    std::filesystem::path state_dir;  // host keys live here (created 0700 when missing; refused
                                      // unless private: see lab/files/private_files.hpp)
    // Optional: one line per connection event. Called from any server thread, one call at a
    // time, until stop() returns.
    std::function<void(const std::string&)> log;
};

struct ServerStats {
    std::size_t listeners = 0;        // listening sockets now
    std::size_t active_sessions = 0;  // connections open now (SSH, telnet, silently dropped)
    std::size_t connections = 0;      // connections accepted since start
};

class Server {
public:
    Server(Fleet& fleet, ServerOptions options);
    ~Server();  // stops
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Raises RLIMIT_NOFILE to its hard limit, loads or creates host keys, opens the listeners
    // and starts serving; false and `error` (naming the device and address) when an address is
    // not loopback, a host key cannot be read or written, or a listener cannot be opened. May be
    // called again after stop().
    bool start(std::string& error);
    // Closes every listener and connection and joins every thread. Idempotent.
    void stop();
    ServerStats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vtyguard::lab
