// plugin/runner: the fleet runner and `vtyguard audit -i` against the lab, started here in-process
// (simulated devices over real SSH and telnet, Debian's sshd as jump hosts) on 127.91.0.0/16.
//
// The lab fleets of lab/fleets are copied with their device addresses moved into 127.91.0.0/16
// (127.X.Y.Z -> 127.91.(2X+Y).Z, configs included) and their credentials replaced by values
// that occur nowhere else, so the tests can grep every output for them. The inventories the
// tests write refer to the credentials through environment variables only.
//
// What is proven: every scenario device's cause found live (or, when the device cannot be
// logged into from here, its classified refusal names the cause), telnet and adjacent-device
// paths, JSON Lines streamed as devices finish (a killed run keeps whole lines), bounded workers,
// fault devices classified within their timeouts while the others finish, a changed host key
// refused, shards that add up to the fleet and merge back, saved captures that re-audit to the
// same findings, and no secret in any output.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "lab/fleet/fleet_file.hpp"
#include "lab/fleet/jumphost.hpp"
#include "lab/server/server.hpp"
#include "lab/sim/device.hpp"
#include "lab/sim/session.hpp"
#include "plugin/engine/audit.hpp"
#include "plugin/engine/checks.hpp"
#include "plugin/engine/report.hpp"
#include "plugin/inventory/inventory.hpp"
#include "plugin/runner/diagnose.hpp"
#include "plugin/runner/merge.hpp"
#include "plugin/runner/redact.hpp"
#include "plugin/runner/runner.hpp"
#include "tests/support/live_lab.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace vtyguard::runner {
namespace {

// Files, processes, the copied fleets and their inventories (fs is std::filesystem).
using namespace test_support;

const fs::path kFleets = VTYGUARD_LAB_FLEETS_DIR;
const fs::path kCli = VTYGUARD_CLI;
const fs::path kCaptures = VTYGUARD_LAB_CAPTURES_DIR;
const fs::path kSchema = VTYGUARD_REPORT_SCHEMA;

// Credentials of the copied fleets: nowhere else in the repository or the lab.
constexpr Credentials kCredentials{"Pw-h8Runner-Xq7z", "En-h8Runner-K3v9", "VTYGUARD_RUNNER_TEST_PASSWORD",
                                   "VTYGUARD_RUNNER_TEST_ENABLE"};
constexpr const char* kPassword = kCredentials.password;
constexpr const char* kEnable = kCredentials.enable;

// --- files and processes --------------------------------------------------------------------------

// VTYGUARD_RUNNER_KEEP=1 keeps a test's files (the copied fleet, the lab's log, every output).
class TempDir : public test_support::TempDir {
public:
    TempDir() : test_support::TempDir("vtyguard-runner", "VTYGUARD_RUNNER_KEEP") {}
};

std::vector<json> jsonl(const std::string& text) {
    std::vector<json> out;
    for (const auto& line : lines_of(text)) out.push_back(json::parse(line));
    return out;
}

// --- fleets in 127.91.0.0/16 ----------------------------------------------------------------------

// Devices in 127.91.0.0/16; the jump hosts stay on the lab's own addresses.
const FleetCopy kFleetCopy{kFleets, 91, 1, kCredentials};

// Copies lab/fleets/<name>.yaml and the files it refers to into `dir`, moved and re-credentialed.
fs::path copy_fleet(const std::string& name, const fs::path& dir) {
    kFleetCopy.copy_to(dir);
    return dir / (name + ".yaml");
}

// A running lab: the fleet's devices served over SSH/telnet, its jump hosts started.
class Lab {
public:
    static std::unique_ptr<Lab> start(const fs::path& fleet_file, const fs::path& state, std::string& error) {
        std::unique_ptr<Lab> lab(new Lab);
        auto ff = lab::load_fleet_file(fleet_file, error);
        if (!ff) return nullptr;
        lab->file_ = *ff;
        for (const auto& d : lab->file_.devices) {
            auto sim = lab::Device::create(d.spec, error);
            if (!sim) return nullptr;
            lab->fleet_.add(std::move(sim));
        }
        for (const auto& j : lab->file_.jump_hosts) {
            lab::JumpHostOptions o;
            o.name = j.name;
            o.dir = state / "jump" / j.name;
            o.address = j.address;
            o.port = j.port;
            o.client_key = state / "jump" / "client_ed25519";
            auto host = lab::JumpHost::start(o, error);
            if (!host) return nullptr;
            lab->jumps_.push_back(std::move(host));
        }
        lab::ServerOptions so;
        so.state_dir = state / "server";
        // The lab's connection log, for reading after a failure (VTYGUARD_RUNNER_KEEP=1 keeps it).
        auto log = std::make_shared<std::ofstream>(state / "lab.log", std::ios::app);
        so.log = [log](const std::string& line) { *log << line << std::endl; };
        lab->server_ = std::make_unique<lab::Server>(lab->fleet_, so);
        if (!lab->server_->start(error)) return nullptr;
        return lab;
    }
    ~Lab() {
        if (server_) server_->stop();
        for (auto& j : jumps_) j->stop();
    }
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;

