// Live tests of issue 5 item 6 that runner_test.cpp does not make: fixes pushed to the lab and
// re-audited, a Linux jump host audited live, a changed host key behind a jump host, and every
// byte of a live CLI audit grepped for the fleet's secrets.
//
// Each test starts the scenario fleet (or a small fleet of its own) with `vtyguard-lab up`, the
// command a user runs, in a private state folder, and stops it with `vtyguard-lab down`. The
// fleets of lab/fleets are copied with their device addresses moved into 127.94.0.0/16
// (127.X.Y.Z -> 127.94.(2X+Y).Z, configs included), the jump hosts to 127.0.5.x, and their
// credentials replaced by values that occur nowhere else, so outputs can be grepped for them.
// The tests share those addresses: ctest runs them one at a time (RESOURCE_LOCK).
//
// What "clean" means for a device whose fix was pushed (FixPush test):
//  - the push: `configure terminal`, every line of its .fix.txt accepted, `end`, through
//    drivers::Driver over the path the inventory gives (SSH directly, through the jump chain, or
//    telnet when SSH is what is broken), and the pushing session still answers afterwards;
//  - the re-audit, live: audited; every check whose fix is in the plan passes; no check that did
//    not fail before fails now, and none that passed is now unknown; what still fails is exactly
//    what had no fix, each for a reason the report states (advice only, withheld, no fix yet);
//  - the refusal the scenario is about is gone for the scenario's own client source (a raw TCP
//    connect from that address now gets an SSH banner);
//  - lock-out order: the device is still reachable by the path used to push, except where the
//    plan itself removes that path (telnet removed by SSH-103, last); then SSH, which the plan
//    opened first, reaches it.
// A scenario device the lab refuses from here (no path to collect evidence) gets no fix file; a
// device audited whose failures have no verified fix is named with the reason the report gives.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/driver.hpp"
#include "lab/fleet/fleet_file.hpp"
#include "lab/fleet/jumphost.hpp"
#include "plugin/engine/audit.hpp"
#include "plugin/engine/checks.hpp"
#include "plugin/engine/report.hpp"
#include "plugin/inventory/inventory.hpp"
#include "plugin/runner/runner.hpp"
#include "tests/support/live_lab.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace vtyguard::runner {
namespace {

// Files, processes, the copied fleets and their inventories (fs is std::filesystem).
using namespace test_support;

// Credentials of the copied fleets: nowhere else in the repository or the lab.
constexpr Credentials kCredentials{"Pw-h8LiveFix-Tz4w", "En-h8LiveFix-Qm8r", "VTYGUARD_LIVE_FIX_PASSWORD",
                                   "VTYGUARD_LIVE_FIX_ENABLE"};
constexpr const char* kPassword = kCredentials.password;
constexpr const char* kEnable = kCredentials.enable;

// --- fleets in 127.94.0.0/16 ----------------------------------------------------------------------

// Devices in 127.94.0.0/16, jump hosts on 127.0.5.x.
const FleetCopy kFleetCopy{VTYGUARD_LAB_FLEETS_DIR, 94, 5, kCredentials};

// Every secret the fleet's configurations and credentials hold (login passwords, enable secrets,
// AAA server keys), read from the copied files themselves.
std::set<std::string> fleet_secrets(const fs::path& dir) {
    std::set<std::string> out = {kPassword, kEnable};
    static const std::regex secret(R"((?:secret|password|key|key-string)(?: [0-9])? (\S+))");
    static const std::set<std::string> not_secrets = {"encryption", "generate", "pair",  "rsa",       "rsa-sha2-512",
                                                      "ssh-rsa",    "is",       "chain", "config-key"};
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file() || e.path().extension() != ".cfg") continue;
        for (const auto& line : lines_of(read_text(e.path()))) {
            if (line.find('!') == 0) continue;
            std::smatch m;
            if (std::regex_search(line, m, secret) && !not_secrets.count(m[1]) && m[1].length() >= 3) out.insert(m[1]);
        }
    }
    return out;
}

// Both lab jump hosts on one free port, so a single policy's ssh_port fits each of them.
std::uint16_t common_free_port(const std::vector<std::string>& addresses) {
    for (int attempt = 0; attempt < 50; ++attempt) {
        std::string error;
        const std::uint16_t p = lab::pick_free_port(addresses.front(), error);
        if (!p) throw std::runtime_error(error);
        bool free = true;
        for (const auto& a : addresses) {
            const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in sa{};
            sa.sin_family = AF_INET;
            sa.sin_port = htons(p);
            inet_pton(AF_INET, a.c_str(), &sa.sin_addr);
            free = free && bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
            close(fd);
        }
        if (free) return p;
    }
    throw std::runtime_error("no port free on every jump host address");
}

// `vtyguard-lab`, the command a user runs.
const fs::path kLabBin = VTYGUARD_LAB;

