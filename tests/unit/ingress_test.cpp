// Ingress resolution (plugin/engine/ingress.hpp): the VRF of the target address, the route back to
// each management source, the connected fallback, the inbound ACL, ASA nameifs.
#include <gtest/gtest.h>

#include <cmath>

#include "plugin/engine/evidence.hpp"
#include "plugin/engine/ingress.hpp"
#include "plugin/engine/prefix.hpp"

using namespace vtyguard;
using namespace vtyguard::checks;

namespace {

DeviceEvidence device(const std::string& platform, const std::string& address,
                      const std::vector<std::pair<std::string, std::string>>& captures) {
    DeviceEvidence ev;
    ev.platform = platform;
    ev.address = address;
    for (const auto& [command, text] : captures) {
        std::string error;
        EXPECT_TRUE(add_capture(ev, command, text, "", error)) << error;
    }
    merge_captures(ev);
    for (const auto& c : ev.captures)
        for (const auto& d : c.diagnostics) ADD_FAILURE() << c.command << ":" << d.line << ": " << d.text;
    return ev;
}

const char* kIosConfig = R"(hostname R1
!
vrf definition MGMT
 address-family ipv4
 exit-address-family
!
interface GigabitEthernet0/0
 description oob
 vrf forwarding MGMT
 ip address 10.0.0.1 255.255.255.0
 ip access-group OOB-IN in
!
interface GigabitEthernet0/1
 ip address 192.0.2.1 255.255.255.0
 ip access-group EDGE-IN in
 ipv6 address 2001:DB8:1::1/64
 ipv6 traffic-filter EDGE6-IN in
!
interface GigabitEthernet0/2
 vrf forwarding MGMT
 ip address 10.0.5.1 255.255.255.0
!
interface GigabitEthernet0/3
 ip address 10.0.5.1 255.255.255.0
!
end
)";

const char* kRouteVrf = R"(R1#show ip route vrf MGMT 10.20.0.1

Routing Table: MGMT
Routing entry for 10.20.0.0/16
  Known via "static", distance 1, metric 0
  Routing Descriptor Blocks:
  * 10.0.0.254, via GigabitEthernet0/0
      Route metric is 0, traffic share count is 1
R1#
)";

const char* kRouteGlobal = R"(Routing entry for 10.20.0.0/16
  Known via "static", distance 1, metric 0
  Routing Descriptor Blocks:
  * 192.0.2.254, via GigabitEthernet0/1
      Route metric is 0, traffic share count is 1
)";

bool cites(const Ingress& in, std::string_view text) {
    for (const auto& e : in.evidence)
        if (e.text.find(text) != std::string::npos && e.line > 0) return true;
    return false;
}

}  // namespace

TEST(Ingress, RouteInTheVrfOfTheTarget) {
    auto ev = device("cisco_ios", "10.0.0.1",
                     {{"show running-config", kIosConfig},
                      {"show ip route 10.20.0.1", kRouteGlobal},
                      {"show ip route vrf MGMT 10.20.0.1", kRouteVrf}});
    const auto r = resolve_ingress(ev, {"10.20.0.0/24"});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].how, Ingress::How::route) << r[0].reason;
    EXPECT_EQ(r[0].vrf, "MGMT");
    ASSERT_NE(r[0].interface, nullptr);
    EXPECT_EQ(r[0].interface->name, "GigabitEthernet0/0");
    ASSERT_NE(r[0].target_interface, nullptr);
    EXPECT_EQ(r[0].target_interface->name, "GigabitEthernet0/0");
    EXPECT_EQ(r[0].acl_in.value_or(""), "OOB-IN");
    EXPECT_TRUE(cites(r[0], "Routing entry for 10.20.0.0/16"));
    EXPECT_TRUE(cites(r[0], "via GigabitEthernet0/0"));
    EXPECT_TRUE(cites(r[0], "ip access-group OOB-IN in"));
    EXPECT_TRUE(cites(r[0], "vrf forwarding MGMT"));
    EXPECT_EQ(r[0].source, "10.20.0.0/24");
}

