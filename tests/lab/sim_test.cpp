// Tests of the lab's device simulator core (lab/sim): running-config model, show commands,
// configuration mode, access decisions, sessions, hops and content faults. Expected texts are
// written out in full where the format matters to clients and to vtyguard's parsers.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <sys/eventfd.h>
#include <unistd.h>

#include "lab/sim/model.hpp"  // Device::State, to move the device's timer clock
#include "lab/sim/session.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {
namespace {

// ---- helpers ----------------------------------------------------------------------------------

std::unique_ptr<Device> make_device(const std::string& config, Personality p = Personality::cisco_ios,
                                    const std::string& version = "17.9.4a", const std::string& name = "dev",
                                    const std::string& address = "127.10.0.1") {
    DeviceSpec spec;
    spec.name = name;
    spec.personality = p;
    spec.address = address;
    spec.ssh_port = 2222;
    spec.version = version;
    spec.model = p == Personality::cisco_ios ? "C9300-48P" : "ASA5516";
    spec.config = config;
    std::string error;
    auto d = Device::create(spec, error);
    EXPECT_TRUE(d) << error;
    return d;
}

std::string no_cr(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
    return s;
}

// A client on one session: `raw` gives what the device sent back (echo included), `out` the
// command's output only (no echo line, no trailing prompt, no carriage returns).
struct Term {
    Device& device;
    std::optional<int> line;
    std::unique_ptr<Session> session;
    std::string greeting;

    Term(Device& d, const Fleet* fleet = nullptr, int privilege = 15, const std::string& user = "admin",
         const std::string& source = "127.0.10.5")
        : device(d), line(d.acquire_line(d.spec().ssh_port, Service::ssh)) {
        session = std::make_unique<Session>(d, fleet, user, privilege, source, Service::ssh, line.value_or(-1));
        greeting = session->start().text;
    }
    ~Term() {
        session.reset();
        if (line) device.release_line(*line);
    }
    std::string raw(const std::string& cmd) { return session->input(cmd + "\r").text; }
    std::string out(const std::string& cmd) {
        std::string r = no_cr(raw(cmd));
        const auto first = r.find('\n');
        r = first == std::string::npos ? std::string() : r.substr(first + 1);
        const auto last = r.rfind('\n');
        return last == std::string::npos ? std::string() : r.substr(0, last + 1);
    }
    void quiet() {
        raw(device.spec().personality == Personality::cisco_ios ? "terminal length 0" : "terminal pager 0");
    }
};

const char* kIosBase = R"(hostname r1
ip domain name lab.example
username admin privilege 15 secret 0 lab
enable secret 0 lab-enable
crypto key generate rsa modulus 2048
interface GigabitEthernet0/0
 ip address 127.10.0.1 255.0.0.0
!
ip access-list standard MGMT
 10 permit 127.0.10.0 0.0.0.255
 20 deny   any log
!
line vty 0 4
 access-class MGMT in
 login local
 transport input ssh
line vty 5 15
 login local
 transport input ssh
!
)";

// ---- running-config model ---------------------------------------------------------------------

TEST(SimConfig, RunningConfigRoundTrip) {
    const std::string body =
        "!\n"
        "version 17.9\n"
        "service timestamps debug datetime msec\n"
        "!\n"
        "hostname core-1\n"
        "!\n"
        "ip domain name lab.example\n"
        "!\n"
        "interface Loopback0\n"
        " ip address 10.255.0.1 255.255.255.255\n"
        "!\n"
        "interface GigabitEthernet0/1\n"
        " description uplink\n"
        " ip address 127.10.0.1 255.0.0.0\n"
        " ip access-group EDGE in\n"
        "!\n"
        "ip access-list extended EDGE\n"
        " 10 permit tcp 127.0.10.0 0.0.0.255 host 127.10.0.1 eq 22\n"
        " 20 deny   ip any any log\n"
        "!\n"
        "access-list 23 permit 192.168.5.0 0.0.0.255\n"
        "access-list 23 deny   any\n"
        "!\n"
        "banner motd ^C\n"
        "Authorised access only.\n"
        "^C\n"
        "!\n"
        "line con 0\n"
        " exec-timeout 5 0\n"
        "line vty 0 4\n"
        " access-class 23 in\n"
        " login local\n"
        " transport input ssh\n"
        "!\n";
    const std::string expected =
        "Building configuration...\n\nCurrent configuration : " + std::to_string(body.size() + 4) + " bytes\n" + body +
        "end\n\n";
    // read with and without the header `show running-config` prints
    for (const std::string& text : {body, expected}) {
        auto d = make_device(text);
        Term t(*d);
        t.quiet();
        EXPECT_EQ(t.out("show running-config"), expected);
    }
}

TEST(SimConfig, SecretsAreStoredHashedAndStillLogIn) {
    auto d = make_device(kIosBase);
    Term t(*d);
    t.quiet();
    const auto run = t.out("show running-config | include username|enable");
    EXPECT_TRUE(std::regex_search(
        run, std::regex(R"(^username admin privilege 15 secret 9 \$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}\n)")))
        << run;
    EXPECT_TRUE(std::regex_search(run, std::regex(R"(\nenable secret 9 \$9\$)"))) << run;
    EXPECT_EQ(run.find("lab"), std::string::npos) << "clear-text secret leaked: " << run;
    EXPECT_TRUE(d->login("admin", "lab", 2222, Service::ssh).ok);
    EXPECT_FALSE(d->login("admin", "wrong", 2222, Service::ssh).ok);
    EXPECT_FALSE(d->login("nobody", "lab", 2222, Service::ssh).ok);
}

TEST(SimConfig, PasswordEncryptionWritesType7ThatStillWorks) {
    auto d = make_device(
        "hostname r2\nservice password-encryption\nline vty 0 4\n password cisco\n login\n transport input ssh\n",
        Personality::cisco_ios, "15.2(4)E10");
    Term t(*d);
    t.quiet();
    const auto vty = t.out("show running-config | section line vty");
    EXPECT_TRUE(std::regex_search(vty, std::regex(R"( password 7 [0-9A-F]{12}\n)"))) << vty;
    const auto l = d->login("anyone", "cisco", 2222, Service::ssh);
    EXPECT_TRUE(l.ok) << l.message;
    EXPECT_EQ(l.privilege, 1);
    EXPECT_FALSE(d->login("anyone", "Cisco", 2222, Service::ssh).ok);
}

TEST(SimConfig, ClassicIosPrintsNamedAclsWithoutSequenceNumbers) {
    auto d = make_device("hostname r3\nip access-list standard VTY\n permit 10.1.1.0 0.0.0.255\n deny any\n",
                         Personality::cisco_ios, "15.2(4)E10");
    Term t(*d);
    t.quiet();
    EXPECT_EQ(t.out("show running-config | section ip access-list"),
              "ip access-list standard VTY\n permit 10.1.1.0 0.0.0.255\n deny   any\n");
    EXPECT_EQ(t.out("show access-lists"),
              "Standard IP access list VTY\n    10 permit 10.1.1.0, wildcard bits 0.0.0.255\n    20 deny   any\n");
}

TEST(SimConfig, UnreadableAclLineIsAnErrorNamingTheLine) {
    DeviceSpec spec;
    spec.name = "bad";
    spec.config = "hostname bad\nip access-list extended X\n 10 permit tcp any anywhere eq 22\n";
    std::string error;
    EXPECT_FALSE(Device::create(spec, error));
    EXPECT_EQ(error.rfind("bad: config line 3: % Invalid input", 0), 0u) << error;
}

TEST(SimConfig, KeyLineWithoutDomainIsAnError) {
    DeviceSpec spec;
    spec.name = "nokey";
    spec.config = "hostname sw7\ncrypto key generate rsa modulus 2048\n";
    std::string error;
    EXPECT_FALSE(Device::create(spec, error));
    EXPECT_EQ(error, "nokey: config line 2: % Please define a domain-name first.");
}

// ---- show commands (IOS) ----------------------------------------------------------------------

TEST(SimShowIos, IpSshEnabledOnIosXe) {
    auto d =
        make_device(std::string(kIosBase) + "ip ssh version 2\nip ssh time-out 60\nip ssh authentication-retries 2\n");
    Term t(*d);
    const auto out = t.out("show ip ssh");
    const std::string head =
        "SSH Enabled - version 2.0\n"
        "Authentication methods:publickey,keyboard-interactive,password\n"
        "Authentication Publickey Algorithms:rsa-sha2-256,rsa-sha2-512,ssh-ed25519\n"
        "Hostkey Algorithms:rsa-sha2-512,rsa-sha2-256\n"
        "Encryption Algorithms:aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr\n"
        "MAC Algorithms:hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512\n"
        "KEX "
        "Algorithms:curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha256\n"
        "Authentication timeout: 60 secs; Authentication retries: 2\n"
        "Minimum expected Diffie Hellman key size : 2048 bits\n"
        "IOS Keys in SECSH format(ssh-rsa, base64 encoded): r1.lab.example\n"
        "Modulus Size : 2048 bits\n"
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ";
    EXPECT_EQ(out.substr(0, head.size()), head) << out;
    // the key is base64 wrapped at 80 columns
    EXPECT_TRUE(std::regex_search(out, std::regex(R"(\n[A-Za-z0-9+/]{80}\n)")));
}

TEST(SimShowIos, IpSshDisabledOnClassicIos) {
    auto d = make_device("hostname sw7\n", Personality::cisco_ios, "15.2(4)E10");
    Term t(*d);
    EXPECT_EQ(t.out("show ip ssh"),
              "SSH Disabled - version 1.99\n"
              "%Please create RSA keys to enable SSH (and of atleast 768 bits for SSH v2).\n"
              "Authentication timeout: 120 secs; Authentication retries: 3\n"
              "Minimum expected Diffie Hellman key size : 1024 bits\n"
              "IOS Keys in SECSH format(ssh-rsa, base64 encoded): NONE\n");
}

TEST(SimShowIos, IosXe1711DisablesSshWithSmallKey) {
    auto d = make_device(
        "hostname r4\nip domain name x.example\ncrypto key generate rsa modulus 1024\nline vty 0 4\n login\n transport "
        "input ssh\n",
        Personality::cisco_ios, "17.12.2");
    Term t(*d);
    const auto out = t.out("show ip ssh");
    EXPECT_EQ(out.substr(0, out.find('\n')), "SSH Disabled - version 1.99");
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty());
    auto same = make_device(
        "hostname r4\nip domain name x.example\ncrypto key generate rsa modulus 1024\nline vty 0 4\n login\n transport "
        "input ssh\n",
        Personality::cisco_ios, "17.9.4a");
    EXPECT_EQ(same->listening_ports(Service::ssh), std::vector<std::uint16_t>{2222});
}

