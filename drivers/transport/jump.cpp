#include "drivers/transport/jump.hpp"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "drivers/transport/ssh_core.hpp"

namespace vtyguard::drivers {

namespace {

// What the pump queues towards one side before the SSH window (or the socket pair's buffer)
// has to stop the sender.
constexpr std::size_t kMaxQueued = 256 * 1024;
constexpr const char* kOriginator = "127.0.0.1";

struct OpenRequest {
    std::string host;
    std::uint16_t port = 0;
    std::string label;  // "<target> via <path>"
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    bool cancelled = false;  // the requester's deadline passed; whatever comes is discarded
    UniqueFd fd;
    std::optional<Error> error;
};

// Hands the outcome to the requester; false when it is no longer waiting.
bool deliver(OpenRequest& r, UniqueFd fd, std::optional<Error> error) {
    std::lock_guard lock(r.m);
    if (r.cancelled) return false;
    r.fd = std::move(fd);
    r.error = std::move(error);
    r.done = true;
    r.cv.notify_all();
    return true;
}

struct OpenFailure {
    unsigned channel = 0;
    unsigned code = 0;
    std::string text;
};

// libssh: "Channel opening failure: channel 43 error (2) Connection refused".
std::optional<OpenFailure> parse_open_failure(std::string_view message) {
    constexpr std::string_view head = "Channel opening failure: channel ";
    auto at = message.find(head);
    if (at == std::string_view::npos) return std::nullopt;
    std::string rest(message.substr(at + head.size()));
    OpenFailure f;
    int consumed = 0;
    if (std::sscanf(rest.c_str(), "%u error (%u) %n", &f.channel, &f.code, &consumed) < 2) return std::nullopt;
    f.text = rest.substr(static_cast<std::size_t>(consumed));
    return f;
}

bool contains(const std::string& text, const char* needle) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find(needle) != std::string::npos;
}

// RFC 4254 reason codes; OpenSSH's sshd answers a failed connect with SSH2_OPEN_CONNECT_FAILED
// and strerror() of the connect ("Connection refused", "No route to host", ...).
Error classify_open_failure(const OpenFailure& f, const std::string& label) {
    std::string detail = "jump host: (" + std::to_string(f.code) + ") " + f.text;
    switch (f.code) {
        case 1:  // SSH2_OPEN_ADMINISTRATIVELY_PROHIBITED
        case 3:  // SSH2_OPEN_UNKNOWN_CHANNEL_TYPE
            return Error{ErrorKind::forward_denied, Stage::channel, label,
                         "the jump host does not allow TCP forwarding to this target (AllowTcpForwarding, "
                         "PermitOpen)",
                         detail};
        case 4:  // SSH2_OPEN_RESOURCE_SHORTAGE
            return Error{ErrorKind::resource, Stage::channel, label, "the jump host is out of resources for channels",
                         detail};
        default:
            break;
    }
    if (contains(f.text, "refused")) {
        return Error{ErrorKind::refused, Stage::tcp_connect, label,
                     "connection refused (seen from the jump host: nothing accepts TCP on that port)", detail};
    }
    if (contains(f.text, "timed out")) {
        return Error{ErrorKind::timeout, Stage::tcp_connect, label,
                     "TCP connect from the jump host timed out (filtered or silently dropped)", detail};
    }
    if (contains(f.text, "name or service") || contains(f.text, "unknown host") || contains(f.text, "resolution") ||
        contains(f.text, "no address") || contains(f.text, "not known")) {
        return Error{ErrorKind::resolve_failed, Stage::resolve, label, "the jump host cannot resolve the target's name",
                     detail};
    }
    return Error{ErrorKind::unreachable, Stage::tcp_connect, label,
                 "host unreachable from the jump host (no route, ICMP prohibited, or the connect failed)", detail};
}

// One direct-tcpip channel and our end of the socket pair the requester holds the other end of.
struct Forward {
    std::shared_ptr<OpenRequest> request;  // until the open is answered
    ssh_channel channel = nullptr;
    ssh_channel_callbacks_struct callbacks{};
    bool sent = false;
    std::optional<unsigned> local_id;  // libssh's number for the channel, from its log
    bool open = false;
    bool finished = false;
    UniqueFd local;
    std::string to_local;       // from the channel, not yet taken by the socket pair
    std::string to_remote;      // from the socket pair, not yet taken by the channel
    bool libssh_holds = false;  // libssh buffers channel data we declined (to_local was full)
    bool remote_eof = false;
    bool remote_closed = false;
    bool local_eof = false;  // the requester shut its writing side
    bool local_hup = false;  // the requester closed its end: nobody reads any more
    bool shut_local = false;
    bool registered = false;
    short mask = 0;
    short revents = 0;
};

void flush_to_local(Forward& f) {
    while (!f.to_local.empty() && !f.local_hup) {
        ssize_t n = ::send(f.local.get(), f.to_local.data(), f.to_local.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            f.to_local.erase(0, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0 && errno == EINTR) continue;
        f.local_hup = true;
        f.to_local.clear();
    }
}

int on_channel_data(ssh_session, ssh_channel, void* data, uint32_t len, int is_stderr, void* user) {
    auto& f = *static_cast<Forward*>(user);
    if (is_stderr != 0 || f.local_hup) return static_cast<int>(len);  // direct-tcpip has no stderr
    const char* bytes = static_cast<const char*>(data);
    std::size_t used = 0;
    if (f.to_local.empty()) {
        ssize_t n = ::send(f.local.get(), bytes, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            used = static_cast<std::size_t>(n);
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            f.local_hup = true;
            return static_cast<int>(len);
        }
    }
    std::size_t room = f.to_local.size() < kMaxQueued ? kMaxQueued - f.to_local.size() : 0;
    std::size_t take = std::min<std::size_t>(len - used, room);
    f.to_local.append(bytes + used, take);
    used += take;
    // What we leave stays in libssh's buffer and holds back the channel window.
    if (used < len) f.libssh_holds = true;
    return static_cast<int>(used);
}

void on_channel_eof(ssh_session, ssh_channel, void* user) {
    static_cast<Forward*>(user)->remote_eof = true;
}
void on_channel_close(ssh_session, ssh_channel, void* user) {
    static_cast<Forward*>(user)->remote_closed = true;
}

// poll(2) event bits from epoll's (the same values on Linux, spelled out to be sure).
short poll_bits(std::uint32_t events) {
    short bits = 0;
    if ((events & EPOLLIN) != 0) bits |= POLLIN;
    if ((events & EPOLLOUT) != 0) bits |= POLLOUT;
    if ((events & EPOLLHUP) != 0) bits |= POLLHUP;
    if ((events & EPOLLERR) != 0) bits |= POLLERR;
    return bits;
}

std::uint32_t epoll_bits(short want) {
    std::uint32_t bits = 0;
    if ((want & POLLIN) != 0) bits |= EPOLLIN;
    if ((want & POLLOUT) != 0) bits |= EPOLLOUT;
    return bits;
}

}  // namespace

std::string chain_key(const JumpChain& chain) {
    std::string key;
    for (const SshOptions& hop : chain) {
        if (!key.empty()) key += '>';
        key += hop.credentials.username + "@" + endpoint_label(hop.host, hop.port);
        // The same jump host reached from another local address is another session.
        if (!hop.source_address.empty()) key += "%" + hop.source_address;
    }
    return key;
}

namespace {

// libssh 0.10 keeps one error text per session, so when several opens fail in one batch of
// packets only the last reason would survive. It also logs each failure (at WARN, with the
// channel's number) and each channel's number when it is created (at PROTOCOL); its log level
// and callback are per thread, so the pump thread listens to its own session's log and nothing
// is printed anywhere.
struct PumpLog {
    Forward* creating = nullptr;                // the forward whose open is being sent
    std::map<unsigned, OpenFailure>* failures;  // by channel number
};
thread_local PumpLog* t_pump_log = nullptr;

void on_pump_log(int, const char*, const char* message, void*) {
    PumpLog* log = t_pump_log;
    if (log == nullptr || message == nullptr) return;
    std::string_view text(message);
    if (auto failure = parse_open_failure(text)) {
        (*log->failures)[failure->channel] = *failure;
        return;
    }
    constexpr std::string_view creating = "Creating a channel ";
    if (auto at = text.find(creating); at != std::string_view::npos && log->creating != nullptr) {
        unsigned id = 0;
        if (std::sscanf(std::string(text.substr(at + creating.size())).c_str(), "%u", &id) == 1) {
            log->creating->local_id = id;
        }
    }
}

}  // namespace

struct JumpSession::Impl {
    std::shared_ptr<detail::SshCore> core;
    std::string path;
    UniqueFd wake_fd;
    // What the pump sleeps on: the session's socket, the wake-up and every tunnel's end. epoll,
    // not the libssh event: that one is poll(2) over every descriptor it holds, on every libssh
    // call that reads (each channel read and open polls it), which with a hundred tunnels was
    // the pump's biggest cost. The libssh event holds only the session's socket.
    UniqueFd epoll_fd;
    std::thread pump;

