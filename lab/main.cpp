// vtyguard-lab: serves a fleet of simulated Cisco devices (and its OpenSSH jump hosts) on loopback.
//
//   vtyguard-lab serve FLEET [--state DIR] [--inventory FILE]   foreground until SIGINT/SIGTERM
//   vtyguard-lab up FLEET --inventory FILE [--state DIR]          the same as a daemon
//   vtyguard-lab down [--state DIR]                               stops the daemon and its jump hosts
//   vtyguard-lab status [--state DIR]                             is it running, with what
//
// One lab per state directory: STATE/lab.pid is locked (flock) by the running lab for its whole
// life, so a stale pid file never counts as running and a recycled pid is never signalled.
// STATE/status is rewritten every second (key=value lines) for `status` and the benchmarks.
//
// The state directory (default $XDG_RUNTIME_DIR/vtyguard-lab, else /tmp/vtyguard-lab-<uid>) holds
// the jump hosts' client key, which their sshd authorizes, and the inventory with the devices'
// passwords. It is created 0700; an existing one is used only when it is a real directory (not a
// symlink) owned by the user with no group or other access, since another local user could
// otherwise have created it first and planted a key. Every command refuses it otherwise (exit 7).
//
// Exit codes: 0 ok, 1 the lab could not start or failed, 2 usage, 3 invalid fleet or device
// config, 4 a lab already runs with this state, 5 no lab runs with this state (down/status),
// 6 down had to kill the lab, 7 the state directory is not private.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lab/files/private_files.hpp"
#include "lab/fleet/fleet_file.hpp"
#include "lab/fleet/inventory.hpp"
#include "lab/fleet/jumphost.hpp"
#include "lab/server/server.hpp"

namespace fs = std::filesystem;
using namespace vtyguard::lab;

namespace {

enum Exit : int {
    kOk = 0,
    kFailed = 1,       // the lab could not start (listener, jump host, state directory) or failed
    kUsage = 2,        // bad command line
    kBadFleet = 3,     // the fleet file or a device configuration is invalid
    kRunning = 4,      // a lab already runs with this state directory
    kNotRunning = 5,   // down/status: no lab runs with this state directory
    kStopTimeout = 6,  // down: the lab did not stop in time and was killed
    kUnsafeState = 7,  // the state directory exists but is not private (owner, mode, symlink)
};

struct Failure {
    int code;
    std::string message;
};

fs::path default_state_dir() {
    if (const char* xdg = std::getenv("XDG_RUNTIME_DIR"); xdg && *xdg) return fs::path(xdg) / "vtyguard-lab";
    return fs::path("/tmp") / ("vtyguard-lab-" + std::to_string(getuid()));
}

// The state directory, created 0700 when `create` and it is missing, else checked: nullopt when it
// is private (or missing and not to be created), else the failure naming it.
std::optional<Failure> check_state_dir(const fs::path& state, bool create) {
    std::string error;
    if (create ? ensure_private_dir(state, error) : inspect_private_dir(state, error) != PrivateDir::unsafe)
        return std::nullopt;
    std::string ignored;
    if (inspect_private_dir(state, ignored) != PrivateDir::unsafe)
        return Failure{kFailed, "cannot create the state directory: " + error};
    return Failure{kUnsafeState, "refusing the state directory: " + error +
                                     "; another user could have put files in it (remove it, or choose another with "
                                     "--state)"};
}

std::string timestamp() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%F %T", &tm);
    return buf;
}

std::mutex log_mutex;
void log_line(const std::string& line) {
    std::lock_guard lock(log_mutex);
    std::fprintf(stderr, "%s %s\n", timestamp().c_str(), line.c_str());
    std::fflush(stderr);
}

// The state directory's lock: held (exclusive) by the running lab; `status`/`down` probe it.
class PidLock {
public:
    explicit PidLock(const fs::path& state) : path_(state / "lab.pid") {}
    ~PidLock() {
        if (fd_ >= 0) close(fd_);
    }
    PidLock(const PidLock&) = delete;
    PidLock& operator=(const PidLock&) = delete;

