// The summary row of the IOS line table, printed alike by `show line` and `show line vty N [M]`:
// shared by the grammar translation units of cisco_ios/show_line and cisco_ios/show_line_vty and
// included ONLY by them (it pulls in X3; each grammar is compiled alone in its own TU). It is a
// header rather than a library so that either parser still builds without the other.
//
// Rows are matched token by token rather than by column position: every column prints a token
// (`-` when empty) except Tx/Rx, which only async/aux lines have (`9600/9600`, and
// `115200/115200-` where it runs into the A column), and Int, which older releases omit.
// Uses, Noise and Overruns must be numbers (`N/N` for overruns), so a row with a missing column
// fails instead of being read shifted.
//
// Everything is in an unnamed namespace: each TU gets its own copy of the rules.
#pragma once

#include <string>

#include <boost/spirit/home/x3.hpp>

namespace vtyguard::parsers::cisco_ios::line_row {

namespace x3 = boost::spirit::x3;

namespace {

using x3::lexeme;
using x3::lit;
using x3::omit;
using x3::raw;
using x3::ascii::alpha;
using x3::ascii::digit;
using x3::ascii::graph;

// (Its own token rule: this header may not include parsers/common/x3_support.hpp.)
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

BOOST_SPIRIT_DEFINE(word, status, tty, line_no)

// The row's kept columns in order: status, tty, line, type, rotary, acc_out, acc_in. Each command
// has its own ast::Row with these fields and defines `row` with this as its definition.
const auto row_columns = status >> tty >> line_no >> lexeme[+alpha] >> omit[-txrx] >> omit[word] /* A */
                         >> omit[word] /* Modem */ >> word /* Roty */ >> word /* AccO */ >> word /* AccI */
                         >> omit[count] /* Uses */ >> omit[count] /* Noise */ >> omit[overruns] >>
                         omit[-word] /* Int */;

// The column header above the rows.
const auto header = lit("Tty") >> -lit("Line") >> "Typ" >> "Tx/Rx" >> "A" >> "Modem" >> "Roty" >> "AccO" >> "AccI" >>
                    "Uses" >> "Noise" >> "Overruns" >> -lit("Int");

}  // namespace

}  // namespace vtyguard::parsers::cisco_ios::line_row