    mutable std::mutex m;
    std::vector<std::shared_ptr<OpenRequest>> queue;
    bool stopping = false;
    std::string death;  // why the connection ended, once it has
    std::atomic<bool> alive{true};
    std::atomic<std::size_t> tunnels{0};

    // Pump thread only.
    std::uint32_t session_interest = 0;
    std::vector<std::unique_ptr<Forward>> forwards;
    std::map<unsigned, OpenFailure> failures;
    PumpLog log{nullptr, &failures};

    void wake() const {
        std::uint64_t one = 1;
        (void)!::write(wake_fd.get(), &one, sizeof one);
    }

    // OpenSSH's sshd leaves Nagle's algorithm on for a connection that runs no terminal (only
    // forwarded channels, as here), so it holds a small packet back until the one before it is
    // acknowledged, and Linux delays that acknowledgement by up to 40 ms: a device answer that
    // reached the jump host in more than one write stalled for it (about 70 ms a device on
    // loopback, lab/bench/fleet.py). TCP_QUICKACK sends the pending ACK at once; it does not
    // stick, so it is set again whenever the pump is about to sleep with packets read since the
    // last time. On a socket pair (a hop reached through another hop) it fails and changes
    // nothing.
    void acknowledge_now() const {
        int one = 1;
        (void)::setsockopt(core->fd.get(), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }

    // epoll data of the two descriptors that are not a tunnel's (a tunnel's is its Forward).
    static void* wake_marker() { return reinterpret_cast<void*>(1); }
    static void* session_marker() { return reinterpret_cast<void*>(2); }

    bool watch(int op, int fd, std::uint32_t events, void* data) const {
        epoll_event e{};
        e.events = events;
        e.data.ptr = data;
        return ::epoll_ctl(epoll_fd.get(), op, fd, &e) == 0;
    }

    // Sleeps until the session's socket, a tunnel or the wake-up has something (at most
    // `timeout_ms`), and records what each tunnel has in its `revents`.
    void wait_events(int timeout_ms) {
        // Writable matters only while libssh holds output the socket did not take.
        std::uint32_t interest = EPOLLIN;
        if ((ssh_get_poll_flags(core->session) & SSH_WRITE_PENDING) != 0) interest |= EPOLLOUT;
        if (interest != session_interest && watch(EPOLL_CTL_MOD, core->fd.get(), interest, session_marker()))
            session_interest = interest;
        std::array<epoll_event, 256> events;  // not zeroed: epoll_wait fills the first n
        int n = ::epoll_wait(epoll_fd.get(), events.data(), static_cast<int>(events.size()), timeout_ms);
        for (int i = 0; i < n; ++i) {
            void* data = events[static_cast<std::size_t>(i)].data.ptr;
            if (data == wake_marker()) {
                std::uint64_t count = 0;
                while (::read(wake_fd.get(), &count, sizeof count) > 0) {
                }
            } else if (data != session_marker()) {
                auto& f = *static_cast<Forward*>(data);
                f.revents = static_cast<short>(f.revents | poll_bits(events[static_cast<std::size_t>(i)].events));
            }
        }
    }

    void run() {
        t_pump_log = &log;
        ssh_set_log_callback(on_pump_log);
        ssh_set_log_level(SSH_LOG_WARN);
        std::uint64_t acknowledged = core->packets_in();
        for (;;) {
            // libssh calls below read the session's socket, so packets can be consumed by them
            // after the forward they concern was served in this pass: then the pass is repeated
            // instead of sleeping.
            std::uint64_t packets = core->packets_in();
            {
                std::lock_guard lock(m);
                if (stopping) break;
                for (auto& r : queue) {
                    auto f = std::make_unique<Forward>();
                    f->request = std::move(r);
                    forwards.push_back(std::move(f));
                }
                queue.clear();
            }
            std::size_t opening = 0;
            for (auto& f : forwards) opening += f->open ? 0 : 1;
            for (std::size_t i = 0; i < forwards.size(); ++i) {
                Forward& f = *forwards[i];
                if (f.finished) continue;
                if (!f.open) advance_open(f, opening);
                // A channel that has just opened may already hold the target's first bytes.
                if (f.open && !f.finished) service(f);
            }
            reap();
            if (!core->alive()) {
                die("the connection to the jump host was lost");
                return;
            }
            update_masks();
            const bool busy = core->packets_in() != packets;
            // Before sleeping: while the pump is busy, what it sends carries the ACK anyway.
            if (!busy && core->packets_in() != acknowledged) {
                acknowledged = core->packets_in();
                acknowledge_now();
            }
            wait_events(busy ? 0 : 1000);
            // Reads what the session's socket has (callbacks fill the tunnels) and sends what
            // libssh holds, without waiting: the wait was above.
            int rc = ssh_event_dopoll(core->event, 0);
            if (rc == SSH_ERROR && !core->alive()) {
                die("the connection to the jump host was lost");
                return;
            }
        }
        teardown("the jump session was closed");
    }

    Error lost(const std::string& label, const std::string& why) const {
        return Error{ErrorKind::disconnected, Stage::channel, label, why + " (" + path + ")",
                     core->session != nullptr ? ssh_get_error(core->session) : ""};
    }

    void advance_open(Forward& f, std::size_t opening) {
        OpenRequest& r = *f.request;
        if (f.channel == nullptr) {
            {
                std::lock_guard lock(r.m);
                if (r.cancelled) {
                    f.finished = true;
                    return;
                }
            }
            f.channel = ssh_channel_new(core->session);
            if (f.channel == nullptr) {
                deliver(r, {}, Error{ErrorKind::resource, Stage::channel, r.label, "cannot create a channel", ""});
                f.finished = true;
                return;
            }
        }
        int rc = 0;
        if (!f.sent) {
            // The first call sends the open and numbers the channel: listen for the number.
            f.sent = true;
            log.creating = &f;
            ssh_set_log_level(SSH_LOG_PROTOCOL);
            rc = ssh_channel_open_forward(f.channel, r.host.c_str(), r.port, kOriginator, 0);
            ssh_set_log_level(SSH_LOG_WARN);
            log.creating = nullptr;
        } else {
            rc = ssh_channel_open_forward(f.channel, r.host.c_str(), r.port, kOriginator, 0);
        }
        if (rc == SSH_AGAIN) return;
        if (rc == SSH_OK) {
            opened(f);
        } else {
            failed(f, opening);
        }
    }

    void opened(Forward& f) {
        OpenRequest& r = *f.request;
        auto pair = stream_pair(r.label);
        if (!pair) {
            deliver(r, {}, pair.error());
            f.finished = true;
            return;
        }
        f.local = std::move(pair->first);
        if (!deliver(r, std::move(pair->second), std::nullopt)) {
            f.finished = true;  // the requester gave up meanwhile: close the channel right away
            return;
        }
        f.request.reset();
        f.open = true;
        ssh_callbacks_init(&f.callbacks);
        f.callbacks.userdata = &f;
        f.callbacks.channel_data_function = on_channel_data;
        f.callbacks.channel_eof_function = on_channel_eof;
        f.callbacks.channel_close_function = on_channel_close;
        ssh_set_channel_callbacks(f.channel, &f.callbacks);
        // Data that arrived with the confirmation went to libssh's buffer before the callbacks.
        f.libssh_holds = true;
        tunnels.fetch_add(1);
    }

    void failed(Forward& f, std::size_t opening) {
        OpenRequest& r = *f.request;
        f.finished = true;
        if (!core->alive()) {
            deliver(r, {}, lost(r.label, "the connection to the jump host was lost while opening a channel"));
            return;
        }
        if (f.local_id) {
            if (auto it = failures.find(*f.local_id); it != failures.end()) {
                deliver(r, {}, classify_open_failure(it->second, r.label));
                failures.erase(it);
                return;
            }
        }
        // Without the log (another libssh's wording), the session's last error is this
        // channel's only when no other open was pending.
        std::string message = ssh_get_error(core->session);
        auto failure = parse_open_failure(message);
        if (failure && opening == 1) {
            deliver(r, {}, classify_open_failure(*failure, r.label));
            return;
        }
        deliver(r, {},
                Error{ErrorKind::protocol, Stage::channel, r.label,
                      "the jump host refused the channel; its reason was lost among other failures", message});
    }

    void pull(Forward& f) {
        std::array<char, 32768> buffer{};
        while (f.libssh_holds && f.to_local.empty() && !f.local_hup) {
            f.libssh_holds = false;
            int n = ssh_channel_read_nonblocking(f.channel, buffer.data(), buffer.size(), 0);
            if (n <= 0) break;
            // The callback path would have done the same: write what the pair takes, queue the rest.
            int used = on_channel_data(core->session, f.channel, buffer.data(), static_cast<uint32_t>(n), 0, &f);
            if (used < n) {
                // Cannot happen with an empty queue below kMaxQueued, but never drop bytes.
                f.to_local.append(buffer.data() + used, static_cast<std::size_t>(n - used));
            }
            if (static_cast<std::size_t>(n) == buffer.size()) f.libssh_holds = true;
        }
    }

    void read_local(Forward& f) {
        std::array<char, 32768> buffer{};
        if (!f.to_remote.empty()) {
            if (!write_remote(f)) return;
        }
        uint32_t window = ssh_channel_window_size(f.channel);
        if (window == 0) return;
        std::size_t want = std::min<std::size_t>(buffer.size(), window);
        ssize_t n = ::recv(f.local.get(), buffer.data(), want, MSG_DONTWAIT);
        if (n > 0) {
            f.to_remote.assign(buffer.data(), static_cast<std::size_t>(n));
            write_remote(f);
        } else if (n == 0) {
            f.local_eof = true;
            ssh_channel_send_eof(f.channel);
        } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            f.local_eof = true;
            f.local_hup = true;
        }
    }

