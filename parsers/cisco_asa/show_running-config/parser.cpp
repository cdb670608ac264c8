// ASA configuration (`show running-config`, its `ssh` / `aaa` / `username` / `telnet` /
// `access-group` excerpts, `more system:running-config`, configuration backups) -> the parts of
// Device that bear on SSH access: version, hostname, domain, `ssh` and `telnet` allow-lists and
// settings, usernames, AAA, interfaces (nameif, security level, addresses), access-groups, and
// through the shared ASA ACL grammar the access-lists, objects and object-groups.
//
// Policy (which lines are read, which are ignored, which are reported):
//  - The text is cut into top-level blocks by split_config() with single-line banners (ASA
//    `banner motd TEXT` never opens a delimited banner): `!` comments, `:` comments (`: Saved`,
//    `: Serial Number: ...`, `: end`), blank lines and prompts never reach a grammar.
//  - Every block goes first to cisco_asa::handle_config_block() (access-list, object,
//    object-group); when it takes the block, the block is done.
//  - Blocks whose first word is ours are parsed: `ASA|FWSM|PIX Version`, `hostname`,
//    `domain-name`, `name`, `ssh`, `no ssh`, `telnet`, `aaa`, `username`, `access-group`,
//    `interface`. Such a line that does not parse is a diagnostic, and so is an indented line
//    under a statement of ours that has no block. Blocks of ours whose children are understood
//    and deliberately not read: `ssh pubkey-chain` (keys of servers the ASA connects to as a
//    client) and `username NAME attributes` (service-type, VPN and key settings).
//  - `no` followed by one of our keywords: `no ssh stricthostkeycheck` sets stricthostkeycheck
//    to false (the ASA prints it when the check is off; in a backup a later line wins);
//    `no ssh stack ciscossh` is understood and kept in ssh.config_lines only. Any other `no ssh`,
//    `no telnet`, `no aaa`, `no username`, `no access-group`, `no hostname`, `no domain-name`
//    line is reported: a running-config never prints it, and it is not applied to the model.
//  - `interface` children: nameif, security-level, ip/ipv6 address, ipv6 enable,
//    management-only, shutdown, description and their `no` forms are read; a child starting like
//    one of them that does not parse is reported; every other child (vlan, speed, duplex,
//    mac-address, switchport, channel-group, ipv6 nd, ...) is ignored on purpose.
//  - `aaa-server ...` blocks (server definitions: the `aaa` statements name their groups) are
//    ignored on purpose, children included.
//  - Every other top-level block (nat, route, logging, crypto, policy-map, class-map,
//    service-policy, failover, mtu, icmp, ntp, snmp-server, dns, http, timeout, names, banner,
//    `Cryptochecksum:`, the command echo `more system:running-config` / `show running-config
//    ...` without a prompt, ...) is ignored on purpose, children included: it does not bear on
//    SSH access. Only a top-level `%` or `ERROR:` line (a CLI error) is reported: it means the
//    capture is not configuration.
//  - Indented lines before any top-level line (an excerpt that starts inside a block) are
//    reported: their block is unknown.
//  - With `names` on, the ASA prints a `name` in place of an address (`ssh Admin-Net
//    255.255.255.0 inside`). The address is taken from the `name A NAME` line earlier in the
//    capture; when the capture has none (`show running-config ssh` alone), the entry is reported
//    and not added (its address is not stated).
//  - ssh.config_lines keeps every understood `ssh ...` / `no ssh ...` line as written, allow
//    entries included. `telnet timeout N` is understood and not modelled.
//  - Secrets are never kept: usernames keep the kind of secret (`password pbkdf2`).
#include "parsers/cisco_asa/show_running-config/parser.hpp"

#include <algorithm>
#include <initializer_list>

#include "parsers/cisco_asa/acl/acl.hpp"
#include "parsers/cisco_asa/show_running-config/grammar_global.hpp"
#include "parsers/cisco_asa/show_running-config/grammar_interface.hpp"
#include "parsers/cisco_asa/show_running-config/grammar_ssh.hpp"
#include "parsers/common/config_blocks.hpp"

