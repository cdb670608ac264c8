// Inventories (plugin/inventory/inventory.hpp): every format against realistic fixtures in
// tests/inventories/, variable precedence, ProxyJump/ProxyCommand parsing, ssh_config semantics,
// errors with file and line, secret redaction, sharding.
#include "plugin/inventory/inventory.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>

namespace {

namespace fs = std::filesystem;
using namespace vtyguard::inventory;
using namespace std::chrono_literals;

const std::string kDir = VTYGUARD_INVENTORIES_DIR;
const std::string kHome = "/home/vtyguard-test";

// Paths with `~` expand from HOME: make them the same on every machine.
const bool kHomeSet = [] {
    setenv("HOME", kHome.c_str(), 1);
    return true;
}();

// Every inline secret in the fixtures; none may show in any output.
const std::vector<std::string> kSecrets = {"Br3akGl4ss!", "En@ble 1", "Fw-Enable#9", "Def4ult-Pass",
                                           "lab-pass",    "lab pass", "lab-enable",  "En4ble-From-File"};

Inventory load(const std::string& rel, Format format = Format::automatic) {
    Inventory inv;
    InventoryError error;
    EXPECT_TRUE(load_inventory(kDir + "/" + rel, format, inv, error)) << error.str();
    return inv;
}

const Host& host(const Inventory& inv, const std::string& name) {
    static const Host missing{};
    const Host* h = inv.find(name);
    EXPECT_NE(h, nullptr) << "no host " << name;
    return h ? *h : missing;
}

std::vector<std::string> names(const Inventory& inv) {
    std::vector<std::string> out;
    for (const auto& h : inv.hosts) out.push_back(h.name);
    return out;
}

std::vector<std::string> hops(const Host& h) {
    std::vector<std::string> out;
    for (const auto& j : h.jump) out.push_back(j.str());
    return out;
}

// The error a text gives; the test fails if it parses.
InventoryError error_of(const std::string& text, const std::string& name, Format format = Format::automatic) {
    Inventory inv;
    InventoryError error;
    EXPECT_FALSE(parse_inventory(text, name, format, inv, error)) << "parsed: " << text;
    return error;
}

void expect_no_secret(const std::string& text) {
    for (const auto& s : kSecrets) EXPECT_EQ(text.find(s), std::string::npos) << "secret '" << s << "' in: " << text;
}

class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "vtyguard-inventory-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& rel, const std::string& text) const {
        const fs::path p = path_ / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// ---- vtyguard's own YAML ----

TEST(VtyguardYaml, LayersDefaultsCredentialsGroupsAndHosts) {
    const Inventory inv = load("vtyguard/fleet.yaml");
    EXPECT_EQ(inv.format, Format::vtyguard);
    EXPECT_EQ(names(inv),
              (std::vector<std::string>{"dc1-core-1", "dc1-core-2", "dc1-fw-1", "branch-sw-7", "lab-r1", "bastion"}));

    const Host& core1 = host(inv, "dc1-core-1");
    EXPECT_EQ(core1.platform, "cisco_ios");  // from `cisco`, the parent of `dc1`
    EXPECT_EQ(core1.address, "10.1.0.1");
    EXPECT_EQ(core1.effective_port(), 22);
    EXPECT_EQ(core1.user, "netops");
    EXPECT_EQ(core1.password.kind, Secret::Kind::env);
    EXPECT_EQ(core1.password.ref, "VTYGUARD_TEST_NETOPS_PASSWORD");
    EXPECT_EQ(core1.enable.kind, Secret::Kind::file);
    EXPECT_EQ(core1.enable.ref, kDir + "/vtyguard/secrets/enable.txt");
    EXPECT_EQ(core1.groups, (std::vector<std::string>{"dc1", "cisco"}));
    EXPECT_EQ(core1.timeouts.connect, 5s);
    EXPECT_EQ(core1.timeouts.command, 30s);
    EXPECT_EQ(core1.timeouts.device, 2min);
    // `bastion` is reached through `outer`: the whole chain, outermost first.
    EXPECT_EQ(hops(core1), (std::vector<std::string>{"jump@192.0.2.10", "jump@10.255.0.10:2222"}));
    ASSERT_EQ(core1.jump.size(), 2u);
    EXPECT_EQ(core1.jump[0].identity_files, (std::vector<std::string>{"/etc/vtyguard/outer_ed25519"}));
    EXPECT_EQ(core1.jump[1].identity_files, (std::vector<std::string>{kDir + "/vtyguard/keys/bastion_ed25519"}));
    EXPECT_EQ(core1.origin.str(), kDir + "/vtyguard/fleet.yaml:46");

    const Host& core2 = host(inv, "dc1-core-2");
    EXPECT_TRUE(core2.legacy_crypto);
    EXPECT_EQ(core2.timeouts.command, 90s);  // `legacy` over the defaults
    EXPECT_EQ(core2.timeouts.connect, 5s);   // the rest of the defaults' timeouts stay
    EXPECT_EQ(core2.user, "oldops");         // the host over everything
    EXPECT_EQ(core2.groups, (std::vector<std::string>{"legacy", "dc1", "cisco"}));

    // `firewalls` comes first: its platform and credentials win over `dc1`/`cisco` and the
    // defaults, field by field (breakglass has no enable secret: the defaults' stays).
    const Host& fw = host(inv, "dc1-fw-1");
    EXPECT_EQ(fw.platform, "cisco_asa");
    EXPECT_EQ(fw.user, "admin");
    EXPECT_EQ(fw.password.kind, Secret::Kind::inline_value);
    EXPECT_EQ(fw.enable.kind, Secret::Kind::file);
    EXPECT_EQ(fw.identity_files, (std::vector<std::string>{kDir + "/vtyguard/keys/admin_ed25519"}));
    EXPECT_EQ(fw.jump.size(), 2u);

    const Host& sw = host(inv, "branch-sw-7");
    EXPECT_EQ(sw.via_device, "dc1-core-1");
    EXPECT_EQ(sw.transport, Transport::telnet);
    EXPECT_EQ(sw.effective_port(), 23);
    EXPECT_TRUE(sw.jump.empty());

    const Host& lab = host(inv, "lab-r1");
    EXPECT_EQ(lab.port, 2201);
    EXPECT_EQ(lab.host_key_checking, HostKeyCheck::accept_new);
    EXPECT_EQ(lab.known_hosts_file, kDir + "/vtyguard/known_hosts");
    EXPECT_EQ(lab.source_address, "127.0.0.5");
    EXPECT_TRUE(lab.jump.empty());

    // `audit: true` makes a jump host a Linux host of the inventory, reached through its own chain.
    const Host& bastion = host(inv, "bastion");
    EXPECT_EQ(bastion.platform, "linux");
    EXPECT_EQ(bastion.address, "10.255.0.10");
    EXPECT_EQ(bastion.port, 2222);
    EXPECT_EQ(hops(bastion), (std::vector<std::string>{"jump@192.0.2.10"}));
}

TEST(VtyguardYaml, SecretsReadFromEnvironmentFileAndInventory) {
    const Inventory inv = load("vtyguard/fleet.yaml");
    std::string value;
    InventoryError error;
    ASSERT_TRUE(read_secret(host(inv, "dc1-core-1").enable, value, error)) << error.str();
    EXPECT_EQ(value, "En4ble-From-File");  // without the trailing newline
    ASSERT_TRUE(read_secret(host(inv, "dc1-fw-1").password, value, error));
    EXPECT_EQ(value, "Br3akGl4ss!");

    unsetenv("VTYGUARD_TEST_NETOPS_PASSWORD");
    EXPECT_FALSE(read_secret(host(inv, "dc1-core-1").password, value, error));
    EXPECT_EQ(error.message, "environment variable VTYGUARD_TEST_NETOPS_PASSWORD is not set");
    EXPECT_EQ(error.file, kDir + "/vtyguard/fleet.yaml");
    EXPECT_EQ(error.line, 12);  // where the credentials name the variable
    setenv("VTYGUARD_TEST_NETOPS_PASSWORD", "n3tops-from-env", 1);
    ASSERT_TRUE(read_secret(host(inv, "dc1-core-1").password, value, error));
    EXPECT_EQ(value, "n3tops-from-env");
    unsetenv("VTYGUARD_TEST_NETOPS_PASSWORD");

    Secret missing;
    missing.kind = Secret::Kind::file;
    missing.ref = kDir + "/vtyguard/secrets/absent";
    EXPECT_FALSE(read_secret(missing, value, error));
    EXPECT_EQ(error.message, "cannot read the secret file " + missing.ref);
}

TEST(VtyguardYaml, Errors) {
    // Unknown keys name the file, line and key.
    auto e = error_of("vtyguard: 1\nhosts:\n  r1:\n    adress: 10.0.0.1\n", "inv.yaml");
    EXPECT_EQ(e.line, 4);
    EXPECT_EQ(e.key, "adress");
    EXPECT_NE(e.str().find("inv.yaml:4: unknown key 'adress' in host r1"), std::string::npos) << e.str();

    e = error_of("vtyguard: 1\nhosts:\n  r1: {}\n  r2: {}\n  r1: {address: 10.0.0.9}\n", "inv.yaml");
    EXPECT_EQ(e.str(), "inv.yaml:5: duplicate hosts entry 'r1' (first at inv.yaml:3)");

    e = error_of("vtyguard: 1\nhosts:\n  r1:\n    platform: junos\n", "inv.yaml");
    EXPECT_EQ(e.str(), "inv.yaml:4: unknown platform 'junos' (supported: cisco_ios, cisco_asa, linux)");

    e = error_of(
        "vtyguard: 1\ngroups:\n  a: {groups: [b]}\n  b: {groups: [c]}\n  c: {groups: [a]}\nhosts:\n  r1: {groups: "
        "[a]}\n",
        "inv.yaml");
    EXPECT_NE(e.message.find("groups loop: a -> b -> c -> a"), std::string::npos) << e.str();
    EXPECT_EQ(e.line, 5);

    e = error_of("vtyguard: 1\nhosts:\n  r1: {groups: [nope]}\n", "inv.yaml");
    EXPECT_EQ(e.str(), "inv.yaml:3: group 'nope' is not defined");

    e = error_of("vtyguard: 1\nhosts:\n  r1: {credentials: ops}\n", "inv.yaml");
    EXPECT_EQ(e.str(), "inv.yaml:3: host r1 uses credentials 'ops', which are not defined");

    e = error_of(
        "vtyguard: 1\njump_hosts:\n  a: {address: 1.1.1.1, jump: b}\n  b: {address: 2.2.2.2, jump: a}\n"
        "hosts:\n  r1: {jump: a}\n",
        "inv.yaml");
    EXPECT_NE(e.message.find("jump hosts loop"), std::string::npos) << e.str();

    e = error_of("vtyguard: 1\nhosts:\n  r1:\n    password: x\n    password_env: X\n", "inv.yaml");
    EXPECT_EQ(e.line, 5);
    EXPECT_EQ(e.message, "give only one of `password`, `password_env` and `password_file`");

    e = error_of("vtyguard: 1\nhosts:\n  r1:\n    timeouts: {command: soon}\n", "inv.yaml");
    EXPECT_EQ(e.str(), "inv.yaml:4: timeout `command` must be a duration (30, 30s, 500ms, 2m), not 'soon'");

    e = error_of("vtyguard: 1\nhosts:\n  r1: {via: r2}\n  r2: {via: r3}\n  r3: {via: r1}\n", "inv.yaml");
    EXPECT_NE(e.message.find("the `via` devices loop"), std::string::npos) << e.str();
    EXPECT_EQ(e.line, 3);

    e = error_of("vtyguard: 1\nhosts:\n  r1: {via: ghost}\n", "inv.yaml");
    EXPECT_EQ(e.str(), "inv.yaml:3: host r1 goes via 'ghost', which is not in the inventory");

    e = error_of("vtyguard: 2\nhosts: {}\n", "inv.yaml");
    EXPECT_EQ(e.str(), "inv.yaml:1: this vtyguard reads inventory format 1, not 2");

    e = error_of("vtyguard: 1\nhosts:\n  r1: {address: [1, 2\n", "inv.yaml");
    EXPECT_EQ(e.file, "inv.yaml");
    EXPECT_GT(e.line, 0);

    e = error_of("vtyguard: 1\nhosts:\n  a/b: {}\n", "inv.yaml");
    EXPECT_NE(e.message.find("cannot name a device's files"), std::string::npos) << e.str();
}

// ---- Ansible INI ----

TEST(AnsibleIni, GroupsVarsAndPrecedence) {
    const Inventory inv = load("ansible_ini/inventory.ini");
    EXPECT_EQ(inv.format, Format::ansible_ini);
    EXPECT_EQ(names(inv),
              (std::vector<std::string>{"r1", "r2", "sw01.branch", "sw02.branch", "sw03.branch", "fw1", "fw2", "r9"}));
    ASSERT_EQ(inv.warnings.size(), 1u);
    EXPECT_NE(inv.warnings[0].find("inventory.ini:37: host localhost has ansible_connection=local: left out"),
              std::string::npos)
        << inv.warnings[0];

    const Host& r1 = host(inv, "r1");
    EXPECT_EQ(r1.platform, "cisco_ios");
    EXPECT_EQ(r1.address, "10.0.1.100");  // host_vars/r1.yml over the host line
    EXPECT_EQ(r1.user, "iosops");         // group_vars/ios.yml over [all:vars]
    EXPECT_EQ(r1.password.kind, Secret::Kind::env);
    EXPECT_EQ(r1.password.ref, "VTYGUARD_TEST_NETOPS_PASSWORD");
    EXPECT_EQ(r1.enable.kind, Secret::Kind::file);
    EXPECT_EQ(r1.enable.ref, "/run/secrets/enable");
    EXPECT_EQ(r1.timeouts.command, 60s);  // group_vars/all.yml over [all:vars]
    EXPECT_EQ(r1.timeouts.device, 120s);  // [ios:vars] (child) over [dc1:vars] (parent)
    EXPECT_EQ(r1.groups, (std::vector<std::string>{"dc1", "ios"}));
    EXPECT_EQ(r1.origin.str(), kDir + "/ansible_ini/inventory.ini:10");
    ASSERT_EQ(r1.jump.size(), 1u);
    EXPECT_EQ(r1.jump[0].str(), "jump@bastion.example.net");
    EXPECT_EQ(r1.jump[0].identity_files, (std::vector<std::string>{"/keys/bastion"}));

    EXPECT_EQ(host(inv, "r2").user, "r2admin");  // inventory host var over group_vars; `#` comment ignored
    EXPECT_EQ(host(inv, "sw02.branch").address, "");
    EXPECT_EQ(host(inv, "sw02.branch").target(), "sw02.branch");
    EXPECT_EQ(host(inv, "sw02.branch").platform, "cisco_ios");

    const Host& fw1 = host(inv, "fw1");
    EXPECT_EQ(fw1.platform, "cisco_asa");
    EXPECT_EQ(fw1.user, "fwops");  // group_vars/asa/ files in name order: 20-timeouts last
    EXPECT_EQ(fw1.timeouts.connect, 20s);
    EXPECT_EQ(fw1.timeouts.device, 300s);  // only dc1 sets it
    EXPECT_EQ(fw1.enable.kind, Secret::Kind::inline_value);
    EXPECT_EQ(fw1.enable.value, "En@ble 1");
    EXPECT_EQ(fw1.jump.size(), 1u);

    const Host& fw2 = host(inv, "fw2");
    EXPECT_EQ(fw2.port, 2222);
    EXPECT_EQ(fw2.address, "10.0.9.2");
    EXPECT_EQ(fw2.platform, "cisco_asa");

    const Host& r9 = host(inv, "r9");
    EXPECT_EQ(hops(r9), (std::vector<std::string>{"ops@jump1:2200", "jump2"}));
    EXPECT_TRUE(r9.legacy_crypto);
    EXPECT_EQ(r9.user, "netops");
    EXPECT_EQ(r9.groups, (std::vector<std::string>{"edge"}));

    // Every file read is listed: the inventory and its variable files.
    EXPECT_NE(std::find(inv.files.begin(), inv.files.end(), kDir + "/ansible_ini/host_vars/r1.yml"), inv.files.end());
}

TEST(AnsibleIni, LabInventoryWithNestedProxyCommands) {
    // The shape vtyguard-lab writes: every variable on the host line, jump chains as nested
    // ProxyCommands carrying their keys, legacy algorithms as `+` options.
    const Inventory inv = load("lab/lab.ini");
    EXPECT_EQ(inv.format, Format::ansible_ini);
    const Host& healthy = host(inv, "r-healthy");
    EXPECT_EQ(healthy.address, "127.77.1.1");
    EXPECT_EQ(healthy.port, 2201);
    EXPECT_EQ(healthy.user, "admin");
    EXPECT_EQ(healthy.password.value, "lab-pass");
    EXPECT_EQ(healthy.enable.value, "lab-enable");
    EXPECT_TRUE(healthy.jump.empty());
    EXPECT_FALSE(healthy.legacy_crypto);

    const Host& dc2 = host(inv, "r-dc2");
    ASSERT_EQ(dc2.jump.size(), 2u);
    EXPECT_EQ(dc2.jump[0].str(), "lab@127.0.0.11:2301");
    EXPECT_EQ(dc2.jump[0].identity_files, (std::vector<std::string>{"/tmp/lab/jump1.key"}));
    EXPECT_EQ(dc2.jump[1].str(), "lab@127.0.0.12:2302");
    EXPECT_EQ(dc2.jump[1].identity_files, (std::vector<std::string>{"/tmp/lab/jump2.key"}));
    EXPECT_EQ(dc2.host_key_checking, HostKeyCheck::no);
    EXPECT_EQ(dc2.known_hosts_file, "/dev/null");

    EXPECT_TRUE(host(inv, "r-legacy").legacy_crypto);

    const Host& fw = host(inv, "fw-healthy");
    EXPECT_EQ(fw.platform, "cisco_asa");
    EXPECT_EQ(fw.password.value, "lab pass#2");  // quoted: the `#` is not a comment
    EXPECT_EQ(hops(fw), (std::vector<std::string>{"lab@127.0.0.11:2301"}));
}

TEST(AnsibleIni, GroupPriorityAndSameDepthOrder) {
    // Same depth: by ansible_group_priority, then name; the later one wins.
    const std::string text =
        "[b]\nr1\n[a]\nr1\n[a:vars]\nansible_user=from_a\nansible_port=2001\n[b:vars]\nansible_user=from_b\n"
        "ansible_network_os=ios\n[c]\nr2\n[d]\nr2\n[c:vars]\nansible_user=from_c\nansible_group_priority=5\n"
        "[d:vars]\nansible_user=from_d\nansible_network_os=ios\n";
    Inventory inv;
    InventoryError error;
    ASSERT_TRUE(parse_inventory(text, "prio.ini", Format::automatic, inv, error)) << error.str();
    EXPECT_EQ(host(inv, "r1").user, "from_b");
    EXPECT_EQ(host(inv, "r1").port, 2001);
    EXPECT_EQ(host(inv, "r2").user, "from_c");  // priority 5 beats the name order
}

TEST(AnsibleIni, Errors) {
    // The value's own line, the host and the supported names.
    auto e =
        error_of("[juniper]\nmx1 ansible_host=10.0.0.1\n\n[juniper:vars]\nansible_network_os=junos\n", "inventory.ini");
    EXPECT_EQ(e.str(),
              "inventory.ini:5: unknown ansible_network_os 'junos' for host mx1 (supported: cisco.ios.ios, "
              "cisco.asa.asa)");
    EXPECT_EQ(e.key, "ansible_network_os");

    e = error_of("[a:children]\nb\n[b:children]\nc\n[c:children]\na\n", "loop.ini");
    EXPECT_EQ(e.line, 6);
    EXPECT_NE(e.message.find("makes the groups loop"), std::string::npos) << e.str();

    e = error_of("[ios]\nr1\n[nope:vars]\nx=1\n", "v.ini");
    EXPECT_EQ(e.str(), "v.ini:3: section [nope:vars] is not valid for undefined group nope");

    e = error_of("[ios]\nr1\n[dc:children]\nios\nghost\n", "c.ini");
    EXPECT_EQ(e.str(), "c.ini:5: section [dc:children] includes undefined group ghost");

    e = error_of("[ios:hostz]\nr1\n", "s.ini");
    EXPECT_EQ(e.line, 1);
    EXPECT_NE(e.message.find("unknown type 'hostz'"), std::string::npos);

    e = error_of("[ios]\nr1 ansible_network_os=ios ansible_port=99999\n", "p.ini");
    EXPECT_EQ(e.str(), "p.ini:2: `ansible_port` of host r1 must be a port (1-65535), not '99999'");

    e = error_of("[ios]\nr1 ansible_connection=network_cli\n", "n.ini");
    EXPECT_EQ(e.line, 2);
    EXPECT_NE(e.message.find("network_cli but has no ansible_network_os"), std::string::npos);

    e = error_of("[ios]\nr1 ansible_network_os=ios vtyguard_via=r2\nr2 ansible_network_os=ios vtyguard_via=r1\n",
                 "v.ini");
    EXPECT_NE(e.message.find("the `via` devices loop"), std::string::npos) << e.str();

    e = error_of("[ios]\nr1 ansible_network_os=ios vtyguard_flavour=x\n", "k.ini");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.key, "vtyguard_flavour");