// A lab started with `vtyguard-lab up`; `down` when destroyed.
class LabUp {
public:
    LabUp(const fs::path& fleet, const fs::path& state, const fs::path& log_dir)
        : fleet_(fleet), state_(state), logs_(log_dir) {}
    ~LabUp() { down(); }
    LabUp(const LabUp&) = delete;
    LabUp& operator=(const LabUp&) = delete;

    // Use as ASSERT_NO_FATAL_FAILURE(lab.up()).
    void up() {
        fs::create_directories(state_);
        fs::permissions(state_, fs::perms::owner_all);
        const Ran r = run({kLabBin.string(), "up", fleet_.string(), "--inventory", (state_ / "lab.ini").string(),
                           "--state", state_.string()},
                          logs_, "lab-up-" + std::to_string(++ups_));
        ASSERT_EQ(r.code, 0) << r.out << r.err;
        running_ = true;
        std::string error;
        auto ff = lab::load_fleet_file(fleet_, error);
        ASSERT_TRUE(ff) << error;
        file_ = *ff;
        // `jump_host=NAME USER@ADDRESS:PORT key=PATH`, from the running lab's status file.
        static const std::regex line(R"(jump_host=(\S+) (\S+)@(\S+):(\d+) key=(\S+))");
        const std::string status = read_text(state_ / "status");
        jumps_.clear();
        for (auto it = std::sregex_iterator(status.begin(), status.end(), line); it != std::sregex_iterator(); ++it)
            jumps_[(*it)[1]] = {(*it)[2], (*it)[3], std::stoi((*it)[4]), (*it)[5]};
        ASSERT_EQ(jumps_.size(), file_.jump_hosts.size()) << status;
    }
    void down() {
        if (!running_) return;
        running_ = false;
        const Ran r = run({kLabBin.string(), "down", "--state", state_.string()}, logs_, "lab-down");
        EXPECT_EQ(r.code, 0) << r.err;
    }

    struct Jump {
        std::string user, address;
        int port = 0;
        std::string key;
    };
    const lab::FleetFile& file() const { return file_; }
    const std::map<std::string, Jump>& jumps() const { return jumps_; }
    const lab::FleetDevice& device(const std::string& name) const {
        for (const auto& d : file_.devices)
            if (d.spec.name == name) return d;
        throw std::runtime_error("no device " + name);
    }
    const fs::path& state() const { return state_; }

private:
    fs::path fleet_, state_, logs_;
    bool running_ = false;
    int ups_ = 0;
    lab::FleetFile file_;
    std::map<std::string, Jump> jumps_;
};

// The inventory of `hosts` (vtyguard YAML), with the running lab's jump hosts and their keys.
fs::path write_inventory(const LabUp& lab, const std::vector<HostSpec>& hosts, const fs::path& path) {
    std::vector<JumpSpec> jumps;
    for (const auto& [name, j] : lab.jumps()) jumps.push_back({name, j.user, j.address, j.port, j.key});
    return test_support::write_inventory(path, kCredentials, jumps, hosts);
}

// The reports of an in-process run of `only` (all hosts when empty), by device name.
std::map<std::string, checks::DeviceReport> audit(const inventory::Inventory& inv, const checks::Policy& policy,
                                                  const RunOptions& options, const std::set<std::string>& only = {},
                                                  Connector* through = nullptr) {
    return test_support::audit_in_process(inv, policy, options, only, {}, through).reports;
}

const inventory::Host& host_named(const inventory::Inventory& inv, const std::string& name) {
    for (const auto& h : inv.hosts)
        if (h.name == name) return h;
    throw std::runtime_error("no host " + name);
}

std::map<std::string, checks::Verdict> verdicts(const checks::DeviceReport& r) {
    std::map<std::string, checks::Verdict> out;
    for (const auto& f : r.findings) out[f.check] = f.verdict;
    return out;
}

std::set<std::string> failing(const checks::DeviceReport& r) {
    std::set<std::string> out;
    for (const auto& f : r.findings)
        if (f.verdict == checks::Verdict::fail) out.insert(f.check);
    return out;
}

std::string describe(const checks::DeviceReport& r) {
    std::string out = "status " + r.status + (r.error.empty() ? "" : ": " + r.error) + "\n";
    for (const auto& f : r.findings)
        if (f.verdict != checks::Verdict::pass && f.verdict != checks::Verdict::not_applicable)
            out += "  " + f.check + " " + std::string(checks::to_string(f.verdict)) + ": " + f.reason + "\n";
    return out;
}

// What a client at `source` meets at address:port before any SSH: "banner", "closed" (accepted,
// closed before a banner), "silent" (accepted, nothing within the wait), "refused", "no connect".
std::string banner_from(const std::string& source, const std::string& address, int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in from{}, to{};
    from.sin_family = to.sin_family = AF_INET;
    inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    inet_pton(AF_INET, address.c_str(), &to.sin_addr);
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    std::string out = "no connect";
    if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0) {
        connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to);
        pollfd p{fd, POLLOUT, 0};
        int err = 0;
        socklen_t len = sizeof err;
        if (poll(&p, 1, 2000) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0) {
            if (err == ECONNREFUSED) {
                out = "refused";
            } else if (err == 0) {
                p = {fd, POLLIN, 0};
                char buf[16] = {};
                if (poll(&p, 1, 2000) != 1)
                    out = "silent";
                else
                    out =
                        recv(fd, buf, sizeof buf - 1, 0) > 0 && std::strncmp(buf, "SSH-", 4) == 0 ? "banner" : "closed";
            }
        }
    }
    close(fd);
    return out;
}

