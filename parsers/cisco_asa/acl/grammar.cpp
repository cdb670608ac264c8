// The one translation unit of the ASA ACE / object grammar.
//
// Every rule either yields a std::string_view into the line or writes, through semantic actions,
// into the ast::Ace / ast::Member injected with x3::with: no allocation while parsing and no
// variant attributes (compile time). That is why there is no ast_adapted.hpp here: nothing is
// fusion-adapted.
//
// The one real ambiguity of the ASA syntax is `object-group NAME` right after the source
// address: a source port group or the destination. The reading with a destination (and an
// optional destination port group) is tried first, as it is by far the more common, and the
// source-port reading only when the rest of the line does not fit it.
#include "parsers/cisco_asa/acl/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

namespace vtyguard::parsers::cisco_asa::grammar {

namespace x3 = boost::spirit::x3;
// ASCII character classes: table lookups, where the standard ones call the C library per character.
namespace ascii = boost::spirit::x3::ascii;

namespace {

// A keyword: the literal followed by a blank or the end of the line (x3s::kw, with ASCII classes).
template <std::size_t N>
auto kw(const char (&s)[N]) {
    return x3::lexeme[x3::lit(s) >> !ascii::graph];
}

using AK = model::Address::Kind;
using Op = model::PortMatch::Op;

struct ace_tag;
struct member_tag;

template <class Ctx>
ast::Ace& A(Ctx& ctx) {
    return x3::get<ace_tag>(ctx);
}
template <class Ctx>
ast::Member& M(Ctx& ctx) {
    return x3::get<member_tag>(ctx);
}

// The text a raw[] directive matched, without the blanks a failed optional part may have skipped.
template <class Range>
std::string_view to_sv(const Range& r) {
    std::string_view s(r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

const auto set_sv = [](auto& ctx) { x3::_val(ctx) = to_sv(x3::_attr(ctx)); };

// ---- tokens -------------------------------------------------------------------------------------

const x3::rule<struct word_r, std::string_view> word = "word";
const x3::rule<struct port_tok_r, std::string_view> port_tok = "port";
const x3::rule<struct ipv4_r, std::string_view> ipv4 = "ipv4";
const x3::rule<struct ipv6_r, std::string_view> ipv6 = "ipv6";
const x3::rule<struct ip_r, std::string_view> ip = "ip";
const x3::rule<struct text_r, std::string_view> text = "text";

const auto octet = x3::uint_parser<unsigned, 10, 1, 3>();
const auto ipv6_chars = *ascii::xdigit >> ':' >> *(ascii::xdigit | x3::char_(':') | x3::char_('.'));

const auto word_def = x3::raw[x3::lexeme[+ascii::graph]][set_sv];
const auto port_tok_def =
    x3::raw[x3::lexeme[+(ascii::alnum | x3::char_('-') | x3::char_('_')) >> !ascii::graph]][set_sv];
const auto ipv4_def =
    x3::raw[x3::lexeme[octet >> '.' >> octet >> '.' >> octet >> '.' >> octet >> !ascii::graph]][set_sv];
const auto ipv6_def = x3::raw[x3::lexeme[ipv6_chars >> !ascii::graph]][set_sv];
// (string_view looks like a container to X3: assign explicitly rather than let it propagate)
const auto copy_sv = [](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); };
const auto ip_def = ipv4[copy_sv] | ipv6[copy_sv];
// The rest of the line as written (remarks, descriptions).
const auto text_def = x3::raw[x3::lexeme[*x3::char_]][set_sv];

BOOST_SPIRIT_DEFINE(word, port_tok, ipv4, ipv6, ip, text)

// ---- addresses and ports ------------------------------------------------------------------------

const x3::rule<struct address_r, ast::Address> address = "address";
const x3::rule<struct port_op_r, ast::Port> port_op = "port operator";
const x3::rule<struct port_r, ast::Port> port = "port";

auto address_kind(AK k) {
    return [k](auto& ctx) {
        x3::_val(ctx).kind = k;
        x3::_val(ctx).present = true;
    };
}
const auto addr_address = [](auto& ctx) { x3::_val(ctx).address = x3::_attr(ctx); };
const auto addr_mask = [](auto& ctx) { x3::_val(ctx).mask = x3::_attr(ctx); };
const auto addr_name = [](auto& ctx) { x3::_val(ctx).name = x3::_attr(ctx); };
const auto addr_len = [](auto& ctx) { x3::_val(ctx).prefix_length = static_cast<int>(x3::_attr(ctx)); };
const auto addr_unresolved = [](auto& ctx) { x3::_val(ctx).unresolved = true; };

const auto ipv6_prefix =
    x3::lexeme[x3::raw[ipv6_chars][([](auto& ctx) { x3::_val(ctx).address = to_sv(x3::_attr(ctx)); })] >> '/' >>
               x3::uint_parser<unsigned, 10, 1, 3>()[addr_len] >> !ascii::graph];

const auto address_def =
    kw("any4")[address_kind(AK::any4)] | kw("any6")[address_kind(AK::any6)] | kw("any")[address_kind(AK::any)] |
    x3::omit[kw("host") >> ip[addr_address]][address_kind(AK::host)] |
    x3::omit[kw("object-group") >> word[addr_name]][address_kind(AK::object_group)] |
    x3::omit[kw("object") >> word[addr_name]][address_kind(AK::object)] |
    x3::omit[kw("interface") >> word[addr_name]][address_kind(AK::interface)] |
    x3::omit[kw("fqdn") >> -(kw("v4") | kw("v6")) >> word[addr_name] >> -x3::lit("(unresolved)")[addr_unresolved]]
            [address_kind(AK::fqdn)] |
    x3::omit[kw("range") >> ip[addr_address] >> ip[addr_mask]][address_kind(AK::range)] |
    x3::omit[ipv6_prefix][address_kind(AK::prefix)] |
    x3::omit[ipv4[addr_address] >> ipv4[addr_mask]][address_kind(AK::netmask)];

auto port_kind(Op op) {
    return [op](auto& ctx) {
        x3::_val(ctx).op = op;
        x3::_val(ctx).present = true;
    };
}
const auto port_first = [](auto& ctx) { x3::_val(ctx).first = x3::_attr(ctx); };
const auto port_second = [](auto& ctx) { x3::_val(ctx).second = x3::_attr(ctx); };
const auto port_name = [](auto& ctx) { x3::_val(ctx).name = x3::_attr(ctx); };

const auto port_op_def = (kw("eq")[port_kind(Op::eq)] | kw("neq")[port_kind(Op::neq)] | kw("lt")[port_kind(Op::lt)] |
                          kw("gt")[port_kind(Op::gt)]) >>
                             port_tok[port_first] |
                         kw("range")[port_kind(Op::range)] >> port_tok[port_first] >> port_tok[port_second];
const auto port_def = port_op[([](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); })] |
                      (kw("object-group")[port_kind(Op::object_group)] >> word[port_name]);

BOOST_SPIRIT_DEFINE(address, port_op, port)

bool icmp_protocol(std::string_view p) {
    return p == "icmp" || p == "icmp6" || p == "1" || p == "58";
}

// ---- access-control entry -----------------------------------------------------------------------

template <class T>
auto to_ace(T ast::Ace::*member) {
    return [member](auto& ctx) { A(ctx).*member = x3::_attr(ctx); };
}
template <class T>
auto raw_to_ace(T ast::Ace::*member) {
    return [member](auto& ctx) { A(ctx).*member = to_sv(x3::_attr(ctx)); };
}
const auto push_option = [](auto& ctx) { A(ctx).options.push_back(to_sv(x3::_attr(ctx))); };
const auto set_inactive = [](auto& ctx) { A(ctx).inactive = true; };

// Everything after the source address may be tried more than once (see the file comment).
const auto reset_after_source = [](auto& ctx) {
    auto& a = A(ctx);
    a.source_ports = {};
    a.destination = {};
    a.destination_ports = {};
    a.destination_identity = {};
    a.destination_ifc = {};
    a.icmp_type = {};
    a.log = {};
    a.time_range = {};
    a.inactive = false;
    a.has_hitcnt = false;
    a.hitcnt = 0;
    a.hash = {};
    a.options.clear();
};

const auto log_level = kw("emergencies") | kw("alerts") | kw("critical") | kw("errors") | kw("warnings") |
                       kw("notifications") | kw("informational") | kw("debugging") |
                       x3::lexeme[x3::uint_ >> !ascii::graph];
const auto interval = kw("interval") >> x3::lexeme[x3::uint_ >> !ascii::graph];
const auto log_clause = x3::raw[kw("log") >> -(kw("disable") | kw("default") | (log_level >> -interval) | interval)]
                               [raw_to_ace(&ast::Ace::log)];
const auto hash_token = x3::lexeme["0x" >> +ascii::xdigit >> !ascii::graph] >> &x3::eoi;
const auto tail_item = log_clause | (kw("time-range") >> word[to_ace(&ast::Ace::time_range)]) |
                       kw("inactive")[set_inactive] | x3::lit("(inactive)")[set_inactive] |
                       x3::lexeme["(hitcnt=" >> x3::ulong_long[([](auto& ctx) {
                                      A(ctx).has_hitcnt = true;
                                      A(ctx).hitcnt = x3::_attr(ctx);
                                  })] >>
                                  ')'] |
                       x3::raw[hash_token][raw_to_ace(&ast::Ace::hash)] |
                       x3::raw[interval | (kw("rule-id") >> word) | (kw("event-log") >> word)][push_option];
const auto tail = *tail_item >> x3::eoi;
// Where the decorations start in the free-form webtype / ethertype bodies. A hash is not one of
// them: `ethertype permit dsap 0x42` ends in a hex value; show output has `(hitcnt=N)` first.
const auto tail_start = x3::lit('(') | kw("log") | kw("inactive") | kw("time-range");

const auto not_keyword =
    !(kw("log") | kw("time-range") | kw("inactive") | kw("interval") | kw("rule-id") | kw("event-log") | x3::lit("0x"));
const auto icmp = x3::raw[not_keyword >> x3::lexeme[+(ascii::alnum | x3::char_('-')) >> !ascii::graph] >>
                          -x3::lexeme[x3::uint_ >> !ascii::graph]][([](auto& ctx) {
    if (icmp_protocol(A(ctx).protocol))
        A(ctx).icmp_type = to_sv(x3::_attr(ctx));
    else
        x3::_pass(ctx) = false;
})];

const auto user_part = (kw("user-group") | kw("user") | kw("object-group-user")) >> word;
const auto sg_part = (kw("security-group") >> (kw("name") | kw("tag")) >> word) | (kw("object-group-security") >> word);

const auto action = kw("permit")[([](auto& ctx) { A(ctx).action = model::Ace::Action::permit; })] |
                    kw("deny")[([](auto& ctx) { A(ctx).action = model::Ace::Action::deny; })] |
                    kw("trust")[([](auto& ctx) {
                        A(ctx).action = model::Ace::Action::permit;
                        A(ctx).trust = true;
                    })];
const auto protocol = (kw("object-group") >> word[to_ace(&ast::Ace::protocol_object_group)]) |
                      (kw("object") >> word[to_ace(&ast::Ace::protocol_object)]) | word[to_ace(&ast::Ace::protocol)];

const auto destination_part =
    -x3::raw[sg_part][raw_to_ace(&ast::Ace::destination_identity)] >>
    -(kw("ifc") >> word[to_ace(&ast::Ace::destination_ifc)]) >> address[to_ace(&ast::Ace::destination)] >>
    -port[to_ace(&ast::Ace::destination_ports)] >> -icmp >> tail;

const x3::rule<struct extended_r> extended = "extended";
const auto extended_def = action >> protocol >> -(kw("ifc") >> word[to_ace(&ast::Ace::source_ifc)]) >>
                          -x3::raw[(user_part >> -sg_part) | sg_part][raw_to_ace(&ast::Ace::source_identity)] >>
                          address[to_ace(&ast::Ace::source)] >>
                          ((x3::eps[reset_after_source] >> destination_part) |
                           (x3::eps[reset_after_source] >> port_op[to_ace(&ast::Ace::source_ports)] >>
                            destination_part) |
                           (x3::eps[reset_after_source] >> kw("object-group") >> word[([](auto& ctx) {
                                auto& p = A(ctx).source_ports;
                                p.present = true;
                                p.op = Op::object_group;
                                p.name = x3::_attr(ctx);
                            })] >>
                            destination_part));

const x3::rule<struct standard_r> standard = "standard";
const auto standard_def = action >> address[to_ace(&ast::Ace::destination)] >> tail;

// webtype / ethertype: the action, then the body kept as one option, then the decorations.
const x3::rule<struct freeform_r> freeform = "freeform";
const auto freeform_def = action >> -x3::raw[+(!tail_start >> word)][push_option] >> tail;

auto form(ast::Form f) {
    return [f](auto& ctx) { A(ctx).form = f; };
}

const x3::rule<struct ace_r> ace = "ace";
const auto ace_def = -(kw("line") >> x3::uint_[([](auto& ctx) {
                           A(ctx).has_sequence = true;
                           A(ctx).sequence = x3::_attr(ctx);
                       })]) >>
                     ((kw("extended")[form(ast::Form::extended)] >> extended) |
                      (kw("standard")[form(ast::Form::standard)] >> standard) |
                      (kw("remark")[form(ast::Form::remark)] >> text[to_ace(&ast::Ace::remark)] >> x3::eoi) |
                      (kw("webtype")[form(ast::Form::webtype)] >> freeform) |
                      (kw("ethertype")[form(ast::Form::ethertype)] >> freeform) |
                      (kw("advanced")[form(ast::Form::advanced)] >> extended) |
                      // PIX 6 / FWSM: no type keyword
                      (&(kw("permit") | kw("deny")) >> extended));

BOOST_SPIRIT_DEFINE(extended, standard, freeform, ace)

// ---- object / object-group members ----------------------------------------------------------------

auto member_kind(ast::Member::Kind k) {
    return [k](auto& ctx) { M(ctx).kind = k; };
}
template <class T>
auto to_member(T ast::Member::*member) {
    return [member](auto& ctx) { M(ctx).*member = x3::_attr(ctx); };
}

const auto member_icmp = x3::raw[x3::lexeme[+(ascii::alnum | x3::char_('-')) >> !ascii::graph] >>
                                 -x3::lexeme[x3::uint_ >> !ascii::graph]][([](auto& ctx) {
    if (icmp_protocol(M(ctx).protocol))
        M(ctx).name = to_sv(x3::_attr(ctx));
    else
        x3::_pass(ctx) = false;
})];
// `tcp source eq 1 destination range 2 3`, `tcp eq ssh` (before 8.3), `icmp echo`, `ip`
const x3::rule<struct service_body_r> service_body = "service";
const auto service_body_def = word[to_member(&ast::Member::protocol)] >>
                              -((kw("source") >> port_op[to_member(&ast::Member::source_ports)] >>
                                 -(kw("destination") >> port_op[to_member(&ast::Member::destination_ports)])) |
                                (kw("destination") >> port_op[to_member(&ast::Member::destination_ports)]) |
                                port_op[to_member(&ast::Member::destination_ports)] | member_icmp);
BOOST_SPIRIT_DEFINE(service_body)

const x3::rule<struct member_r> member = "member";
const auto member_def =
    ((kw("network-object")[member_kind(ast::Member::Kind::address)] >> address[to_member(&ast::Member::address)]) |
     (kw("subnet")[member_kind(ast::Member::Kind::address)] >> address[to_member(&ast::Member::address)]) |
     (&(kw("host") | kw("range") | kw("fqdn")) >> x3::eps[member_kind(ast::Member::Kind::address)] >>
      address[to_member(&ast::Member::address)]) |
     (kw("service-object") >> kw("object")[member_kind(ast::Member::Kind::service_object)] >>
      word[to_member(&ast::Member::name)]) |
     ((kw("service-object") | kw("service")) >> x3::eps[member_kind(ast::Member::Kind::service)] >> service_body) |
     (kw("port-object")[member_kind(ast::Member::Kind::port)] >> port_op[to_member(&ast::Member::destination_ports)]) |
     (kw("protocol-object")[member_kind(ast::Member::Kind::protocol)] >> word[to_member(&ast::Member::name)]) |
     (kw("icmp-object")[member_kind(ast::Member::Kind::icmp_type)] >> word[to_member(&ast::Member::name)]) |
     (kw("group-object")[member_kind(ast::Member::Kind::group)] >> word[to_member(&ast::Member::name)]) |
     (kw("description")[member_kind(ast::Member::Kind::description)] >> text[to_member(&ast::Member::name)]) |
     (kw("nat")[member_kind(ast::Member::Kind::nat)] >> x3::omit[text]) | x3::raw[user_part | sg_part][([](auto& ctx) {
         M(ctx).kind = ast::Member::Kind::identity;
         M(ctx).name = to_sv(x3::_attr(ctx));
     })]) >>
    x3::eoi;

BOOST_SPIRIT_DEFINE(member)

}  // namespace

bool parse_ace(std::string_view line, ast::Ace& out) {
    auto first = line.begin();
    const bool ok = x3::phrase_parse(first, line.end(), x3::with<ace_tag>(out)[ace], ascii::blank);
    return ok && first == line.end();
}

bool parse_member(std::string_view line, ast::Member& out) {
    auto first = line.begin();
    const bool ok = x3::phrase_parse(first, line.end(), x3::with<member_tag>(out)[member], ascii::blank);
    return ok && first == line.end();
}

}  // namespace vtyguard::parsers::cisco_asa::grammar
