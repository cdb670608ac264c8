// Section A checks on IOS: the SSH server, vty lines, login (plugin/engine/checks_ios_access.cpp).
// The device fixtures (tests/devices/cisco_ios/ssh-0NN-*) pin the verdicts; these tests pin what
// they cannot: the rendered fixes (exact lines, verified, idempotent once applied), unparsed
// lines that gate a verdict, and the IOS-XE release comparison of SSH-016.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/checks.hpp"
#include "plugin/engine/fix.hpp"

namespace fs = std::filesystem;
using namespace vtyguard;
using namespace vtyguard::checks;

namespace {

const std::set<std::string> kMine = {"SSH-001", "SSH-002", "SSH-003", "SSH-004", "SSH-005", "SSH-006",
                                     "SSH-012", "SSH-013", "SSH-014", "SSH-015", "SSH-016"};

fs::path case_dir(const std::string& name) {
    return fs::path(VTYGUARD_DEVICES_DIR) / "cisco_ios" / name;
}

// The device fixtures of this file's checks.
std::vector<std::string> my_cases() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(fs::path(VTYGUARD_DEVICES_DIR) / "cisco_ios")) {
        const auto n = e.path().filename().string();
        if (n.size() > 7 && kMine.count("SSH-" + n.substr(4, 3))) out.push_back(n);
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct Audited {
    DeviceEvidence ev;
    Policy policy;
    std::vector<Finding> findings;
    DevicePlan plan;
};

Audited audit_case(const std::string& name) {
    Audited a;
    std::string error;
    const auto dir = case_dir(name);
    EXPECT_TRUE(load_device(dir.string(), a.ev, error)) << error;
    if (fs::exists(dir / "policy.yaml"))
        EXPECT_TRUE(load_policy((dir / "policy.yaml").string(), a.policy, error)) << error;
    a.findings = run_checks(a.ev, a.policy);
    a.plan = plan_fixes(a.ev, a.policy, a.findings);
    return a;
}

// Evidence from captures held in memory: {command, text}.
DeviceEvidence evidence(const std::vector<std::pair<std::string, std::string>>& captures,
                        const std::string& name = "lab-dev") {
    DeviceEvidence ev;
    ev.name = name;
    ev.platform = "cisco_ios";
    std::string error;
    for (const auto& [command, text] : captures) EXPECT_TRUE(add_capture(ev, command, text, "", error)) << error;
    merge_captures(ev);
    return ev;
}

const Finding& get(const std::vector<Finding>& findings, const std::string& id) {
    static const Finding none;
    for (const auto& f : findings)
        if (f.check == id) return f;
    ADD_FAILURE() << id << " did not run";
    return none;
}

const char* kKey1024 =
    "% Key pair was generated at: 07:12:44 UTC Jun 2 2019\n"
    "Key name: core-sw-1.corp.example.net\n"
    "Key type: RSA KEYS\n"
    " Storage Device: private-config\n"
    " Usage: General Purpose Key\n"
    " Key is not exportable.\n"
    " Key Data:\n"
    "  30819F30 0D06092A 864886F7 0D010101 05000381 8D003081 89028181 009F8DE3\n"
    "  B621BA80 C7CF2134 5FEE7A75 0F904D90 8893B9B4 954F3F1C E65E3DAA F45CE27B\n"
    "  31D3AA4B AFE0E15A 3D302576 AE61AFC9 117CC15A CFB98E89 61A6C88F F5D85C95\n"
    "  DB83B2FC 9D29D97D 2858BA7F 4D11DE35 DB5C4014 D393EBA5 5F997BC6 97F5669C\n"
    "  A8F224FD 3E89DB69 7B97FE6E C894029F 3F8ACA68 99A1F6FC DB8E63C5 3B020301\n"
    "  0001\n";

std::string config(const std::string& version, const std::string& extra = "") {
    return "version " + version +
           "\nhostname core-sw-1\nip domain name corp.example.net\n"
           "username netops privilege 15 secret 5 $1$Xk2p$8cQm3Yl0s1uWv2yZ9aB7c.\n" +
           extra + "line vty 0 15\n login local\n transport input ssh\n";
}

}  // namespace

