#include "parsers/common/lines.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace vtyguard::parsers {

namespace {

// std::isspace of the "C" locale (the program never sets another), without a library call per
// character: trim runs on every line.
bool is_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

}  // namespace

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

std::string_view trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

namespace {

std::string_view rtrim(std::string_view s) {
    std::size_t e = s.size();
    while (e > 0 && is_space(s[e - 1])) --e;
    return s.substr(0, e);
}

// One pass per line on the common path: the markers both contain `More`, and lines rarely do.
bool needs_cleaning(std::string_view s) {
    if (std::memchr(s.data(), '\b', s.size())) return true;
    if (s.find("More") == std::string_view::npos) return false;
    return s.find("--More--") != std::string_view::npos || s.find("<--- More --->") != std::string_view::npos;
}

// A terminal client that received `--More--` and a space leaves the prompt followed by
// backspaces (or blanks) over it; what remains after applying them is the real line.
std::string clean(std::string_view s) {
    std::string out;
    for (std::string_view marker : {std::string_view("--More--"), std::string_view("<--- More --->")}) {
        std::size_t pos;
        std::string tmp(s);
        while ((pos = tmp.find(marker)) != std::string::npos) tmp.erase(pos, marker.size());
        if (tmp.size() != s.size()) {
            out = tmp;
            s = out;
        }
    }
    std::string res;
    for (char c : s) {
        if (c == '\b') {
            if (!res.empty()) res.pop_back();
        } else {
            res += c;
        }
    }
    return res;
}

// std::count over chars compiles to 64-bit counters fed two bytes at a time: a 12 MB capture took
// about 5 ms. Counting each block of up to 255 bytes in an 8-bit counter vectorises 16-32 bytes a step.
std::size_t count_lf(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t block = std::min<std::size_t>(s.size() - i, 255);
        std::uint8_t c = 0;
        for (std::size_t k = 0; k < block; ++k) c = static_cast<std::uint8_t>(c + (s[i + k] == '\n'));
        n += c;
        i += block;
    }
    return n;
}

}  // namespace

std::vector<InputLine> split_lines(std::string_view input, std::vector<std::string>& storage) {
    std::vector<InputLine> out;
    // One element per LF (plus a last line without one): room is made once, where growing a
    // vector of a capture's 100,000 lines would copy it about 17 times.
    out.reserve(count_lf(input) + 1);
    std::size_t start = 0, number = 1;
    storage.reserve(storage.size() + 16);
    std::vector<std::pair<std::size_t, std::size_t>> cleaned;  // (index in out, index in storage)
    const char* const base = input.data();
    // Most captures have no CR, backspace or pager prompt at all. One pass over the whole input for
    // each tells which per-line searches can be skipped: on lines of 50-120 characters the fixed
    // cost of three more searches per line was most of the splitting.
    const bool any_cr = !input.empty() && std::memchr(base, '\r', input.size()) != nullptr;
    const bool any_cleaning = (!input.empty() && std::memchr(base, '\b', input.size()) != nullptr) ||
                              input.find("More") != std::string_view::npos;
    std::size_t next_lf = 0;  // the first LF at or after `start`, or input.size(): kept across lone-CR lines
    bool lf_known = false;
    while (start <= input.size()) {
        // the line ends at the first LF or CR (CRLF, lone CR)
        if (!lf_known || next_lf < start) {
            const void* lf = start < input.size() ? std::memchr(base + start, '\n', input.size() - start) : nullptr;
            next_lf = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - base) : input.size();
            lf_known = true;
        }
        std::size_t end = next_lf;
        if (const void* cr = any_cr && end > start ? std::memchr(base + start, '\r', end - start) : nullptr)
            end = static_cast<std::size_t>(static_cast<const char*>(cr) - base);
        std::string_view text = input.substr(start, end - start);
        if (end == input.size() && text.empty()) break;  // no empty line after a final newline
        if (any_cleaning && needs_cleaning(text)) {
            storage.push_back(clean(text));
            cleaned.emplace_back(out.size(), storage.size() - 1);
            out.push_back(InputLine{number, {}});
        } else {
            out.push_back(InputLine{number, rtrim(text)});
        }
        ++number;
        if (end < input.size() && input[end] == '\r' && end + 1 < input.size() && input[end + 1] == '\n') ++end;
        start = end + 1;
        if (end >= input.size()) break;
    }
    // storage may have reallocated while growing; bind views once it is final.
    for (auto [i, idx] : cleaned) out[i].text = rtrim(storage[idx]);
    return out;
}

bool is_cli_noise(std::string_view line) {
    auto t = trim(line);
    return t.empty() || starts_with(t, "Load for ") || starts_with(t, "Time source is ");
}

bool is_prompt_line(std::string_view line) {
    auto t = rtrim(line);
    if (t.empty() || std::isspace(static_cast<unsigned char>(t[0]))) return false;
    // hostname: letters, digits and the few punctuation marks Cisco allows, plus `/` for ASA
    // contexts (`asa/pri/act`) and `(config...)` modes.
    std::size_t i = 0;
    while (i < t.size()) {
        char c = t[i];
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' ||
            c == '@')
            ++i;
        else
            break;
    }
    if (i == 0 || i >= t.size()) return false;
    if (t[i] == '(') {  // `R1(config)#`, `R1(config-line)#`
        auto close = t.find(')', i);
        if (close == std::string_view::npos) return false;
        i = close + 1;
        if (i >= t.size()) return false;
    }
    if (t[i] != '#' && t[i] != '>') return false;
    auto rest = trim(t.substr(i + 1));
    // A bare prompt, or a prompt followed by a command echo (a command starts with a letter).
    return rest.empty() || std::isalpha(static_cast<unsigned char>(rest[0]));
}

void diagnose(ParseResult& out, const InputLine& line, std::string message) {
    out.diagnostics.push_back(model::Diagnostic{line.number, std::string(line.text), std::move(message)});
}

}  // namespace vtyguard::parsers
