#include "plugin/runner/redact.hpp"

#include <algorithm>
#include <vector>

namespace vtyguard::runner {

namespace {

struct Token {
    std::size_t start = 0;
    std::string_view text;
};

std::vector<Token> tokens_of(std::string_view line) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
        if (i > start) out.push_back({start, line.substr(start, i - start)});
    }
    return out;
}

bool is_number(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The configuration block a line belongs to, from the unindented line that opened it.
struct Block {
    std::string first, second;
};

class LineRedactor {
public:
    LineRedactor(std::string_view line, const Block& block) : line_(line), t_(tokens_of(line)), block_(block) {}

    const std::vector<Token>& tokens() const { return t_; }

    // Marks the secret of every rule that matches.
    void apply() {
        const std::size_t n = t_.size();
        if (n == 0) return;
        const std::string_view head = t_[0].text;
        const std::string_view second = n > 1 ? t_[1].text : std::string_view();
        const bool indented = t_[0].start > 0;
        const bool snmp = head == "snmp-server";
        const bool key_context =
            head == "tacacs-server" || head == "radius-server" || head == "aaa-server" || head == "server-private" ||
            (head == "crypto" && (second == "isakmp" || second == "ikev1")) ||
            (indented && (block_.first == "tacacs" || block_.first == "radius" || block_.first == "aaa-server" ||
                          (block_.first == "aaa" && block_.second == "group")));
        for (std::size_t i = 0; i < n; ++i) {
            const std::string_view w = t_[i].text;
            if (w == "password" || w == "secret") {
                std::size_t j = i + 1;
                if (j + 1 < n && t_[j].text == "level" && is_number(t_[j + 1].text)) j += 2;
                if (j < n && t_[j].text != "encryption") value_at(j);
            } else if (w == "passwd" && i == 0) {
                value_at(i + 1);
            } else if (w == "community" && snmp) {
                mark(i + 1);
            } else if (w == "key" && key_context) {
                value_at(i + 1);
            } else if (w == "key-string") {
                value_at(i + 1);
            } else if (w == "authentication-key") {
                // `ntp authentication-key 1 md5 VALUE [7]`, `ip ospf authentication-key [7] VALUE`.
                if (i + 3 < n && is_number(t_[i + 1].text) && !is_number(t_[i + 2].text))
                    mark(i + 3);
                else
                    value_at(i + 1);
            } else if (w == "message-digest-key") {
                value_at(i + 3);  // `message-digest-key 1 md5 [7] VALUE`
            } else if (w == "pre-shared-key") {
                if (i + 1 < n && (t_[i + 1].text == "address" || t_[i + 1].text == "hostname")) {
                    for (std::size_t k = i + 2; k < n; ++k)
                        if (t_[k].text == "key") {
                            value_at(k + 1);
                            break;
                        }
                } else {
                    value_at(i + 1);
                }
            } else if (snmp && second == "user" && (w == "auth" || w == "priv")) {
                std::size_t j = i + 2;                                       // past the algorithm
                if (w == "priv" && j + 1 < n && is_number(t_[j].text)) ++j;  // `aes 128 VALUE`
                mark(j);
            }
        }
    }

    // The line with the marked tokens replaced; `count` grows by the replacements.
    std::string result(std::size_t& count) const {
        std::string out(line_);
        std::vector<std::size_t> marks = marked_;
        std::sort(marks.begin(), marks.end());
        marks.erase(std::unique(marks.begin(), marks.end()), marks.end());
        for (auto it = marks.rbegin(); it != marks.rend(); ++it) {
            const Token& tk = t_[*it];
            if (tk.text == kRedacted) continue;
            out.replace(tk.start, tk.text.size(), kRedacted);
            ++count;
        }
        return out;
    }

private:
    // `[type] VALUE`: a one- or two-digit type number is kept when a value follows it.
    void value_at(std::size_t j) {
        if (j + 1 < t_.size() && t_[j].text.size() <= 2 && is_number(t_[j].text)) ++j;
        mark(j);
    }
    void mark(std::size_t j) {
        if (j < t_.size()) marked_.push_back(j);
    }

    std::string_view line_;
    std::vector<Token> t_;
    const Block& block_;
    std::vector<std::size_t> marked_;
};

}  // namespace

std::string redact(std::string_view text, std::size_t* count) {
    std::string out;
    out.reserve(text.size());
    std::size_t replaced = 0;
    Block block;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        const std::string_view line = text.substr(pos, end - pos);
        LineRedactor r(line, block);
        r.apply();
        const auto& tokens = r.tokens();
        if (!tokens.empty() && tokens[0].start == 0) {
            block.first = std::string(tokens[0].text);
            block.second = tokens.size() > 1 ? std::string(tokens[1].text) : std::string();
        }
        out += r.result(replaced);
        if (nl == std::string_view::npos) break;
        out += '\n';
        pos = nl + 1;
    }
    if (count) *count = replaced;
    return out;
}

}  // namespace vtyguard::runner
