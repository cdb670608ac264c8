// The one translation unit of the `interface` block grammar: one small rule per modelled
// statement, tried in turn by parse_interface_child() among those that start with the line's
// first keyword (`description`, whose text is the rest of the line, is read without a rule).
#include "parsers/cisco_ios/show_running-config/grammar_interface.hpp"

#include <cctype>
#include <cstddef>

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_running-config/ast_interface_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::kw;
using x3s::whole;
using x3s::word;

using x3::int_;
using x3::lexeme;
using x3::omit;
using x3::raw;
using x3::uint_;
using x3::ascii::graph;

const auto any_words = omit[*word];

const auto ipv4_text = raw[uint_ >> '.' >> uint_ >> '.' >> uint_ >> '.' >> uint_];
const x3::rule<struct ipv4_r, std::string> ipv4 = "ipv4";
const auto ipv4_def = raw[lexeme[ipv4_text >> !graph]];

// IPv6 text (`2001:db8::1`, `fe80::1`, `::ffff:10.0.0.1`); checked loosely: hex digits, `:`, `.`
// with at least one `:`.
const auto ipv6_text = raw[*(x3::ascii::xdigit | '.') >> ':' >> *(x3::ascii::xdigit | ':' | '.')];

const x3::rule<struct ipv4_address_r, ast::Ipv4Address> ipv4_address = "ipv4_address";
const auto ipv4_address_def = kw("ip") >> kw("address") >> ipv4 >> ipv4 >> x3::matches[kw("secondary")];

// `ip address 10.0.0.1/24` (CIDR form, accepted by IOS-XE)
const x3::rule<struct ipv4_prefix_r, ast::Ipv4Prefix> ipv4_prefix = "ipv4_prefix";
const auto ipv4_prefix_def =
    kw("ip") >> kw("address") >> lexeme[ipv4_text >> '/' >> int_ >> !graph] >> x3::matches[kw("secondary")];

const auto ipv4_dhcp = kw("ip") >> kw("address") >> kw("dhcp") >> any_words;
const auto ipv4_negotiated = kw("ip") >> kw("address") >> kw("negotiated") >> any_words;
const auto no_ipv4_address = kw("no") >> kw("ip") >> kw("address");

const auto ipv6_kind = raw[lexeme[(x3::lit("eui-64") | "link-local" | "anycast" | "cga") >> !graph]];

// `ipv6 address 2001:db8::1/64 [eui-64|link-local|anycast|cga]`
const x3::rule<struct ipv6_address_r, ast::Ipv6Address> ipv6_address = "ipv6_address";
const auto ipv6_address_def = kw("ipv6") >> kw("address") >> lexeme[ipv6_text >> '/' >> int_ >> !graph] >>
                              (ipv6_kind | x3::attr(std::string()));

// `ipv6 address fe80::1 link-local` (no prefix length). A separate rule: as an alternative of
// the one above, a failed first branch would leave its address text in the attribute.
const x3::rule<struct ipv6_link_local_r, ast::Ipv6Address> ipv6_link_local = "ipv6_link_local";
const auto ipv6_link_local_def =
    kw("ipv6") >>
    kw("address") >> lexeme[ipv6_text >> !graph] >> x3::attr(-1) >> raw[lexeme[x3::lit("link-local") >> !graph]];

const auto ipv6_autoconfig = kw("ipv6") >> kw("address") >> kw("autoconfig") >> -kw("default");
const auto ipv6_dhcp = kw("ipv6") >> kw("address") >> kw("dhcp") >> -kw("rapid-commit");
const auto ipv6_enable = kw("ipv6") >> kw("enable");

const x3::rule<struct vrf_r, std::string> vrf = "vrf";
// `ip vrf forwarding UP downstream DOWN` (half-duplex VRF): the upstream VRF is the interface's.
const auto vrf_def = -kw("ip") >> kw("vrf") >> kw("forwarding") >> word >> -(kw("downstream") >> omit[word]);

const auto direction = raw[lexeme[(x3::lit("in") | "out") >> !graph]];

const x3::rule<struct access_group_r, ast::Filter> access_group = "access_group";
const auto access_group_def = kw("ip") >> kw("access-group") >> word >> direction;

const x3::rule<struct traffic_filter_r, ast::Filter> traffic_filter = "traffic_filter";
const auto traffic_filter_def = kw("ipv6") >> kw("traffic-filter") >> word >> direction;

