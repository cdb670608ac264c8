// Fix planning, rendering and verification (SPEC section 6; the remediation contract at the end
// of CHECKS.md).
//
// Contract:
//  - Templates live in `templates/<platform>/<template>.fix.mustache` (configuration lines) and
//    `.rollback.mustache`, compiled into the library, rendered with kainjow::mustache with HTML
//    escaping off. Data comes from the check's FixRequest (device context) plus the policy.
//  - plan_fixes fills Finding::fix for every failing finding that has a FixRequest:
//      1. render the fix and its rollback;
//      2. verify: apply the fix lines to a copy of the device model (apply_config), run every check
//         again; the fix is `verified` only when its own check passes and no other check's verdict
//         gets worse (pass -> fail/unknown, unknown -> fail);
//      3. lock-out: withhold (`would_lock_out`, plan kept empty, note says why) unless the patched
//         model still admits the auditing session's own source (`show users`) and every
//         management source over SSH;
//      4. the device plan (DevicePlan) joins the verified fixes in lock-out-safe order (keys,
//         usernames before `aaa new-model`, ACL permits before `access-class`, the narrow ASA `ssh`
//         entry before the broad one is removed, telnet removed last) and is verified as a whole.
//  - Rendering again on the patched model gives no fix (idempotent): tests pin it.
//  - Never throws, never prints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/model/model.hpp"
#include "plugin/engine/evidence.hpp"
#include "plugin/engine/finding.hpp"
#include "plugin/engine/policy.hpp"

namespace vtyguard::checks {

// Applies configuration-mode lines (what our templates emit; `line vty A B` / `ip access-list`
// sub-modes with sequence numbers, `no` forms, `crypto key generate rsa ...`, usernames, aaa, ASA
// `ssh`/`telnet`/`access-list`) to the model as the device would. False with `error` naming the
// line for a line it does not know: an unknown line fails verification rather than being ignored.
bool apply_config(model::Device& device, std::string_view platform, std::string_view config, std::string& error);

// Renders templates/<platform>/<name>.<part>.mustache with data (an empty part: <name>.mustache,
// the runbook); false when the template is missing.
bool render_template(std::string_view platform, std::string_view name, std::string_view part,
                     const nlohmann::json& data, std::string& out, std::string& error);

struct DevicePlan {
    std::string fix;       // {device}.fix.txt
    std::string runbook;   // {device}.runbook.txt
    std::string rollback;  // {device}.rollback.txt
    bool verified = false;
    std::vector<std::string> withheld;  // check ids whose fix was withheld, with the reason
    std::vector<std::string> secrets;
};

// Fills `fix` of the failing findings and returns the joined device plan (empty when nothing fails
// or nothing could be fixed).
DevicePlan plan_fixes(const DeviceEvidence& ev, const Policy& policy, std::vector<Finding>& findings);

}  // namespace vtyguard::checks
