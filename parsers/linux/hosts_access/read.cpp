#include "parsers/linux/hosts_access/read.hpp"

#include "parsers/linux/common/shell.hpp"
#include "parsers/linux/hosts_access/grammar.hpp"

namespace vtyguard::parsers::lnx::hosts_access {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

model::HostsAccess read(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    model::HostsAccess file;
    std::optional<InputLine> first;  // the first line of a rule continued with `\`
    std::string joined;
    auto finish = [&](const InputLine& at) {
        ast::Rule r;
        const InputLine& head = first ? *first : at;
        if (!parse_rule(joined, r)) {
            diagnose(out, head, "not a hosts_access rule (`daemons : clients [: options]`)");
        } else {
            model::HostsAccessRule rule;
            rule.daemons = std::move(r.daemons);
            rule.clients = std::move(r.clients);
            for (auto& o : r.options) rule.options.emplace_back(trim(o));
            rule.text = joined;
            rule.line = head.number;
            file.rules.push_back(std::move(rule));
        }
        first.reset();
        joined.clear();
    };
    for (const auto& l : lines) {
        const auto t = trim(l.text);
        if (!first) {
            if (t.empty() || t.front() == '#' || is_shell_prompt(l.text) || is_noise(l.text)) continue;
            if (starts_with(t, "cat: ") && ends_with(t, ": No such file or directory")) {
                file.exists = false;
                continue;
            }
            if (refusal(l.text) != Refusal::none) {
                if (!file.not_collected) file.not_collected = model::NotCollected{std::string(t), l.number};
                continue;
            }
        }
        if (ends_with(t, "\\")) {
            if (!first) first = l;
            joined += t.substr(0, t.size() - 1);
            joined += ' ';
            continue;
        }
        joined += t;
        finish(l);
    }
    if (first) finish(*first);
    return file;
}

}  // namespace vtyguard::parsers::lnx::hosts_access
