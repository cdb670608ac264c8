// The sim's own access-list model (private to lab/sim): IOS numbered and named ACLs, ASA
// `access-list NAME extended|standard`, IOS and ASA object-groups; first-match evaluation of one
// packet, the canonical form IOS/ASA store a typed entry in, and the `show access-lists` /
// `show access-list` line formats. Independent of vtyguard's parsers and engine on purpose.
//
// What a first packet (the SYN of a new connection) matches: TCP flag qualifiers (`syn`, `ack`,
// `psh`, ..., `match-all +ack -syn`, `match-any +ack +rst`) match only when a packet with only SYN
// set satisfies them; `established` and `fragments` never do. Source ports count everywhere they
// can be written, service objects included (IOS `tcp source eq 22`, ASA `service tcp source eq 1234
// destination eq ssh`, `service-object tcp source ...`). An entry with `time-range NAME` matches
// only while NAME is active at the packet's time (UTC); an undefined time-range is never active.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/sim/config.hpp"

namespace vtyguard::lab {

enum class Dialect { ios, asa };

struct AddrMatch {
    enum class Kind { any, host, masked, object_group, object, interface, ipv6, unknown };
    Kind kind = Kind::any;
    std::uint32_t address = 0;
    std::uint32_t mask = 0;  // IOS: wildcard bits, ASA: netmask (as written)
    std::string name;        // object(-group) or interface name, ipv6 text
};

struct PortMatch {
    enum class Op { none, eq, neq, lt, gt, range, object_group };
    Op op = Op::none;
    std::vector<int> ports;  // eq: every listed port; lt/gt/neq: one; range: two
    std::string group;
};

struct AclEntry {
    int seq = 0;  // IOS sequence number, ASA line number
    bool remark = false;
    std::string remark_text;
    bool permit = false;
    std::string protocol;        // ip, tcp, udp, icmp, a number; empty for standard entries
    std::string protocol_group;  // protocol slot holds `object-group X` (IOS service group / ASA)
    AddrMatch src, dst;
    PortMatch sport, dport;
    bool established = false;
    bool log = false;
    bool never_first_packet = false;  // `fragments`, or TCP flags a SYN does not satisfy
    bool inactive = false;
    std::string time_range;  // `time-range NAME`: matches only while NAME is active
    std::string qualifiers;  // words after the addresses/ports, as written (`log`, `time-range X`)
    std::string text;        // canonical text without the sequence number (as running-config shows it)
};

struct Acl {
    std::string name;
    bool standard = false;
    bool numbered = false;  // IOS `access-list N ...` global lines
    bool ipv6 = false;
    std::vector<AclEntry> entries;
};

// The first packet of a connection towards the device.
struct Packet {
    std::string protocol = "tcp";
    std::uint32_t src = 0, dst = 0;
    int sport = 40000, dport = 22;
    std::optional<std::time_t> time;  // when it arrives, for time-ranges; nullopt: now
};

// A `time-range NAME` block: active while the absolute window (when given) holds the time and, when
// it has `periodic` lines, one of them does. Times are UTC, like the sim's clock.
struct TimeRange {
    std::optional<std::time_t> start, end;  // `absolute [start T] [end T]`: start <= t < end
    // `periodic` windows in minutes of the week (Monday 00:00 = 0), both ends inclusive (`to
    // 18:00` includes 18:00); first > last wraps around the end of the week.
    struct Window {
        int first = 0, last = 0;
    };
    std::vector<Window> periodic;
    bool active_at(std::time_t t) const;
};

// Object and object-group definitions from a configuration (both dialects).
struct Objects {
    struct Net {
        std::uint32_t address = 0, mask = 0;  // netmask; range: address..mask
        bool range = false;
        std::string ref;  // nested group or object name
    };
    struct Svc {
        std::string protocol;  // tcp, udp, tcp-udp, icmp, ip, ...
        PortMatch sport, dport;
        std::string ref;
    };
    std::map<std::string, std::vector<Net>> networks;           // object-group network / object network
    std::map<std::string, std::vector<Svc>> services;           // object-group service / object service
    std::map<std::string, std::string> service_group_protocol;  // ASA `object-group service X tcp`
    std::map<std::string, std::vector<std::string>> protocols;  // object-group protocol
    std::map<std::string, TimeRange> time_ranges;               // time-range blocks

    static Objects from(const Config& config, Dialect dialect);
    bool address_in(const std::string& name, std::uint32_t address, int depth = 0) const;
    // Expansion of a network group into atomic address matches (ASA show access-list children).
    std::vector<AddrMatch> expand(const std::string& name, int depth = 0) const;
    // Whether time-range `name` is active at `t`; an undefined one is not (IOS shows it inactive).
    bool time_range_active(const std::string& name, std::time_t t) const;
};

// Parses an entry typed or read from a config, after the sequence number / ACL name. `standard`
// selects the standard syntax. nullopt and `error` (IOS-style message) when it is not an entry.
// `error_word` (optional) receives the index of the word the error is at.
std::optional<AclEntry> parse_entry(Dialect dialect, bool standard, const std::vector<std::string>& words,
                                    std::string& error, std::size_t* error_word = nullptr);

// All ACLs of a configuration, in configuration order.
std::vector<Acl> acls_of(const Config& config, Dialect dialect);
std::optional<Acl> find_acl(const Config& config, Dialect dialect, std::string_view name);

// Index of the first entry that matches, nullopt for the implicit deny.
std::optional<std::size_t> evaluate(const Acl& acl, const Packet& packet, const Objects& objects,
                                    const std::map<std::string, std::uint32_t>& interface_addresses = {});
bool entry_matches(const AclEntry& entry, bool standard, const Packet& packet, const Objects& objects,
                   const std::map<std::string, std::uint32_t>& interface_addresses = {});

// Canonical text of an entry (after the sequence number / `access-list NAME`).
std::string entry_text(const AclEntry& e, Dialect dialect, bool standard);
// ASA: the atomic entries an entry with objects or object-groups expands to (`show access-list`
// prints them indented under it); empty when it has none.
std::vector<AclEntry> asa_children(const AclEntry& e, const Objects& objects);

// IOS `show access-lists` entry text (standard entries print `, wildcard bits`), without counter.
std::string ios_show_text(const AclEntry& entry, bool standard);
// IOS port name for a number where IOS prints one (23 → telnet), else the number.
std::string ios_port_name(int port, std::string_view protocol);
std::string asa_port_name(int port, std::string_view protocol);
std::optional<int> port_number(std::string_view word);  // a number or a port name of either platform

// IOS numbered ACL ranges.
bool ios_numbered_standard(long long n);
bool ios_numbered_extended(long long n);

}  // namespace vtyguard::lab
