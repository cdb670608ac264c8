#include "plugin/engine/linux_access.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>

#include "parsers/common/ssh_pattern.hpp"

namespace vtyguard::engine::lnx {

namespace {

using model::AddressFamily;

void put_bit(std::array<std::uint8_t, 16>& b, unsigned i, bool v) {
    const auto m = static_cast<std::uint8_t>(0x80u >> (i % 8));
    b[i / 8] = static_cast<std::uint8_t>(v ? (b[i / 8] | m) : (b[i / 8] & ~m));
}

// The two halves of a prefix.
std::pair<Prefix, Prefix> halves(const Prefix& p) {
    Prefix lo = p, hi = p;
    lo.length = hi.length = p.length + 1;
    put_bit(hi.address.bytes, static_cast<unsigned>(p.length), true);
    return {lo, hi};
}

template <typename T>
bool to_int(std::string_view s, T& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Kleene logic over Tri.
Tri tri_not(Tri t) {
    return t == Tri::yes ? Tri::no : t == Tri::no ? Tri::yes : Tri::unknown;
}
Tri tri_or(Tri a, Tri b) {
    if (a == Tri::yes || b == Tri::yes) return Tri::yes;
    if (a == Tri::unknown || b == Tri::unknown) return Tri::unknown;
    return Tri::no;
}
Tri tri_and(Tri a, Tri b) {
    if (a == Tri::no || b == Tri::no) return Tri::no;
    if (a == Tri::unknown || b == Tri::unknown) return Tri::unknown;
    return Tri::yes;
}

// Whether `piece` lies in the union of `prefixes` (refine() made it all-in or all-out; a piece
// that still straddles a prefix, because the caller did not refine, is unknown).
Tri covered(const Prefix& piece, const std::vector<Prefix>& prefixes) {
    Tri out = Tri::no;
    for (const auto& p : prefixes) {
        if (p.address.family != piece.address.family) continue;
        if (p.contains(piece)) return Tri::yes;
        if (piece.contains(p)) out = Tri::unknown;
    }
    return out;
}

// IPv4 range -> prefixes.
std::optional<std::vector<Prefix>> range_prefixes(std::string_view a, std::string_view b) {
    auto lo = IpAddress::parse(a), hi = IpAddress::parse(b);
    if (!lo || !hi || lo->family != AddressFamily::ipv4 || hi->family != AddressFamily::ipv4) return std::nullopt;
    auto value = [](const IpAddress& x) {
        return (std::uint64_t{x.bytes[0]} << 24) | (std::uint64_t{x.bytes[1]} << 16) |
               (std::uint64_t{x.bytes[2]} << 8) | std::uint64_t{x.bytes[3]};
    };
    std::uint64_t start = value(*lo);
    const std::uint64_t end = value(*hi);
    if (start > end) return std::nullopt;
    std::vector<Prefix> out;
    while (start <= end) {
        int len = 32;
        // the largest aligned block starting at `start` that stays within `end`
        while (len > 0) {
            const std::uint64_t size = std::uint64_t{1} << (32 - (len - 1));
            if (start % size != 0 || start + size - 1 > end) break;
            --len;
        }
        Prefix p;
        p.address.family = AddressFamily::ipv4;
        p.address.bytes[0] = static_cast<std::uint8_t>(start >> 24);
        p.address.bytes[1] = static_cast<std::uint8_t>(start >> 16);
        p.address.bytes[2] = static_cast<std::uint8_t>(start >> 8);
        p.address.bytes[3] = static_cast<std::uint8_t>(start);
        p.length = len;
        out.push_back(p);
        start += std::uint64_t{1} << (32 - len);
    }
    return out;
}

}  // namespace

std::vector<Prefix> refine(const Prefix& source, const std::vector<Prefix>& boundaries) {
    std::vector<Prefix> work{source}, out;
    while (!work.empty()) {
        Prefix p = work.back();
        work.pop_back();
        // A boundary strictly inside p: split p until every piece is inside or outside it.
        const bool split = std::any_of(boundaries.begin(), boundaries.end(), [&](const Prefix& b) {
            return b.address.family == p.address.family && b.length > p.length && p.contains(b);
        });
        if (!split || p.length >= static_cast<int>(p.width())) {
            out.push_back(p);
            continue;
        }
        auto [lo, hi] = halves(p);
        work.push_back(hi);
        work.push_back(lo);
    }
    return out;
}

std::optional<std::vector<Prefix>> address_value(std::string_view text) {
    std::string t(text);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    if (const auto dash = t.find('-'); dash != std::string::npos && t.find(':') == std::string::npos)
        return range_prefixes(std::string_view(t).substr(0, dash), std::string_view(t).substr(dash + 1));
    // `10.0.0.0/255.0.0.0` (tcp_wrappers), `[2001:db8::]/32`
    if (const auto slash = t.find('/'); slash != std::string::npos) {
        std::string addr = t.substr(0, slash);
        const std::string len = t.substr(slash + 1);
        if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
        if (len.find('.') != std::string::npos) {
            auto p = Prefix::of(addr, len, -1);
            if (!p) return std::nullopt;
            return std::vector<Prefix>{*p};
        }
        auto p = Prefix::parse(addr + "/" + len);
        if (!p) return std::nullopt;
        return std::vector<Prefix>{*p};
    }
    if (t.size() >= 2 && t.front() == '[' && t.back() == ']') t = t.substr(1, t.size() - 2);
    auto a = IpAddress::parse(t);
    if (!a) return std::nullopt;
    auto p = Prefix::of(t, {}, -1);
    if (!p) return std::nullopt;
    return std::vector<Prefix>{*p};
}

std::optional<std::pair<int, int>> port_value(std::string_view text) {
    static const std::map<std::string, int, std::less<>> names = {
        {"ftp", 21},    {"ssh", 22},     {"telnet", 23},          {"smtp", 25},         {"domain", 53},
        {"http", 80},   {"pop3", 110},   {"imap", 143},           {"https", 443},       {"submission", 587},
        {"ldaps", 636}, {"mysql", 3306}, {"ms-wbt-server", 3389}, {"postgresql", 5432}, {"http-alt", 8080}};
    auto one = [&](std::string_view s) -> std::optional<int> {
        int n = 0;
        if (to_int(s, n)) return n >= 0 && n <= 65535 ? std::optional<int>(n) : std::nullopt;
        auto it = names.find(s);
        return it == names.end() ? std::nullopt : std::optional<int>(it->second);
    };
    if (const auto dash = text.find('-'); dash != std::string_view::npos && dash > 0) {
        auto a = one(text.substr(0, dash)), b = one(text.substr(dash + 1));
        if (a && b && *a <= *b) return std::pair{*a, *b};
        // a service name with a dash (`ms-wbt-server`)
    }
    if (auto n = one(text)) return std::pair{*n, *n};
    return std::nullopt;
}

// ---- packet filter ------------------------------------------------------------------------------

namespace {

bool family_matches(const std::string& rule_family, AddressFamily f) {
    if (rule_family == "ip") return f == AddressFamily::ipv4;
    if (rule_family == "ip6") return f == AddressFamily::ipv6;
    return true;
}

bool chain_family_matches(const std::string& family, AddressFamily f) {
    if (family == "ip") return f == AddressFamily::ipv4;
    if (family == "ip6") return f == AddressFamily::ipv6;
    return family == "inet";
}

Tri negate_if(Tri t, bool negated) {
    return negated ? tri_not(t) : t;
}

Tri match_addresses(const model::FirewallMatch& m, const Prefix& piece) {
    Tri any = Tri::no;
    for (const auto& v : m.values) {
        auto ps = address_value(v);
        if (!ps) {
            any = tri_or(any, Tri::unknown);
            continue;
        }
        any = tri_or(any, covered(piece, *ps));
    }
    return negate_if(any, m.negated);
}

Tri match_host(const model::FirewallMatch& m, const std::optional<IpAddress>& host) {
    Tri any = Tri::no;
    for (const auto& v : m.values) {
        auto ps = address_value(v);
        if (!ps || !host) {
            any = tri_or(any, Tri::unknown);
            continue;
        }
        for (const auto& p : *ps)
            if (p.contains(*host)) any = Tri::yes;
    }
    return negate_if(any, m.negated);
}

Tri match_protocol(const model::FirewallMatch& m) {
    Tri any = Tri::no;
    for (const auto& v : m.values) {
        const auto p = lower(v);
        if (p == "tcp" || p == "6" || p == "all" || p == "0") any = Tri::yes;
    }
    return negate_if(any, m.negated);
}

Tri match_ports(const model::FirewallMatch& m, int lo, int hi) {
    Tri any = Tri::no;
    for (const auto& v : m.values) {
        auto r = port_value(v);
        if (!r) {
            any = tri_or(any, Tri::unknown);
            continue;
        }
        if (r->first <= lo && r->second >= hi)
            any = Tri::yes;
        else if (!(r->second < lo || r->first > hi))
            any = tri_or(any, Tri::unknown);
    }
    return negate_if(any, m.negated);
}

Tri match_interface(const model::FirewallMatch& m) {
    // Management traffic never arrives on loopback; any other interface may be the one.
    Tri any = Tri::no;
    for (const auto& v : m.values) any = tri_or(any, v == "lo" ? Tri::no : Tri::unknown);
    return negate_if(any, m.negated);
}

Tri rule_matches(const model::FirewallRule& r, const Connection& c) {
    if (r.unparsed) return Tri::unknown;
    const AddressFamily f = c.source.address.family;
    if (!family_matches(r.family, f)) return Tri::no;
    Tri t = Tri::yes;
    if (r.sources) t = tri_and(t, match_addresses(*r.sources, c.source));
    if (r.destinations) t = tri_and(t, match_host(*r.destinations, c.host));
    if (r.protocols) t = tri_and(t, match_protocol(*r.protocols));
    if (r.destination_ports) t = tri_and(t, match_ports(*r.destination_ports, c.port, c.port));
    // The client's port is its own choice: any of the ephemeral ports.
    if (r.source_ports) t = tri_and(t, match_ports(*r.source_ports, 1024, 65535));
    if (r.ct_states) {
        bool is_new = false;
        for (const auto& s : r.ct_states->values) is_new = is_new || s == "new";
        t = tri_and(t, negate_if(is_new ? Tri::yes : Tri::no, r.ct_states->negated));
    }
    // A connection made straight to the host carries no NAT or expectation status on its first packet.
    if (r.ct_status) t = tri_and(t, negate_if(Tri::no, r.ct_status->negated));
    if (r.in_interfaces) t = tri_and(t, match_interface(*r.in_interfaces));
    // The host's own address: `local` (and no other address type).
    if (r.destination_types) {
        bool local = false;
        for (const auto& v : r.destination_types->values) local = local || v == "local";
        t = tri_and(t, negate_if(local ? Tri::yes : Tri::no, r.destination_types->negated));
    }
    if (!r.other.empty()) t = tri_and(t, Tri::unknown);
    return t;
}

// One way a chain can end for the packet.
struct Path {
    enum Kind { accept, drop, ret, unknown } kind = ret;
    const model::FirewallRule* rule = nullptr;  // deciding rule; nullptr: the end of the chain
    std::vector<const model::FirewallRule*> uncertain;
    std::string note;
};

constexpr std::size_t kMaxPaths = 256;
constexpr int kMaxDepth = 32;

class Evaluator {
public:
    Evaluator(const model::Firewall& fw, const Connection& c) : fw_(fw), c_(c) {}