// VTYGUARD_LIVE_FIX_KEEP=1 keeps a test's files (the copied fleet, the lab's state, every output).
class TempDir : public test_support::TempDir {
public:
    TempDir() : test_support::TempDir("vtyguard-live-fix", "VTYGUARD_LIVE_FIX_KEEP") {}
};

// A lab running the copied scenario fleet, its inventory written, credentials in the environment.
class ScenarioLab : public ::testing::Test {
protected:
    void SetUp() override {
        kCredentials.set_environment();
        kFleetCopy.copy_to(fleet_dir_);
        // Both bastions on one port, so the Linux audit's policy fits each (LNX-002).
        jump_port_ = common_free_port({"127.0.5.1", "127.0.5.2"});
        std::string yaml = read_text(fleet_dir_ / "scenarios.yaml");
        for (const char* a : {"    address: 127.0.5.1\n", "    address: 127.0.5.2\n"}) {
            const auto at = yaml.find(a);
            ASSERT_NE(at, std::string::npos) << a;
            yaml.insert(at + std::strlen(a), "    port: " + std::to_string(jump_port_) + "\n");
        }
        // One broken device behind the two-hop chain, so a fix is also pushed through jump hosts (the
        // scenario's devices behind bastions are healthy or refuse the login): r-vty-split's config
        // at 127.94.24.7.
        std::string cfg = read_text(fleet_dir_ / "scenarios" / "r-vty-split.cfg");
        cfg = std::regex_replace(cfg, std::regex(R"(\b127\.94\.20\.)"), "127.94.24.");
        cfg = std::regex_replace(cfg, std::regex(R"(\bhostname r-vty-split\b)"), "hostname r-split-dc2");
        write_text(fleet_dir_ / "scenarios" / "r-split-dc2.cfg", cfg);
        yaml +=
            "\n  - name: r-split-dc2\n    platform: cisco_ios\n    address: 127.94.24.7\n"
            "    config: scenarios/r-split-dc2.cfg\n    version: \"17.9.4a\"\n    model: ISR4331/K9\n"
            "    behind: bastion2\n    expect: [SSH-006]\n";
        write_text(fleet_dir_ / "scenarios.yaml", yaml);
        lab_ = std::make_unique<LabUp>(fleet_dir_ / "scenarios.yaml", tmp_.path() / "state", tmp_.path());
        ASSERT_NO_FATAL_FAILURE(lab_->up());
        inventory_ = write_inventory(*lab_, hosts_of(lab_->file()), tmp_.path() / "inventory.yaml");
    }
    void TearDown() override {
        if (lab_) lab_->down();
    }

    // The policy a scenario device is audited with (scenarios/<name>.policy.yaml when it has one).
    fs::path policy_of(const std::string& device) const {
        const fs::path own = fleet_dir_ / "scenarios" / (device + ".policy.yaml");
        return fs::exists(own) ? own : fleet_dir_ / "policy.yaml";
    }

    TempDir tmp_;
    fs::path fleet_dir_ = tmp_.path() / "fleet";
    std::uint16_t jump_port_ = 0;
    std::unique_ptr<LabUp> lab_;
    fs::path inventory_;
};

// --- 1. fixes pushed through the driver --------------------------------------------------------------

// Checks that failed for a reason that is not a missing fix of ours: the report must say it.
void expect_stated_reason(const checks::DeviceReport& r, const checks::Finding& f) {
    SCOPED_TRACE(r.device + " " + f.check);
    const bool withheld = std::any_of(r.plan.withheld.begin(), r.plan.withheld.end(),
                                      [&](const std::string& w) { return w.rfind(f.check, 0) == 0; });
    const bool advice = !f.message.empty();
    const bool no_fix = f.reason.find("no fix") != std::string::npos;
    // NET-001 is the probe of the port the policy names; its cause is another check's.
    const bool probe = f.check == "NET-001" && f.reason.find("(SSH-") != std::string::npos;
    EXPECT_TRUE(withheld || advice || no_fix || probe) << "fails without a fix and without saying why: " << f.reason;
}

