// The one translation unit of the IOS ACE grammar (object-group members: members.cpp).
//
// Every rule either yields a std::string_view into the line or writes, through semantic actions,
// into the ast::Ace injected with x3::with: no allocation while parsing and no variant attributes
// (compile time). That is why there is no ast_adapted.hpp here: nothing is fusion-adapted.
//
// IOS syntax has no real ambiguity once two choices are made: a port list after `eq`/`neq` takes
// further ports only when they are numbers or IOS port names (so `eq www whois any` ends at `any`),
// and an ICMP/IGMP message is read only right after the destination (or its ports). The
// qualifiers after that come in any order (show output and configuration order them differently,
// e.g. IPv6 `(N matches) sequence N`).
#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/acl/grammar.hpp"

namespace vtyguard::parsers::cisco_ios::grammar {

namespace x3 = boost::spirit::x3;
// ASCII character classes: table lookups, where the standard ones call the C library per character.
namespace ascii = boost::spirit::x3::ascii;

namespace {

using AK = model::Address::Kind;
using Op = model::PortMatch::Op;

struct ace_tag;

template <class Ctx>
ast::Ace& A(Ctx& ctx) {
    return x3::get<ace_tag>(ctx);
}

// The text a raw[] directive matched, without the blanks a failed optional part may have skipped.
template <class Range>
std::string_view to_sv(const Range& r) {
    std::string_view s(r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

const auto set_sv = [](auto& ctx) { x3::_val(ctx) = to_sv(x3::_attr(ctx)); };
// (string_view looks like a container to X3: assign explicitly rather than let it propagate)
const auto copy_sv = [](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); };

// ---- word lists ---------------------------------------------------------------------------------

// Port names IOS prints and accepts (tcp and udp), for the second and later ports of `eq`/`neq`.
struct PortNames : x3::symbols<int> {
    PortNames() {
        for (const char* n :
             {"bgp",         "biff",        "bootpc",     "bootps",   "chargen",       "cmd",       "daytime",
              "discard",     "dnsix",       "domain",     "drip",     "echo",          "exec",      "finger",
              "ftp",         "ftp-data",    "gopher",     "hostname", "ident",         "irc",       "isakmp",
              "klogin",      "kshell",      "login",      "lpd",      "mobile-ip",     "msrpc",     "nameserver",
              "netbios-dgm", "netbios-ns",  "netbios-ss", "nntp",     "non500-isakmp", "ntp",       "onep-plain",
              "onep-tls",    "pim-auto-rp", "pop2",       "pop3",     "rip",           "ripv6",     "smtp",
              "snmp",        "snmptrap",    "sunrpc",     "syslog",   "tacacs",        "tacacs-ds", "talk",
              "telnet",      "tftp",        "time",       "uucp",     "who",           "whois",     "www",
              "xdmcp",       "http",        "https",      "ssh",      "sftp",          "ldap",      "kerberos"})
            add(n, 0);
    }
};
const PortNames port_names;

// Words that start a qualifier: never an ICMP message name or a `log` cookie.
struct Keywords : x3::symbols<int> {
    Keywords() {
        for (const char* n : {"log",
                              "log-input",
                              "time-range",
                              "dscp",
                              "precedence",
                              "tos",
                              "option",
                              "fragments",
                              "ttl",
                              "packet-length",
                              "reflect",
                              "idle-time",
                              "flow-label",
                              "routing",
                              "routing-type",
                              "auth",
                              "hbh",
                              "dest-option",
                              "dest-option-type",
                              "mobility",
                              "mobility-type",
                              "undetermined-transport",
                              "smartlog",
                              "sequence",
                              "established",
                              "match-all",
                              "match-any",
                              "ack",
                              "fin",
                              "psh",
                              "rst",
                              "syn",
                              "urg",
                              "ece",
                              "cwr",
                              "src",
                              "dst"})
            add(n, 0);
    }
};
const Keywords keywords;

struct TcpFlags : x3::symbols<int> {
    TcpFlags() {
        for (const char* n : {"ack", "fin", "psh", "rst", "syn", "urg", "ece", "cwr"}) add(n, 0);
    }
};
const TcpFlags tcp_flags;

// ---- tokens -------------------------------------------------------------------------------------
//
// No skipper: blanks between tokens are written out (`sp`). A failing alternative then costs a
// character comparison, not a skip and a call, which is most of the time on a 100,000-entry list.

// One or more blanks.
struct Blanks : x3::parser<Blanks> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It last, const Ctx&, RCtx&, Attr&) const {
        It i = first;
        while (i != last && (*i == ' ' || *i == '\t')) ++i;
        if (i == first) return false;
        first = i;
        return true;
    }
};
const Blanks sp;

// A keyword: the literal followed by a blank or the end of the line. (Hand-written so a failing
// attempt is one inlined character comparison.)
struct Keyword : x3::parser<Keyword> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    std::string_view word;
    constexpr explicit Keyword(std::string_view w) : word(w) {}
    template <class It, class Ctx, class RCtx, class Attr>
    [[gnu::always_inline]] bool parse(It& first, It last, const Ctx&, RCtx&, Attr&) const {
        const auto n = word.size();
        if (first == last || *first != word[0] || static_cast<std::size_t>(last - first) < n) return false;
        for (std::size_t i = 1; i < n; ++i)
            if (first[static_cast<std::ptrdiff_t>(i)] != word[i]) return false;
        It end = first + static_cast<std::ptrdiff_t>(n);
        if (end != last && *end != ' ' && *end != '\t') return false;
        first = end;
        return true;
    }
};
constexpr Keyword kw(std::string_view w) {
    return Keyword(w);
}

