// OpenSSH's wildcard patterns (match.c, match_pattern): `*` matches any run of characters, `?`
// exactly one, every other character itself. sshd compares user and group names exactly
// (AllowUsers, DenyGroups, ...); ssh_config's Host patterns are host names, compared ignoring
// case. One implementation for both: the engine's sshd login lists and the ssh_config reader.
// Standard library only, header-only: it is used where the parsers are not linked.
#pragma once

#include <cctype>
#include <string_view>

namespace vtyguard::parsers {

enum class PatternCase { exact, ignore };

inline bool ssh_pattern_match(std::string_view pattern, std::string_view text,
                              PatternCase letters = PatternCase::exact) {
    const auto same = [letters](char a, char b) {
        if (letters == PatternCase::exact) return a == b;
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    // Iterative, with one backtrack point: the last `*` seen.
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], text[t]))) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace vtyguard::parsers