TEST_F(ScenarioLab, EveryFixPushedThroughTheDriverMakesTheLiveReauditClean) {
    const auto inv = load(inventory_);
    const RunOptions options = options_in(tmp_.path());
    // Audit every device with its policy, and write the fix files with the CLI as a user would.
    std::map<std::string, checks::DeviceReport> before;
    std::map<fs::path, std::set<std::string>> by_policy;
    for (const auto& d : lab_->file().devices) by_policy[policy_of(d.spec.name)].insert(d.spec.name);
    const fs::path fixes = tmp_.path() / "fixes";
    int part = 0;
    for (const auto& [policy, names] : by_policy) {
        for (auto& [n, r] : audit(inv, policy_file(policy), options, names)) before.emplace(n, std::move(r));
        std::vector<HostSpec> hosts;
        for (const auto& h : hosts_of(lab_->file()))
            if (names.count(h.name)) hosts.push_back(h);
        const fs::path part_inventory =
            write_inventory(*lab_, hosts, tmp_.path() / ("part" + std::to_string(++part) + ".yaml"));
        const Ran fix = run_cli({"fix", "-i", part_inventory.string(), "--policy", policy.string(), "--known-hosts",
                                 options.known_hosts.string(), "--out", fixes.string()},
                                tmp_.path(), "fix" + std::to_string(part));
        EXPECT_TRUE(fix.code == 0 || fix.code == 1 || fix.code == 3) << fix.err;
    }
    ASSERT_EQ(before.size(), lab_->file().devices.size());

    drivers::JumpPool pool;
    std::size_t pushed = 0, telnet_pushed = 0, jump_pushed = 0;
    std::set<std::string> not_fixable;
    for (const auto& d : lab_->file().devices) {
        const std::string& name = d.spec.name;
        SCOPED_TRACE(name);
        const auto& r = before.at(name);
        const fs::path fix_file = fixes / (name + ".fix.txt");
        if (r.status != "audited") {
            // Refused from here and no other path: nothing to collect evidence with, so no fix.
            EXPECT_FALSE(fs::exists(fix_file));
            EXPECT_NE(r.error.find(name), std::string::npos) << r.error;
            not_fixable.insert(name);
            continue;
        }
        if (r.plan.fix.empty()) {
            EXPECT_FALSE(fs::exists(fix_file));
            for (const auto& f : r.findings)
                if (f.verdict == checks::Verdict::fail) expect_stated_reason(r, f);
            if (!failing(r).empty()) not_fixable.insert(name);
            continue;
        }
        ASSERT_TRUE(fs::exists(fix_file)) << "a plan but no fix file";
        const std::string fix_text = read_text(fix_file);
        EXPECT_EQ(fix_text, r.plan.fix);
        EXPECT_TRUE(r.plan.verified);
        EXPECT_TRUE(r.plan.secrets.empty()) << "a secret to fill in: a human step";
        ASSERT_TRUE(d.expect && !d.expect->empty()) << "a fix for a healthy device";

        // The checks the plan fixes: failing, with a verified fix that is not withheld.
        std::set<std::string> fixed;
        for (const auto& f : r.findings)
            if (f.verdict == checks::Verdict::fail && f.fix && f.fix->verified && !f.fix->would_lock_out)
                fixed.insert(f.check);
        ASSERT_FALSE(fixed.empty()) << describe(r);
        for (const auto& f : r.findings)
            if (f.verdict == checks::Verdict::fail && !fixed.count(f.check)) expect_stated_reason(r, f);

        // The scenario's own client, before: what it meets at the device's SSH port.
        const std::string source = d.source.empty() ? "127.0.10.5" : d.source;
        const int ssh_port =
            policy_of(name).filename() == "policy.yaml" ? d.spec.ssh_port : policy_file(policy_of(name)).ssh_port;
        const std::string noc_before = banner_from(source, d.spec.address, ssh_port);

        // The push, over the path the inventory gives.
        drivers::DeviceTarget target;
        std::string status, error;
        ASSERT_TRUE(make_target(inv, host_named(inv, name), options, target, status, error)) << error;
        {
            auto session = drivers::Driver::open(target, drivers::deadline_in(20s), &pool);
            ASSERT_TRUE(session) << session.error().what();
            auto config = session->send_config(lines_of(fix_text), drivers::deadline_in(30s));
            ASSERT_TRUE(config) << config.error().what();
            EXPECT_TRUE(config->ok) << config->failure << "\n" << config->transcript;
            EXPECT_FALSE(config->failed_line) << config->failed_text << ": " << config->failure;
            EXPECT_EQ(config->applied, lines_of(fix_text).size());
            // The session that pushed is still there (the plan did not cut it off).
            const bool asa = session->facts().platform == "cisco_asa";
            auto still = session->send_command(asa ? "show version" : "show privilege", drivers::deadline_in(10s));
            ASSERT_TRUE(still) << still.error().what();
            EXPECT_FALSE(still->failed()) << still->failure;
            if (!asa) {
                EXPECT_NE(still->output.find("15"), std::string::npos) << still->output;
            }
            EXPECT_TRUE(session->close(drivers::deadline_in(5s)));
        }
        ++pushed;
        telnet_pushed += target.transport == drivers::TransportKind::telnet;
        jump_pushed += !target.jump.empty();

        // Lock-out order: a fresh login by the same path still works, unless the plan removes that
        // path itself (telnet, by SSH-103's fix, put after the lines that let SSH in).
        inventory::Inventory reaudit_inv = inv;
        const bool telnet_removed = target.transport == drivers::TransportKind::telnet && fixed.count("SSH-103");
        auto again = drivers::Driver::open(target, drivers::deadline_in(20s), &pool);
        if (telnet_removed) {
            EXPECT_FALSE(again) << "telnet still open after SSH-103's fix";
            EXPECT_TRUE(fixed.count("SSH-005")) << "telnet removed without the fix that lets SSH in";
            // Re-audited over SSH, the path the fix opened.
            std::vector<HostSpec> hosts = hosts_of(lab_->file());
            for (auto& h : hosts)
                if (h.name == name) {
                    h.telnet = false;
                    h.port = d.spec.ssh_port;
                }
            reaudit_inv = load(write_inventory(*lab_, hosts, tmp_.path() / ("reaudit-" + name + ".yaml")));
        } else {
            ASSERT_TRUE(again) << "the path used to push is gone: " << again.error().what();
            EXPECT_TRUE(again->close(drivers::deadline_in(5s)));
        }

        // The re-audit, live.
        const auto after_all = audit(reaudit_inv, policy_file(policy_of(name)), options, {name});
        ASSERT_EQ(after_all.size(), 1u);
        const auto& after = after_all.begin()->second;
        ASSERT_EQ(after.status, "audited") << describe(after);
        const auto was = verdicts(r), now = verdicts(after);
        for (const auto& check : fixed) {
            ASSERT_TRUE(now.count(check)) << check;
            EXPECT_EQ(now.at(check), checks::Verdict::pass) << check << "\n" << describe(after);
        }
        for (const auto& [check, v] : now) {
            const auto w = was.find(check);
            const checks::Verdict old = w == was.end() ? checks::Verdict::not_applicable : w->second;
            if (v == checks::Verdict::fail) {
                EXPECT_EQ(old, checks::Verdict::fail) << check << " is a new failure\n" << describe(after);
                EXPECT_FALSE(fixed.count(check));
                expect_stated_reason(after, *finding(after, check));
            }
            if (v == checks::Verdict::unknown) {
                EXPECT_NE(old, checks::Verdict::pass) << check << " passed before\n" << describe(after);
            }
        }
        for (const auto& id : after.likely_cause) EXPECT_FALSE(fixed.count(id)) << id;
        // Nothing left for the plan to do about what it fixed.
        for (const auto& check : fixed) EXPECT_FALSE(finding(after, check)->fix) << check;

        // The refusal the scenario is about is gone for its own client.
        // The lab opens and closes listeners as the config changes, on its event thread once it has
        // loaded the new host keys (or at its next 50 ms poll): a new rotary port may take a moment.
        std::string noc_after = banner_from(source, d.spec.address, ssh_port);
        for (int i = 0; i < 40 && noc_after == "refused"; ++i) {
            std::this_thread::sleep_for(50ms);
            noc_after = banner_from(source, d.spec.address, ssh_port);
        }
        EXPECT_EQ(noc_after, "banner") << "before the fix: " << noc_before;
        // Path causes refused that client before the fix (the test would see a no-op push).
        static const std::set<std::string> path_causes = {"SSH-004", "SSH-005", "SSH-007",
                                                          "SSH-010", "ASA-001", "ASA-007"};
        if (path_causes.count(d.expect->front())) {
            EXPECT_NE(noc_before, "banner");
        }
    }
    // Fixes went over each kind of path: SSH directly, telnet, and through two jump hosts.
    EXPECT_GE(pushed, 11u);
    EXPECT_GE(telnet_pushed, 1u);
    EXPECT_GE(jump_pushed, 1u);
    // Devices left broken, each for the reason asserted above.
    EXPECT_GE(not_fixable.size(), 10u);
    EXPECT_TRUE(not_fixable.count("r-no-crypto")) << "SSH-015 needs a new image: no fix";
}