    const lab::FleetFile& file() const { return file_; }
    lab::Server& server() { return *server_; }
    lab::Device* device(const std::string& name) const {
        for (const auto& d : fleet_.devices())
            if (d->spec().name == name) return d.get();
        return nullptr;
    }
    const lab::JumpHost* jump(const std::string& name) const {
        for (const auto& j : jumps_)
            if (j->name() == name) return j.get();
        return nullptr;
    }

private:
    Lab() = default;
    lab::FleetFile file_;
    lab::Fleet fleet_;
    std::vector<std::unique_ptr<lab::JumpHost>> jumps_;
    std::unique_ptr<lab::Server> server_;
};

// The inventory of `hosts` (vtyguard YAML), the lab's jump hosts in the fleet file's order.
fs::path write_inventory(const Lab& lab, const std::vector<HostSpec>& hosts, const fs::path& path,
                         const Budget& budget = {}) {
    std::vector<JumpSpec> jumps;
    for (const auto& spec : lab.file().jump_hosts) {
        const lab::JumpHost* j = lab.jump(spec.name);
        jumps.push_back({spec.name, j->user(), j->address(), j->port(), j->client_key().string()});
    }
    return test_support::write_inventory(path, kCredentials, jumps, hosts, budget);
}

// --- reading reports ------------------------------------------------------------------------------

char section_of(const std::string& check) {
    if (check == "SSH-008" || check == "SSH-018") return 'B';
    if (check.rfind("SSH-0", 0) == 0 || check.rfind("ASA-0", 0) == 0 || check.rfind("NET-", 0) == 0) return 'A';
    return 'B';
}

std::set<std::string> failing(const checks::DeviceReport& r, char section) {
    std::set<std::string> out;
    for (const auto& f : r.findings)
        if (f.verdict == checks::Verdict::fail && section_of(f.check) == section && f.check != "NET-001")
            out.insert(f.check);
    return out;
}

std::set<std::string> of_section(const std::vector<std::string>& ids, char section) {
    std::set<std::string> out;
    for (const auto& id : ids)
        if (section_of(id) == section) out.insert(id);
    return out;
}

std::string describe(const checks::DeviceReport& r) {
    std::string out = "status " + r.status + (r.error.empty() ? "" : ": " + r.error) + "\n";
    for (const auto& f : r.findings)
        if (f.verdict == checks::Verdict::fail)
            out += "  " + f.check + " (" + std::string(checks::to_string(f.severity)) + "): " + f.reason + "\n";
    return out;
}

// What a client on this machine meets at the device, from the simulator alone (SPEC section 7).
std::string expected_refusal(const lab::FleetDevice& d, lab::Device& sim) {
    const auto ports = sim.listening_ports(lab::Service::ssh);
    if (std::find(ports.begin(), ports.end(), d.spec.ssh_port) == ports.end()) return "refused";
    switch (sim.admit("127.0.0.1", d.spec.ssh_port, lab::Service::ssh)) {
        case lab::Admission::close_before_banner:
            return "disconnected";
        case lab::Admission::silent_drop:
            return "timeout";
        case lab::Admission::accept:
            break;
    }
    if (!sim.login(d.username, d.password, d.spec.ssh_port, lab::Service::ssh).ok) return "auth_failed";
    return "audited";
}

std::vector<std::string_view> candidates(const std::string& status) {
    if (status == "refused") return explaining_checks(drivers::ProbeStatus::refused);
    if (status == "disconnected") return explaining_checks(drivers::ProbeStatus::open_no_banner);
    if (status == "timeout") return explaining_checks(drivers::ProbeStatus::timeout);
    if (status == "unreachable") return explaining_checks(drivers::ProbeStatus::unreachable);
    if (status == "auth_failed") return explaining_checks(drivers::ErrorKind::auth_failed);
    return {};
}

// Findings as the report states them, NET-001 (the probe, live only) left out.
json comparable(const checks::DeviceReport& r) {
    json out = json::array();
    const json device = checks::device_json(r);
    for (const auto& f : device.at("findings")) {
        if (f.at("check") == "NET-001") continue;
        json g = f;
        for (auto& e : g.at("evidence")) e.erase("file");
        if (g.contains("acl"))
            for (auto& a : g.at("acl")) {
                for (const char* k : {"shadowing", "uncertain"})
                    for (auto& e : a.at(k)) e.erase("file");
                if (!a.at("deciding").is_null()) a.at("deciding").erase("file");
            }
        out.push_back(std::move(g));
    }
    return out;
}

// Secret values in text: the test credentials, and hashes a device printed that were not redacted.
std::vector<std::string> leaks(const std::string& text) {
    std::vector<std::string> out;
    for (const char* s : {kPassword, kEnable})
        if (text.find(s) != std::string::npos) out.push_back(std::string("the credential ") + s);
    static const std::regex hash(R"(\$[0-9]\$[A-Za-z0-9./$]{8,})");
    static const std::regex asa(R"(\b(password|passwd) (\S+) (pbkdf2|encrypted)\b)");
    std::smatch m;
    if (std::regex_search(text, m, hash)) out.push_back("a hash: " + m.str());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), asa); it != std::sregex_iterator(); ++it)
        if ((*it)[2] != std::string(kRedacted)) out.push_back("an ASA hash: " + it->str());
    return out;
}

void expect_no_leaks_in(const fs::path& root) {
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        const auto name = e.path().filename().string();
        // The copied fleet and the inventories name the credentials (fleets) or hold the lab's
        // own keys; everything else was written by vtyguard.
        if (e.path().string().find("/fleet/") != std::string::npos || name == "known_hosts") continue;
        if (e.path().string().find("/state/") != std::string::npos) continue;
        ++files;
        for (const auto& l : leaks(read_text(e.path()))) ADD_FAILURE() << e.path() << ": " << l;
    }
    EXPECT_GT(files, 0u);
}

// --- redaction (no lab) ---------------------------------------------------------------------------

