#include "drivers/transport/telnet.hpp"

#include <libtelnet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <regex>
#include <utility>

namespace vtyguard::drivers {

namespace {

// What a client needs from a Cisco vty: the server echoes and suppresses go-ahead; we suppress
// go-ahead too. Everything else (terminal type, window size, linemode) is refused, so the device
// keeps its defaults and the session preparation sets length and width.
const telnet_telopt_t kTelopts[] = {
    {TELNET_TELOPT_ECHO, TELNET_WONT, TELNET_DO},
    {TELNET_TELOPT_SGA, TELNET_WILL, TELNET_DO},
    {-1, 0, 0},
};

std::string make_label(const TelnetOptions& o, const std::string& via) {
    std::string address = endpoint_label(o.host, o.port);
    std::string label = (o.name.empty() || o.name == o.host) ? address : o.name + " (" + address + ")";
    label += " [telnet]";
    if (!via.empty()) label += " via " + via;
    return label;
}

// The last line of `data` as a terminal shows it for prompt matching: after the last '\n',
// without '\r', NUL and trailing blanks.
std::string last_line(std::string_view data) {
    auto nl = data.rfind('\n');
    std::string_view tail = nl == std::string_view::npos ? data : data.substr(nl + 1);
    std::string out;
    for (char c : tail) {
        if (c == '\r') {
            out.clear();  // a bare CR returns to the line start
        } else if (static_cast<unsigned char>(c) >= 0x20) {
            out += c;
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    return out;
}

}  // namespace

struct TelnetStream::Impl {
    UniqueFd fd;
    std::shared_ptr<void> keepalive;
    std::string label;
    telnet_t* telnet = nullptr;
    std::string inbox;   // data bytes decoded, not yet handed to the reader
    std::string outbox;  // bytes libtelnet produced, not yet written
    std::string fatal;   // libtelnet's error, when the peer spoke no telnet we can follow
    bool eof = false;

    ~Impl() {
        if (telnet != nullptr) telnet_free(telnet);
    }

    static void on_event(telnet_t*, telnet_event_t* ev, void* user) {
        auto* self = static_cast<Impl*>(user);
        switch (ev->type) {
            case TELNET_EV_DATA:
                self->inbox.append(ev->data.buffer, ev->data.size);
                break;
            case TELNET_EV_SEND:
                self->outbox.append(ev->data.buffer, ev->data.size);
                break;
            case TELNET_EV_ERROR:
                self->fatal = ev->error.msg != nullptr ? ev->error.msg : "telnet protocol error";
                break;
            default:
                break;
        }
    }

    Error error(ErrorKind kind, Stage stage, std::string message, std::string detail = "") const {
        return Error{kind, stage, label, std::move(message), std::move(detail)};
    }

    Status flush(Deadline deadline) {
        while (!outbox.empty()) {
            ssize_t n = ::send(fd.get(), outbox.data(), outbox.size(), MSG_NOSIGNAL);
            if (n > 0) {
                outbox.erase(0, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                eof = true;
                return error(ErrorKind::disconnected, Stage::io, "the connection failed while sending",
                             std::strerror(errno));
            }
            pollfd p{fd.get(), POLLOUT, 0};
            int left = remaining_ms(deadline);
            if (left == 0) return error(ErrorKind::timeout, Stage::io, "timed out sending to the device");
            if (::poll(&p, 1, left) < 0 && errno != EINTR) {
                return error(ErrorKind::resource, Stage::io, "poll failed", std::strerror(errno));
            }
        }
        return Ok{};
    }

    // Receives once (waiting until the deadline for something), decoding into `inbox` and
    // answering negotiation. Returns false at end of stream.
    Result<bool> receive(Deadline deadline, Stage stage) {
        if (eof) return false;
        for (;;) {
            std::array<char, 16384> buffer{};
            ssize_t n = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
            if (n > 0) {
                telnet_recv(telnet, buffer.data(), static_cast<std::size_t>(n));
                if (!fatal.empty()) {
                    eof = true;
                    return error(ErrorKind::protocol, stage, "the device's telnet stream cannot be decoded", fatal);
                }
                if (auto f = flush(deadline); !f) return f.error();
                return true;
            }
            if (n == 0) {
                eof = true;
                return false;
            }
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                eof = true;
                // A reset is the device ending the connection, like a close.
                if (errno == ECONNRESET) return false;
                return error(ErrorKind::disconnected, stage, "the connection failed", std::strerror(errno));
            }
            pollfd p{fd.get(), POLLIN, 0};
            int left = remaining_ms(deadline);
            if (left == 0) return error(ErrorKind::timeout, stage, "no answer before the deadline");
            if (::poll(&p, 1, left) < 0 && errno != EINTR) {
                return error(ErrorKind::resource, stage, "poll failed", std::strerror(errno));
            }
        }
    }

    // NVT newlines (RFC 854): "\n" goes out as CR LF, a bare "\r" as CR NUL; telnet_send
    // escapes IAC.
    Status send_text(std::string_view text, Deadline deadline) {
        std::string nvt;
        nvt.reserve(text.size() + 8);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') {
                nvt += "\r\n";
            } else if (text[i] == '\r') {
                bool lf_next = i + 1 < text.size() && text[i + 1] == '\n';
                nvt += lf_next ? "\r\n" : std::string("\r\0", 2);
                if (lf_next) ++i;
            } else {
                nvt += text[i];
            }
        }
        telnet_send(telnet, nvt.data(), nvt.size());
        return flush(deadline);
    }

