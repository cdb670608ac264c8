// drivers/: the libssh transport, jump chains and the probe against real servers on loopback:
// Debian's OpenSSH sshd (target and jump hosts, public keys only), a small libssh server for
// password and keyboard-interactive logins, and raw sockets for the TCP observables (refused,
// silent, closed before the banner, a full accept queue for a TCP connect that never answers).
// Every server is started and stopped here; logins are as the user running the tests.
#include <arpa/inet.h>
#include <fcntl.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "drivers/probe.hpp"
#include "drivers/transport/jump.hpp"
#include "drivers/transport/ssh.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace vtyguard::drivers;

namespace {

// --- small helpers ------------------------------------------------------------------------------

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

long long ms_since(Clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

// Runs a program to completion with stdout/stderr to `log` (or /dev/null); its exit code.
int run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
        const std::string& log = "/dev/null") {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> args, envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& log) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
}

// sshd lets a key log in as the user running the tests (root in CI, hence PermitRootLogin).
std::string login_name() {
    const passwd* pw = getpwuid(geteuid());
    return pw != nullptr ? pw->pw_name : "root";
}

std::uint16_t free_port(const std::string& address) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    inet_pton(AF_INET, address.c_str(), &a.sin_addr);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
}

bool accepts(const std::string& address, std::uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, address.c_str(), &a.sin_addr);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(fd);
    return ok;
}

// A listening socket on `address`, port chosen by the kernel.
int listen_on(const std::string& address, int backlog, std::uint16_t& port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    inet_pton(AF_INET, address.c_str(), &a.sin_addr);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd, backlog);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    return fd;
}

// A listener whose accept queue is full: further SYNs are dropped, so a connect to it gets no
// answer at all. Closes both sockets on destruction.
struct FullListener {
    std::uint16_t port = 0;
    int listener = -1;
    int filler = -1;
    FullListener() {
        listener = listen_on("127.0.0.1", 0, port);
        filler = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        EXPECT_EQ(connect(filler, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    }
    ~FullListener() {
        close(filler);
        close(listener);
    }
};

// Options for a server on 127.0.0.1 that is not an sshd of the Lab (no keys, no known_hosts).
SshOptions loopback(std::uint16_t port, const std::string& name = "") {
    SshOptions o;
    o.name = name;
    o.host = "127.0.0.1";
    o.port = port;
    o.credentials.username = "admin";
    return o;
}

// What took `took` failed by its deadline of `budget`, and not much later.
void expect_deadline_kept(std::chrono::milliseconds took, std::chrono::milliseconds budget) {
    EXPECT_GE(took, budget - 10ms);
    EXPECT_LT(took, budget + 300ms);
}

// Accepts connections and treats each with `serve(fd)` on its own thread, until destroyed.
class RawServer {
public:
    RawServer(const std::string& address, std::function<void(int)> serve) : serve_(std::move(serve)) {
        fd_ = listen_on(address, 16, port_);
        thread_ = std::thread([this] { loop(); });
    }
    ~RawServer() {
        stop_ = true;
        thread_.join();
        for (auto& t : workers_) t.join();
        close(fd_);
    }
    std::uint16_t port() const { return port_; }

private:
    void loop() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 20) <= 0) continue;
            int c = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) continue;
            workers_.emplace_back([this, c] {
                serve_(c);
                close(c);
            });
        }
    }
    std::function<void(int)> serve_;
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::vector<std::thread> workers_;
};

// --- keys and OpenSSH sshd ------------------------------------------------------------------------

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "vtyguard-drivers-XXXXXX").string();
        path = mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void keygen(const fs::path& file, const std::string& type = "ed25519") {
    std::vector<std::string> argv = {"/usr/bin/ssh-keygen", "-q", "-t", type, "-N", "", "-C", "", "-f", file.string()};
    if (type == "rsa") {
        argv.insert(argv.end(), {"-b", "2048"});
    }
    ASSERT_EQ(run(argv), 0) << "ssh-keygen " << file;
}

// The public key line without its comment: "ssh-ed25519 AAAA...".
std::string public_key(const fs::path& private_key) {
    std::string line = read_file(private_key.string() + ".pub");
    std::istringstream in(line);
    std::string type, blob;
    in >> type >> blob;
    return type + " " + blob;
}

std::string fingerprint(const fs::path& private_key) {
    std::string log = private_key.string() + ".fp";
    run({"/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", private_key.string() + ".pub"}, {}, log);
    std::istringstream in(read_file(log));
    std::string bits, fp;
    in >> bits >> fp;
    return fp;
}

std::string known_hosts_line(const std::string& address, std::uint16_t port, const std::string& key) {
    return "[" + address + "]:" + std::to_string(port) + " " + key + "\n";
}

class Sshd {
public:
    // One sshd on each (address, port) pair of `listen`, logging to its own file.
    Sshd(const fs::path& dir, const std::string& name, std::vector<std::pair<std::string, std::uint16_t>> listen,
         const fs::path& host_key, const fs::path& authorized_keys, const std::string& extra = "")
        : listen_(std::move(listen)), log_(dir / (name + ".log")) {
        std::error_code ec;
        fs::create_directories("/run/sshd", ec);  // sshd's privilege separation directory (as root)
        fs::path config = dir / (name + ".conf");
        std::string c;
        for (const auto& [address, port] : listen_) c += "ListenAddress " + address + ":" + std::to_string(port) + "\n";
        c += "HostKey " + host_key.string() + "\n" + "PidFile none\n" + "AuthorizedKeysFile " +
             authorized_keys.string() + "\n" + "PasswordAuthentication no\n" + "KbdInteractiveAuthentication no\n" +
             "AllowTcpForwarding yes\n" + "StrictModes no\n" + "UsePAM no\n" + "PermitRootLogin prohibit-password\n" +
             "LogLevel INFO\n" + extra;
        write_file(config, c);
        pid_ = spawn({"/usr/sbin/sshd", "-D", "-e", "-f", config.string()}, log_.string());
        auto until = Clock::now() + 5s;
        while (Clock::now() < until && !ready()) std::this_thread::sleep_for(5ms);
    }
    ~Sshd() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
    }
    bool ready() const {
        for (const auto& [address, port] : listen_) {
            if (!accepts(address, port)) return false;
        }
        return true;
    }
    std::string log() const { return read_file(log_); }
    std::size_t logins() const { return count_of(log(), "Accepted publickey for"); }
    // The login count once it has reached at least `at_least` (sshd logs just after accepting)
    // and stayed put for a moment, so a count above the expected one shows too.
    std::size_t settled_logins(std::size_t at_least) const {
        auto until = Clock::now() + 2s;
        while (Clock::now() < until && logins() < at_least) std::this_thread::sleep_for(5ms);
        std::this_thread::sleep_for(100ms);
        return logins();
    }
    // Ends the connections this sshd accepted (its descendants), as a crash or reboot would.
    void kill_connections() const {
        std::vector<pid_t> family = {pid_};
        for (bool grew = true; grew;) {
            grew = false;
            for (const auto& entry : fs::directory_iterator("/proc")) {
                pid_t pid = std::atoi(entry.path().filename().c_str());
                if (pid <= 0 || std::find(family.begin(), family.end(), pid) != family.end()) continue;
                std::string stat = read_file(entry.path() / "stat");
                auto close_paren = stat.rfind(')');
                if (close_paren == std::string::npos) continue;
                std::istringstream rest(stat.substr(close_paren + 2));
                char state = 0;
                pid_t parent = 0;
                rest >> state >> parent;
                if (std::find(family.begin(), family.end(), parent) != family.end()) {
                    family.push_back(pid);
                    grew = true;
                }
            }
        }
        for (std::size_t i = 1; i < family.size(); ++i) kill(family[i], SIGKILL);
    }
    std::size_t size() const { return listen_.size(); }
    std::uint16_t port(std::size_t i = 0) const { return listen_.at(i).second; }
    const std::string& address(std::size_t i = 0) const { return listen_.at(i).first; }

