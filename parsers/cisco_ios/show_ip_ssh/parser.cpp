// `show ip ssh` -> Device::ssh (state, version, algorithms, timeouts, host-key label) and
// Device::keys (the host keys the SSH server shows, with their size).
//
// Wrapped lines: without `terminal width 0` IOS wraps this output at 80 columns, in the middle of
// a token (`...,aes25` / `6-cbc`), and moves a label that no longer fits to its own line
// (`Encryption` / `Algorithms:aes128-ctr,...`). Physical lines are joined into logical lines
// before parsing: a line is a continuation when it starts in column 1, has no `:` and does not
// start a key (`ssh-rsa AAAA...`), and the line before it reached 80 columns (joined without a
// separator: the wrap is mid-token); a line after one that holds only label words is joined with
// a space, and so is a key label alone on the line after `... base64 encoded):`. Base64 lines
// after a key's first line (`ssh-rsa AAAA...`) continue it whatever their width, so a key is one
// logical line. A joined line that does not parse is reported once, on its first physical line.
//
// `% Invalid input detected at '^' marker.` (with the caret line above it) means the image has no
// SSH server: ssh.available = false (SSH-015), not a diagnostic.
//
// `IOS Keys in SECSH format(ssh-rsa, base64 encoded): NONE` (IOS-XE also prints an `ssh-ec` line)
// says no key of that type exists: no key is added and no keypair name is set. The disabled
// reason is kept as printed: `%Please create RSA keys ...` (two wordings), IOS-XE 17 `Please
// create EC or RSA keys to enable SSH`.
//
// Key data is read for its size and never stored: `Modulus Size : N bits` / `Key Size : N bits`
// when printed, otherwise decoded from the SSH wire format of the base64 blob (RSA: bit length of
// the modulus; ECDSA: the curve). A redacted or undecodable blob leaves the size unknown.
#include "parsers/cisco_ios/show_ip_ssh/parser.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <optional>

#include "parsers/cisco_ios/show_ip_ssh/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_ip_ssh {

namespace {

constexpr std::size_t kWrapColumn = 80;

struct Logical {
    InputLine first;     // number of the first physical line; text points into `joined` when joined
    std::string joined;  // set when several physical lines were joined
    int parts = 1;
};

bool is_label_word(std::string_view w) {
    return w == "Authentication" || w == "Publickey" || w == "Hostkey" || w == "Encryption" || w == "MAC" ||
           w == "KEX" || w == "Algorithms" || w == "methods";
}

// A line that holds nothing but the start of a label (`Encryption`, `Authentication Publickey`).
bool only_label_words(std::string_view s) {
    if (s.empty() || s.find(':') != std::string_view::npos) return false;
    while (!s.empty()) {
        auto sp = s.find(' ');
        auto w = s.substr(0, sp);
        if (!w.empty() && !is_label_word(w)) return false;
        if (sp == std::string_view::npos) break;
        s.remove_prefix(sp + 1);
    }
    return true;
}

// `ssh-rsa AAAA...`, `ecdsa-sha2-nistp256 AAAA...`, `ssh-rsa <KEY DATA REDACTED>`
bool starts_key(std::string_view s) {
    if (!starts_with(s, "ssh-") && !starts_with(s, "ecdsa-") && !starts_with(s, "x509v3-")) return false;
    auto sp = s.find(' ');
    return sp != std::string_view::npos && sp + 1 < s.size() && (s[sp + 1] == 'A' || s[sp + 1] == '<');
}

bool is_base64(std::string_view s) {
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=') return false;
    return !s.empty();
}

bool continues(const Logical& acc, std::string_view prev_physical, std::string_view cur, bool& with_space) {
    if (cur.empty() || cur[0] == ' ' || cur[0] == '\t' || cur[0] == '%' || starts_key(cur)) return false;
    with_space = false;
    // The rest of a base64 key, whatever the width its lines were printed (or pasted) at.
    if (starts_key(acc.first.text) && is_base64(cur)) return true;
    // `Encryption` / `Algorithms:aes128-ctr,...`: the label moved to a line of its own.
    if (only_label_words(acc.first.text)) {
        with_space = true;
        return true;
    }
    // `IOS Keys in SECSH format(ssh-rsa, base64 encoded):` / `LABEL`: a key label too long for
    // the rest of the line moved to a line of its own.
    if (starts_with(acc.first.text, "IOS Keys in SECSH format(") && acc.first.text.back() == ':' &&
        cur.find(' ') == std::string_view::npos && cur.find(':') == std::string_view::npos) {
        with_space = true;
        return true;
    }
    return cur.find(':') == std::string_view::npos && prev_physical.size() >= kWrapColumn;
}

std::vector<Logical> join_wrapped(const std::vector<InputLine>& lines) {
    std::vector<Logical> out;
    std::string_view prev_physical;
    bool open = false;  // the last logical line may take continuations
    for (const auto& l : lines) {
        if (is_cli_noise(l.text) || is_prompt_line(l.text)) {
            out.push_back(Logical{l, {}, 0});  // parts == 0: not content
            open = false;
            continue;
        }
        bool with_space = false;
        if (open && continues(out.back(), prev_physical, l.text, with_space)) {
            auto& acc = out.back();
            if (acc.parts == 1) acc.joined.assign(acc.first.text);
            if (with_space) acc.joined += ' ';
            acc.joined += l.text;
            acc.first.text = acc.joined;
            ++acc.parts;
        } else {
            out.push_back(Logical{l, {}, 1});
        }
        prev_physical = l.text;
        open = true;
    }
    // `joined` may have moved while `out` grew: rebind the views.
    for (auto& g : out)
        if (g.parts > 1) g.first.text = g.joined;
    return out;
}

// --- SSH public key blob (RFC 4253 section 6.6), for the key size -----------------------------

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view s) {
    static constexpr auto table = [] {
        std::array<std::int8_t, 256> t{};
        for (auto& v : t) v = -1;
        const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(a[i])] = static_cast<std::int8_t>(i);
        return t;
    }();
    std::vector<std::uint8_t> out;
    out.reserve(s.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        if (c == '=') break;
        const int v = table[static_cast<unsigned char>(c)];
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
        }
    }
    return out;
}

