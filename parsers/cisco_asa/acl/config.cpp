// Configuration blocks: `access-list ...`, `object network|service NAME`, `object-group TYPE NAME`.
// No Spirit here: entries and member lines go through grammar.cpp.
#include <algorithm>

#include "parsers/cisco_asa/acl/acl.hpp"
#include "parsers/cisco_asa/acl/convert.hpp"
#include "parsers/cisco_asa/acl/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_asa {

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

model::Acl& acl_named(ParseResult& out, std::string_view name, std::size_t line) {
    auto& acls = out.device.acls;
    if (!acls.empty() && acls.back().name == name) return acls.back();
    for (auto& a : acls)
        if (a.name == name) return a;
    model::Acl acl;
    acl.name = name;
    acl.line = line;
    acls.push_back(std::move(acl));
    return acls.back();
}

void diagnose_children(const ConfigBlock& block, ParseResult& out, const char* why) {
    for (const auto& c : block.children) {
        if (!c.text.empty() && c.text[0] == '!') continue;  // indented comment
        diagnose(out, c.line, why);
    }
}

bool handle_access_list(const ConfigBlock& block, ParseResult& out) {
    std::string_view rest = block.head.text;
    next_word(rest);  // access-list
    if (is_global_setting(rest)) {
        diagnose_children(block, out, "unexpected line under a global access-list setting");
        return true;
    }
    const auto name = next_word(rest);
    if (name.empty()) {
        diagnose(out, block.head.line, "access-list without a name");
        return true;
    }
    auto& acl = acl_named(out, name, block.head.line.number);
    model::Ace ace;
    std::string_view type;
    std::string error;
    ace.line = block.head.line.number;
    ace.text = block.head.line.text;
    if (parse_ace(rest, ace, type, error)) {
        if (acl.type.empty() && type != "remark") acl.type = type;
    } else {
        ace = model::Ace{};
        ace.action = model::Ace::Action::unparsed;
        ace.line = block.head.line.number;
        ace.text = block.head.line.text;
        ace.details().error = error;
        diagnose(out, block.head.line, error);
    }
    acl.entries.push_back(std::move(ace));
    diagnose_children(block, out, "unexpected indented line under an access-list entry");
    return true;
}

// What each block type may contain.
bool member_allowed(std::string_view block_kind, std::string_view type, std::string_view first_word,
                    ast::Member::Kind k) {
    using K = ast::Member::Kind;
    if (k == K::description) return true;
    if (block_kind == "object") {
        if (type == "network")
            return k == K::nat || (k == K::address && (first_word == "host" || first_word == "subnet" ||
                                                       first_word == "range" || first_word == "fqdn"));
        if (type == "service") return k == K::service && first_word == "service";
        return false;
    }
    if (k == K::group) return true;
    if (type == "network") return k == K::address && first_word == "network-object";
    if (type == "service")
        return k == K::port || k == K::service_object || (k == K::service && first_word == "service-object");
    if (type == "protocol") return k == K::protocol;
    if (type == "icmp-type") return k == K::icmp_type;
    if (type == "user" || type == "security") return k == K::identity;
    return false;
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
        case K::service_object:
        case K::group:
            o.kind = model::ObjectMember::Kind::group;
            o.name = m.name;
            break;
        case K::port:
            o.kind = model::ObjectMember::Kind::port;
            o.destination_ports = to_model(m.destination_ports);
            break;
        case K::protocol:
            o.kind = model::ObjectMember::Kind::protocol;
            o.protocol = m.name;
            break;
        case K::icmp_type:
            o.kind = model::ObjectMember::Kind::icmp_type;
            o.name = m.name;
            break;
        case K::description:
            o.kind = model::ObjectMember::Kind::description;
            o.name = m.name;
            break;
        case K::identity:
            o.kind = model::ObjectMember::Kind::identity;
            o.name = m.name;
            break;
        case K::nat:
            break;
    }
    return o;
}

bool handle_object(const ConfigBlock& block, ParseResult& out) {
    std::string_view rest = block.head.text;
    const auto block_kind = next_word(rest);  // object | object-group
    const auto type = next_word(rest);
    const auto name = next_word(rest);
    const auto protocol = next_word(rest);
    const auto extra = next_word(rest);
    const bool is_object = block_kind == "object";
    const bool known_type = is_object ? (type == "network" || type == "service")
                                      : (type == "network" || type == "service" || type == "protocol" ||
                                         type == "icmp-type" || type == "user" || type == "security");
    const bool protocol_ok = protocol.empty() || (!is_object && type == "service" &&
                                                  (protocol == "tcp" || protocol == "udp" || protocol == "tcp-udp"));
    if (!known_type || name.empty() || !protocol_ok || !extra.empty()) {
        diagnose(out, block.head.line,
                 known_type ? std::string("unreadable ").append(block_kind).append(" definition")
                            : std::string("unknown ").append(block_kind).append(" type `").append(type).append("`"));
        diagnose_children(block, out, "member of an object that was not read");
        return true;
    }
    auto& groups = out.device.object_groups;
    // `show running-config` lists `object network X` a second time with only its `nat` line:
    // continue the object defined first.
    auto it = std::find_if(groups.begin(), groups.end(), [&](const model::ObjectGroup& g) {
        return g.is_object == is_object && g.name == name && g.type == type;
    });
    if (it == groups.end()) {
        model::ObjectGroup g;
        g.name = name;
        g.type = type;
        g.is_object = is_object;
        g.protocol = protocol;
        g.line = block.head.line.number;
        groups.push_back(std::move(g));
        it = groups.end() - 1;
    }
    auto& group = *it;
    for (const auto& c : block.children) {
        if (!c.text.empty() && c.text[0] == '!') continue;  // indented comment
        ast::Member m;
        std::string_view w = c.text;
        const auto first = next_word(w);
        if (!grammar::parse_member(c.text, m)) {
            diagnose(out, c.line,
                     std::string("unreadable ").append(block_kind).append(" ").append(type).append(" member"));
            continue;
        }
        if (!member_allowed(block_kind, type, first, m.kind)) {
            diagnose(out, c.line,
                     std::string("`")
                         .append(first)
                         .append("` is not expected in ")
                         .append(block_kind)
                         .append(" ")
                         .append(type));
            continue;
        }
        if (m.kind == ast::Member::Kind::nat) continue;  // address translation, not access control
        group.members.push_back(to_member(m, c.line.number));
    }
    return true;
}

}  // namespace

bool handle_config_block(const ConfigBlock& block, ParseResult& out) {
    if (block.orphan) return false;
    std::string_view rest = block.head.text;
    const auto head = next_word(rest);
    if (head == "access-list") return handle_access_list(block, out);
    if (head == "object" || head == "object-group") return handle_object(block, out);
    return false;
}

}  // namespace vtyguard::parsers::cisco_asa
