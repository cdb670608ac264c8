// CHECKS.md section B on IOS (SSH-008, SSH-101..SSH-112) and SSH-018 on both platforms: what
// makes SSH access unsafe.
//
// Contract (on top of checks.hpp):
//  - Verdicts are read from the merged model (ctx.device) only, never from one capture's own
//    parse, so the fix verifier sees its patch. Captures are read for evidence, for the lines the
//    parsers did not understand, and for the values a rollback restores.
//  - A setting absent from the configuration takes the IOS default only where that default is the
//    same on every release: exec-timeout 10 minutes, `ip ssh time-out` 120 s,
//    `ip ssh authentication-retries` 3, aux/con `exec` on. Anything else absent is `unknown`.
//  - A line the parsers did not understand inside the configuration a check reads (a vty block,
//    an `ip ssh` statement, a `show ip ssh` line, ...) turns a `pass` into `unknown`: the line
//    might have said otherwise. A `fail` read from understood lines stands.
//  - Fix data: every value a template needs, from the device and the policy; strings and
//    booleans only. vty ranges are split at the device's own block boundaries and wherever the
//    value a rollback restores differs, so the rollback is exact per range.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <memory>
#include <set>

#include "plugin/engine/acl.hpp"
#include "plugin/engine/auth.hpp"
#include "plugin/engine/checks.hpp"

