// ASA checks (CHECKS.md ASA-001..ASA-007, ASA-101..ASA-106) and SSH-017 (both platforms).
//
// Contract (on top of checks.hpp):
//  - Addresses are compared as exact sets (prefix.hpp): an `ssh A M NAMEIF` entry is the prefix its
//    netmask names (a netmask with holes, which the ASA refuses, is no prefix and makes the answer
//    `unknown`); entries cover a management source when their union holds every address of it,
//    and a failure names the part left out.
//  - The interface a management source enters on is ctx.ingress(); a source whose ingress is not
//    known gives `unknown`, except where the answer does not depend on it (no `ssh` entry on any
//    interface covers the source: ASA-001 fails whatever the interface).
//  - `management-access NAMEIF` is not in the model (the ASA running-config parser ignores that
//    top-level statement on purpose). ASA-002 reads it from the text of a full running-config
//    capture; without one the VPN exception cannot be ruled out and a mismatch is `unknown`, and
//    with it naming the target interface the answer depends on whether the source arrives over
//    VPN, which the evidence does not say (`unknown`).
//  - The SSH host key of an ASA is its default RSA key pair (`<Default-RSA-Key>`, or the unnamed key
//    older releases print): labelled keys belong to trustpoints, not to SSH.
//  - SSH-017 compares what the device offers with the default proposal of the client profile
//    (policy `client_profile`: openssh-9, openssh-8, openssh-7, legacy; build_profiles() below, from
//    OpenSSH's myproposal.h of each release line). A category fails only when the device's list is
//    stated exactly (IOS `show ip ssh` or `ip ssh server algorithm`, ASA `ssh key-exchange group`
//    / `ssh cipher ... custom`); a release default that vtyguard does not know exactly is a lower
//    bound and can only pass or stay `unknown`. The MAC list does not matter when the client's
//    first common cipher is an AEAD one.
//  - Fix requests carry every value the templates print (templates/cisco_asa/<ID>.*.mustache,
//    templates/<platform>/SSH-017.*.mustache): sources in the ASA's own forms, nameifs, ACL names
//    and the `line N` before which a permit goes, policy admin_user. Secrets stay `{SECRET}` in
//    the templates. Where no configuration change can make the check pass (ASA-002, SSH-017 on a
//    release without the algorithms), `message` carries the advice instead.
#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/engine/acl.hpp"
#include "plugin/engine/checks.hpp"
#include "plugin/engine/prefix.hpp"