    // True when everything queued went into the channel.
    bool write_remote(Forward& f) {
        while (!f.to_remote.empty()) {
            uint32_t window = ssh_channel_window_size(f.channel);
            if (window == 0) return false;
            auto chunk = static_cast<uint32_t>(std::min<std::size_t>(f.to_remote.size(), window));
            int n = ssh_channel_write(f.channel, f.to_remote.data(), chunk);
            if (n <= 0) return false;  // an error surfaces as a dead session or a closed channel
            f.to_remote.erase(0, static_cast<std::size_t>(n));
        }
        return true;
    }

    void service(Forward& f) {
        short events = f.revents;
        f.revents = 0;
        flush_to_local(f);
        pull(f);
        if (!f.to_remote.empty()) write_remote(f);
        if ((events & POLLIN) != 0 && !f.local_eof) read_local(f);
        if ((events & (POLLHUP | POLLERR)) != 0) {
            // The requester closed its end (or both directions are shut): pass on what it wrote
            // last, as far as the window allows, then finish.
            for (int i = 0; i < 64 && !f.local_eof && f.to_remote.empty() && ssh_channel_window_size(f.channel) > 0;
                 ++i) {
                read_local(f);
            }
            f.local_hup = true;
        }
        if (f.remote_eof && f.to_local.empty() && !f.libssh_holds && !f.shut_local && !f.local_hup) {
            ::shutdown(f.local.get(), SHUT_WR);
            f.shut_local = true;
        }
        if (f.local_hup) f.finished = true;
        if (f.remote_closed && f.to_local.empty() && !f.libssh_holds) f.finished = true;
        if (ssh_channel_is_closed(f.channel) && f.to_local.empty() && !f.libssh_holds) f.finished = true;
    }

