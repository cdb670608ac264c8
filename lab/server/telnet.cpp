// One telnet connection: the minimal RFC 854 negotiation a Cisco vty does (the server echoes and
// suppresses go-ahead, every other option is refused), the IOS login dialogue, then a lab
// Session.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "lab/server/internal.hpp"

namespace vtyguard::lab::detail {

namespace {

using namespace std::chrono_literals;

constexpr unsigned char kIac = 255, kDont = 254, kDo = 253, kWont = 252, kWill = 251, kSb = 250, kSe = 240;
constexpr unsigned char kEcho = 1, kSga = 3;
// IOS `timeout login response` default, per prompt.
constexpr auto kPromptTimeout = 30s;
constexpr int kLoginAttempts = 3;
constexpr int kPollMs = 100;

class Telnet {
public:
    explicit Telnet(ConnectionContext& ctx) : ctx_(ctx) {}

    bool send_raw(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(ctx_.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }
    // Data bytes: a 0xFF in the output (the garbage fault) must go out as IAC IAC.
    bool send(std::string_view data) {
        if (data.find(static_cast<char>(kIac)) == std::string_view::npos) return send_raw(data);
        std::string escaped;
        escaped.reserve(data.size() + 8);
        for (char c : data) {
            escaped += c;
            if (static_cast<unsigned char>(c) == kIac) escaped += c;
        }
        return send_raw(escaped);
    }

    // Waits up to `timeout_ms` for bytes and appends the data among them to `out` (commands
    // stripped and answered). False when the client went away or the server stops.
    bool receive(std::string& out, int timeout_ms) {
        if (ctx_.stopping) return false;
        pollfd p{ctx_.fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, timeout_ms);
        if (ready < 0) return errno == EINTR;
        if (ready == 0) return true;
        unsigned char buffer[4096];
        const ssize_t n = ::recv(ctx_.fd, buffer, sizeof buffer, 0);
        if (n < 0) return errno == EINTR;
        if (n == 0) return false;
        std::string reply;
        for (ssize_t i = 0; i < n; ++i) decode(buffer[i], out, reply);
        return reply.empty() || send_raw(reply);
    }

private:
    void decode(unsigned char c, std::string& out, std::string& reply) {
        switch (state_) {
            case State::data:
                if (c == kIac) {
                    state_ = State::command;
                } else if (!(c == 0 && after_cr_)) {  // CR NUL is a bare carriage return
                    out += static_cast<char>(c);
                }
                after_cr_ = c == '\r';
                return;
            case State::command:
                if (c == kIac) {
                    out += static_cast<char>(c);
                    state_ = State::data;
                } else if (c == kWill || c == kWont || c == kDo || c == kDont) {
                    verb_ = c;
                    state_ = State::option;
                } else {
                    state_ = c == kSb ? State::subnegotiation : State::data;
                }
                return;
            case State::option:
                answer(verb_, c, reply);
                state_ = State::data;
                return;
            case State::subnegotiation:
                if (c == kIac) state_ = State::subnegotiation_iac;
                return;
            case State::subnegotiation_iac:
                state_ = c == kSe ? State::data : State::subnegotiation;
                return;
        }
    }

    // We offered WILL ECHO and WILL SUPPRESS-GO-AHEAD; the client's agreement needs no answer,
    // everything else is refused once per request.
    void answer(unsigned char verb, unsigned char option, std::string& reply) {
        auto put = [&](unsigned char v) {
            reply += static_cast<char>(kIac);
            reply += static_cast<char>(v);
            reply += static_cast<char>(option);
        };
        if (verb == kDo && option != kEcho && option != kSga) put(kWont);
        if (verb == kWill) {
            if (option != kSga) {
                put(kDont);
            } else if (!sent_do_sga_) {
                put(kDo);
                sent_do_sga_ = true;
            }
        }
    }

    enum class State { data, command, option, subnegotiation, subnegotiation_iac };
    ConnectionContext& ctx_;
    State state_ = State::data;
    unsigned char verb_ = 0;
    bool after_cr_ = false;
    bool sent_do_sga_ = false;
};

// The login dialogue's line editing. The server echoes (WILL ECHO); bytes after a line stay in
// `pending` for the next prompt or the session.
struct LineReader {
    LineReader(Telnet& t, const std::atomic<bool>& s) : telnet(t), stopping(s) {}