namespace vtyguard::checks {

namespace {

namespace m = model;
using engine::IpAddress;
using engine::Pattern;
using engine::Prefix;
using parsers::Section;

constexpr std::string_view kShowRunSsh = "show running-config ssh";
constexpr std::string_view kShowRunAaa = "show running-config aaa";
constexpr std::string_view kShowRunUsername = "show running-config username";
constexpr std::string_view kShowRunTelnet = "show running-config telnet";
constexpr std::string_view kShowRunAccessGroup = "show running-config access-group";
constexpr std::string_view kShowAccessList = "show access-list";
constexpr std::string_view kShowKeys = "show crypto key mypubkey rsa";
constexpr std::string_view kShowNameif = "show nameif";
constexpr std::string_view kShowIpSsh = "show ip ssh";
constexpr std::string_view kDefaultKey = "<Default-RSA-Key>";

// ---- evidence ---------------------------------------------------------------------------------

// `unknown` when a section the check reads is not stated by any capture.
std::optional<Finding> missing_section(const Context& ctx, std::string_view id, Section s, std::string_view command,
                                       std::string_view what) {
    if (ctx.ev.has(s)) return std::nullopt;
    Finding f = make_finding(id, Verdict::unknown,
                             "`" + std::string(command) + "` was not collected: " + std::string(what) + " not known");
    f.evidence.push_back(DeviceEvidence::missing(command));
    return f;
}

// The whole output of the capture that states `s` (line 0), for findings about what is absent.
Evidence whole(const Context& ctx, Section s, std::string_view command) {
    if (const Capture* c = ctx.ev.source(s)) return ctx.ev.cite(*c, 0);
    return DeviceEvidence::missing(command);
}

// The same line cited for several sources is listed once.
void dedupe(std::vector<Evidence>& ev) {
    std::vector<Evidence> out;
    for (auto& e : ev)
        if (std::none_of(out.begin(), out.end(), [&](const Evidence& o) {
                return o.command == e.command && o.line == e.line && o.file == e.file && o.text == e.text;
            }))
            out.push_back(std::move(e));
    ev = std::move(out);
}

bool is_running_config(const Capture& c) {
    return c.command == "show running-config" || c.command == "more system:running-config";
}

// The capture a merged SSH field came from: SSH fields merge one by one, dedicated commands before
// running-configs, first stated wins (evidence.hpp), so line numbers must be looked up there.
template <class Stated>
const Capture* ssh_field_source(const DeviceEvidence& ev, Stated stated) {
    for (int pass = 0; pass < 2; ++pass)
        for (const auto& c : ev.captures)
            if ((c.sections & parsers::kSsh) && is_running_config(c) == (pass == 1) && stated(c.device.ssh)) return &c;
    return nullptr;
}

// ---- prefixes ---------------------------------------------------------------------------------

bool v4(const Prefix& p) {
    return p.address.family == m::AddressFamily::ipv4;
}

// The sources an ASA `ssh`/`telnet` entry admits, when they form one prefix (a netmask with
// holes, which the ASA refuses anyway, does not).
std::optional<Prefix> allow_prefix(const m::Address& a) {
    using K = m::Address::Kind;
    switch (a.kind) {
        case K::netmask:
            return Prefix::of(a.address, a.mask, -1);
        case K::host:
            return Prefix::of(a.address, {}, -1);
        case K::prefix:
            return a.prefix_length >= 0 ? Prefix::of(a.address, {}, a.prefix_length) : std::nullopt;
        case K::any4:
            return Prefix::parse("0.0.0.0/0");
        case K::any6:
            return Prefix::parse("::/0");
        default:
            return std::nullopt;
    }
}

// The first part of `p` that the union of `set` leaves out; nullopt when `set` covers all of `p`.
std::optional<Pattern> uncovered(const Prefix& p, const std::vector<Pattern>& set) {
    auto left = engine::subtract({Pattern::of(p)}, set);
    if (left.empty()) return std::nullopt;
    return left.front();
}

std::optional<Pattern> uncovered(const Prefix& p, const std::vector<Prefix>& set) {
    std::vector<Pattern> pats;
    for (const auto& q : set) pats.push_back(Pattern::of(q));
    return uncovered(p, pats);
}

std::string netmask_text(int length) {
    IpAddress mask;
    for (int i = 0; i < length; ++i)
        mask.bytes[static_cast<std::size_t>(i / 8)] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
    return mask.str();
}

// A source as ASA `ssh` and `telnet` take it: `A M` (IPv4), `A/len` (IPv6).
std::string allow_form(const Prefix& p) {
    return v4(p) ? p.address.str() + " " + netmask_text(p.length) : p.str();
}

// A source as ASA access-lists take it.
std::string acl_form(const Prefix& p) {
    if (p.length == static_cast<int>(p.width())) return "host " + p.address.str();
    if (p.length == 0) return v4(p) ? "any4" : "any6";
    return allow_form(p);
}

// An `ssh`/`telnet` entry's source as the running-config prints it (for `no ssh ...`).
std::string allow_text(const m::Address& a) {
    using K = m::Address::Kind;
    switch (a.kind) {
        case K::netmask:
            return a.address + " " + a.mask;
        case K::prefix:
            return a.address + "/" + std::to_string(a.prefix_length);
        default:
            return a.address.str();
    }
}

std::string nameif(const m::Interface* i) {
    if (!i) return {};
    return i->nameif.value_or(i->name);
}

// The address the operator connects to: meta/inventory first, then the policy's `targets`.
std::string target_address(const Context& ctx) {
    if (!ctx.ev.address.empty()) return ctx.ev.address;
    if (auto it = ctx.policy.targets.find(ctx.ev.name); it != ctx.policy.targets.end()) return it->second;
    return {};
}

// `9.12(4)67` -> {9, 12, 4}.
std::optional<std::array<int, 3>> asa_release(const m::Device& d) {
    if (!d.version) return std::nullopt;
    const std::string& r = d.version->release;
    std::array<int, 3> v{};
    const char* p = r.data();
    const char* end = r.data() + r.size();
    auto num = [&](int& out) {
        auto [q, ec] = std::from_chars(p, end, out);
        if (ec != std::errc{}) return false;
        p = q;
        return true;
    };
    if (!num(v[0]) || p == end || *p != '.') return std::nullopt;
    ++p;
    if (!num(v[1])) return std::nullopt;
    if (p != end && *p == '(') {
        ++p;
        if (!num(v[2])) return std::nullopt;
    }
    return v;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
    return out;
}

// Per-source outcomes joined into one verdict: any fail fails, else any unknown is unknown.
struct Tally {
    std::vector<std::string> fail, unknown, pass;
    Verdict verdict() const {
        if (!fail.empty()) return Verdict::fail;
        if (!unknown.empty()) return Verdict::unknown;
        return Verdict::pass;
    }
    std::string reason() const {
        const auto& v = !fail.empty() ? fail : !unknown.empty() ? unknown : pass;
        std::vector<std::string> once;  // several sources can give the same reason
        for (const auto& x : v)
            if (std::find(once.begin(), once.end(), x) == once.end()) once.push_back(x);
        return join(once, "; ");
    }
};

// ---- ASA-001 ----------------------------------------------------------------------------------

Finding asa_001(const Context& ctx) {
    constexpr std::string_view id = "ASA-001";
    if (auto f = missing_section(ctx, id, parsers::kSsh, kShowRunSsh, "the `ssh` allow-list is")) return *f;
    if (ctx.policy.management_sources.empty())
        return make_finding(id, Verdict::unknown,
                            "the policy names no management_sources to check the `ssh` entries for");
    const auto& allow = ctx.device.ssh.allow;
    const Capture* cap = ssh_field_source(ctx.ev, [](const m::SshServer& s) { return !s.allow.empty(); });
    auto cite = [&](const m::MgmtAllow& a) { return cap ? ctx.ev.cite(*cap, a.line) : Evidence{}; };
    Finding f = make_finding(id, Verdict::pass, {});
    Tally t;
    nlohmann::json entries = nlohmann::json::array();
    std::vector<std::string> unplaced;  // failing sources whose interface is not known
    for (const auto& ing : ctx.ingress()) {
        auto src = Prefix::parse(ing.source);
        if (!src) {
            t.unknown.push_back("management source '" + ing.source + "' is not a prefix");
            continue;
        }
        const std::string nif = nameif(ing.interface);
        std::vector<Prefix> everywhere, here;
        std::vector<const m::MgmtAllow*> here_entries;
        bool inexact_here = false, inexact_anywhere = false;
        for (const auto& a : allow) {
            auto p = allow_prefix(a.source);
            const bool on_if = !nif.empty() && a.interface == nif;
            if (!p) {
                inexact_anywhere = true;
                inexact_here = inexact_here || on_if;
                continue;
            }
            everywhere.push_back(*p);
            if (on_if) {
                here.push_back(*p);
                here_entries.push_back(&a);
            }
        }
        if (ing.how == Ingress::How::unknown || !ing.interface) {
            if (auto gap = uncovered(*src, everywhere); gap && !inexact_anywhere) {
                t.fail.push_back("no `ssh` entry on any interface covers " +
                                 (gap->str() == src->str() ? ing.source : gap->str() + " of " + ing.source));
                f.evidence.push_back(whole(ctx, parsers::kSsh, kShowRunSsh));
                unplaced.push_back(allow_form(*src));
            } else {
                t.unknown.push_back("the interface " + ing.source + " enters on is not known (" + ing.reason + ")");
            }
            continue;
        }
        for (const auto& e : ing.evidence) f.evidence.push_back(e);
        auto gap = uncovered(*src, here);
        if (!gap) {
            for (const auto* a : here_entries)
                if (auto q = allow_prefix(a->source); q && (q->contains(*src) || src->contains(*q)))
                    f.evidence.push_back(cite(*a));
            t.pass.push_back(ing.source + " enters on " + nif + " and `ssh ... " + nif + "` entries cover it");
            continue;
        }
        if (inexact_here) {
            t.unknown.push_back("an `ssh ... " + nif + "` entry is not a prefix, so whether it covers " + ing.source +
                                " is not known");
            continue;
        }
        std::string why = ing.source + " enters on " + nif + " but no `ssh ... " + nif + "` entry covers " +
                          (gap->str() == src->str() ? std::string("it") : gap->str() + " of it");
        std::vector<std::string> elsewhere;
        for (const auto& a : allow)
            if (a.interface != nif)
                if (auto p = allow_prefix(a.source); p && p->contains(*src)) {
                    elsewhere.push_back(a.interface);
                    f.evidence.push_back(cite(a));
                }
        if (!elsewhere.empty())
            why += " (entries on " + join(elsewhere, ", ") +
                   " do, but the ASA only applies the entries of the "
                   "interface a connection enters on)";
        if (here_entries.empty()) f.evidence.push_back(whole(ctx, parsers::kSsh, kShowRunSsh));
        for (const auto* a : here_entries) f.evidence.push_back(cite(*a));
        t.fail.push_back(std::move(why));
        entries.push_back({{"source", allow_form(*src)}, {"nameif", nif}});
    }
    f.verdict = t.verdict();
    f.reason = t.reason();
    dedupe(f.evidence);
    if (f.verdict == Verdict::fail && !entries.empty())
        f.fix_request = FixRequest{std::string(id), {{"entries", entries}}};
    if (f.verdict == Verdict::fail && !unplaced.empty())
        f.message = "add `ssh " + join(unplaced, " NAMEIF`, `ssh ") +
                    " NAMEIF` on the interface each source enters on; which one is not known (collect `show "
                    "route` for the source, or the interface addresses)";
    return f;
}

// ---- ASA-002 ----------------------------------------------------------------------------------

struct ManagementAccess {
    bool collected = false;  // a full running-config was read
    std::optional<std::string> nameif;
    Evidence evidence;
};

// `management-access NAMEIF` from the text of a full running-config (see the contract above).
ManagementAccess management_access(const DeviceEvidence& ev) {
    ManagementAccess out;
    for (const auto& c : ev.captures) {
        if (!is_running_config(c)) continue;
        out.collected = true;
        out.evidence = ev.cite(c, 0);
        std::size_t start = 0, n = 1;
        while (start < c.text.size()) {
            auto nl = c.text.find('\n', start);
            std::string_view line(c.text.data() + start, (nl == std::string::npos ? c.text.size() : nl) - start);
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
                line.remove_suffix(1);
            constexpr std::string_view kw = "management-access ";
            if (line.substr(0, kw.size()) == kw) {
                auto name = line.substr(kw.size());
                if (!name.empty() && name.find(' ') == std::string_view::npos) {
                    out.nameif = std::string(name);
                    out.evidence = ev.cite(c, n);
                }
            }
            if (nl == std::string::npos) break;
            start = nl + 1;
            ++n;
        }
        return out;
    }
    return out;
}

Finding asa_002(const Context& ctx) {
    constexpr std::string_view id = "ASA-002";
    if (auto f = missing_section(ctx, id, parsers::kInterfaces, kShowNameif, "interface addresses are")) return *f;
    const std::string target = target_address(ctx);
    if (target.empty())
        return make_finding(id, Verdict::unknown,
                            "the address the operator connects to is not known (meta.yaml `address` or policy "
                            "`targets`)");
    if (ctx.policy.management_sources.empty())
        return make_finding(id, Verdict::unknown, "the policy names no management_sources");
    Finding f = make_finding(id, Verdict::pass, {});
    Tally t;
    std::optional<ManagementAccess> ma;
    std::vector<std::string> advice, targets;
    for (const auto& ing : ctx.ingress()) {
        if (ing.how == Ingress::How::unknown || !ing.interface) {
            t.unknown.push_back("the interface " + ing.source + " enters on is not known (" + ing.reason + ")");
            continue;
        }
        for (const auto& e : ing.evidence) f.evidence.push_back(e);
        if (!ing.target_interface) {
            const bool any_address =
                std::any_of(ctx.device.interfaces.begin(), ctx.device.interfaces.end(),
                            [](const m::Interface& i) { return !i.ipv4.empty() || !i.ipv6.empty(); });
            t.unknown.push_back(any_address ? target + " is not an address of any interface in the evidence"
                                            : "the evidence states no interface addresses (`show nameif` prints none; "
                                              "collect the running-config)");
            continue;
        }
        const std::string in = nameif(ing.interface), to = nameif(ing.target_interface);
        if (ing.interface == ing.target_interface || in == to) {
            t.pass.push_back(ing.source + " enters on " + in + ", which owns " + target);
            continue;
        }
        if (!ma) ma = management_access(ctx.ev);
        f.evidence.push_back(ctx.ev.cite(parsers::kInterfaces, ing.target_interface->line));
        const std::string mismatch = ing.source + " enters on " + in + " but " + target + " belongs to " + to;
        if (!ma->collected) {
            t.unknown.push_back(mismatch + "; whether `management-access " + to +
                                "` allows it over VPN is not known (no full running-config collected)");
            continue;
        }
        f.evidence.push_back(ma->evidence);
        if (ma->nameif == to) {
            t.unknown.push_back(mismatch + "; `management-access " + to +
                                "` allows it only for sources that arrive over a VPN tunnel");
            continue;
        }
        if (std::find(targets.begin(), targets.end(), to) == targets.end()) targets.push_back(to);
        t.fail.push_back(mismatch +
                         ": the ASA answers SSH only on the address of the interface a connection "
                         "enters on (no `management-access " +
                         to + "`)");
        if (!ing.interface->ipv4.empty() && !ing.interface->ipv4.front().address.empty())
            advice.push_back("from " + ing.source + " connect to " + ing.interface->ipv4.front().address + " (" + in +
                             ")");
        else
            advice.push_back("from " + ing.source + " connect to the address of " + in);
    }
    f.verdict = t.verdict();
    f.reason = t.reason();
    dedupe(f.evidence);
    if (f.verdict == Verdict::fail)
        f.message = join(advice, "; ") + ". `management-access " + join(targets, ", ") +
                    "` helps only sources that arrive over a VPN tunnel; there is no configuration change for the "
                    "others.";
    return f;
}

// ---- ASA-003 / ASA-004 ------------------------------------------------------------------------

const m::AaaStatement* ssh_console_authentication(const m::Device& d) {
    const m::AaaStatement* found = nullptr;
    for (const auto& s : d.aaa.statements)
        if (s.kind == "authentication" && s.service == "ssh" && s.list == "console") found = &s;
    return found;
}

bool has_local(const m::AaaStatement& s) {
    return std::find(s.methods.begin(), s.methods.end(), "LOCAL") != s.methods.end();
}

Finding asa_003(const Context& ctx) {
    constexpr std::string_view id = "ASA-003";
    if (auto f = missing_section(ctx, id, parsers::kAaa, kShowRunAaa, "AAA for SSH is")) return *f;
    const m::AaaStatement* s = ssh_console_authentication(ctx.device);
    const bool users_known = ctx.ev.has(parsers::kUsers);
    const bool need_user = users_known && ctx.device.users.empty();
    nlohmann::json data = {{"admin_user", ctx.policy.admin_user}, {"need_user", need_user}};
    const std::string no_users = users_known ? std::string()
                                             : "`show running-config username` was not collected: make sure a "
                                               "local user exists before LOCAL is relied on";
    if (!s) {
        Finding f = make_finding(
            id, Verdict::fail, "no `aaa authentication ssh console`: since ASA 8.4 SSH logins are refused without it");
        f.severity = Severity::critical;
        f.evidence.push_back(whole(ctx, parsers::kAaa, kShowRunAaa));
        data["missing"] = true;
        data["methods"] = "LOCAL";
        f.fix_request = FixRequest{std::string(id), data};
        f.message = no_users;
        return f;
    }
    Finding f = make_finding(id, Verdict::pass, {});
    f.evidence.push_back(ctx.ev.cite(parsers::kAaa, s->line));
    if (has_local(*s)) {
        f.reason = "`aaa authentication ssh console " + join(s->methods, " ") + "` uses the local database";
        return f;
    }
    f.verdict = Verdict::fail;
    f.severity = Severity::high;
    f.reason = "`aaa authentication ssh console " + join(s->methods, " ") +
               "` has no LOCAL fallback: when the servers cannot be reached nobody can log in";
    data["missing"] = false;
    data["old_methods"] = join(s->methods, " ");
    data["methods"] = join(s->methods, " ") + " LOCAL";
    f.fix_request = FixRequest{std::string(id), data};
    f.message = no_users;
    return f;
}

Finding asa_004(const Context& ctx) {
    constexpr std::string_view id = "ASA-004";
    if (auto f = missing_section(ctx, id, parsers::kAaa, kShowRunAaa, "AAA for SSH is")) return *f;
    const m::AaaStatement* s = ssh_console_authentication(ctx.device);
    if (!s || !has_local(*s)) {
        Finding f = make_finding(id, Verdict::not_applicable,
                                 s ? "SSH authentication does not use the local database"
                                   : "no `aaa authentication ssh console` (see ASA-003)");
        if (s) f.evidence.push_back(ctx.ev.cite(parsers::kAaa, s->line));
        return f;
    }
    if (auto f = missing_section(ctx, id, parsers::kUsers, kShowRunUsername, "local users are")) return *f;
    Finding f = make_finding(id, Verdict::pass, {});
    f.evidence.push_back(ctx.ev.cite(parsers::kAaa, s->line));
    if (!ctx.device.users.empty()) {
        f.reason =
            std::to_string(ctx.device.users.size()) + " local user(s), first `" + ctx.device.users.front().name + "`";
        f.evidence.push_back(ctx.ev.cite(parsers::kUsers, ctx.device.users.front().line));
        return f;
    }
    f.verdict = Verdict::fail;
    f.reason = "`aaa authentication ssh console " + join(s->methods, " ") +
               "` uses the local database but no `username` is configured";
    f.evidence.push_back(whole(ctx, parsers::kUsers, kShowRunUsername));
    f.fix_request = FixRequest{std::string(id), {{"admin_user", ctx.policy.admin_user}}};
    return f;
}

// ---- ASA-005 / ASA-103 ------------------------------------------------------------------------

const m::CryptoKey* ssh_host_key(const m::Device& d) {
    for (const auto& k : d.keys)
        if (k.type == "RSA" && (k.name == kDefaultKey || k.name.empty())) return &k;
    return nullptr;
}

Finding asa_005(const Context& ctx) {
    constexpr std::string_view id = "ASA-005";
    if (auto f = missing_section(ctx, id, parsers::kKeys, kShowKeys, "the RSA key pairs are")) return *f;
    if (const m::CryptoKey* k = ssh_host_key(ctx.device)) {
        Finding f = make_finding(id, Verdict::pass, "the default RSA key pair exists");
        f.evidence.push_back(ctx.ev.cite(parsers::kKeys, k->line));
        return f;
    }
    std::vector<std::string> labelled;
    for (const auto& k : ctx.device.keys)
        if (k.type == "RSA") labelled.push_back(k.name);
    Finding f = make_finding(id, Verdict::fail,
                             labelled.empty() ? "no RSA key pair: the ASA has no SSH host key and refuses SSH"
                                              : "no default RSA key pair (only " + join(labelled, ", ") +
                                                    ", which SSH does not use): the ASA refuses SSH");
    f.evidence.push_back(whole(ctx, parsers::kKeys, kShowKeys));
    f.fix_request = FixRequest{std::string(id), {{"modulus", "2048"}}};
    return f;
}

Finding asa_103(const Context& ctx) {
    constexpr std::string_view id = "ASA-103";
    if (auto f = missing_section(ctx, id, parsers::kKeys, kShowKeys, "the RSA key pairs are")) return *f;
    const m::CryptoKey* k = ssh_host_key(ctx.device);
    if (!k) return make_finding(id, Verdict::not_applicable, "no default RSA key pair (see ASA-005)");
    Finding f = make_finding(id, Verdict::pass, {});
    f.evidence.push_back(ctx.ev.cite(parsers::kKeys, k->line));
    if (!k->bits) {
        f.verdict = Verdict::unknown;
        f.reason = "the size of the default RSA key is not stated";
        return f;
    }
    if (*k->bits >= 2048) {
        f.reason = "the default RSA key has " + std::to_string(*k->bits) + " bits";
        return f;
    }
    f.verdict = Verdict::fail;
    f.reason = "the default RSA key has " + std::to_string(*k->bits) + " bits (under 2048)";
    f.fix_request = FixRequest{std::string(id), {{"modulus", "2048"}, {"old_bits", std::to_string(*k->bits)}}};
    return f;
}

// ---- ASA-007 ----------------------------------------------------------------------------------

const m::Acl* find_acl(const m::Device& d, std::string_view name) {
    for (const auto& a : d.acls)
        if (a.name == name) return &a;
    return nullptr;
}

// The destination of the control-plane question: the address the operator connects to, else the
// ingress interface's own address.
std::optional<IpAddress> box_address(const Context& ctx, const Ingress& ing, m::AddressFamily family) {
    if (auto t = IpAddress::parse(target_address(ctx)); t && t->family == family) return t;
    if (!ing.interface) return std::nullopt;
    for (const auto& a : family == m::AddressFamily::ipv4 ? ing.interface->ipv4 : ing.interface->ipv6)
        if (auto ip = IpAddress::parse(a.address)) return ip;
    return std::nullopt;
}

Finding asa_007(const Context& ctx) {
    constexpr std::string_view id = "ASA-007";
    if (auto f = missing_section(ctx, id, parsers::kAccessGroups, kShowRunAccessGroup, "access-groups are")) return *f;
    std::vector<const m::AccessGroup*> cp;
    for (const auto& g : ctx.device.access_groups)
        if (g.control_plane && g.direction == "in") cp.push_back(&g);
    if (cp.empty()) return make_finding(id, Verdict::not_applicable, "no control-plane access-group is configured");
    if (ctx.policy.management_sources.empty())
        return make_finding(id, Verdict::unknown, "the policy names no management_sources");
    if (auto f = missing_section(ctx, id, parsers::kAcls, kShowAccessList, "the control-plane ACLs are")) return *f;

    const std::uint16_t port = static_cast<std::uint16_t>(ctx.policy.ssh_port);
    const std::string port_text = port == 22 ? "ssh" : std::to_string(port);
    Finding f = make_finding(id, Verdict::pass, {});
    Tally t;
    struct Permit {
        std::string acl;
        std::optional<std::uint32_t> line;
        std::string source, destination;
    };
    std::vector<Permit> permits;
    bool applies_somewhere = false;

    for (const auto& ing : ctx.ingress()) {
        auto src = Prefix::parse(ing.source);
        if (!src) {
            t.unknown.push_back("management source '" + ing.source + "' is not a prefix");
            continue;
        }
        if (ing.how == Ingress::How::unknown || !ing.interface) {
            applies_somewhere = true;
            t.unknown.push_back("the interface " + ing.source + " enters on is not known (" + ing.reason +
                                "), so which control-plane ACL applies is not known");
            continue;
        }
        const std::string nif = nameif(ing.interface);
        const m::AccessGroup* g = nullptr;
        for (const auto* x : cp)
            if (x->interface == nif) g = x;
        if (!g) continue;  // no control-plane ACL on this source's interface
        applies_somewhere = true;
        f.evidence.push_back(ctx.ev.cite(parsers::kAccessGroups, g->line));
        const m::Acl* acl = find_acl(ctx.device, g->acl);
        if (!acl) {
            t.unknown.push_back("control-plane ACL " + g->acl + " on " + nif + " is not in the evidence");
            continue;
        }
        auto dst = box_address(ctx, ing, src->address.family);
        if (!dst) {
            t.unknown.push_back("no device address of " + ing.source + "'s family to ask " + g->acl + " about");
            continue;
        }
        const auto& an = ctx.analyzer(*acl, src->address.family);
        const auto set = an.permitted_sources(*dst, 6, port);
        // A listing that does not read back leaves a spurious gap; the witness below then
        // evaluates to permit and the answer is `unknown`, never a wrong `fail`.
        std::vector<Pattern> permitted;
        for (const auto& s : set.permitted)
            if (auto p = Pattern::parse(s)) permitted.push_back(*p);
        AclDetail detail;
        detail.acl = acl->name;
        detail.source = ing.source;
        std::optional<Pattern> gap;
        if (!set.permits_any) gap = uncovered(*src, permitted);
        if (!gap) {
            t.pass.push_back(g->acl + " permits tcp/" + std::to_string(port) + " from " + ing.source + " to " +
                             dst->str());
            f.acl.push_back(std::move(detail));
            continue;
        }
        // Ask for one address of the gap, to name the line that decides.
        engine::Flow flow;
        flow.source = gap->first();
        flow.destination = *dst;
        flow.destination_port = port;
        const auto d = an.evaluate(flow);
        for (auto i : d.uncertain) detail.uncertain.push_back(ctx.ev.cite(parsers::kAcls, acl->entries[i].line));
        std::optional<std::uint32_t> line;
        if (d.deciding) {
            const auto& ace = acl->entries[*d.deciding];
            detail.deciding = ctx.ev.cite(parsers::kAcls, ace.line);
            // ASA numbers every entry, remarks included; a config ACL has no `line N` printed.
            line = ace.sequence ? *ace.sequence : static_cast<std::uint32_t>(*d.deciding + 1);
        }
        if (d.verdict != engine::Verdict::deny) {
            t.unknown.push_back(g->acl + " on " + nif + ": whether it permits tcp/" + std::to_string(port) + " from " +
                                gap->str() + " (of " + ing.source + ") is not known" +
                                (set.truncated ? " (too many permitted prefixes to list)" : ""));
            f.acl.push_back(std::move(detail));
            continue;
        }
        const std::string from = gap->str() == src->str() ? ing.source : gap->str() + " (of " + ing.source + ")";
        std::string why = g->acl + " (control-plane, " + nif + ") denies tcp/" + std::to_string(port) + " from " +
                          from + " to " + dst->str();
        why += d.deciding ? " at `" + acl->entries[*d.deciding].text + "`" : " by its implicit deny";
        t.fail.push_back(std::move(why));
        if (detail.deciding) f.evidence.push_back(*detail.deciding);
        f.acl.push_back(std::move(detail));
        permits.push_back(Permit{acl->name, line, acl_form(*src), "host " + dst->str()});
    }
    if (!applies_somewhere)
        return make_finding(id, Verdict::not_applicable,
                            "no control-plane access-group on the interfaces the management sources enter on");
    f.verdict = t.verdict();
    f.reason = t.reason();
    dedupe(f.evidence);
    if (f.verdict == Verdict::fail) {
        // Inserting at `line N` moves later lines down: insert at the highest position first; an
        // append (the implicit deny decided) moves nothing and comes last.
        std::stable_sort(permits.begin(), permits.end(), [](const Permit& a, const Permit& b) {
            if (a.acl != b.acl) return a.acl < b.acl;
            return a.line.value_or(0) > b.line.value_or(0);
        });
        nlohmann::json entries = nlohmann::json::array();
        for (const auto& p : permits)
            entries.push_back({{"acl", p.acl},
                               {"has_line", p.line.has_value()},
                               {"line", p.line ? std::to_string(*p.line) : std::string()},
                               {"source", p.source},
                               {"destination", p.destination},
                               {"port", port_text}});
        f.fix_request = FixRequest{std::string(id), {{"entries", entries}}};
    }
    return f;
}

// ---- ASA-101 ----------------------------------------------------------------------------------

Finding asa_101(const Context& ctx) {
    constexpr std::string_view id = "ASA-101";
    if (auto f = missing_section(ctx, id, parsers::kSsh, kShowRunSsh, "the `ssh` allow-list is")) return *f;
    const auto& allow = ctx.device.ssh.allow;
    const Capture* cap = ssh_field_source(ctx.ev, [](const m::SshServer& s) { return !s.allow.empty(); });
    // The lowest security level is the interface most exposed (usually `outside`).
    std::optional<int> lowest;
    std::set<std::string> lowest_names;
    if (ctx.ev.has(parsers::kInterfaces)) {
        for (const auto& i : ctx.device.interfaces)
            if (i.nameif && i.security_level && (!lowest || *i.security_level < *lowest)) lowest = i.security_level;
        for (const auto& i : ctx.device.interfaces)
            if (i.nameif && i.security_level && lowest && *i.security_level == *lowest) lowest_names.insert(*i.nameif);
    }
    std::vector<Prefix> policy;
    for (const auto& s : ctx.policy.management_sources)
        if (auto p = Prefix::parse(s)) policy.push_back(*p);

    Finding f = make_finding(id, Verdict::pass, {});
    Tally t;
    struct Broad {
        const m::MgmtAllow* entry;
        Prefix prefix;
    };
    std::vector<Broad> broad;
    for (const auto& a : allow) {
        auto p = allow_prefix(a.source);
        if (!p) {
            t.unknown.push_back("`ssh " + allow_text(a.source) + " " + a.interface + "` is not a prefix");
            continue;
        }
        std::string why;
        if (p->length == 0) {
            why = "`ssh " + allow_text(a.source) + " " + a.interface + "` admits every source";
        } else if (!ctx.policy.management_sources.empty()) {
            std::vector<Prefix> same;
            for (const auto& q : policy)
                if (q.address.family == p->address.family) same.push_back(q);
            if (auto gap = uncovered(*p, same))
                why = "`ssh " + allow_text(a.source) + " " + a.interface + "` admits " + gap->str() +
                      ", outside the policy's management sources";
        }
        if (why.empty()) continue;
        if (lowest_names.count(a.interface)) {
            why += " on " + a.interface + ", the lowest-security interface (level " + std::to_string(*lowest) + ")";
            f.severity = Severity::critical;
        }
        t.fail.push_back(std::move(why));
        if (cap) f.evidence.push_back(ctx.ev.cite(*cap, a.line));
        broad.push_back(Broad{&a, *p});
    }
    if (t.fail.empty() && t.unknown.empty() && ctx.policy.management_sources.empty()) {
        return make_finding(id, Verdict::unknown,
                            "no `ssh 0.0.0.0 0.0.0.0` entry; without management_sources in the policy whether the "
                            "other entries are wider than needed is not known");
    }
    f.verdict = t.verdict();
    f.reason = t.verdict() != Verdict::pass ? t.reason()
               : allow.empty()              ? "no `ssh` entry: SSH is allowed from nowhere"
                                            : "every `ssh` entry lies inside the policy's management sources";
    if (f.verdict == Verdict::pass) {
        for (const auto& a : allow)
            if (cap) f.evidence.push_back(ctx.ev.cite(*cap, a.line));
        if (allow.empty()) f.evidence.push_back(whole(ctx, parsers::kSsh, kShowRunSsh));
        return f;
    }
    if (f.verdict != Verdict::fail) return f;
    if (ctx.policy.management_sources.empty()) {
        f.message =
            "declare management_sources in the policy: vtyguard removes a broad `ssh` entry only after "
            "adding the narrow entries that keep the administrators in";
        return f;
    }
    // Narrow entries first: every management source the broad entry admits today and that enters
    // (or may enter) on its interface keeps a way in.
    nlohmann::json narrow = nlohmann::json::array(), remove = nlohmann::json::array();
    std::set<std::pair<std::string, std::string>> added;
    const auto& ingress = ctx.ingress();
    for (const auto& b : broad) {
        const std::string& nif = b.entry->interface;
        std::vector<Prefix> kept;  // entries on this interface that stay
        for (const auto& a : allow) {
            if (a.interface != nif) continue;
            bool is_broad = false;
            for (const auto& x : broad) is_broad = is_broad || x.entry == &a;
            if (auto p = allow_prefix(a.source); p && !is_broad) kept.push_back(*p);
        }
        for (const auto& ing : ingress) {
            auto src = Prefix::parse(ing.source);
            if (!src || !b.prefix.contains(*src)) continue;
            if (ing.interface && ing.how != Ingress::How::unknown && nameif(ing.interface) != nif) continue;
            if (!uncovered(*src, kept)) continue;
            if (added.insert({allow_form(*src), nif}).second)
                narrow.push_back({{"source", allow_form(*src)}, {"nameif", nif}});
        }
        remove.push_back({{"source", allow_text(b.entry->source)}, {"nameif", nif}});
    }
    f.fix_request = FixRequest{std::string(id), {{"narrow", narrow}, {"broad", remove}}};
    return f;
}

// ---- ASA-102, ASA-104, ASA-105 ----------------------------------------------------------------

Finding asa_102(const Context& ctx) {
    constexpr std::string_view id = "ASA-102";
    if (auto f = missing_section(ctx, id, parsers::kSsh, kShowRunSsh, "the SSH version is")) return *f;
    const auto& v = ctx.device.ssh.version;
    const Capture* cap = ssh_field_source(ctx.ev, [](const m::SshServer& s) { return s.version.has_value(); });
    if (!v)
        return make_finding(id, Verdict::unknown,
                            "no `ssh version` line: the release default applies (versions 1 and 2 on releases that "
                            "still implement version 1)");
    Finding f = make_finding(
        id, *v == "1" ? Verdict::fail : Verdict::pass,
        *v == "1" ? "`ssh version 1`: only the broken SSH protocol version 1 is accepted" : "`ssh version " + *v + "`");
    if (cap) f.evidence.push_back(ctx.ev.cite_text(*cap, "ssh version"));
    if (f.verdict == Verdict::fail) f.fix_request = FixRequest{std::string(id), {{"old_version", *v}}};
    return f;
}

Finding asa_104(const Context& ctx) {
    constexpr std::string_view id = "ASA-104";
    if (auto f = missing_section(ctx, id, parsers::kSsh, kShowRunSsh, "the SSH idle timeout is")) return *f;
    const auto& t = ctx.device.ssh.session_timeout_minutes;
    if (!t) {
        Finding f = make_finding(id, Verdict::pass, "no `ssh timeout` line: the default of 5 minutes applies");
        f.evidence.push_back(whole(ctx, parsers::kSsh, kShowRunSsh));
        return f;
    }
    const Capture* cap =
        ssh_field_source(ctx.ev, [](const m::SshServer& s) { return s.session_timeout_minutes.has_value(); });
    Finding f = make_finding(id, *t > 5 ? Verdict::fail : Verdict::pass,
                             "`ssh timeout " + std::to_string(*t) + "`" +
                                 (*t > 5 ? ": idle sessions stay open over 5 minutes" : std::string()));
    if (cap) f.evidence.push_back(ctx.ev.cite_text(*cap, "ssh timeout"));
    if (f.verdict == Verdict::fail) f.fix_request = FixRequest{std::string(id), {{"old_timeout", std::to_string(*t)}}};
    return f;
}

Finding asa_105(const Context& ctx) {
    constexpr std::string_view id = "ASA-105";
    if (auto f = missing_section(ctx, id, parsers::kTelnet, kShowRunTelnet, "the `telnet` allow-list is")) return *f;
    const auto& telnet = ctx.device.telnet;
    if (telnet.empty()) {
        Finding f = make_finding(id, Verdict::pass, "no `telnet` entry: telnet to the ASA is refused from everywhere");
        f.evidence.push_back(whole(ctx, parsers::kTelnet, kShowRunTelnet));
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, {});
    std::vector<std::string> names;
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& a : telnet) {
        names.push_back("`telnet " + allow_text(a.source) + " " + a.interface + "`");
        f.evidence.push_back(ctx.ev.cite(parsers::kTelnet, a.line));
        entries.push_back({{"source", allow_text(a.source)}, {"nameif", a.interface}});
    }
    f.reason = "telnet (clear text) is allowed: " + join(names, ", ");
    f.fix_request = FixRequest{std::string(id), {{"entries", entries}}};
    return f;
}

// ---- SSH-017 and ASA-106: algorithms ----------------------------------------------------------

enum Category { kKex, kHostkey, kCipher, kMac, kCategories };
constexpr std::array<std::string_view, kCategories> kCategoryName = {"key exchange", "host key", "encryption", "MAC"};
constexpr std::array<std::string_view, kCategories> kIosKeyword = {"kex", "hostkey", "encryption", "mac"};
constexpr std::array<std::string_view, kCategories> kOpensshOption = {"KexAlgorithms", "HostKeyAlgorithms", "Ciphers",
                                                                      "MACs"};

// A client's default proposal, in its order of preference.
struct Profile {
    std::string_view name;
    std::string_view covers;
    std::array<std::vector<std::string_view>, kCategories> algorithms;
};

std::vector<std::string_view> plus(std::vector<std::string_view> v, std::initializer_list<std::string_view> more) {
    v.insert(v.end(), more.begin(), more.end());
    return v;
}

// OpenSSH myproposal.h: 7.4..8.1 still offer group14-sha1, gex-sha1, ssh-rsa and AES-CBC (never
// 3des-cbc or group1); 8.2 drops the SHA-1 key exchanges and CBC; 8.8 drops ssh-rsa signatures
// (RSA keys still work with rsa-sha2-256/512).
std::vector<Profile> build_profiles() {
    const std::vector<std::string_view> kex8 = {"curve25519-sha256",
                                                "curve25519-sha256@libssh.org",
                                                "ecdh-sha2-nistp256",
                                                "ecdh-sha2-nistp384",
                                                "ecdh-sha2-nistp521",
                                                "diffie-hellman-group-exchange-sha256",
                                                "diffie-hellman-group16-sha512",
                                                "diffie-hellman-group18-sha512",
                                                "diffie-hellman-group14-sha256"};
    const auto kex9 = plus({"mlkem768x25519-sha256", "sntrup761x25519-sha512@openssh.com"}, {}),
               kex7 = plus(kex8, {"diffie-hellman-group-exchange-sha1", "diffie-hellman-group14-sha1"});
    std::vector<std::string_view> kex_new = kex9;
    kex_new.insert(kex_new.end(), kex8.begin(), kex8.end());
    const std::vector<std::string_view> host9 = {"ssh-ed25519",         "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                                                 "ecdsa-sha2-nistp521", "rsa-sha2-512",        "rsa-sha2-256"};
    const std::vector<std::string_view> cipher9 = {
        "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com",
        "aes256-gcm@openssh.com"};
    const std::vector<std::string_view> mac = {"umac-64-etm@openssh.com",
                                               "umac-128-etm@openssh.com",
                                               "hmac-sha2-256-etm@openssh.com",
                                               "hmac-sha2-512-etm@openssh.com",
                                               "hmac-sha1-etm@openssh.com",
                                               "umac-64@openssh.com",
                                               "umac-128@openssh.com",
                                               "hmac-sha2-256",
                                               "hmac-sha2-512",
                                               "hmac-sha1"};
    const auto host8 = plus(host9, {"ssh-rsa"});
    const auto cipher7 = plus(cipher9, {"aes128-cbc", "aes192-cbc", "aes256-cbc"});
    return {
        {"openssh-9", "OpenSSH 8.8 and later", {kex_new, host9, cipher9, mac}},
        {"openssh-8", "OpenSSH 8.2 to 8.7", {kex8, host8, cipher9, mac}},
        {"openssh-7", "OpenSSH 7.4 to 8.1", {kex7, host8, cipher7, mac}},
        {"legacy",
         "a client with every legacy algorithm enabled",
         {plus(kex7, {"diffie-hellman-group1-sha1"}), plus(host8, {"ssh-dss"}), plus(cipher7, {"3des-cbc"}),
          plus(mac, {"hmac-sha1-96", "hmac-md5", "hmac-md5-96"})}},
    };
}

const std::vector<Profile>& profiles() {
    static const std::vector<Profile> all = build_profiles();
    return all;
}

const Profile* find_profile(std::string_view name) {
    for (const auto& p : profiles())
        if (p.name == name || (name == "openssh-8.8" && p.name == "openssh-9")) return &p;
    return nullptr;
}

bool aead(std::string_view cipher) {
    return cipher == "chacha20-poly1305@openssh.com" || cipher == "aes128-gcm@openssh.com" ||
           cipher == "aes256-gcm@openssh.com";
}

// What the device offers in one category.
struct Offer {
    bool stated = false;  // something is known
    bool exact = false;   // `algorithms` is the whole list, not a lower bound
    std::vector<std::string> algorithms;
    std::string origin;  // where the list comes from, for reasons
    std::optional<Evidence> evidence;
};

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto e = s.find(sep, start);
        auto w = s.substr(start, e == std::string_view::npos ? s.size() - start : e - start);
        if (!w.empty()) out.emplace_back(w);
        if (e == std::string_view::npos) break;
        start = e + 1;
    }
    return out;
}

