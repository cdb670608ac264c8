// lab/server against real clients on loopback: libssh's client API for SSH, raw sockets for the
// TCP observables (refused, closed before the banner, silent drop) and for telnet. Every test
// builds its devices from small IOS/ASA configs and gives them addresses of their own
// (127.77.<test>.x), so tests never share a listener.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <libssh/libssh.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "lab/server/server.hpp"

using namespace std::chrono_literals;
using namespace vtyguard::lab;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint16_t kSsh = 2222;
constexpr std::uint16_t kTelnet = 2323;

long long ms_since(Clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

// --- configs ------------------------------------------------------------------------------

struct IosOptions {
    bool rsa_key = true;
    std::string vty = " login local\n transport input ssh\n";  // body of `line vty 0 4`
    std::string global;                                        // extra global lines
};

std::string ios_config(const std::string& hostname, const std::string& address, const IosOptions& o = {}) {
    std::string gateway = address.substr(0, address.rfind('.')) + ".254";
    std::string c = "hostname " + hostname +
                    "\n!\n"
                    "ip domain name lab.example.net\n"
                    "no aaa new-model\n";
    if (o.rsa_key) c += "crypto key generate rsa general-keys modulus 2048\n";
    c += "username admin privilege 15 secret 0 lab\n"
         "enable secret 0 lab-enable\n"
         "!\n"
         "interface GigabitEthernet0/0\n"
         " ip address " +
         address +
         " 255.255.255.0\n"
         "!\n"
         "ip route 0.0.0.0 0.0.0.0 " +
         gateway + "\n" + o.global +
         "!\n"
         "line con 0\n"
         " login local\n"
         "line vty 0 4\n" +
         o.vty + "!\nend\n";
    return c;
}

std::string asa_config(const std::string& hostname, const std::string& address, const std::string& allowed) {
    std::string gateway = address.substr(0, address.rfind('.')) + ".254";
    return "hostname " + hostname +
           "\n"
           "domain-name lab.example.net\n"
           "enable password lab-enable\n"
           "interface Management1/1\n"
           " management-only\n"
           " nameif management\n"
           " security-level 100\n"
           " ip address " +
           address +
           " 255.255.255.0\n"
           "!\n"
           "route management 0.0.0.0 0.0.0.0 " +
           gateway +
           " 1\n"
           "aaa authentication ssh console LOCAL\n"
           "crypto key generate rsa modulus 2048 noconfirm\n"
           "ssh " +
           allowed +
           " management\n"
           "ssh version 2\n"
           "username admin password lab privilege 15\n";
}

DeviceSpec spec_for(const std::string& name, Personality p, const std::string& address, std::string config) {
    DeviceSpec s;
    s.name = name;
    s.personality = p;
    s.address = address;
    s.ssh_port = kSsh;
    s.config = std::move(config);
    s.enable_secret = "lab-enable";
    s.version = p == Personality::cisco_ios ? "17.9.4a" : "9.16(4)";
    s.model = p == Personality::cisco_ios ? "C9300-48P" : "ASA5516";
    return s;
}

DeviceSpec ios(const std::string& name, const std::string& address, const IosOptions& o = {}) {
    return spec_for(name, Personality::cisco_ios, address, ios_config(name, address, o));
}

// --- raw TCP ------------------------------------------------------------------------------

// A connected socket (blocking) or -errno; from `source`:`source_port` when given.
int tcp_connect(const std::string& address, std::uint16_t port, const std::string& source = "",
                std::uint16_t source_port = 0) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    if (!source.empty()) {
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        local.sin_port = htons(source_port);
        ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
            const int err = errno;
            ::close(fd);
            return -err;
        }
    }
    sockaddr_in peer{};
    peer.sin_family = AF_INET;
    peer.sin_port = htons(port);
    ::inet_pton(AF_INET, address.c_str(), &peer.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&peer), sizeof peer) != 0) {
        const int err = errno;
        ::close(fd);
        return -err;
    }
    return fd;
}

struct Received {
    std::string bytes;
    bool closed = false;  // EOF or reset
};

