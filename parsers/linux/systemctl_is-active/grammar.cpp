// The one translation unit of this grammar: systemd's ActiveState words (systemd.unit(5), `systemctl
// --state=help`), one per line.
#include "parsers/linux/systemctl_is-active/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/common/x3_support.hpp"
#include "parsers/linux/common/ascii.hpp"

namespace vtyguard::parsers::lnx::systemctl_is_active {

namespace x3 = boost::spirit::x3;

namespace {

struct States : x3::symbols<std::string> {
    States() {
        for (const char* s : {"active", "inactive", "failed", "activating", "deactivating", "reloading", "refreshing",
                              "maintenance", "unknown"})
            add(s, s);
    }
};
const States states;

const x3::rule<struct state_r, std::string> state = "state";
const auto state_def = x3::lexeme[states >> !x3::ascii::graph];

BOOST_SPIRIT_DEFINE(state)

}  // namespace

bool parse_line(std::string_view original, ast::State& out) {
    const std::string safe = ascii_safe(original);
    const std::string_view line = safe;
    out = ast::State{};
    if (x3s::whole(line, state, out.state)) return true;
    out = ast::State{};
    return false;
}

}  // namespace vtyguard::parsers::lnx::systemctl_is_active
