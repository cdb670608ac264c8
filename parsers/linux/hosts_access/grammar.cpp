// The one translation unit of the hosts_access(5) grammar (tcp_wrappers' rule syntax, with the
// `: option` fields of hosts_options(5)).
#include "parsers/linux/hosts_access/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"
#include "parsers/linux/common/ascii.hpp"
#include "parsers/linux/hosts_access/ast_adapted.hpp"

namespace vtyguard::parsers::lnx::hosts_access {

namespace x3 = boost::spirit::x3;

namespace {

using x3::char_;
using x3::lexeme;
using x3::lit;

// A daemon or client pattern: `sshd`, `ALL`, `10.20.0.0/255.255.0.0`, `.example.com`, `@netgroup`,
// `[2001:db8::]/32` (the brackets may hold `:`), `sshd@192.0.2.10`.
const x3::rule<struct item_r, std::string> item = "item";
const auto item_def = x3::raw[lexeme[+(('[' >> *(char_ - ']') >> ']') | (x3::ascii::graph - ',' - ':' - '['))]];

const x3::rule<struct items_r, std::vector<std::string>> items = "items";
const auto items_def = item >> *(-lit(',') >> item);

// An option field: up to the next `:` that is not escaped as `\:`.
const x3::rule<struct option_r, std::string> option = "option";
const auto option_def = x3::raw[lexeme[*(lit("\\:") | (char_ - ':'))]];

const x3::rule<struct rule_r, ast::Rule> rule = "rule";
const auto rule_def = items >> ':' >> items >> *(':' >> option);

BOOST_SPIRIT_DEFINE(item, items, option, rule)

}  // namespace

bool parse_rule(std::string_view original, ast::Rule& out) {
    const std::string safe = ascii_safe(original);
    const std::string_view line = safe;
    out = ast::Rule{};
    if (x3s::whole(line, rule, out)) return true;
    out = ast::Rule{};
    return false;
}

}  // namespace vtyguard::parsers::lnx::hosts_access