// Reads until `until` returns true on what arrived, the peer closes, or the timeout.
Received receive(
    int fd, std::chrono::milliseconds timeout,
    const std::function<bool(const std::string&)>& until = [](const std::string&) { return false; }) {
    Received r;
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline && !until(r.bytes)) {
        pollfd p{fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (::poll(&p, 1, static_cast<int>(std::max<long long>(left, 1))) <= 0) continue;
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            r.closed = true;
            break;
        }
        r.bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return r;
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Polls until connecting gives `want` (true: accepted, false: refused), for listeners that
// follow a config change within the server's 50 ms poll.
bool connect_state_becomes(const std::string& address, std::uint16_t port, bool want) {
    const auto deadline = Clock::now() + 2s;
    while (Clock::now() < deadline) {
        const int fd = tcp_connect(address, port);
        if (fd >= 0) ::close(fd);
        if ((fd >= 0) == want) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

// --- libssh client ------------------------------------------------------------------------

struct SshFree {
    void operator()(ssh_session s) const {
        ssh_disconnect(s);
        ssh_free(s);
    }
};
using SshPtr = std::unique_ptr<ssh_session_struct, SshFree>;

struct ClientOptions {
    std::string source;
    bool legacy = false;
    bool modern_only = false;
    long timeout_s = 5;
};

// A connected (not yet authenticated) session, or nullptr with `error`.
SshPtr ssh_open(const std::string& address, std::uint16_t port, std::string& error, const ClientOptions& o = {}) {
    SshPtr s(ssh_new());
    int p = port;
    int no = 0;
    ssh_options_set(s.get(), SSH_OPTIONS_HOST, address.c_str());
    ssh_options_set(s.get(), SSH_OPTIONS_PORT, &p);
    ssh_options_set(s.get(), SSH_OPTIONS_USER, "admin");
    ssh_options_set(s.get(), SSH_OPTIONS_STRICTHOSTKEYCHECK, &no);
    ssh_options_set(s.get(), SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
    ssh_options_set(s.get(), SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    ssh_options_set(s.get(), SSH_OPTIONS_TIMEOUT, &o.timeout_s);
    ssh_options_set(s.get(), SSH_OPTIONS_PROCESS_CONFIG, &no);
    if (!o.source.empty()) ssh_options_set(s.get(), SSH_OPTIONS_BINDADDR, o.source.c_str());
    if (o.legacy) {
        ssh_options_set(s.get(), SSH_OPTIONS_KEY_EXCHANGE, "diffie-hellman-group14-sha1");
        ssh_options_set(s.get(), SSH_OPTIONS_HOSTKEYS, "ssh-rsa");
        ssh_options_set(s.get(), SSH_OPTIONS_CIPHERS_C_S, "aes128-cbc,3des-cbc");
        ssh_options_set(s.get(), SSH_OPTIONS_CIPHERS_S_C, "aes128-cbc,3des-cbc");
        ssh_options_set(s.get(), SSH_OPTIONS_HMAC_C_S, "hmac-sha1");
        ssh_options_set(s.get(), SSH_OPTIONS_HMAC_S_C, "hmac-sha1");
    }
    if (o.modern_only) {
        ssh_options_set(s.get(), SSH_OPTIONS_KEY_EXCHANGE, "curve25519-sha256");
        ssh_options_set(s.get(), SSH_OPTIONS_HOSTKEYS, "ssh-ed25519");
    }
    if (ssh_connect(s.get()) != SSH_OK) {
        error = ssh_get_error(s.get());
        return nullptr;
    }
    return s;
}

SshPtr ssh_login(const std::string& address, std::uint16_t port, const ClientOptions& o = {}) {
    std::string error;
    SshPtr s = ssh_open(address, port, error, o);
    if (!s) {
        ADD_FAILURE() << address << ":" << port << ": " << error;
        return nullptr;
    }
    const int rc = ssh_userauth_password(s.get(), nullptr, "lab");
    if (rc != SSH_AUTH_SUCCESS) {
        ADD_FAILURE() << "password authentication: " << rc << " " << ssh_get_error(s.get());
        return nullptr;
    }
    return s;
}

std::string host_key_sha256(ssh_session s) {
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(s, &key) != SSH_OK) return {};
    unsigned char* hash = nullptr;
    std::size_t len = 0;
    std::string out;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) == SSH_OK) {
        out.assign(reinterpret_cast<char*>(hash), len);
        ssh_clean_pubkey_hash(&hash);
    }
    ssh_key_free(key);
    return out;
}

// An interactive channel (pty + shell) of an authenticated session.
class Shell {
public:
    explicit Shell(ssh_session s, bool pty = true) : channel_(ssh_channel_new(s)) {
        ok_ = channel_ != nullptr && ssh_channel_open_session(channel_) == SSH_OK &&
              (!pty || ssh_channel_request_pty(channel_) == SSH_OK) && ssh_channel_request_shell(channel_) == SSH_OK;
    }
    ~Shell() {
        if (channel_ != nullptr) ssh_channel_free(channel_);
    }
    Shell(const Shell&) = delete;
    Shell& operator=(const Shell&) = delete;

    bool ok() const { return ok_; }
    bool send(std::string_view text) {
        return ssh_channel_write(channel_, text.data(), static_cast<std::uint32_t>(text.size())) ==
               static_cast<int>(text.size());
    }
    // Reads until the output ends with `suffix`, EOF, an error, or the timeout.
    std::string read_until(std::string_view suffix, std::chrono::milliseconds timeout = 5s) {
        std::string out;
        const auto deadline = Clock::now() + timeout;
        char buffer[4096];
        while (Clock::now() < deadline && !(suffix.size() > 0 && ends_with(out, suffix))) {
            const int n = ssh_channel_read_timeout(channel_, buffer, sizeof buffer, 0, 50);
            if (n > 0) {
                out.append(buffer, static_cast<std::size_t>(n));
                reads_.push_back({Clock::now(), static_cast<std::size_t>(n)});
            } else if (n < 0 || ssh_channel_is_eof(channel_) || ssh_channel_is_closed(channel_)) {
                ended_ = true;
                break;
            }
        }
        return out;
    }
    bool ended() const { return ended_; }
    ssh_channel channel() const { return channel_; }
    struct Read {
        Clock::time_point at;
        std::size_t bytes;
    };
    const std::vector<Read>& reads() const { return reads_; }

private:
    ssh_channel channel_;
    bool ok_ = false;
    bool ended_ = false;
    std::vector<Read> reads_;
};

// --- telnet -------------------------------------------------------------------------------

// Data bytes of a telnet stream (IAC commands removed).
std::string telnet_data(const std::string& raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto c = static_cast<unsigned char>(raw[i]);
        if (c != 255) {
            out += raw[i];
        } else if (i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 255) {
            out += raw[++i];
        } else if (i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) >= 251) {
            i += 2;  // WILL/WONT/DO/DONT option
        } else {
            i += 1;
        }
    }
    return out;
}