std::string kex_name(std::string_view asa) {
    if (asa == "dh-group1-sha1") return "diffie-hellman-group1-sha1";
    if (asa == "dh-group14-sha1") return "diffie-hellman-group14-sha1";
    if (asa == "dh-group14-sha256") return "diffie-hellman-group14-sha256";
    return std::string(asa);  // ecdh-sha2-nistp256, curve25519-sha256 are already protocol names
}

// ASA `ssh cipher encryption|integrity LEVEL`: the lists `show ssh ciphers` prints for each level.
// Later releases add algorithms (AES-GCM, hmac-sha2-512) to some levels, so a level is a lower
// bound, except where every release agrees.
Offer asa_level(Category c, std::string_view value, bool absent_known_medium) {
    Offer o;
    std::string level(value);
    if (value.substr(0, 7) == "custom ") {
        o.stated = o.exact = true;
        o.algorithms = split(value.substr(7), ':');
        return o;
    }
    static const std::map<std::string, std::vector<std::string>> enc = {
        {"all", {"3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc", "aes128-ctr", "aes192-ctr", "aes256-ctr"}},
        {"low", {"3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc", "aes128-ctr", "aes192-ctr", "aes256-ctr"}},
        {"medium", {"aes128-cbc", "aes192-cbc", "aes256-cbc", "aes128-ctr", "aes192-ctr", "aes256-ctr"}},
        {"fips", {"aes128-cbc", "aes256-cbc"}},
        {"high", {"aes256-cbc", "aes256-ctr"}}};
    static const std::map<std::string, std::vector<std::string>> integ = {
        {"all", {"hmac-sha1", "hmac-sha1-96", "hmac-md5", "hmac-md5-96", "hmac-sha2-256"}},
        {"low", {"hmac-sha1", "hmac-sha1-96", "hmac-md5", "hmac-md5-96", "hmac-sha2-256"}},
        {"medium", {"hmac-sha1", "hmac-sha2-256"}},
        {"fips", {"hmac-sha1", "hmac-sha2-256"}},
        {"high", {"hmac-sha2-256"}}};
    const auto& table = c == kCipher ? enc : integ;
    if (value.empty()) {
        // No `ssh cipher` line: `medium` on releases that have the command (9.1(7), 9.6(1) and
        // later); before that the ASA offered AES-CBC and HMAC-SHA1 at least.
        if (absent_known_medium) {
            level = "medium";
        } else {
            o.stated = true;
            o.algorithms = c == kCipher ? std::vector<std::string>{"aes128-cbc", "aes192-cbc", "aes256-cbc"}
                                        : std::vector<std::string>{"hmac-sha1"};
            return o;
        }
    }
    auto it = table.find(level);
    if (it == table.end()) return o;
    o.stated = true;
    o.algorithms = it->second;
    return o;
}

