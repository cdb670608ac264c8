// The one translation unit of this grammar.
#include "parsers/cisco_ios/show_privilege/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_privilege/ast_adapted.hpp"

namespace vtyguard::parsers::cisco_ios::show_privilege {

namespace x3 = boost::spirit::x3;

namespace {
const x3::rule<struct level_r, ast::Level> level = "level";
const auto level_def = x3::lit("Current") >> "privilege" >> "level" >> "is" >> x3::int_;
BOOST_SPIRIT_DEFINE(level)
}  // namespace

bool parse_line(std::string_view line, ast::Level& out) {
    auto first = line.begin();
    const bool ok = x3::phrase_parse(first, line.end(), level, x3::ascii::blank, out);
    return ok && first == line.end();
}

}  // namespace vtyguard::parsers::cisco_ios::show_privilege
