// Errors of the drivers as values, and the deadline type every blocking call takes.
//
// Contract:
//  - Driver code never throws for a network outcome and never prints: every failure is an Error
//    whose `kind` a caller can switch on (the probe and the diagnosis map kinds to causes, SPEC
//    section 7) and whose `what()` is a sentence naming the host it concerns.
//  - `detail` keeps the lower layer's own words (libssh's message, strerror, the jump host's
//    channel-open failure text) so nothing is lost by the classification.
//  - Result<T> holds a T or an Error. value() on an error result (and error() on a value) is a
//    precondition violation and throws std::bad_variant_access.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace vtyguard::drivers {

using Clock = std::chrono::steady_clock;
// Every call that waits for the network takes an absolute deadline, so a chain of calls (TCP
// connect, key exchange, authentication, first prompt) shares one budget.
using Deadline = Clock::time_point;

inline Deadline deadline_in(std::chrono::milliseconds budget) {
    return Clock::now() + budget;
}

// Milliseconds left until `deadline` for poll-style APIs: 0 when it has passed, clamped to int.
int remaining_ms(Deadline deadline);

enum class ErrorKind {
    refused,               // TCP RST: nothing listens, or SSH is off / moved (SPEC 7 cause table)
    timeout,               // no answer before the deadline (silent drop, stalled peer)
    unreachable,           // ICMP unreachable / no route
    resolve_failed,        // the name does not resolve
    disconnected,          // the peer closed or reset the connection
    no_common_algorithm,   // key exchange found nothing in common
    host_key_unknown,      // strict checking and no known_hosts entry
    host_key_changed,      // known_hosts has a different key for this host (never accepted)
    auth_failed,           // every authentication method offered and available failed
    forward_denied,        // a jump host refused to open a direct-tcpip channel (not a TCP failure)
    channel_refused,       // the server refused a session channel, pty, shell or exec request
    protocol,              // any other SSH-level failure reported by libssh
    invalid_argument,      // the caller's options cannot work (unreadable key file, bad port)
    resource,              // a local resource ran out (sockets, threads, memory)
    unsupported_platform,  // the device runs a platform the drivers do not drive (NX-OS, IOS-XR, ...)
};

std::string_view to_string(ErrorKind kind);

// Where in the connection the error happened; lets the diagnosis tell "closed before the SSH
// banner" (vty access-class, busy lines) from "closed after authentication".
enum class Stage {
    resolve,
    tcp_connect,
    banner,        // TCP is open, waiting for the server's SSH identification
    key_exchange,  // banner received, negotiating algorithms and keys
    host_key,      // checking the server's key against known_hosts
    authentication,
    channel,  // opening a channel or a direct-tcpip forward
    io,       // reading or writing an open channel
};

std::string_view to_string(Stage stage);

struct Error {
    ErrorKind kind = ErrorKind::protocol;
    Stage stage = Stage::tcp_connect;
    std::string host;     // the endpoint or inventory name the error concerns, e.g. "r1 (10.0.0.1:22)"
    std::string message;  // what went wrong, in words, without the host
    std::string detail;   // the lower layer's own text, may be empty

    // "r1 (10.0.0.1:22): connection refused while connecting [libssh: ...]"
    std::string what() const;
};

struct Ok {};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

using Status = Result<Ok>;

}  // namespace vtyguard::drivers
