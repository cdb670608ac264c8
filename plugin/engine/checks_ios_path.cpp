// Section A on IOS, the access path (CHECKS.md SSH-007, SSH-009, SSH-010, SSH-011).
//
// ACL questions are asked for a whole management prefix, not for one sample address: the prefix is
// split against the analyzer's exact listing of permitted sources, so a prefix that is only partly
// admitted fails and names the denied sub-prefixes and the line that denies each.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "plugin/engine/acl.hpp"
#include "plugin/engine/checks.hpp"
#include "plugin/engine/prefix.hpp"

namespace vtyguard::checks {

namespace {

using engine::AclAnalyzer;
using engine::IpAddress;
using engine::Pattern;
using engine::Prefix;
using model::AddressFamily;

constexpr std::string_view kNoSources = "no management source in the policy (management_sources)";
constexpr std::size_t kListing = 4096;  // permitted-source cubes read from the analyzer
constexpr std::size_t kShown = 4;       // denied sub-prefixes named in a reason

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string backticked(std::string_view s) {
    return "`" + std::string(s) + "`";
}

// `0 4`, `15`: contiguous runs of line numbers.
std::vector<std::pair<int, int>> runs(std::vector<int> numbers) {
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    std::vector<std::pair<int, int>> out;
    for (int n : numbers) {
        if (!out.empty() && out.back().second + 1 == n)
            out.back().second = n;
        else
            out.emplace_back(n, n);
    }
    return out;
}

std::string range_text(const std::pair<int, int>& r) {
    return r.first == r.second ? std::to_string(r.first) : std::to_string(r.first) + " " + std::to_string(r.second);
}

std::string vty_text(const std::vector<int>& numbers) {
    std::string out = "vty ";
    bool first = true;
    for (const auto& r : runs(numbers)) {
        out += (first ? "" : ", ") + (r.first == r.second ? std::to_string(r.first)
                                                          : std::to_string(r.first) + "-" + std::to_string(r.second));
        first = false;
    }
    return out;
}

// The `line vty` ranges as the configuration writes them (`0 4`, `5 15`).
nlohmann::json vty_ranges(const Context& ctx) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& b : ctx.device.lines) {
        if (b.type != "vty") continue;
        const std::string r = range_text({b.first, std::max(b.first, b.last)});
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
    return out;
}

void add_evidence(Finding& f, Evidence e) {
    for (const auto& x : f.evidence)
        if (x.command == e.command && x.line == e.line && x.file == e.file && x.text == e.text) return;
    f.evidence.push_back(std::move(e));
}

const model::Acl* find_acl(const model::Device& d, const std::string& name, bool v6) {
    for (const auto& a : d.acls) {
        if (a.name != name) continue;
        const bool is_v6 = a.family == AddressFamily::ipv6 || a.type == "ipv6";
        if (is_v6 != v6) continue;
        if (!v6 && !a.type.empty() && a.type != "standard" && a.type != "extended") continue;
        return &a;
    }
    return nullptr;
}

// Whether the answer for `acl` depends on the destination address (some entry names one).
bool names_destination(const model::Acl& acl) {
    for (const auto& e : acl.entries) {
        if (e.action == model::Ace::Action::remark) continue;
        if (e.action == model::Ace::Action::unparsed) return true;
        if (e.destination && e.destination->kind != model::Address::Kind::any) return true;
    }
    return false;
}

// The entry as the device printed it, without its hit counter (`(12 matches)`).
std::string entry_text(const model::Ace& e) {
    std::string t = e.text.str();
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
    if (auto open = t.rfind(" (");
        open != std::string::npos && t.find("match", open) != std::string::npos && t.back() == ')')
        t.erase(open);
    while (!t.empty() && t.back() == ' ') t.pop_back();
    if (t.empty()) t = e.sequence ? "entry " + std::to_string(*e.sequence) : "an entry";
    return t;
}

// ---- one ACL question over a whole prefix ------------------------------------------------------

struct DeniedPart {
    Pattern where;
    std::optional<std::size_t> entry;  // nullopt: the implicit deny
};

struct PrefixAnswer {
    enum class Result { permit, deny, unknown };
    Result result = Result::unknown;
    std::vector<DeniedPart> denied;
    std::vector<Pattern> doubtful;            // decided by entries that could not be evaluated exactly
    std::optional<std::size_t> permit_entry;  // the entry that admits the (admitted part of the) prefix
    std::set<std::size_t> uncertain;
    std::set<std::size_t> established;  // `established` permits that would take the ACK but never the SYN
    std::set<std::size_t> shadowing;    // earlier entries that hide a permit for this source
    std::map<std::size_t, std::vector<std::size_t>> hidden;  // such a permit -> the denies that hide it
    std::optional<std::size_t> insert_before;                // the first blocking entry; nullopt: the end of the ACL
    std::string why_unknown;
};

std::vector<Pattern> patterns(const std::vector<std::string>& listing, bool& ok) {
    std::vector<Pattern> out;
    for (const auto& s : listing) {
        auto p = Pattern::parse(s);
        if (!p) {
            ok = false;
            continue;
        }
        out.push_back(*p);
    }
    return out;
}

engine::Flow syn(const IpAddress& src, const IpAddress& dst, int port) {
    engine::Flow f;
    f.protocol = 6;
    f.source = src;
    f.destination = dst;
    f.destination_port = static_cast<std::uint16_t>(port);
    f.tcp_flags = engine::kSyn;
    return f;
}

// The sources that entry `index` alone would take (as if it were a permit), for the SYN. A
// one-entry analyzer of its own: its small diagram (in the order that suits the entry) answers
// faster than the whole ACL's analyzer would (measured with tests/bench/audit_bench).
std::vector<Pattern> entry_sources(const model::Device& device, const model::Acl& acl, std::size_t index,
                                   AddressFamily family, const IpAddress& dst, int port, bool& ok) {
    model::Acl one;
    one.name = acl.name;
    one.type = acl.type;
    one.family = acl.family;
    one.entries.push_back(acl.entries[index]);
    one.entries.back().action = model::Ace::Action::permit;
    const AclAnalyzer a(device, one, family);
    auto s = a.permitted_sources(dst, 6, static_cast<std::uint16_t>(port), kListing);
    if (s.truncated) ok = false;
    return patterns(s.permitted, ok);
}

PrefixAnswer ask(const Context& ctx, const model::Acl& acl, const Prefix& source, const IpAddress& dst, int port) {
    PrefixAnswer out;
    const AddressFamily family = source.address.family;
    const AclAnalyzer& an = ctx.analyzer(acl, family);
    const auto listing = an.permitted_sources(dst, 6, static_cast<std::uint16_t>(port), kListing);
    bool ok = !listing.truncated;
    const auto permitted = patterns(listing.permitted, ok);
    const auto unknown = patterns(listing.unknown, ok);
    if (!ok) {
        out.why_unknown = "the sources ACL " + acl.name + " admits are too fragmented to list exactly";
        return out;
    }
    const Pattern whole = Pattern::of(source);
    for (const auto& u : unknown)
        if (auto x = whole.intersect(u)) out.doubtful.push_back(*x);
    std::vector<Pattern> removed = permitted;
    removed.insert(removed.end(), unknown.begin(), unknown.end());
    const auto denied = engine::subtract({whole}, removed);

    for (const auto& p : permitted)
        if (auto x = whole.intersect(p)) {
            const auto d = an.evaluate(syn(x->first(), dst, port));
            if (d.verdict == engine::Verdict::permit) out.permit_entry = d.deciding;
            break;
        }
    for (const auto& u : out.doubtful) {
        const auto d = an.evaluate(syn(u.first(), dst, port));
        out.uncertain.insert(d.uncertain.begin(), d.uncertain.end());
    }
    if (!out.doubtful.empty() && out.uncertain.empty())
        for (std::size_t i = 0; i < acl.entries.size(); ++i)
            if (acl.entries[i].action != model::Ace::Action::remark && !an.exact(i)) out.uncertain.insert(i);

    if (denied.empty()) {
        out.result = out.doubtful.empty() ? PrefixAnswer::Result::permit : PrefixAnswer::Result::unknown;
        if (out.result == PrefixAnswer::Result::unknown)
            out.why_unknown =
                out.uncertain.empty()
                    ? "ACL " + acl.name + " admits part of " + source.str() + " only from some source ports"
                    : "lines of " + acl.name + " that could not be evaluated exactly decide it";
        return out;
    }
    out.result = PrefixAnswer::Result::deny;
    // Which line denies which part: each deny entry, in order, takes what it matches of the rest.
    std::vector<Pattern> rest = denied;
    for (std::size_t i = 0; i < acl.entries.size() && !rest.empty(); ++i) {
        if (acl.entries[i].action != model::Ace::Action::deny || !an.exact(i)) continue;
        bool entry_ok = true;
        const auto takes = entry_sources(ctx.device, acl, i, family, dst, port, entry_ok);
        for (const auto& r : rest)
            for (const auto& t : takes)
                if (auto x = r.intersect(t)) out.denied.push_back({*x, i});
        rest = engine::subtract(std::move(rest), takes);
    }
    for (const auto& r : rest) out.denied.push_back({r, std::nullopt});
    for (const auto& d : out.denied) {
        if (d.entry && (!out.insert_before || *d.entry < *out.insert_before)) out.insert_before = d.entry;
        // The `established` trap: a permit that takes this source's ACK but never its SYN.
        auto ack = syn(d.where.first(), dst, port);
        ack.tcp_flags = engine::kAck;
        const auto a = an.evaluate(ack);
        if (a.verdict == engine::Verdict::permit && a.deciding && acl.entries[*a.deciding].established)
            out.established.insert(*a.deciding);
    }
    // A permit for this source that can never match because earlier lines take its packets.
    for (const auto& s : an.shadowed()) {
        if (!s.conflicting || acl.entries[s.index].action != model::Ace::Action::permit) continue;
        bool entry_ok = true;
        const auto takes = entry_sources(ctx.device, acl, s.index, family, dst, port, entry_ok);
        bool mine = false;
        for (const auto& t : takes) mine = mine || whole.intersect(t).has_value();
        if (!mine) continue;
        for (auto b : s.blockers)
            if (acl.entries[b].action == model::Ace::Action::deny) {
                out.shadowing.insert(b);
                out.hidden[s.index].push_back(b);
            }
    }
    return out;
}

// ---- fixes: permits inserted before the blocking line -------------------------------------------

struct Insert {
    std::string management_source;
    std::string source;  // IOS form
    std::optional<std::size_t> before;
};

// Sequence numbers the device uses in this ACL, from every capture that lists it (a running-config
// shows remarks that `show access-lists` hides; both take numbers on releases that print them).
std::set<std::uint32_t> used_sequences(const DeviceEvidence& ev, const model::Acl& acl) {
    std::set<std::uint32_t> used;
    for (const auto& e : acl.entries)
        if (e.sequence) used.insert(*e.sequence);
    for (const auto& c : ev.captures)
        for (const auto& a : c.device.acls)
            if (a.name == acl.name && a.family == acl.family)
                for (const auto& e : a.entries)
                    if (e.sequence) used.insert(*e.sequence);
    return used;
}

bool all_numbered(const model::Acl& acl) {
    for (const auto& e : acl.entries)
        if (e.action != model::Ace::Action::remark && !e.sequence) return false;
    return true;
}

// Sequence numbers for `count` entries strictly between prev and next.
std::vector<std::uint32_t> spread(std::uint32_t prev, std::uint32_t next, std::size_t count) {
    std::vector<std::uint32_t> out;
    const std::uint64_t gap = next - prev;
    if (gap < count + 1) return out;
    for (std::size_t k = 1; k <= count; ++k) out.push_back(static_cast<std::uint32_t>(prev + gap * k / (count + 1)));
    return out;
}

// One ACL edit for the templates: the ACL's header data and the permits with their sequence
// numbers. `problem` says why no edit can be written (then the result is null).
nlohmann::json acl_edit(const DeviceEvidence& ev, const model::Acl& acl, const std::vector<Insert>& inserts,
                        const std::string& destination, int port, std::string& problem) {
    const bool v6 = acl.family == AddressFamily::ipv6 || acl.type == "ipv6";
    const bool standard = !v6 && acl.type == "standard";
    const std::size_t end = acl.entries.size();
    std::map<std::size_t, std::vector<const Insert*>> at;  // entry index to insert before (end: append)
    for (const auto& i : inserts) at[i.before.value_or(end)].push_back(&i);

    std::map<const Insert*, std::uint32_t> seqs;
    bool resequence = false;
    std::uint32_t step = 10;
    const auto used = used_sequences(ev, acl);
    // First: free numbers between the neighbours as they are on the device.
    bool fits = all_numbered(acl);
    for (auto it = at.begin(); fits && it != at.end(); ++it) {
        const auto& [pos, list] = *it;
        std::uint32_t prev = 0, next = 0;
        if (pos < end) {
            next = *acl.entries[pos].sequence;
            for (auto s : used)
                if (s < next) prev = s;
        } else {
            prev = used.empty() ? 0 : *used.rbegin();
            next = prev + 10 * static_cast<std::uint32_t>(list.size() + 1);
        }
        const auto nums = spread(prev, next, list.size());
        if (nums.size() != list.size()) fits = false;
        for (std::size_t k = 0; k < nums.size(); ++k) seqs[list[k]] = nums[k];
    }
    if (!fits) {
        // No free number (or the evidence shows none): renumber first, then the gaps are known.
        if (v6) {
            problem =
                "no free sequence number before the blocking line of IPv6 ACL " + acl.name + "; renumber the ACL first";
            return nullptr;
        }
        resequence = true;
        std::size_t most = 0;
        for (const auto& [pos, list] : at) most = std::max(most, list.size());
        step = static_cast<std::uint32_t>(10 * ((most + 10) / 10));
        const bool numbered = all_numbered(acl);
        auto renumbered = [&](std::size_t pos) -> std::uint32_t {
            std::size_t rank = 0;
            if (numbered) {
                const auto s = *acl.entries[pos].sequence;
                for (auto u : used) rank += u < s ? 1 : 0;
            } else {
                for (std::size_t i = 0; i < pos; ++i)
                    rank += acl.entries[i].action != model::Ace::Action::remark ? 1 : 0;
            }
            return step * static_cast<std::uint32_t>(rank + 1);
        };
        std::size_t count = 0;
        if (numbered)
            count = used.size();
        else
            for (const auto& e : acl.entries) count += e.action != model::Ace::Action::remark ? 1 : 0;
        seqs.clear();
        for (const auto& [pos, list] : at) {
            const std::uint32_t next = pos < end ? renumbered(pos) : step * static_cast<std::uint32_t>(count + 1);
            const std::uint32_t prev = pos < end ? next - step : step * static_cast<std::uint32_t>(count);
            const auto nums = spread(prev, pos < end ? next : prev + step, list.size());
            for (std::size_t k = 0; k < nums.size() && k < list.size(); ++k) seqs[list[k]] = nums[k];
        }
    }
    nlohmann::json edit;
    edit["acl"] = acl.name;
    edit["type"] = v6 ? "ipv6" : acl.type;
    edit["numbered"] = acl.numbered;
    edit["ipv4"] = !v6;
    edit["ipv6"] = v6;
    edit["standard"] = standard;
    edit["extended"] = !v6 && !standard;
    edit["resequence"] = resequence;
    edit["resequence_start"] = step;
    edit["resequence_step"] = step;
    std::optional<std::size_t> first;
    for (const auto& i : inserts)
        if (i.before && (!first || *i.before < *first)) first = i.before;
    edit["blocking_sequence"] = nullptr;
    edit["blocking_line"] = nullptr;
    if (first) {
        if (acl.entries[*first].sequence) edit["blocking_sequence"] = *acl.entries[*first].sequence;
        edit["blocking_line"] = entry_text(acl.entries[*first]);
    }
    std::vector<std::pair<std::uint32_t, const Insert*>> order;
    for (const auto& [ins, seq] : seqs) order.emplace_back(seq, ins);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& [seq, ins] : order) {
        nlohmann::json e;
        e["sequence"] = seq;
        e["source"] = ins->source;
        e["destination"] = destination;
        e["port"] = port;
        e["management_source"] = ins->management_source;
        entries.push_back(std::move(e));
    }
    edit["entries"] = std::move(entries);
    return edit;
}

