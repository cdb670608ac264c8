#include "parsers/common/config_blocks.hpp"

#include <algorithm>

namespace vtyguard::parsers {

namespace {

ConfigLine make(const InputLine& l) {
    ConfigLine c;
    c.line = l;
    std::size_t i = 0;
    while (i < l.text.size() && (l.text[i] == ' ' || l.text[i] == '\t')) ++i;
    c.indent = i;
    c.text = l.text.substr(i);
    return c;
}

// If `text` opens a multi-line banner, returns its delimiter. IOS prints `banner motd ^C` with
// the two characters `^C` standing for ETX; a literal delimiter character is also accepted.
std::string banner_delimiter(std::string_view text) {
    std::string_view rest;
    if (starts_with(text, "banner ")) {
        // `banner motd ^C`, `banner exec ^C`, `banner login ^C`...; ASA banners are single-line.
        auto sp = text.find(' ', 7);
        if (sp == std::string_view::npos) return {};
        rest = trim(text.substr(sp + 1));
    } else if (starts_with(text, "vacant-message ")) {
        rest = trim(text.substr(15));
    } else {
        return {};
    }
    if (rest.empty()) return {};
    std::string delim = starts_with(rest, "^C") ? std::string("^C") : std::string(1, rest[0]);
    // Delimiter closed on the same line: `banner motd ^C text ^C`.
    if (rest.size() > delim.size() && rest.find(delim, delim.size()) != std::string_view::npos) return {};
    return delim;
}

}  // namespace

std::vector<ConfigBlock> split_config(std::string_view text, std::vector<std::string>& storage, Banners banners) {
    std::vector<ConfigBlock> blocks;
    std::string delim;  // inside a banner while non-empty
    for (const auto& l : split_lines(text, storage)) {
        if (!delim.empty()) {
            if (!blocks.empty()) blocks.back().banner.push_back(l);
            if (l.text.find(delim) != std::string_view::npos) delim.clear();
            continue;
        }
        auto c = make(l);
        if (c.text.empty() || c.text == "!" || is_cli_noise(l.text)) continue;
        // comments at any indentation (` ! limit ...` inside a block), ASA `: Saved` at column 0
        if (c.text[0] == '!' || (c.indent == 0 && c.text[0] == ':')) continue;
        if (c.indent == 0 && is_prompt_line(l.text)) continue;
        if (c.indent == 0) {
            ConfigBlock b;
            b.head = c;
            blocks.push_back(std::move(b));
        } else if (blocks.empty()) {
            ConfigBlock b;
            b.head = c;
            b.orphan = true;
            blocks.push_back(std::move(b));
        } else {
            blocks.back().children.push_back(c);
        }
        if (banners == Banners::delimited) delim = banner_delimiter(c.text);
    }
    return blocks;
}

bool starts_with_words(std::string_view text, Words words) {
    std::size_t i = 0;
    for (auto w : words) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (text.compare(i, w.size(), w) != 0) return false;
        i += w.size();
        if (i < text.size() && text[i] != ' ' && text[i] != '\t') return false;
    }
    return true;
}

bool starts_with_any(std::string_view text, std::initializer_list<Words> list) {
    return std::any_of(list.begin(), list.end(), [&](const Words& w) { return starts_with_words(text, w); });
}

void diagnose_children(ParseResult& out, const ConfigBlock& b, const std::string& message) {
    for (const auto& c : b.children) diagnose(out, c.line, message);
}

void no_children(ParseResult& out, const ConfigBlock& b) {
    diagnose_children(out, b, "indented line under `" + std::string(b.head.text) + "`, which has no block");
}

}  // namespace vtyguard::parsers
