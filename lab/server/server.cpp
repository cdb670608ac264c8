// The accept side: one listening socket per device and port, all watched by one epoll thread that
// accepts, sets TCP_NODELAY and hands each connection to its own thread; the same thread follows
// config_generation() so listeners open and close as the running-configs change.
#include "lab/server/server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <list>
#include <map>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "lab/files/private_files.hpp"
#include "lab/server/internal.hpp"

namespace vtyguard::lab {

using namespace std::chrono_literals;
using detail::ConnectionContext;
using detail::DeviceEntry;

namespace {

constexpr int kBacklog = 1024;
constexpr auto kGenerationPoll = 50ms;

std::string errno_text(int err) {
    return std::error_code(err, std::generic_category()).message();
}

bool is_loopback(std::string_view address, in_addr& out) {
    const std::string text(address);
    if (::inet_pton(AF_INET, text.c_str(), &out) != 1) return false;
    return (ntohl(out.s_addr) >> 24) == 127;
}

std::string_view service_name(Service s) {
    return s == Service::ssh ? "ssh" : "telnet";
}

// Lifts the descriptor limit to the hard limit: 1,000 devices need more than the usual 1,024
// descriptors for their listeners alone, before any connection.
void raise_descriptor_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

struct Server::Impl {
    struct Listener {
        int fd = -1;
        DeviceEntry* entry = nullptr;
        std::uint16_t port = 0;
        Service service = Service::ssh;
    };
    struct DeviceState {
        DeviceEntry entry;
        in_addr address{};
        std::uint64_t generation = 0;
        bool retry = false;  // a listener failed to open: try again at the next poll
        std::map<std::pair<std::uint16_t, Service>, std::unique_ptr<Listener>> listeners;
    };
    struct Connection {
        std::thread thread;
        int ctl_fd = -1;
        std::atomic<bool> done{false};
    };

    Fleet& fleet;
    ServerOptions options;
    detail::Log log;

    std::atomic<bool> stopping{false};
    bool running = false;
    std::vector<std::unique_ptr<DeviceState>> devices;
    int epoll_fd = -1;
    int wake_fd = -1;
    int change_fd = -1;  // devices write to it when their config changes (Device::notify_changes_to)
    std::thread event_thread;

    mutable std::mutex connections_mutex;
    std::list<std::unique_ptr<Connection>> connections;

    std::atomic<std::size_t> listener_count{0};
    std::atomic<std::size_t> active{0};
    std::atomic<std::size_t> accepted{0};

    Impl(Fleet& f, ServerOptions o) : fleet(f), options(std::move(o)), log(options.log) {}

    bool start(std::string& error);
    void stop();
    void release_devices();
    bool prepare_device(Device& device, std::string& error);
    bool reconcile(DeviceState& state, std::string& error);
    bool open_listener(DeviceState& state, std::uint16_t port, Service service, std::string& error);
    void close_listener(Listener& listener);
    void event_loop();
    void poll_generations();
    void accept_all(Listener& listener);
    void spawn(Listener& listener, int fd, const sockaddr_in& peer);
    void reap(bool all);
};

bool Server::Impl::prepare_device(Device& device, std::string& error) {
    const DeviceSpec& spec = device.spec();
    auto state = std::make_unique<DeviceState>();
    state->entry.device = &device;
    if (!is_loopback(spec.address, state->address)) {
        error = spec.name + ": address '" + spec.address + "' is not a loopback address (127.0.0.0/8)";
        return false;
    }
    ssh_bind bind = ssh_bind_new();
    if (bind == nullptr) {
        error = spec.name + ": cannot allocate an ssh_bind";
        return false;
    }
    state->entry.bind = bind;
    DeviceEntry& entry = state->entry;
    devices.push_back(std::move(state));  // from here release_devices() frees the bind

    bool process_config = false;  // never read /etc/libssh: the device's config is the only truth
    int verbosity = SSH_LOG_NOLOG;
    if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &process_config) != SSH_OK ||
        ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BANNER, "Cisco-1.25") != SSH_OK ||
        ssh_bind_options_set(bind, SSH_BIND_OPTIONS_LOG_VERBOSITY, &verbosity) != SSH_OK) {
        error = spec.name + ": ssh_bind options: " + ssh_get_error(bind);
        return false;
    }
    std::string warning;
    if (!detail::configure_bind(entry, options.state_dir, error, warning)) return false;
    if (!warning.empty()) log(warning);
    return true;
}