namespace vtyguard::checks {

namespace {

using engine::EffectiveLine;
using engine::IpAddress;
using engine::Tri;
using model::AddressFamily;
using nlohmann::json;
namespace P = parsers;

constexpr int kDefaultExecTimeout = 600;  // seconds; IOS default on every release and line type
constexpr int kDefaultSshTimeout = 120;   // `ip ssh time-out` default
constexpr int kDefaultSshRetries = 3;     // `ip ssh authentication-retries` default

// ---- text helpers ------------------------------------------------------------------------------

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Any list of strings: std::vector<std::string>, a PortMatch's model::WordList.
template <class Strings>
std::string join(const Strings& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += std::string_view(s);
    }
    return out;
}

std::optional<int> major_release(const model::Device& d) {
    if (!d.version || d.version->release.empty()) return std::nullopt;
    int major = 0;
    const auto& r = d.version->release;
    auto [p, ec] = std::from_chars(r.data(), r.data() + r.size(), major);
    if (ec != std::errc() || p == r.data()) return std::nullopt;
    return major;
}

// `vty 0-4, 7`
std::string line_list(std::string_view type, const std::vector<int>& numbers) {
    std::vector<int> n = numbers;
    std::sort(n.begin(), n.end());
    n.erase(std::unique(n.begin(), n.end()), n.end());
    std::string out(type);
    for (std::size_t i = 0; i < n.size();) {
        std::size_t j = i;
        while (j + 1 < n.size() && n[j + 1] == n[j] + 1) ++j;
        out += i == 0 ? " " : ", ";
        out += std::to_string(n[i]);
        if (j > i) out += "-" + std::to_string(n[j]);
        i = j + 1;
    }
    return out;
}

// ---- evidence ----------------------------------------------------------------------------------

bool is_config_command(std::string_view command) {
    return starts_with(command, "show running-config") || starts_with(command, "more system:running-config");
}

const Capture* running_config(const DeviceEvidence& ev) {
    if (const auto* c = ev.find("show running-config")) return c;
    return ev.find("more system:running-config");
}

std::vector<std::string_view> split(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto nl = text.find('\n', start);
        auto end = nl == std::string_view::npos ? text.size() : nl;
        auto l = text.substr(start, end - start);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        out.push_back(l);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

// The first line the parsers did not understand in a capture that states one of `sections`: in a
// dedicated show command any such line; in a configuration only a line whose top-level statement
// starts with one of `heads` (a statement of ours that did not parse, or a child of one).
std::optional<Evidence> unparsed(const Context& ctx, std::uint32_t sections, std::vector<std::string_view> heads) {
    for (const auto& c : ctx.ev.captures) {
        if (!(c.sections & sections) || c.diagnostics.empty()) continue;
        if (!is_config_command(c.command)) return ctx.ev.cite(c, c.diagnostics.front().line);
        const auto lines = split(c.text);
        for (const auto& d : c.diagnostics) {
            if (d.line == 0 || d.line > lines.size()) continue;
            std::size_t h = d.line;
            while (h > 1 && !lines[h - 1].empty() && (lines[h - 1].front() == ' ' || lines[h - 1].front() == '\t')) --h;
            const auto head = trim(lines[h - 1]);
            for (auto p : heads) {
                // `line` heads that did not parse at all may be vty heads.
                const bool own_head = h == d.line && p == "line vty" && starts_with(head, "line");
                if (starts_with(head, p) || own_head) return ctx.ev.cite(c, d.line);
            }
        }
    }
    return std::nullopt;
}

// A pass (or not_applicable) that rests on configuration with a line that was not understood is
// not certain: that line might have said otherwise.
void gate(Finding& f, const std::optional<Evidence>& u) {
    if (!u || (f.verdict != Verdict::pass && f.verdict != Verdict::not_applicable)) return;
    f.reason = std::string("would be ") + std::string(to_string(f.verdict)) + ", but line " + std::to_string(u->line) +
               " of `" + u->command + "` was not understood (`" + std::string(trim(u->text)) + "`): " + f.reason;
    f.verdict = Verdict::unknown;
    f.evidence.push_back(*u);
}

// Evidence for something a capture states by not printing it (an absent statement).
Evidence absent(const DeviceEvidence& ev, const Capture* c, std::string text) {
    Evidence e = c ? ev.cite(*c, 0) : Evidence{};
    e.text = std::move(text);
    return e;
}

// A line of an ACL-stating capture that was not understood and may be an ACL header, so an ACL
// might exist that the model does not hold. Entries are indented in `show access-lists` and under
// `ip access-list`; a line that is not cannot be an entry. (Unparsed entries are kept in their ACL
// and the analyzer answers `unknown` for what they decide.)
std::optional<Evidence> acl_unexplained(const Context& ctx) {
    for (const auto& c : ctx.ev.captures) {
        if (!(c.sections & P::kAcls)) continue;
        const auto lines = split(c.text);
        for (const auto& d : c.diagnostics) {
            if (d.line == 0 || d.line > lines.size()) continue;
            const auto l = lines[d.line - 1];
            if (l.empty() || l.front() == ' ' || l.front() == '\t') continue;
            const auto t = trim(l);
            if (is_config_command(c.command) && !starts_with(t, "ip access-list") &&
                !starts_with(t, "ipv6 access-list") && !starts_with(t, "access-list"))
                continue;
            return ctx.ev.cite(c, d.line);
        }
    }
    return std::nullopt;
}

Finding unknown_missing(std::string_view id, std::string reason, std::string_view command) {
    Finding f = make_finding(id, Verdict::unknown, std::move(reason));
    f.evidence.push_back(DeviceEvidence::missing(command));
    return f;
}

const Capture* lines_capture(const Context& ctx) {
    return ctx.ev.source(P::kLines);
}

// The first line of `block` (in capture `c`) whose text starts with `needle` after indentation;
// the block head when none does.
Evidence cite_child(const DeviceEvidence& ev, const Capture* c, std::size_t head, std::string_view needle) {
    if (!c) return Evidence{};
    if (head == 0) return ev.cite(*c, 0);
    const auto lines = split(c->text);
    for (std::size_t n = head + 1; n <= lines.size(); ++n) {
        const auto l = lines[n - 1];
        if (l.empty() || (l.front() != ' ' && l.front() != '\t')) break;
        if (starts_with(trim(l), needle)) return ev.cite(*c, n);
    }
    return ev.cite(*c, head);
}

// Evidence for the vty `lines`: per contributing block, the child line starting with `needle`
// (or the head). Deduplicated.
std::vector<Evidence> cite_vty(const Context& ctx, const std::vector<const EffectiveLine*>& lines,
                               std::string_view needle) {
    std::vector<Evidence> out;
    std::set<std::size_t> seen;
    const Capture* c = lines_capture(ctx);
    for (const auto* l : lines) {
        for (auto bi : l->blocks) {
            if (bi >= ctx.device.lines.size()) continue;
            auto e = cite_child(ctx.ev, c, ctx.device.lines[bi].line, needle);
            if (seen.insert(e.line).second) out.push_back(std::move(e));
        }
    }
    return out;
}

std::vector<int> numbers(const std::vector<const EffectiveLine*>& lines) {
    std::vector<int> out;
    for (const auto* l : lines) out.push_back(l->number);
    return out;
}

// ---- vty ranges for fixes ------------------------------------------------------------------------

struct Range {
    int first = 0, last = 0;
    std::string key;  // the value a rollback restores, shared by every line of the range
    std::string text() const {
        return first == last ? std::to_string(first) : std::to_string(first) + " " + std::to_string(last);
    }
};

// Ranges covering exactly the lines of `key` (line number -> rollback value), split at the
// device's block boundaries (the ranges the operator wrote) and where the value changes.
std::vector<Range> ranges_by(const model::Device& d, const std::map<int, std::string>& key) {
    std::vector<Range> out;
    std::set<int> done;
    auto emit = [&](int a, int b) {
        for (int n = a; n <= b; ++n) {
            auto it = key.find(n);
            if (it == key.end() || done.count(n)) continue;
            if (!out.empty() && out.back().last == n - 1 && out.back().key == it->second && n > a) {
                out.back().last = n;
            } else {
                out.push_back(Range{n, n, it->second});
            }
            done.insert(n);
        }
    };
    for (const auto& b : d.lines)
        if (b.type == "vty") emit(b.first, std::max(b.first, b.last));
    // Lines no block names (cannot happen for resolved lines, kept for completeness).
    for (const auto& [n, k] : key) emit(n, n);
    return out;
}

// A setting of line `l` as written: from the last of its blocks that sets it (`get` reads the
// optional setting of a block).
template <class Get>
auto raw_setting(const model::Device& d, const EffectiveLine& l, Get get) -> decltype(get(d.lines.front())) {
    decltype(get(d.lines.front())) out{};
    for (auto bi : l.blocks)
        if (bi < d.lines.size() && get(d.lines[bi])) out = get(d.lines[bi]);
    return out;
}

json ranges_json(const std::vector<Range>& ranges, std::string_view key_name) {
    json out = json::array();
    for (const auto& r : ranges) {
        json j = {{"range", r.text()}};
        if (!key_name.empty()) j[std::string(key_name)] = r.key;
        out.push_back(std::move(j));
    }
    return out;
}

// ---- management sources ------------------------------------------------------------------------

struct Source {
    AddressFamily family = AddressFamily::ipv4;
    IpAddress network;
    int length = 0;
    std::string ios;     // `10.20.0.0 0.0.255.255`, `host 10.1.1.1`, `any`; IPv6 `2001:db8::/48`, `host ...`
    std::string prefix;  // `10.20.0.0/16`, `2001:db8::/48` (normalised)
};

std::optional<Source> parse_source(const std::string& text) {
    std::string addr = text;
    int len = -1;
    if (auto slash = text.find('/'); slash != std::string::npos) {
        addr = text.substr(0, slash);
        const auto l = text.substr(slash + 1);
        auto [p, ec] = std::from_chars(l.data(), l.data() + l.size(), len);
        if (ec != std::errc() || p != l.data() + l.size()) return std::nullopt;
    }
    auto ip = IpAddress::parse(addr);
    if (!ip) return std::nullopt;
    const int bits = ip->family == AddressFamily::ipv4 ? 32 : 128;
    if (len < 0) len = bits;
    if (len > bits) return std::nullopt;
    Source s;
    s.family = ip->family;
    s.length = len;
    s.network = *ip;
    for (int i = 0; i < bits; ++i)
        if (i >= len)
            s.network.bytes[static_cast<std::size_t>(i / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (i % 8)));
    const auto net = s.network.str();
    s.prefix = net + "/" + std::to_string(len);
    if (len == 0) {
        s.ios = "any";
    } else if (len == bits) {
        s.ios = "host " + net;
    } else if (s.family == AddressFamily::ipv4) {
        IpAddress wc;
        wc.family = AddressFamily::ipv4;
        for (int i = len; i < 32; ++i)
            wc.bytes[static_cast<std::size_t>(i / 8)] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
        s.ios = net + " " + wc.str();
    } else {
        s.ios = s.prefix;
    }
    return s;
}

// Management sources of `family` from the policy (load_policy has checked that they parse).
std::vector<Source> sources(const Policy& p, AddressFamily family) {
    std::vector<Source> out;
    for (const auto& s : p.management_sources)
        if (auto src = parse_source(s); src && src->family == family) out.push_back(std::move(*src));
    return out;
}

json ios_forms(const std::vector<Source>& v) {
    json out = json::array();
    for (const auto& s : v) out.push_back(s.ios);
    return out;
}

// Whether prefix `inner` lies within `outer`.
bool within(const IpAddress& inner, int inner_len, const Source& outer) {
    if (inner.family != outer.family || inner_len < outer.length) return false;
    for (int i = 0; i < outer.length; ++i) {
        const auto byte = static_cast<std::size_t>(i / 8);
        const auto bit = static_cast<std::uint8_t>(0x80u >> (i % 8));
        if ((inner.bytes[byte] & bit) != (outer.network.bytes[byte] & bit)) return false;
    }
    return true;
}

// ---- ACLs --------------------------------------------------------------------------------------

const model::Acl* find_acl(const model::Device& d, const std::string& name, AddressFamily family) {
    for (const auto& a : d.acls)
        if (a.name == name && a.family == family) return &a;
    return nullptr;
}

bool acl_name_used(const model::Device& d, const std::string& name) {
    return std::any_of(d.acls.begin(), d.acls.end(), [&](const model::Acl& a) { return a.name == name; });
}

std::string free_acl_name(const model::Device& d, const std::string& base) {
    if (!acl_name_used(d, base)) return base;
    for (int i = 2;; ++i)
        if (auto n = base + "-" + std::to_string(i); !acl_name_used(d, n)) return n;
}

IpAddress any_address(AddressFamily f) {
    IpAddress a;
    a.family = f;
    return a;
}

// Addresses an access question may be asked for: the target address, else the device's own
// interface addresses of the family. A standard ACL ignores the destination.
std::vector<IpAddress> destinations(const Context& ctx, const model::Acl& acl) {
    std::vector<IpAddress> out;
    if (acl.type == "standard") {
        out.push_back(any_address(acl.family));
        return out;
    }
    if (auto a = IpAddress::parse(ctx.ev.address); a && a->family == acl.family) {
        out.push_back(*a);
        return out;
    }
    for (const auto& itf : ctx.device.interfaces) {
        if (itf.shutdown.value_or(false)) continue;
        for (const auto& addr : acl.family == AddressFamily::ipv4 ? itf.ipv4 : itf.ipv6)
            if (auto a = IpAddress::parse(addr.address); a && a->family == acl.family) out.push_back(*a);
    }
    return out;
}

// Whether `acl` lets every source open an SSH connection (Tri::unknown when the answer depends
// on entries that could not be decided, or no destination is known for an extended ACL).
Tri permits_any(const Context& ctx, const model::Acl& acl, std::string& why) {
    const auto dst = destinations(ctx, acl);
    if (dst.empty()) {
        why = "no address of the device is known to evaluate extended ACL " + acl.name;
        return Tri::unknown;
    }
    const auto& an = ctx.analyzer(acl, acl.family);
    const auto port = static_cast<std::uint16_t>(ctx.policy.ssh_port);
    Tri out = Tri::no;
    for (const auto& d : dst) {
        const auto s = an.permitted_sources(d, 6, port);
        if (s.permits_any) return Tri::yes;
        if (s.unknown.empty()) continue;
        // Whether the permitted and doubtful sources together are every source: then the doubtful
        // lines decide whether everyone is admitted. A truncated listing is not read further.
        if (s.truncated || an.permits_all_sources(d, 6, port, any_address(acl.family), 0, true)) {
            out = Tri::unknown;
            why = "whether ACL " + acl.name + " admits every source depends on lines that cannot be decided exactly" +
                  (an.notes().empty() ? std::string() : " (" + an.notes().front() + ")");
        }
    }
    return out;
}

// Whether `acl` admits every management source of its family (exactly; false when unsure).
bool admits_all(const Context& ctx, const model::Acl& acl, const std::vector<Source>& srcs) {
    if (srcs.empty()) return false;
    const auto& an = ctx.analyzer(acl, acl.family);
    const auto dst = destinations(ctx, acl);
    if (dst.empty()) return false;
    const auto port = static_cast<std::uint16_t>(ctx.policy.ssh_port);
    // Too fragmented to list: not reused (as when the answer was read from the listing).
    if (an.permitted_sources(dst.front(), 6, port).truncated) return false;
    for (const auto& src : srcs)
        if (!an.permits_all_sources(dst.front(), 6, port, src.network, static_cast<unsigned>(src.length))) return false;
    return true;
}

// ---- SSH-008 -----------------------------------------------------------------------------------

// The `ip access-list` mode that can define a missing ACL named `name`; empty when none can.
std::string acl_kind_for(const std::string& name, AddressFamily family) {
    if (family == AddressFamily::ipv6) return "ipv6";
    if (!name.empty() &&
        std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        if (name.size() > 4) return {};
        const int n = std::stoi(name);
        if ((n >= 1 && n <= 99) || (n >= 1300 && n <= 1999)) return "standard";
        if ((n >= 100 && n <= 199) || (n >= 2000 && n <= 2699)) return "extended";
        return {};
    }
    return "standard";
}

Finding ssh_008(const Context& ctx) {
    constexpr std::string_view id = "SSH-008";
    if (!ctx.ev.has(P::kLines))
        return unknown_missing(id, "vty configuration not collected", "show running-config | section line vty");
    struct Ref {
        std::string name;
        AddressFamily family;
        std::vector<const EffectiveLine*> lines;
    };
    std::vector<Ref> refs;
    auto add = [&](const std::optional<model::AccessClass>& ac, AddressFamily f, const EffectiveLine& l) {
        if (!ac) return;
        auto it =
            std::find_if(refs.begin(), refs.end(), [&](const Ref& r) { return r.name == ac->acl && r.family == f; });
        if (it == refs.end()) {
            refs.push_back(Ref{ac->acl, f, {}});
            it = refs.end() - 1;
        }
        it->lines.push_back(&l);
    };
    for (const auto& l : ctx.vty) {
        add(l.access_class_in, AddressFamily::ipv4, l);
        add(l.ipv6_access_class_in, AddressFamily::ipv6, l);
    }
    if (refs.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable, "no vty line has an `access-class ... in`");
        gate(f, unparsed(ctx, P::kLines, {"line vty"}));
        return f;
    }
    if (!ctx.ev.has(P::kAcls))
        return unknown_missing(id, "access-lists not collected: cannot tell whether the access-class ACLs exist",
                               "show access-lists");
    std::vector<std::string> missing_text;
    std::vector<Evidence> evidence;
    json acls = json::array();
    bool fixable = true;
    std::string no_fix;
    for (const auto& r : refs) {
        if (find_acl(ctx.device, r.name, r.family)) continue;
        const bool v6 = r.family == AddressFamily::ipv6;
        const bool other = find_acl(ctx.device, r.name, v6 ? AddressFamily::ipv4 : AddressFamily::ipv6) != nullptr;
        missing_text.push_back(std::string(v6 ? "ipv6 access-class " : "access-class ") + r.name + " (" +
                               line_list("vty", numbers(r.lines)) + ") names " + (v6 ? "IPv6 " : "") + "ACL " + r.name +
                               (other ? ", which exists only as an " + std::string(v6 ? "IPv4" : "IPv6") + " ACL"
                                      : ", which is not defined"));
        auto ev = cite_vty(ctx, r.lines, v6 ? "ipv6 access-class" : "access-class");
        evidence.insert(evidence.end(), ev.begin(), ev.end());
        const auto kind = acl_kind_for(r.name, r.family);
        const auto srcs = sources(ctx.policy, r.family);
        if (kind.empty()) {
            fixable = false;
            no_fix = "`" + r.name + "` is not a number IOS accepts for a standard or extended ACL";
        } else if (other) {
            fixable = false;
            no_fix = "an ACL named " + r.name + " already exists in the other address family";
        } else if (srcs.empty() && (!v6 || ctx.policy.management_sources.empty())) {
            // An IPv6 ACL that permits nothing is what a policy without IPv6 sources asks for; an
            // IPv4 one could lock the operator out.
            fixable = false;
            no_fix = std::string("policy management_sources has no ") + (v6 ? "IPv6" : "IPv4") +
                     " prefix to permit in ACL " + r.name;
        }
        acls.push_back({{"name", r.name},
                        {"standard", kind == "standard"},
                        {"extended", kind == "extended"},
                        {"ipv6", kind == "ipv6"},
                        {"sources", ios_forms(srcs)}});
    }
    if (missing_text.empty()) {
        Finding f = make_finding(id, Verdict::pass, "every access-class ACL exists");
        gate(f, unparsed(ctx, P::kLines, {"line vty"}));
        return f;
    }
    if (auto u = acl_unexplained(ctx)) {
        Finding f = make_finding(id, Verdict::unknown,
                                 join(missing_text, "; ") + ", but line " + std::to_string(u->line) + " of `" +
                                     u->command + "` was not understood and may define it");
        f.evidence = std::move(evidence);
        f.evidence.push_back(*u);
        return f;
    }
    Finding f = make_finding(
        id, Verdict::fail,
        join(missing_text, "; ") + ": IOS admits every source on lines whose access-class ACL is undefined");
    f.evidence = std::move(evidence);
    if (fixable)
        f.fix_request = FixRequest{"SSH-008", {{"acls", acls}}};
    else
        f.reason += "; no fix: " + no_fix;
    return f;
}

// ---- SSH-018 -----------------------------------------------------------------------------------

bool usable(const EffectiveLine& l) {
    return !l.transport_input || !l.transport_input->empty();
}

Finding ssh_018_ios(const Context& ctx) {
    constexpr std::string_view id = "SSH-018";
    if (!ctx.ev.has(P::kLines))
        return unknown_missing(id, "vty configuration not collected", "show running-config | section line vty");
    if (!ctx.ev.has(P::kInterfaces))
        return unknown_missing(id, "interfaces not collected: cannot tell whether the device has IPv6 addresses",
                               "show running-config");
    std::vector<std::string> v6;
    std::vector<Evidence> itf_evidence;
    const Capture* ic = ctx.ev.source(P::kInterfaces);
    for (const auto& itf : ctx.device.interfaces) {
        if (itf.shutdown.value_or(false) || itf.ipv6.empty()) continue;
        const auto& a = itf.ipv6.front();
        v6.push_back(itf.name + " has " +
                     (a.address.empty()
                          ? a.kind
                          : a.address + (a.prefix_length >= 0 ? "/" + std::to_string(a.prefix_length) : "")));
        if (ic) itf_evidence.push_back(cite_child(ctx.ev, ic, itf.line, "ipv6 address"));
    }
    auto u = unparsed(ctx, P::kLines | P::kInterfaces, {"line vty", "interface"});
    if (v6.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable, "no interface that is up has an IPv6 address");
        gate(f, u);
        return f;
    }
    std::vector<const EffectiveLine*> restricted, open;
    for (const auto& l : ctx.vty) {
        if (!usable(l) || !l.access_class_in) continue;
        restricted.push_back(&l);
        if (!l.ipv6_access_class_in) open.push_back(&l);
    }
    if (restricted.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable,
                                 "no vty line restricts IPv4 with an access-class (an unrestricted line is SSH-104)");
        gate(f, u);
        return f;
    }
    if (open.empty()) {
        Finding f = make_finding(id, Verdict::pass, "every vty line restricted for IPv4 has an `ipv6 access-class`");
        gate(f, u);
        return f;
    }
    Finding f = make_finding(id, Verdict::fail,
                             line_list("vty", numbers(open)) + " restrict IPv4 with access-class " +
                                 open.front()->access_class_in->acl + " but have no `ipv6 access-class`, while " +
                                 join(v6, ", ") + ": IPv6 sources reach these lines unfiltered");
    f.evidence = cite_vty(ctx, open, "access-class");
    f.evidence.insert(f.evidence.end(), itf_evidence.begin(), itf_evidence.end());
    if (ctx.policy.management_sources.empty()) {
        f.reason += "; no fix: the policy names no management_sources";
        return f;
    }
    // Reuse an IPv6 ACL other vty lines already use, else define one from the policy's IPv6
    // sources (none: IPv6 management is not in the policy, so the ACL denies every source).
    std::string acl;
    bool create = true;
    for (const auto& l : ctx.vty)
        if (l.ipv6_access_class_in && find_acl(ctx.device, l.ipv6_access_class_in->acl, AddressFamily::ipv6)) {
            acl = l.ipv6_access_class_in->acl;
            create = false;
            break;
        }
    if (create && !ctx.ev.has(P::kAcls)) {
        f.reason += "; no fix: access-lists not collected, so a new ACL name could collide with an existing one";
        return f;
    }
    if (create) acl = free_acl_name(ctx.device, "VTY-MGMT-V6");
    std::map<int, std::string> key;
    for (const auto* l : open) key[l->number] = "";
    f.fix_request = FixRequest{"SSH-018",
                               {{"acl", acl},
                                {"create", create},
                                {"sources", ios_forms(sources(ctx.policy, AddressFamily::ipv6))},
                                {"ranges", ranges_json(ranges_by(ctx.device, key), "")}}};
    return f;
}

