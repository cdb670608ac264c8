// The one translation unit of this grammar: the ACL header lines (the entries themselves are read
// by parsers/cisco_ios/acl).
#include "parsers/cisco_ios/show_access-lists/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_access-lists/ast_adapted.hpp"

namespace vtyguard::parsers::cisco_ios::show_access_lists {

namespace x3 = boost::spirit::x3;
// ASCII character classes: table lookups, where the standard ones call the C library per character.
namespace ascii = boost::spirit::x3::ascii;

namespace {

template <std::size_t N>
auto kw(const char (&s)[N]) {
    return x3::lexeme[x3::lit(s) >> !ascii::graph];
}

const x3::rule<struct kind_r, std::string> kind = "kind";
const auto kind_def =
    x3::raw[-(kw("Standard") | kw("Extended") | kw("Role-based") | kw("Reflexive") | kw("FQDN") | kw("Dynamic")) >>
            (kw("IPv6") | kw("IP") | kw("MAC"))];
const x3::rule<struct name_r, std::string> name = "name";
const auto name_def = x3::lexeme[+ascii::graph];
const x3::rule<struct suffix_r, std::string> suffix = "suffix";
const auto suffix_def = x3::lexeme['(' >> +(x3::standard::char_ - ')') >> ')'];
const x3::rule<struct header_r, ast::Header> header = "header";
const auto header_def = kind >> x3::lit("access") >> "list" >> name >> *suffix;

BOOST_SPIRIT_DEFINE(kind, name, suffix, header)

}  // namespace

bool parse_header(std::string_view line, ast::Header& out) {
    auto first = line.begin();
    return x3::phrase_parse(first, line.end(), header, ascii::blank, out) && first == line.end();
}

}  // namespace vtyguard::parsers::cisco_ios::show_access_lists
