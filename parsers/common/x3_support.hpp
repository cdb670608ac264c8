// Spirit X3 building blocks that many grammar translation units repeated word for word: the
// whole-line parse helpers, keywords, and the plain token rules.
//
// Include it ONLY from a grammar translation unit (grammar*.cpp, members.cpp), never from a
// header: it pulls in X3, and each grammar is compiled alone in its own TU (see
// vtyguard_add_grammar in cmake/). Everything is in an unnamed namespace, so each TU gets its own
// copy of the rules, exactly as when they were written out in the TU.
//
// Only the forms that are literally the same across TUs live here. A TU whose token differs in
// any way (string_view attribute, another definition under the same name) keeps its own.
//
// Character classes are x3::ascii's in every grammar, never x3::standard's (x3::graph, x3::space,
// ...): standard's hand a byte >= 0x80 of `char` input to <cctype> as a negative int, which is
// undefined behaviour and a Boost assertion in Debug builds (device output carries UTF-8 in
// descriptions, banners and names). ascii's classes reject such a byte before classifying it,
// which is what standard's returned in glibc's C locale, so no parse changes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/spirit/home/x3.hpp>

namespace vtyguard::parsers::x3s {

namespace x3 = boost::spirit::x3;

namespace {

// True when `p` matches all of `line`, blanks between tokens skipped.
template <typename Parser>
bool whole(std::string_view line, const Parser& p) {
    auto first = line.begin();
    return x3::phrase_parse(first, line.end(), p, x3::ascii::blank) && first == line.end();
}

template <typename Parser, typename Attr>
bool whole(std::string_view line, const Parser& p, Attr& attr) {
    auto first = line.begin();
    return x3::phrase_parse(first, line.end(), p, x3::ascii::blank, attr) && first == line.end();
}

// Tries one statement form after another on a line, each into a fresh `out` (a rule that fails
// half-way may have filled fields), and tags `out` with the form that matched:
//   Attempt<ast::LineChild> attempt{line, out};
//   if (attempt(transport_input, out.words, K::transport_input) || attempt(no_exec, K::no_exec)) ...
template <typename Out>
struct Attempt {
    std::string_view line;
    Out& out;

    template <typename Parser, typename Attr, typename Kind>
    bool operator()(const Parser& p, Attr& attr, Kind kind) const {
        out = Out{};
        if (!whole(line, p, attr)) return false;
        out.kind = kind;
        return true;
    }

    template <typename Parser, typename Kind>
    bool operator()(const Parser& p, Kind kind) const {
        out = Out{};
        if (!whole(line, p)) return false;
        out.kind = kind;
        return true;
    }
};

// A keyword: the literal followed by a blank or the end of the line (`login` must not match
// `login-foo`).
template <std::size_t N>
auto kw(const char (&s)[N]) {
    return x3::lexeme[x3::lit(s) >> !x3::ascii::graph];
}

// A keyword whose text is the attribute.
template <std::size_t N>
auto kws(const char (&s)[N]) {
    return x3::lexeme[x3::string(s) >> !x3::ascii::graph];
}

// A blank-separated token.
const x3::rule<struct word_r, std::string> word = "word";
const auto word_def = x3::lexeme[+x3::ascii::graph];

// The rest of the line, possibly empty.
const x3::rule<struct rest_r, std::string> rest = "rest";
const auto rest_def = x3::lexeme[*x3::char_];

// A token up to a comma (`show route` / `show ip route` nameifs, interfaces, ages).
const x3::rule<struct field_r, std::string> field = "field";
const auto field_def = x3::lexeme[+(x3::ascii::graph - ',')];

// Dotted quad of 1-3 digit numbers that ends the token (configuration addresses and masks).
const x3::uint_parser<unsigned, 10, 1, 3> octet;
const x3::rule<struct ipv4_r, std::string> ipv4 = "ipv4";
const auto ipv4_def = x3::raw[x3::lexeme[octet >> '.' >> octet >> '.' >> octet >> '.' >> octet >> !x3::ascii::graph]];

// Four dot-separated digit runs, checked loosely and not required to end the token (routing
// table addresses and next hops).
const x3::rule<struct ipv4_digits_r, std::string> ipv4_digits = "ipv4";
const auto ipv4_digits_def = x3::raw[x3::lexeme[+x3::ascii::digit >> '.' >> +x3::ascii::digit >> '.' >>
                                                +x3::ascii::digit >> '.' >> +x3::ascii::digit]];

// IPv6 address text: hex digits, colons and dots, with at least one colon (`::`, `2001:db8::1`,
// `::ffff:10.0.0.1`).
const auto v6char = x3::ascii::xdigit | ':' | '.';
const x3::rule<struct ipv6_r, std::string> ipv6 = "ipv6";
const auto ipv6_def = x3::raw[x3::lexeme[*(x3::ascii::xdigit | '.') >> ':' >> *v6char]];

BOOST_SPIRIT_DEFINE(word, rest, field, ipv4, ipv4_digits, ipv6)

}  // namespace

}  // namespace vtyguard::parsers::x3s
