// apply_config (plugin/engine/fix.hpp): the configuration-mode interpreter the fix verifier runs,
// one command form per test, IOS then ASA.
#include <gtest/gtest.h>

#include <algorithm>

#include "parsers/parse.hpp"
#include "plugin/engine/fix.hpp"
#include "plugin/engine/vty.hpp"

using namespace vtyguard;
using checks::apply_config;

namespace {

// A device as our parser reads `config` (the test fails on a diagnostic: inputs are clean).
model::Device device_from(std::string_view platform, std::string_view config) {
    parsers::ParseResult r;
    parsers::Resolved resolved;
    std::string error;
    EXPECT_TRUE(parsers::parse(platform, "show running-config", config, r, resolved, error)) << error;
    for (const auto& d : r.diagnostics) ADD_FAILURE() << "line " << d.line << ": " << d.text << ": " << d.message;
    r.device.platform = std::string(platform);
    return r.device;
}

model::Device ios(std::string_view config) {
    return device_from("cisco_ios", config);
}
model::Device asa(std::string_view config) {
    return device_from("cisco_asa", config);
}

bool apply(model::Device& d, std::string_view config, std::string& error) {
    return apply_config(d, d.platform, config, error);
}

void apply_ok(model::Device& d, std::string_view config) {
    std::string error;
    ASSERT_TRUE(apply(d, config, error)) << error;
}

std::string apply_fails(model::Device& d, std::string_view config) {
    std::string error;
    EXPECT_FALSE(apply(d, config, error)) << "applied: " << config;
    return error;
}

const model::Acl* acl(const model::Device& d, std::string_view name) {
    for (const auto& a : d.acls)
        if (a.name == name) return &a;
    return nullptr;
}

std::vector<std::uint32_t> sequences(const model::Acl& a) {
    std::vector<std::uint32_t> out;
    for (const auto& e : a.entries) out.push_back(e.sequence.value_or(0));
    return out;
}

const engine::EffectiveLine* vty(const std::vector<engine::EffectiveLine>& lines, int n) {
    for (const auto& l : lines)
        if (l.number == n) return &l;
    return nullptr;
}

}  // namespace

// ---- IOS: general ------------------------------------------------------------------------------

TEST(ApplyConfig, UnknownLineFailsNamingIt) {
    auto d = ios("hostname r1\n");
    const auto e = apply_fails(d, "hostname r2\nsnmp-server community public RO\n");
    EXPECT_NE(e.find("line 2"), std::string::npos) << e;
    EXPECT_NE(e.find("snmp-server community public RO"), std::string::npos) << e;
}

TEST(ApplyConfig, UnknownPlatformFails) {
    model::Device d;
    std::string error;
    EXPECT_FALSE(apply_config(d, "juniper_junos", "set system host-name x\n", error));
    EXPECT_NE(error.find("juniper_junos"), std::string::npos);
}

TEST(ApplyConfig, CommentsBlankLinesAndEndAreAccepted) {
    auto d = ios("hostname r1\n");
    apply_ok(d, "! a comment\n\nhostname r2\nend\n");
    EXPECT_EQ(d.hostname, "r2");
    EXPECT_NE(apply_fails(d, "end\nhostname r3\n").find("after `end`"), std::string::npos);
}

TEST(ApplyConfig, HostnameAndDomainBothSpellings) {
    auto d = ios("hostname Router\n");
    apply_ok(d, "hostname edge-r1\nip domain name example.net\n");
    EXPECT_EQ(d.hostname, "edge-r1");
    EXPECT_EQ(d.domain, "example.net");
    apply_ok(d, "ip domain-name corp.example\n");
    EXPECT_EQ(d.domain, "corp.example");
    apply_ok(d, "no ip domain name\n");
    EXPECT_FALSE(d.domain);
}

// ---- IOS: keys and the SSH server ----------------------------------------------------------------