bool send_all(int fd, std::string_view text) {
    return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

// --- fixture ------------------------------------------------------------------------------

class LabServer : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        state_dir_ = std::filesystem::temp_directory_path() /
                     ("vtyguard-lab-server-" + std::to_string(::getpid()) + "-" + info->name());
        std::filesystem::remove_all(state_dir_);
    }
    void TearDown() override {
        if (server_) server_->stop();
        server_.reset();
        if (HasFailure()) {
            std::lock_guard lock(log_mutex_);
            for (const auto& line : log_) std::cerr << "server: " << line << "\n";
        }
        std::filesystem::remove_all(state_dir_);
    }

    Device& add(DeviceSpec spec) {
        std::string error;
        auto device = Device::create(std::move(spec), error);
        if (!device) throw std::runtime_error(error);
        Device& d = *device;
        fleet_.add(std::move(device));
        return d;
    }
    void start() {
        server_ = std::make_unique<Server>(fleet_, ServerOptions{state_dir_, [this](const std::string& line) {
                                                                     std::lock_guard lock(log_mutex_);
                                                                     log_.push_back(line);
                                                                 }});
        std::string error;
        ASSERT_TRUE(server_->start(error)) << error;
    }
    bool wait_idle(std::chrono::milliseconds timeout = 3s) {
        const auto deadline = Clock::now() + timeout;
        while (server_->stats().active_sessions != 0 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
        return server_->stats().active_sessions == 0;
    }

    std::filesystem::path state_dir_;
    std::mutex log_mutex_;
    std::vector<std::string> log_;  // declared before the server: it logs until stopped
    Fleet fleet_;
    std::unique_ptr<Server> server_;
};

// --- SSH ----------------------------------------------------------------------------------

TEST_F(LabServer, PasswordLoginShellWithPtyShowsIpSsh) {
    add(ios("r1", "127.77.1.1"));
    start();
    SshPtr s = ssh_login("127.77.1.1", kSsh);
    ASSERT_TRUE(s);
    EXPECT_STREQ(ssh_get_serverbanner(s.get()), "SSH-2.0-Cisco-1.25");
    Shell shell(s.get());
    ASSERT_TRUE(shell.ok());
    EXPECT_TRUE(ends_with(shell.read_until("r1#"), "r1#"));
    ASSERT_TRUE(shell.send("show ip ssh\r"));
    const std::string out = shell.read_until("r1#");
    EXPECT_NE(out.find("SSH Enabled - version"), std::string::npos) << out;
    EXPECT_TRUE(ends_with(out, "r1#")) << out;
    EXPECT_EQ(server_->stats().active_sessions, 1u);
    ASSERT_TRUE(shell.send("exit\r"));
    shell.read_until("", 2s);
    EXPECT_TRUE(shell.ended());
    EXPECT_TRUE(wait_idle());
    EXPECT_EQ(server_->stats().connections, 1u);
}

TEST_F(LabServer, KeyboardInteractiveLikeCiscoWithAaa) {
    add(ios("r2", "127.77.2.1"));
    start();
    std::string error;
    SshPtr s = ssh_open("127.77.2.1", kSsh, error);
    ASSERT_TRUE(s) << error;
    ASSERT_EQ(ssh_userauth_kbdint(s.get(), nullptr, nullptr), SSH_AUTH_INFO);
    ASSERT_EQ(ssh_userauth_kbdint_getnprompts(s.get()), 1);
    char echo = 1;
    EXPECT_STREQ(ssh_userauth_kbdint_getprompt(s.get(), 0, &echo), "Password: ");
    EXPECT_EQ(echo, 0);
    ASSERT_EQ(ssh_userauth_kbdint_setanswer(s.get(), 0, "lab"), 0);
    int rc = SSH_AUTH_INFO;
    for (int round = 0; round < 3 && rc == SSH_AUTH_INFO; ++round) rc = ssh_userauth_kbdint(s.get(), nullptr, nullptr);
    EXPECT_EQ(rc, SSH_AUTH_SUCCESS);
    Shell shell(s.get());
    ASSERT_TRUE(shell.ok());
    EXPECT_TRUE(ends_with(shell.read_until("r2#"), "r2#"));
}

TEST_F(LabServer, WrongPasswordAndAuthFailureFaultAreDenied) {
    add(ios("r3", "127.77.3.1"));
    DeviceSpec broken = ios("r3b", "127.77.3.2");
    broken.faults.auth_failure = true;
    add(broken);
    start();
    std::string error;
    SshPtr s = ssh_open("127.77.3.1", kSsh, error);
    ASSERT_TRUE(s) << error;
    EXPECT_EQ(ssh_userauth_password(s.get(), nullptr, "wrong"), SSH_AUTH_DENIED);
    EXPECT_EQ(ssh_userauth_password(s.get(), nullptr, "lab"), SSH_AUTH_SUCCESS);

    SshPtr b = ssh_open("127.77.3.2", kSsh, error);
    ASSERT_TRUE(b) << error;
    EXPECT_EQ(ssh_userauth_password(b.get(), nullptr, "lab"), SSH_AUTH_DENIED);
}

