// The lab's fleet files, inventories and jump hosts (lab/fleet).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "lab/files/private_files.hpp"
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
                        "    IdentityFile \"/state/jump/key\"\n"),
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

// ---- private state: directories others could write to are refused --------------------------

// Runs argv (no shell), returns its exit status with stdout and stderr in `output`.
int run_command(const std::vector<std::string>& args, std::string& output,
                const std::vector<std::pair<std::string, std::string>>& env = {}) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return -1;
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(pipe_fds[1], 1);
        dup2(pipe_fds[1], 2);
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        for (const auto& [key, value] : env) setenv(key.c_str(), value.c_str(), 1);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    close(pipe_fds[1]);
    output.clear();
    char buf[4096];
    ssize_t n;
    while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) output.append(buf, static_cast<std::size_t>(n));
    close(pipe_fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) return 0;
    return st.st_mode & 07777;
}

// The uid of `nobody`: an owner other than the test's (tests run as root in CI).
std::optional<uid_t> nobody_uid() {
    const passwd* pw = getpwnam("nobody");
    if (!pw || geteuid() != 0 || pw->pw_uid == geteuid()) return std::nullopt;
    return pw->pw_uid;
}

TEST_F(FleetDir, PrivateDirIsCreated0700AndOnlyAcceptedWhenPrivate) {
    std::string error;
    const mode_t old_umask = umask(0);
    EXPECT_TRUE(ensure_private_dir(dir_ / "new/state", error)) << error;
    umask(old_umask);
    EXPECT_EQ(mode_of(dir_ / "new/state"), 0700u);
    EXPECT_TRUE(ensure_private_dir(dir_ / "new/state", error)) << "an existing private directory is kept: " << error;

    fs::create_directories(dir_ / "open");
    chmod((dir_ / "open").c_str(), 0755);
    EXPECT_EQ(inspect_private_dir(dir_ / "open", error), PrivateDir::unsafe);
    EXPECT_FALSE(ensure_private_dir(dir_ / "open", error));
    EXPECT_NE(error.find((dir_ / "open").string() + " has mode 0755"), std::string::npos) << error;
    EXPECT_EQ(mode_of(dir_ / "open"), 0755u) << "an unsafe directory is never repaired";

    fs::create_directory_symlink(dir_ / "new/state", dir_ / "link");
    EXPECT_FALSE(ensure_private_dir(dir_ / "link", error));
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
    EXPECT_FALSE(ensure_private_dir(dir_.string() + "/link/", error)) << "a trailing slash must not follow it";
    EXPECT_TRUE(ensure_private_dir(dir_.string() + "/slash/", error)) << error;
    EXPECT_EQ(mode_of(dir_ / "slash"), 0700u);

    write("file", "x");
    EXPECT_FALSE(ensure_private_dir(dir_ / "file", error));
    EXPECT_NE(error.find("not a directory"), std::string::npos) << error;
    EXPECT_EQ(inspect_private_dir(dir_ / "missing", error), PrivateDir::missing);

    if (const auto nobody = nobody_uid()) {
        fs::create_directories(dir_ / "theirs");
        chmod((dir_ / "theirs").c_str(), 0700);
        ASSERT_EQ(chown((dir_ / "theirs").c_str(), *nobody, static_cast<gid_t>(-1)), 0);
        EXPECT_FALSE(ensure_private_dir(dir_ / "theirs", error));
        EXPECT_NE(error.find((dir_ / "theirs").string() + " is owned by uid " + std::to_string(*nobody)),
                  std::string::npos)
            << error;
    }
}

TEST_F(FleetDir, PrivateFileIs0600FromTheStartAndReplacesAtomically) {
    std::string error;
    const mode_t old_umask = umask(0);
    const bool written = write_private_file(dir_ / "secret", "one\n", error);
    umask(old_umask);
    ASSERT_TRUE(written) << error;
    EXPECT_EQ(mode_of(dir_ / "secret"), 0600u);
    ASSERT_TRUE(write_private_file(dir_ / "secret", "two\n", error)) << error;
    std::ifstream in(dir_ / "secret");
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()), "two\n");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1) << "no temp files left";
    EXPECT_FALSE(write_private_file(dir_ / "no/such/dir/secret", "x", error));
    EXPECT_NE(error.find(dir_.string() + "/no/such/dir/secret"), std::string::npos) << error;
}

