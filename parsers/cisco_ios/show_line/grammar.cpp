// The one translation unit of this grammar.
//
// Rows are matched token by token rather than by column position: every column prints a token
// (`-` when empty) except Tx/Rx, which only async/aux lines have (`9600/9600`, and
// `115200/115200-` where it runs into the A column), and Int, which older releases omit.
// Uses, Noise and Overruns must be numbers (`N/N` for overruns), so a row with a missing column
// fails instead of being read shifted.
#include "parsers/cisco_ios/show_line/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_line/ast_adapted.hpp"

namespace vtyguard::parsers::cisco_ios::show_line {

namespace x3 = boost::spirit::x3;

namespace {

using x3::alpha;
using x3::digit;
using x3::graph;
using x3::lexeme;
using x3::lit;
using x3::omit;
using x3::raw;

const x3::rule<struct word_r, std::string> word = "word";
const auto word_def = lexeme[+graph];

const x3::rule<struct status_r, std::string> status = "status";
const auto status_def = raw[-x3::char_("*IA")];

// `2`, `866`, `0/0/0`
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
const auto not_async =
    lit("Line(s)") >> "not" >> "in" >> "async" >> "mode" >> "-or-" >> "with" >> "no" >> "hardware" >> "support" >> ':';
const auto range = x3::uint_ >> -('-' >> x3::uint_);
const auto line_ranges = range >> *(-lit(',') >> range) >> -lit(',');

BOOST_SPIRIT_DEFINE(word, status, tty, line_no, row)

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