// ---- reporting ---------------------------------------------------------------------------------

Evidence cite_entry(const DeviceEvidence& ev, const model::Acl& acl, std::size_t i) {
    Evidence e = ev.cite(parsers::kAcls, acl.entries[i].line);
    if (e.text.empty()) e.text = entry_text(acl.entries[i]);
    return e;
}

std::string line_ref(const model::Acl& acl, std::optional<std::size_t> i) {
    if (!i) return "the implicit deny at the end";
    return backticked(entry_text(acl.entries[*i]));
}

AclDetail detail_of(const DeviceEvidence& ev, const model::Acl& acl, const std::string& source, const PrefixAnswer& a) {
    AclDetail d;
    d.acl = acl.name;
    d.source = source;
    if (a.result == PrefixAnswer::Result::deny && a.insert_before)
        d.deciding = cite_entry(ev, acl, *a.insert_before);
    else if (a.result == PrefixAnswer::Result::permit && a.permit_entry)
        d.deciding = cite_entry(ev, acl, *a.permit_entry);
    for (auto i : a.shadowing) d.shadowing.push_back(cite_entry(ev, acl, i));
    for (auto i : a.uncertain) d.uncertain.push_back(cite_entry(ev, acl, i));
    return d;
}

void cite_detail(Finding& f, const AclDetail& d) {
    if (d.deciding) add_evidence(f, *d.deciding);
    for (const auto& e : d.shadowing) add_evidence(f, e);
    for (const auto& e : d.uncertain) add_evidence(f, e);
}

