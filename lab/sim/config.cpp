#include "lab/sim/config.hpp"

#include <optional>

#include "lab/sim/util.hpp"

namespace vtyguard::lab {

std::vector<std::string> ConfigNode::words() const {
    return util::words(text);
}

bool has_word_prefix(std::string_view text, std::string_view prefix) {
    const auto t = util::words(text);
    const auto p = util::words(prefix);
    if (p.size() > t.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!util::iequals(t[i], p[i])) return false;
    return true;
}

namespace {

struct RawLine {
    int indent;
    std::string text;
    int number;
};

// The delimiter that opens an IOS delimited text (`banner motd ^C`, `banner exec #`,
// ` vacant-message ^C`), or nullopt when the line is not one or closes on the same line.
std::optional<std::string> open_delimiter(std::string_view text) {
    const auto w = util::words(text);
    std::size_t skip;
    if (w.size() >= 3 && util::iequals(w[0], "banner"))
        skip = 2;
    else if (w.size() >= 2 && util::iequals(w[0], "vacant-message"))
        skip = 1;
    else
        return std::nullopt;
    // position of the word after the keywords
    std::size_t pos = 0;
    for (std::size_t i = 0; i < skip; ++i) {
        pos = text.find(w[i], pos) + w[i].size();
    }
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos >= text.size()) return std::nullopt;
    std::string delim = text.substr(pos, 2) == "^C" ? std::string("^C") : std::string(1, text[pos]);
    const auto rest = text.substr(pos + delim.size());
    if (rest.find(delim) != std::string_view::npos) return std::nullopt;  // one-line banner
    return delim;
}

std::size_t build(const std::vector<RawLine>& lines, std::size_t i, int parent_indent, std::vector<ConfigNode>& out,
                  bool banners) {
    while (i < lines.size() && lines[i].indent > parent_indent) {
        ConfigNode node;
        node.text = lines[i].text;
        node.indent = lines[i].indent;
        node.source_line = lines[i].number;
        ++i;
        if (banners) {
            if (auto delim = open_delimiter(node.text)) {
                while (i < lines.size()) {
                    const auto& l = lines[i];
                    std::string verbatim = std::string(static_cast<std::size_t>(l.indent), ' ') + l.text;
                    node.body.push_back(verbatim);
                    ++i;
                    if (verbatim.find(*delim) != std::string::npos) break;
                }
            }
        }
        i = build(lines, i, node.indent, node.children, banners);
        out.push_back(std::move(node));
    }
    return i;
}

}  // namespace

Config Config::parse(std::string_view text, bool ios_delimited_banners) {
    std::vector<RawLine> lines;
    int number = 0;
    for (auto& l : util::split_lines(text)) {
        ++number;
        std::string_view v = l;
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
        int indent = 0;
        while (static_cast<std::size_t>(indent) < v.size() && v[static_cast<std::size_t>(indent)] == ' ') ++indent;
        std::string_view rest = v.substr(static_cast<std::size_t>(indent));
        // Banner bodies keep blank lines; everything else drops them.
        lines.push_back({indent, std::string(rest), number});
    }
    // Blank lines are dropped except inside delimited bodies, which build() copies verbatim: drop
    // them here unless a banner is open.
    std::vector<RawLine> kept;
    std::optional<std::string> open;
    for (auto& l : lines) {
        if (open) {
            kept.push_back(l);
            if ((std::string(static_cast<std::size_t>(l.indent), ' ') + l.text).find(*open) != std::string::npos)
                open.reset();
            continue;
        }
        if (l.text.empty()) continue;
        if (ios_delimited_banners) open = open_delimiter(l.text);
        kept.push_back(l);
    }
    Config c;
    std::size_t i = 0;
    while (i < kept.size()) i = build(kept, i, -1, c.nodes, ios_delimited_banners);
    return c;
}

void Config::render_node(const ConfigNode& node, std::vector<std::string>& out) {
    out.push_back(std::string(static_cast<std::size_t>(node.indent), ' ') + node.text);
    for (const auto& b : node.body) out.push_back(b);
    for (const auto& c : node.children) render_node(c, out);
}

std::vector<std::string> Config::render_lines() const {
    std::vector<std::string> out;
    for (const auto& n : nodes) render_node(n, out);
    return out;
}

ConfigNode* Config::find(std::string_view text) {
    for (auto& n : nodes)
        if (util::iequals(n.text, text)) return &n;
    return nullptr;
}

const ConfigNode* Config::find(std::string_view text) const {
    for (const auto& n : nodes)
        if (util::iequals(n.text, text)) return &n;
    return nullptr;
}

std::vector<const ConfigNode*> Config::with_prefix(std::string_view prefix) const {
    std::vector<const ConfigNode*> out;
    for (const auto& n : nodes)
        if (has_word_prefix(n.text, prefix)) out.push_back(&n);
    return out;
}

std::size_t Config::erase_prefix(std::string_view prefix) {
    const auto before = nodes.size();
    std::erase_if(nodes, [&](const ConfigNode& n) { return has_word_prefix(n.text, prefix); });
    return before - nodes.size();
}

std::size_t Config::insertion_point(std::string_view text, const std::vector<std::string>& before_any) const {
    const auto w = util::words(text);
    std::size_t best_len = 0, best_at = 0;
    // words alike: equal, or both addresses (`ssh 10.1.0.0 ...` joins the other `ssh ADDR` lines)
    auto alike = [](const std::string& a, const std::string& b) {
        return util::iequals(a, b) || (util::parse_ipv4(a) && util::parse_ipv4(b));
    };
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto nw = util::words(nodes[i].text);
        std::size_t common = 0;
        while (common < w.size() && common < nw.size() && alike(w[common], nw[common])) ++common;
        if (common > 0 && common >= best_len) {
            best_len = common;
            best_at = i + 1;
        }
    }
    if (best_len > 0) return best_at;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (const auto& b : before_any)
            if (has_word_prefix(nodes[i].text, b)) {
                // keep a `!` separator that precedes the section with the section
                std::size_t at = i;
                while (at > 0 && nodes[at - 1].text == "!") --at;
                return at;
            }
    return nodes.size();
}

}  // namespace vtyguard::lab