// ASA `ssh A/len NAMEIF` entries for IPv6.
Finding ssh_018_asa(const Context& ctx) {
    constexpr std::string_view id = "SSH-018";
    if (!ctx.ev.has(P::kSsh))
        return unknown_missing(id, "`ssh` configuration not collected", "show running-config ssh");
    const Capture* c = ctx.ev.source(P::kSsh);
    const auto v6src = sources(ctx.policy, AddressFamily::ipv6);
    const bool have_policy = !ctx.policy.management_sources.empty();
    struct Entry {
        const model::MgmtAllow* allow;
        std::string text;  // as written: `::/0`, `2001:db8::/48`, `2001:db8::5`
        bool broad;
    };
    std::vector<Entry> wide;
    std::vector<std::string> undecided;
    std::size_t count = 0;
    for (const auto& a : ctx.device.ssh.allow) {
        const auto ip = IpAddress::parse(a.source.address);
        if (!ip || ip->family != AddressFamily::ipv6) continue;
        ++count;
        const int len = a.source.kind == model::Address::Kind::prefix ? a.source.prefix_length : 128;
        std::string text = a.source.address.str();
        if (a.source.kind == model::Address::Kind::prefix) text += "/" + std::to_string(len);
        const bool broad = len == 0;
        const bool inside =
            std::any_of(v6src.begin(), v6src.end(), [&](const Source& s) { return within(*ip, len, s); });
        if (broad || (have_policy && !inside))
            wide.push_back(Entry{&a, text, broad});
        else if (!have_policy)
            undecided.push_back("ssh " + text + " " + a.interface);
    }
    auto u = unparsed(ctx, P::kSsh, {"ssh", "no ssh"});
    if (wide.empty()) {
        if (!undecided.empty()) {
            Finding f =
                make_finding(id, Verdict::unknown,
                             "the policy names no management_sources to compare " + join(undecided, ", ") + " with");
            return f;
        }
        Finding f = make_finding(id, Verdict::pass,
                                 count == 0 ? "no IPv6 `ssh` entry: the ASA admits no IPv6 SSH source"
                                            : "every IPv6 `ssh` entry lies within the policy's management sources");
        gate(f, u);
        return f;
    }
    std::vector<std::string> what;
    json add = json::array(), remove = json::array();
    std::set<std::string> added;
    for (const auto& w : wide) {
        what.push_back("`ssh " + w.text + " " + w.allow->interface + "`" +
                       (w.broad ? " admits every IPv6 source" : " is wider than the policy"));
        remove.push_back({{"entry", w.text}, {"interface", w.allow->interface}});
        for (const auto& s : v6src) {
            const bool present =
                std::any_of(ctx.device.ssh.allow.begin(), ctx.device.ssh.allow.end(), [&](const model::MgmtAllow& m) {
                    auto ip = IpAddress::parse(m.source.address);
                    const int len = m.source.kind == model::Address::Kind::prefix ? m.source.prefix_length : 128;
                    return m.interface == w.allow->interface && ip && ip->family == AddressFamily::ipv6 &&
                           within(*ip, len, s) && len == s.length;
                });
            if (present || !added.insert(s.prefix + " " + w.allow->interface).second) continue;
            add.push_back({{"entry", s.prefix}, {"interface", w.allow->interface}});
        }
    }
    Finding f = make_finding(id, Verdict::fail, join(what, "; "));
    for (const auto& w : wide)
        if (c) f.evidence.push_back(ctx.ev.cite(*c, w.allow->line));
    if (!have_policy)
        f.reason += "; no fix: the policy names no management_sources";
    else
        f.fix_request = FixRequest{"SSH-018", {{"add", add}, {"remove", remove}}};
    return f;
}

Finding ssh_018(const Context& ctx) {
    return ctx.ev.platform == "cisco_asa" ? ssh_018_asa(ctx) : ssh_018_ios(ctx);
}

// ---- SSH server settings (SSH-101, SSH-107, SSH-108) ---------------------------------------------

// The running-config's own `ip ssh` statements (for rollbacks: what the operator configured, as
// opposed to what `show ip ssh` reports).
const model::SshServer* config_ssh(const DeviceEvidence& ev) {
    const auto* c = running_config(ev);
    return c ? &c->device.ssh : nullptr;
}

// Whether a running-config states the SSH section, so an absent `ip ssh` statement means the default.
bool config_states_ssh(const DeviceEvidence& ev) {
    const auto* c = running_config(ev);
    return c && (c->sections & P::kSsh);
}

// The line that states an SSH server value: the `show ip ssh` line containing `show_needle` when
// that capture states it, else the configuration line starting with `config_needle`.
Evidence cite_ssh(const Context& ctx, std::string_view show_needle, std::string_view config_needle) {
    if (const auto* c = ctx.ev.find("show ip ssh")) {
        auto e = ctx.ev.cite_text(*c, show_needle);
        if (e.line) return e;
    }
    if (const auto* c = running_config(ctx.ev)) return ctx.ev.cite_text(*c, config_needle);
    return DeviceEvidence::missing("show ip ssh");
}

std::optional<Finding> ssh_preconditions(const Context& ctx, std::string_view id) {
    if (ctx.device.ssh.available == false)
        return make_finding(id, Verdict::not_applicable,
                            "the image has no SSH server (`show ip ssh` rejected; SSH-015)");
    if (!ctx.ev.has(P::kSsh)) return unknown_missing(id, "SSH server settings not collected", "show ip ssh");
    return std::nullopt;
}

std::optional<Evidence> ssh_unparsed(const Context& ctx) {
    return unparsed(ctx, P::kSsh, {"ip ssh", "no ip ssh"});
}