TEST(SimShowIos, CryptoKeyMypubkeyRsa) {
    auto d = make_device(std::string(kIosBase) + "crypto key generate rsa general-keys label SSH-1024 modulus 1024\n");
    Term t(*d);
    t.quiet();
    const auto out = t.out("show crypto key mypubkey rsa");
    const std::string first =
        "Key name: r1.lab.example\n"
        "Key type: RSA KEYS\n"
        " Storage Device: private-config\n"
        " Usage: General Purpose Key\n"
        " Key is not exportable. Redundancy enabled.\n"
        " Key Data:\n"
        "  30820122 300D0609 2A864886 F70D0101 01050003 82010F00 3082010A 02820101 \n";
    EXPECT_NE(out.find(first), std::string::npos) << out;
    EXPECT_NE(out.find("Key name: SSH-1024\n"), std::string::npos);
    EXPECT_NE(out.find("  30819F30 0D06092A 864886F7 0D010101 05000381 8D003081 89028181"), std::string::npos) << out;
    EXPECT_TRUE(
        std::regex_search(out, std::regex(R"(^% Key pair was generated at: \d\d:\d\d:\d\d UTC \w{3} \d+ \d{4}\n)")));
    // the 2048-bit key ends with the exponent 65537
    EXPECT_NE(out.find(" 0001\n% Key pair"), std::string::npos) << out;
    const auto one = t.out("show crypto key mypubkey rsa SSH-1024");
    EXPECT_EQ(one.substr(one.find('\n') + 1, 19), "Key name: SSH-1024\n");
    EXPECT_EQ(one.find("r1.lab.example"), std::string::npos);
}

TEST(SimShowIos, AccessListsCountMatches) {
    auto d = make_device(kIosBase);
    Term t(*d);
    EXPECT_EQ(d->admit("127.0.10.7", 2222, Service::ssh), Admission::accept);
    EXPECT_EQ(d->admit("127.0.10.8", 2222, Service::ssh), Admission::accept);
    EXPECT_EQ(d->admit("127.0.99.1", 2222, Service::ssh), Admission::close_before_banner);
    EXPECT_EQ(t.out("show access-lists"),
              "Standard IP access list MGMT\n"
              "    10 permit 127.0.10.0, wildcard bits 0.0.0.255 (2 matches)\n"
              "    20 deny   any log (1 match)\n");
    EXPECT_EQ(t.out("show ip access-lists MGMT"), t.out("show access-lists"));
    t.raw("clear access-list counters");
    EXPECT_EQ(
        t.out("show access-lists MGMT"),
        "Standard IP access list MGMT\n    10 permit 127.0.10.0, wildcard bits 0.0.0.255\n    20 deny   any log\n");
}

TEST(SimShowIos, VersionPrivilegeUsersLine) {
    auto d = make_device(kIosBase, Personality::cisco_ios, "15.2(4)E10");
    Term t(*d);
    t.quiet();
    const auto v = t.out("show version");
    EXPECT_EQ(v.substr(0, v.find('\n')),
              "Cisco IOS Software, CAT9K Software (CAT9K-UNIVERSALK9-M), Version 15.2(4)E10, RELEASE SOFTWARE (fc2)");
    EXPECT_NE(v.find("\nr1 uptime is "), std::string::npos);
    EXPECT_NE(v.find("\ncisco C9300-48P (PowerPC405) processor"), std::string::npos);
    EXPECT_EQ(t.out("show privilege"), "Current privilege level is 15\n");
    EXPECT_EQ(t.out("show users"),
              "    Line       User       Host(s)              Idle       Location\n"
              "*  1 vty 0     admin      idle                 00:00:00 127.0.10.5\n"
              "\n"
              "  Interface    User               Mode         Idle     Peer Address\n"
              "\n");
    const auto line = t.out("show line vty 0");
    EXPECT_EQ(line.substr(0, line.find("\nLength")),
              "   Tty Typ     Tx/Rx    A Modem  Roty AccO AccI   Uses   Noise  Overruns   Int\n"
              "*     1 VTY              -    -      -    -   MGMT    1       0     0/0       -\n"
              "\n"
              "Line 1, Location: \"\", Type: \"XTERM\"");
    EXPECT_NE(line.find("\nAllowed input transports are ssh.\n"), std::string::npos);
    EXPECT_NE(line.find("               00:10:00       never"), std::string::npos) << line;
    const auto all = t.out("show line");
    EXPECT_NE(all.find("\n      0 CTY "), std::string::npos) << all;
    EXPECT_NE(all.find("\n     16 VTY "), std::string::npos) << all;
    EXPECT_EQ(t.out("show line vty 20"), "% Invalid line number\n");
}

TEST(SimShowIos, IpRouteDetailedForms) {
    auto d = make_device(std::string(kIosBase) +
                         "interface GigabitEthernet0/2\n vrf forwarding MGMT\n ip address 10.1.1.1 255.255.255.0\n!\n"
                         "ip route 0.0.0.0 0.0.0.0 127.0.0.254\nip route vrf MGMT 10.9.0.0 255.255.0.0 10.1.1.254\n");
    Term t(*d);
    EXPECT_EQ(t.out("show ip route 127.0.10.5"),
              "Routing entry for 127.0.0.0/8\n"
              "  Known via \"connected\", distance 0, metric 0 (connected, via interface)\n"
              "  Routing Descriptor Blocks:\n"
              "  * directly connected, via GigabitEthernet0/0\n"
              "      Route metric is 0, traffic share count is 1\n");
    EXPECT_EQ(t.out("show ip route 8.8.8.8"),
              "Routing entry for 0.0.0.0/0, supernet\n"
              "  Known via \"static\", distance 1, metric 0, candidate default path\n"
              "  Routing Descriptor Blocks:\n"
              "  * 127.0.0.254\n"
              "      Route metric is 0, traffic share count is 1\n");
    EXPECT_EQ(t.out("show ip route vrf MGMT 10.9.9.9"),
              "\nRouting Table: MGMT\n"
              "Routing entry for 10.9.0.0/16\n"
              "  Known via \"static\", distance 1, metric 0\n"
              "  Routing Descriptor Blocks:\n"
              "  * 10.1.1.254\n"
              "      Route metric is 0, traffic share count is 1\n");
    EXPECT_EQ(t.out("show ip route vrf MGMT 10.200.0.1"), "\nRouting Table: MGMT\n% Network not in table\n");
    EXPECT_EQ(t.out("show ip route vrf NOPE 10.200.0.1"), "% IP routing table NOPE does not exist\n");
    EXPECT_EQ(t.out("show ip interface brief"),
              "Interface              IP-Address      OK? Method Status                Protocol\n"
              "GigabitEthernet0/0     127.10.0.1      YES NVRAM  up                    up\n"
              "GigabitEthernet0/2     10.1.1.1        YES NVRAM  up                    up\n");
}

TEST(SimShowIos, FiltersSectionIncludeExcludeBegin) {
    auto d = make_device(kIosBase);
    Term t(*d);
    t.quiet();
    EXPECT_EQ(t.out("show running-config | section line vty"),
              "line vty 0 4\n access-class MGMT in\n login local\n transport input ssh\n"
              "line vty 5 15\n login local\n transport input ssh\n");
    EXPECT_EQ(t.out("show run | include ^hostname|domain"), "hostname r1\nip domain name lab.example\n");
    EXPECT_EQ(t.out("sh run | i access-class"), " access-class MGMT in\n");
    EXPECT_EQ(t.out("show running-config | begin line vty 5"),
              "line vty 5 15\n login local\n transport input ssh\n!\nend\n\n");
    const auto ex = t.out("show running-config | exclude ^ |^!");
    EXPECT_EQ(ex.find(" login"), std::string::npos);
    EXPECT_NE(ex.find("line vty 0 4\n"), std::string::npos);
    EXPECT_EQ(t.out("show running-config | count line"), "Number of lines which match regexp = 2\n");
    EXPECT_EQ(t.out("show version | frobnicate x"), "% Invalid input detected at '^' marker.\n\n");
}

TEST(SimShowIos, ImageWithoutCryptoHasNoSsh) {
    DeviceSpec spec;
    spec.name = "nocrypto";
    spec.version = "12.4(24)T8";
    spec.model = "CISCO2811";
    spec.crypto_image = false;
    spec.config = "hostname old-r\nip domain name lab.example\nline vty 0 4\n password lab\n login\n";
    std::string error;
    auto d = Device::create(spec, error);
    ASSERT_TRUE(d) << error;
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty());
    Term t(*d);
    t.quiet();
    EXPECT_EQ(t.out("show ip ssh"), "              ^\n% Invalid input detected at '^' marker.\n\n");
    t.raw("conf t");
    EXPECT_EQ(no_cr(t.raw("crypto key generate rsa modulus 2048")),
              "crypto key generate rsa modulus 2048\n              ^\n% Invalid input detected at '^' marker.\n\n"
              "old-r(config)#");
    t.raw("end");
    const auto v = t.out("show version");
    EXPECT_EQ(v.substr(0, v.find('\n')),
              "Cisco IOS Software, C2800 Software (C2800-IPBASE-M), Version 12.4(24)T8, RELEASE SOFTWARE (fc2)");
    EXPECT_EQ(v.find("cryptographic"), std::string::npos);
}

TEST(SimShowIos, Ipv6AccessList) {
    auto d = make_device(std::string(kIosBase) +
                         "ipv6 access-list V6\n permit ipv6 2001:DB8::/32 any\n sequence 30 deny ipv6 any any\n");
    Term t(*d);
    EXPECT_EQ(
        t.out("show ipv6 access-list"),
        "IPv6 access list V6\n    permit ipv6 2001:DB8::/32 any sequence 10\n    deny ipv6 any any sequence 30\n");
    EXPECT_EQ(
        t.out("show ip access-lists"),
        "Standard IP access list MGMT\n    10 permit 127.0.10.0, wildcard bits 0.0.0.255\n    20 deny   any log\n");
}

// ---- CLI behaviour ----------------------------------------------------------------------------

TEST(SimCli, PromptsAndModes) {
    auto d = make_device(kIosBase);
    Term t(*d);
    EXPECT_EQ(no_cr(t.greeting), "\nr1#");
    EXPECT_EQ(no_cr(t.raw("conf t")),
              "conf t\nEnter configuration commands, one per line.  End with CNTL/Z.\nr1(config)#");
    EXPECT_EQ(no_cr(t.raw("line vty 0 4")), "line vty 0 4\nr1(config-line)#");
    EXPECT_EQ(no_cr(t.raw("ip access-list extended WAN")), "ip access-list extended WAN\nr1(config-ext-nacl)#");
    EXPECT_EQ(no_cr(t.raw("ip access-list standard VTY2")), "ip access-list standard VTY2\nr1(config-std-nacl)#");
    EXPECT_EQ(no_cr(t.raw("interface Gi0/0")), "interface Gi0/0\nr1(config-if)#");
    EXPECT_EQ(no_cr(t.raw("exit")), "exit\nr1(config)#");
    EXPECT_EQ(no_cr(t.raw("exit")), "exit\nr1#");
    EXPECT_EQ(no_cr(t.raw("disable")), "disable\nr1>");
    Reply bye = t.session->input("exit\r");
    EXPECT_TRUE(bye.close);
}

TEST(SimCli, AbbreviationsAmbiguityAndCaret) {
    auto d = make_device(kIosBase);
    Term t(*d);
    EXPECT_EQ(t.out("sh priv"), "Current privilege level is 15\n");
    EXPECT_EQ(t.out("sh ip ss").substr(0, 25), "SSH Enabled - version 1.9");
    EXPECT_EQ(no_cr(t.raw("term len 0")), "term len 0\nr1#");
    EXPECT_EQ(no_cr(t.raw("show foo")), "show foo\n        ^\n% Invalid input detected at '^' marker.\n\nr1#");
    EXPECT_EQ(no_cr(t.raw("show ip ssh bar")),
              "show ip ssh bar\n               ^\n% Invalid input detected at '^' marker.\n\nr1#");
    EXPECT_EQ(no_cr(t.raw("s")), "s\n% Ambiguous command:  \"s\"\nr1#");
    EXPECT_EQ(no_cr(t.raw("show")), "show\n% Incomplete command.\n\nr1#");
    // level-15 commands are unknown at `>`
    t.raw("disable");
    EXPECT_EQ(no_cr(t.raw("show running-config")),
              "show running-config\n        ^\n% Invalid input detected at '^' marker.\n\nr1>");
}