    // Every way through `chain` from rule `from`. Memoised: an uncertain jump would otherwise
    // evaluate the rest of its chain twice (once after the jump returns, once when it does not
    // match), which doubles with every such rule.
    std::vector<Path> run(const model::FirewallChain& chain, std::size_t from, int depth) {
        const auto key = std::make_tuple(&chain, from, depth);
        if (auto it = memo_.find(key); it != memo_.end()) return it->second;
        auto out = walk(chain, from, depth);
        memo_.emplace(key, out);
        return out;
    }

private:
    std::vector<Path> walk(const model::FirewallChain& chain, std::size_t from, int depth) {
        std::vector<Path> out;
        if (depth > kMaxDepth) {
            Path p;
            p.kind = Path::unknown;
            p.note = "jumps nested deeper than " + std::to_string(kMaxDepth) + " chains (a loop?)";
            out.push_back(p);
            return out;
        }
        for (std::size_t i = from; i < chain.rules.size(); ++i) {
            const auto& r = chain.rules[i];
            // A rule that only counts, logs or marks changes nothing, matched or not.
            if (!r.unparsed && r.verdict.empty()) continue;
            const Tri m = rule_matches(r, c_);
            if (m == Tri::no) continue;
            std::vector<Path> matched = verdict(chain, i, depth);
            if (m == Tri::yes) return matched;
            // Uncertain: both ways.
            auto rest = run(chain, i + 1, depth);
            std::vector<Path> both;
            for (auto* ways : {&matched, &rest}) {
                for (auto& p : *ways)
                    if (std::find(p.uncertain.begin(), p.uncertain.end(), &r) == p.uncertain.end())
                        p.uncertain.insert(p.uncertain.begin(), &r);
                merge(both, *ways);
            }
            return both;
        }
        Path end;
        end.kind = Path::ret;
        out.push_back(end);
        return out;
    }

