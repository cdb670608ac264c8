#include "lab/sim/util.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace vtyguard::lab::util {

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
        if (i > start) out.emplace_back(text.substr(start, i - start));
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < parts.size(); ++i) {
        if (i > from) out += sep;
        out += parts[i];
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool is_prefix_ci(std::string_view abbrev, std::string_view word) {
    return !abbrev.empty() && abbrev.size() <= word.size() && iequals(abbrev, word.substr(0, abbrev.size()));
}

std::optional<long long> to_number(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    long long v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.emplace_back(line);
        start = end + 1;
    }
    return out;
}

std::string pad_right(std::string_view s, std::size_t width) {
    std::string out(s);
    if (out.size() < width) out.append(width - out.size(), ' ');
    return out;
}

std::string pad_left(std::string_view s, std::size_t width) {
    std::string out;
    if (s.size() < width) out.append(width - s.size(), ' ');
    out += s;
    return out;
}

std::optional<std::uint32_t> parse_ipv4(std::string_view s) {
    std::uint32_t out = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return std::nullopt;
        unsigned v = 0;
        std::size_t digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + static_cast<unsigned>(s[i] - '0');
            if (++digits > 3 || v > 255) return std::nullopt;
            ++i;
        }
        out = (out << 8) | v;
        ++parts;
        if (parts < 4) {
            if (i >= s.size() || s[i] != '.') return std::nullopt;
            ++i;
        }
    }
    if (i != s.size()) return std::nullopt;
    return out;
}

std::string format_ipv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." + std::to_string((a >> 8) & 0xff) +
           "." + std::to_string(a & 0xff);
}

std::uint32_t mask_of_length(int length) {
    if (length <= 0) return 0;
    if (length >= 32) return 0xffffffffU;
    return ~((1U << (32 - length)) - 1U);
}

std::optional<int> length_of_mask(std::uint32_t mask) {
    for (int len = 0; len <= 32; ++len)
        if (mask_of_length(len) == mask) return len;
    return std::nullopt;
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::uint64_t mix64(std::uint64_t x) {
    // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::string bytes_from_seed(std::string_view seed, std::size_t count) {
    std::string out;
    out.reserve(count);
    std::uint64_t state = fnv1a(seed);
    while (out.size() < count) {
        state = mix64(state);
        for (int i = 0; i < 8 && out.size() < count; ++i) out.push_back(static_cast<char>((state >> (8 * i)) & 0xff));
    }
    return out;
}

std::string base64(std::string_view bytes) {
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    while (i + 2 < bytes.size()) {
        const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]),
                   c = static_cast<unsigned char>(bytes[i + 2]);
        out += table[a >> 2];
        out += table[((a & 3) << 4) | (b >> 4)];
        out += table[((b & 15) << 2) | (c >> 6)];
        out += table[c & 63];
        i += 3;
    }
    if (i + 1 == bytes.size()) {
        const auto a = static_cast<unsigned char>(bytes[i]);
        out += table[a >> 2];
        out += table[(a & 3) << 4];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
        out += table[a >> 2];
        out += table[((a & 3) << 4) | (b >> 4)];
        out += table[(b & 15) << 2];
        out += '=';
    }
    return out;
}

std::string hex_upper(std::string_view bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

namespace {

// The well-known Cisco type 7 key.
constexpr std::string_view kType7Key = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

// Cisco's base64 alphabet for type 8/9 secrets.
constexpr std::string_view kCiscoB64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::string cisco_b64(std::string_view seed, std::size_t count) {
    std::string out;
    const std::string raw = bytes_from_seed(seed, count);
    for (unsigned char c : raw) out += kCiscoB64[c % kCiscoB64.size()];
    return out;
}

}  // namespace

std::string type7_encode(std::string_view plain, int offset) {
    offset %= 16;
    std::string out = (offset < 10 ? "0" : "") + std::to_string(offset);
    static constexpr char digits[] = "0123456789ABCDEF";
    for (std::size_t i = 0; i < plain.size(); ++i) {
        const auto k = static_cast<unsigned char>(kType7Key[(static_cast<std::size_t>(offset) + i) % kType7Key.size()]);
        const auto c = static_cast<unsigned char>(plain[i]) ^ k;
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::optional<std::string> type7_decode(std::string_view encoded) {
    if (encoded.size() < 2 || encoded.size() % 2 != 0) return std::nullopt;
    const auto offset = to_number(encoded.substr(0, 2));
    if (!offset || *offset > 52) return std::nullopt;
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 2; i < encoded.size(); i += 2) {
        const int hi = hexval(encoded[i]), lo = hexval(encoded[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        const auto k =
            static_cast<unsigned char>(kType7Key[(static_cast<std::size_t>(*offset) + (i - 2) / 2) % kType7Key.size()]);
        out += static_cast<char>(static_cast<unsigned char>(hi * 16 + lo) ^ k);
    }
    return out;
}

std::string ios_type9(std::string_view plain, std::string_view salt_seed) {
    const std::string salt = cisco_b64(std::string("salt9:") + std::string(salt_seed), 14);
    return "$9$" + salt + "$" + cisco_b64("h9:" + salt + ":" + std::string(plain), 43);
}

bool verify_ios_type9(std::string_view stored, std::string_view plain) {
    if (stored.size() < 4 || stored.substr(0, 3) != "$9$") return false;
    const auto dollar = stored.find('$', 3);
    if (dollar == std::string_view::npos) return false;
    const std::string salt(stored.substr(3, dollar - 3));
    return stored.substr(dollar + 1) == cisco_b64("h9:" + salt + ":" + std::string(plain), 43);
}

std::string asa_pbkdf2(std::string_view plain, std::string_view salt_seed) {
    const std::string salt = base64(bytes_from_seed(std::string("saltA:") + std::string(salt_seed), 16));
    return "$sha512$5000$" + salt + "$" + base64(bytes_from_seed("hA:" + salt + ":" + std::string(plain), 16));
}

bool verify_asa_pbkdf2(std::string_view stored, std::string_view plain) {
    constexpr std::string_view prefix = "$sha512$5000$";
    if (stored.substr(0, prefix.size()) != prefix) return false;
    const auto rest = stored.substr(prefix.size());
    const auto dollar = rest.find('$');
    if (dollar == std::string_view::npos) return false;
    const std::string salt(rest.substr(0, dollar));
    return rest.substr(dollar + 1) == base64(bytes_from_seed("hA:" + salt + ":" + std::string(plain), 16));
}

}  // namespace vtyguard::lab::util
