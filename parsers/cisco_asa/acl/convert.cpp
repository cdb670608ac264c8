// AST -> model for ASA access-control entries; the public parse_ace(). No Spirit here.
#include "parsers/cisco_asa/acl/convert.hpp"

#include "parsers/cisco_asa/acl/acl.hpp"
#include "parsers/cisco_asa/acl/grammar.hpp"

namespace vtyguard::parsers::cisco_asa {

namespace {

std::string_view form_name(ast::Form f) {
    switch (f) {
        case ast::Form::extended:
            return "extended";
        case ast::Form::standard:
            return "standard";
        case ast::Form::remark:
            return "remark";
        case ast::Form::webtype:
            return "webtype";
        case ast::Form::ethertype:
            return "ethertype";
        case ast::Form::advanced:
            return "advanced";
    }
    return "extended";
}

// The first word of the text, to name what could not be read.
std::string_view first_word(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    const auto end = s.find_first_of(" \t");
    return end == std::string_view::npos ? s : s.substr(0, end);
}

// The text after the first word.
std::string_view after_word(std::string_view s) {
    const auto w = first_word(s);
    if (w.empty()) return {};
    return s.substr(static_cast<std::size_t>(w.data() - s.data()) + w.size());
}

// Filled in place: an entry's optional slots are emplaced rather than assigned from a temporary.
void fill(const ast::Address& a, model::Address& m) {
    m.kind = a.kind;
    m.address = a.address;
    m.mask = a.mask;
    m.prefix_length = a.prefix_length;
    m.name = a.name;
    if (a.unresolved) m.resolved = false;
}

void fill(const ast::Port& p, model::PortMatch& m) {
    m.op = p.op;
    if (p.op == model::PortMatch::Op::object_group) {
        m.name = p.name;
    } else {
        const bool range = p.op == model::PortMatch::Op::range;
        m.ports.reserve(range ? 2 : 1);
        m.ports.emplace_back(p.first);
        if (range) m.ports.emplace_back(p.second);
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
    if (a.form == ast::Form::remark) {
        m.action = model::Ace::Action::remark;
        m.details().remark = a.remark;
        return;
    }
    m.action = a.action;
    m.protocol = a.protocol;
    if (!a.protocol_object_group.empty()) m.details().protocol_object_group = a.protocol_object_group;
    if (!a.protocol_object.empty()) m.details().protocol_object = a.protocol_object;
    if (a.source.present) fill(a.source, m.source.emplace());
    if (a.source_ports.present) fill(a.source_ports, m.source_ports.emplace());
    if (a.destination.present) fill(a.destination, m.destination.emplace());
    if (a.destination_ports.present) fill(a.destination_ports, m.destination_ports.emplace());
    m.icmp_type = a.icmp_type;
    m.log = a.log;
    m.time_range = a.time_range;
    if (a.inactive) m.state = "inactive";
    if (a.has_hitcnt) m.matches = a.hitcnt;
    m.hash = a.hash;
    if (!a.source_identity.empty() && !a.destination_identity.empty()) {
        auto& user = m.details().user;
        user.reserve(a.source_identity.size() + 1 + a.destination_identity.size());
        user.append(a.source_identity).append(" ").append(a.destination_identity);
    } else if (!a.source_identity.empty() || !a.destination_identity.empty()) {
        m.details().user = a.source_identity.empty() ? a.destination_identity : a.source_identity;
    }
    if (a.trust || !a.source_ifc.empty() || !a.destination_ifc.empty() || !a.options.empty()) {
        auto& options = m.details().options;
        if (a.trust) options.emplace_back("trust");
        if (!a.source_ifc.empty()) options.emplace_back(std::string("ifc ").append(a.source_ifc));
        if (!a.destination_ifc.empty()) options.emplace_back(std::string("ifc ").append(a.destination_ifc));
        for (auto o : a.options) options.emplace_back(o);
    }
}

bool parse_ace(std::string_view text, model::Ace& ace, std::string_view& type, std::string& error) {
    ast::Ace a;
    if (!grammar::parse_ace(text, a)) {
        auto w = first_word(text);
        if (w == "line") w = first_word(after_word(after_word(text)));
        if (w == "extended" || w == "standard" || w == "webtype" || w == "ethertype" || w == "advanced" ||
            w == "remark" || w == "permit" || w == "deny")
            error = std::string("unreadable `") + std::string(w) + "` access-list entry";
        else
            error = std::string("unknown access-list entry type `") + std::string(w) + "`";
        type = {};
        return false;
    }
    type = form_name(a.form);
    to_model(a, ace);
    return true;
}

bool parse_ace(std::string_view text, model::Ace& ace, std::string& error) {
    std::string_view type;
    return parse_ace(text, ace, type, error);
}

bool is_global_setting(std::string_view text) {
    const auto w = first_word(text);
    if (w != "alert-interval" && w != "deny-flow-max" && w != "mode") return false;
    const auto v = first_word(after_word(text));
    if (v.empty()) return false;
    if (w == "mode") return v == "auto-commit" || v == "manual-commit";
    return v.find_first_not_of("0123456789") == std::string_view::npos;
}

bool uses_objects(const model::Ace& a) {
    auto is_obj = [](const std::optional<model::Address>& x) {
        return x && (x->kind == model::Address::Kind::object_group || x->kind == model::Address::Kind::object ||
                     x->kind == model::Address::Kind::fqdn);
    };
    auto is_grp = [](const std::optional<model::PortMatch>& p) {
        return p && p->op == model::PortMatch::Op::object_group;
    };
    return !a.protocol_object_group().empty() || !a.protocol_object().empty() || is_obj(a.source) ||
           is_obj(a.destination) || is_grp(a.source_ports) || is_grp(a.destination_ports) || !a.user().empty();
}

}  // namespace vtyguard::parsers::cisco_asa
