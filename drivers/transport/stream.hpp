// The byte stream a CLI dialogue runs over: an SSH shell channel, a telnet connection, or a
// nested login inside either (drivers/channel.hpp drives it).
//
// Contract: read() appends what arrived to `out`, waiting until at least one byte is there,
// the stream ends (returns 0) or the deadline passes (timeout error; nothing is lost, a later
// read returns it). write() sends all of `data` by the deadline; "\n" ends a typed line (a
// telnet stream sends it as CR LF). close() ends the stream without waiting. One thread at a
// time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "drivers/transport/error.hpp"

namespace vtyguard::drivers {

class ByteStream {
public:
    virtual ~ByteStream() = default;
    virtual Result<std::size_t> read(std::string& out, Deadline deadline) = 0;
    virtual Status write(std::string_view data, Deadline deadline) = 0;
    virtual void close() = 0;
};

}  // namespace vtyguard::drivers