TEST(ApplyConfig, LabelledKeyNeedsNoHostnameAndEnablesSshWithKeypairName) {
    auto d = ios("hostname Router\n");
    d.ssh.enabled = false;
    d.ssh.disabled_reason = "%Please create RSA keys to enable SSH";
    apply_ok(d, "crypto key generate rsa general-keys label SSH-KEY modulus 2048\n");
    ASSERT_EQ(d.keys.size(), 1u);
    EXPECT_EQ(d.keys[0].name, "SSH-KEY");
    EXPECT_EQ(d.keys[0].bits, 2048);
    EXPECT_EQ(d.keys[0].type, "RSA");
    EXPECT_EQ(d.ssh.enabled, false) << "SSH uses hostname.domain or the keypair-name, neither is this key yet";
    apply_ok(d, "ip ssh rsa keypair-name SSH-KEY\nip ssh version 2\n");
    EXPECT_EQ(d.ssh.enabled, true);
    EXPECT_TRUE(d.ssh.disabled_reason.empty());
    EXPECT_EQ(d.ssh.keypair_name, "SSH-KEY");
    EXPECT_EQ(d.ssh.version, "2.0") << "enabling made it 1.99 (show spelling); version 2 keeps that spelling";
}

TEST(ApplyConfig, UnlabelledKeyIsRefusedAsTheDeviceWould) {
    auto d = ios("hostname Router\nip domain name example.net\n");
    EXPECT_NE(apply_fails(d, "crypto key generate rsa modulus 2048\n").find("Router"), std::string::npos);
    auto e = ios("hostname r1\n");
    EXPECT_NE(apply_fails(e, "crypto key generate rsa general-keys modulus 2048\n").find("domain"), std::string::npos);
    auto f = ios("hostname r1\nip domain name example.net\n");
    apply_ok(f, "crypto key generate rsa general-keys modulus 2048\n");
    ASSERT_EQ(f.keys.size(), 1u);
    EXPECT_EQ(f.keys[0].name, "r1.example.net");
    EXPECT_EQ(f.ssh.enabled, true);
    EXPECT_EQ(f.ssh.version, "1.99") << "compatibility mode until `ip ssh version 2`";
}

TEST(ApplyConfig, KeyGenerationThatWouldPromptIsRefused) {
    auto d = ios("hostname r1\n");
    EXPECT_NE(apply_fails(d, "crypto key generate rsa general-keys label K\n").find("prompts"), std::string::npos);
    apply_ok(d, "crypto key generate rsa general-keys label K modulus 2048\n");
    EXPECT_NE(apply_fails(d, "crypto key generate rsa general-keys label K modulus 4096\n").find("prompts"),
              std::string::npos);
    apply_fails(d, "crypto key zeroize rsa\n");
}

TEST(ApplyConfig, ShowSpellingOfTheVersionIsKept) {
    auto d = ios("hostname r1\n");
    d.ssh.version = "1.99";  // as `show ip ssh` prints it
    apply_ok(d, "ip ssh version 2\n");
    EXPECT_EQ(d.ssh.version, "2.0");
    apply_ok(d, "no ip ssh version\n");
    EXPECT_EQ(d.ssh.version, "1.99");
}

