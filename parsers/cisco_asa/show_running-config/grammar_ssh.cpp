// The one translation unit of the management-access grammar: `ssh ...` and `telnet ...`
// statements of an ASA configuration. Statements write into the AST through semantic actions on
// a context reference (x3::with); settings are tried before the allow-list form, whose first
// word may be a `name`.
#include "parsers/cisco_asa/show_running-config/grammar_ssh.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_asa::show_running_config {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::ipv4;
using x3s::ipv6;
using x3s::kw;
using x3s::word;

using x3::lexeme;
using x3::omit;
using x3::uint_;

struct out_tag;

template <typename Ctx>
auto& out(Ctx& ctx) {
    return x3::get<out_tag>(ctx);
}

// ---- allow-list entries (shared by ssh and telnet) ------------------------------------------
const auto set_address = [](auto& ctx) { out(ctx).allow.address = x3::_attr(ctx); };
const auto set_name_address = [](auto& ctx) {
    out(ctx).allow.address = x3::_attr(ctx);
    out(ctx).allow.address_is_name = true;
};
const auto set_v6_address = [](auto& ctx) {
    out(ctx).allow.address = x3::_attr(ctx);
    out(ctx).allow.ipv6 = true;
};
const auto set_mask = [](auto& ctx) { out(ctx).allow.mask = x3::_attr(ctx); };
const auto set_prefix = [](auto& ctx) { out(ctx).allow.prefix_length = static_cast<int>(x3::_attr(ctx)); };
const auto set_interface = [](auto& ctx) { out(ctx).allow.interface = x3::_attr(ctx); };

// `A M NAMEIF` (A may be a `name`), `A/len NAMEIF`, `A NAMEIF` (IPv6 host).
const auto prefix_len = x3::uint_parser<unsigned, 10, 1, 3>{};
const x3::rule<struct allow_r> allow = "allow";
const auto allow_def =
    ((ipv4[set_address] | (!ipv6 >> word)[set_name_address]) >> ipv4[set_mask] >> word[set_interface]) |
    (lexeme[ipv6[set_v6_address] >> -('/' >> prefix_len[set_prefix])] >> word[set_interface]);

// ---- ssh -----------------------------------------------------------------------------------
using K = ast::SshKind;

template <K k>
constexpr auto set_kind = [](auto& ctx) { out(ctx).kind = k; };

// `kind<k>(p)`: p, then the statement kind. The subject is omitted so that the actions inside p
// synthesize their own attributes (an action on a sequence would hand its parts down instead).
template <K k, typename P>
auto kind(const P& p) {
    return x3::omit[p][set_kind<k>];
}
const auto set_number = [](auto& ctx) { out(ctx).number = static_cast<int>(x3::_attr(ctx)); };
const auto set_value = [](auto& ctx) { out(ctx).value = std::string(x3::_attr(ctx).begin(), x3::_attr(ctx).end()); };
const auto add_word = [](auto& ctx) { out(ctx).words.push_back(x3::_attr(ctx)); };

// `all`, `fips`, `high`, `low`, `medium`, `custom aes256-ctr:aes192-ctr`
const auto cipher_level =
    x3::raw[kw("all") | kw("fips") | kw("high") | kw("low") | kw("medium") | (kw("custom") >> omit[word])];

const auto ssh_setting =
    kind<K::version>(kw("version") >> uint_[set_number]) | kind<K::timeout>(kw("timeout") >> uint_[set_number]) |
    kind<K::key_exchange>(kw("key-exchange") >> kw("group") >> +word[add_word]) |
    kind<K::cipher_encryption>(kw("cipher") >> kw("encryption") >> cipher_level[set_value]) |
    kind<K::cipher_integrity>(kw("cipher") >> kw("integrity") >> cipher_level[set_value]) |
    kind<K::stricthostkeycheck>(kw("stricthostkeycheck")) | kind<K::pubkey_chain>(kw("pubkey-chain")) |
    // understood, nothing in the model: secure copy, the SSH stack, the host-key type, the
    // client-side key settings (`ssh authentication`, `ssh rsa`), the login notification
    kind<K::unmodelled>((kw("scopy") >> kw("enable")) | (kw("stack") >> kw("ciscossh")) |
                        (kw("key-exchange") >> kw("hostkey") >> omit[word]) | (kw("authentication") >> omit[+word]) |
                        (kw("rsa") >> omit[+word]) | (kw("notification") >> omit[+word]));

const x3::rule<struct ssh_r> ssh = "ssh";
const auto ssh_def = (kw("ssh") >> (ssh_setting | kind<K::allow>(allow))) |
                     (kw("no") >> kw("ssh") >> (kind<K::no_stricthostkeycheck>(kw("stricthostkeycheck")) |
                                                kind<K::unmodelled>(kw("stack") >> kw("ciscossh"))));

// ---- telnet --------------------------------------------------------------------------------
const auto telnet_timeout = [](auto& ctx) {
    out(ctx).kind = ast::TelnetKind::timeout;
    out(ctx).number = static_cast<int>(x3::_attr(ctx));
};
const x3::rule<struct telnet_r> telnet = "telnet";
const auto telnet_def = kw("telnet") >> ((kw("timeout") >> uint_[telnet_timeout]) | allow);

BOOST_SPIRIT_DEFINE(allow, ssh, telnet)

template <typename Parser, typename Out>
bool whole_with(std::string_view line, const Parser& p, Out& o) {
    auto first = line.begin();
    return x3::phrase_parse(first, line.end(), x3::with<out_tag>(o)[p], x3::ascii::blank) && first == line.end();
}

}  // namespace

bool parse_ssh(std::string_view line, ast::SshStatement& o) {
    o = {};
    if (!whole_with(line, ssh, o)) return false;
    // A failed alternative may have left allow fields behind; keep them only for an allow entry.
    if (o.kind != ast::SshKind::allow) o.allow = {};
    return true;
}

bool parse_telnet(std::string_view line, ast::TelnetStatement& o) {
    o = {};
    return whole_with(line, telnet, o);
}

}  // namespace vtyguard::parsers::cisco_asa::show_running_config