// --- 2. a Linux jump host audited live --------------------------------------------------------------

// Every command the runner sends, by host (filled by a HookConnector from worker threads).
class CommandLog {
public:
    void add(const std::string& host, std::string_view command) {
        std::lock_guard lock(mu_);
        by_host_[host].emplace_back(command);
    }
    std::vector<std::string> commands(const std::string& host) const {
        std::lock_guard lock(mu_);
        auto it = by_host_.find(host);
        return it == by_host_.end() ? std::vector<std::string>{} : it->second;
    }

private:
    mutable std::mutex mu_;
    std::map<std::string, std::vector<std::string>> by_host_;
};

// Whether `sudo -n` runs a command for the user running the tests (the jump hosts' login user, on
// this machine): "allowed", "missing" (no sudo) or "refused".
std::string local_sudo(const fs::path& dir) {
    const Ran r = run({"/bin/sh", "-c", "command -v sudo >/dev/null || exit 127; sudo -n true"}, dir, "sudo");
    return r.code == 0 ? "allowed" : r.code == 127 ? "missing" : "refused";
}

// hosts.allow/hosts.deny hold no rule (comments and blank lines only, or no file).
bool no_tcp_wrapper_rules() {
    for (const char* f : {"/etc/hosts.allow", "/etc/hosts.deny"})
        for (const auto& line : lines_of(read_text(f)))
            if (line.find_first_not_of(" \t") != std::string::npos && line[line.find_first_not_of(" \t")] != '#')
                return false;
    return true;
}

