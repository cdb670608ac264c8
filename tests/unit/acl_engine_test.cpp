#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "plugin/engine/acl.hpp"
#include "plugin/engine/bdd.hpp"

using namespace vtyguard;
using namespace vtyguard::engine;
using model::Ace;
using model::Address;
using model::PortMatch;

namespace {

Address any() {
    return Address{Address::Kind::any, {}, {}, -1, {}, {}};
}
Address host(std::string a) {
    return Address{Address::Kind::host, std::move(a), {}, -1, {}, {}};
}
Address wc(std::string a, std::string w) {
    return Address{Address::Kind::wildcard, std::move(a), std::move(w), -1, {}, {}};
}
Address mask(std::string a, std::string m) {
    return Address{Address::Kind::netmask, std::move(a), std::move(m), -1, {}, {}};
}
Address group(std::string n) {
    return Address{Address::Kind::object_group, {}, {}, -1, std::move(n), {}};
}

Ace ace(Ace::Action act, std::string proto, Address src, Address dst, std::optional<PortMatch> dport = std::nullopt) {
    Ace e;
    e.action = act;
    e.protocol = std::move(proto);
    e.source = std::move(src);
    e.destination = std::move(dst);
    e.destination_ports = std::move(dport);
    return e;
}
PortMatch eq(std::string p) {
    return PortMatch{PortMatch::Op::eq, {std::move(p)}, {}};
}
constexpr auto P = Ace::Action::permit;
constexpr auto D = Ace::Action::deny;

Flow ssh_from(const std::string& src, const std::string& dst = "192.0.2.1") {
    Flow f;
    f.source = *IpAddress::parse(src);
    f.destination = *IpAddress::parse(dst);
    return f;
}

model::Acl make_acl(std::vector<Ace> entries) {
    model::Acl a;
    a.name = "T";
    a.type = "extended";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        entries[i].sequence = static_cast<std::uint32_t>((i + 1) * 10);
        entries[i].line = i + 1;
    }
    a.entries = std::move(entries);
    return a;
}

}  // namespace

TEST(Bdd, CountsAndQuantifies) {
    Bdd b(8);
    auto x = b.field_cube(0, 8, 0x0A, 0xF0);  // top nibble = 0000? value 0x0A & care 0xF0 -> 0000xxxx
    EXPECT_DOUBLE_EQ(b.sat_count(x, 0, 8), 16.0);
    EXPECT_EQ(b.exists(x, 4, 4), x);
    EXPECT_EQ(b.forall(x, 0, 8), Bdd::kFalse);
    EXPECT_EQ(b.lor(x, b.lnot(x)), Bdd::kTrue);
    EXPECT_EQ(b.diff(x, x), Bdd::kFalse);
}

TEST(AclEngine, FirstMatchWinsAndImplicitDeny) {
    model::Device dev;
    auto acl = make_acl({ace(P, "tcp", host("192.0.2.50"), any(), eq("22")),
                         ace(D, "ip", wc("10.0.0.0", "0.255.255.255"), any()),
                         ace(P, "tcp", wc("10.20.0.0", "0.0.255.255"), any(), eq("22"))});
    AclAnalyzer an(dev, acl);
    auto d = an.evaluate(ssh_from("192.0.2.50"));
    EXPECT_EQ(d.verdict, Verdict::permit);
    EXPECT_EQ(d.deciding, 0u);
    d = an.evaluate(ssh_from("10.20.1.1"));  // the permit at 30 is shadowed by the deny at 20
    EXPECT_EQ(d.verdict, Verdict::deny);
    EXPECT_EQ(d.deciding, 1u);
    d = an.evaluate(ssh_from("172.16.0.1"));
    EXPECT_EQ(d.verdict, Verdict::deny);
    EXPECT_FALSE(d.deciding.has_value());  // implicit deny
    auto shadows = an.shadowed();
    ASSERT_EQ(shadows.size(), 1u);
    EXPECT_EQ(shadows[0].index, 2u);
    EXPECT_EQ(shadows[0].blockers, std::vector<std::size_t>{1});
    EXPECT_TRUE(shadows[0].conflicting);
}