// Every fix of this file's checks on the fixtures is verified by the planner; applying the
// device plan to the model leaves the check passing and asking for no fix (idempotent).
TEST(IosAccessFixes, VerifiedAndIdempotentOnEveryFixture) {
    const auto cases = my_cases();
    ASSERT_GT(cases.size(), 20u);
    int fixes = 0;
    for (const auto& name : cases) {
        SCOPED_TRACE(name);
        auto a = audit_case(name);
        std::vector<std::string> in_plan;
        for (const auto& f : a.findings) {
            if (!kMine.count(f.check) || f.verdict != Verdict::fail || !f.fix_request) continue;
            ASSERT_TRUE(f.fix.has_value()) << f.check;
            EXPECT_TRUE(f.fix->verified) << f.check << ": " << f.fix->note;
            EXPECT_FALSE(f.fix->plan.empty()) << f.check;
            EXPECT_EQ(f.fix->plan.find("{{"), std::string::npos) << f.check;
            ++fixes;
            if (f.fix->verified && f.fix->note.find("left out") == std::string::npos) in_plan.push_back(f.check);
        }
        if (in_plan.empty()) continue;
        DeviceEvidence patched = a.ev;
        std::string error;
        ASSERT_TRUE(apply_config(patched.device, "cisco_ios", a.plan.fix, error)) << error << "\n" << a.plan.fix;
        const auto again = run_checks(patched, a.policy);
        for (const auto& id : in_plan) {
            const auto& f = get(again, id);
            EXPECT_NE(f.verdict, Verdict::fail) << id << ": " << f.reason << "\nplan:\n" << a.plan.fix;
            EXPECT_FALSE(f.fix_request.has_value()) << id;
        }
    }
    EXPECT_GE(fixes, 20);
}

TEST(IosAccessFixes, VtyFixesKeepEveryRangeAndTelnetUntilSshIsConfirmed) {
    auto a = audit_case("ssh-005-telnet-only");
    const auto& f = get(a.findings, "SSH-005");
    ASSERT_TRUE(f.fix.has_value());
    EXPECT_EQ(f.fix->plan, "line vty 0 4\n transport input ssh telnet\nline vty 5 15\n transport input ssh\n");
    EXPECT_EQ(f.fix->rollback, "line vty 0 4\n transport input telnet\nline vty 5 15\n transport input none\n");
}

TEST(IosAccessFixes, DifferingRangeGetsTheRestrictedRangesSettings) {
    auto a = audit_case("ssh-006-5-15-unrestricted");
    const auto& f = get(a.findings, "SSH-006");
    ASSERT_TRUE(f.fix.has_value());
    EXPECT_EQ(f.fix->plan, "line vty 5 15\n transport input ssh\n access-class MGMT in\n");
    EXPECT_EQ(f.fix->rollback, "line vty 5 15\n transport input ssh telnet\n no access-class MGMT in\n");
    EXPECT_NE(f.reason.find("vty 5-15 no access-class"), std::string::npos) << f.reason;
}

TEST(IosAccessFixes, TooFewLinesAddsLinesWithTheReferenceSettings) {
    auto a = audit_case("ssh-012-too-few-lines");
    const auto& f = get(a.findings, "SSH-012");
    ASSERT_TRUE(f.fix.has_value());
    EXPECT_EQ(f.fix->plan,
              "line vty 3 4\n transport input ssh\n"
              "line vty 5 7\n transport input ssh\n access-class MGMT in\n login local\n");
    EXPECT_EQ(f.fix->rollback, "line vty 3 4\n transport input none\nno line vty 5 7\n");
    EXPECT_NE(f.reason.find("2 in use"), std::string::npos) << f.reason;
}

TEST(IosAccessFixes, RotaryGroupGoesOnTheHighestSshRange) {
    auto a = audit_case("ssh-004-rotary-unserved");
    const auto& f = get(a.findings, "SSH-004");
    ASSERT_TRUE(f.fix.has_value());
    EXPECT_EQ(f.fix->plan, "line vty 5 15\n rotary 1\n");
    EXPECT_EQ(f.fix->rollback, "line vty 5 15\n no rotary\n");
}

