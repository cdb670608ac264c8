// drivers/driver.hpp, channel.hpp, platforms.hpp and transport/telnet.hpp against the lab's
// simulated Cisco IOS and ASA devices (lab/server) on loopback, 127.90.<test>.x: SSH with password
// and keyboard-interactive, telnet, adjacent-device hops, paging, configuration, the lab's faults,
// and an OpenSSH jump host (lab/fleet/jumphost) when Debian's sshd is installed.
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "drivers/channel.hpp"
#include "drivers/driver.hpp"
#include "drivers/platforms.hpp"
#include "drivers/transport/telnet.hpp"
#include "lab/fleet/jumphost.hpp"
#include "lab/server/server.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace vtyguard::drivers;
namespace lab = vtyguard::lab;

namespace {

constexpr std::uint16_t kSsh = 2222;
constexpr std::uint16_t kTelnet = 2323;

long long ms_since(Clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

bool contains(std::string_view s, std::string_view needle) {
    return s.find(needle) != std::string_view::npos;
}

// --- device configs ----------------------------------------------------------------------------

struct IosOptions {
    bool rsa_key = true;
    std::string vty = " login local\n transport input ssh telnet\n";
    std::string global;  // extra global lines
};

std::string ios_config(const std::string& hostname, const std::string& address, const IosOptions& o = {}) {
    std::string gateway = address.substr(0, address.rfind('.')) + ".254";
    std::string c = "hostname " + hostname + "\n!\nip domain name lab.example.net\nno aaa new-model\n";
    if (o.rsa_key) c += "crypto key generate rsa general-keys modulus 2048\n";
    c += "username admin privilege 15 secret 0 lab\n"
         "username op privilege 1 secret 0 op-pass\n"
         "enable secret 0 lab-enable\n!\n"
         "interface GigabitEthernet0/0\n ip address " +
         address + " 255.255.255.0\n!\nip route 0.0.0.0 0.0.0.0 " + gateway + "\n" + o.global +
         "!\nline con 0\n login local\nline vty 0 4\n" + o.vty + "!\nend\n";
    return c;
}

std::string asa_config(const std::string& hostname, const std::string& address, const std::string& allowed) {
    std::string gateway = address.substr(0, address.rfind('.')) + ".254";
    return "hostname " + hostname +
           "\ndomain-name lab.example.net\nenable password lab-enable\n"
           "interface Management1/1\n management-only\n nameif management\n security-level 100\n ip address " +
           address + " 255.255.255.0\n!\nroute management 0.0.0.0 0.0.0.0 " + gateway +
           " 1\naaa authentication ssh console LOCAL\ncrypto key generate rsa modulus 2048 noconfirm\nssh " + allowed +
           " management\nssh version 2\nusername admin password lab privilege 15\n";
}

lab::DeviceSpec spec_for(const std::string& name, lab::Personality p, const std::string& address, std::string config) {
    lab::DeviceSpec s;
    s.name = name;
    s.personality = p;
    s.address = address;
    s.ssh_port = kSsh;
    s.telnet_port = kTelnet;
    s.config = std::move(config);
    s.enable_secret = "lab-enable";
    s.version = p == lab::Personality::cisco_ios ? "17.9.4a" : "9.16(4)";
    s.model = p == lab::Personality::cisco_ios ? "C9300-48P" : "ASA5516";
    return s;
}

lab::DeviceSpec ios(const std::string& name, const std::string& address, const IosOptions& o = {}) {
    return spec_for(name, lab::Personality::cisco_ios, address, ios_config(name, address, o));
}

lab::DeviceSpec asa(const std::string& name, const std::string& address,
                    const std::string& allowed = "127.0.0.0 255.0.0.0") {
    return spec_for(name, lab::Personality::cisco_asa, address, asa_config(name, address, allowed));
}

// What every command's output must be: no prompt, no echo, no terminal noise, no pager.
void expect_clean(const CommandOutput& out, const std::string& prompt) {
    SCOPED_TRACE(out.command);
    if (out.output.empty()) return;  // e.g. `show access-lists` on a device without ACLs
    EXPECT_FALSE(contains(out.output, "\r"));
    EXPECT_FALSE(contains(out.output, "\x1b"));
    EXPECT_FALSE(contains(out.output, "--More--"));
    EXPECT_FALSE(contains(out.output, "<--- More --->"));
    EXPECT_EQ(out.output.back(), '\n');
    EXPECT_NE(out.output.rfind(out.command, 0), 0u) << "echo left in: " << out.output.substr(0, 80);
    std::string last = out.output.substr(0, out.output.size() - 1);
    last = last.substr(last.rfind('\n') == std::string::npos ? 0 : last.rfind('\n') + 1);
    EXPECT_NE(last, prompt) << "prompt left in";
    EXPECT_FALSE(contains(out.output, prompt + out.command)) << "echo left in";
}

// --- a keyboard-interactive-only SSH server over a lab Session (Cisco with AAA) ------------------

class KbdintServer {
public:
    KbdintServer(lab::Device& device, lab::Fleet& fleet, const std::string& address, const fs::path& key_file)
        : device_(device), fleet_(fleet) {
        ssh_key key = nullptr;
        ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key);
        ssh_pki_export_privkey_file(key, nullptr, nullptr, nullptr, key_file.c_str());
        ssh_key_free(key);
        bind_ = ssh_bind_new();
        ssh_bind_options_set(bind_, SSH_BIND_OPTIONS_HOSTKEY, key_file.c_str());
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
        int one = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 8) != 0) {
            throw std::runtime_error("cannot listen on " + address);
        }
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { loop(); });
    }
    ~KbdintServer() {
        stop_ = true;
        thread_.join();
        for (auto& t : workers_) t.join();
        ::close(fd_);
        ssh_bind_free(bind_);
    }
    std::uint16_t port() const { return port_; }
    int kbdint_answers() const { return answers_; }