TEST(SimCli, PagingMoreAndTerminalLength) {
    auto d = make_device(kIosBase);
    Term t(*d);
    const std::string first = no_cr(t.raw("show running-config"));
    EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 24) << first;  // echo + 23 lines
    EXPECT_EQ(first.substr(first.size() - 10), " --More-- ");
    // return: one more line; space: a page; q: stop and prompt
    const std::string one = t.session->input("\r").text;
    EXPECT_EQ(one.substr(0, 30), std::string(10, '\b') + std::string(10, ' ') + std::string(10, '\b'));
    EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 1);
    const std::string stop = t.session->input("q").text;
    EXPECT_EQ(stop.substr(30), "r1#");
    t.raw("terminal length 0");
    const std::string all = no_cr(t.raw("show running-config"));
    EXPECT_EQ(all.find("--More--"), std::string::npos);
    EXPECT_EQ(all.substr(all.size() - 8), "end\n\nr1#");
}

TEST(SimCli, EchoBackspaceAndSplitInput) {
    auto d = make_device(kIosBase);
    Term t(*d);
    std::string got = t.session->input("show privx").text;
    got += t.session->input("\x7f").text;
    got += t.session->input("ilege\r").text;
    got += t.session->input("\n").text;  // the LF of a CR LF pair is not a second command
    EXPECT_EQ(no_cr(got), "show privx\b \bilege\nCurrent privilege level is 15\nr1#");
}

TEST(SimCli, EnableWithSecretAndFailures) {
    auto d = make_device(kIosBase);
    Term t(*d, nullptr, 1);
    EXPECT_EQ(no_cr(t.greeting), "\nr1>");
    EXPECT_EQ(no_cr(t.raw("enable")), "enable\nPassword: ");
    // the password is not echoed
    EXPECT_EQ(no_cr(t.raw("lab-enable")), "\nr1#");
    t.raw("disable");
    t.raw("en");
    EXPECT_EQ(no_cr(t.raw("bad1")), "\nPassword: ");
    EXPECT_EQ(no_cr(t.raw("bad2")), "\nPassword: ");
    EXPECT_EQ(no_cr(t.raw("bad3")), "\n% Bad secrets\n\nr1>");
    // with AAA the answer is `% Access denied`
    auto a = make_device(std::string(kIosBase) + "aaa new-model\naaa authentication enable default enable\n");
    Term ta(*a, nullptr, 1);
    ta.raw("enable");
    EXPECT_EQ(no_cr(ta.raw("nope")), "\n% Access denied\n\nr1>");
    // no enable password at all: straight to privilege 15
    auto n = make_device("hostname r9\n");
    Term tn(*n, nullptr, 1);
    EXPECT_EQ(no_cr(tn.raw("enable")), "enable\nr9#");
}

TEST(SimCli, SaveConfig) {
    auto d = make_device(kIosBase);
    Term t(*d);
    EXPECT_EQ(no_cr(t.raw("write memory")), "write memory\nBuilding configuration...\n[OK]\nr1#");
    EXPECT_EQ(no_cr(t.raw("copy run start")), "copy run start\nDestination filename [startup-config]? ");
    EXPECT_EQ(no_cr(t.raw("")), "\nBuilding configuration...\n[OK]\nr1#");
}

// ---- configuration mode -----------------------------------------------------------------------

// The server follows a config change at once (listeners, keys): every change writes an eventfd
// increment to the descriptor the server gave, and nothing is written after -1.
TEST(SimConfigMode, EveryChangeNotifiesTheServersDescriptor) {
    auto d = make_device(kIosBase);
    const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    ASSERT_GE(fd, 0);
    d->notify_changes_to(fd);
    std::uint64_t count = 0;
    EXPECT_EQ(::read(fd, &count, sizeof count), -1) << "a notification without a change";
    const auto g0 = d->config_generation();
    {
        Term t(*d);
        t.raw("configure terminal");
        t.raw("ip ssh time-out 45");
        t.raw("line vty 0 4");
        t.raw("transport input telnet");
        t.raw("end");
    }
    ASSERT_EQ(::read(fd, &count, sizeof count), static_cast<ssize_t>(sizeof count));
    EXPECT_EQ(count, d->config_generation() - g0) << "one notification per change";
    d->notify_changes_to(-1);
    {
        Term t(*d);
        t.raw("configure terminal");
        t.raw("ip ssh time-out 60");
        t.raw("end");
    }
    EXPECT_EQ(::read(fd, &count, sizeof count), -1) << "written after -1";
    ::close(fd);
}

TEST(SimConfigMode, EditsAreSeenByTheNextSessionAndBumpTheGeneration) {
    auto d = make_device(kIosBase);
    const auto g0 = d->config_generation();
    {
        Term t(*d);
        t.raw("configure terminal");
        t.raw("ip ssh time-out 45");
        t.raw("ip ssh ver 2");
        t.raw("line vty 0 4");
        t.raw("exec-timeout 5 0");
        t.raw("no access-class MGMT in");
        t.raw("end");
    }
    EXPECT_GT(d->config_generation(), g0);
    Term t2(*d);
    t2.quiet();
    EXPECT_EQ(t2.out("show running-config | include ip ssh"), "ip ssh time-out 45\nip ssh version 2\n");
    EXPECT_EQ(t2.out("show running-config | section line vty"),
              "line vty 0 4\n exec-timeout 5 0\n login local\n transport input ssh\n"
              "line vty 5 15\n login local\n transport input ssh\n");
    EXPECT_EQ(t2.out("show ip ssh").substr(0, 26), "SSH Enabled - version 2.0\n");
}

TEST(SimConfigMode, VtyRangesSplitAndMerge) {
    auto d = make_device(kIosBase);
    Term t(*d);
    t.quiet();
    t.raw("conf t");
    t.raw("line vty 0 1");
    t.raw("transport input ssh telnet");
    t.raw("end");
    EXPECT_EQ(t.out("show running-config | section line vty"),
              "line vty 0 1\n access-class MGMT in\n login local\n transport input ssh telnet\n"
              "line vty 2 4\n access-class MGMT in\n login local\n transport input ssh\n"
              "line vty 5 15\n login local\n transport input ssh\n");
    t.raw("conf t");
    t.raw("line vty 0 4");
    t.raw("transport input ssh");
    t.raw("end");
    EXPECT_EQ(t.out("show running-config | section line vty 0"),
              "line vty 0 4\n access-class MGMT in\n login local\n transport input ssh\n");
}

TEST(SimConfigMode, AccessListSubModeSequenceNumbers) {
    auto d = make_device(kIosBase);
    Term t(*d);
    t.quiet();
    t.raw("conf t");
    t.raw("ip access-list extended EDGE");
    t.raw("permit tcp 127.0.10.0 0.0.0.255 host 127.10.0.1 eq 22");
    t.raw("deny ip any any log");
    t.raw("15 permit tcp host 127.0.20.1 any eq telnet");
    EXPECT_EQ(no_cr(t.raw("15 permit ip any any")),
              "15 permit ip any any\n% Duplicate sequence number\nr1(config-ext-nacl)#");
    EXPECT_EQ(no_cr(t.raw("permit tcp any anywhere")),
              "permit tcp any anywhere\n                                   ^\n"
              "% Invalid input detected at '^' marker.\n\nr1(config-ext-nacl)#");
    t.raw("exit");
    t.raw("access-list 10 permit 10.1.1.1");
    t.raw("access-list 10 deny any");
    t.raw("end");
    EXPECT_EQ(t.out("show access-lists"),
              "Standard IP access list MGMT\n"
              "    10 permit 127.0.10.0, wildcard bits 0.0.0.255\n"
              "    20 deny   any log\n"
              "Extended IP access list EDGE\n"
              "    10 permit tcp 127.0.10.0 0.0.0.255 host 127.10.0.1 eq 22\n"
              "    15 permit tcp host 127.0.20.1 any eq telnet\n"
              "    20 deny   ip any any log\n"
              "Standard IP access list 10\n"
              "    10 permit 10.1.1.1\n"
              "    20 deny   any\n");
    t.raw("conf t");
    t.raw("ip access-list resequence EDGE 100 10");
    t.raw("ip access-list extended EDGE");
    t.raw("no 110");
    t.raw("end");
    EXPECT_EQ(t.out("show running-config | section ip access-list extended"),
              "ip access-list extended EDGE\n 100 permit tcp 127.0.10.0 0.0.0.255 host 127.10.0.1 eq 22\n"
              " 120 deny   ip any any log\n");
    EXPECT_EQ(t.out("show running-config | include ^access-list"),
              "access-list 10 permit 10.1.1.1\naccess-list 10 deny   any\n");
}

TEST(SimConfigMode, InterfaceEditsAndVrfRemovesAddress) {
    auto d = make_device(kIosBase);
    Term t(*d);
    t.quiet();
    t.raw("conf t");
    t.raw("int gi0/0");
    t.raw("ip access-group EDGE in");
    EXPECT_EQ(no_cr(t.raw("vrf forwarding MGMT")),
              "vrf forwarding MGMT\n% Interface GigabitEthernet0/0 IPv4 disabled and address(es) removed due to "
              "enabling VRF MGMT\n"
              "r1(config-if)#");
    t.raw("ip address 127.10.0.1 255.0.0.0");
    t.raw("end");
    EXPECT_EQ(t.out("show running-config | section interface"),
              "interface GigabitEthernet0/0\n vrf forwarding MGMT\n ip address 127.10.0.1 255.0.0.0\n ip access-group "
              "EDGE in\n");
}

TEST(SimConfigMode, CryptoKeyRulesAndQuestions) {
    auto d = make_device("hostname Router\nline vty 0 4\n login local\n transport input ssh\n");
    Term t(*d);
    t.raw("conf t");
    EXPECT_EQ(no_cr(t.raw("crypto key generate rsa modulus 2048")),
              "crypto key generate rsa modulus 2048\n% Please define a hostname other than Router.\nRouter(config)#");
    t.raw("hostname r5");
    EXPECT_EQ(no_cr(t.raw("crypto key generate rsa modulus 2048")),
              "crypto key generate rsa modulus 2048\n% Please define a domain-name first.\nr5(config)#");
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty());
    // a labelled key needs neither
    EXPECT_EQ(no_cr(t.raw("crypto key generate rsa general-keys label SSHKEY modulus 2048")),
              "crypto key generate rsa general-keys label SSHKEY modulus 2048\n"
              "The name for the keys will be: SSHKEY\n\n"
              "% The key modulus size is 2048 bits\n"
              "% Generating 2048 bit RSA keys, keys will be non-exportable...\n"
              "[OK] (elapsed time was 1 seconds)\n\nr5(config)#");
    EXPECT_EQ(d->listening_ports(Service::ssh), std::vector<std::uint16_t>{2222});
    // replacing asks first; without modulus the size is asked
    EXPECT_EQ(no_cr(t.raw("crypto key generate rsa label SSHKEY")),
              "crypto key generate rsa label SSHKEY\n% You already have RSA keys defined named SSHKEY.\n"
              "% Do you really want to replace them? [yes/no]: ");
    const auto asked = no_cr(t.raw("yes"));
    EXPECT_EQ(asked.substr(asked.size() - 37), "How many bits in the modulus [1024]: ");
    EXPECT_EQ(no_cr(t.raw("4096")).substr(0, 40), "4096\n% The key modulus size is 4096 bits");
    EXPECT_EQ(no_cr(t.raw("crypto key zeroize rsa")),
              "crypto key zeroize rsa\n% All keys will be removed.\n% All router certs issued using these keys will "
              "also be removed.\n"
              "Do you really want to remove these keys? [yes/no]: ");
    t.raw("yes");
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty());
}