TEST(Redact, ReplacesEverySecretValueAndKeepsTheRest) {
    const std::string in =
        "enable secret 9 $9$abcdefgh$ijklmnop\n"
        "enable password 7 0822455D0A16\n"
        "username admin privilege 15 secret 9 $9$xyz\n"
        "username bob password 0 plain\n"
        "service password-encryption\n"
        "password encryption aes\n"
        "snmp-server community S3cret RO 10\n"
        "snmp-server host 10.0.0.1 version 2c community HostCommunity\n"
        "snmp-server user u1 G1 v3 auth sha AuthKey1 priv aes 128 PrivKey1\n"
        "tacacs-server host 10.0.0.9 key 7 TacKey1\n"
        "tacacs server T1\n"
        " address ipv4 10.0.0.2\n"
        " key 7 TacKey2\n"
        "radius-server key RadKey\n"
        "aaa group server tacacs+ G\n"
        " server-private 10.0.0.3 key PrivSrvKey\n"
        "crypto isakmp key IsaKey address 1.2.3.4\n"
        "crypto keyring K\n"
        " pre-shared-key address 1.1.1.1 key PskKey\n"
        "key chain KC\n"
        " key 1\n"
        "  key-string 7 ChainKey\n"
        "ntp authentication-key 1 md5 NtpKey 7\n"
        " ip ospf message-digest-key 1 md5 7 OspfKey\n"
        "route-map RM permit 10\n"
        " set community 1:2\n"
        "line vty 0 4\n"
        " password 7 LinePw\r\n"
        "passwd AsaPasswd encrypted\n"
        "username admin password AsaUser pbkdf2 privilege 15\n"
        "aaa-server TAC (inside) host 10.0.0.5\n"
        " key AsaTacKey\n"
        "tunnel-group 1.2.3.4 ipsec-attributes\n"
        " ikev1 pre-shared-key AsaPsk\n";
    std::size_t n = 0;
    const std::string out = redact(in, &n);
    for (const char* secret : {"$9$abcdefgh", "0822455D0A16", "$9$xyz",    "plain",   "S3cret",  "HostCommunity",
                               "AuthKey1",    "PrivKey1",     "TacKey1",   "TacKey2", "RadKey",  "PrivSrvKey",
                               "IsaKey",      "PskKey",       "ChainKey",  "NtpKey",  "OspfKey", "LinePw",
                               "AsaPasswd",   "AsaUser",      "AsaTacKey", "AsaPsk"})
        EXPECT_EQ(out.find(secret), std::string::npos) << secret << " left in:\n" << out;
    EXPECT_EQ(n, 22u);
    for (const char* kept :
         {"enable secret 9 <redacted>\n", "username admin privilege 15 secret 9 <redacted>\n",
          "service password-encryption\n", "password encryption aes\n", "snmp-server community <redacted> RO 10\n",
          " key 1\n", " set community 1:2\n", " password 7 <redacted>\r\n", "passwd <redacted> encrypted\n",
          "username admin password <redacted> pbkdf2 privilege 15\n", "crypto isakmp key <redacted> address 1.2.3.4\n",
          "ntp authentication-key 1 md5 <redacted> 7\n", " ip ospf message-digest-key 1 md5 7 <redacted>\n"})
        EXPECT_NE(out.find(kept), std::string::npos) << kept << " not in:\n" << out;
    // Line by line, nothing moves; redacting again changes nothing.
    EXPECT_EQ(std::count(in.begin(), in.end(), '\n'), std::count(out.begin(), out.end(), '\n'));
    std::size_t again = 0;
    EXPECT_EQ(redact(out, &again), out);
    EXPECT_EQ(again, 0u);
}

TEST(Redact, TheParsersReadRedactedConfigurationsAsBefore) {
    // Every capture of the bundled sample devices: redacting changes no finding but the secrets.
    std::vector<checks::DeviceReport> before, after;
    std::string error;
    ASSERT_TRUE(checks::audit_folder(kCaptures.string(), {}, {}, before, error)) << error;
    TempDir tmp;
    for (const auto& e : fs::recursive_directory_iterator(kCaptures)) {
        const fs::path to = tmp.path() / fs::relative(e.path(), kCaptures);
        if (e.is_directory())
            fs::create_directories(to);
        else
            write_text(to, redact(read_text(e.path())));
    }
    ASSERT_TRUE(checks::audit_folder(tmp.path().string(), {}, {}, after, error)) << error;
    ASSERT_EQ(before.size(), after.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        SCOPED_TRACE(before[i].device);
        EXPECT_EQ(before[i].diagnostics, after[i].diagnostics);
        ASSERT_EQ(before[i].findings.size(), after[i].findings.size());
        for (std::size_t k = 0; k < before[i].findings.size(); ++k) {
            EXPECT_EQ(before[i].findings[k].check, after[i].findings[k].check);
            EXPECT_EQ(before[i].findings[k].verdict, after[i].findings[k].verdict) << before[i].findings[k].check;
        }
    }
}

// --- reading reports back and merging (no lab) ----------------------------------------------------

TEST(Merge, ReadsBackWhatTheReportWritersWrite) {
    std::vector<checks::DeviceReport> reports;
    std::string error;
    ASSERT_TRUE(checks::audit_folder(kCaptures.string(), {}, {}, reports, error)) << error;
    TempDir tmp;
    std::string lines;
    for (const auto& r : reports) lines += checks::device_json(r).dump() + "\n";
    write_text(tmp.path() / "a.jsonl", lines);
    write_text(tmp.path() / "a.json", checks::report_json(reports).dump(2));
    for (const char* name : {"a.jsonl", "a.json"}) {
        SCOPED_TRACE(name);
        std::vector<checks::DeviceReport> back;
        std::vector<std::string> warnings;
        ASSERT_TRUE(read_report((tmp.path() / name).string(), back, warnings, error)) << error;
        EXPECT_TRUE(warnings.empty());
        EXPECT_EQ(checks::report_json(back), checks::report_json(reports));
        EXPECT_EQ(checks::report_text(back, false), checks::report_text(reports, false));
        EXPECT_EQ(checks::report_junit(back), checks::report_junit(reports));
        EXPECT_EQ(checks::exit_code(back, {}), checks::exit_code(reports, {}));
    }
}

TEST(Merge, JoinsPartsInNameOrderRefusesOverlapsAndSkipsACutLastLine) {
    std::vector<checks::DeviceReport> reports;
    std::string error;
    ASSERT_TRUE(checks::audit_folder(kCaptures.string(), {}, {}, reports, error)) << error;
    ASSERT_GE(reports.size(), 3u);
    TempDir tmp;
    const auto line = [](const checks::DeviceReport& r) { return checks::device_json(r).dump() + "\n"; };
    // Shard files hold devices in finish order; the last one was being written when it stopped.
    write_text(tmp.path() / "p1.jsonl", line(reports[2]) + line(reports[0]));
    const std::string cut = line(reports[1]);
    write_text(tmp.path() / "p2.jsonl", cut.substr(0, cut.size() / 2));
    write_text(tmp.path() / "p3.jsonl", line(reports[1]));
    std::vector<checks::DeviceReport> merged;
    std::vector<std::string> warnings;
    ASSERT_TRUE(merge_reports(
        {(tmp.path() / "p1.jsonl").string(), (tmp.path() / "p2.jsonl").string(), (tmp.path() / "p3.jsonl").string()},
        merged, warnings, error))
        << error;
    ASSERT_EQ(merged.size(), 3u);
    EXPECT_EQ(merged[0].device, reports[0].device);
    EXPECT_EQ(merged[1].device, reports[1].device);
    EXPECT_EQ(merged[2].device, reports[2].device);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("p2.jsonl:1: incomplete last line"), std::string::npos) << warnings[0];

    EXPECT_FALSE(merge_reports({(tmp.path() / "p1.jsonl").string(), (tmp.path() / "p1.jsonl").string()}, merged,
                               warnings, error));
    EXPECT_NE(error.find("p1.jsonl:1: device '" + reports[2].device + "' again (first at "), std::string::npos)
        << error;

    write_text(tmp.path() / "bad.jsonl", line(reports[0]) + "{\"device\": 3}\n");
    EXPECT_FALSE(merge_reports({(tmp.path() / "bad.jsonl").string()}, merged, warnings, error));
    EXPECT_NE(error.find("bad.jsonl:2: `device` is not a string"), std::string::npos) << error;
}

