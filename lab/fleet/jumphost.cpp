#include "lab/fleet/jumphost.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "lab/files/private_files.hpp"

extern char** environ;

namespace vtyguard::lab {

namespace {

using namespace std::chrono_literals;

std::string errno_text(int err) {
    return std::strerror(err);
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The last lines of sshd's log, on one line: why it did not come up.
std::string log_tail(const std::filesystem::path& path) {
    std::vector<std::string> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    if (lines.empty()) return "(sshd log is empty)";
    std::string tail;
    for (std::size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i) {
        tail += (tail.empty() ? "" : " | ") + lines[i];
    }
    return tail;
}

// Children must not inherit the lab's blocked signals (the lab blocks SIGTERM/SIGINT to wait for
// them with sigtimedwait) nor its process group (a Ctrl-C at `serve` is the lab's to handle).
struct SpawnAttr {
    posix_spawnattr_t attr{};
    SpawnAttr() {
        posix_spawnattr_init(&attr);
        sigset_t none, defaults;
        sigemptyset(&none);
        sigemptyset(&defaults);
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT}) sigaddset(&defaults, sig);
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        posix_spawnattr_setpgroup(&attr, 0);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    }
    ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
    SpawnAttr(const SpawnAttr&) = delete;
    SpawnAttr& operator=(const SpawnAttr&) = delete;
};

struct FileActions {
    posix_spawn_file_actions_t actions{};
    FileActions() { posix_spawn_file_actions_init(&actions); }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
};

std::vector<char*> argv_of(std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return argv;
}

// Runs a short helper (ssh-keygen) with its output in `log`; its exit status, -1 if it could not run.
int run(std::vector<std::string> args, const std::filesystem::path& log, std::string& error) {
    FileActions fa;
    posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa.actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&fa.actions, 1, 2);
    SpawnAttr sa;
    auto argv = argv_of(args);
    pid_t pid = -1;
    if (int rc = posix_spawn(&pid, argv[0], &fa.actions, &sa.attr, argv.data(), environ); rc != 0) {
        error = args[0] + ": " + errno_text(rc);
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) == -1 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        error = args[0] + " failed: " + log_tail(log);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return 0;
}

bool keygen(const JumpHostOptions& o, const std::filesystem::path& key, const std::string& comment,
            std::string& error) {
    std::error_code ec;
    if (std::filesystem::exists(key, ec) && std::filesystem::exists(key.string() + ".pub", ec)) return true;
    std::filesystem::remove(key, ec);
    std::filesystem::remove(key.string() + ".pub", ec);
    if (run({o.ssh_keygen.string(), "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key.string()},
            o.dir / "keygen.log", error) != 0) {
        error = "jump host '" + o.name + "': " + error;
        return false;
    }
    return true;
}

// True once something at address:port answers with an SSH identification string.
bool answers_ssh(const std::string& address, std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
    bool ok = false;
    if (connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0) {
        pollfd p{fd, POLLIN, 0};
        char banner[8] = {};
        if (poll(&p, 1, 500) == 1 && recv(fd, banner, sizeof banner, MSG_WAITALL) == sizeof banner) {
            ok = std::memcmp(banner, "SSH-2.0-", sizeof banner) == 0;
        }
    }
    close(fd);
    return ok;
}

// Processes whose parent is `parent`: sshd's per-connection processes, which sshd leaves running
// when it terminates.
std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string stat = read_text(entry.path() / "stat");
        // pid (comm) state ppid ...: comm may contain spaces, so parse after its closing parenthesis.
        const std::size_t close = stat.rfind(')');
        if (close == std::string::npos) continue;
        int ppid = 0;
        char state = 0;
        if (std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent) {
            found.push_back(static_cast<pid_t>(std::stol(name)));
        }
    }
    return found;
}

// A zombie counts as gone: nobody may ever reap it (the lab that started it died, and a
// container's init need not reap orphans).
bool pid_alive(pid_t pid) {
    if (pid <= 0 || (kill(pid, 0) != 0 && errno != EPERM)) return false;
    const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
    const std::size_t close = stat.rfind(')');
    return close == std::string::npos || stat.size() < close + 3 || stat[close + 2] != 'Z';
}

}  // namespace

std::string openssh_config_path(const std::filesystem::path& path, bool expands_tokens) {
    // sshd_config and ssh_config lines are split by OpenSSH's argv_split: double quotes group,
    // a backslash escapes `"` and `\`.
    std::string out = "\"";
    for (char c : path.string()) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '%' && expands_tokens) out += '%';
        out += c;
    }
    return out + "\"";
}

std::string current_user() {
    if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
    return std::to_string(geteuid());
}

std::uint16_t pick_free_port(const std::string& address, std::string& error) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = "socket: " + errno_text(errno);
        return 0;
    }
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = 0;
    if (inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) {
        close(fd);
        error = "'" + address + "' is not an IPv4 address";
        return 0;
    }
    socklen_t len = sizeof sa;
    if (bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
        error = "cannot bind " + address + ": " + errno_text(errno);
        close(fd);
        return 0;
    }
    close(fd);
    return ntohs(sa.sin_port);
}

JumpHost::JumpHost(JumpHostOptions options) : options_(std::move(options)), user_(current_user()) {}

JumpHost::~JumpHost() {
    stop();
}