TEST_F(ScenarioLab, ALinuxJumpHostIsAuditedLiveWithSudoOrUnknown) {
    // bastion1 directly, bastion2 through bastion1, with the jump hosts' own key.
    std::vector<HostSpec> hosts;
    for (const char* name : {"bastion1", "bastion2"}) {
        const auto& j = lab_->jumps().at(name);
        HostSpec h;
        h.name = std::string("linux-") + name;
        h.address = j.address;
        h.port = j.port;
        h.platform = "linux";
        h.user = j.user;
        h.identity = j.key;
        if (std::string(name) == "bastion2") h.jump = {"bastion1"};
        hosts.push_back(h);
    }
    const auto inv = load(write_inventory(*lab_, hosts, tmp_.path() / "linux.yaml"));
    // The lab policy, with the port both jump hosts serve.
    std::string policy_text = read_text(fleet_dir_ / "policy.yaml");
    policy_text = std::regex_replace(policy_text, std::regex(R"(\nssh_port: 22\n)"),
                                     "\nssh_port: " + std::to_string(jump_port_) + "\n");
    write_text(tmp_.path() / "linux-policy.yaml", policy_text);
    RunOptions options = options_in(tmp_.path());
    options.save_captures = tmp_.path() / "linux-captures";
    auto real = make_driver_connector();
    CommandLog log;
    HookConnector recording(*real, [&](const std::string& host, std::string_view command) { log.add(host, command); });
    const auto reports = audit(inv, policy_file(tmp_.path() / "linux-policy.yaml"), options, {}, &recording);
    ASSERT_EQ(reports.size(), 2u);

    // The jump hosts' sshd logs in as the user running the tests: as root, the root-only commands
    // run without sudo; otherwise through `sudo -n`, which this machine may allow or not.
    const bool root_login = ::geteuid() == 0;
    const std::string sudo = root_login ? "not needed" : local_sudo(tmp_.path());
    const bool ran_as_root = root_login || sudo == "allowed";
    const std::set<std::string> root_only = {"sshd -T", "iptables -S", "nft list ruleset"};
    for (const auto& [name, r] : reports) {
        SCOPED_TRACE(name + " (sudo " + sudo + ")");
        ASSERT_EQ(r.status, "audited") << describe(r);
        EXPECT_EQ(r.platform, "linux");
        EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics.front();
        // Root-only commands went through `sudo -n` unless the login is root, the others did not.
        const auto sent = log.commands(name);
        std::set<std::string> under_sudo, plain;
        for (const auto& c : sent) (c.rfind("sudo -n ", 0) == 0 ? under_sudo : plain).insert(c);
        std::set<std::string> expected_sudo;
        if (!root_login)
            for (const auto& c : root_only) expected_sudo.insert("sudo -n " + c);
        EXPECT_EQ(under_sudo, expected_sudo);
        for (const auto& c : root_only) EXPECT_EQ(plain.count(c), root_login ? 1u : 0u) << c;
        EXPECT_TRUE(plain.count("id") && plain.count("ss -tlnp")) << sent.size();

        // LNX-001/002: the real sshd of the jump host listens where the policy says.
        const auto* lnx001 = finding(r, "LNX-001");
        const auto* lnx002 = finding(r, "LNX-002");
        ASSERT_TRUE(lnx001 && lnx002);
        EXPECT_EQ(lnx001->verdict, checks::Verdict::pass) << lnx001->reason;
        EXPECT_EQ(lnx002->verdict, checks::Verdict::pass) << lnx002->reason;
        EXPECT_NE(lnx002->reason.find(r.address + ":" + std::to_string(jump_port_)), std::string::npos)
            << lnx002->reason;
        // LNX-005 reads hosts.allow/hosts.deny as the login user: a real verdict.
        const auto* lnx005 = finding(r, "LNX-005");
        ASSERT_TRUE(lnx005);
        if (no_tcp_wrapper_rules())
            EXPECT_EQ(lnx005->verdict, checks::Verdict::pass) << lnx005->reason;
        else
            EXPECT_NE(lnx005->verdict, checks::Verdict::unknown) << lnx005->reason;
        // The checks that need root: unknown with the refusal as reason when sudo did not run them.
        for (const char* check : {"LNX-003", "LNX-004", "LNX-006"}) {
            const auto* f = finding(r, check);
            ASSERT_TRUE(f) << check;
            if (ran_as_root) {
                EXPECT_NE(f->verdict, checks::Verdict::unknown) << check << ": " << f->reason;
            } else {
                EXPECT_EQ(f->verdict, checks::Verdict::unknown) << check << ": " << f->reason;
                EXPECT_NE(f->reason.find("sudo"), std::string::npos) << check << ": " << f->reason;
            }
        }
        if (ran_as_root) {
            // sshd -T read for real: the lab's sshd allows forwarding (the jump chain works).
            EXPECT_EQ(finding(r, "LNX-006")->verdict, checks::Verdict::pass) << finding(r, "LNX-006")->reason;
        }
        // Nothing fails on a jump host that works (the chain to the devices goes through it).
        EXPECT_TRUE(failing(r).empty()) << describe(r);
        // No secret in the report: the devices' credentials and the jump key's private part.
        const std::string text = checks::device_json(r).dump() + checks::report_text({r}, false);
        const std::string key = read_text(lab_->jumps().at("bastion1").key);
        for (const auto& line : lines_of(key))
            if (line.find("PRIVATE KEY") == std::string::npos) {
                EXPECT_EQ(text.find(line), std::string::npos) << "a line of the private key";
            }
        for (const char* s : {kPassword, kEnable}) EXPECT_EQ(text.find(s), std::string::npos) << s;
    }
    EXPECT_NE(reports.at("linux-bastion2").probe.dump().find("127.0.5.1"), std::string::npos)
        << "probed from bastion1: " << reports.at("linux-bastion2").probe.dump();

    // Another port in the policy: the same real state now fails LNX-002, naming what listens.
    policy_text = std::regex_replace(read_text(tmp_.path() / "linux-policy.yaml"),
                                     std::regex("\nssh_port: " + std::to_string(jump_port_) + "\n"),
                                     "\nssh_port: " + std::to_string(jump_port_ + 1) + "\n");
    write_text(tmp_.path() / "linux-policy-other.yaml", policy_text);
    const auto other =
        audit(inv, policy_file(tmp_.path() / "linux-policy-other.yaml"), options_in(tmp_.path()), {"linux-bastion1"});
    const auto& o = other.at("linux-bastion1");
    ASSERT_EQ(o.status, "audited") << describe(o);
    const auto* moved_port = finding(o, "LNX-002");
    ASSERT_TRUE(moved_port);
    EXPECT_EQ(moved_port->verdict, checks::Verdict::fail) << moved_port->reason;
    EXPECT_NE(moved_port->reason.find("127.0.5.1:" + std::to_string(jump_port_)), std::string::npos)
        << moved_port->reason;
}

