// `sshd -T` -> Device::sshd: the ports and listen addresses, the user and group allow/deny lists,
// the forwarding settings and the login settings. Every `keyword value` line of the dump is
// understood; keywords section C does not read are not modelled.
//
// No configuration is printed, and the evidence is `not_collected` with sshd's own line, when:
//  - sshd needs root to read the host keys (`Could not load host key: ...`, `sshd: no hostkeys
//    available -- exiting.`): run under `sudo -n`;
//  - sudo refused, or `sshd` is not in the PATH (`-bash: sshd: command not found`: Debian's user
//    PATH has no /usr/sbin);
//  - the configuration does not load (`/etc/ssh/sshd_config line 12: Bad configuration option:
//    ...` and `...: terminating, 1 bad configuration options`): a restart would fail too;
//  - sshd cannot start at all (`Missing privilege separation directory: /run/sshd`: Debian creates
//    it when the service starts).
// `line N: Deprecated option ...` and other configuration warnings precede a full dump: understood.
#include "parsers/linux/sshd_-t/parser.hpp"

#include <charconv>

#include "parsers/linux/common/shell.hpp"
#include "parsers/linux/sshd_-t/grammar.hpp"

namespace vtyguard::parsers::lnx::sshd_t {

namespace {

bool to_port(std::string_view s, int& port) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
    return ec == std::errc() && p == s.data() + s.size() && port > 0 && port < 65536;
}

// `0.0.0.0:22`, `[::]:22`, `[fe80::1%eth0]:22`, then optionally `rdomain NAME`.
bool listen_of(std::string_view value, model::SshdListen& out) {
    const auto w = words(value);
    if (w.empty() || (w.size() != 1 && !(w.size() == 3 && w[1] == "rdomain"))) return false;
    const auto colon = w[0].rfind(':');
    if (colon == std::string_view::npos || !to_port(w[0].substr(colon + 1), out.port)) return false;
    auto addr = w[0].substr(0, colon);
    if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
    if (addr.empty()) return false;
    out.address = std::string(addr);
    if (w.size() == 3) out.rdomain = std::string(w[2]);
    return true;
}

bool is_warning(std::string_view message) {
    return starts_with(message, "Deprecated option") || starts_with(message, "Unsupported option") ||
           starts_with(message, "unsupported option");
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    auto& sshd = out.device.sshd.emplace();
    auto not_collected = [&](const InputLine& l) {
        if (!sshd.not_collected) sshd.not_collected = model::NotCollected{std::string(trim(l.text)), l.number};
    };
    std::size_t settings = 0;
    for (const auto& l : lines) {
        if (skip(l.text)) continue;
        if (refusal(l.text) != Refusal::none) {
            not_collected(l);
            continue;
        }
        ast::Line p;
        if (!parse_line(l.text, p)) {
            diagnose(out, l, "not a line of `sshd -T`");
            continue;
        }
        switch (p.kind) {
            case ast::Kind::config:
                if (!is_warning(trim(p.config.message))) not_collected(l);
                continue;
            case ast::Kind::terminating:
            case ast::Kind::no_root:
            case ast::Kind::fatal:
                not_collected(l);
                continue;
            case ast::Kind::setting:
                break;
            case ast::Kind::none:
                continue;
        }
        const std::string& k = p.setting.keyword;
        const std::string value(trim(p.setting.value));
        const model::ValueLine v{value, l.number};
        auto each_word = [&](std::vector<model::ValueLine>& into) {
            for (auto w : words(value)) into.push_back(model::ValueLine{std::string(w), l.number});
        };
        if (k == "port") {
            int port = 0;
            if (!to_port(value, port)) {
                diagnose(out, l, "`port` without a port number");
                continue;
            }
            sshd.ports.push_back(v);
        } else if (k == "listenaddress") {
            model::SshdListen la;
            if (!listen_of(value, la)) {
                diagnose(out, l, "`listenaddress` is not ADDRESS:PORT [rdomain NAME]");
                continue;
            }
            la.line = l.number;
            sshd.listen.push_back(std::move(la));
        } else if (k == "allowusers") {
            each_word(sshd.allow_users);
        } else if (k == "allowgroups") {
            each_word(sshd.allow_groups);
        } else if (k == "denyusers") {
            each_word(sshd.deny_users);
        } else if (k == "denygroups") {
            each_word(sshd.deny_groups);
        } else if (k == "allowtcpforwarding") {
            sshd.allow_tcp_forwarding = v;
        } else if (k == "disableforwarding") {
            sshd.disable_forwarding = v;
        } else if (k == "permitopen") {
            sshd.permit_open = v;
        } else if (k == "permitrootlogin") {
            sshd.permit_root_login = v;
        } else if (k == "passwordauthentication") {
            sshd.password_authentication = v;
        } else if (k == "pubkeyauthentication") {
            sshd.pubkey_authentication = v;
        }
        ++settings;
    }
    // sshd -T always prints its whole configuration; nothing at all (`sshd -t`, which only tests,
    // or an empty capture) is no evidence.
    if (settings == 0 && !sshd.not_collected) sshd.not_collected = model::NotCollected{"no configuration printed", 0};
}

}  // namespace vtyguard::parsers::lnx::sshd_t