TEST_F(LabServer, ExecChannelAnswersOneCommandAndExitStatus) {
    add(ios("r4", "127.77.4.1"));
    add(spec_for("fw4", Personality::cisco_asa, "127.77.4.2", asa_config("fw4", "127.77.4.2", "127.0.0.0 255.0.0.0")));
    start();
    auto exec = [](const std::string& command, int& status, const char* address = "127.77.4.1") {
        SshPtr s = ssh_login(address, kSsh);
        if (!s) return std::string("<no session>");
        ssh_channel ch = ssh_channel_new(s.get());
        std::string out;
        if (ssh_channel_open_session(ch) == SSH_OK && ssh_channel_request_exec(ch, command.c_str()) == SSH_OK) {
            char buffer[4096];
            int n = 0;
            while ((n = ssh_channel_read_timeout(ch, buffer, sizeof buffer, 0, 5000)) > 0) {
                out.append(buffer, static_cast<std::size_t>(n));
            }
            for (int i = 0; i < 100 && (status = ssh_channel_get_exit_status(ch)) < 0; ++i) {
                std::this_thread::sleep_for(10ms);
            }
        }
        ssh_channel_free(ch);
        return out;
    };
    int status = -1;
    const std::string out = exec("show ip ssh", status);
    EXPECT_EQ(out.rfind("SSH Enabled - version", 0), 0u) << out;  // no echo before it
    EXPECT_EQ(out.find("r4#"), std::string::npos) << out;         // no prompt after it
    EXPECT_EQ(status, 0);
    const std::string bad = exec("show no-such-thing", status);
    EXPECT_NE(bad.find("% Invalid input"), std::string::npos) << bad;
    EXPECT_EQ(status, 1);
    const std::string asa_bad = exec("show no-such-thing", status, "127.77.4.2");
    EXPECT_NE(asa_bad.find("ERROR: % Invalid input"), std::string::npos) << asa_bad;
    EXPECT_EQ(status, 1);
    // Long output is not paged on an exec channel.
    const std::string config = exec("show running-config", status);
    EXPECT_NE(config.find("hostname r4"), std::string::npos) << config;
    EXPECT_NE(config.find("line vty 0 4"), std::string::npos) << config;
    EXPECT_EQ(config.find("--More--"), std::string::npos) << config;
}

TEST_F(LabServer, BannerIsSentFirst) {
    add(ios("r5", "127.77.5.1"));
    start();
    const int fd = tcp_connect("127.77.5.1", kSsh);
    ASSERT_GE(fd, 0) << std::strerror(-fd);
    const Received r = receive(fd, 2s, [](const std::string& b) { return b.find('\n') != std::string::npos; });
    ::close(fd);
    EXPECT_EQ(r.bytes, "SSH-2.0-Cisco-1.25\r\n");
}

TEST_F(LabServer, NoKeyRefusesUntilKeyIsGenerated) {
    IosOptions o;
    o.rsa_key = false;
    o.vty = " login local\n transport input ssh telnet\n";
    DeviceSpec spec = ios("r6", "127.77.6.1", o);
    spec.telnet_port = kTelnet;
    add(spec);
    start();
    EXPECT_EQ(tcp_connect("127.77.6.1", kSsh), -ECONNREFUSED);

    // Generate the key over telnet, the way an operator would fix it.
    const int fd = tcp_connect("127.77.6.1", kTelnet);
    ASSERT_GE(fd, 0) << std::strerror(-fd);
    auto until = [](std::string_view text) {
        return [text](const std::string& b) { return telnet_data(b).find(text) != std::string::npos; };
    };
    ASSERT_FALSE(receive(fd, 3s, until("Username: ")).closed);
    send_all(fd, "admin\r\n");
    ASSERT_FALSE(receive(fd, 3s, until("Password: ")).closed);
    send_all(fd, "lab\r\n");
    ASSERT_FALSE(receive(fd, 3s, until("r6#")).closed);
    send_all(fd, "configure terminal\r\n");
    receive(fd, 3s, until("(config)#"));
    send_all(fd, "crypto key generate rsa modulus 2048\r\n");
    receive(fd, 5s, until("(config)#"));
    send_all(fd, "end\r\n");
    receive(fd, 3s, until("r6#"));
    ::close(fd);
    EXPECT_TRUE(connect_state_becomes("127.77.6.1", kSsh, true));
    EXPECT_TRUE(ssh_login("127.77.6.1", kSsh));
}

TEST_F(LabServer, RemovingSshFromTheVtyLinesClosesTheListener) {
    add(ios("r7", "127.77.7.1"));
    start();
    EXPECT_EQ(server_->stats().listeners, 1u);
    SshPtr s = ssh_login("127.77.7.1", kSsh);
    ASSERT_TRUE(s);
    Shell shell(s.get());
    ASSERT_TRUE(shell.ok());
    shell.read_until("r7#");
    for (const char* line : {"configure terminal\r", "line vty 0 4\r", "transport input telnet\r", "end\r"}) {
        ASSERT_TRUE(shell.send(line));
        shell.read_until("#");
    }
    EXPECT_TRUE(connect_state_becomes("127.77.7.1", kSsh, false));
    EXPECT_EQ(tcp_connect("127.77.7.1", kSsh), -ECONNREFUSED);
    EXPECT_EQ(server_->stats().listeners, 0u);
    // The session that made the change goes on.
    ASSERT_TRUE(shell.send("show ip ssh\r"));
    EXPECT_TRUE(ends_with(shell.read_until("r7#"), "r7#"));
}

TEST_F(LabServer, AccessClassDeniesOneSourceAndAllowsAnother) {
    IosOptions o;
    o.global =
        "ip access-list standard VTY-MGMT\n"
        " 10 permit 127.0.10.0 0.0.0.255\n"
        " 20 deny any log\n";
    o.vty = " access-class VTY-MGMT in\n login local\n transport input ssh\n";
    add(ios("r8", "127.77.8.1", o));
    start();
    // Denied: the TCP connection is accepted, then closed before any byte of the banner.
    const int fd = tcp_connect("127.77.8.1", kSsh, "127.0.20.9");
    ASSERT_GE(fd, 0) << std::strerror(-fd);
    const Received r = receive(fd, 1s);
    ::close(fd);
    EXPECT_TRUE(r.closed);
    EXPECT_EQ(r.bytes, "");
    ClientOptions denied;
    denied.source = "127.0.20.9";
    std::string error;
    EXPECT_FALSE(ssh_open("127.77.8.1", kSsh, error, denied));
    // Allowed source: a normal login.
    ClientOptions allowed;
    allowed.source = "127.0.10.9";
    SshPtr s = ssh_login("127.77.8.1", kSsh, allowed);
    ASSERT_TRUE(s);
    EXPECT_STREQ(ssh_get_serverbanner(s.get()), "SSH-2.0-Cisco-1.25");
}