// --- 3. a changed host key, directly and behind a jump host -----------------------------------------

TEST(HostKeys, AChangedHostKeyIsRefusedDirectlyAndBehindAJumpHost) {
    kCredentials.set_environment();
    TempDir tmp;
    const fs::path dir = tmp.path() / "fleet";
    kFleetCopy.copy_to(dir);
    // Two devices whose host key changes whenever the lab starts (one direct, one behind a jump
    // host) and one whose key stays, behind the same jump host.
    const std::string cfg = read_text(dir / "faults" / "f-control.cfg");
    const std::string control = kFleetCopy.moved("127.40.0.1");
    ASSERT_NE(cfg.find(control), std::string::npos);
    std::map<std::string, std::string> devices = {
        {"hk-direct", "127.94.100.1"}, {"hk-behind", "127.94.100.2"}, {"hk-steady", "127.94.100.3"}};
    std::string yaml = std::string("defaults:\n  username: admin\n  password: ") + kPassword +
                       "\n  enable: " + kEnable +
                       "\n  ssh_port: 2222\n  platform: cisco_ios\n  version: \"17.9.4a\"\n"
                       "  model: ISR4331/K9\njump_hosts:\n  - name: hk-bastion\n    address: 127.0.5.3\n"
                       "    port: " +
                       std::to_string(common_free_port({"127.0.5.3"})) + "\ndevices:\n";
    for (const auto& [name, address] : devices) {
        std::string c = std::regex_replace(cfg, std::regex(R"(\bhostname \S+)"), "hostname " + name);
        c = std::regex_replace(c, std::regex("\\b" + std::regex_replace(control, std::regex(R"(\.)"), "\\.") + "\\b"),
                               address);
        write_text(dir / (name + ".cfg"), c);
        yaml += "  - name: " + name + "\n    address: " + address + "\n    config: " + name + ".cfg\n";
        if (name != "hk-direct") yaml += "    behind: hk-bastion\n";
        if (name != "hk-steady") yaml += "    faults: {host_key_changes: true}\n";
    }
    write_text(dir / "hostkeys.yaml", yaml);
    LabUp lab(dir / "hostkeys.yaml", tmp.path() / "state", tmp.path());
    ASSERT_NO_FATAL_FAILURE(lab.up());
    const fs::path inventory = write_inventory(lab, hosts_of(lab.file()), tmp.path() / "inventory.yaml");
    const fs::path known_hosts = tmp.path() / "known_hosts";
    const std::vector<std::string> args = {"audit",
                                           "-i",
                                           inventory.string(),
                                           "--policy",
                                           (dir / "policy.yaml").string(),
                                           "--known-hosts",
                                           known_hosts.string(),
                                           "--accept-new",
                                           "--format",
                                           "jsonl"};
    auto statuses = [](const std::string& out) {
        std::map<std::string, json> s;
        for (const auto& l : lines_of(out)) {
            const json j = json::parse(l);
            s[j.at("device")] = j;
        }
        return s;
    };
    const Ran first = run_cli(args, tmp.path(), "first");
    const auto one = statuses(first.out);
    ASSERT_EQ(one.size(), 3u) << first.err;
    for (const auto& [name, j] : one) EXPECT_EQ(j.at("status"), "audited") << name << ": " << j.dump();
    const std::string learned = read_text(known_hosts);

    // The lab again: the same jump host and its key (kept in the state folder), new keys for two
    // devices.
    lab.down();
    ASSERT_NO_FATAL_FAILURE(lab.up());
    const Ran second = run_cli(args, tmp.path(), "second");
    EXPECT_EQ(second.code, 3) << second.err;
    const auto two = statuses(second.out);
    ASSERT_EQ(two.size(), 3u) << second.err;
    EXPECT_EQ(two.at("hk-steady").at("status"), "audited") << two.at("hk-steady").dump();
    for (const char* name : {"hk-direct", "hk-behind"}) {
        SCOPED_TRACE(name);
        const auto& j = two.at(name);
        EXPECT_EQ(j.at("status"), "host_key_changed") << j.dump();
        const std::string error = j.at("error");
        EXPECT_NE(error.find(name), std::string::npos) << error;
        EXPECT_NE(error.find("HOST KEY CHANGED"), std::string::npos) << error;
        EXPECT_NE(error.find(known_hosts.string()), std::string::npos) << error;
        EXPECT_NE(second.err.find(std::string(name) + ": not audited: "), std::string::npos) << second.err;
    }
    EXPECT_NE(two.at("hk-behind").at("error").get<std::string>().find("via 127.0.5.3"), std::string::npos)
        << two.at("hk-behind").dump();
    // A changed key is never learned over the recorded one, even with --accept-new.
    EXPECT_EQ(read_text(known_hosts), learned);
}