TEST(ApplyConfig, IpSshSettings) {
    auto d = ios("hostname r1\nip ssh time-out 120\nip ssh authentication-retries 5\n");
    apply_ok(d,
             "ip ssh time-out 60\n"
             "ip ssh authentication-retries 3\n"
             "ip ssh dh min size 2048\n"
             "ip ssh server algorithm encryption aes256-ctr aes128-ctr\n"
             "ip ssh server algorithm mac hmac-sha2-256-etm@openssh.com hmac-sha2-256\n"
             "ip ssh server algorithm kex ecdh-sha2-nistp256 diffie-hellman-group14-sha256\n"
             "ip ssh server algorithm hostkey rsa-sha2-512 rsa-sha2-256\n");
    EXPECT_EQ(d.ssh.timeout_seconds, 60);
    EXPECT_EQ(d.ssh.retries, 3);
    EXPECT_EQ(d.ssh.dh_min_size, 2048);
    EXPECT_EQ(d.ssh.algorithms.encryption, (std::vector<std::string>{"aes256-ctr", "aes128-ctr"}));
    EXPECT_EQ(d.ssh.algorithms.mac.size(), 2u);
    EXPECT_EQ(d.ssh.algorithms.kex.size(), 2u);
    EXPECT_EQ(d.ssh.algorithms.hostkey, (std::vector<std::string>{"rsa-sha2-512", "rsa-sha2-256"}));
    // the old `time-out 120` line is replaced, not kept beside the new one
    const auto& cl = d.ssh.config_lines;
    EXPECT_EQ(std::count_if(cl.begin(), cl.end(),
                            [](const std::string& l) { return l.find("time-out") != std::string::npos; }),
              1);
    EXPECT_NE(std::find(cl.begin(), cl.end(), "ip ssh time-out 60"), cl.end());
    apply_ok(d, "no ip ssh time-out\nno ip ssh server algorithm encryption\nno ip ssh dh min size\n");
    EXPECT_EQ(d.ssh.timeout_seconds, 120);
    EXPECT_TRUE(d.ssh.algorithms.encryption.empty());
    EXPECT_FALSE(d.ssh.dh_min_size);
}

TEST(ApplyConfig, UnreadableIpSshFails) {
    auto d = ios("hostname r1\n");
    apply_fails(d, "ip ssh time-out sixty\n");
}

// ---- IOS: users and AAA ------------------------------------------------------------------------

TEST(ApplyConfig, UsernameWithSecretPlaceholder) {
    auto d = ios("hostname r1\n");
    apply_ok(d, "username admin privilege 15 secret {SECRET}\n");
    ASSERT_EQ(d.users.size(), 1u);
    EXPECT_EQ(d.users[0].name, "admin");
    EXPECT_EQ(d.users[0].privilege, 15);
    EXPECT_EQ(d.users[0].secret_kind, "secret");
    apply_ok(d, "username admin privilege 1\n");
    EXPECT_EQ(d.users.size(), 1u) << "the same user, updated";
    EXPECT_EQ(d.users[0].privilege, 1);
    apply_ok(d, "no username admin\n");
    EXPECT_TRUE(d.users.empty());
    apply_fails(d, "no username admin\n");
}

TEST(ApplyConfig, AaaNewModelAndMethodLists) {
    auto d = ios("hostname r1\naaa authentication login default group tacacs+\n");
    apply_ok(d,
             "aaa new-model\n"
             "aaa authentication login default group tacacs+ local\n"
             "aaa authorization exec default local\n");
    EXPECT_EQ(d.aaa.new_model, true);
    ASSERT_EQ(d.aaa.statements.size(), 2u) << "the default login list is replaced, not duplicated";
    EXPECT_EQ(d.aaa.statements[0].methods, (std::vector<std::string>{"group tacacs+", "local"}));
    EXPECT_EQ(d.aaa.statements[1].kind, "authorization");
    apply_ok(d, "no aaa authorization exec default\nno aaa new-model\n");
    EXPECT_EQ(d.aaa.statements.size(), 1u);
    EXPECT_EQ(d.aaa.new_model, false);
}

TEST(ApplyConfig, LoginBlockForWithQuietMode) {
    auto d = ios("hostname r1\n");
    apply_ok(d, "login block-for 120 attempts 3 within 60\nlogin quiet-mode access-class MGMT\n");
    ASSERT_TRUE(d.login_block);
    EXPECT_EQ(d.login_block->block_seconds, 120);
    EXPECT_EQ(d.login_block->attempts, 3);
    EXPECT_EQ(d.login_block->within_seconds, 60);
    EXPECT_EQ(d.login_block->quiet_mode_access_class, "MGMT");
    apply_ok(d, "no login quiet-mode access-class\nno login block-for\n");
    EXPECT_FALSE(d.login_block);
}

// ---- IOS: access lists -------------------------------------------------------------------------