    void release(Forward& f) {
        if (f.registered) {
            watch(EPOLL_CTL_DEL, f.local.get(), 0, nullptr);
            f.registered = false;
        }
        if (f.channel != nullptr) {
            if (f.open) {
                ssh_remove_channel_callbacks(f.channel, &f.callbacks);
                tunnels.fetch_sub(1);
            }
            if (core->alive() && !ssh_channel_is_closed(f.channel)) ssh_channel_close(f.channel);
            ssh_channel_free(f.channel);
            f.channel = nullptr;
        }
        f.local.reset();
    }

    void reap() {
        // An open still awaiting its answer keeps its channel, even when the requester has given
        // up: freeing it early would leave the jump host's connection to the target open.
        for (auto& f : forwards) {
            if (!f->finished) continue;
            if (f->local_id) failures.erase(*f->local_id);
            release(*f);
        }
        std::erase_if(forwards, [](const std::unique_ptr<Forward>& f) { return f->finished; });
    }

    void update_masks() {
        for (auto& fp : forwards) {
            Forward& f = *fp;
            if (!f.open) continue;
            short want = 0;
            if (!f.local_eof && f.to_remote.empty() && ssh_channel_window_size(f.channel) > 0) want |= POLLIN;
            if (!f.to_local.empty()) want |= POLLOUT;
            if (f.registered && want == f.mask) continue;
            // Registered even with no events: epoll still reports the requester hanging up.
            f.registered = watch(f.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, f.local.get(), epoll_bits(want), &f);
            f.mask = want;
        }
    }

