// IOS / IOS-XE `show version` -> Device::version.
//
// Whitelist policy (for `show version` only): the output is largely prose (copyright and export
// notices, licence tables, interface counts, ROM and boot loader versions, per-switch stack
// tables), so lines that are not one of the facts below are ignored on purpose. Only a line that
// starts like a fact line but does not parse is reported. The facts:
//   `Cisco IOS XE Software, Version 17.09.04a`                          software IOS-XE, release
//   `Cisco IOS Software[ [Cupertino]], FAMILY Software (IMAGE), Version 15.2(4)E10, ...`,
//   `IOS (tm) FAMILY Software (IMAGE), Version 12.2(15)T5, ...`         software, release
//   `Cisco IOS-XE software, Copyright ...`                              software IOS-XE
//   `HOST uptime is 1 week, 2 days`                                     uptime
//   `System image file is "flash:..."`                                  image
//   `cisco WS-C3750X-48P (PowerPC405) processor ...`                    model
//   `Model Number : C9300-48P` (preferred over the processor line)      model
//   `Processor board ID FOC1234X0AB` (else `System Serial Number : `)   serial
//   `This product contains cryptographic features ...`                  crypto
// The first statement of each fact wins (a stack repeats some per member switch).
//
// software: IOS-XE when the output says so (the `IOS XE Software` banner, `IOS-XE` or `IOSXE` in
// the IOS banner such as `(CAT9K_IOSXE)`, a `[Codename]` train tag, or the IOS-XE copyright
// line), else IOS when an IOS banner was seen. release: the first banner's (on IOS-XE the
// `IOS XE Software` line's own numbering, `17.09.04a`). crypto: true when the image name or the
// banner's image family carries `k9`, or the cryptographic-features notice is printed; never
// false (Cat9k images carry no k9), so otherwise unknown.
//
// Output of another OS (NX-OS, IOS-XR, ASA) is reported on its banner line; a capture without
// any fact line is reported on its first line. A `% ...` line (`% Invalid input detected at '^'
// marker.`) is reported as a rejected command; the caret line above it is not content.
#include "parsers/cisco_ios/show_version/parser.hpp"

#include <cctype>
#include <optional>

#include "parsers/cisco_ios/show_version/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_version {

namespace {

bool contains_nocase(std::string_view s, std::string_view what) {
    if (what.size() > s.size()) return false;
    for (std::size_t i = 0; i + what.size() <= s.size(); ++i) {
        std::size_t j = 0;
        while (j < what.size() &&
               std::tolower(static_cast<unsigned char>(s[i + j])) == std::tolower(static_cast<unsigned char>(what[j])))
            ++j;
        if (j == what.size()) return true;
    }
    return false;
}

bool contains(std::string_view s, std::string_view what) {
    return s.find(what) != std::string_view::npos;
}

// Which fact a line claims to be, from how it starts; none for prose.
ast::Kind classify(std::string_view t) {
    using K = ast::Kind;
    if (starts_with(t, "Cisco IOS XE Software")) return K::xe_banner;
    if (starts_with(t, "Cisco IOS Software") || starts_with(t, "IOS (tm)")) return K::ios_banner;
    if (starts_with(t, "Cisco IOS-XE software,")) return K::xe_copyright;
    if (starts_with(t, "System image file is")) return K::image;
    if (starts_with(t, "Processor board ID")) return K::board_id;
    if (starts_with(t, "Model Number") || starts_with(t, "Model number")) return K::model_number;
    if (starts_with(t, "System Serial Number") || starts_with(t, "System serial number")) return K::system_serial;
    if (starts_with(t, "This product contains cryptographic features")) return K::crypto_notice;
    if ((starts_with(t, "cisco ") || starts_with(t, "Cisco ")) &&
        (contains(t, ") processor") || contains(t, "bytes of memory")))
        return K::processor;
    if (!t.empty() && !std::isspace(static_cast<unsigned char>(t[0])) && contains(t, " uptime is ")) return K::uptime;
    return K::none;
}

const char* foreign_os(std::string_view t) {
    if (starts_with(t, "Cisco Nexus Operating System")) return "NX-OS `show version`: not IOS; refused";
    if (starts_with(t, "Cisco IOS XR Software")) return "IOS-XR `show version`: not IOS; refused";
    if (starts_with(t, "Cisco Adaptive Security Appliance Software"))
        return "ASA `show version`: use platform cisco_asa";
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
    bool any = false, xe = false, ios = false;
    std::string model_from_processor, system_serial;
    bool model_number_seen = false;
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
            case ast::Kind::xe_banner:
                xe = true;
                if (v.release.empty()) v.release = p.a;
                break;
            case ast::Kind::ios_banner:
                ios = true;
                if (contains(p.a, "IOS-XE") || contains(p.a, "IOSXE") || contains(p.a, "[")) xe = true;
                if (contains_nocase(p.a, "k9")) v.crypto = true;
                if (v.release.empty()) v.release = p.b;
                break;
            case ast::Kind::xe_copyright:
                xe = true;
                break;
            case ast::Kind::uptime:
                if (v.uptime.empty()) v.uptime = std::string(trim(p.b));
                break;
            case ast::Kind::image:
                if (v.image.empty()) v.image = p.a;
                if (contains_nocase(p.a, "k9")) v.crypto = true;
                break;
            case ast::Kind::processor:
                if (model_from_processor.empty()) model_from_processor = p.a;
                break;
            case ast::Kind::model_number:
                if (!model_number_seen) v.model = p.a;
                model_number_seen = true;
                break;
            case ast::Kind::board_id:
                if (v.serial.empty()) v.serial = p.a;
                break;
            case ast::Kind::system_serial:
                if (system_serial.empty()) system_serial = p.a;
                break;
            case ast::Kind::crypto_notice:
                v.crypto = true;
                break;
            default:
                break;
        }
    }
    if (!any) {
        // Nothing but prose: not a `show version` at all (`% Invalid input`, another command).
        if (first_content && out.diagnostics.empty())
            diagnose(out, *first_content, "no `show version` fact (banner, uptime, image) in the capture");
        return;
    }
    if (xe)
        v.software = "IOS-XE";
    else if (ios)
        v.software = "IOS";
    if (!model_number_seen) v.model = model_from_processor;
    if (v.serial.empty()) v.serial = system_serial;
    out.device.version = std::move(v);
}

}  // namespace vtyguard::parsers::cisco_ios::show_version
