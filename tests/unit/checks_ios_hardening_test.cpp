// Section B checks (plugin/engine/checks_ios_hardening.cpp): SSH-008, SSH-018, SSH-101..SSH-112.
// The device fixtures (tests/devices/*/ssh-008-*, ssh-018-*, ssh-1NN-*) pin the verdicts; these
// tests pin what they cannot: every fix of those fixtures verifies and is idempotent once
// applied, the exact fix data and lines (vty ranges split at the device's blocks, `vrf-also`
// kept, rollbacks), unparsed lines that gate a verdict, fixes withheld for missing evidence or
// policy, and the two-family reading of ASA unified ACLs.
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

bool mine(std::string_view id) {
    return id == "SSH-008" || id == "SSH-018" || (id.size() == 7 && id.substr(0, 5) == "SSH-1");
}

// Device fixture folders of this file's checks, as `platform/case`.
std::vector<std::string> my_cases() {
    std::vector<std::string> out;
    for (const char* platform : {"cisco_ios", "cisco_asa"}) {
        const auto root = fs::path(VTYGUARD_DEVICES_DIR) / platform;
        if (!fs::exists(root)) continue;
        for (const auto& e : fs::directory_iterator(root)) {
            const auto n = e.path().filename().string();
            if (n.rfind("ssh-008-", 0) == 0 || n.rfind("ssh-018-", 0) == 0 || n.rfind("ssh-1", 0) == 0)
                out.push_back(std::string(platform) + "/" + n);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

DeviceEvidence evidence(const std::string& platform, const std::vector<std::pair<std::string, std::string>>& captures,
                        const std::string& address = "10.0.0.1") {
    DeviceEvidence ev;
    ev.name = "lab-dev";
    ev.platform = platform;
    ev.address = address;
    for (const auto& [command, text] : captures) {
        std::string error;
        EXPECT_TRUE(add_capture(ev, command, text, "", error)) << error;
    }
    merge_captures(ev);
    return ev;
}

Policy policy(std::vector<std::string> sources = {"10.20.0.0/16"}) {
    Policy p;
    p.management_sources = std::move(sources);
    p.admin_user = "netops";
    return p;
}

const Finding& find(const std::vector<Finding>& fs, std::string_view id) {
    static const Finding none;
    for (const auto& f : fs)
        if (f.check == id) return f;
    ADD_FAILURE() << id << " did not run";
    return none;
}

std::string render(const std::string& platform, const Finding& f, std::string_view part) {
    std::string out, error;
    EXPECT_TRUE(f.fix_request.has_value()) << f.check << ": " << f.reason;
    if (!f.fix_request) return {};
    EXPECT_TRUE(render_template(platform, f.fix_request->template_name, part, f.fix_request->data, out, error))
        << error;
    return out;
}

// A small IOS 15.2 router; `vty` and `extra` (global statements) vary per test.
std::string config(const std::string& vty, const std::string& extra = "") {
    return "hostname edge-rtr-9\n"
           "!\n"
           "no aaa new-model\n"
           "ip domain name corp.example.net\n"
           "username netops privilege 15 secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCTyu0iM6mI1iBqfE\n"
           "ip ssh time-out 60\n"
           "ip ssh version 2\n"
           "!\n"
           "interface GigabitEthernet0/0\n"
           " ip address 10.0.0.1 255.255.255.0\n"
           "!\n"
           "ip access-list standard MGMT\n"
           " permit 10.20.0.0 0.0.255.255\n"
           " deny   any log\n"
           "ip access-list standard OPEN\n"
           " permit any\n"
           "!\n" +
           extra +
           "line con 0\n"
           " exec-timeout 5 0\n"
           "line aux 0\n"
           " no exec\n"
           " transport input none\n" +
           vty + "!\nlogin block-for 120 attempts 3 within 60\nlogin quiet-mode access-class MGMT\n!\nend\n";
}

// ---- every fixture's fixes ----------------------------------------------------------------------

TEST(HardeningFixes, EveryFixOfTheFixturesVerifiesAndIsIdempotent) {
    const auto cases = my_cases();
    ASSERT_GE(cases.size(), 30u);
    std::size_t fixes = 0;
    for (const auto& c : cases) {
        const auto dir = fs::path(VTYGUARD_DEVICES_DIR) / c;
        DeviceEvidence ev;
        Policy pol;
        std::string error;
        ASSERT_TRUE(load_device(dir.string(), ev, error)) << error;
        if (fs::exists(dir / "policy.yaml"))
            ASSERT_TRUE(load_policy((dir / "policy.yaml").string(), pol, error)) << error;
        auto findings = run_checks(ev, pol);
        plan_fixes(ev, pol, findings);
        for (const auto& f : findings) {
            if (!mine(f.check) || f.verdict != Verdict::fail || !f.fix_request) continue;
            ++fixes;
            ASSERT_TRUE(f.fix.has_value()) << c << " " << f.check;
            EXPECT_TRUE(f.fix->verified) << c << " " << f.check << ": " << f.fix->note;
            EXPECT_FALSE(f.fix->plan.empty()) << c << " " << f.check;
            EXPECT_FALSE(f.fix->rollback.empty()) << c << " " << f.check;
            // Applied alone, the fix makes the check pass and asks for nothing more.
            DeviceEvidence patched = ev;
            ASSERT_TRUE(apply_config(patched.device, ev.platform, f.fix->plan, error)) << c << ": " << error;
            const auto again = run_checks(patched, pol);
            const auto& g = find(again, f.check);
            EXPECT_EQ(g.verdict, Verdict::pass) << c << " " << f.check << ": " << g.reason;
            EXPECT_FALSE(g.fix_request.has_value()) << c << " " << f.check;
            // The rollback applies and the check no longer passes. (`no ip ssh server algorithm X`
            // returns to the release's default list, which the model does not know: unknown.)
            DeviceEvidence back = patched;
            ASSERT_TRUE(apply_config(back.device, ev.platform, f.fix->rollback, error)) << c << ": " << error;
            const auto rolled = find(run_checks(back, pol), f.check).verdict;
            if (f.check == "SSH-110")
                EXPECT_NE(rolled, Verdict::pass) << c;
            else
                EXPECT_EQ(rolled, Verdict::fail) << c << " " << f.check;
        }
    }
    EXPECT_GE(fixes, 20u);
}

// ---- exact fix data and lines -------------------------------------------------------------------

TEST(HardeningFixes, Ssh104SplitsRangesAtBlocksAndKeepsVrfAlso) {
    const auto ev = evidence("cisco_ios", {{"show running-config", config("line vty 0 4\n"
                                                                          " access-class OPEN in vrf-also\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n"
                                                                          "line vty 5 15\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n")}});
    const auto findings = run_checks(ev, policy({"10.20.0.0/16", "192.0.2.7/32"}));
    const auto& f = find(findings, "SSH-104");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    // MGMT is used by no SSH-capable line, so it is not reused; OPEN permits every source.
    EXPECT_EQ(render("cisco_ios", f, "fix"),
              "ip access-list standard VTY-MGMT\n"
              " permit 10.20.0.0 0.0.255.255\n"
              " permit host 192.0.2.7\n"
              " deny any log\n"
              "line vty 0 4\n"
              " access-class VTY-MGMT in vrf-also\n"
              "line vty 5 15\n"
              " access-class VTY-MGMT in\n");
    EXPECT_EQ(render("cisco_ios", f, "rollback"),
              "line vty 0 4\n"
              " access-class OPEN in vrf-also\n"
              "line vty 5 15\n"
              " no access-class VTY-MGMT in\n"
              "no ip access-list standard VTY-MGMT\n");
}

TEST(HardeningFixes, Ssh104ReusesARestrictiveAclThatAdmitsEveryManagementSource) {
    const auto ev = evidence("cisco_ios", {{"show running-config", config("line vty 0 4\n"
                                                                          " access-class MGMT in\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n"
                                                                          "line vty 5 15\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n")}});
    const auto f = find(run_checks(ev, policy()), "SSH-104");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_EQ(render("cisco_ios", f, "fix"), "line vty 5 15\n access-class MGMT in\n");
    // A management source MGMT does not admit: a new ACL instead.
    const auto g = find(run_checks(ev, policy({"10.20.0.0/16", "172.16.9.0/24"})), "SSH-104");
    EXPECT_EQ(g.fix_request->data["acl"], "VTY-MGMT");
    EXPECT_EQ(g.fix_request->data["create"], true);
}

TEST(HardeningFixes, RangesFollowTheValueTheRollbackRestores) {
    // One block 0 15, then 5 7 overridden: the failing lines 0-15 split where the old value differs.
    const auto ev = evidence("cisco_ios", {{"show running-config", config("line vty 0 15\n"
                                                                          " access-class MGMT in\n"
                                                                          " exec-timeout 30 0\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n"
                                                                          "line vty 5 7\n"
                                                                          " exec-timeout 0 0\n")}});
    const auto f = find(run_checks(ev, policy()), "SSH-106");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_EQ(f.reason,
              "vty 0-4, 8-15: exec-timeout 30 0 (over 10 minutes); vty 5-7: exec-timeout 0 0 (never times out)");
    EXPECT_EQ(render("cisco_ios", f, "rollback"),
              "line vty 0 4\n exec-timeout 30 0\nline vty 5 7\n exec-timeout 0 0\nline vty 8 15\n exec-timeout 30 0\n");
}

TEST(HardeningFixes, UsernameComesBeforeAaaNewModel) {
    const auto ev = evidence(
        "cisco_ios",
        {{"show running-config",
          "hostname r1\nno aaa new-model\nip ssh version 2\nline vty 0 4\n no login\n transport input ssh\nend\n"}});
    const auto f = find(run_checks(ev, policy()), "SSH-109");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_EQ(render("cisco_ios", f, "fix"),
              "username netops privilege 15 secret {SECRET}\n"
              "aaa new-model\n"
              "aaa authentication login default local\n"
              "aaa authorization exec default local\n"
              "line vty 0 4\n"
              " login authentication default\n");
}

TEST(HardeningFixes, LoginBlockForComesWithQuietModeOnANewAclWhenNoneRestricts) {
    const auto ev = evidence("cisco_ios", {{"show running-config",
                                            "hostname r1\n"
                                            "ip access-list standard MGMT\n"
                                            " permit 10.20.0.0 0.0.255.255\n"
                                            "line vty 0 4\n"
                                            " login local\n"
                                            " transport input ssh\n"
                                            "end\n"}});
    const auto f = find(run_checks(ev, policy()), "SSH-111");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_EQ(render("cisco_ios", f, "fix"),
              "ip access-list standard VTY-MGMT\n"
              " permit 10.20.0.0 0.0.255.255\n"
              " deny any log\n"
              "login quiet-mode access-class VTY-MGMT\n"
              "login block-for 120 attempts 3 within 60\n");
}

TEST(HardeningFixes, ShadowedIpv6LinesAreRemovedBySequence) {
    const auto ev = evidence("cisco_ios", {{"show running-config", config("line vty 0 15\n"
                                                                          " access-class MGMT in\n"
                                                                          " ipv6 access-class MGMT6 in\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n")},
                                           {"show ipv6 access-list",
                                            "IPv6 access list MGMT6\n"
                                            "    permit ipv6 2001:DB8:20::/48 any sequence 10\n"
                                            "    permit tcp 2001:DB8:20:5::/64 any eq 22 sequence 20\n"
                                            "    deny ipv6 any any log sequence 30\n"}});
    const auto findings = run_checks(ev, policy());
    const auto& f = find(findings, "SSH-105");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_EQ(f.acl.size(), 1u);
    ASSERT_EQ(f.acl[0].shadowing.size(), 1u);
    EXPECT_EQ(f.acl[0].shadowing[0].line, 2u);
    EXPECT_EQ(render("cisco_ios", f, "fix"), "ipv6 access-list MGMT6\n no sequence 20\n");
    EXPECT_EQ(render("cisco_ios", f, "rollback"),
              "ipv6 access-list MGMT6\n sequence 20 permit tcp 2001:DB8:20:5::/64 any eq 22\n");
}

// ---- withheld fixes ------------------------------------------------------------------------------

TEST(HardeningFixes, NoFixWithoutTheManagementSourcesItNeeds) {
    const auto ev = evidence("cisco_ios", {{"show running-config", config("line vty 0 15\n"
                                                                          " access-class 23 in\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n")}});
    const auto findings = run_checks(ev, Policy{});
    for (const char* id : {"SSH-008", "SSH-104"}) {
        const auto& f = find(findings, id);
        EXPECT_EQ(f.verdict, Verdict::fail) << id;
        EXPECT_FALSE(f.fix_request.has_value()) << id;
        EXPECT_NE(f.reason.find("management_sources"), std::string::npos) << f.reason;
    }
}

TEST(HardeningFixes, NoNewAclWhenTheExistingAclsWereNotCollected) {
    const auto ev =
        evidence("cisco_ios",
                 {{"show running-config | section line vty", "line vty 0 15\n login local\n transport input ssh\n"}});
    const auto f = find(run_checks(ev, policy()), "SSH-104");
    EXPECT_EQ(f.verdict, Verdict::fail);
    EXPECT_FALSE(f.fix_request.has_value());
    EXPECT_NE(f.reason.find("collide"), std::string::npos) << f.reason;
}

TEST(HardeningFixes, TelnetStaysUntilSshIsKnownToWork) {
    const auto lines = config("line vty 0 15\n access-class MGMT in\n login local\n transport input telnet ssh\n");
    const auto disabled = evidence("cisco_ios", {{"show running-config", lines},
                                                 {"show ip ssh",
                                                  "SSH Disabled - version 1.99\n"
                                                  "%Please create RSA keys to enable SSH (and of atleast "
                                                  "768 bits for SSH v2).\n"
                                                  "Authentication timeout: 120 secs; Authentication "
                                                  "retries: 3\n"}});
    const auto f = find(run_checks(disabled, policy()), "SSH-103");
    EXPECT_EQ(f.verdict, Verdict::fail);
    EXPECT_FALSE(f.fix_request.has_value());
    const auto enabled = evidence("cisco_ios", {{"show running-config", lines},
                                                {"show ip ssh",
                                                 "SSH Enabled - version 2.0\n"
                                                 "Authentication timeout: 60 secs; Authentication "
                                                 "retries: 3\n"}});
    const auto g = find(run_checks(enabled, policy()), "SSH-103");
    EXPECT_EQ(render("cisco_ios", g, "fix"), "line vty 0 15\n transport input ssh\n");
    EXPECT_EQ(render("cisco_ios", g, "rollback"), "line vty 0 15\n transport input telnet ssh\n");
}

// ---- unparsed lines --------------------------------------------------------------------------------

TEST(HardeningGates, AnUnparsedVtyLineMakesAPassUnknown) {
    const auto ev = evidence("cisco_ios", {{"show running-config | section line vty",
                                            "line vty 0 4\n"
                                            " exec-timeout 5 0\n"
                                            " transport input ssh\n"
                                            " frobnicate now\n"}});
    ASSERT_FALSE(ev.captures.front().diagnostics.empty());
    const auto findings = run_checks(ev, policy());
    for (const char* id : {"SSH-103", "SSH-106"}) {
        const auto& f = find(findings, id);
        EXPECT_EQ(f.verdict, Verdict::unknown) << id << ": " << f.reason;
        EXPECT_NE(f.reason.find("frobnicate now"), std::string::npos) << f.reason;
    }
}

TEST(HardeningGates, AnUnparsedLineElsewhereDoesNotMatter) {
    const auto ev = evidence("cisco_ios", {{"show running-config", config("line vty 0 15\n"
                                                                          " access-class MGMT in\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n",
                                                                          "interface GigabitEthernet0/9\n"
                                                                          " ip access-group\n"
                                                                          "!\n")}});
    ASSERT_FALSE(ev.captures.front().diagnostics.empty());
    EXPECT_EQ(find(run_checks(ev, policy()), "SSH-106").verdict, Verdict::pass);
}

TEST(HardeningGates, UndefinedAclIsUnknownWhenAnAclHeaderWasNotUnderstood) {
    const auto ev = evidence("cisco_ios", {{"show running-config | section line vty",
                                            "line vty 0 15\n access-class 23 in\n transport input ssh\n"},
                                           {"show access-lists",
                                            "Standard IP access list 10\n"
                                            "    10 permit 10.20.0.1\n"
                                            "Frobnicated IP access list 23\n"
                                            "    10 permit 10.20.0.2\n"}});
    bool header_diagnosed = false;
    for (const auto& c : ev.captures)
        for (const auto& d : c.diagnostics) header_diagnosed = header_diagnosed || d.line == 3;
    ASSERT_TRUE(header_diagnosed);
    const auto f = find(run_checks(ev, policy()), "SSH-008");
    EXPECT_EQ(f.verdict, Verdict::unknown) << f.reason;
}

// ---- verdict details ---------------------------------------------------------------------------------

TEST(HardeningChecks, AnUnreadableAclLineMakesSsh104Unknown) {
    // Line 20 names an object-group the evidence does not define: it might admit everything.
    const auto ev = evidence("cisco_ios", {{"show running-config", config("line vty 0 15\n"
                                                                          " access-class 10 in\n"
                                                                          " login local\n"
                                                                          " transport input ssh\n")},
                                           {"show access-lists",
                                            "Standard IP access list 10\n"
                                            "    10 permit 10.20.0.0, wildcard bits 0.0.255.255\n"
                                            "    20 permit object-group JUMP\n"
                                            "    30 deny   any\n"}});
    const auto f = find(run_checks(ev, policy()), "SSH-104");
    EXPECT_EQ(f.verdict, Verdict::unknown) << f.reason;
}

TEST(HardeningChecks, AsaUnifiedAclIsReadInBothFamilies) {
    const auto groups =
        "fw# show running-config access-group\n"
        "access-group CP in interface management control-plane\n";
    // An IPv6-only entry matches nothing in IPv4 and is not shadowed in IPv6: not reported.
    const auto clean = evidence("cisco_asa",
                                {{"show access-list",
                                  "access-list CP; 3 elements; name hash: 0x4c1a2b3d\n"
                                  "access-list CP line 1 extended permit tcp 10.20.0.0 255.255.0.0 any eq ssh "
                                  "(hitcnt=1) 0x1b2c3d4e\n"
                                  "access-list CP line 2 extended permit tcp 2001:db8:20::/48 any6 eq ssh "
                                  "(hitcnt=0) 0x2b2c3d4e\n"
                                  "access-list CP line 3 extended deny tcp any any eq ssh (hitcnt=5) "
                                  "0x3b2c3d4e\n"},
                                 {"show running-config access-group", groups}},
                                "10.20.0.1");
    const auto c = find(run_checks(clean, policy()), "SSH-105");
    EXPECT_EQ(c.verdict, Verdict::pass) << c.reason;
    // An any4 entry after `permit ip any any`: shadowed in IPv4, matches nothing in IPv6.
    const auto dead = evidence("cisco_asa",
                               {{"show access-list",
                                 "access-list CP; 2 elements; name hash: 0x4c1a2b3d\n"
                                 "access-list CP line 1 extended permit ip any any (hitcnt=1) 0x1b2c3d4e\n"
                                 "access-list CP line 2 extended deny tcp any4 any4 eq ssh (hitcnt=0) "
                                 "0x2b2c3d4e\n"},
                                {"show running-config access-group", groups}},
                               "10.20.0.1");
    const auto f = find(run_checks(dead, policy()), "SSH-105");
    EXPECT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_EQ(f.severity, Severity::medium);  // a deny that never denies
    EXPECT_FALSE(f.fix_request.has_value());
}

TEST(HardeningChecks, ConsoleAndAuxComeFromTheRunningConfigWhenTheVtyExcerptWins) {
    // `show running-config | section line vty` provides the model's lines (dedicated commands
    // merge first): con and aux are read from the full configuration, and the fix still verifies.
    const auto vty = "line vty 0 15\n access-class MGMT in\n login local\n transport input ssh\n";
    auto ev =
        evidence("cisco_ios", {{"show running-config | section line vty", vty},
                               {"show running-config", "hostname r1\nline con 0\n exec-timeout 0 0\nline aux 0\n" +
                                                           std::string(vty) + "end\n"}});
    auto findings = run_checks(ev, policy());
    const auto f = find(findings, "SSH-112");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_EQ(f.reason, "aux 0 allows exec (no `no exec`); con 0 exec-timeout 0 0 (never times out)");
    plan_fixes(ev, policy(), findings);
    const auto g = find(findings, "SSH-112");
    ASSERT_TRUE(g.fix.has_value());
    EXPECT_TRUE(g.fix->verified) << g.fix->note;
}

TEST(HardeningChecks, Ssh102PicksTheKeySshUses) {
    // Without `ip ssh rsa keypair-name`, two general keys of different sizes and neither named
    // hostname.domain: which one SSH uses is not known.
    const auto keys =
        "% Key pair was generated at: 08:14:52 UTC Feb 12 2020\n"
        "Key name: OLD\n"
        " Storage Device: private-config\n"
        " Usage: General Purpose Key\n"
        " Key is not exportable.\n"
        " Key Data:\n"
        "  30819F30 0D06092A 864886F7 0D010101 05000381 8D003081 89028181 00C721B1 \n"
        "  C6E80759 D72111AB B650258B 427903BC B39DB7AD 6F6F4510 FD477B4C 5935E2B8 \n"
        "  B8450380 C39A274B F9BBBF31 EDC0212E 0D0B5E4A 596E4F90 5EC7B18E B8236D3A \n"
        "  475E4D24 83981B9D 916E83FE 0663126A 1A998512 4DB754FC F4CFFCC0 4FE98752 \n"
        "  022F3976 59193CBC CFDC3EAF 17BBBCF7 DB876C61 79044C35 79495322 FF020301 \n"
        "  0001 \n"
        "% Key pair was generated at: 08:14:58 UTC Feb 12 2020\n"
        "Key name: NEW\n"
        " Storage Device: private-config\n"
        " Usage: General Purpose Key\n"
        " Key is not exportable.\n"
        " Key Data:\n"
        "  30820122 300D0609 2A864886 F70D0101 01050003 82010F00 3082010A 02820101 \n"
        "  00E55174 F20D277A 47758C61 673E9D8A 49C52E54 58041866 21A7475A 9E3BDC88 \n"
        "  1347BA27 584B8BF5 C56C0508 AD3D3EBB 03D1AFBF 385F912C 337BA8EF C89BD848 \n"
        "  DA729311 C6526450 63A36028 3073325E 8E1A6FA4 004BB03A F291BE35 412D11E9 \n"
        "  F9B6E884 7606080C D9660F7A 13B1D28D D7BEF669 EC0CA3B4 25656495 6FE038DE \n"
        "  9D8C42DA 5D4F6FFB 5A35D74C 623DBC50 5FFEF5C9 F170AE60 6452C5F7 F730A036 \n"
        "  BFDC8C9A 0C821827 46668472 2402EBD0 F2B7686A 8E6813ED BE751C1E D644B516 \n"
        "  EB080941 F53B3BA2 A754D164 5F5241CD 288B50C1 042C27C1 EB740242 A91DE86F \n"
        "  D2719BB9 1E986DA6 E9B7931B 24F0F8C3 77C08FA6 480F2C57 609125B8 C2BF766E \n"
        "  AD020301 0001\n";
    const auto vty = "line vty 0 15\n access-class MGMT in\n login local\n transport input ssh\n";
    const auto unsure =
        evidence("cisco_ios", {{"show running-config", config(vty)}, {"show crypto key mypubkey rsa", keys}});
    EXPECT_EQ(find(run_checks(unsure, policy()), "SSH-102").verdict, Verdict::unknown);
    const auto named = evidence("cisco_ios", {{"show running-config", config(vty, "ip ssh rsa keypair-name NEW\n")},
                                              {"show crypto key mypubkey rsa", keys}});
    EXPECT_EQ(find(run_checks(named, policy()), "SSH-102").verdict, Verdict::pass);
    const auto old = evidence("cisco_ios", {{"show running-config", config(vty, "ip ssh rsa keypair-name OLD\n")},
                                            {"show crypto key mypubkey rsa", keys}});
    const auto f = find(run_checks(old, policy()), "SSH-102");
    EXPECT_EQ(f.verdict, Verdict::fail);
    EXPECT_EQ(render("cisco_ios", f, "fix"),
              "crypto key generate rsa general-keys label SSH-RSA-2048 modulus 2048\n"
              "ip ssh rsa keypair-name SSH-RSA-2048\n");
    EXPECT_EQ(render("cisco_ios", f, "rollback"), "ip ssh rsa keypair-name OLD\n");
}

}  // namespace