Finding ssh_101(const Context& ctx) {
    constexpr std::string_view id = "SSH-101";
    if (auto f = ssh_preconditions(ctx, id)) return *f;
    const auto& ssh = ctx.device.ssh;
    std::string version;
    Evidence where;
    if (ssh.version) {
        version = *ssh.version;
        where = cite_ssh(ctx, "version", "ip ssh version");
    } else {
        const auto major = major_release(ctx.device);
        if (!config_states_ssh(ctx.ev) || !major || *major >= 17)
            return unknown_missing(id,
                                   "no `ip ssh version` and no `show ip ssh`: the default protocol version of this "
                                   "release is not known",
                                   "show ip ssh");
        // Classic IOS and IOS-XE 16 run compatibility mode (1.99) unless told `ip ssh version 2`.
        version = "1.99";
        where = ctx.ev.cite(*running_config(ctx.ev), 0);
        where.text = "(no `ip ssh version`: compatibility mode 1.99 by default)";
    }
    Finding f;
    if (version == "2" || version == "2.0") {
        f = make_finding(id, Verdict::pass, "SSH version " + version + " only");
        f.evidence.push_back(where);
        gate(f, ssh_unparsed(ctx));
        return f;
    }
    if (version != "1" && version != "1.5" && version != "1.99")
        return make_finding(id, Verdict::unknown, "SSH version `" + version + "` is not one vtyguard knows");
    f = make_finding(id, Verdict::fail,
                     version == "1.99"
                         ? std::string("SSH version 1.99 (compatibility mode): clients may still negotiate SSH v1")
                         : "SSH version " + version + ": the server speaks SSH v1");
    f.evidence.push_back(where);
    const auto* cfg = config_ssh(ctx.ev);
    const bool has_previous = cfg && cfg->version.has_value();
    f.fix_request =
        FixRequest{"SSH-101", {{"has_previous", has_previous}, {"previous", has_previous ? *cfg->version : ""}}};
    return f;
}

// An SSH server integer setting with an IOS-wide default (time-out, retries).
struct SshSetting {
    std::optional<int> value;
    bool from_default = false;
    Evidence where;
};

SshSetting ssh_setting(const Context& ctx, const std::optional<int>& stated, int dflt, std::string_view show_needle,
                       std::string_view config_needle) {
    SshSetting s;
    if (stated) {
        s.value = stated;
        s.where = cite_ssh(ctx, show_needle, config_needle);
    } else if (config_states_ssh(ctx.ev)) {
        s.value = dflt;
        s.from_default = true;
        s.where = ctx.ev.cite(*running_config(ctx.ev), 0);
        s.where.text = "(no `" + std::string(config_needle) + "`: default " + std::to_string(dflt) + ")";
    }
    return s;
}

Finding ssh_107(const Context& ctx) {
    constexpr std::string_view id = "SSH-107";
    if (auto f = ssh_preconditions(ctx, id)) return *f;
    const auto s = ssh_setting(ctx, ctx.device.ssh.timeout_seconds, kDefaultSshTimeout, "Authentication timeout",
                               "ip ssh time-out");
    if (!s.value) return unknown_missing(id, "the SSH authentication timeout is not stated", "show ip ssh");
    const std::string what = "SSH authentication timeout " + std::to_string(*s.value) + " s" +
                             (s.from_default ? " (the default: no `ip ssh time-out`)" : "");
    Finding f =
        make_finding(id, *s.value > 60 ? Verdict::fail : Verdict::pass, what + (*s.value > 60 ? ", over 60 s" : ""));
    f.evidence.push_back(s.where);
    gate(f, ssh_unparsed(ctx));
    if (f.verdict == Verdict::fail) {
        const auto* cfg = config_ssh(ctx.ev);
        const bool has_previous = cfg && cfg->timeout_seconds.has_value();
        f.fix_request = FixRequest{
            "SSH-107",
            {{"has_previous", has_previous}, {"previous", has_previous ? std::to_string(*cfg->timeout_seconds) : ""}}};
    }
    return f;
}

Finding ssh_108(const Context& ctx) {
    constexpr std::string_view id = "SSH-108";
    if (auto f = ssh_preconditions(ctx, id)) return *f;
    const auto s = ssh_setting(ctx, ctx.device.ssh.retries, kDefaultSshRetries, "Authentication retries",
                               "ip ssh authentication-retries");
    if (!s.value) return unknown_missing(id, "the SSH authentication retries are not stated", "show ip ssh");
    const std::string what = "SSH authentication retries " + std::to_string(*s.value) +
                             (s.from_default ? " (the default: no `ip ssh authentication-retries`)" : "");
    Finding f = make_finding(id, *s.value > 3 ? Verdict::fail : Verdict::pass, what + (*s.value > 3 ? ", over 3" : ""));
    f.evidence.push_back(s.where);
    gate(f, ssh_unparsed(ctx));
    if (f.verdict == Verdict::fail) {
        const auto* cfg = config_ssh(ctx.ev);
        const bool has_previous = cfg && cfg->retries.has_value();
        f.fix_request = FixRequest{
            "SSH-108",
            {{"has_previous", has_previous}, {"previous", has_previous ? std::to_string(*cfg->retries) : ""}}};
    }
    return f;
}

// ---- SSH-102 -----------------------------------------------------------------------------------

bool is_general_rsa(const model::CryptoKey& k) {
    // `NAME.server` is the temporary SSH v1 server key (`Usage: Encryption Key`), never the host key.
    return k.type == "RSA" && k.usage != "Encryption Key" && !ends_with(k.name, ".server");
}

std::string free_key_label(const model::Device& d, const std::string& base) {
    auto used = [&](const std::string& n) {
        return std::any_of(d.keys.begin(), d.keys.end(), [&](const model::CryptoKey& k) { return k.name == n; });
    };
    if (!used(base)) return base;
    for (int i = 2;; ++i)
        if (auto n = base + "-" + std::to_string(i); !used(n)) return n;
}

Finding ssh_102(const Context& ctx) {
    constexpr std::string_view id = "SSH-102";
    if (ctx.device.ssh.available == false)
        return make_finding(id, Verdict::not_applicable,
                            "the image has no SSH server (`show ip ssh` rejected; SSH-015)");
    if (!ctx.ev.has(P::kKeys)) return unknown_missing(id, "RSA keys not collected", "show crypto key mypubkey rsa");
    std::vector<const model::CryptoKey*> rsa;
    for (const auto& k : ctx.device.keys)
        if (is_general_rsa(k)) rsa.push_back(&k);
    auto u = unparsed(ctx, P::kKeys, {"crypto"});
    if (rsa.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable, "no RSA host key exists (a missing key is SSH-001)");
        gate(f, u);
        return f;
    }
    // The key SSH uses: `ip ssh rsa keypair-name`, else the default key `hostname.domain` (old
    // releases print no key name), else every candidate must agree.
    std::vector<const model::CryptoKey*> pick;
    std::string which;
    const auto& label = ctx.device.ssh.keypair_name;
    if (label) {
        for (const auto* k : rsa)
            if (k->name == *label) pick.push_back(k);
        if (pick.empty())
            return make_finding(id, Verdict::unknown,
                                "`ip ssh rsa keypair-name " + *label + "` names a key the key listing does not show");
        which = "`" + *label + "`";
    } else {
        if (ctx.device.hostname && ctx.device.domain) {
            const auto dflt = *ctx.device.hostname + "." + *ctx.device.domain;
            for (const auto* k : rsa)
                if (k->name == dflt) pick.push_back(k);
        }
        if (pick.empty())
            for (const auto* k : rsa)
                if (k->name.empty()) pick.push_back(k);
        if (pick.empty()) pick = rsa;
        which = pick.size() == 1
                    ? (pick.front()->name.empty() ? std::string("(no name shown)") : "`" + pick.front()->name + "`")
                    : "of " + std::to_string(pick.size()) + " candidate keys";
    }
    std::vector<Evidence> evidence;
    int small = 0, large = 0;
    std::string sizes;
    for (const auto* k : pick) {
        evidence.push_back(ctx.ev.cite(P::kKeys, k->line));
        if (!k->bits)
            return make_finding(id, Verdict::unknown,
                                "the size of RSA key " + which + " is not shown (redacted or unreadable)");
        (*k->bits < 2048 ? small : large)++;
        sizes += (sizes.empty() ? "" : ", ") + std::to_string(*k->bits);
    }
    if (small && large) {
        Finding f =
            make_finding(id, Verdict::unknown,
                         "cannot tell which RSA key SSH uses (sizes " + sizes + " bits; no `ip ssh rsa keypair-name`)");
        f.evidence = std::move(evidence);
        return f;
    }
    if (!small) {
        Finding f = make_finding(id, Verdict::pass, "SSH RSA host key " + which + ": " + sizes + " bits");
        f.evidence = std::move(evidence);
        gate(f, u);
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, "SSH RSA host key " + which + " is " + sizes + " bits, under 2048");
    f.evidence = std::move(evidence);
    const auto* cfg = config_ssh(ctx.ev);
    const bool has_previous = cfg && cfg->keypair_name.has_value();
    f.fix_request = FixRequest{"SSH-102",
                               {{"label", free_key_label(ctx.device, "SSH-RSA-2048")},
                                {"has_previous", has_previous},
                                {"previous", has_previous ? *cfg->keypair_name : ""}}};
    return f;
}

// ---- vty checks (SSH-103, SSH-104, SSH-106, SSH-109) -----------------------------------------------

std::optional<Evidence> vty_unparsed(const Context& ctx) {
    return unparsed(ctx, P::kLines, {"line vty"});
}

// Lines grouped by the description of what is wrong with them, in first-seen order.
struct Groups {
    std::vector<std::pair<std::string, std::vector<const EffectiveLine*>>> items;
    void add(const std::string& what, const EffectiveLine* l) {
        auto it = std::find_if(items.begin(), items.end(), [&](const auto& p) { return p.first == what; });
        if (it == items.end()) {
            items.push_back({what, {}});
            it = items.end() - 1;
        }
        it->second.push_back(l);
    }
    bool empty() const { return items.empty(); }
    std::string text() const {
        std::vector<std::string> parts;
        for (const auto& [what, lines] : items) parts.push_back(line_list("vty", numbers(lines)) + ": " + what);
        return join(parts, "; ");
    }
    std::vector<const EffectiveLine*> all() const {
        std::vector<const EffectiveLine*> out;
        for (const auto& [what, lines] : items) out.insert(out.end(), lines.begin(), lines.end());
        return out;
    }
};

// Whether the SSH server is known to run: `show ip ssh` says enabled, or (without it) a general RSA
// key of at least 768 bits exists.
bool ssh_works(const Context& ctx) {
    const auto& s = ctx.device.ssh;
    if (s.available == false || s.enabled == false) return false;
    if (s.enabled == true) return true;
    return std::any_of(ctx.device.keys.begin(), ctx.device.keys.end(),
                       [](const model::CryptoKey& k) { return is_general_rsa(k) && k.bits && *k.bits >= 768; });
}

