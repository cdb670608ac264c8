// `show access-list [NAME [brief]]` -> Device::acls.
//
// Lines:
//  - `access-list cached ACL log flows: ...` and the `alert-interval N` line under it, FWSM
//    `access-list mode auto-commit`: global settings, understood and not modelled.
//  - `access-list NAME; N elements; name hash: 0xH` (FWSM: no name hash): opens the ACL.
//  - `access-list NAME line N extended|standard|remark|webtype|ethertype|advanced ...`: an entry,
//    appended to the ACL of that name (created when no header was shown). The ACL's type is the
//    form of its first entry that is not a remark.
//  - Indented `  access-list NAME line N ...`: the object-group expansion of the previous top-level
//    entry, into its Ace::expanded. FWSM prints the expansion without indentation: an entry with
//    the line number of the previous entry, when that entry uses an object or object-group and
//    shows no hit count, is its expansion too.
//  - The `brief` form (`show access-list NAME brief`): rows of four hexadecimal words (rule hash,
//    parent hash, hit count, last hit). They carry no match criteria, so they are understood and
//    not modelled, and an ACL whose header is followed only by such rows is left out of the model
//    altogether (an ACL with no entries would read as "deny everything").
//  - Prompt, command echo (also a bare `show access-list` echo) and CLI noise are ignored.
//  Anything else is a diagnostic; an entry that cannot be read is kept in place as `unparsed`.
#include "parsers/cisco_asa/show_access-list/parser.hpp"

#include <algorithm>
#include <charconv>

#include "parsers/cisco_asa/acl/acl.hpp"
#include "parsers/cisco_asa/show_access-list/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_asa::show_access_list {

