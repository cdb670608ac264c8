// ASA checks and SSH-017 (plugin/engine/checks_asa.cpp): the details the device fixtures do not
// pin (verdicts are in tests/devices): exact prefix coverage, the line a control-plane permit goes
// before, lock-out-safe ordering of the ASA `ssh` fix, client profiles, and every ASA fix applied
// to the model making its own check pass.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/checks.hpp"
#include "plugin/engine/fix.hpp"

namespace fs = std::filesystem;
using namespace vtyguard::checks;

namespace {

using Captures = std::vector<std::pair<std::string, std::string>>;

DeviceEvidence device(const std::string& platform, const Captures& captures, const std::string& address = {}) {
    DeviceEvidence ev;
    ev.name = "test";
    ev.platform = platform;
    ev.address = address;
    for (const auto& [command, text] : captures) {
        std::string error;
        EXPECT_TRUE(add_capture(ev, command, text, {}, error)) << error;
    }
    merge_captures(ev);
    for (const auto& c : ev.captures)
        for (const auto& d : c.diagnostics) ADD_FAILURE() << c.command << ":" << d.line << ": " << d.text;
    return ev;
}

Policy policy(const std::string& yaml) {
    Policy p;
    std::string error;
    EXPECT_TRUE(parse_policy(yaml, "policy.yaml", p, error)) << error;
    return p;
}

Finding finding(const DeviceEvidence& ev, const Policy& p, const std::string& id) {
    for (auto& f : run_checks(ev, p))
        if (f.check == id) return f;
    ADD_FAILURE() << id << " did not run";
    return {};
}

std::string render(const DeviceEvidence& ev, const Finding& f, const std::string& part) {
    std::string out, error;
    EXPECT_TRUE(f.fix_request.has_value()) << f.check << " has no fix request";
    if (!f.fix_request) return {};
    const std::string name = f.fix_request->template_name.empty() ? f.check : f.fix_request->template_name;
    EXPECT_TRUE(render_template(ev.platform, name, part, f.fix_request->data, out, error)) << error;
    return out;
}

// The device after `config`, checked again.
Finding after(const DeviceEvidence& ev, const Policy& p, const std::string& id, const std::string& config) {
    DeviceEvidence patched = ev;
    std::string error;
    EXPECT_TRUE(apply_config(patched.device, ev.platform, config, error)) << error << "\n" << config;
    return finding(patched, p, id);
}

const char* kNameif =
    "fw# show nameif\n"
    "Interface                Name                     Security\n"
    "GigabitEthernet0/0       outside                    0\n"
    "GigabitEthernet0/1       inside                   100\n"
    "Management0/0            management               100\n"
    "fw#\n";

std::string route(const std::string& addr, const std::string& prefix, const std::string& hop) {
    return "fw# show route " + addr + "\n\nRouting entry for " + prefix +
           "\n  Known via \"static\", distance 1, metric 0\n  Routing Descriptor Blocks:\n  * " + hop +
           "\n      Route metric is 0, traffic share count is 1\n\nfw#\n";
}

TEST(AsaChecks, Asa001NamesTheUncoveredPartAndAddsTheWholeSource) {
    const auto ev =
        device("cisco_asa",
               {{"show running-config ssh",
                 "ssh 10.99.0.0 255.255.128.0 inside\n"
                 "ssh 10.99.128.0 255.255.192.0 inside\n"},
                {"show nameif", kNameif},
                {"show route 10.99.0.1", route("10.99.0.1", "10.99.0.0 255.255.0.0", "10.10.0.254, via inside")}});
    const auto p = policy("management_sources: [10.99.0.0/16]\n");
    const auto f = finding(ev, p, "ASA-001");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_NE(f.reason.find("10.99.192.0/18"), std::string::npos) << f.reason;
    EXPECT_EQ(render(ev, f, "fix"), "ssh 10.99.0.0 255.255.0.0 inside\n");
    EXPECT_EQ(render(ev, f, "rollback"), "no ssh 10.99.0.0 255.255.0.0 inside\n");
    EXPECT_EQ(after(ev, p, "ASA-001", render(ev, f, "fix")).verdict, Verdict::pass);
}

TEST(AsaChecks, Asa001FailsWithoutIngressWhenNoInterfaceHasAnEntry) {
    const auto ev = device("cisco_asa", {{"show running-config ssh", "ssh 10.30.0.0 255.255.255.0 inside\n"}});
    const auto f = finding(ev, policy("management_sources: [10.20.0.0/24]\n"), "ASA-001");
    EXPECT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_FALSE(f.fix_request) << "the nameif to add the entry on is not known";
    EXPECT_FALSE(f.message.empty());
}

TEST(AsaChecks, Asa001UnknownWhenAnotherInterfaceCoversAndIngressIsUnknown) {
    const auto ev = device("cisco_asa", {{"show running-config ssh", "ssh 10.20.0.0 255.255.0.0 inside\n"}});
    EXPECT_EQ(finding(ev, policy("management_sources: [10.20.0.0/24]\n"), "ASA-001").verdict, Verdict::unknown);
}

const char* kCpGroups =
    "fw# show running-config access-group\n"
    "access-group CP_MGMT in interface management control-plane\n"
    "fw#\n";

TEST(AsaChecks, Asa007PermitsBeforeTheDecidingLineHighestFirst) {
    // 10.20.0.0/24 is denied by line 3, 10.21.0.0/24 by the implicit deny after line 4 (a permit
    // for another network), so its permit is appended; the insert at line 3 comes first.
    const auto ev = device(
        "cisco_asa",
        {{"show running-config access-group", kCpGroups},
         {"show access-list",
          "access-list CP_MGMT; 4 elements; name hash: 0x4c1a2b3d\n"
          "access-list CP_MGMT line 1 remark jump hosts only\n"
          "access-list CP_MGMT line 2 extended permit tcp 10.30.0.0 255.255.255.0 any eq ssh (hitcnt=1) 0x1b2c3d4e\n"
          "access-list CP_MGMT line 3 extended deny tcp 10.20.0.0 255.255.255.0 any eq ssh (hitcnt=0) 0x2c3d4e5f\n"
          "access-list CP_MGMT line 4 extended permit tcp 10.40.0.0 255.255.0.0 any eq ssh (hitcnt=0) 0x3d4e5f60\n"},
         {"show nameif", kNameif},
         {"show route 10.20.0.5", route("10.20.0.5", "10.20.0.0 255.255.255.0", "10.0.0.2, via management")},
         {"show route 10.21.0.5", route("10.21.0.5", "10.21.0.0 255.255.255.0", "10.0.0.2, via management")}},
        "10.20.0.1");
    const auto p = policy("management_sources: [10.21.0.0/24, 10.20.0.0/24]\n");
    const auto f = finding(ev, p, "ASA-007");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    ASSERT_EQ(f.acl.size(), 2u);
    EXPECT_FALSE(f.acl[0].deciding) << "10.21.0.0/24: the implicit deny decides";
    ASSERT_TRUE(f.acl[1].deciding);
    EXPECT_EQ(f.acl[1].deciding->line, 4u);
    EXPECT_EQ(render(ev, f, "fix"),
              "access-list CP_MGMT line 3 extended permit tcp 10.20.0.0 255.255.255.0 host 10.20.0.1 eq ssh\n"
              "access-list CP_MGMT extended permit tcp 10.21.0.0 255.255.255.0 host 10.20.0.1 eq ssh\n");
    EXPECT_EQ(after(ev, p, "ASA-007", render(ev, f, "fix")).verdict, Verdict::pass);
}

TEST(AsaChecks, Asa007NotApplicableWithoutControlPlaneGroupOnTheIngress) {
    const auto ev =
        device("cisco_asa",
               {{"show running-config access-group", "access-group CP_OUT in interface outside control-plane\n"},
                {"show access-list", "access-list CP_OUT line 1 extended deny ip any any (hitcnt=0) 0x15c8e3d2\n"},
                {"show nameif", kNameif},
                {"show route 10.20.0.5", route("10.20.0.5", "10.20.0.0 255.255.255.0", "10.0.0.2, via management")}},
               "10.20.0.1");
    EXPECT_EQ(finding(ev, policy("management_sources: [10.20.0.0/24]\n"), "ASA-007").verdict, Verdict::not_applicable);
}

TEST(AsaChecks, Asa101AddsTheNarrowEntryBeforeRemovingTheBroadOne) {
    const auto ev =
        device("cisco_asa",
               {{"show running-config ssh",
                 "ssh 0.0.0.0 0.0.0.0 outside\n"
                 "ssh 10.20.0.0 255.255.255.0 management\n"},
                {"show nameif", kNameif},
                {"show route 198.51.100.7", route("198.51.100.7", "0.0.0.0 0.0.0.0", "203.0.113.1, via outside")},
                {"show route 10.20.0.5", route("10.20.0.5", "10.20.0.0 255.255.255.0", "10.0.0.2, via management")}});
    const auto p = policy("management_sources: [10.20.0.0/24, 198.51.100.0/24]\n");
    const auto f = finding(ev, p, "ASA-101");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_EQ(f.severity, Severity::critical) << "outside has the lowest security level";
    const auto fix = render(ev, f, "fix");
    EXPECT_EQ(fix, "ssh 198.51.100.0 255.255.255.0 outside\nno ssh 0.0.0.0 0.0.0.0 outside\n");
    EXPECT_EQ(render(ev, f, "rollback"), "ssh 0.0.0.0 0.0.0.0 outside\nno ssh 198.51.100.0 255.255.255.0 outside\n");
    EXPECT_EQ(after(ev, p, "ASA-101", fix).verdict, Verdict::pass);
    EXPECT_EQ(after(ev, p, "ASA-001", fix).verdict, Verdict::pass) << "the NOC keeps its way in";
}

TEST(AsaChecks, Asa003CreatesTheLocalUserFirstWhenThereIsNone) {
    const auto ev = device("cisco_asa", {{"show running-config aaa", "aaa authentication enable console LOCAL\n"},
                                         {"show running-config username", "fw# show running-config username\nfw#\n"}});
    const auto p = policy("admin_user: netops\n");
    const auto f = finding(ev, p, "ASA-003");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_EQ(f.severity, Severity::critical);
    const auto fix = render(ev, f, "fix");
    EXPECT_EQ(fix, "username netops password {SECRET} privilege 15\naaa authentication ssh console LOCAL\n");
    EXPECT_EQ(after(ev, p, "ASA-004", fix).verdict, Verdict::pass);
}

TEST(AsaChecks, Asa106SetsAKeyExchangeLeftToTheDefault) {
    const auto ev = device("cisco_asa", {{"show running-config ssh",
                                          "ssh cipher encryption high\n"
                                          "ssh cipher integrity medium\n"}});
    const auto f = finding(ev, {}, "ASA-106");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_EQ(render(ev, f, "fix"), "ssh key-exchange group dh-group14-sha256\nssh cipher integrity high\n");
    EXPECT_EQ(render(ev, f, "rollback"), "no ssh key-exchange group\nssh cipher integrity medium\n");
}

std::string show_ip_ssh(const std::string& hostkey, const std::string& encryption, const std::string& mac) {
    return "r1#show ip ssh\n"
           "SSH Enabled - version 2.0\n"
           "Authentication methods:publickey,keyboard-interactive,password\n"
           "Hostkey Algorithms:" +
           hostkey + "\nEncryption Algorithms:" + encryption + "\nMAC Algorithms:" + mac +
           "\nKEX Algorithms:ecdh-sha2-nistp256,diffie-hellman-group14-sha256\n"
           "Authentication timeout: 60 secs; Authentication retries: 3\n"
           "Minimum expected Diffie Hellman key size : 2048 bits\n"
           "IOS Keys in SECSH format(ssh-rsa, base64 encoded): NONE\n";
}

TEST(Ssh017, AnAeadCipherNeedsNoCommonMac) {
    const auto ev =
        device("cisco_ios", {{"show ip ssh", show_ip_ssh("rsa-sha2-256", "aes256-gcm@openssh.com", "hmac-sha1-96")}});
    EXPECT_EQ(finding(ev, {}, "SSH-017").verdict, Verdict::pass);
    const auto ctr = device("cisco_ios", {{"show ip ssh", show_ip_ssh("rsa-sha2-256", "aes256-ctr", "hmac-sha1-96")}});
    EXPECT_EQ(finding(ctr, {}, "SSH-017").verdict, Verdict::fail);
}

TEST(Ssh017, ProfilesDiffer) {
    const auto ev = device("cisco_ios", {{"show ip ssh", show_ip_ssh("ssh-rsa", "aes256-ctr", "hmac-sha2-256")}});
    EXPECT_EQ(finding(ev, policy("client_profile: openssh-9\n"), "SSH-017").verdict, Verdict::fail);
    EXPECT_EQ(finding(ev, policy("client_profile: openssh-8\n"), "SSH-017").verdict, Verdict::pass);
    EXPECT_EQ(finding(ev, policy("client_profile: putty-0.60\n"), "SSH-017").verdict, Verdict::unknown);
}

TEST(Ssh017, ServerFixOnlyWhereTheReleaseHasTheAlgorithmsAndWorkaroundUsesOpensshNames) {
    const auto ev =
        device("cisco_ios", {{"show ip ssh", show_ip_ssh("x509v3-ssh-rsa,ssh-rsa", "aes256-ctr", "hmac-sha2-256")}});
    const auto f = finding(ev, {}, "SSH-017");
    ASSERT_EQ(f.verdict, Verdict::fail);
    EXPECT_FALSE(f.fix_request) << "the release is not known to support rsa-sha2";
    EXPECT_NE(f.message.find("HostKeyAlgorithms=+ssh-rsa"), std::string::npos) << f.message;
    EXPECT_EQ(f.message.find("x509v3"), std::string::npos) << "OpenSSH does not implement it: " << f.message;
}

// Every fix of an ASA check in tests/devices, applied to the model, makes its own check pass and
// renders nothing more when planned again (SSH-017 on ASA may stay unknown: the host-key algorithms
// of an ASA are not in the evidence).
TEST(AsaChecks, DeviceFixturesFixesPassAfterApply) {
    const fs::path root = VTYGUARD_DEVICES_DIR;
    int fixes = 0;
    for (const auto& platform : {"cisco_asa", "cisco_ios"}) {
        if (!fs::exists(root / platform)) continue;
        for (const auto& dir : fs::directory_iterator(root / platform)) {
            DeviceEvidence ev;
            std::string error;
            ASSERT_TRUE(load_device(dir.path().string(), ev, error)) << error;
            Policy p;
            if (fs::exists(dir.path() / "policy.yaml"))
                ASSERT_TRUE(load_policy((dir.path() / "policy.yaml").string(), p, error)) << error;
            for (const auto& f : run_checks(ev, p)) {
                const bool mine = f.check.rfind("ASA-", 0) == 0 || f.check == "SSH-017";
                if (!mine || f.verdict != Verdict::fail || !f.fix_request) continue;
                ++fixes;
                const auto fix = render(ev, f, "fix");
                EXPECT_FALSE(fix.empty()) << dir.path() << " " << f.check;
                EXPECT_EQ(fix.find("{{"), std::string::npos) << fix;
                const auto again = after(ev, p, f.check, fix);
                if (f.check == "SSH-017" && ev.platform == "cisco_asa")
                    EXPECT_NE(again.verdict, Verdict::fail) << dir.path() << ": " << again.reason;
                else
                    EXPECT_EQ(again.verdict, Verdict::pass) << dir.path() << " " << f.check << ": " << again.reason;
                EXPECT_FALSE(again.fix_request) << dir.path() << " " << f.check << " is not idempotent";
            }
        }
    }
    EXPECT_GE(fixes, 15);
}

}  // namespace

TEST(Ssh017, ABackupNamesTheConfigLinesAsTheSourceOfTheLists) {
    const auto ev = device("cisco_ios", {{"show running-config",
                                          "hostname r1\n"
                                          "ip domain name lab.example\n"
                                          "ip ssh server algorithm kex diffie-hellman-group14-sha1\n"
                                          "ip ssh server algorithm hostkey ssh-rsa\n"
                                          "ip ssh server algorithm encryption aes128-cbc\n"
                                          "ip ssh server algorithm mac hmac-sha1\n"}});
    const auto f = finding(ev, {}, "SSH-017");
    ASSERT_EQ(f.verdict, Verdict::fail) << f.reason;
    EXPECT_EQ(f.reason.find("show ip ssh"), std::string::npos) << f.reason;
    EXPECT_NE(f.reason.find("ip ssh server algorithm"), std::string::npos) << f.reason;
}
