// The one translation unit of this grammar: coreutils' `id` without options.
#include "parsers/linux/id/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"
#include "parsers/linux/common/ascii.hpp"
#include "parsers/linux/id/ast_adapted.hpp"

namespace vtyguard::parsers::lnx::id {

namespace x3 = boost::spirit::x3;

namespace {

using x3::char_;
using x3::lexeme;
using x3::lit;

// Names may hold blanks (`1234(domain users)` from SSSD/winbind), never `)`.
const x3::rule<struct name_r, std::string> name = "name";
const auto name_def = lit('(') >> lexeme[+(char_ - ')')] >> ')';

const x3::rule<struct named_r, ast::Named> named = "named";
const auto named_def = x3::long_ >> -name;

const x3::rule<struct selinux_r, std::string> selinux = "selinux";
const auto selinux_def = lit("context=") >> lexeme[+x3::ascii::graph];

const x3::rule<struct identity_r, ast::Identity> identity = "identity";
const auto identity_def = lit("uid=") >> named >> lit("gid=") >> named >> -(lit("groups=") >> (named % ',')) >>
                          -selinux;

BOOST_SPIRIT_DEFINE(name, named, selinux, identity)

}  // namespace

bool parse_line(std::string_view original, ast::Identity& out) {
    const std::string safe = ascii_safe(original);
    const std::string_view line = safe;
    out = ast::Identity{};
    if (x3s::whole(line, identity, out)) return true;
    out = ast::Identity{};
    return false;
}

}  // namespace vtyguard::parsers::lnx::id
