#include <gtest/gtest.h>

#include "plugin/engine/vty.hpp"

using namespace vtyguard;
using namespace vtyguard::engine;

namespace {
model::LineBlock block(int a, int b) {
    model::LineBlock l;
    l.type = "vty";
    l.first = a;
    l.last = b;
    return l;
}
}  // namespace

TEST(Vty, RangesDifferAndLaterBlocksOverride) {
    model::Device d;
    auto low = block(0, 4);
    low.transport_input = std::vector<std::string>{"ssh"};
    low.access_class_in = model::AccessClass{"MGMT", false, 3};
    auto high = block(5, 15);
    high.transport_input = std::vector<std::string>{"telnet", "ssh"};
    auto override_one = block(15, 15);
    override_one.transport_input = std::vector<std::string>{"none"};
    d.lines = {low, high, override_one};
    auto lines = resolve_vty(d);
    ASSERT_EQ(lines.size(), 16u);
    EXPECT_EQ(lines[0].accepts("ssh"), Tri::yes);
    EXPECT_EQ(lines[0].accepts("telnet"), Tri::no);
    EXPECT_TRUE(lines[4].access_class_in.has_value());
    EXPECT_FALSE(lines[5].access_class_in.has_value());  // the classic 5 15 bypass
    EXPECT_EQ(lines[5].accepts("telnet"), Tri::yes);
    EXPECT_EQ(lines[15].accepts("ssh"), Tri::no);
    EXPECT_EQ(lines[15].blocks, (std::vector<std::size_t>{1, 2}));
}

TEST(Vty, AbsentTransportIsUnknownUnlessTheReleaseDefaultIsKnown) {
    model::Device d;
    d.lines = {block(0, 4)};
    auto lines = resolve_vty(d);
    EXPECT_EQ(lines[0].accepts("ssh"), Tri::unknown);
    d.version = model::Version{"IOS", "17.9", {}, {}, {}, {}, {}};
    EXPECT_EQ(resolve_vty(d)[0].accepts("ssh"), Tri::unknown);
    d.version = model::Version{"IOS", "12.4(15)T", {}, {}, {}, {}, {}};
    auto old = resolve_vty(d);
    EXPECT_EQ(old[0].accepts("ssh"), Tri::yes);
    EXPECT_EQ(old[0].accepts("telnet"), Tri::yes);
    EXPECT_TRUE(old[0].transport_from_default);
}

TEST(Vty, ExecTimeoutDefaultsToTenMinutes) {
    model::Device d;
    auto b = block(0, 4);
    d.lines = {b};
    EXPECT_EQ(resolve_vty(d)[0].exec_timeout_seconds, 600);
    b.exec_timeout_minutes = 0;
    b.exec_timeout_seconds = 0;
    d.lines = {b};
    EXPECT_EQ(resolve_vty(d)[0].exec_timeout_seconds, 0);
    EXPECT_FALSE(resolve_vty(d)[0].exec_timeout_from_default);
}
