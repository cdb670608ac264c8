// The one translation unit of this grammar.
//
// The summary row rule is the one of cisco_ios/show_line, shared through
// parsers/cisco_ios/line_row.hpp (a header, so each parser may still be built without the other).
#include "parsers/cisco_ios/show_line_vty/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/line_row.hpp"
#include "parsers/cisco_ios/show_line_vty/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_line_vty {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::whole;

using x3::lexeme;
using x3::lit;
using x3::omit;
using x3::uint_;
using x3::ascii::alpha;
using x3::ascii::graph;

// The summary row and the header above it: see parsers/cisco_ios/line_row.hpp.
const x3::rule<struct row_r, ast::Row> row = "row";
const auto row_def = line_row::row_columns;
using line_row::header;

// `Line 2, Location: "", Type: "XTERM"` (Location and Type are free text, not kept)
const x3::rule<struct line_header_r, int> line_header = "line_header";
const auto line_header_def = lit("Line") >> uint_ >> ',' >> "Location:" >> omit[*x3::char_];

const x3::rule<struct tty_header_r, ast::TtyHeader> tty_header = "tty_header";
const auto tty_header_def =
    lit("Tty:") >> uint_ >> ',' >> "Line:" >> lexeme[+alpha] >> uint_ >> ',' >> "Location:" >> omit[*x3::char_];

const x3::rule<struct item_r, std::string> item = "item";
const auto item_def = lexeme[+(graph - '.')];

const x3::rule<struct transports_r, ast::Transports> transports = "transports";
const auto transports_def = lit("Allowed") >> (x3::string("input") | x3::string("output")) >> "transports" >> "are" >>
                            +item >> '.';

const x3::rule<struct preferred_r, std::string> preferred = "preferred";
const auto preferred_def = lit("Preferred") >> "transport" >> "is" >> item >> '.';

BOOST_SPIRIT_DEFINE(row, line_header, tty_header, item, transports, preferred)

}  // namespace

void parse_line(std::string_view line, ast::Line& out) {
    out = ast::Line{};
    if (whole(line, row, out.row)) {
        out.kind = ast::Kind::row;
    } else if (whole(line, header)) {
        out.kind = ast::Kind::header;
    } else if (whole(line, line_header, out.number)) {
        out.kind = ast::Kind::line_header;
    } else if (whole(line, tty_header, out.tty_header)) {
        out.kind = ast::Kind::tty_header;
    } else if (whole(line, transports, out.transports)) {
        out.kind = ast::Kind::transports;
    } else if (whole(line, preferred, out.word)) {
        out.kind = ast::Kind::preferred;
    } else {
        out = ast::Line{};
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_line_vty
