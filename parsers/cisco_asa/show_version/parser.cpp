// ASA `show version` -> Device::version (software `ASA`).
//
// Whitelist policy (for `show version` only): the output is largely prose (compile banner,
// interface list with MAC addresses, the licence table, activation keys, failover and cluster
// uptimes), so lines that are not one of the facts below are ignored on purpose. Only a line that
// starts like a fact line but does not parse is reported. The facts:
//   `Cisco Adaptive Security Appliance Software Version 9.12(4)67`   release (first wins)
//   `Device Manager Version 7.12(2)`                                 understood; no model field
//   `Hardware:   ASA5512, 4096 MB RAM, CPU Clarkdale 2800 MHz, ...`  model (text before the comma)
//   `Serial Number: FCH1234ABCD`                                     serial
//   `HOST up 10 days 2 hours`                                        uptime (first wins; a later
//                                                                    `failover cluster up ...` is prose)
//   `System image file is "disk0:/asa9-12-4-67-smp-k8.bin"`          image
//   `Encryption-3DES-AES : Enabled ...`                              crypto = true
// crypto is never set false: every ASA image does SSH; `Encryption-3DES-AES : Disabled` only
// says strong ciphers are not licensed, and `-k8` in an image name says nothing either.
//
// IOS output fed to this parser is reported on its banner line; a capture without any fact line
// is reported on its first line. A `% ...` line (`% Invalid input detected at '^'
// marker.`) is reported as a rejected command; the caret line above it is not content.
#include "parsers/cisco_asa/show_version/parser.hpp"

#include <cctype>
#include <optional>

#include "parsers/cisco_asa/show_version/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_asa::show_version {

namespace {

// `HOST up 3 days 4 hours`: one token, `up`, a digit.
bool looks_like_uptime(std::string_view t) {
    if (t.empty() || std::isspace(static_cast<unsigned char>(t[0]))) return false;
    const auto sp = t.find(' ');
    if (sp == std::string_view::npos) return false;
    auto after = t.substr(sp + 1);
    return starts_with(after, "up ") && after.size() > 3 && std::isdigit(static_cast<unsigned char>(after[3]));
}

ast::Kind classify(std::string_view t) {
    using K = ast::Kind;
    if (starts_with(t, "Cisco Adaptive Security Appliance Software")) return K::banner;
    if (starts_with(t, "Device Manager Version")) return K::asdm;
    if (starts_with(t, "Hardware:")) return K::hardware;
    if (starts_with(t, "Serial Number:")) return K::serial;
    if (starts_with(t, "System image file is")) return K::image;
    if (starts_with(t, "Encryption-3DES-AES")) return K::strong_crypto;
    if (looks_like_uptime(t)) return K::uptime;
    return K::none;
}

const char* foreign_os(std::string_view t) {
    if (starts_with(t, "Cisco IOS Software") || starts_with(t, "Cisco IOS XE Software"))
        return "IOS `show version`: use platform cisco_ios";
    if (starts_with(t, "Cisco Nexus Operating System")) return "NX-OS `show version`: not ASA; refused";
    return nullptr;
}

// `            ^` above `% Invalid input detected at '^' marker.`
bool is_caret_line(std::string_view t) {
    const auto s = trim(t);
    return s == "^";
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    model::Version v;
    bool any = false;
    std::optional<InputLine> first_content;
    for (const auto& line : split_lines(input.text, storage)) {
        if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
        // The rejection of a mistyped or unsupported command: its caret line is not content, the
        // `% Invalid input` / `% Incomplete command` line is reported.
        if (is_caret_line(line.text)) continue;
        if (starts_with(line.text, "% ")) {
            diagnose(out, line, "the device rejected the command");
            continue;
        }
        if (!first_content) first_content = line;
        if (const char* why = foreign_os(line.text)) {
            diagnose(out, line, why);
            continue;
        }
        const auto kind = classify(line.text);
        if (kind == ast::Kind::none) continue;  // prose: see the whitelist policy above
        ast::Pair p;
        if (!parse_fact(line.text, kind, p)) {
            diagnose(out, line, "looks like a `show version` fact line but does not parse");
            continue;
        }
        any = true;
        switch (kind) {
            case ast::Kind::banner:
                v.software = "ASA";
                if (v.release.empty()) v.release = p.a;
                break;
            case ast::Kind::asdm:
                break;
            case ast::Kind::hardware:
                if (v.model.empty()) v.model = std::string(trim(p.a));
                break;
            case ast::Kind::serial:
                if (v.serial.empty()) v.serial = p.a;
                break;
            case ast::Kind::uptime:
                if (v.uptime.empty()) v.uptime = std::string(trim(p.b));
                break;
            case ast::Kind::image:
                if (v.image.empty()) v.image = p.a;
                break;
            case ast::Kind::strong_crypto:
                if (p.a == "Enabled") v.crypto = true;
                break;
            default:
                break;
        }
    }
    if (!any) {
        if (first_content && out.diagnostics.empty())
            diagnose(out, *first_content, "no `show version` fact (banner, hardware, image) in the capture");
        return;
    }
    out.device.version = std::move(v);
}

}  // namespace vtyguard::parsers::cisco_asa::show_version