std::unique_ptr<JumpHost> JumpHost::start(JumpHostOptions options, std::string& error) {
    std::error_code ec;
    options.dir = std::filesystem::absolute(options.dir, ec);
    if (options.client_key.empty()) options.client_key = options.dir / "client_ed25519";
    options.client_key = std::filesystem::absolute(options.client_key, ec);
    // The client key's directory first: it is usually the parent of `dir`, which must not be
    // created with the default mode on the way. Existing keys are only trusted in directories no
    // other user could have written them to.
    for (const auto& dir : {options.client_key.parent_path(), options.dir}) {
        if (!ensure_private_dir(dir, error)) {
            error = "jump host '" + options.name + "': " + error;
            return nullptr;
        }
    }
    // sshd started as root insists on its privilege separation directory, which only Debian's ssh
    // service would otherwise create.
    if (geteuid() == 0 && mkdir("/run/sshd", 0755) != 0 && errno != EEXIST) {
        error = "jump host '" + options.name + "': cannot create /run/sshd: " + errno_text(errno);
        return nullptr;
    }
    const auto host_key = options.dir / "ssh_host_ed25519_key";
    if (!keygen(options, host_key, "vtyguard-lab jump host " + options.name, error) ||
        !keygen(options, options.client_key, "vtyguard-lab client", error)) {
        return nullptr;
    }
    std::unique_ptr<JumpHost> jump(new JumpHost(std::move(options)));
    // A picked port can be taken between the pick and sshd's bind: pick again a few times.
    const bool fixed_port = jump->options_.port != 0;
    for (int attempt = 0; attempt < (fixed_port ? 1 : 5); ++attempt) {
        if (jump->launch(error)) return jump;
        if (error.find("Address already in use") == std::string::npos) break;
    }
    return nullptr;
}

bool JumpHost::launch(std::string& error) {
    const auto& o = options_;
    const std::string who = "jump host '" + o.name + "'";
    port_ = o.port;
    if (port_ == 0) {
        port_ = pick_free_port(o.address, error);
        if (port_ == 0) {
            error = who + ": " + error;
            return false;
        }
    }
    const auto config = o.dir / "sshd_config";
    const auto log = o.dir / "sshd.log";
    const auto authorized = o.dir / "authorized_keys";
    const std::string pub = read_text(o.client_key.string() + ".pub");
    if (pub.empty()) {
        error = who + ": cannot read " + o.client_key.string() + ".pub";
        return false;
    }
    const std::string text = "# Written by vtyguard-lab for jump host " + o.name + "\n" + "ListenAddress " + o.address +
                             "\n" + "Port " + std::to_string(port_) + "\n" + "HostKey " +
                             openssh_config_path(o.dir / "ssh_host_ed25519_key", false) + "\n" + "PidFile " +
                             openssh_config_path(o.dir / "sshd.pid", false) + "\n" + "AuthorizedKeysFile " +
                             openssh_config_path(authorized, true) + "\n" +
                             "PubkeyAuthentication yes\n"
                             "PasswordAuthentication no\n"
                             "KbdInteractiveAuthentication no\n"
                             "PermitRootLogin prohibit-password\n"
                             "AllowTcpForwarding yes\n"
                             "StrictModes no\n"
                             "UsePAM no\n"
                             "UseDNS no\n"
                             "PrintMotd no\n"
                             "X11Forwarding no\n"
                             // Many device tunnels open at once (the scale benchmark, parallel audits).
                             "MaxStartups 200\n"
                             "MaxSessions 1000\n"
                             "LogLevel INFO\n";
    if (!write_private_file(authorized, pub, error) || !write_private_file(config, text, error)) {
        error = who + ": " + error;
        return false;
    }

    FileActions fa;
    posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa.actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa.actions, 1, 2);
    SpawnAttr sa;
    std::vector<std::string> args = {o.sshd.string(), "-D", "-e", "-f", config.string()};
    auto argv = argv_of(args);
    if (int rc = posix_spawn(&pid_, argv[0], &fa.actions, &sa.attr, argv.data(), environ); rc != 0) {
        pid_ = -1;
        error = who + ": cannot run " + o.sshd.string() + ": " + errno_text(rc);
        return false;
    }

    const auto deadline = std::chrono::steady_clock::now() + o.start_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            error = who + ": sshd exited at start (" + o.address + ":" + std::to_string(port_) + "): " + log_tail(log);
            return false;
        }
        if (answers_ssh(o.address, port_)) return true;
        std::this_thread::sleep_for(20ms);
    }
    stop();
    error = who + ": sshd did not answer on " + o.address + ":" + std::to_string(port_) + " within " +
            std::to_string(o.start_timeout.count()) + " ms: " + log_tail(log);
    return false;
}

void JumpHost::stop() {
    if (pid_ <= 0) return;
    for (pid_t child : children_of(pid_)) kill(child, SIGTERM);
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    int status = 0;
    pid_t reaped = 0;
    while ((reaped = waitpid(pid_, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    if (reaped == 0) {
        kill(pid_, SIGKILL);
        while (waitpid(pid_, &status, 0) == -1 && errno == EINTR) {
        }
    }
    pid_ = -1;
}

bool stop_stale_jump_host(const std::filesystem::path& dir) {
    const std::string text = read_text(dir / "sshd.pid");
    pid_t pid = 0;
    try {
        pid = static_cast<pid_t>(std::stol(text));
    } catch (const std::exception&) {
        return false;
    }
    if (!pid_alive(pid)) return false;
    // A recycled pid must not be killed: it has to be sshd running this directory's config.
    std::string cmdline = read_text("/proc/" + std::to_string(pid) + "/cmdline");
    for (char& c : cmdline) {
        if (c == '\0') c = ' ';
    }
    if (cmdline.find("sshd") == std::string::npos ||
        cmdline.find((dir / "sshd_config").string()) == std::string::npos) {
        return false;
    }
    for (pid_t child : children_of(pid)) kill(child, SIGTERM);
    kill(pid, SIGTERM);
    for (int i = 0; i < 500 && pid_alive(pid); ++i) std::this_thread::sleep_for(10ms);
    if (pid_alive(pid)) kill(pid, SIGKILL);
    return true;
}

}  // namespace vtyguard::lab