private:
    std::vector<std::pair<std::string, std::uint16_t>> listen_;
    fs::path log_;
    pid_t pid_ = -1;
};

// --- a small libssh server: password and keyboard-interactive ------------------------------

struct TinyServerOptions {
    bool password = true;
    bool keyboard_interactive = true;
    std::string secret = "lab";
    bool offer_publickey = false;  // offered, and every key denied
};

class TinySshServer {
public:
    TinySshServer(const fs::path& host_key, TinyServerOptions options) : options_(std::move(options)) {
        bind_ = ssh_bind_new();
        ssh_bind_options_set(bind_, SSH_BIND_OPTIONS_HOSTKEY, host_key.c_str());
        server_ = std::make_unique<RawServer>("127.0.0.1", [this](int fd) { serve(fd); });
    }
    ~TinySshServer() {
        server_.reset();
        ssh_bind_free(bind_);
    }
    std::uint16_t port() const { return server_->port(); }
    int kbdint_answers() const { return kbdint_answers_.load(); }

private:
    void serve(int fd) {
        ssh_session s = ssh_new();
        // The accept thread closes `fd`; libssh must not (it does not for accept_fd sessions
        // either, but a dup keeps ownership unambiguous).
        if (ssh_bind_accept_fd(bind_, s, dup(fd)) != SSH_OK || ssh_handle_key_exchange(s) != SSH_OK) {
            ssh_free(s);
            return;
        }
        int methods = (options_.password ? SSH_AUTH_METHOD_PASSWORD : 0) |
                      (options_.keyboard_interactive ? SSH_AUTH_METHOD_INTERACTIVE : 0) |
                      (options_.offer_publickey ? SSH_AUTH_METHOD_PUBLICKEY : 0);
        ssh_set_auth_methods(s, methods);
        bool authenticated = false;
        ssh_channel channel = nullptr;
        while (ssh_message m = ssh_message_get(s)) {
            int type = ssh_message_type(m);
            int subtype = ssh_message_subtype(m);
            bool replied = false;
            if (type == SSH_REQUEST_AUTH && subtype == SSH_AUTH_METHOD_PASSWORD && options_.password) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
                const char* given = ssh_message_auth_password(m);
#pragma GCC diagnostic pop
                if (given != nullptr && options_.secret == given) {
                    ssh_message_auth_reply_success(m, 0);
                    authenticated = replied = true;
                }
            } else if (type == SSH_REQUEST_AUTH && subtype == SSH_AUTH_METHOD_INTERACTIVE &&
                       options_.keyboard_interactive) {
                if (ssh_message_auth_kbdint_is_response(m) == 0) {
                    const char* prompts[] = {"Password: "};
                    char echo[] = {0};
                    ssh_message_auth_interactive_request(m, "", "", 1, prompts, echo);
                    replied = true;
                } else {
                    ++kbdint_answers_;
                    const char* given =
                        ssh_userauth_kbdint_getnanswers(s) == 1 ? ssh_userauth_kbdint_getanswer(s, 0) : nullptr;
                    if (given != nullptr && options_.secret == given) {
                        ssh_message_auth_reply_success(m, 0);
                        authenticated = replied = true;
                    } else {
                        // Like IOS: ask again after a wrong password.
                        const char* prompts[] = {"Password: "};
                        char echo[] = {0};
                        ssh_message_auth_interactive_request(m, "", "", 1, prompts, echo);
                        replied = true;
                    }
                }
            } else if (authenticated && type == SSH_REQUEST_CHANNEL_OPEN && subtype == SSH_CHANNEL_SESSION) {
                channel = ssh_message_channel_request_open_reply_accept(m);
                replied = channel != nullptr;
            } else if (authenticated && type == SSH_REQUEST_CHANNEL && subtype == SSH_CHANNEL_REQUEST_EXEC &&
                       channel != nullptr) {
                std::string reply = std::string("ran: ") + ssh_message_channel_request_command(m) + "\n";
                ssh_message_channel_request_reply_success(m);
                ssh_channel_write(channel, reply.data(), static_cast<uint32_t>(reply.size()));
                ssh_channel_request_send_exit_status(channel, 7);
                ssh_channel_send_eof(channel);
                ssh_channel_close(channel);
                replied = true;
            }
            if (!replied) {
                if (type == SSH_REQUEST_AUTH) ssh_message_auth_set_methods(m, methods);
                ssh_message_reply_default(m);
            }
            ssh_message_free(m);
        }
        ssh_disconnect(s);
        ssh_free(s);
    }

    TinyServerOptions options_;
    ssh_bind bind_ = nullptr;
    std::atomic<int> kbdint_answers_{0};
    std::unique_ptr<RawServer> server_;
};

// --- shared fixture: keys, a target sshd and two jump hosts --------------------------------------

class Lab {
public:
    static Lab& get() {
        static Lab lab;
        return lab;
    }

    TempDir dir;
    fs::path client_key, other_client_key, host_key, other_host_key, authorized_keys, known_hosts;

    // Started on first use, so each test pays only for the servers it needs.
    Sshd& target() {
        return lazy(target_, [&] {
            return std::make_unique<Sshd>(
                dir.path, "target",
                std::vector<std::pair<std::string, std::uint16_t>>{{"127.0.0.1", free_port("127.0.0.1")},
                                                                   {"127.0.0.1", free_port("127.0.0.1")},
                                                                   {"127.0.0.1", free_port("127.0.0.1")}},
                host_key, authorized_keys);
        });
    }
    Sshd& jump1() {
        return lazy(jump1_, [&] {
            return std::make_unique<Sshd>(
                dir.path, "jump1",
                std::vector<std::pair<std::string, std::uint16_t>>{{"127.0.0.2", free_port("127.0.0.2")}}, host_key,
                authorized_keys);
        });
    }
    Sshd& jump2() {
        return lazy(jump2_, [&] {
            return std::make_unique<Sshd>(
                dir.path, "jump2",
                std::vector<std::pair<std::string, std::uint16_t>>{{"127.0.0.3", free_port("127.0.0.3")}}, host_key,
                authorized_keys);
        });
    }

