// Fix rendering, verification and the device plan (plugin/engine/fix.hpp).
#include <gtest/gtest.h>

#include <algorithm>

#include "parsers/parse.hpp"
#include "plugin/engine/checks.hpp"
#include "plugin/engine/evidence.hpp"
#include "plugin/engine/fix.hpp"
#include "plugin/engine/fix_internal.hpp"
#include "templates/embedded.hpp"

using namespace vtyguard;
using namespace vtyguard::checks;

TEST(RenderTemplate, InsertsValuesVerbatim) {
    std::string out, error;
    ASSERT_TRUE(detail::render_text("a {{x}} b {{{x}}} c {{&x}}\n", {{"x", "<&\"'>"}}, false, out, error)) << error;
    EXPECT_EQ(out, "a <&\"'> b <&\"'> c <&\"'>\n");
}

TEST(RenderTemplate, JsonTypes) {
    const nlohmann::json data = {{"n", 15},
                                 {"u", 4294967295u},
                                 {"f", 1.5},
                                 {"yes", true},
                                 {"no", false},
                                 {"none", nullptr},
                                 {"list", {"a", "b"}},
                                 {"objs", {{{"seq", 15}, {"net", "10.0.0.0"}}, {{"seq", 16}, {"net", "10.1.0.0"}}}},
                                 {"obj", {{"k", "v"}}}};
    std::string out, error;
    ASSERT_TRUE(
        detail::render_text("{{n}} {{u}} {{f}}|{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}"
                            "{{#none}}X{{/none}}|{{#list}}{{.}},{{/list}}|{{#objs}}{{seq}}={{net}};{{/objs}}"
                            "|{{obj.k}}\n",
                            data, false, out, error))
        << error;
    EXPECT_EQ(out, "15 4294967295 1.5|Y!N|a,b,|15=10.0.0.0;16=10.1.0.0;|v\n");
}

TEST(RenderTemplate, ConfigOutputDropsBlankLines) {
    const char* tmpl =
        "line vty 0 {{last}}\n"
        "{{#vrf}}\n"
        " access-class {{acl}} in vrf-also\n"
        "{{/vrf}}\n"
        "{{^vrf}}\n"
        " access-class {{acl}} in\n"
        "{{/vrf}}\n"
        "\n"
        " {{maybe}}\n"
        "{{#vrf}} x{{/vrf}}\n"
        " transport input ssh   \n";
    std::string out, error;
    ASSERT_TRUE(detail::render_text(tmpl, {{"last", 15}, {"acl", "VTY"}, {"vrf", false}}, true, out, error)) << error;
    EXPECT_EQ(out, "line vty 0 15\n access-class VTY in\n transport input ssh\n");
    // the runbook is prose: its blank lines stay
    ASSERT_TRUE(detail::render_text("a\n\nb\n", nlohmann::json::object(), false, out, error));
    EXPECT_EQ(out, "a\n\nb\n");
}

TEST(RenderTemplate, StandaloneSectionLinesLeaveNoBlankLine) {
    const char* tmpl = "G:\n{{#x}}\n  A\n{{/x}}\n  {{^x}}  \n  B\n{{/x}}\nd\n\ne\n";
    std::string out, error;
    ASSERT_TRUE(detail::render_text(tmpl, {{"x", false}}, false, out, error)) << error;
    EXPECT_EQ(out, "G:\n  B\nd\n\ne\n");
    ASSERT_TRUE(detail::render_text(tmpl, {{"x", true}}, false, out, error)) << error;
    EXPECT_EQ(out, "G:\n  A\nd\n\ne\n");
}

TEST(RenderTemplate, BadTemplateAndMissingTemplateFail) {
    std::string out, error;
    EXPECT_FALSE(detail::render_text("{{#open}} never closed\n", nlohmann::json::object(), true, out, error));
    EXPECT_FALSE(error.empty());
    error.clear();
    EXPECT_FALSE(render_template("cisco_ios", "NO-SUCH-CHECK", "fix", nlohmann::json::object(), out, error));
    EXPECT_NE(error.find("templates/cisco_ios/NO-SUCH-CHECK.fix.mustache"), std::string::npos) << error;
}