struct Reader {
    const std::vector<std::uint8_t>& b;
    std::size_t pos = 0;
    bool ok = true;
    // An SSH `string`/`mpint`: uint32 length + bytes.
    std::pair<std::size_t, std::size_t> field() {
        if (!ok || b.size() - pos < 4) {
            ok = false;
            return {0, 0};
        }
        const std::size_t len = (std::size_t{b[pos]} << 24) | (std::size_t{b[pos + 1]} << 16) |
                                (std::size_t{b[pos + 2]} << 8) | std::size_t{b[pos + 3]};
        pos += 4;
        if (b.size() - pos < len) {
            ok = false;
            return {0, 0};
        }
        const auto start = pos;
        pos += len;
        return {start, len};
    }
    std::string_view text(std::pair<std::size_t, std::size_t> f) const {
        return {reinterpret_cast<const char*>(b.data()) + f.first, f.second};
    }
};

std::optional<int> blob_bits(std::string_view base64) {
    auto bytes = base64_decode(base64);
    if (!bytes) return std::nullopt;
    Reader r{*bytes};
    const auto type = r.text(r.field());
    if (!r.ok) return std::nullopt;
    if (type == "ssh-rsa") {
        r.field();  // public exponent
        auto [start, len] = r.field();
        if (!r.ok) return std::nullopt;
        while (len > 0 && (*bytes)[start] == 0) ++start, --len;  // mpint sign byte
        if (len == 0) return std::nullopt;
        int top = 0;
        for (auto v = (*bytes)[start]; v; v >>= 1) ++top;
        return static_cast<int>((len - 1) * 8) + top;
    }
    if (starts_with(type, "ecdsa-sha2-")) {
        const auto curve = r.text(r.field());
        if (!r.ok) return std::nullopt;
        if (curve == "nistp256") return 256;
        if (curve == "nistp384") return 384;
        if (curve == "nistp521") return 521;
    }
    return std::nullopt;
}