    // RSA-2048 takes a while to make: one for every test that needs an RSA host key.
    const fs::path& rsa_host_key() {
        std::lock_guard lock(m_);
        if (rsa_host_key_.empty()) {
            rsa_host_key_ = dir.path / "host_rsa";
            keygen(rsa_host_key_, "rsa");
        }
        return rsa_host_key_;
    }

    SshOptions options(const Sshd& server, std::size_t i = 0) const {
        SshOptions o;
        o.host = server.address(i);
        o.port = server.port(i);
        o.credentials.username = login_name();
        o.credentials.identity_files = {client_key};
        o.known_hosts = known_hosts;
        return o;
    }

private:
    Lab() {
        client_key = dir.path / "client_ed25519";
        other_client_key = dir.path / "other_ed25519";
        host_key = dir.path / "host_ed25519";
        other_host_key = dir.path / "other_host_ed25519";
        for (const auto& k : {client_key, other_client_key, host_key, other_host_key}) keygen(k);
        authorized_keys = dir.path / "authorized_keys";
        write_file(authorized_keys, public_key(client_key) + "\n");
        known_hosts = dir.path / "known_hosts";
        write_file(known_hosts, "");
    }

    Sshd& lazy(std::unique_ptr<Sshd>& slot, const std::function<std::unique_ptr<Sshd>()>& make) {
        std::lock_guard lock(m_);
        if (!slot) {
            slot = make();
            std::string lines;
            for (std::size_t i = 0; i < slot->size(); ++i) {
                lines += known_hosts_line(slot->address(i), slot->port(i), public_key(host_key));
            }
            std::ofstream(known_hosts, std::ios::app) << lines;
        }
        return *slot;
    }

    std::mutex m_;
    std::unique_ptr<Sshd> target_, jump1_, jump2_;
    fs::path rsa_host_key_;
};

void require_sshd(const Sshd& s) {
    ASSERT_TRUE(s.ready()) << "sshd did not start:\n" << s.log();
}

// Starts the target and the first `jumps` jump hosts of the Lab.
::testing::AssertionResult servers_up(Lab& lab, int jumps) {
    std::vector<Sshd*> servers = {&lab.target()};
    if (jumps >= 1) servers.push_back(&lab.jump1());
    if (jumps >= 2) servers.push_back(&lab.jump2());
    for (Sshd* server : servers) {
        if (!server->ready()) return ::testing::AssertionFailure() << "sshd did not start:\n" << server->log();
    }
    return ::testing::AssertionSuccess();
}

// A client of a TinySshServer: the right password, first-seen host keys learned.
SshOptions tiny_client(std::uint16_t port, const std::string& name = "") {
    SshOptions o = loopback(port, name);
    o.credentials.password = "lab";
    o.host_key_policy = HostKeyPolicy::accept_new;
    o.known_hosts = Lab::get().dir.path / "tiny_known_hosts";
    return o;
}

// Everything a channel sends until its end; a failure is reported and ends the read.
std::string read_to_end(SshChannel& channel, Deadline deadline) {
    std::string out;
    for (;;) {
        auto n = channel.read(out, deadline);
        if (!n) {
            ADD_FAILURE() << n.error().what() << "\n" << out;
            return out;
        }
        if (*n == 0) return out;
    }
}

// ================================================================================================
// Transport: direct sessions
// ================================================================================================

TEST(SshTransport, PublicKeyLoginAndExec) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    auto s = SshSession::connect(lab.options(lab.target()), deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    EXPECT_EQ(s->info().auth_method, "publickey");
    EXPECT_EQ(s->info().server_banner.rfind("SSH-2.0-OpenSSH_", 0), 0u) << s->info().server_banner;
    EXPECT_EQ(s->info().host_key_type, "ssh-ed25519");
    EXPECT_EQ(s->info().host_key_fingerprint, fingerprint(lab.host_key));
    EXPECT_EQ(s->info().key_exchange.rfind("curve25519-sha256", 0), 0u) << s->info().key_exchange;
    EXPECT_FALSE(s->info().host_key_learned);

    auto r = s->exec("echo hello; echo oops >&2; exit 3", deadline_in(5s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->out, "hello\n");
    EXPECT_EQ(r->err, "oops\n");
    EXPECT_EQ(r->exit_status, 3);
    // The session stays usable for another channel.
    auto again = s->exec("echo second", deadline_in(5s));
    ASSERT_TRUE(again) << again.error().what();
    EXPECT_EQ(again->out, "second\n");
    EXPECT_EQ(again->exit_status, 0);
}

TEST(SshTransport, ShellWithPty) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    auto s = SshSession::connect(lab.options(lab.target()), deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    auto shell = s->open_shell(PtyOptions{"vt100", 132, 40}, deadline_in(5s));
    ASSERT_TRUE(shell) << shell.error().what();
    ASSERT_TRUE(shell->write("echo term=$TERM cols=$(tput cols); exit\n", deadline_in(5s)));
    std::string out = read_to_end(*shell, deadline_in(5s));
    EXPECT_NE(out.find("term=vt100 cols=132"), std::string::npos) << out;
    EXPECT_TRUE(shell->at_eof());
}

TEST(SshTransport, StrictCheckingRefusesUnknownKey) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    SshOptions o = lab.options(lab.target());
    o.known_hosts = lab.dir.path / "empty_known_hosts";
    write_file(o.known_hosts, "");
    auto s = SshSession::connect(o, deadline_in(5s));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::host_key_unknown);
    EXPECT_EQ(s.error().stage, Stage::host_key);
    EXPECT_NE(s.error().what().find(fingerprint(lab.host_key)), std::string::npos) << s.error().what();
    EXPECT_NE(s.error().what().find("127.0.0.1:" + std::to_string(o.port)), std::string::npos) << s.error().what();
    // Nothing was learned.
    EXPECT_EQ(read_file(o.known_hosts), "");
    // A known_hosts file that does not exist is no different.
    o.known_hosts = lab.dir.path / "missing" / "known_hosts";
    auto missing = SshSession::connect(o, deadline_in(5s));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::host_key_unknown);
}

TEST(SshTransport, AcceptNewLearnsFirstSeenKey) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    SshOptions o = lab.options(lab.target());
    o.known_hosts = lab.dir.path / "learn" / "known_hosts";
    o.host_key_policy = HostKeyPolicy::accept_new;
    auto first = SshSession::connect(o, deadline_in(5s));
    ASSERT_TRUE(first) << first.error().what();
    EXPECT_TRUE(first->info().host_key_learned);
    std::string recorded = read_file(o.known_hosts);
    EXPECT_NE(recorded.find(public_key(lab.host_key).substr(12)), std::string::npos) << recorded;

    // Learned once: strict checking now accepts it, and nothing more is written.
    o.host_key_policy = HostKeyPolicy::strict;
    auto second = SshSession::connect(o, deadline_in(5s));
    ASSERT_TRUE(second) << second.error().what();
    EXPECT_FALSE(second->info().host_key_learned);
    EXPECT_EQ(read_file(o.known_hosts), recorded);
}

