// The lab's fleet files, inventories and jump hosts (lab/fleet).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "lab/fleet/fleet_file.hpp"
#include "lab/fleet/inventory.hpp"
#include "lab/fleet/jumphost.hpp"

namespace fs = std::filesystem;
using namespace vtyguard::lab;

namespace {

// A fresh directory per test, removed afterwards.
class FleetDir : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        // Parameterised suites and tests have '/' in their names: one flat directory per test.
        std::string name = std::string(info->test_suite_name()) + "-" + info->name();
        std::replace(name.begin(), name.end(), '/', '_');
        dir_ = fs::temp_directory_path() / ("vtyguard-fleet-test-" + std::to_string(getpid()) + "-" + name);
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& text) {
        const fs::path path = dir_ / name;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    // Loads `yaml` as DIR/fleet.yaml; the error when it fails.
    std::optional<FleetFile> load(const std::string& yaml, std::string& error) {
        return load_fleet_file(write("fleet.yaml", yaml), error);
    }
    // The error a fleet gives (fails the test when it loads).
    std::string error_of(const std::string& yaml) {
        std::string error;
        auto fleet = load(yaml, error);
        EXPECT_FALSE(fleet) << "loaded although it should not:\n" << yaml;
        return error;
    }
    std::string fleet_path() const { return (dir_ / "fleet.yaml").string(); }

    fs::path dir_;
};

const char* kIosConfig =
    "hostname {hostname}\n"
    "interface Loopback0\n"
    " ip address {address} 255.255.255.255\n"
    "line vty 0 4\n"
    " transport input ssh\n";

TEST_F(FleetDir, LoadsDevicesJumpHostsAndDefaults) {
    write("configs/r1.cfg", "hostname r1\n");
    write("configs/fw1.cfg", "hostname fw1\n");
    std::string error;
    auto fleet = load(R"(# a comment
defaults:
  username: admin
  password: lab
  enable: lab-enable
  ssh_port: 2222
  faults:
    command_latency_ms: 50
    garbage: true
jump_hosts:
  - name: bastion1
    address: 127.0.1.1
  - name: bastion2
    address: 127.0.1.2
    via: bastion1
    port: 2200
devices:
  - name: r1
    platform: cisco_ios
    address: 127.10.0.1
    config: configs/r1.cfg
    version: "17.9.4a"
    model: C9300-48P
    telnet_port: 2323
    faults:
      slow_chunk: 16
      slow_delay_ms: 20
      garbage: false
    expect: [SSH-005, SSH-010]
    source: 127.0.10.5
  - name: fw1
    platform: cisco_asa
    address: 127.10.0.2
    config: configs/fw1.cfg
    ssh_port: 22
    legacy_crypto: yes
    behind: bastion2
    username: ops
    expect: []
    faults:
      drop_after: 200
      prompt_banner: true
      auth_failure: true
      host_key_changes: true
      no_prompt: true
)",
                      error);
    ASSERT_TRUE(fleet) << error;
    ASSERT_EQ(fleet->devices.size(), 2u);
    ASSERT_EQ(fleet->jump_hosts.size(), 2u);

    const FleetDevice& r1 = fleet->devices[0];
    EXPECT_EQ(r1.spec.name, "r1");
    EXPECT_EQ(r1.spec.personality, Personality::cisco_ios);
    EXPECT_EQ(r1.spec.address, "127.10.0.1");
    EXPECT_EQ(r1.spec.ssh_port, 2222);
    EXPECT_EQ(r1.spec.telnet_port, 2323);
    EXPECT_EQ(r1.spec.config, "hostname r1\n");
    EXPECT_EQ(r1.config_path, dir_ / "configs/r1.cfg");
    EXPECT_EQ(r1.spec.version, "17.9.4a");
    EXPECT_EQ(r1.spec.model, "C9300-48P");
    EXPECT_FALSE(r1.spec.legacy_crypto);
    EXPECT_EQ(r1.username, "admin");
    EXPECT_EQ(r1.password, "lab");
    EXPECT_EQ(r1.enable, "lab-enable");
    EXPECT_EQ(r1.spec.enable_secret, "lab-enable");
    EXPECT_TRUE(r1.behind.empty());
    EXPECT_EQ(r1.source, "127.0.10.5");
    ASSERT_TRUE(r1.expect);
    EXPECT_EQ(*r1.expect, (std::vector<std::string>{"SSH-005", "SSH-010"}));
    // Faults merge key by key: the device's own keys over the defaults'.
    EXPECT_EQ(r1.spec.faults.command_latency.count(), 50);
    EXPECT_EQ(r1.spec.faults.slow_chunk, 16u);
    EXPECT_EQ(r1.spec.faults.slow_delay.count(), 20);
    EXPECT_FALSE(r1.spec.faults.garbage);
    EXPECT_EQ(r1.spec.faults.drop_after, 0u);

    const FleetDevice& fw1 = fleet->devices[1];
    EXPECT_EQ(fw1.spec.personality, Personality::cisco_asa);
    EXPECT_EQ(fw1.spec.ssh_port, 22);
    EXPECT_EQ(fw1.spec.telnet_port, 0);
    EXPECT_TRUE(fw1.spec.legacy_crypto);
    EXPECT_EQ(fw1.username, "ops");
    EXPECT_EQ(fw1.password, "lab");
    EXPECT_EQ(fw1.behind, "bastion2");
    ASSERT_TRUE(fw1.expect);
    EXPECT_TRUE(fw1.expect->empty());
    EXPECT_EQ(fw1.spec.faults.command_latency.count(), 50);
    EXPECT_TRUE(fw1.spec.faults.garbage);
    EXPECT_EQ(fw1.spec.faults.drop_after, 200u);
    EXPECT_TRUE(fw1.spec.faults.prompt_banner);
    EXPECT_TRUE(fw1.spec.faults.auth_failure);
    EXPECT_TRUE(fw1.spec.faults.host_key_changes);
    EXPECT_TRUE(fw1.spec.faults.no_prompt);

    EXPECT_EQ(fleet->jump_hosts[1].port, 2200);
    const auto chain = fleet->jump_chain(fw1);
    ASSERT_EQ(chain.size(), 2u);
    EXPECT_EQ(chain[0]->name, "bastion1");
    EXPECT_EQ(chain[1]->name, "bastion2");
    EXPECT_TRUE(fleet->jump_chain(r1).empty());
}