    e = error_of(
        "[ios]\nr1 ansible_network_os=ios ansible_ssh_common_args='-o ProxyCommand=\"ssh -W 10.0.0.1:22 b\"'\n",
        "pc.ini");
    EXPECT_EQ(e.str(), "pc.ini:2: host r1: ProxyCommand forwards to '10.0.0.1:22', not to the device (-W %h:%p)");

    e = error_of("[ios]\nr[1:x]\n", "r.ini");
    EXPECT_EQ(e.line, 2);

    e = error_of("[ios]\nr1 ansible_host='10.0.0.1\n", "q.ini");
    EXPECT_EQ(e.str(), "q.ini:2: unterminated quote on the host line");

    e = error_of("[ios]\nr1 ansible_network_os=ios ansible_user='{{ vault_user }}'\n", "t.ini");
    EXPECT_NE(e.message.find("Jinja template"), std::string::npos);
}

TEST(AnsibleIni, VtyguardVariablesAndTemplates) {
    const std::string text =
        "[jump]\nbastion ansible_host=192.0.2.1 vtyguard_platform=linux\n"
        "[ios]\nr1 ansible_host='{{ inventory_hostname }}.mgmt.example.net' vtyguard_jump=ops@bastion:2222\n"
        "r2 vtyguard_via=r1 vtyguard_transport=telnet vtyguard_legacy_crypto=yes vtyguard_device_timeout=2m "
        "ansible_port=2323\n"
        "[ios:vars]\nansible_network_os=ios\nansible_command_timeout=15\n";
    Inventory inv;
    InventoryError error;
    ASSERT_TRUE(parse_inventory(text, "vars.ini", Format::automatic, inv, error)) << error.str();
    EXPECT_EQ(host(inv, "bastion").platform, "linux");
    EXPECT_EQ(host(inv, "r1").address, "r1.mgmt.example.net");
    EXPECT_EQ(hops(host(inv, "r1")), (std::vector<std::string>{"ops@bastion:2222"}));
    const Host& r2 = host(inv, "r2");
    EXPECT_EQ(r2.via_device, "r1");
    EXPECT_EQ(r2.transport, Transport::telnet);
    EXPECT_EQ(r2.effective_port(), 2323);
    EXPECT_TRUE(r2.legacy_crypto);
    EXPECT_EQ(r2.timeouts.device, 2min);
    EXPECT_EQ(r2.timeouts.command, 15s);

    auto e = error_of("[ios]\nr1 ansible_network_os=asa vtyguard_platform=cisco_ios\n", "x.ini");
    EXPECT_EQ(e.str(), "x.ini:2: vtyguard_platform 'cisco_ios' of host r1 contradicts its ansible_network_os 'asa'");
    e = error_of("[ios]\nr1 ansible_network_os=ios vtyguard_transport=rlogin\n", "x.ini");
    EXPECT_EQ(e.str(), "x.ini:2: vtyguard_transport of host r1 must be ssh or telnet, not 'rlogin'");
}

