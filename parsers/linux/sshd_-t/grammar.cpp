// The one translation unit of this grammar: the configuration dump of `sshd -T` (servconf.c
// dump_config: one lowercase keyword and its value per line) and sshd's messages around it.
#include "parsers/linux/sshd_-t/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"
#include "parsers/linux/common/ascii.hpp"
#include "parsers/linux/sshd_-t/ast_adapted.hpp"

namespace vtyguard::parsers::lnx::sshd_t {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::Attempt;
using x3s::rest;

using x3::char_;
using x3::lexeme;
using x3::lit;

const x3::rule<struct setting_r, ast::Setting> setting = "setting";
const auto setting_def = lexeme[+(x3::ascii::lower | x3::ascii::digit)] >> lexeme[+char_];

// `/etc/ssh/sshd_config line 12: Bad configuration option: Prot`
const x3::rule<struct config_r, ast::ConfigMessage> config = "config";
const auto config_def = lexeme['/' >> *(x3::ascii::graph - ':')] >> lit("line") >> x3::int_ >> ':' >> rest;

const auto terminating = lexeme['/' >> *(x3::ascii::graph - ':')] >> ':' >> lit("terminating,") >> rest;

const auto no_root = (lit("Could") >> "not" >> "load" >> "host" >> "key:" >> rest) |
                     (lit("sshd:") >> "no" >> "hostkeys" >> "available" >> rest);

const auto fatal = (lit("Missing") >> "privilege" >> "separation" >> "directory:" >> rest) |
                   (lit("Privilege") >> "separation" >> "user" >> rest);

BOOST_SPIRIT_DEFINE(setting, config)

}  // namespace

bool parse_line(std::string_view original, ast::Line& out) {
    const std::string safe = ascii_safe(original);
    const std::string_view line = safe;
    using K = ast::Kind;
    Attempt<ast::Line> attempt{line, out};
    if (attempt(config, out.config, K::config) || attempt(terminating, K::terminating) ||
        attempt(no_root, K::no_root) || attempt(fatal, K::fatal) || attempt(setting, out.setting, K::setting))
        return true;
    out = ast::Line{};
    return false;
}

}  // namespace vtyguard::parsers::lnx::sshd_t