// `ACL X denies 10.20.1.0/24 of 10.20.0.0/16 at `20 deny ...``, with the traps named.
std::string deny_text(const model::Acl& acl, const Prefix& source, const PrefixAnswer& a) {
    std::string out = "ACL " + acl.name + " denies ";
    const bool whole = a.denied.size() == 1 && a.denied.front().where.free_bits() == source.width() - source.length;
    if (whole) {
        out += source.str() + " at " + line_ref(acl, a.denied.front().entry);
    } else {
        for (std::size_t k = 0; k < a.denied.size() && k < kShown; ++k)
            out += (k ? ", " : "") + a.denied[k].where.str() + " (" + line_ref(acl, a.denied[k].entry) + ")";
        if (a.denied.size() > kShown) out += " and " + std::to_string(a.denied.size() - kShown) + " more parts";
        out += " of " + source.str();
    }
    for (auto i : a.established)
        out += "; " + line_ref(acl, i) +
               " admits only established traffic (ACK/RST), never the SYN that opens the session";
    for (const auto& [permit, denies] : a.hidden) {
        out += "; " + line_ref(acl, permit) + " never matches: the earlier ";
        for (std::size_t k = 0; k < denies.size(); ++k) out += (k ? " and " : "") + line_ref(acl, denies[k]);
        out += " take" + std::string(denies.size() == 1 ? "s" : "") + " its packets";
    }
    return out;
}

