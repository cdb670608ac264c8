// A byte stream to a target that is reached through jump hosts.
//
// Contract: `fd` is our end of a connected AF_UNIX stream (non-blocking); bytes written to it
// leave the last jump host towards the target over a direct-tcpip channel, and what the target
// sends arrives on it. End of stream on `fd` means the target or a jump host closed the path.
// `keepalive` holds the jump sessions carrying the stream, so the path lives at least as long as
// the Tunnel (or whatever took over its fd and keepalive). Closing `fd` closes the channel.
#pragma once

#include <memory>
#include <string>

#include "drivers/transport/tcp.hpp"

namespace vtyguard::drivers {

struct Tunnel {
    UniqueFd fd;
    std::shared_ptr<void> keepalive;
    std::string via;  // the jump chain, e.g. "bastion:22 > inner:22", for messages
};

}  // namespace vtyguard::drivers