Finding ssh_103(const Context& ctx) {
    constexpr std::string_view id = "SSH-103";
    if (!ctx.ev.has(P::kLines))
        return unknown_missing(id, "vty configuration not collected", "show running-config | section line vty");
    auto u = vty_unparsed(ctx);
    if (ctx.vty.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable, "no vty line is configured");
        gate(f, u);
        return f;
    }
    Groups bad, maybe;
    std::map<int, std::string> previous;
    for (const auto& l : ctx.vty) {
        if (!l.transport_input) {
            maybe.add("no `transport input` and the release default is not known", &l);
            continue;
        }
        if (l.accepts("telnet") != Tri::yes && l.accepts("rlogin") != Tri::yes) continue;
        const auto raw = raw_setting(ctx.device, l, [](const model::LineBlock& b) { return b.transport_input; });
        bad.add(raw ? "transport input " + join(*raw, " ") : "no `transport input`: the release default admits telnet",
                &l);
        previous[l.number] = raw ? join(*raw, " ") : "";
    }
    if (bad.empty()) {
        if (!maybe.empty()) {
            Finding f = make_finding(id, Verdict::unknown, maybe.text());
            f.evidence = cite_vty(ctx, maybe.all(), "line");
            return f;
        }
        Finding f = make_finding(id, Verdict::pass, "no vty line accepts telnet or rlogin");
        gate(f, u);
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, bad.text());
    f.evidence = cite_vty(ctx, bad.all(), "transport input");
    if (!ssh_works(ctx)) {
        f.reason +=
            "; no fix yet: SSH is not known to work on this device, and telnet stays until an SSH login is confirmed";
        return f;
    }
    json ranges = json::array();
    for (const auto& r : ranges_by(ctx.device, previous))
        ranges.push_back({{"range", r.text()}, {"has_previous", !r.key.empty()}, {"previous", r.key}});
    f.fix_request = FixRequest{"SSH-103", {{"ranges", ranges}}};
    return f;
}

Finding ssh_104(const Context& ctx) {
    constexpr std::string_view id = "SSH-104";
    if (!ctx.ev.has(P::kLines))
        return unknown_missing(id, "vty configuration not collected", "show running-config | section line vty");
    auto u = vty_unparsed(ctx);
    std::vector<const EffectiveLine*> lines;
    for (const auto& l : ctx.vty)
        if (l.accepts("ssh") != Tri::no) lines.push_back(&l);
    if (lines.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable, "no vty line accepts SSH (SSH-005)");
        gate(f, u);
        return f;
    }
    Groups bad, maybe;
    std::map<std::string, std::pair<Tri, std::string>> verdicts;  // per ACL name
    std::vector<Evidence> acl_evidence;
    for (const auto* l : lines) {
        if (!l->access_class_in) {
            if (l->accepts("ssh") == Tri::yes)
                bad.add("no `access-class ... in`", l);
            else
                maybe.add("no `access-class ... in`, and whether the line accepts SSH is not known", l);
            continue;
        }
        const auto& name = l->access_class_in->acl;
        if (!ctx.ev.has(P::kAcls)) {
            maybe.add("access-lists not collected (ACL " + name + ")", l);
            continue;
        }
        const auto* acl = find_acl(ctx.device, name, AddressFamily::ipv4);
        if (!acl) {
            if (acl_unexplained(ctx))
                maybe.add("ACL " + name + " not found, but an access-list line was not understood", l);
            else
                bad.add("access-class " + name + " names an undefined ACL, which admits every source (SSH-008)", l);
            continue;
        }
        auto it = verdicts.find(name);
        if (it == verdicts.end()) {
            std::string why;
            const Tri t = permits_any(ctx, *acl, why);
            it = verdicts.emplace(name, std::make_pair(t, why)).first;
            if (t == Tri::yes) acl_evidence.push_back(ctx.ev.cite(P::kAcls, acl->line));
        }
        if (it->second.first == Tri::yes)
            bad.add("ACL " + name + " effectively permits every source", l);
        else if (it->second.first == Tri::unknown)
            maybe.add(it->second.second, l);
    }
    if (bad.empty()) {
        if (!maybe.empty()) {
            Finding f = make_finding(id, Verdict::unknown, maybe.text());
            f.evidence = cite_vty(ctx, maybe.all(), "access-class");
            return f;
        }
        Finding f =
            make_finding(id, Verdict::pass, "every SSH-capable vty line has an access-class that restricts sources");
        f.evidence = cite_vty(ctx, lines, "access-class");
        gate(f, u);
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, bad.text());
    f.evidence = cite_vty(ctx, bad.all(), "access-class");
    f.evidence.insert(f.evidence.end(), acl_evidence.begin(), acl_evidence.end());
    const auto srcs = sources(ctx.policy, AddressFamily::ipv4);
    if (srcs.empty()) {
        f.reason += "; no fix: the policy has no IPv4 management_sources to permit";
        return f;
    }
    // Reuse a restrictive ACL other SSH-capable lines already use when it admits every management
    // source; otherwise define one from the policy.
    std::string acl;
    bool create = true;
    if (ctx.ev.has(P::kAcls))
        for (const auto* l : lines) {
            if (!l->access_class_in) continue;
            const auto* a = find_acl(ctx.device, l->access_class_in->acl, AddressFamily::ipv4);
            auto v = verdicts.find(l->access_class_in->acl);
            if (a && v != verdicts.end() && v->second.first == Tri::no && admits_all(ctx, *a, srcs)) {
                acl = a->name;
                create = false;
                break;
            }
        }
    if (create && !ctx.ev.has(P::kAcls)) {
        f.reason += "; no fix: access-lists not collected, so a new ACL name could collide with an existing one";
        return f;
    }
    if (create) acl = free_acl_name(ctx.device, "VTY-MGMT");
    std::map<int, std::string> previous;
    for (const auto* l : bad.all())
        previous[l->number] = l->access_class_in
                                  ? l->access_class_in->acl + " in" + (l->access_class_in->vrf_also ? " vrf-also" : "")
                                  : "";
    json ranges = json::array();
    for (const auto& r : ranges_by(ctx.device, previous))
        ranges.push_back({{"range", r.text()},
                          {"vrf_also", ends_with(r.key, " vrf-also")},
                          {"has_previous", !r.key.empty()},
                          {"previous", r.key}});
    f.fix_request =
        FixRequest{"SSH-104", {{"acl", acl}, {"create", create}, {"sources", ios_forms(srcs)}, {"ranges", ranges}}};
    return f;
}

Finding ssh_106(const Context& ctx) {
    constexpr std::string_view id = "SSH-106";
    if (!ctx.ev.has(P::kLines))
        return unknown_missing(id, "vty configuration not collected", "show running-config | section line vty");
    auto u = vty_unparsed(ctx);
    std::vector<const EffectiveLine*> lines;
    for (const auto& l : ctx.vty)
        if (usable(l)) lines.push_back(&l);
    if (lines.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable, "no vty line accepts a connection");
        gate(f, u);
        return f;
    }
    Groups bad;
    std::map<int, std::string> previous;
    for (const auto* l : lines) {
        const int t = l->exec_timeout_seconds;
        if (t != 0 && t <= kDefaultExecTimeout) continue;
        // Failing values are configured (the default is 10 minutes): find the block that set them.
        int minutes = 0, seconds = 0;
        for (auto bi : l->blocks)
            if (bi < ctx.device.lines.size() && ctx.device.lines[bi].exec_timeout_minutes) {
                minutes = *ctx.device.lines[bi].exec_timeout_minutes;
                seconds = ctx.device.lines[bi].exec_timeout_seconds.value_or(0);
            }
        const auto written = std::to_string(minutes) + " " + std::to_string(seconds);
        bad.add("exec-timeout " + written + (t == 0 ? " (never times out)" : " (over 10 minutes)"), l);
        previous[l->number] = written;
    }
    if (bad.empty()) {
        const bool all_default = std::all_of(lines.begin(), lines.end(),
                                             [](const EffectiveLine* l) { return l->exec_timeout_from_default; });
        Finding f = make_finding(id, Verdict::pass,
                                 all_default ? "no exec-timeout configured: the 10-minute default applies"
                                             : "every vty exec-timeout is between 1 second and 10 minutes");
        gate(f, u);
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, bad.text());
    f.evidence = cite_vty(ctx, bad.all(), "exec-timeout");
    f.fix_request = FixRequest{"SSH-106", {{"ranges", ranges_json(ranges_by(ctx.device, previous), "previous")}}};
    return f;
}

Finding ssh_109(const Context& ctx) {
    constexpr std::string_view id = "SSH-109";
    if (!ctx.ev.has(P::kLines))
        return unknown_missing(id, "vty configuration not collected", "show running-config | section line vty");
    std::vector<const EffectiveLine*> lines;
    for (const auto& l : ctx.vty)
        if (usable(l)) lines.push_back(&l);
    auto u = unparsed(ctx, P::kLines | P::kAaa, {"line vty", "aaa", "no aaa"});
    if (lines.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable, "no vty line accepts a connection");
        gate(f, u);
        return f;
    }
    if (!ctx.ev.has(P::kAaa))
        return unknown_missing(id, "AAA configuration not collected: how vty logins authenticate is not known",
                               "show running-config");
    Groups bad, maybe;
    std::vector<Evidence> evidence;
    struct List {
        std::string name;
        std::vector<std::string> methods;
    };
    std::vector<List> lists;
    std::vector<const EffectiveLine*> no_login;
    for (const auto* l : lines) {
        const auto m = engine::resolve_login(ctx.device, *l, true);
        using K = engine::LoginMethod::Kind;
        if (m.kind == K::none) {
            bad.add("`no login`: no authentication at all", l);
            no_login.push_back(l);
        } else if (m.kind == K::aaa_list && engine::contains_none(m)) {
            bad.add("login list `" + m.list + "` (" + join(m.methods, " ") + ") ends in `none`", l);
            if (std::none_of(lists.begin(), lists.end(), [&](const List& x) { return x.name == m.list; })) {
                lists.push_back({m.list, m.methods});
                evidence.push_back(ctx.ev.cite(P::kAaa, m.evidence_line));
            }
        } else if (m.kind == K::unknown) {
            maybe.add("login method not known", l);
        }
    }
    if (bad.empty()) {
        if (!maybe.empty()) return make_finding(id, Verdict::unknown, maybe.text());
        Finding f = make_finding(id, Verdict::pass, "every vty line that accepts connections authenticates logins");
        gate(f, u);
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, bad.text());
    f.evidence = cite_vty(ctx, no_login, "no login");
    f.evidence.insert(f.evidence.end(), evidence.begin(), evidence.end());
    if (!ctx.ev.has(P::kUsers)) {
        f.reason += "; no fix: usernames not collected (a username must exist before AAA is turned on)";
        return f;
    }
    const bool need_user = !engine::has_local_users(ctx.device);
    const bool aaa = ctx.device.aaa.new_model.value_or(false);
    json data = {
        {"need_user", need_user}, {"admin_user", ctx.policy.admin_user}, {"enable_aaa", !aaa && !no_login.empty()}};
    std::map<int, std::string> key;
    if (!aaa)
        for (const auto* l : no_login) key[l->number] = "";
    data["ranges"] = ranges_json(ranges_by(ctx.device, key), "");
    json lj = json::array();
    for (const auto& x : lists) {
        std::vector<std::string> methods;
        bool local = false;
        for (const auto& m : x.methods) {
            if (m == "none") continue;
            local = local || m == "local" || m == "local-case";
            methods.push_back(m);
        }
        if (!local) methods.push_back("local");
        lj.push_back({{"name", x.name}, {"methods", join(methods, " ")}, {"previous", join(x.methods, " ")}});
    }
    data["lists"] = lj;
    f.fix_request = FixRequest{"SSH-109", data};
    return f;
}