std::string unknown_text(const model::Acl& acl, const Prefix& source, const PrefixAnswer& a) {
    if (a.uncertain.empty()) return a.why_unknown;
    std::string out = "whether ACL " + acl.name + " admits " + source.str() + " depends on ";
    bool first = true;
    for (auto i : a.uncertain) {
        out += (first ? "" : ", ") + backticked(entry_text(acl.entries[i]));
        if (acl.entries[i].action == model::Ace::Action::unparsed) out += " (not understood)";
        first = false;
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep = "; ") {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
    return out;
}

// The destination of the SYN: the device address; for an ACL whose entries name no destination,
// any address of the family will do.
std::optional<IpAddress> destination_for(const Context& ctx, const model::Acl& acl, AddressFamily family,
                                         std::string& why) {
    auto a = IpAddress::parse(ctx.ev.address);
    if (a && a->family == family) return a;
    if (!names_destination(acl)) {
        IpAddress any;
        any.family = family;
        return any;
    }
    why = ctx.ev.address.empty() ? "the device address is not known (meta.yaml `address` or policy `targets`)"
                                 : "the device address " + ctx.ev.address + " is of the other address family";
    why += " and ACL " + acl.name + " names destinations";
    return std::nullopt;
}

Finding unknown_finding(std::string_view id, std::string reason, std::vector<Evidence> evidence = {}) {
    Finding f = make_finding(id, Verdict::unknown, std::move(reason));
    f.evidence = std::move(evidence);
    return f;
}

Finding no_sources(std::string_view id) {
    return unknown_finding(id, std::string(kNoSources));
}

// For checks about SSH-capable lines when there are none: unknown when some line's transport is
// not known, else not applicable (SSH-005 reports it).
Finding no_ssh_lines(const Context& ctx, std::string_view id) {
    std::vector<int> unsure;
    for (const auto& l : ctx.vty)
        if (l.accepts("ssh") == engine::Tri::unknown) unsure.push_back(l.number);
    if (!unsure.empty())
        return unknown_finding(id, "whether " + vty_text(unsure) +
                                       " accept SSH is not known (no `transport input` and the release default is "
                                       "not known)");
    return make_finding(id, Verdict::not_applicable, "no vty line accepts SSH (see SSH-005)");
}

Finding missing_lines(std::string_view id) {
    return unknown_finding(id, "the vty lines are not in the evidence",
                           {DeviceEvidence::missing("show running-config | section line vty")});
}

// Collects the edits of one check: per ACL, the permits to insert.
struct FixPlan {
    std::vector<const model::Acl*> order;
    std::map<const model::Acl*, std::vector<Insert>> inserts;
    void add(const model::Acl* acl, Insert i) {
        if (!inserts.count(acl)) order.push_back(acl);
        inserts[acl].push_back(std::move(i));
    }
};

FixRequest fix_request(std::string template_name, nlohmann::json data) {
    FixRequest r;
    r.template_name = std::move(template_name);
    r.data = std::move(data);
    return r;
}

// Fills fix_request from the plan; a note joins the reason when an ACL cannot be edited.
void request_fix(Finding& f, const Context& ctx, const FixPlan& plan, const std::string& destination,
                 nlohmann::json data) {
    nlohmann::json edits = nlohmann::json::array();
    for (const auto* acl : plan.order) {
        std::string problem;
        auto e = acl_edit(ctx.ev, *acl, plan.inserts.at(acl), destination, ctx.policy.ssh_port, problem);
        if (e.is_null())
            f.reason += "; no fix for ACL " + acl->name + ": " + problem;
        else
            edits.push_back(std::move(e));
    }
    if (edits.empty()) return;
    data["acls"] = std::move(edits);
    data["device_address"] = ctx.ev.address;
    data["port"] = ctx.policy.ssh_port;
    data["vty_ranges"] = vty_ranges(ctx);
    f.fix_request = fix_request(f.check, std::move(data));
}

std::string ios_source(const Prefix& p) {
    return Pattern::of(p).ios().value_or(p.str());
}

// What a check that asks ACLs about the management sources has found so far.
struct Tally {
    std::vector<std::string> fails, unknowns, notes, passes;
    FixPlan plan;
};

// Whether the ACLs are in the evidence; when not, `where` is unknown and the missing capture cited.
bool acls_collected(Finding& f, const Context& ctx, const std::string& where, Tally& t) {
    if (ctx.ev.has(parsers::kAcls)) return true;
    t.unknowns.push_back(where + ": the ACLs are not in the evidence");
    add_evidence(f, DeviceEvidence::missing("show access-lists"));
    return false;
}

// Asks whether `acl` admits `source` (`p`) to `dst` on the SSH port, cites its deciding entries on
// `f` and files the answer under `where`; a deny is worded after `deny_where` and plans the permit
// to insert. Returns whether the ACL denies.
bool judge(Finding& f, const Context& ctx, const model::Acl& acl, const std::string& source, const Prefix& p,
           const IpAddress& dst, const std::string& where, const std::string& deny_where, Tally& t) {
    const PrefixAnswer a = ask(ctx, acl, p, dst, ctx.policy.ssh_port);
    AclDetail d = detail_of(ctx.ev, acl, source, a);
    cite_detail(f, d);
    f.acl.push_back(std::move(d));
    switch (a.result) {
        case PrefixAnswer::Result::deny:
            t.fails.push_back(deny_where + ": " + deny_text(acl, p, a));
            t.plan.add(&acl, Insert{source, ios_source(p), a.insert_before});
            return true;
        case PrefixAnswer::Result::unknown:
            t.unknowns.push_back(where + ": " + unknown_text(acl, p, a));
            break;
        case PrefixAnswer::Result::permit:
            t.passes.push_back(where + " admits " + source +
                               (a.permit_entry ? " at " + line_ref(acl, a.permit_entry) : std::string()));
            break;
    }
    return false;
}

// The verdict of the tally: any fail fails (with the fix to `destination`, `data` added), else any
// unknown is unknown, else the passes (`none_passed` when there are none) pass; notes join any.
void conclude(Finding& f, const Context& ctx, const Tally& t, const std::string& destination, nlohmann::json data,
              std::string_view none_passed) {
    if (!t.fails.empty()) {
        f.verdict = Verdict::fail;
        f.reason = join(t.fails);
        if (!t.unknowns.empty()) f.reason += "; also unknown: " + join(t.unknowns);
        request_fix(f, ctx, t.plan, destination, std::move(data));
    } else if (!t.unknowns.empty()) {
        f.verdict = Verdict::unknown;
        f.reason = join(t.unknowns);
    } else {
        f.reason = t.passes.empty() ? std::string(none_passed) : join(t.passes);
    }
    if (!t.notes.empty()) f.reason += "; note: " + join(t.notes);
}

// ---- SSH-007: the vty access-class admits every management source -----------------------------

Finding ssh_007(const Context& ctx) {
    constexpr std::string_view id = "SSH-007";
    if (ctx.policy.management_sources.empty()) return no_sources(id);
    if (!ctx.ev.has(parsers::kLines)) return missing_lines(id);
    const auto capable = ctx.ssh_capable();
    if (capable.empty()) return no_ssh_lines(ctx, id);

    Finding f = make_finding(id, Verdict::pass, {});
    Tally t;
    for (const auto& source : ctx.policy.management_sources) {
        const auto p = Prefix::parse(source);
        if (!p) {
            t.unknowns.push_back("management source '" + source + "' is not an address or prefix");
            continue;
        }
        const bool v6 = p->address.family == AddressFamily::ipv6;
        std::map<std::string, std::vector<int>> by_acl;
        std::vector<int> open;
        for (const auto* l : capable) {
            const auto& ac = v6 ? l->ipv6_access_class_in : l->access_class_in;
            if (!ac) {
                open.push_back(l->number);
                continue;
            }
            by_acl[ac->acl].push_back(l->number);
            add_evidence(f, ctx.ev.cite(parsers::kLines, ac->line));
        }
        if (by_acl.empty()) {
            t.passes.push_back(vty_text(open) + " have no " + (v6 ? "`ipv6 access-class`" : "`access-class`") +
                               ": no source is filtered");
            continue;
        }
        for (const auto& [name, numbers] : by_acl) {
            const std::string where = vty_text(numbers) + " " + (v6 ? "ipv6 access-class " : "access-class ") + name;
            if (!acls_collected(f, ctx, where, t)) continue;
            const model::Acl* acl = find_acl(ctx.device, name, v6);
            if (!acl) {
                t.notes.push_back(where + " names no existing ACL: IOS admits every source (SSH-008)");
                continue;
            }
            std::string why;
            const auto dst = destination_for(ctx, *acl, p->address.family, why);
            if (!dst) {
                t.unknowns.push_back(where + ": " + why);
                continue;
            }
            judge(f, ctx, *acl, source, *p, *dst, where, where, t);
        }
    }
    conclude(f, ctx, t, "any", nlohmann::json::object(), "every management source is admitted");
    return f;
}

// ---- SSH-009: sessions arriving in a VRF need `vrf-also` --------------------------------------

Finding ssh_009(const Context& ctx) {
    constexpr std::string_view id = "SSH-009";
    if (ctx.policy.management_sources.empty()) return no_sources(id);
    if (!ctx.ev.has(parsers::kLines)) return missing_lines(id);
    if (!ctx.ev.has(parsers::kInterfaces))
        return unknown_finding(id, "the interfaces (and their VRFs) are not in the evidence",
                               {DeviceEvidence::missing("show running-config")});
    const auto capable = ctx.ssh_capable();
    if (capable.empty()) return no_ssh_lines(ctx, id);
    const auto& ingress = ctx.ingress();
    if (ingress.empty() || !ingress.front().target_interface) {
        std::vector<std::string> vrfs;
        for (const auto& itf : ctx.device.interfaces)
            if (itf.vrf && std::find(vrfs.begin(), vrfs.end(), *itf.vrf) == vrfs.end()) vrfs.push_back(*itf.vrf);
        if (!vrfs.empty())
            return unknown_finding(
                id, (ctx.ev.address.empty() ? std::string("the device address is not known")
                                            : "the device address " + ctx.ev.address + " is on no interface") +
                        ", so the VRF sessions arrive in is not known (the device has VRF " + join(vrfs, ", ") + ")");
        return make_finding(id, Verdict::pass, "no interface is in a VRF: sessions arrive in the global table");
    }
    const Ingress& in = ingress.front();
    Finding f = make_finding(id, Verdict::pass, {});
    for (const auto& e : in.evidence) add_evidence(f, e);
    if (in.vrf.empty()) {
        f.reason = "the device address " + ctx.ev.address + " is on " + in.target_interface->name +
                   " in the global table: `vrf-also` is not needed";
        return f;
    }
    // `vrf-also` is an option of the IPv4 `access-class` only (`ipv6 access-class` has none).
    const bool want4 = std::any_of(ctx.policy.management_sources.begin(), ctx.policy.management_sources.end(),
                                   [](const std::string& s) {
                                       auto p = Prefix::parse(s);
                                       return p && p->address.family == AddressFamily::ipv4;
                                   });
    if (!want4)
        return make_finding(id, Verdict::not_applicable,
                            "every management source is IPv6; `vrf-also` exists only for the IPv4 `access-class`");
    std::map<std::string, std::vector<int>> by_acl;
    std::vector<int> missing;
    for (const auto* l : capable) {
        const auto& ac = l->access_class_in;
        if (!ac || ac->vrf_also) continue;
        by_acl[ac->acl].push_back(l->number);
        missing.push_back(l->number);
        add_evidence(f, ctx.ev.cite(parsers::kLines, ac->line));
    }
    if (missing.empty()) {
        f.reason = "sessions arrive in VRF " + in.vrf + " and every SSH-capable vty line has `vrf-also` or no " +
                   "`access-class`";
        return f;
    }
    f.verdict = Verdict::fail;
    f.reason = "the device address " + ctx.ev.address + " is on " + in.target_interface->name + " in VRF " + in.vrf +
               ", but the `access-class ... in` of " + vty_text(missing) +
               " lacks `vrf-also`: IOS refuses every session that arrives in a VRF on those lines";
    nlohmann::json data;
    data["vrf"] = in.vrf;
    data["vty_ranges"] = vty_ranges(ctx);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [acl, numbers] : by_acl)
        for (const auto& r : runs(numbers)) {
            nlohmann::json j;
            j["range"] = range_text(r);
            j["first"] = r.first;
            j["last"] = r.second;
            j["acl"] = acl;
            list.push_back(std::move(j));
        }
    data["lines"] = std::move(list);
    f.fix_request = fix_request(std::string(id), std::move(data));
    return f;
}

