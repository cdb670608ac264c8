// The one translation unit of the `ip ssh` grammar. Each statement has its own small rule;
// parse_ip_ssh() tries them in turn (they differ in their third word, so a wrong one fails at
// once).
#include "parsers/cisco_ios/show_running-config/grammar_ssh.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_running-config/ast_ssh_adapted.hpp"
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
using x3::ascii::graph;

const auto ip_ssh = kw("ip") >> kw("ssh");
const auto any_words = omit[*word];

// Keyword values as their own std::string rules: a raw[] directly inside a sequence whose
// attribute is a string would be asked to fill one character.
const x3::rule<struct version_number_r, std::string> version_number = "version_number";
const auto version_number_def = x3::raw[lexeme[x3::char_("12") >> !graph]];

const x3::rule<struct version_r, std::string> version = "version";
const auto version_def = ip_ssh >> kw("version") >> version_number;

const x3::rule<struct timeout_r, int> timeout = "timeout";
const auto timeout_def = ip_ssh >> kw("time-out") >> int_;

const x3::rule<struct retries_r, int> retries = "retries";
const auto retries_def = ip_ssh >> kw("authentication-retries") >> int_;

const x3::rule<struct port_rotary_r, ast::SshPortRotary> port_rotary = "port_rotary";
const auto port_rotary_def = ip_ssh >> kw("port") >> int_ >> kw("rotary") >> +int_;

const x3::rule<struct keypair_r, std::string> keypair = "keypair";
const auto keypair_def = ip_ssh >> kw("rsa") >> kw("keypair-name") >> word;

const x3::rule<struct maxstartups_r, int> maxstartups = "maxstartups";
const auto maxstartups_def = ip_ssh >> kw("maxstartups") >> int_;

const x3::rule<struct source_interface_r, std::string> source_interface = "source_interface";
const auto source_interface_def = ip_ssh >> kw("source-interface") >> word;

const x3::rule<struct dh_r, int> dh = "dh";
const auto dh_def = ip_ssh >> kw("dh") >> kw("min") >> kw("size") >> int_;

const auto algorithm_type =
    x3::raw[lexeme[(x3::lit("encryption") | "mac" | "kex" | "hostkey" | "publickey" | "authentication") >> !graph]];
const x3::rule<struct algorithm_r, ast::SshAlgorithm> algorithm = "algorithm";
const auto algorithm_def = ip_ssh >> kw("server") >> kw("algorithm") >> algorithm_type >> +word;

const auto logging_events = ip_ssh >> kw("logging") >> kw("events");
const auto pubkey_chain = ip_ssh >> kw("pubkey-chain");

const x3::rule<struct user_method_r, std::string> user_method = "user_method";
const auto user_method_def = x3::raw[lexeme[(x3::lit("publickey") | "password" | "keyboard") >> !graph]];

const x3::rule<struct authenticate_r, std::string> authenticate = "authenticate";
const auto authenticate_def = ip_ssh >> kw("server") >> kw("authenticate") >> kw("user") >> user_method;

const auto client = ip_ssh >> kw("client") >> +omit[word];

// Understood, not modelled: they do not change whether or how SSH is accepted.
const auto unmodelled = ip_ssh >>
                        ((kw("bulk-mode") >> any_words) | (kw("window-size") >> int_) |
                         (kw("break-string") >> any_words) | (kw("dscp") >> int_) | (kw("precedence") >> int_) |
                         kw("stricthostkeycheck") | (kw("rekey") >> +omit[word]) |
                         (kw("server") >> kw("certificate") >> any_words) | (kw("server") >> kw("peer") >> any_words));

// `no ip ssh X ...` for any X we know: the raw line is kept; nothing else changes.
const auto negated = kw("no") >> ip_ssh >>
                     (kw("version") | kw("time-out") | kw("authentication-retries") | kw("port") | kw("rsa") |
                      kw("maxstartups") | kw("source-interface") | kw("dh") | kw("server") | kw("logging") |
                      kw("pubkey-chain") | kw("client") | kw("bulk-mode") | kw("window-size") | kw("break-string") |
                      kw("dscp") | kw("precedence") | kw("stricthostkeycheck") | kw("rekey")) >>
                     any_words;

BOOST_SPIRIT_DEFINE(version_number, user_method, version, timeout, retries, port_rotary, keypair, maxstartups,
                    source_interface, dh, algorithm, authenticate)

}  // namespace

bool parse_ip_ssh(std::string_view line, ast::IpSsh& out) {
    using K = ast::SshKind;
    const x3s::Attempt<ast::IpSsh> attempt{line, out};
    if (attempt(version, out.word, K::version) || attempt(timeout, out.number, K::timeout) ||
        attempt(retries, out.number, K::retries) || attempt(port_rotary, out.port_rotary, K::port_rotary) ||
        attempt(keypair, out.word, K::keypair_name) || attempt(maxstartups, out.number, K::maxstartups) ||
        attempt(source_interface, out.word, K::source_interface) || attempt(dh, out.number, K::dh_min_size) ||
        attempt(algorithm, out.algorithm, K::server_algorithm) || attempt(logging_events, K::logging_events) ||
        attempt(pubkey_chain, K::pubkey_chain) || attempt(authenticate, out.word, K::server_authenticate) ||
        attempt(client, K::client) || attempt(unmodelled, K::unmodelled) || attempt(negated, K::negated))
        return true;
    out = ast::IpSsh{};
    return false;
}

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