TEST(RenderTemplate, SecretLines) {
    const auto s = detail::secret_lines(
        "username admin privilege 15 secret {SECRET}\n aaa new-model\nusername admin privilege 15 secret {SECRET}\n");
    EXPECT_EQ(s, (std::vector<std::string>{"username admin privilege 15 secret {SECRET}"}));
}

TEST(RenderTemplate, EveryEmbeddedTemplateCompiles) {
    ASSERT_FALSE(templates::all().empty());
    for (const auto& t : templates::all()) {
        std::string out, error;
        EXPECT_TRUE(detail::render_text(t.text, nlohmann::json::object(), true, out, error)) << t.path << ": " << error;
    }
    EXPECT_TRUE(templates::find("cisco_ios/runbook.mustache"));
    EXPECT_TRUE(templates::find("cisco_asa/runbook.mustache"));
}

TEST(FixPhase, LockOutSafeOrder) {
    using detail::fix_phase;
    EXPECT_LT(fix_phase("SSH-001"), fix_phase("SSH-013"));  // keys, then usernames
    EXPECT_LT(fix_phase("SSH-013"), fix_phase("SSH-109"));  // usernames before `aaa new-model`
    EXPECT_LT(fix_phase("SSH-007"), fix_phase("SSH-104"));  // permits before `access-class`
    EXPECT_LT(fix_phase("ASA-001"), fix_phase("ASA-101"));  // narrow `ssh` before the broad one goes
    EXPECT_LT(fix_phase("ASA-101"), fix_phase("ASA-105"));  // telnet last
    // Linux jump hosts: users and firewall permits before sshd's listeners change or it starts.
    EXPECT_LT(fix_phase("LNX-003"), fix_phase("LNX-002"));
    EXPECT_LT(fix_phase("LNX-004"), fix_phase("LNX-002"));
    EXPECT_LT(fix_phase("LNX-005"), fix_phase("LNX-001"));
    EXPECT_EQ(fix_phase("SSH-103"), detail::kTelnetPhase);
    EXPECT_EQ(fix_phase("ASA-105"), detail::kTelnetPhase);
}

namespace {

DeviceEvidence evidence(std::string_view platform,
                        std::initializer_list<std::pair<const char*, const char*>> captures) {
    DeviceEvidence ev;
    ev.name = "dev1";
    ev.platform = std::string(platform);
    for (const auto& [cmd, text] : captures) {
        std::string error;
        EXPECT_TRUE(add_capture(ev, cmd, text, std::string(cmd) + ".txt", error)) << error;
        for (const auto& d : ev.captures.back().diagnostics)
            ADD_FAILURE() << cmd << ":" << d.line << ": " << d.text << ": " << d.message;
    }
    merge_captures(ev);
    return ev;
}

const Finding& finding(const std::vector<Finding>& fs, std::string_view id) {
    static const Finding none;
    for (const auto& f : fs)
        if (f.check == id) return f;
    ADD_FAILURE() << id << " did not run";
    return none;
}

// Our own `show running-config` parser reads every statement of a fix without a diagnostic.
// `no` lines are left out: a running-config never prints them, and the parsers report them.
void expect_reparses(std::string_view platform, const std::string& config, const std::string& what) {
    std::string kept;
    std::string_view rest = config;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const auto line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        const auto t = line.substr(std::min(line.size(), line.find_first_not_of(' ')));
        if (t.rfind("no ", 0) == 0) continue;
        kept.append(line).push_back('\n');
    }
    vtyguard::parsers::ParseResult r;
    vtyguard::parsers::Resolved resolved;
    std::string error;
    ASSERT_TRUE(vtyguard::parsers::parse(platform, "show running-config", kept, r, resolved, error)) << error;
    for (const auto& d : r.diagnostics) ADD_FAILURE() << what << ": `" << d.text << "`: " << d.message;
}

DeviceEvidence patched(const DeviceEvidence& ev, const std::string& config) {
    DeviceEvidence p = ev;
    std::string error;
    EXPECT_TRUE(apply_config(p.device, ev.platform, config, error)) << error;
    return p;
}

std::size_t at(const std::string& text, std::string_view needle) {
    const auto p = text.find(needle);
    EXPECT_NE(p, std::string::npos) << "`" << needle << "` not in:\n" << text;
    return p;
}

std::string last_line(const std::string& text) {
    auto t = std::string_view(text);
    if (!t.empty() && t.back() == '\n') t.remove_suffix(1);
    return std::string(t.substr(t.rfind('\n') + 1));
}

