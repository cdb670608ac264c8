// The one translation unit of this grammar.
//
// The summary row rule is the one of cisco_ios/show_line (kept in step by hand: each parser
// folder is one grammar TU and may be built without the other).
#include "parsers/cisco_ios/show_line_vty/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_line_vty/ast_adapted.hpp"

namespace vtyguard::parsers::cisco_ios::show_line_vty {

namespace x3 = boost::spirit::x3;

namespace {

using x3::alpha;
using x3::digit;
using x3::graph;
using x3::lexeme;
using x3::lit;
using x3::omit;
using x3::raw;
using x3::uint_;

const x3::rule<struct word_r, std::string> word = "word";
const auto word_def = lexeme[+graph];

const x3::rule<struct status_r, std::string> status = "status";
const auto status_def = raw[-x3::char_("*IA")];

const x3::rule<struct tty_r, std::string> tty = "tty";
const auto tty_def = raw[lexeme[+digit >> *('/' >> +digit)]];

const x3::rule<struct line_no_r, std::string> line_no = "line_no";
const auto line_no_def = raw[-lexeme[+digit]];

const auto txrx = lexeme[+digit >> '/' >> +digit];
const auto count = lexeme[+digit];
const auto overruns = lexeme[+digit >> '/' >> +digit];

const x3::rule<struct row_r, ast::Row> row = "row";
const auto row_def = status >> tty >> line_no >> lexeme[+alpha] >> omit[-txrx] >> omit[word] /* A */
                     >> omit[word] /* Modem */ >> word /* Roty */ >> word /* AccO */ >> word /* AccI */
                     >> omit[count] /* Uses */ >> omit[count] /* Noise */ >> omit[overruns] >> omit[-word] /* Int */;

const auto header = lit("Tty") >> -lit("Line") >> "Typ" >> "Tx/Rx" >> "A" >> "Modem" >> "Roty" >> "AccO" >> "AccI" >>
                    "Uses" >> "Noise" >> "Overruns" >> -lit("Int");

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

BOOST_SPIRIT_DEFINE(word, status, tty, line_no, row, line_header, tty_header, item, transports, preferred)

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