// --- live: the scenario fleet ---------------------------------------------------------------------

// A test with a lab of its own, credentials in the environment.
class LiveLab : public ::testing::Test {
protected:
    void SetUp() override { kCredentials.set_environment(); }
    // Use as ASSERT_NO_FATAL_FAILURE(start(...)).
    void start(const fs::path& fleet_file) {
        std::string error;
        lab_ = Lab::start(fleet_file, tmp_.path() / "state", error);
        ASSERT_TRUE(lab_) << error;
    }
    fs::path inventory_file(const std::vector<HostSpec>& hosts, const Budget& budget = {}) {
        return write_inventory(*lab_, hosts, tmp_.path() / "inventory.yaml", budget);
    }

    TempDir tmp_;
    std::unique_ptr<Lab> lab_;
};

class ScenarioLab : public LiveLab {
protected:
    void SetUp() override {
        LiveLab::SetUp();
        ASSERT_NO_FATAL_FAILURE(start(copy_fleet("scenarios", tmp_.path() / "fleet")));
        inventory_ = inventory_file(hosts_of(lab_->file()));
    }

    fs::path inventory_;
};

TEST_F(ScenarioLab, EveryCauseIsIdentifiedLiveAndTheSavedCapturesReauditTheSame) {
    const auto inv = load(inventory_);
    RunOptions options = options_in(tmp_.path());
    options.save_captures = tmp_.path() / "captures";
    const fs::path rotary_policy = kFleets / "scenarios" / "r-rotary.policy.yaml";
    // r-rotary's operators use port 3022: its own policy (as the offline scenario test does).
    std::set<std::string> main, rotary = {"r-rotary"};
    for (const auto& h : inv.hosts)
        if (!rotary.count(h.name)) main.insert(h.name);
    auto live = audit_in_process(inv, policy_file(kFleets / "policy.yaml"), options, main);
    const auto rot = audit_in_process(inv, policy_file(rotary_policy), options, rotary);
    for (const auto& [name, r] : rot.reports) live.reports.emplace(name, r);
    EXPECT_TRUE(live.summary.warnings.empty()) << live.summary.warnings.front();

    std::size_t audited = 0, refused_classified = 0;
    for (const auto& d : lab_->file().devices) {
        const std::string& name = d.spec.name;
        SCOPED_TRACE(name);
        ASSERT_TRUE(live.reports.count(name)) << "no report";
        const auto& r = live.reports.at(name);
        ASSERT_TRUE(d.expect) << "every scenario device states `expect`";
        const auto& expect = *d.expect;
        const bool telnet = d.spec.telnet_port != 0;
        const std::string meets = telnet ? "audited" : expected_refusal(d, *lab_->device(name));
        ASSERT_EQ(r.status, meets) << describe(r);
        // NET-001 is there for every device probed, and fails exactly when SSH did not answer.
        const auto* net = finding(r, "NET-001");
        ASSERT_TRUE(net) << describe(r);
        EXPECT_EQ(net->verdict, telnet || (meets != "audited" && meets != "auth_failed") ? checks::Verdict::fail
                                                                                         : checks::Verdict::pass)
            << net->reason;
        ASSERT_TRUE(r.probe.is_object());
        if (r.status != "audited") {
            // Not logged into: the classified refusal names the device's cause among its candidates.
            ++refused_classified;
            ASSERT_FALSE(expect.empty());
            const auto c = candidates(r.status);
            EXPECT_NE(std::find(c.begin(), c.end(), expect.front()), c.end())
                << expect.front() << " is not among the causes of `" << r.status << "`: " << r.error;
            EXPECT_FALSE(r.error.empty());
            continue;
        }
        ++audited;
        EXPECT_EQ(failing(r, 'A'), of_section(expect, 'A')) << describe(r);
        EXPECT_EQ(failing(r, 'B'), of_section(expect, 'B')) << describe(r);
        if (of_section(expect, 'A').empty()) {
            EXPECT_TRUE(r.likely_cause.empty()) << "healthy, yet the likely cause is " << r.likely_cause.front();
        } else {
            ASSERT_FALSE(r.likely_cause.empty());
            EXPECT_EQ(r.likely_cause.front(), expect.front());
        }
        EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics.front();
    }
    // Both kinds occur: the fleet has causes a login from here meets and causes it does not.
    EXPECT_GE(audited, 15u);
    EXPECT_GE(refused_classified, 8u);

    // The saved captures, audited offline, give the same findings (NET-001 is the live probe's).
    for (const auto& [policy, names] : {std::pair{kFleets / "policy.yaml", main}, std::pair{rotary_policy, rotary}}) {
        std::vector<checks::DeviceReport> offline;
        std::string error;
        TempDir part;
        for (const auto& n : names)
            if (fs::exists(options.save_captures / n))
                fs::copy(options.save_captures / n, part.path() / n, fs::copy_options::recursive);
        ASSERT_TRUE(checks::audit_folder(part.path().string(), policy_file(policy), {}, offline, error)) << error;
        for (const auto& o : offline) {
            SCOPED_TRACE(o.device);
            const auto& l = live.reports.at(o.device);
            EXPECT_EQ(o.status, "audited") << o.error;
            EXPECT_EQ(comparable(o), comparable(l));
            std::vector<std::string> likely;
            for (const auto& id : l.likely_cause)
                if (id != "NET-001") likely.push_back(id);
            EXPECT_EQ(o.likely_cause, likely);
            EXPECT_EQ(o.plan.fix, l.plan.fix);
        }
        std::size_t live_audited = 0;
        for (const auto& n : names) live_audited += live.reports.at(n).status == "audited";
        EXPECT_EQ(offline.size(), live_audited);
    }
    // No secret in the captures (the reports are checked by the CLI test).
    expect_no_leaks_in(options.save_captures);
}