TEST_F(FleetDir, DeviceWithoutExpectIsNotAScenario) {
    write("a.cfg", "hostname a\n");
    std::string error;
    auto fleet = load("devices:\n  - {name: a, platform: cisco_ios, address: 127.10.0.1, config: a.cfg}\n", error);
    ASSERT_TRUE(fleet) << error;
    EXPECT_FALSE(fleet->devices[0].expect);
    EXPECT_EQ(fleet->devices[0].spec.ssh_port, 2222) << "the lab's default port for the device's port 22";
    EXPECT_TRUE(fleet->devices[0].username.empty());
}

TEST_F(FleetDir, GenerateNumbersAddressesAndSubstitutesTheConfig) {
    write("load/ios.cfg", kIosConfig);
    std::string error;
    auto fleet = load(R"(defaults:
  username: admin
generate:
  - count: 12
    name: load-{n}
    platform: cisco_ios
    address_from: 127.20.0.250
    config: load/ios.cfg
    version: "15.2(4)E10"
    model: WS-C2960X-48TS-L
devices:
  - name: single
    platform: cisco_asa
    address: 127.10.0.1
    config: load/ios.cfg
)",
                      error);
    ASSERT_TRUE(fleet) << error;
    ASSERT_EQ(fleet->devices.size(), 13u);
    EXPECT_EQ(fleet->devices[0].spec.name, "single");
    EXPECT_EQ(fleet->devices[0].spec.config.find("hostname single\n"), 0u);
    const FleetDevice& first = fleet->devices[1];
    EXPECT_EQ(first.spec.name, "load-01");
    EXPECT_EQ(first.spec.address, "127.20.0.250");
    EXPECT_EQ(first.spec.version, "15.2(4)E10");
    EXPECT_EQ(first.username, "admin");
    EXPECT_EQ(first.spec.config,
              "hostname load-01\ninterface Loopback0\n ip address 127.20.0.250 255.255.255.255\nline vty 0 4\n"
              " transport input ssh\n");
    // Addresses carry into the next octet.
    const FleetDevice& last = fleet->devices[12];
    EXPECT_EQ(last.spec.name, "load-12");
    EXPECT_EQ(last.spec.address, "127.20.1.5");
    EXPECT_NE(last.spec.config.find("hostname load-12\n"), std::string::npos);
    EXPECT_NE(last.spec.config.find("ip address 127.20.1.5 "), std::string::npos);
}

