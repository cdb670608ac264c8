// The one translation unit of this grammar.
#include "parsers/cisco_ios/show_ip_route/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_ip_route/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_ip_route {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::field;
using x3s::ipv4_digits;
using x3s::whole;
using x3s::word;

using x3::lexeme;
using x3::lit;
using x3::omit;
using x3::ascii::graph;

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
const auto segment = (lit("via") >> field[set_interface]) | (lit("from") >> omit[ipv4_digits]) | (omit[field] >> "ago");

const x3::rule<struct hop_r, ast::Hop> hop = "hop";
const auto hop_def = -lit('*') >> ((lit("directly") >> "connected") |
                                   (ipv4_digits[set_next_hop] >> -('(' >> omit[lexeme[+(graph - ')')]] >> ')'))) >>
                     *(',' >> segment);

const auto not_in_table = lit('%') >> (lit("Network") | "Subnet") >> "not" >> "in" >> "table";

BOOST_SPIRIT_DEFINE(routing_table, entry, known_via, hop)

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