TEST(AnsibleIni, HostRangesAndPorts) {
    Inventory inv;
    InventoryError error;
    ASSERT_TRUE(
        parse_inventory("[ios]\nsw[08:10]\nr[a:c]-x:2200\n[2001:db8::1]:2022 ansible_network_os=ios\n"
                        "r[1:5:2]\n[ios:vars]\nansible_network_os=ios\n",
                        "ranges.ini", Format::ansible_ini, inv, error))
        << error.str();
    EXPECT_EQ(names(inv), (std::vector<std::string>{"sw08", "sw09", "sw10", "ra-x", "rb-x", "rc-x", "2001:db8::1", "r1",
                                                    "r3", "r5"}));
    EXPECT_EQ(host(inv, "rb-x").port, 2200);
    EXPECT_EQ(host(inv, "2001:db8::1").port, 2022);
}

// ---- Ansible YAML ----

TEST(AnsibleYaml, ChildrenVarsAndPorts) {
    const Inventory inv = load("ansible_yaml/inventory.yml");
    EXPECT_EQ(inv.format, Format::ansible_yaml);
    EXPECT_EQ(names(inv), (std::vector<std::string>{"core-r1", "core-r2", "wan-r1", "wan-r2", "edge-fw",
                                                    "jump.example.net", "lab-r1"}));
    const Host& r1 = host(inv, "core-r1");
    EXPECT_EQ(r1.platform, "cisco_ios");
    EXPECT_EQ(r1.user, "netops");
    EXPECT_EQ(r1.timeouts.connect, 9s);
    EXPECT_EQ(r1.password.ref, "VTYGUARD_TEST_NETOPS_PASSWORD");
    EXPECT_TRUE(r1.jump.empty());

    // In routers and wan_routers: the child's vars win, the host's own port stays.
    const Host& r2 = host(inv, "core-r2");
    EXPECT_EQ(r2.user, "wanops");
    EXPECT_EQ(r2.port, 2022);
    EXPECT_EQ(hops(r2), (std::vector<std::string>{"netops@jump.example.net:2222"}));
    EXPECT_EQ(r2.timeouts.connect, 0ms);  // the child's ssh args replace the parent's
    EXPECT_EQ(r2.groups, (std::vector<std::string>{"routers", "wan_routers"}));
    EXPECT_EQ(host(inv, "wan-r2").user, "wanops");

    const Host& fw = host(inv, "edge-fw");
    EXPECT_EQ(fw.platform, "cisco_asa");
    EXPECT_EQ(fw.enable.kind, Secret::Kind::env);
    EXPECT_EQ(fw.enable.ref, "VTYGUARD_TEST_FW_ENABLE");
    EXPECT_EQ(fw.identity_files, (std::vector<std::string>{kHome + "/.ssh/fw_ed25519"}));

    EXPECT_EQ(host(inv, "jump.example.net").platform, "linux");

    const Host& lab = host(inv, "lab-r1");
    EXPECT_EQ(lab.port, 2201);
    EXPECT_EQ(lab.address, "127.0.0.1");
    EXPECT_EQ(lab.via_device, "core-r1");
    EXPECT_EQ(lab.groups, (std::vector<std::string>{"lab"}));
}