// ---- SSH-105 -----------------------------------------------------------------------------------

std::optional<std::string> ios_address(const model::Address& a) {
    using K = model::Address::Kind;
    switch (a.kind) {
        case K::any:
            return std::string("any");
        case K::host:
            return "host " + a.address;
        case K::wildcard:
            return a.address + " " + a.mask;
        case K::prefix:
            return a.address + "/" + std::to_string(a.prefix_length);
        case K::object_group:
            return "object-group " + a.name;
        default:
            return std::nullopt;
    }
}

std::optional<std::string> ios_ports(const model::PortMatch& p) {
    using O = model::PortMatch::Op;
    switch (p.op) {
        case O::eq:
            return "eq " + join(p.ports, " ");
        case O::neq:
            return "neq " + join(p.ports, " ");
        case O::lt:
            return "lt " + join(p.ports, " ");
        case O::gt:
            return "gt " + join(p.ports, " ");
        case O::range:
            return "range " + join(p.ports, " ");
        case O::object_group:
            return "object-group " + p.name;
    }
    return std::nullopt;
}

// An IOS entry written back in configuration form (for the rollback of a removed entry).
std::optional<std::string> ios_ace_text(const model::Ace& e) {
    using A = model::Ace::Action;
    if ((e.action != A::permit && e.action != A::deny) || !e.user().empty() || !e.expanded.empty() || !e.source)
        return std::nullopt;
    std::vector<std::string> w{e.action == A::permit ? "permit" : "deny"};
    const bool standard = e.protocol.empty() && e.protocol_object_group().empty() && !e.destination;
    if (!standard) {
        if (!e.protocol_object_group().empty())
            w.push_back("object-group " + e.protocol_object_group());
        else if (!e.protocol.empty())
            w.push_back(e.protocol.str());
        else
            return std::nullopt;
    }
    auto src = ios_address(*e.source);
    if (!src) return std::nullopt;
    w.push_back(*src);
    if (!standard) {
        if (e.source_ports) {
            auto p = ios_ports(*e.source_ports);
            if (!p) return std::nullopt;
            w.push_back(*p);
        }
        if (!e.destination) return std::nullopt;
        auto dst = ios_address(*e.destination);
        if (!dst) return std::nullopt;
        w.push_back(*dst);
        if (e.destination_ports) {
            auto p = ios_ports(*e.destination_ports);
            if (!p) return std::nullopt;
            w.push_back(*p);
        }
        if (!e.icmp_type.empty()) w.push_back(e.icmp_type.str());
        if (e.established) w.push_back("established");
        for (const auto& fl : e.flags()) w.push_back(fl);
        for (const auto& o : e.options()) {
            if (o.empty() || o.front() == '(' || starts_with(o, "dynamic") || starts_with(o, "Dynamic") ||
                starts_with(o, "evaluate") || starts_with(o, "reflect"))
                return std::nullopt;
            w.push_back(o);
        }
    } else if (!e.options().empty() || !e.flags().empty()) {
        return std::nullopt;
    }
    if (!e.log.empty()) {
        if (e.log.find('(') != std::string::npos) return std::nullopt;
        w.push_back(e.log.str());
    }
    if (!e.time_range.empty()) w.push_back("time-range " + e.time_range);
    return join(w, " ");
}

// How an entry reads in a finding: on IOS its configuration form with its sequence number, else
// the line as printed without its counters.
std::string ace_label(const model::Ace& e, bool asa) {
    if (!asa)
        if (auto t = ios_ace_text(e)) return "`" + (e.sequence ? std::to_string(*e.sequence) + " " : "") + *t + "`";
    std::string t(trim(e.text));
    if (auto p = t.find(" (hitcnt="); p != std::string::npos) t.erase(p);
    if (auto p = t.rfind(" ("); p != std::string::npos && t.find(" match", p) != std::string::npos &&
                                std::isdigit(static_cast<unsigned char>(t[std::min(p + 2, t.size() - 1)])))
        t.erase(p);
    return "`" + (t.empty() ? std::string("(entry)") : t) + "`";
}

struct GateAcl {
    const model::Acl* acl = nullptr;
    std::string why;  // what it gates
};

// One reported entry of an ACL: never matches, and the earlier entries that take its packets.
struct Dead {
    std::size_t index = 0;
    std::vector<std::size_t> blockers;
    bool conflicting = false;
    bool empty = false;
};

// ASA unified ACLs hold IPv4 and IPv6 entries: each entry is read in the families its addresses
// can match (`any` both, `any4` IPv4, an IPv6 prefix IPv6, object-groups both). IOS ACLs have one.
constexpr int kV4 = 1, kV6 = 2;

int address_families(const std::optional<model::Address>& a) {
    using K = model::Address::Kind;
    if (!a) return kV4 | kV6;
    switch (a->kind) {
        case K::any4:
            return kV4;
        case K::any6:
            return kV6;
        case K::host:
        case K::wildcard:
        case K::netmask:
        case K::prefix:
        case K::range:
            if (auto ip = IpAddress::parse(a->address)) return ip->family == AddressFamily::ipv4 ? kV4 : kV6;
            return kV4 | kV6;
        default:
            return kV4 | kV6;
    }
}

struct AclReading {
    const model::Acl& acl;
    bool unified;
    std::vector<std::pair<AddressFamily, const engine::AclAnalyzer*>> analyzers;

    AclReading(const Context& ctx, const model::Acl& a, bool asa) : acl(a), unified(asa) {
        for (auto f : asa ? std::vector<AddressFamily>{AddressFamily::ipv4, AddressFamily::ipv6}
                          : std::vector<AddressFamily>{a.family})
            analyzers.emplace_back(f, &ctx.analyzer(a, f));
    }

    // The families entry `i` is read in.
    bool relevant(std::size_t i, AddressFamily f) const {
        if (!unified) return true;
        const auto& e = acl.entries[i];
        int m = address_families(e.source) & address_families(e.destination);
        if (m == 0) m = kV4 | kV6;  // one family each side: matches nothing, in both
        return (m & (f == AddressFamily::ipv4 ? kV4 : kV6)) != 0;
    }
};

// Entries that can never match: in every family they are read in, shadowed by earlier entries
// or matching nothing on their own.
std::vector<Dead> dead_entries(const AclReading& r) {
    std::map<std::size_t, Dead> acc;
    std::map<std::size_t, std::size_t> seen, needed;
    for (std::size_t i = 0; i < r.acl.entries.size(); ++i)
        for (const auto& [f, an] : r.analyzers)
            if (r.relevant(i, f)) ++needed[i];
    for (const auto& [f, an] : r.analyzers) {
        for (const auto& s : an->shadowed()) {
            if (!r.relevant(s.index, f)) continue;
            auto& x = acc[s.index];
            x.index = s.index;
            if (++seen[s.index] == 1) x.empty = true;
            if (s.empty) continue;
            x.empty = false;
            x.conflicting = x.conflicting || s.conflicting;
            x.blockers.insert(x.blockers.end(), s.blockers.begin(), s.blockers.end());
        }
    }
    std::vector<Dead> out;
    for (auto& [i, x] : acc) {
        if (seen[i] != needed[i]) continue;
        std::sort(x.blockers.begin(), x.blockers.end());
        x.blockers.erase(std::unique(x.blockers.begin(), x.blockers.end()), x.blockers.end());
        out.push_back(x);
    }
    return out;
}

// Entries whose matching could not be compiled exactly (unparsed, unknown object-group, ...) in a
// family they are read in.
std::vector<std::size_t> uncertain_entries(const AclReading& r) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < r.acl.entries.size(); ++i) {
        const auto& e = r.acl.entries[i];
        if (e.action == model::Ace::Action::remark) continue;
        const bool never = !e.time_range.empty() || e.state == "inactive" ||
                           std::find(e.options().begin(), e.options().end(), "fragments") != e.options().end();
        if (never) continue;
        for (const auto& [f, an] : r.analyzers)
            if (r.relevant(i, f) && !an->exact(i)) {
                out.push_back(i);
                break;
            }
    }
    return out;
}

const model::Acl* find_acl_any(const model::Device& d, const std::string& name, AddressFamily prefer) {
    if (auto* a = find_acl(d, name, prefer)) return a;
    return find_acl(d, name, prefer == AddressFamily::ipv4 ? AddressFamily::ipv6 : AddressFamily::ipv4);
}