TEST(SimConfigMode, BannerMultiLine) {
    auto d = make_device(kIosBase);
    {
        Term t(*d);
        t.raw("conf t");
        EXPECT_EQ(no_cr(t.raw("banner motd #")), "banner motd #\nEnter TEXT message.  End with the character '#'.\n");
        t.raw("Lab device $(hostname)");
        t.raw("#");
        t.raw("end");
        t.quiet();
        EXPECT_EQ(t.out("show running-config | begin banner"),
                  "banner motd ^C\nLab device $(hostname)\n^C\n!\nline vty 0 4\n"
                  " access-class MGMT in\n login local\n transport input ssh\n"
                  "line vty 5 15\n login local\n transport input ssh\n!\nend\n\n");
    }
    Term t2(*d);
    EXPECT_EQ(no_cr(t2.greeting), "\nLab device r1\n\nr1#");
}

TEST(SimConfigMode, UsernameMergeAndNoForms) {
    auto d = make_device(kIosBase);
    Term t(*d);
    t.quiet();
    t.raw("conf t");
    t.raw("username ops privilege 5");
    t.raw("username ops secret ops-pass");
    t.raw("no ip domain name");
    t.raw("end");
    const auto users = t.out("show running-config | include ^username ops");
    EXPECT_EQ(users.rfind("username ops privilege 5 secret 9 $9$", 0), 0u) << users;
    const auto l = d->login("ops", "ops-pass", 2222, Service::ssh);
    EXPECT_TRUE(l.ok);
    EXPECT_EQ(l.privilege, 5);
    EXPECT_EQ(t.out("show running-config | include domain"), "");
    t.raw("conf t");
    t.raw("no username ops");
    t.raw("end");
    EXPECT_FALSE(d->login("ops", "ops-pass", 2222, Service::ssh).ok);
}

void advance_clock(Device& d, std::time_t seconds) {
    std::lock_guard lock(d.mutex());
    d.state_for_cli().clock_skew += seconds;
}

TEST(SimConfigMode, RevertTimerRollsBackUnlessConfirmed) {
    auto d = make_device(std::string(kIosBase) + "archive\n path flash:rollback\n");
    Term t(*d);
    t.quiet();
    EXPECT_EQ(no_cr(t.raw("configure terminal revert timer 5")).substr(0, 87),
              "configure terminal revert timer 5\nRollback Confirmed Change: Backing up current running");
    t.raw("line vty 0 15");
    t.raw("transport input telnet");
    t.raw("end");
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty()) << "the change is live";
    const auto before = d->config_generation();
    advance_clock(*d, 301);
    EXPECT_GT(d->config_generation(), before) << "the rollback is a change";
    EXPECT_EQ(d->listening_ports(Service::ssh), std::vector<std::uint16_t>{2222});
    // confirmed in time: kept
    t.raw("configure terminal revert timer 5");
    t.raw("hostname r1-new");
    t.raw("end");
    t.raw("configure confirm");
    advance_clock(*d, 600);
    EXPECT_EQ(d->hostname(), "r1-new");
    // no archive path: refused
    auto n = make_device(kIosBase);
    Term tn(*n);
    EXPECT_EQ(tn.out("configure terminal revert timer 5"),
              "% Rollback Confirmed Change: archive path is not configured\n");
}

TEST(SimConfigMode, ReloadInRestoresStartupConfigAndEndsSessions) {
    auto d = make_device(kIosBase);
    Term t(*d);
    t.raw("conf t");
    t.raw("hostname changed");
    t.raw("end");
    EXPECT_EQ(no_cr(t.raw("reload in 10")), "reload in 10\nSystem configuration has been modified. Save? [yes/no]: ");
    const auto scheduled = no_cr(t.raw("no"));
    EXPECT_TRUE(std::regex_match(
        scheduled,
        std::regex(
            R"(no\nReload scheduled for .* \(in 10 minutes\) by admin on vty0 \(127\.0\.10\.5\)\nProceed with reload\? \[confirm\])")))
        << scheduled;
    EXPECT_EQ(no_cr(t.raw("")), "\nchanged#");
    EXPECT_EQ(t.out("show reload").substr(0, 21), "Reload scheduled for ");
    EXPECT_EQ(no_cr(t.raw("reload cancel")), "reload cancel\n\n\n***\n*** --- SHUTDOWN ABORTED ---\n***\nchanged#");
    t.raw("reload in 1");
    t.raw("n");
    t.raw("y");
    advance_clock(*d, 61);
    EXPECT_EQ(d->hostname(), "changed") << "nothing looked at the device yet";
    EXPECT_EQ(d->config_generation() > 0, true);
    EXPECT_EQ(d->hostname(), "r1") << "back to the startup-config";
    const Reply gone = t.session->input("show privilege\r");
    EXPECT_TRUE(gone.close);
}

// ---- access decisions -------------------------------------------------------------------------

TEST(SimAccess, ListeningPortsFollowKeysTransportAndRotary) {
    auto d =
        make_device("hostname r6\nip domain name lab.example\nline vty 0 4\n login local\n transport input telnet\n");
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty());
    Term t(*d, nullptr, 15);
    t.raw("conf t");
    t.raw("crypto key generate rsa modulus 2048");
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty()) << "no vty line accepts ssh yet";
    t.raw("line vty 0 4");
    t.raw("transport input ssh");
    EXPECT_EQ(d->listening_ports(Service::ssh), std::vector<std::uint16_t>{2222});
    t.raw("exit");
    t.raw("ip ssh port 2001 rotary 1");
    EXPECT_EQ(d->listening_ports(Service::ssh), std::vector<std::uint16_t>{2222}) << "no line has rotary 1";
    t.raw("line vty 4");
    t.raw("rotary 1");
    EXPECT_EQ(d->listening_ports(Service::ssh), (std::vector<std::uint16_t>{2222, 2001}));
    t.raw("line vty 0 4");
    t.raw("transport input none");
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty());
}

TEST(SimAccess, TelnetListensWhenAVtyAllowsIt) {
    DeviceSpec spec;
    spec.name = "tel";
    spec.address = "127.10.0.9";
    spec.ssh_port = 2222;
    spec.telnet_port = 2323;
    spec.version = "15.2(4)E10";
    spec.config = "hostname t1\nline vty 0 4\n password lab\n login\n";
    std::string error;
    auto d = Device::create(spec, error);
    ASSERT_TRUE(d) << error;
    // classic IOS: no `transport input` means all
    EXPECT_EQ(d->listening_ports(Service::telnet), std::vector<std::uint16_t>{2323});
    EXPECT_FALSE(d->telnet_asks_username(2323));
    EXPECT_TRUE(d->login("", "lab", 2323, Service::telnet).ok);
}

TEST(SimAccess, AccessClassPermitDenyAndHitCounters) {
    auto d = make_device(kIosBase);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(d->admit("127.0.10.20", 2222, Service::ssh), Admission::accept);
    EXPECT_EQ(d->admit("127.0.11.20", 2222, Service::ssh), Admission::close_before_banner);
    Term t(*d);
    EXPECT_EQ(t.out("show access-lists MGMT"),
              "Standard IP access list MGMT\n"
              "    10 permit 127.0.10.0, wildcard bits 0.0.0.255 (3 matches)\n"
              "    20 deny   any log (1 match)\n");
}

TEST(SimAccess, AccessClassOnlyOnLowLinesAndBusyLines) {
    // 0 4 restricted, 5 15 open: once the low lines are busy the ACL no longer applies (SSH-006)
    auto d = make_device(kIosBase);
    std::vector<int> held;
    for (int i = 0; i < 5; ++i) held.push_back(*d->acquire_line(2222, Service::ssh));
    EXPECT_EQ(held, (std::vector<int>{0, 1, 2, 3, 4}));
    EXPECT_EQ(d->admit("127.0.99.9", 2222, Service::ssh), Admission::accept);
    for (int i = 5; i < 16; ++i) held.push_back(*d->acquire_line(2222, Service::ssh));
    EXPECT_FALSE(d->acquire_line(2222, Service::ssh));
    EXPECT_EQ(d->admit("127.0.10.5", 2222, Service::ssh), Admission::close_before_banner);
    d->release_line(3);
    EXPECT_EQ(d->acquire_line(2222, Service::ssh), std::optional<int>(3));
}

TEST(SimAccess, VrfAlsoInterfaceAclAndMpp) {
    const std::string cfg =
        std::string(kIosBase) +
        "interface GigabitEthernet0/1\n vrf forwarding MGMT\n ip address 127.0.50.1 255.255.255.0\n!\n";
    auto d = make_device(cfg);
    // arrives in VRF MGMT: `access-class MGMT in` without vrf-also refuses it
    EXPECT_EQ(d->admit("127.0.50.9", 2222, Service::ssh), Admission::close_before_banner);
    auto v = make_device(cfg + "line vty 0 4\n access-class MGMT in vrf-also\n");
    EXPECT_EQ(v->admit("127.0.50.9", 2222, Service::ssh), Admission::close_before_banner) << "denied by the ACL itself";
    auto v2 =
        make_device(std::string(kIosBase) +
                    "interface GigabitEthernet0/1\n vrf forwarding MGMT\n ip address 127.0.10.1 255.255.255.0\n!\n"
                    "line vty 0 4\n access-class MGMT in vrf-also\n");
    EXPECT_EQ(v2->admit("127.0.10.9", 2222, Service::ssh), Admission::accept);

    auto acl = make_device(std::string(kIosBase) +
                           "ip access-list extended EDGE\n 10 permit tcp any any established\n 20 deny ip any any\n"
                           "interface GigabitEthernet0/0\n ip access-group EDGE in\n");
    EXPECT_EQ(acl->admit("127.0.10.5", 2222, Service::ssh), Admission::silent_drop)
        << "established never matches a SYN";
    Term t(*acl);
    EXPECT_EQ(
        t.out("show access-lists EDGE"),
        "Extended IP access list EDGE\n    10 permit tcp any any established\n    20 deny   ip any any (1 match)\n");

    auto mpp = make_device(std::string(kIosBase) +
                           "interface GigabitEthernet0/3\n ip address 10.50.0.1 255.255.255.0\n!\n"
                           "control-plane host\n management-interface GigabitEthernet0/3 allow ssh\n");
    EXPECT_EQ(mpp->admit("127.0.10.5", 2222, Service::ssh), Admission::silent_drop);
    auto mpp_ok = make_device(std::string(kIosBase) +
                              "control-plane host\n management-interface GigabitEthernet0/0 allow ssh snmp\n");
    EXPECT_EQ(mpp_ok->admit("127.0.10.5", 2222, Service::ssh), Admission::accept);
}