constexpr const char* kAsaConfig =
    "hostname fw1\n"
    "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.2 255.255.255.0\n"
    "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 10.0.0.1 255.0.0.0\n"
    "username admin password xyz encrypted privilege 15\n"
    "aaa authentication ssh console LOCAL\n"
    "ssh 0.0.0.0 0.0.0.0 outside\n"
    "ssh 0.0.0.0 0.0.0.0 inside\n"
    "ssh version 1\n"
    "ssh timeout 30\n"
    "telnet 10.0.0.0 255.0.0.0 inside\n";

constexpr const char* kAsaKey1024 =
    "Key pair was generated at: 16:27:09 UTC Apr 17 2023\n"
    "Key name: <Default-RSA-Key>\n Usage: General Purpose Key\n Modulus Size (bits): 1024\n Storage: config\n";

Policy mgmt_policy() {
    Policy p;
    p.management_sources = {"10.20.0.0/16"};
    return p;
}

}  // namespace

// ---- ASA: the real checks and templates ---------------------------------------------------------

TEST(PlanFixes, AsaPlanIsVerifiedOrderedAndIdempotent) {
    const auto ev =
        evidence("cisco_asa", {{"show running-config", kAsaConfig}, {"show crypto key mypubkey rsa", kAsaKey1024}});
    const auto policy = mgmt_policy();
    auto fs = run_checks(ev, policy);
    const auto plan = plan_fixes(ev, policy, fs);
    for (const char* id : {"ASA-101", "ASA-102", "ASA-103", "ASA-104", "ASA-105", "ASA-106"}) {
        const auto& f = finding(fs, id);
        ASSERT_EQ(f.verdict, Verdict::fail) << id << ": " << f.reason;
        ASSERT_TRUE(f.fix) << id;
        EXPECT_TRUE(f.fix->verified) << id << ": " << f.fix->note;
        EXPECT_FALSE(f.fix->plan.empty()) << id;
        EXPECT_FALSE(f.fix->runbook.empty()) << id;
        EXPECT_NE(plan.fix.find(f.fix->plan.substr(0, f.fix->plan.find('\n'))), std::string::npos) << id;
        expect_reparses("cisco_asa", f.fix->plan, id);
    }
    ASSERT_TRUE(plan.verified);
    EXPECT_TRUE(plan.withheld.empty());
    EXPECT_TRUE(plan.secrets.empty());
    // the narrow entry before the broad ones go; the key before telnet; telnet last
    EXPECT_LT(at(plan.fix, "ssh 10.20.0.0 255.255.0.0 inside"), at(plan.fix, "no ssh 0.0.0.0 0.0.0.0 inside"));
    EXPECT_LT(at(plan.fix, "crypto key generate rsa modulus 2048 noconfirm"), at(plan.fix, "no telnet"));
    EXPECT_EQ(last_line(plan.fix), "no telnet 10.0.0.0 255.0.0.0 inside");
    // the rollback undoes in reverse: telnet comes back first
    EXPECT_EQ(plan.rollback.substr(0, plan.rollback.find('\n')), "telnet 10.0.0.0 255.0.0.0 inside");
    for (const char* step : {"reload in 10", "**no**", "configure terminal", "reload cancel", "write memory",
                             "show crypto key mypubkey rsa", "dev1.fix.txt", "10.20.0.0/16"})
        EXPECT_NE(plan.runbook.find(step), std::string::npos) << step << " not in\n" << plan.runbook;
    expect_reparses("cisco_asa", plan.fix, "device plan");
    // the rollback brings every verdict back, but the key: a new key pair is not undone
    const auto undone = run_checks(patched(ev, plan.fix + plan.rollback), policy);
    for (const auto& f : undone)
        if (f.check != "ASA-103") EXPECT_EQ(f.verdict, finding(fs, f.check).verdict) << f.check << ": " << f.reason;
    // idempotent: on the patched model nothing is left to fix
    const auto after = patched(ev, plan.fix);
    auto fs2 = run_checks(after, policy);
    for (const auto& f : fs2) EXPECT_NE(f.verdict, Verdict::fail) << f.check << " still fails: " << f.reason;
    const auto plan2 = plan_fixes(after, policy, fs2);
    EXPECT_TRUE(plan2.fix.empty()) << plan2.fix;
    EXPECT_FALSE(plan2.verified);
}