private:
    void loop() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c >= 0) workers_.emplace_back([this, c] { serve(c); });
        }
    }

    void serve(int fd) {
        ssh_session s = ssh_new();
        if (ssh_bind_accept_fd(bind_, s, fd) != SSH_OK || ssh_handle_key_exchange(s) != SSH_OK) {
            ssh_free(s);
            return;
        }
        ssh_set_auth_methods(s, SSH_AUTH_METHOD_INTERACTIVE);
        int privilege = -1;
        std::string user;
        ssh_channel channel = nullptr;
        bool shell = false;
        while (!shell) {
            ssh_message m = ssh_message_get(s);
            if (m == nullptr) break;
            const int type = ssh_message_type(m);
            const int subtype = ssh_message_subtype(m);
            bool replied = false;
            if (type == SSH_REQUEST_AUTH && subtype == SSH_AUTH_METHOD_INTERACTIVE) {
                if (ssh_message_auth_kbdint_is_response(m) != 0) {
                    ++answers_;
                    const char* given =
                        ssh_userauth_kbdint_getnanswers(s) == 1 ? ssh_userauth_kbdint_getanswer(s, 0) : nullptr;
                    const lab::Login l = device_.login(user, given ? given : "", kSsh, lab::Service::ssh);
                    if (l.ok) {
                        privilege = l.privilege;
                        ssh_message_auth_reply_success(m, 0);
                        replied = true;
                    }
                } else {
                    // The user is named in the first request only.
                    if (const char* u = ssh_message_auth_user(m)) user = u;
                    const char* prompts[] = {"Password: "};
                    char echo[] = {0};
                    ssh_message_auth_interactive_request(m, "", "", 1, prompts, echo);
                    replied = true;
                }
            } else if (privilege >= 0 && type == SSH_REQUEST_CHANNEL_OPEN && subtype == SSH_CHANNEL_SESSION) {
                channel = ssh_message_channel_request_open_reply_accept(m);
                replied = channel != nullptr;
            } else if (channel && type == SSH_REQUEST_CHANNEL &&
                       (subtype == SSH_CHANNEL_REQUEST_PTY || subtype == SSH_CHANNEL_REQUEST_SHELL)) {
                ssh_message_channel_request_reply_success(m);
                shell = subtype == SSH_CHANNEL_REQUEST_SHELL;
                replied = true;
            }
            if (!replied) {
                if (type == SSH_REQUEST_AUTH) ssh_message_auth_set_methods(m, SSH_AUTH_METHOD_INTERACTIVE);
                ssh_message_reply_default(m);
            }
            ssh_message_free(m);
        }
        if (shell) {
            lab::Session session(device_, &fleet_, "admin", privilege, "127.0.0.1", lab::Service::ssh);
            auto send = [&](const std::string& text) {
                return ssh_channel_write(channel, text.data(), static_cast<uint32_t>(text.size())) >= 0;
            };
            send(session.start().text);
            char buffer[4096];
            while (!stop_ && !ssh_channel_is_eof(channel)) {
                int n = ssh_channel_read_timeout(channel, buffer, sizeof buffer, 0, 50);
                if (n < 0) break;
                if (n == 0) continue;
                lab::Reply r = session.input(std::string_view(buffer, static_cast<std::size_t>(n)));
                if (!send(r.text) || r.close) break;
            }
        }
        ssh_disconnect(s);
        ssh_free(s);
    }

    lab::Device& device_;
    lab::Fleet& fleet_;
    ssh_bind bind_ = nullptr;
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> answers_{0};
    std::thread thread_;
    std::vector<std::thread> workers_;
};

// --- fixture -----------------------------------------------------------------------------------

class DriverLab : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("vtyguard-driver-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override {
        if (server_) server_->stop();
        server_.reset();
        if (HasFailure()) {
            std::lock_guard lock(log_mutex_);
            for (const auto& line : log_) std::cerr << "lab: " << line << "\n";
        }
        fs::remove_all(dir_);
    }

    lab::Device& add(lab::DeviceSpec spec) {
        std::string error;
        auto device = lab::Device::create(std::move(spec), error);
        if (!device) throw std::runtime_error(error);
        lab::Device& d = *device;
        fleet_.add(std::move(device));
        return d;
    }
    void start() {
        server_ =
            std::make_unique<lab::Server>(fleet_, lab::ServerOptions{dir_ / "state", [this](const std::string& l) {
                                                                         std::lock_guard lock(log_mutex_);
                                                                         log_.push_back(l);
                                                                     }});
        std::string error;
        ASSERT_TRUE(server_->start(error)) << error;
    }
    bool wait_idle(std::chrono::milliseconds timeout = 3s) {
        const auto deadline = Clock::now() + timeout;
        while (server_->stats().active_sessions != 0 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
        return server_->stats().active_sessions == 0;
    }

    DeviceTarget target(const lab::DeviceSpec& spec, const std::string& platform, const std::string& user = "admin",
                        const std::string& password = "lab") const {
        DeviceTarget t;
        t.name = spec.name;
        t.platform = platform;
        t.ssh.host = spec.address;
        t.ssh.port = spec.ssh_port;
        t.ssh.credentials.username = user;
        t.ssh.credentials.password = password;
        t.ssh.known_hosts = dir_ / "known_hosts";
        t.ssh.host_key_policy = HostKeyPolicy::accept_new;
        t.enable_secret = "lab-enable";
        return t;
    }
    DeviceTarget telnet_target(const lab::DeviceSpec& spec, const std::string& platform,
                               const std::string& password = "lab") const {
        DeviceTarget t = target(spec, platform, "admin", password);
        t.transport = TransportKind::telnet;
        t.ssh.port = spec.telnet_port;
        return t;
    }

    Driver open_ok(const DeviceTarget& t, std::chrono::milliseconds budget = 5s) {
        auto d = Driver::open(t, deadline_in(budget));
        if (!d) throw std::runtime_error("open failed: " + d.error().what());
        return std::move(*d);
    }

    fs::path dir_;
    std::mutex log_mutex_;
    std::vector<std::string> log_;
    lab::Fleet fleet_;
    std::unique_ptr<lab::Server> server_;
};