// vtyguard-lab refuses a state directory it does not own privately before it uses anything in it.
TEST_F(FleetDir, LabRefusesAStateDirectoryOthersCouldHaveWritten) {
    const std::string lab = VTYGUARD_LAB;
    const std::string fleet = write("bad.yaml", "devices: [").string();  // never read when the state is refused
    std::string out;

    // A missing state directory is created private; the fleet is read after it.
    EXPECT_EQ(run_command({lab, "serve", fleet, "--state", (dir_ / "fresh").string()}, out), 3) << out;
    EXPECT_EQ(mode_of(dir_ / "fresh"), 0700u);

    fs::create_directories(dir_ / "open");
    chmod((dir_ / "open").c_str(), 0775);
    for (const char* command : {"serve", "status", "down"}) {
        std::vector<std::string> args = {lab, command};
        if (std::string(command) == "serve") args.push_back(fleet);
        args.insert(args.end(), {"--state", (dir_ / "open").string()});
        EXPECT_EQ(run_command(args, out), 7) << command << ": " << out;
        EXPECT_NE(out.find((dir_ / "open").string()), std::string::npos) << out;
        EXPECT_NE(out.find("mode 0775"), std::string::npos) << out;
    }

    fs::create_directory_symlink(dir_ / "fresh", dir_ / "link");
    EXPECT_EQ(run_command({lab, "serve", fleet, "--state", (dir_ / "link").string()}, out), 7) << out;

    // The default state directory (here under XDG_RUNTIME_DIR) gets the same check.
    fs::create_directories(dir_ / "xdg/vtyguard-lab");
    chmod((dir_ / "xdg/vtyguard-lab").c_str(), 0777);
    EXPECT_EQ(run_command({lab, "serve", fleet}, out, {{"XDG_RUNTIME_DIR", (dir_ / "xdg").string()}}), 7) << out;
    EXPECT_NE(out.find((dir_ / "xdg/vtyguard-lab").string()), std::string::npos) << out;

    if (const auto nobody = nobody_uid()) {
        // Another user's directory with a planted client key: the lab never authorizes it.
        fs::create_directories(dir_ / "planted/jump");
        write("planted/jump/client_ed25519", "planted");
        write("planted/jump/client_ed25519.pub", "ssh-ed25519 AAAAplanted attacker");
        for (const auto& p : fs::recursive_directory_iterator(dir_ / "planted"))
            ASSERT_EQ(chown(p.path().c_str(), *nobody, static_cast<gid_t>(-1)), 0);
        chmod((dir_ / "planted").c_str(), 0700);
        ASSERT_EQ(chown((dir_ / "planted").c_str(), *nobody, static_cast<gid_t>(-1)), 0);
        EXPECT_EQ(run_command({lab, "serve", fleet, "--state", (dir_ / "planted").string()}, out), 7) << out;
        EXPECT_NE(out.find("is owned by uid " + std::to_string(*nobody)), std::string::npos) << out;
    }
}

TEST_F(InventoryFixture, WrittenFilesArePrivateFromTheStart) {
    // The inventory holds the devices' passwords: never readable by others, not even briefly.
    const mode_t old_umask = umask(022);
    std::string error;
    const bool written = write_inventory(fleet, jumps, dir_ / "hosts.ini", dir_ / "ssh_config", error);
    umask(old_umask);
    ASSERT_TRUE(written) << error;
    EXPECT_EQ(mode_of(dir_ / "hosts.ini"), 0600u);
    EXPECT_EQ(mode_of(dir_ / "ssh_config"), 0600u);
}

bool connects(const std::string& address, std::uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    // From another address: an unbound socket to a freed ephemeral port on 127.x may get that very
    // port as its source and connect to itself (TCP simultaneous open), which looked like a
    // listener that survived stop() when tests ran in parallel.
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, address == "127.0.0.1" ? "127.0.0.2" : "127.0.0.1", &from.sin_addr);
    bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from);
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