Finding ssh_105(const Context& ctx) {
    constexpr std::string_view id = "SSH-105";
    const bool asa = ctx.ev.platform == "cisco_asa";
    if (!ctx.ev.has(P::kAcls))
        return unknown_missing(id, "access-lists not collected", asa ? "show access-list" : "show access-lists");
    std::vector<GateAcl> gates;
    std::vector<std::string> undefined, incomplete;
    auto add_gate = [&](const std::string& name, AddressFamily fam, const std::string& why) {
        const auto* a = asa ? find_acl_any(ctx.device, name, fam) : find_acl(ctx.device, name, fam);
        if (!a) {
            undefined.push_back(name);
            return;
        }
        for (auto& g : gates)
            if (g.acl == a) return;
        gates.push_back({a, why});
    };
    std::optional<Evidence> u;
    if (asa) {
        if (!ctx.ev.has(P::kAccessGroups))
            return unknown_missing(id, "access-groups not collected", "show running-config access-group");
        for (const auto& g : ctx.device.access_groups)
            if (g.control_plane) add_gate(g.acl, AddressFamily::ipv4, "control-plane ACL on " + g.interface);
        u = unparsed(ctx, P::kAccessGroups, {"access-group"});
    } else {
        if (!ctx.ev.has(P::kLines))
            return unknown_missing(id, "vty configuration not collected", "show running-config | section line vty");
        for (const auto& l : ctx.vty) {
            if (!usable(l)) continue;
            if (l.access_class_in) add_gate(l.access_class_in->acl, AddressFamily::ipv4, "vty access-class");
            if (l.ipv6_access_class_in)
                add_gate(l.ipv6_access_class_in->acl, AddressFamily::ipv6, "vty ipv6 access-class");
        }
        const bool itf_acls =
            std::any_of(ctx.device.interfaces.begin(), ctx.device.interfaces.end(),
                        [](const model::Interface& i) { return i.access_group_in || i.ipv6_filter_in; });
        for (const auto& ing : ctx.ingress()) {
            if (ing.acl_in) {
                const auto src = parse_source(ing.source);
                add_gate(*ing.acl_in, src ? src->family : AddressFamily::ipv4,
                         "inbound ACL of " +
                             (ing.interface ? ing.interface->name : std::string("the ingress interface")) + " for " +
                             ing.source);
            } else if (ing.how == Ingress::How::unknown && itf_acls) {
                incomplete.push_back(ing.source);
            }
        }
        u = vty_unparsed(ctx);
    }
    if (gates.empty()) {
        if (!incomplete.empty())
            return make_finding(id, Verdict::unknown,
                                "the ingress interface of " + join(incomplete, ", ") +
                                    " is not known, so its inbound ACL cannot be examined");
        Finding f = make_finding(id, Verdict::not_applicable, "no ACL gates management access");
        gate(f, u);
        return f;
    }
    std::vector<std::string> problems, doubts;
    bool conflicting = false;
    bool fixable = !asa;
    std::string no_fix = asa ? "vtyguard writes no ASA template for this check yet; remove the lines named above" : "";
    json acls = json::array();
    Finding f;
    for (const auto& g : gates) {
        const auto& acl = *g.acl;
        const AclReading reading(ctx, acl, asa);
        const auto dead = dead_entries(reading);
        const auto doubt = uncertain_entries(reading);
        if (!doubt.empty())
            doubts.push_back("ACL " + acl.name + " line " + ace_label(acl.entries[doubt.front()], asa) +
                             " cannot be evaluated exactly");
        if (dead.empty()) continue;
        std::string mode;
        if (acl.type == "standard")
            mode = "ip access-list standard " + acl.name;
        else if (acl.type == "extended")
            mode = "ip access-list extended " + acl.name;
        else if (acl.type == "ipv6")
            mode = "ipv6 access-list " + acl.name;
        else if (!asa) {
            fixable = false;
            no_fix = "ACL " + acl.name + " is of type `" + acl.type + "`";
        }
        const bool v6 = acl.family == AddressFamily::ipv6;
        json entries = json::array();
        for (const auto& x : dead) {
            const auto& e = acl.entries[x.index];
            conflicting = conflicting || x.conflicting;
            AclDetail detail;
            detail.acl = acl.name;
            detail.deciding = ctx.ev.cite(P::kAcls, e.line);
            std::vector<std::string> by;
            for (auto b : x.blockers) {
                detail.shadowing.push_back(ctx.ev.cite(P::kAcls, acl.entries[b].line));
                by.push_back(ace_label(acl.entries[b], asa));
            }
            f.acl.push_back(std::move(detail));
            f.evidence.push_back(ctx.ev.cite(P::kAcls, e.line));
            if (x.empty)
                problems.push_back("ACL " + acl.name + " (" + g.why + "): " + ace_label(e, asa) + " can match nothing");
            else
                problems.push_back("ACL " + acl.name + " (" + g.why + "): " + ace_label(e, asa) + " never matches" +
                                   (x.conflicting ? " and its action is never applied" : "") + ", shadowed by " +
                                   join(by, ", "));
            if (!fixable) continue;
            const auto text = ios_ace_text(e);
            if (!text) {
                fixable = false;
                no_fix = "entry " + ace_label(e, asa) + " cannot be written back for the rollback";
                continue;
            }
            if (e.sequence) {
                const auto seq = std::to_string(*e.sequence);
                entries.push_back({{"remove", v6 ? "sequence " + seq : seq},
                                   {"restore", (v6 ? "sequence " + seq + " " : seq + " ") + *text}});
                continue;
            }
            // No sequence numbers shown: remove the entry by its text, which must then be unique.
            // Restoring it at the end is exact: it stays shadowed, as the lines that shadowed it
            // are still before it.
            const auto same = std::count_if(acl.entries.begin(), acl.entries.end(),
                                            [&](const model::Ace& o) { return ios_ace_text(o) == text; });
            if (same != 1) {
                fixable = false;
                no_fix = "ACL " + acl.name + " shows no sequence numbers and holds " + ace_label(e, asa) + " twice";
                continue;
            }
            entries.push_back({{"remove", *text}, {"restore", *text}});
        }
        acls.push_back({{"mode", mode}, {"entries", entries}});
    }
    if (!problems.empty()) {
        f.check = std::string(id);
        f.verdict = Verdict::fail;
        f.severity = conflicting ? Severity::medium : Severity::low;
        f.reason = join(problems, "; ");
        if (fixable)
            f.fix_request = FixRequest{"SSH-105", {{"acls", acls}}};
        else
            f.reason += "; no fix: " + no_fix;
        return f;
    }
    if (!doubts.empty() || !incomplete.empty()) {
        std::vector<std::string> why = doubts;
        if (!incomplete.empty()) why.push_back("the ingress interface of " + join(incomplete, ", ") + " is not known");
        return make_finding(id, Verdict::unknown, join(why, "; "));
    }
    std::vector<std::string> names;
    for (const auto& g : gates) names.push_back(g.acl->name);
    Finding p = make_finding(id, Verdict::pass, "no shadowed or unmatchable line in " + join(names, ", "));
    gate(p, u);
    return p;
}

// ---- SSH-110 -----------------------------------------------------------------------------------

bool weak_kex(const std::string& a) {
    return ends_with(a, "-sha1") || a == "diffie-hellman-group1-sha1";
}
bool weak_hostkey(const std::string& a) {
    return starts_with(a, "ssh-rsa") || starts_with(a, "ssh-dss") || a == "x509v3-ssh-rsa" || a == "x509v3-ssh-dss";
}
bool weak_cipher(const std::string& a) {
    return a.find("cbc") != std::string::npos || a.find("3des") != std::string::npos ||
           a.find("arcfour") != std::string::npos || a.find("blowfish") != std::string::npos ||
           a.find("cast128") != std::string::npos || a == "none";
}
bool weak_mac(const std::string& a) {
    return a.find("sha1") != std::string::npos || a.find("md5") != std::string::npos ||
           !ends_with(a, "-etm@openssh.com");
}

Finding ssh_110(const Context& ctx) {
    constexpr std::string_view id = "SSH-110";
    if (auto f = ssh_preconditions(ctx, id)) return *f;
    const auto& s = ctx.device.ssh;
    struct Category {
        std::string type;  // `ip ssh server algorithm TYPE`
        std::string label;
        const std::vector<std::string>* list;
        bool (*weak)(const std::string&);
        bool required;
    };
    const std::vector<Category> cats = {
        {"kex", "key exchange", &s.algorithms.kex, &weak_kex, true},
        {"hostkey", "host key", &s.algorithms.hostkey, &weak_hostkey, true},
        {"encryption", "encryption", &s.algorithms.encryption, &weak_cipher, true},
        {"mac", "MAC", &s.algorithms.mac, &weak_mac, true},
        {"publickey", "public-key authentication", &s.algorithms.publickey, &weak_hostkey, false},
    };
    std::vector<std::string> problems, not_stated, no_strong;
    json algorithms = json::array();
    const auto* cfg = config_ssh(ctx.ev);
    for (const auto& c : cats) {
        if (c.list->empty()) {
            if (c.required) not_stated.push_back(c.label);
            continue;
        }
        std::vector<std::string> weak, strong;
        for (const auto& a : *c.list) (c.weak(a) ? weak : strong).push_back(a);
        if (weak.empty()) continue;
        problems.push_back(c.label + " offers " + join(weak, ", "));
        if (strong.empty()) no_strong.push_back(c.label);
        std::string previous;
        if (cfg)
            for (const auto& line : cfg->config_lines)
                if (starts_with(line, "ip ssh server algorithm " + c.type + " "))
                    previous = line.substr(std::string("ip ssh server algorithm ").size() + c.type.size() + 1);
        algorithms.push_back({{"type", c.type},
                              {"names", join(strong, " ")},
                              {"has_previous", !previous.empty()},
                              {"previous", previous}});
    }
    const bool gex = std::any_of(s.algorithms.kex.begin(), s.algorithms.kex.end(),
                                 [](const std::string& a) { return starts_with(a, "diffie-hellman-group-exchange"); });
    const bool dh_weak = s.dh_min_size && *s.dh_min_size < 2048;
    if (dh_weak)
        problems.push_back("minimum Diffie-Hellman size " + std::to_string(*s.dh_min_size) + " bits, under 2048");
    std::vector<Evidence> evidence;
    for (const auto& needle :
         {"KEX Algorithms", "Hostkey Algorithms", "Encryption", "MAC Algorithms", "Diffie Hellman"})
        if (const auto* c = ctx.ev.find("show ip ssh")) {
            auto e = ctx.ev.cite_text(*c, needle);
            if (e.line) evidence.push_back(e);
        }
    if (problems.empty()) {
        if (!not_stated.empty() || (gex && !s.dh_min_size)) {
            Finding f = make_finding(
                id, Verdict::unknown,
                !not_stated.empty() ? "the " + join(not_stated, ", ") +
                                          " algorithms offered are not stated (this release does not print them; an "
                                          "ssh-audit scan would)"
                                    : "Diffie-Hellman group exchange is offered and its minimum size is not stated");
            const auto* c = ctx.ev.find("show ip ssh");
            f.evidence.push_back(c ? absent(ctx.ev, c, "(no algorithm lists printed)")
                                   : DeviceEvidence::missing("show ip ssh"));
            return f;
        }
        Finding f = make_finding(id, Verdict::pass, "no weak SSH algorithm offered");
        f.evidence = std::move(evidence);
        gate(f, ssh_unparsed(ctx));
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, join(problems, "; "));
    f.evidence = std::move(evidence);
    if (!not_stated.empty()) {
        f.reason += "; no fix: the " + join(not_stated, ", ") +
                    " algorithms are not stated, so no configuration can be shown to leave only strong ones "
                    "(`ip ssh dh min size 2048` is part of the remedy)";
        return f;
    }
    if (!no_strong.empty()) {
        f.reason += "; no fix: nothing strong is offered for " + join(no_strong, ", ") +
                    " (an image with stronger algorithms is needed)";
        return f;
    }
    const bool dh_previous = cfg && cfg->dh_min_size.has_value();
    f.fix_request = FixRequest{"SSH-110",
                               {{"algorithms", algorithms},
                                {"dh", dh_weak},
                                {"dh_has_previous", dh_previous},
                                {"dh_previous", dh_previous ? std::to_string(*cfg->dh_min_size) : ""}}};
    return f;
}