TEST(SimAccess, AclEvaluatorWildcardsPortsAndObjectGroups) {
    auto d = make_device(std::string(kIosBase) +
                         "object-group network ADMINS\n host 127.0.30.7\n 127.0.31.0 255.255.255.0\n!\n"
                         "ip access-list extended VTY-EXT\n"
                         " 10 deny   tcp host 127.0.30.8 any eq 22\n"
                         " 20 permit tcp object-group ADMINS any range 22 23\n"
                         " 30 permit tcp 127.0.0.32 0.255.0.0 any gt 21\n"
                         " 40 permit tcp any any lt 22\n"
                         "line vty 0 15\n access-class VTY-EXT in\n");
    EXPECT_EQ(d->admit("127.0.30.8", 2222, Service::ssh), Admission::close_before_banner);
    EXPECT_EQ(d->admit("127.0.30.7", 2222, Service::ssh), Admission::accept);
    EXPECT_EQ(d->admit("127.0.31.200", 2222, Service::ssh), Admission::accept);
    EXPECT_EQ(d->admit("127.9.0.32", 2222, Service::ssh), Admission::accept) << "non-contiguous wildcard";
    EXPECT_EQ(d->admit("127.9.0.33", 2222, Service::ssh), Admission::close_before_banner);
    Term t(*d);
    EXPECT_EQ(t.out("show access-lists VTY-EXT"),
              "Extended IP access list VTY-EXT\n"
              "    10 deny   tcp host 127.0.30.8 any eq 22 (1 match)\n"
              "    20 permit tcp object-group ADMINS any range 22 telnet (2 matches)\n"
              "    30 permit tcp 127.0.0.32 0.255.0.0 any gt ftp (1 match)\n"
              "    40 permit tcp any any lt 22\n");
}

TEST(SimAccess, LoginMethods) {
    // line password
    auto line = make_device("hostname a\nline vty 0 4\n password 0 pw\n login\n transport input ssh\n");
    EXPECT_TRUE(line->login("x", "pw", 2222, Service::ssh).ok);
    // `login` without a password: nobody gets in
    auto nopw = make_device("hostname a\nline vty 0 4\n login\n transport input ssh\n");
    EXPECT_EQ(nopw->login("x", "", 2222, Service::ssh).message, "% Password required, but none set");
    // local users carry their privilege
    auto local = make_device(kIosBase);
    const auto l = local->login("admin", "lab", 2222, Service::ssh);
    EXPECT_TRUE(l.ok);
    EXPECT_EQ(l.privilege, 15);
    // AAA: unreachable servers fall through to local; without exec authorization the line's level applies
    auto aaa =
        make_device(std::string(kIosBase) + "aaa new-model\naaa authentication login default group tacacs+ local\n");
    const auto a = aaa->login("admin", "lab", 2222, Service::ssh);
    EXPECT_TRUE(a.ok) << a.message;
    EXPECT_EQ(a.privilege, 1);
    auto authz =
        make_device(std::string(kIosBase) +
                    "aaa new-model\naaa authentication login default local\naaa authorization exec default local\n");
    EXPECT_EQ(authz->login("admin", "lab", 2222, Service::ssh).privilege, 15);
    // a method list that does not exist
    auto undefined = make_device(std::string(kIosBase) + "aaa new-model\nline vty 0 15\n login authentication VTY\n");
    EXPECT_EQ(undefined->login("admin", "lab", 2222, Service::ssh).message, "authentication list VTY is not defined");
    // `none`
    auto none = make_device(std::string(kIosBase) + "aaa new-model\naaa authentication login default none\n");
    EXPECT_TRUE(none->login("who", "ever", 2222, Service::ssh).ok);
    // the fault
    DeviceSpec spec;
    spec.name = "f";
    spec.config = kIosBase;
    spec.faults.auth_failure = true;
    std::string error;
    auto f = Device::create(spec, error);
    EXPECT_FALSE(f->login("admin", "lab", 22, Service::ssh).ok);
}

TEST(SimAccess, Algorithms) {
    auto d = make_device(kIosBase);
    const auto a = d->algorithms();
    EXPECT_EQ(a.kex, "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha256");
    EXPECT_EQ(a.hostkeys, "ssh-ed25519");
    DeviceSpec spec;
    spec.name = "old";
    spec.config = kIosBase;
    spec.legacy_crypto = true;
    std::string error;
    auto old = Device::create(spec, error);
    const auto b = old->algorithms();
    EXPECT_EQ(b.kex, "diffie-hellman-group14-sha1");
    EXPECT_EQ(b.ciphers, "aes128-cbc,aes256-cbc");
    EXPECT_EQ(b.macs, "hmac-sha1");
    EXPECT_EQ(b.hostkeys, "ssh-rsa");
    auto limited = make_device(std::string(kIosBase) +
                               "ip ssh server algorithm encryption aes256-gcm aes128-ctr\n"
                               "ip ssh server algorithm kex ecdh-sha2-nistp256\n");
    EXPECT_EQ(limited->algorithms().ciphers, "aes256-gcm@openssh.com,aes128-ctr");
    EXPECT_EQ(limited->algorithms().kex, "ecdh-sha2-nistp256");
}

// ---- ASA ----------------------------------------------------------------------------------------

const char* kAsaBase = R"(hostname fw1
domain-name lab.example
enable password lab-enable
username admin password lab privilege 15
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 127.30.0.1 255.255.0.0
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 127.0.10.1 255.255.255.0
!
object-group network ADMINS
 network-object host 127.0.10.5
 network-object 127.0.11.0 255.255.255.0
access-list CP_IN extended permit tcp object-group ADMINS any eq 22
access-list CP_IN extended deny tcp any any eq ssh
access-group CP_IN in interface inside control-plane
route outside 0.0.0.0 0.0.0.0 127.30.0.254 1
route inside 127.0.0.0 255.255.0.0 127.0.10.254 1
aaa authentication ssh console LOCAL
crypto key generate rsa modulus 2048
ssh 127.0.10.0 255.255.255.0 inside
ssh 127.0.11.0 255.255.255.0 inside
ssh timeout 5
ssh version 2
)";

TEST(SimAsa, ShowRunningConfigSections) {
    auto d = make_device(kAsaBase, Personality::cisco_asa, "9.16(4)", "fw1", "127.0.10.1");
    Term t(*d);
    EXPECT_EQ(no_cr(t.greeting), "\nfw1# ");
    t.quiet();
    EXPECT_EQ(
        t.out("show running-config ssh"),
        "ssh 127.0.10.0 255.255.255.0 inside\nssh 127.0.11.0 255.255.255.0 inside\nssh timeout 5\nssh version 2\n");
    EXPECT_EQ(t.out("show running-config aaa"), "aaa authentication ssh console LOCAL\n");
    EXPECT_EQ(t.out("show running-config access-group"), "access-group CP_IN in interface inside control-plane\n");
    EXPECT_EQ(t.out("show running-config telnet"), "");
    const auto users = t.out("show running-config username");
    EXPECT_TRUE(
        std::regex_match(users, std::regex(R"(username admin password \$sha512\$5000\$\S+ pbkdf2 privilege 15\n)")))
        << users;
    const auto run = t.out("show running-config");
    EXPECT_EQ(run.substr(0, 9), ": Saved\n\n");
    EXPECT_NE(run.find("\nASA Version 9.16(4) \n!\nhostname fw1\n"), std::string::npos) << run;
    EXPECT_NE(run.find("\naccess-list CP_IN extended permit tcp object-group ADMINS any eq ssh\n"), std::string::npos);
    EXPECT_EQ(run.substr(run.size() - 6), ": end\n");
    EXPECT_EQ(
        t.out("show running-config interface GigabitEthernet0/1"),
        "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 127.0.10.1 255.255.255.0\n!\n");
}

TEST(SimAsa, AccessDecisionsAndHitCounts) {
    auto d = make_device(kAsaBase, Personality::cisco_asa, "9.16(4)", "fw1", "127.0.10.1");
    EXPECT_EQ(d->listening_ports(Service::ssh), std::vector<std::uint16_t>{2222});
    EXPECT_EQ(d->admit("127.0.10.5", 2222, Service::ssh), Admission::accept);
    EXPECT_EQ(d->admit("127.0.11.9", 2222, Service::ssh), Admission::accept);
    EXPECT_EQ(d->admit("127.0.10.6", 2222, Service::ssh), Admission::silent_drop) << "control-plane ACL";
    EXPECT_EQ(d->admit("127.0.12.1", 2222, Service::ssh), Admission::silent_drop) << "no ssh line on inside";
    EXPECT_EQ(d->admit("127.30.5.5", 2222, Service::ssh), Admission::silent_drop) << "enters outside";
    Term t(*d);
    t.quiet();
    EXPECT_EQ(
        t.out("show access-list CP_IN"),
        "access-list CP_IN; 3 elements; name hash: 0x27f0e488\n"
        "access-list CP_IN line 1 extended permit tcp object-group ADMINS any eq ssh (hitcnt=2) 0x80955bea\n"
        "  access-list CP_IN line 1 extended permit tcp host 127.0.10.5 any eq ssh (hitcnt=1) 0x8ac65d1f\n"
        "  access-list CP_IN line 1 extended permit tcp 127.0.11.0 255.255.255.0 any eq ssh (hitcnt=1) 0x03f50991\n"
        "access-list CP_IN line 2 extended deny tcp any any eq ssh (hitcnt=1) 0x4abf7d1e\n");
    // the target address must be the ingress interface's own (ASA-002)
    auto other = make_device(kAsaBase, Personality::cisco_asa, "9.16(4)", "fw2", "127.30.0.1");
    EXPECT_EQ(other->admit("127.0.10.5", 2222, Service::ssh), Admission::silent_drop);
}

