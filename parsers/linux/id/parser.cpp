// `id` -> Device::identity: the user the audit logged in as (LNX-003 asks whether sshd admits it)
// and every group it belongs to, by name. `id USER` describes USER instead; `id: 'x': no such user`
// leaves it not collected. One identity per capture: a second `uid=` line is a diagnostic.
#include "parsers/linux/id/parser.hpp"

#include "parsers/linux/common/shell.hpp"
#include "parsers/linux/id/grammar.hpp"

namespace vtyguard::parsers::lnx::id {

namespace {

std::string name_of(const ast::Named& n) {
    return n.name ? *n.name : std::to_string(n.number);
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    auto& identity = out.device.identity.emplace();
    bool seen = false;
    for (const auto& l : lines) {
        if (skip(l.text)) continue;
        const auto t = trim(l.text);
        if (refusal(l.text) != Refusal::none ||
            (starts_with(t, "id: ") && t.find("no such user") != std::string_view::npos)) {
            if (!identity.not_collected) identity.not_collected = model::NotCollected{std::string(t), l.number};
            continue;
        }
        ast::Identity a;
        if (!parse_line(l.text, a)) {
            diagnose(out, l, "not what `id` prints (`uid=N(name) gid=N(name) groups=...`)");
            continue;
        }
        if (seen) {
            diagnose(out, l, "a second identity: `id` prints one line");
            continue;
        }
        seen = true;
        identity.user = name_of(a.uid);
        identity.uid = a.uid.number;
        identity.group = name_of(a.gid);
        identity.gid = a.gid.number;
        for (const auto& g : a.groups) identity.groups.push_back(name_of(g));
        // Without `groups=` (some minimal `id`s), the primary group is the only one known.
        if (identity.groups.empty()) identity.groups.push_back(identity.group);
        identity.line = l.number;
    }
    if (!seen && !identity.not_collected) identity.not_collected = model::NotCollected{"no output", 0};
}

}  // namespace vtyguard::parsers::lnx::id