const auto keyword = keywords >> !ascii::graph;

const x3::rule<struct word_r, std::string_view> word = "word";
const x3::rule<struct ipv4_r, std::string_view> ipv4 = "ipv4";
const x3::rule<struct ipv6_r, std::string_view> ipv6 = "ipv6";
const x3::rule<struct ip_r, std::string_view> ip = "ip";
const x3::rule<struct mac_r, std::string_view> mac = "mac";
const x3::rule<struct text_r, std::string_view> text = "text";

const auto octet = x3::uint_parser<unsigned, 10, 1, 3>();
const auto ipv4_core = octet >> '.' >> octet >> '.' >> octet >> '.' >> octet;
const auto ipv6_chars = *ascii::xdigit >> ':' >> *(ascii::xdigit | ascii::char_(':') | ascii::char_('.'));
const auto hex4 = x3::repeat(4)[ascii::xdigit];

const auto word_def = x3::raw[+ascii::graph][set_sv];
const auto ipv4_def = x3::raw[ipv4_core >> !ascii::graph][set_sv];
const auto ipv6_def = x3::raw[ipv6_chars >> !ascii::graph][set_sv];
const auto ip_def = ipv4[copy_sv] | ipv6[copy_sv];
const auto mac_def = x3::raw[hex4 >> '.' >> hex4 >> '.' >> hex4 >> !ascii::graph][set_sv];
// The rest of the line as written (remarks).
const auto text_def = x3::raw[*x3::standard::char_][set_sv];

BOOST_SPIRIT_DEFINE(word, ipv4, ipv6, ip, mac, text)

// ---- addresses and ports ------------------------------------------------------------------------

const x3::rule<struct address_r, ast::Address> address = "address";
const x3::rule<struct std_address_r, ast::Address> std_address = "standard address";
const x3::rule<struct mac_address_r, ast::Address> mac_address = "mac address";

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
const auto raw_address = [](auto& ctx) { x3::_val(ctx).address = to_sv(x3::_attr(ctx)); };

// `2001:db8::/32`, and the IPv4 `A/len` some configurations use.
const auto prefix = x3::raw[ipv4_core | ipv6_chars][raw_address] >> '/' >>
                    x3::uint_parser<unsigned, 10, 1, 3>()[addr_len] >> !ascii::graph;

const auto any_host_group =
    kw("any")[address_kind(AK::any)] |
    (kw("host") >> sp >>
     // FQDN ACLs (IOS-XE): `host dynamic www.example.com`
     (x3::omit[kw("dynamic") >> sp >> word[addr_name]][address_kind(AK::fqdn)] |
      x3::omit[ip[addr_address]][address_kind(AK::host)])) |
    x3::omit[(kw("object-group") | kw("addrgroup")) >> sp >> word[addr_name]][address_kind(AK::object_group)] |
    x3::omit[prefix][address_kind(AK::prefix)];