TEST(SimAsa, LoginEnableAndShowCommands) {
    auto d = make_device(kAsaBase, Personality::cisco_asa, "9.16(4)", "fw1", "127.0.10.1");
    const auto l = d->login("admin", "lab", 2222, Service::ssh);
    EXPECT_TRUE(l.ok);
    EXPECT_EQ(l.privilege, 1) << "no `aaa authorization exec ... auto-enable`";
    auto noaaa =
        make_device("hostname fw3\nusername admin password lab privilege 15\ncrypto key generate rsa modulus 2048\n",
                    Personality::cisco_asa, "9.16(4)");
    EXPECT_FALSE(noaaa->login("admin", "lab", 2222, Service::ssh).ok);

    Term t(*d, nullptr, 1);
    EXPECT_EQ(no_cr(t.greeting), "\nfw1> ");
    EXPECT_EQ(no_cr(t.raw("enable")), "enable\nPassword: ");
    EXPECT_EQ(no_cr(t.raw("wrong")), "\nInvalid password\nPassword: ");
    EXPECT_EQ(no_cr(t.raw("lab-enable")), "\nfw1# ");
    t.quiet();
    EXPECT_EQ(t.out("show nameif"),
              "Interface                Name                     Security\n"
              "GigabitEthernet0/0       outside                    0\n"
              "GigabitEthernet0/1       inside                   100\n");
    EXPECT_EQ(t.out("show route 127.0.10.5"),
              "\nRouting entry for 127.0.10.0 255.255.255.0\n"
              "  Known via \"connected\", distance 0, metric 0 (connected, via interface)\n"
              "  Routing Descriptor Blocks:\n"
              "  * directly connected, via inside\n"
              "      Route metric is 0, traffic share count is 1\n\n");
    EXPECT_EQ(t.out("show route 8.8.8.8"),
              "\nRouting entry for 0.0.0.0 0.0.0.0, supernet\n"
              "  Known via \"static\", distance 1, metric 0, candidate default path\n"
              "  Routing Descriptor Blocks:\n"
              "  * 127.30.0.254, via outside\n"
              "      Route metric is 0, traffic share count is 1\n\n");
    const auto key = t.out("show crypto key mypubkey rsa");
    EXPECT_NE(key.find("Key name: <Default-RSA-Key>\n Usage: General Purpose Key\n Modulus Size (bits): 2048\n "
                       "Storage: config\n Key Data:\n\n"
                       "  30820122 300d0609 2a864886 f70d0101 01050003 82010f00 3082010a 02820101 \n"),
              std::string::npos)
        << key;
    const auto v = t.out("show version");
    EXPECT_NE(v.find("\nCisco Adaptive Security Appliance Software Version 9.16(4) \n"), std::string::npos);
    EXPECT_NE(v.find("\nHardware:   ASA5516, "), std::string::npos);
    EXPECT_EQ(no_cr(t.raw("show bogus")),
              "show bogus\n          ^\nERROR: % Invalid input detected at '^' marker.\nfw1# ");
}

TEST(SimAsa, ConfigModeEditsAllowListAndKeys) {
    auto d = make_device(kAsaBase, Personality::cisco_asa, "9.16(4)", "fw1", "127.0.10.1");
    Term t(*d);
    t.quiet();
    EXPECT_EQ(no_cr(t.raw("conf t")), "conf t\nfw1(config)# ");
    t.raw("ssh 127.0.12.0 255.255.255.0 inside");
    t.raw("no ssh 127.0.11.0 255.255.255.0 inside");
    t.raw("ssh timeout 10");
    t.raw("access-list CP_IN line 1 extended permit tcp host 127.0.12.7 any eq ssh");
    EXPECT_EQ(no_cr(t.raw("crypto key generate rsa modulus 2048")),
              "crypto key generate rsa modulus 2048\nWARNING: You have a RSA keypair already defined named "
              "<Default-RSA-Key>.\n\n"
              "Do you really want to replace them? [yes/no]: ");
    EXPECT_EQ(no_cr(t.raw("yes")),
              "yes\nINFO: The name for the keys will be: <Default-RSA-Key>\nKeypair generation process begin. Please "
              "wait...\nfw1(config)# ");
    t.raw("end");
    EXPECT_EQ(
        t.out("show running-config ssh"),
        "ssh 127.0.10.0 255.255.255.0 inside\nssh 127.0.12.0 255.255.255.0 inside\nssh timeout 10\nssh version 2\n");
    EXPECT_EQ(d->admit("127.0.12.7", 2222, Service::ssh), Admission::accept);
    EXPECT_EQ(d->admit("127.0.11.9", 2222, Service::ssh), Admission::silent_drop);
    EXPECT_EQ(t.out("show running-config access-list CP_IN"),
              "access-list CP_IN extended permit tcp host 127.0.12.7 any eq ssh\n"
              "access-list CP_IN extended permit tcp object-group ADMINS any eq ssh\n"
              "access-list CP_IN extended deny tcp any any eq ssh\n");
    t.raw("conf t");
    t.raw("crypto key zeroize rsa noconfirm");
    EXPECT_TRUE(d->listening_ports(Service::ssh).empty());
}

TEST(SimAsa, PagerMore) {
    auto d = make_device(kAsaBase, Personality::cisco_asa, "9.16(4)", "fw1", "127.0.10.1");
    Term t(*d);
    const auto first = no_cr(t.raw("show running-config"));
    EXPECT_EQ(first.substr(first.size() - 14), "<--- More --->");
    EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 24);
    const auto rest = t.session->input(" ").text;
    EXPECT_EQ(rest.substr(0, 16), "\r" + std::string(14, ' ') + "\r");
}

// ---- admission with its line, TCP flags, service ports, time-ranges ----------------------------

// Admission and the line it reserves are one decision: a second connection accepted while the
// first is still being admitted must be judged by the access-class of the line it will get.
TEST(SimAccess, AdmissionReservesTheLineWhoseAccessClassDecided) {
    const std::string config =
        "hostname r1\nip domain name lab.example\ncrypto key generate rsa modulus 2048\n"
        "username admin privilege 15 secret 0 lab\n"
        "ip access-list standard OPEN\n permit any\n"
        "ip access-list standard CLOSED\n deny any\n"
        "line vty 0\n access-class OPEN in\n login local\n transport input ssh\n"
        "line vty 1 4\n access-class CLOSED in\n login local\n transport input ssh\n";
    auto d = make_device(config);
    const auto a = d->admit_and_acquire("127.0.10.5", 40000, 2222, Service::ssh);
    const auto b = d->admit_and_acquire("127.0.10.5", 40001, 2222, Service::ssh);
    EXPECT_EQ(a.admission, Admission::accept);
    EXPECT_EQ(a.line, std::optional<int>(0));
    EXPECT_EQ(b.admission, Admission::close_before_banner) << "line 1's access-class denies everyone";
    EXPECT_FALSE(b.line);
    d->release_line(0);
    const auto c = d->admit_and_acquire("127.0.10.5", 40002, 2222, Service::ssh);
    EXPECT_EQ(c.admission, Admission::accept);
    EXPECT_EQ(c.line, std::optional<int>(0));
    d->release_line(0);

    // Connections that arrive together (one server thread each): only one ever gets line 0.
    constexpr int kThreads = 6;
    for (int round = 0; round < 100; ++round) {
        std::vector<Device::Admitted> got(kThreads);
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] {
                ++ready;
                while (ready.load() < kThreads) std::this_thread::yield();
                got[static_cast<std::size_t>(i)] =
                    d->admit_and_acquire("127.0.10.5", static_cast<std::uint16_t>(40000 + i), 2222, Service::ssh);
            });
        for (auto& t : threads) t.join();
        const auto accepted = std::count_if(got.begin(), got.end(),
                                            [](const Device::Admitted& x) { return x.admission == Admission::accept; });
        ASSERT_EQ(accepted, 1) << "round " << round;
        for (const auto& x : got) {
            EXPECT_EQ(x.line.has_value(), x.admission == Admission::accept);
            if (x.line) d->release_line(*x.line);
        }
    }

    // ASA: a session slot comes with the admission.
    auto asa = make_device(kAsaBase, Personality::cisco_asa, "9.16(4)", "fw1", "127.0.10.1");
    const auto s = asa->admit_and_acquire("127.0.10.5", 40000, 2222, Service::ssh);
    EXPECT_EQ(s.admission, Admission::accept);
    EXPECT_EQ(s.line, std::optional<int>(0));
    const auto dropped = asa->admit_and_acquire("127.0.10.6", 40000, 2222, Service::ssh);
    EXPECT_EQ(dropped.admission, Admission::silent_drop);
    EXPECT_FALSE(dropped.line);
}

// The first packet of an SSH connection from 127.0.10.5:`sport` to 127.10.0.1:22.
Packet ssh_syn(std::uint16_t sport = 40000, std::optional<std::time_t> at = std::nullopt) {
    Packet p;
    p.src = *util::parse_ipv4("127.0.10.5");
    p.dst = *util::parse_ipv4("127.10.0.1");
    p.sport = sport;
    p.dport = 22;
    p.time = at;
    return p;
}

// Whether the first entry of ACL `acl` in `config` matches `packet`.
bool first_entry_matches(const std::string& config, Dialect d, const std::string& acl, const Packet& packet) {
    const Config c = Config::parse(config, d == Dialect::ios);
    const auto a = find_acl(c, d, acl);
    EXPECT_TRUE(a) << config;
    if (!a) return false;
    const auto idx = evaluate(*a, packet, Objects::from(c, d));
    return idx && *idx == 0;
}

TEST(SimAcl, TcpFlagsAreEvaluatedAgainstTheSynOfANewConnection) {
    // An entry matches a SYN only if a packet with only SYN set satisfies its flags.
    const std::vector<std::pair<std::string, bool>> cases = {
        {"syn", true},
        {"ack", false},
        {"rst", false},
        {"fin", false},
        {"psh", false},
        {"urg", false},
        {"established", false},
        {"syn log", true},
        {"psh log", false},
        {"match-all +syn", true},
        {"match-all +syn -ack", true},
        {"match-all -ack -rst", true},
        {"match-all +ack -syn", false},
        {"match-all +syn +psh", false},
        {"match-any +ack +rst", false},
        {"match-any +syn +ack", true},
        {"match-any -syn +fin", false},
        {"match-any -ack +fin", true},
    };
    for (const auto& [flags, matches] : cases) {
        const std::string config =
            "ip access-list extended A\n permit tcp any any eq 22 " + flags + "\n deny ip any any\n";
        EXPECT_EQ(first_entry_matches(config, Dialect::ios, "A", ssh_syn()), matches) << flags;
    }
}

TEST(SimAcl, ServiceObjectSourcePortsAreChecked) {
    const std::string ios =
        "object-group service SRC22\n tcp source eq 22\n"
        "object-group service FROM-HIGH\n tcp source range 1024 65535 eq 22\n"
        "object-group service BARE\n tcp 22\n"
        "ip access-list extended SRC22\n permit object-group SRC22 any any\n"
        "ip access-list extended FROM-HIGH\n permit object-group FROM-HIGH any any\n"
        "ip access-list extended BARE\n permit object-group BARE any any\n";
    EXPECT_FALSE(first_entry_matches(ios, Dialect::ios, "SRC22", ssh_syn(40000)));
    EXPECT_TRUE(first_entry_matches(ios, Dialect::ios, "SRC22", ssh_syn(22)));
    EXPECT_TRUE(first_entry_matches(ios, Dialect::ios, "FROM-HIGH", ssh_syn(40000)));
    EXPECT_FALSE(first_entry_matches(ios, Dialect::ios, "FROM-HIGH", ssh_syn(1000)));
    EXPECT_TRUE(first_entry_matches(ios, Dialect::ios, "BARE", ssh_syn()));
    auto telnet = ssh_syn();
    telnet.dport = 23;
    EXPECT_FALSE(first_entry_matches(ios, Dialect::ios, "BARE", telnet)) << "`tcp 22` is destination port 22";

    const std::string asa =
        "object service S\n service tcp source eq 1234 destination eq ssh\n"
        "object-group service G\n service-object tcp source eq 1234\n"
        "object-group service H\n service-object tcp destination eq ssh\n"
        "access-list S extended permit object S any any\n"
        "access-list G extended permit object-group G any any\n"
        "access-list H extended permit object-group H any any\n";
    EXPECT_FALSE(first_entry_matches(asa, Dialect::asa, "S", ssh_syn(40000)));
    EXPECT_TRUE(first_entry_matches(asa, Dialect::asa, "S", ssh_syn(1234)));
    EXPECT_FALSE(first_entry_matches(asa, Dialect::asa, "G", ssh_syn(40000)));
    EXPECT_TRUE(first_entry_matches(asa, Dialect::asa, "G", ssh_syn(1234)));
    EXPECT_TRUE(first_entry_matches(asa, Dialect::asa, "H", ssh_syn(40000)));

    // The device judges the client's own source port.
    auto d = make_device(std::string(kIosBase) +
                         "object-group service LOW-SOURCE\n tcp source range 1 1023\n"
                         "ip access-list extended VTY-SRC\n 10 permit object-group LOW-SOURCE any any\n"
                         "line vty 0 15\n access-class VTY-SRC in\n");
    const auto high = d->admit_and_acquire("127.0.10.5", 40000, 2222, Service::ssh);
    EXPECT_EQ(high.admission, Admission::close_before_banner);
    const auto low = d->admit_and_acquire("127.0.10.5", 1000, 2222, Service::ssh);
    EXPECT_EQ(low.admission, Admission::accept);
    if (low.line) d->release_line(*low.line);
}