TEST(IosAccessFixes, DomainSyntaxFollowsTheRelease) {
    auto old = audit_case("ssh-003-no-domain-12x");
    ASSERT_TRUE(get(old.findings, "SSH-003").fix.has_value());
    EXPECT_EQ(get(old.findings, "SSH-003").fix->plan, "ip domain-name branch.example.net\n");
    auto current = audit_case("ssh-002-default-hostname");
    ASSERT_TRUE(get(current.findings, "SSH-003").fix.has_value());
    EXPECT_EQ(get(current.findings, "SSH-003").fix->plan, "ip domain name corp.example.net\n");
    EXPECT_EQ(get(current.findings, "SSH-002").fix->plan, "hostname ssh-002-default-hostname\n");
    // no policy domain: no fix, and the reason says why
    auto none = audit_case("ssh-003-no-domain-no-policy");
    EXPECT_FALSE(get(none.findings, "SSH-003").fix_request.has_value());
    EXPECT_NE(get(none.findings, "SSH-003").reason.find("policy names no `domain`"), std::string::npos);
}

TEST(IosAccessFixes, KeyFixesUseALabelAndTheConfiguredKeypairName) {
    auto a = audit_case("ssh-001-disabled-no-key");
    const auto& f = get(a.findings, "SSH-001");
    ASSERT_TRUE(f.fix.has_value());
    EXPECT_EQ(f.fix->plan,
              "crypto key generate rsa general-keys label acc-sw-3-ssh modulus 2048\n"
              "ip ssh rsa keypair-name acc-sw-3-ssh\nip ssh version 2\n");
    EXPECT_EQ(f.fix->rollback, "no ip ssh rsa keypair-name\n");
    // `ip ssh rsa keypair-name MGMT-SSH` names a key that does not exist: that is the label
    auto b = audit_case("ssh-001-keypair-names-missing-key");
    ASSERT_TRUE(get(b.findings, "SSH-001").fix.has_value());
    EXPECT_EQ(get(b.findings, "SSH-001").fix->plan.substr(0, 62),
              "crypto key generate rsa general-keys label MGMT-SSH modulus 20");
}

TEST(IosAccessFixes, LoginFixesAddAUserWithASecretPlaceholder) {
    auto a = audit_case("ssh-013-login-local-without-users");
    const auto& f = get(a.findings, "SSH-013");
    ASSERT_TRUE(f.fix.has_value());
    EXPECT_EQ(f.fix->plan, "username admin privilege 15 secret {SECRET}\n");
    EXPECT_EQ(f.fix->secrets.size(), 1u);
    auto b = audit_case("ssh-013-line-password");
    EXPECT_EQ(get(b.findings, "SSH-013").fix->plan, "line vty 0 4\n login local\nline vty 5 15\n login local\n");
    auto c = audit_case("ssh-014-list-ends-in-none");
    const auto& g = get(c.findings, "SSH-014");
    EXPECT_EQ(g.severity, Severity::critical);
    EXPECT_EQ(g.fix->plan, "aaa authentication login default group tacacs+ local\n");
    EXPECT_EQ(g.fix->rollback, "aaa authentication login default group tacacs+ none\n");
    auto d = audit_case("ssh-014-no-local-fallback");
    EXPECT_EQ(get(d.findings, "SSH-014").severity, Severity::high);
    auto u = audit_case("ssh-014-undefined-list");
    EXPECT_EQ(get(u.findings, "SSH-014").fix->plan, "aaa authentication login VTY group tacacs+ local\n");
    EXPECT_EQ(get(u.findings, "SSH-014").fix->rollback, "no aaa authentication login VTY\n");
}

// A line inside a vty block that the parser did not understand could be the transport line:
// the verdicts that read the lines say unknown, with what they would have said.
TEST(IosAccessGates, UnparsedVtyLineMakesLineVerdictsUnknown) {
    const auto ev = evidence({{"show running-config",
                               "hostname r1\nusername a privilege 15 secret 5 $1$x$y\n"
                               "line vty 0 4\n login local\n transport input ssh\n transprot input telnet\n"}});
    ASSERT_EQ(ev.captures[0].diagnostics.size(), 1u);
    const auto findings = run_checks(ev, Policy{});
    for (const char* id : {"SSH-005", "SSH-006", "SSH-013"}) {
        const auto& f = get(findings, id);
        EXPECT_EQ(f.verdict, Verdict::unknown) << id << ": " << f.reason;
        EXPECT_NE(f.reason.find("transprot input telnet"), std::string::npos) << f.reason;
        EXPECT_NE(f.reason.find("it would be pass"), std::string::npos) << f.reason;
    }
}