// ---- SSH-010: the inbound ACL of the ingress interface ----------------------------------------

Finding ssh_010(const Context& ctx) {
    constexpr std::string_view id = "SSH-010";
    if (ctx.policy.management_sources.empty()) return no_sources(id);
    if (!ctx.ev.has(parsers::kInterfaces))
        return unknown_finding(id, "the interfaces are not in the evidence",
                               {DeviceEvidence::missing("show running-config")});
    const auto device_address = IpAddress::parse(ctx.ev.address);
    if (!device_address)
        return unknown_finding(id, "the device address is not known (meta.yaml `address` or policy `targets`)");

    Finding f = make_finding(id, Verdict::pass, {});
    Tally t;
    std::vector<std::string> interfaces;
    const auto& ingress = ctx.ingress();
    for (std::size_t k = 0; k < ingress.size(); ++k) {
        const Ingress& in = ingress[k];
        const std::string& source = in.source;
        for (const auto& e : in.evidence) add_evidence(f, e);
        if (in.how == Ingress::How::unknown || !in.interface) {
            t.unknowns.push_back("ingress interface for " + source + " unknown: " + in.reason);
            continue;
        }
        const auto p = Prefix::parse(source);
        if (!p) continue;  // resolve_ingress already said unknown
        if (p->address.family != device_address->family) {
            t.unknowns.push_back(source + " reaches the device over the other address family than " + ctx.ev.address +
                                 "; the address it connects to is not known");
            continue;
        }
        const bool v6 = p->address.family == AddressFamily::ipv6;
        const std::string itf = in.interface->name;
        if (!in.acl_in) {
            t.passes.push_back(source + " enters on " + itf + ", which has no inbound " +
                               (v6 ? "`ipv6 traffic-filter`" : "`ip access-group`"));
            continue;
        }
        const std::string where = itf + " " + (v6 ? "ipv6 traffic-filter " : "ip access-group ") + *in.acl_in + " in";
        if (!acls_collected(f, ctx, where, t)) continue;
        const model::Acl* acl = find_acl(ctx.device, *in.acl_in, v6);
        if (!acl) {
            t.notes.push_back(where + " names no existing ACL: IOS lets every packet through");
            continue;
        }
        const std::string deny_where = where + " (ingress for " + source + ", tcp/" +
                                       std::to_string(ctx.policy.ssh_port) + " to " + ctx.ev.address + ")";
        if (judge(f, ctx, *acl, source, *p, *device_address, where, deny_where, t) &&
            std::find(interfaces.begin(), interfaces.end(), itf) == interfaces.end())
            interfaces.push_back(itf);
    }
    nlohmann::json data;
    data["interfaces"] = interfaces;
    data["interface"] = interfaces.empty() ? std::string() : interfaces.front();
    conclude(f, ctx, t, "host " + device_address->str(), std::move(data), "");
    return f;
}

