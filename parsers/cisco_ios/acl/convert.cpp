// AST -> model for IOS access-control entries; the public parse_ace(). No Spirit here.
#include "parsers/cisco_ios/acl/convert.hpp"

#include "parsers/cisco_ios/acl/acl.hpp"
#include "parsers/cisco_ios/acl/grammar.hpp"

namespace vtyguard::parsers::cisco_ios {

namespace {

std::string_view skip_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

// The first word of the text, to name what could not be read.
std::string_view first_word(std::string_view s) {
    s = skip_blanks(s);
    const auto end = s.find_first_of(" \t");
    return end == std::string_view::npos ? s : s.substr(0, end);
}

std::string_view after_word(std::string_view s) {
    const auto w = first_word(s);
    if (w.empty()) return {};
    return s.substr(static_cast<std::size_t>(w.data() - s.data()) + w.size());
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

const char* form_name(AceForm f) {
    switch (f) {
        case AceForm::standard:
            return "standard";
        case AceForm::extended:
            return "extended";
        case AceForm::ipv6:
            return "IPv6";
        case AceForm::role_based:
            return "role-based";
        case AceForm::mac:
            return "MAC";
    }
    return "";
}

// Filled in place: an entry's optional slots are emplaced rather than assigned from a temporary.
void fill(const ast::Address& a, model::Address& m) {
    m.kind = a.kind;
    m.address = a.address;
    m.mask = a.mask;
    m.prefix_length = a.prefix_length;
    m.name = a.name;
}

void fill(const ast::Port& p, model::PortMatch& m) {
    m.op = p.op;
    if (p.op == model::PortMatch::Op::object_group) {
        m.name = p.name;
    } else {
        m.ports.reserve(p.ports.count);
        for (std::size_t i = 0; i < p.ports.count; ++i) m.ports.emplace_back(p.ports[i]);
    }
}

}  // namespace

model::Address to_model(const ast::Address& a) {
    model::Address m;
    fill(a, m);
    return m;
}

model::PortMatch to_model(const ast::Port& p) {
    model::PortMatch m;
    fill(p, m);
    return m;
}

void to_model(const ast::Ace& a, model::Ace& m) {
    if (a.has_sequence) m.sequence = a.sequence;
    if (a.action == model::Ace::Action::remark) {
        m.action = model::Ace::Action::remark;
        m.details().remark = a.remark;
        return;
    }
    m.action = a.action;
    m.protocol = a.protocol;
    if (!a.protocol_object_group.empty()) m.details().protocol_object_group = a.protocol_object_group;
    if (a.source.present) fill(a.source, m.source.emplace());
    if (a.source_ports.present) fill(a.source_ports, m.source_ports.emplace());
    if (a.destination.present) fill(a.destination, m.destination.emplace());
    if (a.destination_ports.present) fill(a.destination_ports, m.destination_ports.emplace());
    if (!a.flags.empty()) {
        auto& flags = m.details().flags;
        flags.reserve(a.flags.count);
        for (std::size_t i = 0; i < a.flags.count; ++i) flags.emplace_back(a.flags[i]);
    }
    m.established = a.established;
    m.icmp_type = a.icmp_type;
    if (!a.options.empty()) {
        auto& options = m.details().options;
        options.reserve(a.options.count);
        for (std::size_t i = 0; i < a.options.count; ++i) options.emplace_back(a.options[i]);
    }
    m.log = a.log;
    m.time_range = a.time_range;
    m.state = a.state;
    if (a.has_matches) m.matches = a.matches;
}

bool parse_ace(std::string_view text, AceForm form, model::Ace& ace, std::string& error) {
    ast::Ace a;
    bool ok = grammar::parse_ace(text, form, a);
    if (!ok && form == AceForm::standard) {
        // Some captures list extended entries under a standard header: read them as written.
        a = ast::Ace{};
        ok = grammar::parse_ace(text, AceForm::extended, a);
    }
    if (!ok) {
        auto w = first_word(text);
        if (all_digits(w) || w == "sequence") w = first_word(after_word(text));
        if (w == "sequence") w = first_word(after_word(after_word(text)));
        if (w == "permit" || w == "deny" || w == "remark" || w == "evaluate" || w == "dynamic" || w == "Dynamic")
            error = std::string("unreadable ") + form_name(form) + " access-list entry";
        else if (w.empty())
            error = "access-list entry without an action";
        else
            error = std::string("unknown access-list entry `") + std::string(w) + "`";
        return false;
    }
    to_model(a, ace);
    return true;
}

}  // namespace vtyguard::parsers::cisco_ios
