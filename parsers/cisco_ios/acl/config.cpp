// Configuration blocks: `ip access-list ...`, `ipv6 access-list ...`, `access-list N ...`,
// `mac access-list ...`, `object-group ...`. No Spirit here: entries and member lines go through
// grammar.cpp and members.cpp.
//
// Understood and not modelled (they define no entries): `ip access-list logging|log-update|
// persistent|counters|...`, `ipv6 access-list log-update|cache ...`, `access-list compiled|
// rate-limit|dynamic-extended|log-update ...`, inside an ACL `statistics per-entry`, and the
// sequence numbers some releases put before object-group members (`10 1.2.3.0/24`): the model's
// members are a set, in order, without numbers.
// Everything else inside a handled block is an entry, a member, or a diagnostic.
#include <algorithm>
#include <charconv>

#include "parsers/cisco_ios/acl/acl.hpp"
#include "parsers/cisco_ios/acl/convert.hpp"
#include "parsers/cisco_ios/acl/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios {

namespace {

std::string_view next_word(std::string_view& s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    auto w = s.substr(i, j - i);
    s.remove_prefix(j);
    return w;
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_comment(const ConfigLine& c) {
    return !c.text.empty() && c.text[0] == '!';
}

void diagnose_children(const ConfigBlock& block, ParseResult& out, const char* why) {
    for (const auto& c : block.children)
        if (!is_comment(c)) diagnose(out, c.line, why);
}

bool is_mac(const model::Acl& a) {
    return a.type == "mac";
}

// The ACL of that name in its namespace (IPv4, IPv6 and MAC names are separate on IOS); created
// when new. A block seen again (a configuration re-entering an ACL) continues the same ACL.
model::Acl& acl_named(ParseResult& out, std::string_view name, model::AddressFamily family, bool mac,
                      std::string_view type, bool numbered, std::size_t line) {
    auto& acls = out.device.acls;
    auto same = [&](const model::Acl& a) { return a.name == name && a.family == family && is_mac(a) == mac; };
    if (!acls.empty() && same(acls.back())) return acls.back();
    for (auto& a : acls)
        if (same(a)) {
            if (a.type.empty()) a.type = type;
            return a;
        }
    model::Acl acl;
    acl.name = name;
    acl.family = family;
    acl.type = type;
    acl.numbered = numbered;
    acl.line = line;
    acls.push_back(std::move(acl));
    return acls.back();
}

// Reads one entry (child line or the rest of a one-line definition) into the ACL; an entry that
// cannot be read is kept in place as `unparsed` and reported.
void add_entry(ParseResult& out, model::Acl& acl, const InputLine& line, std::string_view text, AceForm form) {
    auto& ace = acl.entries.emplace_back();  // read in place: an Ace is large
    std::string error;
    if (!parse_ace(text, form, ace, error)) {
        ace = model::Ace{};
        ace.action = model::Ace::Action::unparsed;
        ace.details().error = error;
        // keep the position of an entry that could not be read (`10 ...`, `sequence 10 ...`)
        std::string_view r = text;
        auto w = next_word(r);
        if (w == "sequence") w = next_word(r);
        std::uint32_t n = 0;
        if (all_digits(w) && std::from_chars(w.data(), w.data() + w.size(), n).ec == std::errc()) ace.sequence = n;
        diagnose(out, line, error);
    }
    ace.line = line.number;
    ace.text = trim(line.text);
}

void add_children(const ConfigBlock& block, ParseResult& out, model::Acl& acl, AceForm form) {
    // Room for the block's entries at once (an entry is large to move), keeping the growth
    // geometric for an ACL that is entered again and again.
    const auto needed = acl.entries.size() + block.children.size();
    if (needed > acl.entries.capacity()) acl.entries.reserve(std::max(needed, 2 * acl.entries.capacity()));
    for (const auto& c : block.children) {
        if (is_comment(c)) continue;
        if (c.text == "statistics per-entry") continue;  // counters, not matching
        add_entry(out, acl, c.line, c.text, form);
    }
}

AceForm form_for(std::string_view type) {
    if (type == "standard") return AceForm::standard;
    if (type == "role-based") return AceForm::role_based;
    if (type == "mac") return AceForm::mac;
    return AceForm::extended;
}

// `ip access-list resequence NAME START STEP`: renumbers the ACL defined before it.
bool resequence(const ConfigBlock& block, ParseResult& out, std::string_view rest) {
    const auto name = next_word(rest);
    const auto start_w = next_word(rest);
    const auto step_w = next_word(rest);
    std::uint32_t start = 0, step = 0;
    const bool numbers = all_digits(start_w) && all_digits(step_w) &&
                         std::from_chars(start_w.data(), start_w.data() + start_w.size(), start).ec == std::errc() &&
                         std::from_chars(step_w.data(), step_w.data() + step_w.size(), step).ec == std::errc();
    if (name.empty() || !numbers || !next_word(rest).empty()) {
        diagnose(out, block.head.line, "unreadable `ip access-list resequence`");
        return true;
    }
    auto& acls = out.device.acls;
    auto it = std::find_if(acls.begin(), acls.end(), [&](const model::Acl& a) {
        return a.name == name && a.family == model::AddressFamily::ipv4 && !is_mac(a);
    });
    if (it == acls.end()) {
        diagnose(out, block.head.line, "resequence of an access list not defined before it");
        return true;
    }
    std::uint64_t n = start;
    for (auto& e : it->entries) {
        if (n > UINT32_MAX) break;
        e.sequence = static_cast<std::uint32_t>(n);
        n += step;
    }
    diagnose_children(block, out, "unexpected indented line under `ip access-list resequence`");
    return true;
}

bool handle_ip_access_list(const ConfigBlock& block, ParseResult& out, std::string_view rest) {
    const auto kind = next_word(rest);
    if (kind == "resequence") return resequence(block, out, rest);
    if (kind == "standard" || kind == "extended" || kind == "role-based" || kind == "fqdn") {
        const auto name = next_word(rest);
        if (name.empty()) {
            diagnose(out, block.head.line, "access list without a name");
            diagnose_children(block, out, "entry of an access list that was not read");
            return true;
        }
        auto& acl = acl_named(out, name, model::AddressFamily::ipv4, false, kind, false, block.head.line.number);
        const auto form = form_for(kind);
        if (!trim(rest).empty()) add_entry(out, acl, block.head.line, trim(rest), form);
        add_children(block, out, acl, form);
        return true;
    }
    // global settings: `ip access-list logging interval 10`, `ip access-list log-update threshold 1`,
    // `ip access-list persistent`, `ip access-list counters ...`
    if (kind == "logging" || kind == "log-update" || kind == "persistent" || kind == "counters" ||
        kind == "match-local-traffic" || kind == "compiled" || kind == "hardware" || kind == "acl-lookup") {
        diagnose_children(block, out, "unexpected indented line under an `ip access-list` setting");
        return true;
    }
    // `ip access-list NAME` (no type word): entries read as extended, else standard, as for the
    // `IP access list NAME` header of IOS-XE show output. The type is left empty: not stated.
    if (!kind.empty() && trim(rest).empty()) {
        auto& acl = acl_named(out, kind, model::AddressFamily::ipv4, false, "", false, block.head.line.number);
        for (const auto& c : block.children) {
            if (is_comment(c)) continue;
            if (c.text == "statistics per-entry") continue;
            model::Ace probe;
            std::string error;
            const bool extended = parse_ace(c.text, AceForm::extended, probe, error);
            add_entry(out, acl, c.line, c.text, extended ? AceForm::extended : AceForm::standard);
        }
        return true;
    }
    diagnose(out, block.head.line, std::string("unknown `ip access-list ").append(kind).append("` form"));
    diagnose_children(block, out, "entry of an access list that was not read");
    return true;
}

bool handle_ipv6_access_list(const ConfigBlock& block, ParseResult& out, std::string_view rest) {
    auto name = next_word(rest);
    if (name == "log-update" || name == "cache" || name == "logging") {
        diagnose_children(block, out, "unexpected indented line under an `ipv6 access-list` setting");
        return true;
    }
    std::string_view type = "ipv6";
    if (name == "standard" || name == "extended") name = next_word(rest);  // other releases' spelling
    if (name.empty()) {
        diagnose(out, block.head.line, "access list without a name");
        diagnose_children(block, out, "entry of an access list that was not read");
        return true;
    }
    auto& acl = acl_named(out, name, model::AddressFamily::ipv6, false, type, false, block.head.line.number);
    if (!trim(rest).empty()) add_entry(out, acl, block.head.line, trim(rest), AceForm::ipv6);
    add_children(block, out, acl, AceForm::ipv6);
    return true;
}

bool handle_mac_access_list(const ConfigBlock& block, ParseResult& out, std::string_view rest) {
    auto name = next_word(rest);
    if (name == "extended") name = next_word(rest);
    if (name.empty() || !trim(rest).empty()) {
        diagnose(out, block.head.line, "unreadable `mac access-list`");
        diagnose_children(block, out, "entry of an access list that was not read");
        return true;
    }
    auto& acl = acl_named(out, name, model::AddressFamily::ipv4, true, "mac", false, block.head.line.number);
    add_children(block, out, acl, AceForm::mac);
    return true;
}

bool handle_numbered(const ConfigBlock& block, ParseResult& out, std::string_view rest) {
    auto probe = rest;
    const auto name = next_word(probe);
    if (name == "compiled" || name == "rate-limit" || name == "dynamic-extended" || name == "log-update" ||
        name == "logging") {
        diagnose_children(block, out, "unexpected indented line under an `access-list` setting");
        return true;
    }
    if (!all_digits(name)) {
        // `access-list NAME standard|extended [entry]` (a spelling some configurations use)
        auto after = probe;
        const auto kind = next_word(after);
        if (name.empty() || (kind != "standard" && kind != "extended")) {
            diagnose(out, block.head.line, "unreadable `access-list` line");
            diagnose_children(block, out, "entry of an access list that was not read");
            return true;
        }
        auto& acl = acl_named(out, name, model::AddressFamily::ipv4, false, kind, false, block.head.line.number);
        if (!trim(after).empty()) add_entry(out, acl, block.head.line, trim(after), form_for(kind));
        add_children(block, out, acl, form_for(kind));
        return true;
    }
    const auto type = numbered_acl_type(name);
    auto& acl = acl_named(out, name, model::AddressFamily::ipv4, type == "mac", type, true, block.head.line.number);
    if (type.empty()) {
        // 200-299 protocol type, 300-399 DECnet, 600-699 AppleTalk, 800-1099 IPX ...: not IP.
        auto& ace = acl.entries.emplace_back();
        ace.action = model::Ace::Action::unparsed;
        ace.line = block.head.line.number;
        ace.text = trim(block.head.line.text);
        ace.details().error = "access-list number " + std::string(name) + " is not an IP or MAC access list";
        diagnose(out, block.head.line, ace.error());
        diagnose_children(block, out, "entry of an access list that was not read");
        return true;
    }
    if (!trim(probe).empty()) add_entry(out, acl, block.head.line, trim(probe), form_for(type));
    add_children(block, out, acl, form_for(type));
    return true;
}

model::ObjectMember to_member(const ast::Member& m, std::size_t line) {
    using K = ast::Member::Kind;
    model::ObjectMember o;
    o.line = line;
    switch (m.kind) {
        case K::address:
            o.kind = model::ObjectMember::Kind::address;
            o.address = to_model(m.address);
            break;
        case K::service:
            o.kind = model::ObjectMember::Kind::service;
            o.protocol = m.protocol;
            if (m.source_ports.present) o.source_ports = to_model(m.source_ports);
            if (m.destination_ports.present) o.destination_ports = to_model(m.destination_ports);
            o.name = m.name;  // icmp type
            break;
        case K::protocol:
            o.kind = model::ObjectMember::Kind::protocol;
            o.protocol = m.protocol;
            break;
        case K::port:
            o.kind = model::ObjectMember::Kind::port;
            o.destination_ports = to_model(m.destination_ports);
            break;
        case K::group:
            o.kind = model::ObjectMember::Kind::group;
            o.name = m.name;
            break;
        case K::description:
            o.kind = model::ObjectMember::Kind::description;
            o.name = m.name;
            break;
    }
    return o;
}

bool handle_object_group(const ConfigBlock& block, ParseResult& out, std::string_view rest) {
    std::string_view type = next_word(rest);
    std::string_view member_type = type;
    std::string shown(type);  // the type as named in a diagnostic
    if (type == "ip") {
        // older releases: `object-group ip address NAME`, `object-group ip port NAME`
        const auto sub = next_word(rest);
        member_type = sub == "address" ? "ip address" : sub == "port" ? "ip port" : "";
        type = member_type;
        shown.append(" ").append(sub);
    } else if (type == "v6-network") {
        member_type = "network";
    } else if (type == "v6-service") {
        member_type = "service";
    }
    const auto name = next_word(rest);
    const bool known = member_type == "network" || member_type == "service" || member_type == "protocol" ||
                       member_type == "ip address" || member_type == "ip port";
    if (!known || name.empty() || !trim(rest).empty()) {
        diagnose(out, block.head.line,
                 known ? std::string("unreadable object-group definition")
                       : std::string("object-group type `").append(shown).append("` is not read"));
        diagnose_children(block, out, "member of an object-group that was not read");
        return true;
    }
    auto& groups = out.device.object_groups;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const model::ObjectGroup& g) {
        return !g.is_object && g.name == name && g.type == type;
    });
    if (it == groups.end()) {
        model::ObjectGroup g;
        g.name = name;
        g.type = type;
        g.line = block.head.line.number;
        groups.push_back(std::move(g));
        it = groups.end() - 1;
    }
    auto& group = *it;
    for (const auto& c : block.children) {
        if (is_comment(c)) continue;
        ast::Member m;
        if (!grammar::parse_member(c.text, member_type, m)) {
            diagnose(out, c.line, std::string("unreadable object-group ").append(type).append(" member"));
            continue;
        }
        group.members.push_back(to_member(m, c.line.number));
    }
    return true;
}

}  // namespace

