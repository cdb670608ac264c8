#include "plugin/engine/audit.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "parsers/common/lines.hpp"

namespace vtyguard::checks {

namespace fs = std::filesystem;

namespace {

// A backup or capture larger than this is not a device configuration (the largest real
// running-configs are a few MB); reading it whole would only exhaust memory.
constexpr std::uintmax_t kMaxFileBytes = 64u * 1024u * 1024u;

bool read_file(const fs::path& p, std::string& out, std::string& error) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    if (!ec && size > kMaxFileBytes) {
        error = p.string() + ": " + std::to_string(size) + " bytes: too large for a configuration or a capture";
        return false;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        error = p.string() + ": cannot read";
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        error = p.string() + ": read error";
        return false;
    }
    out = ss.str();
    return true;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool contains(std::string_view s, std::string_view needle) {
    return s.find(needle) != std::string_view::npos;
}

bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `version 15.2` / `version 17.9` (IOS) as opposed to `version 9.3(8)` / `version 7.3(1)D1(1)`
// (NX-OS) and `version 12.3R2.5;` (Junos).
enum class VersionLine { none, ios, nxos, junos };
VersionLine version_line(std::string_view t) {
    if (!starts(t, "version ")) return VersionLine::none;
    auto v = parsers::trim(t.substr(8));
    if (!v.empty() && v.back() == ';') return VersionLine::junos;
    auto dot = v.find('.');
    if (dot == std::string_view::npos || !is_digits(v.substr(0, dot))) return VersionLine::none;
    auto rest = v.substr(dot + 1);
    std::size_t i = 0;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
    if (i == 0) return VersionLine::none;
    if (i == rest.size()) return VersionLine::ios;
    if (rest[i] == '(') return VersionLine::nxos;
    return VersionLine::none;
}

// Bytes that never occur in a configuration or a CLI capture: NUL and most C0 controls. A few
// stray ones (a pasted ^C banner delimiter, an escape sequence) are normal.
bool looks_binary(std::string_view text) {
    std::size_t controls = 0;
    for (unsigned char c : text) {
        if (c == 0) return true;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x03 && c != 0x1b && c != 0x08)
            ++controls;
    }
    return controls > 16 && controls * 100 > text.size();
}

// What a refused platform's configuration looks like, for the message.
struct Refusal {
    std::size_t line = 0;
    std::string platform;  // `NX-OS`, `IOS-XR`, `Junos`, ...
    std::string sign;      // the line that gave it away
};

std::string_view rancid_platform(std::string_view type) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes = {{
        {"cisco-nx", "Cisco NX-OS"},
        {"cisco-xr", "Cisco IOS-XR"},
        {"cisco-wlc4", "Cisco WLC"},
        {"cisco-wlc5", "Cisco WLC"},
        {"cisco-wlc8", "Cisco WLC"},
        {"juniper", "Junos"},
        {"junos", "Junos"},
        {"arista", "Arista EOS"},
        {"fortigate", "FortiOS"},
        {"paloalto", "PAN-OS"},
        {"hp", "HP ProCurve"},
        {"procurve", "HP ProCurve"},
        {"foundry", "Foundry / Brocade"},
        {"extreme", "Extreme"},
        {"mikrotik", "MikroTik RouterOS"},
        {"netscreen", "ScreenOS"},
        {"a10", "A10"},
        {"f5", "F5"},
    }};
    for (const auto& [k, v] : kTypes)
        if (type == k) return v;
    return {};
}

}  // namespace