    void teardown(const std::string& why) {
        for (auto& f : forwards) {
            if (f->request) deliver(*f->request, {}, lost(f->request->label, why));
            f->finished = true;
        }
        reap();
        std::vector<std::shared_ptr<OpenRequest>> pending;
        {
            std::lock_guard lock(m);
            pending.swap(queue);
        }
        for (auto& r : pending) deliver(*r, {}, lost(r->label, why));
    }

    void die(const std::string& why) {
        {
            std::lock_guard lock(m);
            alive = false;
            death = why;
        }
        teardown(why);
    }
};

JumpSession::JumpSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

JumpSession::~JumpSession() {
    {
        std::lock_guard lock(impl_->m);
        impl_->stopping = true;
    }
    if (impl_->pump.joinable()) {
        impl_->wake();
        impl_->pump.join();
    }
}

Result<std::shared_ptr<JumpSession>> JumpSession::start(SshSession session) {
    auto impl = std::make_unique<Impl>();
    impl->core = std::move(session.core_);
    detail::SshCore& core = *impl->core;
    impl->path = core.via.empty() ? core.endpoint : core.via + " > " + core.endpoint;
    impl->wake_fd.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    impl->epoll_fd.reset(::epoll_create1(EPOLL_CLOEXEC));
    impl->session_interest = EPOLLIN;
    if (!impl->wake_fd.valid() || !impl->epoll_fd.valid() ||
        !impl->watch(EPOLL_CTL_ADD, impl->wake_fd.get(), EPOLLIN, Impl::wake_marker()) ||
        !impl->watch(EPOLL_CTL_ADD, core.fd.get(), EPOLLIN, Impl::session_marker())) {
        return Error{ErrorKind::resource, Stage::channel, core.label, "cannot set up the jump session's wake-up",
                     std::strerror(errno)};
    }
    std::shared_ptr<JumpSession> js(new JumpSession(std::move(impl)));
    try {
        js->impl_->pump = std::thread([impl = js->impl_.get()] { impl->run(); });
    } catch (const std::system_error& e) {
        return Error{ErrorKind::resource, Stage::channel, js->impl_->core->label,
                     "cannot start the jump session's thread", e.what()};
    }
    return js;
}

Result<Tunnel> JumpSession::open(const std::string& host, std::uint16_t port, Deadline deadline,
                                 const std::string& label) {
    auto r = std::make_shared<OpenRequest>();
    r->host = host;
    r->port = port;
    r->label = (label.empty() ? endpoint_label(host, port) : label) + " via " + impl_->path;
    {
        std::lock_guard lock(impl_->m);
        if (!impl_->alive || impl_->stopping) {
            return Error{ErrorKind::disconnected, Stage::channel, r->label,
                         "the jump host's connection is gone: " + impl_->death, ""};
        }
        impl_->queue.push_back(r);
    }
    impl_->wake();
    std::unique_lock lock(r->m);
    if (!r->cv.wait_until(lock, deadline, [&] { return r->done; })) {
        r->cancelled = true;
        return Error{ErrorKind::timeout, Stage::tcp_connect, r->label,
                     "no answer before the deadline: the jump host's TCP connect to the target got no reply "
                     "(filtered or silently dropped)",
                     ""};
    }
    if (r->error) return *r->error;
    return Tunnel{std::move(r->fd), shared_from_this(), impl_->path};
}

bool JumpSession::alive() const {
    return impl_->alive.load();
}
const std::string& JumpSession::path() const {
    return impl_->path;
}
std::size_t JumpSession::open_tunnels() const {
    return impl_->tunnels.load();
}

// --- JumpPool ---------------------------------------------------------------------------------

struct JumpPool::Impl {
    struct Entry {
        std::timed_mutex login;  // held while logging in, so one thread logs in and the others wait
        std::shared_ptr<JumpSession> session;
        std::optional<Error> failure;
        Clock::time_point failed_at{};
    };

