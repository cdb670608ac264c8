// `show access-lists [NAME|N]`, `show ip access-lists`, `show ipv6 access-list` -> Device::acls.
//
// Lines:
//  - A header opens an ACL: `Standard IP access list 10`, `Extended IP access list NAME`,
//    `IPv6 access list NAME`, `Extended MAC access list NAME`, `Role-based IP access list NAME`,
//    `Reflexive IP access list NAME`, `FQDN IP access list NAME`, `IP access list NAME`, possibly
//    indented and followed by decorations: `(per-user)`, `(downloaded)`, `(dynamic)` become
//    Acl::origin; others (`(Compiled)`) are understood and not modelled. Downloadable ACLs are also
//    known by their name (`#ACSACL#-IP-...`, IOS-XE `xACSACLx-IP-...`): origin `downloaded`. A
//    name of digits is a numbered ACL. The ACL's type comes from the header (`standard`,
//    `extended`, `ipv6`, `mac`, `role-based`, `reflexive`, `fqdn`; empty for `IP access list`,
//    whose entries are read as extended, then standard).
//  - Every other line up to the next header is an entry of that ACL (whatever its indentation;
//    the activated instances of a lock-and-key `Dynamic` entry are indented further and are
//    entries too, in the order shown). An entry that cannot be read is kept in place as
//    `unparsed` and reported.
//  - Prompt, command echo (also a bare `show ip access-lists` echo), CLI noise are ignored.
//  Anything else (an entry before any header) is a diagnostic.
#include "parsers/cisco_ios/show_access-lists/parser.hpp"

#include <charconv>

#include "parsers/cisco_ios/acl/acl.hpp"
#include "parsers/cisco_ios/show_access-lists/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_access_lists {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Each word a prefix of the command's word: `sh ip access-l`, `show ipv6 access-list NAME`.
bool word_prefix(std::string_view typed, std::string_view full, std::size_t min) {
    return typed.size() >= min && typed.size() <= full.size() && full.substr(0, typed.size()) == typed;
}

std::string_view next_word(std::string_view& s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    auto w = s.substr(i, j - i);
    s.remove_prefix(j);
    return w;
}

// `show access-lists`, `show ip access-lists ACL_TEST`: a command echo without a prompt.
bool is_bare_echo(std::string_view line) {
    auto w = next_word(line);
    if (!word_prefix(w, "show", 2)) return false;
    w = next_word(line);
    if (word_prefix(w, "ip", 2) || word_prefix(w, "ipv6", 4)) w = next_word(line);
    return word_prefix(w, "access-lists", 8);
}

bool looks_like_entry(std::string_view body) {
    const char c = body[0];
    if (c >= '0' && c <= '9') return true;
    return starts_with(body, "permit ") || starts_with(body, "deny ") || starts_with(body, "remark") ||
           starts_with(body, "evaluate ") || starts_with(body, "dynamic ") || starts_with(body, "Dynamic ");
}

struct Kind {
    std::string_view type;
    model::AddressFamily family = model::AddressFamily::ipv4;
    AceForm form = AceForm::extended;
};

bool kind_of(std::string_view header_kind, Kind& k) {
    using F = model::AddressFamily;
    struct Row {
        std::string_view header, type;
        F family;
        AceForm form;
    };
    static constexpr Row rows[] = {
        {"Standard IP", "standard", F::ipv4, AceForm::standard},
        {"Extended IP", "extended", F::ipv4, AceForm::extended},
        {"IPv6", "ipv6", F::ipv6, AceForm::ipv6},
        {"Extended MAC", "mac", F::ipv4, AceForm::mac},
        {"Role-based IP", "role-based", F::ipv4, AceForm::role_based},
        {"Role-based IPv6", "role-based", F::ipv6, AceForm::role_based},
        {"Reflexive IP", "reflexive", F::ipv4, AceForm::extended},
        {"FQDN IP", "fqdn", F::ipv4, AceForm::extended},
        {"Dynamic IP", "extended", F::ipv4, AceForm::extended},
        {"IP", "", F::ipv4, AceForm::extended},
    };
    // the grammar keeps the blanks between the words as printed: compare word by word
    std::string_view h = header_kind;
    const auto w1 = next_word(h);
    const auto w2 = next_word(h);
    for (const auto& r : rows) {
        std::string_view rh = r.header;
        const auto r1 = next_word(rh);
        const auto r2 = next_word(rh);
        if (w1 == r1 && w2 == r2) {
            k = {r.type, r.family, r.form};
            return true;
        }
    }
    return false;
}

