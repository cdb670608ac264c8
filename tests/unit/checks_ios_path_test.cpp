// The IOS access-path checks (SSH-007, SSH-009, SSH-010, SSH-011): verdicts that device fixtures
// cannot show (an unparsed line makes a parser diagnostic, which the fixture test refuses), the
// fix data (free sequence numbers, resequencing) and the templates rendered from it.
#include <gtest/gtest.h>

#include "plugin/engine/checks.hpp"
#include "plugin/engine/fix.hpp"

using namespace vtyguard;
using namespace vtyguard::checks;

namespace {

DeviceEvidence device(const std::string& address, const std::vector<std::pair<std::string, std::string>>& captures,
                      bool allow_diagnostics = false) {
    DeviceEvidence ev;
    ev.platform = "cisco_ios";
    ev.address = address;
    for (const auto& [command, text] : captures) {
        std::string error;
        EXPECT_TRUE(add_capture(ev, command, text, "", error)) << error;
    }
    merge_captures(ev);
    if (!allow_diagnostics)
        for (const auto& c : ev.captures)
            for (const auto& d : c.diagnostics) ADD_FAILURE() << c.command << ":" << d.line << ": " << d.text;
    return ev;
}

Policy policy(std::vector<std::string> sources, int port = 22) {
    Policy p;
    p.management_sources = std::move(sources);
    p.ssh_port = port;
    return p;
}

Finding run(std::string_view id, const DeviceEvidence& ev, const Policy& p) {
    const CheckInfo* c = find_check(id);
    EXPECT_NE(c, nullptr) << id;
    if (!c) return {};
    const Context ctx(ev, p);
    Finding f = c->run(ctx);
    f.check = std::string(id);
    return f;
}

bool has_text(const std::vector<Evidence>& ev, std::string_view text) {
    for (const auto& e : ev)
        if (e.line > 0 && e.text.find(text) != std::string::npos) return true;
    return false;
}

// Renders templates/cisco_ios/<id>.<part>.mustache with the planner's renderer.
std::string render(std::string_view id, std::string_view part, const nlohmann::json& data) {
    std::string out, error;
    EXPECT_TRUE(render_template("cisco_ios", id, part, data, out, error)) << error;
    return out;
}

const char* kVty = R"(hostname R1
!
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
!
line vty 0 4
 access-class VTY in
 transport input ssh
line vty 5 15
 access-class VTY in
 transport input ssh
!
end
)";

}  // namespace

TEST(IosPathChecks, WithoutManagementSourcesEveryCheckIsUnknown) {
    auto ev = device("10.0.0.1", {{"show running-config", kVty}});
    for (auto id : {"SSH-007", "SSH-009", "SSH-010", "SSH-011"}) {
        const auto f = run(id, ev, Policy{});
        EXPECT_EQ(f.verdict, Verdict::unknown) << id;
        EXPECT_NE(f.reason.find("management source"), std::string::npos) << id << ": " << f.reason;
    }
}

TEST(IosPathChecks, UnparsedLineThatCouldDecideIsUnknown) {
    const char* acls = R"(Extended IP access list VTY
    10 permit tcp 10.30.0.0 0.0.0.255 any eq 22
    20 permit tcp 10.20.0.0 0.0.255.255 any eq 22 frobnicate
    30 permit tcp 10.20.0.0 0.0.255.255 any eq 22
    40 deny   ip any any log
)";
    auto ev = device("10.0.0.1", {{"show running-config", kVty}, {"show access-lists", acls}}, true);
    ASSERT_FALSE(ev.captures[1].diagnostics.empty()) << "the test needs an entry the parser cannot read";
    const auto f = run("SSH-007", ev, policy({"10.20.0.0/24"}));
    EXPECT_EQ(f.verdict, Verdict::unknown) << f.reason;
    EXPECT_NE(f.reason.find("frobnicate"), std::string::npos) << f.reason;
    ASSERT_EQ(f.acl.size(), 1u);
    ASSERT_EQ(f.acl[0].uncertain.size(), 1u);
    EXPECT_EQ(f.acl[0].uncertain[0].line, 3u);
    EXPECT_FALSE(f.fix_request);
    // The source that the unparsed line cannot concern is decided exactly.
    EXPECT_EQ(run("SSH-007", ev, policy({"10.30.0.0/24"})).verdict, Verdict::pass);
}