std::array<Offer, kCategories> asa_offers(const Context& ctx) {
    std::array<Offer, kCategories> o;
    const auto& ssh = ctx.device.ssh;
    const auto release = asa_release(ctx.device);
    const bool modern = release && ((*release)[0] > 9 || ((*release)[0] == 9 && (*release)[1] >= 6) ||
                                    ((*release)[0] == 9 && (*release)[1] == 1 && (*release)[2] >= 7));
    auto cite = [&](auto stated, std::string_view needle) -> std::optional<Evidence> {
        if (const Capture* c = ssh_field_source(ctx.ev, stated)) return ctx.ev.cite_text(*c, needle);
        return std::nullopt;
    };
    if (!ssh.key_exchange_groups.empty()) {
        o[kKex].stated = o[kKex].exact = true;
        for (const auto& g : ssh.key_exchange_groups) o[kKex].algorithms.push_back(kex_name(g));
        o[kKex].origin = "`ssh key-exchange group " + join(ssh.key_exchange_groups, " ") + "`";
        o[kKex].evidence =
            cite([](const m::SshServer& s) { return !s.key_exchange_groups.empty(); }, "ssh key-exchange group");
    } else {
        o[kKex].origin = "no `ssh key-exchange group` line (the release default applies)";
    }
    // The ASA's host key is RSA: every release signs with ssh-rsa; whether it also offers
    // rsa-sha2-256/512 depends on the release and is not in the evidence.
    o[kHostkey].stated = true;
    o[kHostkey].algorithms = {"ssh-rsa"};
    o[kHostkey].origin = "an RSA host key (ssh-rsa; rsa-sha2-256/512 depend on the release)";
    for (Category c : {kCipher, kMac}) {
        const auto& v = c == kCipher ? ssh.cipher_encryption : ssh.cipher_integrity;
        const std::string_view kw = c == kCipher ? "ssh cipher encryption" : "ssh cipher integrity";
        o[c] = asa_level(c, v.value_or(""), modern);
        o[c].origin = v ? "`" + std::string(kw) + " " + *v + "`"
                        : "no `" + std::string(kw) + "` line (" + (modern ? "medium" : "release default") + ")";
        if (v)
            o[c].evidence = c == kCipher
                                ? cite([](const m::SshServer& s) { return s.cipher_encryption.has_value(); }, kw)
                                : cite([](const m::SshServer& s) { return s.cipher_integrity.has_value(); }, kw);
    }
    return o;
}