// `show version` without the serial numbers, which the lab derives from the device name.
std::string without_serials(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end + 1;
        std::string line = text.substr(start, end - start);
        if (!contains(line, "Processor board ID") && !contains(line, "Serial Number")) out += line;
        start = end;
    }
    return out;
}

std::map<std::string, std::string> evidence_values(const std::string& source) {
    return {{"last", "4"}, {"source", source}};
}

}  // namespace

// --- platforms ---------------------------------------------------------------------------------

TEST(Platforms, KeysAndPrompts) {
    auto keys = platform_keys();
    EXPECT_EQ(keys, (std::vector<std::string>{"cisco_ios", "cisco_asa", "linux"}));
    const Platform& ios = *find_platform("cisco_ios");
    EXPECT_EQ(ios.prompt_level("r1>"), PromptLevel::user_exec);
    EXPECT_EQ(ios.prompt_level("r1#"), PromptLevel::privileged);
    EXPECT_EQ(ios.prompt_level("edge-r1.lab(config)#"), PromptLevel::configuration);
    EXPECT_EQ(ios.prompt_level("r1(config-line)#"), PromptLevel::configuration);
    EXPECT_EQ(ios.prompt_level("r1(config-ext-nacl)# "), PromptLevel::configuration);
    const Platform& asa = *find_platform("cisco_asa");
    EXPECT_EQ(asa.prompt_level("fw1> "), PromptLevel::user_exec);
    EXPECT_EQ(asa.prompt_level("fw1/admin# "), PromptLevel::privileged);
    // Output lines are not prompts: blanks inside, too long, or no prompt character at the end.
    EXPECT_FALSE(ios.prompt_level("Authorised access only"));
    EXPECT_FALSE(ios.prompt_level("Building configuration..."));
    EXPECT_FALSE(ios.prompt_level("x y#"));
    EXPECT_FALSE(ios.prompt_level(std::string(64, 'a') + "#"));
    EXPECT_FALSE(ios.prompt_level("Password: "));
    EXPECT_EQ(find_platform("junos"), nullptr);
    EXPECT_TRUE(find_platform("linux")->exec_channel);
}

TEST(Platforms, FailuresAndPreparation) {
    const Platform& ios = *find_platform("cisco_ios");
    EXPECT_EQ(ios.session_preparation, (std::vector<std::string>{"terminal length 0", "terminal width 0"}));
    EXPECT_EQ(find_platform("cisco_asa")->session_preparation, (std::vector<std::string>{"terminal pager 0"}));
    EXPECT_EQ(ios.find_failure("x\n        ^\n% Invalid input detected at '^' marker.\n"),
              "% Invalid input detected at '^' marker.");
    EXPECT_EQ(ios.find_failure("% Incomplete command.\n"), "% Incomplete command.");
    EXPECT_EQ(ios.find_failure("% Ambiguous command:  \"sh c\"\n"), "% Ambiguous command:  \"sh c\"");
    EXPECT_EQ(ios.find_failure("Standard IP access list 10\n    10 permit 10.0.0.0\n"), "");
    EXPECT_EQ(ios.find_failure("% Network not in table\n"), "");  // an answer, not a rejection
    EXPECT_EQ(ios.find_failure("% Warning: weak key\n", true), "");
    EXPECT_EQ(ios.find_failure("% You already have RSA keys defined named r1.lab.\n", true), "");
    EXPECT_EQ(ios.find_failure("% Generating 2048 bit RSA keys, keys will be non-exportable...\n", true), "");
    EXPECT_EQ(ios.find_failure("% Bad mask /33 for address\n", true), "% Bad mask /33 for address");
    EXPECT_EQ(find_platform("cisco_asa")->find_failure("ERROR: % Invalid input detected at '^' marker.\n"),
              "ERROR: % Invalid input detected at '^' marker.");
}

TEST(Platforms, EvidenceCommandsOfSpecSection3) {
    auto commands = [](const char* key) {
        std::vector<std::string> out;
        for (const auto& e : find_platform(key)->evidence) out.push_back(e.command);
        return out;
    };
    auto ios = commands("cisco_ios");
    for (const char* c : {"show version", "show privilege", "show ip ssh", "show running-config | section line vty",
                          "show line vty 0 {last}", "show users", "show access-lists", "show crypto key mypubkey rsa",
                          "show ip route {source}", "show running-config"}) {
        EXPECT_NE(std::find(ios.begin(), ios.end(), c), ios.end()) << c;
    }
    auto asa = commands("cisco_asa");
    for (const char* c :
         {"show version", "show running-config ssh", "show running-config aaa", "show running-config username",
          "show running-config telnet", "show access-list", "show running-config access-group",
          "show crypto key mypubkey rsa", "show nameif", "show route {source}"}) {
        EXPECT_NE(std::find(asa.begin(), asa.end(), c), asa.end()) << c;
    }
    const auto& route = find_platform("cisco_ios")->evidence[8];
    EXPECT_EQ(route.vrf_variant, "show ip route vrf {vrf} {source}");
    std::string missing;
    EXPECT_EQ(expand_command(route.vrf_variant, {{"vrf", "MGMT"}, {"source", "10.1.1.1"}}, missing),
              "show ip route vrf MGMT 10.1.1.1");
    EXPECT_FALSE(expand_command(route.command, {{"last", "4"}}, missing));
    EXPECT_EQ(missing, "source");
    bool root = false;
    for (const auto& e : find_platform("linux")->evidence) root = root || (e.needs_root && e.command == "sshd -T");
    EXPECT_TRUE(root);
}

