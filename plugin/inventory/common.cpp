// Text helpers the formats share: values, paths, platforms, shell words, host ranges, field layers.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "plugin/inventory/internal.hpp"

namespace vtyguard::inventory::detail {

namespace fs = std::filesystem;

void fail(const Origin& where, std::string key, std::string message) {
    throw Failure{InventoryError{where.file, where.line, std::move(key), std::move(message)}};
}

Origin origin_of(std::string_view file, const YAML::Node& node) {
    const auto m = node.Mark();
    return {std::string(file), m.line >= 0 ? m.line + 1 : 0};
}

bool guarded(std::string_view file, InventoryError& error, const std::function<void()>& body) {
    try {
        body();
        return true;
    } catch (const Failure& f) {
        error = f.error;
    } catch (const YAML::Exception& e) {
        // yaml-cpp's messages describe the syntax, never the text of a value.
        error = {std::string(file), e.mark.line >= 0 ? e.mark.line + 1 : 0, "", e.msg};
    } catch (const std::exception& e) {
        error = {std::string(file), 0, "", e.what()};
    }
    return false;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

bool read_text(const fs::path& path, std::string& text) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    return !in.bad();
}

void for_each_line(const std::string& text, const std::function<void(int, const std::string&)>& body) {
    std::size_t pos = 0;
    for (int number = 1; pos < text.size(); ++number) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        body(number, trim(std::string_view(text).substr(pos, end - pos)));
        pos = end + 1;
    }
}

YAML::Node load_yaml(const std::string& text, std::string_view file) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        fail({std::string(file), e.mark.line >= 0 ? e.mark.line + 1 : 0}, "", "not valid YAML: " + e.msg);
    }
}

std::string yaml_scalar(const YAML::Node& node, std::string_view file, std::string_view key) {
    if (node.Tag() == "!vault")
        fail(origin_of(file, node), std::string(key),
             "`" + std::string(key) +
                 "` is encrypted with ansible-vault, which vtyguard does not decrypt: use "
                 "\"{{ lookup('env', 'VARIABLE') }}\" or a secret file");
    if (!node.IsScalar())
        fail(origin_of(file, node), std::string(key), "`" + std::string(key) + "` must be a single value");
    return node.Scalar();
}

bool parse_bool(std::string_view text, bool& out) {
    const std::string t = lower(trim(text));
    if (t == "yes" || t == "true" || t == "on" || t == "1" || t == "y") {
        out = true;
        return true;
    }
    if (t == "no" || t == "false" || t == "off" || t == "0" || t == "n") {
        out = false;
        return true;
    }
    return false;
}

bool parse_port(std::string_view text, std::uint16_t& out) {
    const std::string t = trim(text);
    if (t.empty() || t.size() > 5 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    const long v = std::strtol(t.c_str(), nullptr, 10);
    if (v < 1 || v > 65535) return false;
    out = static_cast<std::uint16_t>(v);
    return true;
}

bool parse_duration(std::string_view text, std::chrono::milliseconds& out) {
    const std::string t = lower(trim(text));
    std::size_t digits = 0;
    while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
    if (digits == 0 || digits > 9) return false;
    const long long n = std::stoll(t.substr(0, digits));
    const std::string unit = trim(t.substr(digits));
    if (unit.empty() || unit == "s")
        out = std::chrono::seconds(n);
    else if (unit == "ms")
        out = std::chrono::milliseconds(n);
    else if (unit == "m" || unit == "min")
        out = std::chrono::minutes(n);
    else
        return false;
    return true;
}

bool parse_host_key_check(std::string_view text, HostKeyCheck& out) {
    const std::string t = lower(trim(text));
    bool b = false;
    if (t == "accept-new" || t == "accept_new")
        out = HostKeyCheck::accept_new;
    else if (t == "ask")
        out = HostKeyCheck::yes;  // nobody to ask: strict
    else if (parse_bool(t, b))
        out = b ? HostKeyCheck::yes : HostKeyCheck::no;
    else
        return false;
    return true;
}

std::string expand_home(std::string_view path) {
    if (path.empty() || path[0] != '~' || (path.size() > 1 && path[1] != '/')) return std::string(path);
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "") + std::string(path.substr(1));
}

std::string resolve_path(std::string_view path, const fs::path& base_dir) {
    std::string p = expand_home(path);
    if (p.empty() || p[0] == '/' || base_dir.empty()) return p;
    return (base_dir / p).lexically_normal().string();
}

std::string platform_key(std::string_view name) {
    static const std::map<std::string, std::string_view> kNames = {
        {"cisco.ios.ios", kCiscoIos},    {"ios", kCiscoIos},
        {"cisco_ios", kCiscoIos},        {"cisco_xe", kCiscoIos},
        {"cisco_iosxe", kCiscoIos},      {"iosxe", kCiscoIos},
        {"ios-xe", kCiscoIos},           {"ios_xe", kCiscoIos},
        {"cisco.asa.asa", kCiscoAsa},    {"asa", kCiscoAsa},
        {"cisco_asa", kCiscoAsa},        {"linux", kLinux},
        {"cisco_ios_telnet", kCiscoIos}, {"cisco_asa_ssh", kCiscoAsa},
        {"cisco_ios_ssh", kCiscoIos}};
    const auto it = kNames.find(lower(trim(name)));
    return it == kNames.end() ? std::string() : std::string(it->second);
}

