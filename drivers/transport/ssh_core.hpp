// Internal to drivers/transport: the libssh objects behind an SshSession, shared with its
// channels and handed over whole to a JumpSession's pump thread.
//
// Contract: `session` runs non-blocking and is registered in `event`; `fd` is the stream the
// session runs on (libssh 0.10 does not close a descriptor given with SSH_OPTIONS_FD, so the
// core closes it after ssh_free). Only one thread uses a core at a time.
#pragma once

#include <libssh/libssh.h>

#include <cstdint>
#include <memory>
#include <string>

#include "drivers/transport/error.hpp"
#include "drivers/transport/ssh.hpp"
#include "drivers/transport/tcp.hpp"

namespace vtyguard::drivers::detail {

struct SshCore {
    ssh_session session = nullptr;
    ssh_event event = nullptr;  // holds `session`; other fds may join it (a jump's pump)
    UniqueFd fd;
    std::shared_ptr<void> keepalive;  // the jump sessions under a tunnelled session
    // Packets received, counted by libssh: a step that read from the socket shows up here,
    // so a reader knows to look at the channel buffers again before it sleeps.
    ssh_counter_struct received{};
    ssh_counter_struct sent{};
    std::string label;
    std::string endpoint;  // host:port
    std::string via;       // the jump path the session runs over, "" when direct
    SessionInfo info;

    SshCore() = default;
    SshCore(const SshCore&) = delete;
    SshCore& operator=(const SshCore&) = delete;
    ~SshCore();

    // Lets libssh make progress: one poll of the event, at most until the deadline. A timeout
    // error when the deadline has passed; disconnected when the socket is gone.
    Status wait(Deadline deadline, Stage stage, std::string_view doing);
    // An error from libssh's last message, classified.
    Error error(Stage stage, std::string message) const;
    bool alive() const;
    std::uint64_t packets_in() const { return received.in_packets; }
};

}  // namespace vtyguard::drivers::detail