TEST(Platforms, DetectionRefusesOtherPlatforms) {
    std::string refused;
    EXPECT_EQ(detect_platform("Cisco IOS XE Software, Version 17.09.04a", refused), "cisco_ios");
    EXPECT_EQ(detect_platform("Cisco Adaptive Security Appliance Software Version 9.16(4)", refused), "cisco_asa");
    EXPECT_FALSE(detect_platform("Cisco Nexus Operating System (NX-OS) Software", refused));
    EXPECT_EQ(refused, "Cisco NX-OS");
    EXPECT_FALSE(detect_platform("Cisco IOS XR Software, Version 7.3.2", refused));
    EXPECT_EQ(refused, "Cisco IOS-XR");
    EXPECT_FALSE(detect_platform("Linux 6.1.0", refused));
    EXPECT_EQ(refused, "");
}

// --- terminal text -----------------------------------------------------------------------------

TEST(TerminalText, StripsEscapesCarriageReturnsAndPagers) {
    TerminalText t;
    t.feed(std::string("\x1b[?25hline one\r\n\x07li\x1b[1mne\x1b[0m two\r\n\xff\xfe\x00x\r\n", 41));
    EXPECT_EQ(t.lines(), "line one\nline two\nx\n");
    t.clear_all();
    // IOS: the marker is erased with backspaces and blanks once the space is typed.
    t.feed("a\r\n --More-- ");
    EXPECT_TRUE(t.strip_current_suffix("--More--"));
    t.feed("\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bb\r\n");
    EXPECT_EQ(t.lines(), "a\nb\n");
    t.clear_all();
    // ASA: CR, blanks, CR.
    t.feed("a\r\n<--- More --->");
    EXPECT_TRUE(t.strip_current_suffix("<--- More --->"));
    t.feed("\r              \rb\r\n");
    EXPECT_EQ(t.lines(), "a\nb\n");
    t.clear_all();
    // A device that does not erase: the marker is still gone.
    t.feed("a\r\n --More-- ");
    EXPECT_TRUE(t.strip_current_suffix("--More--"));
    t.feed("b\r\n");
    EXPECT_EQ(t.lines(), "a\nb\n");
    t.clear_all();
    t.feed("abcdef\x1b[3D\x1b[Kxy\r\nr1#");
    EXPECT_EQ(t.lines(), "abcxy\n");
    EXPECT_EQ(t.current(), "r1#");
    EXPECT_EQ(hostname_from_prompt("r1(config-line)#"), "r1");
    EXPECT_EQ(hostname_from_prompt("fw1/admin> "), "fw1/admin");
}

// --- SSH sessions ------------------------------------------------------------------------------

TEST_F(DriverLab, IosPasswordLoginAndEveryEvidenceCommand) {
    const auto spec = ios("r1", "127.90.1.1");
    add(spec);
    start();
    auto t0 = Clock::now();
    Driver d = open_ok(target(spec, "cisco_ios"));
    const SessionFacts& f = d.facts();
    EXPECT_EQ(f.platform, "cisco_ios");
    EXPECT_EQ(f.hostname, "r1");
    EXPECT_EQ(f.prompt, "r1#");
    EXPECT_EQ(f.privilege, 15);
    ASSERT_TRUE(f.ssh);
    EXPECT_EQ(f.ssh->auth_method, "password");
    for (const auto& e : find_platform("cisco_ios")->evidence) {
        std::string missing;
        auto command = expand_command(e.command, evidence_values("127.90.1.254"), missing);
        ASSERT_TRUE(command) << missing;
        auto out = d.send_command(*command, deadline_in(3s));
        ASSERT_TRUE(out) << out.error().what();
        EXPECT_FALSE(out->failed()) << *command << ": " << out->failure;
        EXPECT_FALSE(out->paged) << *command;
        expect_clean(*out, "r1#");
    }
    auto priv = d.send_command("show privilege", deadline_in(2s));
    ASSERT_TRUE(priv);
    EXPECT_EQ(priv->output, "Current privilege level is 15\n");
    auto run = d.send_command("show running-config", deadline_in(2s));
    ASSERT_TRUE(run);
    EXPECT_TRUE(contains(run->output, "hostname r1\n"));
    EXPECT_TRUE(contains(run->output, "\nend\n"));
    EXPECT_TRUE(d.close(deadline_in(2s)));
    EXPECT_LT(ms_since(t0), 3000);
    EXPECT_TRUE(wait_idle());
}

TEST_F(DriverLab, AsaEnablesFromUserExecAndEveryEvidenceCommand) {
    const auto spec = asa("fw1", "127.90.2.1");
    add(spec);
    start();
    Driver d = open_ok(target(spec, "cisco_asa"));
    EXPECT_EQ(d.facts().platform, "cisco_asa");
    EXPECT_TRUE(d.facts().enabled) << d.facts().enable_error;
    EXPECT_EQ(d.facts().privilege, 15);
    EXPECT_EQ(d.facts().prompt, "fw1#");
    for (const auto& e : find_platform("cisco_asa")->evidence) {
        std::string missing;
        auto command = expand_command(e.command, evidence_values("127.90.2.254"), missing);
        ASSERT_TRUE(command) << missing;
        auto out = d.send_command(*command, deadline_in(3s));
        ASSERT_TRUE(out) << out.error().what();
        EXPECT_FALSE(out->failed()) << *command << ": " << out->failure;
        EXPECT_FALSE(out->paged) << *command;
        expect_clean(*out, "fw1#");
    }
    EXPECT_TRUE(d.close(deadline_in(2s)));
}