TEST(PlanFixes, SecretsAreListed) {
    const auto ev = evidence("cisco_asa", {{"show running-config",
                                            "hostname fw1\n"
                                            "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n"
                                            " ip address 10.0.0.1 255.0.0.0\n"
                                            "aaa authentication ssh console LOCAL\n"
                                            "ssh 10.20.0.0 255.255.0.0 inside\n"
                                            "ssh version 2\n"}});
    const auto policy = mgmt_policy();
    auto fs = run_checks(ev, policy);
    const auto plan = plan_fixes(ev, policy, fs);
    const auto& f = finding(fs, "ASA-004");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_TRUE(f.fix);
    EXPECT_TRUE(f.fix->verified) << f.fix->note;
    EXPECT_EQ(f.fix->secrets, (std::vector<std::string>{"username admin password {SECRET} privilege 15"}));
    EXPECT_EQ(plan.secrets, f.fix->secrets);
    EXPECT_NE(plan.runbook.find("username admin password {SECRET} privilege 15"), std::string::npos) << plan.runbook;
}

namespace {

// ASA-101's template with the given entries: the planner verifies whatever a check asks for.
Finding asa101_request(nlohmann::json narrow, nlohmann::json broad) {
    Finding f = make_finding("ASA-101", Verdict::fail, "test request");
    f.fix_request = FixRequest{"ASA-101", {{"narrow", std::move(narrow)}, {"broad", std::move(broad)}}};
    return f;
}

constexpr const char* kAsaTwoNets =
    "hostname fw1\n"
    "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 10.0.0.1 255.0.0.0\n"
    "interface Management0/0\n nameif mgmt\n security-level 100\n ip address 192.0.2.1 255.255.255.0\n"
    "username admin password xyz encrypted privilege 15\n"
    "aaa authentication ssh console LOCAL\n"
    "ssh 10.20.0.0 255.255.0.0 inside\n"
    "ssh 192.0.2.0 255.255.255.0 mgmt\n"
    "ssh version 2\n";

}  // namespace

TEST(PlanFixes, LockOutIsWithheld) {
    const auto ev = evidence("cisco_asa", {{"show running-config", kAsaTwoNets}});
    const auto policy = mgmt_policy();
    std::vector<Finding> fs = {
        asa101_request(nlohmann::json::array(), {{{"source", "10.20.0.0 255.255.0.0"}, {"nameif", "inside"}}})};
    const auto plan = plan_fixes(ev, policy, fs);
    ASSERT_TRUE(fs[0].fix);
    EXPECT_TRUE(fs[0].fix->would_lock_out) << fs[0].fix->note;
    EXPECT_FALSE(fs[0].fix->verified);
    EXPECT_TRUE(fs[0].fix->plan.empty());
    EXPECT_NE(fs[0].fix->note.find("ASA-001"), std::string::npos) << fs[0].fix->note;
    ASSERT_EQ(plan.withheld.size(), 1u);
    EXPECT_EQ(plan.withheld[0].rfind("ASA-101: ", 0), 0u) << plan.withheld[0];
    EXPECT_TRUE(plan.fix.empty());
    EXPECT_FALSE(plan.verified);
}

TEST(PlanFixes, TheAuditingSessionsOwnSourceIsGuarded) {
    auto ev = evidence("cisco_asa", {{"show running-config", kAsaTwoNets}});
    const auto policy = mgmt_policy();  // 192.0.2.0/24 is not a management source
    const nlohmann::json remove_mgmt = {{{"source", "192.0.2.0 255.255.255.0"}, {"nameif", "mgmt"}}};
    {
        std::vector<Finding> fs = {asa101_request(nlohmann::json::array(), remove_mgmt)};
        const auto plan = plan_fixes(ev, policy, fs);
        ASSERT_TRUE(fs[0].fix);
        EXPECT_FALSE(fs[0].fix->would_lock_out) << "nobody in the policy uses that entry";
        EXPECT_TRUE(fs[0].fix->verified) << fs[0].fix->note;
        EXPECT_EQ(plan.fix, "no ssh 192.0.2.0 255.255.255.0 mgmt\n");
    }
    model::Session me;
    me.line = "ssh 0";
    me.location = "192.0.2.50";
    me.host = "idle";
    me.current = true;
    ev.device.sessions.push_back(me);
    std::vector<Finding> fs = {asa101_request(nlohmann::json::array(), remove_mgmt)};
    const auto plan = plan_fixes(ev, policy, fs);
    ASSERT_TRUE(fs[0].fix);
    EXPECT_TRUE(fs[0].fix->would_lock_out) << fs[0].fix->note;
    EXPECT_NE(fs[0].fix->note.find("192.0.2.50/32"), std::string::npos) << fs[0].fix->note;
    EXPECT_TRUE(plan.fix.empty());
}