std::time_t utc(int year, int month, int day, int hour, int minute) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    return timegm(&tm);
}

// Moves the device's clock to `at` (UTC).
void set_clock(Device& d, std::time_t at) {
    std::lock_guard lock(d.mutex());
    d.state_for_cli().clock_skew = at - std::time(nullptr);
}

TEST(SimAcl, TimeRangesFollowTheDeviceClock) {
    const std::string ranges =
        "time-range Y2K\n absolute start 00:00 01 January 2000 end 00:00 01 January 2001\n"
        "time-range FROM-2030\n absolute start 08:00 01 March 2030\n"
        "time-range WORKDAYS\n periodic weekdays 8:00 to 18:00\n"
        "time-range WEEKEND\n periodic weekend 0:00 to 23:59\n"
        "time-range MON-FRI\n periodic Monday 8:00 to Friday 17:00\n"
        "time-range NIGHTS\n periodic daily 22:00 to 6:00\n"
        "time-range BOTH\n absolute end 00:00 01 January 2026\n periodic Wednesday 12:00 to 13:00\n";
    auto acl = [&](const std::string& range) {
        return ranges + "ip access-list extended A\n permit tcp any any eq 22 time-range " + range +
               "\n deny ip any any\n";
    };
    auto active = [&](const std::string& range, std::time_t at) {
        return first_entry_matches(acl(range), Dialect::ios, "A", ssh_syn(40000, at));
    };
    const std::time_t wed_noon = utc(2025, 1, 15, 12, 0);  // a Wednesday
    const std::time_t sat_noon = utc(2025, 1, 18, 12, 0);
    EXPECT_TRUE(active("Y2K", utc(2000, 6, 1, 0, 0)));
    EXPECT_FALSE(active("Y2K", wed_noon));
    EXPECT_FALSE(active("Y2K", utc(2001, 1, 1, 0, 0))) << "the end is exclusive";
    EXPECT_FALSE(active("FROM-2030", wed_noon));
    EXPECT_TRUE(active("FROM-2030", utc(2030, 3, 1, 8, 0)));
    EXPECT_TRUE(active("WORKDAYS", wed_noon));
    EXPECT_FALSE(active("WORKDAYS", sat_noon));
    EXPECT_FALSE(active("WORKDAYS", utc(2025, 1, 15, 7, 59)));
    EXPECT_TRUE(active("WEEKEND", sat_noon));
    EXPECT_TRUE(active("WEEKEND", utc(2025, 1, 19, 23, 59)));
    EXPECT_FALSE(active("WEEKEND", wed_noon));
    EXPECT_TRUE(active("MON-FRI", utc(2025, 1, 16, 3, 0))) << "Thursday night is inside Monday 8:00 to Friday 17:00";
    EXPECT_FALSE(active("MON-FRI", utc(2025, 1, 13, 7, 0)));
    EXPECT_FALSE(active("MON-FRI", sat_noon));
    EXPECT_TRUE(active("NIGHTS", utc(2025, 1, 15, 23, 0)));
    EXPECT_TRUE(active("NIGHTS", utc(2025, 1, 16, 5, 0)));
    EXPECT_FALSE(active("NIGHTS", wed_noon));
    EXPECT_TRUE(active("BOTH", utc(2025, 1, 15, 12, 30)));
    EXPECT_FALSE(active("BOTH", utc(2026, 1, 14, 12, 30))) << "after the absolute end";
    EXPECT_FALSE(active("UNDEFINED", wed_noon)) << "an undefined time-range is inactive";

    // The device evaluates its access-class at its own clock and shows the state like IOS.
    auto d = make_device(std::string(kIosBase) + ranges +
                         "ip access-list extended VTY-TIME\n"
                         " 10 permit tcp any any eq 22 time-range Y2K\n"
                         " 20 permit tcp any any eq 22 time-range UNDEFINED\n"
                         " 30 permit tcp host 127.0.10.5 any eq 22 time-range WORKDAYS\n"
                         " 40 deny   ip any any\n"
                         "line vty 0 15\n access-class VTY-TIME in\n");
    set_clock(*d, wed_noon);
    EXPECT_EQ(d->admit("127.0.10.5", 2222, Service::ssh), Admission::accept);
    set_clock(*d, sat_noon);
    EXPECT_EQ(d->admit("127.0.10.5", 2222, Service::ssh), Admission::close_before_banner);
    set_clock(*d, wed_noon);
    Term t(*d);
    EXPECT_EQ(t.out("show access-lists VTY-TIME"),
              "Extended IP access list VTY-TIME\n"
              "    10 permit tcp any any eq 22 time-range Y2K (inactive)\n"
              "    20 permit tcp any any eq 22 time-range UNDEFINED (inactive)\n"
              "    30 permit tcp host 127.0.10.5 any eq 22 time-range WORKDAYS (active) (1 match)\n"
              "    40 deny   ip any any (1 match)\n");

    // ASA: the same rules, `(inactive)` after the hit count.
    auto asa = make_device(std::string(kAsaBase) +
                               "time-range Y2K\n absolute start 00:00 01 January 2000 end 00:00 01 January 2001\n"
                               "access-list OLD extended permit tcp any any eq ssh time-range Y2K\n",
                           Personality::cisco_asa, "9.16(4)", "fw1", "127.0.10.1");
    const std::string asa_cfg =
        "time-range Y2K\n absolute start 00:00 01 January 2000 end 00:00 01 January 2001\n"
        "access-list OLD extended permit tcp any any eq ssh time-range Y2K\n";
    EXPECT_FALSE(first_entry_matches(asa_cfg, Dialect::asa, "OLD", ssh_syn(40000, wed_noon)));
    EXPECT_TRUE(first_entry_matches(asa_cfg, Dialect::asa, "OLD", ssh_syn(40000, utc(2000, 2, 1, 0, 0))));
    Term ta(*asa);
    ta.quiet();
    const auto shown = ta.out("show access-list OLD");
    EXPECT_NE(shown.find("access-list OLD line 1 extended permit tcp any any eq ssh time-range Y2K (hitcnt=0) "
                         "(inactive) 0x"),
              std::string::npos)
        << shown;
}

// ---- hops ---------------------------------------------------------------------------------------

struct TwoDevices {
    Fleet fleet;
    Device* a = nullptr;
    Device* b = nullptr;
    TwoDevices(const std::string& b_config) {
        auto da = make_device(kIosBase, Personality::cisco_ios, "17.9.4a", "a", "127.0.10.1");
        auto db = make_device(b_config, Personality::cisco_ios, "17.9.4a", "b", "127.10.0.2");
        a = da.get();
        b = db.get();
        fleet.add(std::move(da));
        fleet.add(std::move(db));
    }
};

const char* kHopTarget = R"(hostname r2
ip domain name lab.example
username ops privilege 15 secret 0 ops-pw
crypto key generate rsa modulus 2048
interface GigabitEthernet0/0
 ip address 127.10.0.2 255.0.0.0
!
interface Loopback0
 ip address 10.255.0.2 255.255.255.255
!
ip access-list standard MGMT
 10 permit host 127.0.10.1
 20 deny   any
line vty 0 4
 access-class MGMT in
 login local
 transport input ssh telnet
)";

TEST(SimHop, SshToAnotherDeviceAndBack) {
    TwoDevices f(kHopTarget);
    Term t(*f.a, &f.fleet);
    EXPECT_EQ(no_cr(t.raw("ssh -l ops 10.255.0.2")), "ssh -l ops 10.255.0.2\nPassword: ");
    EXPECT_EQ(no_cr(t.raw("wrong")), "\nPassword: ");
    EXPECT_EQ(no_cr(t.raw("ops-pw")), "\n\nr2#");
    const auto users = t.out("show users");
    EXPECT_NE(users.find("*  1 vty 0     ops        idle                 00:00:00 127.0.10.1\n"), std::string::npos)
        << users;
    EXPECT_EQ(no_cr(t.raw("exit")), "exit\n\n[Connection to 10.255.0.2 closed by foreign host]\nr1#");
    EXPECT_EQ(t.out("show privilege"), "Current privilege level is 15\n");
    Term on_b(*f.b);
    EXPECT_EQ(on_b.out("show access-lists MGMT"),
              "Standard IP access list MGMT\n    10 permit 127.0.10.1 (1 match)\n    20 deny   any\n");
}

TEST(SimHop, TheTargetLineIsHeldFromTheConnectionOn) {
    // Like IOS, a vty line is taken when the connection is accepted, not once the password is
    // right: a client arriving meanwhile gets the next line, and that line's access-class.
    const std::string target =
        "hostname r2\nip domain name lab.example\nusername ops privilege 15 secret 0 ops-pw\n"
        "crypto key generate rsa modulus 2048\ninterface GigabitEthernet0/0\n ip address 127.10.0.2 255.0.0.0\n!\n"
        "ip access-list standard OPEN\n permit any\nip access-list standard CLOSED\n deny any\n"
        "line vty 0\n access-class OPEN in\n login local\n transport input ssh\n"
        "line vty 1 4\n access-class CLOSED in\n login local\n transport input ssh\n";
    TwoDevices f(target);
    {
        Term t(*f.a, &f.fleet);
        EXPECT_EQ(no_cr(t.raw("ssh -l ops 127.10.0.2")), "ssh -l ops 127.10.0.2\nPassword: ");
        const auto other = f.b->admit_and_acquire("127.0.10.9", 40000, 2222, Service::ssh);
        EXPECT_EQ(other.admission, Admission::close_before_banner) << "line 0 is the pending hop's";
        if (other.line) f.b->release_line(*other.line);
        EXPECT_EQ(no_cr(t.raw("ops-pw")), "\n\nr2#");
        const auto users = t.out("show users");
        EXPECT_NE(users.find("*  1 vty 0     ops"), std::string::npos) << users;
        EXPECT_EQ(no_cr(t.raw("exit")), "exit\n\n[Connection to 127.10.0.2 closed by foreign host]\nr1#");

        // Three wrong passwords give the line back.
        t.raw("ssh -l ops 127.10.0.2");
        for (int i = 0; i < 3; ++i) t.raw("wrong");
        const auto after_failure = f.b->admit_and_acquire("127.0.10.9", 40000, 2222, Service::ssh);
        EXPECT_EQ(after_failure.admission, Admission::accept);
        EXPECT_EQ(after_failure.line, std::optional<int>(0));
        if (after_failure.line) f.b->release_line(*after_failure.line);

        // So does a session that ends while the password is asked.
        EXPECT_EQ(no_cr(t.raw("ssh -l ops 127.10.0.2")), "ssh -l ops 127.10.0.2\nPassword: ");
    }
    const auto after_close = f.b->admit_and_acquire("127.0.10.9", 40000, 2222, Service::ssh);
    EXPECT_EQ(after_close.admission, Admission::accept);
    if (after_close.line) f.b->release_line(*after_close.line);
}