TEST(AclEngine, NonContiguousWildcard) {
    model::Device dev;
    // Odd third octet only: 10.0.1.x, 10.0.3.x, ...
    auto acl = make_acl({ace(P, "tcp", wc("10.0.1.0", "0.0.254.255"), any(), eq("ssh"))});
    AclAnalyzer an(dev, acl);
    EXPECT_EQ(an.evaluate(ssh_from("10.0.3.7")).verdict, Verdict::permit);
    EXPECT_EQ(an.evaluate(ssh_from("10.0.4.7")).verdict, Verdict::deny);
    auto s = an.permitted_sources(*IpAddress::parse("192.0.2.1"), 6, 22);
    ASSERT_EQ(s.permitted.size(), 1u);
    EXPECT_EQ(s.permitted[0], "10.0.1.0 wildcard 0.0.254.255");
}

TEST(AclEngine, EstablishedNeverMatchesTheFirstSyn) {
    model::Device dev;
    auto e = ace(P, "tcp", any(), any());
    e.established = true;
    auto acl = make_acl({e});
    AclAnalyzer an(dev, acl);
    auto f = ssh_from("10.1.1.1");
    EXPECT_EQ(an.evaluate(f).verdict, Verdict::deny);
    f.tcp_flags = kAck;
    EXPECT_EQ(an.evaluate(f).verdict, Verdict::permit);
    f.tcp_flags = kRst;
    EXPECT_EQ(an.evaluate(f).verdict, Verdict::permit);
    EXPECT_TRUE(an.permitted_sources(*IpAddress::parse("192.0.2.1"), 6, 22).permitted.empty());
}

TEST(AclEngine, PermittedSourcesAsPrefixes) {
    model::Device dev;
    auto acl = make_acl({ace(D, "tcp", host("10.20.5.5"), any(), eq("22")),
                         ace(P, "tcp", mask("10.20.0.0", "255.255.0.0"), host("192.0.2.1"), eq("22")),
                         ace(P, "tcp", any(), host("192.0.2.99"), eq("22"))});
    AclAnalyzer an(dev, acl);
    auto s = an.permitted_sources(*IpAddress::parse("192.0.2.1"), 6, 22);
    EXPECT_FALSE(s.permits_any);
    // 10.20.0.0/16 minus 10.20.5.5, as disjoint prefixes covering exactly 65535 addresses.
    EXPECT_EQ(s.permitted.size(), 16u);
    EXPECT_TRUE(s.unknown.empty());
    EXPECT_TRUE(an.permitted_sources(*IpAddress::parse("192.0.2.99"), 6, 22).permits_any == false);
    EXPECT_TRUE(an.permitted_sources(*IpAddress::parse("192.0.2.99"), 6, 23).permitted.empty());
}

TEST(AclEngine, ObjectGroupsRecursiveAndCycles) {
    model::Device dev;
    model::ObjectGroup inner{"INNER", "network", false, {}, {}, 1};
    inner.members.push_back({model::ObjectMember::Kind::address, host("10.9.9.9"), {}, {}, {}, {}, 2});
    model::ObjectGroup outer{"OUTER", "network", false, {}, {}, 3};
    outer.members.push_back({model::ObjectMember::Kind::group, {}, {}, {}, {}, "INNER", 4});
    outer.members.push_back({model::ObjectMember::Kind::address, wc("10.8.0.0", "0.0.255.255"), {}, {}, {}, {}, 5});
    model::ObjectGroup loop{"LOOP", "network", false, {}, {}, 6};
    loop.members.push_back({model::ObjectMember::Kind::group, {}, {}, {}, {}, "LOOP", 7});
    dev.object_groups = {inner, outer, loop};
    auto acl =
        make_acl({ace(P, "tcp", group("OUTER"), any(), eq("22")), ace(P, "tcp", group("LOOP"), any(), eq("22"))});
    AclAnalyzer an(dev, acl);
    EXPECT_EQ(an.evaluate(ssh_from("10.9.9.9")).verdict, Verdict::permit);
    EXPECT_EQ(an.evaluate(ssh_from("10.8.200.1")).verdict, Verdict::permit);
    // Reaching the cyclic group: it might permit anything, so the answer is unknown, not deny.
    EXPECT_EQ(an.evaluate(ssh_from("172.16.1.1")).verdict, Verdict::unknown);
    bool cycle_noted = false;
    for (const auto& n : an.notes()) cycle_noted = cycle_noted || n.find("cycle") != std::string::npos;
    EXPECT_TRUE(cycle_noted);
}

