// Offline audits (plugin/engine/audit.hpp): configuration backups and their platform detection,
// device folders and meta.yaml, capture file names, and folders where some devices cannot be
// audited. Backups are in tests/backups (see its README); broken files are made here from them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/checks.hpp"

namespace fs = std::filesystem;
using namespace vtyguard::checks;

namespace {

const fs::path kBackups = VTYGUARD_BACKUPS_DIR;
const fs::path kAudit = VTYGUARD_AUDIT_DIR;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A scratch folder removed at the end of the test.
class Scratch {
public:
    Scratch() {
        static std::atomic<int> n{0};
        dir_ = fs::temp_directory_path() /
               ("vtyguard-audit-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    const fs::path& dir() const { return dir_; }
    fs::path write(const std::string& rel, const std::string& text) const {
        const fs::path p = dir_ / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

private:
    fs::path dir_;
};

struct Loaded {
    bool ok = false;
    DeviceEvidence ev;
    std::string error;
};

Loaded load(const fs::path& p) {
    Loaded l;
    l.ok = load_device(p.string(), l.ev, l.error);
    return l;
}

// ---------------------------------------------------------------------------------------------
// Backups: which platform, or which refusal.

struct BackupCase {
    std::string file;
    std::string platform;  // empty: refused
    std::string message;   // a part of the refusal
};

class Backup : public ::testing::TestWithParam<BackupCase> {};

TEST_P(Backup, DetectedOrRefusedByName) {
    const auto& c = GetParam();
    const fs::path p = kBackups / c.file;
    const Loaded l = load(p);
    if (c.platform.empty()) {
        ASSERT_FALSE(l.ok) << c.file << " was loaded as " << l.ev.platform;
        EXPECT_NE(l.error.find(c.message), std::string::npos) << l.error;
        EXPECT_EQ(l.error.rfind(p.string() + ":", 0), 0u) << "the message names the file: " << l.error;
        return;
    }
    ASSERT_TRUE(l.ok) << l.error;
    EXPECT_EQ(l.ev.platform, c.platform);
    EXPECT_TRUE(l.ev.config_backup);
    EXPECT_EQ(l.ev.name, p.stem().string());
    ASSERT_EQ(l.ev.captures.size(), 1u);
    EXPECT_EQ(l.ev.captures[0].command, "show running-config");
    EXPECT_EQ(l.ev.captures[0].file, p.string());
    for (const auto& d : l.ev.captures[0].diagnostics)
        ADD_FAILURE() << c.file << ":" << d.line << ": not understood: " << d.text << " (" << d.message << ")";
    // A running-config states these sections even where it has no line for them.
    EXPECT_TRUE(l.ev.has(vtyguard::parsers::kAaa));
    EXPECT_TRUE(l.ev.has(vtyguard::parsers::kUsers));
    EXPECT_TRUE(l.ev.has(vtyguard::parsers::kHostname));
    EXPECT_TRUE(l.ev.device.hostname.has_value());
    // ... and not what only show commands say.
    EXPECT_FALSE(l.ev.has(vtyguard::parsers::kPrivilege));
    EXPECT_FALSE(l.ev.has(vtyguard::parsers::kKeys));
}

INSTANTIATE_TEST_SUITE_P(
    Audit, Backup,
    ::testing::Values(BackupCase{"rancid-ios.cfg", "cisco_ios", ""}, BackupCase{"oxidized-iosxe.cfg", "cisco_ios", ""},
                      BackupCase{"rancid-asa.cfg", "cisco_asa", ""}, BackupCase{"asa-plain.conf", "cisco_asa", ""},
                      BackupCase{"nxos.cfg", "", ":2: not a supported platform: looks like Cisco NX-OS"},
                      BackupCase{"rancid-nxos.cfg", "", ":1: not a supported platform: looks like Cisco NX-OS"},
                      BackupCase{"iosxr.cfg", "", ":2: not a supported platform: looks like Cisco IOS-XR"},
                      BackupCase{"junos.conf", "", ":1: not a supported platform: looks like Junos"},
                      BackupCase{"arista.cfg", "", ":1: not a supported platform: looks like Arista EOS"},
                      BackupCase{"notes.txt", "", ":1: not a recognisable Cisco IOS or ASA configuration"}),
    [](const ::testing::TestParamInfo<BackupCase>& i) {
        std::string n = i.param.file;
        for (auto& ch : n)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return n;
    });

TEST(AuditBackup, BackupHostnameAndSectionsComeFromTheConfig) {
    const Loaded l = load(kBackups / "rancid-ios.cfg");
    ASSERT_TRUE(l.ok) << l.error;
    EXPECT_EQ(l.ev.device.hostname.value_or(""), "access-sw3");
    EXPECT_TRUE(l.ev.has(vtyguard::parsers::kLines));
    EXPECT_EQ(l.ev.device.lines.size(), 3u);  // con 0, vty 0 4, vty 5 15
    EXPECT_TRUE(l.ev.address.empty());
}

TEST(AuditBackup, NxosVersionWithParenthesesIsNotIos) {
    std::string platform, error;
    EXPECT_FALSE(
        detect_platform("version 9.3(8)\nhostname leaf\ninterface Ethernet1/1\nline vty\nend\n", "x", platform, error));
    EXPECT_NE(error.find("x:1: not a supported platform: looks like Cisco NX-OS"), std::string::npos) << error;
    EXPECT_EQ(platform, "Cisco NX-OS");
    platform.clear();
    EXPECT_TRUE(detect_platform("version 15.2\nhostname r1\nend\n", "x", platform, error)) << error;
    EXPECT_EQ(platform, "cisco_ios");
}

TEST(AuditBackup, IosAndAsaInOneFileIsRefused) {
    const std::string ios = slurp(kBackups / "rancid-ios.cfg"), asa = slurp(kBackups / "asa-plain.conf");
    std::string platform, error;
    EXPECT_FALSE(detect_platform(ios + asa, "both.cfg", platform, error));
    EXPECT_NE(error.find("mixes IOS"), std::string::npos) << error;
}

TEST(AuditBackup, RancidContentTypeCiscoLeavesTheChoiceToTheText) {
    std::string platform, error;
    EXPECT_TRUE(detect_platform("!RANCID-CONTENT-TYPE: cisco\n!\nASA Version 9.8(4)\nhostname fw\n: end\n", "f",
                                platform, error))
        << error;
    EXPECT_EQ(platform, "cisco_asa");
    EXPECT_FALSE(detect_platform("!RANCID-CONTENT-TYPE: fortigate\nconfig system global\nend\n", "f", platform, error));
    EXPECT_NE(error.find("FortiOS"), std::string::npos) << error;
}

TEST(AuditBackup, EmptyFilesAreRefused) {
    Scratch s;
    for (const std::string text : {"", "\n\n", "   \r\n\t\n"}) {
        const Loaded l = load(s.write("empty.cfg", text));
        ASSERT_FALSE(l.ok);
        EXPECT_NE(l.error.find("empty"), std::string::npos) << l.error;
        EXPECT_NE(l.error.find("empty.cfg"), std::string::npos) << l.error;
    }
}

TEST(AuditBackup, BinaryJunkIsRefusedWithoutCrashing) {
    Scratch s;
    std::mt19937 rng(7);
    for (int round = 0; round < 20; ++round) {
        std::string junk(static_cast<std::size_t>(64 + round * 97), '\0');
        for (auto& c : junk) c = static_cast<char>(rng() & 0xFF);
        const Loaded l = load(s.write("junk.cfg", junk));
        ASSERT_FALSE(l.ok);
        EXPECT_NE(l.error.find("junk.cfg"), std::string::npos) << l.error;
    }
    // A good configuration with binary garbage appended (a failed transfer) is not read either.
    std::string bad = slurp(kBackups / "rancid-ios.cfg");
    bad += std::string("\x00\x01\x02\xff\xfe\x00", 6) + std::string(200, '\x00');
    const Loaded l = load(s.write("r.cfg", bad));
    ASSERT_FALSE(l.ok);
    EXPECT_NE(l.error.find("binary data"), std::string::npos) << l.error;
}

TEST(AuditBackup, TruncatedBackupsAreRefusedAtTheLastLine) {
    Scratch s;
    for (const std::string file : {"rancid-ios.cfg", "oxidized-iosxe.cfg", "rancid-asa.cfg", "asa-plain.conf"}) {
        const std::string full = slurp(kBackups / file);
        // Cut at every 7th line boundary before the end marker: each cut must be refused.
        std::vector<std::size_t> cuts;
        for (std::size_t i = 0, n = 0; i < full.size(); ++i)
            if (full[i] == '\n' && ++n % 7 == 0) cuts.push_back(i + 1);
        const std::size_t end_marker = full.rfind(file.find("asa") != std::string::npos ? "\n: end" : "\nend");
        ASSERT_NE(end_marker, std::string::npos) << file;
        for (std::size_t cut : cuts) {
            if (cut > end_marker) break;
            const Loaded l = load(s.write(file, full.substr(0, cut)));
            if (l.ok) {
                ADD_FAILURE() << file << " cut after byte " << cut << " was loaded";
                continue;
            }
            // Cuts inside the header (before any configuration) are "not recognised"; the rest
            // are named as truncated, with the line where the text stops.
            if (l.error.find("not a recognisable") == std::string::npos)
                EXPECT_NE(l.error.find("truncated"), std::string::npos) << file << " cut at " << cut << ": " << l.error;
        }
        // Mid-line cut: the last line is half a command.
        const Loaded mid = load(s.write(file, full.substr(0, end_marker - 3)));
        ASSERT_FALSE(mid.ok);
        EXPECT_NE(mid.error.find("truncated"), std::string::npos) << mid.error;
        EXPECT_NE(mid.error.find(file + ":"), std::string::npos) << mid.error;
        // The complete file loads.
        EXPECT_TRUE(load(s.write(file, full)).ok) << file;
    }
}

TEST(AuditBackup, DeviceNameDropsOnlyConfigExtensions) {
    Scratch s;
    const std::string cfg = slurp(kBackups / "rancid-ios.cfg");
    EXPECT_EQ(load(s.write("router.cfg", cfg)).ev.name, "router");
    EXPECT_EQ(load(s.write("router.conf", cfg)).ev.name, "router");
    EXPECT_EQ(load(s.write("core1.example.net", cfg)).ev.name, "core1.example.net");  // RANCID names files by host
    EXPECT_EQ(load(s.write("10.0.0.1", cfg)).ev.name, "10.0.0.1");
}

TEST(AuditBackup, CorpusRunningConfigsAreDetected) {
    const fs::path corpus = VTYGUARD_CORPUS_DIR;
    if (!fs::exists(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
    int seen = 0;
    for (const auto& [folder, want] : {std::pair<std::string, std::string>{"ios_show_running_config", "cisco_ios"},
                                       {"asa_show_running_config", "cisco_asa"},
                                       {"nxos_show_running_config", ""}}) {
        if (!fs::exists(corpus / folder)) continue;
        for (const auto& e : fs::directory_iterator(corpus / folder)) {
            const std::string text = slurp(e.path());
            std::string platform, error;
            const bool ok = detect_platform(text, e.path().string(), platform, error);
            ++seen;
            if (want.empty()) {
                EXPECT_FALSE(ok) << e.path() << " read as " << platform;
                EXPECT_NE(error.find("NX-OS"), std::string::npos) << error;
            } else {
                EXPECT_TRUE(ok) << error;
                EXPECT_EQ(platform, want) << e.path();
            }
        }
    }
    EXPECT_GT(seen, 0);
}

// ---------------------------------------------------------------------------------------------
// Device folders and meta.yaml

const char* kShowIpSsh =
    "r1#show ip ssh\nSSH Enabled - version 2.0\nAuthentication timeout: 60 secs; "
    "Authentication retries: 3\nr1#\n";

TEST(AuditFolder, MetaYamlErrorsNameFileAndLine) {
    Scratch s;
    struct Case {
        std::string meta;
        std::string where;  // `meta.yaml:N:`
        std::string what;
    };
    for (const Case& c :
         {Case{"platform: cisco_ios\nhostname: r1\nadress: 10.0.0.1\n", "meta.yaml:3:", "unknown key 'adress'"},
          Case{"platform: cisco_nxos\n", "meta.yaml:1:", "platform 'cisco_nxos' is not supported"},
          Case{"platform: cisco_ios\naddress: [10.0.0.1, 10.0.0.2]\n",
               "meta.yaml:2:", "`address` must be a single value"},
          Case{"- cisco_ios\n", "meta.yaml:1:", "must be a mapping"},
          Case{"platform: cisco_ios\nhostname: r1: r2\naddress: 10.0.0.1\n", "meta.yaml:2:", "illegal map value"}}) {
        s.write("r1/meta.yaml", c.meta);
        s.write("r1/show_ip_ssh.txt", kShowIpSsh);
        const Loaded l = load(s.dir() / "r1");
        ASSERT_FALSE(l.ok) << c.meta;
        EXPECT_NE(l.error.find((s.dir() / "r1" / c.where).string()), std::string::npos) << l.error;
        EXPECT_NE(l.error.find(c.what), std::string::npos) << l.error;
    }
}

TEST(AuditFolder, MetaYamlGivesPlatformAddressAndHostname) {
    Scratch s;
    s.write("r1/meta.yaml", "platform: cisco_xe\nhostname: r1-meta\naddress: 192.0.2.7\n");
    s.write("r1/show_ip_ssh.txt", kShowIpSsh);
    const Loaded l = load(s.dir() / "r1");
    ASSERT_TRUE(l.ok) << l.error;
    EXPECT_EQ(l.ev.platform, "cisco_ios");  // Netmiko's name for IOS-XE
    EXPECT_EQ(l.ev.address, "192.0.2.7");
    EXPECT_EQ(l.ev.device.hostname.value_or(""), "r1-meta");  // no capture states one
    EXPECT_FALSE(l.ev.config_backup);
    EXPECT_EQ(l.ev.name, "r1");
}

TEST(AuditFolder, WithoutMetaThePlatformComesFromTheCaptures) {
    Scratch s;
    s.write("r1/show_running-config.txt", slurp(kBackups / "rancid-ios.cfg"));
    s.write("r1/show_ip_ssh.txt", kShowIpSsh);
    Loaded l = load(s.dir() / "r1");
    ASSERT_TRUE(l.ok) << l.error;
    EXPECT_EQ(l.ev.platform, "cisco_ios");

    s.write("fw/show_version.txt", "fw# show version\n\nCisco Adaptive Security Appliance Software Version 9.16(4)\n");
    s.write("fw/show_running-config_ssh.txt", "fw# show running-config ssh\nssh version 2\nfw#\n");
    l = load(s.dir() / "fw");
    ASSERT_TRUE(l.ok) << l.error;
    EXPECT_EQ(l.ev.platform, "cisco_asa");

    s.write("nx/show_version.txt",
            "Cisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\n");
    l = load(s.dir() / "nx");
    ASSERT_FALSE(l.ok);
    EXPECT_NE(l.error.find("looks like Cisco NX-OS"), std::string::npos) << l.error;

    s.write("nx2/show_running-config.txt", slurp(kBackups / "nxos.cfg"));
    l = load(s.dir() / "nx2");
    ASSERT_FALSE(l.ok);
    EXPECT_NE(l.error.find("looks like Cisco NX-OS"), std::string::npos) << l.error;

    s.write("x/show_ip_ssh.txt", kShowIpSsh);
    l = load(s.dir() / "x");
    ASSERT_FALSE(l.ok);
    EXPECT_NE(l.error.find("no platform"), std::string::npos) << l.error;
}

TEST(AuditFolder, CapturesAreNamedByCommandSlug) {
    Scratch s;
    s.write("r1/meta.yaml", "platform: cisco_ios\n");
    s.write("r1/show_ip_ssh.txt", kShowIpSsh);
    s.write("r1/show_privilege.txt", "Current privilege level is 15\n");
    s.write("r1/show_running-config_section_line_vty.txt", "line vty 0 4\n transport input ssh\n");
    Loaded l = load(s.dir() / "r1");
    ASSERT_TRUE(l.ok) << l.error;
    std::vector<std::string> commands;
    for (const auto& c : l.ev.captures) commands.push_back(c.command);
    EXPECT_EQ(commands,
              (std::vector<std::string>{"show ip ssh", "show privilege", "show running-config | section line vty"}));
    EXPECT_EQ(l.ev.privilege().value_or(0), 15);

    s.write("r1/show_bgp_summary.txt", "nothing\n");
    l = load(s.dir() / "r1");
    ASSERT_FALSE(l.ok);
    EXPECT_NE(l.error.find("show_bgp_summary.txt"), std::string::npos) << l.error;

    s.write("bin/meta.yaml", "platform: cisco_ios\n");
    s.write("bin/show_ip_ssh.txt", std::string("SSH\x00\x01\x02", 6) + std::string(100, '\x00'));
    l = load(s.dir() / "bin");
    ASSERT_FALSE(l.ok);
    EXPECT_NE(l.error.find("binary data"), std::string::npos) << l.error;
}

TEST(AuditFolder, RouteCaptureFileNamesGiveTheirCommands) {
    EXPECT_EQ(command_for_capture("show_ip_route_10_20_0_5", ""), "show ip route 10.20.0.5");
    EXPECT_EQ(command_for_capture("show_ip_route_10_20_0_0_255_255_0_0", ""), "show ip route 10.20.0.0 255.255.0.0");
    EXPECT_EQ(command_for_capture("show_route_10_20_0_5", ""), "show route 10.20.0.5");
    // The slug lowercases the VRF: the routing table line or the echo gives its case back.
    EXPECT_EQ(command_for_capture("show_ip_route_vrf_mgmt_10_20_0_5", ""), "show ip route vrf mgmt 10.20.0.5");
    EXPECT_EQ(command_for_capture("show_ip_route_vrf_mgmt_10_20_0_5",
                                  "\nRouting Table: MGMT\nRouting entry for 10.20.0.0/16\n"),
              "show ip route vrf MGMT 10.20.0.5");
    EXPECT_EQ(
        command_for_capture("show_ip_route_vrf_mgmt-intf_10_20_0_5", "r1#show ip route vrf Mgmt-intf 10.20.0.5\n"),
        "show ip route vrf Mgmt-intf 10.20.0.5");
    EXPECT_EQ(command_for_capture("show_ip_route_vrf_oob_mgmt_10_20_0_5", "Routing Table: OOB_MGMT\n"),
              "show ip route vrf OOB_MGMT 10.20.0.5");
    // An echo that is not this command (another capture pasted in) is not believed.
    EXPECT_EQ(command_for_capture("show_ip_route_10_20_0_5", "r1#show ip route 10.99.0.1\n"),
              "show ip route 10.20.0.5");
    // Other slugs go to the registry as they are.
    EXPECT_EQ(command_for_capture("show_running-config_section_line_vty", "x"), "show_running-config_section_line_vty");
    // `show line vty 0 {last}` keeps its line numbers; anything else after it is left to the registry.
    EXPECT_EQ(command_for_capture("show_line_vty_0_15", ""), "show line vty 0 15");
    EXPECT_EQ(command_for_capture("show_line_vty_0", ""), "show line vty 0");
    EXPECT_EQ(command_for_capture("show_line_vty_x", ""), "show_line_vty_x");
}

TEST(AuditFolder, RouteCapturesLoadWithTheirVrf) {
    Scratch s;
    s.write("r1/meta.yaml", "platform: cisco_ios\n");
    s.write("r1/show_ip_route_vrf_mgmt_10_20_0_5.txt",
            "\nRouting Table: MGMT\nRouting entry for 10.20.0.0/16\n  Known via \"static\", distance 1, metric 0\n"
            "  Routing Descriptor Blocks:\n  * 192.0.2.1\n      Route metric is 0, traffic share count is 1\n");
    const Loaded l = load(s.dir() / "r1");
    ASSERT_TRUE(l.ok) << l.error;
    ASSERT_EQ(l.ev.captures.size(), 1u);
    EXPECT_EQ(l.ev.captures[0].command, "show ip route vrf MGMT 10.20.0.5");
    for (const auto& d : l.ev.captures[0].diagnostics)
        ADD_FAILURE() << d.line << ": " << d.text << " (" << d.message << ")";
    ASSERT_EQ(l.ev.routes.size(), 1u);
    EXPECT_EQ(l.ev.routes[0].vrf, "MGMT");
}

// ---------------------------------------------------------------------------------------------
// audit_device and audit_folder

TEST(AuditDevice, FindingsCausesFixesAndDiagnostics) {
    DeviceEvidence ev;
    std::string error;
    ASSERT_TRUE(load_device((kBackups / "asa-plain.conf").string(), ev, error)) << error;
    Policy policy;
    policy.management_sources = {"10.20.6.0/24"};
    policy.targets["asa-plain"] = "10.20.6.1";
    policy.targets["other"] = "192.0.2.99";

    AuditOptions no_fix;
    no_fix.fixes = false;
    const DeviceReport plain = audit_device(ev, policy, no_fix);
    EXPECT_EQ(plain.status, "audited");
    EXPECT_EQ(plain.device, "asa-plain");
    EXPECT_EQ(plain.hostname, "fw3");
    EXPECT_EQ(plain.platform, "cisco_asa");
    EXPECT_EQ(plain.address, "10.20.6.1");  // from the policy's targets
    EXPECT_EQ(plain.evidence.address, "10.20.6.1");
    EXPECT_TRUE(plain.evidence.config_backup);
    EXPECT_TRUE(plain.plan.fix.empty());
    for (const auto& f : plain.findings) EXPECT_FALSE(f.fix.has_value()) << f.check;
    // The findings are run_checks' own, and the causes are likely_causes' ids.
    const auto expect = run_checks(plain.evidence, policy);
    ASSERT_EQ(plain.findings.size(), expect.size());
    for (std::size_t i = 0; i < expect.size(); ++i) {
        EXPECT_EQ(plain.findings[i].check, expect[i].check);
        EXPECT_EQ(plain.findings[i].verdict, expect[i].verdict) << expect[i].check;
    }
    std::vector<std::string> causes;
    for (const Finding* f : likely_causes(expect)) causes.push_back(f->check);
    EXPECT_EQ(plain.likely_cause, causes);
    const auto v1 = std::find_if(plain.findings.begin(), plain.findings.end(),
                                 [](const Finding& f) { return f.check == "ASA-102"; });
    ASSERT_NE(v1, plain.findings.end());
    EXPECT_EQ(v1->verdict, Verdict::fail);  // `ssh version 1`

    AuditOptions with_fix;
    const DeviceReport fixed = audit_device(ev, policy, with_fix);
    EXPECT_FALSE(fixed.plan.fix.empty());
    EXPECT_TRUE(std::any_of(fixed.findings.begin(), fixed.findings.end(),
                            [](const Finding& f) { return f.fix && !f.fix->plan.empty(); }));

    // An address the evidence states is not replaced by the policy's.
    ev.address = "198.51.100.1";
    EXPECT_EQ(audit_device(ev, policy, no_fix).address, "198.51.100.1");
}

TEST(AuditDevice, DiagnosticsNameFileLineTextAndReason) {
    DeviceEvidence ev;
    ev.name = "r9";
    ev.platform = "cisco_ios";
    std::string error;
    ASSERT_TRUE(
        add_capture(ev, "show running-config",
                    "hostname r9\n% Invalid input detected at '^' marker.\nline vty 0 4\n transport input ssh\nend\n",
                    "fleet/r9/show_running-config.txt", error))
        << error;
    merge_captures(ev);
    const DeviceReport r = audit_device(ev, Policy{}, AuditOptions{});
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(
        r.diagnostics[0].rfind("fleet/r9/show_running-config.txt:2: % Invalid input detected at '^' marker. (", 0), 0u)
        << r.diagnostics[0];
    EXPECT_EQ(r.diagnostics[0].back(), ')');
}

TEST(AuditDevice, EvidenceThatCannotBeAuditedIsAnError) {
    DeviceEvidence ev;
    ev.name = "nothing";
    ev.platform = "cisco_ios";
    DeviceReport r = audit_device(ev, Policy{}, AuditOptions{});
    EXPECT_EQ(r.status, "error");
    EXPECT_NE(r.error.find("no captures"), std::string::npos);
    EXPECT_TRUE(r.findings.empty());

    ev.platform = "juniper";
    r = audit_device(ev, Policy{}, AuditOptions{});
    EXPECT_EQ(r.status, "error");
    EXPECT_NE(r.error.find("juniper"), std::string::npos);
}

TEST(AuditFolderRun, OneBrokenDeviceDoesNotLoseTheOthers) {
    Scratch s;
    s.write("a-good.cfg", slurp(kBackups / "rancid-ios.cfg"));
    s.write("b-nxos.cfg", slurp(kBackups / "nxos.cfg"));
    s.write("c-folder/meta.yaml", "platform: cisco_ios\nbogus: 1\n");
    s.write("c-folder/show_ip_ssh.txt", kShowIpSsh);
    s.write("d-fw/meta.yaml", "platform: cisco_asa\nhostname: d-fw\n");
    s.write("d-fw/show_running-config_ssh.txt", "d-fw# show running-config ssh\nssh 10.0.0.0 255.0.0.0 inside\n");
    s.write("e-empty.cfg", "");
    s.write("README.md", "not a device\n");
    s.write(".hidden.cfg", "not a device either\n");
    s.write("policy.yaml", "management_sources: [10.0.0.0/8]\n");
    fs::create_directories(s.dir() / ".git");

    Policy policy;
    policy.targets["b-nxos"] = "192.0.2.41";
    std::vector<DeviceReport> reports;
    std::string error;
    ASSERT_TRUE(audit_folder(s.dir().string(), policy, AuditOptions{}, reports, error)) << error;
    std::vector<std::string> names, statuses;
    for (const auto& r : reports) {
        names.push_back(r.device);
        statuses.push_back(r.status);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"a-good", "b-nxos", "c-folder", "d-fw", "e-empty"}));
    EXPECT_EQ(statuses, (std::vector<std::string>{"audited", "error", "error", "audited", "error"}));
    EXPECT_FALSE(reports[0].findings.empty());
    EXPECT_EQ(reports[0].hostname, "access-sw3");
    EXPECT_NE(reports[1].error.find("NX-OS"), std::string::npos) << reports[1].error;
    EXPECT_EQ(reports[1].platform, "Cisco NX-OS");  // what it looks like, for the report
    EXPECT_EQ(reports[1].address, "192.0.2.41");
    EXPECT_TRUE(reports[1].findings.empty());
    EXPECT_NE(reports[2].error.find("meta.yaml:2: unknown key 'bogus'"), std::string::npos) << reports[2].error;
    EXPECT_EQ(reports[3].platform, "cisco_asa");
    EXPECT_FALSE(reports[3].findings.empty());
    EXPECT_NE(reports[4].error.find("empty"), std::string::npos) << reports[4].error;
}

TEST(AuditFolderRun, FolderErrorsAreUsageErrors) {
    Scratch s;
    std::vector<DeviceReport> reports;
    std::string error;
    EXPECT_FALSE(audit_folder((s.dir() / "missing").string(), Policy{}, AuditOptions{}, reports, error));
    EXPECT_NE(error.find("missing: no such folder"), std::string::npos) << error;

    EXPECT_FALSE(audit_folder(s.dir().string(), Policy{}, AuditOptions{}, reports, error));
    EXPECT_NE(error.find("no device folders or configuration backups"), std::string::npos) << error;

    const fs::path file = s.write("r.cfg", slurp(kBackups / "rancid-ios.cfg"));
    EXPECT_FALSE(audit_folder(file.string(), Policy{}, AuditOptions{}, reports, error));
    EXPECT_NE(error.find("not a folder"), std::string::npos) << error;

    s.write("dev/meta.yaml", "platform: cisco_ios\n");
    s.write("dev/show_ip_ssh.txt", kShowIpSsh);
    EXPECT_FALSE(audit_folder((s.dir() / "dev").string(), Policy{}, AuditOptions{}, reports, error));
    EXPECT_NE(error.find("is itself a device folder"), std::string::npos) << error;
    EXPECT_TRUE(reports.empty());
}

TEST(AuditFolderRun, TheCliFleetAudits) {
    Policy policy;
    std::string error;
    ASSERT_TRUE(load_policy((kAudit / "policy.yaml").string(), policy, error)) << error;
    std::vector<DeviceReport> reports;
    ASSERT_TRUE(audit_folder((kAudit / "fleet1").string(), policy, AuditOptions{}, reports, error)) << error;
    ASSERT_EQ(reports.size(), 3u);  // README.md is no device
    EXPECT_EQ(reports[0].device, "branch-r3");
    EXPECT_TRUE(reports[0].evidence.config_backup);
    ASSERT_FALSE(reports[0].likely_cause.empty());
    EXPECT_EQ(reports[0].likely_cause.front(), "SSH-005");  // telnet only on every vty line
    EXPECT_EQ(reports[1].device, "edge-r2");
    ASSERT_FALSE(reports[1].likely_cause.empty());
    EXPECT_EQ(reports[1].likely_cause.front(), "SSH-007");  // the vty ACL denies before it permits
    EXPECT_EQ(reports[2].device, "fw4");
    EXPECT_EQ(reports[2].platform, "cisco_asa");  // from show_version.txt: no meta.yaml
    EXPECT_EQ(reports[2].address, "10.20.50.1");  // from the policy's targets
    for (const auto& r : reports) {
        EXPECT_EQ(r.status, "audited") << r.device << ": " << r.error;
        EXPECT_TRUE(r.diagnostics.empty()) << r.device << ": " << r.diagnostics.front();
    }
}

}  // namespace

TEST(LikelyCauses, AnImageWithoutSshOutranksEveryOtherCause) {
    auto failing = [](const char* id, Severity s) {
        Finding f;
        f.check = id;
        f.verdict = Verdict::fail;
        f.severity = s;
        return f;
    };
    // Catalogue order and equal severity would put SSH-005 first.
    const std::vector<Finding> findings{failing("SSH-005", Severity::critical), failing("SSH-015", Severity::critical),
                                        failing("SSH-103", Severity::high)};
    const auto causes = likely_causes(findings);
    ASSERT_EQ(causes.size(), 2u);  // section A only
    EXPECT_EQ(causes[0]->check, "SSH-015");
    EXPECT_EQ(causes[1]->check, "SSH-005");
}
