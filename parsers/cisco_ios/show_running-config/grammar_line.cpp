// The one translation unit of the `line` block grammar: the block head and one small rule per
// modelled statement, tried in turn by parse_line_child().
#include "parsers/cisco_ios/show_running-config/grammar_line.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_running-config/ast_line_adapted.hpp"
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

struct LineTypes : x3::symbols<std::string> {
    LineTypes() { add("vty", "vty")("con", "con")("console", "con")("aux", "aux")("tty", "tty"); }
};
const LineTypes line_type;

const x3::rule<struct head_r, ast::LineHead> head = "head";
const auto head_def = kw("line") >> (lexeme[line_type >> !graph] | x3::attr(std::string())) >> int_ >> -int_;

const x3::rule<struct words_r, std::vector<std::string>> words = "words";
const auto words_def = +word;

const x3::rule<struct transport_input_r, std::vector<std::string>> transport_input = "transport_input";
const auto transport_input_def = kw("transport") >> kw("input") >> words;

const x3::rule<struct transport_output_r, std::vector<std::string>> transport_output = "transport_output";
const auto transport_output_def = kw("transport") >> kw("output") >> words;

const x3::rule<struct transport_preferred_r, std::string> transport_preferred = "transport_preferred";
const auto transport_preferred_def = kw("transport") >> kw("preferred") >> word;

const auto direction = x3::raw[lexeme[(x3::lit("in") | "out") >> !graph]];

const x3::rule<struct access_class_r, ast::LineAccessClass> access_class = "access_class";
const auto access_class_def = kw("access-class") >> word >> direction >> x3::matches[kw("vrf-also")];

const x3::rule<struct ipv6_access_class_r, ast::LineAccessClass> ipv6_access_class = "ipv6_access_class";
const auto ipv6_access_class_def = kw("ipv6") >> kw("access-class") >> word >> direction >> x3::attr(false);

const x3::rule<struct exec_timeout_r, ast::ExecTimeout> exec_timeout = "exec_timeout";
const auto exec_timeout_def = kw("exec-timeout") >> int_ >> -int_;

const auto login = kw("login");
const auto login_local = kw("login") >> kw("local");
const x3::rule<struct login_authentication_r, std::string> login_authentication = "login_authentication";
const auto login_authentication_def = kw("login") >> kw("authentication") >> word;
const auto no_login = kw("no") >> kw("login");

// `password 7 0822455D0A16`, `password cisco`: the value is consumed and never kept.
const auto password = kw("password") >> omit[lexeme[+x3::char_]];

const x3::rule<struct rotary_r, int> rotary = "rotary";
const auto rotary_def = kw("rotary") >> int_ >> omit[*(kw("queued") | kw("round-robin"))];

const x3::rule<struct privilege_r, int> privilege = "privilege";
const auto privilege_def = kw("privilege") >> kw("level") >> int_;

const auto exec = kw("exec");
const auto no_exec = kw("no") >> kw("exec");

const x3::rule<struct authorization_exec_r, std::string> authorization_exec = "authorization_exec";
const auto authorization_exec_def = kw("authorization") >> kw("exec") >> word;

const auto vacant_message = kw("vacant-message") >> omit[lexeme[*x3::char_]];
const auto no_vacant_message = kw("no") >> kw("vacant-message");

BOOST_SPIRIT_DEFINE(head, words, transport_input, transport_output, transport_preferred, access_class,
                    ipv6_access_class, exec_timeout, login_authentication, rotary, privilege, authorization_exec)

}  // namespace

bool parse_line_head(std::string_view line, ast::LineHead& out) {
    out = {};
    return whole(line, head, out);
}

bool parse_line_child(std::string_view line, ast::LineChild& out) {
    using K = ast::LineKind;
    const x3s::Attempt<ast::LineChild> attempt{line, out};
    if (attempt(transport_input, out.words, K::transport_input) ||
        attempt(transport_output, out.words, K::transport_output) ||
        attempt(transport_preferred, out.word, K::transport_preferred) ||
        attempt(access_class, out.access_class, K::access_class) ||
        attempt(ipv6_access_class, out.access_class, K::ipv6_access_class) ||
        attempt(exec_timeout, out.exec_timeout, K::exec_timeout) || attempt(login, K::login) ||
        attempt(login_local, K::login_local) || attempt(login_authentication, out.word, K::login_authentication) ||
        attempt(no_login, K::no_login) || attempt(password, K::password) || attempt(rotary, out.number, K::rotary) ||
        attempt(privilege, out.number, K::privilege_level) || attempt(exec, K::exec) || attempt(no_exec, K::no_exec) ||
        attempt(authorization_exec, out.word, K::authorization_exec) || attempt(vacant_message, K::vacant_message) ||
        attempt(no_vacant_message, K::no_vacant_message))
        return true;
    out = ast::LineChild{};
    return false;
}

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