TEST(PlanFixes, ALineTheModelCannotApplyIsNotVerified) {
    const auto ev = evidence("cisco_asa", {{"show running-config", kAsaTwoNets}});
    std::vector<Finding> fs = {asa101_request({{{"source", "bogus"}, {"nameif", "inside"}}}, nlohmann::json::array())};
    const auto plan = plan_fixes(ev, mgmt_policy(), fs);
    ASSERT_TRUE(fs[0].fix);
    EXPECT_FALSE(fs[0].fix->verified);
    EXPECT_TRUE(fs[0].fix->plan.empty());
    EXPECT_NE(fs[0].fix->note.find("ssh bogus inside"), std::string::npos) << fs[0].fix->note;
    EXPECT_TRUE(plan.fix.empty());
}

TEST(PlanFixes, AFixWhoseCheckStillFailsIsNotVerified) {
    const auto ev = evidence("cisco_asa", {{"show running-config", kAsaConfig}});
    Finding f = make_finding("ASA-102", Verdict::fail, "test request");
    f.fix_request = FixRequest{"ASA-104", {{"old_timeout", "30"}}};  // `ssh timeout 5`: not the version
    std::vector<Finding> fs = {f};
    const auto plan = plan_fixes(ev, mgmt_policy(), fs);
    ASSERT_TRUE(fs[0].fix);
    EXPECT_FALSE(fs[0].fix->verified);
    EXPECT_NE(fs[0].fix->note.find("ASA-102 still does not pass"), std::string::npos) << fs[0].fix->note;
    EXPECT_TRUE(plan.fix.empty());
}

TEST(PlanFixes, MissingTemplateIsANote) {
    const auto ev = evidence("cisco_asa", {{"show running-config", kAsaConfig}});
    Finding f = make_finding("ASA-102", Verdict::fail, "test request");
    f.fix_request = FixRequest{"NO-SUCH-TEMPLATE", nlohmann::json::object()};
    std::vector<Finding> fs = {f};
    const auto plan = plan_fixes(ev, mgmt_policy(), fs);
    ASSERT_TRUE(fs[0].fix);
    EXPECT_FALSE(fs[0].fix->verified);
    EXPECT_NE(fs[0].fix->note.find("no template"), std::string::npos) << fs[0].fix->note;
    EXPECT_TRUE(plan.fix.empty());
}

TEST(PlanFixes, NothingFailingGivesAnEmptyPlan) {
    const auto ev = evidence("cisco_asa", {{"show running-config", kAsaTwoNets}});
    std::vector<Finding> fs;
    const auto plan = plan_fixes(ev, mgmt_policy(), fs);
    EXPECT_TRUE(plan.fix.empty());
    EXPECT_TRUE(plan.runbook.empty());
    EXPECT_FALSE(plan.verified);
}

// ---- IOS: the real checks and templates ---------------------------------------------------------

namespace {

constexpr const char* kIosConfig =
    "version 15.2\n"
    "hostname edge-r1\n"
    "ip domain name example.net\n"
    "username admin privilege 15 secret 9 $9$abc\n"
    "aaa new-model\n"
    "aaa authentication login default group tacacs+\n"
    "interface GigabitEthernet0/0\n ip address 10.0.0.1 255.0.0.0\n"
    "ip access-list standard VTY\n 10 permit 10.1.0.0 0.0.255.255\n 20 deny any log\n"
    "line vty 0 4\n access-class VTY in\n transport input telnet\n"
    "line vty 5 15\n transport input telnet\n";

constexpr const char* kIosSshDisabled =
    "SSH Disabled - version 1.99\n"
    "%Please create RSA keys to enable SSH (and of atleast 768 bits for SSH v2).\n"
    "Authentication timeout: 120 secs; Authentication retries: 3\n";

constexpr const char* kIosUsers =
    "    Line       User       Host(s)              Idle       Location\n"
    "*  2 vty 0     netops     idle                 00:00:00 10.20.30.41\n";

}  // namespace

