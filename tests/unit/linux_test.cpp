// Linux jump hosts (CHECKS.md section C): the shell-line helpers of the Linux parsers, the access
// engine (linux_access.hpp), the LNX-* fixes (rendered, verified, applied by apply_linux.cpp,
// idempotent) on the device cases of tests/devices/linux/.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "parsers/linux/common/shell.hpp"
#include "parsers/parse.hpp"
#include "plugin/engine/audit.hpp"
#include "plugin/engine/fix.hpp"
#include "plugin/engine/linux_access.hpp"
#include "tests/unit/device_cases.hpp"

namespace fs = std::filesystem;
using namespace vtyguard;
using namespace vtyguard::checks;
using engine::Prefix;
using engine::lnx::Outcome;

namespace {

Prefix prefix(const char* s) {
    auto p = Prefix::parse(s);
    EXPECT_TRUE(p) << s;
    return p.value_or(Prefix{});
}

model::Device parse(const char* command, const std::string& text) {
    parsers::ParseResult r;
    parsers::Resolved resolved;
    std::string error;
    EXPECT_TRUE(parsers::parse("linux", command, text, r, resolved, error)) << error;
    for (const auto& d : r.diagnostics)
        ADD_FAILURE() << command << ":" << d.line << ": " << d.text << " (" << d.message << ")";
    return r.device;
}

DeviceEvidence load(const std::string& name) {
    DeviceEvidence ev;
    std::string error;
    EXPECT_TRUE(load_case(fs::path(VTYGUARD_DEVICES_DIR) / "linux" / name, ev, error)) << error;
    return ev;
}

Policy policy_of(const std::string& name) {
    Policy p;
    std::string error;
    EXPECT_TRUE(load_policy((fs::path(VTYGUARD_DEVICES_DIR) / "linux" / name / "policy.yaml").string(), p, error))
        << error;
    return p;
}

const Finding& finding(const std::vector<Finding>& fs, std::string_view id) {
    static const Finding none;
    for (const auto& f : fs)
        if (f.check == id) return f;
    ADD_FAILURE() << id << " did not run";
    return none;
}

}  // namespace

// ---- shell lines --------------------------------------------------------------------------------

TEST(LinuxShell, PromptsAreNotOutput) {
    using parsers::lnx::is_shell_prompt;
    EXPECT_TRUE(is_shell_prompt("netops@jump1:~$ sudo -n sshd -T"));
    EXPECT_TRUE(is_shell_prompt("root@jump1:/etc/ssh#"));
    EXPECT_TRUE(is_shell_prompt("[root@rhel9 ~]# iptables -S"));
    EXPECT_TRUE(is_shell_prompt("[ansible@bastion2 ssh]$"));
    // hosts.allow rules and sshd -T values are not prompts
    EXPECT_FALSE(is_shell_prompt("sshd@192.0.2.10: ALL"));
    EXPECT_FALSE(is_shell_prompt("sshd@host: ALL #"));
    EXPECT_FALSE(is_shell_prompt("allowusers netops@10.20.0.0/16"));
    EXPECT_FALSE(is_shell_prompt("[ ok ] sshd is running."));
}

TEST(LinuxShell, RefusalsByKind) {
    using parsers::lnx::refusal;
    using parsers::lnx::Refusal;
    EXPECT_EQ(refusal("sudo: a password is required"), Refusal::refused);
    EXPECT_EQ(refusal("netops is not in the sudoers file.  This incident will be reported."), Refusal::refused);
    EXPECT_EQ(refusal("Sorry, user netops is not allowed to execute '/usr/sbin/nft list ruleset' as root on jump1."),
              Refusal::refused);
    EXPECT_EQ(refusal("iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you "
                      "must be root)"),
              Refusal::refused);
    EXPECT_EQ(refusal("-bash: nft: command not found"), Refusal::not_found);
    EXPECT_EQ(refusal("sh: 1: nft: not found"), Refusal::not_found);
    // No sudo on the host: the command asked for never ran, so nothing is known about it.
    EXPECT_EQ(refusal("bash: line 1: sudo: command not found"), Refusal::refused);
    EXPECT_EQ(refusal("sh: 1: sudo: not found"), Refusal::refused);
    EXPECT_EQ(refusal("sudo: nft: command not found"), Refusal::not_found);
    EXPECT_EQ(refusal("Failed to connect to bus: No such file or directory"), Refusal::no_manager);
    EXPECT_EQ(refusal("port 22"), Refusal::none);
    // sudo's warning about the host name: the command ran
    EXPECT_TRUE(parsers::lnx::is_noise("sudo: unable to resolve host jump3: Name or service not known"));
}

