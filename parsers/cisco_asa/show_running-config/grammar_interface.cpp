// The one translation unit of the interface-block grammar: `interface NAME` and the children
// that bear on SSH access (nameif, security level, addresses, management-only, shutdown,
// description). Children write into the AST through semantic actions on a context reference.
#include "parsers/cisco_asa/show_running-config/grammar_interface.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_asa::show_running_config {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::ipv4;
using x3s::ipv6;
using x3s::kw;
using x3s::kws;
using x3s::word;

using x3::lexeme;

struct out_tag;

template <typename Ctx>
auto& out(Ctx& ctx) {
    return x3::get<out_tag>(ctx);
}

using K = ast::InterfaceKind;

template <K k>
constexpr auto set_kind = [](auto& ctx) { out(ctx).kind = k; };

// `kind<k>(p)`: p, then the statement kind. The subject is omitted so that the actions inside p
// synthesize their own attributes (an action on a sequence would hand its parts down instead).
template <K k, typename P>
auto kind(const P& p) {
    return x3::omit[p][set_kind<k>];
}
const auto set_word = [](auto& ctx) { out(ctx).word = x3::_attr(ctx); };
const auto set_text = [](auto& ctx) { out(ctx).word = std::string(x3::_attr(ctx).begin(), x3::_attr(ctx).end()); };
const auto set_number = [](auto& ctx) { out(ctx).number = x3::_attr(ctx); };
const auto set_address = [](auto& ctx) { out(ctx).address = x3::_attr(ctx); };
const auto set_mask = [](auto& ctx) { out(ctx).mask = x3::_attr(ctx); };
const auto set_standby = [](auto& ctx) { out(ctx).standby = x3::_attr(ctx); };
const auto set_prefix = [](auto& ctx) { out(ctx).prefix_length = static_cast<int>(x3::_attr(ctx)); };
const auto set_addr_kind = [](auto& ctx) { out(ctx).addr_kind = x3::_attr(ctx); };

const auto prefix_len = x3::uint_parser<unsigned, 10, 1, 3>{};

// `ip address A M [standby B]`, `ip address dhcp [setroute]`, `ip address pppoe [setroute]`
const auto ip_address = kw("ip") >> kw("address") >> (kind<K::ipv4_address>(ipv4[set_address] >> ipv4[set_mask] >>
                                                                            -(kw("standby") >> ipv4[set_standby])) |
                                                      kind<K::ipv4_dhcp>(kw("dhcp") >> -kw("setroute")) |
                                                      kind<K::ipv4_pppoe>(kw("pppoe") >> -kw("setroute")));

// `ipv6 address A/len [eui-64] [standby B]`, `ipv6 address A link-local [standby B]`,
// `ipv6 address autoconfig [default] [trust dhcp]`, `ipv6 address dhcp [default]`, `ipv6 enable`
const auto ipv6_address =
    kw("ipv6") >>
    ((kw("address") >> (kind<K::ipv6_address>(lexeme[ipv6[set_address] >> '/' >> prefix_len[set_prefix]] >>
                                              -kws("eui-64")[set_addr_kind] >> -(kw("standby") >> ipv6[set_standby])) |
                        kind<K::ipv6_address>(ipv6[set_address] >> kws("link-local")[set_addr_kind] >>
                                              -(kw("standby") >> ipv6[set_standby])) |
                        kind<K::ipv6_autoconfig>(kw("autoconfig") >> *(kw("default") | (kw("trust") >> kw("dhcp")))) |
                        kind<K::ipv6_dhcp>(kw("dhcp") >> -kw("default")))) |
     kind<K::ipv6_enable>(kw("enable")));

const auto negated = kw("no") >> (kind<K::no_nameif>(kw("nameif")) | kind<K::no_security_level>(kw("security-level")) |
                                  kind<K::no_ipv4_address>(kw("ip") >> kw("address")) |
                                  kind<K::no_management_only>(kw("management-only")) |
                                  kind<K::no_shutdown>(kw("shutdown")) | kind<K::no_description>(kw("description")));

const x3::rule<struct child_r> child = "child";
const auto child_def = kind<K::nameif>(kw("nameif") >> word[set_word]) |
                       kind<K::security_level>(kw("security-level") >> x3::int_[set_number]) | ip_address |
                       ipv6_address | kind<K::management_only>(kw("management-only")) |
                       kind<K::shutdown>(kw("shutdown")) |
                       kind<K::description>(kw("description") >> x3::raw[lexeme[+x3::char_]][set_text]) | negated;

const x3::rule<struct head_r, std::string> head = "head";
const auto head_def = kw("interface") >> word;

BOOST_SPIRIT_DEFINE(child, head)

}  // namespace

bool parse_interface_head(std::string_view line, std::string& name) {
    name.clear();
    auto first = line.begin();
    return x3::phrase_parse(first, line.end(), head, x3::ascii::blank, name) && first == line.end();
}

bool parse_interface_child(std::string_view line, ast::InterfaceChild& o) {
    o = {};
    auto first = line.begin();
    if (!(x3::phrase_parse(first, line.end(), x3::with<out_tag>(o)[child], x3::ascii::blank) && first == line.end()))
        return false;
    // Alternatives tried before the one that matched may have left fields behind.
    ast::InterfaceChild clean;
    clean.kind = o.kind;
    switch (o.kind) {
        case K::nameif:
        case K::description:
            clean.word = o.word;
            break;
        case K::security_level:
            clean.number = o.number;
            break;
        case K::ipv4_address:
            clean.address = o.address;
            clean.mask = o.mask;
            clean.standby = o.standby;
            break;
        case K::ipv6_address:
            clean.address = o.address;
            clean.prefix_length = o.prefix_length;
            clean.standby = o.standby;
            clean.addr_kind = o.addr_kind;
            break;
        default:
            break;
    }
    o = std::move(clean);
    return true;
}

}  // namespace vtyguard::parsers::cisco_asa::show_running_config