TEST(AclEngine, UnparsedEntryMakesDependentAnswersUnknown) {
    model::Device dev;
    Ace bad;
    bad.action = Ace::Action::unparsed;
    bad.text = "permit tcp any any eq 22 frobnicate";
    auto acl = make_acl({ace(P, "tcp", host("192.0.2.50"), any(), eq("22")), bad, ace(D, "ip", any(), any())});
    AclAnalyzer an(dev, acl);
    EXPECT_EQ(an.evaluate(ssh_from("192.0.2.50")).verdict, Verdict::permit);  // decided before it
    auto d = an.evaluate(ssh_from("10.1.1.1"));
    EXPECT_EQ(d.verdict, Verdict::unknown);
    EXPECT_EQ(d.uncertain, std::vector<std::size_t>{1});
    auto s = an.permitted_sources(*IpAddress::parse("192.0.2.1"), 6, 22);
    EXPECT_FALSE(s.unknown.empty());
}

TEST(AclEngine, TimeRangeAndInactiveNeverMatch) {
    model::Device dev;
    auto tr = ace(P, "tcp", any(), any(), eq("22"));
    tr.time_range = "WORKHOURS";
    auto inactive = ace(P, "tcp", any(), any(), eq("22"));
    inactive.state = "inactive";
    auto acl = make_acl({tr, inactive});
    AclAnalyzer an(dev, acl);
    auto d = an.evaluate(ssh_from("10.1.1.1"));
    EXPECT_EQ(d.verdict, Verdict::deny);
    EXPECT_EQ(d.skipped.size(), 2u);
}

TEST(AclEngine, PortOperatorsAndNames) {
    model::Device dev;
    auto acl = make_acl({ace(P, "tcp", any(), any(), PortMatch{PortMatch::Op::range, {"20", "ftp"}, {}}),
                         ace(P, "tcp", any(), any(), PortMatch{PortMatch::Op::gt, {"1023"}, {}}),
                         ace(D, "tcp", any(), any(), PortMatch{PortMatch::Op::neq, {"telnet"}, {}})});
    AclAnalyzer an(dev, acl);
    auto f = ssh_from("10.1.1.1");
    f.destination_port = 21;
    EXPECT_EQ(an.evaluate(f).deciding, 0u);
    f.destination_port = 8080;
    EXPECT_EQ(an.evaluate(f).deciding, 1u);
    f.destination_port = 22;
    EXPECT_EQ(an.evaluate(f).deciding, 2u);
    f.destination_port = 23;
    EXPECT_FALSE(an.evaluate(f).deciding.has_value());
}

TEST(AclEngine, Ipv6AndAsaFamilies) {
    model::Device dev;
    Address any6{Address::Kind::any6, {}, {}, -1, {}, {}};
    Address v6net{Address::Kind::prefix, "2001:db8::", {}, 32, {}, {}};
    auto acl = make_acl({ace(P, "tcp", v6net, any6, eq("22")),
                         ace(P, "tcp", Address{Address::Kind::any4, {}, {}, -1, {}, {}}, any(), eq("22"))});
    AclAnalyzer v6(dev, acl, model::AddressFamily::ipv6);
    EXPECT_EQ(v6.evaluate(ssh_from("2001:db8::5", "2001:db8:1::1")).verdict, Verdict::permit);
    EXPECT_EQ(v6.evaluate(ssh_from("2001:db9::5", "2001:db8:1::1")).verdict, Verdict::deny);
    AclAnalyzer v4(dev, acl);
    EXPECT_EQ(v4.evaluate(ssh_from("10.1.1.1")).deciding, 1u);
}

