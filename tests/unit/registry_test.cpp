#include <gtest/gtest.h>

#include "parsers/parse.hpp"

using namespace vtyguard::parsers;

TEST(CommandSlug, FollowsSpecRule) {
    EXPECT_EQ(command_slug("show running-config | section line vty"), "show_running-config_section_line_vty");
    EXPECT_EQ(command_slug("show ip ssh"), "show_ip_ssh");
    EXPECT_EQ(command_slug("  Show IP SSH  "), "show_ip_ssh");
    EXPECT_EQ(command_slug("show access-lists"), "show_access-lists");
    EXPECT_EQ(command_slug("show ip route vrf MGMT 10.0.0.1"), "show_ip_route_vrf_mgmt_10_0_0_1");
    EXPECT_EQ(command_slug("|||"), "");
}

namespace {
void noop(const ParseInput&, ParseResult&) {}

Registry sample() {
    Registry r;
    r.add({"cisco_ios", "show line", {}, Args::none, 0, &noop});
    r.add({"cisco_ios", "show line vty", {}, Args::required, 0, &noop});
    r.add({"cisco_ios",
           "show access-lists",
           {"show ip access-lists", "show ipv6 access-list"},
           Args::optional,
           0,
           &noop});
    r.add({"cisco_ios", "show ip route", {}, Args::required, 0, &noop});
    r.add({"cisco_ios", "show ip ssh", {}, Args::none, 0, &noop});
    r.add({"cisco_ios", "show running-config", {}, Args::none, 0, &noop});
    r.add({"cisco_ios", "show running-config | section line vty", {}, Args::none, 0, &noop});
    r.add({"cisco_asa", "show running-config ssh", {}, Args::none, 0, &noop});
    r.add({"cisco_asa", "show running-config", {}, Args::none, 0, &noop});
    return r;
}
}  // namespace

TEST(RegistryFind, AbbreviationsAndArguments) {
    auto r = sample();
    EXPECT_EQ(r.find("cisco_ios", "sh ip ssh").info->command, "show ip ssh");
    EXPECT_EQ(r.find("cisco_ios", "show line").info->command, "show line");
    auto m = r.find("cisco_ios", "show line vty 0 15");
    ASSERT_TRUE(m.info);
    EXPECT_EQ(m.info->command, "show line vty");
    EXPECT_EQ(m.args, "0 15");
    m = r.find("cisco_ios", "sh ip ro vrf MGMT 10.0.0.1");
    ASSERT_TRUE(m.info);
    EXPECT_EQ(m.info->command, "show ip route");
    EXPECT_EQ(m.args, "vrf MGMT 10.0.0.1");
    EXPECT_EQ(r.find("cisco_ios", "show ipv6 access-list").info->command, "show access-lists");
    EXPECT_EQ(r.find("cisco_ios", "sh ipv6 access-list").spelling, "show ipv6 access-list");
    EXPECT_EQ(r.find("cisco_ios", "show access-list").info->command, "show access-lists");
    EXPECT_EQ(r.find("cisco_ios", "show access-lists VTY").args, "VTY");
    EXPECT_EQ(r.find("cisco_ios", "sh run | s line vty").info->command, "show running-config | section line vty");
    EXPECT_EQ(r.find("cisco_ios", "show run").info->command, "show running-config");
    EXPECT_EQ(r.find("cisco_asa", "show run ssh").info->command, "show running-config ssh");
    EXPECT_EQ(r.find("cisco_ios", "show_running-config_section_line_vty").info->command,
              "show running-config | section line vty");
    EXPECT_EQ(r.find("cisco_asa", "show_running-config_ssh").info->command, "show running-config ssh");
    EXPECT_EQ(r.find("cisco_ios", "show_running-config_ssh").info, nullptr);
}