    const model::FirewallChain* find(const std::string& table, const std::string& family,
                                     const std::string& name) const {
        for (const auto& c : fw_.chains)
            if (c.name == name && c.table == table && c.family == family) return &c;
        return nullptr;
    }

    // Ways that end the same (outcome, deciding rule, note) are one, with the uncertain rules of
    // both: what tells them apart does not change the answer.
    static void merge(std::vector<Path>& into, std::vector<Path>& more) {
        for (auto& p : more) {
            auto same = std::find_if(into.begin(), into.end(), [&](const Path& x) {
                return x.kind == p.kind && x.rule == p.rule && x.note == p.note;
            });
            if (same == into.end()) {
                into.push_back(std::move(p));
                continue;
            }
            for (const auto* u : p.uncertain)
                if (std::find(same->uncertain.begin(), same->uncertain.end(), u) == same->uncertain.end())
                    same->uncertain.push_back(u);
        }
        if (into.size() > kMaxPaths) {
            Path u;
            u.kind = Path::unknown;
            u.note = "too many uncertain rules to follow every way";
            into.assign(1, u);
        }
    }

    std::vector<Path> verdict(const model::FirewallChain& chain, std::size_t i, int depth) {
        const auto& r = chain.rules[i];
        Path p;
        p.rule = &r;
        if (r.verdict == "accept") {
            p.kind = Path::accept;
            return {p};
        }
        if (r.verdict == "drop" || r.verdict == "reject") {
            p.kind = Path::drop;
            return {p};
        }
        if (r.verdict == "return") {
            p.kind = Path::ret;
            return {p};
        }
        if (r.verdict == "queue") {
            p.kind = Path::unknown;
            p.note = "handed to a userspace program (queue) at line " + std::to_string(r.line);
            return {p};
        }
        if (r.verdict == "jump" || r.verdict == "goto") {
            const auto* target = find(chain.table, chain.family, r.target);
            if (!target) {
                p.kind = Path::unknown;
                p.note = "line " + std::to_string(r.line) + " jumps to chain `" + r.target +
                         "`, which the output does not list";
                return {p};
            }
            auto sub = run(*target, 0, depth + 1);
            std::vector<Path> out;
            for (auto& s : sub) {
                // A verdict, or (goto) a return to whoever called this chain: the way ends here.
                if (s.kind != Path::ret || r.verdict == "goto") {
                    std::vector<Path> one{std::move(s)};
                    merge(out, one);
                    continue;
                }
                auto rest = run(chain, i + 1, depth);
                for (auto& x : rest)
                    for (const auto* u : s.uncertain)
                        if (std::find(x.uncertain.begin(), x.uncertain.end(), u) == x.uncertain.end())
                            x.uncertain.push_back(u);
                merge(out, rest);
            }
            return out;
        }
        if (r.unparsed) {
            p.kind = Path::unknown;
            p.note = "line " + std::to_string(r.line) + " could not be read";
            return {p};
        }
        return run(chain, i + 1, depth);
    }