TEST(AclEngine, ShadowedAnalysisOfTenThousandEntriesIsExact) {
    model::Device dev;
    std::vector<Ace> entries;
    for (int i = 0; i < 10000; ++i) {
        const std::string net = "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".0";
        entries.push_back(ace(i % 2 ? D : P, "tcp", wc(net, "0.0.0.255"), any(), eq(std::to_string(1000 + i % 50))));
    }
    // Covered by the 10.0.x.0/24 entries with port 1000 (i = 0, 50, 100, ... up to 200 within 10.0.0.0/16? no:
    // only i%50==0 entries carry port 1000); a /16 at port 1000 is not fully covered, so not shadowed,
    // while a repeat of entry 7 is.
    entries.push_back(entries[7]);
    auto acl = make_acl(entries);
    AclAnalyzer an(dev, acl);
    auto s = an.shadowed();
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].index, 10000u);
    EXPECT_EQ(s[0].blockers, std::vector<std::size_t>{7});
}

TEST(AclEngine, BlockersAreTheLinesThatTakeThePackets) {
    model::Device dev;
    // 30 overlaps both 10 and 20, but 10 already takes all of its packets: only 10 blocks it.
    auto acl = make_acl({ace(D, "tcp", wc("10.0.0.0", "0.255.255.255"), any(), eq("22")),
                         ace(P, "tcp", wc("10.1.0.0", "0.0.255.255"), any(), eq("22")),
                         ace(P, "tcp", wc("10.1.1.0", "0.0.0.255"), any(), eq("22")),
                         // Not shadowed: 10.0.0.0/8 does not cover them.
                         ace(P, "tcp", mask("192.0.2.0", "255.255.255.0"), any(), eq("22")),
                         ace(P, "tcp", any(), any(), eq("22"))});
    AclAnalyzer an(dev, acl);
    auto s = an.shadowed();
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].index, 1u);
    EXPECT_EQ(s[0].blockers, std::vector<std::size_t>{0});
    EXPECT_EQ(s[1].index, 2u);
    EXPECT_EQ(s[1].blockers, std::vector<std::size_t>{0});
    EXPECT_TRUE(s[1].conflicting);
}

namespace {

// The analyzer orders its variables by which address field varies most (acl.cpp, Layout). The
// same leading entries must get the same answers whichever order a longer ACL makes it pick.
TEST(AclEngine, AnswersDoNotDependOnTheVariableOrder) {
    const std::vector<Ace> head = {
        ace(D, "tcp", wc("10.1.1.0", "0.0.0.255"), any(), eq("22")),
        ace(P, "tcp", wc("10.1.0.0", "0.0.255.255"), host("192.0.2.1"), eq("22")),
        ace(P, "tcp", wc("10.1.2.0", "0.0.0.255"), host("192.0.2.1"), eq("22")),  // shadowed by the /16
        ace(P, "ip", wc("10.9.0.0", "0.0.255.255"), any()),
    };
    auto source_heavy = head;
    for (int i = 0; i < 6; ++i) source_heavy.push_back(ace(D, "ip", host("172.16.0." + std::to_string(i + 1)), any()));
    auto destination_heavy = head;
    for (int i = 0; i < 6; ++i)
        destination_heavy.push_back(ace(D, "ip", any(), host("198.51.100." + std::to_string(i + 1))));

    const model::Device dev;
    for (const auto* entries : {&source_heavy, &destination_heavy}) {
        const auto acl = make_acl(*entries);
        AclAnalyzer an(dev, acl);
        auto d = an.evaluate(ssh_from("10.1.1.7"));
        EXPECT_EQ(d.verdict, Verdict::deny);
        EXPECT_EQ(d.deciding, std::optional<std::size_t>(0));
        d = an.evaluate(ssh_from("10.1.200.7"));
        EXPECT_EQ(d.verdict, Verdict::permit);
        EXPECT_EQ(d.deciding, std::optional<std::size_t>(1));
        d = an.evaluate(ssh_from("10.9.3.3", "203.0.113.9"));
        EXPECT_EQ(d.deciding, std::optional<std::size_t>(3));

        const auto s = an.permitted_sources(*IpAddress::parse("192.0.2.1"), 6, 22);
        EXPECT_FALSE(s.permits_any);
        // 10.1.0.0/16 minus the denied 10.1.1.0/24, plus 10.9.0.0/16.
        std::set<std::string> got(s.permitted.begin(), s.permitted.end());
        EXPECT_TRUE(got.count("10.9.0.0/16")) << ::testing::PrintToString(s.permitted);
        EXPECT_FALSE(got.count("10.1.1.0/24"));
        EXPECT_TRUE(got.count("10.1.0.0/24"));

        const auto shadows = an.shadowed();
        ASSERT_FALSE(shadows.empty());
        EXPECT_EQ(shadows.front().index, 2u);
        EXPECT_EQ(shadows.front().blockers, std::vector<std::size_t>{1});
    }
}

}  // namespace