bool Server::Impl::open_listener(DeviceState& state, std::uint16_t port, Service service, std::string& error) {
    const DeviceSpec& spec = state.entry.device->spec();
    const std::string where =
        spec.name + " " + spec.address + ":" + std::to_string(port) + " (" + std::string(service_name(service)) + ")";
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = where + ": socket: " + errno_text(errno);
        return false;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr = state.address;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, kBacklog) != 0) {
        error = where + ": " + errno_text(errno);
        ::close(fd);
        return false;
    }
    auto listener = std::make_unique<Listener>(Listener{fd, &state.entry, port, service});
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = listener.get();
    if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        error = where + ": epoll_ctl: " + errno_text(errno);
        ::close(fd);
        return false;
    }
    state.listeners.emplace(std::make_pair(port, service), std::move(listener));
    ++listener_count;
    log(where + ": listening");
    return true;
}

void Server::Impl::close_listener(Listener& listener) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listener.fd, nullptr);
    ::close(listener.fd);
    --listener_count;
    const DeviceSpec& spec = listener.entry->device->spec();
    log(spec.name + " " + spec.address + ":" + std::to_string(listener.port) + " (" +
        std::string(service_name(listener.service)) + "): closed");
}

// Makes the device's listeners match listening_ports() exactly. A port both services claim is
// served as SSH (the simulated IOS never configures that; this keeps one socket per port).
bool Server::Impl::reconcile(DeviceState& state, std::string& error) {
    Device& device = *state.entry.device;
    std::map<std::pair<std::uint16_t, Service>, bool> wanted;
    std::map<std::uint16_t, bool> ports_taken;
    for (Service service : {Service::ssh, Service::telnet}) {
        for (std::uint16_t port : device.listening_ports(service)) {
            if (ports_taken.emplace(port, true).second) wanted.emplace(std::make_pair(port, service), true);
        }
    }
    for (auto it = state.listeners.begin(); it != state.listeners.end();) {
        if (wanted.count(it->first) == 0) {
            close_listener(*it->second);
            it = state.listeners.erase(it);
        } else {
            ++it;
        }
    }
    bool ok = true;
    for (const auto& [key, unused] : wanted) {
        if (state.listeners.count(key) != 0) continue;
        std::string one_error;
        if (!open_listener(state, key.first, key.second, one_error)) {
            if (ok) error = one_error;
            ok = false;
        }
    }
    state.retry = !ok;
    return ok;
}

void Server::Impl::release_devices() {
    for (auto& state : devices) {
        for (auto& [key, listener] : state->listeners) close_listener(*listener);
        state->listeners.clear();
        if (state->entry.bind != nullptr) ssh_bind_free(state->entry.bind);
        state->entry.bind = nullptr;
    }
    devices.clear();
}

bool Server::Impl::start(std::string& error) {
    if (running) {
        error = "the lab server is already running";
        return false;
    }
    raise_descriptor_limit();
    if (ssh_init() != SSH_OK) {
        error = "libssh initialisation failed";
        return false;
    }
    // Host keys are read back from it: a directory someone else could write to is refused.
    if (std::string why; !ensure_private_dir(options.state_dir, why)) {
        error = "state directory: " + why;
        return false;
    }
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    change_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd < 0 || wake_fd < 0 || change_fd < 0) {
        error = "epoll/eventfd: " + errno_text(errno);
        stop();
        return false;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr;  // the wake-up descriptor
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);
    ev.data.ptr = &change_fd;  // a device's config changed
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, change_fd, &ev);

    stopping = false;
    for (const auto& device : fleet.devices()) {
        if (!prepare_device(*device, error)) {
            stop();
            return false;
        }
    }
    for (auto& state : devices) {
        state->entry.device->notify_changes_to(change_fd);
        state->generation = state->entry.device->config_generation();
        if (!reconcile(*state, error)) {
            stop();
            return false;
        }
    }
    running = true;
    try {
        event_thread = std::thread([this] { event_loop(); });
    } catch (const std::system_error& e) {
        error = std::string("cannot start the accept thread: ") + e.what();
        stop();
        return false;
    }
    return true;
}

void Server::Impl::stop() {
    stopping = true;
    if (event_thread.joinable()) {
        const std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(wake_fd, &one, sizeof one);
        event_thread.join();
    }
    {
        // Blocked libssh, telnet and drop threads all wake up on a shut-down socket.
        std::lock_guard lock(connections_mutex);
        for (auto& c : connections) ::shutdown(c->ctl_fd, SHUT_RDWR);
    }
    reap(true);
    for (auto& state : devices) state->entry.device->notify_changes_to(-1);
    release_devices();
    if (wake_fd >= 0) ::close(wake_fd);
    if (change_fd >= 0) ::close(change_fd);
    if (epoll_fd >= 0) ::close(epoll_fd);
    wake_fd = change_fd = epoll_fd = -1;
    running = false;
}

