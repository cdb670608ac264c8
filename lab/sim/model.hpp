// Semantic views of a running-config (private to lab/sim): what the vty lines, SSH settings,
// users, AAA lists, interfaces and routes of the tree mean. Computed on demand from the tree, so
// they can never disagree with what `show running-config` prints.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/sim/acl.hpp"
#include "lab/sim/config.hpp"
#include "lab/sim/device.hpp"

namespace vtyguard::lab {

struct Release {
    int major = 15, minor = 2;
    bool xe = false;  // IOS-XE (16.x and later)
    static Release parse(std::string_view text, Personality p);
    bool at_least(int mj, int mn) const { return major > mj || (major == mj && minor >= mn); }
};

enum class LoginMode { none, line, local, authentication };

struct LineConfig {
    std::string type;                          // vty, con, aux
    int number = 0;                            // relative number (vty 0..)
    std::vector<std::string> transport_input;  // expanded: telnet, ssh, rlogin, ...; empty: none
    bool transport_explicit = false;
    std::vector<std::string> transport_output;
    std::optional<std::string> access_class_in;
    bool vrf_also = false;
    std::optional<std::string> access_class_out;
    std::optional<std::string> ipv6_access_class_in;
    std::optional<int> rotary;
    LoginMode login = LoginMode::line;
    std::string login_list;               // `login authentication LIST`
    std::optional<std::string> password;  // as stored: "7 0822..." / "0 text" / "text"
    int privilege = 1;
    int exec_timeout_s = 600;  // 0: never
    bool exec = true;

    bool allows(std::string_view transport) const;
};

// Every configured line of `type` (vty/con/aux), one entry per line number.
std::vector<LineConfig> lines_of(const Config& c, std::string_view type, const Release& r);
// Release default of `transport input` for vty lines without the command.
std::vector<std::string> default_transport_input(const Release& r);
std::vector<std::string> expand_transports(const std::vector<std::string>& words);

struct SshConfig {
    std::optional<int> version;  // 1 or 2; nullopt: both (1.99)
    int timeout = 120;
    int retries = 3;
    std::optional<std::string> keypair_name;
    std::vector<std::pair<int, int>> rotary_ports;                      // port, rotary group
    std::map<std::string, std::vector<std::string>> server_algorithms;  // kex/encryption/mac/hostkey
    std::optional<int> dh_min;
    std::optional<int> maxstartups;
};
SshConfig ssh_config(const Config& c);

std::string hostname_of(const Config& c, Personality p);
std::string domain_of(const Config& c, Personality p);

struct Interface {
    std::string name;
    std::optional<std::uint32_t> address, mask;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> secondary;
    std::string vrf;
    std::string acl_in, acl_out;
    bool shutdown = false;
    std::string nameif;  // ASA
    int security = -1;   // ASA
};
std::vector<Interface> interfaces_of(const Config& c, Personality p);

struct Route {
    std::string vrf;
    std::uint32_t net = 0, mask = 0;
    bool connected = false;
    std::string interface;  // connected: the interface; static: the one written (may be empty)
    std::optional<std::uint32_t> next_hop;
    int distance = 1;
};
std::vector<Route> routes_of(const Config& c, Personality p);
// Longest match in one table (`vrf` empty: global).
std::optional<Route> lookup(const std::vector<Route>& routes, std::string_view vrf, std::uint32_t address);
// The interface (and its VRF) a packet from `source` arrives on: the route back to the source,
// resolved through next hops, longest match over every table (global wins ties).
struct Ingress {
    std::string interface;
    std::string vrf;
};
std::optional<Ingress> ingress_for(const Config& c, Personality p, std::uint32_t source);
std::optional<Ingress> ingress_for(const std::vector<Route>& routes, std::uint32_t source);

struct UserEntry {
    std::string name;
    int privilege = 1;
    std::string kind;  // secret / password / nopassword
    std::string type;  // 0, 5, 7, 8, 9; ASA: pbkdf2 / encrypted / plain
    std::string value;
};
std::map<std::string, UserEntry> users_of(const Config& c, Personality p);
bool password_matches(const UserEntry& u, std::string_view plain);
// A line password as stored (`7 0822...`, `0 text`, `text`).
bool line_password_matches(std::string_view stored, std::string_view plain);

struct AaaConfig {
    bool new_model = false;
    std::map<std::string, std::vector<std::string>> login;  // list -> methods
    std::map<std::string, std::vector<std::string>> enable;
    std::map<std::string, std::vector<std::string>> exec_authorization;
    // ASA
    std::vector<std::string> asa_ssh, asa_telnet, asa_enable;
    std::string asa_exec_authorization;  // `aaa authorization exec LOCAL auto-enable` words after exec
};
AaaConfig aaa_of(const Config& c);

// The enable secret/password as stored (`secret 9 $9$...`, `password 7 ...`, ASA hashed).
struct EnableConfig {
    std::optional<std::string> secret;  // value after `enable secret`
    std::optional<std::string> password;
};
EnableConfig enable_of(const Config& c);
bool enable_matches(const EnableConfig& e, Personality p, std::string_view plain);

// ASA `ssh`/`telnet` allow-list entries for IPv4.
struct AllowEntry {
    std::uint32_t address = 0, mask = 0;
    std::string nameif;
};
std::vector<AllowEntry> asa_allow_list(const Config& c, std::string_view keyword);

// IOS `control-plane host` / `management-interface IF allow P...`: nullopt when MPP is off.
std::optional<std::map<std::string, std::vector<std::string>>> mpp_of(const Config& c);

struct RsaKey {
    std::string name;
    int bits = 2048;
    std::time_t generated = 0;
    bool exportable = false;
    std::string seed;  // key material is derived from it
};

struct LineUse {
    std::string user, source;
    Service service = Service::ssh;
    std::chrono::steady_clock::time_point since, last_input;
    bool labelled = false;  // a Session has filled in user/source
};

// The key data block (`show crypto key mypubkey rsa`): DER SubjectPublicKeyInfo of the key.
std::string rsa_public_der(const RsaKey& key);
// `ssh-rsa AAAA...` wire-format blob of the key (base64 inside `show ip ssh`).
std::string rsa_ssh_blob(const RsaKey& key);

}  // namespace vtyguard::lab