// `ip ssh server algorithm CATEGORY ...` lines of a running-config.
std::optional<std::vector<std::string>> ios_configured(const m::SshServer& ssh, Category c) {
    const std::string head = "ip ssh server algorithm " + std::string(kIosKeyword[c]) + " ";
    std::optional<std::vector<std::string>> out;
    for (const auto& l : ssh.config_lines)
        if (l.substr(0, head.size()) == head) out = split(std::string_view(l).substr(head.size()), ' ');
    return out;
}

std::array<Offer, kCategories> ios_offers(const Context& ctx) {
    std::array<Offer, kCategories> o;
    const auto& a = ctx.device.ssh.algorithms;
    const std::array<const std::vector<std::string>*, kCategories> lists = {&a.kex, &a.hostkey, &a.encryption, &a.mac};
    constexpr std::array<std::string_view, kCategories> needle = {"KEX", "Hostkey Algorithms", "Encryption", "MAC"};
    const Capture* show = ctx.ev.find(kShowIpSsh);
    for (int i = 0; i < kCategories; ++i) {
        const auto c = static_cast<Category>(i);
        // The evidence merge also fills the lists from `ip ssh server algorithm` lines: name
        // `show ip ssh` only when it is what stated them.
        auto cfg = ios_configured(ctx.device.ssh, c);
        if (!lists[c]->empty() && (show || !cfg)) {
            o[c].stated = o[c].exact = true;
            o[c].algorithms = *lists[c];
            o[c].origin = show ? "`show ip ssh` " + std::string(needle[c]) + " list" : "the device's algorithm list";
            if (show) o[c].evidence = ctx.ev.cite_text(*show, needle[c]);
        } else if (cfg) {
            o[c].stated = o[c].exact = true;
            o[c].algorithms = *cfg;
            o[c].origin = "`ip ssh server algorithm " + std::string(kIosKeyword[c]) + "`";
        } else {
            o[c].origin = show ? "`show ip ssh` does not list them on this release" : "`show ip ssh` not collected";
        }
    }
    return o;
}