// ---- SSH-111 -----------------------------------------------------------------------------------

Finding ssh_111(const Context& ctx) {
    constexpr std::string_view id = "SSH-111";
    if (!ctx.ev.has(P::kLoginBlock))
        return unknown_missing(id, "login settings not collected (they are in the full running-config)",
                               "show running-config");
    const auto& lb = ctx.device.login_block;
    auto u = unparsed(ctx, P::kLoginBlock, {"login"});
    if (lb && lb->block_seconds > 0) {
        Finding f = make_finding(id, Verdict::pass,
                                 "login block-for " + std::to_string(lb->block_seconds) + " attempts " +
                                     std::to_string(lb->attempts) + " within " + std::to_string(lb->within_seconds) +
                                     (lb->quiet_mode_access_class
                                          ? " with quiet-mode access-class " + *lb->quiet_mode_access_class
                                          : " (no quiet-mode access-class: a failing job can block every operator)"));
        f.evidence.push_back(ctx.ev.cite(P::kLoginBlock, lb->line));
        gate(f, u);
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, "no `login block-for`: password guessing over SSH is not slowed down");
    if (lb)
        f.evidence.push_back(ctx.ev.cite(P::kLoginBlock, lb->line));
    else
        f.evidence.push_back(absent(ctx.ev, ctx.ev.source(P::kLoginBlock), "(no `login block-for`)"));
    // The quiet-mode ACL: the one configured, else the one ACL every SSH-capable line uses (when
    // it restricts sources), else a new one from the policy.
    std::string acl;
    bool create = false, quiet = true;
    if (lb && lb->quiet_mode_access_class) {
        acl = *lb->quiet_mode_access_class;
        quiet = false;
    } else {
        std::set<std::string> names;
        bool all = true;
        for (const auto* l : ctx.ssh_capable()) {
            if (l->access_class_in)
                names.insert(l->access_class_in->acl);
            else
                all = false;
        }
        if (all && names.size() == 1 && ctx.ev.has(P::kAcls))
            if (const auto* a = find_acl(ctx.device, *names.begin(), AddressFamily::ipv4)) {
                std::string why;
                if (permits_any(ctx, *a, why) == Tri::no) acl = a->name;
            }
    }
    const auto srcs = sources(ctx.policy, AddressFamily::ipv4);
    if (acl.empty()) {
        if (srcs.empty()) {
            f.reason += "; no fix: no management ACL exists and the policy has no IPv4 management_sources for one";
            return f;
        }
        if (!ctx.ev.has(P::kAcls)) {
            f.reason += "; no fix: access-lists not collected, so a new ACL name could collide with an existing one";
            return f;
        }
        acl = free_acl_name(ctx.device, "VTY-MGMT");
        create = true;
    }
    f.fix_request = FixRequest{"SSH-111",
                               {{"acl", acl},
                                {"create", create},
                                {"quiet", quiet},
                                {"sources", ios_forms(create ? srcs : std::vector<Source>{})}}};
    return f;
}

// ---- SSH-112 -----------------------------------------------------------------------------------

struct ConLines {
    std::vector<const model::LineBlock*> blocks;
    const Capture* capture = nullptr;
};

// Blocks of `type` (`con`, `aux`): from the merged model, else (when the model's lines came from
// the vty excerpt) from the full running-config.
ConLines con_aux(const Context& ctx, std::string_view type) {
    ConLines out;
    for (const auto& b : ctx.device.lines)
        if (b.type == type) out.blocks.push_back(&b);
    out.capture = lines_capture(ctx);
    if (!out.blocks.empty()) return out;
    const auto* src = lines_capture(ctx);
    const auto* rc = running_config(ctx.ev);
    if (rc && src != rc) {
        for (const auto& b : rc->device.lines)
            if (b.type == type) out.blocks.push_back(&b);
        out.capture = rc;
    }
    return out;
}

Finding ssh_112(const Context& ctx) {
    constexpr std::string_view id = "SSH-112";
    const auto* src = lines_capture(ctx);
    const auto* rc = running_config(ctx.ev);
    if (!rc && (!src || src->command != "show running-config"))
        return unknown_missing(id, "console and aux lines not collected (they are in the full running-config)",
                               "show running-config");
    const auto aux = con_aux(ctx, "aux");
    const auto con = con_aux(ctx, "con");
    auto u = unparsed(ctx, P::kLines, {"line aux", "line con", "line console"});
    if (aux.blocks.empty() && con.blocks.empty()) {
        Finding f = make_finding(id, Verdict::not_applicable, "no console or aux line in the configuration");
        gate(f, u);
        return f;
    }
    std::vector<std::string> problems, doubts;
    std::vector<Evidence> evidence;
    json aux_fix = json::array(), con_fix = json::array();
    // Settings per line number, later blocks overriding earlier ones.
    struct Eff {
        std::optional<bool> exec;
        std::optional<std::vector<std::string>> transport;
        std::optional<int> minutes, seconds;
        std::size_t head = 0;
    };
    auto effective = [](const ConLines& cl) {
        std::map<int, Eff> m;
        for (const auto* b : cl.blocks)
            for (int n = b->first; n <= std::max(b->first, b->last); ++n) {
                auto& e = m[n];
                if (!e.head) e.head = b->line;
                if (b->exec) e.exec = b->exec;
                if (b->transport_input) e.transport = b->transport_input;
                if (b->exec_timeout_minutes) {
                    e.minutes = b->exec_timeout_minutes;
                    e.seconds = b->exec_timeout_seconds.value_or(0);
                }
            }
        return m;
    };
    auto timeout_bad = [](const Eff& e) {
        if (!e.minutes) return false;
        const int t = *e.minutes * 60 + e.seconds.value_or(0);
        return t == 0 || t > kDefaultExecTimeout;
    };
    auto timeout_text = [](const Eff& e) {
        return std::to_string(*e.minutes) + " " + std::to_string(e.seconds.value_or(0));
    };
    const auto dflt = engine::default_transport_input(ctx.device);
    for (const auto& [n, e] : effective(aux)) {
        const std::string name = "aux " + std::to_string(n);
        std::vector<std::string> bad;
        const bool exec = e.exec.value_or(true);
        if (exec) bad.push_back("allows exec (no `no exec`)");
        const bool none_only = e.transport && std::all_of(e.transport->begin(), e.transport->end(),
                                                          [](const std::string& w) { return w == "none"; });
        if (e.transport && !none_only)
            bad.push_back("transport input " + join(*e.transport, " "));
        else if (!e.transport && !exec) {
            if (dflt && !dflt->empty())
                bad.push_back("no `transport input`: the release default admits every protocol");
            else if (!dflt)
                doubts.push_back(name + ": no `transport input` and the release default is not known");
        }
        if (exec && timeout_bad(e)) bad.push_back("exec-timeout " + timeout_text(e));
        if (bad.empty()) continue;
        problems.push_back(name + " " + join(bad, ", "));
        if (aux.capture) evidence.push_back(ctx.ev.cite(*aux.capture, e.head));
        aux_fix.push_back({{"number", std::to_string(n)},
                           {"had_exec", e.exec.value_or(true)},
                           {"has_transport", e.transport.has_value()},
                           {"transport_previous", e.transport ? join(*e.transport, " ") : ""}});
    }
    for (const auto& [n, e] : effective(con)) {
        if (!timeout_bad(e)) continue;
        const auto t = timeout_text(e);
        problems.push_back(
            "con " + std::to_string(n) + " exec-timeout " + t +
            (*e.minutes == 0 && e.seconds.value_or(0) == 0 ? " (never times out)" : " (over 10 minutes)"));
        if (con.capture) evidence.push_back(cite_child(ctx.ev, con.capture, e.head, "exec-timeout"));
        con_fix.push_back({{"number", std::to_string(n)}, {"previous", t}});
    }
    if (problems.empty()) {
        if (!doubts.empty()) return make_finding(id, Verdict::unknown, join(doubts, "; "));
        Finding f = make_finding(id, Verdict::pass,
                                 "aux runs no exec and accepts no transport; console/aux time out within 10 minutes");
        gate(f, u);
        return f;
    }
    Finding f = make_finding(id, Verdict::fail, join(problems, "; "));
    f.evidence = std::move(evidence);
    f.fix_request = FixRequest{"SSH-112", {{"aux", aux_fix}, {"con", con_fix}}};
    return f;
}

}  // namespace

void add_ios_hardening_checks(std::vector<CheckInfo>& out) {
    out.push_back({"SSH-008", "cisco_ios", 'B', Severity::high, "access-class names an undefined ACL", &ssh_008});
    out.push_back({"SSH-018", "both", 'B', Severity::high, "IPv6 management access unrestricted", &ssh_018});
    out.push_back({"SSH-101", "cisco_ios", 'B', Severity::high, "SSH version 1 possible", &ssh_101});
    out.push_back({"SSH-102", "cisco_ios", 'B', Severity::high, "RSA host key under 2048 bits", &ssh_102});
    out.push_back({"SSH-103", "cisco_ios", 'B', Severity::high, "vty accepts telnet or rlogin", &ssh_103});
    out.push_back({"SSH-104", "cisco_ios", 'B', Severity::high, "SSH-capable vty open to every source", &ssh_104});
    out.push_back({"SSH-105", "both", 'B', Severity::low, "shadowed lines in a management ACL", &ssh_105});
    out.push_back({"SSH-106", "cisco_ios", 'B', Severity::medium, "vty exec-timeout off or over 10 minutes", &ssh_106});
    out.push_back({"SSH-107", "cisco_ios", 'B', Severity::low, "SSH authentication timeout over 60 s", &ssh_107});
    out.push_back({"SSH-108", "cisco_ios", 'B', Severity::low, "SSH authentication retries over 3", &ssh_108});
    out.push_back({"SSH-109", "cisco_ios", 'B', Severity::critical, "vty without login authentication", &ssh_109});
    out.push_back({"SSH-110", "cisco_ios", 'B', Severity::medium, "weak SSH algorithms offered", &ssh_110});
    out.push_back({"SSH-111", "cisco_ios", 'B', Severity::low, "no login block-for", &ssh_111});
    out.push_back(
        {"SSH-112", "cisco_ios", 'B', Severity::low, "aux allows exec or console/aux never time out", &ssh_112});
}

}  // namespace vtyguard::checks