    // Takes the lock for this process and writes its pid; nullopt, or the failure (kRunning when
    // another lab holds it).
    std::optional<Failure> acquire() {
        fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0) return Failure{kFailed, "cannot open " + path_.string() + ": " + std::strerror(errno)};
        if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            close(fd_);
            fd_ = -1;
            return Failure{kRunning, "a lab is already running with state " + path_.parent_path().string() + " (pid " +
                                         std::to_string(running_pid(path_.parent_path()).value_or(0)) +
                                         "); `vtyguard-lab down` first"};
        }
        const std::string pid = std::to_string(getpid()) + "\n";
        if (ftruncate(fd_, 0) != 0 || pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
            return Failure{kFailed, "cannot write " + path_.string() + ": " + std::strerror(errno)};
        }
        return std::nullopt;
    }
    void release() {
        if (fd_ < 0) return;
        std::error_code ec;
        fs::remove(path_, ec);  // removed while still locked, so no one reads a dead pid
        close(fd_);
        fd_ = -1;
    }

    // The pid of the lab holding the lock of `state`, nullopt when none does.
    static std::optional<pid_t> running_pid(const fs::path& state) {
        const fs::path path = state / "lab.pid";
        const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return std::nullopt;
        std::optional<pid_t> pid;
        if (flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
            char buf[32] = {};
            if (pread(fd, buf, sizeof buf - 1, 0) > 0) pid = static_cast<pid_t>(std::atol(buf));
            if (pid && *pid <= 0) pid.reset();
        }
        close(fd);
        return pid;
    }

private:
    fs::path path_;
    int fd_ = -1;
};

bool write_text(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text;
        if (!out) return false;
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    return !ec;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct RunOptions {
    fs::path fleet;
    fs::path state;
    fs::path inventory;  // empty: only STATE/inventory.ini
};

// Called once: with the ready line, or with the failure that stopped the start.
using ReadyFn = std::function<void(const std::optional<Failure>& failure, const std::string& ready_line)>;

// Stops jump hosts that a crashed lab of this state directory left behind.
void stop_stale_jump_hosts(const fs::path& state) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(state / "jump", ec)) {
        if (entry.is_directory() && stop_stale_jump_host(entry.path())) {
            log_line("stopped a jump host left running: " + entry.path().string());
        }
    }
}