TEST(ApplyConfig, SequencedPermitGoesBeforeTheBlockingLine) {
    auto d =
        ios("ip access-list standard VTY\n"
            " 10 permit 10.1.0.0 0.0.255.255\n"
            " 20 deny   any log\n");
    apply_ok(d, "ip access-list standard VTY\n 15 permit 10.20.0.0 0.0.255.255\n");
    const auto* a = acl(d, "VTY");
    ASSERT_TRUE(a);
    EXPECT_EQ(sequences(*a), (std::vector<std::uint32_t>{10, 15, 20}));
    // exactly what the parser reads from a configuration holding the line
    auto ref = ios("ip access-list standard X\n 15 permit 10.20.0.0 0.0.255.255\n");
    const auto& want = ref.acls.at(0).entries.at(0);
    const auto& got = a->entries[1];
    EXPECT_EQ(got.action, want.action);
    ASSERT_TRUE(got.source && want.source);
    EXPECT_EQ(got.source->kind, want.source->kind);
    EXPECT_EQ(got.source->address, "10.20.0.0");
    EXPECT_EQ(got.source->mask, "0.0.255.255");
}

TEST(ApplyConfig, EntriesWithoutNumbersAreNumberedAsTheDeviceDoes) {
    auto d =
        ios("ip access-list extended VTY-IN\n"
            " remark management\n"
            " permit tcp 10.1.0.0 0.0.255.255 any eq 22\n"
            " remark the rest\n"
            " deny   ip any any log\n");
    apply_ok(d,
             "ip access-list extended VTY-IN\n"
             " 15 permit tcp 10.20.0.0 0.0.255.255 any eq 22\n"
             " permit tcp host 192.0.2.1 any eq 22\n");
    const auto* a = acl(d, "VTY-IN");
    ASSERT_TRUE(a);
    ASSERT_EQ(a->entries.size(), 6u);
    // the new entry lands before the remark that belongs to entry 20
    EXPECT_EQ(a->entries[2].sequence, 15u);
    EXPECT_EQ(a->entries[3].action, model::Ace::Action::remark);
    EXPECT_EQ(a->entries[4].sequence, 20u);
    EXPECT_EQ(a->entries[5].sequence, 30u) << "an entry without a number is appended after the last";
}

TEST(ApplyConfig, DuplicateSequenceAndUnreadableEntryFail) {
    auto d = ios("ip access-list standard VTY\n 10 permit 10.1.0.0 0.0.255.255\n");
    EXPECT_NE(apply_fails(d, "ip access-list standard VTY\n 10 permit any\n").find("duplicate"), std::string::npos);
    apply_fails(d, "ip access-list standard VTY\n 20 permit 10.1.0.0 255.255.0.0.0\n");
}

TEST(ApplyConfig, NoSequenceRemovesAndResequenceRenumbers) {
    auto d =
        ios("ip access-list extended A\n"
            " 10 permit tcp any any eq 22\n"
            " 20 deny ip any any\n"
            " 30 permit ip any any\n");
    apply_ok(d, "ip access-list extended A\n no 30\n");
    EXPECT_EQ(sequences(*acl(d, "A")), (std::vector<std::uint32_t>{10, 20}));
    apply_fails(d, "ip access-list extended A\n no 30\n");
    apply_ok(d, "ip access-list resequence A 100 5\n");
    EXPECT_EQ(sequences(*acl(d, "A")), (std::vector<std::uint32_t>{100, 105}));
    apply_ok(d, "ip access-list extended A\n no deny ip any any\n");
    EXPECT_EQ(acl(d, "A")->entries.size(), 1u);
}

TEST(ApplyConfig, NewAclAndTypeClash) {
    auto d = ios("ip access-list standard MGMT\n 10 permit any\n");
    apply_ok(d, "ip access-list standard NEW\n 10 permit 10.0.0.0 0.255.255.255\n 20 deny any log\n");
    ASSERT_TRUE(acl(d, "NEW"));
    EXPECT_EQ(acl(d, "NEW")->type, "standard");
    EXPECT_NE(apply_fails(d, "ip access-list extended MGMT\n").find("standard"), std::string::npos);
    apply_ok(d, "no ip access-list standard NEW\n");
    EXPECT_FALSE(acl(d, "NEW"));
}

