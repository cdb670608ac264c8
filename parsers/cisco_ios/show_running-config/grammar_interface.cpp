// The one translation unit of the `interface` block grammar: one small rule per modelled
// statement, tried in turn by parse_interface_child().
#include "parsers/cisco_ios/show_running-config/grammar_interface.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_running-config/ast_interface_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::kw;
using x3s::whole;
using x3s::word;

using x3::graph;
using x3::int_;
using x3::lexeme;
using x3::omit;
using x3::raw;
using x3::uint_;

const auto any_words = omit[*word];

const x3::rule<struct head_r, std::string> head = "head";
const auto head_def = kw("interface") >> word >> any_words;

const x3::rule<struct description_r, std::string> description = "description";
const auto description_def = kw("description") >> lexeme[*x3::char_];

const auto ipv4_text = raw[uint_ >> '.' >> uint_ >> '.' >> uint_ >> '.' >> uint_];
const x3::rule<struct ipv4_r, std::string> ipv4 = "ipv4";
const auto ipv4_def = raw[lexeme[ipv4_text >> !graph]];

// IPv6 text (`2001:db8::1`, `fe80::1`, `::ffff:10.0.0.1`); checked loosely: hex digits, `:`, `.`
// with at least one `:`.
const auto ipv6_text = raw[*(x3::xdigit | '.') >> ':' >> *(x3::xdigit | ':' | '.')];

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

BOOST_SPIRIT_DEFINE(head, description, ipv4, ipv4_address, ipv4_prefix, ipv6_address, ipv6_link_local, vrf,
                    access_group, traffic_filter)

}  // namespace

bool parse_interface_head(std::string_view line, std::string& name) {
    name.clear();
    return whole(line, head, name);
}

bool parse_interface_child(std::string_view line, ast::InterfaceChild& out) {
    using K = ast::InterfaceKind;
    const x3s::Attempt<ast::InterfaceChild> attempt{line, out};
    if (attempt(description, out.word, K::description) || attempt(ipv4_address, out.ipv4, K::ipv4_address) ||
        attempt(ipv4_prefix, out.ipv4_prefix, K::ipv4_prefix) || attempt(ipv4_dhcp, K::ipv4_dhcp) ||
        attempt(ipv4_negotiated, K::ipv4_negotiated) || attempt(no_ipv4_address, K::no_ipv4_address) ||
        attempt(ipv6_address, out.ipv6, K::ipv6_address) || attempt(ipv6_link_local, out.ipv6, K::ipv6_address) ||
        attempt(ipv6_autoconfig, K::ipv6_autoconfig) || attempt(ipv6_dhcp, K::ipv6_dhcp) ||
        attempt(ipv6_enable, K::ipv6_enable) || attempt(vrf, out.word, K::vrf) ||
        attempt(access_group, out.filter, K::access_group) || attempt(traffic_filter, out.filter, K::traffic_filter) ||
        attempt(shutdown, K::shutdown) || attempt(no_shutdown, K::no_shutdown) ||
        attempt(unreachables, K::unreachables) || attempt(no_unreachables, K::no_unreachables) ||
        attempt(no_description, K::no_description))
        return true;
    out = ast::InterfaceChild{};
    return false;
}

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
