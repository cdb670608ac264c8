// The one translation unit of this grammar: iproute2's `ss` table. The header has three shapes
// (no Process column before iproute2 5.x; `Address:PortProcess` run together in 5.x and 6.x;
// `Process` apart), and the process column is absent when ss may not see the sockets' owners (not
// root).
#include "parsers/linux/ss_-tlnp/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"
#include "parsers/linux/common/ascii.hpp"
#include "parsers/linux/ss_-tlnp/ast_adapted.hpp"

namespace vtyguard::parsers::lnx::ss_tlnp {

namespace x3 = boost::spirit::x3;

namespace {

using x3::char_;
using x3::lexeme;
using x3::lit;

const auto header = lit("State") >> "Recv-Q" >> "Send-Q" >> "Local" >> "Address:Port" >> "Peer" >>
                    (lit("Address:PortProcess") | (lit("Address:Port") >> -lit("Process")));

// `("sshd",pid=640,fd=3)`: the program name and its pid/fd fields.
const x3::rule<struct process_r, std::string> process = "process";
const auto process_def =
    lit('(') >> lexeme['"' >> *(char_ - '"') >> '"'] >> x3::omit[*(',' >> lexeme[+(char_ - ',' - ')')])] >> ')';

const x3::rule<struct users_r, std::vector<std::string>> users = "users";
const auto users_def = lit("users:(") >> (process % ',') >> ')';

const x3::rule<struct row_r, ast::Row> row = "row";
const auto row_def = lexeme[+(x3::ascii::upper | char_('-'))] >> x3::uint_ >> x3::uint_ >> lexeme[+x3::ascii::graph] >>
                     lexeme[+x3::ascii::graph] >> -users;

BOOST_SPIRIT_DEFINE(process, users, row)

}  // namespace

ast::Kind parse_line(std::string_view original, ast::Row& out) {
    const std::string safe = ascii_safe(original);
    const std::string_view line = safe;
    out = ast::Row{};
    if (x3s::whole(line, header)) return ast::Kind::header;
    out = ast::Row{};
    if (x3s::whole(line, row, out)) return ast::Kind::row;
    out = ast::Row{};
    return ast::Kind::none;
}

}  // namespace vtyguard::parsers::lnx::ss_tlnp