TEST(ApplyConfig, Ipv6AccessList) {
    auto d = ios("hostname r1\n");
    apply_ok(d,
             "ipv6 access-list V6-MGMT\n"
             " sequence 10 permit ipv6 2001:db8:10::/48 any\n"
             " sequence 20 deny ipv6 any any log\n");
    const auto* a = acl(d, "V6-MGMT");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->family, model::AddressFamily::ipv6);
    EXPECT_EQ(sequences(*a), (std::vector<std::uint32_t>{10, 20}));
}

TEST(ApplyConfig, NumberedAccessListAppends) {
    auto d = ios("access-list 10 permit 10.1.1.0 0.0.0.255\n");
    apply_ok(d, "access-list 10 deny any log\n");
    EXPECT_EQ(sequences(*acl(d, "10")), (std::vector<std::uint32_t>{10, 20}));
    apply_ok(d, "ip access-list standard 10\n 5 permit host 10.9.9.9\n");
    EXPECT_EQ(sequences(*acl(d, "10")), (std::vector<std::uint32_t>{5, 10, 20}));
}

// ---- IOS: lines --------------------------------------------------------------------------------

TEST(ApplyConfig, VtyRangeSettings) {
    auto d =
        ios("line vty 0 4\n"
            " transport input telnet\n"
            " login\n"
            "line vty 5 15\n"
            " transport input telnet\n");
    apply_ok(d,
             "line vty 0 15\n"
             " transport input ssh\n"
             " access-class VTY in vrf-also\n"
             " ipv6 access-class V6 in\n"
             " exec-timeout 10 0\n"
             " login local\n");
    const auto lines = engine::resolve_vty(d);
    ASSERT_EQ(lines.size(), 16u);
    for (const auto& l : lines) {
        EXPECT_EQ(l.accepts("ssh"), engine::Tri::yes) << l.number;
        EXPECT_EQ(l.accepts("telnet"), engine::Tri::no) << l.number;
        ASSERT_TRUE(l.access_class_in);
        EXPECT_EQ(l.access_class_in->acl, "VTY");
        EXPECT_TRUE(l.access_class_in->vrf_also);
        ASSERT_TRUE(l.ipv6_access_class_in);
        EXPECT_EQ(l.exec_timeout_seconds, 600);
        EXPECT_FALSE(l.exec_timeout_from_default);
        EXPECT_EQ(l.login, "local");
    }
}

TEST(ApplyConfig, PartialRangeSplitsBlocksAndLeavesOtherLinesAlone) {
    auto d =
        ios("line vty 0 15\n"
            " access-class OLD in\n"
            " transport input ssh telnet\n");
    apply_ok(d, "line vty 5 9\n no access-class OLD in\n transport input ssh\n rotary 3\n");
    const auto lines = engine::resolve_vty(d);
    ASSERT_EQ(lines.size(), 16u);
    for (int n : {0, 4, 10, 15}) {
        const auto* l = vty(lines, n);
        ASSERT_TRUE(l && l->access_class_in) << n;
        EXPECT_EQ(l->access_class_in->acl, "OLD");
        EXPECT_EQ(l->accepts("telnet"), engine::Tri::yes) << n;
        EXPECT_FALSE(l->rotary) << n;
    }
    for (int n : {5, 9}) {
        const auto* l = vty(lines, n);
        ASSERT_TRUE(l) << n;
        EXPECT_FALSE(l->access_class_in) << n;
        EXPECT_EQ(l->accepts("telnet"), engine::Tri::no) << n;
        EXPECT_EQ(l->rotary, 3) << n;
    }
}