std::string key_type_name(std::string_view ssh_type) {
    if (ssh_type == "ssh-rsa" || ssh_type == "x509v3-ssh-rsa") return "RSA";
    if (ssh_type == "ssh-ec" || starts_with(ssh_type, "ecdsa-") || starts_with(ssh_type, "x509v3-ecdsa-")) return "EC";
    if (ssh_type == "ssh-dss") return "DSA";
    if (ssh_type == "ssh-ed25519") return "ED25519";
    return std::string(ssh_type);
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto physical = split_lines(input.text, storage);
    const auto logical = join_wrapped(physical);

    auto& ssh = out.device.ssh;
    bool understood = false, invalid = false;
    bool key_open = false;      // the last element of device.keys takes `... Size` and key data
    bool key_has_data = false;  // its key data was seen
    bool key_size_stated = false;
    std::optional<InputLine> caret;  // `   ^` above `% Invalid input`

    auto flush_caret = [&] {
        if (caret) diagnose(out, *caret, "caret marker without `% Invalid input` after it");
        caret.reset();
    };

    for (const auto& g : logical) {
        if (g.parts == 0) continue;  // prompt, echo, blank, `Load for`, `Time source is`
        const auto& line = g.first;
        ast::Line l;
        if (!parse_line(line.text, l)) {
            flush_caret();
            diagnose(out, line,
                     g.parts > 1 ? "not a `show ip ssh` line (joined from wrapped lines)" : "not a `show ip ssh` line");
            continue;
        }
        if (l.kind == ast::Kind::caret) {
            flush_caret();
            caret = line;
            continue;
        }
        if (l.kind == ast::Kind::invalid_input) {
            caret.reset();
            invalid = true;
            continue;
        }
        flush_caret();
        understood = true;
        switch (l.kind) {
            case ast::Kind::state:
                ssh.enabled = l.state.state == "Enabled";
                ssh.version = l.state.version;
                break;
            case ast::Kind::disabled_reason:
                ssh.disabled_reason = std::string(trim(line.text));
                break;
            case ast::Kind::list: {
                auto& a = ssh.algorithms;
                switch (l.list.which) {
                    case ast::kMethods:
                        ssh.authentication_methods = std::move(l.list.items);
                        break;
                    case ast::kPublickey:
                        a.publickey = std::move(l.list.items);
                        break;
                    case ast::kHostkey:
                        a.hostkey = std::move(l.list.items);
                        break;
                    case ast::kEncryption:
                        a.encryption = std::move(l.list.items);
                        break;
                    case ast::kMac:
                        a.mac = std::move(l.list.items);
                        break;
                    case ast::kKex:
                        a.kex = std::move(l.list.items);
                        break;
                    default:
                        break;
                }
                break;
            }
            case ast::Kind::timeouts:
                ssh.timeout_seconds = l.timeouts.timeout;
                ssh.retries = l.timeouts.retries;
                break;
            case ast::Kind::dh_min_size:
                ssh.dh_min_size = l.number;
                break;
            case ast::Kind::key_header: {
                key_open = false;
                if (l.key_header.label == "NONE") break;  // no key of this type: understood, nothing to add
                model::CryptoKey k;
                k.name = l.key_header.label;
                k.type = key_type_name(l.key_header.type);
                k.line = line.number;
                if (l.key_header.type == "ssh-rsa" && !k.name.empty() && !ssh.keypair_name) ssh.keypair_name = k.name;
                out.device.keys.push_back(std::move(k));
                key_open = true;
                key_has_data = key_size_stated = false;
                break;
            }
            case ast::Kind::key_size:
                if (!key_open || key_has_data) {
                    diagnose(out, line, "key size without an `IOS Keys in SECSH format` header before it");
                } else {
                    out.device.keys.back().bits = l.key_size.bits;
                    key_size_stated = true;
                }
                break;
            case ast::Kind::key_data:
                if (!key_open || key_has_data) {
                    diagnose(out, line, "key data without an `IOS Keys in SECSH format` header before it");
                } else {
                    key_has_data = true;
                    if (!key_size_stated && l.key_data.data.front() != '<')
                        out.device.keys.back().bits = blob_bits(l.key_data.data);
                }
                break;
            default:
                break;
        }
    }
    flush_caret();
    if (invalid)
        ssh.available = false;
    else if (understood)
        ssh.available = true;
}

}  // namespace vtyguard::parsers::cisco_ios::show_ip_ssh