// Spirit's standard character classes assert on bytes outside ASCII in debug builds: every Linux
// grammar sees an ASCII-safe copy, and a capture full of UTF-8 is read, not aborted on.
TEST(LinuxParsers, NonAsciiIsReadNotAborted) {
    const std::string junk = "\xe2\x97\x8f \xc3\xa9t\xc3\xa9 \xe2\x94\x94\xe2\x94\x80 \xff\xfe";
    for (const auto& row : parsers::registry().rows()) {
        if (row.platform != "linux") continue;
        parsers::ParseResult r;
        parsers::Resolved resolved;
        std::string error;
        const std::string command = row.command + (row.args == parsers::Args::required ? " ssh" : "");
        ASSERT_TRUE(parsers::parse("linux", command, junk + "\n" + junk + " x: y\n", r, resolved, error)) << error;
        EXPECT_FALSE(r.diagnostics.empty()) << row.command << " understood a line of junk";
    }
    // a unit name around UTF-8 bullets
    const auto d = parse("systemctl status ssh",
                         "\xe2\x97\x8f ssh.service - OpenBSD Secure Shell server\n"
                         "     Loaded: loaded (/lib/systemd/system/ssh.service; enabled; preset: enabled)\n"
                         "     Active: active (running) since Tue 2024-03-05 10:12:01 UTC; 2 days ago\n"
                         "TriggeredBy: \xe2\x97\x8f ssh.socket\n");
    ASSERT_TRUE(d.service);
    ASSERT_EQ(d.service->units.size(), 1u);
    EXPECT_EQ(d.service->units[0].unit, "ssh.service");
    EXPECT_EQ(d.service->units[0].state, "active");
}

TEST(LinuxParsers, EmptySshdDumpIsNoEvidence) {
    const auto d = parse("sshd -T", "");
    ASSERT_TRUE(d.sshd);
    ASSERT_TRUE(d.sshd->not_collected);
    EXPECT_EQ(d.sshd->not_collected->reason, "no configuration printed");
}

// ---- the access engine ----------------------------------------------------------------------------

TEST(LinuxAccess, RefineSplitsExactlyAtRulePrefixes) {
    const auto pieces = engine::lnx::refine(prefix("10.0.0.0/8"), {prefix("10.20.0.0/16"), prefix("192.0.2.0/24")});
    std::vector<std::string> names;
    for (const auto& p : pieces) names.push_back(p.str());
    EXPECT_EQ(names,
              (std::vector<std::string>{"10.0.0.0/12", "10.16.0.0/14", "10.20.0.0/16", "10.21.0.0/16", "10.22.0.0/15",
                                        "10.24.0.0/13", "10.32.0.0/11", "10.64.0.0/10", "10.128.0.0/9"}));
    // a prefix inside a rule's prefix stays whole
    EXPECT_EQ(engine::lnx::refine(prefix("10.20.1.0/24"), {prefix("10.20.0.0/16")}).size(), 1u);
}

TEST(LinuxAccess, AddressAndPortValues) {
    auto r = engine::lnx::address_value("10.0.0.1-10.0.0.6");
    ASSERT_TRUE(r);
    std::vector<std::string> names;
    for (const auto& p : *r) names.push_back(p.str());
    EXPECT_EQ(names, (std::vector<std::string>{"10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"}));
    EXPECT_EQ(engine::lnx::address_value("10.20.0.0/255.255.0.0")->front().str(), "10.20.0.0/16");
    EXPECT_EQ(engine::lnx::address_value("[2001:db8::]/32")->front().str(), "2001:db8::/32");
    EXPECT_FALSE(engine::lnx::address_value(".example.com"));
    EXPECT_EQ(engine::lnx::port_value("ssh"), (std::pair{22, 22}));
    EXPECT_EQ(engine::lnx::port_value("2200-2299"), (std::pair{2200, 2299}));
    EXPECT_EQ(engine::lnx::port_value("ms-wbt-server"), (std::pair{3389, 3389}));
    EXPECT_FALSE(engine::lnx::port_value("no-such-service"));
}