TEST_F(JumpHostTest, DirectoryOthersCouldHaveWrittenIsRefused) {
    std::string error;
    JumpHostOptions options;
    options.name = "open";
    options.address = "127.0.1.81";
    options.dir = dir_ / "open";
    fs::create_directories(options.dir);
    chmod(options.dir.c_str(), 0755);
    EXPECT_FALSE(JumpHost::start(options, error));
    EXPECT_NE(error.find("jump host 'open'"), std::string::npos) << error;
    EXPECT_NE(error.find(options.dir.string() + " has mode 0755"), std::string::npos) << error;

    // The client key's directory is checked too.
    options.dir = dir_ / "private";
    options.client_key = dir_ / "keys/client_ed25519";
    fs::create_directories(dir_ / "keys");
    chmod((dir_ / "keys").c_str(), 0777);
    EXPECT_FALSE(JumpHost::start(options, error));
    EXPECT_NE(error.find((dir_ / "keys").string() + " has mode 0777"), std::string::npos) << error;

    const auto nobody = nobody_uid();
    if (!nobody) GTEST_SKIP() << "needs root to hand a directory to another user";
    // Another user planted a client key pair: it must never end up in authorized_keys.
    options.dir = dir_ / "planted";
    options.client_key.clear();
    fs::create_directories(options.dir);
    ASSERT_EQ(run_command({"/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                           (options.dir / "client_ed25519").string()},
                          error),
              0)
        << error;
    chmod(options.dir.c_str(), 0700);
    for (const auto& p : fs::directory_iterator(options.dir))
        ASSERT_EQ(chown(p.path().c_str(), *nobody, static_cast<gid_t>(-1)), 0);
    ASSERT_EQ(chown(options.dir.c_str(), *nobody, static_cast<gid_t>(-1)), 0);
    auto jump = JumpHost::start(options, error);
    EXPECT_FALSE(jump) << "started with a client key another user planted";
    EXPECT_NE(error.find(options.dir.string() + " is owned by uid " + std::to_string(*nobody)), std::string::npos)
        << error;
    EXPECT_FALSE(fs::exists(options.dir / "authorized_keys"));
}

TEST_F(JumpHostTest, PathsWithSpacesWorkInSshdAndClientConfigs) {
    if (!fs::exists("/usr/bin/ssh")) GTEST_SKIP() << "openssh-client is not installed";
    const fs::path state = dir_ / "lab state";
    JumpHostOptions options;
    options.name = "b1";
    options.dir = state / "jump dir" / "b1";
    options.client_key = state / "jump dir" / "client key";
    options.address = "127.0.1.82";
    std::string error;
    auto jump = JumpHost::start(options, error);
    ASSERT_TRUE(jump) << error;

    // The ssh_config the lab writes reaches the jump host with the key it names.
    FleetFile fleet;
    fleet.path = state / "fleet.yaml";
    fleet.jump_hosts.push_back({"b1", jump->address(), jump->port(), ""});
    const std::vector<JumpEndpoint> endpoints = {
        {jump->name(), jump->address(), jump->port(), jump->user(), jump->client_key()}};
    std::string text;
    ASSERT_TRUE(ssh_client_config(fleet, endpoints, text, error)) << error;
    EXPECT_NE(text.find("    IdentityFile \"" + jump->client_key().string() + "\"\n"), std::string::npos) << text;
    const fs::path config = state / "ssh config";
    ASSERT_TRUE(write_private_file(config, text, error)) << error;
    std::string out;
    EXPECT_EQ(
        run_command({"/usr/bin/ssh", "-F", config.string(), "-o", "ConnectTimeout=10", "b1", "echo", "jump-ok"}, out),
        0)
        << out;
    EXPECT_NE(out.find("jump-ok"), std::string::npos) << out;

    // The inventory's ProxyCommand (run by /bin/sh) passes the key path as one word: through the
    // jump host to the jump host itself.
    const std::vector<const JumpEndpoint*> chain = {&endpoints[0]};
    EXPECT_EQ(run_command({"/usr/bin/ssh",
                           "-F",
                           "/dev/null",
                           "-o",
                           "ProxyCommand=" + proxy_command(chain),
                           "-o",
                           "BatchMode=yes",
                           "-o",
                           "StrictHostKeyChecking=no",
                           "-o",
                           "UserKnownHostsFile=/dev/null",
                           "-o",
                           "LogLevel=ERROR",
                           "-o",
                           "ConnectTimeout=10",
                           "-i",
                           jump->client_key().string(),
                           "-p",
                           std::to_string(jump->port()),
                           jump->user() + "@" + jump->address(),
                           "echo",
                           "proxied-ok"},
                          out),
              0)
        << out;
    EXPECT_NE(out.find("proxied-ok"), std::string::npos) << out;
}

}  // namespace
