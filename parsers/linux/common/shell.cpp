#include "parsers/linux/common/shell.hpp"

#include <cctype>

namespace vtyguard::parsers::lnx {

namespace {

bool contains(std::string_view s, std::string_view needle) {
    return s.find(needle) != std::string_view::npos;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// `user@host` at the start of `s`; the length consumed, or 0.
std::size_t user_at_host(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && name_char(s[i])) ++i;
    if (i == 0 || i >= s.size() || s[i] != '@') return 0;
    const std::size_t host = ++i;
    while (i < s.size() && name_char(s[i])) ++i;
    return i > host ? i : 0;
}

// The rest of a prompt after its `$` or `#`: nothing, or a blank and the command.
bool prompt_end(std::string_view rest) {
    return rest.empty() || rest.front() == ' ';
}

}  // namespace

bool is_shell_prompt(std::string_view line) {
    // `[root@rhel9 ~]# ...` (Red Hat's PS1)
    if (!line.empty() && line.front() == '[') {
        const std::size_t n = user_at_host(line.substr(1));
        if (n == 0) return false;
        std::size_t i = 1 + n;
        if (i >= line.size() || line[i] != ' ') return false;
        const auto close = line.find(']', i);
        if (close == std::string_view::npos || close + 1 >= line.size()) return false;
        const auto dir = line.substr(i + 1, close - i - 1);
        if (dir.empty() || dir.find(' ') != std::string_view::npos) return false;
        const char sign = line[close + 1];
        return (sign == '$' || sign == '#') && prompt_end(line.substr(close + 2));
    }
    // `netops@jump1:~$ ...` (Debian's PS1)
    const std::size_t n = user_at_host(line);
    if (n == 0 || n + 1 >= line.size() || line[n] != ':') return false;
    std::size_t i = n + 1;
    if (line[i] != '~' && line[i] != '/') return false;
    while (i < line.size() && line[i] != ' ' && line[i] != '$' && line[i] != '#') ++i;
    if (i >= line.size() || (line[i] != '$' && line[i] != '#')) return false;
    return prompt_end(line.substr(i + 1));
}

bool is_noise(std::string_view line) {
    const auto t = trim(line);
    // sudo warns when the host's own name does not resolve, then runs the command all the same.
    return starts_with(t, "sudo: unable to resolve host ");
}

Refusal refusal(std::string_view line) {
    const auto t = trim(line);
    if (t.empty()) return Refusal::none;
    // bash, sudo (`sudo: nft: command not found`) and dash (`sh: 1: nft: not found`). When the
    // missing command is sudo itself (`bash: line 1: sudo: command not found`) the command asked
    // for never ran: that is a refusal, not an answer that it is not installed.
    for (std::string_view suffix : {std::string_view(": command not found"), std::string_view(": not found")}) {
        if (!ends_with(t, suffix)) continue;
        const auto head = t.substr(0, t.size() - suffix.size());
        const auto colon = head.rfind(": ");
        const auto missing = colon == std::string_view::npos ? head : head.substr(colon + 2);
        return missing == "sudo" ? Refusal::refused : Refusal::not_found;
    }
    if (starts_with(t, "sudo: ") || starts_with(t, "[sudo] password for ") ||
        contains(t, " is not in the sudoers file") ||
        (starts_with(t, "Sorry, user ") && contains(t, " is not allowed to execute ")) ||
        contains(t, "Permission denied") || contains(t, "Operation not permitted") || contains(t, "you must be root"))
        return Refusal::refused;
    if (starts_with(t, "System has not been booted with systemd") || starts_with(t, "Failed to connect to bus") ||
        starts_with(t, "Failed to get D-Bus connection"))
        return Refusal::no_manager;
    return Refusal::none;
}

}  // namespace vtyguard::parsers::lnx
