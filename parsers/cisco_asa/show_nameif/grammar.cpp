// The one translation unit of this grammar.
#include "parsers/cisco_asa/show_nameif/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_asa/show_nameif/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_asa::show_nameif {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::word;

const x3::rule<struct row_r, ast::Row> row = "row";
const auto row_def = word >> word >> x3::int_;

const auto header = x3::lit("Interface") >> "Name" >> "Security";

BOOST_SPIRIT_DEFINE(row)

}  // namespace

ast::Kind parse_line(std::string_view line, ast::Row& out) {
    out = ast::Row{};
    auto first = line.begin();
    if (x3::phrase_parse(first, line.end(), header, x3::ascii::blank) && first == line.end()) return ast::Kind::header;
    first = line.begin();
    if (x3::phrase_parse(first, line.end(), row, x3::ascii::blank, out) && first == line.end()) return ast::Kind::row;
    out = ast::Row{};
    return ast::Kind::none;
}

}  // namespace vtyguard::parsers::cisco_asa::show_nameif
