// IOS / IOS-XE configuration (`show running-config`, its `| section line vty` and `partition
// access-list` excerpts, and configuration backups) -> the parts of Device that bear on SSH
// access: hostname, domain, version, `ip ssh`, vty/con/aux lines, ACLs and object-groups,
// usernames, AAA, interfaces, `control-plane host` (MPP), `login block-for`, `archive`.
//
// Policy (which lines are read, which are ignored, which are reported):
//  - The text is cut into top-level blocks by split_config(): `!` comments, blank lines, prompts
//    with their command echo and banner text (`banner ... ^C ... ^C`, `vacant-message`) never
//    reach a grammar.
//  - Every block goes first to cisco_ios::handle_config_block() (ACLs, object-groups).
//  - Blocks whose first words are ours are parsed: `hostname`, `ip domain-name`, `ip domain name`,
//    `version`, `ip ssh`, `no ip ssh`, `username`, `aaa`, `no aaa`, `line`, `interface`,
//    `control-plane host`, `login`, `archive`. A line of ours that does not parse is a
//    diagnostic, and so is an indented line under a statement of ours that has no block.
//  - Every other top-level block (router, snmp-server, ntp, service, class-map, crypto, banner,
//    the `Building configuration...`, `Current configuration : N bytes`, `Configuration of
//    Partition - access-list` and `end` lines, ...) is ignored on purpose, children included:
//    it does not bear on SSH access. Only a top-level `%` line (a CLI error such as `% Invalid
//    input detected`) is reported: it means the capture is not configuration.
//  - Indented lines before any top-level line (an excerpt that starts inside a block) are
//    reported: their block is unknown.
//  - `version 16.x`/`17.x` is IOS-XE (classic IOS stopped at 15.x); `version 12.x`/`15.x` leaves
//    the software empty because IOS-XE 3.x also prints `version 15.x`.
//  - `line 2 3` (absolute numbers, as IOS prints TTY lines) keeps an empty type: the kind of line
//    depends on the hardware. `line console 0` is stored as type `con`.
//  - `login quiet-mode access-class X` without `login block-for` is kept in a LoginBlock whose
//    numbers are 0 (block_seconds == 0 means no `block-for`).
//  - Device::archive is true when an `archive` block exists; its absence leaves it unset.
//    Device::management_plane is set (possibly empty) when `control-plane host` exists.
#include "parsers/cisco_ios/show_running-config/parser.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "parsers/cisco_ios/acl/acl.hpp"
#include "parsers/cisco_ios/show_running-config/grammar_global.hpp"
#include "parsers/cisco_ios/show_running-config/grammar_interface.hpp"
#include "parsers/cisco_ios/show_running-config/grammar_line.hpp"
#include "parsers/cisco_ios/show_running-config/grammar_ssh.hpp"
#include "parsers/common/config_blocks.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