// Wildcard pairs first: the most common form, and it fails at once on a word.
const auto address_def =
    x3::omit[ipv4[addr_address] >> sp >> ipv4[addr_mask]][address_kind(AK::wildcard)] | any_host_group;

// Standard entries: a bare address is a host; show output writes `A, wildcard bits W`.
const auto std_address_def = any_host_group |
                             x3::omit[x3::raw[ipv4_core][raw_address] >> ',' >> sp >> kw("wildcard") >> sp >>
                                      kw("bits") >> sp >> ipv4[addr_mask]][address_kind(AK::wildcard)] |
                             x3::omit[ipv4[addr_address] >> sp >> ipv4[addr_mask]][address_kind(AK::wildcard)] |
                             x3::omit[ipv4[addr_address]][address_kind(AK::host)];

const auto mac_address_def = kw("any")[address_kind(AK::any)] |
                             x3::omit[kw("host") >> sp >> mac[addr_address]][address_kind(AK::host)] |
                             x3::omit[mac[addr_address] >> sp >> mac[addr_mask]][address_kind(AK::wildcard)];

// The first port: any name; later ports of `eq a b c`: numbers or known names only.
const auto port_first = x3::raw[+(ascii::alnum | ascii::char_('-') | ascii::char_('_')) >> !ascii::graph];
const auto port_more = x3::raw[(x3::uint_ | port_names) >> !ascii::graph];

// A port match written straight into the entry's member M (no Port temporary per attempt). A
// failure after the operator fails the whole entry, so nothing half-written survives.
template <ast::Port ast::Ace::*M>
auto port_into() {
    auto kind = [](Op op) {
        return [op](auto& ctx) {
            auto& p = A(ctx).*M;
            p.op = op;
            p.present = true;
        };
    };
    auto push = [](auto& ctx) { x3::_pass(ctx) = (A(ctx).*M).ports.push(to_sv(x3::_attr(ctx))); };
    auto name = [](auto& ctx) { (A(ctx).*M).name = x3::_attr(ctx); };
    return ((kw("eq")[kind(Op::eq)] | kw("neq")[kind(Op::neq)]) >> sp >> port_first[push] >> *(sp >> port_more[push])) |
           ((kw("lt")[kind(Op::lt)] | kw("gt")[kind(Op::gt)]) >> sp >> port_first[push]) |
           (kw("range")[kind(Op::range)] >> sp >> port_first[push] >> sp >> port_first[push]) |
           (kw("portgroup")[kind(Op::object_group)] >> sp >> word[name]);
}

const x3::rule<struct source_port_r> source_port = "source port";
const x3::rule<struct destination_port_r> destination_port = "destination port";
const auto source_port_def = port_into<&ast::Ace::source_ports>();
const auto destination_port_def = port_into<&ast::Ace::destination_ports>();

BOOST_SPIRIT_DEFINE(address, std_address, mac_address, source_port, destination_port)

// ---- qualifiers ---------------------------------------------------------------------------------

template <class T>
auto to_ace(T ast::Ace::*member) {
    return [member](auto& ctx) { A(ctx).*member = x3::_attr(ctx); };
}
template <class T>
auto raw_to_ace(T ast::Ace::*member) {
    return [member](auto& ctx) { A(ctx).*member = to_sv(x3::_attr(ctx)); };
}
const auto push_option = [](auto& ctx) { x3::_pass(ctx) = A(ctx).options.push(to_sv(x3::_attr(ctx))); };
const auto push_flag = [](auto& ctx) { x3::_pass(ctx) = A(ctx).flags.push(to_sv(x3::_attr(ctx))); };
const auto set_sequence = [](auto& ctx) {
    A(ctx).has_sequence = true;
    A(ctx).sequence = x3::_attr(ctx);
};

bool icmp_protocol(std::string_view p) {
    return p == "icmp" || p == "1" || p == "58" || p == "icmpv6" || p == "icmp6";
}
bool igmp_protocol(std::string_view p) {
    return p == "igmp" || p == "2";
}