TEST_F(FleetDir, GenerateZeroPadsToTheWidthOfCount) {
    write("c.cfg", "hostname {hostname}\n! device {n}\n");
    std::string error;
    auto fleet = load(
        "generate:\n  - {count: 1000, name: 'l{n}', platform: cisco_ios, address_from: 127.21.0.1, config: c.cfg}\n",
        error);
    ASSERT_TRUE(fleet) << error;
    ASSERT_EQ(fleet->devices.size(), 1000u);
    EXPECT_EQ(fleet->devices[0].spec.name, "l0001");
    EXPECT_EQ(fleet->devices[41].spec.config, "hostname l0042\n! device 0042\n");
    EXPECT_EQ(fleet->devices[999].spec.name, "l1000");
    EXPECT_EQ(fleet->devices[999].spec.address, "127.21.3.232");
}

struct BadFleet {
    const char* what;
    std::string yaml;
    int line;            // expected line in the error
    std::string needle;  // expected part of the message (key and reason)
};

void PrintTo(const BadFleet& bad, std::ostream* os) {
    *os << bad.what;
}

class FleetErrors : public FleetDir, public ::testing::WithParamInterface<BadFleet> {};

TEST_P(FleetErrors, NameFileLineAndKey) {
    write("a.cfg", "hostname a\n");
    const BadFleet& bad = GetParam();
    const std::string error = error_of(bad.yaml);
    const std::string prefix = fleet_path() + ":" + std::to_string(bad.line) + ": ";
    EXPECT_EQ(error.rfind(prefix, 0), 0u) << bad.what << ": " << error;
    EXPECT_NE(error.find(bad.needle), std::string::npos) << bad.what << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << "one line: " << error;
}

const std::string kDevice = "  - name: a\n    platform: cisco_ios\n    address: 127.10.0.1\n    config: a.cfg\n";