namespace {

constexpr std::string_view kAccessList = "access-list ";

// `show access-list`, `sh access-list x brief`: a command echo without a prompt.
bool is_bare_echo(std::string_view line) {
    auto sp = line.find(' ');
    if (sp == std::string_view::npos) return false;
    const auto w1 = line.substr(0, sp);
    auto rest = trim(line.substr(sp));
    const auto w2 = rest.substr(0, rest.find(' '));
    return w1.size() >= 2 && std::string_view("show").substr(0, w1.size()) == w1 && w2.size() >= 3 &&
           std::string_view("access-list").substr(0, w2.size()) == w2;
}

struct State {
    std::size_t acl = SIZE_MAX;     // index of the ACL of the previous entry or header
    std::size_t parent = SIZE_MAX;  // index (in that ACL) of the previous top-level entry
    std::vector<bool> brief;        // per ACL: brief rows seen
};

std::size_t acl_index(ParseResult& out, State& st, std::string_view name, std::size_t line) {
    auto& acls = out.device.acls;
    if (st.acl < acls.size() && acls[st.acl].name == name) return st.acl;
    for (std::size_t i = 0; i < acls.size(); ++i)
        if (acls[i].name == name) return i;
    model::Acl acl;
    acl.name = name;
    acl.line = line;
    acls.push_back(std::move(acl));
    st.brief.push_back(false);
    return acls.size() - 1;
}

// Reads `rest` (after `access-list NAME `) into ace; on failure makes it an unparsed entry. The
// entry's line is kept in `texts` (shared blocks rather than one heap block each).
void read_entry(ParseResult& out, const InputLine& line, std::string_view rest, model::Ace& ace, std::string_view& type,
                model::TextArena& texts) {
    std::string error;
    ace.line = line.number;
    if (!parse_ace(rest, ace, type, error)) {
        ace = model::Ace{};
        ace.action = model::Ace::Action::unparsed;
        ace.line = line.number;
        ace.details().error = error;
        type = {};
        // keep the position (`line N`) of an entry that could not be read
        std::string_view r = trim(rest);
        if (starts_with(r, "line ")) {
            r = trim(r.substr(5));
            std::uint32_t n = 0;
            const auto res = std::from_chars(r.data(), r.data() + r.size(), n);
            if (res.ec == std::errc() && (res.ptr == r.data() + r.size() || *res.ptr == ' ')) ace.sequence = n;
        }
        diagnose(out, line, error);
    }
    ace.text = texts.store(trim(line.text));
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    State st;
    st.brief.resize(out.device.acls.size(), false);
    model::TextArena texts;
    for (std::size_t idx = 0; idx < lines.size(); ++idx) {
        const auto& line = lines[idx];
        std::string_view text = line.text;
        std::size_t indent = 0;
        while (indent < text.size() && (text[indent] == ' ' || text[indent] == '\t')) ++indent;
        const auto body = text.substr(indent);

        if (starts_with(body, kAccessList)) {
            auto rest = body.substr(kAccessList.size());
            const auto name_end = rest.find_first_of(" ;");
            if (name_end == std::string_view::npos) {
                diagnose(out, line, "access-list line without content");
                continue;
            }
            const auto name = rest.substr(0, name_end);
            rest.remove_prefix(name_end);

            if (rest[0] == ';') {
                ast::Header h;
                if (indent == 0 && parse_header(rest, h)) {
                    st.acl = acl_index(out, st, name, line.number);
                    st.parent = SIZE_MAX;
                    auto& acl = out.device.acls[st.acl];
                    acl.elements = h.elements;
                    // Room for the entries: `N elements` counts expanded entries (no remarks), so it
                    // is a bound that the rest of the capture bounds in turn.
                    acl.entries.reserve(acl.entries.size() + std::min<std::size_t>(h.elements, lines.size() - idx - 1));
                    if (!h.name_hash.empty()) acl.name_hash = h.name_hash;
                    if (acl.line == 0) acl.line = line.number;
                } else {
                    diagnose(out, line, "unreadable access-list header");
                }
                continue;
            }
            if (indent == 0 && ((name == "cached" && is_cached_flows_line(body)) ||
                                is_global_setting(body.substr(kAccessList.size()))))
                continue;
            rest.remove_prefix(1);

            if (indent > 0) {
                // expansion of the previous top-level entry
                auto& acls = out.device.acls;
                if (st.acl >= acls.size() || st.parent >= acls[st.acl].entries.size() || acls[st.acl].name != name) {
                    diagnose(out, line, "indented entry without a top-level entry of the same access-list before it");
                    continue;
                }
                auto& expanded = acls[st.acl].entries[st.parent].expanded;
                std::string_view type;
                read_entry(out, line, rest, expanded.emplace_back(), type, texts);
                continue;
            }

            const auto index = acl_index(out, st, name, line.number);
            if (index != st.acl) st.parent = SIZE_MAX;
            st.acl = index;
            auto& acl = out.device.acls[st.acl];
            auto& ace = acl.entries.emplace_back();  // read in place: an Ace is large
            std::string_view type;
            read_entry(out, line, rest, ace, type, texts);
            // FWSM: the expansion follows unindented, with the line number of its parent
            if (st.parent < acl.entries.size() - 1) {
                auto& parent = acl.entries[st.parent];
                if (ace.action != model::Ace::Action::unparsed && ace.action != model::Ace::Action::remark &&
                    parent.action != model::Ace::Action::remark && parent.action != model::Ace::Action::unparsed &&
                    ace.sequence && parent.sequence == ace.sequence && !parent.matches && uses_objects(parent)) {
                    parent.expanded.push_back(std::move(ace));
                    acl.entries.pop_back();
                    continue;
                }
            }
            if (acl.type.empty() && !type.empty() && type != "remark") acl.type = type;
            st.parent = acl.entries.size() - 1;
            continue;
        }

        if (indent > 0 && is_alert_interval_line(body)) continue;
        if (is_brief_row(body)) {
            if (st.acl < st.brief.size()) st.brief[st.acl] = true;
            continue;
        }
        if (is_cli_noise(text) || is_prompt_line(text) || is_bare_echo(body)) continue;
        diagnose(out, line, "not a `show access-list` line");
    }
    // ACLs shown only in the brief form: not modelled (see above).
    auto& acls = out.device.acls;
    std::vector<model::Acl> kept;
    kept.reserve(acls.size());
    for (std::size_t i = 0; i < acls.size(); ++i)
        if (!(i < st.brief.size() && st.brief[i] && acls[i].entries.empty())) kept.push_back(std::move(acls[i]));
    acls = std::move(kept);
}

}  // namespace vtyguard::parsers::cisco_asa::show_access_list