TEST(AnsibleYaml, Errors) {
    auto e = error_of(
        "all:\n  children:\n    fw:\n      vars:\n        ansible_network_os: asa\n        ansible_become_password: "
        "!vault |\n"
        "          $ANSIBLE_VAULT;1.1;AES256\n          6162636465\n      hosts:\n        fw1:\n",
        "vault.yml");
    EXPECT_EQ(e.line, 6);
    EXPECT_NE(e.message.find("encrypted with ansible-vault"), std::string::npos) << e.str();

    e = error_of("all:\n  children:\n    ios:\n      hosts:\n        - r1\n        - r2\n", "list.yml",
                 Format::ansible_yaml);
    EXPECT_EQ(e.str(), "list.yml:5: the hosts of group ios must be a mapping (host: vars)");

    e = error_of("all:\n  children:\n    a:\n      children:\n        b:\n          children:\n            a:\n",
                 "loop.yml", Format::ansible_yaml);
    EXPECT_EQ(e.line, 7);
    EXPECT_NE(e.message.find("makes the groups loop"), std::string::npos) << e.str();

    e = error_of("all:\n  hosts:\n    r1:\n      ansible_network_os: nxos\n", "os.yml");
    EXPECT_EQ(e.str(),
              "os.yml:4: unknown ansible_network_os 'nxos' for host r1 (supported: cisco.ios.ios, cisco.asa.asa)");

    e = error_of("all:\n  hosts:\n    r1: {ansible_host: [\n", "bad.yml");
    EXPECT_EQ(e.file, "bad.yml");
    EXPECT_GT(e.line, 0);

    Inventory inv;
    InventoryError error;
    ASSERT_TRUE(parse_inventory("all:\n  hosts:\n    r1: {ansible_network_os: ios}\n  extra: 1\n", "w.yml",
                                Format::ansible_yaml, inv, error));
    ASSERT_EQ(inv.warnings.size(), 1u);
    EXPECT_EQ(inv.warnings[0], "w.yml:4: unexpected key 'extra' in group all skipped (only hosts, vars and children)");
}

// ---- Nornir ----

void expect_nornir_fleet(const Inventory& inv) {
    EXPECT_EQ(inv.format, Format::nornir);
    EXPECT_EQ(names(inv), (std::vector<std::string>{"core-1", "core-2", "edge-fw", "access-7"}));

    const Host& c1 = host(inv, "core-1");
    EXPECT_EQ(c1.address, "10.20.0.1");
    EXPECT_EQ(c1.platform, "cisco_ios");
    EXPECT_EQ(c1.user, "netops");
    EXPECT_EQ(c1.password.kind, Secret::Kind::env);  // dc_east's data.vtyguard over the defaults' password
    EXPECT_EQ(hops(c1), (std::vector<std::string>{"ops@bastion-east:2222"}));
    EXPECT_EQ(c1.timeouts.device, 3min);
    EXPECT_EQ(c1.groups, (std::vector<std::string>{"dc_east", "cisco"}));

    // Depth first: `cisco` (dc_east's parent) comes before `legacy`, so its username wins.
    const Host& c2 = host(inv, "core-2");
    EXPECT_EQ(c2.user, "netops");
    EXPECT_EQ(c2.port, 2022);
    EXPECT_TRUE(c2.legacy_crypto);
    EXPECT_EQ(c2.timeouts.command, 120s);  // scrapli's timeout_ops from `legacy`
    EXPECT_EQ(c2.host_key_checking, HostKeyCheck::no);
    EXPECT_EQ(c2.groups, (std::vector<std::string>{"dc_east", "cisco", "legacy"}));

    const Host& fw = host(inv, "edge-fw");
    EXPECT_EQ(fw.platform, "cisco_asa");
    EXPECT_EQ(fw.user, "fwadmin");  // netmiko's connection options over the attributes
    EXPECT_EQ(fw.enable.value, "Fw-Enable#9");

    const Host& a7 = host(inv, "access-7");
    EXPECT_EQ(a7.platform, "cisco_ios");  // cisco_xe is IOS
    EXPECT_EQ(a7.via_device, "core-1");
    EXPECT_EQ(a7.transport, Transport::telnet);
    EXPECT_EQ(a7.password.kind, Secret::Kind::inline_value);  // the defaults'
}