const auto number = x3::uint_ >> !ascii::graph;
const auto message_name = ascii::alpha >> *(ascii::alnum | ascii::char_('-')) >> !ascii::graph;
// ICMP `echo`, `3 4` (type and code) -> icmp_type; IGMP `host-query` -> options.
const auto has_messages = x3::eps[([](auto& ctx) {
    const auto p = A(ctx).protocol;
    x3::_pass(ctx) = icmp_protocol(p) || igmp_protocol(p);
})];
const auto message = has_messages >> x3::raw[(number >> -(sp >> number)) | (!keyword >> message_name)][([](auto& ctx) {
                         auto& a = A(ctx);
                         if (icmp_protocol(a.protocol))
                             a.icmp_type = to_sv(x3::_attr(ctx));
                         else
                             x3::_pass(ctx) = a.options.push(to_sv(x3::_attr(ctx)));
                     })];

const auto counter = x3::lit('(') >> x3::ulong_long[([](auto& ctx) {
                         A(ctx).has_matches = true;
                         A(ctx).matches = x3::_attr(ctx);
                     })] >>
                     sp >> (x3::lit("matches") | x3::lit("match")) >> ')';

const auto state_word = x3::lit("active")[([](auto& ctx) { A(ctx).state = "active"; })] |
                        x3::lit("inactive")[([](auto& ctx) { A(ctx).state = "inactive"; })];
const auto time_range = kw("time-range") >> sp >> word[to_ace(&ast::Ace::time_range)] >>
                        -(sp >> '(' >> state_word >> ')');

// `log`, `log-input`, show `log (tag = x)`, configuration `log cookie`.
const auto log_tag = x3::lit('(') >> "tag" >> *ascii::blank >> '=' >> *ascii::blank >> +(ascii::graph - ')') >> ')';
const auto log_clause = x3::raw[(kw("log-input") | kw("log")) >>
                                -(sp >> (log_tag | (!keyword >> !x3::lit('(') >> word)))][raw_to_ace(&ast::Ace::log)];

const auto compare =
    ((kw("eq") | kw("neq") | kw("lt") | kw("gt")) >> sp >> number) | (kw("range") >> sp >> number >> sp >> number);
const auto signed_flag = x3::raw[ascii::char_("+-") >> tcp_flags >> !ascii::graph];

const auto option_item =
    x3::raw[((kw("dscp") | kw("precedence") | kw("tos") | kw("option") | kw("routing-type") | kw("dest-option-type") |
              kw("mobility-type")) >>
             sp >> word) |
            kw("fragments") | ((kw("ttl") | kw("packet-length")) >> sp >> compare) |
            (kw("reflect") >> sp >> word >> -(sp >> kw("timeout") >> sp >> number)) |
            ((kw("idle-time") | kw("flow-label")) >> sp >> number) | kw("routing") | kw("auth") | kw("hbh") |
            kw("dest-option") | kw("mobility") | kw("undetermined-transport") | kw("smartlog") |
            // lock-and-key / reflexive entries in show output
            (x3::lit('(') >> "time" >> sp >> "left" >> sp >> x3::uint_ >> ')')][push_option];

// Most frequent first.
const auto tail_item =
    log_clause | counter | kw("established")[([](auto& ctx) { A(ctx).established = true; })] | time_range |
    (kw("sequence") >> sp >> x3::uint_[set_sequence]) | x3::raw[tcp_flags >> !ascii::graph][push_flag] |
    (x3::raw[kw("match-all") | kw("match-any")][push_flag] >> +(sp >> signed_flag[push_flag])) | option_item;
const auto tail = *(sp >> tail_item) >> *ascii::blank >> x3::eoi;

// ---- entries ------------------------------------------------------------------------------------

const auto action = kw("permit")[([](auto& ctx) { A(ctx).action = model::Ace::Action::permit; })] |
                    kw("deny")[([](auto& ctx) { A(ctx).action = model::Ace::Action::deny; })];
const auto remark = kw("remark")[([](auto& ctx) { A(ctx).action = model::Ace::Action::remark; })] >> *ascii::blank >>
                    text[to_ace(&ast::Ace::remark)] >> x3::eoi;
// `10 permit ...` and IPv6 configuration `sequence 10 permit ...`
const auto sequence_prefix =
    ((x3::uint_[set_sequence] >> !ascii::graph) | (kw("sequence") >> sp >> x3::uint_[set_sequence])) >> sp;