TEST_F(LabServer, ServiceGroupSourcePortIsTheClientsOwn) {
    // Only connections from source port 47321 are admitted: the server must judge the client's
    // real source port, not a stand-in.
    IosOptions o;
    o.global =
        "object-group service FROM-47321\n"
        " tcp source eq 47321\n"
        "ip access-list extended VTY-SPORT\n"
        " 10 permit object-group FROM-47321 any any\n"
        " 20 deny   ip any any\n";
    o.vty = " access-class VTY-SPORT in\n login local\n transport input ssh\n";
    add(ios("r30", "127.77.30.1", o));
    start();
    auto banner_from = [](std::uint16_t source_port) {
        const int fd = tcp_connect("127.77.30.1", kSsh, "127.0.30.9", source_port);
        EXPECT_GE(fd, 0) << std::strerror(-fd);
        if (fd < 0) return std::string("connect failed");
        const Received r = receive(fd, 1s, [](const std::string& b) { return b.find('\n') != std::string::npos; });
        ::close(fd);
        return r.bytes;
    };
    EXPECT_EQ(banner_from(47321), "SSH-2.0-Cisco-1.25\r\n");
    EXPECT_EQ(banner_from(0), "") << "an ephemeral source port is denied";
}

TEST_F(LabServer, AsaAllowListMissIsASilentDrop) {
    add(spec_for("fw1", Personality::cisco_asa, "127.77.9.1",
                 asa_config("fw1", "127.77.9.1", "127.0.10.0 255.255.255.0")));
    start();
    const int fd = tcp_connect("127.77.9.1", kSsh, "127.0.20.9");
    ASSERT_GE(fd, 0) << std::strerror(-fd);  // the connection itself succeeds
    const Received r = receive(fd, 1s);
    EXPECT_FALSE(r.closed);  // ...and stays open
    EXPECT_EQ(r.bytes, "");  // without a banner
    EXPECT_EQ(server_->stats().active_sessions, 1u);
    ::close(fd);
    EXPECT_TRUE(wait_idle());  // the client leaving ends it

    ClientOptions allowed;
    allowed.source = "127.0.10.9";
    SshPtr s = ssh_login("127.77.9.1", kSsh, allowed);
    ASSERT_TRUE(s);
    Shell shell(s.get());
    ASSERT_TRUE(shell.ok());
    const std::string prompt = shell.read_until("fw1> ", 2s);  // ASA: user EXEC after an SSH login
    EXPECT_TRUE(ends_with(prompt, "fw1> ")) << prompt;
}

TEST_F(LabServer, RotaryPortServesTheRotaryLines) {
    IosOptions o;
    o.global = "ip ssh port 3022 rotary 1\n";
    o.vty = " login local\n transport input ssh\nline vty 5 15\n rotary 1\n login local\n transport input ssh\n";
    Device& d = add(ios("r10", "127.77.10.1", o));
    start();
    const auto ports = d.listening_ports(Service::ssh);
    ASSERT_NE(std::find(ports.begin(), ports.end(), 3022), ports.end());
    SshPtr s = ssh_login("127.77.10.1", 3022);
    ASSERT_TRUE(s);
    EXPECT_STREQ(ssh_get_serverbanner(s.get()), "SSH-2.0-Cisco-1.25");
    // Port 22's listener follows the device exactly.
    const bool on_22 = std::find(ports.begin(), ports.end(), kSsh) != ports.end();
    const int fd = tcp_connect("127.77.10.1", kSsh);
    EXPECT_EQ(fd >= 0, on_22);
    if (fd >= 0) ::close(fd);
    EXPECT_EQ(server_->stats().listeners, ports.size());
}

TEST_F(LabServer, AllLinesBusyClosesBeforeTheBanner) {
    add(ios("r11", "127.77.11.1"));  // line vty 0 4: five sessions
    start();
    std::vector<SshPtr> sessions;
    std::vector<std::unique_ptr<Shell>> shells;
    for (int i = 0; i < 5; ++i) {
        sessions.push_back(ssh_login("127.77.11.1", kSsh));
        ASSERT_TRUE(sessions.back());
        shells.push_back(std::make_unique<Shell>(sessions.back().get()));
        ASSERT_TRUE(shells.back()->ok());
        shells.back()->read_until("r11#");
    }
    const int fd = tcp_connect("127.77.11.1", kSsh);
    ASSERT_GE(fd, 0);
    const Received r = receive(fd, 1s);
    ::close(fd);
    EXPECT_TRUE(r.closed);
    EXPECT_EQ(r.bytes, "");
    // One leaves: its line is free again.
    ASSERT_TRUE(shells.back()->send("exit\r"));
    shells.back()->read_until("", 2s);
    shells.pop_back();
    sessions.pop_back();
    const auto deadline = Clock::now() + 2s;
    std::string banner;
    while (Clock::now() < deadline && banner.empty()) {
        const int again = tcp_connect("127.77.11.1", kSsh);
        ASSERT_GE(again, 0);
        banner = receive(again, 500ms, [](const std::string& b) { return b.find('\n') != std::string::npos; }).bytes;
        ::close(again);
    }
    EXPECT_EQ(banner, "SSH-2.0-Cisco-1.25\r\n");
}