bool detect_platform(std::string_view text, std::string_view name, std::string& platform, std::string& error) {
    const std::string where(name);
    std::vector<std::string> storage;
    const auto lines = parsers::split_lines(text, storage);
    const auto first_text = std::find_if(lines.begin(), lines.end(),
                                         [](const parsers::InputLine& l) { return !parsers::trim(l.text).empty(); });
    if (first_text == lines.end()) {
        error = where + ": empty: no configuration lines";
        return false;
    }
    if (looks_binary(text)) {
        error = where + ": binary data, not a configuration";
        return false;
    }

    std::optional<Refusal> refused;
    auto refuse = [&](const parsers::InputLine& l, std::string_view what) {
        if (!refused) refused = Refusal{l.number, std::string(what), std::string(parsers::trim(l.text))};
    };
    std::size_t ios_strong = 0, asa_strong = 0, ios_weak = 0;
    std::size_t ios_line = 0, asa_line = 0;
    bool rancid_cisco = false, ios_hostname = false, ios_interface = false;
    for (const auto& l : lines) {
        const std::string_view t = l.text;
        if (t.empty()) continue;
        // RANCID heads every file with its device type (`#` for Junos, `!` for the rest).
        if (starts(t, "!RANCID-CONTENT-TYPE:") || starts(t, "#RANCID-CONTENT-TYPE:")) {
            const std::string type = lower(parsers::trim(t.substr(t.find(':') + 1)));
            if (auto p = rancid_platform(type); !p.empty())
                refuse(l, p);
            else if (starts(type, "cisco") || type == "asa" || type == "pix" || type == "fwsm")
                rancid_cisco = true;  // IOS and ASA share RANCID's `cisco` type: the text decides
            else
                refuse(l, "RANCID content type '" + type + "'");
            continue;
        }
        // Comments that backup tools copy from `show version` (Oxidized: `! Cisco IOS XE Software`).
        const bool comment = t.front() == '!' || t.front() == '#';
        if (starts(t, "!! IOS XR") || (contains(t, "RP/0/") && contains(t, "CPU0:")) ||
            (comment && (contains(t, "IOS XR") || contains(t, "IOS-XR"))))
            refuse(l, "Cisco IOS-XR");
        if (starts(t, "!Command: ") || starts(t, "feature ") || starts(t, "no feature ") || starts(t, "boot nxos ") ||
            starts(t, "install feature-set ") || (comment && contains(t, "NX-OS")) ||
            version_line(t) == VersionLine::nxos)
            refuse(l, "Cisco NX-OS");
        if (starts(t, "! device: ") || starts(t, "! Command: ") || (comment && contains(t, "Arista")))
            refuse(l, "Arista EOS");
        if (starts(t, "management api http-commands") || starts(t, "daemon TerminAttr")) refuse(l, "Arista EOS");
        if (starts(t, "## Last commit:") || starts(t, "set system host-name ") ||
            version_line(t) == VersionLine::junos ||
            ((starts(t, "system {") || starts(t, "interfaces {")) && l.text.back() == '{'))
            refuse(l, "Junos");
        if (starts(t, "#config-version=") || starts(t, "config system global")) refuse(l, "FortiOS");
        if (starts(t, "<?xml") || starts(t, "<config")) refuse(l, "an XML configuration (PAN-OS?)");
        if (starts(t, "sysname ")) refuse(l, "Huawei VRP");
        if (comment && contains(t, "JUNOS")) refuse(l, "Junos");
        if (comment && contains(t, "RouterOS")) refuse(l, "MikroTik RouterOS");
        if (starts(t, "; J") && contains(t, "Configuration Editor")) refuse(l, "HP ProCurve / Aruba");

        if (starts(t, "ASA Version ") || starts(t, "PIX Version ") || starts(t, "FWSM Version ") || t == ": Saved" ||
            starts(t, ": Written by ") || starts(t, "Cryptochecksum:") || starts(t, " nameif ")) {
            if (!asa_line) asa_line = l.number;
            ++asa_strong;
        }
        if (version_line(t) == VersionLine::ios || starts(t, "Current configuration : ") || t == "boot-start-marker") {
            if (!ios_line) ios_line = l.number;
            ++ios_strong;
        }
        if (starts(t, "hostname ")) ios_hostname = true;
        if (starts(t, "interface GigabitEthernet") || starts(t, "interface FastEthernet") ||
            starts(t, "interface TenGigabitEthernet") || starts(t, "interface Serial") ||
            starts(t, "interface Loopback") || starts(t, "interface Vlan") || starts(t, "interface Ethernet0"))
            ios_interface = true;
        for (std::string_view w : {"line vty ", "line con 0", "ip cef", "service timestamps ", "ip domain-name ",
                                   "ip domain name ", "ip ssh ", "aaa new-model", "ip access-list ", "enable secret "})
            if (starts(t, w)) {
                if (!ios_line) ios_line = l.number;
                ++ios_weak;
            }
    }
    if (ios_hostname && ios_interface) ++ios_weak;

    if (refused) {
        platform = refused->platform;
        error = where + ":" + std::to_string(refused->line) + ": not a supported platform: looks like " +
                refused->platform + " (`" + refused->sign + "`); vtyguard audits cisco_ios and cisco_asa only";
        return false;
    }
    if (asa_strong && ios_strong) {
        error = where + ": mixes IOS (line " + std::to_string(ios_line) + ") and ASA (line " +
                std::to_string(asa_line) + ") configuration: one device per file";
        return false;
    }
    if (asa_strong) {
        platform = "cisco_asa";
        return true;
    }
    if (ios_strong || (rancid_cisco && ios_weak) || ios_weak >= 2) {
        platform = "cisco_ios";
        return true;
    }
    error = where + ":" + std::to_string(first_text->number) + ": not a recognisable Cisco IOS or ASA configuration " +
            "(no `version`, `ASA Version`, `hostname`, `interface` or `line vty` line), starting `" +
            std::string(parsers::trim(first_text->text)).substr(0, 60) + "`";
    return false;
}

