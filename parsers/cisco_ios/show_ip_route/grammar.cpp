// The one translation unit of this grammar.
#include "parsers/cisco_ios/show_ip_route/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_ip_route/ast_adapted.hpp"

namespace vtyguard::parsers::cisco_ios::show_ip_route {

namespace x3 = boost::spirit::x3;

namespace {

using x3::digit;
using x3::graph;
using x3::lexeme;
using x3::lit;
using x3::omit;
using x3::raw;

const x3::rule<struct word_r, std::string> word = "word";
const auto word_def = lexeme[+graph];

// a token up to a comma: interface names, ages
const x3::rule<struct field_r, std::string> field = "field";
const auto field_def = lexeme[+(graph - ',')];

const x3::rule<struct ipv4_r, std::string> ipv4 = "ipv4";
const auto ipv4_def = raw[lexeme[+digit >> '.' >> +digit >> '.' >> +digit >> '.' >> +digit]];

const x3::rule<struct routing_table_r, std::string> routing_table = "routing_table";
const auto routing_table_def = lit("Routing") >> "Table:" >> word;

// `10.1.1.0/24`, optionally followed by `, supernet` or `, 3 known subnets`
const x3::rule<struct entry_r, std::string> entry = "entry";
const auto entry_def = lit("Routing") >> "entry" >> "for" >> field >> -(',' >> omit[*x3::char_]);

const x3::rule<struct known_via_r, std::string> known_via = "known_via";
const auto known_via_def = lit("Known") >> "via" >> '"' >> lexeme[*(x3::char_ - '"')] >> '"' >> omit[*x3::char_];

const auto set_next_hop = [](auto& ctx) { x3::_val(ctx).next_hop = x3::_attr(ctx); };
const auto set_interface = [](auto& ctx) { x3::_val(ctx).interface = x3::_attr(ctx); };

// Segments after the next hop, in the order IOS prints them: `from A`, `AGE ago`, `via IF`.
const auto segment = (lit("via") >> field[set_interface]) | (lit("from") >> omit[ipv4]) | (omit[field] >> "ago");

const x3::rule<struct hop_r, ast::Hop> hop = "hop";
const auto hop_def = -lit('*') >> ((lit("directly") >> "connected") |
                                   (ipv4[set_next_hop] >> -('(' >> omit[lexeme[+(graph - ')')]] >> ')'))) >>
                     *(',' >> segment);

const auto not_in_table = lit('%') >> (lit("Network") | "Subnet") >> "not" >> "in" >> "table";

BOOST_SPIRIT_DEFINE(word, field, ipv4, routing_table, entry, known_via, hop)

template <typename Parser, typename Attr>
bool whole(std::string_view line, const Parser& p, Attr& attr_out) {
    auto first = line.begin();
    return x3::phrase_parse(first, line.end(), p, x3::blank, attr_out) && first == line.end();
}

template <typename Parser>
bool whole(std::string_view line, const Parser& p) {
    auto first = line.begin();
    return x3::phrase_parse(first, line.end(), p, x3::blank) && first == line.end();
}

}  // namespace

void parse_line(std::string_view line, ast::Line& out) {
    out = ast::Line{};
    if (whole(line, hop, out.hop)) {
        out.kind = ast::Kind::hop;
    } else if (whole(line, known_via, out.word)) {
        out.kind = ast::Kind::known_via;
    } else if (out.word.clear(), whole(line, entry, out.word)) {
        out.kind = ast::Kind::entry;
    } else if (out.word.clear(), whole(line, routing_table, out.word)) {
        out.kind = ast::Kind::routing_table;
    } else if (whole(line, not_in_table)) {
        out.kind = ast::Kind::not_in_table;
    } else {
        out = ast::Line{};
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_ip_route