INSTANTIATE_TEST_SUITE_P(
    Fleet, FleetErrors,
    ::testing::Values(
        BadFleet{"unknown device key", "devices:\n" + kDevice + "    colour: blue\n", 6, "colour: unknown key"},
        BadFleet{"unknown top-level key", "devices:\n" + kDevice + "extras: 1\n", 6, "extras: unknown key"},
        BadFleet{"unknown fault", "devices:\n" + kDevice + "    faults:\n      jitter_ms: 3\n", 7,
                 "faults.jitter_ms: unknown fault"},
        BadFleet{"bad platform", "devices:\n  - name: a\n    platform: cisco_nxos\n", 3,
                 "platform: 'cisco_nxos' is not cisco_ios or cisco_asa"},
        BadFleet{"missing config", "devices:\n  - name: a\n    platform: cisco_ios\n    address: 127.10.0.1\n", 2,
                 "config: missing (device 'a')"},
        BadFleet{"unreadable config",
                 "devices:\n  - name: a\n    platform: cisco_ios\n    address: 127.10.0.1\n"
                 "    config: nowhere.cfg\n",
                 5, "config: cannot read"},
        BadFleet{"address outside loopback", "devices:\n  - name: a\n    platform: cisco_ios\n    address: 10.0.0.1\n",
                 4, "address: '10.0.0.1' is not a loopback address"},
        BadFleet{"bad port", "devices:\n" + kDevice + "    ssh_port: 70000\n", 6, "ssh_port: expected a whole number"},
        BadFleet{"bad boolean", "devices:\n" + kDevice + "    legacy_crypto: maybe\n", 6,
                 "legacy_crypto: expected true or false, got 'maybe'"},
        BadFleet{"duplicate key", "devices:\n" + kDevice + "    address: 127.10.0.2\n", 6,
                 "address: duplicate key (first at line 4)"},
        BadFleet{"duplicate name",
                 "devices:\n" + kDevice +
                     "  - name: a\n    platform: cisco_ios\n"
                     "    address: 127.10.0.2\n    config: a.cfg\n",
                 6, "name: 'a' is already used at line 2"},
        BadFleet{"duplicate address",
                 "devices:\n" + kDevice +
                     "  - name: b\n    platform: cisco_ios\n"
                     "    address: 127.10.0.1\n    config: a.cfg\n",
                 8, "address: 127.10.0.1 is already used by device 'a'"},
        BadFleet{"unknown jump host", "devices:\n" + kDevice + "    behind: nowhere\n", 6,
                 "behind: no jump host named 'nowhere'"},
        BadFleet{"via cycle",
                 "jump_hosts:\n  - {name: j1, address: 127.0.1.1, via: j2}\n"
                 "  - {name: j2, address: 127.0.1.2, via: j1}\ndevices:\n" +
                     kDevice,
                 2, "jump_hosts.via: 'j1' reaches itself"},
        BadFleet{"unknown via", "jump_hosts:\n  - name: j1\n    address: 127.0.1.1\n    via: j0\ndevices:\n" + kDevice,
                 2, "jump_hosts.via: no jump host named 'j0'"},
        BadFleet{"jump host key", "jump_hosts:\n  - name: j1\n    addr: 127.0.1.1\ndevices:\n" + kDevice, 3,
                 "jump_hosts.addr: unknown key"},
        BadFleet{"name with a wildcard",
                 "devices:\n  - name: 'r*'\n    platform: cisco_ios\n    address: 127.10.0.1\n"
                 "    config: a.cfg\n",
                 2, "name: 'r*' may only hold"},
        BadFleet{"name in defaults", "defaults:\n  name: x\ndevices:\n" + kDevice, 2,
                 "defaults.name: not allowed in defaults"},
        BadFleet{"generate without {n}",
                 "generate:\n  - count: 2\n    name: same\n    platform: cisco_ios\n"
                 "    address_from: 127.20.0.1\n    config: a.cfg\n",
                 3, "generate.name: needs {n}"},
        BadFleet{"generate leaving 127/8",
                 "generate:\n  - count: 300\n    name: g{n}\n    platform: cisco_ios\n"
                 "    address_from: 127.255.255.1\n    config: a.cfg\n",
                 2, "generate.count: 300 addresses from"},
        BadFleet{"generate count zero", "generate:\n  - count: 0\n    name: g{n}\n", 2,
                 "generate.count: must be at least 1"},
        BadFleet{"devices not a list", "devices:\n  name: a\n", 2, "devices: expected a list"},
        BadFleet{"yaml syntax", "devices:\n  - name: a\n    platform: [cisco_ios\n", 4, ""},
        BadFleet{"no devices", "defaults:\n  username: admin\n", 1, "devices: missing"}),
    [](const ::testing::TestParamInfo<BadFleet>& param) {
        std::string name = param.param.what;
        for (char& c : name) {
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        }
        return name;
    });

TEST_F(FleetDir, CryptoImageDefaultsToTrue) {
    write("a.cfg", "hostname a\n");
    std::string error;
    auto plain = load("devices:\n" + kDevice, error);
    ASSERT_TRUE(plain) << error;
    EXPECT_TRUE(plain->devices[0].spec.crypto_image);
    auto without = load("devices:\n" + kDevice + "    crypto_image: false\n", error);
    ASSERT_TRUE(without) << error;
    EXPECT_FALSE(without->devices[0].spec.crypto_image);
}

TEST_F(FleetDir, UnreadableFleetFileIsNamed) {
    std::string error;
    EXPECT_FALSE(load_fleet_file(dir_ / "missing.yaml", error));
    EXPECT_EQ(error, (dir_ / "missing.yaml").string() + ": cannot read the fleet file");
}