TEST(ApplyConfig, RangeBeyondConfiguredLinesAddsThem) {
    auto d = ios("line vty 0 4\n transport input ssh\n");
    apply_ok(d, "line vty 0 15\n login authentication VTY\n");
    const auto lines = engine::resolve_vty(d);
    ASSERT_EQ(lines.size(), 16u);
    EXPECT_EQ(vty(lines, 3)->accepts("ssh"), engine::Tri::yes);
    EXPECT_EQ(vty(lines, 12)->login, "authentication");
    EXPECT_EQ(vty(lines, 12)->login_authentication, "VTY");
}

TEST(ApplyConfig, AuxAndConsoleLines) {
    auto d = ios("line con 0\n exec-timeout 0 0\nline aux 0\n");
    apply_ok(d, "line aux 0\n no exec\n transport input none\n exec-timeout 10 0\nline con 0\n exec-timeout 10 0\n");
    const auto aux =
        std::find_if(d.lines.begin(), d.lines.end(), [](const model::LineBlock& l) { return l.type == "aux"; });
    ASSERT_NE(aux, d.lines.end());
    EXPECT_EQ(aux->exec, false);
    EXPECT_EQ(aux->transport_input, (std::vector<std::string>{"none"}));
    const auto con =
        std::find_if(d.lines.begin(), d.lines.end(), [](const model::LineBlock& l) { return l.type == "con"; });
    EXPECT_EQ(con->exec_timeout_minutes, 10);
}

TEST(ApplyConfig, GlobalStatementLeavesLineMode) {
    auto d = ios("line vty 0 4\n");
    apply_ok(d, "line vty 0 4\n transport input ssh\nusername admin privilege 15 secret {SECRET}\n");
    EXPECT_EQ(d.users.size(), 1u);
    const auto e = apply_fails(d, "line vty 0 4\n exec-timeout ten\n");
    EXPECT_NE(e.find("exec-timeout ten"), std::string::npos) << e;
}

TEST(ApplyConfig, NoFormsInLineMode) {
    auto d =
        ios("line vty 0 4\n"
            " access-class A in\n"
            " ipv6 access-class B in\n"
            " rotary 2\n"
            " exec-timeout 0 0\n"
            " login authentication X\n");
    apply_ok(d,
             "line vty 0 4\n"
             " no access-class A in\n"
             " no ipv6 access-class B in\n"
             " no rotary\n"
             " no exec-timeout\n"
             " no login authentication\n");
    const auto lines = engine::resolve_vty(d);
    for (const auto& l : lines) {
        EXPECT_FALSE(l.access_class_in);
        EXPECT_FALSE(l.ipv6_access_class_in);
        EXPECT_FALSE(l.rotary);
        EXPECT_TRUE(l.exec_timeout_from_default);
        EXPECT_FALSE(l.login_authentication);
    }
}

TEST(ApplyConfig, DefaultTransportInputAndRemovedLines) {
    auto d = ios("line vty 0 4\n transport input telnet\nline vty 5 15\n transport input ssh\n");
    apply_ok(d, "line vty 0 4\n default transport input\n");
    auto lines = engine::resolve_vty(d);
    ASSERT_EQ(lines.size(), 16u);
    EXPECT_FALSE(vty(lines, 0)->transport_input) << "the release default, not known for this device";
    EXPECT_EQ(vty(lines, 5)->accepts("ssh"), engine::Tri::yes);
    apply_ok(d, "no line vty 10 15\n");
    lines = engine::resolve_vty(d);
    EXPECT_EQ(lines.size(), 10u);
    EXPECT_FALSE(vty(lines, 10));
    EXPECT_TRUE(vty(lines, 9));
}

TEST(ApplyConfig, NoSequenceInIpv6AccessList) {
    auto d = ios("ipv6 access-list V6\n sequence 10 permit ipv6 2001:db8::/32 any\n sequence 20 deny ipv6 any any\n");
    apply_ok(d, "ipv6 access-list V6\n no sequence 10\n");
    ASSERT_TRUE(acl(d, "V6"));
    EXPECT_EQ(sequences(*acl(d, "V6")), (std::vector<std::uint32_t>{20}));
}