namespace {

// A complete IOS configuration ends with `end`, an ASA one with `: end` (RANCID and Oxidized keep
// them). Without it the backup was cut short, and a missing section would read as "not
// configured" when it was only not saved.
bool check_complete(std::string_view text, std::string_view platform, const std::string& name, std::string& error) {
    std::vector<std::string> storage;
    const auto lines = parsers::split_lines(text, storage);
    const std::string_view marker = platform == "cisco_asa" ? ": end" : "end";
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        const auto t = parsers::trim(it->text);
        if (t.empty() || parsers::is_prompt_line(it->text) || it->text.front() == '!') continue;
        if (it->text == marker) return true;
        error = name + ":" + std::to_string(it->number) + ": the configuration stops here without `" +
                std::string(marker) + "`: truncated backup (a complete configuration ends with `" +
                std::string(marker) + "`)";
        return false;
    }
    error = name + ": no configuration lines";
    return false;
}

// Words of a slug, for recovering the arguments of `show ip route [vrf V] A` from a file name.
std::vector<std::string> split_words(const std::string& s) {
    std::vector<std::string> words;
    std::stringstream ss(s);
    for (std::string w; std::getline(ss, w, '_');) words.push_back(w);
    return words;
}

// `host#show ip route vrf MGMT 10.0.0.1` on the first non-blank line: the command as typed.
std::string echoed_command(std::string_view text) {
    std::vector<std::string> storage;
    for (const auto& l : parsers::split_lines(text, storage)) {
        const auto line = l.text;
        if (parsers::trim(line).empty()) continue;
        auto p = line.find_first_of("#>");
        if (p == std::string_view::npos || p == 0 || line.find(' ') < p || !parsers::is_prompt_line(line)) return {};
        return std::string(parsers::trim(line.substr(p + 1)));
    }
    return {};
}

// `Routing Table: MGMT` in an IOS `show ip route vrf` capture: the VRF with its case.
std::string routing_table_name(std::string_view text) {
    std::vector<std::string> storage;
    for (const auto& l : parsers::split_lines(text, storage)) {
        const auto t = parsers::trim(l.text);
        if (starts(t, "Routing Table: ")) return std::string(parsers::trim(t.substr(15)));
    }
    return {};
}

}  // namespace