// Capture files name commands with arguments by slug; an alias's slug names its row too.
TEST(RegistryFind, SlugsWithArgumentsAndAliases) {
    Registry r;
    r.add({"linux", "systemctl is-active", {}, Args::required, 0, &noop});
    r.add({"linux", "service ssh status", {"service sshd status"}, Args::none, 0, &noop});
    r.add({"linux", "sshd -T", {}, Args::none, 0, &noop});
    auto m = r.find("linux", "systemctl_is-active_ssh_sshd");
    ASSERT_TRUE(m.info);
    EXPECT_EQ(m.info->command, "systemctl is-active");
    EXPECT_EQ(m.args, "ssh sshd");
    m = r.find("linux", "systemctl is-active ssh sshd");
    ASSERT_TRUE(m.info);
    EXPECT_EQ(m.args, "ssh sshd");
    m = r.find("linux", "service_sshd_status");
    ASSERT_TRUE(m.info);
    EXPECT_EQ(m.info->command, "service ssh status");
    EXPECT_EQ(m.spelling, "service sshd status");
    EXPECT_EQ(r.find("linux", "sshd_-t").info->command, "sshd -T");
    // a row without arguments is never extended by a slug
    EXPECT_EQ(r.find("linux", "sshd_-t_x").info, nullptr);
    EXPECT_EQ(command_slug("sshd -T"), "sshd_-t");
    EXPECT_EQ(command_slug("cat /etc/hosts.allow"), "cat_etc_hosts_allow");
}

TEST(RegistryFind, ErrorsNameTheProblem) {
    auto r = sample();
    auto m = r.find("cisco_nxos", "show ip ssh");
    EXPECT_EQ(m.info, nullptr);
    EXPECT_NE(m.error.find("unknown platform 'cisco_nxos'"), std::string::npos) << m.error;
    EXPECT_NE(m.error.find("cisco_asa, cisco_ios"), std::string::npos) << m.error;
    m = r.find("cisco_ios", "show ip bgp");
    EXPECT_EQ(m.info, nullptr);
    EXPECT_NE(m.error.find("no parser for 'show ip bgp' on cisco_ios"), std::string::npos) << m.error;
    m = r.find("cisco_ios", "show ip route");  // argument required
    EXPECT_EQ(m.info, nullptr);
    m = r.find("cisco_ios", "");
    EXPECT_EQ(m.info, nullptr);
}

TEST(Registry, BuiltRegistryRowsAreWellFormed) {
    for (const auto& row : registry().rows()) {
        EXPECT_TRUE(row.platform == "cisco_ios" || row.platform == "cisco_asa" || row.platform == "linux")
            << row.platform;
        EXPECT_NE(row.parse, nullptr) << row.command;
        EXPECT_NE(row.sections, 0u) << row.command;
        auto m = registry().find(row.platform, row.command + (row.args == Args::required ? " 10.0.0.1" : ""));
        EXPECT_EQ(m.info, &row) << row.platform << " `" << row.command << "` does not resolve to itself: " << m.error;
    }
}

// Device output carries UTF-8 (descriptions, banners, names, remarks). Every parser takes bytes
// >= 0x80 anywhere without crashing or asserting (Spirit's standard character classes asserted
// on them in Debug builds: every grammar uses ascii's), and a line it cannot read stays a
// diagnostic, never a stop: the lines around it are still read.
TEST(Registry, EveryParserTakesNonAsciiBytes) {
    const std::string utf8 =
        "B\xc3\xbcro \xe2\x80\x94 Stra\xc3\x9f"
        "e \xff\x80";
    const std::vector<std::string> texts = {
        utf8 + "\n",
        "interface Gi0/1\n description " + utf8 + "\n ip access-group T\xc3\xa9st in\n!\nhostname r\xc3\xa9\n",
        "Standard IP access list " + utf8 + "\n    10 permit 10.1.1.1 (" + utf8 + " matches)\n",
        "line vty 0 4\n access-class V\xc3\xa9 in\n transport input " + utf8 + "\n",
        "  Tty Typ     Tx/Rx    A Modem  Roty AccO AccI  Uses  Noise Overruns  Int\n" + utf8 + "  2 VTY\n",
        "uid=0(r\xc3\xa9) gid=0(root) groups=0(" + utf8 + ")\n",
    };
    for (const auto& row : registry().rows()) {
        SCOPED_TRACE(row.platform + " `" + row.command + "`");
        for (const auto& text : texts) {
            ParseResult out;
            row.parse(ParseInput{text, row.args == Args::required ? "10.0.0.1" : ""}, out);
        }
    }
    ParseResult out;
    const auto m = registry().find("cisco_ios", "show running-config");
    ASSERT_NE(m.info, nullptr) << m.error;
    m.info->parse(ParseInput{"interface Gi0/1\n description " + utf8 + "\n!\nhostname r1\n", ""}, out);
    EXPECT_EQ(out.device.hostname, "r1");
}
