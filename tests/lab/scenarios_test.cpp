// The scenario fleet proven offline (issue 4): every device of lab/fleets/scenarios.yaml is built in
// the simulator, a privilege-15 session runs the commands vtyguard collects (SPEC section 3), the
// outputs are saved in the `vtyguard audit --from` layout (SPEC section 12) and the product audits
// them. The checks that fail must be exactly the device's `expect` (section A and section B), the
// first of them must be the most likely cause, and healthy devices must fail nothing.
//
// A second test holds the simulator to what a client meets for each cause (SPEC section 7's
// table): refused, closed before the banner, silently dropped, or a failed login, for the NOC
// source the fleet names. Together they show that the scenario, the simulator and the product
// agree; a disagreement names which of them to look at.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <regex>
#include <sstream>

#include "lab/sim/device.hpp"
#include "lab/sim/session.hpp"
#include "tests/lab/scenarios_support.hpp"

namespace vtyguard::lab::scenarios {
namespace {

const fs::path kFleets = VTYGUARD_LAB_FLEETS_DIR;
const fs::path kPolicy = kFleets / "policy.yaml";

std::unique_ptr<Device> build(const FleetDevice& f, std::string& error) {
    DeviceSpec s;
    s.name = f.name;
    auto p = personality_from_key(f.platform);
    if (!p) {
        error = f.name + ": unknown platform " + f.platform;
        return nullptr;
    }
    s.personality = *p;
    s.address = f.address;
    s.ssh_port = f.ssh_port;
    s.telnet_port = f.telnet_port;
    s.config = f.config_text;
    s.enable_secret = f.enable;
    s.version = f.version;
    s.model = f.model;
    s.legacy_crypto = f.legacy_crypto;
    s.crypto_image = f.crypto_image;  // false: an image without SSH (SSH-015)
    return Device::create(std::move(s), error);
}

std::string normalized(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\r') {
            if (i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
            out += '\n';
            continue;
        }
        out += bytes[i];
    }
    return out;
}

// A privilege-15 CLI session as an auditing client holds it: paging off, one command at a time,
// the output without the command's echo and the prompt after it.
class Cli {
public:
    Cli(Device& d, const FleetDevice& f, int line)
        : session_(d, nullptr, f.username, 15, f.source, Service::ssh, line), asa_(f.platform == "cisco_asa") {}

    // Empty, or what went wrong.
    std::string open() {
        const std::string t = normalized(session_.start().text);
        prompt_ = t.substr(t.rfind('\n') == std::string::npos ? 0 : t.rfind('\n') + 1);
        // `host#` (IOS), `host# ` (ASA).
        const auto end = prompt_.find_last_not_of(' ');
        if (end == std::string::npos || prompt_[end] != '#') return "no privileged prompt after login: `" + t + "`";
        for (const char* c : asa_ ? std::vector<const char*>{"terminal pager 0"}
                                  : std::vector<const char*>{"terminal length 0", "terminal width 0"}) {
            std::string problem;
            const std::string out = run(c, problem);
            if (!problem.empty()) return problem;
            if (!out.empty()) return std::string("`") + c + "` answered `" + out + "`";
        }
        return {};
    }

    std::string run(const std::string& command, std::string& problem) {
        std::string t = normalized(session_.input(command + "\n").text);
        if (t.rfind(command + "\n", 0) != 0) {
            problem = "`" + command + "`: the output does not start with the command's echo: `" + t + "`";
            return {};
        }
        t.erase(0, command.size() + 1);
        const auto nl = t.rfind('\n');
        const std::string last = t.substr(nl == std::string::npos ? 0 : nl + 1);
        if (last != prompt_) {
            problem = "`" + command + "`: the output does not end with the prompt `" + prompt_ + "`: `" + t + "`";
            return {};
        }
        t.erase(nl == std::string::npos ? 0 : nl + 1);
        if (t.find("--More--") != std::string::npos) problem = "`" + command + "`: paged although paging is off";
        return t;
    }

private:
    Session session_;
    bool asa_;
    std::string prompt_;
};

// The VRF of the interface that holds `address` in a running-config (empty: global).
std::string vrf_of(const std::string& config, const std::string& address) {
    std::string vrf;
    bool in_interface = false;
    std::string line;
    std::istringstream in(config);
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("interface ", 0) == 0) {
            in_interface = true;
            vrf.clear();
            continue;
        }
        if (line.empty() || line[0] != ' ') {
            in_interface = false;
            continue;
        }
        if (!in_interface) continue;
        if (line.rfind(" vrf forwarding ", 0) == 0 || line.rfind(" ip vrf forwarding ", 0) == 0)
            vrf = line.substr(line.rfind(' ') + 1);
        if (line.rfind(" ip address " + address + " ", 0) == 0) return vrf;
    }
    return {};
}