// Runs the lab until SIGINT/SIGTERM/SIGHUP. Must be called before any thread exists: it blocks
// those signals here so every thread inherits the mask and only sigtimedwait sees them.
int run_lab(const RunOptions& options, const ReadyFn& ready) {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&stop_signals, sig);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    auto fail = [&](int code, const std::string& message) {
        ready(Failure{code, message}, {});
        return code;
    };

    std::error_code ec;
    if (auto failure = check_state_dir(options.state, true)) return fail(failure->code, failure->message);
    PidLock lock(options.state);
    if (auto failure = lock.acquire()) return fail(failure->code, failure->message);
    std::string error;

    auto fleet_file = load_fleet_file(options.fleet, error);
    if (!fleet_file) return fail(kBadFleet, error);

    Fleet fleet;
    for (const auto& device : fleet_file->devices) {
        std::string device_error;
        auto sim = Device::create(device.spec, device_error);
        if (!sim) return fail(kBadFleet, device.config_path.string() + ": " + device_error);
        fleet.add(std::move(sim));
    }

    stop_stale_jump_hosts(options.state);
    std::vector<std::unique_ptr<JumpHost>> jump_hosts;
    std::vector<JumpEndpoint> endpoints;
    for (const auto& spec : fleet_file->jump_hosts) {
        JumpHostOptions jo;
        jo.name = spec.name;
        jo.dir = options.state / "jump" / spec.name;
        jo.address = spec.address;
        jo.port = spec.port;
        jo.client_key = options.state / "jump" / "client_ed25519";
        auto jump = JumpHost::start(jo, error);
        if (!jump) return fail(kFailed, error);
        log_line("jump host " + spec.name + " (sshd pid " + std::to_string(jump->pid()) + ") on " + jump->address() +
                 ":" + std::to_string(jump->port()));
        endpoints.push_back({jump->name(), jump->address(), jump->port(), jump->user(), jump->client_key()});
        jump_hosts.push_back(std::move(jump));
    }

    ServerOptions so;
    so.state_dir = options.state / "server";
    so.log = log_line;
    Server server(fleet, so);
    if (!server.start(error)) return fail(kFailed, error);

    if (!write_inventory(*fleet_file, endpoints, options.state / "inventory.ini", options.state / "ssh_config",
                         error)) {
        return fail(kFailed, error);
    }
    if (!options.inventory.empty() && !write_inventory(*fleet_file, endpoints, options.inventory,
                                                       options.inventory.parent_path() / "ssh_config", error)) {
        return fail(kFailed, error);
    }

    const fs::path status_path = options.state / "status";
    const auto started = std::chrono::steady_clock::now();
    auto write_status = [&] {
        const ServerStats stats = server.stats();
        std::string text =
            "pid=" + std::to_string(getpid()) + "\nfleet=" + fs::absolute(options.fleet).string() +
            "\ndevices=" + std::to_string(fleet.devices().size()) + "\nlisteners=" + std::to_string(stats.listeners) +
            "\nactive_sessions=" + std::to_string(stats.active_sessions) +
            "\nconnections=" + std::to_string(stats.connections) + "\nuptime_s=" +
            std::to_string(
                std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count()) +
            "\ninventory=" + (options.state / "inventory.ini").string() +
            "\nssh_config=" + (options.state / "ssh_config").string() + "\n";
        for (const auto& jump : jump_hosts) {
            text += "jump_host=" + jump->name() + " " + jump->user() + "@" + jump->address() + ":" +
                    std::to_string(jump->port()) + " key=" + jump->client_key().string() + "\n";
        }
        write_text(status_path, text);
    };
    write_status();

    const ServerStats stats = server.stats();
    std::string line = "vtyguard-lab: ready: " + std::to_string(fleet.devices().size()) + " devices, " +
                       std::to_string(stats.listeners) + " listeners, " + std::to_string(jump_hosts.size()) +
                       " jump hosts; inventory " +
                       (options.inventory.empty() ? options.state / "inventory.ini" : options.inventory).string() +
                       "; state " + options.state.string();
    log_line(line);
    ready(std::nullopt, line);

    int sig = 0;
    while (true) {
        const timespec tick{1, 0};
        sig = sigtimedwait(&stop_signals, nullptr, &tick);
        if (sig > 0) break;
        write_status();
    }
    log_line(std::string("stopping on ") + strsignal(sig));
    server.stop();
    for (auto& jump : jump_hosts) jump->stop();
    fs::remove(status_path, ec);
    lock.release();
    log_line("stopped");
    return kOk;
}

int cmd_serve(const RunOptions& options) {
    return run_lab(options, [](const std::optional<Failure>& failure, const std::string& line) {
        if (failure) {
            std::cerr << "vtyguard-lab: " << failure->message << "\n";
        } else {
            std::cout << line << std::endl;
        }
    });
}

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