TEST(Nornir, HostsGroupsDefaultsThreeWays) {
    expect_nornir_fleet(load("nornir/hosts.yaml"));
    expect_nornir_fleet(load("nornir"));
    expect_nornir_fleet(load("nornir/config.yaml"));
    const Inventory inv = load("nornir/hosts.yaml", Format::nornir);
    EXPECT_EQ(inv.files.size(), 3u);
}

TEST(Nornir, Errors) {
    TempDir dir;
    dir.write("groups.yaml", "---\nios:\n  platform: ios\nmx:\n  platform: junos\n");
    dir.write("hosts.yaml", "---\nr1:\n  groups: [ios]\n");
    Inventory inv;
    InventoryError e;
    ASSERT_FALSE(load_inventory(dir.path() / "hosts.yaml", Format::automatic, inv, e));
    EXPECT_EQ(e.str(), (dir.path() / "groups.yaml").string() +
                           ":5: unknown platform 'junos' for group mx (supported: ios, cisco_ios, cisco_xe, asa, "
                           "cisco_asa, linux)");

    dir.write("groups.yaml", "---\na:\n  groups: [b]\nb:\n  groups: [a]\n");
    dir.write("hosts.yaml", "---\nr1:\n  groups: [a]\n");
    ASSERT_FALSE(load_inventory(dir.path(), Format::automatic, inv, e));
    EXPECT_NE(e.message.find("groups loop: a -> b -> a"), std::string::npos) << e.str();

    dir.write("groups.yaml", "---\n");
    dir.write("hosts.yaml", "---\nr1:\n  groups: [ghost]\n");
    ASSERT_FALSE(load_inventory(dir.path(), Format::nornir, inv, e));
    EXPECT_EQ(e.str(), (dir.path() / "hosts.yaml").string() + ":3: group 'ghost' is not in the groups file");

    dir.write("hosts.yaml", "---\nr1:\n  hostname: 10.0.0.1\n  user: bob\n");
    ASSERT_FALSE(load_inventory(dir.path(), Format::nornir, inv, e));
    EXPECT_EQ(e.line, 4);
    EXPECT_EQ(e.key, "user");

    dir.write("hosts.yaml", "---\nr1:\n  hostname: 10.0.0.1\nr1:\n  hostname: 10.0.0.2\n");
    ASSERT_FALSE(load_inventory(dir.path(), Format::nornir, inv, e));
    EXPECT_EQ(e.line, 4);
    EXPECT_NE(e.message.find("duplicate"), std::string::npos) << e.str();
}

// ---- plain host lists ----

TEST(HostList, Lines) {
    const Inventory inv = load("list/devices.txt");
    EXPECT_EQ(inv.format, Format::list);
    EXPECT_EQ(names(inv), (std::vector<std::string>{"10.30.0.1", "branch-fw", "10.30.0.3", "v6-router", "10.30.0.9",
                                                    "10.30.0.10"}));
    EXPECT_EQ(host(inv, "10.30.0.1").platform, "cisco_ios");
    const Host& fw = host(inv, "branch-fw");
    EXPECT_EQ(fw.user, "admin");
    EXPECT_EQ(fw.address, "10.30.0.2");
    EXPECT_EQ(fw.port, 2222);
    EXPECT_EQ(fw.platform, "cisco_asa");
    EXPECT_EQ(host(inv, "10.30.0.3").platform, "");
    EXPECT_EQ(host(inv, "v6-router").address, "2001:db8::5");
    EXPECT_EQ(host(inv, "v6-router").port, 22);
    const Host& j = host(inv, "10.30.0.9");
    EXPECT_EQ(j.user, "ops");
    EXPECT_EQ(hops(j), (std::vector<std::string>{"jump@bastion:2222", "inner"}));
    EXPECT_TRUE(j.legacy_crypto);
    EXPECT_EQ(host(inv, "10.30.0.10").via_device, "10.30.0.1");
    EXPECT_EQ(host(inv, "10.30.0.10").origin.line, 7);
}

TEST(HostList, Errors) {
    auto e = error_of("10.0.0.1 cisco_ios\n\n10.0.0.1 cisco_asa\n", "hosts.txt");
    EXPECT_EQ(e.str(), "hosts.txt:3: duplicate host '10.0.0.1' (first defined at hosts.txt:1)");
    e = error_of("# fleet\n10.0.0.1 junos\n", "hosts.txt");
    EXPECT_EQ(e.str(),
              "hosts.txt:2: unknown platform 'junos' for host 10.0.0.1 (supported: cisco_ios, cisco_asa, linux)");
    e = error_of("10.0.0.1:99999\n", "hosts.txt", Format::list);
    EXPECT_EQ(e.line, 1);
    EXPECT_NE(e.message.find("bad port"), std::string::npos);
    e = error_of("10.0.0.1 colour=blue\n", "hosts.txt", Format::list);
    EXPECT_EQ(e.key, "colour");
    e = error_of("10.0.0.1 ios asa\n", "hosts.txt", Format::list);
    EXPECT_EQ(e.str(), "hosts.txt:1: host 10.0.0.1 has two platforms");
    // A password written into the host or a jump hop is refused without being repeated.
    e = error_of("admin:hunter2@10.0.0.1 ios\n", "hosts.txt", Format::list);
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.str().find("hunter2"), std::string::npos) << e.str();
    EXPECT_NE(e.message.find("password"), std::string::npos) << e.str();
    e = error_of("10.0.0.1 ios jump=ops:hunter2@bastion\n", "hosts.txt", Format::list);
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.str().find("hunter2"), std::string::npos) << e.str();
}

// ---- ssh_config ----

TEST(SshConfig, AsInventoryFirstValueWins) {
    const Inventory inv = load("ssh_config/config");
    EXPECT_EQ(inv.format, Format::ssh_config);
    // Literal names only; `core-r1.example.net` is an alias of core-r1.
    EXPECT_EQ(names(inv),
              (std::vector<std::string>{"bastion", "inner-jump", "core-r1", "core-r2", "legacy-sw1", "lab-r7"}));

    const Host& b = host(inv, "bastion");
    EXPECT_EQ(b.address, "bastion.example.net");
    EXPECT_EQ(b.user, "jump");
    EXPECT_EQ(b.port, 2222);
    EXPECT_EQ(b.identity_files,
              (std::vector<std::string>{kHome + "/.ssh/bastion_ed25519", kHome + "/.ssh/id_ed25519"}));
    EXPECT_EQ(b.timeouts.connect, 7s);
    EXPECT_EQ(b.platform, "linux");  // others jump through it

    // `Host core-* !core-r2` gives core-r1 its jump and user before `Host *` could; inner-jump's
    // own ProxyJump puts bastion in front of it.
    const Host& r1 = host(inv, "core-r1");
    EXPECT_EQ(r1.address, "10.40.0.1");
    EXPECT_EQ(r1.user, "coreops");
    EXPECT_EQ(hops(r1), (std::vector<std::string>{"jump@bastion.example.net:2222", "jump@10.99.0.2"}));
    EXPECT_EQ(r1.jump[0].name, "bastion");
    EXPECT_EQ(r1.jump[1].name, "inner-jump");
    EXPECT_EQ(r1.platform, "");
    EXPECT_EQ(r1.origin.line, 13);

    const Host& r2 = host(inv, "core-r2");  // negated out of core-*
    EXPECT_TRUE(r2.jump.empty());
    EXPECT_EQ(r2.user, "r2only");
    EXPECT_EQ(r2.port, 2022);

    EXPECT_TRUE(host(inv, "legacy-sw1").legacy_crypto);
    EXPECT_FALSE(r2.legacy_crypto);

    const Host& lab = host(inv, "lab-r7");
    EXPECT_EQ(lab.address, "127.0.0.1");  // `Host lab-*` came first
    EXPECT_EQ(lab.port, 2207);
    EXPECT_EQ(lab.host_key_checking, HostKeyCheck::no);
    EXPECT_EQ(lab.known_hosts_file, "/dev/null");
}