void Server::Impl::event_loop() {
    std::array<epoll_event, 256> events{};
    auto next_poll = std::chrono::steady_clock::now() + kGenerationPoll;
    while (!stopping) {
        const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()),
                                   static_cast<int>(kGenerationPoll.count()));
        if (n < 0 && errno != EINTR) {
            log("epoll_wait: " + errno_text(errno));
            break;
        }
        bool changed = false;
        for (int i = 0; i < n && !stopping; ++i) {
            void* what = events[static_cast<std::size_t>(i)].data.ptr;
            if (what == nullptr) continue;  // stop() woke us
            if (what == &change_fd) {
                std::uint64_t count = 0;
                [[maybe_unused]] auto r = ::read(change_fd, &count, sizeof count);
                changed = true;
                continue;
            }
            accept_all(*static_cast<Listener*>(what));
        }
        const auto now = std::chrono::steady_clock::now();
        // A config change is followed at once; the poll catches what changes without a session
        // (a rollback or reload timer that expires: config_generation() runs it).
        if ((changed || now >= next_poll) && !stopping) {
            poll_generations();
            reap(false);
            next_poll = now + kGenerationPoll;
        }
    }
}

void Server::Impl::poll_generations() {
    for (auto& state : devices) {
        const std::uint64_t generation = state->entry.device->config_generation();
        if (generation == state->generation && !state->retry) continue;
        const bool changed = generation != state->generation;
        state->generation = generation;
        // Keys and algorithms first, so a listener that opens now serves the new ones.
        std::string error;
        std::string warning;
        if (changed && !detail::configure_bind(state->entry, options.state_dir, error, warning)) log(error);
        if (!warning.empty()) log(warning);
        // A port that failed to open is retried at every poll but reported once.
        if (!reconcile(*state, error) && changed) log(error);
    }
}

void Server::Impl::accept_all(Listener& listener) {
    for (;;) {
        sockaddr_in peer{};
        socklen_t len = sizeof peer;
        const int fd = ::accept4(listener.fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
        if (fd >= 0) {
            spawn(listener, fd, peer);
            continue;
        }
        const int err = errno;
        if (err == EINTR || err == ECONNABORTED) continue;
        if (err == EAGAIN || err == EWOULDBLOCK) return;
        log("accept on " + listener.entry->device->spec().name + ":" + std::to_string(listener.port) + ": " +
            errno_text(err));
        // Out of descriptors: the pending connection stays queued; give the sessions a moment
        // to end instead of spinning on a listener that stays readable.
        if (err == EMFILE || err == ENFILE) std::this_thread::sleep_for(10ms);
        return;
    }
}

void Server::Impl::spawn(Listener& listener, int fd, const sockaddr_in& peer) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int ctl_fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (ctl_fd < 0) {
        log("dup: " + errno_text(errno));
        ::close(fd);
        return;
    }
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);

    auto connection = std::make_unique<Connection>();
    connection->ctl_fd = ctl_fd;
    Connection* raw = connection.get();
    ++accepted;
    ++active;
    try {
        raw->thread = std::thread([this, raw, fd, entry = listener.entry, port = listener.port,
                                   service = listener.service, source = std::string(text),
                                   source_port = ntohs(peer.sin_port)] {
            ConnectionContext ctx{stopping, fleet, *entry, log, fd, raw->ctl_fd, source, source_port, port, service};
            detail::serve_connection(ctx);
            --active;
            raw->done = true;
        });
    } catch (const std::system_error& e) {
        log(std::string("cannot start a connection thread: ") + e.what());
        --active;
        ::close(fd);
        ::close(ctl_fd);
        return;
    }
    std::lock_guard lock(connections_mutex);
    connections.push_back(std::move(connection));
}

void Server::Impl::reap(bool all) {
    std::list<std::unique_ptr<Connection>> finished;
    {
        std::lock_guard lock(connections_mutex);
        for (auto it = connections.begin(); it != connections.end();) {
            if (all || (*it)->done) {
                finished.push_back(std::move(*it));
                it = connections.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& c : finished) {
        if (c->thread.joinable()) c->thread.join();
        ::close(c->ctl_fd);
    }
}

Server::Server(Fleet& fleet, ServerOptions options) : impl_(std::make_unique<Impl>(fleet, std::move(options))) {}

Server::~Server() {
    stop();
}

bool Server::start(std::string& error) {
    return impl_->start(error);
}

void Server::stop() {
    impl_->stop();
}

ServerStats Server::stats() const {
    ServerStats s;
    s.listeners = impl_->listener_count;
    s.active_sessions = impl_->active;
    s.connections = impl_->accepted;
    return s;
}

}  // namespace vtyguard::lab
