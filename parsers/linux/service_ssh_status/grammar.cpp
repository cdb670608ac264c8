// The one translation unit of this grammar. systemd's status block (systemctl(1) `status`), the
// LSB `status_of_proc` wordings of Debian and Ubuntu, Red Hat's `status` function and Upstart's
// `goal/state` line each have a rule; parse_line() tries them in turn.
#include "parsers/linux/service_ssh_status/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"
#include "parsers/linux/common/ascii.hpp"
#include "parsers/linux/service_ssh_status/ast_adapted.hpp"

namespace vtyguard::parsers::lnx::service_ssh_status {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::Attempt;
using x3s::rest;
using x3s::word;

using x3::char_;
using x3::lexeme;
using x3::lit;
using x3::uint_;

// The unit's bullet: `●` (U+25CF) loaded and active, `○` (U+25CB) inactive, `×` (U+00D7) failed
// (here as `???` and `??`: ascii_safe() replaced their bytes), `*` on a terminal that is not UTF-8.
const auto bullet = lit("???") | lit("??") | lit('*');

const x3::rule<struct header_r, ast::Header> header = "header";
const auto header_def = -bullet >> lexeme[+x3::ascii::graph] >> lit('-') >> rest;

const x3::rule<struct field_r, std::string> field = "field";
const auto field_def = x3::raw[lexeme[+(char_ - ';' - ')')]];

const x3::rule<struct loaded_r, ast::Loaded> loaded = "loaded";
const auto loaded_def = lit("Loaded:") >> lexeme[+(x3::ascii::graph - '(')] >> -('(' >> (field % ';') >> ')');

const x3::rule<struct active_r, ast::Active> active = "active";
const auto active_def = lit("Active:") >> lexeme[+(x3::ascii::graph - '(')] >>
                        -('(' >> lexeme[+(char_ - ')')] >> ')') >> x3::omit[rest];

// `Main PID: 640 (sshd)`, `CGroup: /system.slice/ssh.service`, `TriggeredBy: ● ssh.socket`, `Drop-In:`
const auto property_name =
    lexeme[x3::ascii::upper >> *(x3::ascii::alnum | char_('-') | (char_(' ') >> &x3::ascii::alnum))];
const auto property = property_name >> ':' >> rest;

const auto not_found = lit("Unit") >> word >> "could" >> "not" >> "be" >> "found.";

// `Mar 05 10:12:01 jump1 sshd[640]: Server listening on 0.0.0.0 port 22.` and the ISO form
// `2024-03-05T10:12:01+0000 jump1 sshd[640]: ...` (`systemctl status -o short-iso`).
const auto clock = lexeme[x3::ascii::digit >> x3::ascii::digit >> ':' >> x3::ascii::digit >> x3::ascii::digit >> ':' >>
                          x3::ascii::digit >> x3::ascii::digit];
const auto month = lexeme[x3::ascii::upper >> x3::ascii::lower >> x3::ascii::lower];
const auto iso =
    lexeme[+x3::ascii::digit >> '-' >> +x3::ascii::digit >> '-' >> +x3::ascii::digit >> 'T' >> +(x3::ascii::graph)];
const auto journal_source = lexeme[+(x3::ascii::graph - ':') >> ':'];
const auto journal = ((month >> uint_ >> clock) | iso) >> word >> journal_source >> rest;
const auto journal_marker = lit("--") >> rest;

// and Red Hat's `service` wrapper: `Redirecting to /bin/systemctl status ssh.service`
const auto advice = (lit("Warning:") | lit("Hint:") | lit("Notice:") | (lit("Redirecting") >> "to")) >> rest;

// `[ ok ]`, `[FAIL]`, `[info]`, ` * `
const auto lsb_mark = ('[' >> lexeme[+(char_ - ']')] >> ']') | lit('*');
const auto pid = '(' >> lit("pid") >> uint_ >> ')';
const x3::rule<struct not_running_r, std::string> not_running = "not_running";
const auto not_running_def = x3::raw[lit("not") >> "running"];

const x3::rule<struct is_state_r, std::string> is_state = "is_state";
const auto is_state_def = lit("is") >> (not_running | x3::string("running") | x3::string("stopped"));

const x3::rule<struct dead_r, std::string> dead = "dead";
const auto dead_def = x3::string("dead") >> x3::omit[lit("but") >> rest];

const x3::rule<struct sysv_state_r, std::string> sysv_state = "sysv_state";
const auto sysv_state_def = is_state | dead;

const x3::rule<struct sysv_r, ast::Sysv> sysv = "sysv";
const auto sysv_def = x3::omit[-lsb_mark] >> word >> x3::omit[-pid] >> sysv_state >> x3::omit[rest];

const x3::rule<struct upstart_r, ast::Upstart> upstart = "upstart";
const auto upstart_def = word >> lexeme[+x3::ascii::lower] >> '/' >> lexeme[+(x3::ascii::lower | char_('-'))] >>
                         x3::omit[-(lit(',') >> "process" >> uint_)];

BOOST_SPIRIT_DEFINE(header, field, loaded, active, not_running, is_state, dead, sysv_state, sysv, upstart)

}  // namespace

bool parse_line(std::string_view original, ast::Line& out) {
    const std::string safe = ascii_safe(original);
    const std::string_view line = safe;
    using K = ast::Kind;
    Attempt<ast::Line> attempt{line, out};
    if (attempt(loaded, out.loaded, K::loaded) || attempt(active, out.active, K::active) ||
        attempt(header, out.header, K::header) || attempt(not_found, out.text, K::not_found) ||
        attempt(advice, K::advice) || attempt(journal_marker, K::journal_marker) ||
        attempt(upstart, out.upstart, K::upstart) || attempt(sysv, out.sysv, K::sysv) || attempt(journal, K::journal) ||
        attempt(property, K::property))
        return true;
    out = ast::Line{};
    return false;
}

}  // namespace vtyguard::parsers::lnx::service_ssh_status