// ---- IOS: interfaces and management-plane protection -------------------------------------------

TEST(ApplyConfig, InterfaceAccessGroup) {
    auto d = ios("interface GigabitEthernet0/1\n ip address 10.0.0.1 255.255.255.0\n");
    apply_ok(d, "interface GigabitEthernet0/1\n ip access-group EDGE-IN in\n ipv6 traffic-filter V6-IN in\n");
    ASSERT_EQ(d.interfaces.size(), 1u);
    EXPECT_EQ(d.interfaces[0].access_group_in, "EDGE-IN");
    EXPECT_EQ(d.interfaces[0].ipv6_filter_in, "V6-IN");
    EXPECT_EQ(d.interfaces[0].ipv4.size(), 1u) << "the rest of the interface is kept";
    apply_ok(d, "interface GigabitEthernet0/1\n no ip access-group EDGE-IN in\n");
    EXPECT_FALSE(d.interfaces[0].access_group_in);
    apply_fails(d, "interface GigabitEthernet0/1\n speed 100\n");
}

TEST(ApplyConfig, ManagementInterface) {
    auto d = ios("control-plane host\n management-interface GigabitEthernet0/0 allow snmp\n");
    apply_ok(d, "control-plane host\n management-interface GigabitEthernet0/1 allow ssh\n");
    ASSERT_TRUE(d.management_plane);
    ASSERT_EQ(d.management_plane->size(), 2u);
    EXPECT_EQ((*d.management_plane)[1].protocols, (std::vector<std::string>{"ssh"}));
    apply_ok(d, "control-plane host\n management-interface GigabitEthernet0/0 allow snmp ssh\n");
    EXPECT_EQ((*d.management_plane)[0].protocols, (std::vector<std::string>{"snmp", "ssh"}));
    apply_ok(d, "control-plane host\n no management-interface GigabitEthernet0/1 allow ssh\n");
    EXPECT_EQ(d.management_plane->size(), 1u);
}

// ---- ASA ---------------------------------------------------------------------------------------

TEST(ApplyConfigAsa, SshAllowEntriesNarrowBeforeBroad) {
    auto d = asa("hostname fw1\nssh 0.0.0.0 0.0.0.0 outside\n");
    apply_ok(d, "ssh 10.20.0.0 255.255.0.0 inside\nno ssh 0.0.0.0 0.0.0.0 outside\n");
    ASSERT_EQ(d.ssh.allow.size(), 1u);
    EXPECT_EQ(d.ssh.allow[0].source.address, "10.20.0.0");
    EXPECT_EQ(d.ssh.allow[0].source.mask, "255.255.0.0");
    EXPECT_EQ(d.ssh.allow[0].interface, "inside");
    apply_ok(d, "ssh 10.20.0.0 255.255.0.0 inside\n");
    EXPECT_EQ(d.ssh.allow.size(), 1u) << "the ASA keeps one copy";
    EXPECT_NE(apply_fails(d, "no ssh 0.0.0.0 0.0.0.0 outside\n").find("no such entry"), std::string::npos);
}

TEST(ApplyConfigAsa, SshSettings) {
    auto d = asa("hostname fw1\nssh version 1\nssh timeout 30\nssh key-exchange group dh-group1-sha1\n");
    apply_ok(d,
             "ssh version 2\n"
             "ssh timeout 5\n"
             "ssh key-exchange group dh-group14-sha256\n"
             "ssh cipher encryption high\n"
             "ssh cipher integrity high\n");
    EXPECT_EQ(d.ssh.version, "2");
    EXPECT_EQ(d.ssh.session_timeout_minutes, 5);
    EXPECT_EQ(d.ssh.key_exchange_groups, (std::vector<std::string>{"dh-group14-sha256"}));
    EXPECT_EQ(d.ssh.cipher_encryption, "high");
    EXPECT_EQ(d.ssh.cipher_integrity, "high");
    const auto& cl = d.ssh.config_lines;
    EXPECT_EQ(std::find(cl.begin(), cl.end(), "ssh version 1"), cl.end());
    EXPECT_NE(std::find(cl.begin(), cl.end(), "ssh version 2"), cl.end());
}