namespace vtyguard::parsers::cisco_asa::show_running_config {

namespace {

std::string_view first_word(std::string_view text) {
    auto e = text.find_first_of(" \t");
    return e == std::string_view::npos ? text : text.substr(0, e);
}

struct State {
    std::vector<ast::Name> names;  // `name A NAME`, in order
};

// Allow-list entry -> Address. False (with a diagnostic) when the address is a `name` this
// capture does not define.
bool to_address(const ast::Allow& a, const State& st, const ConfigLine& line, ParseResult& out, model::Address& addr) {
    if (a.ipv6) {
        addr.address = a.address;
        if (a.prefix_length >= 0) {
            addr.kind = model::Address::Kind::prefix;
            addr.prefix_length = a.prefix_length;
        } else {
            addr.kind = model::Address::Kind::host;
        }
        return true;
    }
    addr.kind = model::Address::Kind::netmask;
    addr.mask = a.mask;
    if (!a.address_is_name) {
        addr.address = a.address;
        return true;
    }
    // The latest definition before this line wins.
    auto it = std::find_if(st.names.rbegin(), st.names.rend(), [&](const ast::Name& n) { return n.name == a.address; });
    if (it == st.names.rend()) {
        diagnose(out, line.line,
                 "`" + a.address + "` is not an address and no `name ... " + a.address +
                     "` precedes it in this capture: entry not added");
        return false;
    }
    addr.address = it->address;
    return true;
}

void parse_ssh_block(const ConfigBlock& b, const State& st, ParseResult& out) {
    ast::SshStatement s;
    if (!parse_ssh(b.head.text, s)) {
        diagnose(out, b.head.line,
                 starts_with_words(b.head.text, {"no"})
                     ? "`no ssh` statement not understood (a running-config prints only `no ssh stricthostkeycheck` "
                       "and `no ssh stack ciscossh`); not applied"
                     : "`ssh` statement not understood");
        diagnose_children(out, b, "inside an `ssh` statement that was not understood");
        return;
    }
    auto& ssh = out.device.ssh;
    using K = ast::SshKind;
    switch (s.kind) {
        case K::allow: {
            model::MgmtAllow m;
            if (!to_address(s.allow, st, b.head, out, m.source)) {
                no_children(out, b);
                return;
            }
            m.interface = s.allow.interface;
            m.line = b.head.line.number;
            ssh.allow.push_back(std::move(m));
            break;
        }
        case K::version:
            if (s.number != 1 && s.number != 2) {
                diagnose(out, b.head.line, "`ssh version` is 1 or 2");
                no_children(out, b);
                return;
            }
            ssh.version = std::to_string(s.number);
            break;
        case K::timeout:
            ssh.session_timeout_minutes = s.number;
            break;
        case K::key_exchange:
            for (auto& w : s.words) ssh.key_exchange_groups.push_back(std::move(w));
            break;
        case K::cipher_encryption:
            ssh.cipher_encryption = s.value;
            break;
        case K::cipher_integrity:
            ssh.cipher_integrity = s.value;
            break;
        case K::stricthostkeycheck:
            ssh.stricthostkeycheck = true;
            break;
        case K::no_stricthostkeycheck:
            ssh.stricthostkeycheck = false;
            break;
        case K::pubkey_chain:
        case K::unmodelled:
            break;
    }
    ssh.config_lines.emplace_back(b.head.text);
    // `ssh pubkey-chain` holds the keys of servers the ASA connects to as an SSH client.
    if (s.kind != K::pubkey_chain) no_children(out, b);
}

void parse_telnet_block(const ConfigBlock& b, const State& st, ParseResult& out) {
    ast::TelnetStatement t;
    if (!parse_telnet(b.head.text, t)) {
        diagnose(out, b.head.line, "`telnet` statement not understood");
        diagnose_children(out, b, "inside a `telnet` statement that was not understood");
        return;
    }
    if (t.kind == ast::TelnetKind::allow) {
        model::MgmtAllow m;
        if (to_address(t.allow, st, b.head, out, m.source)) {
            m.interface = t.allow.interface;
            m.line = b.head.line.number;
            out.device.telnet.push_back(std::move(m));
        }
    }
    // `telnet timeout N`: understood, not modelled.
    no_children(out, b);
}

void parse_aaa_block(const ConfigBlock& b, ParseResult& out) {
    ast::AaaStatement a;
    if (!parse_aaa(b.head.text, a)) {
        diagnose(out, b.head.line, "`aaa` statement not understood");
        diagnose_children(out, b, "inside an `aaa` statement that was not understood");
        return;
    }
    if (a.modelled) {
        model::AaaStatement m;
        m.kind = std::move(a.kind);
        m.service = std::move(a.service);
        m.list = std::move(a.list);
        m.methods = std::move(a.methods);
        m.line = b.head.line.number;
        out.device.aaa.statements.push_back(std::move(m));
    }
    no_children(out, b);
}

void parse_username_block(const ConfigBlock& b, ParseResult& out) {
    ast::Username u;
    if (!parse_username(b.head.text, u)) {
        diagnose(out, b.head.line, "`username` statement not understood");
        diagnose_children(out, b, "inside a `username` statement that was not understood");
        return;
    }
    // `username NAME attributes`: service-type, VPN and public-key settings of a user defined by
    // its own `username NAME password|nopassword` line; understood, not modelled.
    if (u.attributes) return;
    auto& users = out.device.users;
    auto it = std::find_if(users.begin(), users.end(), [&](const model::User& x) { return x.name == u.name; });
    if (it == users.end()) {
        model::User m;
        m.name = u.name;
        m.line = b.head.line.number;
        users.push_back(std::move(m));
        it = users.end() - 1;
    }
    if (u.privilege) it->privilege = u.privilege;
    if (!u.secret_kind.empty()) it->secret_kind = u.secret_kind;
    no_children(out, b);
}

void parse_access_group_block(const ConfigBlock& b, ParseResult& out) {
    ast::AccessGroup g;
    if (!parse_access_group(b.head.text, g)) {
        diagnose(out, b.head.line, "`access-group` statement not understood");
        diagnose_children(out, b, "inside an `access-group` statement that was not understood");
        return;
    }
    model::AccessGroup m;
    m.acl = std::move(g.acl);
    m.direction = std::move(g.direction);
    m.interface = std::move(g.interface);
    m.control_plane = g.control_plane;
    m.line = b.head.line.number;
    out.device.access_groups.push_back(std::move(m));
    no_children(out, b);
}

// Interface children that we read: one that starts like these and does not parse is reported.
bool is_interface_keyword(std::string_view t) {
    return starts_with_any(t, {{"nameif"},
                               {"no", "nameif"},
                               {"security-level"},
                               {"no", "security-level"},
                               {"ip", "address"},
                               {"no", "ip", "address"},
                               {"ipv6", "address"},
                               {"ipv6", "enable"},
                               {"management-only"},
                               {"no", "management-only"},
                               {"shutdown"},
                               {"no", "shutdown"},
                               {"description"},
                               {"no", "description"}});
}

void parse_interface_block(const ConfigBlock& b, ParseResult& out) {
    model::Interface itf;
    if (!parse_interface_head(b.head.text, itf.name)) {
        diagnose(out, b.head.line, "`interface` head not understood (expected `interface NAME`)");
        diagnose_children(out, b, "inside an `interface` block whose head was not understood");
        return;
    }
    itf.line = b.head.line.number;
    for (const auto& c : b.children) {
        ast::InterfaceChild s;
        if (!parse_interface_child(c.text, s)) {
            if (is_interface_keyword(c.text)) diagnose(out, c.line, "interface statement not understood");
            continue;
        }
        using K = ast::InterfaceKind;
        model::InterfaceAddress a;
        switch (s.kind) {
            case K::nameif:
                itf.nameif = s.word;
                break;
            case K::no_nameif:
                itf.nameif.reset();
                break;
            case K::security_level:
                itf.security_level = s.number;
                break;
            case K::no_security_level:
                itf.security_level.reset();
                break;
            case K::ipv4_address:
                a.address = s.address;
                a.mask = s.mask;
                a.standby = s.standby;
                itf.ipv4.push_back(std::move(a));
                break;
            case K::ipv4_dhcp:
                a.kind = "dhcp";
                itf.ipv4.push_back(std::move(a));
                break;
            case K::ipv4_pppoe:
                a.kind = "pppoe";
                itf.ipv4.push_back(std::move(a));
                break;
            case K::no_ipv4_address:
                break;  // stated: no IPv4 address
            case K::ipv6_address:
                a.address = s.address;
                a.prefix_length = s.prefix_length;
                a.standby = s.standby;
                a.kind = s.addr_kind;
                itf.ipv6.push_back(std::move(a));
                break;
            case K::ipv6_autoconfig:
                a.kind = "autoconfig";
                itf.ipv6.push_back(std::move(a));
                break;
            case K::ipv6_dhcp:
                a.kind = "dhcp";
                itf.ipv6.push_back(std::move(a));
                break;
            case K::ipv6_enable:
                break;  // link-local only; a link-local address is derived, not stated
            case K::management_only:
                itf.management_only = true;
                break;
            case K::no_management_only:
                itf.management_only = false;
                break;
            case K::shutdown:
                itf.shutdown = true;
                break;
            case K::no_shutdown:
                itf.shutdown = false;
                break;
            case K::description:
                itf.description = s.word;
                break;
            case K::no_description:
                itf.description.clear();
                break;
        }
    }
    out.device.interfaces.push_back(std::move(itf));
}

void parse_global(const ConfigBlock& b, State& st, ParseResult& out) {
    const auto& t = b.head.text;
    const auto w = first_word(t);
    if (w == "ssh" || starts_with_words(t, {"no", "ssh"})) {
        parse_ssh_block(b, st, out);
    } else if (w == "telnet") {
        parse_telnet_block(b, st, out);
    } else if (w == "aaa") {
        parse_aaa_block(b, out);
    } else if (w == "username") {
        parse_username_block(b, out);
    } else if (w == "access-group") {
        parse_access_group_block(b, out);
    } else if (w == "interface") {
        parse_interface_block(b, out);
    } else if (w == "hostname") {
        std::string name;
        if (parse_hostname(t, name))
            out.device.hostname = std::move(name);
        else
            diagnose(out, b.head.line, "`hostname` statement not understood");
        no_children(out, b);
    } else if (w == "domain-name") {
        std::string name;
        if (parse_domain(t, name))
            out.device.domain = std::move(name);
        else
            diagnose(out, b.head.line, "`domain-name` statement not understood");
        no_children(out, b);
    } else if (w == "name") {
        ast::Name n;
        if (parse_name(t, n))
            st.names.push_back(std::move(n));
        else
            diagnose(out, b.head.line, "`name` statement not understood (expected `name ADDRESS NAME`)");
        no_children(out, b);
    } else if ((w == "ASA" || w == "FWSM" || w == "PIX") && starts_with_words(t, {w, "Version"})) {
        ast::Version v;
        if (parse_version(t, v)) {
            model::Version m;
            m.software = std::move(v.software);
            m.release = std::move(v.release);
            out.device.version = std::move(m);
        } else {
            diagnose(out, b.head.line, "`Version` line not understood");
        }
        no_children(out, b);
    } else if (starts_with_any(t, {{"no", "telnet"},
                                   {"no", "aaa"},
                                   {"no", "username"},
                                   {"no", "access-group"},
                                   {"no", "hostname"},
                                   {"no", "domain-name"}})) {
        diagnose(out, b.head.line, "a running-config does not print this `no` form; not applied");
        no_children(out, b);
    } else if (!t.empty() && (t[0] == '%' || starts_with(t, "ERROR:"))) {
        diagnose(out, b.head.line, "CLI error: the capture is not configuration");
    }
    // Anything else (aaa-server, nat, route, logging, ...): ignored on purpose, see the policy.
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    State st;
    for (const auto& b : split_config(input.text, storage, Banners::single_line)) {
        if (b.orphan) {
            diagnose(out, b.head.line, "indented line before any top-level statement: its block is unknown");
            diagnose_children(out, b, "indented line before any top-level statement: its block is unknown");
            continue;
        }
        if (cisco_asa::handle_config_block(b, out)) continue;
        parse_global(b, st, out);
    }
}

}  // namespace vtyguard::parsers::cisco_asa::show_running_config