std::string command_for_capture(const std::string& stem, std::string_view text) {
    // `show line vty 0 15`: the line numbers are the only arguments, and a slug keeps them.
    if (starts(stem, "show_line_vty_")) {
        const auto words = split_words(stem);
        bool numbers = words.size() > 3;
        for (std::size_t i = 3; i < words.size(); ++i) numbers = numbers && is_digits(words[i]);
        if (numbers) {
            std::string out = "show line vty";
            for (std::size_t i = 3; i < words.size(); ++i) out += " " + words[i];
            return out;
        }
    }
    const bool ios_route = starts(stem, "show_ip_route");
    const bool asa_route = starts(stem, "show_route");
    if (!ios_route && !asa_route) return stem;  // the registry resolves slugs
    // Slugs of commands with arguments lose dots and case (`show_ip_route_vrf_mgmt_10_1_1_1`):
    // the echo line inside the capture wins when it has the same slug.
    if (std::string echo = echoed_command(text); !echo.empty() && parsers::command_slug(echo) == stem) return echo;
    const auto words = split_words(stem);
    std::size_t head = ios_route ? 3 : 2;  // `show ip route` / `show route`
    std::string out;
    for (std::size_t i = 0; i < head && i < words.size(); ++i) out += (i ? " " : "") + words[i];
    // Trailing groups of four numbers are dotted addresses (`10 1 1 0 255 255 255 0`).
    std::size_t tail = words.size();
    while (tail >= head + 4 && is_digits(words[tail - 1]) && is_digits(words[tail - 2]) && is_digits(words[tail - 3]) &&
           is_digits(words[tail - 4]))
        tail -= 4;
    std::size_t i = head;
    if (ios_route && i + 1 < tail && words[i] == "vrf") {
        // The VRF name is every word up to the addresses (`_` inside a name was a `_` or a
        // character the slug replaced); the routing table line gives it back with its case.
        std::string vrf;
        for (std::size_t k = i + 1; k < tail; ++k) vrf += (k > i + 1 ? "_" : "") + words[k];
        if (std::string table = routing_table_name(text); !table.empty() && parsers::command_slug(table) == vrf)
            vrf = table;
        out += " vrf " + vrf;
        i = tail;
    }
    for (; i < tail; ++i) out += " " + words[i];
    for (std::size_t k = tail; k + 3 < words.size(); k += 4)
        out += " " + words[k] + "." + words[k + 1] + "." + words[k + 2] + "." + words[k + 3];
    return out;
}

namespace {

// Platform names meta.yaml may use: ours, Netmiko's and Ansible's for the same platforms.
std::optional<std::string> meta_platform(const std::string& v) {
    static const std::array<std::pair<std::string_view, std::string_view>, 6> kNames = {{
        {"cisco_ios", "cisco_ios"},
        {"cisco_xe", "cisco_ios"},
        {"cisco.ios.ios", "cisco_ios"},
        {"cisco_asa", "cisco_asa"},
        {"cisco.asa.asa", "cisco_asa"},
        {"linux", "linux"},
    }};
    for (const auto& [k, p] : kNames)
        if (v == k) return std::string(p);
    return std::nullopt;
}

std::string yaml_where(const fs::path& p, const YAML::Mark& m) {
    return p.string() + ":" + std::to_string(m.line >= 0 ? m.line + 1 : 1);
}

bool load_meta(const fs::path& p, DeviceEvidence& ev, std::string& error) {
    std::string text;
    if (!read_file(p, text, error)) return false;
    try {
        const YAML::Node n = YAML::Load(text);
        if (n.IsNull()) return true;
        if (!n.IsMap()) {
            error = yaml_where(p, n.Mark()) + ": meta.yaml must be a mapping (platform, hostname, address)";
            return false;
        }
        for (const auto& kv : n) {
            if (!kv.first.IsScalar()) {
                error = yaml_where(p, kv.first.Mark()) + ": keys must be names (platform, hostname, address)";
                return false;
            }
            const auto key = kv.first.Scalar();
            if (!kv.second.IsScalar()) {
                error = yaml_where(p, kv.second.Mark()) + ": `" + key + "` must be a single value";
                return false;
            }
            const auto v = kv.second.Scalar();
            if (key == "platform") {
                auto platform = meta_platform(v);
                if (!platform) {
                    ev.platform = v;
                    error = yaml_where(p, kv.second.Mark()) + ": platform '" + v +
                            "' is not supported (cisco_ios for IOS and IOS-XE, cisco_asa, linux)";
                    return false;
                }
                ev.platform = *platform;
            } else if (key == "address") {
                ev.address = v;
            } else if (key == "hostname") {
                ev.device.hostname = v;  // replaced by the captures' hostname when they state one
            } else {
                error = yaml_where(p, kv.first.Mark()) + ": unknown key '" + key + "' (platform, hostname, address)";
                return false;
            }
        }
    } catch (const YAML::Exception& e) {
        error = yaml_where(p, e.mark) + ": " + e.msg;
        return false;
    }
    return true;
}

// The platform from a device's running-config or, without one, its `show version` (each null when
// absent; `*_name` names the text in messages). `where` names the device for the last resort
// message.
bool detect_captures_platform(const std::string* running, const std::string& running_name, const std::string* version,
                              const std::string& version_name, const std::string& where, std::string& platform,
                              std::string& error) {
    if (running) return detect_platform(*running, running_name, platform, error);
    if (version) {
        const std::string& text = *version;
        for (auto [sign, name] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
                 {"Cisco IOS XR Software", "Cisco IOS-XR"},
                 {"Cisco Nexus Operating System", "Cisco NX-OS"},
                 {"NX-OS", "Cisco NX-OS"},
                 {"JUNOS", "Junos"},
                 {"Arista", "Arista EOS"}})
            if (contains(text, sign)) {
                platform = name;
                error = version_name + ": not a supported platform: looks like " + std::string(name) + " (`" +
                        std::string(sign) + "`); vtyguard audits cisco_ios and cisco_asa only";
                return false;
            }
        if (contains(text, "Cisco Adaptive Security Appliance Software") || contains(text, "Cisco PIX Security"))
            platform = "cisco_asa";
        else if (contains(text, "Cisco IOS Software") || contains(text, "Cisco IOS XE Software") ||
                 contains(text, "Cisco Internetwork Operating System Software") || contains(text, "IOS (tm)"))
            platform = "cisco_ios";
        if (!platform.empty()) return true;
    }
    error = where +
            ": no platform: add meta.yaml with `platform: cisco_ios` or `platform: cisco_asa` (no "
            "show_running-config.txt or show_version.txt says which)";
    return false;
}