TEST(SshConfig, ResolvesOtherFormatsHostsWithoutOverridingThem) {
    SshConfig config;
    InventoryError error;
    ASSERT_TRUE(load_ssh_config(kDir + "/ssh_config/config", config, error)) << error.str();

    Host h;  // as Ansible would hand it over: ansible_host is what ssh is given
    h.name = "r1";
    h.address = "core-r1.example.net";
    ASSERT_TRUE(resolve_ssh_config(h, config, error)) << error.str();
    EXPECT_EQ(h.address, "core-r1.example.net");  // the inventory stated it
    EXPECT_EQ(h.user, "coreops");
    EXPECT_EQ(hops(h), (std::vector<std::string>{"jump@bastion.example.net:2222", "jump@10.99.0.2"}));
    // %r and %h expand to the final user and host name.
    EXPECT_EQ(h.identity_files,
              (std::vector<std::string>{kHome + "/.ssh/coreops_at_core-r1.example.net", kHome + "/.ssh/id_ed25519"}));

    Host stated;
    stated.name = "core-r2";
    stated.user = "mine";
    stated.port = 22;
    stated.identity_files = {"/keys/mine"};
    ASSERT_TRUE(resolve_ssh_config(stated, config, error));
    EXPECT_EQ(stated.user, "mine");
    EXPECT_EQ(stated.port, 22);
    EXPECT_EQ(stated.address, "10.40.0.2");
    EXPECT_EQ(stated.identity_files, (std::vector<std::string>{"/keys/mine", kHome + "/.ssh/id_ed25519"}));

    // A jump host named in another format goes through the config too.
    Host j;
    j.name = "sw9";
    j.jump = {JumpHop{"inner-jump", "", 0, "", {}, {}}};
    ASSERT_TRUE(resolve_ssh_config(j, config, error));
    EXPECT_EQ(hops(j), (std::vector<std::string>{"jump@bastion.example.net:2222", "jump@10.99.0.2"}));

    // The whole inventory at once; a host reached via another device keeps no jump.
    Inventory inv = load("list/devices.txt");
    ASSERT_TRUE(resolve_ssh_config(inv, config, error)) << error.str();
    EXPECT_EQ(host(inv, "10.30.0.1").user, "netops");
    EXPECT_EQ(host(inv, "10.30.0.9").user, "ops");
    // The list's hops go through the config too: bastion's HostName (its stated port stays), and
    // `Host *`'s user for `inner`.
    EXPECT_EQ(hops(host(inv, "10.30.0.9")),
              (std::vector<std::string>{"jump@bastion.example.net:2222", "netops@inner"}));
}

TEST(SshConfig, LabConfigMatchesLabInventory) {
    const Inventory from_config = load("lab/ssh_config");
    const Inventory from_ini = load("lab/lab.ini");
    for (const char* name : {"r-healthy", "r-dc2", "r-legacy"}) {
        const Host& a = host(from_config, name);
        const Host& b = host(from_ini, name);
        EXPECT_EQ(a.address, b.address) << name;
        EXPECT_EQ(a.effective_port(), b.effective_port()) << name;
        EXPECT_EQ(a.user, b.user) << name;
        EXPECT_EQ(a.legacy_crypto, b.legacy_crypto) << name;
        EXPECT_EQ(hops(a), hops(b)) << name;
    }
    EXPECT_EQ(host(from_config, "r-healthy").source_address, "127.0.0.5");
    EXPECT_EQ(host(from_config, "jump2").platform, "linux");
    EXPECT_TRUE(host(from_config, "jump2").identities_only);
}

// HOME pointed elsewhere for one test, restored whatever happens.
struct HomeAt {
    explicit HomeAt(const fs::path& p) { setenv("HOME", p.c_str(), 1); }
    ~HomeAt() { setenv("HOME", kHome.c_str(), 1); }
    HomeAt(const HomeAt&) = delete;
    HomeAt& operator=(const HomeAt&) = delete;
};

TEST(SshConfig, MatchIncludeAndWarnings) {
    TempDir home;
    std::optional<HomeAt> at(home.path());
    home.write(".ssh/conf.d/10-site.conf", "Host site-*\n    User siteops\n    Port 2022\n");
    home.write(".ssh/conf.d/20-r.conf", "Host r5\n    HostName 10.5.5.5\n");
    const fs::path main = home.write(".ssh/config",
                                     "Include conf.d/*.conf\n"
                                     "Match host 10.5.*\n"
                                     "    User matched-by-hostname\n"
                                     "Match originalhost site-b !host 10.*\n"
                                     "    IdentityFile /keys/site-b\n"
                                     "Match exec \"test -f /nonexistent\"\n"
                                     "    User from-exec\n"
                                     "Host *\n"
                                     "    User fallback\n");
    SshConfig config;
    InventoryError error;
    ASSERT_TRUE(load_ssh_config(main, config, error)) << error.str();
    at.reset();
    EXPECT_EQ(config.files.size(), 3u);
    ASSERT_EQ(config.warnings.size(), 1u);
    EXPECT_EQ(config.warnings[0], main.string() + ":6: Match exec is not evaluated by vtyguard: the block is skipped");

    Host r5;
    r5.name = "r5";
    ASSERT_TRUE(resolve_ssh_config(r5, config, error));
    EXPECT_EQ(r5.address, "10.5.5.5");
    EXPECT_EQ(r5.user, "matched-by-hostname");  // Match host sees the HostName already set

    Host b;
    b.name = "site-b";
    ASSERT_TRUE(resolve_ssh_config(b, config, error));
    EXPECT_EQ(b.user, "siteops");
    EXPECT_EQ(b.port, 2022);
    EXPECT_EQ(b.identity_files, (std::vector<std::string>{"/keys/site-b"}));

    Host other;
    other.name = "elsewhere";
    ASSERT_TRUE(resolve_ssh_config(other, config, error));
    EXPECT_EQ(other.user, "fallback");
}

TEST(SshConfig, PatternMatching) {
    EXPECT_TRUE(ssh_pattern_match("*", "anything"));
    EXPECT_TRUE(ssh_pattern_match("core-*", "core-r1"));
    EXPECT_TRUE(ssh_pattern_match("r?", "r1"));
    EXPECT_FALSE(ssh_pattern_match("r?", "r10"));
    EXPECT_TRUE(ssh_pattern_match("10.40.*", "10.40.0.1"));
    EXPECT_TRUE(ssh_pattern_match("*.example.net", "a.b.example.net"));
    EXPECT_FALSE(ssh_pattern_match("*.example.net", "example.net"));
    EXPECT_TRUE(ssh_pattern_match("*a*b*c", "xxaybzzc"));
    EXPECT_TRUE(ssh_pattern_match("CORE-R1", "core-r1"));  // host names compare without case
    EXPECT_FALSE(ssh_pattern_match("", "x"));
}