TEST(SshTransport, ChangedKeyIsAlwaysRefused) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    SshOptions o = lab.options(lab.target());
    o.known_hosts = lab.dir.path / "changed_known_hosts";
    std::string before = known_hosts_line(o.host, o.port, public_key(lab.other_host_key));
    write_file(o.known_hosts, before);
    for (HostKeyPolicy policy : {HostKeyPolicy::strict, HostKeyPolicy::accept_new}) {
        o.host_key_policy = policy;
        auto s = SshSession::connect(o, deadline_in(5s));
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().kind, ErrorKind::host_key_changed);
        std::string what = s.error().what();
        EXPECT_NE(what.find("HOST KEY CHANGED"), std::string::npos) << what;
        EXPECT_NE(what.find(fingerprint(lab.host_key)), std::string::npos) << what;
        EXPECT_NE(what.find(o.known_hosts.string()), std::string::npos) << what;
        EXPECT_EQ(read_file(o.known_hosts), before);
    }
}

TEST(SshTransport, WrongKeyIsAuthFailedWithMethods) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    SshOptions o = lab.options(lab.target());
    o.credentials.identity_files = {lab.other_client_key, lab.dir.path / "no_such_key"};
    o.credentials.password = "not-offered";
    auto s = SshSession::connect(o, deadline_in(5s));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::auth_failed);
    EXPECT_EQ(s.error().stage, Stage::authentication);
    std::string what = s.error().what();
    EXPECT_NE(what.find("server offers: publickey"), std::string::npos) << what;
    EXPECT_NE(what.find(lab.other_client_key.string() + " denied"), std::string::npos) << what;
    EXPECT_NE(what.find("no_such_key unreadable"), std::string::npos) << what;
    EXPECT_EQ(what.find("not-offered"), std::string::npos) << "the password must never appear: " << what;
}

TEST(SshTransport, AgentAuthentication) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    fs::path sock = lab.dir.path / "agent.sock";
    pid_t agent = spawn({"/usr/bin/ssh-agent", "-D", "-a", sock.string()}, (lab.dir.path / "agent.log").string());
    ASSERT_GT(agent, 0);
    auto until = Clock::now() + 3s;
    while (Clock::now() < until && !fs::exists(sock)) std::this_thread::sleep_for(5ms);
    ASSERT_EQ(run({"/usr/bin/ssh-add", lab.client_key.string()}, {{"SSH_AUTH_SOCK", sock.string()}}), 0);

    SshOptions o = lab.options(lab.target());
    o.credentials.identity_files.clear();
    o.credentials.use_agent = true;
    o.credentials.agent_socket = sock.string();
    auto s = SshSession::connect(o, deadline_in(5s));
    kill(agent, SIGTERM);
    waitpid(agent, nullptr, 0);
    ASSERT_TRUE(s) << s.error().what();
    EXPECT_EQ(s->info().auth_method, "agent");
}

TEST(SshTransport, LegacyAlgorithmsOnlyWhenOptedIn) {
    Lab& lab = Lab::get();
    const fs::path& rsa = lab.rsa_host_key();
    Sshd old(lab.dir.path, "legacy", {{"127.0.0.1", free_port("127.0.0.1")}}, rsa, lab.authorized_keys,
             "KexAlgorithms diffie-hellman-group14-sha1\nHostKeyAlgorithms ssh-rsa\nCiphers aes128-cbc\n"
             "MACs hmac-sha1\n");
    require_sshd(old);
    SshOptions o = lab.options(old);
    o.known_hosts = lab.dir.path / "legacy_known_hosts";
    write_file(o.known_hosts, known_hosts_line(o.host, o.port, public_key(rsa)));

    auto modern = SshSession::connect(o, deadline_in(5s));
    ASSERT_FALSE(modern);
    EXPECT_EQ(modern.error().kind, ErrorKind::no_common_algorithm) << modern.error().what();
    EXPECT_EQ(modern.error().stage, Stage::key_exchange);

    o.algorithms = AlgorithmProfile::legacy;
    auto legacy = SshSession::connect(o, deadline_in(5s));
    ASSERT_TRUE(legacy) << legacy.error().what();
    EXPECT_EQ(legacy->info().key_exchange, "diffie-hellman-group14-sha1");
    EXPECT_EQ(legacy->info().cipher, "aes128-cbc");
    EXPECT_EQ(legacy->info().host_key_type, "ssh-rsa");
    auto r = legacy->exec("echo old", deadline_in(5s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->out, "old\n");
}

TEST(SshTransport, RecordedKeyTypeIsPreferred) {
    // A server with an Ed25519 and an RSA key, known by its RSA key only: the session must
    // negotiate RSA and accept, not call the Ed25519 key a change.
    Lab& lab = Lab::get();
    const fs::path& rsa = lab.rsa_host_key();
    Sshd both(lab.dir.path, "two_keys", {{"127.0.0.1", free_port("127.0.0.1")}}, lab.host_key, lab.authorized_keys,
              "HostKey " + rsa.string() + "\n");
    require_sshd(both);
    SshOptions o = lab.options(both);
    o.known_hosts = lab.dir.path / "rsa_known_hosts";
    write_file(o.known_hosts, known_hosts_line(o.host, o.port, public_key(rsa)));
    auto s = SshSession::connect(o, deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    EXPECT_EQ(s->info().host_key_type, "ssh-rsa");
}

TEST(SshTransport, AlgorithmListsAreCompleteAndLegacyOnlyAddsOldOnes) {
    AlgorithmLists modern = algorithm_lists(AlgorithmProfile::modern);
    AlgorithmLists legacy = algorithm_lists(AlgorithmProfile::legacy);
    for (const char* old : {"sha1", "ssh-rsa", "cbc", "group1-"}) {
        for (const std::string* list :
             {&modern.key_exchange, &modern.host_keys, &modern.ciphers, &modern.macs, &modern.public_key_types}) {
            EXPECT_EQ(list->find(old), std::string::npos) << *list;
        }
    }
    EXPECT_NE(legacy.key_exchange.find("diffie-hellman-group14-sha1"), std::string::npos);
    EXPECT_NE(legacy.key_exchange.find("diffie-hellman-group1-sha1"), std::string::npos);
    EXPECT_NE(legacy.host_keys.find(",ssh-rsa"), std::string::npos);
    EXPECT_NE(legacy.public_key_types.find(",ssh-rsa"), std::string::npos);
    EXPECT_NE(legacy.ciphers.find("3des-cbc"), std::string::npos);
    EXPECT_NE(legacy.macs.find("hmac-sha1"), std::string::npos);
    // Modern first: a legacy host that can do better still gets the better algorithms.
    EXPECT_EQ(legacy.key_exchange.rfind(modern.key_exchange, 0), 0u);
    // libssh 0.10 takes complete lists only.
    for (const std::string* list : {&legacy.key_exchange, &legacy.host_keys, &legacy.ciphers, &legacy.macs}) {
        EXPECT_EQ(list->find('+'), std::string::npos);
        EXPECT_NE(list->front(), '-');
    }
}

TEST(SshTransport, PasswordAndKeyboardInteractive) {
    Lab& lab = Lab::get();
    SshOptions o = tiny_client(0, "r1");

    TinySshServer password_only(lab.host_key, {true, false, "lab"});
    o.port = password_only.port();
    auto p = SshSession::connect(o, deadline_in(5s));
    ASSERT_TRUE(p) << p.error().what();
    EXPECT_EQ(p->info().auth_method, "password");
    auto r = p->exec("show version", deadline_in(5s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->out, "ran: show version\n");
    EXPECT_EQ(r->exit_status, 7);

    // Cisco with AAA: keyboard-interactive only, one non-echoed "Password: " prompt.
    TinySshServer aaa(lab.host_key, {false, true, "lab"});
    o.port = aaa.port();
    auto k = SshSession::connect(o, deadline_in(5s));
    ASSERT_TRUE(k) << k.error().what();
    EXPECT_EQ(k->info().auth_method, "keyboard-interactive");
    EXPECT_EQ(aaa.kbdint_answers(), 1);
}

TEST(SshTransport, UnusableKeysAndAgentFallThroughToPassword) {
    Lab& lab = Lab::get();
    TinySshServer server(lab.host_key, {true, false, "lab", true});
    SshOptions o = tiny_client(server.port());
    o.credentials.identity_files = {lab.client_key};
    o.credentials.use_agent = true;
    o.credentials.agent_socket = (lab.dir.path / "no-agent.sock").string();
    auto s = SshSession::connect(o, deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    EXPECT_EQ(s->info().auth_method, "password");
}

TEST(SshTransport, WrongPasswordIsSentOnce) {
    Lab& lab = Lab::get();
    TinySshServer aaa(lab.host_key, {false, true, "lab"});
    SshOptions o = tiny_client(aaa.port(), "r2");
    o.credentials.password = "wrong-secret";
    auto s = SshSession::connect(o, deadline_in(5s));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::auth_failed);
    std::string what = s.error().what();
    EXPECT_EQ(what.rfind("r2 (127.0.0.1:", 0), 0u) << what;
    EXPECT_NE(what.find("keyboard-interactive denied"), std::string::npos) << what;
    EXPECT_EQ(what.find("wrong-secret"), std::string::npos) << what;
    // The server asked again; the password was not guessed a second time.
    EXPECT_EQ(aaa.kbdint_answers(), 1);
}

TEST(SshTransport, RefusedNamesTheHost) {
    SshOptions o = loopback(free_port("127.0.0.1"), "core-sw1");
    auto s = SshSession::connect(o, deadline_in(2s));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::refused);
    EXPECT_EQ(s.error().stage, Stage::tcp_connect);
    EXPECT_EQ(s.error().what().rfind("core-sw1 (127.0.0.1:" + std::to_string(o.port) + "): connection refused", 0), 0u)
        << s.error().what();
}

TEST(SshTransport, UnresolvableName) {
    SshOptions o;
    o.host = "no-such-host.invalid";
    auto s = SshSession::connect(o, deadline_in(2s));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::resolve_failed) << s.error().what();
}

TEST(SshTransport, SilentServerCostsItsTimeoutOnly) {
    // Listening but never accepting: the kernel completes the handshake and nothing is said.
    std::uint16_t port = 0;
    int fd = listen_on("127.0.0.1", 8, port);
    auto t0 = Clock::now();
    auto s = SshSession::connect(loopback(port), deadline_in(300ms));
    auto took = std::chrono::milliseconds(ms_since(t0));
    close(fd);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::timeout);
    EXPECT_EQ(s.error().stage, Stage::banner);
    expect_deadline_kept(took, 300ms);
}

