#include "plugin/engine/evidence.hpp"

#include <algorithm>
#include <bit>

namespace vtyguard::checks {

namespace {

bool is_running_config(std::string_view command) {
    return command == "show running-config" || command == "more system:running-config";
}

// The text of 1-based `line` of `text` (empty when out of range).
std::string line_text(std::string_view text, std::size_t line) {
    std::size_t start = 0;
    for (std::size_t n = 1; n < line; ++n) {
        auto nl = text.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    auto end = text.find('\n', start);
    auto s = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

template <class T>
void fill(std::optional<T>& into, const std::optional<T>& from) {
    if (!into && from) into = from;
}
template <class T>
void fill(std::vector<T>& into, const std::vector<T>& from) {
    if (into.empty() && !from.empty()) into = from;
}
void fill(std::string& into, const std::string& from) {
    if (into.empty() && !from.empty()) into = from;
}

void merge_ssh(model::SshServer& a, const model::SshServer& b) {
    fill(a.available, b.available);
    fill(a.enabled, b.enabled);
    fill(a.disabled_reason, b.disabled_reason);
    fill(a.version, b.version);
    fill(a.timeout_seconds, b.timeout_seconds);
    fill(a.retries, b.retries);
    fill(a.dh_min_size, b.dh_min_size);
    fill(a.authentication_methods, b.authentication_methods);
    fill(a.algorithms.kex, b.algorithms.kex);
    fill(a.algorithms.hostkey, b.algorithms.hostkey);
    fill(a.algorithms.encryption, b.algorithms.encryption);
    fill(a.algorithms.mac, b.algorithms.mac);
    fill(a.algorithms.publickey, b.algorithms.publickey);
    fill(a.keypair_name, b.keypair_name);
    fill(a.rotary_ports, b.rotary_ports);
    fill(a.maxstartups, b.maxstartups);
    fill(a.source_interface, b.source_interface);
    fill(a.config_lines, b.config_lines);
    fill(a.allow, b.allow);
    fill(a.session_timeout_minutes, b.session_timeout_minutes);
    fill(a.key_exchange_groups, b.key_exchange_groups);
    fill(a.cipher_encryption, b.cipher_encryption);
    fill(a.cipher_integrity, b.cipher_integrity);
    fill(a.stricthostkeycheck, b.stricthostkeycheck);
}

// Copies section `s` of `from` into `to` (whole-section semantics; SSH merged field by field).
void take(model::Device& to, const model::Device& from, parsers::Section s) {
    using namespace parsers;
    switch (s) {
        case kHostname:
            to.hostname = from.hostname;
            break;
        case kDomain:
            to.domain = from.domain;
            break;
        case kVersion:
            to.version = from.version;
            break;
        case kPrivilege:
            to.privilege = from.privilege;
            break;
        case kSsh:
            merge_ssh(to.ssh, from.ssh);
            break;
        case kKeys:
            to.keys = from.keys;
            break;
        case kLines:
            to.lines = from.lines;
            break;
        case kAcls:
            to.acls = from.acls;
            break;
        case kObjectGroups:
            to.object_groups = from.object_groups;
            break;
        case kUsers:
            to.users = from.users;
            break;
        case kAaa:
            to.aaa = from.aaa;
            break;
        case kInterfaces:
            to.interfaces = from.interfaces;
            break;
        case kAccessGroups:
            to.access_groups = from.access_groups;
            break;
        case kTelnet:
            to.telnet = from.telnet;
            break;
        case kManagementPlane:
            to.management_plane = from.management_plane;
            break;
        case kLoginBlock:
            to.login_block = from.login_block;
            break;
        case kArchive:
            to.archive = from.archive;
            break;
        case kSessions:
            to.sessions = from.sessions;
            break;
        case kLineStatus:
            to.line_status = from.line_status;
            break;
        case kRoute:
            to.route = from.route;
            break;
        case kService:
            to.service = from.service;
            break;
        case kSshd:
            to.sshd = from.sshd;
            break;
        case kListeners:
            to.listeners = from.listeners;
            break;
        case kIptables:
            to.iptables = from.iptables;
            break;
        case kNftables:
            to.nftables = from.nftables;
            break;
        case kHostsAllow:
            to.hosts_allow = from.hosts_allow;
            break;
        case kHostsDeny:
            to.hosts_deny = from.hosts_deny;
            break;
        case kIdentity:
            to.identity = from.identity;
            break;
    }
}

}  // namespace

bool add_capture(DeviceEvidence& ev, std::string_view command, std::string text, std::string file, std::string& error) {
    parsers::ParseResult result;
    parsers::Resolved resolved;
    std::string why;
    if (!parsers::parse(ev.platform, command, text, result, resolved, why)) {
        error = (file.empty() ? std::string(command) : file) + ": " + why;
        return false;
    }
    Capture c;
    c.command = resolved.command;
    c.file = std::move(file);
    c.text = std::move(text);
    c.sections = resolved.sections;
    c.diagnostics = std::move(result.diagnostics);
    c.device = std::move(result.device);
    ev.captures.push_back(std::move(c));
    return true;
}

void merge_captures(DeviceEvidence& ev) {
    ev.device = model::Device{};
    ev.device.platform = ev.platform;
    ev.known = 0;
    ev.routes.clear();
    ev.source_.fill(0);
    // Dedicated commands first (in the order added), running-configs last.
    std::vector<std::size_t> order;
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < ev.captures.size(); ++i)
            if (is_running_config(ev.captures[i].command) == (pass == 1)) order.push_back(i);
    for (std::size_t i : order) {
        const Capture& c = ev.captures[i];
        for (std::uint32_t bits = c.sections; bits != 0; bits &= bits - 1) {
            const auto bit = static_cast<unsigned>(std::countr_zero(bits));
            const auto s = static_cast<parsers::Section>(1u << bit);
            if (s == parsers::kRoute) {
                if (c.device.route) ev.routes.push_back(*c.device.route);
            } else if (s == parsers::kSsh || !(ev.known & s)) {
                take(ev.device, c.device, s);
            } else if (s == parsers::kInterfaces && is_running_config(c.command)) {
                // `show nameif` lists names and levels only; the config has the addresses and VRFs.
                // Keep the configuration's interfaces and the status the show command saw.
                auto merged = c.device.interfaces;
                for (auto& m : merged)
                    for (const auto& seen : ev.device.interfaces)
                        if (seen.name == m.name || (seen.nameif && seen.nameif == m.nameif)) {
                            if (m.status.empty()) m.status = seen.status;
                            if (!m.security_level) m.security_level = seen.security_level;
                        }
                ev.device.interfaces = std::move(merged);
                ev.source_[bit] = static_cast<int>(i) + 1;
            }
            if (!(ev.known & s)) ev.source_[bit] = static_cast<int>(i) + 1;
            ev.known |= s;
        }
    }
    if (!ev.routes.empty()) ev.device.route = ev.routes.front();
}

const Capture* DeviceEvidence::source(parsers::Section s) const {
    const auto bit = static_cast<unsigned>(std::countr_zero(static_cast<std::uint32_t>(s)));
    const int i = bit < source_.size() ? source_[bit] : 0;
    return i > 0 ? &captures[static_cast<std::size_t>(i - 1)] : nullptr;
}

const Capture* DeviceEvidence::find(std::string_view command) const {
    for (const auto& c : captures)
        if (c.command == command) return &c;
    return nullptr;
}

Evidence DeviceEvidence::cite(parsers::Section s, std::size_t line) const {
    const Capture* c = source(s);
    if (!c) return Evidence{};
    return cite(*c, line);
}

Evidence DeviceEvidence::cite(const Capture& c, std::size_t line) const {
    Evidence e;
    e.command = c.command;
    e.file = c.file;
    e.line = line;
    if (line > 0) e.text = line_text(c.text, line);
    return e;
}

Evidence DeviceEvidence::cite_text(const Capture& c, std::string_view needle) const {
    std::size_t n = 1, start = 0;
    while (start <= c.text.size()) {
        auto nl = c.text.find('\n', start);
        auto end = nl == std::string::npos ? c.text.size() : nl;
        if (std::string_view(c.text).substr(start, end - start).find(needle) != std::string_view::npos)
            return cite(c, n);
        if (nl == std::string::npos) break;
        start = nl + 1;
        ++n;
    }
    return cite(c, 0);
}

Evidence DeviceEvidence::missing(std::string_view command) {
    Evidence e;
    e.command = std::string(command);
    e.text = "(not collected)";
    return e;
}

}  // namespace vtyguard::checks