// The inventory's source_address is the address the device judges: r-vty-acl's access-class
// admits 127.0.10.0/25 of the NOC, so from .5 it is audited and from .200 the vty turns the
// session away before the banner (and the probe says where it looked from).
TEST_F(ScenarioLab, SourceAddressIsWhatTheVtyAccessClassSees) {
    const lab::FleetDevice* d = nullptr;
    for (const auto& f : lab_->file().devices)
        if (f.spec.name == "r-vty-acl") d = &f;
    ASSERT_TRUE(d);
    std::vector<HostSpec> hosts;
    for (const char* source : {"127.0.10.5", "127.0.10.200"}) {
        HostSpec h;
        h.name = std::string("r-vty-acl-from-") + source;
        h.address = d->spec.address;
        h.platform = "cisco_ios";
        h.port = d->spec.ssh_port;
        h.source = source;
        hosts.push_back(h);
    }
    const auto inv = load(inventory_file(hosts));
    const auto result = audit_in_process(inv, policy_file(kFleets / "policy.yaml"), options_in(tmp_.path()),
                                         {hosts[0].name, hosts[1].name});
    const auto& admitted = result.reports.at(hosts[0].name);
    EXPECT_EQ(admitted.status, "audited") << describe(admitted);
    EXPECT_EQ(admitted.probe.value("via", ""), "local from 127.0.10.5") << admitted.probe.dump();
    EXPECT_TRUE(failing(admitted, 'A').count("SSH-007")) << describe(admitted);
    const auto& denied = result.reports.at(hosts[1].name);
    EXPECT_EQ(denied.status, "disconnected") << describe(denied);
    EXPECT_EQ(denied.probe.value("result", ""), "open") << denied.probe.dump();
    EXPECT_TRUE(denied.probe.at("banner").is_null()) << denied.probe.dump();
    EXPECT_EQ(denied.probe.value("via", ""), "local from 127.0.10.200") << denied.probe.dump();
}