// The commands vtyguard collects (SPEC section 3) for this device, in order; `running` is the
// running-config already read, for the arguments that depend on it.
std::vector<std::string> commands(const FleetDevice& f, const std::vector<std::string>& sources,
                                  const std::string& running) {
    std::vector<std::string> out;
    if (f.platform == "cisco_asa") {
        out = {"show version",
               "show running-config ssh",
               "show running-config aaa",
               "show running-config username",
               "show running-config telnet",
               "show access-list",
               "show running-config access-group",
               "show crypto key mypubkey rsa",
               "show nameif"};
        for (const auto& s : sources) out.push_back("show route " + s.substr(0, s.find('/')));
        return out;
    }
    // `show line vty 0 {last}` is left out: `vtyguard audit --from` cannot read its capture
    // (`show_line_vty_0_15.txt`: no parser for the slug with arguments; see the H4 report).
    out = {"show version",
           "show privilege",
           "show ip ssh",
           "show running-config | section line vty",
           "show users",
           "show access-lists",
           "show crypto key mypubkey rsa"};
    const std::string vrf = vrf_of(running, f.address);
    for (const auto& s : sources)
        out.push_back("show ip route " + (vrf.empty() ? "" : "vrf " + vrf + " ") + s.substr(0, s.find('/')));
    return out;
}

// Runs the collection on `f` into `root/<name>/`; empty, or what went wrong.
std::string collect(const FleetDevice& f, const fs::path& root) {
    std::string error;
    auto device = build(f, error);
    if (!device) return "the simulator refuses the device: " + error;
    // The auditing session holds a vty line like any SSH login (`show users` lists it).
    const auto line = device->acquire_line(f.ssh_port, Service::ssh);
    Cli cli(*device, f, line.value_or(-1));
    if (auto problem = cli.open(); !problem.empty()) return problem;
    const fs::path dir = root / f.name;
    fs::create_directories(dir);
    std::string problem;
    const std::string running = cli.run("show running-config", problem);
    if (!problem.empty()) return problem;
    write_text(dir / "show_running-config.txt", running);
    for (const auto& c : commands(f, management_sources(policy_for(f, kPolicy)), running)) {
        const std::string out = cli.run(c, problem);
        if (!problem.empty()) return problem;
        write_text(dir / (command_slug(c) + ".txt"), out);
    }
    write_text(dir / "meta.yaml",
               "platform: " + f.platform + "\nhostname: " + device->hostname() + "\naddress: " + f.address + "\n");
    if (line) device->release_line(*line);
    return {};
}

TEST(Scenarios, EveryCauseIsFoundByVtyguardFromTheSimulatorsOutput) {
    const auto fleet = read_fleet(kFleets / "scenarios.yaml");
    ASSERT_FALSE(fleet.empty());
    TempDir tmp;
    // VTYGUARD_SCENARIO_CAPTURES=DIR keeps the captures and reports there, to look at by hand.
    const char* keep = std::getenv("VTYGUARD_SCENARIO_CAPTURES");
    const fs::path base = keep && *keep ? fs::path(keep) : tmp.path();
    std::map<fs::path, fs::path> roots;  // policy -> folder of the devices audited with it
    for (const auto& f : fleet) {
        const fs::path policy = policy_for(f, kPolicy);
        if (!roots.count(policy)) roots[policy] = base / ("audit" + std::to_string(roots.size()));
        const auto problem = collect(f, roots[policy]);
        EXPECT_EQ(problem, "") << f.name;
    }
    std::map<std::string, nlohmann::json> reports;
    for (const auto& [policy, root] : roots)
        for (auto& [name, r] : run_audit(root, policy)) reports[name] = r;

    for (const auto& f : fleet) {
        SCOPED_TRACE(f.name + " (" + f.config.string() + ")");
        ASSERT_TRUE(f.has_expect) << "every scenario device states `expect`";
        if (!reports.count(f.name)) {
            ADD_FAILURE() << "not audited (its collection failed)";
            continue;
        }
        const auto& r = reports.at(f.name);
        ASSERT_EQ(r.at("status"), "audited") << r.dump(2);
        const auto fails = failing(r);
        EXPECT_EQ(join(of_section(fails, 'A')), join(of_section(f.expect, 'A')))
            << "section A differs; vtyguard says:\n"
            << describe_failures(r);
        EXPECT_EQ(join(of_section(fails, 'B')), join(of_section(f.expect, 'B')))
            << "section B differs; vtyguard says:\n"
            << describe_failures(r);
        const auto& likely = r.at("likely_cause");
        const auto expected_a = of_section(f.expect, 'A');
        if (expected_a.empty()) {
            EXPECT_TRUE(likely.empty()) << "healthy, yet the likely cause is " << likely.dump();
        } else {
            ASSERT_FALSE(likely.empty()) << "no likely cause";
            EXPECT_EQ(likely.front(), f.expect.front()) << "likely causes " << likely.dump();
        }
        if (r.contains("diagnostics") && !r.at("diagnostics").empty()) {
            ADD_FAILURE() << "the simulator printed lines vtyguard does not understand: "
                          << r.at("diagnostics").dump(2);
        }
    }
}

