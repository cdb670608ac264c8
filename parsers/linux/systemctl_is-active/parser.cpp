// `systemctl is-active UNIT...` -> Device::service: one state line per unit asked, in the order of
// the arguments (options such as `--user` are not units). systemd prints `inactive` for a unit
// that does not exist, so `systemctl is-active ssh sshd` on a Red Hat host says `inactive` for
// `ssh` and the state of `sshd`: the check needs one unit active, not all.
//
// No systemd to ask (`System has not been booted with systemd`, `Failed to connect to bus`, no
// `systemctl` at all) or a refusal leaves the units unknown: `not_collected` with the line.
// A state line beyond the units asked is a diagnostic.
#include "parsers/linux/systemctl_is-active/parser.hpp"

#include "parsers/linux/common/shell.hpp"
#include "parsers/linux/systemctl_is-active/grammar.hpp"

namespace vtyguard::parsers::lnx::systemctl_is_active {

namespace {

std::vector<std::string> units_of(std::string_view args) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < args.size()) {
        while (i < args.size() && (args[i] == ' ' || args[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < args.size() && args[j] != ' ' && args[j] != '\t') ++j;
        if (j > i && args[i] != '-') out.emplace_back(args.substr(i, j - i));
        i = j;
    }
    return out;
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    const auto units = units_of(input.args);
    auto& service = out.device.service.emplace();
    service.manager = "systemd";
    std::size_t next = 0;
    for (const auto& l : lines) {
        if (skip(l.text)) continue;
        if (const auto r = refusal(l.text); r != Refusal::none) {
            if (!service.not_collected)
                service.not_collected = model::NotCollected{std::string(trim(l.text)), l.number};
            continue;
        }
        ast::State s;
        if (!parse_line(l.text, s)) {
            diagnose(out, l, "not a systemd unit state");
            continue;
        }
        if (next >= units.size()) {
            diagnose(out, l, "a state for more units than the command names");
            continue;
        }
        model::ServiceUnit u;
        u.unit = units[next++];
        u.state = std::move(s.state);
        u.line = l.number;
        service.units.push_back(std::move(u));
    }
}

}  // namespace vtyguard::parsers::lnx::systemctl_is_active
