// `ss -tlnp` -> Device::listeners: every listening TCP socket, its address, port and owners.
//
// Addresses as ss prints them: `0.0.0.0:22`, `*:22` (every address of both families), `[::]:22`,
// `:::22` (iproute2 before 4.x wrote IPv6 without brackets), `127.0.0.53%lo:53` (bound to an
// interface), `[fe80::1]%eth0:22`. The owners (`users:(("sshd",pid=640,fd=3))`) are absent when ss
// was not run as root and the socket is not the caller's: the socket is still there, its program
// unknown.
#include "parsers/linux/ss_-tlnp/parser.hpp"

#include <charconv>

#include "parsers/linux/common/shell.hpp"
#include "parsers/linux/ss_-tlnp/grammar.hpp"

namespace vtyguard::parsers::lnx::ss_tlnp {

namespace {

bool local_of(std::string_view local, model::Listener& out) {
    const auto colon = local.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const auto port = local.substr(colon + 1);
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || p != port.data() + port.size() || out.port <= 0 || out.port > 65535) return false;
    auto addr = local.substr(0, colon);
    if (const auto pct = addr.rfind('%');
        pct != std::string_view::npos && addr.find(']', pct) == std::string_view::npos) {
        out.scope = std::string(addr.substr(pct + 1));
        addr = addr.substr(0, pct);
    }
    if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
    if (addr.empty()) return false;
    out.address = std::string(addr);
    return true;
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    auto& listeners = out.device.listeners.emplace();
    for (const auto& l : lines) {
        if (skip(l.text)) continue;
        if (refusal(l.text) != Refusal::none) {
            if (!listeners.not_collected)
                listeners.not_collected = model::NotCollected{std::string(trim(l.text)), l.number};
            continue;
        }
        ast::Row row;
        const auto kind = parse_line(l.text, row);
        if (kind == ast::Kind::header) continue;
        if (kind == ast::Kind::none) {
            diagnose(out, l, "not a line of `ss -tlnp`");
            continue;
        }
        if (row.state != "LISTEN") {
            diagnose(out, l, "a socket that is not listening (`ss -tlnp` lists listening sockets only)");
            continue;
        }
        model::Listener s;
        if (!local_of(row.local, s)) {
            diagnose(out, l, "local address is not ADDRESS:PORT");
            continue;
        }
        s.processes = std::move(row.processes);
        s.line = l.number;
        listeners.sockets.push_back(std::move(s));
    }
}

}  // namespace vtyguard::parsers::lnx::ss_tlnp