TEST(Ingress, GlobalTargetUsesTheGlobalRoute) {
    auto ev = device("cisco_ios", "192.0.2.1",
                     {{"show running-config", kIosConfig},
                      {"show ip route vrf MGMT 10.20.0.1", kRouteVrf},
                      {"show ip route 10.20.0.1", kRouteGlobal}});
    const auto r = resolve_ingress(ev, {"10.20.0.0/16", "10.21.0.0/16"});
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].how, Ingress::How::route) << r[0].reason;
    EXPECT_EQ(r[0].vrf, "");
    ASSERT_NE(r[0].interface, nullptr);
    EXPECT_EQ(r[0].interface->name, "GigabitEthernet0/1");
    EXPECT_EQ(r[0].acl_in.value_or(""), "EDGE-IN");
    // No capture covers the second source and no connected subnet contains it.
    EXPECT_EQ(r[1].how, Ingress::How::unknown);
    EXPECT_EQ(r[1].interface, nullptr);
    EXPECT_NE(r[1].reason.find("10.21.0.0/16"), std::string::npos) << r[1].reason;
}

TEST(Ingress, RouteWiderThanTheSourceOnlyWhenItCoversAll) {
    // The route 10.20.0.0/16 does not cover 10.0.0.0/8: the answer for the whole prefix is unknown.
    auto ev = device("cisco_ios", "192.0.2.1",
                     {{"show running-config", kIosConfig}, {"show ip route 10.20.0.1", kRouteGlobal}});
    const auto r = resolve_ingress(ev, {"10.0.0.0/8"});
    EXPECT_EQ(r[0].how, Ingress::How::unknown);
    EXPECT_NE(r[0].reason.find("covers only part"), std::string::npos) << r[0].reason;
}

TEST(Ingress, ConnectedSubnetInTheTargetVrf) {
    // 10.0.5.0/24 is connected twice: in MGMT on Gi0/2 and globally on Gi0/3.
    auto ev = device("cisco_ios", "10.0.0.1", {{"show running-config", kIosConfig}});
    auto r = resolve_ingress(ev, {"10.0.5.64/26", "10.0.4.0/23"});
    EXPECT_EQ(r[0].how, Ingress::How::connected) << r[0].reason;
    ASSERT_NE(r[0].interface, nullptr);
    EXPECT_EQ(r[0].interface->name, "GigabitEthernet0/2");
    EXPECT_FALSE(r[0].acl_in);
    EXPECT_TRUE(cites(r[0], "ip address 10.0.5.1 255.255.255.0"));
    // A source wider than the subnet is not on it.
    EXPECT_EQ(r[1].how, Ingress::How::unknown);

    auto global = device("cisco_ios", "192.0.2.1", {{"show running-config", kIosConfig}});
    r = resolve_ingress(global, {"10.0.5.7"});
    EXPECT_EQ(r[0].how, Ingress::How::connected);
    ASSERT_NE(r[0].interface, nullptr);
    EXPECT_EQ(r[0].interface->name, "GigabitEthernet0/3");
}

TEST(Ingress, Ipv6SourceUsesTheTrafficFilter) {
    auto ev = device("cisco_ios", "2001:db8:1::1", {{"show running-config", kIosConfig}});
    const auto r = resolve_ingress(ev, {"2001:db8:1:0:1::/80"});
    EXPECT_EQ(r[0].how, Ingress::How::connected) << r[0].reason;
    ASSERT_NE(r[0].target_interface, nullptr);
    EXPECT_EQ(r[0].target_interface->name, "GigabitEthernet0/1");
    EXPECT_EQ(r[0].acl_in.value_or(""), "EDGE6-IN");
    EXPECT_TRUE(cites(r[0], "ipv6 traffic-filter EDGE6-IN in"));
}

TEST(Ingress, RecursiveNextHopResolvesOverAConnectedSubnet) {
    const char* route = R"(Routing entry for 198.51.100.0/24
  Known via "bgp 64512", distance 200, metric 0, type internal
  Last update from 192.0.2.77 2w1d ago
  Routing Descriptor Blocks:
  * 192.0.2.77, from 192.0.2.77, 2w1d ago
      Route metric is 0, traffic share count is 1
      AS Hops 1
      MPLS label: none
)";
    auto ev =
        device("cisco_ios", "192.0.2.1", {{"show running-config", kIosConfig}, {"show ip route 198.51.100.10", route}});
    const auto r = resolve_ingress(ev, {"198.51.100.0/25"});
    EXPECT_EQ(r[0].how, Ingress::How::route) << r[0].reason;
    ASSERT_NE(r[0].interface, nullptr);
    EXPECT_EQ(r[0].interface->name, "GigabitEthernet0/1");
}