struct Open {
    std::size_t acl = SIZE_MAX;
    AceForm form = AceForm::extended;
    bool untyped = false;  // `IP access list NAME`: extended, else standard
};

// `texts`: every entry keeps its line; in shared blocks rather than one heap block each.
void read_entry(ParseResult& out, const InputLine& line, std::string_view body, const Open& open,
                model::TextArena& texts) {
    auto& acl = out.device.acls[open.acl];
    auto& ace = acl.entries.emplace_back();  // read in place: an Ace is large
    std::string error;
    bool ok = parse_ace(body, open.form, ace, error);
    if (!ok && open.untyped) {
        ace = model::Ace{};
        ok = parse_ace(body, AceForm::standard, ace, error);
    }
    if (!ok) {
        ace = model::Ace{};
        ace.action = model::Ace::Action::unparsed;
        ace.details().error = std::move(error);
        // keep the position of an entry that could not be read: `10 ...` or IPv6 `... sequence 10`
        std::string_view r = body;
        auto w = next_word(r);
        if (!all_digits(w)) {
            const auto at = body.rfind(" sequence ");
            w = {};
            if (at != std::string_view::npos) {
                r = body.substr(at + 10);
                w = next_word(r);
                if (!trim(r).empty()) w = {};
            }
        }
        std::uint32_t n = 0;
        if (all_digits(w) && std::from_chars(w.data(), w.data() + w.size(), n).ec == std::errc()) ace.sequence = n;
        diagnose(out, line, ace.error());
    }
    ace.line = line.number;
    ace.text = texts.store(body);
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    // Entries start with a digit or a lower-case word (`permit`, `deny`, `remark`, `evaluate`),
    // or `Dynamic`; headers with an upper-case word. Where the candidates are tells how many
    // entries an ACL can have at most: room for them is made once.
    std::vector<std::size_t> candidates;
    std::vector<std::string_view> bodies(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view body = lines[i].text;
        std::size_t indent = 0;
        while (indent < body.size() && (body[indent] == ' ' || body[indent] == '\t')) ++indent;
        body.remove_prefix(indent);
        bodies[i] = body;
        if (!body.empty() && body[0] >= 'A' && body[0] <= 'Z' && !starts_with(body, "Dynamic "))
            candidates.push_back(i);
    }
    candidates.push_back(lines.size());
    std::size_t next_candidate = 0;
    Open open;
    model::TextArena texts;
    ast::Header h;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& line = lines[i];
        const std::string_view body = bodies[i];
        if (body.empty()) continue;
        if (candidates[next_candidate] == i) {
            ++next_candidate;
            h.kind.clear();
            h.name.clear();
            h.suffixes.clear();
            Kind k;
            if (parse_header(body, h) && kind_of(h.kind, k)) {
                auto& acl = out.device.acls.emplace_back();
                acl.name = h.name;
                acl.type = k.type;
                acl.family = k.family;
                acl.numbered = all_digits(h.name);
                acl.line = line.number;
                for (const auto& s : h.suffixes)
                    if (s == "per-user" || s == "downloaded" || s == "dynamic") acl.origin = s;
                if (acl.origin.empty() && (starts_with(h.name, "#ACSACL#") || starts_with(h.name, "xACSACLx")))
                    acl.origin = "downloaded";
                acl.entries.reserve(candidates[next_candidate] - i - 1);
                open.acl = out.device.acls.size() - 1;
                open.form = k.form;
                open.untyped = k.type.empty();
                continue;
            }
        }
        // The common case first: what can only be an entry.
        if (open.acl != SIZE_MAX && looks_like_entry(body)) {
            read_entry(out, line, body, open, texts);
            continue;
        }
        if (is_cli_noise(line.text) || is_prompt_line(body) || is_bare_echo(body)) continue;
        if (open.acl != SIZE_MAX) {
            read_entry(out, line, body, open, texts);
            continue;
        }
        diagnose(out, line, "not a `show access-lists` line (no access list header before it)");
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_access_lists