TEST_F(LabServer, LegacyCryptoDeviceOffersOnlyLegacyAlgorithms) {
    DeviceSpec spec = ios("r12", "127.77.12.1");
    spec.legacy_crypto = true;
    add(spec);
    start();
    ClientOptions modern;
    modern.modern_only = true;
    std::string error;
    EXPECT_FALSE(ssh_open("127.77.12.1", kSsh, error, modern));
    ClientOptions legacy;
    legacy.legacy = true;
    SshPtr s = ssh_login("127.77.12.1", kSsh, legacy);
    ASSERT_TRUE(s);
    ssh_key key = nullptr;
    ASSERT_EQ(ssh_get_server_publickey(s.get(), &key), SSH_OK);
    EXPECT_EQ(ssh_key_type(key), SSH_KEYTYPE_RSA);
    ssh_key_free(key);
}

// --- telnet -------------------------------------------------------------------------------

TEST_F(LabServer, TelnetLoginLikeIos) {
    IosOptions o;
    o.vty = " login local\n transport input ssh telnet\n";
    DeviceSpec spec = ios("r13", "127.77.13.1", o);
    spec.telnet_port = kTelnet;
    add(spec);
    start();
    EXPECT_EQ(server_->stats().listeners, 2u);
    const int fd = tcp_connect("127.77.13.1", kTelnet);
    ASSERT_GE(fd, 0) << std::strerror(-fd);
    auto until = [](std::string_view text) {
        return [text](const std::string& b) { return telnet_data(b).find(text) != std::string::npos; };
    };
    Received r = receive(fd, 3s, until("Username: "));
    ASSERT_GE(r.bytes.size(), 6u);
    EXPECT_EQ(r.bytes.substr(0, 6), std::string("\xff\xfb\x01\xff\xfb\x03"));  // WILL ECHO, WILL SGA
    EXPECT_NE(telnet_data(r.bytes).find("User Access Verification"), std::string::npos);
    // A client's DO ECHO / DO SGA needs no answer; DO TERMINAL-TYPE is refused.
    send_all(fd, std::string("\xff\xfd\x01\xff\xfd\x03\xff\xfd\x18", 9));
    send_all(fd, "admin\r\n");
    r = receive(fd, 3s, until("Password: "));
    EXPECT_NE(r.bytes.find(std::string("\xff\xfc\x18", 3)), std::string::npos);  // WONT TERMINAL-TYPE
    EXPECT_NE(telnet_data(r.bytes).find("admin"), std::string::npos);            // the username is echoed
    send_all(fd, "wrong\r\n");
    r = receive(fd, 3s, until("Username: "));
    EXPECT_EQ(telnet_data(r.bytes).find("wrong"), std::string::npos);  // the password is not
    EXPECT_NE(telnet_data(r.bytes).find("% Login invalid"), std::string::npos);
    send_all(fd, "admin\r\n");
    receive(fd, 3s, until("Password: "));
    send_all(fd, std::string("lab\r\0", 5));  // CR NUL ends a line too
    r = receive(fd, 3s, until("r13#"));
    ASSERT_TRUE(ends_with(telnet_data(r.bytes), "r13#")) << telnet_data(r.bytes);
    send_all(fd, "show ip ssh\r\n");
    r = receive(fd, 3s, until("r13#"));
    EXPECT_NE(telnet_data(r.bytes).find("SSH Enabled - version"), std::string::npos) << telnet_data(r.bytes);
    send_all(fd, "exit\r\n");
    r = receive(fd, 3s);
    EXPECT_TRUE(r.closed);
    ::close(fd);
}

// --- transport faults ---------------------------------------------------------------------

TEST_F(LabServer, FaultCommandLatency) {
    DeviceSpec spec = ios("f1", "127.77.14.1");
    spec.faults.command_latency = 300ms;
    add(spec);
    start();
    SshPtr s = ssh_login("127.77.14.1", kSsh);
    ASSERT_TRUE(s);
    Shell shell(s.get());
    ASSERT_TRUE(shell.ok());
    const auto t_start = Clock::now();
    shell.read_until("f1#");
    EXPECT_LT(ms_since(t_start), 250);  // the prompt after login is not a command
    const auto t0 = Clock::now();
    ASSERT_TRUE(shell.send("show ip ssh\r"));
    const std::string out = shell.read_until("f1#");
    const auto elapsed = ms_since(t0);
    EXPECT_NE(out.find("SSH Enabled"), std::string::npos);
    EXPECT_GE(elapsed, 300);
    EXPECT_LT(elapsed, 2000);
}

TEST_F(LabServer, FaultSlowOutputComesInChunks) {
    DeviceSpec spec = ios("f2", "127.77.15.1");
    spec.faults.slow_chunk = 16;
    spec.faults.slow_delay = 20ms;
    add(spec);
    start();
    SshPtr s = ssh_login("127.77.15.1", kSsh);
    ASSERT_TRUE(s);
    Shell shell(s.get());
    ASSERT_TRUE(shell.ok());
    shell.read_until("f2#");
    const std::size_t before = shell.reads().size();
    const auto t0 = Clock::now();
    ASSERT_TRUE(shell.send("show ip ssh\r"));
    const std::string out = shell.read_until("f2#");
    const auto elapsed = ms_since(t0);
    ASSERT_NE(out.find("SSH Enabled"), std::string::npos);
    const std::size_t chunks = (out.size() + 15) / 16;
    EXPECT_GE(elapsed, static_cast<long long>((chunks - 1) * 20 * 9 / 10)) << out.size() << " bytes";
    std::size_t largest = 0;
    for (std::size_t i = before; i < shell.reads().size(); ++i) largest = std::max(largest, shell.reads()[i].bytes);
    EXPECT_LT(largest, out.size() / 2);  // a late read may catch a few chunks, never the whole output
    EXPECT_GT(shell.reads().size() - before, chunks / 2);
}