const auto shutdown = kw("shutdown");
const auto no_shutdown = kw("no") >> kw("shutdown");
const auto unreachables = kw("ip") >> kw("unreachables");
const auto no_unreachables = kw("no") >> kw("ip") >> kw("unreachables");
const auto no_description = kw("no") >> kw("description");

BOOST_SPIRIT_DEFINE(ipv4, ipv4_address, ipv4_prefix, ipv6_address, ipv6_link_local, vrf, access_group, traffic_filter)

}  // namespace

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

bool is_graph(char c) {
    return std::isgraph(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

// `interface NAME ...` as the rule kw("interface") >> word >> omit[*word] read it, without the
// rule: every blank-separated token made of graph characters, the first `interface`, at least
// a second one (the name). One head per interface block, so it is worth the few lines.
bool parse_interface_head(std::string_view line, std::string& name) {
    name.clear();
    std::size_t i = 0, tokens = 0;
    while (true) {
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i == line.size()) break;
        const std::size_t start = i;
        while (i < line.size() && !is_blank(line[i])) {
            if (!is_graph(line[i])) return false;
            ++i;
        }
        const std::string_view token = line.substr(start, i - start);
        if (tokens == 0 && token != "interface") return false;
        if (tokens == 1) name.assign(token);
        ++tokens;
    }
    if (tokens >= 2) return true;
    name.clear();
    return false;
}

namespace {

// The first token of `line` as the rules see it: blanks skipped, then the run of graph
// characters. Every rule starts with a keyword, and kw() matches only a whole token, so a rule
// can match only when this token is one of its first keywords.
std::string_view first_token(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && is_blank(line[i])) ++i;
    std::size_t j = i;
    while (j < line.size() && is_graph(line[j])) ++j;
    return line.substr(i, j - i);
}

}  // namespace

bool parse_interface_child(std::string_view line, ast::InterfaceChild& out) {
    using K = ast::InterfaceKind;
    const x3s::Attempt<ast::InterfaceChild> attempt{line, out};
    // Most lines of an interface block (switchport, speed, cdp, ...) are none of ours: dispatching
    // on the first keyword keeps them from trying, and resetting `out` for, every rule. Within a
    // group the rules are tried in the same order as before, so the same rule wins.
    const std::string_view first = first_token(line);
    bool ok = false;
    if (first == "description") {
        // `description TEXT`: the rest of the line after the blanks that follow the keyword,
        // verbatim (the rule kw("description") >> lexeme[*char_], which always matches, copied
        // character by character; there are as many descriptions as interfaces).
        out = ast::InterfaceChild{};
        std::size_t i = static_cast<std::size_t>(first.data() - line.data()) + first.size();
        while (i < line.size() && is_blank(line[i])) ++i;
        out.word.assign(line.substr(i));
        out.kind = K::description;
        return true;
    }
    if (first == "ip") {
        ok = attempt(ipv4_address, out.ipv4, K::ipv4_address) ||
             attempt(ipv4_prefix, out.ipv4_prefix, K::ipv4_prefix) || attempt(ipv4_dhcp, K::ipv4_dhcp) ||
             attempt(ipv4_negotiated, K::ipv4_negotiated) || attempt(vrf, out.word, K::vrf) ||
             attempt(access_group, out.filter, K::access_group) || attempt(unreachables, K::unreachables);
    } else if (first == "ipv6") {
        ok = attempt(ipv6_address, out.ipv6, K::ipv6_address) || attempt(ipv6_link_local, out.ipv6, K::ipv6_address) ||
             attempt(ipv6_autoconfig, K::ipv6_autoconfig) || attempt(ipv6_dhcp, K::ipv6_dhcp) ||
             attempt(ipv6_enable, K::ipv6_enable) || attempt(traffic_filter, out.filter, K::traffic_filter);
    } else if (first == "no") {
        ok = attempt(no_ipv4_address, K::no_ipv4_address) || attempt(no_shutdown, K::no_shutdown) ||
             attempt(no_unreachables, K::no_unreachables) || attempt(no_description, K::no_description);
    } else if (first == "vrf") {
        ok = attempt(vrf, out.word, K::vrf);
    } else if (first == "shutdown") {
        ok = attempt(shutdown, K::shutdown);
    }
    if (ok) return true;
    out = ast::InterfaceChild{};
    return false;
}

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