TEST_F(DriverLab, EnableFromUserExecWithRightWrongAndNoSecret) {
    const auto spec = ios("r3", "127.90.3.1");
    add(spec);
    start();
    {
        Driver d = open_ok(target(spec, "cisco_ios", "op", "op-pass"));
        EXPECT_TRUE(d.facts().enabled);
        EXPECT_EQ(d.facts().privilege, 15);
        EXPECT_EQ(d.facts().prompt, "r3#");
        auto p = d.send_command("show privilege", deadline_in(2s));
        ASSERT_TRUE(p);
        EXPECT_EQ(p->output, "Current privilege level is 15\n");
    }
    {
        DeviceTarget t = target(spec, "cisco_ios", "op", "op-pass");
        t.enable_secret = "wrong";
        Driver d = open_ok(t);
        EXPECT_FALSE(d.facts().enabled);
        EXPECT_EQ(d.facts().privilege, 1);
        EXPECT_EQ(d.facts().prompt, "r3>");
        EXPECT_TRUE(contains(d.facts().enable_error, "% Bad secrets")) << d.facts().enable_error;
        EXPECT_FALSE(contains(d.facts().enable_error, "wrong"));
        // The session goes on below privilege 15.
        auto p = d.send_command("show privilege", deadline_in(2s));
        ASSERT_TRUE(p) << p.error().what();
        EXPECT_EQ(p->output, "Current privilege level is 1\n");
    }
    {
        DeviceTarget t = target(spec, "cisco_ios", "op", "op-pass");
        t.enable_secret.clear();
        Driver d = open_ok(t);
        EXPECT_EQ(d.facts().privilege, 1);
        EXPECT_FALSE(d.facts().enable_error.empty());
    }
}

TEST_F(DriverLab, KeyboardInteractiveOnlyLogin) {
    const auto spec = ios("r4", "127.90.4.1");
    lab::Device& device = add(spec);
    KbdintServer server(device, fleet_, "127.90.4.2", dir_ / "kbdint_key");
    DeviceTarget t = target(spec, "cisco_ios");
    t.ssh.host = "127.90.4.2";
    t.ssh.port = server.port();
    Driver d = open_ok(t);
    ASSERT_TRUE(d.facts().ssh);
    EXPECT_EQ(d.facts().ssh->auth_method, "keyboard-interactive");
    EXPECT_EQ(server.kbdint_answers(), 1);
    EXPECT_EQ(d.facts().prompt, "r4#");
    auto v = d.send_command("show version", deadline_in(2s));
    ASSERT_TRUE(v) << v.error().what();
    expect_clean(*v, "r4#");
    EXPECT_TRUE(d.close(deadline_in(2s)));
}

TEST_F(DriverLab, PlatformDetectedWhenNotGiven) {
    const auto r = ios("r5", "127.90.5.1");
    const auto fw = asa("fw5", "127.90.5.2");
    add(r);
    add(fw);
    start();
    Driver a = open_ok(target(r, ""));
    EXPECT_EQ(a.facts().platform, "cisco_ios");
    Driver b = open_ok(target(fw, ""));
    EXPECT_EQ(b.facts().platform, "cisco_asa");
    EXPECT_TRUE(b.facts().enabled);
    auto out = b.send_command("show running-config ssh", deadline_in(2s));
    ASSERT_TRUE(out);
    EXPECT_TRUE(contains(out->output, "ssh version 2"));
}

// A device that ignores the pager: the channel answers `--More--` itself.
TEST_F(DriverLab, PagingFallbackWhenThePagerStaysOn) {
    const auto r = ios("r6", "127.90.6.1");
    const auto fw = asa("fw6", "127.90.6.2");
    add(r);
    add(fw);
    start();
    for (const auto* spec : {&r, &fw}) {
        const std::string key = spec == &r ? "cisco_ios" : "cisco_asa";
        SCOPED_TRACE(key);
        // The reference: a prepared session.
        Driver d = open_ok(target(*spec, key));
        auto reference = d.send_command("show running-config", deadline_in(2s));
        ASSERT_TRUE(reference);
        ASSERT_FALSE(reference->paged);
        // The same over a bare shell where nobody turned the pager off.
        SshOptions o = target(*spec, key).ssh;
        auto session = SshSession::connect(o, deadline_in(3s));
        ASSERT_TRUE(session) << session.error().what();
        auto shell = session->open_shell(PtyOptions{}, deadline_in(2s));
        ASSERT_TRUE(shell);
        SshShellStream stream(std::move(*session), std::move(*shell));
        Channel channel(stream, *find_platform(key), spec->name);
        ASSERT_TRUE(channel.wait_prompt(deadline_in(2s)));
        if (key == "cisco_asa") {
            // The ASA lands at `>`: enable by hand, the channel's own primitives.
            channel.clear(true);
            ASSERT_TRUE(channel.type("enable", deadline_in(1s)));
            auto asked = channel.read_until(
                [](std::string_view, std::string_view current) { return contains(current, "Password:") ? 0 : -1; },
                deadline_in(2s), "enable");
            ASSERT_TRUE(asked);
            channel.clear(true);
            ASSERT_TRUE(channel.type("lab-enable", deadline_in(1s)));
            ASSERT_TRUE(channel.wait_prompt(deadline_in(2s)));
            EXPECT_EQ(channel.level(), PromptLevel::privileged);
        }
        auto paged = channel.command("show running-config", deadline_in(3s));
        ASSERT_TRUE(paged) << paged.error().what();
        EXPECT_TRUE(paged->paged);
        EXPECT_EQ(paged->output, reference->output);
        EXPECT_FALSE(contains(paged->output, "More"));
    }
}

