// What the NET-001 probe says about a device, and how it is correlated with the checks (SPEC
// section 7's table; CHECKS.md NET-001).
//
// Contract:
//  - probe_json: the report's `probe` object (plugin/schema/report.schema.json): `result`
//    (`refused`, `timeout`, `unreachable`, `open`), `address`, `port`, `banner` (null when open
//    without one), `via` (`local` or the jump path), `elapsed_ms`.
//  - explaining_checks: the section-A checks whose cause shows a client exactly this outcome:
//      refused         SSH-001..005, SSH-015, SSH-016, ASA-005 (no SSH server, moved, no vty line)
//      open_no_banner  SSH-006, SSH-007, SSH-009, SSH-012 (vty access-class, lines busy)
//      unreachable     SSH-010 (interface ACL answered with ICMP prohibited)
//      timeout         SSH-010, SSH-011, ASA-001, ASA-002, ASA-007 (silent drops)
//      open_banner     none: the path works (login-time causes come from the login's error).
//  - apply_probe: sets the report's `probe`, inserts the NET-001 finding at its CHECKS.md place
//    (pass with a banner, fail otherwise; severity info unless the policy overrides it; not at
//    all when the policy skips NET-001) and, when the probe failed, re-ranks `likely_cause`:
//    the failing checks that explain the outcome first; when none does, NET-001 itself first
//    (something outside the configuration, or evidence that could not be collected).
//  - refusal_message / login_hint: one sentence for a device that could not be logged into,
//    naming the outcome and the checks of its platform (both when it is not known) that would
//    explain it, so an operator knows where to look.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/probe.hpp"
#include "plugin/engine/audit.hpp"

namespace vtyguard::runner {

nlohmann::json probe_json(const drivers::ProbeResult& probe, const std::string& address, std::uint16_t port);

const std::vector<std::string_view>& explaining_checks(drivers::ProbeStatus status);

// Checks that explain a login failure of this kind (auth_failed: SSH-013, SSH-014, ASA-003,
// ASA-004; no_common_algorithm: SSH-017); empty for the others.
const std::vector<std::string_view>& explaining_checks(drivers::ErrorKind kind);

void apply_probe(checks::DeviceReport& report, const drivers::ProbeResult& probe, const std::string& address,
                 std::uint16_t port, const checks::Policy& policy);

// "SSH to 10.0.0.1:22 refused (from local): ... (SSH-001, ...)".
std::string refusal_message(const drivers::ProbeResult& probe, const std::string& address, std::uint16_t port,
                            std::string_view platform);

// The hint appended to a login error of `kind` (empty when there is none to give).
std::string login_hint(drivers::ErrorKind kind, std::string_view platform);

}  // namespace vtyguard::runner
