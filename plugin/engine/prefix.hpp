// Address prefixes and address patterns (SPEC section 5: ingress resolution, exact ACL answers for a
// whole management prefix).
//
// Contract:
//  - Prefix: a network and a length, host bits cleared. parse() reads `A/len`, `A M` (contiguous
//    netmask, as ASA and `show route` print it) and a bare address (a host); anything else is nullopt.
//  - Pattern: a set of addresses of one family given by value and care bits (an IOS wildcard, possibly
//    non-contiguous; a prefix is the contiguous case). It reads the forms AclAnalyzer's listings print
//    (`A/len`, `A wildcard W`, `A mask M`). Intersection and difference are exact; a difference is a
//    list of disjoint patterns.
//  - ios() writes a pattern as an IOS ACL address slot: `any`, `host A`, `A W` (IPv4) or `A/len`
//    (IPv6; nullopt for a non-contiguous IPv6 pattern, which IOS cannot express).
//  - Never throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/engine/acl.hpp"

namespace vtyguard::engine {

struct Prefix {
    IpAddress address;  // host bits cleared
    int length = 0;

    static std::optional<Prefix> parse(std::string_view text);
    // From an interface address and its netmask or prefix length (one of them set).
    static std::optional<Prefix> of(std::string_view address, std::string_view netmask, int prefix_length);

    unsigned width() const { return address.family == model::AddressFamily::ipv4 ? 32u : 128u; }
    bool contains(const IpAddress& a) const;
    bool contains(const Prefix& p) const;  // every address of p is in this prefix
    std::string str() const;               // `A/len`
};

struct Pattern {
    model::AddressFamily family = model::AddressFamily::ipv4;
    std::array<std::uint8_t, 16> value{};  // zero where care is zero
    std::array<std::uint8_t, 16> care{};

    static Pattern of(const Prefix& p);
    static std::optional<Pattern> parse(std::string_view listing);

    unsigned width() const { return family == model::AddressFamily::ipv4 ? 32u : 128u; }
    unsigned free_bits() const;  // log2 of the number of addresses
    bool contiguous() const;     // a prefix
    IpAddress first() const;     // the lowest address in the set
    std::optional<Pattern> intersect(const Pattern& o) const;
    // this minus o, as disjoint patterns.
    std::vector<Pattern> minus(const Pattern& o) const;

    std::optional<std::string> ios() const;
    std::string str() const;  // `A/len` when contiguous, else `A wildcard W` / `A mask M`
};

// `list` minus every pattern of `remove`, as disjoint patterns (inputs need not be disjoint).
std::vector<Pattern> subtract(std::vector<Pattern> list, const std::vector<Pattern>& remove);

}  // namespace vtyguard::engine