TEST_F(DriverLab, DeviceErrorsAreReportedNotThrown) {
    const auto spec = ios("r7", "127.90.7.1");
    add(spec);
    start();
    Driver d = open_ok(target(spec, "cisco_ios"));
    auto bad = d.send_command("show bogus", deadline_in(2s));
    ASSERT_TRUE(bad) << bad.error().what();
    EXPECT_TRUE(bad->failed());
    EXPECT_TRUE(contains(bad->failure, "% Invalid input detected")) << bad->output;
    auto incomplete = d.send_command("show line vty", deadline_in(2s));
    ASSERT_TRUE(incomplete);
    EXPECT_TRUE(contains(incomplete->failure, "% Incomplete command")) << incomplete->output;
    // The session goes on.
    auto ok = d.send_command("show users", deadline_in(2s));
    ASSERT_TRUE(ok);
    EXPECT_FALSE(ok->failed());
    EXPECT_TRUE(d.usable());
}

TEST_F(DriverLab, SendConfigChangesTheConfigAndStopsAtTheFirstError) {
    const auto spec = ios("r8", "127.90.8.1");
    add(spec);
    start();
    {
        Driver d = open_ok(target(spec, "cisco_ios"));
        auto c = d.send_config({"ip ssh time-out 42", "line vty 0 4", " exec-timeout 7 0"}, deadline_in(3s));
        ASSERT_TRUE(c) << c.error().what();
        EXPECT_TRUE(c->ok) << c->failure;
        EXPECT_EQ(c->applied, 3u);
        EXPECT_EQ(d.facts().prompt, "r8#");
        auto bad = d.send_config({"ip ssh authentication-retries 4", "ipp ssh time-out 5", "ip ssh time-out 99"},
                                 deadline_in(3s));
        ASSERT_TRUE(bad) << bad.error().what();
        EXPECT_FALSE(bad->ok) << bad->transcript;
        EXPECT_EQ(bad->applied, 1u);
        ASSERT_TRUE(bad->failed_line);
        EXPECT_EQ(*bad->failed_line, 1u);
        EXPECT_EQ(bad->failed_text, "ipp ssh time-out 5");
        EXPECT_TRUE(contains(bad->failure, "% Invalid input")) << bad->transcript;
        EXPECT_EQ(d.facts().prompt, "r8#");  // configuration mode was left
        // A confirmation is answered; a question the line should have answered stops.
        auto key = d.send_config({"crypto key generate rsa general-keys modulus 2048"}, deadline_in(5s));
        ASSERT_TRUE(key) << key.error().what();
        EXPECT_TRUE(key->ok) << key->failure << "\n" << key->transcript;
        EXPECT_TRUE(d.usable());
        EXPECT_TRUE(d.close(deadline_in(2s)));
    }
    Driver next = open_ok(target(spec, "cisco_ios"));
    auto run = next.send_command("show running-config", deadline_in(2s));
    ASSERT_TRUE(run);
    EXPECT_TRUE(contains(run->output, "ip ssh time-out 42\n")) << run->output;
    EXPECT_TRUE(contains(run->output, "ip ssh authentication-retries 4\n"));
    EXPECT_FALSE(contains(run->output, "ip ssh time-out 99"));
    EXPECT_TRUE(contains(run->output, " exec-timeout 7 0\n"));
    auto ask = next.send_config({"crypto key generate rsa"}, deadline_in(3s));
    ASSERT_TRUE(ask) << ask.error().what();
    EXPECT_FALSE(ask->ok);
    EXPECT_TRUE(contains(ask->failure, "modulus")) << ask->failure;
    EXPECT_FALSE(next.usable());
}

// --- telnet ------------------------------------------------------------------------------------

TEST_F(DriverLab, TelnetLoginCommandsAndFailures) {
    const auto spec = ios("r9", "127.90.9.1");
    IosOptions ssh_only;
    ssh_only.vty = " login local\n transport input ssh\n";
    const auto closed = ios("r9b", "127.90.9.2", ssh_only);
    add(spec);
    add(closed);
    start();
    Driver d = open_ok(telnet_target(spec, "cisco_ios"));
    EXPECT_EQ(d.facts().transport, TransportKind::telnet);
    EXPECT_EQ(d.facts().prompt, "r9#");
    for (const char* c : {"show version", "show ip ssh", "show running-config", "show line vty 0 4"}) {
        auto out = d.send_command(c, deadline_in(2s));
        ASSERT_TRUE(out) << out.error().what();
        EXPECT_FALSE(out->failed()) << out->failure;
        expect_clean(*out, "r9#");
    }
    auto c = d.send_config({"ip ssh time-out 33"}, deadline_in(2s));
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->ok);
    EXPECT_TRUE(d.close(deadline_in(2s)));

    auto wrong = Driver::open(telnet_target(spec, "cisco_ios", "nope"), deadline_in(3s));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().kind, ErrorKind::auth_failed) << wrong.error().what();
    EXPECT_EQ(wrong.error().stage, Stage::authentication);
    EXPECT_FALSE(contains(wrong.error().what(), "nope"));

    auto refused = Driver::open(telnet_target(closed, "cisco_ios"), deadline_in(2s));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::refused) << refused.error().what();
}