TEST_F(LabServer, FaultDropAfterClosesMidOutput) {
    DeviceSpec spec = ios("f3", "127.77.16.1");
    spec.faults.drop_after = 200;
    add(spec);
    start();
    SshPtr s = ssh_login("127.77.16.1", kSsh);
    ASSERT_TRUE(s);
    Shell shell(s.get());
    ASSERT_TRUE(shell.ok());
    shell.read_until("f3#");
    ASSERT_TRUE(shell.send("terminal length 0\r"));  // a short reply: under the limit
    EXPECT_TRUE(ends_with(shell.read_until("f3#"), "f3#"));
    ASSERT_TRUE(shell.send("show running-config\r"));
    const std::string out = shell.read_until("f3#", 3s);
    EXPECT_EQ(out.size(), 200u);
    EXPECT_TRUE(shell.ended());
    EXPECT_TRUE(wait_idle());
}

TEST_F(LabServer, HostKeyStableAcrossRestartsAndChangedByTheFault) {
    add(ios("k1", "127.77.17.1"));
    DeviceSpec changing = ios("k2", "127.77.17.2");
    changing.faults.host_key_changes = true;
    add(changing);
    auto keys = [&] {
        start();
        std::string error;
        SshPtr a = ssh_open("127.77.17.1", kSsh, error);
        SshPtr b = ssh_open("127.77.17.2", kSsh, error);
        std::pair<std::string, std::string> k{a ? host_key_sha256(a.get()) : "", b ? host_key_sha256(b.get()) : ""};
        a.reset();
        b.reset();
        server_->stop();
        return k;
    };
    const auto first = keys();
    const auto second = keys();
    ASSERT_FALSE(first.first.empty());
    ASSERT_FALSE(first.second.empty());
    EXPECT_EQ(first.first, second.first);
    EXPECT_NE(first.second, second.second);
    EXPECT_TRUE(std::filesystem::exists(state_dir_ / "k1_ed25519_key"));
    EXPECT_FALSE(std::filesystem::exists(state_dir_ / "k2_ed25519_key"));
}

// --- robustness ---------------------------------------------------------------------------

// Forwards one connection to the server and cuts both sides after `limit` bytes (either way):
// a client that vanishes during the key exchange, the authentication, or mid-output.
class CuttingProxy {
public:
    CuttingProxy(const std::string& address, std::uint16_t target, std::size_t limit) : limit_(limit) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        ::inet_pton(AF_INET, "127.77.18.250", &a.sin_addr);
        socklen_t len = sizeof a;
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(listen_fd_, 1);
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this, address, target] { run(address, target); });
    }
    ~CuttingProxy() {
        stop_ = true;
        thread_.join();
        ::close(listen_fd_);
    }
    std::uint16_t port() const { return port_; }

private:
    void run(const std::string& address, std::uint16_t target) {
        pollfd p{listen_fd_, POLLIN, 0};
        while (!stop_ && ::poll(&p, 1, 10) == 0) {
        }
        if (stop_) return;
        const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        const int server = tcp_connect(address, target);
        std::size_t passed = 0;
        while (!stop_ && client >= 0 && server >= 0 && passed < limit_) {
            pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
            if (::poll(fds, 2, 10) <= 0) continue;
            bool closed = false;
            for (int i = 0; i < 2 && !closed; ++i) {
                if (fds[i].revents == 0) continue;
                char buffer[4096];
                const std::size_t room = std::min(sizeof buffer, limit_ - passed);
                const ssize_t n = ::recv(fds[i].fd, buffer, room, 0);
                if (n <= 0 || !send_all(fds[1 - i].fd, std::string_view(buffer, static_cast<std::size_t>(n)))) {
                    closed = true;
                } else {
                    passed += static_cast<std::size_t>(n);
                }
            }
            if (closed) break;
        }
        if (client >= 0) ::close(client);
        if (server >= 0) ::close(server);
    }

    std::size_t limit_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

TEST_F(LabServer, RandomDisconnectsLeaveTheServerHealthy) {
    add(ios("d1", "127.77.18.1"));
    DeviceSpec slow = ios("d2", "127.77.18.2");
    slow.faults.slow_chunk = 64;
    slow.faults.slow_delay = 1ms;
    add(slow);
    start();
    std::mt19937 random(20251206);
    int reached[4] = {};  // cut during the key exchange, after it, after the login, in the shell
    const auto t0 = Clock::now();
    for (int round = 0; round < 50; ++round) {
        const std::string target = round % 2 == 0 ? "127.77.18.1" : "127.77.18.2";
        // Up to 7000 bytes: kex is about 2-3 KB, authentication a few hundred, the rest output.
        CuttingProxy proxy(target, kSsh, std::uniform_int_distribution<std::size_t>(0, 7000)(random));
        ClientOptions o;
        o.timeout_s = 2;
        std::string error;
        SshPtr s = ssh_open("127.77.18.250", proxy.port(), error, o);
        ++reached[s ? 1 : 0];
        if (s && ssh_userauth_password(s.get(), nullptr, "lab") == SSH_AUTH_SUCCESS) {
            ++reached[2];
            Shell shell(s.get());
            if (shell.ok()) {
                ++reached[3];
                shell.read_until("#", 1s);
                shell.send("terminal length 0\r");
                shell.read_until("#", 1s);
                shell.send("show running-config\r");
                shell.read_until("#", 1s);
            }
        }
    }
    // Every connection ended on the server side, and the devices still serve.
    EXPECT_TRUE(wait_idle(5s)) << server_->stats().active_sessions << " sessions left";
    EXPECT_GE(server_->stats().connections, 40u);
    for (const char* address : {"127.77.18.1", "127.77.18.2"}) {
        SshPtr s = ssh_login(address, kSsh);
        ASSERT_TRUE(s);
        Shell shell(s.get());
        ASSERT_TRUE(shell.ok());
        EXPECT_TRUE(ends_with(shell.read_until("#"), "#"));
    }
    std::cout << "[ timing ] 50 random disconnects: " << ms_since(t0) << " ms (" << reached[0]
              << " cut during the key exchange, " << reached[1] - reached[3] << " during authentication or the channel "
              << "set-up, " << reached[3] << " reached the shell)\n";
}