TEST(SshTransport, ClosedBeforeBanner) {
    RawServer closer("127.0.0.1", [](int) {});
    auto s = SshSession::connect(loopback(closer.port()), deadline_in(2s));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::disconnected) << s.error().what();
    EXPECT_EQ(s.error().stage, Stage::banner);
}

TEST(SshTransport, ReadDeadline) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    auto s = SshSession::connect(lab.options(lab.target()), deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    auto ch = s->open_exec("echo start; sleep 5; echo late", deadline_in(5s));
    ASSERT_TRUE(ch) << ch.error().what();
    std::string out;
    auto until = deadline_in(5s);
    while (out.find("start\n") == std::string::npos) {
        auto n = ch->read(out, until);
        ASSERT_TRUE(n) << n.error().what();
    }
    auto t0 = Clock::now();
    auto n = ch->read(out, deadline_in(250ms));
    auto took = std::chrono::milliseconds(ms_since(t0));
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().kind, ErrorKind::timeout);
    EXPECT_EQ(n.error().stage, Stage::io);
    expect_deadline_kept(took, 250ms);
}

TEST(SshTransport, LargeTransfersBothWays) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    auto s = SshSession::connect(lab.options(lab.target()), deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    auto down = s->exec("head -c 3000000 /dev/zero", deadline_in(10s));
    ASSERT_TRUE(down) << down.error().what();
    EXPECT_EQ(down->out.size(), 3000000u);
    auto up = s->open_exec("wc -c", deadline_in(5s));
    ASSERT_TRUE(up) << up.error().what();
    ASSERT_TRUE(up->write(std::string(1000000, 'x'), deadline_in(10s)));
    ASSERT_TRUE(up->send_eof(deadline_in(5s)));
    EXPECT_EQ(read_to_end(*up, deadline_in(5s)), "1000000\n");
    EXPECT_EQ(up->exit_status(deadline_in(2s)), 0);
}

// ================================================================================================
// Jump chains
// ================================================================================================

TEST(JumpChain, OneHop) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 1));
    JumpPool pool;
    std::size_t before = lab.jump1().logins();
    SshOptions device = lab.options(lab.target());
    device.name = "r1";
    auto s = connect_via(pool, {lab.options(lab.jump1())}, device, deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    EXPECT_NE(s->label().find("r1 (127.0.0.1:"), std::string::npos) << s->label();
    EXPECT_NE(s->label().find(" via 127.0.0.2:" + std::to_string(lab.jump1().port())), std::string::npos) << s->label();
    auto r = s->exec("echo via-jump", deadline_in(5s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->out, "via-jump\n");
    EXPECT_EQ(lab.jump1().settled_logins(before + 1), before + 1);
    // sshd on the target saw the jump host's connection, not ours.
    EXPECT_EQ(pool.stats().logins, 1u);
    EXPECT_EQ(pool.stats().live_sessions, 1u);
}

TEST(JumpChain, TwoHops) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 2));
    std::size_t j1 = lab.jump1().logins(), j2 = lab.jump2().logins();
    JumpPool pool;
    JumpChain chain = {lab.options(lab.jump1()), lab.options(lab.jump2())};
    for (int i = 0; i < 3; ++i) {
        auto s = connect_via(pool, chain, lab.options(lab.target(), static_cast<std::size_t>(i)), deadline_in(5s));
        ASSERT_TRUE(s) << s.error().what();
        EXPECT_NE(s->label().find(" via 127.0.0.2:" + std::to_string(lab.jump1().port()) +
                                  " > 127.0.0.3:" + std::to_string(lab.jump2().port())),
                  std::string::npos)
            << s->label();
        auto r = s->exec("echo " + std::to_string(i), deadline_in(5s));
        ASSERT_TRUE(r) << r.error().what();
        EXPECT_EQ(r->out, std::to_string(i) + "\n");
    }
    EXPECT_EQ(lab.jump1().settled_logins(j1 + 1), j1 + 1);
    EXPECT_EQ(lab.jump2().settled_logins(j2 + 1), j2 + 1);
    EXPECT_EQ(pool.stats().logins, 2u);
}

