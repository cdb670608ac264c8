// The one translation unit of this grammar. The summary row (matched token by token, not by
// column) is shared with cisco_ios/show_line_vty: parsers/cisco_ios/line_row.hpp.
#include "parsers/cisco_ios/show_line/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/line_row.hpp"
#include "parsers/cisco_ios/show_line/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_line {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::whole;

using x3::lit;

// The summary row and the header above it: see parsers/cisco_ios/line_row.hpp.
const x3::rule<struct row_r, ast::Row> row = "row";
const auto row_def = line_row::row_columns;
using line_row::header;
const auto not_async =
    lit("Line(s)") >> "not" >> "in" >> "async" >> "mode" >> "-or-" >> "with" >> "no" >> "hardware" >> "support" >> ':';
const auto range = x3::uint_ >> -('-' >> x3::uint_);
const auto line_ranges = range >> *(-lit(',') >> range) >> -lit(',');

BOOST_SPIRIT_DEFINE(row)

}  // namespace

ast::Kind parse_line(std::string_view line, ast::Row& out) {
    out = ast::Row{};
    if (whole(line, row, out)) return ast::Kind::row;
    out = ast::Row{};
    if (whole(line, header)) return ast::Kind::header;
    if (whole(line, not_async)) return ast::Kind::not_async;
    if (whole(line, line_ranges)) return ast::Kind::line_ranges;
    return ast::Kind::none;
}

}  // namespace vtyguard::parsers::cisco_ios::show_line
