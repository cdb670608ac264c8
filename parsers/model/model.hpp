// The vendor-neutral device model (SPEC sections 1-4).
//
// Contract:
//  - Standard library only: drivers, templates, the engine and the lab's tests all include this.
//  - Parsers fill it; they never invent values. Anything the evidence does not state stays
//    std::nullopt / empty, so the engine can tell "absent" (apply release defaults or say
//    `unknown`) from "stated".
//  - Every element that came from a line of input carries that 1-based line number (`line`) so
//    findings can cite evidence. Line numbers refer to the capture the element was parsed from.
//  - Secrets are never stored: usernames keep only the kind of secret they have.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parsers/model/compact.hpp"

namespace vtyguard::model {

// A line of input that was not understood. Parsers never drop a line silently: a line is
// understood, explicitly ignored (prompts, echo, blank, banners of the tool itself), or one of these.
struct Diagnostic {
    std::size_t line = 0;  // 1-based
    std::string text;      // the line as read (trailing whitespace removed)
    std::string message;   // why it was not understood
};

enum class AddressFamily { ipv4, ipv6 };

// One address slot of an ACL entry (source or destination), an ASA `ssh`/`telnet` allow entry, or
// an object-group member. Exactly the form written on the device; the engine turns it into sets.
// Text fields are SmallStrings (16 bytes, an IPv4 address fits inline): an entry has two of these.
struct Address {
    enum class Kind : std::uint8_t {
        any,           // `any` (IOS: either family, by ACL type)
        any4,          // ASA
        any6,          // ASA
        host,          // `host A` or a bare address in a standard ACL
        wildcard,      // IOS `A W` (wildcard bits, possibly non-contiguous)
        netmask,       // ASA `A M` (contiguous netmask)
        prefix,        // IPv6 `A/len`
        range,         // ASA object `range A B`
        object_group,  // `object-group NAME` / `addrgroup NAME`
        object,        // ASA `object NAME`
        interface,     // ASA `interface NAMEIF`
        fqdn,          // ASA `fqdn [v4|v6] NAME`, possibly `(unresolved)`
    };
    Kind kind = Kind::any;
    SmallString address;              // host/wildcard/netmask/prefix/range start
    SmallString mask;                 // wildcard bits (wildcard) or netmask (netmask); range end (range)
    std::int16_t prefix_length = -1;  // prefix (0-128)
    SmallString name;                 // object_group/object/interface/fqdn
    std::optional<bool> resolved;     // fqdn: false when `(unresolved)` was shown
};

// A port match: `eq 22`, `range 1 1024`, `object-group SVC`, ...
struct PortMatch {
    enum class Op : std::uint8_t { eq, neq, lt, gt, range, object_group };
    Op op = Op::eq;
    WordList ports;    // as written: numbers or names (`www`, `ssh`); range: 2 values
    SmallString name;  // object_group
};

// A value kept on the heap, or nothing: one pointer when empty. Copies are deep, so the struct
// holding it keeps plain value semantics. For parts of a struct that few instances have.
template <class T>
class OutOfLine {
public:
    OutOfLine() = default;
    OutOfLine(const OutOfLine& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    OutOfLine(OutOfLine&&) noexcept = default;
    OutOfLine& operator=(const OutOfLine& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    OutOfLine& operator=(OutOfLine&&) noexcept = default;
    ~OutOfLine() = default;

    const T* get() const { return p_.get(); }
    T& get_or_create() {
        if (!p_) p_ = std::make_unique<T>();
        return *p_;
    }

private:
    std::unique_ptr<T> p_;
};

// The fields of an access-control entry that most entries leave empty (see Ace::details()).
struct AceDetails {
    std::string protocol_object_group;  // protocol slot holds `object-group NAME`
    std::string protocol_object;        // ASA protocol slot holds `object NAME` (service object)
    std::vector<std::string> flags;     // tcp flags: `syn`, `+ack`, `match-all`, ... as written
    std::vector<std::string> options;   // other qualifiers kept as written: `dscp ef`, `fragments`, ...
    std::string remark;                 // remark text
    std::string user;                   // per-user/identity qualifiers as written (ASA `user`, `security-group`)
    std::string error;                  // unparsed: why
};

// One access-control entry, in the order of the device. `remark` entries keep their place because
// sequence arithmetic (free numbers before a blocking line) needs them.
//
// Captures hold up to hundreds of thousands of entries, so an entry is kept small: text fields are
// SmallStrings (compact.hpp: 16 bytes, short values inline), port lists one WordList, and the fields
// few entries have live in one AceDetails block, created on first write through details() and read
// through the accessors below (an empty string or list when absent).
struct Ace {
    enum class Action : std::uint8_t { permit, deny, remark, unparsed };
    Action action = Action::permit;
    bool established = false;
    std::optional<std::uint32_t> sequence;  // IOS sequence number, ASA `line N`
    SmallString protocol;                   // as written: `ip`, `tcp`, `6`, `ipv6`; empty for standard
    std::optional<Address> source;
    std::optional<PortMatch> source_ports;
    std::optional<Address> destination;
    std::optional<PortMatch> destination_ports;
    SmallString icmp_type;  // `echo`, `echo-reply`, `8`, ...; empty when absent
    SmallString log;        // as written: `log`, `log-input`, `log (tag = x)`, `log 6 interval 300`
    SmallString time_range;
    SmallString state;                     // `active` / `inactive` when shown, else empty
    std::optional<std::uint64_t> matches;  // hit counter: `(N matches)`, `(hitcnt=N)`
    SmallString hash;                      // ASA per-line hash `0x1a2b3c4d`
    std::vector<Ace> expanded;             // ASA object-group expansion children
    std::size_t line = 0;
    SmallString text;  // the source line, for evidence and for `unparsed`
    OutOfLine<AceDetails> rare;

    // Writing a rare field: ace.details().remark = ...
    AceDetails& details() { return rare.get_or_create(); }

    const std::string& protocol_object_group() const { return rare_or_empty().protocol_object_group; }
    const std::string& protocol_object() const { return rare_or_empty().protocol_object; }
    const std::vector<std::string>& flags() const { return rare_or_empty().flags; }
    const std::vector<std::string>& options() const { return rare_or_empty().options; }
    const std::string& remark() const { return rare_or_empty().remark; }
    const std::string& user() const { return rare_or_empty().user; }
    const std::string& error() const { return rare_or_empty().error; }

private:
    const AceDetails& rare_or_empty() const {
        static const AceDetails none;
        return rare.get() ? *rare.get() : none;
    }
};

struct Acl {
    std::string name;
    // `standard`, `extended`, `ipv6`, `role-based`, `mac`, `webtype`, `ethertype`, `reflexive`, ...
    std::string type;
    AddressFamily family = AddressFamily::ipv4;
    bool numbered = false;                  // IOS `access-list N ...` / `Standard IP access list 10`
    std::string origin;                     // `per-user`, `downloaded`, `dynamic` when the header says so
    std::optional<std::uint32_t> elements;  // ASA `; N elements`
    std::string name_hash;                  // ASA `name hash: 0x...`
    std::vector<Ace> entries;
    std::size_t line = 0;
};

// Members of `object-group network|service|protocol`, ASA `object network|service`.
struct ObjectMember {
    // identity: ASA `object-group user|security` member (`user X`, `user-group X`, `security-group tag N`) as
    // written in `name`
    enum class Kind { address, port, service, protocol, icmp_type, group, description, identity };
    Kind kind = Kind::address;
    std::optional<Address> address;              // address
    std::string protocol;                        // service/protocol: `tcp`, `udp`, `tcp-udp`, `icmp`, ...
    std::optional<PortMatch> source_ports;       // service
    std::optional<PortMatch> destination_ports;  // service / port
    std::string name;                            // group: nested group or object name; icmp_type; description
    std::size_t line = 0;
};

struct ObjectGroup {
    std::string name;
    std::string type;        // `network`, `service`, `protocol`, `icmp-type`, `user`, `security`
    bool is_object = false;  // ASA `object` (single object) rather than `object-group`
    std::string protocol;    // ASA `object-group service NAME tcp`
    std::vector<ObjectMember> members;
    std::size_t line = 0;
};

struct AccessClass {
    std::string acl;
    bool vrf_also = false;
    std::size_t line = 0;
};

// One `line vty|con|aux|tty A [B]` block as written. Resolution per line number (later blocks
// override earlier ones) is the engine's job, so absent settings stay nullopt here.
struct LineBlock {
    std::string type;  // `vty`, `con`, `aux`, `tty`
    int first = 0;
    int last = 0;                                             // == first for a single line
    std::optional<std::vector<std::string>> transport_input;  // `none` kept as {"none"}
    std::optional<std::vector<std::string>> transport_output;
    std::optional<std::string> transport_preferred;
    std::optional<AccessClass> access_class_in;
    std::optional<AccessClass> access_class_out;
    std::optional<AccessClass> ipv6_access_class_in;
    std::optional<AccessClass> ipv6_access_class_out;
    std::optional<int> exec_timeout_minutes;
    std::optional<int> exec_timeout_seconds;
    // `login` -> "line", `login local` -> "local", `login authentication X` -> "authentication",
    // `no login` -> "none". Absent -> nullopt (release default applies).
    std::optional<std::string> login;
    std::optional<std::string> login_authentication;  // method-list name
    std::optional<std::string> authorization_exec;    // `authorization exec LIST`
    std::optional<int> rotary;
    std::optional<int> privilege_level;
    bool password_set = false;  // `password ...` present (value never kept)
    std::optional<bool> exec;   // `no exec` -> false
    bool has_vacant_message = false;
    std::size_t line = 0;
};

struct CryptoKey {
    std::string name;         // may be empty: old releases print no name
    std::string type;         // `RSA`, `EC`, ...
    std::optional<int> bits;  // from `Modulus Size`, or from the DER header of the key data
    std::string usage;        // `General Purpose Key`, `Signature Key`, ...
    std::string storage;
    std::optional<bool> exportable;
    std::string generated;  // `01:29:31 UTC Mar 30 2011`
    std::size_t line = 0;
};

struct SshAlgorithms {
    std::vector<std::string> kex, hostkey, encryption, mac, publickey;
};

// A port/rotary pairing from `ip ssh port P rotary G [H]`.
struct SshRotaryPort {
    int port = 0;
    std::vector<int> rotary_groups;
    std::size_t line = 0;
};

// ASA `ssh A M NAMEIF` / `telnet A M NAMEIF`.
struct MgmtAllow {
    Address source;
    std::string interface;  // nameif
    std::size_t line = 0;
};

struct SshServer {
    // false when the image rejected `show ip ssh` (`% Invalid input`): no SSH in this image
    // (SSH-015). nullopt when the command was not run.
    std::optional<bool> available;
    std::optional<bool> enabled;
    std::string disabled_reason;         // the `%Please create RSA keys...` text
    std::optional<std::string> version;  // `2.0`, `1.99`, `1.5`, `1`, `2` (config `ip ssh version N`)
    std::optional<int> timeout_seconds;  // IOS authentication timeout
    std::optional<int> retries;
    std::optional<int> dh_min_size;
    std::vector<std::string> authentication_methods;
    SshAlgorithms algorithms;
    std::optional<std::string> keypair_name;  // `ip ssh rsa keypair-name` / key label in show ip ssh
    std::vector<SshRotaryPort> rotary_ports;
    std::optional<int> maxstartups;
    std::optional<std::string> source_interface;
    std::vector<std::string> config_lines;  // every `ip ssh ...` config line as written
    // ASA
    std::vector<MgmtAllow> allow;                  // `ssh A M NAMEIF`
    std::optional<int> session_timeout_minutes;    // ASA `ssh timeout N`
    std::vector<std::string> key_exchange_groups;  // ASA `ssh key-exchange group dh-group14-sha256`
    std::optional<std::string> cipher_encryption;  // ASA `ssh cipher encryption high|custom ...`
    std::optional<std::string> cipher_integrity;
    std::optional<bool> stricthostkeycheck;
};

struct User {
    std::string name;
    std::optional<int> privilege;
    std::string secret_kind;  // `secret 9`, `password 7`, `password encrypted`, `nopassword`, ...
    std::size_t line = 0;
};

// Generic AAA statement: IOS `aaa authentication login LIST m1 m2`, `aaa authorization exec ...`,
// ASA `aaa authentication ssh console [GROUP] [LOCAL]`.
struct AaaStatement {
    std::string kind;                  // `authentication`, `authorization`, `accounting`
    std::string service;               // `login`, `enable`, `exec`, `ssh`, `telnet`, `http`, ...
    std::string list;                  // IOS list name (`default`, `VTY`), ASA `console`
    std::vector<std::string> methods;  // as written: `group tacacs+` kept as one method, `local`, `none`
    std::size_t line = 0;
};

struct Aaa {
    std::optional<bool> new_model;  // IOS `aaa new-model` seen (true); nullopt when not stated
    std::vector<AaaStatement> statements;
};

struct InterfaceAddress {
    std::string address;
    std::string mask;        // IPv4 netmask
    int prefix_length = -1;  // IPv6 or IPv4 in CIDR form
    bool secondary = false;
    std::string standby;  // ASA failover standby address
    std::string kind;     // IPv6: `link-local`, `eui-64`, `autoconfig`, `dhcp`; IPv4: `dhcp`, `negotiated`
};

struct Interface {
    std::string name;
    std::string description;
    std::vector<InterfaceAddress> ipv4;
    std::vector<InterfaceAddress> ipv6;
    std::optional<std::string> vrf;
    std::optional<std::string> access_group_in;
    std::optional<std::string> access_group_out;
    std::optional<std::string> ipv6_filter_in;
    std::optional<std::string> ipv6_filter_out;
    std::optional<bool> shutdown;
    std::optional<bool> ip_unreachables;  // `no ip unreachables` -> false
    std::optional<bool> management_only;  // ASA
    std::optional<std::string> nameif;    // ASA
    std::optional<int> security_level;    // ASA
    std::string status;                   // `show nameif`/`show interface` status when shown
    std::size_t line = 0;
};

// ASA `access-group ACL in|out interface NAMEIF [control-plane]` and `access-group ACL global`.
struct AccessGroup {
    std::string acl;
    std::string direction;  // `in`, `out`, `global`
    std::string interface;
    bool control_plane = false;
    std::size_t line = 0;
};

// IOS `control-plane host` / `management-interface IF allow PROTO...`.
struct ManagementInterface {
    std::string interface;
    std::vector<std::string> protocols;
    std::size_t line = 0;
};

struct LoginBlock {
    int block_seconds = 0;
    int attempts = 0;
    int within_seconds = 0;
    std::optional<std::string> quiet_mode_access_class;
    std::size_t line = 0;
};

struct Version {
    std::string software;  // `IOS`, `IOS-XE`, `ASA`
    std::string release;   // `15.2(4)E10`, `17.9.4a`, `9.12(4)67`
    std::string image;     // system image file
    std::string model;     // hardware model
    std::string uptime;
    std::string serial;
    std::optional<bool> crypto;  // k9 / crypto-capable image, when the output says so
};

// `show users`: one session.
struct Session {
    std::string line;  // `vty 0`, `con 0`, `322 vty 0`
    std::string user;
    std::string host;  // source address or `idle`
    std::string idle;
    std::string location;
    bool current = false;  // marked with `*`
};

// `show line` summary row / `show line vty N` detail.
struct LineStatus {
    std::string type;             // `VTY`, `CTY`, `AUX`, `TTY`
    int number = 0;               // absolute line number (`Tty` column)
    std::optional<int> relative;  // vty N
    bool active = false;          // `*` in the first column
    std::optional<std::string> access_class_in;
    std::optional<std::string> access_class_out;
    std::optional<int> rotary;
    std::vector<std::string> allowed_input;  // `Allowed input transports are ssh.`
    std::vector<std::string> allowed_output;
    std::optional<std::string> preferred;
    std::size_t line = 0;
};

// `show ip route [vrf V] A` / ASA `show route A`.
struct Route {
    std::string query;   // the address asked about, when known
    std::string prefix;  // `10.1.1.0/24` / `10.1.1.0 255.255.255.0`
    std::string vrf;
    std::string protocol;  // `connected`, `static`, `ospf 1`, ...
    struct Hop {
        std::string next_hop;   // empty for directly connected
        std::string interface;  // outgoing interface (ASA: nameif)
    };
    std::vector<Hop> hops;
    bool found = false;  // `% Network not in table` / `% Subnet not in table` -> false
};

// ---- Linux jump hosts (CHECKS.md section C) -----------------------------------------------------
//
// What the commands of a Linux jump host state, as far as section C needs it. A part is
// std::nullopt when its command was not run. A command that ran but could not answer (`sudo -n`
// refused, the command needs root, is not installed where it must be, the service manager is not
// reachable) leaves its part present with `not_collected` saying why: the checks that read it
// are `unknown` then, never `pass` or `fail`.

struct NotCollected {
    std::string reason;  // the line that says so, as printed: `sudo: a password is required`
    std::size_t line = 0;
};

// One unit of `systemctl is-active UNIT...` (one line per unit, in the order asked) or of
// `service ssh status` / `systemctl status ssh`.
struct ServiceUnit {
    std::string unit;  // as asked, or as the status output names it: `ssh`, `sshd.service`
    // systemd's ActiveState as printed: `active`, `inactive`, `failed`, `activating`, `deactivating`,
    // `reloading`, `unknown`, ... SysV and Upstart wordings are mapped: running -> `active`, stopped
    // -> `inactive`, `dead but ...` -> `failed`.
    std::string state;
    std::string sub_state;        // `running`, `dead`, `exited`, `auto-restart`, ... when shown
    std::optional<bool> loaded;   // `Loaded: loaded` (true) / `not-found` (false), when shown
    std::optional<bool> enabled;  // `Loaded: ...; enabled;` / `disabled;`, when shown
    std::size_t line = 0;
};

struct ServiceStatus {
    std::string manager;  // `systemd`, or `sysv` / `upstart` for the short forms of `service NAME status`
    std::vector<ServiceUnit> units;
    std::optional<NotCollected> not_collected;
};

// A value as printed and the line it is on: the value of a `keyword value` line of `sshd -T`, a
// warning line of a firewall listing.
struct ValueLine {
    std::string value;
    std::size_t line = 0;
};

// `listenaddress 0.0.0.0:22`, `listenaddress [::]:22 rdomain mgmt`.
struct SshdListen {
    std::string address;  // brackets removed: `0.0.0.0`, `::`, `192.0.2.10`
    int port = 0;
    std::string rdomain;
    std::size_t line = 0;
};

// `sshd -T`: the configuration sshd runs with, every default resolved. Global settings: Match
// blocks are not applied (sshd -T without -C). Only the keywords section C reads are kept; the
// other lines are understood and not modelled.
struct SshdConfig {
    std::vector<ValueLine> ports;  // one per `port` line
    std::vector<SshdListen> listen;
    // One pattern per line, as sshd prints them (`allowusers netops@10.20.0.0/16`); empty: no list.
    std::vector<ValueLine> allow_users, allow_groups, deny_users, deny_groups;
    std::optional<ValueLine> allow_tcp_forwarding;  // `yes`, `no`, `local`, `remote`
    std::optional<ValueLine> disable_forwarding;    // `yes`, `no`
    std::optional<ValueLine> permit_open;           // `any`, `none`, or `host:port ...`
    std::optional<ValueLine> permit_root_login;
    std::optional<ValueLine> password_authentication;
    std::optional<ValueLine> pubkey_authentication;
    std::optional<NotCollected> not_collected;
};

// `ss -tlnp`: one listening TCP socket.
struct Listener {
    std::string address;  // brackets removed: `0.0.0.0`, `::`, `*`, `127.0.0.53`, `192.0.2.10`
    std::string scope;    // `lo` of `127.0.0.53%lo`, when printed
    int port = 0;
    std::vector<std::string> processes;  // program names of `users:((...))`; empty when not shown (not root)
    std::size_t line = 0;
};

struct Listeners {
    std::vector<Listener> sockets;
    std::optional<NotCollected> not_collected;
};

// The values one field of a packet filter rule matches, as written: `10.20.0.0/16`, `22`,
// `1000-2000` (`1000:2000` in iptables), `ssh`, `established`, `lo`.
struct FirewallMatch {
    std::vector<std::string> values;
    bool negated = false;  // `! -s ...`, `ip saddr != ...`
};

// One rule of a chain, reduced to what decides whether a new inbound TCP connection from a source
// reaches a port. What the rule matches on beyond these fields is in `other`, as written: the
// engine cannot tell whether such a rule matches.
struct FirewallRule {
    std::string family;  // `ip` / `ip6` when the rule matches one address family only (nft `ip saddr`)
    std::optional<FirewallMatch> sources, destinations;
    std::optional<FirewallMatch> protocols;  // `tcp`, `udp`, `icmp`, ...; implied by `tcp dport`
    std::optional<FirewallMatch> source_ports, destination_ports;
    std::optional<FirewallMatch> ct_states;  // lowercase: `new`, `established`, `related`, `invalid`, `untracked`
    std::optional<FirewallMatch> ct_status;  // nft `ct status dnat`: `dnat`, `snat`, `confirmed`, ...
    std::optional<FirewallMatch> in_interfaces;
    // The type of the destination address, lowercase: iptables `-m addrtype --dst-type LOCAL`, nft
    // `fib daddr type local`; `local` is every address of the host itself.
    std::optional<FirewallMatch> destination_types;
    std::vector<std::string> other;
    // `accept`, `drop`, `reject`, `return`, `jump`, `goto`, `queue`; empty: no verdict (a counter, a
    // log or a mark only: evaluation goes on with the next rule).
    std::string verdict;
    std::string target;  // jump/goto: the chain
    bool unparsed = false;
    std::string error;  // unparsed: why
    std::string text;
    std::size_t line = 0;
};

struct FirewallChain {
    std::string family;    // nft `ip`, `ip6`, `inet`, `arp`, `bridge`, `netdev`; iptables `ip`
    std::string table;     // `filter`, an nft table name
    std::string name;      // `INPUT`, `input`, `f2b-sshd`
    std::string type;      // base chains: `filter`, `nat`, `route`
    std::string hook;      // base chains: `input`, `prerouting`, ...; empty for a regular chain
    std::string priority;  // as written: `filter`, `0`, `filter + 10`
    std::string policy;    // base chains: `accept`, `drop`
    std::vector<FirewallRule> rules;
    std::size_t line = 0;
};

// `iptables -S` (the filter table) or `nft list ruleset`.
struct Firewall {
    bool installed = true;  // false: the command does not exist on the host (no rules of that kind)
    std::vector<FirewallChain> chains;
    // `# Warning: ...` lines as printed: iptables-nft's `iptables-legacy tables present` (rules exist
    // that this output does not show), nft's `table ip filter is managed by iptables-nft`.
    std::vector<ValueLine> warnings;
    std::optional<NotCollected> not_collected;
};

// One rule of /etc/hosts.allow or /etc/hosts.deny: `daemons : clients [: option ...]`.
struct HostsAccessRule {
    std::vector<std::string> daemons;  // as written; `EXCEPT` kept as a word
    std::vector<std::string> clients;
    std::vector<std::string> options;  // the fields after the second `:`, trimmed: `DENY`, `spawn (...)`
    std::string text;                  // the rule, continuation lines joined
    std::size_t line = 0;              // its first line
};

struct HostsAccess {
    bool exists = true;  // false: `No such file or directory` (no rules)
    std::vector<HostsAccessRule> rules;
    std::optional<NotCollected> not_collected;
};

// `id`: the user that ran it (the login user of the audit) and its groups.
struct Identity {
    std::string user;  // the number when `id` prints no name
    std::optional<long> uid;
    std::string group;  // primary group
    std::optional<long> gid;
    std::vector<std::string> groups;  // every group of `groups=`, by name (the number when unnamed)
    std::size_t line = 0;
    std::optional<NotCollected> not_collected;
};

struct Device {
    std::string platform;  // `cisco_ios`, `cisco_asa`, `linux`
    std::optional<std::string> hostname;
    std::optional<std::string> domain;
    std::optional<Version> version;
    std::optional<int> privilege;  // `show privilege`
    SshServer ssh;
    std::vector<CryptoKey> keys;
    std::vector<LineBlock> lines;
    std::vector<Acl> acls;
    std::vector<ObjectGroup> object_groups;
    std::vector<User> users;
    Aaa aaa;
    std::vector<Interface> interfaces;
    std::vector<AccessGroup> access_groups;
    std::vector<MgmtAllow> telnet;                                     // ASA `telnet A M NAMEIF`
    std::optional<std::vector<ManagementInterface>> management_plane;  // set when `control-plane host` seen
    std::optional<LoginBlock> login_block;
    std::optional<bool> archive;  // `archive` block configured (enables `configure terminal revert`)
    std::vector<Session> sessions;
    std::vector<LineStatus> line_status;
    std::optional<Route> route;
    // Linux jump hosts (platform `linux`)
    std::optional<ServiceStatus> service;
    std::optional<SshdConfig> sshd;
    std::optional<Listeners> listeners;
    std::optional<Firewall> iptables;
    std::optional<Firewall> nftables;
    std::optional<HostsAccess> hosts_allow;
    std::optional<HostsAccess> hosts_deny;
    std::optional<Identity> identity;
};

}  // namespace vtyguard::model