TEST(JumpChain, LargeTransfersThroughTwoHops) {
    // Flow control in both directions through two pumps: more than the SSH windows and the
    // socket pairs hold at once.
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 2));
    JumpPool pool;
    auto s = connect_via(pool, {lab.options(lab.jump1()), lab.options(lab.jump2())}, lab.options(lab.target()),
                         deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    auto down =
        s->exec("head -c 4000000 /dev/urandom | od -An -tx1 -v | tr -d ' \\n' | head -c 6000000", deadline_in(15s));
    ASSERT_TRUE(down) << down.error().what();
    ASSERT_EQ(down->out.size(), 6000000u);
    EXPECT_EQ(down->out.find_first_not_of("0123456789abcdef"), std::string::npos);
    auto up = s->open_exec("md5sum", deadline_in(5s));
    ASSERT_TRUE(up) << up.error().what();
    std::string payload;
    for (int i = 0; payload.size() < 3000000; ++i) payload += std::to_string(i) + ",";
    ASSERT_TRUE(up->write(payload, deadline_in(15s)));
    ASSERT_TRUE(up->send_eof(deadline_in(5s)));
    std::string out = read_to_end(*up, deadline_in(10s));
    write_file(lab.dir.path / "payload", payload);
    run({"/usr/bin/md5sum", (lab.dir.path / "payload").string()}, {}, (lab.dir.path / "payload.md5").string());
    EXPECT_EQ(out.substr(0, 32), read_file(lab.dir.path / "payload.md5").substr(0, 32));
}

TEST(JumpChain, ManyDevicesShareOneJumpLogin) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 1));
    std::size_t jump_before = lab.jump1().logins();
    std::size_t target_before = lab.target().logins();
    JumpPool pool;
    JumpChain chain = {lab.options(lab.jump1())};
    constexpr int kDevices = 8;
    std::vector<std::thread> workers;
    std::vector<std::string> outcomes(kDevices);
    for (int i = 0; i < kDevices; ++i) {
        workers.emplace_back([&, i] {
            SshOptions device = lab.options(lab.target(), static_cast<std::size_t>(i % 3));
            device.name = "dev" + std::to_string(i);
            auto s = connect_via(pool, chain, device, deadline_in(10s));
            if (!s) {
                outcomes[static_cast<std::size_t>(i)] = s.error().what();
                return;
            }
            auto r = s->exec("echo " + device.name, deadline_in(10s));
            outcomes[static_cast<std::size_t>(i)] = r ? r->out : r.error().what();
        });
    }
    for (auto& w : workers) w.join();
    for (int i = 0; i < kDevices; ++i)
        EXPECT_EQ(outcomes[static_cast<std::size_t>(i)], "dev" + std::to_string(i) + "\n");
    // Every device logged in on the target; the bastion saw exactly one login.
    EXPECT_EQ(lab.target().settled_logins(target_before + kDevices), target_before + kDevices);
    EXPECT_EQ(lab.jump1().settled_logins(jump_before + 1), jump_before + 1);
    EXPECT_EQ(pool.stats().logins, 1u);
    EXPECT_EQ(pool.stats().tunnels_opened, static_cast<std::size_t>(kDevices));

    // The sessions are gone; their tunnels close, the jump session stays for the next device.
    auto js = pool.session(chain, deadline_in(2s));
    ASSERT_TRUE(js);
    auto until = Clock::now() + 2s;
    while (Clock::now() < until && js.value()->open_tunnels() != 0) std::this_thread::sleep_for(5ms);
    EXPECT_EQ(js.value()->open_tunnels(), 0u);
    auto later = connect_via(pool, chain, lab.options(lab.target()), deadline_in(5s));
    ASSERT_TRUE(later) << later.error().what();
    EXPECT_EQ(lab.jump1().settled_logins(jump_before + 1), jump_before + 1);
}

TEST(JumpChain, TargetRefusedBehindJump) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 1));
    JumpPool pool;
    SshOptions device;
    device.name = "r9";
    device.host = "127.0.0.1";
    device.port = free_port("127.0.0.1");
    auto s = connect_via(pool, {lab.options(lab.jump1())}, device, deadline_in(5s));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::refused);
    std::string what = s.error().what();
    EXPECT_EQ(what.rfind("r9 (127.0.0.1:" + std::to_string(device.port) + ") via 127.0.0.2:", 0), 0u) << what;
    EXPECT_NE(what.find("Connection refused"), std::string::npos) << what;
    // The jump session survives a refused channel.
    EXPECT_EQ(pool.stats().live_sessions, 1u);
}

TEST(JumpChain, FailedJumpLoginIsRememberedAndNamesTheJumpHost) {
    Lab& lab = Lab::get();
    JumpPool pool(JumpPoolOptions{10s});
    SshOptions bastion;
    bastion.name = "bastion";
    bastion.host = "127.0.0.2";
    bastion.port = free_port("127.0.0.2");
    bastion.credentials.username = login_name();
    SshOptions device = lab.options(lab.target());
    auto first = connect_via(pool, {bastion}, device, deadline_in(2s));
    ASSERT_FALSE(first);
    EXPECT_EQ(first.error().kind, ErrorKind::refused);
    EXPECT_EQ(first.error().what().rfind("bastion (127.0.0.2:", 0), 0u) << first.error().what();
    EXPECT_NE(first.error().what().find("jump host login failed"), std::string::npos) << first.error().what();
    // Meanwhile the bastion comes up; the pool still answers from memory until retry_after.
    Sshd late(lab.dir.path, "late_bastion", {{bastion.host, bastion.port}}, lab.host_key, lab.authorized_keys);
    require_sshd(late);
    auto second = connect_via(pool, {bastion}, device, deadline_in(2s));
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().kind, ErrorKind::refused);
    EXPECT_EQ(late.logins(), 0u);
    pool.clear();
    bastion.credentials.identity_files = {lab.client_key};
    bastion.known_hosts = lab.dir.path / "late_known_hosts";
    bastion.host_key_policy = HostKeyPolicy::accept_new;
    auto third = connect_via(pool, {bastion}, device, deadline_in(5s));
    ASSERT_TRUE(third) << third.error().what();
}

TEST(JumpChain, ACallersShortDeadlineIsNotRememberedAgainstTheJumpHost) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 1));
    JumpPool pool;  // retry_after 30 s by default
    const JumpChain chain = {lab.options(lab.jump1())};
    auto hurried = pool.session(chain, deadline_in(2ms));
    ASSERT_FALSE(hurried);
    EXPECT_EQ(hurried.error().kind, ErrorKind::timeout) << hurried.error().what();
    // The bastion is healthy: the next caller with a real budget logs in, and so does a device.
    auto patient = pool.session(chain, deadline_in(5s));
    EXPECT_TRUE(patient) << patient.error().what();
    auto dev = connect_via(pool, chain, lab.options(lab.target()), deadline_in(5s));
    EXPECT_TRUE(dev) << dev.error().what();
    // A probe with no budget left does not poison the next one either.
    (void)probe(pool, chain, "127.0.0.1", lab.target().port(), deadline_in(1ms));
    auto r = probe(pool, chain, "127.0.0.1", lab.target().port(), deadline_in(5s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->status, ProbeStatus::open_banner) << r->detail;
}