// `-g` returns to the jumping chain's caller; RETURN goes on after the jump; a built-in chain's
// end takes its policy.
TEST(LinuxAccess, JumpGotoReturn) {
    const auto d = parse("iptables -S",
                         "-P INPUT DROP\n"
                         "-N a\n-N b\n-N c\n"
                         "-A INPUT -j a\n"
                         "-A INPUT -s 10.1.0.0/16 -j ACCEPT\n"
                         "-A a -g b\n"
                         "-A a -j ACCEPT\n"
                         "-A b -s 10.2.0.0/16 -j RETURN\n"
                         "-A b -j c\n"
                         "-A c -s 10.3.0.0/16 -j REJECT --reject-with icmp-port-unreachable\n"
                         "-A b -j ACCEPT\n");
    ASSERT_TRUE(d.iptables);
    auto ask = [&](const char* src) {
        return engine::lnx::evaluate(*d.iptables, engine::lnx::Connection{prefix(src), std::nullopt, 22}).outcome;
    };
    // 10.2: b returns, and since a went there by goto, back to INPUT, where 10.2 is not accepted
    EXPECT_EQ(ask("10.2.0.0/16"), Outcome::drop);
    EXPECT_EQ(ask("10.3.0.0/16"), Outcome::drop);
    EXPECT_EQ(ask("10.4.0.0/16"), Outcome::accept);  // c returns into b, which accepts
}

TEST(LinuxAccess, UncertainRulesAreFollowedBothWays) {
    const auto d = parse("nft list ruleset",
                         "table inet f {\n"
                         "  chain input {\n"
                         "    type filter hook input priority 0; policy drop;\n"
                         "    iifname \"eth1\" tcp dport 22 accept\n"
                         "    iifname \"eth0\" jump mgmt\n"
                         "    jump mgmt\n"
                         "  }\n"
                         "  chain mgmt {\n"
                         "    ip saddr 10.20.0.0/16 tcp dport ssh accept\n"
                         "  }\n"
                         "}\n");
    ASSERT_TRUE(d.nftables);
    const auto a = engine::lnx::evaluate(*d.nftables, {prefix("10.20.0.0/16"), std::nullopt, 22});
    EXPECT_EQ(a.outcome, Outcome::accept);  // every way through accepts: the interfaces do not matter
    const auto b = engine::lnx::evaluate(*d.nftables, {prefix("10.30.0.0/16"), std::nullopt, 22});
    EXPECT_EQ(b.outcome, Outcome::unknown);  // accepted only when it comes in on eth1
    ASSERT_EQ(b.chains.size(), 1u);
    ASSERT_FALSE(b.chains[0].uncertain.empty());
    EXPECT_EQ(b.chains[0].uncertain.front()->line, 4u);
}

// Uncertain jumps into chains that return: every way is followed, in time linear in the rules.
TEST(LinuxAccess, ManyUncertainJumpsStayCheap) {
    std::string text = "-P INPUT DROP\n-N sub\n-A sub -s 10.1.0.0/16 -j ACCEPT\n";
    for (int i = 0; i < 200; ++i) text += "-A INPUT -i eth" + std::to_string(i) + " -j sub\n";
    const auto d = parse("iptables -S", text);
    const auto a = engine::lnx::evaluate(*d.iptables, {prefix("10.2.0.0/16"), std::nullopt, 22});
    EXPECT_EQ(a.outcome, Outcome::drop);  // whichever interface: sub returns, the policy drops
    const auto b = engine::lnx::evaluate(*d.iptables, {prefix("10.1.0.0/16"), std::nullopt, 22});
    EXPECT_EQ(b.outcome, Outcome::unknown);  // accepted only when it comes in on one of them
}

TEST(LinuxAccess, TcpWrappers) {
    const auto allow = parse("cat /etc/hosts.allow",
                             "sshd: 10.0.0.0/255.0.0.0 EXCEPT 10.9.0.0/255.255.0.0\n"
                             "sshd: 172.16. : DENY\n"
                             "sshd: .example.com\n");
    const auto deny = parse("cat /etc/hosts.deny", "ALL: ALL\n");
    auto ask = [&](const char* src) {
        return engine::lnx::wrappers(&*allow.hosts_allow, &*deny.hosts_deny, prefix(src), std::nullopt);
    };
    EXPECT_EQ(ask("10.1.0.0/16").outcome, Outcome::accept);
    const auto except = ask("10.9.0.0/16");
    EXPECT_EQ(except.outcome, Outcome::unknown);  // not by line 1; line 3 needs the client's host name
    ASSERT_EQ(except.uncertain.size(), 1u);
    EXPECT_EQ(except.uncertain.front()->line, 3u);
    const auto option = ask("172.16.0.0/16");
    EXPECT_EQ(option.outcome, Outcome::drop);  // `: DENY` in hosts.allow
    ASSERT_TRUE(option.deciding);
    EXPECT_TRUE(option.from_allow);
    EXPECT_EQ(option.deciding->line, 2u);
}

