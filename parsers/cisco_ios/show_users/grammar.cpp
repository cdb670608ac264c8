// The one translation unit of this grammar.
//
// A session row is token based: `[*] ABS TYPE REL [USER] HOST IDLE [LOCATION]`. The User column
// is blank for lines nobody logged into (the console without `login`), so a row is tried first
// with a user and then without one; the Idle column (`00:00:00`, `1w2d`, `2d03h`) anchors both.
#include "parsers/cisco_ios/show_users/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_users/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_users {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::whole;
using x3s::word;

using x3::attr;
using x3::lexeme;
using x3::lit;
using x3::raw;
using x3::ascii::alpha;
using x3::ascii::digit;
using x3::ascii::graph;

const x3::rule<struct number_r, std::string> number = "number";
const auto number_def = lexeme[+digit];

// `00:00:00`, `01:02`, `1w2d`, `2d03h`; a whole token, so an IPv6 location (`2001:db8::7`) never
// passes for one.
const auto clock = +digit >> ':' >> digit >> digit >> -(':' >> digit >> digit);
const auto span = +(+digit >> x3::char_("wdhmsy"));
const x3::rule<struct idle_r, std::string> idle = "idle";
const auto idle_def = raw[lexeme[(clock | span) >> !graph]];

const x3::rule<struct star_r, std::string> star = "star";
const auto star_def = raw[-lit('*')];

const x3::rule<struct with_user_r, ast::Session> with_user = "with_user";
const auto with_user_def = star >> number >> lexeme[+alpha] >> number >> word >> word >> idle >> -word;

const x3::rule<struct without_user_r, ast::Session> without_user = "without_user";
const auto without_user_def = star >> number >> lexeme[+alpha] >> number >> attr(std::string()) >> word >> idle >>
                              -word;

const auto header = lit("Line") >> "User" >> "Host(s)" >> "Idle" >> "Location";
const auto interface_header = lit("Interface") >> "User" >> "Mode" >> "Idle" >> "Peer" >> "Address";

BOOST_SPIRIT_DEFINE(number, idle, star, with_user, without_user)

}  // namespace

ast::Kind parse_line(std::string_view line, ast::Session& session) {
    session = ast::Session{};
    if (whole(line, with_user, session)) return ast::Kind::session;
    session = ast::Session{};
    if (whole(line, without_user, session)) return ast::Kind::session;
    session = ast::Session{};
    if (whole(line, header)) return ast::Kind::header;
    if (whole(line, interface_header)) return ast::Kind::interface_header;
    return ast::Kind::none;
}

}  // namespace vtyguard::parsers::cisco_ios::show_users
