#include "parsers/parse.hpp"

#include <algorithm>
#include <cctype>

namespace vtyguard::parsers {

namespace {

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        std::size_t j = i;
        while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

bool iequals_prefix(std::string_view typed, std::string_view full) {
    if (typed.empty() || typed.size() > full.size()) return false;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(typed[i])) != std::tolower(static_cast<unsigned char>(full[i])))
            return false;
    }
    return true;
}

// Words of `spelling` matched by the first words of `typed`; -1 when they do not match.
// `show access-list` also matches `show access-lists` (both spellings are common, and the
// singular is a prefix of the plural anyway).
int match_words(const std::vector<std::string_view>& typed, std::string_view spelling) {
    auto canon = words(spelling);
    if (typed.size() < canon.size()) return -1;
    for (std::size_t i = 0; i < canon.size(); ++i)
        if (!iequals_prefix(typed[i], canon[i])) return -1;
    return static_cast<int>(canon.size());
}

std::string join_rest(const std::vector<std::string_view>& typed, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < typed.size(); ++i) {
        if (!out.empty()) out += ' ';
        out.append(typed[i]);
    }
    return out;
}

}  // namespace

void Registry::add(ParserInfo info) {
    rows_.push_back(std::move(info));
}

Registry::Match Registry::find(std::string_view platform, std::string_view command) const {
    Match best;
    const auto typed = words(command);
    if (typed.empty()) {
        best.error = "empty command";
        return best;
    }
    // A command slug (`show_ip_ssh`, a capture file's name) names its row directly.
    if (typed.size() == 1 && typed[0].find('_') != std::string_view::npos) {
        for (const auto& row : rows_) {
            if (row.platform != platform) continue;
            if (command_slug(row.command) == typed[0]) {
                best.info = &row;
                best.spelling = row.command;
                return best;
            }
            for (const auto& a : row.aliases)
                if (command_slug(a) == typed[0]) {
                    best.info = &row;
                    best.spelling = a;
                    return best;
                }
        }
        // `systemctl_is-active_ssh_sshd`: a row taking arguments, and its arguments.
        std::size_t longest = 0;
        for (const auto& row : rows_) {
            if (row.platform != platform || row.args == Args::none) continue;
            const std::string head = command_slug(row.command) + "_";
            if (head.size() <= longest || typed[0].size() <= head.size() || typed[0].substr(0, head.size()) != head)
                continue;
            longest = head.size();
            best.info = &row;
            best.spelling = row.command;
            best.args = std::string(typed[0].substr(head.size()));
            std::replace(best.args.begin(), best.args.end(), '_', ' ');
        }
        if (best.info) return best;
    }
    bool platform_known = false;
    int best_len = -1;
    bool best_exact = false;
    std::vector<std::string> tied;
    for (const auto& row : rows_) {
        if (row.platform != platform) continue;
        platform_known = true;
        std::vector<std::string_view> spellings{row.command};
        for (const auto& a : row.aliases) spellings.push_back(a);
        for (auto sp : spellings) {
            int n = match_words(typed, sp);
            if (n < 0) continue;
            const bool has_rest = static_cast<std::size_t>(n) < typed.size();
            if (has_rest && row.args == Args::none) continue;
            if (!has_rest && row.args == Args::required) continue;
            // exact spelling beats abbreviation at equal length (`show line` vs `show line vty`).
            const bool exact = words(sp).size() == typed.size() || row.args != Args::none;
            if (n > best_len || (n == best_len && exact && !best_exact)) {
                best_len = n;
                best_exact = exact;
                best.info = &row;
                best.spelling = std::string(sp);
                best.args = join_rest(typed, static_cast<std::size_t>(n));
                tied = {row.command};
            } else if (n == best_len && best.info != &row && exact == best_exact) {
                tied.push_back(row.command);
            }
        }
    }
    if (!platform_known) {
        best.info = nullptr;
        best.error = "unknown platform '" + std::string(platform) + "' (known: ";
        auto ps = platforms();
        for (std::size_t i = 0; i < ps.size(); ++i) best.error += (i ? ", " : "") + ps[i];
        best.error += ")";
        return best;
    }
    if (!best.info) {
        best.error = "no parser for '" + std::string(command) + "' on " + std::string(platform);
        return best;
    }
    if (tied.size() > 1) {
        best.info = nullptr;
        best.error = "ambiguous command '" + std::string(command) + "' on " + std::string(platform) + ": ";
        for (std::size_t i = 0; i < tied.size(); ++i) best.error += (i ? ", " : "") + tied[i];
    }
    return best;
}

std::vector<std::string> Registry::platforms() const {
    std::vector<std::string> out;
    for (const auto& r : rows_)
        if (std::find(out.begin(), out.end(), r.platform) == out.end()) out.push_back(r.platform);
    std::sort(out.begin(), out.end());
    return out;
}

std::string command_slug(std::string_view command) {
    std::string out;
    bool pending = false;
    for (char c : command) {
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '-';
        if (keep) {
            if (pending && !out.empty()) out += '_';
            pending = false;
            out += l;
        } else {
            pending = true;
        }
    }
    return out;
}

bool parse(std::string_view platform, std::string_view command, std::string_view text, ParseResult& out,
           Resolved& resolved, std::string& error) {
    auto m = registry().find(platform, command);
    if (!m.info) {
        error = m.error;
        return false;
    }
    out.device.platform = std::string(platform);
    m.info->parse(ParseInput{text, m.args}, out);
    resolved.sections = m.info->sections;
    resolved.command = m.spelling + (m.args.empty() ? "" : " " + m.args);
    return true;
}

}  // namespace vtyguard::parsers