TEST(LinuxAccess, SshdUserLists) {
    const auto d = parse("sshd -T",
                         "port 22\n"
                         "denyusers *@192.0.2.0/24\n"
                         "allowusers net*@10.20.0.0/16,!10.20.9.0/24\n"
                         "allowgroups jump?sers\n");
    const auto id = parse("id", "uid=1001(netops) gid=1001(netops) groups=1001(netops),1002(jumpusers)\n");
    auto ask = [&](const char* src) { return engine::lnx::login_allowed(*d.sshd, *id.identity, prefix(src)); };
    EXPECT_EQ(ask("10.20.1.0/24").outcome, Outcome::accept);
    EXPECT_EQ(ask("10.20.9.0/24").outcome, Outcome::drop);  // the negated host: AllowUsers names it not
    EXPECT_EQ(ask("10.20.9.0/24").list, "AllowUsers");
    EXPECT_EQ(ask("192.0.2.0/24").list, "DenyUsers");
    auto other = *id.identity;
    other.groups = {"netops"};
    EXPECT_EQ(engine::lnx::login_allowed(*d.sshd, other, prefix("10.20.1.0/24")).list, "AllowGroups");
    EXPECT_TRUE(engine::lnx::glob("a*b?c", "axxbyc"));
    EXPECT_FALSE(engine::lnx::glob("a*b?c", "axxbc"));
}

// ---- checks and fixes on the device cases ------------------------------------------------------------

struct FixCase {
    const char* device;
    const char* check;
    const char* plan;  // the finding's fix, exactly
};

class LinuxFix : public ::testing::TestWithParam<FixCase> {};

// Each failing case: the fix is the expected command, verified, joins the device plan; on the model
// patched with the plan the check passes, nothing fails, and no fix is left (idempotent).
TEST_P(LinuxFix, VerifiedAppliedIdempotent) {
    const auto& c = GetParam();
    const auto ev = load(c.device);
    const auto policy = policy_of(c.device);
    auto fs = run_checks(ev, policy);
    const auto plan = plan_fixes(ev, policy, fs);
    const auto& f = finding(fs, c.check);
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_TRUE(f.fix) << c.check;
    EXPECT_TRUE(f.fix->verified) << f.fix->note;
    EXPECT_EQ(f.fix->plan, c.plan);
    EXPECT_FALSE(f.fix->rollback.empty());
    ASSERT_TRUE(plan.verified);
    EXPECT_NE(plan.fix.find(c.plan), std::string::npos) << plan.fix;
    for (const char* step :
         {"systemd-run --unit=vtyguard-guard", "sudo sshd -t", "systemctl stop vtyguard-guard.timer"})
        EXPECT_NE(plan.runbook.find(step), std::string::npos) << step << " not in\n" << plan.runbook;
    DeviceEvidence patched = ev;
    std::string error;
    ASSERT_TRUE(apply_config(patched.device, "linux", plan.fix, error)) << error;
    auto after = run_checks(patched, policy);
    EXPECT_EQ(finding(after, c.check).verdict, Verdict::pass) << finding(after, c.check).reason;
    for (const auto& a : after) EXPECT_NE(a.verdict, Verdict::fail) << a.check << ": " << a.reason;
    const auto again = plan_fixes(patched, policy, after);
    EXPECT_TRUE(again.fix.empty()) << again.fix;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LinuxFix,
    ::testing::Values(
        FixCase{"lnx-001-sshd-stopped", "LNX-001", "systemctl enable --now sshd.service\n"},
        FixCase{"lnx-002-port-2222", "LNX-002", "sed -i '1i Port 22' /etc/ssh/sshd_config\n"},
        FixCase{"lnx-002-loopback-only", "LNX-002", "sed -i '1i ListenAddress 192.0.2.40:22' /etc/ssh/sshd_config\n"},
        FixCase{"lnx-003-allowusers-source", "LNX-003",
                "sed -i '1i AllowUsers netops@10.20.0.0/16 netops@198.51.100.0/24' /etc/ssh/sshd_config\n"},
        FixCase{"lnx-003-allowusers-source", "LNX-006",
                "sed -i '1i AllowTcpForwarding yes' /etc/ssh/sshd_config\n"
                "sed -i '1i PermitOpen any' /etc/ssh/sshd_config\n"},
        FixCase{"lnx-003-allowgroups-rhel9", "LNX-003", "usermod -a -G sshusers netops\n"},
        FixCase{"lnx-003-allowgroups-rhel9", "LNX-006", "sed -i '1i AllowTcpForwarding local' /etc/ssh/sshd_config\n"},
        FixCase{"lnx-004-ufw-drops-second-network", "LNX-004",
                "iptables -I INPUT 1 -s 10.99.0.0/24 -p tcp -m tcp --dport 22 -m comment --comment \"vtyguard "
                "LNX-004\" -j ACCEPT\n"},
        FixCase{"lnx-004-nft-partial-prefix", "LNX-004",
                "nft 'insert rule inet filter input ip saddr 10.0.0.0/8 tcp dport 22 accept comment \"vtyguard "
                "LNX-004\"'\n"},
        FixCase{"lnx-005-deny-all-ssh", "LNX-005", "echo 'sshd: 198.51.100.0/255.255.255.0' >> /etc/hosts.allow\n"}),
    [](const ::testing::TestParamInfo<FixCase>& i) {
        std::string n = std::string(i.param.device) + "_" + i.param.check;
        for (auto& ch : n)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return n;
    });