// ---- SSH-011: management-plane protection -------------------------------------------------------

Finding ssh_011(const Context& ctx) {
    constexpr std::string_view id = "SSH-011";
    if (ctx.policy.management_sources.empty()) return no_sources(id);
    if (!ctx.ev.has(parsers::kManagementPlane))
        return unknown_finding(id, "the running-config (`control-plane host`) is not in the evidence",
                               {DeviceEvidence::missing("show running-config")});
    const auto& mp = ctx.device.management_plane;
    if (!mp || mp->empty())
        return make_finding(id, Verdict::pass, "management-plane protection is off (no `management-interface`)");

    Finding f = make_finding(id, Verdict::pass, {});
    for (const auto& m : *mp) add_evidence(f, ctx.ev.cite(parsers::kManagementPlane, m.line));
    std::vector<std::string> fails, unknowns, passes;
    nlohmann::json list = nlohmann::json::array();
    std::set<std::string> done;
    for (const auto& in : ctx.ingress()) {
        if (in.how == Ingress::How::unknown || !in.interface) {
            unknowns.push_back("ingress interface for " + in.source + " unknown: " + in.reason);
            continue;
        }
        for (const auto& e : in.evidence) add_evidence(f, e);
        const std::string& itf = in.interface->name;
        const model::ManagementInterface* entry = nullptr;
        for (const auto& m : *mp)
            if (iequals(m.interface, itf)) entry = &m;
        const bool allowed =
            entry && std::any_of(entry->protocols.begin(), entry->protocols.end(),
                                 [](const std::string& p) { return iequals(p, "ssh") || iequals(p, "all"); });
        if (allowed) {
            passes.push_back(in.source + " enters on " + itf + ", which allows ssh");
            continue;
        }
        fails.push_back(in.source + " enters on " + itf + ", which " +
                        (entry ? "management-plane protection opens only to " + join(entry->protocols, " ")
                               : std::string("is not a management interface")));
        if (!done.insert(itf).second) continue;
        nlohmann::json j;
        j["interface"] = itf;
        std::vector<std::string> protocols = entry ? entry->protocols : std::vector<std::string>{};
        j["previous"] = join(protocols, " ");
        j["had_entry"] = entry != nullptr;
        protocols.push_back("ssh");
        j["protocols"] = join(protocols, " ");
        list.push_back(std::move(j));
    }
    if (!fails.empty()) {
        f.verdict = Verdict::fail;
        f.reason = "management-plane protection is on and " + join(fails);
        if (!unknowns.empty()) f.reason += "; also unknown: " + join(unknowns);
        nlohmann::json data;
        data["interfaces"] = std::move(list);
        f.fix_request = fix_request(std::string(id), std::move(data));
    } else if (!unknowns.empty()) {
        f.verdict = Verdict::unknown;
        f.reason = "management-plane protection is on; " + join(unknowns);
    } else {
        f.reason = "management-plane protection is on and " + join(passes);
    }
    return f;
}

}  // namespace

void add_ios_path_checks(std::vector<CheckInfo>& out) {
    out.push_back({"SSH-007", "cisco_ios", 'A', Severity::critical,
                   "vty access-class does not admit a management source", &ssh_007});
    out.push_back({"SSH-009", "cisco_ios", 'A', Severity::high,
                   "sessions arrive in a VRF but access-class lacks vrf-also", &ssh_009});
    out.push_back({"SSH-010", "cisco_ios", 'A', Severity::critical,
                   "inbound ACL of the ingress interface denies SSH to the device", &ssh_010});
    out.push_back({"SSH-011", "cisco_ios", 'A', Severity::high,
                   "management-plane protection does not allow ssh on the ingress interface", &ssh_011});
}

}  // namespace vtyguard::checks
