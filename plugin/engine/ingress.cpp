#include "plugin/engine/ingress.hpp"

#include <algorithm>
#include <cctype>

#include "plugin/engine/evidence.hpp"
#include "plugin/engine/prefix.hpp"

namespace vtyguard::checks {

using engine::IpAddress;
using engine::Prefix;

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_asa(const DeviceEvidence& ev) {
    return ev.platform == "cisco_asa";
}

// The name route hops use for an interface: the nameif on ASA, the interface name on IOS.
std::optional<std::string> hop_name(const DeviceEvidence& ev, const model::Interface& itf) {
    if (is_asa(ev)) return itf.nameif;
    return itf.name;
}

std::string vrf_text(const std::string& vrf) {
    return vrf.empty() ? "the global table" : "VRF " + vrf;
}

// One address of an interface, with the capture that states it.
struct OwnedAddress {
    Prefix net;
    IpAddress host;
    std::vector<IpAddress> also;  // ASA standby address
    std::string written;          // the address as the capture prints it, to find its line
    bool v6 = false;
    const model::Interface* owner = nullptr;   // the interface in ev.device
    const model::Interface* stated = nullptr;  // the interface (maybe of another capture) that has the address
    const Capture* capture = nullptr;
};

// Interface addresses of the merged model. A section comes whole from one capture, so ASA's
// `show nameif` (names, no addresses) can hide the addresses the running-config states: an
// interface without addresses borrows those of the same interface in another capture.
std::vector<OwnedAddress> interface_addresses(const DeviceEvidence& ev) {
    std::vector<OwnedAddress> out;
    const Capture* main = ev.source(parsers::kInterfaces);
    for (const auto& itf : ev.device.interfaces) {
        const model::Interface* stated = &itf;
        const Capture* cap = main;
        if (itf.ipv4.empty() && itf.ipv6.empty()) {
            for (const auto& c : ev.captures) {
                if (&c == main || !(c.sections & parsers::kInterfaces)) continue;
                for (const auto& other : c.device.interfaces)
                    if (other.name == itf.name && (!other.ipv4.empty() || !other.ipv6.empty())) {
                        stated = &other;
                        cap = &c;
                        break;
                    }
                if (stated != &itf) break;
            }
        }
        for (int fam = 0; fam < 2; ++fam) {
            for (const auto& a : fam == 0 ? stated->ipv4 : stated->ipv6) {
                if (a.kind == "link-local" || a.address.empty()) continue;
                auto net = Prefix::of(a.address, a.mask, a.prefix_length);
                auto host = IpAddress::parse(a.address);
                if (!net || !host) continue;
                OwnedAddress o{*net, *host, {}, a.address, fam == 1, &itf, stated, cap};
                if (auto sb = IpAddress::parse(a.standby); sb) o.also.push_back(*sb);
                out.push_back(std::move(o));
            }
        }
    }
    return out;
}

bool same_address(const IpAddress& a, const IpAddress& b) {
    return a.family == b.family && a.bytes == b.bytes;
}

std::string interface_vrf(const model::Interface& itf) {
    return itf.vrf.value_or("");
}

// Lines of a capture, from `from` (1-based) on, until the next `interface` block: the first that
// contains `needle`.
std::optional<std::size_t> find_in_block(const Capture& c, std::size_t from, std::string_view needle) {
    std::size_t n = 1, start = 0;
    const std::string_view text = c.text;
    while (start <= text.size()) {
        auto nl = text.find('\n', start);
        auto line = text.substr(start, (nl == std::string_view::npos ? text.size() : nl) - start);
        if (n > from && line.rfind("interface ", 0) == 0) break;
        if (n >= from && line.find(needle) != std::string_view::npos) return n;
        if (nl == std::string_view::npos) break;
        start = nl + 1;
        ++n;
    }
    return std::nullopt;
}

// The interface header line and, when found, the line of `needle` inside its block.
void cite_interface(const DeviceEvidence& ev, const Capture* c, const model::Interface& itf, std::string_view needle,
                    std::vector<Evidence>& out) {
    if (!c) return;
    auto push = [&](Evidence e) {
        for (const auto& x : out)
            if (x.command == e.command && x.line == e.line && x.file == e.file) return;
        out.push_back(std::move(e));
    };
    if (itf.line > 0) push(ev.cite(*c, itf.line));
    if (!needle.empty())
        if (auto n = find_in_block(*c, itf.line > 0 ? itf.line : 1, needle)) push(ev.cite(*c, *n));
}

const model::Interface* by_hop_name(const DeviceEvidence& ev, const std::string& name) {
    for (const auto& itf : ev.device.interfaces)
        if (auto n = hop_name(ev, itf); n && iequals(*n, name)) return &itf;
    return nullptr;
}

// The connected subnet (longest prefix) in `vrf` that contains every address of `p`.
const OwnedAddress* connected(const std::vector<OwnedAddress>& addrs, const std::string& vrf, const Prefix& p,
                              bool asa) {
    const OwnedAddress* best = nullptr;
    for (const auto& a : addrs) {
        if (a.owner->shutdown.value_or(false)) continue;
        if (!asa && !iequals(interface_vrf(*a.owner), vrf)) continue;
        if (!a.net.contains(p)) continue;
        if (!best || a.net.length > best->net.length) best = &a;
    }
    return best;
}

struct RouteCapture {
    const Capture* capture = nullptr;
    const model::Route* route = nullptr;
    std::optional<Prefix> prefix;
};

class Resolver {
public:
    explicit Resolver(const DeviceEvidence& ev) : ev_(ev), addrs_(interface_addresses(ev)) {
        for (const auto& c : ev.captures)
            if ((c.sections & parsers::kRoute) && c.device.route)
                routes_.push_back({&c, &*c.device.route, Prefix::parse(c.device.route->prefix)});
        find_target();
    }