TEST(LinuxChecks, PartlyDroppedPrefixNamesThePieces) {
    const auto ev = load("lnx-004-nft-partial-prefix");
    const auto fs = run_checks(ev, policy_of("lnx-004-nft-partial-prefix"));
    const auto& f = finding(fs, "LNX-004");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_NE(
        f.reason.find("10.0.0.0/12, 10.16.0.0/14, 10.21.0.0/16, 10.22.0.0/15, 10.24.0.0/13, 10.32.0.0/11, "
                      "10.64.0.0/10, 10.128.0.0/9 (of 10.0.0.0/8): dropped by nftables inet filter input line 17"),
        std::string::npos)
        << f.reason;
    EXPECT_EQ(f.reason.find("10.20.0.0/16 (of"), std::string::npos) << f.reason;  // that piece is accepted
    ASSERT_EQ(f.evidence.size(), 1u);
    EXPECT_EQ(f.evidence.front().command, "nft list ruleset");
    EXPECT_EQ(f.evidence.front().text, "\t\tcounter packets 37 bytes 2218 drop");
}

TEST(LinuxChecks, DenyListRefusalIsAdviceOnly) {
    const auto ev = load("lnx-003-denyusers-cidr");
    const auto policy = policy_of("lnx-003-denyusers-cidr");
    auto fs = run_checks(ev, policy);
    plan_fixes(ev, policy, fs);
    const auto& f = finding(fs, "LNX-003");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_NE(f.reason.find("DenyUsers `netops@10.20.0.0/16`"), std::string::npos) << f.reason;
    EXPECT_FALSE(f.fix);
    EXPECT_NE(f.message.find("DenyUsers"), std::string::npos);
}

TEST(LinuxChecks, RefusedSudoIsUnknownWithTheReason) {
    const auto fs = run_checks(load("jump-sudo-refused"), policy_of("jump-sudo-refused"));
    const auto& f = finding(fs, "LNX-006");
    EXPECT_EQ(f.verdict, Verdict::unknown);
    EXPECT_NE(f.reason.find("sudo: a password is required"), std::string::npos) << f.reason;
    ASSERT_FALSE(f.evidence.empty());
    EXPECT_EQ(f.evidence.front().line, 1u);
}

TEST(LinuxChecks, OnlyLinuxChecksRunOnLinux) {
    const auto fs = run_checks(load("jump-debian12-healthy"), policy_of("jump-debian12-healthy"));
    ASSERT_EQ(fs.size(), 6u);
    for (const auto& f : fs) EXPECT_EQ(f.check.rfind("LNX-", 0), 0u) << f.check;
}

namespace {

DeviceEvidence captured(std::vector<CaptureText> captures, std::string address = "192.0.2.10") {
    CaptureSet set;
    set.name = "jump";
    set.platform = "linux";
    set.address = std::move(address);
    set.captures = std::move(captures);
    DeviceEvidence ev;
    std::string error;
    EXPECT_TRUE(load_captures(std::move(set), ev, error)) << error;
    return ev;
}

}  // namespace