// A folder without meta.yaml: the platform from its running-config or its `show version`.
bool detect_folder_platform(const fs::path& dir, std::string& platform, std::string& error) {
    std::string running, version;
    const fs::path running_file = dir / "show_running-config.txt", version_file = dir / "show_version.txt";
    const bool has_running = fs::exists(running_file), has_version = !has_running && fs::exists(version_file);
    if (has_running && !read_file(running_file, running, error)) return false;
    if (has_version && !read_file(version_file, version, error)) return false;
    return detect_captures_platform(has_running ? &running : nullptr, running_file.string(),
                                    has_version ? &version : nullptr, version_file.string(), dir.string(), platform,
                                    error);
}

// The name a capture goes by in messages: its file, else the device and the command.
std::string capture_where(const CaptureSet& set, const CaptureText& c) {
    return c.file.empty() ? set.name + ": " + c.command : c.file;
}

bool load_folder(const fs::path& dir, DeviceEvidence& ev, std::string& error) {
    CaptureSet set;
    set.name = dir.filename().string();
    set.where = dir.string();
    std::error_code ec;
    if (fs::exists(dir / "meta.yaml", ec)) {
        if (!load_meta(dir / "meta.yaml", ev, error)) return false;
        set.platform = ev.platform;
        set.address = ev.address;
        if (ev.device.hostname) set.hostname = *ev.device.hostname;
    }
    if (set.platform.empty() && !detect_folder_platform(dir, set.platform, error)) {
        ev.platform = set.platform;
        return false;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
    if (ec) {
        error = dir.string() + ": " + ec.message();
        return false;
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        error = dir.string() + ": no captures (files named by command slug, e.g. show_ip_ssh.txt)";
        return false;
    }
    for (const auto& f : files) {
        CaptureText c;
        if (!read_file(f, c.text, error)) return false;
        c.command = command_for_capture(f.stem().string(), c.text);
        c.file = f.string();
        set.captures.push_back(std::move(c));
    }
    return load_captures(std::move(set), ev, error);
}

// Extensions a backup file's name loses to become the device name; any other suffix is part of
// the name (RANCID and Oxidized name files after the device: `core1.example.net`, `10.0.0.1`).
bool is_backup_extension(const std::string& ext) {
    for (std::string_view e : {".cfg", ".conf", ".config", ".txt", ".run"})
        if (ext == e) return true;
    return false;
}

std::string backup_device_name(const fs::path& p) {
    const std::string ext = lower(p.extension().string());
    return is_backup_extension(ext) ? p.stem().string() : p.filename().string();
}

bool load_backup(const fs::path& file, DeviceEvidence& ev, std::string& error) {
    ev.name = backup_device_name(file);
    ev.config_backup = true;
    std::string text;
    if (!read_file(file, text, error)) return false;
    if (!detect_platform(text, file.string(), ev.platform, error)) return false;
    if (!check_complete(text, ev.platform, file.string(), error)) return false;
    if (!add_capture(ev, "show running-config", std::move(text), file.string(), error)) return false;
    merge_captures(ev);
    return true;
}

// Files next to the device folders that are not backups: documents, data, editor leftovers.
bool is_other_file(const fs::path& p) {
    const std::string name = p.filename().string();
    if (name.empty() || name.front() == '.' || name.back() == '~') return true;
    const std::string ext = lower(p.extension().string());
    for (std::string_view e :
         {".md",    ".markdown", ".rst", ".adoc", ".html",  ".htm",  ".pdf", ".yaml", ".yml",  ".json",
          ".jsonl", ".xml",      ".csv", ".tsv",  ".sarif", ".log",  ".ini", ".toml", ".gz",   ".tgz",
          ".zip",   ".bz2",      ".xz",  ".7z",   ".tar",   ".png",  ".jpg", ".jpeg", ".gif",  ".svg",
          ".sh",    ".py",       ".pl",  ".rb",   ".bak",   ".orig", ".rej", ".swp",  ".diff", ".patch"})
        if (ext == e) return true;
    const std::string stem = p.stem().string();
    for (std::string_view n :
         {"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS", "CHANGELOG", "Makefile", "Dockerfile"})
        if (stem == n) return true;
    return false;
}

// Directories next to the device folders that are version control, not devices.
bool is_other_dir(const fs::path& p) {
    const std::string name = p.filename().string();
    return name.empty() || name.front() == '.' || name == "CVS";
}

std::string diagnostic_line(const Capture& c, const model::Diagnostic& d) {
    std::string out = (c.file.empty() ? c.command : c.file) + ":" + std::to_string(d.line) + ": " + d.text;
    if (!d.message.empty()) out += " (" + d.message + ")";
    return out;
}

bool supported_platform(std::string_view platform) {
    const auto all = parsers::registry().platforms();
    return std::find(all.begin(), all.end(), platform) != all.end();
}

// Fills what it learnt into `ev` even when it fails (the platform a refused device looks like).
bool load_into(const std::string& path, DeviceEvidence& ev, std::string& error) {
    try {
        const fs::path p(path);
        std::error_code ec;
        const auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) {
            error = path + ": no such file or folder";
            return false;
        }
        if (fs::is_directory(st)) {
            if (!load_folder(p, ev, error)) return false;
        } else if (fs::is_regular_file(st)) {
            if (!load_backup(p, ev, error)) return false;
        } else {
            error = path + ": neither a device folder nor a configuration backup";
            return false;
        }
        return true;
    } catch (const std::exception& e) {
        error = path + ": " + e.what();
        return false;
    }
}

}  // namespace