struct Negotiation {
    std::array<std::vector<std::string>, kCategories> common;
    std::vector<Category> failing, unknown;
};

Negotiation negotiate(const std::array<Offer, kCategories>& offers, const Profile& p) {
    Negotiation n;
    for (int i = 0; i < kCategories; ++i) {
        const auto c = static_cast<Category>(i);
        for (auto want : p.algorithms[c])
            for (const auto& have : offers[c].algorithms)
                if (have == want) n.common[c].push_back(have);
    }
    // The client takes its first preference the server offers; an AEAD cipher needs no MAC.
    const bool mac_needed = n.common[kCipher].empty() || !aead(n.common[kCipher].front()) || !offers[kCipher].exact;
    for (int i = 0; i < kCategories; ++i) {
        const auto c = static_cast<Category>(i);
        if (c == kMac && !mac_needed) continue;
        if (!n.common[c].empty()) continue;
        if (offers[c].stated && offers[c].exact)
            n.failing.push_back(c);
        else
            n.unknown.push_back(c);
    }
    return n;
}

// IOS-XE 17 accepts these `ip ssh server algorithm` keywords (older releases lack rsa-sha2).
const std::array<std::vector<std::string_view>, kCategories>& iosxe17_keywords() {
    static const std::array<std::vector<std::string_view>, kCategories> k = {
        std::vector<std::string_view>{"ecdh-sha2-nistp521", "ecdh-sha2-nistp384", "ecdh-sha2-nistp256"},
        std::vector<std::string_view>{"rsa-sha2-512", "rsa-sha2-256"},
        std::vector<std::string_view>{"aes256-ctr", "aes192-ctr", "aes128-ctr"},
        std::vector<std::string_view>{"hmac-sha2-512", "hmac-sha2-256"}};
    return k;
}

