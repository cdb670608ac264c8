// `show ip route [vrf V] ADDRESS` -> Device::route (the route back to the management source).
//
//  - query / vrf: from the command arguments (`[vrf V] ADDRESS [MASK ...]`); a `Routing Table: V`
//    line fills vrf when the arguments named none (a different name is a diagnostic).
//  - found: true with `Routing entry for P`, false with `% Network not in table` /
//    `% Subnet not in table`. Without either, Device::route stays empty.
//  - prefix: as written after `Routing entry for` (`10.1.1.0/24`; `, supernet` dropped).
//  - protocol: the quoted name of `Known via "..."` (`connected`, `static`, `ospf 1`, `bgp 65000`).
//  - hops: every descriptor block line, `*` (the block in use) or not: next hop (empty for
//    `directly connected`) and the `via IF` interface (empty for a recursive next hop).
//
// Lines understood and ignored on purpose (inside a routing entry), by their start:
//   Redistributing via, Advertised by, Last update from, Routing Descriptor Blocks:, Tag ,
//   Attached (, Variably subnetted, Route metric is, Route tag, AS Hops, MPLS label, MPLS Flags,
//   Repair Path, Total delay is, Reliability , Loading
// and anywhere: `Gateway of last resort is ...`.
#include "parsers/cisco_ios/show_ip_route/parser.hpp"

#include "parsers/cisco_ios/show_ip_route/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_ip_route {

namespace {

constexpr std::string_view kIgnoredInEntry[] = {
    "Redistributing via",
    "Advertised by",
    "Last update from",
    "Routing Descriptor Blocks:",
    "Tag ",
    "Attached (",
    "Variably subnetted",
    "Route metric is",
    "Route tag",
    "AS Hops",
    "MPLS label",
    "MPLS Flags",
    "Repair Path",
    "Total delay is",
    "Reliability ",
    "Loading ",
};

bool ignored_in_entry(std::string_view t) {
    for (auto p : kIgnoredInEntry)
        if (starts_with(t, p)) return true;
    return false;
}

// `10.1.1.1`, `vrf MGMT 10.1.1.1`, `10.1.1.0 255.255.255.0`
void parse_args(std::string_view args, std::string& vrf, std::string& query) {
    auto w = words(args);
    std::size_t i = 0;
    if (w.size() >= 2 && w[0] == "vrf") {
        vrf = std::string(w[1]);
        i = 2;
    }
    if (i < w.size()) query = std::string(w[i]);
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::string arg_vrf, query, table_vrf;
    parse_args(input.args, arg_vrf, query);
    bool in_entry = false;
    auto start_route = [&](bool found) {
        model::Route r;
        r.query = query;
        r.vrf = !arg_vrf.empty() ? arg_vrf : table_vrf;
        r.found = found;
        out.device.route = std::move(r);
    };

    std::vector<std::string> storage;
    for (const auto& line : split_lines(input.text, storage)) {
        if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
        ast::Line l;
        parse_line(line.text, l);
        switch (l.kind) {
            case ast::Kind::routing_table:
                if (!arg_vrf.empty() && l.word != arg_vrf)
                    diagnose(out, line, "routing table differs from the vrf of the command");
                else
                    table_vrf = l.word;
                if (out.device.route && out.device.route->vrf.empty()) out.device.route->vrf = table_vrf;
                break;
            case ast::Kind::entry:
                if (out.device.route) {
                    diagnose(out, line, "second route in the output; the first one is kept");
                    in_entry = false;
                    break;
                }
                start_route(true);
                out.device.route->prefix = l.word;
                in_entry = true;
                break;
            case ast::Kind::not_in_table:
                if (out.device.route) {
                    diagnose(out, line, "second answer in the output; the first one is kept");
                    break;
                }
                start_route(false);
                in_entry = false;
                break;
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
            default: {
                auto t = trim(line.text);
                if (starts_with(t, "Gateway of last resort is")) break;
                if (in_entry && ignored_in_entry(t)) break;
                diagnose(out, line, "not a `show ip route` line");
            }
        }
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_ip_route