bool load_device(const std::string& path, DeviceEvidence& out, std::string& error) {
    DeviceEvidence ev;
    if (!load_into(path, ev, error)) return false;
    out = std::move(ev);
    return true;
}

bool load_captures(CaptureSet set, DeviceEvidence& ev, std::string& error) {
    try {
        ev.name = set.name;
        if (!set.address.empty()) ev.address = set.address;
        if (set.platform.empty()) {
            const CaptureText *running = nullptr, *version = nullptr;
            for (const auto& c : set.captures) {
                const std::string slug = parsers::command_slug(c.command);
                if (slug == "show_running-config" && !running) running = &c;
                if (slug == "show_version" && !version) version = &c;
            }
            const bool ok = detect_captures_platform(
                running ? &running->text : nullptr, running ? capture_where(set, *running) : std::string(),
                version ? &version->text : nullptr, version ? capture_where(set, *version) : std::string(),
                set.where.empty() ? set.name : set.where, set.platform, error);
            ev.platform = set.platform;
            if (!ok) return false;
        }
        ev.platform = set.platform;
        // In file-name order, as a folder lists them: which capture states a section first
        // decides what is merged and cited, so a set and its saved folder must agree.
        const auto file_name = [](const CaptureText& c) {
            return c.file.empty() ? parsers::command_slug(c.command) + ".txt" : fs::path(c.file).filename().string();
        };
        std::stable_sort(set.captures.begin(), set.captures.end(),
                         [&](const CaptureText& a, const CaptureText& b) { return file_name(a) < file_name(b); });
        if (set.captures.empty()) {
            error = (set.where.empty() ? set.name : set.where) + ": no captures";
            return false;
        }
        for (auto& c : set.captures) {
            if (looks_binary(c.text)) {
                error = capture_where(set, c) + ": binary data, not a capture";
                return false;
            }
            if (!add_capture(ev, c.command, std::move(c.text), c.file, error)) return false;
        }
        merge_captures(ev);
        if (!ev.device.hostname && !set.hostname.empty()) ev.device.hostname = set.hostname;
        return true;
    } catch (const std::exception& e) {
        error = (set.where.empty() ? set.name : set.where) + ": " + e.what();
        return false;
    }
}