// --- adjacent-device hops ----------------------------------------------------------------------

TEST_F(DriverLab, AdjacentHopOverSshAndTelnet) {
    const auto a = ios("a10", "127.90.10.1");
    const auto b = ios("b10", "127.90.10.2");
    add(a);
    add(b);
    start();
    for (auto method : {HopTarget::Method::ssh, HopTarget::Method::telnet}) {
        SCOPED_TRACE(method == HopTarget::Method::ssh ? "ssh" : "telnet");
        DeviceTarget t = target(a, "cisco_ios", "op", "op-pass");  // A's own login stays at `>`
        t.enable_secret.clear();
        HopTarget h;
        h.method = method;
        h.name = "b10";
        h.address = b.address;
        h.port = method == HopTarget::Method::ssh ? 22 : 23;  // typed: `-p 22`, `telnet ADDRESS 23`
        h.username = "op";
        h.password = "op-pass";
        h.enable_secret = "lab-enable";
        h.platform = "cisco_ios";
        t.hops.push_back(h);
        Driver d = open_ok(t);
        EXPECT_EQ(d.facts().hostname, "b10");
        EXPECT_EQ(d.facts().prompt, "b10#");
        EXPECT_TRUE(d.facts().enabled);
        EXPECT_TRUE(contains(d.facts().path, "127.90.10.2")) << d.facts().path;
        for (const char* c : {"show version", "show users", "show running-config | section line vty"}) {
            auto out = d.send_command(c, deadline_in(2s));
            ASSERT_TRUE(out) << out.error().what();
            EXPECT_FALSE(out->failed());
            expect_clean(*out, "b10#");
        }
        auto run = d.send_command("show running-config", deadline_in(2s));
        ASSERT_TRUE(run);
        EXPECT_TRUE(contains(run->output, "hostname b10\n"));
        auto closed = d.close(deadline_in(2s));
        EXPECT_TRUE(closed) << closed.error().what();
    }
    EXPECT_TRUE(wait_idle());
}

TEST_F(DriverLab, AdjacentHopFailuresAreClassifiedLikeDirectOnes) {
    const auto a = ios("a11", "127.90.11.1");
    IosOptions no_key;
    no_key.rsa_key = false;
    const auto nokey = ios("c11", "127.90.11.3", no_key);
    const auto fw = asa("fw11", "127.90.11.4", "10.0.0.0 255.0.0.0");  // A is not on the allow-list
    const auto b = ios("b11", "127.90.11.2");
    add(a);
    add(nokey);
    add(fw);
    add(b);
    start();
    auto hop_to = [&](const std::string& address, const std::string& password) {
        DeviceTarget t = target(a, "cisco_ios");
        HopTarget h;
        h.address = address;
        h.username = "admin";
        h.password = password;
        h.platform = "cisco_ios";
        t.hops.push_back(h);
        return Driver::open(t, deadline_in(3s));
    };
    struct Case {
        std::string address, password;
        ErrorKind kind;
    };
    for (const auto& c :
         {Case{nokey.address, "lab", ErrorKind::refused}, Case{fw.address, "lab", ErrorKind::timeout},
          Case{"127.90.11.99", "lab", ErrorKind::unreachable}, Case{b.address, "wrong-one", ErrorKind::auth_failed}}) {
        SCOPED_TRACE(c.address);
        auto t0 = Clock::now();
        auto r = hop_to(c.address, c.password);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, c.kind) << r.error().what();
        EXPECT_TRUE(contains(r.error().host, " via ")) << r.error().host;
        EXPECT_FALSE(contains(r.error().what(), "wrong-one"));
        EXPECT_LT(ms_since(t0), 2000);
    }
    EXPECT_TRUE(hop_to(b.address, "lab"));
}

// --- faults ------------------------------------------------------------------------------------

TEST_F(DriverLab, DeviceThatNeverPromptsCostsItsDeadlineOnly) {
    auto spec = ios("r12", "127.90.12.1");
    spec.faults.no_prompt = true;
    add(spec);
    start();
    auto t0 = Clock::now();
    auto r = Driver::open(target(spec, "cisco_ios"), deadline_in(700ms));
    auto elapsed = ms_since(t0);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::timeout) << r.error().what();
    EXPECT_GE(elapsed, 690);
    EXPECT_LT(elapsed, 1200);
}