bool shell_split(std::string_view text, std::vector<std::string>& words, Comments comments) {
    words.clear();
    std::string cur;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word) words.push_back(std::move(cur));
            cur.clear();
            in_word = false;
        } else if (c == '#' && (comments == Comments::anywhere || (comments == Comments::at_word_start && !in_word))) {
            break;
        } else if (c == '\'') {
            const auto end = text.find('\'', i + 1);
            if (end == std::string_view::npos) return false;
            cur.append(text.substr(i + 1, end - i - 1));
            in_word = true;
            i = end;
        } else if (c == '"') {
            in_word = true;
            for (++i;; ++i) {
                if (i >= text.size()) return false;
                if (text[i] == '"') break;
                // Inside double quotes a backslash escapes only these, as in the shell.
                if (text[i] == '\\' && i + 1 < text.size() &&
                    std::string_view("\"\\$`\n").find(text[i + 1]) != std::string_view::npos)
                    ++i;
                cur += text[i];
            }
        } else if (c == '\\') {
            if (i + 1 >= text.size()) return false;
            cur += text[++i];
            in_word = true;
        } else {
            cur += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(std::move(cur));
    return true;
}

namespace {

// One `[a:b]` or `[a:b:step]` range, numeric (keeping the width of a zero-padded start) or one letter.
bool range_values(std::string_view spec, std::vector<std::string>& out, std::string& error) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= spec.size(); ++i)
        if (i == spec.size() || spec[i] == ':') {
            parts.emplace_back(trim(spec.substr(start, i - start)));
            start = i + 1;
        }
    if (parts.size() < 2 || parts.size() > 3) {
        error = "host range [" + std::string(spec) + "] must be [start:end] or [start:end:step]";
        return false;
    }
    long step = 1;
    if (parts.size() == 3) {
        step = std::strtol(parts[2].c_str(), nullptr, 10);
        if (step < 1 || parts[2].find_first_not_of("0123456789") != std::string::npos) {
            error = "host range [" + std::string(spec) + "]: the step must be a positive number";
            return false;
        }
    }
    const auto numeric = [](const std::string& s) {
        return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos && s.size() < 9;
    };
    if (numeric(parts[0]) && numeric(parts[1])) {
        const long a = std::strtol(parts[0].c_str(), nullptr, 10), b = std::strtol(parts[1].c_str(), nullptr, 10);
        if (b < a || (b - a) / step > 100000) {
            error = "host range [" + std::string(spec) + "] is empty or too large";
            return false;
        }
        const std::size_t width = parts[0].size() > 1 && parts[0][0] == '0' ? parts[0].size() : 0;
        for (long v = a; v <= b; v += step) {
            std::string s = std::to_string(v);
            if (s.size() < width) s.insert(0, width - s.size(), '0');
            out.push_back(s);
        }
        return true;
    }
    if (parts[0].size() == 1 && parts[1].size() == 1 && std::isalpha(static_cast<unsigned char>(parts[0][0])) &&
        std::isalpha(static_cast<unsigned char>(parts[1][0])) && parts[0][0] <= parts[1][0]) {
        for (int c = parts[0][0]; c <= parts[1][0]; c += static_cast<int>(step))
            out.emplace_back(1, static_cast<char>(c));
        return true;
    }
    error = "host range [" + std::string(spec) + "] must be numbers or single letters";
    return false;
}

}  // namespace

bool expand_host_range(std::string_view pattern, std::vector<std::string>& out, std::string& error) {
    const auto open = pattern.find('[');
    if (open == std::string_view::npos) {
        out.emplace_back(pattern);
        return true;
    }
    const auto close = pattern.find(']', open);
    if (close == std::string_view::npos) {
        error = "host pattern '" + std::string(pattern) + "' has '[' without ']'";
        return false;
    }
    const std::string_view spec = pattern.substr(open + 1, close - open - 1);
    if (spec.find(':') == std::string_view::npos) {  // `[v6]` style brackets are not a range
        out.emplace_back(pattern);
        return true;
    }
    std::vector<std::string> values;
    if (!range_values(spec, values, error)) return false;
    for (const auto& v : values) {
        const std::string expanded = std::string(pattern.substr(0, open)) + v + std::string(pattern.substr(close + 1));
        if (!expand_host_range(expanded, out, error)) return false;
    }
    return true;
}

bool split_host_port(std::string_view text, std::string& host, std::uint16_t& port, std::string& error) {
    port = 0;
    if (!text.empty() && text[0] == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            error = "'" + std::string(text) + "' has '[' without ']'";
            return false;
        }
        host = std::string(text.substr(1, close - 1));
        const std::string_view rest = text.substr(close + 1);
        if (rest.empty()) return true;
        if (rest[0] != ':' || !parse_port(rest.substr(1), port)) {
            error = "'" + std::string(text) + "' has a bad port";
            return false;
        }
        return true;
    }
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) {
        host = std::string(text);
        return true;
    }
    host = std::string(text.substr(0, colon));
    if (!parse_port(text.substr(colon + 1), port)) {
        error = "'" + std::string(text) + "' has a bad port (1-65535)";
        return false;
    }
    return true;
}