namespace vtyguard::lab {

// What the access decisions read, computed once per config generation (a device answers many
// connections between two edits).
struct Views {
    std::uint64_t generation = 0;
    std::vector<LineConfig> vty;
    SshConfig ssh;
    std::vector<Interface> interfaces;
    std::vector<Route> routes;
    std::vector<Acl> acls;
    Objects objects;
    AaaConfig aaa;
    std::map<std::string, UserEntry> users;
    std::optional<std::map<std::string, std::vector<std::string>>> mpp;
    std::vector<AllowEntry> asa_ssh, asa_telnet;
};

struct Device::State {
    Personality personality = Personality::cisco_ios;
    Release release;
    Config running;
    std::string startup;  // saved by `write memory` (rendered text)
    std::vector<RsaKey> keys;
    std::map<std::string, std::uint64_t> acl_hits;  // "acl\0entry-id" -> matches
    std::atomic<std::uint64_t> generation{1};
    std::atomic<int> change_fd{-1};  // Device::notify_changes_to
    std::time_t boot = 0;
    std::time_t last_change = 0;
    std::string last_change_by;
    std::map<int, LineUse> lines_in_use;  // vty number -> session
    std::map<int, unsigned> line_uses;    // vty number -> sessions served
    unsigned key_counter = 0;
    std::string seed;  // the device's name: what the made-up key material derives from
    bool crypto_image = true;
    // `configure terminal revert timer N`: the config to go back to unless confirmed in time
    struct Revert {
        std::time_t deadline;
        Config saved;
    };
    std::optional<Revert> revert;
    std::optional<std::time_t> reload_at;       // `reload in N`
    unsigned reloads = 0;                       // sessions from before a reload end
    std::uint64_t saved_generation = 1;         // generation at the last `write memory`
    std::atomic<std::time_t> next_deadline{0};  // earliest of the two (0: none), read without the lock
    std::atomic<std::time_t> clock_skew{0};     // added to the wall clock for timers (tests move time)
    std::time_t now() const;
    // The views of the current generation (the device's lock is held).
    const Views& views() const;

private:
    mutable Views views_;

public:
    // Hit counter identity of an entry: IOS by sequence number, ASA by text (line numbers move).
    static std::string hit_key(std::string_view acl, std::string_view entry_id);
    void bump(std::time_t now, std::string_view by);  // a config change
};

}  // namespace vtyguard::lab
