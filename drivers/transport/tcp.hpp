// TCP from this machine with a deadline, shared by the SSH transport and the probe.
//
// Contract:
//  - tcp_connect resolves `host` (numeric addresses never touch the resolver; names go through
//    getaddrinfo, which the deadline cannot interrupt), then tries each address with a
//    non-blocking connect and poll until one answers or the deadline passes. The socket it
//    returns is connected, non-blocking, close-on-exec and has TCP_NODELAY set (without it Nagle
//    and delayed ACKs cost about 40 ms per exchange, SPEC section 7).
//  - Failures are classified from errno: ECONNREFUSED -> refused, EHOSTUNREACH/ENETUNREACH/
//    EACCES/EPERM (ICMP prohibited, local firewall) -> unreachable, no answer -> timeout; a name
//    that does not resolve -> resolve_failed. When several addresses fail, the error of the last
//    one is returned.
//  - `source` (optional, numeric, like OpenSSH's BindAddress) is bound before connecting: the
//    address the device's access-class sees. A source that is not an address of this machine or
//    not of the target's family is invalid_argument, named in the message, never a verdict about
//    the target.
//  - `label` names the host in error messages.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "drivers/transport/error.hpp"

namespace vtyguard::drivers {

// An owned file descriptor, closed on destruction.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release() {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }
    void reset(int fd = -1);

private:
    int fd_ = -1;
};

// "host:port", with brackets for IPv6 literals.
std::string endpoint_label(const std::string& host, std::uint16_t port);

Result<UniqueFd> tcp_connect(const std::string& host, std::uint16_t port, Deadline deadline, const std::string& label,
                             const std::string& source = {});

// True when the connected socket `fd` is talking to itself: a connect to a closed local port in
// the ephemeral range can pick that same port as its source and "succeed" by TCP simultaneous
// open. tcp_connect treats that as refused (nothing listened).
bool connected_to_itself(int fd);

// The kind a failed connect(2) errno stands for.
ErrorKind classify_connect_errno(int err);

// A connected AF_UNIX stream pair, both ends non-blocking and close-on-exec.
Result<std::pair<UniqueFd, UniqueFd>> stream_pair(const std::string& label);

}  // namespace vtyguard::drivers
