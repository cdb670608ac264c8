// CHECKS.md section C on Linux jump hosts (LNX-001..LNX-006): what stops SSH to the host, or
// through it.
//
// Contract (on top of checks.hpp):
//  - Verdicts are read from the merged model (ctx.device), so the fix verifier sees its patch.
//  - Evidence that was not collected (no capture, or `not_collected`: sudo refused, not root, no
//    systemd) makes the checks that need it `unknown` with the reason; a line a parser did not
//    understand in a capture a check reads turns its `pass` into `unknown` (a `fail` read from
//    understood lines stands). Unreadable firewall rules are uncertain rules of the engine.
//  - Policy: `ssh_port` (the port that must be served and let in), `management_sources` (the
//    sources that must get in: LNX-004 and LNX-005 need them, LNX-003 reads them for USER@HOST
//    patterns); the login user is the one `id` reports. The host's address is the device's address
//    (meta.yaml `address`, the inventory's host), when it is one.
//  - Answers for a management prefix are exact for the whole prefix (linux_access.hpp): a partly
//    refused prefix fails naming the refused part.
//  - Fixes are shell commands run as root (sed on /etc/ssh/sshd_config and /etc/hosts.allow,
//    systemctl, iptables, nft, usermod), each of which apply_linux.cpp knows, so they are verified
//    on the model. sshd_config lines go to the top of the file: sshd takes the first value of a
//    keyword, and the top comes before any `Include` and `Match` block. The runbook reloads sshd.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "plugin/engine/checks.hpp"
#include "plugin/engine/linux_access.hpp"