TEST_F(LabServer, StopEndsEveryKindOfConnectionPromptly) {
    add(spec_for("fw2", Personality::cisco_asa, "127.77.19.1",
                 asa_config("fw2", "127.77.19.1", "127.0.10.0 255.255.255.0")));
    DeviceSpec slow = ios("r19", "127.77.19.2");
    slow.faults.slow_chunk = 1;
    slow.faults.slow_delay = 1s;
    add(slow);
    start();
    const int dropped = tcp_connect("127.77.19.1", kSsh, "127.0.20.9");  // silent drop
    const int mute = tcp_connect("127.77.19.2", kSsh);                   // never starts the key exchange
    ASSERT_GE(dropped, 0);
    ASSERT_GE(mute, 0);
    SshPtr s = ssh_login("127.77.19.2", kSsh);  // shell in the middle of slow output
    ASSERT_TRUE(s);
    Shell shell(s.get());
    ASSERT_TRUE(shell.ok());
    shell.read_until("", 300ms);
    EXPECT_EQ(server_->stats().active_sessions, 3u);
    const auto t0 = Clock::now();
    server_->stop();
    const auto elapsed = ms_since(t0);
    std::cout << "[ timing ] stop() with 3 connections: " << elapsed << " ms\n";
    EXPECT_LT(elapsed, 500);
    EXPECT_EQ(server_->stats().active_sessions, 0u);
    EXPECT_EQ(server_->stats().listeners, 0u);
    EXPECT_TRUE(receive(dropped, 1s).closed);
    EXPECT_TRUE(receive(mute, 1s).closed);
    ::close(dropped);
    ::close(mute);
    EXPECT_EQ(tcp_connect("127.77.19.2", kSsh), -ECONNREFUSED);
}

TEST_F(LabServer, StateDirectoryIsPrivate) {
    add(ios("k3", "127.77.31.1"));
    // One that others can write to is refused: host keys are read back from it.
    std::filesystem::create_directories(state_dir_);
    ::chmod(state_dir_.c_str(), 0755);
    Server open_dir(fleet_, ServerOptions{state_dir_, {}});
    std::string error;
    EXPECT_FALSE(open_dir.start(error));
    EXPECT_NE(error.find(state_dir_.string() + " has mode 0755"), std::string::npos) << error;

    // A missing one is created 0700, and host keys are 0600.
    std::filesystem::remove_all(state_dir_);
    start();
    std::string ssh_error;
    EXPECT_TRUE(ssh_open("127.77.31.1", kSsh, ssh_error)) << ssh_error;
    struct stat st {};
    ASSERT_EQ(::stat(state_dir_.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0700u);
    ASSERT_EQ(::stat((state_dir_ / "k3_ed25519_key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(LabServer, RefusesNonLoopbackAddresses) {
    add(ios("bad", "192.0.2.1"));
    Server server(fleet_, ServerOptions{state_dir_, {}});
    std::string error;
    EXPECT_FALSE(server.start(error));
    EXPECT_NE(error.find("bad"), std::string::npos) << error;
    EXPECT_NE(error.find("192.0.2.1"), std::string::npos) << error;
}

TEST_F(LabServer, ThousandDevicesAndConcurrentSessions) {
    constexpr int kDevices = 1000;
    const auto t0 = Clock::now();
    std::vector<std::string> addresses;
    for (int i = 0; i < kDevices; ++i) {
        const std::string address = "127.78." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1);
        addresses.push_back(address);
        add(ios("load-" + std::to_string(i + 1), address));
    }
    const auto created = ms_since(t0);
    const auto t1 = Clock::now();
    start();
    const auto started = ms_since(t1);
    EXPECT_EQ(server_->stats().listeners, static_cast<std::size_t>(kDevices));

    constexpr int kClients = 100;
    std::atomic<int> ok{0};
    const auto t2 = Clock::now();
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            const std::string& address = addresses[static_cast<std::size_t>((c * 37) % kDevices)];
            std::string error;
            SshPtr s = ssh_open(address, kSsh, error);
            if (!s || ssh_userauth_password(s.get(), nullptr, "lab") != SSH_AUTH_SUCCESS) return;
            Shell shell(s.get());
            if (!shell.ok()) return;
            shell.read_until("#");
            shell.send("show ip ssh\r");
            if (shell.read_until("#").find("SSH Enabled") != std::string::npos) ++ok;
        });
    }
    for (auto& t : clients) t.join();
    const auto served = ms_since(t2);
    EXPECT_EQ(ok.load(), kClients);
    std::cout << "[ timing ] " << kDevices << " devices: created in " << created << " ms, server started in " << started
              << " ms; " << kClients << " concurrent logins + show ip ssh in " << served << " ms\n";
}

}  // namespace