DeviceReport audit_device(DeviceEvidence ev, const Policy& policy, const AuditOptions& options) {
    DeviceReport r;
    r.device = ev.name;
    r.platform = ev.platform;
    if (ev.address.empty())
        if (auto t = policy.targets.find(ev.name); t != policy.targets.end()) ev.address = t->second;
    r.address = ev.address;
    if (ev.device.hostname) r.hostname = *ev.device.hostname;
    for (const auto& c : ev.captures)
        for (const auto& d : c.diagnostics) r.diagnostics.push_back(diagnostic_line(c, d));
    try {
        if (!supported_platform(ev.platform)) {
            r.status = "error";
            r.error = ev.platform.empty() ? "no platform" : "platform '" + ev.platform + "' is not supported";
        } else if (ev.captures.empty()) {
            r.status = "error";
            r.error = "no captures: nothing to audit";
        } else {
            r.findings = run_checks(ev, policy);
            for (const Finding* f : likely_causes(r.findings)) r.likely_cause.push_back(f->check);
            if (options.fixes) r.plan = plan_fixes(ev, policy, r.findings);
        }
    } catch (const std::exception& e) {
        // A bug must not take the rest of the fleet down with it: this device is not audited.
        r.status = "error";
        r.error = std::string("internal error while auditing: ") + e.what();
        r.findings.clear();
        r.likely_cause.clear();
        r.plan = DevicePlan{};
    }
    r.evidence = std::move(ev);
    return r;
}

bool audit_folder(const std::string& dir, const Policy& policy, const AuditOptions& options,
                  std::vector<DeviceReport>& out, std::string& error) {
    try {
        const fs::path root(dir);
        std::error_code ec;
        if (!fs::exists(root, ec)) {
            error = dir + ": no such folder";
            return false;
        }
        if (!fs::is_directory(root, ec)) {
            error = dir + ": not a folder (--from takes a folder of device folders and configuration backups)";
            return false;
        }
        if (fs::exists(root / "meta.yaml", ec)) {
            error = dir + ": is itself a device folder (it has meta.yaml); --from takes the folder that holds it";
            return false;
        }
        std::vector<fs::path> entries;
        for (const auto& e : fs::directory_iterator(root, ec)) {
            std::error_code kind;
            if (e.is_directory(kind) ? !is_other_dir(e.path()) : (e.is_regular_file(kind) && !is_other_file(e.path())))
                entries.push_back(e.path());
        }
        if (ec) {
            error = dir + ": " + ec.message();
            return false;
        }
        if (entries.empty()) {
            error = dir + ": no device folders or configuration backups";
            return false;
        }
        std::sort(entries.begin(), entries.end(),
                  [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
        std::vector<DeviceReport> reports;
        reports.reserve(entries.size());
        for (const auto& p : entries) {
            DeviceEvidence ev;
            std::string why;
            if (load_into(p.string(), ev, why)) {
                reports.push_back(audit_device(std::move(ev), policy, options));
                continue;
            }
            DeviceReport r;
            r.device = fs::is_directory(p, ec) ? p.filename().string() : backup_device_name(p);
            r.platform = ev.platform;
            r.status = "error";
            r.error = why;
            if (auto t = policy.targets.find(r.device); t != policy.targets.end()) r.address = t->second;
            r.evidence.name = r.device;
            r.evidence.config_backup = !fs::is_directory(p, ec);
            reports.push_back(std::move(r));
        }
        out = std::move(reports);
        return true;
    } catch (const std::exception& e) {
        error = dir + ": " + e.what();
        return false;
    }
}

}  // namespace vtyguard::checks