    JumpPoolOptions options;
    mutable std::mutex m;
    std::map<std::string, std::shared_ptr<Entry>> entries;
    std::size_t logins = 0;
    std::size_t tunnels = 0;

    std::shared_ptr<Entry> entry(const std::string& key) {
        std::lock_guard lock(m);
        auto& e = entries[key];
        if (!e) e = std::make_shared<Entry>();
        return e;
    }
};

JumpPool::JumpPool(JumpPoolOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
}
JumpPool::~JumpPool() = default;

Result<std::shared_ptr<JumpSession>> JumpPool::session(const JumpChain& chain, Deadline deadline) {
    if (chain.empty()) {
        return Error{ErrorKind::invalid_argument, Stage::tcp_connect, "", "an empty jump chain has no session", ""};
    }
    std::shared_ptr<JumpSession> parent;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const SshOptions& hop = chain[i];
        auto e = impl_->entry(chain_key(JumpChain(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(i) + 1)));
        std::unique_lock lock(e->login, std::defer_lock);
        if (!lock.try_lock_until(deadline)) {
            return Error{ErrorKind::timeout, Stage::authentication, endpoint_label(hop.host, hop.port),
                         "timed out waiting for another thread's login to this jump host", ""};
        }
        if (e->session && e->session->alive()) {
            parent = e->session;
            continue;
        }
        if (e->failure && Clock::now() - e->failed_at < impl_->options.retry_after) return *e->failure;
        e->session.reset();
        e->failure.reset();
        auto s = parent ? [&]() -> Result<SshSession> {
            auto tunnel = parent->open(hop.host, hop.port, deadline);
            if (!tunnel) return tunnel.error();
            return SshSession::connect(hop, std::move(tunnel.value()), deadline);
        }()
            : SshSession::connect(hop, deadline);
        Result<std::shared_ptr<JumpSession>> js =
            s ? JumpSession::start(std::move(s.value())) : Result<std::shared_ptr<JumpSession>>(s.error());
        if (!js) {
            Error failure = js.error();
            failure.message = "jump host login failed: " + failure.message;
            // Remembered only when it describes the jump host: a timeout may be this caller's own
            // short deadline, and must not fail every device behind the bastion for retry_after.
            if (failure.kind != ErrorKind::timeout) {
                e->failure = failure;
                e->failed_at = Clock::now();
            }
            return failure;
        }
        e->session = js.value();
        {
            std::lock_guard pool_lock(impl_->m);
            ++impl_->logins;
        }
        parent = e->session;
    }
    return parent;
}