TEST_F(DriverLab, FaultsEndAsCorrectOutputOrClassifiedErrors) {
    const auto reference = ios("r13", "127.90.13.1");
    auto slow = ios("r13", "127.90.13.2");
    slow.name = "slow";
    slow.faults.slow_chunk = 97;
    slow.faults.slow_delay = 2ms;
    auto garbage = ios("r13", "127.90.13.3");
    garbage.name = "garbage";
    garbage.faults.garbage = true;
    auto drop = ios("r13", "127.90.13.4");
    drop.name = "drop";
    drop.faults.drop_after = 300;
    auto banner = ios("r13", "127.90.13.5");
    banner.name = "banner";
    banner.faults.prompt_banner = true;
    // The same banner cut by the slow fault right after its `r13#` line (2 + 24 + 4 bytes): the
    // fake prompt is all that has arrived when the login looks for a prompt (slow enough that it
    // is so, however late the client reads).
    auto banner_cut = ios("r13", "127.90.13.7");
    banner_cut.name = "banner-cut";
    banner_cut.faults.prompt_banner = true;
    banner_cut.faults.slow_chunk = 30;
    banner_cut.faults.slow_delay = 150ms;
    auto latency = ios("r13", "127.90.13.6");
    latency.name = "latency";
    latency.faults.command_latency = 20ms;
    for (const auto& s : {reference, slow, garbage, drop, banner, banner_cut, latency}) add(s);
    start();

    const char* command = "show running-config | section line vty";
    Driver ref = open_ok(target(reference, "cisco_ios"));
    auto expected = ref.send_command(command, deadline_in(2s));
    ASSERT_TRUE(expected);
    auto expected_version = ref.send_command("show version", deadline_in(2s));
    ASSERT_TRUE(expected_version);

    for (const auto* spec : {&slow, &garbage, &latency}) {
        SCOPED_TRACE(spec->name);
        Driver d = open_ok(target(*spec, "cisco_ios"));
        EXPECT_EQ(d.facts().prompt, "r13#");
        auto out = d.send_command(command, deadline_in(5s));
        ASSERT_TRUE(out) << out.error().what();
        EXPECT_EQ(out->output, expected->output);
        auto version = d.send_command("show version", deadline_in(5s));
        ASSERT_TRUE(version) << version.error().what();
        EXPECT_EQ(without_serials(version->output), without_serials(expected_version->output));
    }
    for (const auto* spec : {&banner, &banner_cut}) {
        SCOPED_TRACE(spec->name);
        // The banner's last line is `r13#` while the user lands at `>`: the session must not
        // believe it, and enable must happen.
        Driver d = open_ok(target(*spec, "cisco_ios", "op", "op-pass"));
        EXPECT_TRUE(d.facts().enabled);
        EXPECT_EQ(d.facts().prompt, "r13#");
        auto out = d.send_command("show privilege", deadline_in(2s));
        ASSERT_TRUE(out) << out.error().what();
        EXPECT_EQ(out->output, "Current privilege level is 15\n");
        if (spec == &banner_cut) continue;  // 30 bytes per 150 ms: the long output is not the point
        auto version = d.send_command("show version", deadline_in(2s));
        ASSERT_TRUE(version);
        EXPECT_EQ(without_serials(version->output), without_serials(expected_version->output));
    }
    {
        Driver d = open_ok(target(drop, "cisco_ios"));
        auto t0 = Clock::now();
        auto out = d.send_command("show running-config", deadline_in(3s));
        ASSERT_FALSE(out);
        EXPECT_EQ(out.error().kind, ErrorKind::disconnected) << out.error().what();
        EXPECT_LT(ms_since(t0), 1000);
        EXPECT_FALSE(d.usable());
        auto after = d.send_command("show version", deadline_in(3s));
        ASSERT_FALSE(after);
        EXPECT_EQ(after.error().kind, ErrorKind::disconnected);
    }
}

// --- jump hosts (Debian's sshd) ----------------------------------------------------------------

TEST_F(DriverLab, ThroughAJumpHostOverSshAndTelnetAndLinuxExec) {
    if (!fs::exists("/usr/sbin/sshd")) GTEST_SKIP() << "no /usr/sbin/sshd";
    const auto spec = ios("r14", "127.90.14.1");
    add(spec);
    start();
    lab::JumpHostOptions jo;
    jo.name = "bastion";
    jo.dir = dir_ / "jump";
    jo.address = "127.90.14.100";
    std::string error;
    auto jump = lab::JumpHost::start(jo, error);
    ASSERT_TRUE(jump) << error;
    SshOptions hop;
    hop.name = "bastion";
    hop.host = jump->address();
    hop.port = jump->port();
    hop.credentials.username = jump->user();
    hop.credentials.identity_files = {jump->client_key()};
    hop.known_hosts = dir_ / "known_hosts";
    hop.host_key_policy = HostKeyPolicy::accept_new;

    JumpPool pool;
    DeviceTarget t = target(spec, "cisco_ios");
    t.jump = {hop};
    auto d = Driver::open(t, deadline_in(5s), &pool);
    ASSERT_TRUE(d) << d.error().what();
    EXPECT_EQ(d->facts().prompt, "r14#");
    auto out = d->send_command("show ip ssh", deadline_in(2s));
    ASSERT_TRUE(out);
    expect_clean(*out, "r14#");

    DeviceTarget tt = telnet_target(spec, "cisco_ios");
    tt.jump = {hop};
    auto dt = Driver::open(tt, deadline_in(5s), &pool);
    ASSERT_TRUE(dt) << dt.error().what();
    EXPECT_EQ(dt->facts().transport, TransportKind::telnet);
    auto tout = dt->send_command("show version", deadline_in(2s));
    ASSERT_TRUE(tout);
    expect_clean(*tout, "r14#");
    EXPECT_EQ(pool.stats().logins, 1u);  // one bastion login for both

    auto no_pool = Driver::open(t, deadline_in(2s));
    ASSERT_FALSE(no_pool);
    EXPECT_EQ(no_pool.error().kind, ErrorKind::invalid_argument);

    // The jump host itself as a `linux` host: commands in exec channels.
    DeviceTarget lt;
    lt.name = "bastion";
    lt.platform = "linux";
    lt.ssh = hop;
    auto linux_host = Driver::open(lt, deadline_in(5s));
    ASSERT_TRUE(linux_host) << linux_host.error().what();
    auto echo = linux_host->send_command("echo vtyguard", deadline_in(2s));
    ASSERT_TRUE(echo) << echo.error().what();
    EXPECT_EQ(echo->output, "vtyguard\n");
    EXPECT_EQ(echo->exit_status, 0);
    EXPECT_FALSE(echo->failed());
    auto fails = linux_host->send_command("false", deadline_in(2s));
    ASSERT_TRUE(fails);
    EXPECT_EQ(fails->failure, "exit status 1");
    auto config = linux_host->send_config({"x"}, deadline_in(1s));
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().kind, ErrorKind::invalid_argument);
}