TEST(SimHop, TelnetAndFailures) {
    TwoDevices f(kHopTarget);
    Term t(*f.a, &f.fleet);
    EXPECT_EQ(no_cr(t.raw("telnet 127.10.0.2")),
              "telnet 127.10.0.2\nTrying 127.10.0.2 ... \n% Connection refused by remote host\n\nr1#")
        << "no telnet port in the lab spec";
    EXPECT_EQ(no_cr(t.raw("ssh -l ops 127.10.0.77")),
              "ssh -l ops 127.10.0.77\n\n% Destination unreachable; gateway or host down\n\nr1#");
    EXPECT_EQ(no_cr(t.raw("ssh -l ops -p 2001 127.10.0.2")),
              "ssh -l ops -p 2001 127.10.0.2\n\n% Connection refused by remote host\n\nr1#");

    // the target's access-class refuses the other device
    std::string refusing = kHopTarget;
    refusing.replace(refusing.find("permit host 127.0.10.1"), 22, "permit host 127.0.10.99");
    TwoDevices g(refusing);
    Term u(*g.a, &g.fleet);
    EXPECT_EQ(no_cr(u.raw("ssh -l ops 127.10.0.2")),
              "ssh -l ops 127.10.0.2\n\n[Connection to 127.10.0.2 closed by foreign host]\nr1#");
}

TEST(SimHop, TelnetLoginPrompts) {
    Fleet fleet;
    auto da = make_device(kIosBase, Personality::cisco_ios, "17.9.4a", "a", "127.0.10.1");
    DeviceSpec spec;
    spec.name = "t";
    spec.address = "127.10.0.3";
    spec.ssh_port = 2222;
    spec.telnet_port = 2323;
    spec.config = kHopTarget;
    std::string error;
    auto db = Device::create(spec, error);
    ASSERT_TRUE(db) << error;
    Device* a = da.get();
    fleet.add(std::move(da));
    fleet.add(std::move(db));
    Term t(*a, &fleet);
    EXPECT_EQ(no_cr(t.raw("telnet 127.10.0.3")),
              "telnet 127.10.0.3\nTrying 127.10.0.3 ... Open\n\n\nUser Access Verification\n\nUsername: ");
    EXPECT_EQ(no_cr(t.raw("ops")), "ops\nPassword: ");
    EXPECT_EQ(no_cr(t.raw("ops-pw")), "\n\nr2#");
    EXPECT_EQ(no_cr(t.raw("exit")), "exit\n\n[Connection to 127.10.0.3 closed by foreign host]\nr1#");
}

TEST(SimHop, SilentDropTimesOut) {
    TwoDevices f(std::string(kHopTarget) + "control-plane host\n management-interface Loopback0 allow ssh\n");
    Term t(*f.a, &f.fleet);
    EXPECT_EQ(no_cr(t.raw("ssh -l ops 127.10.0.2")),
              "ssh -l ops 127.10.0.2\n\n% Connection timed out; remote host not responding\n\nr1#");
}

// Sessions, edits, admissions and hops in both directions at once: each device's lock is never
// held while another device is asked anything, so crossing hops cannot deadlock (ASan/UBSan watch
// the rest).
TEST(SimHop, ConcurrentCrossingHopsAndEdits) {
    std::string b_cfg = kHopTarget;
    b_cfg.replace(b_cfg.find(" 20 deny   any"), 14, " 20 permit any");
    std::string a_cfg = b_cfg;
    a_cfg.replace(a_cfg.find("hostname r2"), 11, "hostname r1");
    a_cfg.replace(a_cfg.find("127.10.0.2 255.0.0.0"), 10, "127.10.0.1");
    a_cfg.replace(a_cfg.find("10.255.0.2"), 10, "10.255.0.1");
    Fleet fleet;
    auto da = make_device(a_cfg, Personality::cisco_ios, "17.9.4a", "a", "127.10.0.1");
    auto db = make_device(b_cfg, Personality::cisco_ios, "17.9.4a", "b", "127.10.0.2");
    Device* a = da.get();
    Device* b = db.get();
    fleet.add(std::move(da));
    fleet.add(std::move(db));
    std::atomic<int> nested{0};
    auto hopper = [&](Device& from, const std::string& to, const std::string& peer_host) {
        for (int i = 0; i < 25; ++i) {
            Term t(from, &fleet);
            t.raw("ssh -l ops " + to);
            if (no_cr(t.raw("ops-pw")).find(peer_host + "#") != std::string::npos) ++nested;
            t.raw("show users");
            t.raw("exit");
        }
    };
    auto editor = [&](Device& d) {
        for (int i = 0; i < 25; ++i) {
            Term t(d);
            t.raw("conf t");
            t.raw("ip ssh time-out " + std::to_string(30 + i));
            t.raw("end");
            d.admit("127.0.10.5", 2222, Service::ssh);
            (void)d.listening_ports(Service::ssh);
            (void)d.config_generation();
        }
    };
    std::vector<std::thread> threads;
    threads.emplace_back(hopper, std::ref(*a), "10.255.0.2", "r2");
    threads.emplace_back(hopper, std::ref(*b), "10.255.0.1", "r1");
    threads.emplace_back(editor, std::ref(*a));
    threads.emplace_back(editor, std::ref(*b));
    for (auto& th : threads) th.join();
    EXPECT_EQ(nested.load(), 50);
    // every line went back
    for (Device* d : {a, b}) {
        std::vector<int> lines;
        while (auto l = d->acquire_line(2222, Service::ssh)) lines.push_back(*l);
        EXPECT_EQ(lines.size(), 5u);
    }
}

// ---- content faults ---------------------------------------------------------------------------

std::unique_ptr<Device> faulty(const Faults& faults) {
    DeviceSpec spec;
    spec.name = "faulty";
    spec.address = "127.10.0.1";
    spec.ssh_port = 2222;
    spec.config = kIosBase;
    spec.faults = faults;
    std::string error;
    return Device::create(spec, error);
}

TEST(SimFaults, PromptBannerGarbageNoPrompt) {
    Faults banner;
    banner.prompt_banner = true;
    auto b = faulty(banner);
    Term tb(*b);
    EXPECT_EQ(no_cr(tb.greeting), "\nAuthorised access only\nr1#\n\nr1#");

    Faults garbage;
    garbage.garbage = true;
    auto g = faulty(garbage);
    Term tg(*g);
    tg.quiet();
    const auto out = tg.raw("show running-config");
    const bool has_control = std::any_of(out.begin(), out.end(), [](char ch) {
        const auto u = static_cast<unsigned char>(ch);
        return (u < 0x20 && ch != '\r' && ch != '\n') || u >= 0x80;
    });
    EXPECT_TRUE(has_control);
    EXPECT_EQ(out.substr(out.size() - 3), "r1#") << "the prompt itself stays readable";

    Faults silent;
    silent.no_prompt = true;
    auto s = faulty(silent);
    Term ts(*s);
    EXPECT_EQ(ts.greeting, "");
    EXPECT_EQ(ts.raw("show privilege"), "");
}

// ---- vtyguard's parsers read the simulator ----------------------------------------------------

#ifdef VTYGUARD_CLI
// `vtyguard parse` on one capture (prompt, echo, output, prompt, as a driver saves it); the JSON.
std::string parse_with_vtyguard(const std::string& platform, const std::string& command, const std::string& capture) {
    const auto file = std::filesystem::temp_directory_path() / ("vtyguard-sim-" + std::to_string(::getpid()) + ".txt");
    std::ofstream(file) << capture;
    const std::string cmd = std::string(VTYGUARD_CLI) + " parse --platform " + platform + " --command '" + command +
                            "' " + file.string() + " 2>&1";
    std::string json;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) json.append(buf, n);
        ::pclose(p);
    }
    std::filesystem::remove(file);
    return json;
}

void expect_parsed(Device& d, const std::string& platform, const std::vector<std::string>& commands) {
    Term t(d);
    t.quiet();
    const std::string prompt = no_cr(t.greeting).substr(1);
    for (const auto& c : commands) {
        const std::string capture = prompt + no_cr(t.raw(c));
        const auto json = parse_with_vtyguard(platform, c, capture);
        EXPECT_NE(json.find("\"diagnostics\": []"), std::string::npos) << c << " on " << d.spec().name << ":\n"
                                                                       << capture << "\n"
                                                                       << json;
    }
}

TEST(SimParsers, VtyguardReadsEveryShowOutput) {
    const std::string extra =
        "aaa new-model\naaa authentication login default local\naaa authorization exec default local\n"
        "ip ssh version 2\nip ssh port 2001 rotary 1\n"
        "interface GigabitEthernet0/2\n vrf forwarding MGMT\n ip address 10.1.1.1 255.255.255.0\n!\n"
        "ip route vrf MGMT 10.9.0.0 255.255.0.0 10.1.1.254\nip route 0.0.0.0 0.0.0.0 127.0.0.254\n"
        "access-list 23 permit 192.168.5.0 0.0.0.255\nline vty 4\n rotary 1\n";
    const std::vector<std::string> ios = {"show version",
                                          "show privilege",
                                          "show ip ssh",
                                          "show running-config",
                                          "show running-config | section line vty",
                                          "show running-config partition access-list",
                                          "show line",
                                          "show line vty 0",
                                          "show line vty 3 5",
                                          "show users",
                                          "show access-lists",
                                          "show crypto key mypubkey rsa",
                                          "show ip route 127.0.10.5",
                                          "show ip route 8.8.8.8",
                                          "show ip route vrf MGMT 10.9.9.9",
                                          "show ip route vrf MGMT 10.99.9.9"};
    for (const char* release : {"17.9.4a", "15.2(4)E10", "17.12.2"}) {
        auto d =
            make_device(std::string(kIosBase) + extra, Personality::cisco_ios, release, std::string("ios-") + release);
        d->admit("127.0.10.5", 2222, Service::ssh);
        expect_parsed(*d, "cisco_ios", ios);
    }
    auto bare =
        make_device("hostname Switch\nline vty 0 4\n password lab\n login\n", Personality::cisco_ios, "15.2(4)E10");
    expect_parsed(*bare, "cisco_ios",
                  {"show ip ssh", "show crypto key mypubkey rsa", "show users", "show access-lists"});
    auto asa = make_device(kAsaBase, Personality::cisco_asa, "9.16(4)", "fw1", "127.0.10.1");
    asa->admit("127.0.10.5", 2222, Service::ssh);
    expect_parsed(*asa, "cisco_asa",
                  {"show version", "show running-config", "show running-config ssh", "show running-config aaa",
                   "show running-config username", "show running-config telnet", "show running-config access-group",
                   "show access-list", "show crypto key mypubkey rsa", "show nameif", "show route 127.0.10.5",
                   "show route 8.8.8.8"});
}
#endif

}  // namespace
}  // namespace vtyguard::lab
