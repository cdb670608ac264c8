// The one translation unit of this grammar: the ruleset listing of nft(8) (`nft list ruleset`),
// which prints tables, their sets and chains, one rule per line.
#include "parsers/linux/nft_list_ruleset/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"
#include "parsers/linux/common/ascii.hpp"
#include "parsers/linux/nft_list_ruleset/ast_adapted.hpp"

namespace vtyguard::parsers::lnx::nft_list_ruleset {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::Attempt;
using x3s::rest;
using x3s::word;

using x3::char_;
using x3::lexeme;
using x3::lit;

// A name or a value inside a rule: no blank, brace, quote or semicolon.
const x3::rule<struct bare_r, std::string> bare = "bare";
const auto bare_def = lexeme[+(x3::ascii::graph - '{' - '}' - '"' - ';')];

const x3::rule<struct quoted_r, std::string> quoted = "quoted";
const auto quoted_def = lexeme['"' >> *(('\\' >> char_) | (char_ - '"')) >> '"'];

// One element of an anonymous set, as written up to the next `,` or `}` (`10.0.0.0/8`,
// `"eth0" : accept`, `established`).
const x3::rule<struct element_r, std::string> element = "element";
const auto element_def = x3::raw[lexeme[+(char_ - ',' - '}' - '{')]];

const x3::rule<struct elements_r, std::vector<std::string>> elements = "elements";
const auto elements_def = lit('{') >> -(element % ',') >> -lit(',') >> '}';

const x3::rule<struct token_r, ast::Token> token = "token";
const auto token_def = (x3::attr(int{ast::kSet}) >> x3::attr(std::string()) >> elements) |
                       (x3::attr(int{ast::kQuoted}) >> quoted >> x3::attr(std::vector<std::string>())) |
                       (x3::attr(int{ast::kWord}) >> bare >> x3::attr(std::vector<std::string>()));

const x3::rule<struct table_r, ast::Table> table = "table";
const auto table_def = lit("table") >> bare >> bare >> '{';

const x3::rule<struct block_what_r, std::string> block_what = "block_what";
const auto block_what_def = x3::string("chain") | x3::string("set") | x3::string("map") | x3::string("flowtable") |
                            x3::string("counter") | x3::string("quota") | x3::string("limit") | x3::string("secmark") |
                            x3::string("synproxy") | x3::raw[lit("ct") >> (lit("helper") | "timeout" | "expectation")];

const x3::rule<struct block_r, ast::Block> block = "block";
const auto block_def = block_what >> (bare | quoted) >> '{';

const x3::rule<struct priority_r, std::string> priority = "priority";
const auto priority_def = x3::raw[lexeme[+(char_ - ';')]];

// `type filter hook input priority filter; policy drop;` (`device eth0` for netdev hooks)
const x3::rule<struct chain_spec_r, ast::ChainSpec> chain_spec = "chain_spec";
const auto chain_spec_def = lit("type") >> bare >> lit("hook") >> bare >> -(lit("device") >> x3::omit[bare | quoted]) >>
                            lit("priority") >> priority >> ';' >> -(lit("policy") >> bare >> ';');

const x3::rule<struct set_elements_r, std::vector<std::string>> set_elements = "set_elements";
const auto set_elements_def = lit("elements") >> '=' >> elements;

// (`counter` in a set is a property too, but it also starts rules: the caller tells them apart.)
const auto set_property =
    (lit("type") | "typeof" | "flags" | "size" | "timeout" | "gc-interval" | "auto-merge" | "policy") >> rest;

const auto comment = lit('#') >> rest;

const x3::rule<struct tokens_r, std::vector<ast::Token>> tokens = "tokens";
const auto tokens_def = +token;

BOOST_SPIRIT_DEFINE(bare, quoted, element, elements, token, table, block_what, block, priority, chain_spec,
                    set_elements, tokens)

}  // namespace

bool parse_line(std::string_view original, ast::Line& out) {
    const std::string safe = ascii_safe(original);
    const std::string_view line = safe;
    using K = ast::Kind;
    Attempt<ast::Line> attempt{line, out};
    if (attempt(lit('}'), K::close) || attempt(comment, K::comment) || attempt(table, out.table, K::table) ||
        attempt(block, out.block, K::block) || attempt(chain_spec, out.chain_spec, K::chain_spec))
        return true;
    std::vector<std::string> elems;
    if (attempt(set_elements, elems, K::set_elements)) {
        out.tokens.push_back(ast::Token{ast::kSet, {}, std::move(elems)});
        return true;
    }
    if (attempt(set_property, K::set_property) || attempt(tokens, out.tokens, K::rule)) return true;
    out = ast::Line{};
    return false;
}

}  // namespace vtyguard::parsers::lnx::nft_list_ruleset
