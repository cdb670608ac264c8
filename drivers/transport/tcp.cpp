#include "drivers/transport/tcp.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace vtyguard::drivers {

void UniqueFd::reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

std::string endpoint_label(const std::string& host, std::uint16_t port) {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

ErrorKind classify_connect_errno(int err) {
    switch (err) {
        case ECONNREFUSED:
            return ErrorKind::refused;
        case ETIMEDOUT:
            return ErrorKind::timeout;
        case EHOSTUNREACH:
        case ENETUNREACH:
        case EHOSTDOWN:
        case ENETDOWN:
        // A local firewall rejecting the SYN, or ICMP administratively prohibited.
        case EACCES:
        case EPERM:
            return ErrorKind::unreachable;
        case ECONNRESET:
        case ECONNABORTED:
            return ErrorKind::disconnected;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
        case ENOMEM:
        case EADDRNOTAVAIL:
            return ErrorKind::resource;
        default:
            return ErrorKind::unreachable;
    }
}

namespace {

std::string connect_message(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::refused:
            return "connection refused (nothing accepts TCP connections on that port)";
        case ErrorKind::timeout:
            return "TCP connect timed out (no answer: filtered or silently dropped)";
        case ErrorKind::unreachable:
            return "host unreachable (no route, or ICMP prohibited)";
        case ErrorKind::disconnected:
            return "connection reset while connecting";
        case ErrorKind::resource:
            return "could not create a socket";
        default:
            return "TCP connect failed";
    }
}

Error connect_error(ErrorKind kind, const std::string& label, std::string detail) {
    return Error{kind, Stage::tcp_connect, label, connect_message(kind), std::move(detail)};
}

struct AddrinfoDeleter {
    void operator()(addrinfo* ai) const { freeaddrinfo(ai); }
};

// The numeric `source` as a socket address of `family`; false when it is not one.
bool source_sockaddr(const std::string& source, int family, sockaddr_storage& out, socklen_t& length) {
    addrinfo hints{};
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
    addrinfo* raw = nullptr;
    if (::getaddrinfo(source.c_str(), nullptr, &hints, &raw) != 0 || raw == nullptr) return false;
    std::unique_ptr<addrinfo, AddrinfoDeleter> list(raw);
    std::memcpy(&out, raw->ai_addr, raw->ai_addrlen);
    length = raw->ai_addrlen;
    return true;
}

// One address: bind to `source` when given, non-blocking connect, wait for writability, read
// SO_ERROR. Returns the socket or the errno of the failure (ETIMEDOUT when the deadline passed;
// EAFNOSUPPORT when `source` is not an address of this family).
int connect_one(const addrinfo& ai, const std::string& source, Deadline deadline, UniqueFd& out) {
    UniqueFd fd(::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol));
    if (!fd.valid()) return errno;
    if (!source.empty()) {
        sockaddr_storage local{};
        socklen_t length = 0;
        if (!source_sockaddr(source, ai.ai_family, local, length)) return EAFNOSUPPORT;
        if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), length) != 0) return errno;
    }
    if (::connect(fd.get(), ai.ai_addr, ai.ai_addrlen) != 0) {
        if (errno != EINPROGRESS) return errno;
        for (;;) {
            pollfd p{fd.get(), POLLOUT, 0};
            int left = remaining_ms(deadline);
            if (left == 0) return ETIMEDOUT;
            int rc = ::poll(&p, 1, left);
            if (rc < 0 && errno == EINTR) continue;
            if (rc < 0) return errno;
            if (rc == 0) return ETIMEDOUT;
            break;
        }
        int err = 0;
        socklen_t len = sizeof err;
        if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
        if (err != 0) return err;
    }
    if (connected_to_itself(fd.get())) return ECONNREFUSED;
    int one = 1;
    // Best effort: a socket type without TCP_NODELAY still works, only slower.
    (void)::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    out = std::move(fd);
    return 0;
}

}  // namespace

bool connected_to_itself(int fd) {
    sockaddr_storage local{}, peer{};
    socklen_t local_length = sizeof local, peer_length = sizeof peer;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
        ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0)
        return false;
    return local_length == peer_length && std::memcmp(&local, &peer, local_length) == 0;
}

Result<UniqueFd> tcp_connect(const std::string& host, std::uint16_t port, Deadline deadline, const std::string& label,
                             const std::string& source) {
    if (port == 0)
        return Error{ErrorKind::invalid_argument, Stage::tcp_connect, label, "port 0 is not a valid port", ""};
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
    addrinfo* raw = nullptr;
    std::string service = std::to_string(port);
    int gai = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &raw);
    if (gai == EAI_NONAME || gai == EAI_ADDRFAMILY) {
        // AI_ADDRCONFIG hides loopback-only families on hosts without other addresses; ask again
        // without it before calling the name unresolvable.
        hints.ai_flags = AI_NUMERICSERV;
        gai = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &raw);
    }
    if (gai != 0) {
        std::string detail = gai == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(gai);
        return Error{ErrorKind::resolve_failed, Stage::resolve, label, "cannot resolve '" + host + "'", detail};
    }
    std::unique_ptr<addrinfo, AddrinfoDeleter> list(raw);
    int last = ETIMEDOUT;
    int source_failed = 0;
    for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
        UniqueFd fd;
        last = connect_one(*ai, source, deadline, fd);
        if (last == 0) return fd;
        if (!source.empty() && (last == EAFNOSUPPORT || last == EADDRNOTAVAIL || last == EADDRINUSE)) {
            // Not an answer about the target: the local address cannot be used. Another address
            // of the name may be of the source's family, so keep trying, and say so at the end.
            source_failed = last;
            continue;
        }
        if (last == ETIMEDOUT) break;  // the budget is spent; later addresses would get none
    }
    if (source_failed != 0 && last == source_failed) {
        return Error{ErrorKind::invalid_argument, Stage::tcp_connect, label,
                     "cannot connect from source address " + source +
                         (source_failed == EAFNOSUPPORT ? " (not a numeric address of the target's family)"
                                                        : " (not an address of this machine, or in use)"),
                     std::strerror(source_failed)};
    }
    return connect_error(classify_connect_errno(last), label, std::strerror(last));
}

Result<std::pair<UniqueFd, UniqueFd>> stream_pair(const std::string& label) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
        return Error{ErrorKind::resource, Stage::channel, label, "cannot create a socket pair for a tunnel",
                     std::strerror(errno)};
    }
    return std::pair<UniqueFd, UniqueFd>(UniqueFd(fds[0]), UniqueFd(fds[1]));
}

}  // namespace vtyguard::drivers
