// Telnet transport (RFC 854, opt-in per host: for the devices whose SSH is exactly what is broken,
// SPEC section 7), on Debian's libtelnet.
//
// Contract:
//  - connect(): TCP from here (TCP_NODELAY, like SSH) or over a jump chain's Tunnel, option
//    negotiation (we accept the server's ECHO and SUPPRESS-GO-AHEAD and offer SUPPRESS-GO-AHEAD;
//    every other option is refused), then the login dialogue: `Username:` (also `Login:`,
//    `User Name:`) is answered with the username, `Password:` with the password. Login is done
//    when the last line looks like a CLI prompt (ends in `>`, `#`, `$` or `%`); the text after
//    the password (banners, the prompt) is returned by the first read(), so the channel sees it.
//  - Failures: TCP as tcp_connect classifies them (Stage::tcp_connect); the connection closed
//    before any login prompt -> disconnected at Stage::banner (vty access-class, no free line);
//    `% Login invalid`, `% Access denied`, `% Authentication failed`, `% Bad passwords`,
//    `Login incorrect`, a login prompt asked again, or the connection closed after the password
//    -> auth_failed at Stage::authentication; a prompt for a username when none was given ->
//    auth_failed; nothing before the deadline -> timeout. The password never appears in an
//    error.
//  - read()/write(): data bytes only (telnet commands are handled inside; 0xFF is escaped and
//    unescaped); "\n" written is sent as CR LF, "\r" as CR NUL. Every wait is bounded by the
//    caller's deadline. One thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "drivers/transport/error.hpp"
#include "drivers/transport/stream.hpp"
#include "drivers/transport/tcp.hpp"
#include "drivers/transport/tunnel.hpp"

namespace vtyguard::drivers {

struct TelnetOptions {
    std::string name;  // inventory name for messages; empty: the address alone
    std::string host;
    std::uint16_t port = 23;
    std::string source_address;  // numeric local address to connect from; empty: any
    std::string username;        // empty: a `Username:` prompt is an authentication failure
    std::string password;
};

class TelnetStream : public ByteStream {
public:
    static Result<std::unique_ptr<TelnetStream>> connect(const TelnetOptions& options, Deadline deadline);
    static Result<std::unique_ptr<TelnetStream>> connect(const TelnetOptions& options, Tunnel tunnel,
                                                         Deadline deadline);
    ~TelnetStream() override;
    TelnetStream(const TelnetStream&) = delete;
    TelnetStream& operator=(const TelnetStream&) = delete;

    Result<std::size_t> read(std::string& out, Deadline deadline) override;
    Status write(std::string_view data, Deadline deadline) override;
    void close() override;
    // "name (host:port)" plus " via <jump chain>" over a tunnel.
    const std::string& label() const;

    struct Impl;

private:
    explicit TelnetStream(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace vtyguard::drivers