    Status login(const TelnetOptions& o, Deadline deadline);
};

Status TelnetStream::Impl::login(const TelnetOptions& o, Deadline deadline) {
    static const std::regex kUser(R"((^|\s)(Username|User Name|Login|login|username):\s*$)");
    static const std::regex kPassword(R"((^|\s)[Pp]assword:\s*$)");
    static const std::regex kPrompt(R"(^[^\s]{1,80}[>#$%]$)");
    static const std::array<const char*, 7> kDenied = {
        "% Login invalid", "% Access denied", "% Authentication failed", "% Bad passwords",
        "Login incorrect", "% Bad secrets",   "Authentication failed"};
    bool sent_user = false;
    bool sent_password = false;
    std::size_t since = 0;  // inbox position after our last answer
    for (;;) {
        std::string_view fresh = std::string_view(inbox).substr(since);
        std::string line = last_line(fresh);
        if (sent_password) {
            for (const char* denied : kDenied) {
                if (fresh.find(denied) != std::string_view::npos) {
                    return error(ErrorKind::auth_failed, Stage::authentication,
                                 "telnet login refused for user '" + o.username + "'", denied);
                }
            }
        }
        if (std::regex_search(line, kUser)) {
            if (sent_user || sent_password) {
                return error(ErrorKind::auth_failed, Stage::authentication,
                             "telnet login refused for user '" + o.username + "' (asked to log in again)");
            }
            if (o.username.empty()) {
                return error(ErrorKind::auth_failed, Stage::authentication,
                             "the device asks for a username over telnet and none was given");
            }
            if (auto s = send_text(o.username + "\n", deadline); !s) return s;
            sent_user = true;
            since = inbox.size();
            continue;
        }
        if (std::regex_search(line, kPassword)) {
            if (sent_password) {
                return error(ErrorKind::auth_failed, Stage::authentication,
                             "telnet login refused (the password was asked for again)");
            }
            if (auto s = send_text(o.password + "\n", deadline); !s) return s;
            sent_password = true;
            since = inbox.size();
            continue;
        }
        if (std::regex_match(line, kPrompt) && (sent_password || sent_user || since == 0)) {
            // Logged in (or a line without login): the text since our last answer is the
            // session's first output.
            inbox.erase(0, since);
            return Ok{};
        }
        Stage stage = sent_password || sent_user ? Stage::authentication : Stage::banner;
        auto got = receive(deadline, stage);
        if (!got) {
            Error e = got.error();
            if (e.kind == ErrorKind::timeout) {
                e.message = sent_password ? "no prompt after the telnet login before the deadline"
                                          : "no telnet login prompt before the deadline";
                e.detail = "last line: '" + last_line(inbox) + "'";
            }
            return e;
        }
        if (!*got) {
            if (sent_password) {
                return error(ErrorKind::auth_failed, Stage::authentication,
                             "the device closed the telnet connection after the password (login refused)",
                             last_line(inbox));
            }
            if (sent_user) {
                return error(ErrorKind::disconnected, Stage::authentication,
                             "the device closed the telnet connection during the login");
            }
            return error(ErrorKind::disconnected, Stage::banner,
                         "connection closed before a login prompt (accepted, then closed: vty access-class, no "
                         "free vty line, or telnet not allowed on the line)");
        }
    }
}

namespace {

Result<std::unique_ptr<TelnetStream::Impl>> start(const TelnetOptions& o, UniqueFd fd, std::shared_ptr<void> keepalive,
                                                  const std::string& via, Deadline deadline) {
    auto impl = std::make_unique<TelnetStream::Impl>();
    impl->fd = std::move(fd);
    impl->keepalive = std::move(keepalive);
    impl->label = make_label(o, via);
    impl->telnet = telnet_init(kTelopts, &TelnetStream::Impl::on_event, 0, impl.get());
    if (impl->telnet == nullptr) {
        return Error{ErrorKind::resource, Stage::banner, impl->label, "cannot create a telnet state", ""};
    }
    // Say what we want at once instead of waiting for the device to ask: one round trip less.
    telnet_negotiate(impl->telnet, TELNET_DO, TELNET_TELOPT_ECHO);
    telnet_negotiate(impl->telnet, TELNET_DO, TELNET_TELOPT_SGA);
    if (auto f = impl->flush(deadline); !f) return f.error();
    if (auto l = impl->login(o, deadline); !l) return l.error();
    return impl;
}

}  // namespace

TelnetStream::TelnetStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TelnetStream::~TelnetStream() = default;

Result<std::unique_ptr<TelnetStream>> TelnetStream::connect(const TelnetOptions& options, Deadline deadline) {
    std::string label = make_label(options, "");
    auto fd = tcp_connect(options.host, options.port, deadline, label, options.source_address);
    if (!fd) return fd.error();
    auto impl = start(options, std::move(*fd), nullptr, "", deadline);
    if (!impl) return impl.error();
    return std::unique_ptr<TelnetStream>(new TelnetStream(std::move(*impl)));
}

Result<std::unique_ptr<TelnetStream>> TelnetStream::connect(const TelnetOptions& options, Tunnel tunnel,
                                                            Deadline deadline) {
    auto impl = start(options, std::move(tunnel.fd), std::move(tunnel.keepalive), tunnel.via, deadline);
    if (!impl) return impl.error();
    return std::unique_ptr<TelnetStream>(new TelnetStream(std::move(*impl)));
}

Result<std::size_t> TelnetStream::read(std::string& out, Deadline deadline) {
    for (;;) {
        if (!impl_->inbox.empty()) {
            std::size_t n = impl_->inbox.size();
            out += impl_->inbox;
            impl_->inbox.clear();
            return n;
        }
        if (!impl_->fd.valid()) return std::size_t{0};
        auto got = impl_->receive(deadline, Stage::io);
        if (!got) return got.error();
        // Negotiation alone carries no data: keep waiting for data or the end.
        if (!*got && impl_->inbox.empty()) return std::size_t{0};
    }
}

Status TelnetStream::write(std::string_view data, Deadline deadline) {
    if (!impl_->fd.valid()) {
        return impl_->error(ErrorKind::disconnected, Stage::io, "write on a closed telnet connection");
    }
    return impl_->send_text(data, deadline);
}

void TelnetStream::close() {
    impl_->fd.reset();
    impl_->keepalive.reset();
}

const std::string& TelnetStream::label() const {
    return impl_->label;
}

}  // namespace vtyguard::drivers
