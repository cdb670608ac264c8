// The check catalogue and the runner (CHECKS.md sections A, B and C).
//
// Contract:
//  - One CheckInfo per check id of CHECKS.md that runs from evidence (NET-001 comes with live
//    collection). Ids, platforms and default severities are exactly CHECKS.md's; section C gives
//    none, so checks_linux.cpp states them.
//  - A check function only reads; it returns its verdict, reason, evidence and, when it fails and a
//    remediation exists, a FixRequest. It never throws and never prints.
//  - run_checks applies the global rules after each check: policy `skip_checks` (the check is
//    not run), `severity_overrides`, and "evidence below privilege 15 -> unknown" (a fail or pass
//    from such evidence becomes unknown).
//  - Checks are independent of each other's results, so the fix verifier can run them again on a
//    patched model.
//  - A Context caches derived facts (ingress, ACL analyzers) in mutable members on first use: one
//    Context must not be used from several threads at once (run_checks makes one per call).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugin/engine/acl.hpp"
#include "plugin/engine/evidence.hpp"
#include "plugin/engine/finding.hpp"
#include "plugin/engine/ingress.hpp"
#include "plugin/engine/policy.hpp"
#include "plugin/engine/vty.hpp"

namespace vtyguard::checks {

// What every check may read. Derived facts are computed once per device.
struct Context {
    Context(const DeviceEvidence& evidence, const Policy& policy);

    const DeviceEvidence& ev;
    const Policy& policy;
    const model::Device& device;             // == ev.device
    std::vector<engine::EffectiveLine> vty;  // resolve_vty(device); empty when no vty is configured

    // vty lines whose effective transport input includes ssh (Tri::yes).
    std::vector<const engine::EffectiveLine*> ssh_capable() const;
    // Ingress for each management source (policy order), computed on first use.
    const std::vector<Ingress>& ingress() const;
    // The analyzer of `acl` (an ACL of `device`, not a temporary) in `family`, built on first use
    // and shared by every check: several checks ask about the same ACL. Not thread-safe.
    const engine::AclAnalyzer& analyzer(const model::Acl& acl, model::AddressFamily family) const;

private:
    mutable std::optional<std::vector<Ingress>> ingress_;
    mutable std::map<std::pair<const model::Acl*, model::AddressFamily>, std::unique_ptr<engine::AclAnalyzer>>
        analyzers_;
};

struct CheckInfo {
    std::string_view id;                 // `SSH-007`
    std::string_view platforms;          // `cisco_ios`, `cisco_asa`, `both` (the two Cisco ones) or `linux`
    char section = 'A';                  // CHECKS.md section
    Severity severity = Severity::info;  // CHECKS.md's (the lower of two); a finding may raise it
    std::string_view title;              // short: what fails
    Finding (*run)(const Context&) = nullptr;
};

// Every check, in CHECKS.md order.
const std::vector<CheckInfo>& catalogue();
const CheckInfo* find_check(std::string_view id);

// Runs every applicable check of the catalogue for ev.platform; checks of other platforms are not
// reported. Findings come in catalogue order.
std::vector<Finding> run_checks(const DeviceEvidence& ev, const Policy& policy);

// The failing section-A and section-C checks ranked as the most likely cause of a refusal (most
// severe first, then catalogue order), at most `limit`.
std::vector<const Finding*> likely_causes(const std::vector<Finding>& findings, std::size_t limit = 3);

// Registration hooks, one per source file of checks.
// checks_ios_access.cpp: section A on IOS: the SSH server, vty lines, login (SSH-001..SSH-006,
// SSH-012..SSH-016).
void add_ios_access_checks(std::vector<CheckInfo>& out);
// checks_ios_path.cpp: section A on IOS: the access path (SSH-007, SSH-009, SSH-010, SSH-011).
void add_ios_path_checks(std::vector<CheckInfo>& out);
// checks_ios_hardening.cpp: section B on IOS (SSH-008, SSH-101..SSH-112) and SSH-018 (both).
void add_ios_hardening_checks(std::vector<CheckInfo>& out);
// checks_asa.cpp: ASA-* and SSH-017 (both).
void add_asa_checks(std::vector<CheckInfo>& out);
// checks_linux.cpp: section C on Linux jump hosts (LNX-001..LNX-006).
void add_linux_checks(std::vector<CheckInfo>& out);

// A finding of `info` for `id` with the verdict and reason; helpers for check code.
Finding make_finding(std::string_view id, Verdict v, std::string reason);

}  // namespace vtyguard::checks