namespace vtyguard::checks {

namespace {

namespace P = parsers;
using engine::IpAddress;
using engine::Prefix;
using engine::lnx::Outcome;
using model::AddressFamily;
using nlohmann::json;

std::string join(const std::vector<std::string>& v, std::string_view sep = ", ") {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// A basic regular expression (sed) matching `s` literally.
std::string sed_literal(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (std::string_view(".[]*^$\\/").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

Finding result(std::string_view id, Verdict v, std::string reason, std::vector<Evidence> evidence = {}) {
    Finding f = make_finding(id, v, std::move(reason));
    f.evidence = std::move(evidence);
    return f;
}

// The part of the model a command fills, when it was collected; otherwise nullptr, with `why` and
// `e` saying what is missing.
template <class T>
const T* collected(const Context& ctx, const std::optional<T>& part, P::Section s, std::string_view command,
                   std::string& why, Evidence& e) {
    if (!part) {
        why = "`" + std::string(command) + "` was not collected";
        e = DeviceEvidence::missing(command);
        return nullptr;
    }
    if (part->not_collected) {
        why = "`" + std::string(command) + "` gave no evidence: " + part->not_collected->reason;
        e = ctx.ev.cite(s, part->not_collected->line);
        if (e.command.empty()) e = DeviceEvidence::missing(command);
        return nullptr;
    }
    return &*part;
}

// The first line of the capture stating `s` that the parser did not understand.
std::optional<Evidence> unparsed(const Context& ctx, P::Section s) {
    const Capture* c = ctx.ev.source(s);
    if (!c || c->diagnostics.empty()) return std::nullopt;
    return ctx.ev.cite(*c, c->diagnostics.front().line);
}

// A pass becomes unknown when a line of a capture it read was not understood.
Finding pass_unless_unparsed(const Context& ctx, std::string_view id, std::string reason, std::vector<Evidence> ev,
                             std::initializer_list<P::Section> read) {
    for (auto s : read)
        if (auto u = unparsed(ctx, s)) {
            ev.push_back(*u);
            return result(id, Verdict::unknown,
                          "would pass (" + reason + "), but line " + std::to_string(u->line) + " of `" + u->command +
                              "` was not understood: `" + u->text + "`",
                          std::move(ev));
        }
    return result(id, Verdict::pass, std::move(reason), std::move(ev));
}

std::optional<IpAddress> host_address(const Context& ctx) {
    return ctx.ev.address.empty() ? std::nullopt : IpAddress::parse(ctx.ev.address);
}

std::vector<Prefix> sources(const Context& ctx) {
    std::vector<Prefix> out;
    for (const auto& s : ctx.policy.management_sources)
        if (auto p = Prefix::parse(s)) out.push_back(*p);
    return out;
}

bool is_active(const model::ServiceUnit& u) {
    return u.state == "active" || u.state == "reloading" || u.state == "refreshing";
}

bool is_stopped(const model::ServiceUnit& u) {
    return u.state == "inactive" || u.state == "failed";
}

// sshd among the owners of a listening socket.
bool owned_by_sshd(const model::Listener& l) {
    return std::any_of(l.processes.begin(), l.processes.end(), [](const std::string& p) { return p == "sshd"; });
}

std::string endpoint(const std::string& address, int port) {
    return (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

bool loopback(const std::string& address) {
    auto a = IpAddress::parse(address);
    if (!a) return false;
    if (a->family == AddressFamily::ipv4) return a->bytes[0] == 127;
    return a->str() == "::1";
}

// Whether a socket bound to `address` takes connections to `host` (any non-loopback address when
// the host's address is not known). sshd binds IPv6 sockets IPv6-only, so `::` serves IPv6 only;
// ss prints `*` for a socket of either family on every address.
bool serves(const std::string& address, const std::optional<IpAddress>& host) {
    if (address == "*") return true;
    if (!host) return !loopback(address);
    if (address == "0.0.0.0") return host->family == AddressFamily::ipv4;
    if (address == "::") return host->family == AddressFamily::ipv6;
    auto a = IpAddress::parse(address);
    return a && a->family == host->family && a->bytes == host->bytes;
}

std::string where(const std::optional<IpAddress>& host, int port) {
    return host ? endpoint(host->str(), port) : "port " + std::to_string(port) + " (any non-loopback address)";
}

// ---- LNX-001 ----------------------------------------------------------------------------------------

// Whether the SSH service runs: yes (a unit is active, or sshd owns a listening socket), no (every
// unit the service manager knows is stopped), unknown.
engine::Tri service_running(const model::Device& d) {
    if (d.listeners && !d.listeners->not_collected)
        for (const auto& l : d.listeners->sockets)
            if (owned_by_sshd(l)) return engine::Tri::yes;
    if (!d.service || d.service->not_collected) return engine::Tri::unknown;
    bool stopped = false, other = false;
    for (const auto& u : d.service->units) {
        if (u.state.empty() || u.state == "unknown") continue;
        if (is_active(u)) return engine::Tri::yes;
        (is_stopped(u) ? stopped : other) = true;
    }
    return stopped && !other ? engine::Tri::no : engine::Tri::unknown;
}

Finding lnx_001(const Context& ctx) {
    const auto& d = ctx.device;
    std::string why;
    Evidence e;
    const auto* s = collected(ctx, d.service, P::kService, "systemctl is-active ssh sshd", why, e);
    if (!s) {
        // No answer from a service manager (a container without systemd) but a listening sshd: the
        // service runs all the same.
        if (d.listeners && !d.listeners->not_collected)
            for (const auto& l : d.listeners->sockets)
                if (owned_by_sshd(l))
                    return result("LNX-001", Verdict::pass,
                                  why + "; sshd listens on " + endpoint(l.address, l.port) + ", so the service runs",
                                  {e, ctx.ev.cite(P::kListeners, l.line)});
        return result("LNX-001", Verdict::unknown, why, {e});
    }
    std::vector<Evidence> ev;
    std::vector<std::string> states;
    std::vector<const model::ServiceUnit*> known;
    for (const auto& u : s->units) {
        ev.push_back(ctx.ev.cite(P::kService, u.line));
        // Older systemd says `unknown` for a unit it does not have (newer ones say `inactive`).
        if (u.state.empty() || u.state == "unknown") continue;
        known.push_back(&u);
        states.push_back(u.unit + " " + u.state + (u.sub_state.empty() ? "" : " (" + u.sub_state + ")"));
    }
    for (const auto* u : known)
        if (is_active(*u))
            return pass_unless_unparsed(ctx, "LNX-001", "the SSH service runs: " + u->unit + " is " + u->state,
                                        {ctx.ev.cite(P::kService, u->line)}, {P::kService});
    if (d.listeners && !d.listeners->not_collected)
        for (const auto& l : d.listeners->sockets)
            if (owned_by_sshd(l))
                return result("LNX-001", Verdict::pass,
                              "no SSH unit is active (" + (states.empty() ? std::string("none known") : join(states)) +
                                  "), but sshd listens on " + endpoint(l.address, l.port) +
                                  ": it runs outside the service manager",
                              {ctx.ev.cite(P::kListeners, l.line)});
    if (known.empty())
        return result("LNX-001", Verdict::unknown,
                      "the service manager knows no SSH unit by the names asked (" +
                          (s->units.empty() ? std::string("no unit in the output") : s->units.front().unit) +
                          "): ask for the other name (`ssh` on Debian and Ubuntu, `sshd` on Red Hat)",
                      ev);
    if (!std::all_of(known.begin(), known.end(), [](const auto* u) { return is_stopped(*u); }))
        return result("LNX-001", Verdict::unknown, "the SSH service is neither running nor stopped: " + join(states),
                      ev);
    Finding f = result("LNX-001", Verdict::fail, "the SSH service is not running: " + join(states), ev);
    // The unit to start: one the service manager has loaded, or one that failed (it exists); else
    // both names, Debian's first.
    const model::ServiceUnit* unit = nullptr;
    for (const auto* u : known)
        if (u->loaded.value_or(false)) unit = u;
    if (!unit)
        for (const auto* u : known)
            if (u->state == "failed") unit = u;
    const bool systemd = s->manager != "sysv" && s->manager != "upstart";
    if (!unit && !systemd && !known.empty()) unit = known.front();
    FixRequest req;
    req.data["systemd"] = systemd;
    req.data["has_unit"] = unit != nullptr;
    req.data["unit"] = unit ? unit->unit : std::string();
    f.fix_request = std::move(req);
    return f;
}

// ---- LNX-002 ----------------------------------------------------------------------------------------

// Whether sshd's configuration listens where it must.
bool config_serves(const model::SshdConfig& c, const std::optional<IpAddress>& host, int port) {
    return std::any_of(c.listen.begin(), c.listen.end(),
                       [&](const model::SshdListen& l) { return l.port == port && serves(l.address, host); });
}

std::string config_listens(const model::SshdConfig& c) {
    std::vector<std::string> v;
    for (const auto& l : c.listen) add_unique(v, endpoint(l.address, l.port));
    return v.empty() ? "nothing" : join(v);
}

// `Port P` when sshd listens on the wildcard addresses for every configured port (no ListenAddress
// with its own port or address): the new port joins them. Otherwise `ListenAddress`.
json listen_fix(const model::SshdConfig& c, const std::optional<IpAddress>& host, int port) {
    std::set<int> ports, listen_ports;
    bool wildcard = !c.listen.empty();
    for (const auto& p : c.ports) ports.insert(std::atoi(p.value.c_str()));  // the parser checked the numbers
    for (const auto& l : c.listen) {
        listen_ports.insert(l.port);
        wildcard = wildcard && (l.address == "0.0.0.0" || l.address == "::");
    }
    json data;
    data["port"] = port;
    const bool add_port = wildcard && ports == listen_ports && !ports.count(port);
    data["add_port"] = add_port;
    data["add_listen"] = !add_port;
    const std::string listen = endpoint(host ? host->str() : std::string("0.0.0.0"), port);
    data["listen"] = listen;
    data["listen_re"] = sed_literal(listen);
    return data;
}

Finding lnx_002(const Context& ctx) {
    const auto& d = ctx.device;
    const int port = ctx.policy.ssh_port;
    const auto host = host_address(ctx);
    std::string why_sshd, why_ss;
    Evidence e_sshd, e_ss;
    const auto* sshd = collected(ctx, d.sshd, P::kSshd, "sshd -T", why_sshd, e_sshd);
    const auto* ss = collected(ctx, d.listeners, P::kListeners, "ss -tlnp", why_ss, e_ss);
    auto with_fix = [&](Finding f) {
        if (sshd) {
            FixRequest req;
            req.data = listen_fix(*sshd, host, port);
            f.fix_request = std::move(req);
        }
        return f;
    };
    auto sshd_lines = [&] {
        std::vector<Evidence> v;
        for (const auto& l : sshd->listen) v.push_back(ctx.ev.cite(P::kSshd, l.line));
        return v;
    };
    if (ss) {
        std::vector<const model::Listener*> there;
        for (const auto& l : ss->sockets)
            if (l.port == port && serves(l.address, host)) there.push_back(&l);
        for (const auto* l : there)
            if (owned_by_sshd(*l))
                return pass_unless_unparsed(
                    ctx, "LNX-002",
                    "sshd listens on " + endpoint(l->address, l->port) + " (serves " + where(host, port) + ")",
                    {ctx.ev.cite(P::kListeners, l->line)}, {P::kListeners});
        if (!there.empty()) {
            const auto* l = there.front();
            if (!l->processes.empty())
                return with_fix(
                    result("LNX-002", Verdict::fail,
                           endpoint(l->address, l->port) + " is held by " + join(l->processes) + ", not sshd",
                           {ctx.ev.cite(P::kListeners, l->line)}));
            if (sshd && config_serves(*sshd, host, port))
                return pass_unless_unparsed(ctx, "LNX-002",
                                            "a socket listens on " + endpoint(l->address, l->port) +
                                                " (ss shows no owner without root) and sshd -T listens there",
                                            {ctx.ev.cite(P::kListeners, l->line)}, {P::kListeners, P::kSshd});
            return result("LNX-002", Verdict::unknown,
                          "a socket listens on " + endpoint(l->address, l->port) +
                              " but ss shows no owner (not run as root) and " +
                              (sshd ? "sshd -T does not listen there" : why_sshd),
                          {ctx.ev.cite(P::kListeners, l->line)});
        }
        // Nothing serves the port. With the service stopped, that is LNX-001's failure: judge the
        // configuration sshd will start with.
        if (service_running(d) == engine::Tri::no) {
            if (!sshd)
                return result("LNX-002", Verdict::unknown, "the SSH service is not running (LNX-001) and " + why_sshd,
                              {e_sshd});
            if (config_serves(*sshd, host, port))
                return pass_unless_unparsed(
                    ctx, "LNX-002",
                    "the SSH service is not running (LNX-001); once started sshd listens on " + config_listens(*sshd),
                    sshd_lines(), {P::kSshd});
            return with_fix(result("LNX-002", Verdict::fail,
                                   "sshd is configured to listen on " + config_listens(*sshd) + ", not " +
                                       where(host, port) + " (the service is not running either: LNX-001)",
                                   sshd_lines()));
        }
        std::vector<std::string> sshd_sockets;
        std::vector<Evidence> ev;
        for (const auto& l : ss->sockets)
            if (owned_by_sshd(l)) {
                sshd_sockets.push_back(endpoint(l.address, l.port));
                ev.push_back(ctx.ev.cite(P::kListeners, l.line));
            }
        if (ev.empty()) ev.push_back(ctx.ev.cite(*ctx.ev.source(P::kListeners), 0));
        std::string reason = "nothing listens on " + where(host, port);
        if (!sshd_sockets.empty()) reason += "; sshd listens on " + join(sshd_sockets);
        if (sshd) {
            reason += "; sshd -T: " + config_listens(*sshd);
            for (auto& x : sshd_lines()) ev.push_back(x);
        }
        return with_fix(result("LNX-002", Verdict::fail, reason, ev));
    }
    if (!sshd) return result("LNX-002", Verdict::unknown, why_ss + " and " + why_sshd, {e_ss, e_sshd});
    if (!config_serves(*sshd, host, port))
        return with_fix(result(
            "LNX-002", Verdict::fail,
            "sshd is configured to listen on " + config_listens(*sshd) + ", not " + where(host, port), sshd_lines()));
    return result("LNX-002", Verdict::unknown,
                  "sshd is configured to listen on " + config_listens(*sshd) + ", but " + why_ss +
                      ": that it listens was not seen",
                  {e_ss});
}

// ---- LNX-003 ----------------------------------------------------------------------------------------

struct LoginRefusal {
    std::string source;  // the (sub-)prefix refused, or empty without management sources
    engine::lnx::LoginAnswer answer;
};

Finding lnx_003(const Context& ctx) {
    const auto& d = ctx.device;
    std::string why;
    Evidence e;
    const auto* sshd = collected(ctx, d.sshd, P::kSshd, "sshd -T", why, e);
    if (!sshd) return result("LNX-003", Verdict::unknown, why, {e});
    const auto* who = collected(ctx, d.identity, P::kIdentity, "id", why, e);
    if (!who) return result("LNX-003", Verdict::unknown, why + ": the login user is not known", {e});
    const auto srcs = sources(ctx);
    const auto bounds = engine::lnx::login_prefixes(*sshd);
    std::vector<std::optional<Prefix>> pieces;
    std::vector<std::string> piece_names;
    if (srcs.empty()) {
        pieces.push_back(std::nullopt);
        piece_names.emplace_back();
    }
    for (const auto& s : srcs)
        for (const auto& p : engine::lnx::refine(s, bounds)) {
            pieces.push_back(p);
            piece_names.push_back(p.str() == s.str() ? s.str() : p.str() + " (of " + s.str() + ")");
        }
    std::vector<LoginRefusal> refused;
    std::vector<const model::ValueLine*> uncertain;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        auto a = engine::lnx::login_allowed(*sshd, *who, pieces[i]);
        if (a.outcome == Outcome::drop) refused.push_back({piece_names[i], a});
        for (const auto* u : a.uncertain)
            if (std::find(uncertain.begin(), uncertain.end(), u) == uncertain.end()) uncertain.push_back(u);
    }
    const std::string user = "`" + who->user + "`" + (who->groups.empty() ? "" : " (groups " + join(who->groups) + ")");
    std::vector<Evidence> ev{ctx.ev.cite(P::kIdentity, who->line)};
    if (!refused.empty()) {
        std::vector<std::string> parts;
        std::set<std::string> lists;
        for (const auto& r : refused) {
            const auto& a = r.answer;
            lists.insert(a.list);
            const bool groups = a.list == "AllowGroups" || a.list == "DenyGroups";
            std::string part =
                a.deciding ? a.list + " `" + a.deciding->value + "` (line " + std::to_string(a.deciding->line) + ")"
                : groups   ? a.list + " names none of its groups"
                           : a.list + " does not name it";
            // Group lists do not depend on where the client is.
            if (!r.source.empty() && !groups) part += " from " + r.source;
            add_unique(parts, part);
            if (a.deciding) {
                ev.push_back(ctx.ev.cite(P::kSshd, a.deciding->line));
            } else {
                for (const auto& v : a.list == "AllowUsers" ? sshd->allow_users : sshd->allow_groups)
                    ev.push_back(ctx.ev.cite(P::kSshd, v.line));
            }
        }
        Finding f =
            result("LNX-003", Verdict::fail, "sshd refuses the login user " + user + ": " + join(parts, "; "), ev);
        const bool denied = lists.count("DenyUsers") || lists.count("DenyGroups");
        if (denied) {
            f.message =
                "remove the login user (or its group) from DenyUsers/DenyGroups in /etc/ssh/sshd_config or the "
                "file under /etc/ssh/sshd_config.d that sets it, then reload sshd";
            return f;
        }
        // AllowUsers refused: name the user (for each management source). AllowGroups refused (now,
        // or once AllowUsers admits): add the user to a group the list names.
        json data;
        data["user"] = who->user;
        const bool add_users = lists.count("AllowUsers") != 0;
        std::vector<std::string> entries;
        if (srcs.empty()) entries.push_back(who->user);
        for (const auto& s : srcs) entries.push_back(who->user + "@" + s.str());
        data["add_users"] = add_users;
        data["entries"] = join(entries, " ");
        data["entries_re"] = sed_literal(join(entries, " "));
        model::SshdConfig without_users = *sshd;
        without_users.allow_users.clear();
        bool groups_refuse = lists.count("AllowGroups") != 0;
        for (const auto& p : pieces)
            groups_refuse = groups_refuse || engine::lnx::login_allowed(without_users, *who, p).list == "AllowGroups";
        std::string group;
        for (const auto& g : sshd->allow_groups)
            if (g.value.find_first_of("*?!,") == std::string::npos) {
                group = g.value;
                break;
            }
        if (groups_refuse && group.empty()) {
            f.message =
                "AllowGroups names no plain group to add the login user to: add one of its groups to "
                "AllowGroups in /etc/ssh/sshd_config";
            return f;
        }
        data["add_group"] = groups_refuse;
        data["group"] = group;
        FixRequest req;
        req.data = std::move(data);
        f.fix_request = std::move(req);
        return f;
    }
    if (!uncertain.empty()) {
        std::vector<std::string> what;
        for (const auto* u : uncertain) {
            what.push_back("`" + u->value + "` (line " + std::to_string(u->line) + ")");
            ev.push_back(ctx.ev.cite(P::kSshd, u->line));
        }
        return result("LNX-003", Verdict::unknown,
                      "whether sshd admits " + user + " depends on patterns vtyguard cannot decide" +
                          (srcs.empty() ? " (no management_sources in the policy)" : "") + ": " + join(what),
                      ev);
    }
    std::string reason = "sshd admits the login user " + user;
    if (sshd->allow_users.empty() && sshd->allow_groups.empty() && sshd->deny_users.empty() &&
        sshd->deny_groups.empty())
        reason += " (no AllowUsers, AllowGroups, DenyUsers or DenyGroups)";
    else if (!srcs.empty())
        reason += " from " + join(ctx.policy.management_sources);
    return pass_unless_unparsed(ctx, "LNX-003", reason, ev, {P::kSshd, P::kIdentity});
}

// ---- LNX-004 ----------------------------------------------------------------------------------------

std::string chain_where(const model::FirewallChain& c, std::string_view tool) {
    return std::string(tool) + " " + (tool == "nftables" ? c.family + " " + c.table + " " : "") + c.name;
}

std::string rule_where(const model::FirewallChain& c, const model::FirewallRule* r, std::string_view tool) {
    if (!r) return chain_where(c, tool) + " policy " + c.policy + " (line " + std::to_string(c.line) + ")";
    return chain_where(c, tool) + " line " + std::to_string(r->line) + " `" + r->text + "`";
}

// The iptables-nft mirror of iptables' INPUT chain in an nft listing: changed through iptables.
bool iptables_mirror(const model::FirewallChain& c) {
    return c.family == "ip" && c.table == "filter" && c.name == "INPUT";
}

void add_evidence(std::vector<Evidence>& v, Evidence e) {
    for (const auto& x : v)
        if (x.command == e.command && x.line == e.line) return;
    v.push_back(std::move(e));
}

Finding lnx_004(const Context& ctx) {
    const auto& d = ctx.device;
    const auto srcs = sources(ctx);
    if (srcs.empty())
        return result("LNX-004", Verdict::unknown,
                      "no management_sources in the policy: nothing to ask the firewall about");
    std::string why_ipt, why_nft;
    Evidence e_ipt, e_nft;
    const auto* ipt = collected(ctx, d.iptables, P::kIptables, "iptables -S", why_ipt, e_ipt);
    const auto* nft = collected(ctx, d.nftables, P::kNftables, "nft list ruleset", why_nft, e_nft);
    if (!ipt && !nft) return result("LNX-004", Verdict::unknown, why_ipt + "; " + why_nft, {e_ipt, e_nft});
    // What the collected rules cannot show.
    std::vector<std::string> gaps;
    std::vector<Evidence> gap_ev;
    if (!ipt) {
        gaps.push_back(why_ipt);
        gap_ev.push_back(e_ipt);
    }
    if (!nft) {
        gaps.push_back(why_nft);
        gap_ev.push_back(e_nft);
    }
    if (ipt)
        for (const auto& w : ipt->warnings)
            if (w.value.find("legacy tables present") != std::string::npos) {
                gaps.push_back("rules in iptables-legacy tables are not shown (`" + w.value + "`)");
                gap_ev.push_back(ctx.ev.cite(P::kIptables, w.line));
            }
    std::vector<Prefix> bounds;
    if (ipt) bounds = engine::lnx::source_prefixes(*ipt);
    if (nft) {
        auto more = engine::lnx::source_prefixes(*nft);
        bounds.insert(bounds.end(), more.begin(), more.end());
    }
    const auto host = host_address(ctx);
    const int port = ctx.policy.ssh_port;
    std::vector<std::string> dropped, unsure;
    std::vector<Evidence> drop_ev, unsure_ev, accept_ev;
    json ipt_fix = json::array(), nft_fix = json::array();
    std::set<std::string> nft_fixed;
    for (const auto& src : srcs) {
        bool src_ipt_bad = false;
        // The pieces of the source that got the same answer for the same reason, in address order.
        struct Group {
            Outcome outcome;
            std::string why;
            std::vector<std::string> pieces;
        };
        std::vector<Group> groups;
        for (const auto& piece : engine::lnx::refine(src, bounds)) {
            engine::lnx::Connection conn{piece, host, port};
            Outcome overall = Outcome::accept;
            std::vector<std::string> why;
            for (auto [fw, s, tool] : {std::tuple{ipt, P::kIptables, std::string_view("iptables")},
                                       std::tuple{nft, P::kNftables, std::string_view("nftables")}}) {
                if (!fw) continue;
                const auto a = engine::lnx::evaluate(*fw, conn);
                for (const auto& ch : a.chains) {
                    if (ch.outcome == Outcome::accept) {
                        for (const auto* r : ch.deciding)
                            if (r) add_evidence(accept_ev, ctx.ev.cite(s, r->line));
                        continue;
                    }
                    if (ch.outcome == Outcome::drop) {
                        for (const auto* r : ch.deciding) {
                            why.push_back("dropped by " + rule_where(*ch.chain, r, tool));
                            add_evidence(drop_ev, ctx.ev.cite(s, r ? r->line : ch.chain->line));
                        }
                    } else {
                        std::string w = "uncertain in " + chain_where(*ch.chain, tool);
                        std::vector<std::string> rules;
                        for (const auto* r : ch.uncertain) {
                            rules.push_back("line " + std::to_string(r->line) + " `" + r->text + "`");
                            add_evidence(unsure_ev, ctx.ev.cite(s, r->line));
                        }
                        if (!rules.empty()) w += " (" + join(rules, "; ") + ")";
                        if (!ch.note.empty()) w += " (" + ch.note + ")";
                        why.push_back(w);
                    }
                    // The fix: an accept first in every chain that does not accept.
                    if (tool == "iptables") {
                        src_ipt_bad = true;
                    } else if (!(ipt && iptables_mirror(*ch.chain))) {
                        const std::string key =
                            ch.chain->family + " " + ch.chain->table + " " + ch.chain->name + " " + src.str();
                        if (nft_fixed.insert(key).second)
                            nft_fix.push_back(
                                json{{"family", ch.chain->family},
                                     {"table", ch.chain->table},
                                     {"chain", ch.chain->name},
                                     {"match", src.address.family == AddressFamily::ipv4 ? "ip saddr" : "ip6 saddr"},
                                     {"source", src.str()}});
                    }
                }
                if (a.outcome == Outcome::drop)
                    overall = Outcome::drop;
                else if (a.outcome == Outcome::unknown && overall != Outcome::drop)
                    overall = Outcome::unknown;
            }
            const std::string w = join(why, "; ");
            auto g = std::find_if(groups.begin(), groups.end(),
                                  [&](const Group& x) { return x.outcome == overall && x.why == w; });
            if (g == groups.end()) {
                groups.push_back(Group{overall, w, {}});
                g = groups.end() - 1;
            }
            g->pieces.push_back(piece.str());
        }
        for (const auto& g : groups) {
            if (g.outcome == Outcome::accept) continue;
            const std::string label = g.pieces.size() == 1 && g.pieces.front() == src.str()
                                          ? src.str()
                                          : join(g.pieces) + " (of " + src.str() + ")";
            (g.outcome == Outcome::drop ? dropped : unsure).push_back(label + ": " + g.why);
        }
        if (src_ipt_bad && src.address.family == AddressFamily::ipv4) ipt_fix.push_back(json{{"source", src.str()}});
    }
    const std::string what = "inbound tcp/" + std::to_string(port) + (host ? " to " + host->str() : std::string());
    if (!dropped.empty()) {
        Finding f = result("LNX-004", Verdict::fail, what + ": " + join(dropped, "; "), drop_ev);
        FixRequest req;
        req.data["port"] = port;
        req.data["iptables"] = ipt_fix;
        req.data["has_iptables"] = !ipt_fix.empty();
        req.data["nft"] = nft_fix;
        req.data["has_nft"] = !nft_fix.empty();
        f.fix_request = std::move(req);
        return f;
    }
    if (!unsure.empty()) return result("LNX-004", Verdict::unknown, what + ": " + join(unsure, "; "), unsure_ev);
    const std::string from = join(ctx.policy.management_sources);
    if (!gaps.empty())
        return result("LNX-004", Verdict::unknown,
                      what + " is accepted from " + from + " by the rules collected, but " + join(gaps, "; "), gap_ev);
    std::vector<std::string> tools;
    if (ipt) tools.push_back(ipt->installed ? "iptables" : "iptables (not installed)");
    if (nft) tools.push_back(nft->installed ? "nftables" : "nftables (not installed)");
    return result("LNX-004", Verdict::pass, what + " is accepted from " + from + " (" + join(tools) + ")", accept_ev);
}

// ---- LNX-005 ----------------------------------------------------------------------------------------

// `sshd: 10.20.0.0/255.255.0.0`, `sshd: [2001:db8::]/48`: the form every tcp_wrappers build reads.
std::string wrapper_client(const Prefix& p) {
    if (p.address.family == AddressFamily::ipv6) return "[" + p.address.str() + "]/" + std::to_string(p.length);
    std::uint32_t mask = p.length == 0 ? 0 : ~std::uint32_t{0} << (32 - p.length);
    return p.address.str() + "/" + std::to_string(mask >> 24) + "." + std::to_string((mask >> 16) & 0xFF) + "." +
           std::to_string((mask >> 8) & 0xFF) + "." + std::to_string(mask & 0xFF);
}

Finding lnx_005(const Context& ctx) {
    const auto& d = ctx.device;
    const auto srcs = sources(ctx);
    if (srcs.empty())
        return result("LNX-005", Verdict::unknown,
                      "no management_sources in the policy: nothing to ask /etc/hosts.allow and /etc/hosts.deny about");
    std::string why_allow, why_deny;
    Evidence e_allow, e_deny;
    const auto* allow = collected(ctx, d.hosts_allow, P::kHostsAllow, "cat /etc/hosts.allow", why_allow, e_allow);
    const auto* deny = collected(ctx, d.hosts_deny, P::kHostsDeny, "cat /etc/hosts.deny", why_deny, e_deny);
    if (!allow && !deny) return result("LNX-005", Verdict::unknown, why_allow + "; " + why_deny, {e_allow, e_deny});
    std::vector<Prefix> bounds;
    if (allow) bounds = engine::lnx::client_prefixes(*allow);
    if (deny) {
        auto more = engine::lnx::client_prefixes(*deny);
        bounds.insert(bounds.end(), more.begin(), more.end());
    }
    const auto host = host_address(ctx);
    std::vector<std::string> refused, unsure;
    std::vector<Evidence> ev, unsure_ev;
    json entries = json::array();
    for (const auto& src : srcs) {
        bool src_refused = false;
        for (const auto& piece : engine::lnx::refine(src, bounds)) {
            const std::string name = piece.str() == src.str() ? src.str() : piece.str() + " (of " + src.str() + ")";
            auto a = engine::lnx::wrappers(allow, deny, piece, host);
            const auto file = [&](bool from_allow) { return from_allow ? "/etc/hosts.allow" : "/etc/hosts.deny"; };
            auto cite = [&](const model::HostsAccessRule* r, bool from_allow) {
                return ctx.ev.cite(from_allow ? P::kHostsAllow : P::kHostsDeny, r->line);
            };
            // What a missing file could change: hosts.allow is read first, hosts.deny only when it
            // admitted nothing.
            if (a.outcome == Outcome::drop && !allow) {
                unsure.push_back(name + ": refused by " + std::string(file(a.from_allow)) + " line " +
                                 std::to_string(a.deciding->line) + ", unless " + why_allow);
                unsure_ev.push_back(cite(a.deciding, a.from_allow));
                unsure_ev.push_back(e_allow);
                continue;
            }
            if (a.outcome == Outcome::accept && !deny && !(a.deciding && a.from_allow)) {
                unsure.push_back(name + ": no rule of /etc/hosts.allow admits it and " + why_deny);
                unsure_ev.push_back(e_deny);
                continue;
            }
            if (a.outcome == Outcome::drop) {
                refused.push_back(name + ": refused by " + file(a.from_allow) + " line " +
                                  std::to_string(a.deciding->line) + " `" + a.deciding->text + "`");
                ev.push_back(cite(a.deciding, a.from_allow));
                src_refused = true;
            } else if (a.outcome == Outcome::unknown) {
                std::vector<std::string> rules;
                for (const auto* r : a.uncertain) {
                    const bool in_allow =
                        allow && !allow->rules.empty() && r >= &allow->rules.front() && r <= &allow->rules.back();
                    rules.push_back(std::string(file(in_allow)) + " line " + std::to_string(r->line) + " `" + r->text +
                                    "`");
                    unsure_ev.push_back(cite(r, in_allow));
                }
                unsure.push_back(name + ": depends on " + join(rules, "; "));
            }
        }
        if (src_refused) {
            const std::string line = "sshd: " + wrapper_client(src);
            entries.push_back(json{{"line", line}, {"line_re", sed_literal(line)}});
        }
    }
    if (!refused.empty()) {
        Finding f =
            result("LNX-005", Verdict::fail, "TCP wrappers refuse sshd connections: " + join(refused, "; "), ev);
        if (allow) {
            // At the top when hosts.allow itself may refuse sshd (`: DENY`, `twist`), appended otherwise
            // (sed cannot insert into an empty file).
            bool top = false;
            for (const auto& r : allow->rules)
                for (const auto& o : r.options) {
                    std::string w = o.substr(0, o.find(' '));
                    for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    top = top || w == "deny" || w == "twist";
                }
            FixRequest req;
            req.data["entries"] = entries;
            req.data["top"] = top;
            f.fix_request = std::move(req);
        }
        return f;
    }
    if (!unsure.empty()) return result("LNX-005", Verdict::unknown, join(unsure, "; "), unsure_ev);
    std::vector<Evidence> files;
    for (auto s : {P::kHostsAllow, P::kHostsDeny})
        if (const Capture* c = ctx.ev.source(s)) files.push_back(ctx.ev.cite(*c, 0));
    return pass_unless_unparsed(ctx, "LNX-005",
                                "TCP wrappers admit sshd connections from " + join(ctx.policy.management_sources),
                                files, {P::kHostsAllow, P::kHostsDeny});
}

// ---- LNX-006 ----------------------------------------------------------------------------------------

Finding lnx_006(const Context& ctx) {
    std::string why;
    Evidence e;
    const auto* sshd = collected(ctx, ctx.device.sshd, P::kSshd, "sshd -T", why, e);
    if (!sshd) return result("LNX-006", Verdict::unknown, why, {e});
    std::vector<std::string> problems;
    std::vector<Evidence> ev;
    json data;
    data["set_forwarding"] = false;
    data["enable_forwarding"] = false;
    data["open_any"] = false;
    if (sshd->disable_forwarding && sshd->disable_forwarding->value == "yes") {
        problems.push_back("DisableForwarding yes (line " + std::to_string(sshd->disable_forwarding->line) + ")");
        ev.push_back(ctx.ev.cite(P::kSshd, sshd->disable_forwarding->line));
        data["enable_forwarding"] = true;
    }
    if (!sshd->allow_tcp_forwarding)
        return result("LNX-006", Verdict::unknown, "sshd -T printed no `allowtcpforwarding`",
                      {ctx.ev.cite(*ctx.ev.source(P::kSshd), 0)});
    const auto& fwd = *sshd->allow_tcp_forwarding;
    // The jump sessions (ProxyJump, `ssh -W`, vtyguard's own) are direct-tcpip channels: local forwarding.
    if (fwd.value == "no" || fwd.value == "remote") {
        problems.push_back("AllowTcpForwarding " + fwd.value + " (line " + std::to_string(fwd.line) + ")");
        ev.push_back(ctx.ev.cite(P::kSshd, fwd.line));
        data["set_forwarding"] = true;
        data["forwarding"] = fwd.value == "remote" ? "yes" : "local";
    } else if (fwd.value != "yes" && fwd.value != "all" && fwd.value != "local") {
        return result("LNX-006", Verdict::unknown, "AllowTcpForwarding `" + fwd.value + "` is not a known value",
                      {ctx.ev.cite(P::kSshd, fwd.line)});
    }
    if (sshd->permit_open && sshd->permit_open->value == "none") {
        problems.push_back("PermitOpen none (line " + std::to_string(sshd->permit_open->line) + ")");
        ev.push_back(ctx.ev.cite(P::kSshd, sshd->permit_open->line));
        data["open_any"] = true;
    }
    if (!problems.empty()) {
        Finding f =
            result("LNX-006", Verdict::fail,
                   "the host cannot forward the jump sessions to the devices behind it: " + join(problems, "; "), ev);
        FixRequest req;
        req.data = std::move(data);
        f.fix_request = std::move(req);
        return f;
    }
    return pass_unless_unparsed(ctx, "LNX-006",
                                "AllowTcpForwarding " + fwd.value +
                                    ": jump sessions may open direct-tcpip channels (global setting; a Match block "
                                    "may differ: `sshd -T -C user=...` shows it)",
                                {ctx.ev.cite(P::kSshd, fwd.line)}, {P::kSshd});
}

}  // namespace

void add_linux_checks(std::vector<CheckInfo>& out) {
    out.push_back({"LNX-001", "linux", 'C', Severity::critical, "SSH service not running", &lnx_001});
    out.push_back(
        {"LNX-002", "linux", 'C', Severity::critical, "sshd not listening on the expected port or address", &lnx_002});
    out.push_back({"LNX-003", "linux", 'C', Severity::critical,
                   "AllowUsers/AllowGroups/DenyUsers/DenyGroups exclude "
                   "the login user",
                   &lnx_003});
    out.push_back({"LNX-004", "linux", 'C', Severity::critical, "firewall drops inbound SSH", &lnx_004});
    out.push_back({"LNX-005", "linux", 'C', Severity::critical, "TCP wrappers refuse sshd", &lnx_005});
    out.push_back({"LNX-006", "linux", 'C', Severity::high, "TCP forwarding off on a jump host", &lnx_006});
}

}  // namespace vtyguard::checks