std::string_view numbered_acl_type(std::string_view number) {
    unsigned n = 0;
    if (!all_digits(number) || number.size() > 5 ||
        std::from_chars(number.data(), number.data() + number.size(), n).ec != std::errc())
        return {};
    if ((n >= 1 && n <= 99) || (n >= 1300 && n <= 1999)) return "standard";
    if ((n >= 100 && n <= 199) || (n >= 2000 && n <= 2699)) return "extended";
    if ((n >= 700 && n <= 799) || (n >= 1100 && n <= 1199)) return "mac";
    return {};
}

bool handle_config_block(const ConfigBlock& block, ParseResult& out) {
    if (block.orphan) return false;
    std::string_view rest = block.head.text;
    const auto head = next_word(rest);
    if (head == "access-list") return handle_numbered(block, out, rest);
    if (head == "object-group") return handle_object_group(block, out, rest);
    if (head == "ip" || head == "ipv6" || head == "mac") {
        auto r = rest;
        if (next_word(r) != "access-list") return false;
        if (head == "ip") return handle_ip_access_list(block, out, r);
        if (head == "ipv6") return handle_ipv6_access_list(block, out, r);
        return handle_mac_access_list(block, out, r);
    }
    return false;
}

}  // namespace vtyguard::parsers::cisco_ios