    Telnet& telnet;
    const std::atomic<bool>& stopping;
    std::string pending;
    bool skip_lf = false;  // the last line ended with CR: its LF may still be on the way

    void drop_lf() {
        if (skip_lf && !pending.empty()) {
            if (pending.front() == '\n') pending.erase(0, 1);
            skip_lf = false;
        }
    }

    std::optional<std::string> read(bool echo) {
        const auto deadline = std::chrono::steady_clock::now() + kPromptTimeout;
        std::string line;
        while (!stopping && std::chrono::steady_clock::now() < deadline) {
            drop_lf();
            while (!pending.empty()) {
                const char c = pending.front();
                pending.erase(0, 1);
                if (c == '\r' || c == '\n') {
                    skip_lf = c == '\r';
                    drop_lf();
                    if (!telnet.send("\r\n")) return std::nullopt;
                    return line;
                }
                if (c == '\b' || c == 0x7f) {
                    if (!line.empty()) {
                        line.pop_back();
                        if (echo && !telnet.send("\b \b")) return std::nullopt;
                    }
                    continue;
                }
                line += c;
                if (echo && !telnet.send(std::string_view(&c, 1))) return std::nullopt;
            }
            if (!telnet.receive(pending, kPollMs)) return std::nullopt;
        }
        return std::nullopt;
    }
};

}  // namespace

void serve_telnet(ConnectionContext& ctx) {
    Telnet telnet(ctx);
    Device& device = *ctx.entry.device;
    const std::string offer = {static_cast<char>(kIac), static_cast<char>(kWill), static_cast<char>(kEcho),
                               static_cast<char>(kIac), static_cast<char>(kWill), static_cast<char>(kSga)};
    LineReader reader{telnet, ctx.stopping};
    std::optional<Login> login;
    std::string user;
    // IOS `login` (a line password) asks only for the password and ends with `% Bad passwords`;
    // every other method asks for a username too and says `% Login invalid` after each miss.
    const bool ask_username = device.telnet_asks_username(ctx.port, ctx.line);
    if (telnet.send_raw(offer) && telnet.send("\r\n\r\nUser Access Verification\r\n\r\n")) {
        for (int attempt = 0; attempt < kLoginAttempts && !login; ++attempt) {
            std::optional<std::string> name = std::string();
            if (ask_username) {
                if (!telnet.send("Username: ")) break;
                name = reader.read(true);
            }
            if (!name || !telnet.send("Password: ")) break;
            auto password = reader.read(false);
            if (!password) break;
            Login result = device.login(*name, *password, ctx.port, Service::telnet, ctx.line);
            if (result.ok) {
                user = *name;
                login = result;
                break;
            }
            ctx.log(ctx.describe() + ": authentication failed for '" + *name + "': " + result.message);
            if (ask_username && !telnet.send("% Login invalid\r\n\r\n")) break;
            if (!ask_username && attempt + 1 == kLoginAttempts) telnet.send("% Bad passwords\r\n");
        }
    }
    if (!login) {
        ::close(ctx.fd);
        return;
    }
    ctx.log(ctx.describe() + ": user " + user + " logged in at privilege " + std::to_string(login->privilege));

    const Faults& faults = device.spec().faults;
    auto write = [&](std::string_view bytes) { return telnet.send(bytes); };
    Session cli(device, &ctx.fleet, user, login->privilege, ctx.peer, Service::telnet, ctx.line);
    Reply reply = cli.start();
    SendResult result = send_with_faults(faults, reply, ctx.stopping, write);
    while (result == SendResult::ok && !reply.close) {
        if (reader.pending.empty() && !telnet.receive(reader.pending, kPollMs)) break;
        reader.drop_lf();
        if (reader.pending.empty()) continue;
        reply = cli.input(reader.pending);
        reader.pending.clear();
        result = send_with_faults(faults, reply, ctx.stopping, write);
    }
    if (result == SendResult::dropped) {
        ::shutdown(ctx.ctl_fd, SHUT_RDWR);
        ctx.log(ctx.describe() + ": connection dropped mid-output (fault)");
    }
    ::close(ctx.fd);
}

}  // namespace vtyguard::lab::detail