// A fleet with two hops for the inventory tests, the jump hosts as if running.
struct InventoryFixture : FleetDir {
    void SetUp() override {
        FleetDir::SetUp();
        write("r.cfg", "hostname r\n");
        std::string error;
        auto loaded = load(R"(defaults: {username: admin, password: lab, enable: lab-enable}
jump_hosts:
  - {name: b1, address: 127.0.1.1}
  - {name: b2, address: 127.0.1.2, via: b1}
devices:
  - {name: r-direct, platform: cisco_ios, address: 127.10.0.1, config: r.cfg, source: 127.0.10.5}
  - {name: r-one-hop, platform: cisco_ios, address: 127.10.0.2, config: r.cfg, behind: b1, ssh_port: 22}
  - {name: fw-two-hops, platform: cisco_asa, address: 127.10.0.3, config: r.cfg, behind: b2, password: "p w'd"}
  - {name: r-legacy, platform: cisco_ios, address: 127.10.0.4, config: r.cfg, legacy_crypto: true, enable: ""}
)",
                           error);
        ASSERT_TRUE(loaded) << error;
        fleet = *loaded;
        jumps = {{"b1", "127.0.1.1", 40001, "root", "/state/jump/key"},
                 {"b2", "127.0.1.2", 40002, "root", "/state/jump/key"}};
    }
    FleetFile fleet;
    std::vector<JumpEndpoint> jumps;
};

TEST_F(InventoryFixture, AnsibleIniCarriesEveryVariableOnTheHostLine) {
    std::string text, error;
    ASSERT_TRUE(ansible_inventory(fleet, jumps, text, error)) << error;
    const std::string one_hop_proxy =
        "ssh -i /state/jump/key -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no"
        " -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p 40001 -W %h:%p root@127.0.1.1";
    const std::string two_hop_proxy =
        "ssh -i /state/jump/key -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no"
        " -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p 40002"
        " -o \\\"ProxyCommand=ssh -i /state/jump/key -o IdentitiesOnly=yes -o BatchMode=yes"
        " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p 40001"
        " -W 127.0.1.2:40002 root@127.0.1.1\\\" -W %h:%p root@127.0.1.2";
    const std::string common = " ansible_network_os=cisco.ios.ios ansible_connection=ansible.netcommon.network_cli";
    const std::string become = " ansible_become=true ansible_become_method=enable ansible_become_password=lab-enable";
    const std::string expected =
        "# Ansible inventory of the vtyguard lab fleet " + fleet_path() +
        " (written by vtyguard-lab; valid while the lab runs).\n"
        "\n[cisco_ios]\n"
        "r-direct ansible_host=127.10.0.1 ansible_port=2222 ansible_user=admin ansible_password=lab" +
        become + common +
        "\n"
        "r-one-hop ansible_host=127.10.0.2 ansible_port=22 ansible_user=admin ansible_password=lab" +
        become + common + " ansible_ssh_common_args='-o \"ProxyCommand=" + one_hop_proxy +
        "\" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n"
        "r-legacy ansible_host=127.10.0.4 ansible_port=2222 ansible_user=admin ansible_password=lab" +
        common +
        " ansible_ssh_common_args='-o KexAlgorithms=+diffie-hellman-group14-sha1,diffie-hellman-group1-sha1"
        " -o HostKeyAlgorithms=+ssh-rsa -o PubkeyAcceptedAlgorithms=+ssh-rsa"
        " -o Ciphers=+aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc -o MACs=+hmac-sha1'\n"
        "\n[cisco_asa]\n"
        "fw-two-hops ansible_host=127.10.0.3 ansible_port=2222 ansible_user=admin ansible_password=\"p w'd\"" +
        become +
        " ansible_network_os=cisco.asa.asa ansible_connection=ansible.netcommon.network_cli"
        " ansible_ssh_common_args='-o \"ProxyCommand=" +
        two_hop_proxy + "\" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n";
    EXPECT_EQ(text, expected);
}

