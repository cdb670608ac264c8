// Exact ACL analysis (SPEC section 5, CHECKS.md SSH-007/SSH-010/SSH-105/ASA-007).
//
// Contract:
//  - First match wins; remarks are ignored; an implicit deny ends every ACL.
//  - Exact: every entry becomes a set over the header space (protocol, addresses, ports, TCP
//    flags) held as a BDD; wildcards may be non-contiguous, ASA netmasks, ranges and object-groups
//    (recursive, cycles reported) are expanded, named ports resolved.
//  - `established` matches ACK or RST only, never the first SYN of a connection.
//  - Lines with a time-range or `(inactive)` never match (with a note); `fragments` lines never
//    match the first packet of a connection. Entries that cannot be decided exactly (unparsed,
//    unresolved FQDN, an unknown object-group or port name, dscp/precedence/ttl/options
//    qualifiers) are `uncertain`: any answer that depends on them is Verdict::unknown.
//  - ICMP type and code occupy the destination-port bits of the header space (ICMP has no ports).
//  - Never throws for any model input; never prints.
//  - Queries are const but grow the analyzer's diagram and remember their answers: one analyzer
//    must not be queried from several threads at once.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parsers/model/model.hpp"

namespace vtyguard::engine {

struct IpAddress {
    model::AddressFamily family = model::AddressFamily::ipv4;
    std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4
    static std::optional<IpAddress> parse(std::string_view text);
    std::string str() const;
};

enum TcpFlag : std::uint8_t { kFin = 1, kSyn = 2, kRst = 4, kPsh = 8, kAck = 16, kUrg = 32 };

struct Flow {
    std::uint8_t protocol = 6;
    IpAddress source, destination;
    std::uint16_t source_port = 50000;
    std::uint16_t destination_port = 22;
    std::uint8_t tcp_flags = kSyn;  // the first packet of a connection
};

enum class Verdict { permit, deny, unknown };

struct Decision {
    Verdict verdict = Verdict::unknown;
    // Index into acl.entries of the deciding entry; nullopt when the implicit deny decided.
    std::optional<std::size_t> deciding;
    // Uncertain entries before the decision that might have matched with another action.
    std::vector<std::size_t> uncertain;
    // Time-range / inactive entries that would have matched had they been active.
    std::vector<std::size_t> skipped;
};

// Sources, as prefixes (`10.20.0.0/16`) or, for non-contiguous wildcards, `address wildcard`.
struct SourceSet {
    std::vector<std::string> permitted;
    std::vector<std::string> unknown;  // the answer depends on an uncertain entry
    bool permits_any = false;          // every source is permitted
    bool truncated = false;            // more than the listing limit
};

struct Shadow {
    std::size_t index = 0;  // the entry that can never match
    // The earlier entries that take its packets, in first-match order (together they cover it).
    std::vector<std::size_t> blockers;
    bool conflicting = false;  // some blocker has the other action (a permit that never permits)
    bool empty = false;        // the entry matches nothing on its own
};

class AclAnalyzer {
public:
    // `device` resolves object-groups/objects and ASA `interface NAMEIF` addresses. Both must
    // outlive the analyzer. The ACL's family decides the header space (IPv4 or IPv6); ASA
    // entries of the other family (any6 in an IPv4 question) never match.
    AclAnalyzer(const model::Device& device, const model::Acl& acl,
                model::AddressFamily family = model::AddressFamily::ipv4);
    ~AclAnalyzer();
    AclAnalyzer(const AclAnalyzer&) = delete;
    AclAnalyzer& operator=(const AclAnalyzer&) = delete;

    Decision evaluate(const Flow& flow) const;

    // Sources permitted to open `protocol`/`port` connections to `destination` (first packet,
    // SYN for TCP), for every ephemeral source port (1024-65535).
    SourceSet permitted_sources(const IpAddress& destination, std::uint8_t protocol, std::uint16_t port,
                                std::size_t limit = 256) const;

    // Whether every source in network/length (every source when length is 0) is among the
    // sources permitted_sources would list as permitted (with `or_doubtful`: as permitted or
    // unknown), decided on the sets themselves: no listing, no limit. False for another family.
    bool permits_all_sources(const IpAddress& destination, std::uint8_t protocol, std::uint16_t port,
                             const IpAddress& network, unsigned length, bool or_doubtful = false) const;

    // Entries that can never match because earlier entries cover them (or they match nothing).
    std::vector<Shadow> shadowed() const;

    // Why entries are uncertain or never match, and object-group problems (cycles, unknown names).
    const std::vector<std::string>& notes() const;

    // Whether the entry at `index` was compiled exactly.
    bool exact(std::size_t index) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vtyguard::engine