TEST(SshConfig, Errors) {
    SshConfig config;
    InventoryError e;
    EXPECT_FALSE(parse_ssh_config("Host r1\n    Port twenty-two\n", "config", config, e));
    EXPECT_EQ(e.str(), "config:2: Port 'twenty-two' is not a port number (1-65535)");
    EXPECT_FALSE(parse_ssh_config("Host r1\n  ProxyJump a,,b\n", "config", config, e));
    EXPECT_EQ(e.line, 2);
    EXPECT_FALSE(parse_ssh_config("Match planet mars\n", "config", config, e));
    EXPECT_EQ(e.str(), "config:1: unknown Match criterion 'planet'");
    EXPECT_FALSE(parse_ssh_config("Host r1\n  HostName\n", "config", config, e));
    EXPECT_EQ(e.line, 2);

    // A ProxyCommand that is not an ssh jump is refused where it is used, with its line.
    ASSERT_TRUE(parse_ssh_config("Host r1\n  ProxyCommand corkscrew proxy 8080 %h %p\n", "config", config, e));
    Host h;
    h.name = "r1";
    EXPECT_FALSE(resolve_ssh_config(h, config, e));
    EXPECT_EQ(e.str(), "config:2: ProxyCommand runs 'corkscrew', not ssh: vtyguard follows `ssh -W %h:%p JUMP` jumps");

    // Jump hosts that reach each other.
    ASSERT_TRUE(
        parse_ssh_config("Host a\n  ProxyJump b\nHost b\n  ProxyJump c\nHost c\n  ProxyJump a\n", "config", config, e));
    Host a;
    a.name = "a";
    EXPECT_FALSE(resolve_ssh_config(a, config, e));
    EXPECT_NE(e.message.find("jump hosts loop"), std::string::npos) << e.str();
    Inventory inv;
    EXPECT_FALSE(load_inventory(kDir + "/ssh_config/absent", Format::ssh_config, inv, e));
    EXPECT_EQ(e.str(), kDir + "/ssh_config/absent: cannot read the inventory file");
}

// ---- ProxyJump, ProxyCommand, ssh arguments ----

TEST(SshArgs, ProxyJump) {
    std::vector<JumpHop> h;
    std::string error;
    ASSERT_TRUE(parse_proxy_jump("a, ops@b:2222,ssh://c:2200,[2001:db8::1]:2022,u@[::1]", h, error)) << error;
    ASSERT_EQ(h.size(), 5u);
    EXPECT_EQ(h[0].str(), "a");
    EXPECT_EQ(h[1].user, "ops");
    EXPECT_EQ(h[1].name, "b");
    EXPECT_EQ(h[1].port, 2222);
    EXPECT_EQ(h[2].str(), "c:2200");
    EXPECT_EQ(h[3].name, "2001:db8::1");
    EXPECT_EQ(h[3].port, 2022);
    EXPECT_EQ(h[4].str(), "u@[::1]");
    h.clear();
    EXPECT_TRUE(parse_proxy_jump("none", h, error));
    EXPECT_TRUE(h.empty());
    EXPECT_FALSE(parse_proxy_jump("a:70000", h, error));
    EXPECT_FALSE(parse_proxy_jump("a,", h, error));
}

TEST(SshArgs, ProxyCommandForms) {
    const auto chain = [](const std::string& command) {
        std::vector<JumpHop> h;
        std::string error;
        EXPECT_TRUE(parse_proxy_command(command, h, error)) << command << ": " << error;
        std::vector<std::string> out;
        for (const auto& j : h) out.push_back(j.str());
        return out;
    };
    EXPECT_EQ(chain("ssh -W %h:%p bastion"), (std::vector<std::string>{"bastion"}));
    EXPECT_EQ(chain("ssh bastion -W %h:%p"), (std::vector<std::string>{"bastion"}));  // options after the host
    EXPECT_EQ(chain("exec ssh -q -l jump -p2200 bastion nc %h %p"), (std::vector<std::string>{"jump@bastion:2200"}));
    EXPECT_EQ(chain("/usr/bin/ssh -qT -W [%h]:%p ssh://ops@bastion:2222"),
              (std::vector<std::string>{"ops@bastion:2222"}));
    EXPECT_EQ(chain("ssh -J a,u@b:23 -W %h:%p c"), (std::vector<std::string>{"a", "u@b:23", "c"}));
    EXPECT_EQ(chain("ssh -o ProxyJump=a -oUser=jump -o 'Port 2201' -W %h:%p c"),
              (std::vector<std::string>{"a", "jump@c:2201"}));
    EXPECT_EQ(chain("ssh -o 'ProxyCommand=ssh -W b:22 a' -W %h:%p b"), (std::vector<std::string>{"a", "b"}));

    std::vector<JumpHop> h;
    std::string error;
    ASSERT_TRUE(parse_proxy_command("ssh -i ~/.ssh/jump -i /k2 -W %h:%p j", h, error));
    EXPECT_EQ(h[0].identity_files, (std::vector<std::string>{kHome + "/.ssh/jump", "/k2"}));

    const auto refused = [](const std::string& command) {
        std::vector<JumpHop> hops;
        std::string message;
        EXPECT_FALSE(parse_proxy_command(command, hops, message)) << command;
        return message;
    };
    EXPECT_EQ(refused("nc -X connect -x proxy:8080 %h %p"),
              "ProxyCommand runs 'nc', not ssh: vtyguard follows `ssh -W %h:%p JUMP` jumps");
    EXPECT_EQ(refused("ssh bastion"), "ProxyCommand's ssh neither forwards (-W %h:%p) nor runs nc %h %p");
    EXPECT_EQ(refused("ssh -W %h:%p"), "ProxyCommand's ssh names no jump host");
    EXPECT_EQ(refused("ssh -W 10.0.0.1:22 bastion"),
              "ProxyCommand forwards to '10.0.0.1:22', not to the device (-W %h:%p)");
    EXPECT_EQ(refused("ssh -W %h:%p %r@bastion"),
              "the jump host '%r@bastion' of a ProxyCommand must be written out (no %-tokens)");
    EXPECT_EQ(refused("ssh -Z -W %h:%p b"), "unknown ssh option -Z");
    EXPECT_EQ(refused("ssh -W \"%h:%p b"), "ProxyCommand has an unterminated quote");
}

TEST(SshArgs, ArgumentStrings) {
    SshArgs a;
    std::string error;
    ASSERT_TRUE(
        parse_ssh_args("-C -o ControlMaster=auto -o ControlPersist=60s -p 2022 -l ops -i /k -b 127.0.0.9 "
                       "-o ConnectTimeout=12 -o StrictHostKeyChecking=accept-new -o Port=9999 "
                       "-o HostKeyAlgorithms=+ssh-rsa -J j1,j2 -o ProxyJump=ignored",
                       a, error))
        << error;
    EXPECT_EQ(a.port, 2022);
    EXPECT_EQ(a.user, "ops");
    EXPECT_EQ(a.identity_files, (std::vector<std::string>{"/k"}));
    EXPECT_EQ(a.bind_address, "127.0.0.9");
    EXPECT_EQ(a.connect_timeout, 12s);
    EXPECT_EQ(a.host_key_checking, HostKeyCheck::accept_new);
    EXPECT_TRUE(a.legacy_crypto);
    ASSERT_EQ(a.jump.size(), 2u);  // -J first: the later ProxyJump is ignored, as by ssh
    EXPECT_EQ(a.jump[1].name, "j2");

    EXPECT_FALSE(parse_ssh_args("-o ProxyCommand=\"ssh -W %h:%p b\" -J c", a, error));
    EXPECT_FALSE(parse_ssh_args("-o KexAlgorithms=curve25519-sha256 stray", a, error));
    EXPECT_EQ(error, "unexpected word 'stray' among the ssh options");
    ASSERT_TRUE(parse_ssh_args("-o KexAlgorithms=curve25519-sha256 -o Ciphers=aes256-gcm@openssh.com", a, error));
    EXPECT_FALSE(a.legacy_crypto);
    ASSERT_TRUE(parse_ssh_args("-o HostKeyAlgorithms=ssh-ed25519,ssh-rsa-cert-v01@openssh.com", a, error));
    EXPECT_FALSE(a.legacy_crypto);
    ASSERT_TRUE(parse_ssh_args("-o Ciphers=aes128-cbc", a, error));
    EXPECT_TRUE(a.legacy_crypto);
}