// SSH disabled, vty lines telnet only, an ACL that admits neither the management sources nor the
// auditing session: the plan enables SSH and opens the ACL for them, in lock-out-safe order.
TEST(PlanFixes, IosSshEnabledBehindItsAclInOnePlan) {
    const auto ev =
        evidence("cisco_ios",
                 {{"show running-config", kIosConfig}, {"show ip ssh", kIosSshDisabled}, {"show users", kIosUsers}});
    const auto policy = mgmt_policy();
    auto fs = run_checks(ev, policy);
    const auto plan = plan_fixes(ev, policy, fs);
    for (const char* id : {"SSH-001", "SSH-005"}) {
        const auto& f = finding(fs, id);
        ASSERT_EQ(f.verdict, Verdict::fail) << id << ": " << f.reason;
        ASSERT_TRUE(f.fix) << id;
        EXPECT_TRUE(f.fix->verified) << id << ": " << f.fix->note;
    }
    ASSERT_TRUE(plan.verified) << plan.fix;
    // keys first, then lines; ACL permits before any line that applies an access-class
    const auto key = at(plan.fix, "crypto key generate rsa general-keys label ");
    EXPECT_LT(key, at(plan.fix, "ip ssh rsa keypair-name "));
    EXPECT_LT(key, at(plan.fix, "line vty"));
    const auto ac = plan.fix.find(" access-class ");
    if (ac != std::string::npos) EXPECT_LT(at(plan.fix, "permit 10.20.0.0 0.0.255.255"), ac);
    // telnet is not removed by a plan whose SSH is not confirmed on the device yet
    EXPECT_EQ(plan.fix.find("no transport input telnet"), std::string::npos);
    EXPECT_NE(plan.fix.find("telnet"), std::string::npos) << "telnet stays: " << plan.fix;
    for (const char* step :
         {"reload in 10", "**no**", "reload cancel", "write memory", "show crypto key mypubkey rsa", "show ip ssh"})
        EXPECT_NE(plan.runbook.find(step), std::string::npos) << step << " not in\n" << plan.runbook;
    expect_reparses("cisco_ios", plan.fix, "device plan");
    patched(ev, plan.fix + plan.rollback);
    // on the patched model the management sources and the session's own source get in over SSH
    const auto after = patched(ev, plan.fix);
    Policy with_me = policy;
    with_me.management_sources.push_back("10.20.30.41/32");
    for (const auto& f : run_checks(after, with_me))
        if (f.check == "SSH-001" || f.check == "SSH-005" || f.check == "SSH-007" || f.check == "SSH-013" ||
            f.check == "SSH-014")
            EXPECT_EQ(f.verdict, Verdict::pass) << f.check << ": " << f.reason;
    // no check the plan fixed asks for a fix again
    auto fs2 = run_checks(after, policy);
    const auto plan2 = plan_fixes(after, policy, fs2);
    for (const auto& f : fs)
        if (f.fix && f.fix->verified) {
            const auto& again = finding(fs2, f.check);
            EXPECT_NE(again.verdict, Verdict::fail) << f.check << ": " << again.reason;
        }
    EXPECT_EQ(plan2.fix.find("crypto key generate"), std::string::npos) << plan2.fix;
}

TEST(PlanFixes, IosRunbookUsesTheRevertTimerWhenArchiveIsConfigured) {
    std::string config = kIosConfig;
    config += "archive\n path flash:archive\n";
    const auto ev = evidence("cisco_ios", {{"show running-config", config.c_str()}, {"show ip ssh", kIosSshDisabled}});
    const auto policy = mgmt_policy();
    auto fs = run_checks(ev, policy);
    const auto plan = plan_fixes(ev, policy, fs);
    ASSERT_TRUE(plan.verified);
    EXPECT_NE(plan.runbook.find("configure terminal revert timer 10"), std::string::npos) << plan.runbook;
    EXPECT_NE(plan.runbook.find("configure confirm"), std::string::npos) << plan.runbook;
    EXPECT_EQ(plan.runbook.find("reload"), std::string::npos) << plan.runbook;
}
