// ASA `show route ADDRESS` -> Device::route (the route back to the management source).
//
// Detailed form (most releases):
//  - found: true with `Routing entry for A M`, false with `% Network not in table` /
//    `% Subnet not in table`; without either (and no table route), Device::route stays empty.
//  - prefix: `A M` as written (`10.1.1.0 255.255.255.0`); protocol: the quoted `Known via` name.
//  - hops: each descriptor block line: next hop (empty for `directly connected`) and the
//    `via NAMEIF` interface (empty when the line names none).
// Table form (`C 10.1.1.0 255.255.255.0 is directly connected, inside`,
// `S* 0.0.0.0 0.0.0.0 [1/0] via 192.0.2.1, outside`, with `[d/m] via ...` continuation lines for
// equal-cost paths): the route is the longest prefix containing the query (the only route when
// the query is not an address; none when no route shown covers the query); protocol is the legend's name for the code
// (`C` connected, `S` static, `L` local, `O` ospf, `B` bgp, `D` eigrp, `R` rip, `i` isis, `M` mobile, `V` vpn, `U`
// per-user static, `o` odr, `P` periodic downloaded static, `SI` static intervrf, `BI` bgp intervrf; another code is
// kept as written).
//
// query: the first word of the command arguments.
//
// Lines understood and ignored on purpose: the `Codes:` legend and its indented continuation
// lines; `Gateway of last resort is ...`; and inside a detailed entry, lines starting with
// Redistributing via, Advertised by, Last update from, Routing Descriptor Blocks:, Tag ,
// Route metric is, Route tag, AS Hops, Total delay is, Reliability , Loading .
#include "parsers/cisco_asa/show_route/parser.hpp"

#include <charconv>
#include <cstdint>

#include "parsers/cisco_asa/show_route/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_asa::show_route {

namespace {

constexpr std::string_view kIgnoredInEntry[] = {
    "Redistributing via",
    "Advertised by",
    "Last update from",
    "Routing Descriptor Blocks:",
    "Tag ",
    "Route metric is",
    "Route tag",
    "AS Hops",
    "Total delay is",
    "Reliability ",
    "Loading ",
};

bool ignored_in_entry(std::string_view t) {
    for (auto p : kIgnoredInEntry)
        if (starts_with(t, p)) return true;
    return false;
}

std::optional<std::uint32_t> ipv4(std::string_view s) {
    std::uint32_t v = 0;
    const char* p = s.data();
    const char* end = s.data() + s.size();
    for (int i = 0; i < 4; ++i) {
        unsigned octet = 0;
        auto [q, ec] = std::from_chars(p, end, octet);
        if (ec != std::errc() || octet > 255 || q == p) return std::nullopt;
        v = (v << 8) | octet;
        p = q;
        if (i < 3) {
            if (p == end || *p != '.') return std::nullopt;
            ++p;
        }
    }
    if (p != end) return std::nullopt;
    return v;
}

std::string protocol_of(std::string_view code) {
    auto star = code.find('*');
    auto base = code.substr(0, star);
    static constexpr std::pair<std::string_view, std::string_view> names[] = {
        {"L", "local"},
        {"C", "connected"},
        {"S", "static"},
        {"R", "rip"},
        {"M", "mobile"},
        {"B", "bgp"},
        {"D", "eigrp"},
        {"O", "ospf"},
        {"i", "isis"},
        {"V", "vpn"},
        {"U", "per-user static"},
        {"o", "odr"},
        {"P", "periodic downloaded static"},
        {"SI", "static intervrf"},
        {"BI", "bgp intervrf"},
    };
    for (auto [c, n] : names)
        if (base == c) return std::string(n);
    return std::string(code);
}

struct TableCandidate {
    model::Route route;
    std::optional<std::uint32_t> address, mask;
};

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::string query;
    {
        auto a = trim(input.args);
        query = std::string(a.substr(0, a.find(' ')));
    }
    bool in_entry = false;
    bool in_codes = false;
    std::vector<TableCandidate> table;

    std::vector<std::string> storage;
    for (const auto& line : split_lines(input.text, storage)) {
        if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
        ast::Line l;
        parse_line(line.text, l);
        if (l.kind == ast::Kind::none && in_codes && (line.text[0] == ' ' || line.text[0] == '\t')) continue;
        in_codes = false;
        switch (l.kind) {
            case ast::Kind::codes:
                in_codes = true;
                break;
            case ast::Kind::entry:
            case ast::Kind::not_in_table: {
                if (out.device.route || !table.empty()) {
                    diagnose(out, line, "second answer in the output; the first one is kept");
                    in_entry = false;
                    break;
                }
                model::Route r;
                r.query = query;
                r.found = l.kind == ast::Kind::entry;
                if (r.found) r.prefix = l.entry.address + " " + l.entry.mask;
                out.device.route = std::move(r);
                in_entry = l.kind == ast::Kind::entry;
                break;
            }
            case ast::Kind::known_via:
                if (!in_entry) {
                    diagnose(out, line, "`Known via` outside a routing entry");
                    break;
                }
                out.device.route->protocol = l.word;
                break;
            case ast::Kind::hop:
                if (!in_entry) {
                    diagnose(out, line, "route descriptor outside a routing entry");
                    break;
                }
                out.device.route->hops.push_back({std::move(l.hop.next_hop), std::move(l.hop.interface)});
                break;
            case ast::Kind::table_route: {
                if (out.device.route) {
                    diagnose(out, line, "table route after a detailed answer; not kept");
                    break;
                }
                auto& t = l.table_route;
                TableCandidate c;
                c.route.query = query;
                c.route.found = true;
                c.route.prefix = t.address + " " + t.mask;
                c.route.protocol = protocol_of(t.code);
                c.route.hops.push_back({std::move(t.hop.next_hop), std::move(t.hop.interface)});
                c.address = ipv4(t.address);
                c.mask = ipv4(t.mask);
                table.push_back(std::move(c));
                break;
            }
            case ast::Kind::table_hop:
                if (table.empty()) {
                    diagnose(out, line, "equal-cost path without a route line");
                    break;
                }
                table.back().route.hops.push_back({std::move(l.hop.next_hop), std::move(l.hop.interface)});
                break;
            default: {
                auto t = trim(line.text);
                if (starts_with(t, "Gateway of last resort is")) break;
                if (in_entry && ignored_in_entry(t)) break;
                diagnose(out, line, "not a `show route` line");
            }
        }
    }

    if (out.device.route || table.empty()) return;
    const auto q = ipv4(query);
    std::size_t best = 0;
    if (q) {
        int best_len = -1;
        for (std::size_t i = 0; i < table.size(); ++i) {
            const auto& c = table[i];
            if (!c.address || !c.mask || (*q & *c.mask) != (*c.address & *c.mask)) continue;
            const int len = __builtin_popcount(*c.mask);
            if (len > best_len) {
                best_len = len;
                best = i;
            }
        }
        if (best_len < 0) return;  // no route shown covers the query: nothing is stated about it
    } else if (table.size() > 1) {
        return;  // cannot tell which route answers the query
    }
    out.device.route = std::move(table[best].route);
}

}  // namespace vtyguard::parsers::cisco_asa::show_route