// Reflexive ACLs: `evaluate NAME` nests the entries the reflexive ACL holds at run time. They can
// only permit (reflexive entries are permits), so it reads as a permit qualified by the option.
const auto evaluate = x3::raw[kw("evaluate") >> sp >> word][([](auto& ctx) {
                          A(ctx).action = model::Ace::Action::permit;
                          x3::_pass(ctx) = A(ctx).options.push(to_sv(x3::_attr(ctx)));
                      })] >>
                      tail;
// Lock-and-key: `dynamic NAME [timeout N] permit ...` (show output capitalises `Dynamic`).
const auto dynamic =
    x3::raw[(kw("dynamic") | kw("Dynamic")) >> sp >> word >> -(sp >> kw("timeout") >> sp >> number)][push_option] >> sp;

const auto protocol = (kw("object-group") >> sp >> word[to_ace(&ast::Ace::protocol_object_group)]) |
                      (!keyword >> word[to_ace(&ast::Ace::protocol)]);

const auto extended_body = protocol >> sp >> address[to_ace(&ast::Ace::source)] >> -(sp >> source_port) >> sp
                           >> address[to_ace(&ast::Ace::destination)] >> -(sp >> destination_port) >>
                           -(sp >> message) >> tail;

const auto lead = *ascii::blank >> -sequence_prefix;

const x3::rule<struct extended_r> extended = "extended";
const auto extended_def = lead >> (remark | evaluate | (-dynamic >> action >> sp >> extended_body));

// IPv6: (standard IPv6 lists) an address only, or extended. The address-only reading goes first:
// it fails at once on a protocol word, so it leaves nothing behind for the extended reading.
const x3::rule<struct ipv6_entry_r> ipv6_entry = "ipv6 entry";
const auto ipv6_entry_def = lead >> (remark | evaluate |
                                     (-dynamic >> action >> sp >>
                                      ((address[to_ace(&ast::Ace::source)] >> tail) | extended_body)));

const x3::rule<struct standard_r> standard = "standard";
const auto standard_def = lead >> (remark | (action >> sp >> std_address[to_ace(&ast::Ace::source)] >> tail));

// Role-based (SGACL): `permit tcp dst eq 22`, `permit icmp echo-reply`, `deny ip log`.
const x3::rule<struct role_based_r> role_based = "role-based";
const auto role_based_def = lead >>
                            (remark | (action >> -(sp >> protocol) >> -(sp >> kw("src") >> sp >> source_port) >>
                                       -(sp >> kw("dst") >> sp >> destination_port) >> -(sp >> message) >> tail));

// MAC: `permit any host 0000.1111.2222 0x806 0x0 cos 3`: addresses, then the rest (ethertype, `cos`,
// `vlan`, `lsap` ...) kept as one option as written.
const auto mac_rest_start = x3::lit('(') | kw("log") | kw("log-input") | kw("time-range") | kw("sequence");
const x3::rule<struct mac_entry_r> mac_entry = "mac entry";
const auto mac_entry_def = lead >> (remark | (action >> sp >> mac_address[to_ace(&ast::Ace::source)] >>
                                              -(sp >> mac_address[to_ace(&ast::Ace::destination)]) >>
                                              -(sp >> x3::raw[(!mac_rest_start >> word) % sp][push_option]) >> tail));

BOOST_SPIRIT_DEFINE(extended, ipv6_entry, standard, role_based, mac_entry)

template <class Rule>
bool run(std::string_view line, const Rule& rule, ast::Ace& out) {
    auto first = line.begin();
    const bool ok = x3::parse(first, line.end(), x3::with<ace_tag>(out)[rule]);
    return ok && first == line.end();
}

}  // namespace

bool parse_ace(std::string_view entry_text, AceForm form, ast::Ace& out) {
    switch (form) {
        case AceForm::standard:
            return run(entry_text, standard, out);
        case AceForm::extended:
            return run(entry_text, extended, out);
        case AceForm::ipv6:
            return run(entry_text, ipv6_entry, out);
        case AceForm::role_based:
            return run(entry_text, role_based, out);
        case AceForm::mac:
            return run(entry_text, mac_entry, out);
    }
    return false;
}

}  // namespace vtyguard::parsers::cisco_ios::grammar
