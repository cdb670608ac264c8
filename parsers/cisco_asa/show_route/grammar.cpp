// The one translation unit of this grammar.
#include "parsers/cisco_asa/show_route/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_asa/show_route/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_asa::show_route {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::field;
using x3s::ipv4_digits;
using x3s::whole;

using x3::lexeme;
using x3::lit;
using x3::omit;
using x3::raw;
using x3::uint_;
using x3::ascii::alnum;
using x3::ascii::alpha;

const x3::rule<struct entry_r, ast::Entry> entry = "entry";
const auto entry_def = lit("Routing") >> "entry" >> "for" >> ipv4_digits >> ipv4_digits >> -(',' >> omit[*x3::char_]);

const x3::rule<struct known_via_r, std::string> known_via = "known_via";
const auto known_via_def = lit("Known") >> "via" >> '"' >> lexeme[*(x3::char_ - '"')] >> '"' >> omit[*x3::char_];

const auto set_next_hop = [](auto& ctx) { x3::_val(ctx).next_hop = x3::_attr(ctx); };
const auto set_interface = [](auto& ctx) { x3::_val(ctx).interface = x3::_attr(ctx); };

const auto segment = (lit("via") >> field[set_interface]) | (lit("from") >> omit[ipv4_digits]) | (omit[field] >> "ago");

const x3::rule<struct hop_r, ast::Hop> hop = "hop";
const auto hop_def = -lit('*') >> ((lit("directly") >> "connected") | ipv4_digits[set_next_hop]) >> *(',' >> segment);

const auto not_in_table = lit('%') >> (lit("Network") | "Subnet") >> "not" >> "in" >> "table";
const auto codes = lit("Codes:") >> omit[*x3::char_];

// `[1/0] via 192.0.2.1, outside`, `[110/20] via 10.1.1.2, 1:02:03, inside`
const auto distance = lit('[') >> omit[uint_] >> '/' >> omit[uint_] >> ']';
const x3::rule<struct table_hop_r, ast::Hop> table_hop = "table_hop";
const auto table_hop_def = distance >> "via" >> ipv4_digits[set_next_hop] >> ',' >>
                           -(omit[field] >> ',') >> field[set_interface];

const auto set_code = [](auto& ctx) { x3::_val(ctx).code = x3::_attr(ctx); };
const auto set_address = [](auto& ctx) { x3::_val(ctx).address = x3::_attr(ctx); };
const auto set_mask = [](auto& ctx) { x3::_val(ctx).mask = x3::_attr(ctx); };
const auto set_hop = [](auto& ctx) { x3::_val(ctx).hop = x3::_attr(ctx); };
const auto set_direct = [](auto& ctx) { x3::_val(ctx).hop.interface = x3::_attr(ctx); };

const x3::rule<struct code_r, std::string> code = "code";
const auto code_def = raw[lexeme[+alpha >> -('*' >> *alnum)]];
struct SubTypes : x3::symbols<x3::unused_type> {
    SubTypes() {
        for (const char* s : {"IA", "E1", "E2", "N1", "N2", "EX", "L1", "L2", "ia", "su"}) add(s);
    }
};
const SubTypes sub_type;

const x3::rule<struct table_route_r, ast::TableRoute> table_route = "table_route";
const auto table_route_def = code[set_code] >> -lexeme[sub_type >> &x3::ascii::blank] >> ipv4_digits[set_address] >>
                             ipv4_digits[set_mask] >>
                             ((lit("is") >> "directly" >> "connected" >> ',' >> field[set_direct]) |
                              table_hop[set_hop]);

BOOST_SPIRIT_DEFINE(entry, known_via, hop, table_hop, code, table_route)

}  // namespace

void parse_line(std::string_view line, ast::Line& out) {
    out = ast::Line{};
    if (whole(line, hop, out.hop)) {
        out.kind = ast::Kind::hop;
    } else if (out.hop = {}, whole(line, table_hop, out.hop)) {
        out.kind = ast::Kind::table_hop;
    } else if (whole(line, table_route, out.table_route)) {
        out.kind = ast::Kind::table_route;
    } else if (whole(line, known_via, out.word)) {
        out.kind = ast::Kind::known_via;
    } else if (whole(line, entry, out.entry)) {
        out.kind = ast::Kind::entry;
    } else if (whole(line, not_in_table)) {
        out.kind = ast::Kind::not_in_table;
    } else if (whole(line, codes)) {
        out.kind = ast::Kind::codes;
    } else {
        out = ast::Line{};
    }
}

}  // namespace vtyguard::parsers::cisco_asa::show_route