TEST(JumpChain, JumpHostLossEndsItsTunnels) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    auto bastion = std::make_unique<Sshd>(
        lab.dir.path, "dying_bastion",
        std::vector<std::pair<std::string, std::uint16_t>>{{"127.0.0.2", free_port("127.0.0.2")}}, lab.host_key,
        lab.authorized_keys);
    require_sshd(*bastion);
    SshOptions hop = lab.options(*bastion);
    hop.host_key_policy = HostKeyPolicy::accept_new;
    hop.known_hosts = lab.dir.path / "dying_known_hosts";
    JumpPool pool;
    auto s = connect_via(pool, {hop}, lab.options(lab.target()), deadline_in(5s));
    ASSERT_TRUE(s) << s.error().what();
    auto shell = s->open_exec("sleep 10", deadline_in(5s));
    ASSERT_TRUE(shell) << shell.error().what();
    bastion->kill_connections();
    bastion.reset();
    std::string out;
    auto t0 = Clock::now();
    Result<std::size_t> n = std::size_t{1};
    while (n && *n > 0 && ms_since(t0) < 3000) n = shell->read(out, deadline_in(3s));
    EXPECT_LT(ms_since(t0), 3000);
    EXPECT_TRUE(!n || *n == 0);
    auto js = pool.session({hop}, deadline_in(1s));
    EXPECT_FALSE(js && js.value()->alive());
}

// ================================================================================================
// Probe
// ================================================================================================

TEST(Probe, ParsesBanners) {
    auto cisco = parse_ssh_banner("SSH-2.0-Cisco-1.25\r\n");
    ASSERT_TRUE(cisco);
    EXPECT_EQ(cisco->protocol, "2.0");
    EXPECT_EQ(cisco->software, "Cisco-1.25");
    EXPECT_EQ(cisco->comments, "");
    EXPECT_EQ(cisco->line, "SSH-2.0-Cisco-1.25");
    auto openssh = parse_ssh_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u5");
    ASSERT_TRUE(openssh);
    EXPECT_EQ(openssh->software, "OpenSSH_9.2p1");
    EXPECT_EQ(openssh->comments, "Debian-2+deb12u5");
    auto old = parse_ssh_banner("SSH-1.99-Cisco-1.25\n");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->protocol, "1.99");
    EXPECT_FALSE(parse_ssh_banner("HTTP/1.1 400 Bad Request"));
    EXPECT_FALSE(parse_ssh_banner("SSH-2.0-"));
    EXPECT_FALSE(parse_ssh_banner("SSH-"));
    EXPECT_FALSE(parse_ssh_banner(""));
}

TEST(Probe, Refused) {
    std::uint16_t port = free_port("127.0.0.1");
    auto r = probe("127.0.0.1", port, deadline_in(1s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->status, ProbeStatus::refused);
    EXPECT_FALSE(r->tcp_open);
    EXPECT_EQ(r->vantage, "local");
    EXPECT_LT(r->elapsed, 500ms);
}

TEST(Probe, OpenWithBanner) {
    RawServer cisco("127.0.0.1", [](int fd) {
        const char banner[] = "SSH-2.0-Cisco-1.25\r\n";
        send(fd, banner, sizeof banner - 1, MSG_NOSIGNAL);
        std::this_thread::sleep_for(100ms);
    });
    auto r = probe("127.0.0.1", cisco.port(), deadline_in(1s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->status, ProbeStatus::open_banner) << r->detail;
    ASSERT_TRUE(r->banner);
    EXPECT_EQ(r->banner->protocol, "2.0");
    EXPECT_EQ(r->banner->software, "Cisco-1.25");
    EXPECT_TRUE(r->tcp_open);

    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 0));
    auto real = probe("127.0.0.1", lab.target().port(), deadline_in(1s));
    ASSERT_TRUE(real) << real.error().what();
    EXPECT_EQ(real->status, ProbeStatus::open_banner) << real->detail;
    EXPECT_EQ(real->banner->software.rfind("OpenSSH_", 0), 0u);
}

TEST(Probe, ClosedBeforeBanner) {
    RawServer closer("127.0.0.1", [](int) {});
    auto r = probe("127.0.0.1", closer.port(), deadline_in(1s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->status, ProbeStatus::open_no_banner) << r->detail;
    EXPECT_TRUE(r->tcp_open);
    EXPECT_NE(r->detail.find("before any SSH banner"), std::string::npos) << r->detail;
}

TEST(Probe, SpeaksSomethingElse) {
    RawServer telnet("127.0.0.1", [](int fd) {
        const unsigned char will_echo[] = {0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03};
        send(fd, will_echo, sizeof will_echo, MSG_NOSIGNAL);
        std::this_thread::sleep_for(200ms);
    });
    auto r = probe("127.0.0.1", telnet.port(), deadline_in(1s));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->status, ProbeStatus::open_no_banner) << r->detail;
    EXPECT_NE(r->detail.find("\\xff\\xfb\\x01"), std::string::npos) << r->detail;
    EXPECT_LT(r->elapsed, 500ms);
}

// The inventory's source_address: the device (and its access-class) sees that address, the probe
// says where it looked from, and a source this machine does not have is a clear local error.
TEST(Probe, SourceAddressIsBoundAndAnUnusableOneIsNamed) {
    std::mutex m;
    std::vector<std::string> peers;
    RawServer seen("127.0.0.1", [&](int fd) {
        sockaddr_in peer{};
        socklen_t len = sizeof peer;
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len);
        char text[INET_ADDRSTRLEN] = {};
        inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);
        {
            std::lock_guard<std::mutex> lock(m);
            peers.emplace_back(text);
        }
        const char banner[] = "SSH-2.0-Cisco-1.25\r\n";
        send(fd, banner, sizeof banner - 1, MSG_NOSIGNAL);
        std::this_thread::sleep_for(50ms);
    });
    auto r = probe("127.0.0.1", seen.port(), deadline_in(1s), "127.0.10.7");
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->status, ProbeStatus::open_banner) << r->detail;
    EXPECT_EQ(r->vantage, "local from 127.0.10.7");
    auto fd = tcp_connect("127.0.0.1", seen.port(), deadline_in(1s), "test", "127.0.10.8");
    ASSERT_TRUE(fd) << fd.error().what();
    fd.value().reset();
    for (int i = 0; i < 100; ++i) {
        {
            std::lock_guard<std::mutex> lock(m);
            if (peers.size() == 2) break;
        }
        std::this_thread::sleep_for(10ms);
    }
    {
        std::lock_guard<std::mutex> lock(m);
        std::sort(peers.begin(), peers.end());
        EXPECT_EQ(peers, (std::vector<std::string>{"127.0.10.7", "127.0.10.8"}));
    }

    // 192.0.2.1 (TEST-NET-1) is no address of this machine; ::1 is not of the target's family.
    // Nothing is sent anywhere: bind fails before connect.
    for (const char* source : {"192.0.2.1", "::1", "not-an-address"}) {
        SCOPED_TRACE(source);
        auto bad = probe("127.0.0.1", seen.port(), deadline_in(1s), source);
        ASSERT_FALSE(bad);
        EXPECT_EQ(bad.error().kind, ErrorKind::invalid_argument);
        EXPECT_NE(bad.error().message.find(std::string("source address ") + source), std::string::npos)
            << bad.error().what();
    }
}