TEST(IosPathChecks, UnparsedLineAfterTheBlockerDoesNotSaveTheSource) {
    const char* acls = R"(Extended IP access list VTY
    10 deny   tcp 10.20.0.0 0.0.255.255 any
    20 permit tcp 10.20.0.0 0.0.255.255 any eq 22 frobnicate
)";
    auto ev = device("10.0.0.1", {{"show running-config", kVty}, {"show access-lists", acls}}, true);
    const auto f = run("SSH-007", ev, policy({"10.20.0.0/24"}));
    EXPECT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_EQ(f.acl.size(), 1u);
    ASSERT_TRUE(f.acl[0].deciding);
    EXPECT_EQ(f.acl[0].deciding->line, 2u);
    // The permit goes before the blocking line 10: 1..9 are free.
    ASSERT_TRUE(f.fix_request);
    const auto& e = f.fix_request->data["acls"][0];
    EXPECT_FALSE(e["resequence"].get<bool>());
    EXPECT_EQ(e["entries"][0]["sequence"], 5);
    EXPECT_EQ(e["blocking_sequence"], 10);
}

TEST(IosPathChecks, PartialCoverageNamesTheDeniedSubPrefix) {
    const char* acls = R"(Standard IP access list VTY
    10 permit 10.20.0.0, wildcard bits 0.0.0.127
    20 deny   10.20.0.192, wildcard bits 0.0.0.63 log
)";
    auto ev = device("10.0.0.1", {{"show running-config", kVty}, {"show access-lists", acls}});
    const auto f = run("SSH-007", ev, policy({"10.20.0.0/24"}));
    EXPECT_EQ(f.verdict, Verdict::fail);
    EXPECT_NE(f.reason.find("10.20.0.128/26 (the implicit deny at the end)"), std::string::npos) << f.reason;
    EXPECT_NE(f.reason.find("10.20.0.192/26 (`20 deny"), std::string::npos) << f.reason;
    EXPECT_NE(f.reason.find("of 10.20.0.0/24"), std::string::npos) << f.reason;
    // The permit for the whole source goes before the first blocking line.
    ASSERT_TRUE(f.fix_request);
    const auto& e = f.fix_request->data["acls"][0];
    EXPECT_EQ(e["entries"][0]["sequence"], 15);
    EXPECT_EQ(e["entries"][0]["source"], "10.20.0.0 0.0.0.255");
    // A source inside the permitted half passes, naming the permitting line.
    const auto ok = run("SSH-007", ev, policy({"10.20.0.64/26"}));
    EXPECT_EQ(ok.verdict, Verdict::pass) << ok.reason;
    ASSERT_EQ(ok.acl.size(), 1u);
    ASSERT_TRUE(ok.acl[0].deciding);
    EXPECT_EQ(ok.acl[0].deciding->line, 2u);
}

TEST(IosPathChecks, NumberedAclFromTheConfigIsResequencedFirst) {
    const char* config = R"(hostname R1
!
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
!
access-list 10 permit 10.30.0.0 0.0.0.255
access-list 10 deny   any log
!
line vty 0 4
 access-class 10 in
 transport input ssh
line vty 5 15
 access-class 10 in
 transport input ssh
!
end
)";
    auto ev = device("10.0.0.1", {{"show running-config", config}});
    const auto f = run("SSH-007", ev, policy({"10.20.0.0/16", "192.0.2.7"}));
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_TRUE(f.fix_request);
    EXPECT_EQ(f.fix_request->template_name, "SSH-007");
    const auto& d = f.fix_request->data;
    EXPECT_EQ(d["vty_ranges"], nlohmann::json::array({"0 4", "5 15"}));
    EXPECT_EQ(d["port"], 22);
    const auto& e = d["acls"][0];
    EXPECT_EQ(e["acl"], "10");
    EXPECT_TRUE(e["numbered"].get<bool>());
    EXPECT_TRUE(e["standard"].get<bool>());
    EXPECT_TRUE(e["resequence"].get<bool>()) << "the config shows no sequence numbers";
    EXPECT_EQ(render("SSH-007", "fix", d),
              "ip access-list resequence 10 10 10\n"
              "ip access-list standard 10\n"
              " 13 permit 10.20.0.0 0.0.255.255\n"
              " 16 permit host 192.0.2.7\n");
    EXPECT_EQ(render("SSH-007", "rollback", d),
              "ip access-list standard 10\n"
              " no 13\n"
              " no 16\n");
}

TEST(IosPathChecks, FreeSequenceNumbersAndHiddenRemarks) {
    // `show access-lists` hides the remark that takes number 20 in the running-config.
    const char* acls = R"(Extended IP access list VTY
    10 permit tcp 10.30.0.0 0.0.0.255 any eq 22
    30 deny   ip any any log
)";
    const char* config = R"(hostname R1
!
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
!
ip access-list extended VTY
 10 permit tcp 10.30.0.0 0.0.0.255 any eq 22
 20 remark management hosts
 30 deny ip any any log
