#include "drivers/probe.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "drivers/transport/tcp.hpp"

namespace vtyguard::drivers {

std::string_view to_string(ProbeStatus status) {
    switch (status) {
        case ProbeStatus::refused:
            return "refused";
        case ProbeStatus::timeout:
            return "timeout";
        case ProbeStatus::unreachable:
            return "unreachable";
        case ProbeStatus::open_banner:
            return "open_banner";
        case ProbeStatus::open_no_banner:
            return "open_no_banner";
    }
    return "unknown";
}

std::optional<SshBanner> parse_ssh_banner(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.substr(0, 4) != "SSH-") return std::nullopt;
    std::string_view rest = line.substr(4);
    auto dash = rest.find('-');
    if (dash == std::string_view::npos || dash == 0) return std::nullopt;
    SshBanner b;
    b.line = std::string(line);
    b.protocol = std::string(rest.substr(0, dash));
    rest = rest.substr(dash + 1);
    auto space = rest.find(' ');
    b.software = std::string(rest.substr(0, space));
    if (space != std::string_view::npos) b.comments = std::string(rest.substr(space + 1));
    if (b.software.empty()) return std::nullopt;
    return b;
}

namespace {

// RFC 4253 lets a server send other lines before its identification; a real SSH server sends
// few. Past these limits it is not one.
constexpr std::size_t kMaxPreamble = 8192;
constexpr int kMaxLines = 20;

std::string printable(std::string_view bytes) {
    std::string out;
    for (unsigned char c : bytes.substr(0, 48)) {
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    if (bytes.size() > 48) out += "...";
    return out;
}

bool is_text(std::string_view bytes) {
    for (unsigned char c : bytes) {
        if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c >= 0x7f) return false;
    }
    return true;
}

// Reads what the server says first on a connected stream.
void read_banner(int fd, Deadline deadline, ProbeResult& result) {
    result.tcp_open = true;
    std::string seen;
    int lines = 0;
    std::array<char, 4096> buffer{};
    for (;;) {
        // Complete lines first: the banner may have come with the accept.
        for (auto eol = seen.find('\n'); eol != std::string::npos; eol = seen.find('\n')) {
            std::string line = seen.substr(0, eol + 1);
            if (auto banner = parse_ssh_banner(line)) {
                result.status = ProbeStatus::open_banner;
                result.detail = "SSH server: " + banner->line;
                result.banner = std::move(banner);
                return;
            }
            if (!is_text(line) || ++lines > kMaxLines) {
                result.status = ProbeStatus::open_no_banner;
                result.detail = "the port answers, but not with SSH: '" + printable(line) + "'";
                return;
            }
            seen.erase(0, eol + 1);
        }
        if (!is_text(seen) || seen.size() > kMaxPreamble) {
            result.status = ProbeStatus::open_no_banner;
            result.detail = "the port answers, but not with SSH: '" + printable(seen) + "'";
            return;
        }
        pollfd p{fd, POLLIN, 0};
        int left = remaining_ms(deadline);
        int rc = left > 0 ? ::poll(&p, 1, left) : 0;
        if (rc < 0 && errno == EINTR) continue;
        if (rc == 0) {
            result.status = ProbeStatus::timeout;
            result.detail = seen.empty()
                                ? "TCP connection accepted, but no SSH banner before the deadline (silent: a "
                                  "proxy or firewall holding the connection, or a stalled server)"
                                : "TCP connection accepted, but the banner line never ended: '" + printable(seen) + "'";
            return;
        }
        ssize_t n = rc > 0 ? ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT) : -1;
        if (n > 0) {
            seen.append(buffer.data(), static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        result.status = ProbeStatus::open_no_banner;
        std::string how = n == 0 ? "closed" : std::string("reset (") + std::strerror(errno) + ")";
        result.detail = seen.empty() ? "TCP connection accepted, then " + how +
                                           " before any SSH banner (vty access-class deny, no free vty line)"
                                     : "TCP connection accepted, then " + how + " after '" + printable(seen) + "'";
        return;
    }
}

std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// Connect failures that are answers about the target, not reasons the probe could not be made.
std::optional<ProbeStatus> status_of(const Error& e) {
    switch (e.kind) {
        case ErrorKind::refused:
            return ProbeStatus::refused;
        case ErrorKind::unreachable:
            return ProbeStatus::unreachable;
        case ErrorKind::timeout:
            return ProbeStatus::timeout;
        // A reset during the handshake: the port was there and turned us away.
        case ErrorKind::disconnected:
            return e.stage == Stage::tcp_connect ? std::optional(ProbeStatus::open_no_banner) : std::nullopt;
        default:
            return std::nullopt;
    }
}

}  // namespace

Result<ProbeResult> probe(const std::string& host, std::uint16_t port, Deadline deadline, const std::string& source) {
    auto start = Clock::now();
    ProbeResult result;
    result.vantage = source.empty() ? "local" : "local from " + source;
    auto fd = tcp_connect(host, port, deadline, endpoint_label(host, port), source);
    if (!fd) {
        auto status = status_of(fd.error());
        if (!status) return fd.error();
        result.status = *status;
        // A reset while connecting came after the SYN-ACK (a SYN answered by RST is ECONNREFUSED):
        // the port accepted, like every other open_no_banner.
        result.tcp_open = result.status == ProbeStatus::open_no_banner;
        result.detail = fd.error().message + " [" + fd.error().detail + "]";
        result.elapsed = since(start);
        return result;
    }
    read_banner(fd->get(), deadline, result);
    result.elapsed = since(start);
    return result;
}

Result<ProbeResult> probe(JumpPool& pool, const JumpChain& chain, const std::string& host, std::uint16_t port,
                          Deadline deadline) {
    if (chain.empty()) return probe(host, port, deadline);
    // Logging into the jump hosts is not part of what the target does: a failure there is an
    // Error, and `elapsed` starts once the vantage point is reached.
    auto session = pool.session(chain, deadline);
    if (!session) return session.error();
    ProbeResult result;
    result.vantage = session.value()->path();
    auto opened = Clock::now();
    auto tunnel = session.value()->open(host, port, deadline);
    if (!tunnel) {
        auto status = status_of(tunnel.error());
        if (!status) return tunnel.error();
        result.status = *status;
        result.detail = tunnel.error().message;
        if (!tunnel.error().detail.empty()) result.detail += " [" + tunnel.error().detail + "]";
        result.elapsed = since(opened);
        return result;
    }
    read_banner(tunnel->fd.get(), deadline, result);
    result.elapsed = since(opened);
    return result;
}

}  // namespace vtyguard::drivers
