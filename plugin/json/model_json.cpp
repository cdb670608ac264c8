#include "plugin/json/model_json.hpp"

namespace vtyguard::json {

using nlohmann::ordered_json;
using namespace vtyguard::model;

namespace {

// Declared up front so the templates below find every overload (they are not found by ADL).
ordered_json to_json(const Address& a);
ordered_json to_json(const PortMatch& p);
ordered_json to_json(const AccessClass& a);

template <class T>
ordered_json opt(const std::optional<T>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json str_or_null(std::string_view s) {
    return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

const char* kind_name(Address::Kind k) {
    switch (k) {
        case Address::Kind::any:
            return "any";
        case Address::Kind::any4:
            return "any4";
        case Address::Kind::any6:
            return "any6";
        case Address::Kind::host:
            return "host";
        case Address::Kind::wildcard:
            return "wildcard";
        case Address::Kind::netmask:
            return "netmask";
        case Address::Kind::prefix:
            return "prefix";
        case Address::Kind::range:
            return "range";
        case Address::Kind::object_group:
            return "object_group";
        case Address::Kind::object:
            return "object";
        case Address::Kind::interface:
            return "interface";
        case Address::Kind::fqdn:
            return "fqdn";
    }
    return "any";
}

// Address keys follow Ansible's ACL resource modules (`address`, `wildcard_bits`, `netmask`,
// `host`, `any`, `object_group`), with `type` naming the form.
ordered_json to_json(const Address& a) {
    ordered_json j;
    j["type"] = kind_name(a.kind);
    switch (a.kind) {
        case Address::Kind::any:
        case Address::Kind::any4:
        case Address::Kind::any6:
            j["any"] = true;
            break;
        case Address::Kind::host:
            j["host"] = a.address;
            break;
        case Address::Kind::wildcard:
            j["address"] = a.address;
            j["wildcard_bits"] = a.mask;
            break;
        case Address::Kind::netmask:
            j["address"] = a.address;
            j["netmask"] = a.mask;
            break;
        case Address::Kind::prefix:
            j["address"] = a.address;
            j["prefix_length"] = a.prefix_length;
            break;
        case Address::Kind::range:
            j["start"] = a.address;
            j["end"] = a.mask;
            break;
        case Address::Kind::object_group:
            j["object_group"] = a.name;
            break;
        case Address::Kind::object:
            j["object"] = a.name;
            break;
        case Address::Kind::interface:
            j["interface"] = a.name;
            break;
        case Address::Kind::fqdn:
            j["fqdn"] = a.name;
            if (a.resolved) j["resolved"] = *a.resolved;
            break;
    }
    return j;
}

ordered_json to_json(const PortMatch& p) {
    static const char* ops[] = {"eq", "neq", "lt", "gt", "range", "object_group"};
    ordered_json j;
    j["operator"] = ops[static_cast<int>(p.op)];
    if (p.op == PortMatch::Op::object_group)
        j["object_group"] = p.name;
    else
        j["ports"] = p.ports;
    return j;
}

template <class T>
ordered_json opt_obj(const std::optional<T>& v) {
    return v ? to_json(*v) : ordered_json(nullptr);
}

ordered_json to_json(const AccessClass& a) {
    return ordered_json{{"acl", a.acl}, {"vrf_also", a.vrf_also}, {"line", a.line}};
}

ordered_json to_json(const LineBlock& b) {
    ordered_json j;
    j["type"] = b.type;
    j["first"] = b.first;
    j["last"] = b.last;
    j["transport_input"] = opt(b.transport_input);
    j["transport_output"] = opt(b.transport_output);
    j["transport_preferred"] = opt(b.transport_preferred);
    j["access_class_in"] = opt_obj(b.access_class_in);
    j["access_class_out"] = opt_obj(b.access_class_out);
    j["ipv6_access_class_in"] = opt_obj(b.ipv6_access_class_in);
    j["ipv6_access_class_out"] = opt_obj(b.ipv6_access_class_out);
    j["exec_timeout"] = b.exec_timeout_minutes ? ordered_json{{"minutes", *b.exec_timeout_minutes},
                                                              {"seconds", b.exec_timeout_seconds.value_or(0)}}
                                               : ordered_json(nullptr);
    j["login"] = opt(b.login);
    j["login_authentication"] = opt(b.login_authentication);
    j["authorization_exec"] = opt(b.authorization_exec);
    j["rotary"] = opt(b.rotary);
    j["privilege_level"] = opt(b.privilege_level);
    j["password_set"] = b.password_set;
    j["exec"] = opt(b.exec);
    j["vacant_message"] = b.has_vacant_message;
    j["line"] = b.line;
    return j;
}

ordered_json to_json(const CryptoKey& k) {
    ordered_json j;
    j["name"] = k.name;
    j["type"] = k.type;
    j["bits"] = opt(k.bits);
    j["usage"] = str_or_null(k.usage);
    j["storage"] = str_or_null(k.storage);
    j["exportable"] = opt(k.exportable);
    j["generated"] = str_or_null(k.generated);
    j["line"] = k.line;
    return j;
}

ordered_json to_json(const MgmtAllow& m) {
    return ordered_json{{"source", to_json(m.source)}, {"interface", m.interface}, {"line", m.line}};
}

ordered_json to_json(const SshServer& s) {
    ordered_json j;
    j["available"] = opt(s.available);
    j["enabled"] = opt(s.enabled);
    j["disabled_reason"] = str_or_null(s.disabled_reason);
    j["version"] = opt(s.version);
    j["timeout"] = opt(s.timeout_seconds);
    j["retries"] = opt(s.retries);
    j["dh_min_size"] = opt(s.dh_min_size);
    j["authentication_methods"] = s.authentication_methods;
    j["algorithms"] = ordered_json{{"kex", s.algorithms.kex},
                                   {"hostkey", s.algorithms.hostkey},
                                   {"encryption", s.algorithms.encryption},
                                   {"mac", s.algorithms.mac},
                                   {"publickey", s.algorithms.publickey}};
    j["keypair_name"] = opt(s.keypair_name);
    auto rp = ordered_json::array();
    for (const auto& r : s.rotary_ports)
        rp.push_back(ordered_json{{"port", r.port}, {"rotary_groups", r.rotary_groups}, {"line", r.line}});
    j["rotary_ports"] = rp;
    j["maxstartups"] = opt(s.maxstartups);
    j["source_interface"] = opt(s.source_interface);
    j["config_lines"] = s.config_lines;
    auto allow = ordered_json::array();
    for (const auto& a : s.allow) allow.push_back(to_json(a));
    j["allow"] = allow;
    j["session_timeout"] = opt(s.session_timeout_minutes);
    j["key_exchange_groups"] = s.key_exchange_groups;
    j["cipher_encryption"] = opt(s.cipher_encryption);
    j["cipher_integrity"] = opt(s.cipher_integrity);
    j["stricthostkeycheck"] = opt(s.stricthostkeycheck);
    return j;
}

ordered_json to_json(const ObjectMember& m) {
    static const char* kinds[] = {"address",   "port",  "service",     "protocol",
                                  "icmp_type", "group", "description", "identity"};
    ordered_json j;
    j["kind"] = kinds[static_cast<int>(m.kind)];
    if (m.address) j["address"] = to_json(*m.address);
    if (!m.protocol.empty()) j["protocol"] = m.protocol;
    if (m.source_ports) j["source_ports"] = to_json(*m.source_ports);
    if (m.destination_ports) j["destination_ports"] = to_json(*m.destination_ports);
    if (!m.name.empty()) j["name"] = m.name;
    j["line"] = m.line;
    return j;
}

ordered_json to_json(const ObjectGroup& g) {
    ordered_json j;
    j["name"] = g.name;
    j["type"] = g.type;
    j["object"] = g.is_object;
    j["protocol"] = str_or_null(g.protocol);
    auto members = ordered_json::array();
    for (const auto& m : g.members) members.push_back(to_json(m));
    j["members"] = members;
    j["line"] = g.line;
    return j;
}

ordered_json to_json(const Interface& i) {
    auto addrs = [](const std::vector<InterfaceAddress>& v) {
        auto a = ordered_json::array();
        for (const auto& x : v) {
            ordered_json o;
            o["address"] = x.address;
            if (!x.mask.empty()) o["mask"] = x.mask;
            if (x.prefix_length >= 0) o["prefix_length"] = x.prefix_length;
            if (x.secondary) o["secondary"] = true;
            if (!x.standby.empty()) o["standby"] = x.standby;
            if (!x.kind.empty()) o["kind"] = x.kind;
            a.push_back(o);
        }
        return a;
    };
    ordered_json j;
    j["name"] = i.name;
    j["description"] = str_or_null(i.description);
    j["ipv4"] = addrs(i.ipv4);
    j["ipv6"] = addrs(i.ipv6);
    j["vrf"] = opt(i.vrf);
    j["access_group_in"] = opt(i.access_group_in);
    j["access_group_out"] = opt(i.access_group_out);
    j["ipv6_filter_in"] = opt(i.ipv6_filter_in);
    j["ipv6_filter_out"] = opt(i.ipv6_filter_out);
    j["shutdown"] = opt(i.shutdown);
    j["ip_unreachables"] = opt(i.ip_unreachables);
    j["management_only"] = opt(i.management_only);
    j["nameif"] = opt(i.nameif);
    j["security_level"] = opt(i.security_level);
    j["status"] = str_or_null(i.status);
    j["line"] = i.line;
    return j;
}

// ---- Linux jump hosts --------------------------------------------------------------------------

ordered_json to_json(const std::optional<NotCollected>& n) {
    return n ? ordered_json{{"reason", n->reason}, {"line", n->line}} : ordered_json(nullptr);
}

ordered_json to_json(const ValueLine& v) {
    return ordered_json{{"value", v.value}, {"line", v.line}};
}

ordered_json values(const std::vector<ValueLine>& v) {
    auto a = ordered_json::array();
    for (const auto& x : v) a.push_back(to_json(x));
    return a;
}

ordered_json to_json(const ServiceStatus& s) {
    auto units = ordered_json::array();
    for (const auto& u : s.units)
        units.push_back(ordered_json{{"unit", u.unit},
                                     {"state", str_or_null(u.state)},
                                     {"sub_state", str_or_null(u.sub_state)},
                                     {"loaded", opt(u.loaded)},
                                     {"enabled", opt(u.enabled)},
                                     {"line", u.line}});
    return ordered_json{
        {"manager", str_or_null(s.manager)}, {"units", units}, {"not_collected", to_json(s.not_collected)}};
}

ordered_json to_json(const SshdConfig& c) {
    auto listen = ordered_json::array();
    for (const auto& l : c.listen)
        listen.push_back(ordered_json{
            {"address", l.address}, {"port", l.port}, {"rdomain", str_or_null(l.rdomain)}, {"line", l.line}});
    auto one = [](const std::optional<ValueLine>& v) { return v ? to_json(*v) : ordered_json(nullptr); };
    ordered_json j;
    j["ports"] = values(c.ports);
    j["listen"] = listen;
    j["allow_users"] = values(c.allow_users);
    j["allow_groups"] = values(c.allow_groups);
    j["deny_users"] = values(c.deny_users);
    j["deny_groups"] = values(c.deny_groups);
    j["allow_tcp_forwarding"] = one(c.allow_tcp_forwarding);
    j["disable_forwarding"] = one(c.disable_forwarding);
    j["permit_open"] = one(c.permit_open);
    j["permit_root_login"] = one(c.permit_root_login);
    j["password_authentication"] = one(c.password_authentication);
    j["pubkey_authentication"] = one(c.pubkey_authentication);
    j["not_collected"] = to_json(c.not_collected);
    return j;
}

ordered_json to_json(const Listeners& l) {
    auto sockets = ordered_json::array();
    for (const auto& s : l.sockets)
        sockets.push_back(ordered_json{{"address", s.address},
                                       {"scope", str_or_null(s.scope)},
                                       {"port", s.port},
                                       {"processes", s.processes},
                                       {"line", s.line}});
    return ordered_json{{"sockets", sockets}, {"not_collected", to_json(l.not_collected)}};
}

ordered_json to_json(const std::optional<FirewallMatch>& m) {
    return m ? ordered_json{{"values", m->values}, {"negated", m->negated}} : ordered_json(nullptr);
}

ordered_json to_json(const FirewallRule& r) {
    ordered_json j;
    if (r.unparsed) {
        j["unparsed"] = true;
        j["error"] = r.error;
        j["text"] = r.text;
        j["line"] = r.line;
        return j;
    }
    j["family"] = str_or_null(r.family);
    j["sources"] = to_json(r.sources);
    j["destinations"] = to_json(r.destinations);
    j["protocols"] = to_json(r.protocols);
    j["source_ports"] = to_json(r.source_ports);
    j["destination_ports"] = to_json(r.destination_ports);
    j["ct_states"] = to_json(r.ct_states);
    j["ct_status"] = to_json(r.ct_status);
    j["in_interfaces"] = to_json(r.in_interfaces);
    j["destination_types"] = to_json(r.destination_types);
    j["other"] = r.other;
    j["verdict"] = str_or_null(r.verdict);
    j["target"] = str_or_null(r.target);
    j["line"] = r.line;
    return j;
}

ordered_json to_json(const Firewall& f) {
    auto chains = ordered_json::array();
    for (const auto& c : f.chains) {
        auto rules = ordered_json::array();
        for (const auto& r : c.rules) rules.push_back(to_json(r));
        chains.push_back(ordered_json{{"family", c.family},
                                      {"table", c.table},
                                      {"name", c.name},
                                      {"type", str_or_null(c.type)},
                                      {"hook", str_or_null(c.hook)},
                                      {"priority", str_or_null(c.priority)},
                                      {"policy", str_or_null(c.policy)},
                                      {"rules", rules},
                                      {"line", c.line}});
    }
    return ordered_json{{"installed", f.installed},
                        {"chains", chains},
                        {"warnings", values(f.warnings)},
                        {"not_collected", to_json(f.not_collected)}};
}

ordered_json to_json(const HostsAccess& h) {
    auto rules = ordered_json::array();
    for (const auto& r : h.rules)
        rules.push_back(
            ordered_json{{"daemons", r.daemons}, {"clients", r.clients}, {"options", r.options}, {"line", r.line}});
    return ordered_json{{"exists", h.exists}, {"rules", rules}, {"not_collected", to_json(h.not_collected)}};
}

ordered_json to_json(const Identity& i) {
    return ordered_json{{"user", str_or_null(i.user)},
                        {"uid", opt(i.uid)},
                        {"group", str_or_null(i.group)},
                        {"gid", opt(i.gid)},
                        {"groups", i.groups},
                        {"line", i.line},
                        {"not_collected", to_json(i.not_collected)}};
}

template <class T>
ordered_json part(const std::optional<T>& v) {
    return v ? to_json(*v) : ordered_json(nullptr);
}

}  // namespace

ordered_json to_json(const Ace& e) {
    static const char* actions[] = {"permit", "deny", "remark", nullptr};
    ordered_json j;
    j["sequence"] = opt(e.sequence);
    j["action"] =
        actions[static_cast<int>(e.action)] ? ordered_json(actions[static_cast<int>(e.action)]) : ordered_json(nullptr);
    if (e.action == Ace::Action::remark) {
        j["remark"] = e.remark();
    } else if (e.action != Ace::Action::unparsed) {
        if (!e.protocol_object_group().empty())
            j["protocol"] = ordered_json{{"object_group", e.protocol_object_group()}};
        else if (!e.protocol_object().empty())
            j["protocol"] = ordered_json{{"object", e.protocol_object()}};
        else
            j["protocol"] = str_or_null(e.protocol);
        j["source"] = opt_obj(e.source);
        j["destination"] = opt_obj(e.destination);
        j["source_ports"] = opt_obj(e.source_ports);
        j["destination_ports"] = opt_obj(e.destination_ports);
        j["flags"] = e.flags();
        j["established"] = e.established;
        j["icmp_type"] = str_or_null(e.icmp_type);
        j["options"] = e.options();
        j["log"] = str_or_null(e.log);
        j["time_range"] = str_or_null(e.time_range);
        j["user"] = str_or_null(e.user());
    }
    j["state"] = str_or_null(e.state);
    j["matches"] = opt(e.matches);
    if (!e.hash.empty()) j["hash"] = e.hash;
    if (e.action == Ace::Action::unparsed) {
        j["unparsed"] = true;
        j["text"] = e.text;
        j["error"] = e.error();
    }
    if (!e.expanded.empty()) {
        auto ex = ordered_json::array();
        for (const auto& c : e.expanded) ex.push_back(to_json(c));
        j["expanded"] = ex;
    } else {
        j["expanded"] = ordered_json::array();
    }
    j["line"] = e.line;
    return j;
}

ordered_json to_json(const Acl& a) {
    ordered_json j;
    j["name"] = a.name;
    j["type"] = a.type;
    j["family"] = a.family == AddressFamily::ipv4 ? "ipv4" : "ipv6";
    j["numbered"] = a.numbered;
    j["origin"] = str_or_null(a.origin);
    j["elements"] = opt(a.elements);
    j["name_hash"] = str_or_null(a.name_hash);
    auto entries = ordered_json::array();
    for (const auto& e : a.entries) entries.push_back(to_json(e));
    j["entries"] = entries;
    j["line"] = a.line;
    return j;
}

ordered_json to_json(const Diagnostic& d) {
    return ordered_json{{"line", d.line}, {"text", d.text}, {"message", d.message}};
}

std::string dump(const ordered_json& j, int indent) {
    return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

ordered_json parse_result(const parsers::ParseResult& r, std::string_view command, std::uint32_t sections) {
    using namespace parsers;
    const Device& d = r.device;
    ordered_json j;
    j["platform"] = d.platform;
    j["command"] = std::string(command);
    auto diags = ordered_json::array();
    for (const auto& x : r.diagnostics) diags.push_back(to_json(x));
    j["diagnostics"] = diags;
    if (sections & kHostname) j["hostname"] = opt(d.hostname);
    if (sections & kDomain) j["domain"] = opt(d.domain);
    if (sections & kVersion) {
        if (d.version) {
            const auto& v = *d.version;
            j["version"] = ordered_json{{"software", str_or_null(v.software)},
                                        {"release", str_or_null(v.release)},
                                        {"image", str_or_null(v.image)},
                                        {"model", str_or_null(v.model)},
                                        {"uptime", str_or_null(v.uptime)},
                                        {"serial", str_or_null(v.serial)},
                                        {"crypto", opt(v.crypto)}};
        } else {
            j["version"] = nullptr;
        }
    }
    if (sections & kPrivilege) j["privilege"] = opt(d.privilege);
    if (sections & kSsh) j["ssh"] = to_json(d.ssh);
    if (sections & kKeys) {
        auto a = ordered_json::array();
        for (const auto& k : d.keys) a.push_back(to_json(k));
        j["keys"] = a;
    }
    if (sections & kLines) {
        auto a = ordered_json::array();
        for (const auto& l : d.lines) a.push_back(to_json(l));
        j["lines"] = a;
    }
    if (sections & kAcls) {
        auto a = ordered_json::array();
        for (const auto& x : d.acls) a.push_back(to_json(x));
        j["acls"] = a;
    }
    if (sections & kObjectGroups) {
        auto a = ordered_json::array();
        for (const auto& x : d.object_groups) a.push_back(to_json(x));
        j["object_groups"] = a;
    }
    if (sections & kUsers) {
        auto a = ordered_json::array();
        for (const auto& u : d.users)
            a.push_back(ordered_json{{"name", u.name},
                                     {"privilege", opt(u.privilege)},
                                     {"secret_kind", str_or_null(u.secret_kind)},
                                     {"line", u.line}});
        j["users"] = a;
    }
    if (sections & kAaa) {
        auto a = ordered_json::array();
        for (const auto& s : d.aaa.statements)
            a.push_back(ordered_json{
                {"kind", s.kind}, {"service", s.service}, {"list", s.list}, {"methods", s.methods}, {"line", s.line}});
        j["aaa"] = ordered_json{{"new_model", opt(d.aaa.new_model)}, {"statements", a}};
    }
    if (sections & kInterfaces) {
        auto a = ordered_json::array();
        for (const auto& i : d.interfaces) a.push_back(to_json(i));
        j["interfaces"] = a;
    }
    if (sections & kAccessGroups) {
        auto a = ordered_json::array();
        for (const auto& g : d.access_groups)
            a.push_back(ordered_json{{"acl", g.acl},
                                     {"direction", g.direction},
                                     {"interface", str_or_null(g.interface)},
                                     {"control_plane", g.control_plane},
                                     {"line", g.line}});
        j["access_groups"] = a;
    }
    if (sections & kTelnet) {
        auto a = ordered_json::array();
        for (const auto& t : d.telnet) a.push_back(to_json(t));
        j["telnet"] = a;
    }
    if (sections & kManagementPlane) {
        if (d.management_plane) {
            auto a = ordered_json::array();
            for (const auto& m : *d.management_plane)
                a.push_back(ordered_json{{"interface", m.interface}, {"protocols", m.protocols}, {"line", m.line}});
            j["management_plane"] = a;
        } else {
            j["management_plane"] = nullptr;
        }
    }
    if (sections & kLoginBlock) {
        if (d.login_block) {
            const auto& b = *d.login_block;
            j["login_block"] = ordered_json{{"block_seconds", b.block_seconds},
                                            {"attempts", b.attempts},
                                            {"within_seconds", b.within_seconds},
                                            {"quiet_mode_access_class", opt(b.quiet_mode_access_class)},
                                            {"line", b.line}};
        } else {
            j["login_block"] = nullptr;
        }
    }
    if (sections & kArchive) j["archive"] = opt(d.archive);
    if (sections & kSessions) {
        auto a = ordered_json::array();
        for (const auto& s : d.sessions)
            a.push_back(ordered_json{{"line", s.line},
                                     {"user", str_or_null(s.user)},
                                     {"host", str_or_null(s.host)},
                                     {"idle", str_or_null(s.idle)},
                                     {"location", str_or_null(s.location)},
                                     {"current", s.current}});
        j["sessions"] = a;
    }
    if (sections & kLineStatus) {
        auto a = ordered_json::array();
        for (const auto& s : d.line_status)
            a.push_back(ordered_json{{"type", s.type},
                                     {"number", s.number},
                                     {"relative", opt(s.relative)},
                                     {"active", s.active},
                                     {"access_class_in", opt(s.access_class_in)},
                                     {"access_class_out", opt(s.access_class_out)},
                                     {"rotary", opt(s.rotary)},
                                     {"allowed_input", s.allowed_input},
                                     {"allowed_output", s.allowed_output},
                                     {"preferred", opt(s.preferred)},
                                     {"line", s.line}});
        j["line_status"] = a;
    }
    if (sections & kRoute) {
        if (d.route) {
            const auto& r2 = *d.route;
            auto hops = ordered_json::array();
            for (const auto& h : r2.hops)
                hops.push_back(
                    ordered_json{{"next_hop", str_or_null(h.next_hop)}, {"interface", str_or_null(h.interface)}});
            j["route"] = ordered_json{{"query", str_or_null(r2.query)},       {"found", r2.found},
                                      {"prefix", str_or_null(r2.prefix)},     {"vrf", str_or_null(r2.vrf)},
                                      {"protocol", str_or_null(r2.protocol)}, {"hops", hops}};
        } else {
            j["route"] = nullptr;
        }
    }
    if (sections & kService) j["service"] = part(d.service);
    if (sections & kSshd) j["sshd"] = part(d.sshd);
    if (sections & kListeners) j["listeners"] = part(d.listeners);
    if (sections & kIptables) j["iptables"] = part(d.iptables);
    if (sections & kNftables) j["nftables"] = part(d.nftables);
    if (sections & kHostsAllow) j["hosts_allow"] = part(d.hosts_allow);
    if (sections & kHostsDeny) j["hosts_deny"] = part(d.hosts_deny);
    if (sections & kIdentity) j["identity"] = part(d.identity);
    return j;
}

}  // namespace vtyguard::json