// `systemctl is-active ssh sshd` cannot tell which unit exists when both are inactive (systemd
// says `inactive` for a unit it does not know): the fix starts whichever exists.
TEST(LinuxChecks, StoppedServiceOfUnknownNameStartsEither) {
    const auto ev = captured({{"systemctl is-active ssh sshd", "inactive\ninactive\n", ""}});
    Policy policy;
    auto fs = run_checks(ev, policy);
    plan_fixes(ev, policy, fs);
    const auto& f = finding(fs, "LNX-001");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_EQ(f.reason, "the SSH service is not running: ssh inactive, sshd inactive");
    ASSERT_TRUE(f.fix);
    EXPECT_TRUE(f.fix->verified) << f.fix->note;
    EXPECT_EQ(f.fix->plan, "systemctl enable --now ssh.service || systemctl enable --now sshd.service\n");
}

// systemd 219 (RHEL 7) says `unknown` for a unit it does not have: that unit is not the service.
TEST(LinuxChecks, UnknownUnitIsNotTheService) {
    auto fs = run_checks(captured({{"systemctl is-active ssh sshd", "unknown\nfailed\n", ""}}), Policy{});
    EXPECT_EQ(finding(fs, "LNX-001").verdict, Verdict::fail) << finding(fs, "LNX-001").reason;
    fs = run_checks(captured({{"systemctl is-active ssh sshd", "unknown\nactive\n", ""}}), Policy{});
    EXPECT_EQ(finding(fs, "LNX-001").verdict, Verdict::pass) << finding(fs, "LNX-001").reason;
    fs = run_checks(captured({{"systemctl is-active ssh sshd", "unknown\nactivating\n", ""}}), Policy{});
    EXPECT_EQ(finding(fs, "LNX-001").verdict, Verdict::unknown) << finding(fs, "LNX-001").reason;
}

// iptables-nft shows iptables' rules in nft's `ip filter` table too: the fix goes through
// iptables only, and the model sees it in both listings.
TEST(LinuxChecks, IptablesNftMirrorIsFixedThroughIptables) {
    const char* ipt = "-P INPUT DROP\n-A INPUT -s 10.20.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT\n";
    const char* nft =
        "table ip filter {\n\tchain INPUT {\n\t\ttype filter hook input priority filter; policy drop;\n"
        "\t\tip saddr 10.20.0.0/16 tcp dport 22 counter packets 0 bytes 0 accept\n\t}\n}\n";
    const auto ev = captured({{"iptables -S", ipt, ""}, {"nft list ruleset", nft, ""}});
    Policy policy;
    policy.management_sources = {"10.20.0.0/16", "10.99.0.0/24"};
    auto fs = run_checks(ev, policy);
    const auto plan = plan_fixes(ev, policy, fs);
    const auto& f = finding(fs, "LNX-004");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_NE(f.reason.find("10.99.0.0/24: dropped by iptables INPUT policy drop (line 1); dropped by nftables ip "
                            "filter INPUT policy drop (line 2)"),
              std::string::npos)
        << f.reason;
    ASSERT_TRUE(f.fix);
    EXPECT_TRUE(f.fix->verified) << f.fix->note;
    EXPECT_EQ(f.fix->plan,
              "iptables -I INPUT 1 -s 10.99.0.0/24 -p tcp -m tcp --dport 22 -m comment --comment \"vtyguard LNX-004\" "
              "-j ACCEPT\n");
    DeviceEvidence patched = ev;
    std::string error;
    ASSERT_TRUE(apply_config(patched.device, "linux", plan.fix, error)) << error;
    ASSERT_EQ(patched.device.nftables->chains.front().rules.size(), 2u);
    EXPECT_EQ(patched.device.nftables->chains.front().rules.front().sources->values.front(), "10.99.0.0/24");
}

TEST(LinuxApply, UnknownCommandsFailVerification) {
    model::Device d = parse("sshd -T", "port 22\nlistenaddress 0.0.0.0:22\n");
    std::string error;
    EXPECT_FALSE(apply_config(d, "linux", "rm -rf /etc/ssh\n", error));
    EXPECT_NE(error.find("line 1 `rm -rf /etc/ssh`"), std::string::npos) << error;
    EXPECT_FALSE(apply_config(d, "linux", "sed -i '1i Banner /etc/issue' /etc/ssh/sshd_config\n", error));
    EXPECT_NE(error.find("`Banner`"), std::string::npos) << error;
    ASSERT_TRUE(apply_config(d, "linux", "sed -i '1i Port 2222' /etc/ssh/sshd_config\n", error)) << error;
    ASSERT_EQ(d.sshd->listen.size(), 2u);  // the new port joins the wildcard listener
    EXPECT_EQ(d.sshd->listen[1].port, 2222);
}
