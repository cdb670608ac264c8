// What a Linux jump host's evidence says about one inbound SSH connection (CHECKS.md section C):
// whether the packet filter lets it in (LNX-004), whether TCP wrappers admit it (LNX-005), whether
// sshd's AllowUsers/AllowGroups/DenyUsers/DenyGroups admit the login user (LNX-003).
//
// Contract:
//  - The question is always about a new TCP connection (the first SYN: conntrack state `new`, no
//    NAT status) from a whole source prefix to one port of the host, optionally at one of its
//    addresses. Answers are exact for the whole prefix: refine() splits it wherever a prefix the
//    rules name starts or ends, so each piece is either inside or outside every rule prefix, and
//    each piece gets its own answer.
//  - Never guessed: a condition the engine does not evaluate (`-m recent`, `limit rate`, a hostname
//    pattern, an interface other than `lo`, a rule the parser could not read) is uncertain; both
//    of its outcomes are followed, and the answer is `unknown` unless they agree. Which rules were
//    uncertain is reported.
//  - Firewall semantics: every filter base chain on the input or prerouting hook of the packet's
//    family sees the packet; a drop or reject in any of them is final, an accept only ends that
//    chain. Regular chains are entered by jump (return continues after the jump) and goto (return
//    goes back to the jumping chain's caller); a built-in chain's end applies its policy, a
//    regular chain's end returns.
//  - No I/O, never throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/model/model.hpp"
#include "plugin/engine/prefix.hpp"
#include "plugin/engine/vty.hpp"

namespace vtyguard::engine::lnx {

// `source` split so that no prefix of `boundaries` (in its family) partly covers a piece. Pieces
// are disjoint, in address order, and cover `source` exactly.
std::vector<Prefix> refine(const Prefix& source, const std::vector<Prefix>& boundaries);

// The prefixes an address value of a rule or pattern stands for: `10.0.0.0/8`, `192.0.2.1`,
// `10.0.0.0/255.0.0.0`, a range `10.0.0.1-10.0.0.9` (as the prefixes that make it up);
// nullopt when it is none of these (a hostname).
std::optional<std::vector<Prefix>> address_value(std::string_view text);

// The TCP port of a port value: `22`, `ssh` (a few well-known names); nullopt for a name it does
// not know. Ranges are `first-last`.
std::optional<std::pair<int, int>> port_value(std::string_view text);

// ---- packet filter ----------------------------------------------------------------------------

struct Connection {
    Prefix source;                  // a piece from refine()
    std::optional<IpAddress> host;  // the address connected to, when known
    int port = 22;
};

enum class Outcome { accept, drop, unknown };

struct ChainAnswer {
    const model::FirewallChain* chain = nullptr;  // the base chain
    Outcome outcome = Outcome::unknown;
    // What decided: the rule, or nullptr when the chain's policy did (or the chain ended without
    // one: nft's default accept). For `unknown`, the outcomes' deciding rules.
    std::vector<const model::FirewallRule*> deciding;
    std::vector<const model::FirewallRule*> uncertain;  // rules whose match could not be decided
    std::string note;                                   // why unknown besides uncertain rules (queue, depth)
};

struct FilterAnswer {
    Outcome outcome = Outcome::accept;  // accept when no base chain sees the packet
    std::vector<ChainAnswer> chains;    // every base chain that sees the packet
};

// The verdict of one ruleset (iptables or nftables) for a connection.
FilterAnswer evaluate(const model::Firewall& fw, const Connection& c);

// Every prefix a ruleset's source matches name (the boundaries for refine()).
std::vector<Prefix> source_prefixes(const model::Firewall& fw);

// ---- TCP wrappers ------------------------------------------------------------------------------

struct WrapperAnswer {
    Outcome outcome = Outcome::accept;                 // accept: admitted; drop: refused
    const model::HostsAccessRule* deciding = nullptr;  // nullptr: no rule matched (admitted)
    bool from_allow = false;                           // the deciding rule is in hosts.allow
    std::vector<const model::HostsAccessRule*> uncertain;
};

// hosts_access(5) for daemon `sshd`: the first matching rule of hosts.allow admits (unless its
// options say DENY or twist), then the first of hosts.deny refuses (unless ALLOW), else admitted.
WrapperAnswer wrappers(const model::HostsAccess* allow, const model::HostsAccess* deny, const Prefix& client,
                       const std::optional<IpAddress>& server);

std::vector<Prefix> client_prefixes(const model::HostsAccess& file);

// ---- sshd AllowUsers / AllowGroups / DenyUsers / DenyGroups ------------------------------------

struct LoginAnswer {
    Outcome outcome = Outcome::accept;           // accept: admitted; drop: refused
    std::string list;                            // `DenyUsers`, `AllowUsers`, `DenyGroups`, `AllowGroups`
    const model::ValueLine* deciding = nullptr;  // the pattern that refused (nullptr: an allow list without a match)
    std::vector<const model::ValueLine*> uncertain;
};

// sshd's order (auth.c allowed_user): DenyUsers, AllowUsers, DenyGroups, AllowGroups. `client`
// is the source of the connection (USER@HOST patterns); nullopt when unknown.
LoginAnswer login_allowed(const model::SshdConfig& sshd, const model::Identity& who,
                          const std::optional<Prefix>& client);

std::vector<Prefix> login_prefixes(const model::SshdConfig& sshd);

// sshd's match_pattern for user and group names: `*` and `?`, letters exact
// (parsers/common/ssh_pattern.hpp).
bool glob(std::string_view pattern, std::string_view text);

}  // namespace vtyguard::engine::lnx