    Ingress resolve(const std::string& source) const {
        Ingress in;
        in.source = source;
        in.vrf = vrf_;
        in.target_interface = target_;
        in.evidence = target_evidence_;
        const auto p = Prefix::parse(source);
        if (!p) {
            in.reason = "management source '" + source + "' is not an address or prefix";
            return in;
        }
        std::string route_note;
        if (route(*p, in, route_note)) return finish(*p, in);
        if (!in.reason.empty()) return in;  // a route decided that the interface is unknown
        if (const OwnedAddress* a = connected(addrs_, vrf_, *p, is_asa(ev_))) {
            in.how = Ingress::How::connected;
            in.interface = a->owner;
            cite_interface(ev_, a->capture, *a->stated, a->written, in.evidence);
            in.reason = source + " is on the connected subnet " + a->net.str() + " of " + display(*a->owner) + " in " +
                        vrf_text(vrf_);
            return finish(*p, in);
        }
        in.reason =
            "no route back to " + source + " in " + vrf_text(vrf_) + ": " +
            (route_note.empty() ? "no `" + route_command(p->address.str()) + "` capture covers it" : route_note) +
            " and no connected subnet contains it";
        return in;
    }

private:
    const DeviceEvidence& ev_;
    std::vector<OwnedAddress> addrs_;
    std::vector<RouteCapture> routes_;
    std::string vrf_;
    const model::Interface* target_ = nullptr;
    std::vector<Evidence> target_evidence_;

    std::string display(const model::Interface& itf) const {
        if (is_asa(ev_) && itf.nameif) return "`" + *itf.nameif + "` (" + itf.name + ")";
        return itf.name;
    }

    std::string route_command(const std::string& addr) const {
        if (is_asa(ev_)) return "show route " + addr;
        return "show ip route " + (vrf_.empty() ? std::string() : "vrf " + vrf_ + " ") + addr;
    }

    void find_target() {
        auto t = IpAddress::parse(ev_.address);
        if (!t) return;
        for (const auto& a : addrs_) {
            bool own = same_address(a.host, *t);
            for (const auto& s : a.also) own = own || same_address(s, *t);
            if (!own) continue;
            target_ = a.owner;
            vrf_ = is_asa(ev_) ? std::string() : interface_vrf(*a.owner);
            cite_interface(ev_, a.capture, *a.stated, a.written, target_evidence_);
            if (!vrf_.empty()) cite_interface(ev_, a.capture, *a.stated, "vrf", target_evidence_);
            return;
        }
    }