// ---- detection ----

TEST(Detection, ByNameAndContent) {
    const auto detect = [](const std::string& text, const std::string& name) {
        Inventory inv;
        InventoryError error;
        EXPECT_TRUE(parse_inventory(text, name, Format::automatic, inv, error)) << name << ": " << error.str();
        return inv.format;
    };
    EXPECT_EQ(detect("r1 ansible_host=10.0.0.1 ansible_network_os=ios\n", "hosts"), Format::ansible_ini);
    EXPECT_EQ(detect("# c\n[ios]\nr1\n", "hosts"), Format::ansible_ini);
    EXPECT_EQ(detect("Host r1\n  HostName 10.0.0.1\n", "anything"), Format::ssh_config);
    EXPECT_EQ(detect("HostName=10.0.0.1\n", "cfg"), Format::ssh_config);
    EXPECT_EQ(detect("r1\nr2 cisco_asa\n", "devices"), Format::list);
    EXPECT_EQ(detect("[2001:db8::1]:22 ios\n", "devices"), Format::list);
    EXPECT_EQ(detect("all:\n  hosts:\n    r1:\n      ansible_network_os: ios\n", "inv.yml"), Format::ansible_yaml);
    EXPECT_EQ(detect("hosts:\n  r1: {address: 10.0.0.1}\n", "inv.yml"), Format::vtyguard);
    EXPECT_EQ(detect("vtyguard: 1\nhosts: {}\n", "inv.yml"), Format::vtyguard);

    auto e = error_of("settings:\n  colour: blue\n", "what.yaml");
    EXPECT_EQ(e.str(),
              "what.yaml: cannot tell which inventory format this YAML is (vtyguard, ansible-yaml, nornir): use "
              "--inventory-format");
    Format f{};
    EXPECT_TRUE(format_from_name("ansible-ini", f));
    EXPECT_EQ(f, Format::ansible_ini);
    EXPECT_EQ(format_name(Format::ssh_config), "ssh-config");
    EXPECT_FALSE(format_from_name("excel", f));
}

// ---- secrets never show ----

TEST(Secrets, NeverInDebugOutputWarningsOrErrors) {
    for (const char* file :
         {"vtyguard/fleet.yaml", "ansible_ini/inventory.ini", "lab/lab.ini", "nornir", "ansible_yaml/inventory.yml"}) {
        const Inventory inv = load(file);
        ASSERT_FALSE(inv.hosts.empty()) << file;
        for (const auto& h : inv.hosts) expect_no_secret(h.to_string());
        for (const auto& w : inv.warnings) expect_no_secret(w);
    }
    // The inline secrets are there, only hidden.
    const Inventory lab = load("lab/lab.ini");
    const std::string shown = host(lab, "r-healthy").to_string();
    EXPECT_NE(shown.find("password=<inline>"), std::string::npos) << shown;
    EXPECT_NE(shown.find("enable=<inline>"), std::string::npos) << shown;
    EXPECT_EQ(host(lab, "r-healthy").password.value, "lab-pass");
    const std::string env = host(load("ansible_ini/inventory.ini"), "r1").to_string();
    EXPECT_NE(env.find("password=env:VTYGUARD_TEST_NETOPS_PASSWORD"), std::string::npos) << env;
    EXPECT_NE(env.find("enable=file:/run/secrets/enable"), std::string::npos) << env;
    EXPECT_NE(env.find("timeouts=0/60000/120000ms"), std::string::npos) << env;

    // Errors on lines that hold secrets name the problem, never the secret.
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"[x]\nr1 ansible_password=lab-pass ansible_network_os=junos\n", "a.ini"},
        {"[x]\nr1 ansible_password= lab-pass\n", "b.ini"},
        {"[x:vars]\nansible_password lab-pass\n", "c.ini"},
        {"[x]\nr1 ansible_network_os=ios ansible_password='lab-pass\n", "d.ini"},
        {"[x]\nr1 ansible_network_os=ios ansible_ssh_common_args='-o ProxyCommand=\"sshpass -p lab-pass ssh -W "
         "%h:%p b\"'\n",
         "e.ini"},
        {"[x]\nr1 ansible_network_os=ios ansible_password='{{ \"lab-pass\" | b64decode }}'\n", "f.ini"},
        {"vtyguard: 1\nhosts:\n  r1: {password: [lab-pass]}\n", "g.yaml"},
        {"vtyguard: 1\nhosts:\n  r1: {password: lab-pass, password_file: /x}\n", "h.yaml"},
        {"vtyguard: 1\nhosts:\n  r1: {password: lab-pass, colour: red}\n", "i.yaml"},
        {"all:\n  hosts:\n    r1: {ansible_password: lab-pass, ansible_network_os: junos}\n", "j.yml"},
        {"r1 cisco_ios password=lab-pass\n", "k.txt"},
    };
    for (const auto& [text, name] : bad) {
        const InventoryError e = error_of(text, name);
        EXPECT_EQ(e.file, name);
        EXPECT_GT(e.line, 0) << e.str();
        expect_no_secret(e.str());
    }
}

// ---- sharding ----

TEST(Shard, Fnv1aIsTheDocumentedHash) {
    EXPECT_EQ(stable_hash(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(stable_hash("foobar"), 0x85944171f73967e8ULL);
}

TEST(Shard, PartitionIsCompleteDisjointBalancedAndOrderIndependent) {
    Inventory inv;
    for (int i = 0; i < 1000; ++i) {
        Host h;
        h.name = "dev-" + std::to_string(i);
        inv.hosts.push_back(h);
    }
    Inventory shuffled = inv;
    std::mt19937 rng(7);
    std::shuffle(shuffled.hosts.begin(), shuffled.hosts.end(), rng);
    for (unsigned n : {1u, 2u, 3u, 7u, 16u}) {
        std::map<std::string, unsigned> owner;
        for (unsigned k = 1; k <= n; ++k) {
            const auto part = shard(inv, k, n);
            EXPECT_GT(part.size(), 1000 / n / 2) << k << "/" << n;
            EXPECT_LT(part.size(), 1000 / n * 3 / 2 + 1) << k << "/" << n;
            for (const Host* h : part) {
                EXPECT_TRUE(owner.emplace(h->name, k).second) << h->name << " in two shards";
                EXPECT_EQ(stable_hash(h->name) % n, k - 1);
            }
            for (const Host* h : shard(shuffled, k, n)) EXPECT_EQ(owner[h->name], k) << h->name;
        }
        EXPECT_EQ(owner.size(), 1000u) << n;
    }
    EXPECT_TRUE(shard(inv, 0, 4).empty());
    EXPECT_TRUE(shard(inv, 5, 4).empty());
}

TEST(Shard, Spec) {
    unsigned k = 0, n = 0;
    std::string error;
    ASSERT_TRUE(parse_shard("2/8", k, n, error));
    EXPECT_EQ(k, 2u);
    EXPECT_EQ(n, 8u);
    EXPECT_FALSE(parse_shard("0/8", k, n, error));
    EXPECT_FALSE(parse_shard("9/8", k, n, error));
    EXPECT_FALSE(parse_shard("2-8", k, n, error));
    EXPECT_EQ(error, "--shard takes K/N (for example 2/8), not '2-8'");
    EXPECT_FALSE(parse_shard("/8", k, n, error));
}

}  // namespace