namespace {

// Line-block statements that are understood and deliberately not modelled: they do not change
// who may log in over SSH, how, or for how long.
bool is_unmodelled_line_statement(std::string_view t) {
    return starts_with_any(t, {{"logging", "synchronous"},
                               {"no", "logging", "synchronous"},
                               {"length"},
                               {"width"},
                               {"stopbits"},
                               {"speed"},
                               {"rxspeed"},
                               {"txspeed"},
                               {"flowcontrol"},
                               {"history"},
                               {"no", "history"},
                               {"escape-character"},
                               {"session-timeout"},
                               {"absolute-timeout"},
                               {"logout-warning"},
                               {"location"},
                               {"modem"},
                               {"no", "modem"},
                               {"autoselect"},
                               {"no", "autoselect"},
                               {"autocommand"},
                               {"autocommand-options"},
                               {"autohangup"},
                               {"exec-character-bits"},
                               {"special-character-bits"},
                               {"data-character-bits"},
                               {"media-type"},
                               {"terminal-type"},
                               {"accounting"},
                               {"authorization", "commands"},
                               {"authorization", "reverse-access"},
                               {"motd-banner"},
                               {"no", "motd-banner"},
                               {"exec-banner"},
                               {"no", "exec-banner"},
                               {"databits"},
                               {"parity"},
                               {"exec", "prompt"},
                               {"timeout", "login"},
                               {"session-limit"},
                               {"session-disconnect-warning"},
                               {"notify"},
                               {"activation-character"},
                               {"no", "activation-character"},
                               {"script"},
                               {"international"},
                               {"full-help"},
                               {"editing"},
                               {"no", "editing"},
                               {"padding"},
                               {"disconnect-character"},
                               {"hold-character"},
                               {"start-character"},
                               {"stop-character"},
                               {"dispatch-character"},
                               {"dispatch-timeout"},
                               {"insecure"},
                               {"lockable"},
                               {"refuse-message"},
                               {"domain-lookup"},
                               {"no", "domain-lookup"},
                               {"monitor"},
                               {"no", "password"},
                               {"no", "flush-at-activation"},
                               {"ip", "netmask-format"},
                               {"cli", "whitelist"},
                               {"no", "cli"}});
}

// Interface statements we model: a child that starts like one of them and does not parse is
// reported; any other child is ignored on purpose (it does not bear on SSH access).
bool is_interface_keyword(std::string_view t) {
    // Every form below starts with one of these words; most lines of a block (switchport, speed,
    // spanning-tree, ...) are told apart by it without trying each form.
    std::size_t i = 0;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ' && t[j] != '\t') ++j;
    const std::string_view first = t.substr(i, j - i);
    if (first != "description" && first != "no" && first != "ip" && first != "ipv6" && first != "vrf" &&
        first != "shutdown")
        return false;
    return starts_with_any(t, {{"description"},
                               {"no", "description"},
                               {"ip", "address"},
                               {"no", "ip", "address"},
                               {"ipv6", "address"},
                               {"ipv6", "enable"},
                               {"vrf", "forwarding"},
                               {"ip", "vrf", "forwarding"},
                               {"ip", "access-group"},
                               {"ipv6", "traffic-filter"},
                               {"shutdown"},
                               {"no", "shutdown"},
                               {"ip", "unreachables"},
                               {"no", "ip", "unreachables"}});
}

model::AccessClass access_class(const ast::LineAccessClass& a, std::size_t line) {
    model::AccessClass c;
    c.acl = a.acl;
    c.vrf_also = a.vrf_also;
    c.line = line;
    return c;
}

void parse_line_block(const ConfigBlock& b, ParseResult& out) {
    ast::LineHead h;
    if (!parse_line_head(b.head.text, h)) {
        diagnose(out, b.head.line,
                 "`line` block head not understood (expected `line vty|con|aux|tty A [B]` or `line A B`)");
        diagnose_children(out, b, "inside a `line` block whose head was not understood");
        return;
    }
    model::LineBlock lb;
    lb.type = h.type;
    lb.first = h.first;
    lb.last = h.last.value_or(h.first);
    lb.line = b.head.line.number;
    for (const auto& c : b.children) {
        ast::LineChild s;
        if (!parse_line_child(c.text, s)) {
            if (!is_unmodelled_line_statement(c.text))
                diagnose(out, c.line, "not a `line` block statement vtyguard knows");
            continue;
        }
        const auto n = c.line.number;
        using K = ast::LineKind;
        switch (s.kind) {
            case K::transport_input:
                lb.transport_input = s.words;
                break;
            case K::transport_output:
                lb.transport_output = s.words;
                break;
            case K::transport_preferred:
                lb.transport_preferred = s.word;
                break;
            case K::access_class:
                (s.access_class.direction == "in" ? lb.access_class_in : lb.access_class_out) =
                    access_class(s.access_class, n);
                break;
            case K::ipv6_access_class:
                (s.access_class.direction == "in" ? lb.ipv6_access_class_in : lb.ipv6_access_class_out) =
                    access_class(s.access_class, n);
                break;
            case K::exec_timeout:
                lb.exec_timeout_minutes = s.exec_timeout.minutes;
                lb.exec_timeout_seconds = s.exec_timeout.seconds;
                break;
            case K::login:
                lb.login = "line";
                lb.login_authentication.reset();
                break;
            case K::login_local:
                lb.login = "local";
                lb.login_authentication.reset();
                break;
            case K::login_authentication:
                lb.login = "authentication";
                lb.login_authentication = s.word;
                break;
            case K::no_login:
                lb.login = "none";
                lb.login_authentication.reset();
                break;
            case K::password:
                lb.password_set = true;
                break;
            case K::rotary:
                lb.rotary = s.number;
                break;
            case K::privilege_level:
                lb.privilege_level = s.number;
                break;
            case K::exec:
                lb.exec = true;
                break;
            case K::no_exec:
                lb.exec = false;
                break;
            case K::authorization_exec:
                lb.authorization_exec = s.word;
                break;
            case K::vacant_message:
                lb.has_vacant_message = true;
                break;
            case K::no_vacant_message:
                lb.has_vacant_message = false;
                break;
            case K::none:
                break;
        }
    }
    out.device.lines.push_back(std::move(lb));
}

void parse_interface_block(const ConfigBlock& b, ParseResult& out) {
    model::Interface itf;
    if (!parse_interface_head(b.head.text, itf.name)) {
        diagnose(out, b.head.line, "`interface` head without a name");
        diagnose_children(out, b, "inside an `interface` block whose head was not understood");
        return;
    }
    itf.line = b.head.line.number;
    // Direct children have the smallest indentation; deeper lines belong to a sub-block opened by
    // a child we ignore (`service instance`, `pvc`, `vrrp ... address-family`) and are ignored
    // with it (a `shutdown` there is not the interface's).
    std::size_t direct = SIZE_MAX;
    for (const auto& c : b.children) direct = std::min(direct, c.indent);
    for (const auto& c : b.children) {
        if (c.indent > direct) continue;
        ast::InterfaceChild s;
        if (!parse_interface_child(c.text, s)) {
            if (is_interface_keyword(c.text)) diagnose(out, c.line, "interface statement not understood");
            continue;
        }
        using K = ast::InterfaceKind;
        model::InterfaceAddress a;
        switch (s.kind) {
            case K::description:
                itf.description = s.word;
                break;
            case K::no_description:
                itf.description.clear();
                break;
            case K::ipv4_address:
                a.address = s.ipv4.address;
                a.mask = s.ipv4.mask;
                a.secondary = s.ipv4.secondary;
                itf.ipv4.push_back(a);
                break;
            case K::ipv4_prefix:
                a.address = s.ipv4_prefix.address;
                a.prefix_length = s.ipv4_prefix.prefix_length;
                a.secondary = s.ipv4_prefix.secondary;
                itf.ipv4.push_back(a);
                break;
            case K::ipv4_dhcp:
                a.kind = "dhcp";
                itf.ipv4.push_back(a);
                break;
            case K::ipv4_negotiated:
                a.kind = "negotiated";
                itf.ipv4.push_back(a);
                break;
            case K::no_ipv4_address:
                break;  // stated: no IPv4 address
            case K::ipv6_address:
                a.address = s.ipv6.address;
                a.prefix_length = s.ipv6.prefix_length;
                a.kind = s.ipv6.kind;
                itf.ipv6.push_back(a);
                break;
            case K::ipv6_autoconfig:
                a.kind = "autoconfig";
                itf.ipv6.push_back(a);
                break;
            case K::ipv6_dhcp:
                a.kind = "dhcp";
                itf.ipv6.push_back(a);
                break;
            case K::ipv6_enable:
                break;  // link-local only; a link-local address is derived, not stated
            case K::vrf:
                itf.vrf = s.word;
                break;
            case K::access_group:
                (s.filter.direction == "in" ? itf.access_group_in : itf.access_group_out) = s.filter.name;
                break;
            case K::traffic_filter:
                (s.filter.direction == "in" ? itf.ipv6_filter_in : itf.ipv6_filter_out) = s.filter.name;
                break;
            case K::shutdown:
                itf.shutdown = true;
                break;
            case K::no_shutdown:
                itf.shutdown = false;
                break;
            case K::unreachables:
                itf.ip_unreachables = true;
                break;
            case K::no_unreachables:
                itf.ip_unreachables = false;
                break;
            case K::none:
                break;
        }
    }
    out.device.interfaces.push_back(std::move(itf));
}

void parse_ip_ssh_block(const ConfigBlock& b, ParseResult& out) {
    auto& ssh = out.device.ssh;
    ast::IpSsh s;
    if (!parse_ip_ssh(b.head.text, s)) {
        diagnose(out, b.head.line, "`ip ssh` statement not understood");
        no_children(out, b);
        return;
    }
    ssh.config_lines.emplace_back(b.head.text);
    using K = ast::SshKind;
    switch (s.kind) {
        case K::version:
            ssh.version = s.word;
            break;
        case K::timeout:
            ssh.timeout_seconds = s.number;
            break;
        case K::retries:
            ssh.retries = s.number;
            break;
        case K::port_rotary:
            ssh.rotary_ports.push_back({s.port_rotary.port, s.port_rotary.groups, b.head.line.number});
            break;
        case K::keypair_name:
            ssh.keypair_name = s.word;
            break;
        case K::maxstartups:
            ssh.maxstartups = s.number;
            break;
        case K::source_interface:
            ssh.source_interface = s.word;
            break;
        case K::dh_min_size:
            ssh.dh_min_size = s.number;
            break;
        case K::server_algorithm: {
            const auto& t = s.algorithm.type;
            auto& list = t == "encryption"  ? ssh.algorithms.encryption
                         : t == "mac"       ? ssh.algorithms.mac
                         : t == "kex"       ? ssh.algorithms.kex
                         : t == "hostkey"   ? ssh.algorithms.hostkey
                         : t == "publickey" ? ssh.algorithms.publickey
                                            : ssh.authentication_methods;
            list = s.algorithm.names;
            break;
        }
        case K::pubkey_chain:
            return;  // its children (`username X`, `key-hash ...`, `quit`) are user keys: not modelled
        case K::unmodelled:
            // `ip ssh server certificate profile` opens a block of trustpoints: not modelled
            if (starts_with_words(b.head.text, {"ip", "ssh", "server", "certificate"})) return;
            break;
        case K::logging_events:
        case K::server_authenticate:
        case K::client:
        case K::negated:
        case K::none:
            break;
    }
    no_children(out, b);
}

void parse_username_block(const ConfigBlock& b, ParseResult& out) {
    ast::Username u;
    if (!parse_username(b.head.text, u)) {
        diagnose(out, b.head.line, "`username` statement not understood");
        no_children(out, b);
        return;
    }
    // One user may be spread over several lines (`username X privilege 15`, `username X secret ...`).
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

model::AaaStatement aaa_statement(const char* kind, ast::AaaStatement&& s, std::size_t line) {
    model::AaaStatement m;
    m.kind = kind;
    m.service = std::move(s.service);
    m.list = std::move(s.list);
    m.methods = std::move(s.methods);
    m.line = line;
    return m;
}

// `aaa ...`. Understood and deliberately ignored (they do not decide how a vty login is
// authenticated): `aaa session-id`, `aaa group server ...` and `aaa server radius
// dynamic-author` blocks (server lists: the method lists name them), `aaa common-criteria`,
// `aaa attribute list`, `aaa local authentication attempts`, `aaa password restriction`,
// `aaa cache`, `aaa dnis`, `aaa nas`, `aaa pod`, `aaa policy`, `aaa route`, `aaa
// service-profile`, `aaa user`, `aaa configuration`, `aaa max-sessions`, `aaa memory`,
// `aaa traceback`, `aaa wait-start`, `aaa intercept`, `aaa profile`, `aaa login`, `aaa
// authentication password-prompt|username-prompt|banner|fail-message|attempts|suppress|token|
// rejected`, `aaa authentication login privilege-mode`, `aaa authorization console|
// config-commands`, `aaa accounting update|send|delay-start|suppress|nested|jitter|
// session-duration|redundancy|resource|gigawords|system guarantee-first`.
void parse_aaa_block(const ConfigBlock& b, ParseResult& out) {
    const auto t = b.head.text;
    const auto n = b.head.line.number;
    auto& aaa = out.device.aaa;
    if (t == "aaa new-model") {
        aaa.new_model = true;
        no_children(out, b);
        return;
    }
    if (starts_with_any(t, {{"aaa", "session-id"},
                            {"aaa", "group", "server"},
                            {"aaa", "server"},
                            {"aaa", "common-criteria"},
                            {"aaa", "attribute"},
                            {"aaa", "local"},
                            {"aaa", "password"},
                            {"aaa", "cache"},
                            {"aaa", "dnis"},
                            {"aaa", "nas"},
                            {"aaa", "pod"},
                            {"aaa", "policy"},
                            {"aaa", "route"},
                            {"aaa", "service-profile"},
                            {"aaa", "user"},
                            {"aaa", "configuration"},
                            {"aaa", "max-sessions"},
                            {"aaa", "memory"},
                            {"aaa", "traceback"},
                            {"aaa", "wait-start"},
                            {"aaa", "intercept"},
                            {"aaa", "profile"},
                            {"aaa", "login"},
                            {"aaa", "authentication", "password-prompt"},
                            {"aaa", "authentication", "username-prompt"},
                            {"aaa", "authentication", "banner"},
                            {"aaa", "authentication", "fail-message"},
                            {"aaa", "authentication", "attempts"},
                            {"aaa", "authentication", "suppress"},
                            {"aaa", "authentication", "token"},
                            {"aaa", "authentication", "rejected"},
                            {"aaa", "authorization", "console"},
                            {"aaa", "authorization", "config-commands"},
                            {"aaa", "accounting", "update"},
                            {"aaa", "accounting", "send"},
                            {"aaa", "accounting", "delay-start"},
                            {"aaa", "accounting", "suppress"},
                            {"aaa", "accounting", "nested"},
                            {"aaa", "accounting", "jitter"},
                            {"aaa", "accounting", "session-duration"},
                            {"aaa", "accounting", "redundancy"},
                            {"aaa", "accounting", "resource"},
                            {"aaa", "accounting", "gigawords"},
                            {"aaa", "accounting", "system", "guarantee-first"}}) ||
        t == "aaa authentication login privilege-mode") {
        return;  // children (server lists, clients) are part of the ignored statement
    }
    ast::AaaStatement s;
    if (starts_with_words(t, {"aaa", "authentication"})) {
        if (parse_aaa_authentication(t, s)) {
            aaa.statements.push_back(aaa_statement("authentication", std::move(s), n));
            no_children(out, b);
            return;
        }
    } else if (starts_with_words(t, {"aaa", "authorization"})) {
        if (parse_aaa_authorization(t, s)) {
            aaa.statements.push_back(aaa_statement("authorization", std::move(s), n));
            no_children(out, b);
            return;
        }
    } else if (starts_with_words(t, {"aaa", "accounting"})) {
        if (parse_aaa_accounting(t, s)) {
            auto m = aaa_statement("accounting", std::move(s), n);
            // Block form (`aaa accounting exec default` / ` action-type start-stop` / ` group X`):
            // the children are its record type and methods, folded into the statement.
            for (const auto& c : b.children) {
                std::string method;
                if (parse_aaa_accounting_child(c.text, method))
                    m.methods.push_back(std::move(method));
                else
                    diagnose(out, c.line, "not an `aaa accounting` method");
            }
            aaa.statements.push_back(std::move(m));
            return;
        }
    }
    diagnose(out, b.head.line, "`aaa` statement not understood");
    no_children(out, b);
}

void parse_login_statement(const ConfigBlock& b, ParseResult& out) {
    const auto t = b.head.text;
    auto& lb = out.device.login_block;
    ast::BlockFor bf;
    std::string acl;
    if (parse_login_block_for(t, bf)) {
        if (!lb) lb.emplace();
        lb->block_seconds = bf.block_seconds;
        lb->attempts = bf.attempts;
        lb->within_seconds = bf.within_seconds;
        lb->line = b.head.line.number;
    } else if (parse_login_quiet_mode(t, acl)) {
        if (!lb) {
            lb.emplace();  // no `block-for` (yet): numbers stay 0
            lb->line = b.head.line.number;
        }
        lb->quiet_mode_access_class = acl;
    } else if (!parse_login_unmodelled(t)) {
        diagnose(out, b.head.line, "`login` statement not understood");
    }
    no_children(out, b);
}

void parse_control_plane_host(const ConfigBlock& b, ParseResult& out) {
    auto& mp = out.device.management_plane;
    if (!mp) mp.emplace();
    for (const auto& c : b.children) {
        // Other statements of the submode (`tcp-udp open-port-policy`, `service-policy`) are not
        // modelled.
        if (!starts_with_words(c.text, {"management-interface"})) continue;
        ast::ManagementInterface m;
        if (!parse_management_interface(c.text, m)) {
            diagnose(out, c.line, "`management-interface` statement not understood");
            continue;
        }
        mp->push_back({std::move(m.interface), std::move(m.protocols), c.line.number});
    }
}

void parse_block(const ConfigBlock& b, ParseResult& out) {
    const auto t = b.head.text;
    auto& d = out.device;
    if (t.front() == '%') {
        diagnose(out, b.head.line, "CLI error message, not configuration");
        diagnose_children(out, b, "after a CLI error message");
    } else if (starts_with_words(t, {"hostname"})) {
        std::string name;
        if (parse_hostname(t, name))
            d.hostname = name;
        else
            diagnose(out, b.head.line, "`hostname` statement not understood");
        no_children(out, b);
    } else if (starts_with_words(t, {"ip", "domain-name"}) || starts_with_words(t, {"ip", "domain", "name"})) {
        ast::Domain dom;
        if (!parse_domain(t, dom))
            diagnose(out, b.head.line, "`ip domain name` statement not understood");
        else if (!dom.vrf)  // a per-VRF domain is not the one used for the key name
            d.domain = dom.name;
        no_children(out, b);
    } else if (starts_with_words(t, {"version"})) {
        std::string release;
        if (parse_version(t, release)) {
            model::Version v;
            v.release = release;
            // Classic IOS stopped at 15.x; 16.x and later are IOS-XE. IOS-XE 3.x prints 15.x too.
            if (std::atoi(release.c_str()) >= 16) v.software = "IOS-XE";
            d.version = v;
        } else {
            diagnose(out, b.head.line, "`version` statement not understood");
        }
        no_children(out, b);
    } else if (starts_with_words(t, {"ip", "ssh"}) || starts_with_words(t, {"no", "ip", "ssh"})) {
        parse_ip_ssh_block(b, out);
    } else if (starts_with_words(t, {"username"})) {
        parse_username_block(b, out);
    } else if (starts_with_words(t, {"aaa"})) {
        parse_aaa_block(b, out);
    } else if (t == "no aaa new-model") {
        d.aaa.new_model = false;
        no_children(out, b);
    } else if (starts_with_words(t, {"line"})) {
        parse_line_block(b, out);
    } else if (starts_with_words(t, {"interface"})) {
        parse_interface_block(b, out);
    } else if (t == "control-plane host") {
        parse_control_plane_host(b, out);
    } else if (starts_with_words(t, {"login"})) {
        parse_login_statement(b, out);
    } else if (t == "archive") {
        d.archive = true;  // its children (path, log config, maximum, ...) are not modelled
    }
    // Anything else: not bearing on SSH access, ignored on purpose (see the header comment).
}

}  // namespace

void parse_line_section(const ParseInput& input, ParseResult& out) {
    // `| section line vty` prints line blocks only: anything else is not what the command shows
    // (a prompt we did not recognise, another command's output) and is reported, not ignored.
    std::vector<std::string> storage;
    for (const auto& b : split_config(input.text, storage)) {
        if (!b.orphan && starts_with_words(b.head.text, {"line"})) {
            parse_line_block(b, out);
            continue;
        }
        const char* why = b.orphan
                              ? "indented line before any top-level line: the block it belongs to is unknown"
                              : "not a line block: `show running-config | section line vty` prints line blocks only";
        diagnose(out, b.head.line, why);
        diagnose_children(out, b, why);
    }
}

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    for (const auto& b : split_config(input.text, storage)) {
        if (b.orphan) {
            diagnose(out, b.head.line, "indented line before any top-level line: the block it belongs to is unknown");
            diagnose_children(out, b, "indented line before any top-level line: the block it belongs to is unknown");
            continue;
        }
        if (cisco_ios::handle_config_block(b, out)) continue;
        parse_block(b, out);
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