int cmd_up(const RunOptions& options, int timeout_s) {
    // Before anything in it is read (the pid file) or created (the log).
    if (auto failure = check_state_dir(options.state, true)) {
        std::cerr << "vtyguard-lab: " << failure->message << "\n";
        return failure->code;
    }
    if (auto pid = PidLock::running_pid(options.state)) {
        std::cerr << "vtyguard-lab: a lab is already running with state " << options.state.string() << " (pid " << *pid
                  << "); `vtyguard-lab down` first\n";
        return kRunning;
    }
    const fs::path log_path = options.state / "lab.log";
    const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0) {
        std::cerr << "vtyguard-lab: cannot open " << log_path.string() << ": " << std::strerror(errno) << "\n";
        return kFailed;
    }
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        std::cerr << "vtyguard-lab: pipe: " << std::strerror(errno) << "\n";
        return kFailed;
    }
    std::cout.flush();
    std::cerr.flush();
    const pid_t child = fork();
    if (child < 0) {
        std::cerr << "vtyguard-lab: fork: " << std::strerror(errno) << "\n";
        return kFailed;
    }
    if (child == 0) {
        // The daemon: its own session, no terminal, output to the log, readiness through the pipe.
        close(pipe_fds[0]);
        setsid();
        if (chdir("/") != 0) _exit(kFailed);
        const int null_fd = open("/dev/null", O_RDONLY);
        dup2(null_fd, 0);
        dup2(log_fd, 1);
        dup2(log_fd, 2);
        if (null_fd > 2) close(null_fd);
        close(log_fd);
        int ready_fd = pipe_fds[1];
        const int rc = run_lab(options, [&](const std::optional<Failure>& failure, const std::string& line) {
            if (ready_fd < 0) return;
            if (failure) {
                log_line("cannot start: " + failure->message);
                write_all(ready_fd, "error " + std::to_string(failure->code) + " " + failure->message + "\n");
            } else {
                write_all(ready_fd, "ready " + line + "\n");
            }
            close(ready_fd);
            ready_fd = -1;
        });
        std::fflush(nullptr);
        // Leaves through exit() so the sanitizers' leak check still runs in the daemon.
        std::exit(rc);
    }
    close(pipe_fds[1]);
    close(log_fd);
    std::string message;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    bool timed_out = false;
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{pipe_fds[0], POLLIN, 0};
        const int n = poll(&p, 1, static_cast<int>(left));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            timed_out = n == 0;
            break;
        }
        char buf[4096];
        const ssize_t got = read(pipe_fds[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        message.append(buf, static_cast<std::size_t>(got));
    }
    close(pipe_fds[0]);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    if (message.rfind("ready ", 0) == 0) {
        std::cout << message.substr(6) << std::endl;
        return kOk;
    }
    if (timed_out) {
        kill(child, SIGTERM);
        waitpid(child, nullptr, 0);
        std::cerr << "vtyguard-lab: the lab did not become ready within " << timeout_s
                  << " s (log: " << log_path.string() << ")\n";
        return kFailed;
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (message.rfind("error ", 0) == 0) {
        const std::size_t space = message.find(' ', 6);
        const int code = std::atoi(message.substr(6, space - 6).c_str());
        std::cerr << "vtyguard-lab: " << (space == std::string::npos ? message : message.substr(space + 1)) << "\n";
        return code > 0 ? code : kFailed;
    }
    std::cerr << "vtyguard-lab: the lab exited before it was ready ("
              << (WIFSIGNALED(status) ? std::string("signal ") + strsignal(WTERMSIG(status))
                                      : "exit " + std::to_string(WEXITSTATUS(status)))
              << "); log: " << log_path.string() << "\n";
    return kFailed;
}

// True while `pid` runs; a zombie (a container's init may never reap the daemon) counts as gone.
bool process_runs(pid_t pid) {
    if (kill(pid, 0) != 0 && errno != EPERM) return false;
    const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
    const std::size_t close = stat.rfind(')');
    return close == std::string::npos || stat.size() < close + 3 || stat[close + 2] != 'Z';
}

int cmd_down(const fs::path& state, int timeout_s) {
    // The pid it signals and the jump host pids it stops come from this directory.
    if (auto failure = check_state_dir(state, false)) {
        std::cerr << "vtyguard-lab: " << failure->message << "\n";
        return failure->code;
    }
    const auto pid = PidLock::running_pid(state);
    if (!pid) {
        stop_stale_jump_hosts(state);
        std::cerr << "vtyguard-lab: not running (state " << state.string() << ")\n";
        return kNotRunning;
    }
    if (kill(*pid, SIGTERM) != 0) {
        std::cerr << "vtyguard-lab: cannot signal pid " << *pid << ": " << std::strerror(errno) << "\n";
        return kFailed;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (PidLock::running_pid(state) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (PidLock::running_pid(state)) {
        kill(*pid, SIGKILL);
        for (int i = 0; i < 250 && PidLock::running_pid(state); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        stop_stale_jump_hosts(state);
        std::cerr << "vtyguard-lab: the lab (pid " << *pid << ") did not stop within " << timeout_s
                  << " s and was killed\n";
        return kStopTimeout;
    }
    // The lock is released just before the process exits; wait for it to be gone for good, so a
    // caller that starts a new lab right away finds every address free.
    for (int i = 0; i < 250 && process_runs(*pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop_stale_jump_hosts(state);
    std::cout << "vtyguard-lab: stopped (pid " << *pid << ")" << std::endl;
    return kOk;
}

int cmd_status(const fs::path& state) {
    if (auto failure = check_state_dir(state, false)) {
        std::cerr << "vtyguard-lab: " << failure->message << "\n";
        return failure->code;
    }
    const auto pid = PidLock::running_pid(state);
    if (!pid) {
        std::cout << "vtyguard-lab: not running (state " << state.string() << ")" << std::endl;
        return kNotRunning;
    }
    std::cout << "vtyguard-lab: running (pid " << *pid << ", state " << state.string() << ")\n"
              << read_text(state / "status") << std::flush;
    return kOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"vtyguard-lab: a simulated Cisco IOS/ASA fleet on loopback, behind real OpenSSH jump hosts"};
    app.require_subcommand(1);
    const fs::path default_state = default_state_dir();

    RunOptions serve_options, up_options;
    std::string serve_state = default_state.string(), up_state = serve_state, down_state = serve_state,
                status_state = serve_state;
    int up_timeout = 300, down_timeout = 30;

    auto* serve = app.add_subcommand("serve", "Serve a fleet in the foreground until SIGINT/SIGTERM");
    serve->add_option("fleet", serve_options.fleet, "fleet file (YAML)")->required()->check(CLI::ExistingFile);
    serve->add_option("--state", serve_state, "state directory (host keys, jump hosts, status)")->capture_default_str();
    serve->add_option("--inventory", serve_options.inventory,
                      "also write the Ansible inventory here (and ssh_config "
                      "next to it)");

    auto* up = app.add_subcommand("up", "Start a fleet in the background; returns once it serves");
    up->add_option("fleet", up_options.fleet, "fleet file (YAML)")->required()->check(CLI::ExistingFile);
    up->add_option("--inventory", up_options.inventory, "write the Ansible inventory here (and ssh_config next to it)")
        ->required();
    up->add_option("--state", up_state, "state directory (pid, log, host keys, jump hosts)")->capture_default_str();
    up->add_option("--timeout", up_timeout, "seconds to wait for the lab to be ready")->capture_default_str();

    auto* down = app.add_subcommand("down", "Stop the background lab and its jump hosts");
    down->add_option("--state", down_state, "state directory")->capture_default_str();
    down->add_option("--timeout", down_timeout, "seconds to wait before killing it")->capture_default_str();

    auto* status = app.add_subcommand("status", "Tell whether a lab runs, with its devices and sessions");
    status->add_option("--state", status_state, "state directory")->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kOk : kUsage;
    }
    // The daemon changes directory: every path it keeps must be absolute.
    auto absolute = [](const fs::path& p) { return p.empty() ? p : fs::absolute(p).lexically_normal(); };
    if (*serve) {
        serve_options.state = absolute(serve_state);
        serve_options.fleet = absolute(serve_options.fleet);
        serve_options.inventory = absolute(serve_options.inventory);
        return cmd_serve(serve_options);
    }
    if (*up) {
        up_options.state = absolute(up_state);
        up_options.fleet = absolute(up_options.fleet);
        up_options.inventory = absolute(up_options.inventory);
        return cmd_up(up_options, up_timeout);
    }
    if (*down) return cmd_down(absolute(down_state), down_timeout);
    if (*status) return cmd_status(absolute(status_state));
    return kUsage;
}
