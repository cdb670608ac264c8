#include "plugin/engine/acl.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_set>

#include "plugin/engine/bdd.hpp"
#include "plugin/engine/names.hpp"

namespace vtyguard::engine {

using model::Ace;
using model::Address;
using model::AddressFamily;
using model::PortMatch;
using Node = Bdd::Node;

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    std::string s(text);
    IpAddress a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
        a.family = AddressFamily::ipv4;
        return a;
    }
    if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
        a.family = AddressFamily::ipv6;
        return a;
    }
    return std::nullopt;
}

std::string IpAddress::str() const {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(family == AddressFamily::ipv4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
    return buf;
}

namespace {

// Variable order: protocol, destination, destination port (ICMP type/code), TCP flags, source,
// source port. The fixed parts of an access question (what, to where) come first so that
// "which sources" is a cofactor and a quantification over the bottom variables.
// Variable order. The union of an ACL's entries (shadowed()) stays small when the address field
// whose values vary most sits on top: entries that leave a field above it unconstrained get
// copied into every branch of that field. Management ACLs vary the source, interface ACLs the
// destination, so the order is chosen per ACL (measured in tests/bench/engine_bench.cpp: one fixed
// order cost 8x on the other shape).
struct Layout {
    unsigned addr_bits, proto, dst, dport, flags, src, sport, total;
    Layout(AddressFamily f, bool source_major) {
        addr_bits = f == AddressFamily::ipv4 ? 32 : 128;
        if (source_major) {
            src = 0;
            sport = src + addr_bits;
            proto = sport + 16;
            dst = proto + 8;
            dport = dst + addr_bits;
            flags = dport + 16;
            total = flags + 6;
        } else {
            proto = 0;
            dst = 8;
            dport = dst + addr_bits;
            flags = dport + 16;
            src = flags + 6;
            sport = src + addr_bits;
            total = sport + 16;
        }
    }
};

// Whether the ACL's sources are more varied than its destinations.
bool more_varied_sources(const model::Acl& acl) {
    std::unordered_set<std::string> src, dst;
    auto key = [](const std::optional<model::Address>& a) {
        if (!a) return std::string("-");
        return std::to_string(static_cast<int>(a->kind)) + a->address + "/" + a->mask + a->name;
    };
    for (const auto& e : acl.entries) {
        src.insert(key(e.source));
        dst.insert(key(e.destination));
    }
    return src.size() > dst.size();
}

// An address pattern: bits that must equal `value` where `care` is 1 (16 bytes, IPv4 in the first 4).
struct Pattern {
    std::array<std::uint8_t, 16> value{}, care{};
};

enum class Kind { skip, exact, uncertain, never };

struct Entry {
    Kind kind = Kind::skip;
    Node set = Bdd::kFalse;
    bool permit = false;
    bool unparsed = false;
    // Most entries are one cube (no port ranges or groups): overlap between two of them is a few
    // word operations instead of a walk of both diagrams.
    bool is_cube = false;
    std::vector<std::uint64_t> cube_value, cube_care;
};

// A set over one field plus whether it is exact.
struct FieldSet {
    Node set = Bdd::kFalse;
    bool exact = true;
    std::string why;  // when not exact
};

}  // namespace

struct AclAnalyzer::Impl {
    const model::Device& device;
    const model::Acl& acl;
    AddressFamily family;
    Layout L;
    mutable Bdd bdd;
    std::vector<Entry> entries;
    std::vector<std::string> notes;
    // permitted_sources answers already computed: several checks ask the same question of one
    // ACL (SSH-104 asks whether it admits everyone, then whether it admits the policy's sources).
    struct Asked {
        std::array<std::uint8_t, 16> destination;
        std::uint8_t protocol;
        std::uint16_t port;
        std::size_t limit;
        SourceSet answer;
    };
    std::vector<Asked> asked;
    // The sets behind a permitted_sources answer, over the source address only.
    struct Reach {
        std::array<std::uint8_t, 16> destination;
        std::uint8_t protocol;
        std::uint16_t port;
        Node all_ports, doubtful;
    };
    std::vector<Reach> reached;

    // Sources permitted for every ephemeral source port, and sources whose answer depends on an
    // uncertain entry (or on the source port), for the first packet of protocol/port to
    // destination.
    const Reach& reach(const IpAddress& destination, std::uint8_t protocol, std::uint16_t port) {
        for (const auto& r : reached)
            if (r.destination == destination.bytes && r.protocol == protocol && r.port == port) return r;
        // Fix what, to where, and the first packet (SYN for TCP).
        Node fixed = bdd.field_cube(L.proto, 8, protocol, 0xFF);
        Pattern dst;
        dst.value = destination.bytes;
        for (unsigned i = 0; i < L.addr_bits / 8; ++i) dst.care[i] = 0xFF;
        fixed = bdd.land(fixed, pattern(L.dst, dst));
        fixed = bdd.land(fixed, bdd.field_cube(L.dport, 16, port, 0xFFFF));
        fixed = bdd.land(fixed, flags_exactly(protocol == 6 ? kSyn : 0));
        Node remaining = Bdd::kTrue, permitted = Bdd::kFalse, unknown = Bdd::kFalse;
        for (const auto& e : entries) {
            if (e.kind == Kind::skip || e.kind == Kind::never) continue;
            // Over everything but the source address and port, wherever the layout put them.
            const Node here =
                bdd.exists(bdd.exists(bdd.land(e.set, fixed), 0, L.src), L.sport + 16, L.total - L.sport - 16);
            const Node hit = bdd.land(remaining, here);
            if (e.kind == Kind::uncertain)
                unknown = bdd.lor(unknown, hit);
            else if (e.permit)
                permitted = bdd.lor(permitted, hit);
            remaining = bdd.diff(remaining, here);
        }
        const Node ephemeral = port_range(L.sport, 1024, 65535);
        const Node all_ports = bdd.forall(bdd.lor(bdd.lnot(ephemeral), permitted), L.sport, 16);
        const Node some_ports = bdd.exists(bdd.land(ephemeral, bdd.lor(permitted, unknown)), L.sport, 16);
        reached.push_back(Reach{destination.bytes, protocol, port, all_ports, bdd.diff(some_ports, all_ports)});
        return reached.back();
    }

    Impl(const model::Device& d, const model::Acl& a, AddressFamily f)
        : device(d), acl(a), family(f), L(f, more_varied_sources(a)), bdd(L.total) {}

    void note(std::string s) {
        if (std::find(notes.begin(), notes.end(), s) == notes.end()) notes.push_back(std::move(s));
    }

    // ---- building blocks -------------------------------------------------------------------

    Node bits_cube(unsigned first, unsigned width, const std::uint8_t* value, const std::uint8_t* care) {
        Node r = Bdd::kTrue;
        // 64 bits at a time, most significant chunk first.
        for (unsigned off = 0; off < width; off += 64) {
            const unsigned w = std::min(64u, width - off);
            std::uint64_t v = 0, c = 0;
            for (unsigned b = 0; b < w; b += 8) {
                v = v << 8 | value[(off + b) / 8];
                c = c << 8 | care[(off + b) / 8];
            }
            r = bdd.land(r, bdd.field_cube(first + off, w, v, c));
        }
        return r;
    }

    Node pattern(unsigned first, const Pattern& p) {
        return bits_cube(first, L.addr_bits, p.value.data(), p.care.data());
    }

    // value in [lo, hi] over a field of `width` bits, given bit accessors (bit 0 = MSB).
    Node range(unsigned first, unsigned width, const std::function<bool(unsigned)>& lo,
               const std::function<bool(unsigned)>& hi) {
        Node ge = Bdd::kTrue, le = Bdd::kTrue;
        for (unsigned i = width; i-- > 0;) {  // from the least significant bit up
            const Node x = bdd.var(first + i);
            ge = lo(i) ? bdd.land(x, ge) : bdd.lor(x, ge);
            le = hi(i) ? bdd.lor(bdd.lnot(x), le) : bdd.land(bdd.lnot(x), le);
        }
        return bdd.land(ge, le);
    }

    Node port_range(unsigned first, unsigned lo, unsigned hi) {
        if (lo > hi) return Bdd::kFalse;
        return range(
            first, 16, [&](unsigned i) { return (lo >> (15 - i)) & 1u; },
            [&](unsigned i) { return (hi >> (15 - i)) & 1u; });
    }

    Node port_eq(unsigned first, unsigned p) { return bdd.field_cube(first, 16, p, 0xFFFF); }

    std::optional<Pattern> host(std::string_view text, bool& other_family) {
        other_family = false;
        auto ip = IpAddress::parse(text);
        if (!ip) return std::nullopt;
        if (ip->family != family) {
            other_family = true;
            return Pattern{};
        }
        Pattern p;
        p.value = ip->bytes;
        for (unsigned i = 0; i < L.addr_bits / 8; ++i) p.care[i] = 0xFF;
        return p;
    }

    // ---- addresses ---------------------------------------------------------------------------

    FieldSet address(const Address& a, unsigned first, std::set<std::string>& visiting) {
        FieldSet out;
        const bool v4 = family == AddressFamily::ipv4;
        auto bad = [&](std::string why) {
            out.set = Bdd::kTrue;  // could be anything
            out.exact = false;
            out.why = std::move(why);
            return out;
        };
        switch (a.kind) {
            case Address::Kind::any:
                out.set = Bdd::kTrue;
                return out;
            case Address::Kind::any4:
                out.set = v4 ? Bdd::kTrue : Bdd::kFalse;
                return out;
            case Address::Kind::any6:
                out.set = v4 ? Bdd::kFalse : Bdd::kTrue;
                return out;
            case Address::Kind::host: {
                bool other = false;
                auto p = host(a.address, other);
                if (!p) return bad("unreadable address '" + a.address + "'");
                out.set = other ? Bdd::kFalse : pattern(first, *p);
                return out;
            }
            case Address::Kind::wildcard:
            case Address::Kind::netmask: {
                bool other = false;
                auto p = host(a.address, other);
                auto m = IpAddress::parse(a.mask);
                if (!p || !m) return bad("unreadable address '" + a.address + " " + a.mask + "'");
                if (other) {
                    out.set = Bdd::kFalse;
                    return out;
                }
                for (unsigned i = 0; i < L.addr_bits / 8; ++i)
                    p->care[i] =
                        a.kind == Address::Kind::wildcard ? static_cast<std::uint8_t>(~m->bytes[i]) : m->bytes[i];
                out.set = pattern(first, *p);
                return out;
            }
            case Address::Kind::prefix: {
                bool other = false;
                auto p = host(a.address, other);
                if (!p || a.prefix_length < 0 || static_cast<unsigned>(a.prefix_length) > L.addr_bits)
                    return bad("unreadable prefix '" + a.address + "/" + std::to_string(a.prefix_length) + "'");
                if (other) {
                    out.set = Bdd::kFalse;
                    return out;
                }
                for (unsigned i = 0; i < 16; ++i) {
                    const int bits = std::clamp(a.prefix_length - static_cast<int>(i * 8), 0, 8);
                    p->care[i] = static_cast<std::uint8_t>(0xFF00u >> bits);
                }
                out.set = pattern(first, *p);
                return out;
            }
            case Address::Kind::range: {
                auto lo = IpAddress::parse(a.address), hi = IpAddress::parse(a.mask);
                if (!lo || !hi || lo->family != hi->family)
                    return bad("unreadable range '" + a.address + " " + a.mask + "'");
                if (lo->family != family) {
                    out.set = Bdd::kFalse;
                    return out;
                }
                auto bit = [](const IpAddress& ip) {
                    return [&ip](unsigned i) { return (ip.bytes[i / 8] >> (7 - i % 8)) & 1u; };
                };
                out.set = range(first, L.addr_bits, bit(*lo), bit(*hi));
                return out;
            }
            case Address::Kind::object_group:
            case Address::Kind::object:
                return group_addresses(a.name.str(), a.kind == Address::Kind::object, first, visiting);
            case Address::Kind::interface: {
                // ASA: the firewall's own address on that interface.
                out.set = Bdd::kFalse;
                bool found = false;
                for (const auto& itf : device.interfaces) {
                    if (!itf.nameif || *itf.nameif != a.name) continue;
                    found = true;
                    for (const auto& addr : v4 ? itf.ipv4 : itf.ipv6) {
                        bool other = false;
                        if (auto p = host(addr.address, other); p && !other)
                            out.set = bdd.lor(out.set, pattern(first, *p));
                    }
                }
                if (!found) return bad("interface '" + a.name + "' has no known address");
                return out;
            }
            case Address::Kind::fqdn:
                return bad("FQDN '" + a.name + "' is resolved on the device at run time");
        }
        return bad("unknown address form");
    }

    const model::ObjectGroup* find_group(const std::string& name, bool is_object) const {
        for (const auto& g : device.object_groups)
            if (g.name == name && g.is_object == is_object) return &g;
        // IOS and ASA share one namespace between objects and groups in practice: fall back.
        for (const auto& g : device.object_groups)
            if (g.name == name) return &g;
        return nullptr;
    }

    FieldSet group_addresses(const std::string& name, bool is_object, unsigned first, std::set<std::string>& visiting) {
        FieldSet out;
        if (visiting.count(name)) {
            note("object-group '" + name + "' contains itself (cycle)");
            out.exact = false;
            out.set = Bdd::kTrue;
            out.why = "object-group cycle through '" + name + "'";
            return out;
        }
        const auto* g = find_group(name, is_object);
        if (!g) {
            note("object-group '" + name + "' is not defined in the evidence");
            out.exact = false;
            out.set = Bdd::kTrue;
            out.why = "object-group '" + name + "' not defined";
            return out;
        }
        visiting.insert(name);
        for (const auto& m : g->members) {
            FieldSet part;
            if (m.kind == model::ObjectMember::Kind::address && m.address) {
                part = address(*m.address, first, visiting);
            } else if (m.kind == model::ObjectMember::Kind::group) {
                part = group_addresses(m.name, false, first, visiting);
            } else {
                continue;  // descriptions
            }
            out.set = bdd.lor(out.set, part.set);
            if (!part.exact) {
                out.exact = false;
                out.why = part.why;
            }
        }
        visiting.erase(name);
        return out;
    }

    // ---- ports -------------------------------------------------------------------------------

    FieldSet ports(const PortMatch& pm, unsigned first, std::uint8_t protocol, std::set<std::string>& visiting) {
        FieldSet out;
        auto number = [&](std::string_view s) -> std::optional<unsigned> {
            auto n = port_number(s, protocol);
            if (!n) {
                out.exact = false;
                out.why = "unknown port name '" + std::string(s) + "'";
            }
            return n;
        };
        switch (pm.op) {
            case PortMatch::Op::eq:
            case PortMatch::Op::neq: {
                Node any = Bdd::kFalse;
                for (const auto& p : pm.ports)
                    if (auto n = number(p)) any = bdd.lor(any, port_eq(first, *n));
                if (!out.exact) {
                    out.set = Bdd::kTrue;
                    return out;
                }
                out.set = pm.op == PortMatch::Op::eq ? any : bdd.lnot(any);
                return out;
            }
            case PortMatch::Op::lt:
            case PortMatch::Op::gt: {
                auto n = pm.ports.empty() ? std::nullopt : number(pm.ports[0]);
                if (!n) {
                    out.exact = false;
                    out.set = Bdd::kTrue;
                    if (out.why.empty()) out.why = "port comparison without a port";
                    return out;
                }
                out.set = pm.op == PortMatch::Op::lt ? (*n == 0 ? Bdd::kFalse : port_range(first, 0, *n - 1))
                                                     : (*n >= 65535 ? Bdd::kFalse : port_range(first, *n + 1, 65535));
                return out;
            }
            case PortMatch::Op::range: {
                auto a = pm.ports.size() == 2 ? number(pm.ports[0]) : std::nullopt;
                auto b = pm.ports.size() == 2 ? number(pm.ports[1]) : std::nullopt;
                if (!a || !b) {
                    out.exact = false;
                    out.set = Bdd::kTrue;
                    if (out.why.empty()) out.why = "port range without two ports";
                    return out;
                }
                out.set = port_range(first, *a, *b);
                return out;
            }
            case PortMatch::Op::object_group: {
                // ASA port-object groups.
                const std::string name = pm.name.str();
                if (visiting.count(name)) {
                    note("object-group '" + name + "' contains itself (cycle)");
                    return FieldSet{Bdd::kTrue, false, "object-group cycle through '" + name + "'"};
                }
                const auto* g = find_group(name, false);
                if (!g) {
                    note("object-group '" + name + "' is not defined in the evidence");
                    return FieldSet{Bdd::kTrue, false, "object-group '" + name + "' not defined"};
                }
                visiting.insert(name);
                for (const auto& m : g->members) {
                    FieldSet part;
                    if (m.kind == model::ObjectMember::Kind::port && m.destination_ports)
                        part = ports(*m.destination_ports, first, protocol, visiting);
                    else if (m.kind == model::ObjectMember::Kind::group)
                        part = ports(PortMatch{PortMatch::Op::object_group, {}, m.name}, first, protocol, visiting);
                    else
                        continue;
                    out.set = bdd.lor(out.set, part.set);
                    if (!part.exact) out = FieldSet{out.set, false, part.why};
                }
                visiting.erase(name);
                return out;
            }
        }
        return FieldSet{Bdd::kTrue, false, "unknown port operator"};
    }

    // ---- protocol and services ---------------------------------------------------------------

    FieldSet protocol_set(std::string_view name) {
        bool any = false;
        auto n = protocol_number(name, family == AddressFamily::ipv6, any);
        if (any) return FieldSet{Bdd::kTrue, true, {}};
        if (!n) return FieldSet{Bdd::kTrue, false, "unknown protocol '" + std::string(name) + "'"};
        return FieldSet{bdd.field_cube(L.proto, 8, *n, 0xFF), true, {}};
    }

    // A service: protocol plus optional ports, as in object-group service members and ASA
    // service objects. `tcp-udp` means either.
    FieldSet service(std::string_view proto, const std::optional<PortMatch>& sp, const std::optional<PortMatch>& dp,
                     std::string_view icmp, std::set<std::string>& visiting) {
        if (proto == "tcp-udp") {
            auto t = service("tcp", sp, dp, icmp, visiting), u = service("udp", sp, dp, icmp, visiting);
            return FieldSet{bdd.lor(t.set, u.set), t.exact && u.exact, t.exact ? u.why : t.why};
        }
        FieldSet out = protocol_set(proto.empty() ? "ip" : proto);
        bool any = false;
        const auto number = protocol_number(proto, family == AddressFamily::ipv6, any);
        const std::uint8_t pn = number.value_or(0);
        if ((sp || dp) && pn != 6 && pn != 17) {
            out.exact = false;
            out.why = "ports on a protocol without ports";
        }
        if (sp) {
            auto s = ports(*sp, L.sport, pn, visiting);
            out.set = bdd.land(out.set, s.set);
            if (!s.exact) out = FieldSet{out.set, false, s.why};
        }
        if (dp) {
            auto d = ports(*dp, L.dport, pn, visiting);
            out.set = bdd.land(out.set, d.set);
            if (!d.exact) out = FieldSet{out.set, false, d.why};
        }
        if (!icmp.empty()) {
            auto m = icmp_message(icmp, family == AddressFamily::ipv6);
            if (!m) {
                out.exact = false;
                out.why = "unknown ICMP message '" + std::string(icmp) + "'";
            } else {
                const std::uint64_t value = static_cast<std::uint64_t>(m->first) << 8 | (m->second < 0 ? 0 : m->second);
                out.set = bdd.land(out.set, bdd.field_cube(L.dport, 16, value, m->second < 0 ? 0xFF00 : 0xFFFF));
            }
        }
        return out;
    }

    FieldSet service_group(const std::string& name, bool is_object, std::set<std::string>& visiting) {
        if (visiting.count(name)) {
            note("object-group '" + name + "' contains itself (cycle)");
            return FieldSet{Bdd::kTrue, false, "object-group cycle through '" + name + "'"};
        }
        const auto* g = find_group(name, is_object);
        if (!g) {
            note("object-group '" + name + "' is not defined in the evidence");
            return FieldSet{Bdd::kTrue, false, "object-group '" + name + "' not defined"};
        }
        visiting.insert(name);
        FieldSet out;
        for (const auto& m : g->members) {
            FieldSet part;
            using K = model::ObjectMember::Kind;
            if (m.kind == K::service || m.kind == K::protocol) {
                part = service(m.protocol, m.source_ports, m.destination_ports, {}, visiting);
            } else if (m.kind == K::port && m.destination_ports) {
                // ASA `object-group service NAME tcp` with port-objects: the group's protocol applies.
                part = service(g->protocol, std::nullopt, m.destination_ports, {}, visiting);
            } else if (m.kind == K::icmp_type) {
                part = service("icmp", std::nullopt, std::nullopt, m.name, visiting);
            } else if (m.kind == K::group) {
                part = service_group(m.name, false, visiting);
            } else {
                continue;
            }
            out.set = bdd.lor(out.set, part.set);
            if (!part.exact) out = FieldSet{out.set, false, part.why};
        }
        visiting.erase(name);
        return out;
    }

    // ---- one entry ---------------------------------------------------------------------------

    Entry compile(const Ace& e) {
        Entry out;
        if (e.action == Ace::Action::remark) return out;
        out.permit = e.action == Ace::Action::permit;
        if (e.action == Ace::Action::unparsed) {
            out.kind = Kind::uncertain;
            out.unparsed = true;
            out.set = Bdd::kTrue;
            note("line " + std::to_string(e.line) + " could not be parsed: any answer it could change is unknown");
            return out;
        }
        std::set<std::string> visiting;
        std::vector<std::string> why;
        auto take = [&](const FieldSet& f) {
            if (!f.exact) why.push_back(f.why);
            return f.set;
        };
        Node set = Bdd::kTrue;
        // What: protocol and ports.
        if (!e.protocol_object_group().empty() || !e.protocol_object().empty()) {
            const bool obj = e.protocol_object_group().empty();
            set = take(service_group(obj ? e.protocol_object() : e.protocol_object_group(), obj, visiting));
        } else {
            set = take(service(e.protocol, e.source_ports, e.destination_ports, e.icmp_type, visiting));
        }
        if (e.source) set = bdd.land(set, take(address(*e.source, L.src, visiting)));
        if (e.destination) set = bdd.land(set, take(address(*e.destination, L.dst, visiting)));
        // TCP flags.
        if (e.established) {
            set = bdd.land(set, bdd.lor(flag(kAck), flag(kRst)));
        }
        if (!e.flags().empty()) set = bdd.land(set, take(flags(e.flags())));
        out.set = set;
        out.kind = Kind::exact;
        bool fragments = false;
        for (const auto& o : e.options()) {
            if (o == "fragments")
                fragments = true;
            else
                why.push_back("qualifier '" + o + "' is not evaluated");
        }
        if (!e.user().empty()) why.push_back("identity qualifier '" + e.user() + "' is not evaluated");
        if (!why.empty()) {
            out.kind = Kind::uncertain;
            note("line " + std::to_string(e.line) + ": " + why.front());
        }
        if (fragments) {
            out.kind = Kind::never;
            note("line " + std::to_string(e.line) + " matches only non-initial fragments, never the first packet");
        }
        if (!e.time_range.empty()) {
            out.kind = Kind::never;
            note("line " + std::to_string(e.line) + " depends on time-range '" + e.time_range +
                 "' and is treated as not matching");
        } else if (e.state == "inactive") {
            out.kind = Kind::never;
            note("line " + std::to_string(e.line) + " is inactive and never matches");
        }
        return out;
    }

    // TCP flags exactly `value` (flag bit k is variable flags + k).
    Node flags_exactly(std::uint8_t value) {
        Node r = Bdd::kTrue;
        for (unsigned k = 0; k < 6; ++k)
            r = bdd.land(r, (value >> k) & 1u ? bdd.var(L.flags + k) : bdd.nvar(L.flags + k));
        return r;
    }

    Node flag(std::uint8_t f) {
        unsigned k = 0;
        while ((1u << k) != f) ++k;
        return bdd.var(L.flags + k);
    }

    FieldSet flags(const std::vector<std::string>& list) {
        bool any_mode = false;
        std::vector<Node> lits;
        for (auto f : list) {
            if (f == "match-all") continue;
            if (f == "match-any") {
                any_mode = true;
                continue;
            }
            bool negate = false;
            if (!f.empty() && (f[0] == '+' || f[0] == '-')) {
                negate = f[0] == '-';
                f = f.substr(1);
            }
            static const std::pair<const char*, std::uint8_t> kNames[] = {{"fin", kFin}, {"syn", kSyn}, {"rst", kRst},
                                                                          {"psh", kPsh}, {"ack", kAck}, {"urg", kUrg}};
            std::optional<std::uint8_t> bit;
            for (auto& [n, b] : kNames)
                if (f == n) bit = b;
            if (!bit) return FieldSet{Bdd::kTrue, false, "unknown TCP flag '" + f + "'"};
            Node x = flag(*bit);
            lits.push_back(negate ? bdd.lnot(x) : x);
        }
        Node r = any_mode ? Bdd::kFalse : Bdd::kTrue;
        for (Node x : lits) r = any_mode ? bdd.lor(r, x) : bdd.land(r, x);
        if (lits.empty()) r = Bdd::kTrue;
        return FieldSet{r, true, {}};
    }

    void build() {
        // A compiled entry is a few dozen nodes; the union built by shadowed() about as many again.
        bdd.reserve(acl.entries.size() * 48 + 256);
        entries.reserve(acl.entries.size());
        for (const auto& e : acl.entries) {
            entries.push_back(compile(e));
            auto& c = entries.back();
            if (c.kind == Kind::exact) c.is_cube = bdd.single_cube(c.set, c.cube_value, c.cube_care);
        }
    }

    bool overlap(const Entry& a, const Entry& b) const {
        if (!a.is_cube || !b.is_cube) return bdd.intersects(a.set, b.set);
        for (std::size_t w = 0; w < a.cube_value.size(); ++w)
            if ((a.cube_value[w] ^ b.cube_value[w]) & a.cube_care[w] & b.cube_care[w]) return false;
        return true;
    }

    // ---- output ------------------------------------------------------------------------------

    std::string cube_text(const std::vector<std::int8_t>& cube, unsigned first) const {
        IpAddress addr, mask;
        addr.family = mask.family = family;
        bool contiguous = true, seen_dont_care = false;
        unsigned prefix = 0;
        for (unsigned i = 0; i < L.addr_bits; ++i) {
            const auto c = cube[first + i];
            if (c == -1) {
                seen_dont_care = true;
                continue;
            }
            if (seen_dont_care) contiguous = false;
            ++prefix;
            mask.bytes[i / 8] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
            if (c == 1) addr.bytes[i / 8] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
        }
        if (contiguous) return addr.str() + "/" + std::to_string(prefix);
        if (family == AddressFamily::ipv4) {
            for (auto& b : mask.bytes) b = static_cast<std::uint8_t>(~b);
            for (unsigned i = 4; i < 16; ++i) mask.bytes[i] = 0;
            return addr.str() + " wildcard " + mask.str();
        }
        return addr.str() + " mask " + mask.str();
    }

    std::vector<std::string> listing(Node f, std::size_t limit, bool& truncated) const {
        std::vector<std::string> out;
        bdd.for_each_cube(f, [&](const std::vector<std::int8_t>& cube) {
            if (out.size() >= limit) {
                truncated = true;
                return false;
            }
            out.push_back(cube_text(cube, L.src));
            return true;
        });
        return out;
    }
};

AclAnalyzer::AclAnalyzer(const model::Device& device, const model::Acl& acl, AddressFamily family)
    : impl_(std::make_unique<Impl>(device, acl, family)) {
    impl_->build();
}

AclAnalyzer::~AclAnalyzer() = default;

const std::vector<std::string>& AclAnalyzer::notes() const {
    return impl_->notes;
}

bool AclAnalyzer::exact(std::size_t index) const {
    return index < impl_->entries.size() && impl_->entries[index].kind == Kind::exact;
}

Decision AclAnalyzer::evaluate(const Flow& flow) const {
    const auto& I = *impl_;
    const Layout& L = I.L;
    Decision d;
    if (flow.source.family != I.family || flow.destination.family != I.family) return d;  // unknown
    auto addr_bit = [](const IpAddress& a, unsigned i) { return ((a.bytes[i / 8] >> (7 - i % 8)) & 1u) != 0; };
    std::uint16_t dport = flow.destination_port;
    // Field by field, whatever the layout's order.
    auto bit = [&](unsigned v) -> bool {
        if (v - L.proto < 8) return (flow.protocol >> (7 - (v - L.proto))) & 1u;
        if (v - L.dst < L.addr_bits) return addr_bit(flow.destination, v - L.dst);
        if (v - L.dport < 16) return (dport >> (15 - (v - L.dport))) & 1u;
        if (v - L.flags < 6) return (flow.tcp_flags >> (v - L.flags)) & 1u;
        if (v - L.src < L.addr_bits) return addr_bit(flow.source, v - L.src);
        return (flow.source_port >> (15 - (v - L.sport))) & 1u;
    };
    std::vector<std::size_t> uncertain_permit, uncertain_deny;
    for (std::size_t i = 0; i < I.entries.size(); ++i) {
        const auto& e = I.entries[i];
        if (e.kind == Kind::skip || !I.bdd.eval(e.set, bit)) continue;
        switch (e.kind) {
            case Kind::never:
                d.skipped.push_back(i);
                break;
            case Kind::uncertain:
                d.uncertain.push_back(i);
                if (e.unparsed || e.permit) uncertain_permit.push_back(i);
                if (e.unparsed || !e.permit) uncertain_deny.push_back(i);
                break;
            case Kind::exact: {
                d.deciding = i;
                // An earlier uncertain entry only matters if it could have decided otherwise.
                const bool doubt = e.permit ? !uncertain_deny.empty() : !uncertain_permit.empty();
                d.verdict = doubt ? Verdict::unknown : (e.permit ? Verdict::permit : Verdict::deny);
                return d;
            }
            case Kind::skip:
                break;
        }
    }
    d.verdict = uncertain_permit.empty() ? Verdict::deny : Verdict::unknown;
    return d;
}

SourceSet AclAnalyzer::permitted_sources(const IpAddress& destination, std::uint8_t protocol, std::uint16_t port,
                                         std::size_t limit) const {
    auto& I = *impl_;
    SourceSet out;
    if (destination.family != I.family) return out;
    for (const auto& a : I.asked)
        if (a.destination == destination.bytes && a.protocol == protocol && a.port == port && a.limit == limit)
            return a.answer;
    const auto& r = I.reach(destination, protocol, port);
    out.permits_any = r.all_ports == Bdd::kTrue;
    out.permitted = I.listing(r.all_ports, limit, out.truncated);
    out.unknown = I.listing(r.doubtful, limit, out.truncated);
    I.asked.push_back({destination.bytes, protocol, port, limit, out});
    return out;
}

bool AclAnalyzer::permits_all_sources(const IpAddress& destination, std::uint8_t protocol, std::uint16_t port,
                                      const IpAddress& network, unsigned length, bool or_doubtful) const {
    auto& I = *impl_;
    auto& bdd = I.bdd;
    if (destination.family != I.family || network.family != I.family) return false;
    const auto& r = I.reach(destination, protocol, port);
    Pattern within;
    within.value = network.bytes;
    for (unsigned i = 0; i < std::min(length, I.L.addr_bits); ++i)
        within.care[i / 8] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
    for (unsigned i = 0; i < within.value.size(); ++i) within.value[i] &= within.care[i];
    const Node target = I.pattern(I.L.src, within);
    return bdd.subset(target, or_doubtful ? bdd.lor(r.all_ports, r.doubtful) : r.all_ports);
}

std::vector<Shadow> AclAnalyzer::shadowed() const {
    auto& I = *impl_;
    auto& bdd = I.bdd;
    std::vector<Shadow> out;
    Node cover = Bdd::kFalse;
    for (std::size_t i = 0; i < I.entries.size(); ++i) {
        const auto& e = I.entries[i];
        if (e.kind != Kind::exact) continue;
        if (e.set == Bdd::kFalse) {
            out.push_back(Shadow{i, {}, false, true});
            continue;
        }
        // Diagrams are canonical: the line adds nothing to the cover exactly when the union is
        // the cover itself. One walk both decides and grows the cover (a subset test first
        // walked the same paths again).
        const Node grown = bdd.lor(cover, e.set);
        if (grown == cover) {
            // The earlier lines that take this line's packets, in first-match order: each one
            // takes what the lines before it left, until nothing is left.
            Shadow s{i, {}, false, false};
            Node left = e.set;
            for (std::size_t j = 0; j < i && left != Bdd::kFalse; ++j) {
                const auto& b = I.entries[j];
                if (b.kind != Kind::exact || !I.overlap(b, e) || !bdd.intersects(b.set, left)) continue;
                s.blockers.push_back(j);
                s.conflicting = s.conflicting || b.permit != e.permit;
                left = bdd.diff(left, b.set);
            }
            out.push_back(std::move(s));
        }
        cover = grown;
    }
    return out;
}

}  // namespace vtyguard::engine
