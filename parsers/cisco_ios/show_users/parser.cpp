// `show users` -> Device::sessions.
//
// Session.line is `TYPE REL` (`vty 0`, `con 0`): the name the configuration uses (`line vty 0`).
// The absolute line number in front of it (`2`, `866`) is not kept: it only numbers the line in
// the device's global tty space, which `show line` reports (LineStatus::number).
// The row marked `*` is the auditing session itself (current = true); its Location is the source
// address the fixes must keep admitting.
//
// Lines understood and ignored on purpose:
//  - the table header (`Line User Host(s) Idle Location`);
//  - the second table, `Interface User Mode Idle Peer Address`, and every row after its header:
//    PPP/virtual-access sessions, which never occupy a vty line.
#include "parsers/cisco_ios/show_users/parser.hpp"

#include "parsers/cisco_ios/show_users/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_users {

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    bool in_interfaces = false;
    for (const auto& line : split_lines(input.text, storage)) {
        if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
        ast::Session s;
        const auto kind = parse_line(line.text, s);
        if (kind == ast::Kind::interface_header) {
            in_interfaces = true;
            continue;
        }
        if (in_interfaces) continue;  // interface sessions: understood, not vty lines
        switch (kind) {
            case ast::Kind::header:
                break;
            case ast::Kind::session: {
                model::Session m;
                m.line = s.type + " " + s.relative;
                m.user = std::move(s.user);
                m.host = std::move(s.host);
                m.idle = std::move(s.idle);
                m.location = std::move(s.location);
                m.current = !s.current.empty();
                out.device.sessions.push_back(std::move(m));
                break;
            }
            default:
                diagnose(out, line, "not a `show users` line");
        }
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_users