TEST(Ingress, EqualCostPathsOverTwoInterfacesAreUnknown) {
    const char* route = R"(Routing entry for 10.44.8.0/22
  Known via "ospf 10", distance 110, metric 3, type intra area
  Last update from 192.0.2.5 on GigabitEthernet0/1, 3d11h ago
  Routing Descriptor Blocks:
  * 10.0.5.9, from 10.255.0.4, 3d11h ago, via GigabitEthernet0/3
      Route metric is 3, traffic share count is 1
    192.0.2.5, from 10.255.0.4, 3d11h ago, via GigabitEthernet0/1
      Route metric is 3, traffic share count is 1
)";
    auto ev =
        device("cisco_ios", "192.0.2.1", {{"show running-config", kIosConfig}, {"show ip route 10.44.8.20", route}});
    const auto r = resolve_ingress(ev, {"10.44.8.0/24"});
    EXPECT_EQ(r[0].how, Ingress::How::unknown);
    EXPECT_EQ(r[0].interface, nullptr);
    EXPECT_NE(r[0].reason.find("equal-cost"), std::string::npos) << r[0].reason;
}

TEST(Ingress, NoRouteInTableIsUnknownAndCited) {
    const char* route = "R1#show ip route 203.0.113.50\n% Network not in table\nR1#\n";
    auto ev =
        device("cisco_ios", "192.0.2.1", {{"show running-config", kIosConfig}, {"show ip route 203.0.113.50", route}});
    const auto r = resolve_ingress(ev, {"203.0.113.50/32"});
    EXPECT_EQ(r[0].how, Ingress::How::unknown);
    EXPECT_NE(r[0].reason.find("not in table"), std::string::npos) << r[0].reason;
    EXPECT_TRUE(cites(r[0], "% Network not in table"));
}

TEST(Ingress, UnknownTargetMeansGlobalTable) {
    auto ev =
        device("cisco_ios", "", {{"show running-config", kIosConfig}, {"show ip route vrf MGMT 10.20.0.1", kRouteVrf}});
    const auto r = resolve_ingress(ev, {"10.20.0.0/24"});
    EXPECT_EQ(r[0].vrf, "");
    EXPECT_EQ(r[0].target_interface, nullptr);
    // The only route capture is of another table.
    EXPECT_EQ(r[0].how, Ingress::How::unknown);
}

TEST(Ingress, BadSourceIsUnknown) {
    auto ev = device("cisco_ios", "192.0.2.1", {{"show running-config", kIosConfig}});
    const auto r = resolve_ingress(ev, {"not-a-prefix"});
    EXPECT_EQ(r[0].how, Ingress::How::unknown);
    EXPECT_FALSE(r[0].reason.empty());
}

namespace {

const char* kAsaConfig = R"(ASA Version 9.16(4)
!
hostname fw1
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.2 255.255.255.248 standby 203.0.113.3
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.10.0.1 255.255.255.0
!
interface Management0/0
 management-only
 nameif management
 security-level 100
 ip address 172.16.50.5 255.255.255.0
!
)";

const char* kAsaNameif = R"(fw1# show nameif
Interface                Name                     Security
GigabitEthernet0/0       outside                    0
GigabitEthernet0/1       inside                   100
Management0/0            management               100
fw1#
)";

const char* kAsaRoute = R"(fw1# show route 10.20.5.5

Routing entry for 10.20.0.0 255.255.0.0
  Known via "static", distance 1, metric 0
  Routing Descriptor Blocks:
  * 10.10.0.254, via inside
      Route metric is 0, traffic share count is 1

fw1#
)";

}  // namespace

TEST(Ingress, AsaRouteHopIsANameif) {
    // `show nameif` states the interfaces section first; the addresses come from the config.
    auto ev =
        device("cisco_asa", "203.0.113.2",
               {{"show nameif", kAsaNameif}, {"show running-config", kAsaConfig}, {"show route 10.20.5.5", kAsaRoute}});
    const auto r = resolve_ingress(ev, {"10.20.5.0/24", "172.16.50.0/25", "198.51.100.0/24"});
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].how, Ingress::How::route) << r[0].reason;
    ASSERT_NE(r[0].interface, nullptr);
    EXPECT_EQ(r[0].interface->nameif.value_or(""), "inside");
    ASSERT_NE(r[0].target_interface, nullptr);
    EXPECT_EQ(r[0].target_interface->nameif.value_or(""), "outside");
    EXPECT_FALSE(r[0].acl_in);
    EXPECT_TRUE(cites(r[0], "via inside"));
    EXPECT_TRUE(cites(r[0], "ip address 203.0.113.2"));

    EXPECT_EQ(r[1].how, Ingress::How::connected) << r[1].reason;
    ASSERT_NE(r[1].interface, nullptr);
    EXPECT_EQ(r[1].interface->nameif.value_or(""), "management");

    EXPECT_EQ(r[2].how, Ingress::How::unknown);
}

