// The one translation unit of this grammar: the lines `iptables -S` prints (iptables(8),
// iptables-save's rule syntax with `-P` for the built-in chains' policies).
#include "parsers/linux/iptables_-s/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"
#include "parsers/linux/common/ascii.hpp"
#include "parsers/linux/iptables_-s/ast_adapted.hpp"

namespace vtyguard::parsers::lnx::iptables_s {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::Attempt;
using x3s::rest;
using x3s::word;

using x3::char_;
using x3::lexeme;
using x3::lit;

const x3::rule<struct quoted_r, std::string> quoted = "quoted";
const auto quoted_def = lexeme['"' >> *(('\\' >> char_) | (char_ - '"')) >> '"'];

const x3::rule<struct token_r, ast::Token> token = "token";
const auto token_def = (quoted >> x3::attr(true)) | (word >> x3::attr(false));

const x3::rule<struct policy_r, ast::Policy> policy = "policy";
const auto policy_def = lit("-P") >> word >> word;

const x3::rule<struct rule_r, ast::Rule> rule = "rule";
const auto rule_def = lit("-A") >> word >> *token;

const auto new_chain = lit("-N") >> word;
const auto comment = lit('#') >> rest;
const auto hint = lit("Perhaps") >> "iptables" >> "or" >> "your" >> "kernel" >> rest;

BOOST_SPIRIT_DEFINE(quoted, token, policy, rule)

}  // namespace

bool parse_line(std::string_view original, ast::Line& out) {
    const std::string safe = ascii_safe(original);
    const std::string_view line = safe;
    using K = ast::Kind;
    Attempt<ast::Line> attempt{line, out};
    if (attempt(rule, out.rule, K::rule) || attempt(policy, out.policy, K::policy) ||
        attempt(new_chain, out.text, K::chain) || attempt(comment, out.text, K::comment) || attempt(hint, K::hint))
        return true;
    out = ast::Line{};
    return false;
}

}  // namespace vtyguard::parsers::lnx::iptables_s