TEST_F(InventoryFixture, ProxyCommandNestsOneCommandPerHop) {
    const std::vector<const JumpEndpoint*> none;
    EXPECT_EQ(proxy_command(none), "");
    const std::vector<const JumpEndpoint*> two = {&jumps[0], &jumps[1]};
    const std::string cmd = proxy_command(two);
    // Only the outermost hop's target is left to the client (%h:%p); the inner one is fixed.
    EXPECT_EQ(std::count(cmd.begin(), cmd.end(), '%'), 2);
    EXPECT_NE(cmd.find("-W 127.0.1.2:40002 root@127.0.1.1\" -W %h:%p root@127.0.1.2"), std::string::npos) << cmd;
}

TEST_F(InventoryFixture, SshConfigHasABlockPerJumpHostAndDevice) {
    std::string text, error;
    ASSERT_TRUE(ssh_client_config(fleet, jumps, text, error)) << error;
    EXPECT_NE(text.find("\nHost b1 127.0.1.1\n    HostName 127.0.1.1\n    Port 40001\n    User root\n"
                        "    IdentityFile /state/jump/key\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("\nHost b2 127.0.1.2\n"), std::string::npos);
    EXPECT_NE(text.find("    ProxyJump b1\n\nHost r-direct"), std::string::npos) << "b2 goes through b1:\n" << text;
    // Each device block: the source address for direct ones, the chain for the others.
    std::smatch m;
    const std::regex direct("Host r-direct 127\\.10\\.0\\.1\\n(    .*\\n)*?    BindAddress 127\\.0\\.10\\.5\\n");
    EXPECT_TRUE(std::regex_search(text, m, direct)) << text;
    const std::regex two_hops(
        "Host fw-two-hops 127\\.10\\.0\\.3\\n    HostName 127\\.10\\.0\\.3\\n    Port 2222\\n"
        "    User admin\\n(    .*\\n)*?    ProxyJump b2\\n");
    EXPECT_TRUE(std::regex_search(text, m, two_hops)) << text;
    const std::regex legacy("Host r-legacy [^\\n]*\\n(    .*\\n)*?    HostKeyAlgorithms \\+ssh-rsa\\n");
    EXPECT_TRUE(std::regex_search(text, m, legacy)) << text;
    EXPECT_EQ(text.find("="), std::string::npos) << "ssh_config uses 'Key value'";
}

TEST_F(InventoryFixture, MissingJumpEndpointIsAnError) {
    jumps.pop_back();
    std::string text, error;
    EXPECT_FALSE(ansible_inventory(fleet, jumps, text, error));
    EXPECT_NE(error.find("jump host 'b2' is not running"), std::string::npos) << error;
    EXPECT_FALSE(ssh_client_config(fleet, jumps, text, error));
}

TEST_F(InventoryFixture, WriteInventoryWritesBothFiles) {
    std::string error;
    ASSERT_TRUE(write_inventory(fleet, jumps, dir_ / "out/hosts.ini", dir_ / "out/ssh_config", error)) << error;
    std::ifstream ini(dir_ / "out/hosts.ini"), config(dir_ / "out/ssh_config");
    std::string first;
    std::getline(ini, first);
    EXPECT_EQ(first.rfind("# Ansible inventory", 0), 0u);
    std::getline(config, first);
    EXPECT_EQ(first.rfind("# OpenSSH client config", 0), 0u);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "out"), fs::directory_iterator()), 2) << "no temp files left";
}

bool connects(const std::string& address, std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
    const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0;
    close(fd);
    return ok;
}

TEST(PickFreePort, ReturnsABindablePort) {
    std::string error;
    const auto port = pick_free_port("127.0.1.77", error);
    ASSERT_NE(port, 0) << error;
    EXPECT_FALSE(connects("127.0.1.77", port));
    EXPECT_EQ(pick_free_port("not-an-address", error), 0);
    EXPECT_NE(error.find("not an IPv4 address"), std::string::npos);
}