    // Fills `in` from the route capture that covers p. True when the ingress interface was found;
    // false with in.reason set when a covering route leaves it unknown, false with `note` when no
    // capture covers p.
    bool route(const Prefix& p, Ingress& in, std::string& note) const {
        const RouteCapture* best = nullptr;
        const RouteCapture* missing = nullptr;
        for (const auto& rc : routes_) {
            if (!is_asa(ev_) && !iequals(rc.route->vrf, vrf_)) continue;
            if (!rc.route->found) {
                if (auto q = IpAddress::parse(rc.route->query); q && p.contains(*q)) missing = &rc;
                continue;
            }
            if (!rc.prefix) continue;
            if (!rc.prefix->contains(p)) {
                if (auto q = IpAddress::parse(rc.route->query); q && p.contains(*q))
                    note = "the route " + rc.route->prefix + " in `" + rc.capture->command + "` covers only part of " +
                           p.str();
                continue;
            }
            if (!best || rc.prefix->length > best->prefix->length) best = &rc;
        }
        if (!best) {
            if (missing) {
                in.evidence.push_back(ev_.cite_text(*missing->capture, "not in table"));
                note = "`" + missing->capture->command + "` finds no route (not in table)";
            }
            return false;
        }
        const Capture& c = *best->capture;
        const model::Route& r = *best->route;
        in.evidence.push_back(ev_.cite_text(c, r.prefix));
        std::vector<const model::Interface*> out;
        std::vector<std::string> names;
        for (const auto& hop : r.hops) {
            const model::Interface* itf = nullptr;
            if (!hop.interface.empty()) {
                Evidence e = ev_.cite_text(c, "via " + hop.interface);
                in.evidence.push_back(e.line > 0 ? std::move(e) : ev_.cite_text(c, hop.interface));
                if (iequals(hop.interface, "Null0")) {
                    in.reason = "the route back to " + in.source + " (" + r.prefix + ") points to Null0";
                    return false;
                }
                itf = by_hop_name(ev_, hop.interface);
                if (!itf) {
                    in.reason = "the route back to " + in.source + " leaves through " + hop.interface +
                                ", which is not among the interfaces in the evidence";
                    return false;
                }
            } else if (auto nh = Prefix::parse(hop.next_hop)) {
                // A recursive route: the next hop is reached over a connected subnet.
                const OwnedAddress* a = connected(addrs_, vrf_, *nh, is_asa(ev_));
                if (!a) {
                    in.reason = "the route back to " + in.source + " (" + r.prefix + ") is via " + hop.next_hop +
                                ", which is not on a connected subnet in " + vrf_text(vrf_);
                    return false;
                }
                in.evidence.push_back(ev_.cite_text(c, hop.next_hop));
                cite_interface(ev_, a->capture, *a->stated, a->written, in.evidence);
                itf = a->owner;
            }
            if (!itf) continue;
            if (std::find(out.begin(), out.end(), itf) == out.end()) {
                out.push_back(itf);
                names.push_back(display(*itf));
            }
        }
        if (out.empty()) {
            in.reason = "the route back to " + in.source + " (" + r.prefix + ") names no outgoing interface";
            return false;
        }
        if (out.size() > 1) {
            std::string list;
            for (std::size_t i = 0; i < names.size(); ++i) list += (i ? " and " : "") + names[i];
            in.reason = "the route back to " + in.source + " (" + r.prefix + ") has equal-cost paths over " + list +
                        ": the ingress interface depends on the flow";
            return false;
        }
        in.how = Ingress::How::route;
        in.interface = out.front();
        in.reason = "the route back to " + in.source + " in " + vrf_text(vrf_) + " (" + r.prefix + ", `" + c.command +
                    "`) leaves through " + names.front();
        return true;
    }

    Ingress& finish(const Prefix& p, Ingress& in) const {
        if (is_asa(ev_) || !in.interface) return in;
        const bool v6 = p.address.family == model::AddressFamily::ipv6;
        const auto& acl = v6 ? in.interface->ipv6_filter_in : in.interface->access_group_in;
        if (acl) {
            in.acl_in = *acl;
            const std::string needle = (v6 ? "ipv6 traffic-filter " : "ip access-group ") + *acl;
            const Capture* c = ev_.source(parsers::kInterfaces);
            cite_interface(ev_, c, *in.interface, needle, in.evidence);
        }
        return in;
    }
};

}  // namespace

std::vector<Ingress> resolve_ingress(const DeviceEvidence& ev, const std::vector<std::string>& sources) {
    std::vector<Ingress> out;
    const Resolver r(ev);
    out.reserve(sources.size());
    for (const auto& s : sources) out.push_back(r.resolve(s));
    return out;
}

}  // namespace vtyguard::checks
