// The second X3 translation unit of this folder: the member lines of IOS object-groups. Kept apart
// from the entry grammar (grammar.cpp) so each TU stays small; the few token rules both need are
// repeated here rather than shared through a header (no Spirit in headers).
//
// Members by group type:
//  - network, ip address: `host A`, `A M` (a netmask here, not wildcard bits), `A/len`,
//    `range A B`, `any`, and the `network-object ...` spelling of the same;
//  - service: `tcp|udp|tcp-udp [source PORTS] [PORTS]` (PORTS: `eq|neq|lt|gt P`, `range P Q`, or a
//    bare port, meaning eq), `icmp [TYPE]`, any other protocol alone (`ip`, `esp`, `50`);
//  - protocol: one protocol name or number;
//  - ip port: `eq|neq|lt|gt P`, `range P Q`;
//  - every type: `group-object NAME`, `description TEXT`.
#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/acl/grammar.hpp"

namespace vtyguard::parsers::cisco_ios::grammar {

namespace x3 = boost::spirit::x3;
// ASCII character classes: table lookups, where the standard ones call the C library per character.
namespace ascii = boost::spirit::x3::ascii;

namespace {

using AK = model::Address::Kind;
using Op = model::PortMatch::Op;
using MK = ast::Member::Kind;

struct member_tag;

template <class Ctx>
ast::Member& M(Ctx& ctx) {
    return x3::get<member_tag>(ctx);
}

template <class Range>
std::string_view to_sv(const Range& r) {
    std::string_view s(r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

template <std::size_t N>
auto kw(const char (&s)[N]) {
    return x3::lexeme[x3::lit(s) >> !ascii::graph];
}

const auto set_sv = [](auto& ctx) { x3::_val(ctx) = to_sv(x3::_attr(ctx)); };
const auto copy_sv = [](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); };

const x3::rule<struct m_word_r, std::string_view> word = "word";
const x3::rule<struct m_ipv4_r, std::string_view> ipv4 = "ipv4";
const x3::rule<struct m_ip_r, std::string_view> ip = "ip";
const x3::rule<struct m_text_r, std::string_view> text = "text";

const auto octet = x3::uint_parser<unsigned, 10, 1, 3>();
const auto ipv4_core = octet >> '.' >> octet >> '.' >> octet >> '.' >> octet;
const auto ipv6_chars = *ascii::xdigit >> ':' >> *(ascii::xdigit | ascii::char_(':') | ascii::char_('.'));

const auto word_def = x3::raw[x3::lexeme[+ascii::graph]][set_sv];
const auto ipv4_def = x3::raw[x3::lexeme[ipv4_core >> !ascii::graph]][set_sv];
const auto ip_def = ipv4[copy_sv] | x3::raw[x3::lexeme[ipv6_chars >> !ascii::graph]][set_sv];
const auto text_def = x3::raw[x3::lexeme[*x3::standard::char_]][set_sv];

BOOST_SPIRIT_DEFINE(word, ipv4, ip, text)

// ---- addresses ----------------------------------------------------------------------------------

const x3::rule<struct m_address_r, ast::Address> address = "address";

auto address_kind(AK k) {
    return [k](auto& ctx) {
        x3::_val(ctx).kind = k;
        x3::_val(ctx).present = true;
    };
}
const auto addr_address = [](auto& ctx) { x3::_val(ctx).address = x3::_attr(ctx); };
const auto addr_mask = [](auto& ctx) { x3::_val(ctx).mask = x3::_attr(ctx); };
const auto addr_len = [](auto& ctx) { x3::_val(ctx).prefix_length = static_cast<int>(x3::_attr(ctx)); };

const auto prefix =
    x3::lexeme[x3::raw[ipv4_core | ipv6_chars][([](auto& ctx) { x3::_val(ctx).address = to_sv(x3::_attr(ctx)); })] >>
               '/' >> x3::uint_parser<unsigned, 10, 1, 3>()[addr_len] >> !ascii::graph];

const auto address_def = kw("any")[address_kind(AK::any)] |
                         x3::omit[kw("host") >> ip[addr_address]][address_kind(AK::host)] |
                         x3::omit[kw("range") >> ip[addr_address] >> ip[addr_mask]][address_kind(AK::range)] |
                         x3::omit[prefix][address_kind(AK::prefix)] |
                         x3::omit[ipv4[addr_address] >> ipv4[addr_mask]][address_kind(AK::netmask)];

BOOST_SPIRIT_DEFINE(address)

// ---- ports --------------------------------------------------------------------------------------

const x3::rule<struct m_ports_r, ast::Port> ports = "ports";

auto port_kind(Op op) {
    return [op](auto& ctx) {
        x3::_val(ctx).op = op;
        x3::_val(ctx).present = true;
    };
}
const auto port_push = [](auto& ctx) { x3::_pass(ctx) = x3::_val(ctx).ports.push(to_sv(x3::_attr(ctx))); };
const auto port_tok = x3::raw[x3::lexeme[+(ascii::alnum | ascii::char_('-') | ascii::char_('_')) >> !ascii::graph]];
const auto port_number = x3::raw[x3::lexeme[x3::uint_ >> !ascii::graph]];

const auto ports_def = ((kw("eq")[port_kind(Op::eq)] | kw("neq")[port_kind(Op::neq)] | kw("lt")[port_kind(Op::lt)] |
                         kw("gt")[port_kind(Op::gt)]) >>
                        port_tok[port_push]) |
                       (kw("range")[port_kind(Op::range)] >> port_tok[port_push] >> port_tok[port_push]) |
                       // `tcp 22`: the operator is optional and means eq
                       (!kw("source") >> port_number[port_push] >> x3::eps[port_kind(Op::eq)]);

BOOST_SPIRIT_DEFINE(ports)

// ---- members ------------------------------------------------------------------------------------

auto member_kind(MK k) {
    return [k](auto& ctx) { M(ctx).kind = k; };
}
template <class T>
auto to_member(T ast::Member::*member) {
    return [member](auto& ctx) { M(ctx).*member = x3::_attr(ctx); };
}

const auto common = (kw("group-object")[member_kind(MK::group)] >> word[to_member(&ast::Member::name)]) |
                    (kw("description")[member_kind(MK::description)] >> text[to_member(&ast::Member::name)]);

const x3::rule<struct m_network_r> network = "network member";
const auto network_def = (common | (-kw("network-object") >> x3::eps[member_kind(MK::address)] >>
                                    address[to_member(&ast::Member::address)])) >>
                         x3::eoi;

const auto port_protocol = x3::raw[kw("tcp-udp") | kw("tcp") | kw("udp") | kw("sctp")];
const auto icmp_protocol = x3::raw[kw("icmp") | kw("icmpv6")];
const x3::rule<struct m_service_r> service = "service member";
const auto service_def = (common | (x3::eps[member_kind(MK::service)] >>
                                    ((port_protocol[([](auto& ctx) { M(ctx).protocol = to_sv(x3::_attr(ctx)); })] >>
                                      -(kw("source") >> ports[to_member(&ast::Member::source_ports)]) >>
                                      -ports[to_member(&ast::Member::destination_ports)]) |
                                     (icmp_protocol[([](auto& ctx) { M(ctx).protocol = to_sv(x3::_attr(ctx)); })] >>
                                      -x3::raw[x3::lexeme[+ascii::graph] >> -x3::lexeme[x3::uint_ >> !ascii::graph]]
                                              [([](auto& ctx) { M(ctx).name = to_sv(x3::_attr(ctx)); })]) |
                                     word[to_member(&ast::Member::protocol)]))) >>
                         x3::eoi;

const x3::rule<struct m_protocol_r> protocol = "protocol member";
const auto protocol_def =
    (common | (x3::eps[member_kind(MK::protocol)] >> word[to_member(&ast::Member::protocol)])) >> x3::eoi;

const x3::rule<struct m_port_r> port = "port member";
const auto port_def =
    (common | (x3::eps[member_kind(MK::port)] >> ports[to_member(&ast::Member::destination_ports)])) >> x3::eoi;

BOOST_SPIRIT_DEFINE(network, service, protocol, port)

// `10 1.2.3.0/24`: a member sequence number (not kept; see config.cpp).
const auto member_sequence = x3::lexeme[x3::uint_ >> &ascii::blank];

template <class Rule>
bool run(std::string_view line, const Rule& rule, ast::Member& out) {
    auto first = line.begin();
    const bool ok =
        x3::phrase_parse(first, line.end(), x3::with<member_tag>(out)[-member_sequence >> rule], ascii::blank);
    return ok && first == line.end();
}

}  // namespace

bool parse_member(std::string_view entry_text, std::string_view type, ast::Member& out) {
    if (type == "network" || type == "ip address") return run(entry_text, network, out);
    if (type == "service") return run(entry_text, service, out);
    if (type == "protocol") return run(entry_text, protocol, out);
    if (type == "ip port") return run(entry_text, port, out);
    return false;
}

}  // namespace vtyguard::parsers::cisco_ios::grammar