TEST_F(ScenarioLab, TheCliStreamsJsonLinesShardsAddUpAndNoSecretIsWritten) {
    const fs::path out = tmp_.path() / "out";
    fs::create_directories(out);
    const std::vector<std::string> common = {"-i",
                                             inventory_.string(),
                                             "--policy",
                                             (kFleets / "policy.yaml").string(),
                                             "--known-hosts",
                                             (tmp_.path() / "known_hosts").string(),
                                             "--accept-new"};
    auto args = [&](std::vector<std::string> more) {
        std::vector<std::string> a = {"audit"};
        a.insert(a.end(), common.begin(), common.end());
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    const Ran full = run_cli(args({"--format", "jsonl", "--save-captures", (out / "captures").string()}), out, "full");
    // Exit 3: some scenario devices cannot be logged into from here.
    EXPECT_EQ(full.code, 3) << full.err;
    const auto lines = jsonl(full.out);
    std::set<std::string> all;
    for (const auto& l : lines) all.insert(l.at("device").get<std::string>());
    EXPECT_EQ(all.size(), lab_->file().devices.size());
    EXPECT_EQ(lines.size(), all.size());
    EXPECT_NE(full.err.find("r-no-key: not audited: r-no-key: SSH to "), std::string::npos) << full.err;

    // Three shards: disjoint, together the fleet; merged, the same devices and statuses.
    std::vector<std::string> parts;
    std::set<std::string> seen;
    for (int k = 1; k <= 3; ++k) {
        const fs::path part = out / ("shard" + std::to_string(k) + ".jsonl");
        const Ran r = run_cli(args({"--shard", std::to_string(k) + "/3", "--format", "jsonl", "--out", part.string()}),
                              out, "shard" + std::to_string(k));
        EXPECT_TRUE(r.code == 0 || r.code == 1 || r.code == 3) << r.err;
        for (const auto& l : jsonl(read_text(part))) {
            const auto name = l.at("device").get<std::string>();
            EXPECT_TRUE(seen.insert(name).second) << name << " in two shards";
        }
        parts.push_back(part.string());
    }
    EXPECT_EQ(seen, all);
    std::vector<std::string> merge = {"report", "merge"};
    merge.insert(merge.end(), parts.begin(), parts.end());
    for (const char* f : {"json", "text", "junit", "sarif"}) {
        std::vector<std::string> m = merge;
        m.insert(m.end(), {"--format", f, "--out", (out / (std::string("merged.") + f)).string()});
        const Ran r = run_cli(m, out, std::string("merge-") + f);
        EXPECT_EQ(r.code, 3) << f << ": " << r.err;
    }
    // The live report is valid against the published schema (live statuses, probe objects).
    const fs::path validator = out / "validate.py";
    write_text(validator,
               "import json, sys, jsonschema\n"
               "schema = json.load(open(sys.argv[1]))\n"
               "jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))\n");
    EXPECT_EQ(
        wait_exit(spawn({"/usr/bin/python3", validator.string(), kSchema.string(), (out / "merged.json").string()},
                        out / "validate.stdout", out / "validate.stderr")),
        0)
        << read_text(out / "validate.stderr");
    const auto merged = json::parse(read_text(out / "merged.json"));
    std::map<std::string, std::string> status;
    for (const auto& l : lines) status[l.at("device")] = l.at("status");
    ASSERT_EQ(merged.at("devices").size(), all.size());
    for (const auto& d : merged.at("devices")) EXPECT_EQ(status.at(d.at("device")), d.at("status")) << d.at("device");
    // The same shard twice is an overlap: a usage error naming the device.
    const Ran twice = run_cli({"report", "merge", parts[0], parts[0]}, out, "merge-twice");
    EXPECT_EQ(twice.code, 2);
    EXPECT_NE(twice.err.find("again (first at "), std::string::npos) << twice.err;

    // Text, JSON, fixes: every output of a live audit, and stdout/stderr, free of secrets.
    const Ran text = run_cli(args({"--out", (out / "report.txt").string()}), out, "text");
    EXPECT_EQ(text.code, 3) << text.err;
    const Ran fix =
        run_cli({"fix", "-i", inventory_.string(), "--policy", (kFleets / "policy.yaml").string(), "--known-hosts",
                 (tmp_.path() / "known_hosts").string(), "--accept-new", "--out", (out / "fixes").string()},
                out, "fix");
    EXPECT_EQ(fix.code, 3) << fix.err;
    EXPECT_NE(fix.out.find("r-vty-acl: wrote "), std::string::npos) << fix.out;
    EXPECT_TRUE(fs::exists(out / "fixes" / "r-vty-acl.fix.txt"));
    expect_no_leaks_in(out);
    // Credentials on the command line are not even an option.
    const Ran cli_password = run_cli({"audit", "-i", inventory_.string(), "--password", kPassword}, out, "pw");
    EXPECT_EQ(cli_password.code, 2);
}

TEST(RunnerCli, UsageErrorsOfLiveAudits) {
    TempDir tmp;
    const fs::path out = tmp.path();
    const fs::path inventory = tmp.path() / "hosts.txt";
    write_text(inventory, "127.91.9.9 cisco_ios\n");
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    for (const auto& c : std::vector<Case>{
             {{"audit", "-i", "/nonexistent/inventory.yaml"}, "/nonexistent/inventory.yaml"},
             {{"audit", "-i", inventory.string(), "--shard", "4/3"}, "--shard"},
             {{"audit", "-i", inventory.string(), "--from", kCaptures.string()}, "exclusive"},
             {{"audit", "--from", kCaptures.string(), "--workers", "3"}, "--workers is for live audits"},
             {{"audit", "-i", inventory.string(), "--inventory-format", "csv"}, "--inventory-format csv: unknown"},
             {{"audit", "-i", inventory.string(), "--save-captures", "/proc/nope"}, "--save-captures /proc/nope"},
             {{"report", "merge", "/nonexistent.jsonl"}, "/nonexistent.jsonl: cannot read"},
         }) {
        const Ran r = run_cli(c.args, out, "usage");
        EXPECT_EQ(r.code, 2) << c.args[2] << ": " << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    }
}

// --- live: telnet and adjacent-device paths -------------------------------------------------------

TEST_F(LiveLab, TelnetAndAdjacentDeviceHopsCollectWhatSshCannot) {
    const fs::path fleet_dir = tmp_.path() / "fleet";
    copy_fleet("scenarios", fleet_dir);
    // hop-a: a healthy router; hop-b: SSH refused (every vty line is `transport input telnet`),
    // telnet open; hop-c: healthy. Both admit hop-a's segment on their vty lines.
    auto device = [&](const std::string& from, const std::string& name, const std::string& address) {
        std::string cfg = read_text(fleet_dir / "scenarios" / (from + ".cfg"));
        const std::string old = kFleetCopy.moved(from == "r-healthy" ? "127.10.0.1" : "127.10.0.6");
        const std::string gateway = kFleetCopy.moved("127.10.0.254");
        for (std::size_t p = cfg.find(old + " "); p != std::string::npos; p = cfg.find(old + " ", p))
            cfg.replace(p, old.size(), address);
        for (std::size_t p = cfg.find(gateway); p != std::string::npos; p = cfg.find(gateway, p))
            cfg.replace(p, gateway.size(), "127.91.1.254");
        cfg = std::regex_replace(cfg, std::regex("hostname " + from), "hostname " + name);
        cfg = std::regex_replace(cfg, std::regex(" 10 permit 127\\.0\\.10\\.0 0\\.0\\.0\\.255\n"),
                                 " 10 permit 127.0.10.0 0.0.0.255\n 15 permit 127.91.1.0 0.0.0.255\n");
        write_text(fleet_dir / (name + ".cfg"), cfg);
    };
    device("r-healthy", "hop-a", "127.91.1.1");
    device("r-telnet-only", "hop-b", "127.91.1.2");
    device("r-healthy", "hop-c", "127.91.1.3");
    write_text(fleet_dir / "hops.yaml", std::string("defaults:\n  username: admin\n  password: ") + kPassword +
                                            "\n  enable: " + kEnable +
                                            "\n  ssh_port: 2222\n  platform: cisco_ios\n  version: \"17.9.4a\"\n"
                                            "  model: ISR4331/K9\ndevices:\n"
                                            "  - {name: hop-a, address: 127.91.1.1, config: hop-a.cfg}\n"
                                            "  - {name: hop-b, address: 127.91.1.2, config: hop-b.cfg, "
                                            "telnet_port: 2323}\n"
                                            "  - {name: hop-c, address: 127.91.1.3, config: hop-c.cfg}\n");
    ASSERT_NO_FATAL_FAILURE(start(fleet_dir / "hops.yaml"));
    std::vector<HostSpec> hosts = {
        {"hop-a", "127.91.1.1", "cisco_ios", 2222, {}, false, false, "", "", "", ""},
        // Typed at hop-a's prompt: `telnet 127.91.1.2` and `ssh -l admin 127.91.1.3`.
        {"hop-b-via-a", "127.91.1.2", "cisco_ios", 23, {}, false, true, "hop-a", "", "", ""},
        {"hop-c-via-a", "127.91.1.3", "", 22, {}, false, false, "hop-a", "", "", ""},
        // Directly over telnet, and directly over SSH (refused: nothing else states a path).
        {"hop-b-telnet", "127.91.1.2", "cisco_ios", 2323, {}, false, true, "", "", "", ""},
        {"hop-b-ssh", "127.91.1.2", "cisco_ios", 2222, {}, false, false, "", "", "", ""},
    };
    const auto inv = load(inventory_file(hosts));
    const auto live = audit_in_process(inv, policy_file(kFleets / "policy.yaml"), options_in(tmp_.path()));
    ASSERT_EQ(live.reports.size(), hosts.size());
    for (const char* n : {"hop-a", "hop-c-via-a"}) {
        const auto& r = live.reports.at(n);
        EXPECT_EQ(r.status, "audited") << n << ": " << describe(r);
        EXPECT_TRUE(failing(r, 'A').empty()) << n << ": " << describe(r);
        EXPECT_EQ(r.hostname, std::string(n).substr(0, 5));
    }
    EXPECT_TRUE(live.reports.at("hop-c-via-a").probe.is_null()) << "a device reached via another is not probed";
    for (const char* n : {"hop-b-via-a", "hop-b-telnet"}) {
        const auto& r = live.reports.at(n);
        SCOPED_TRACE(n);
        ASSERT_EQ(r.status, "audited") << describe(r);
        EXPECT_EQ(r.hostname, "hop-b");
        EXPECT_EQ(failing(r, 'A'), std::set<std::string>{"SSH-005"}) << describe(r);
        ASSERT_FALSE(r.likely_cause.empty());
        EXPECT_EQ(r.likely_cause.front(), "SSH-005");
    }
    // Over telnet directly, the probe of the SSH port (the policy's 22 here: refused) is explained.
    const auto* net = finding(live.reports.at("hop-b-telnet"), "NET-001");
    ASSERT_TRUE(net);
    EXPECT_EQ(net->verdict, checks::Verdict::fail);
    EXPECT_NE(net->reason.find("explained by SSH-005"), std::string::npos) << net->reason;
    const auto& ssh = live.reports.at("hop-b-ssh");
    EXPECT_EQ(ssh.status, "refused") << describe(ssh);
    EXPECT_EQ(ssh.likely_cause, std::vector<std::string>{"NET-001"});
    EXPECT_NE(ssh.error.find("no other path to collect evidence"), std::string::npos) << ssh.error;
}

// --- live: workers, streaming, faults -------------------------------------------------------------

// `count` copies of the load fleet's switch, each command answered `latency_ms` late.
fs::path slow_fleet(const fs::path& dir, int count, int latency_ms) {
    std::string cfg = read_text(kFleets / "load" / "ios.cfg");
    cfg = std::regex_replace(cfg, std::regex(R"(127\.20\.)"), "127.91.");
    write_text(dir / "ios.cfg", kFleetCopy.with_credentials(cfg));
    std::string y = std::string("defaults:\n  username: admin\n  password: ") + kPassword + "\n  enable: " + kEnable +
                    "\n  ssh_port: 2222\n";
    y += "generate:\n  - count: " + std::to_string(count) +
         "\n    name: slow-{n}\n    platform: cisco_ios\n    address_from: 127.91.2.1\n"
         "    config: ios.cfg\n    version: \"15.2(4)E10\"\n    model: WS-C2960X-48TS-L\n";
    if (latency_ms) y += "    faults: {command_latency_ms: " + std::to_string(latency_ms) + "}\n";
    write_text(dir / "slow.yaml", y);
    return dir / "slow.yaml";
}

// Counts the devices being probed or logged into at once, around the real connector.
class CountingConnector final : public Connector {
public:
    explicit CountingConnector(Connector& inner) : inner_(inner) {}
    drivers::Result<drivers::ProbeResult> probe(const ProbeTarget& t, drivers::Deadline deadline) override {
        Hold h(*this);
        return inner_.probe(t, deadline);
    }
    drivers::Result<std::unique_ptr<DeviceSession>> open(const drivers::DeviceTarget& t,
                                                         drivers::Deadline deadline) override {
        auto hold = std::make_unique<Hold>(*this);
        auto s = inner_.open(t, deadline);
        if (!s) return s.error();
        return std::unique_ptr<DeviceSession>(std::make_unique<Counted>(std::move(s).value(), std::move(hold)));
    }
    std::size_t most() const { return most_; }

private:
    struct Hold {
        explicit Hold(CountingConnector& c) : c_(c) {
            const std::size_t now = ++c_.now_;
            std::size_t m = c_.most_;
            while (now > m && !c_.most_.compare_exchange_weak(m, now)) {
            }
        }
        ~Hold() { --c_.now_; }
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;
        CountingConnector& c_;
    };
    class Counted final : public DeviceSession {
    public:
        Counted(std::unique_ptr<DeviceSession> s, std::unique_ptr<Hold> h) : s_(std::move(s)), h_(std::move(h)) {}
        const drivers::SessionFacts& facts() const override { return s_->facts(); }
        drivers::Result<drivers::CommandOutput> run(std::string_view c, drivers::Deadline d) override {
            return s_->run(c, d);
        }
        void close(drivers::Deadline d) override {
            s_->close(d);
            h_.reset();
        }

    private:
        std::unique_ptr<DeviceSession> s_;
        std::unique_ptr<Hold> h_;
    };
    Connector& inner_;
    std::atomic<std::size_t> now_{0}, most_{0};
};

TEST_F(LiveLab, WorkersBoundTheDevicesInFlight) {
    ASSERT_NO_FATAL_FAILURE(start(slow_fleet(tmp_.path() / "fleet", 9, 100)));
    const auto inv = load(inventory_file(hosts_of(lab_->file())));
    RunOptions options = options_in(tmp_.path());
    options.workers = 3;
    auto real = make_driver_connector();
    CountingConnector counting(*real);
    std::size_t progress_most = 0;
    const auto live = audit_in_process(
        inv, policy_file(kFleets / "policy.yaml"), options, {},
        [&](const Progress& p) { progress_most = std::max(progress_most, p.in_flight + 1); }, &counting);
    ASSERT_EQ(live.reports.size(), 9u);
    for (const auto& [n, r] : live.reports) EXPECT_EQ(r.status, "audited") << n << ": " << r.error;
    EXPECT_EQ(live.summary.max_in_flight, 3u);
    EXPECT_LE(progress_most, 3u);
    EXPECT_LE(counting.most(), 3u) << "more devices at once than workers";
    EXPECT_GE(counting.most(), 2u) << "the workers did not run at once";
}

// A cancel stops the devices in flight before their next command, not at their device timeout:
// each ends `cancelled` (exit code 3, no verdict on the device) after one more command at most.
TEST_F(LiveLab, CancellingStopsDevicesInFlightBeforeTheirNextCommand) {
    ASSERT_NO_FATAL_FAILURE(start(slow_fleet(tmp_.path() / "fleet", 3, 100)));
    const auto inv = load(inventory_file(hosts_of(lab_->file())));
    std::atomic<bool> cancel{false};
    RunOptions options = options_in(tmp_.path());
    options.workers = 3;
    options.cancel = &cancel;
    auto real = make_driver_connector();
    // The run is cancelled once the sessions have sent four commands between them.
    std::atomic<std::size_t> commands{0};
    HookConnector cancelling(*real, [&](const std::string&, std::string_view) {
        if (++commands == 5) cancel = true;  // the fifth is sent: it is in flight
    });
    const auto start_time = std::chrono::steady_clock::now();
    const auto live = audit_in_process(inv, policy_file(kFleets / "policy.yaml"), options, {}, {}, &cancelling);
    const auto took = std::chrono::steady_clock::now() - start_time;
    ASSERT_EQ(live.reports.size(), 3u) << "every device was in flight when the run was cancelled";
    for (const auto& [n, r] : live.reports) {
        EXPECT_EQ(r.status, "cancelled") << n << ": " << r.error;
        EXPECT_NE(r.error.find(n + ": the run was cancelled before "), std::string::npos) << r.error;
        EXPECT_TRUE(r.findings.empty() || r.findings.front().check == "NET-001") << n;
        EXPECT_EQ(checks::exit_code({r}, {}), 3);
    }
    // Five commands, then at most the one each other device had already begun (11 a device when whole).
    EXPECT_LE(commands.load(), 5u + 2u);
    EXPECT_LT(took, 10s) << "the devices ran on after the cancel";
}

TEST_F(LiveLab, JsonLinesAppearAsDevicesFinishAndAKilledRunKeepsWholeLines) {
    ASSERT_NO_FATAL_FAILURE(start(slow_fleet(tmp_.path() / "fleet", 8, 250)));
    const auto inventory = inventory_file(hosts_of(lab_->file()));
    const auto& tmp = tmp_;
    const fs::path out = tmp.path() / "run.jsonl";
    const pid_t pid = spawn({kCli.string(), "audit", "-i", inventory.string(), "--policy",
                             (kFleets / "policy.yaml").string(), "--known-hosts", (tmp.path() / "kh").string(),
                             "--accept-new", "--workers", "2", "--format", "jsonl", "--out", out.string()},
                            tmp.path() / "stdout", tmp.path() / "stderr");
    // Wait for the first two devices while the run goes on.
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    std::size_t complete = 0;
    bool still_running = true;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string text = read_text(out);
        complete = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            still_running = false;
            break;
        }
        if (complete >= 2) break;
        std::this_thread::sleep_for(20ms);
    }
    ASSERT_TRUE(still_running) << "the run ended before its output was looked at: " << read_text(tmp.path() / "stderr");
    ASSERT_GE(complete, 2u) << "no lines while the run was going";
    kill(pid, SIGKILL);
    EXPECT_EQ(wait_exit(pid), 128 + SIGKILL);
    const std::string text = read_text(out);
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n') << "a line was left half-written";
    const auto lines = jsonl(text);
    EXPECT_GE(lines.size(), 2u);
    EXPECT_LT(lines.size(), 8u) << "the run was not stopped half-way";
    for (const auto& l : lines) EXPECT_EQ(l.at("status"), "audited") << l.dump();
    // What the stopped run kept is a report of its own.
    const Ran merged = run_cli({"report", "merge", out.string(), "--format", "json"}, tmp.path(), "merge");
    EXPECT_EQ(merged.code, 0) << merged.err;
    EXPECT_EQ(json::parse(merged.out).at("devices").size(), lines.size());
}