TEST(IosAccessGates, UnparsedUsernameMakesLoginVerdictUnknown) {
    const auto ev =
        evidence({{"show running-config",
                   "hostname r1\nusername ops privilege\nline vty 0 4\n login local\n transport input ssh\n"}});
    const auto findings = run_checks(ev, Policy{});
    EXPECT_EQ(get(findings, "SSH-013").verdict, Verdict::unknown) << get(findings, "SSH-013").reason;
    EXPECT_FALSE(get(findings, "SSH-013").fix_request.has_value());
}

// SSH-016: IOS-XE 17.11.1 and later refuse an RSA key under 2048 bits; earlier trains and classic
// IOS never do.
TEST(IosAccessRelease, KeySizeEnforcementStartsAt17_11_1) {
    struct Row {
        std::string command, text;
        Verdict want;
    };
    const std::vector<Row> rows = {
        {"show running-config", config("17.11"), Verdict::fail},
        {"show running-config", config("17.12"), Verdict::fail},
        {"show running-config", config("18.1"), Verdict::fail},
        {"show running-config", config("17.10"), Verdict::not_applicable},
        {"show running-config", config("17.9"), Verdict::not_applicable},
        {"show running-config", config("16.12"), Verdict::not_applicable},
        {"show running-config", config("15.2"), Verdict::not_applicable},
        {"show version", "Cisco IOS XE Software, Version 17.11.01a\n", Verdict::fail},
        {"show version", "Cisco IOS XE Software, Version 17.11.1\n", Verdict::fail},
        {"show version", "Cisco IOS XE Software, Version 17.10.01a\n", Verdict::not_applicable},
        {"show version", "Cisco IOS XE Software, Version 17.09.04a\n", Verdict::not_applicable},
        {"show version", "Cisco IOS XE Software, Version 03.16.05.S\n", Verdict::not_applicable},
        {"show version",
         "Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version 15.2(4)E10, RELEASE SOFTWARE (fc2)\n",
         Verdict::not_applicable},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.text.substr(0, 60));
        std::vector<std::pair<std::string, std::string>> caps = {{"show crypto key mypubkey rsa", kKey1024}};
        if (r.command == "show version") caps.push_back({"show running-config", config("17.6")});
        caps.push_back({r.command, r.text});
        const auto ev = evidence(caps);
        const auto findings = run_checks(ev, Policy{});
        const auto& f = get(findings, "SSH-016");
        EXPECT_EQ(to_string(f.verdict), to_string(r.want)) << f.reason;
        // SSH-001 leaves the cause to SSH-016 where it applies
        if (r.want == Verdict::fail) {
            EXPECT_EQ(get(findings, "SSH-001").verdict, Verdict::not_applicable);
            ASSERT_TRUE(f.fix_request.has_value());
            EXPECT_EQ(f.fix_request->data["label"], "core-sw-1-ssh");
        }
    }
}

TEST(IosAccessRelease, NewKeyLabelNeverReplacesAnExistingKey) {
    std::string keys = kKey1024;
    std::string taken = kKey1024;
    taken.replace(taken.find("core-sw-1.corp.example.net"), 26, "core-sw-1-ssh");
    const auto ev =
        evidence({{"show crypto key mypubkey rsa", keys + taken}, {"show running-config", config("17.12")}});
    const auto findings = run_checks(ev, Policy{});
    const auto& f = get(findings, "SSH-016");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_TRUE(f.fix_request.has_value());
    EXPECT_EQ(f.fix_request->data["label"], "core-sw-1-ssh-2");
}

// Without `show version` the release is unknown, and so is SSH-016; without a key list, SSH-001
// cannot tell either.
TEST(IosAccessRelease, MissingEvidenceIsUnknownNeverPassOrFail) {
    const auto ev = evidence({{"show crypto key mypubkey rsa", kKey1024}});
    const auto findings = run_checks(ev, Policy{});
    EXPECT_EQ(get(findings, "SSH-016").verdict, Verdict::unknown);
    EXPECT_EQ(get(findings, "SSH-005").verdict, Verdict::unknown);
    EXPECT_EQ(get(findings, "SSH-013").verdict, Verdict::unknown);
    EXPECT_EQ(get(findings, "SSH-015").verdict, Verdict::unknown);
}