// A host pattern's port: `host:22`, `[v6]:22`, `r[1:3]:22` (colons inside brackets belong to ranges).
void split_host_pattern(const std::string& token, std::string& pattern, std::string& port) {
    pattern = token;
    port.clear();
    int depth = 0;
    std::vector<std::size_t> colons;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '[')
            ++depth;
        else if (token[i] == ']')
            --depth;
        else if (token[i] == ':' && depth == 0)
            colons.push_back(i);
    }
    if (colons.size() != 1) return;  // none, or an IPv6 address
    pattern = token.substr(0, colons[0]);
    port = token.substr(colons[0] + 1);
    // `[2001:db8::1]:22`: the brackets only quote the address.
    if (pattern.size() > 2 && pattern.front() == '[' && pattern.back() == ']' &&
        std::count(pattern.begin(), pattern.end(), ':') >= 2)
        pattern = pattern.substr(1, pattern.size() - 2);
}

bool names_legacy_algorithm(std::string_view list) {
    const std::string l = lower(list);
    for (const char* marker : {"group1-sha1", "group14-sha1", "group-exchange-sha1", "ssh-rsa", "ssh-dss", "-cbc",
                               "hmac-sha1", "hmac-md5"}) {
        for (auto pos = l.find(marker); pos != std::string::npos; pos = l.find(marker, pos + 1)) {
            // `ssh-rsa` alone, not the certificate type `ssh-rsa-cert-v01@openssh.com`.
            const auto end = pos + std::string_view(marker).size();
            if (std::string_view(marker) == "ssh-rsa" && end < l.size() && l[end] != ',') continue;
            return true;
        }
    }
    return false;
}

void overlay(HostFields& low, const HostFields& high) {
    const auto take = [](auto& dst, const auto& src) {
        if (src) dst = src;
    };
    take(low.address, high.address);
    take(low.port, high.port);
    take(low.platform, high.platform);
    take(low.user, high.user);
    take(low.password, high.password);
    take(low.enable, high.enable);
    take(low.identity_files, high.identity_files);
    take(low.use_agent, high.use_agent);
    take(low.jump, high.jump);
    if (high.via) {
        low.via = high.via;
        low.via_origin = high.via_origin;
    }
    take(low.transport, high.transport);
    take(low.legacy_crypto, high.legacy_crypto);
    take(low.connect_timeout, high.connect_timeout);
    take(low.command_timeout, high.command_timeout);
    take(low.device_timeout, high.device_timeout);
    take(low.source_address, high.source_address);
    take(low.host_key_checking, high.host_key_checking);
    take(low.known_hosts_file, high.known_hosts_file);
}

void apply(const HostFields& f, Host& h) {
    if (f.address) h.address = *f.address;
    if (f.port) h.port = *f.port;
    if (f.platform) h.platform = *f.platform;
    if (f.user) h.user = *f.user;
    if (f.password) h.password = *f.password;
    if (f.enable) h.enable = *f.enable;
    if (f.identity_files) h.identity_files = *f.identity_files;
    if (f.use_agent) h.use_agent = *f.use_agent;
    if (f.jump) h.jump = *f.jump;
    if (f.via) h.via_device = *f.via;
    if (f.transport) h.transport = *f.transport;
    if (f.legacy_crypto) h.legacy_crypto = *f.legacy_crypto;
    if (f.connect_timeout) h.timeouts.connect = *f.connect_timeout;
    if (f.command_timeout) h.timeouts.command = *f.command_timeout;
    if (f.device_timeout) h.timeouts.device = *f.device_timeout;
    if (f.source_address) h.source_address = *f.source_address;
    if (f.host_key_checking) h.host_key_checking = *f.host_key_checking;
    if (f.known_hosts_file) h.known_hosts_file = *f.known_hosts_file;
}

void apply_ssh_args(const SshArgs& a, Host& h) {
    if (!a.jump.empty()) h.jump = a.jump;
    if (a.port) h.port = a.port;
    if (!a.user.empty()) h.user = a.user;
    if (!a.host_name.empty()) h.address = a.host_name;
    for (const auto& f : a.identity_files)
        if (std::find(h.identity_files.begin(), h.identity_files.end(), f) == h.identity_files.end())
            h.identity_files.push_back(f);
    if (a.legacy_crypto) h.legacy_crypto = true;
    if (a.connect_timeout.count()) h.timeouts.connect = a.connect_timeout;
    if (!a.bind_address.empty()) h.source_address = a.bind_address;
    if (a.host_key_checking != HostKeyCheck::unset) h.host_key_checking = a.host_key_checking;
    if (!a.known_hosts_file.empty()) h.known_hosts_file = a.known_hosts_file;
    if (a.identities_only) h.identities_only = true;
}

}  // namespace vtyguard::inventory::detail