!
line vty 0 15
 access-class VTY in
 transport input ssh
!
end
)";
    auto ev = device("10.0.0.1", {{"show access-lists", acls}, {"show running-config", config}});
    const auto f = run("SSH-007", ev, policy({"10.20.0.0/16"}));
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_TRUE(f.fix_request);
    const auto& d = f.fix_request->data;
    EXPECT_EQ(d["acls"][0]["entries"][0]["sequence"], 25);
    EXPECT_EQ(render("SSH-007", "fix", d),
              "ip access-list extended VTY\n"
              " 25 permit tcp 10.20.0.0 0.0.255.255 any eq 22\n");
    EXPECT_EQ(render("SSH-007", "rollback", d), "ip access-list extended VTY\n no 25\n");
}

TEST(IosPathChecks, NoFreeNumberMeansResequence) {
    const char* acls = R"(Extended IP access list VTY
    10 permit tcp 10.30.0.0 0.0.0.255 any eq 22
    11 deny   ip any any log
    12 permit tcp 10.40.0.0 0.0.0.255 any eq 22
)";
    auto ev = device("10.0.0.1", {{"show running-config", kVty}, {"show access-lists", acls}});
    const auto f = run("SSH-007", ev, policy({"10.20.0.0/16"}));
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_TRUE(f.fix_request);
    const auto& e = f.fix_request->data["acls"][0];
    EXPECT_TRUE(e["resequence"].get<bool>());
    EXPECT_EQ(e["entries"][0]["sequence"], 15);  // 10 -> 10, 11 -> 20
    EXPECT_EQ(render("SSH-007", "fix", f.fix_request->data),
              "ip access-list resequence VTY 10 10\n"
              "ip access-list extended VTY\n"
              " 15 permit tcp 10.20.0.0 0.0.255.255 any eq 22\n");
}

TEST(IosPathChecks, PolicyPortIsTheOneAsked) {
    const char* acls = R"(Extended IP access list VTY
    10 permit tcp 10.20.0.0 0.0.255.255 any eq 22
)";
    auto ev = device("10.0.0.1", {{"show running-config", kVty}, {"show access-lists", acls}});
    EXPECT_EQ(run("SSH-007", ev, policy({"10.20.0.0/16"})).verdict, Verdict::pass);
    const auto f = run("SSH-007", ev, policy({"10.20.0.0/16"}, 2201));
    EXPECT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_TRUE(f.fix_request);
    EXPECT_EQ(f.fix_request->data["acls"][0]["entries"][0]["sequence"], 20);  // appended after 10
    EXPECT_EQ(render("SSH-007", "fix", f.fix_request->data),
              "ip access-list extended VTY\n"
              " 20 permit tcp 10.20.0.0 0.0.255.255 any eq 2201\n");
}

TEST(IosPathChecks, Ipv6SourcesUseTheIpv6AccessClass) {
    const char* config = R"(hostname R1
!
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
 ipv6 address 2001:DB8:1::1/64
!
ipv6 access-list V6
 sequence 10 permit tcp 2001:DB8:10::/48 any eq 22
 sequence 20 deny ipv6 any any log
!
line vty 0 4
 ipv6 access-class V6 in
 transport input ssh
!
end
)";
    auto ev = device("2001:db8:1::1", {{"show running-config", config}});
    EXPECT_EQ(run("SSH-007", ev, policy({"2001:db8:10:5::/64"})).verdict, Verdict::pass);
    const auto f = run("SSH-007", ev, policy({"2001:db8:20::/48"}));
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_TRUE(f.fix_request);
    EXPECT_EQ(render("SSH-007", "fix", f.fix_request->data),
              "ipv6 access-list V6\n"
              " sequence 15 permit tcp 2001:db8:20::/48 any eq 22\n");
    EXPECT_EQ(render("SSH-007", "rollback", f.fix_request->data), "ipv6 access-list V6\n no sequence 15\n");
}

TEST(IosPathChecks, MissingAclAdmitsEverySource) {
    auto ev = device("10.0.0.1", {{"show running-config", kVty}});
    const auto f = run("SSH-007", ev, policy({"10.20.0.0/16"}));
    EXPECT_EQ(f.verdict, Verdict::pass) << f.reason;
    EXPECT_NE(f.reason.find("SSH-008"), std::string::npos) << f.reason;
}

namespace {

const char* kEdge = R"(hostname R1
!
interface GigabitEthernet0/1
 ip address 192.0.2.1 255.255.255.0
 ip access-group EDGE-IN in
!
interface Loopback0
 ip address 10.255.0.1 255.255.255.255
!
ip access-list extended EDGE-IN
 10 permit tcp 10.20.0.0 0.0.255.255 host 10.255.0.1 established
 20 permit icmp any any
 30 deny ip any any log
!
line vty 0 15
 transport input ssh
!
control-plane host
 management-interface GigabitEthernet0/1 allow snmp
!
end
)";