TEST(ApplyConfigAsa, TelnetRemoval) {
    auto d = asa("hostname fw1\ntelnet 10.1.1.0 255.255.255.0 inside\ntelnet timeout 5\n");
    apply_ok(d, "no telnet 10.1.1.0 255.255.255.0 inside\n");
    EXPECT_TRUE(d.telnet.empty());
    apply_fails(d, "no telnet 10.1.1.0 255.255.255.0 inside\n");
}

TEST(ApplyConfigAsa, KeyGenerationNeedsNoconfirmAndReplacesInPlace) {
    auto d = asa("hostname fw1\n");
    model::CryptoKey old;
    old.name = "<Default-RSA-Key>";
    old.type = "RSA";
    old.bits = 1024;
    d.keys.push_back(old);
    EXPECT_NE(apply_fails(d, "crypto key generate rsa modulus 2048\n").find("noconfirm"), std::string::npos);
    apply_ok(d, "crypto key generate rsa modulus 2048 noconfirm\n");
    ASSERT_EQ(d.keys.size(), 1u);
    EXPECT_EQ(d.keys[0].bits, 2048);
    EXPECT_EQ(d.keys[0].name, "<Default-RSA-Key>");
}

TEST(ApplyConfigAsa, AaaAndUsername) {
    auto d = asa("hostname fw1\naaa authentication ssh console RADIUS\n");
    apply_ok(d, "username admin password {SECRET} privilege 15\naaa authentication ssh console RADIUS LOCAL\n");
    ASSERT_EQ(d.users.size(), 1u);
    EXPECT_EQ(d.users[0].privilege, 15);
    EXPECT_EQ(d.users[0].secret_kind, "password");
    ASSERT_EQ(d.aaa.statements.size(), 1u);
    EXPECT_EQ(d.aaa.statements[0].methods.back(), "LOCAL");
}

TEST(ApplyConfigAsa, AccessListLineInsertsAtPosition) {
    auto d =
        asa("access-list CP extended deny tcp any any eq ssh\n"
            "access-list CP extended permit ip any any\n"
            "access-group CP in interface outside control-plane\n");
    apply_ok(d, "access-list CP line 1 extended permit tcp 10.20.0.0 255.255.0.0 any eq ssh\n");
    const auto* a = acl(d, "CP");
    ASSERT_TRUE(a);
    ASSERT_EQ(a->entries.size(), 3u);
    EXPECT_EQ(a->entries[0].action, model::Ace::Action::permit);
    ASSERT_TRUE(a->entries[0].source);
    EXPECT_EQ(a->entries[0].source->address, "10.20.0.0");
    EXPECT_FALSE(a->entries[0].sequence) << "a configuration ACL carries no line numbers";
    apply_fails(d, "access-list CP line 9 extended permit ip any any\n");
    apply_ok(d, "no access-list CP extended deny tcp any any eq ssh\n");
    EXPECT_EQ(acl(d, "CP")->entries.size(), 2u);
}

TEST(ApplyConfigAsa, AccessGroupAndManagementAccess) {
    auto d = asa("hostname fw1\n");
    apply_ok(d, "access-group MGMT in interface inside control-plane\nmanagement-access inside\n");
    ASSERT_EQ(d.access_groups.size(), 1u);
    EXPECT_TRUE(d.access_groups[0].control_plane);
    apply_ok(d, "no access-group MGMT in interface inside control-plane\n");
    EXPECT_TRUE(d.access_groups.empty());
}

TEST(ApplyConfigAsa, IosOnlyStatementsAreRefused) {
    auto d = asa("hostname fw1\n");
    apply_fails(d, "line vty 0 4\n");
    apply_fails(d, "ip ssh version 2\n");
}