// A socket bound to 127.0.0.1:P and connected to 127.0.0.1:P completes a TCP simultaneous open
// with itself: what a probe of a closed ephemeral-range port can meet by chance.
TEST(Probe, ASocketTalkingToItselfIsRecognised) {
    UniqueFd self(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    ASSERT_TRUE(self.valid());
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(self.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof a;
    ASSERT_EQ(getsockname(self.get(), reinterpret_cast<sockaddr*>(&a), &len), 0);
    ASSERT_EQ(connect(self.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0) << std::strerror(errno);
    EXPECT_TRUE(connected_to_itself(self.get()));

    RawServer other("127.0.0.1", [](int) { std::this_thread::sleep_for(50ms); });
    auto fd = tcp_connect("127.0.0.1", other.port(), deadline_in(1s), "test");
    ASSERT_TRUE(fd) << fd.error().what();
    EXPECT_FALSE(connected_to_itself(fd->get()));
}

TEST(Probe, AcceptedButSilentIsTimeoutWithTcpOpen) {
    std::uint16_t port = 0;
    int fd = listen_on("127.0.0.1", 8, port);
    auto r = probe("127.0.0.1", port, deadline_in(300ms));
    close(fd);
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->status, ProbeStatus::timeout);
    EXPECT_TRUE(r->tcp_open);
    expect_deadline_kept(r->elapsed, 300ms);
}

TEST(Probe, TcpConnectTimeout) {
    // A full accept queue drops further SYNs: the connect itself never gets an answer.
    FullListener full;
    auto r = probe("127.0.0.1", full.port, deadline_in(300ms));
    ASSERT_TRUE(r) << r.error().what();
    EXPECT_EQ(r->status, ProbeStatus::timeout) << r->detail;
    EXPECT_FALSE(r->tcp_open);
    expect_deadline_kept(r->elapsed, 300ms);
}

TEST(Probe, FromTheJumpHost) {
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 1));
    JumpPool pool;
    JumpChain chain = {lab.options(lab.jump1())};
    ASSERT_TRUE(pool.session(chain, deadline_in(5s)));
    std::string vantage = "127.0.0.2:" + std::to_string(lab.jump1().port());

    auto open = probe(pool, chain, "127.0.0.1", lab.target().port(), deadline_in(1s));
    ASSERT_TRUE(open) << open.error().what();
    EXPECT_EQ(open->status, ProbeStatus::open_banner) << open->detail;
    EXPECT_EQ(open->banner->software.rfind("OpenSSH_", 0), 0u);
    EXPECT_EQ(open->vantage, vantage);

    auto refused = probe(pool, chain, "127.0.0.1", free_port("127.0.0.1"), deadline_in(1s));
    ASSERT_TRUE(refused) << refused.error().what();
    EXPECT_EQ(refused->status, ProbeStatus::refused) << refused->detail;
    EXPECT_FALSE(refused->tcp_open);
    EXPECT_NE(refused->detail.find("Connection refused"), std::string::npos) << refused->detail;

    RawServer closer("127.0.0.1", [](int) {});
    auto closed = probe(pool, chain, "127.0.0.1", closer.port(), deadline_in(1s));
    ASSERT_TRUE(closed) << closed.error().what();
    EXPECT_EQ(closed->status, ProbeStatus::open_no_banner) << closed->detail;

    std::uint16_t silent_port = 0;
    int silent = listen_on("127.0.0.1", 8, silent_port);
    auto quiet = probe(pool, chain, "127.0.0.1", silent_port, deadline_in(300ms));
    ASSERT_TRUE(quiet) << quiet.error().what();
    EXPECT_EQ(quiet->status, ProbeStatus::timeout) << quiet->detail;
    EXPECT_TRUE(quiet->tcp_open);
    expect_deadline_kept(quiet->elapsed, 300ms);

    // The jump host's own connect gets no answer (full accept queue): timeout, TCP not open.
    FullListener full;
    auto dropped = probe(pool, chain, "127.0.0.1", full.port, deadline_in(300ms));
    ASSERT_TRUE(dropped) << dropped.error().what();
    EXPECT_EQ(dropped->status, ProbeStatus::timeout) << dropped->detail;
    EXPECT_FALSE(dropped->tcp_open);
    expect_deadline_kept(dropped->elapsed, 300ms);

    // None of this cost another jump login, and the session still works.
    auto again = probe(pool, chain, "127.0.0.1", lab.target().port(), deadline_in(1s));
    ASSERT_TRUE(again) << again.error().what();
    EXPECT_EQ(again->status, ProbeStatus::open_banner);
    EXPECT_EQ(pool.stats().logins, 1u);
    close(silent);
}

TEST(Probe, ConcurrentProbesThroughOneJumpKeepTheirOwnOutcome) {
    // Open failures arriving together must each reach the probe that asked (libssh keeps only
    // the latest error text; the pump tells them apart by channel number).
    Lab& lab = Lab::get();
    ASSERT_TRUE(servers_up(lab, 1));
    JumpPool pool;
    JumpChain chain = {lab.options(lab.jump1())};
    ASSERT_TRUE(pool.session(chain, deadline_in(5s)));
    std::uint16_t closed = free_port("127.0.0.1");
    constexpr int kProbes = 24;
    std::vector<std::optional<ProbeStatus>> seen(kProbes);
    std::vector<std::string> errors(kProbes);
    std::vector<std::thread> workers;
    for (int i = 0; i < kProbes; ++i) {
        workers.emplace_back([&, i] {
            bool open = i % 3 == 0;
            auto r = probe(pool, chain, "127.0.0.1", open ? lab.target().port() : closed, deadline_in(3s));
            if (r) {
                seen[static_cast<std::size_t>(i)] = r->status;
            } else {
                errors[static_cast<std::size_t>(i)] = r.error().what();
            }
        });
    }
    for (auto& w : workers) w.join();
    for (int i = 0; i < kProbes; ++i) {
        EXPECT_EQ(seen[static_cast<std::size_t>(i)], i % 3 == 0 ? ProbeStatus::open_banner : ProbeStatus::refused)
            << "probe " << i << ": " << errors[static_cast<std::size_t>(i)];
    }
}

TEST(Probe, UnresolvableIsAnError) {
    auto r = probe("no-such-host.invalid", 22, deadline_in(1s));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::resolve_failed);
}

}  // namespace