const char* kRoute = R"(Routing entry for 10.20.0.0/16
  Known via "static", distance 1, metric 0
  Routing Descriptor Blocks:
  * 192.0.2.254, via GigabitEthernet0/1
      Route metric is 0, traffic share count is 1
)";

}  // namespace

TEST(IosPathChecks, EstablishedNeverAdmitsTheSyn) {
    auto ev = device("10.255.0.1", {{"show running-config", kEdge}, {"show ip route 10.20.0.1", kRoute}});
    const auto f = run("SSH-010", ev, policy({"10.20.0.0/16"}));
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_NE(f.reason.find("established"), std::string::npos) << f.reason;
    EXPECT_TRUE(has_text(f.evidence, "Routing entry for 10.20.0.0/16"));
    EXPECT_TRUE(has_text(f.evidence, "30 deny ip any any log"));
    ASSERT_TRUE(f.fix_request);
    const auto& d = f.fix_request->data;
    EXPECT_EQ(d["interface"], "GigabitEthernet0/1");
    EXPECT_EQ(render("SSH-010", "fix", d),
              "ip access-list extended EDGE-IN\n"
              " 25 permit tcp 10.20.0.0 0.0.255.255 host 10.255.0.1 eq 22\n");
    EXPECT_EQ(render("SSH-010", "rollback", d), "ip access-list extended EDGE-IN\n no 25\n");
}

TEST(IosPathChecks, IngressUnknownMakesSsh010And011Unknown) {
    auto ev = device("10.255.0.1", {{"show running-config", kEdge}});
    for (auto id : {"SSH-010", "SSH-011"}) {
        const auto f = run(id, ev, policy({"10.20.0.0/16"}));
        EXPECT_EQ(f.verdict, Verdict::unknown) << id << ": " << f.reason;
        EXPECT_NE(f.reason.find("ingress"), std::string::npos) << f.reason;
    }
}

TEST(IosPathChecks, ManagementPlaneProtectionWithoutSsh) {
    auto ev = device("10.255.0.1", {{"show running-config", kEdge}, {"show ip route 10.20.0.1", kRoute}});
    const auto f = run("SSH-011", ev, policy({"10.20.0.0/16"}));
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_TRUE(has_text(f.evidence, "management-interface GigabitEthernet0/1 allow snmp"));
    ASSERT_TRUE(f.fix_request);
    EXPECT_EQ(render("SSH-011", "fix", f.fix_request->data),
              "control-plane host\n"
              " management-interface GigabitEthernet0/1 allow snmp ssh\n");
    EXPECT_EQ(render("SSH-011", "rollback", f.fix_request->data),
              "control-plane host\n"
              " no management-interface GigabitEthernet0/1 allow snmp ssh\n"
              " management-interface GigabitEthernet0/1 allow snmp\n");
}

TEST(IosPathChecks, VrfAlsoMissing) {
    const char* config = R"(hostname R1
!
interface GigabitEthernet0/0
 vrf forwarding MGMT
 ip address 10.0.0.1 255.255.255.0
!
access-list 10 permit 10.20.0.0 0.0.255.255
!
line vty 0 4
 access-class 10 in vrf-also
 transport input ssh
line vty 5 15
 access-class 10 in
 transport input ssh
!
end
)";
    auto ev = device("10.0.0.1", {{"show running-config", config}});
    const auto f = run("SSH-009", ev, policy({"10.20.0.0/16"}));
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_NE(f.reason.find("vty 5-15"), std::string::npos) << f.reason;
    EXPECT_TRUE(has_text(f.evidence, "vrf forwarding MGMT"));
    ASSERT_TRUE(f.fix_request);
    EXPECT_EQ(render("SSH-009", "fix", f.fix_request->data), "line vty 5 15\n access-class 10 in vrf-also\n");
    EXPECT_EQ(render("SSH-009", "rollback", f.fix_request->data), "line vty 5 15\n access-class 10 in\n");
    // IPv6 sources alone: `ipv6 access-class` has no vrf-also.
    EXPECT_EQ(run("SSH-009", ev, policy({"2001:db8::/48"})).verdict, Verdict::not_applicable);
    // An address the device does not own leaves the VRF unknown.
    auto elsewhere = device("192.0.2.9", {{"show running-config", config}});
    EXPECT_EQ(run("SSH-009", elsewhere, policy({"10.20.0.0/16"})).verdict, Verdict::unknown);
}