    const model::Firewall& fw_;
    const Connection& c_;
    std::map<std::tuple<const model::FirewallChain*, std::size_t, int>, std::vector<Path>> memo_;
};

}  // namespace

FilterAnswer evaluate(const model::Firewall& fw, const Connection& c) {
    FilterAnswer out;
    if (!fw.installed) return out;
    Evaluator ev(fw, c);
    bool dropped = false, unknown = false;
    for (const auto& chain : fw.chains) {
        if (chain.hook != "input" && chain.hook != "prerouting") continue;
        if (!chain.type.empty() && chain.type != "filter") continue;
        if (!chain_family_matches(chain.family, c.source.address.family)) continue;
        ChainAnswer a;
        a.chain = &chain;
        const auto paths = ev.run(chain, 0, 0);
        bool any_accept = false, any_drop = false, any_unknown = false;
        std::set<const model::FirewallRule*> seen;
        for (const auto& p : paths) {
            Path::Kind k = p.kind;
            if (k == Path::ret) k = chain.policy == "drop" ? Path::drop : Path::accept;  // nft: no policy = accept
            any_accept = any_accept || k == Path::accept;
            any_drop = any_drop || k == Path::drop;
            any_unknown = any_unknown || k == Path::unknown;
            if (seen.insert(p.kind == Path::ret ? nullptr : p.rule).second)
                a.deciding.push_back(p.kind == Path::ret ? nullptr : p.rule);
            for (const auto* u : p.uncertain)
                if (std::find(a.uncertain.begin(), a.uncertain.end(), u) == a.uncertain.end()) a.uncertain.push_back(u);
            if (!p.note.empty() && a.note.find(p.note) == std::string::npos)
                a.note += (a.note.empty() ? "" : "; ") + p.note;
        }
        if (any_drop && !any_accept && !any_unknown)
            a.outcome = Outcome::drop;
        else if (any_accept && !any_drop && !any_unknown)
            a.outcome = Outcome::accept;
        else
            a.outcome = Outcome::unknown;
        dropped = dropped || a.outcome == Outcome::drop;
        unknown = unknown || a.outcome == Outcome::unknown;
        out.chains.push_back(std::move(a));
    }
    out.outcome = dropped ? Outcome::drop : unknown ? Outcome::unknown : Outcome::accept;
    return out;
}

std::vector<Prefix> source_prefixes(const model::Firewall& fw) {
    std::vector<Prefix> out;
    for (const auto& c : fw.chains)
        for (const auto& r : c.rules)
            if (r.sources)
                for (const auto& v : r.sources->values)
                    if (auto ps = address_value(v)) out.insert(out.end(), ps->begin(), ps->end());
    return out;
}

// ---- TCP wrappers --------------------------------------------------------------------------------

namespace {

// A client pattern of hosts_access(5) for a client address piece whose host name is not known.
Tri client_matches(const std::string& pattern, const Prefix& client) {
    const std::string up = lower(pattern);
    if (up == "all") return Tri::yes;
    // Names need the client's host name (DNS), KNOWN/UNKNOWN/PARANOID/LOCAL too; `@netgroup`,
    // `user@host` (ident) and `/file` need what vtyguard does not have.
    if (up == "local" || up == "known" || up == "unknown" || up == "paranoid") return Tri::unknown;
    if (pattern.front() == '@' || pattern.front() == '/' || pattern.find('@') != std::string::npos) return Tri::unknown;
    if (pattern.find('*') != std::string::npos || pattern.find('?') != std::string::npos) return Tri::unknown;
    // `10.20.` : every address that starts so
    if (pattern.back() == '.' && std::all_of(pattern.begin(), pattern.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
        })) {
        std::string net = pattern;
        int octets = static_cast<int>(std::count(net.begin(), net.end(), '.'));
        while (std::count(net.begin(), net.end(), '.') < 4) net += "0.";
        net.pop_back();
        auto p = Prefix::parse(net + "/" + std::to_string(8 * octets));
        if (!p) return Tri::unknown;
        return covered(client, {*p});
    }
    if (auto ps = address_value(pattern)) return covered(client, *ps);
    return Tri::unknown;  // a host name or domain (`.example.com`)
}

Tri daemon_matches(const std::string& pattern, const std::optional<IpAddress>& server) {
    const auto at = pattern.find('@');
    const std::string name = pattern.substr(0, at);
    Tri t = lower(name) == "all" || name == "sshd" ? Tri::yes : Tri::no;
    if (at != std::string::npos && t == Tri::yes) {
        // `sshd@192.0.2.10`: the address (or name) the client connected to
        auto ps = address_value(pattern.substr(at + 1));
        if (!ps || !server) return Tri::unknown;
        Tri in = Tri::no;
        for (const auto& p : *ps)
            if (p.contains(*server)) in = Tri::yes;
        return in;
    }
    return t;
}

// hosts_access' list_match: (any word before EXCEPT) and not (the list after it).
template <typename Fn>
Tri list_match(const std::vector<std::string>& words, std::size_t from, Fn fn) {
    Tri any = Tri::no;
    std::size_t i = from;
    for (; i < words.size(); ++i) {
        if (words[i] == "EXCEPT") break;
        any = tri_or(any, fn(words[i]));
    }
    if (i >= words.size()) return any;
    return tri_and(any, tri_not(list_match(words, i + 1, fn)));
}

}  // namespace

WrapperAnswer wrappers(const model::HostsAccess* allow, const model::HostsAccess* deny, const Prefix& client,
                       const std::optional<IpAddress>& server) {
    struct Step {
        const model::HostsAccessRule* rule;
        bool from_allow;
    };
    std::vector<Step> steps;
    if (allow)
        for (const auto& r : allow->rules) steps.push_back({&r, true});
    if (deny)
        for (const auto& r : deny->rules) steps.push_back({&r, false});
    // Every way through the rules, following both outcomes of an uncertain match.
    struct End {
        bool admitted;
        const model::HostsAccessRule* rule;
        bool from_allow;
    };
    std::vector<End> ends;
    std::vector<const model::HostsAccessRule*> uncertain;
    std::vector<std::size_t> work{0};
    while (!work.empty() && ends.size() < kMaxPaths) {
        std::size_t i = work.back();
        work.pop_back();
        for (; i < steps.size(); ++i) {
            const auto& s = steps[i];
            const Tri d =
                list_match(s.rule->daemons, 0, [&](const std::string& w) { return daemon_matches(w, server); });
            const Tri c =
                list_match(s.rule->clients, 0, [&](const std::string& w) { return client_matches(w, client); });
            const Tri m = tri_and(d, c);
            if (m == Tri::no) continue;
            bool admitted = s.from_allow;
            for (const auto& o : s.rule->options) {
                const auto w = lower(o.substr(0, o.find(' ')));
                if (w == "deny" || w == "twist") admitted = false;  // twist: another program answers, not sshd
                if (w == "allow") admitted = true;
            }
            ends.push_back({admitted, s.rule, s.from_allow});
            if (m == Tri::unknown) {
                uncertain.push_back(s.rule);
                work.push_back(i + 1);
            }
            break;
        }
        if (i >= steps.size()) ends.push_back({true, nullptr, false});
    }
    WrapperAnswer out;
    out.uncertain = uncertain;
    const bool all_in = std::all_of(ends.begin(), ends.end(), [](const End& e) { return e.admitted; });
    const bool all_out = std::none_of(ends.begin(), ends.end(), [](const End& e) { return e.admitted; });
    // Ways left unexplored (too many uncertain rules) could end either way.
    out.outcome = !work.empty() ? Outcome::unknown
                  : all_in      ? Outcome::accept
                  : all_out     ? Outcome::drop
                                : Outcome::unknown;
    if (!ends.empty()) {
        // the refusing rule when there is one, else the first end
        auto it = std::find_if(ends.begin(), ends.end(), [](const End& e) { return !e.admitted; });
        if (it == ends.end()) it = ends.begin();
        out.deciding = it->rule;
        out.from_allow = it->from_allow;
    }
    return out;
}

std::vector<Prefix> client_prefixes(const model::HostsAccess& file) {
    std::vector<Prefix> out;
    for (const auto& r : file.rules)
        for (const auto& w : r.clients) {
            if (w.empty()) continue;
            if (w.back() == '.') {
                std::string net = w;
                const int octets = static_cast<int>(std::count(net.begin(), net.end(), '.'));
                while (std::count(net.begin(), net.end(), '.') < 4) net += "0.";
                net.pop_back();
                if (auto p = Prefix::parse(net + "/" + std::to_string(8 * octets))) out.push_back(*p);
            } else if (auto ps = address_value(w)) {
                out.insert(out.end(), ps->begin(), ps->end());
            }
        }
    return out;
}

// ---- sshd login lists -------------------------------------------------------------------------------

bool glob(std::string_view pattern, std::string_view text) {
    return parsers::ssh_pattern_match(pattern, text, parsers::PatternCase::exact);
}

namespace {

// The HOST part of USER@HOST: a comma list of CIDR prefixes, addresses or address/host patterns,
// `!` negating (match_host_and_ip: a negated match refuses).
Tri host_matches(std::string_view list, const std::optional<Prefix>& client) {
    Tri any = Tri::no;
    std::size_t i = 0;
    while (i <= list.size()) {
        auto c = list.find(',', i);
        if (c == std::string_view::npos) c = list.size();
        std::string_view item = list.substr(i, c - i);
        i = c + 1;
        if (item.empty()) continue;
        const bool neg = item.front() == '!';
        if (neg) item.remove_prefix(1);
        Tri m;
        if (item == "*") {
            m = Tri::yes;
        } else if (auto ps = address_value(item); ps && client) {
            m = covered(*client, *ps);
        } else {
            m = Tri::unknown;  // a host name pattern, an address pattern with wildcards, or no known client
        }
        if (neg) {
            if (m == Tri::yes) return Tri::no;
            if (m == Tri::unknown) any = tri_and(any, Tri::unknown);
        } else {
            any = tri_or(any, m);
        }
    }
    return any;
}

Tri user_matches(const std::string& pattern, const std::string& user, const std::optional<Prefix>& client) {
    const auto at = pattern.find('@');
    if (at == std::string::npos) return glob(pattern, user) ? Tri::yes : Tri::no;
    if (!glob(pattern.substr(0, at), user)) return Tri::no;
    return host_matches(std::string_view(pattern).substr(at + 1), client);
}

Tri group_matches(const std::string& pattern, const model::Identity& who) {
    for (const auto& g : who.groups)
        if (glob(pattern, g)) return Tri::yes;
    return Tri::no;
}

}  // namespace

LoginAnswer login_allowed(const model::SshdConfig& sshd, const model::Identity& who,
                          const std::optional<Prefix>& client) {
    LoginAnswer out;
    // A deny list: the first pattern that matches refuses.
    auto deny = [&](const std::vector<model::ValueLine>& list, const char* name, auto fn) -> bool {
        for (const auto& v : list) {
            const Tri m = fn(v.value);
            if (m == Tri::yes) {
                out.outcome = Outcome::drop;
                out.list = name;
                out.deciding = &v;
                return true;
            }
            if (m == Tri::unknown) out.uncertain.push_back(&v);
        }
        return false;
    };
    // An allow list that is not empty: some pattern must match.
    auto allow = [&](const std::vector<model::ValueLine>& list, const char* name, auto fn) -> bool {
        if (list.empty()) return false;
        bool maybe = false;
        for (const auto& v : list) {
            const Tri m = fn(v.value);
            if (m == Tri::yes) return false;
            if (m == Tri::unknown) {
                maybe = true;
                out.uncertain.push_back(&v);
            }
        }
        if (maybe) return false;
        out.outcome = Outcome::drop;
        out.list = name;
        out.deciding = nullptr;
        return true;
    };
    auto users = [&](const std::string& p) { return user_matches(p, who.user, client); };
    auto groups = [&](const std::string& p) { return group_matches(p, who); };
    if (deny(sshd.deny_users, "DenyUsers", users) || allow(sshd.allow_users, "AllowUsers", users) ||
        deny(sshd.deny_groups, "DenyGroups", groups) || allow(sshd.allow_groups, "AllowGroups", groups))
        return out;
    out.outcome = out.uncertain.empty() ? Outcome::accept : Outcome::unknown;
    return out;
}

std::vector<Prefix> login_prefixes(const model::SshdConfig& sshd) {
    std::vector<Prefix> out;
    for (const auto* list : {&sshd.allow_users, &sshd.deny_users})
        for (const auto& v : *list) {
            const auto at = v.value.find('@');
            if (at == std::string::npos) continue;
            std::string_view hosts = std::string_view(v.value).substr(at + 1);
            std::size_t i = 0;
            while (i <= hosts.size()) {
                auto c = hosts.find(',', i);
                if (c == std::string_view::npos) c = hosts.size();
                auto item = hosts.substr(i, c - i);
                if (!item.empty() && item.front() == '!') item.remove_prefix(1);
                if (auto ps = address_value(item)) out.insert(out.end(), ps->begin(), ps->end());
                i = c + 1;
            }
        }
    return out;
}

}  // namespace vtyguard::engine::lnx