TEST(Ingress, AsaStandbyAddressIsTheDevice) {
    auto ev = device("cisco_asa", "203.0.113.3", {{"show running-config", kAsaConfig}});
    const auto r = resolve_ingress(ev, {"203.0.113.4/32"});
    ASSERT_NE(r[0].target_interface, nullptr);
    EXPECT_EQ(r[0].target_interface->nameif.value_or(""), "outside");
    EXPECT_EQ(r[0].how, Ingress::How::connected);
}

// The address arithmetic the resolver and the whole-prefix ACL answers rest on.
TEST(Prefix, ParsesEveryWrittenForm) {
    using engine::Prefix;
    auto p = Prefix::parse("10.20.1.7/16");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->str(), "10.20.0.0/16");
    EXPECT_EQ(Prefix::parse("10.20.0.0 255.255.0.0")->str(), "10.20.0.0/16");
    EXPECT_EQ(Prefix::parse("192.0.2.7")->str(), "192.0.2.7/32");
    EXPECT_EQ(Prefix::parse("2001:DB8:1::1/64")->str(), "2001:db8:1::/64");
    EXPECT_FALSE(Prefix::parse("10.20.0.0 255.0.255.0"));  // a netmask with holes
    EXPECT_FALSE(Prefix::parse("10.20.0.0/33"));
    EXPECT_FALSE(Prefix::parse("10.20.0.0/"));
    EXPECT_FALSE(Prefix::parse("router"));
    EXPECT_TRUE(p->contains(*Prefix::parse("10.20.128.0/17")));
    EXPECT_FALSE(Prefix::parse("10.20.128.0/17")->contains(*p));
    EXPECT_FALSE(p->contains(*Prefix::parse("2001:db8::/32")));
}

TEST(Prefix, PatternDifferenceIsExactAndDisjoint) {
    using engine::Pattern;
    using engine::Prefix;
    const Pattern whole = Pattern::of(*Prefix::parse("10.20.0.0/16"));
    // Even third octets (a non-contiguous wildcard), as the analyzer lists it.
    auto even = Pattern::parse("10.20.0.0 wildcard 0.0.254.255");
    ASSERT_TRUE(even);
    EXPECT_FALSE(even->contiguous());
    EXPECT_EQ(even->ios().value_or(""), "10.20.0.0 0.0.254.255");
    const auto odd = whole.minus(*even);
    ASSERT_EQ(odd.size(), 1u);
    EXPECT_EQ(odd[0].str(), "10.20.1.0 wildcard 0.0.254.255");
    // Removing a /24 from the /16 leaves eight disjoint prefixes of 2^16 - 2^8 addresses in all.
    const auto rest = engine::subtract({whole}, {Pattern::of(*Prefix::parse("10.20.5.0/24"))});
    EXPECT_EQ(rest.size(), 8u);
    double total = 0;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        total += std::ldexp(1.0, static_cast<int>(rest[i].free_bits()));
        EXPECT_TRUE(rest[i].contiguous());
        for (std::size_t j = i + 1; j < rest.size(); ++j) EXPECT_FALSE(rest[i].intersect(rest[j])) << i << " " << j;
        EXPECT_FALSE(rest[i].intersect(Pattern::of(*Prefix::parse("10.20.5.0/24"))));
    }
    EXPECT_EQ(total, 65536.0 - 256.0);
    EXPECT_TRUE(engine::subtract({whole}, {*even, odd[0]}).empty());
    EXPECT_EQ(Pattern::of(*Prefix::parse("0.0.0.0/0")).ios().value_or(""), "any");
    EXPECT_EQ(Pattern::of(*Prefix::parse("192.0.2.7")).ios().value_or(""), "host 192.0.2.7");
    EXPECT_EQ(Pattern::of(*Prefix::parse("2001:db8::/48")).ios().value_or(""), "2001:db8::/48");
}