// What a client from the device's `source` meets (SPEC section 7), by the device's first cause.
enum class Meets { login, refused, closed, dropped, login_fails, legacy_only, lines_run_out };

Meets meets(const FleetDevice& f) {
    if (f.expect.empty()) return Meets::login;
    const std::string& c = f.expect.front();
    if (c == "SSH-001" || c == "SSH-004" || c == "SSH-005" || c == "SSH-015" || c == "SSH-016" || c == "ASA-005")
        return Meets::refused;
    if (c == "SSH-007" || c == "SSH-009") return Meets::closed;
    if (c == "SSH-010" || c == "SSH-011" || c == "ASA-001" || c == "ASA-002" || c == "ASA-007") return Meets::dropped;
    if (c == "SSH-013" || c == "SSH-014" || c == "ASA-003" || c == "ASA-004") return Meets::login_fails;
    if (c == "SSH-017") return Meets::legacy_only;
    if (c == "SSH-006" || c == "SSH-012") return Meets::lines_run_out;
    ADD_FAILURE() << f.name << ": no client observable known for " << c;
    return Meets::login;
}

// The lab port the device's operators use: the fleet's ssh_port plays port 22; another audited
// port (a scenario policy's ssh_port, e.g. a rotary port) is served on that port itself.
std::uint16_t operator_port(const FleetDevice& f) {
    const auto policy = read_text(policy_for(f, kPolicy));
    std::smatch m;
    if (std::regex_search(policy, m, std::regex(R"((^|\n)ssh_port:\s*(\d+))")) && m[2] != "22")
        return static_cast<std::uint16_t>(std::stoi(m[2]));
    return f.ssh_port;
}

TEST(Scenarios, TheSimulatorShowsEachCauseToAClientAsSpecSection7Says) {
    const auto fleet = read_fleet(kFleets / "scenarios.yaml");
    for (const auto& f : fleet) {
        SCOPED_TRACE(f.name);
        std::string error;
        auto d = build(f, error);
        ASSERT_TRUE(d) << error;
        const std::uint16_t port = operator_port(f);
        const auto ports = d->listening_ports(Service::ssh);
        const bool listens = std::find(ports.begin(), ports.end(), port) != ports.end();
        const Meets m = meets(f);
        if (f.telnet_port) {
            const auto t = d->listening_ports(Service::telnet);
            EXPECT_NE(std::find(t.begin(), t.end(), f.telnet_port), t.end()) << "telnet should listen";
        }
        if (m == Meets::refused) {
            EXPECT_FALSE(listens) << "port " << port << " should refuse SSH";
            continue;
        }
        ASSERT_TRUE(listens) << "nothing listens for SSH on port " << port;
        const Admission a = d->admit(f.source, port, Service::ssh);
        switch (m) {
            case Meets::closed:
                EXPECT_EQ(a, Admission::close_before_banner);
                break;
            case Meets::dropped:
                EXPECT_EQ(a, Admission::silent_drop);
                break;
            default:
                EXPECT_EQ(a, Admission::accept);
                break;
        }
        const Login login = d->login(f.username, f.password, port, Service::ssh);
        if (m == Meets::login_fails) {
            EXPECT_FALSE(login.ok) << "the fleet's credentials log in";
        } else if (m != Meets::closed && m != Meets::dropped) {
            EXPECT_TRUE(login.ok) << login.message;
        }
        if (m == Meets::legacy_only) {
            const auto alg = d->algorithms();
            EXPECT_EQ(alg.kex, "diffie-hellman-group14-sha1");
            EXPECT_EQ(alg.hostkeys, "ssh-rsa");
        }
        if (m == Meets::lines_run_out) {
            // SSH-006: only vty 0-4 take ssh, the sixth session is turned away; SSH-012: `ip ssh
            // maxstartups 2` admits fewer than the policy's five.
            std::vector<int> held;
            while (held.size() < 20) {
                auto l = d->acquire_line(port, Service::ssh);
                if (!l) break;
                held.push_back(*l);
            }
            if (f.expect.front() == "SSH-006") {
                EXPECT_EQ(held.size(), 5u);
            } else {
                EXPECT_LT(held.size(), 5u);
            }
            for (int l : held) d->release_line(l);
        }
        // A NOC address the scenario does not single out is admitted where the cause is the
        // source (SSH-007, ASA-001: only part of the NOC prefix is denied).
        if (f.source != "127.0.10.5" && (m == Meets::closed || m == Meets::dropped)) {
            EXPECT_EQ(d->admit("127.0.10.5", port, Service::ssh), Admission::accept);
        }
    }
}

}  // namespace
}  // namespace vtyguard::lab::scenarios