TEST_F(LiveLab, FaultDevicesEndClassifiedWithinTheirTimeoutsWhileTheOthersFinish) {
    ASSERT_NO_FATAL_FAILURE(start(copy_fleet("faults", tmp_.path() / "fleet")));
    const auto& lab = lab_;
    const auto& tmp = tmp_;
    std::string error;
    Budget budget;
    budget.connect = "3s";
    budget.command = "4s";
    budget.device = "12s";
    const auto inv = load(inventory_file(hosts_of(lab->file()), budget));
    RunOptions options = options_in(tmp.path());
    options.workers = 16;
    const auto policy = policy_file(kFleets / "policy.yaml");
    const auto live = audit_in_process(inv, policy, options);
    ASSERT_EQ(live.reports.size(), lab->file().devices.size());
    const std::map<std::string, std::string> expected = {
        {"f-control", "audited"},       {"f-latency", "audited"},          {"f-no-prompt", "timeout"},
        {"f-drop", "disconnected"},     {"f-auth-failure", "auth_failed"}, {"f-hostkey-change", "audited"},
        {"f-prompt-banner", "audited"}, {"f-garbage", "audited"},
    };
    const std::set<std::string> classes = {"audited", "timeout", "disconnected"};
    for (const auto& [name, r] : live.reports) {
        SCOPED_TRACE(name);
        if (auto e = expected.find(name); e != expected.end()) {
            EXPECT_EQ(r.status, e->second) << describe(r);
        } else {
            EXPECT_TRUE(classes.count(r.status)) << describe(r);  // f-slow: 800 bytes/s against 4 s per command
        }
        if (r.status != "audited") {
            EXPECT_NE(r.error.find(name), std::string::npos) << r.error;
        }
        EXPECT_LE(live.finished_at.at(name), 12s + 2s) << "ended after its device timeout";
    }
    EXPECT_NE(live.reports.at("f-no-prompt").error.find("prompt"), std::string::npos);
    EXPECT_NE(live.reports.at("f-auth-failure").error.find("SSH-013"), std::string::npos);

    // Started again, the lab gives f-hostkey-change a new host key: refused, the others go on.
    lab->server().stop();
    ASSERT_TRUE(lab->server().start(error)) << error;
    const auto again = audit_in_process(inv, policy, options, {"f-hostkey-change", "f-control"});
    EXPECT_EQ(again.reports.at("f-control").status, "audited");
    const auto& changed = again.reports.at("f-hostkey-change");
    EXPECT_EQ(changed.status, "host_key_changed") << describe(changed);
    EXPECT_NE(changed.error.find("known_hosts"), std::string::npos) << changed.error;
}

}  // namespace
}  // namespace vtyguard::runner
