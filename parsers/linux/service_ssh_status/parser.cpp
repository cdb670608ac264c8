// `service ssh status` (and `systemctl status ssh`) -> Device::service, one unit.
//
// On systemd hosts `service` prints `systemctl status`: the header names the unit, `Loaded:` says
// whether it exists and is enabled, `Active:` gives the state and sub-state. The other properties
// (`Main PID`, `CGroup`, `Docs`, ...), the lines indented under them (the CGroup tree, further
// `Docs` entries, Drop-In files) and the journal lines after the block are understood and not
// modelled. `Unit ssh.service could not be found.` records the unit as not loaded, with no state:
// the host names its SSH unit otherwise (`sshd`).
//
// Hosts without systemd answer in one line: Debian/Ubuntu LSB scripts (` * sshd is running`,
// `[FAIL] sshd is not running ... failed!`), Red Hat's (`openssh-daemon (pid 1523) is running...`,
// `... is stopped`, `... dead but subsys locked`) and Upstart (`ssh start/running, process 1234`).
// They are mapped to systemd's words: running -> `active`, stopped -> `inactive`, dead -> `failed`.
#include "parsers/linux/service_ssh_status/parser.hpp"

#include "parsers/linux/common/shell.hpp"
#include "parsers/linux/service_ssh_status/grammar.hpp"

namespace vtyguard::parsers::lnx::service_ssh_status {

namespace {

bool indented(std::string_view s) {
    return !s.empty() && (s.front() == ' ' || s.front() == '\t');
}

model::ServiceUnit& unit_for(model::ServiceStatus& s, std::size_t line) {
    if (s.units.empty()) {
        s.units.emplace_back();
        s.units.back().line = line;
    }
    return s.units.back();
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    auto& service = out.device.service.emplace();
    // A unit the output names; one per capture (`service NAME status` reports one).
    auto add = [&](const InputLine& l, const char* manager, const std::string& name, const char* state,
                   const std::string& sub_state) -> model::ServiceUnit* {
        if (!service.units.empty()) {
            diagnose(out, l, "a second unit: one `service ... status` reports one unit");
            return nullptr;
        }
        service.manager = manager;
        model::ServiceUnit u;
        u.unit = name;
        u.state = state;
        u.sub_state = sub_state;
        u.line = l.number;
        service.units.push_back(std::move(u));
        return &service.units.back();
    };
    bool in_block = false;     // inside systemd's status block (before the blank line and the journal)
    bool in_property = false;  // the last line was a property or a line under one
    for (const auto& l : lines) {
        if (trim(l.text).empty()) {
            in_block = in_property = false;
            continue;
        }
        if (skip(l.text)) continue;
        if (const auto r = refusal(l.text); r != Refusal::none) {
            if (!service.not_collected)
                service.not_collected = model::NotCollected{std::string(trim(l.text)), l.number};
            continue;
        }
        ast::Line p;
        const bool parsed = parse_line(l.text, p);
        // The CGroup tree (`└─640 "sshd: ..."`), a second `Docs:` entry, a Drop-In file: indented
        // lines under a property of the block.
        if (!parsed && in_block && in_property && indented(l.text)) continue;
        if (!parsed) {
            diagnose(out, l, "not a line of `service ssh status`");
            continue;
        }
        in_property = false;
        switch (p.kind) {
            case ast::Kind::header:
                add(l, "systemd", p.header.unit, "", "");
                in_block = true;
                break;
            case ast::Kind::loaded: {
                service.manager = "systemd";
                auto& u = unit_for(service, l.number);
                u.loaded = p.loaded.state != "not-found";
                if (p.loaded.items.size() > 1) {
                    const auto& e = p.loaded.items[1];
                    if (e == "enabled" || e == "enabled-runtime" || e == "static" || e == "alias")
                        u.enabled = true;
                    else if (e == "disabled" || e == "masked" || e == "masked-runtime")
                        u.enabled = false;
                }
                in_block = in_property = true;
                break;
            }
            case ast::Kind::active: {
                service.manager = "systemd";
                auto& u = unit_for(service, l.number);
                u.state = p.active.state;
                // `failed (Result: exit-code)` holds the result, not a sub-state.
                if (p.active.sub_state.find(':') == std::string::npos) u.sub_state = p.active.sub_state;
                in_block = in_property = true;
                break;
            }
            case ast::Kind::property:
                in_block = in_property = true;
                break;
            case ast::Kind::not_found:
                if (auto* u = add(l, "systemd", p.text, "", "")) u->loaded = false;
                break;
            case ast::Kind::sysv:
                add(l, "sysv", p.sysv.name,
                    p.sysv.state == "running" ? "active"
                    : p.sysv.state == "dead"  ? "failed"
                                              : "inactive",
                    p.sysv.state);
                break;
            case ast::Kind::upstart:
                add(l, "upstart", p.upstart.name,
                    p.upstart.state == "running" ? "active"
                    : p.upstart.goal == "start"  ? "activating"
                                                 : "inactive",
                    p.upstart.goal + "/" + p.upstart.state);
                break;
            case ast::Kind::journal:
            case ast::Kind::journal_marker:
            case ast::Kind::advice:
            case ast::Kind::none:
                break;
        }
    }
}

}  // namespace vtyguard::parsers::lnx::service_ssh_status