class JumpHostTest : public FleetDir {
protected:
    void SetUp() override {
        if (!fs::exists("/usr/sbin/sshd") || !fs::exists("/usr/bin/ssh-keygen")) {
            GTEST_SKIP() << "openssh-server is not installed";
        }
        FleetDir::SetUp();
    }
};

TEST_F(JumpHostTest, StartsAnswersAndStops) {
    JumpHostOptions options;
    options.name = "bastion-test";
    options.dir = dir_ / "jump";
    options.address = "127.0.1.78";
    std::string error;
    auto jump = JumpHost::start(options, error);
    ASSERT_TRUE(jump) << error;
    EXPECT_NE(jump->port(), 0);
    EXPECT_GT(jump->pid(), 0);
    EXPECT_EQ(jump->client_key(), dir_ / "jump/client_ed25519");
    EXPECT_TRUE(fs::exists(dir_ / "jump/client_ed25519.pub"));
    EXPECT_TRUE(connects("127.0.1.78", jump->port()));
    std::ifstream config(dir_ / "jump/sshd_config");
    const std::string text{std::istreambuf_iterator<char>(config), std::istreambuf_iterator<char>()};
    EXPECT_NE(text.find("ListenAddress 127.0.1.78\nPort " + std::to_string(jump->port()) + "\n"), std::string::npos);
    EXPECT_NE(text.find("PasswordAuthentication no\n"), std::string::npos);
    EXPECT_NE(text.find("AllowTcpForwarding yes\n"), std::string::npos);

    const pid_t pid = jump->pid();
    const auto port = jump->port();
    jump->stop();
    EXPECT_EQ(jump->pid(), -1);
    EXPECT_NE(kill(pid, 0), 0) << "sshd reaped";
    EXPECT_FALSE(connects("127.0.1.78", port));
    jump->stop();  // idempotent

    // The host key stays across restarts: the same jump host identity.
    std::ifstream key1(dir_ / "jump/ssh_host_ed25519_key.pub");
    const std::string before{std::istreambuf_iterator<char>(key1), std::istreambuf_iterator<char>()};
    auto again = JumpHost::start(options, error);
    ASSERT_TRUE(again) << error;
    std::ifstream key2(dir_ / "jump/ssh_host_ed25519_key.pub");
    EXPECT_EQ(before, std::string(std::istreambuf_iterator<char>(key2), std::istreambuf_iterator<char>()));
}

TEST_F(JumpHostTest, PortInUseIsReportedWithSshdsLog) {
    // Occupy a port, then ask for exactly that one.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.1.79", &sa.sin_addr);
    ASSERT_EQ(bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa), 0);
    ASSERT_EQ(listen(fd, 1), 0);
    socklen_t len = sizeof sa;
    getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    JumpHostOptions options;
    options.name = "busy";
    options.dir = dir_ / "busy";
    options.address = "127.0.1.79";
    options.port = ntohs(sa.sin_port);
    std::string error;
    EXPECT_FALSE(JumpHost::start(options, error));
    EXPECT_NE(error.find("jump host 'busy'"), std::string::npos) << error;
    EXPECT_NE(error.find("Address already in use"), std::string::npos) << error;
    close(fd);
}

TEST_F(JumpHostTest, StaleSshdOfACrashedLabIsStopped) {
    JumpHostOptions options;
    options.name = "stale";
    options.dir = dir_ / "stale";
    options.address = "127.0.1.80";
    std::string error;
    auto jump = JumpHost::start(options, error);
    ASSERT_TRUE(jump) << error;
    // sshd writes its pid file shortly after it listens.
    for (int i = 0; i < 200 && !fs::exists(dir_ / "stale/sshd.pid"); ++i) usleep(10'000);
    EXPECT_FALSE(stop_stale_jump_host(dir_ / "other")) << "nothing there";
    EXPECT_TRUE(stop_stale_jump_host(dir_ / "stale"));
    for (int i = 0; i < 200 && connects("127.0.1.80", jump->port()); ++i) usleep(10'000);
    EXPECT_FALSE(connects("127.0.1.80", jump->port()));
    jump->stop();  // reaps the already terminated sshd
}

}  // namespace
