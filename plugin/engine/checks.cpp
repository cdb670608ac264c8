#include "plugin/engine/checks.hpp"

#include <algorithm>
#include <array>

namespace vtyguard::checks {

std::string_view to_string(Verdict v) {
    switch (v) {
        case Verdict::pass:
            return "pass";
        case Verdict::fail:
            return "fail";
        case Verdict::unknown:
            return "unknown";
        case Verdict::not_applicable:
            return "not_applicable";
    }
    return "unknown";
}

std::string_view to_string(Severity s) {
    switch (s) {
        case Severity::info:
            return "info";
        case Severity::low:
            return "low";
        case Severity::medium:
            return "medium";
        case Severity::high:
            return "high";
        case Severity::critical:
            return "critical";
    }
    return "info";
}

std::optional<Severity> severity_from_string(std::string_view s) {
    for (auto v : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical})
        if (to_string(v) == s) return v;
    return std::nullopt;
}

Context::Context(const DeviceEvidence& evidence, const Policy& p)
    : ev(evidence), policy(p), device(evidence.device), vty(engine::resolve_vty(evidence.device)) {}

std::vector<const engine::EffectiveLine*> Context::ssh_capable() const {
    std::vector<const engine::EffectiveLine*> out;
    for (const auto& l : vty)
        if (l.accepts("ssh") == engine::Tri::yes) out.push_back(&l);
    return out;
}

const std::vector<Ingress>& Context::ingress() const {
    if (!ingress_) ingress_ = resolve_ingress(ev, policy.management_sources);
    return *ingress_;
}

const engine::AclAnalyzer& Context::analyzer(const model::Acl& acl, model::AddressFamily family) const {
    auto& slot = analyzers_[{&acl, family}];
    if (!slot) slot = std::make_unique<engine::AclAnalyzer>(device, acl, family);
    return *slot;
}

namespace {

// CHECKS.md order; the catalogue and every report list checks in it.
constexpr std::array kOrder = {
    "SSH-001", "SSH-002", "SSH-003", "SSH-004", "SSH-005", "SSH-006", "SSH-007", "SSH-009", "SSH-010", "SSH-011",
    "SSH-012", "SSH-013", "SSH-014", "SSH-015", "SSH-016", "SSH-017", "NET-001", "ASA-001", "ASA-002", "ASA-003",
    "ASA-004", "ASA-005", "ASA-007", "SSH-008", "SSH-018", "SSH-101", "SSH-102", "SSH-103", "SSH-104", "SSH-105",
    "SSH-106", "SSH-107", "SSH-108", "SSH-109", "SSH-110", "SSH-111", "SSH-112", "ASA-101", "ASA-102", "ASA-103",
    "ASA-104", "ASA-105", "ASA-106", "LNX-001", "LNX-002", "LNX-003", "LNX-004", "LNX-005", "LNX-006",
};

std::size_t rank(std::string_view id) {
    auto it = std::find(kOrder.begin(), kOrder.end(), id);
    return static_cast<std::size_t>(it - kOrder.begin());
}

std::vector<CheckInfo> build_catalogue() {
    std::vector<CheckInfo> all;
    add_ios_access_checks(all);
    add_ios_path_checks(all);
    add_ios_hardening_checks(all);
    add_asa_checks(all);
    add_linux_checks(all);
    std::stable_sort(all.begin(), all.end(),
                     [](const CheckInfo& a, const CheckInfo& b) { return rank(a.id) < rank(b.id); });
    return all;
}

bool applies(const CheckInfo& c, std::string_view platform) {
    // `both` is CHECKS.md's: the two Cisco platforms.
    return c.platforms == platform || (c.platforms == "both" && (platform == "cisco_ios" || platform == "cisco_asa"));
}

}  // namespace

const std::vector<CheckInfo>& catalogue() {
    static const std::vector<CheckInfo> all = build_catalogue();
    return all;
}

const CheckInfo* find_check(std::string_view id) {
    for (const auto& c : catalogue())
        if (c.id == id) return &c;
    return nullptr;
}

Finding make_finding(std::string_view id, Verdict v, std::string reason) {
    Finding f;
    f.check = std::string(id);
    f.verdict = v;
    f.reason = std::move(reason);
    return f;
}

std::vector<Finding> run_checks(const DeviceEvidence& ev, const Policy& policy) {
    std::vector<Finding> out;
    const Context ctx(ev, policy);
    const auto priv = ev.privilege();
    for (const auto& c : catalogue()) {
        if (!applies(c, ev.platform) || policy.skip_checks.count(std::string(c.id))) continue;
        Finding f = c.run(ctx);
        f.check = std::string(c.id);
        f.severity = c.severity == Severity::info || f.severity < c.severity ? c.severity : f.severity;
        if (auto o = policy.severity_overrides.find(f.check); o != policy.severity_overrides.end())
            f.severity = o->second;
        // CHECKS.md global rule: configuration read below privilege 15 may be partial.
        if (priv && *priv < 15 && (f.verdict == Verdict::pass || f.verdict == Verdict::fail)) {
            f.verdict = Verdict::unknown;
            f.reason = "evidence collected at privilege " + std::to_string(*priv) +
                       " (below 15) may be partial; would be: " + f.reason;
            f.fix_request.reset();
        }
        if (f.verdict != Verdict::fail) f.fix_request.reset();
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<const Finding*> likely_causes(const std::vector<Finding>& findings, std::size_t limit) {
    std::vector<const Finding*> out;
    for (const auto& f : findings) {
        const CheckInfo* c = find_check(f.check);
        if (c && (c->section == 'A' || c->section == 'C') && f.verdict == Verdict::fail) out.push_back(&f);
    }
    // An image without SSH (SSH-015) comes first whatever else fails: no other fix can make SSH
    // answer on it (`transport input ssh` does not even exist there).
    auto moot_others = [](const Finding* f) { return f->check == "SSH-015"; };
    std::stable_sort(out.begin(), out.end(), [&](const Finding* a, const Finding* b) {
        if (moot_others(a) != moot_others(b)) return moot_others(a);
        if (a->severity != b->severity) return a->severity > b->severity;
        return rank(a->check) < rank(b->check);
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace vtyguard::checks