Result<Tunnel> JumpPool::open(const JumpChain& chain, const std::string& host, std::uint16_t port, Deadline deadline,
                              const std::string& label) {
    auto js = session(chain, deadline);
    if (!js) return js.error();
    auto tunnel = js.value()->open(host, port, deadline, label);
    if (tunnel) {
        std::lock_guard lock(impl_->m);
        ++impl_->tunnels;
    }
    return tunnel;
}

JumpPoolStats JumpPool::stats() const {
    std::lock_guard lock(impl_->m);
    JumpPoolStats s;
    s.logins = impl_->logins;
    s.tunnels_opened = impl_->tunnels;
    for (const auto& [key, e] : impl_->entries) {
        // A login in progress holds the entry; it is not alive yet either.
        std::unique_lock entry_lock(e->login, std::try_to_lock);
        if (entry_lock.owns_lock() && e->session && e->session->alive()) ++s.live_sessions;
    }
    return s;
}

void JumpPool::clear() {
    std::map<std::string, std::shared_ptr<Impl::Entry>> old;
    {
        std::lock_guard lock(impl_->m);
        old.swap(impl_->entries);
    }
}

Result<SshSession> connect_via(JumpPool& pool, const JumpChain& chain, const SshOptions& target, Deadline deadline) {
    if (chain.empty()) return SshSession::connect(target, deadline);
    std::string label = target.name.empty() || target.name == target.host
                            ? endpoint_label(target.host, target.port)
                            : target.name + " (" + endpoint_label(target.host, target.port) + ")";
    auto tunnel = pool.open(chain, target.host, target.port, deadline, label);
    if (!tunnel) return tunnel.error();
    return SshSession::connect(target, std::move(tunnel.value()), deadline);
}

}  // namespace vtyguard::drivers