// --- 4. no secret in any output -----------------------------------------------------------------------

TEST_F(ScenarioLab, NoSecretInAnyOutputOfALiveAudit) {
    const auto secrets = fleet_secrets(fleet_dir_);
    ASSERT_GE(secrets.size(), 3u);  // the login password, the enable secret, r-aaa-no-local's TACACS+ key
    const fs::path out = tmp_.path() / "out";
    fs::create_directories(out);
    const std::string policy = (fleet_dir_ / "policy.yaml").string();
    const std::string known_hosts = (tmp_.path() / "known_hosts").string();
    // Both inventories: ours (secrets from the environment) and the lab's Ansible INI (inline).
    for (const auto& [tag, inventory] :
         std::vector<std::pair<std::string, fs::path>>{{"yaml", inventory_}, {"ini", lab_->state() / "lab.ini"}}) {
        const fs::path o = out / tag;
        fs::create_directories(o);
        for (const char* format : {"json", "jsonl", "text", "sarif", "junit"}) {
            std::vector<std::string> args = {
                "audit",     "-i",           inventory.string(),
                "--policy",  policy,         "--known-hosts",
                known_hosts, "--accept-new", "--format",
                format,      "--out",        (o / (std::string("report.") + format)).string()};
            if (std::string(format) == "json") {
                args.push_back("--save-captures");
                args.push_back((o / "captures").string());
            }
            const Ran r = run_cli(args, o, std::string("audit-") + format);
            EXPECT_EQ(r.code, 3) << tag << " " << format << ": " << r.err;
        }
        const Ran fix = run_cli({"fix", "-i", inventory.string(), "--policy", policy, "--known-hosts", known_hosts,
                                 "--out", (o / "fixes").string()},
                                o, "fix");
        EXPECT_EQ(fix.code, 3) << fix.err;
        EXPECT_TRUE(fs::exists(o / "fixes" / "r-vty-acl.fix.txt"));
        EXPECT_TRUE(fs::exists(o / "captures" / "r-healthy" / "show_running-config.txt"));
    }
    // Every byte vtyguard wrote: reports, captures, fix files, stdout and stderr.
    std::size_t files = 0, bytes = 0;
    for (const auto& e : fs::recursive_directory_iterator(out)) {
        if (!e.is_regular_file()) continue;
        ++files;
        const std::string text = read_text(e.path());
        bytes += text.size();
        for (const auto& s : secrets) EXPECT_EQ(text.find(s), std::string::npos) << e.path() << " holds " << s;
    }
    EXPECT_GE(files, 2u * (5 * 3 + 2));
    EXPECT_GT(bytes, 100'000u);
}

}  // namespace
}  // namespace vtyguard::runner