bool iosxe_17_or_later(const m::Device& d) {
    if (!d.version || d.version->software != "IOS-XE") return false;
    int major = 0;
    const auto& r = d.version->release;
    auto [p, ec] = std::from_chars(r.data(), r.data() + r.size(), major);
    return ec == std::errc{} && major >= 17;
}

// The ASA fix data shared by ASA-106 and SSH-017: which `ssh` algorithm settings to raise, and
// what each was, for the rollback.
nlohmann::json asa_algorithm_fix(const m::SshServer& ssh, bool kex, bool encryption, bool integrity) {
    return {{"kex", kex},
            {"kex_old", join(ssh.key_exchange_groups, " ")},
            {"kex_was_set", !ssh.key_exchange_groups.empty()},
            {"encryption", encryption},
            {"encryption_old", ssh.cipher_encryption.value_or("")},
            {"encryption_was_set", ssh.cipher_encryption.has_value()},
            {"integrity", integrity},
            {"integrity_old", ssh.cipher_integrity.value_or("")},
            {"integrity_was_set", ssh.cipher_integrity.has_value()}};
}

Finding ssh_017(const Context& ctx) {
    constexpr std::string_view id = "SSH-017";
    const bool asa = ctx.ev.platform == "cisco_asa";
    if (auto f = missing_section(ctx, id, parsers::kSsh, asa ? kShowRunSsh : kShowIpSsh, "the SSH algorithms are"))
        return *f;
    if (!asa && ctx.device.ssh.available == false)
        return make_finding(id, Verdict::not_applicable, "the image has no SSH server (see SSH-015)");
    const Profile* p = find_profile(ctx.policy.client_profile);
    if (!p) {
        std::vector<std::string> names;
        for (const auto& x : profiles()) names.emplace_back(x.name);
        return make_finding(
            id, Verdict::unknown,
            "client profile '" + ctx.policy.client_profile + "' is not known (" + join(names, ", ") + ")");
    }
    const auto offers = asa ? asa_offers(ctx) : ios_offers(ctx);
    const Negotiation n = negotiate(offers, *p);
    Finding f = make_finding(id, Verdict::pass, {});
    for (const auto& o : offers)
        if (o.evidence) f.evidence.push_back(*o.evidence);
    if (n.failing.empty()) {
        if (!n.unknown.empty()) {
            std::vector<std::string> parts;
            for (auto c : n.unknown)
                parts.push_back(
                    std::string(kCategoryName[c]) + ": " + offers[c].origin +
                    (offers[c].algorithms.empty() ? "" : " offers at least " + join(offers[c].algorithms, ",")));
            f.verdict = Verdict::unknown;
            f.reason = "whether " + std::string(p->name) + " (" + std::string(p->covers) +
                       ") finds an algorithm in common is not known: " + join(parts, "; ");
            if (f.evidence.empty()) f.evidence.push_back(whole(ctx, parsers::kSsh, asa ? kShowRunSsh : kShowIpSsh));
            return f;
        }
        std::vector<std::string> parts;
        for (int i = 0; i < kCategories; ++i)
            if (!n.common[i].empty()) parts.push_back(std::string(kCategoryName[i]) + " " + n.common[i].front());
        f.reason = std::string(p->name) + " negotiates " + join(parts, ", ");
        return f;
    }
    std::vector<std::string> parts, workaround;
    for (auto c : n.failing) {
        parts.push_back("no " + std::string(kCategoryName[c]) + " algorithm in common (the device offers " +
                        join(offers[c].algorithms, ",") + " from " + offers[c].origin + ")");
        // The device's first preference that OpenSSH still implements (the legacy profile).
        const auto& legacy = find_profile("legacy")->algorithms[c];
        auto usable = std::find_if(offers[c].algorithms.begin(), offers[c].algorithms.end(), [&](const auto& a) {
            return std::find(legacy.begin(), legacy.end(), a) != legacy.end();
        });
        if (usable == offers[c].algorithms.end()) {
            workaround.push_back("(no " + std::string(kCategoryName[c]) + " algorithm OpenSSH implements)");
            continue;
        }
        workaround.push_back("-o " + std::string(kOpensshOption[c]) + "=+" + *usable);
        if (c == kHostkey && *usable == "ssh-rsa") workaround.push_back("-o PubkeyAcceptedAlgorithms=+ssh-rsa");
    }
    f.verdict = Verdict::fail;
    f.reason = std::string(p->name) + " (" + std::string(p->covers) + ") cannot connect: " + join(parts, "; ");
    f.message = "client-side workaround until the device is fixed: ssh " + join(workaround, " ");
    auto failing = [&](Category c) { return std::find(n.failing.begin(), n.failing.end(), c) != n.failing.end(); };
    if (asa) {
        // The ASA host-key list is never stated exactly (asa_offers), so only these can fail.
        f.fix_request = FixRequest{std::string(id),
                                   asa_algorithm_fix(ctx.device.ssh, failing(kKex), failing(kCipher), failing(kMac))};
        return f;
    }
    if (!iosxe_17_or_later(ctx.device)) {
        f.message +=
            "; a server-side change needs a release that supports stronger algorithms (IOS-XE 17 offers "
            "rsa-sha2, ECDH and AES-CTR)";
        return f;
    }
    nlohmann::json lines = nlohmann::json::array();
    for (auto c : n.failing) {
        std::vector<std::string> algs;
        for (auto k : iosxe17_keywords()[c])
            if (std::find(p->algorithms[c].begin(), p->algorithms[c].end(), k) != p->algorithms[c].end())
                algs.emplace_back(k);
        if (algs.empty()) continue;
        auto old = ios_configured(ctx.device.ssh, c);
        lines.push_back({{"category", std::string(kIosKeyword[c])},
                         {"algorithms", join(algs, " ")},
                         {"has_old", old.has_value()},
                         {"old", old ? join(*old, " ") : std::string()}});
    }
    if (!lines.empty()) f.fix_request = FixRequest{std::string(id), {{"lines", lines}}};
    return f;
}

