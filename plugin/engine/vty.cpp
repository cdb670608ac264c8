#include "plugin/engine/vty.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace vtyguard::engine {

Tri EffectiveLine::accepts(std::string_view protocol) const {
    if (!transport_input) return Tri::unknown;
    return std::find(transport_input->begin(), transport_input->end(), protocol) != transport_input->end() ? Tri::yes
                                                                                                           : Tri::no;
}

namespace {

// `transport input all` / `none` / a list, as the protocols it admits.
std::vector<std::string> expand(const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (const auto& w : words) {
        if (w == "none") continue;
        if (w == "all") {
            for (const char* p : {"ssh", "telnet", "rlogin", "lat", "mop", "pad", "udptn", "v120"})
                if (std::find(out.begin(), out.end(), p) == out.end()) out.emplace_back(p);
            continue;
        }
        if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
    }
    return out;
}

std::optional<int> major_release(const std::string& release) {
    int major = 0;
    auto [p, ec] = std::from_chars(release.data(), release.data() + release.size(), major);
    if (ec != std::errc() || p == release.data()) return std::nullopt;
    return major;
}

}  // namespace

std::optional<std::vector<std::string>> default_transport_input(const model::Device& device) {
    if (!device.version || device.version->release.empty()) return std::nullopt;
    const auto major = major_release(device.version->release);
    // Only what is certain: classic IOS 12.x admits every protocol when `transport input` is
    // absent. Later IOS and IOS-XE releases differ by platform and train, so they stay unknown
    // rather than guessed.
    if (major && *major <= 12 && device.version->software != "IOS-XE") return expand({"all"});
    return std::nullopt;
}

std::vector<EffectiveLine> resolve_vty(const model::Device& device) {
    std::map<int, EffectiveLine> lines;
    for (std::size_t i = 0; i < device.lines.size(); ++i) {
        const auto& b = device.lines[i];
        if (b.type != "vty") continue;
        for (int n = b.first; n <= std::max(b.first, b.last); ++n) {
            auto& l = lines[n];
            l.number = n;
            l.blocks.push_back(i);
            if (b.transport_input) l.transport_input = expand(*b.transport_input);
            if (b.access_class_in) l.access_class_in = b.access_class_in;
            if (b.ipv6_access_class_in) l.ipv6_access_class_in = b.ipv6_access_class_in;
            if (b.rotary) l.rotary = b.rotary;
            if (b.exec_timeout_minutes) {
                l.exec_timeout_seconds = *b.exec_timeout_minutes * 60 + b.exec_timeout_seconds.value_or(0);
                l.exec_timeout_from_default = false;
            }
            if (b.login) {
                l.login = b.login;
                l.login_authentication = b.login_authentication;
            }
            if (b.password_set) l.password_set = true;
        }
    }
    const auto dflt = default_transport_input(device);
    std::vector<EffectiveLine> out;
    out.reserve(lines.size());
    for (auto& [n, l] : lines) {
        if (!l.transport_input && dflt) {
            l.transport_input = dflt;
            l.transport_from_default = true;
        }
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace vtyguard::engine