TEST(AclEngine, PermitsAllSourcesDecidesCoverageWithoutListing) {
    model::Device dev;
    // 10.20.0.0/16 except 10.20.5.5 and, through a non-contiguous wildcard, the odd 10.30.x.0/24s.
    auto acl = make_acl({ace(D, "tcp", host("10.20.5.5"), any(), eq("22")),
                         ace(P, "tcp", wc("10.20.0.0", "0.0.255.255"), any(), eq("22")),
                         ace(P, "tcp", wc("10.30.1.0", "0.0.254.255"), any(), eq("22"))});
    AclAnalyzer an(dev, acl);
    const auto dst = *IpAddress::parse("192.0.2.1");
    auto net = [](const char* a) { return *IpAddress::parse(a); };
    EXPECT_TRUE(an.permits_all_sources(dst, 6, 22, net("10.20.0.0"), 24));
    EXPECT_TRUE(an.permits_all_sources(dst, 6, 22, net("10.20.5.4"), 32));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, net("10.20.5.5"), 32));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, net("10.20.5.0"), 24));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, net("10.20.0.0"), 16));
    // Host bits beyond the length do not narrow the question.
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, net("10.20.5.77"), 24));
    EXPECT_TRUE(an.permits_all_sources(dst, 6, 22, net("10.30.3.0"), 24));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, net("10.30.2.0"), 24));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, net("10.30.0.0"), 16));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, net("0.0.0.0"), 0));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 23, net("10.20.0.0"), 24));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, net("2001:db8::"), 32));  // other family
    // Asking again gives the same answer and the listing agrees.
    const auto a = an.permitted_sources(dst, 6, 22);
    const auto b = an.permitted_sources(dst, 6, 22);
    EXPECT_EQ(a.permitted, b.permitted);
    EXPECT_EQ(a.permitted.size(), 17u);  // 16 prefixes for the /16 minus one host, 1 wildcard
    EXPECT_EQ(an.permitted_sources(dst, 6, 22, 3).permitted.size(), 3u);  // the limit is part of the question
    EXPECT_TRUE(an.permitted_sources(dst, 6, 22, 3).truncated);
}

TEST(AclEngine, PermitsAllSourcesOrDoubtful) {
    model::Device dev;
    Ace bad;
    bad.action = Ace::Action::unparsed;
    bad.text = "permit tcp any any eq 22 frobnicate";
    auto acl = make_acl({ace(P, "tcp", wc("10.0.0.0", "0.255.255.255"), any(), eq("22")), bad});
    AclAnalyzer an(dev, acl);
    const auto dst = *IpAddress::parse("192.0.2.1");
    const auto everyone = *IpAddress::parse("0.0.0.0");
    EXPECT_FALSE(an.permitted_sources(dst, 6, 22).permits_any);
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, everyone, 0));
    // Permitted or depending on the unparsed line: every source.
    EXPECT_TRUE(an.permits_all_sources(dst, 6, 22, everyone, 0, true));
    EXPECT_TRUE(an.permits_all_sources(dst, 6, 22, *IpAddress::parse("10.1.0.0"), 16));
    EXPECT_FALSE(an.permits_all_sources(dst, 6, 22, *IpAddress::parse("11.1.0.0"), 16));
}