// ASA-106: weak algorithms offered, judged on the configuration (CHECKS.md: `dh-group1-sha1`, or
// ciphers/integrity below `high`).
bool strong_cipher(std::string_view c) {
    return c == "aes256-ctr" || c == "aes192-ctr" || c == "aes128-ctr" || c == "aes256-gcm@openssh.com" ||
           c == "aes128-gcm@openssh.com" || c == "chacha20-poly1305@openssh.com";
}

bool strong_mac(std::string_view c) {
    return c == "hmac-sha2-256" || c == "hmac-sha2-512" || c == "hmac-sha2-256-etm@openssh.com" ||
           c == "hmac-sha2-512-etm@openssh.com";
}

Finding asa_106(const Context& ctx) {
    constexpr std::string_view id = "ASA-106";
    if (auto f = missing_section(ctx, id, parsers::kSsh, kShowRunSsh, "the SSH algorithms are")) return *f;
    const auto& ssh = ctx.device.ssh;
    const auto offers = asa_offers(ctx);
    Finding f = make_finding(id, Verdict::pass, {});
    for (const auto& o : offers)
        if (o.evidence) f.evidence.push_back(*o.evidence);
    std::vector<std::string> weak;
    const bool kex_weak = std::find(ssh.key_exchange_groups.begin(), ssh.key_exchange_groups.end(), "dh-group1-sha1") !=
                          ssh.key_exchange_groups.end();
    if (kex_weak) weak.push_back("`dh-group1-sha1` key exchange (1024-bit group, SHA-1)");
    auto below_high = [&](const std::optional<std::string>& v, Category c) {
        if (!v) return true;  // the default, `medium`
        if (*v == "high") return false;
        if (v->substr(0, 7) == "custom ") {
            for (const auto& a : split(std::string_view(*v).substr(7), ':'))
                if (!(c == kCipher ? strong_cipher(a) : strong_mac(a))) return true;
            return false;
        }
        return true;
    };
    const bool enc_weak = below_high(ssh.cipher_encryption, kCipher);
    const bool int_weak = below_high(ssh.cipher_integrity, kMac);
    if (enc_weak)
        weak.push_back("encryption " + ssh.cipher_encryption.value_or("medium (the default)") +
                       " (below high: offers CBC or 3DES)");
    if (int_weak)
        weak.push_back("integrity " + ssh.cipher_integrity.value_or("medium (the default)") +
                       " (below high: offers SHA-1 or MD5)");
    if (weak.empty()) {
        if (ssh.key_exchange_groups.empty()) {
            f.verdict = Verdict::unknown;
            f.reason =
                "ciphers and integrity are `high`, but no `ssh key-exchange group` line: the release default "
                "(dh-group1-sha1 on older releases) is not known";
            f.evidence.push_back(whole(ctx, parsers::kSsh, kShowRunSsh));
            return f;
        }
        f.reason = "key exchange " + join(ssh.key_exchange_groups, " ") + ", ciphers and integrity `high`";
        return f;
    }
    f.verdict = Verdict::fail;
    f.reason = "weak SSH algorithms: " + join(weak, "; ");
    if (f.evidence.empty()) f.evidence.push_back(whole(ctx, parsers::kSsh, kShowRunSsh));
    // A key exchange left to the release default is set too, so the result no longer depends on it.
    f.fix_request = FixRequest{std::string(id),
                               asa_algorithm_fix(ssh, kex_weak || ssh.key_exchange_groups.empty(), enc_weak, int_weak)};
    return f;
}

}  // namespace

void add_asa_checks(std::vector<CheckInfo>& out) {
    out.push_back({"SSH-017", "both", 'A', Severity::high, "no algorithm in common with the client profile", &ssh_017});
    out.push_back(
        {"ASA-001", "cisco_asa", 'A', Severity::critical, "no `ssh` entry for the source on its ingress", &asa_001});
    out.push_back({"ASA-002", "cisco_asa", 'A', Severity::high, "target address on another interface than the ingress",
                   &asa_002});
    out.push_back({"ASA-003", "cisco_asa", 'A', Severity::high, "`aaa authentication ssh console` missing or no LOCAL",
                   &asa_003});
    out.push_back(
        {"ASA-004", "cisco_asa", 'A', Severity::critical, "LOCAL authentication without a username", &asa_004});
    out.push_back({"ASA-005", "cisco_asa", 'A', Severity::critical, "no RSA host key pair", &asa_005});
    out.push_back({"ASA-007", "cisco_asa", 'A', Severity::critical, "control-plane ACL denies SSH", &asa_007});
    out.push_back({"ASA-101", "cisco_asa", 'B', Severity::high, "over-broad `ssh` source", &asa_101});
    out.push_back({"ASA-102", "cisco_asa", 'B', Severity::high, "`ssh version 1`", &asa_102});
    out.push_back({"ASA-103", "cisco_asa", 'B', Severity::high, "RSA host key under 2048 bits", &asa_103});
    out.push_back({"ASA-104", "cisco_asa", 'B', Severity::low, "`ssh timeout` over 5 minutes", &asa_104});
    out.push_back({"ASA-105", "cisco_asa", 'B', Severity::high, "telnet allowed", &asa_105});
    out.push_back({"ASA-106", "cisco_asa", 'B', Severity::medium, "weak SSH algorithms", &asa_106});
}

}  // namespace vtyguard::checks
