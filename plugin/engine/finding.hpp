// What a check says about a device (SPEC section 12, "JSON report"; CHECKS.md).
//
// Contract:
//  - One Finding per check that ran on a device. `verdict` is never `pass` when a line that gates
//    the answer was not understood or the evidence is missing or was collected below privilege 15:
//    that is `unknown`, with the reason saying what is missing.
//  - Evidence cites what the device printed: the command (canonical spelling), the 1-based line in
//    that capture and the line's text; line 0 means "the whole output" (e.g. an absent command).
//  - A failing check that has a remediation fills `fix_request`; the fix planner (fix.hpp) turns
//    it into the rendered, verified `fix`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace vtyguard::checks {

enum class Verdict { pass, fail, unknown, not_applicable };
enum class Severity { info, low, medium, high, critical };

std::string_view to_string(Verdict v);
std::string_view to_string(Severity s);
std::optional<Severity> severity_from_string(std::string_view s);

struct Evidence {
    std::string command;  // `show ip ssh`, `show running-config`, a backup's `show running-config`
    std::size_t line = 0;
    std::string text;
    std::string file;  // the capture or backup file the line is in (SARIF region), when known
};

// ACL verdicts name the line that decided and the lines that shadow a line.
struct AclDetail {
    std::string acl;
    std::string source;                // the management source the question was asked for
    std::optional<Evidence> deciding;  // nullopt: the implicit deny at the end decided
    std::vector<Evidence> shadowing;   // earlier lines that take the packets of a later line
    std::vector<Evidence> uncertain;   // lines that could not be decided exactly
};

// What a failing check asks the fix planner to render: `templates/<platform>/<template>.*` with
// `data` (values from the device and the policy; every string is inserted unescaped).
struct FixRequest {
    std::string template_name;  // defaults to the check id
    nlohmann::json data = nlohmann::json::object();
};

struct Fix {
    std::string plan;      // `{device}.fix.txt` part: configuration lines only, in order
    std::string runbook;   // exec steps around it
    std::string rollback;  // configuration lines that undo it
    bool verified = false;
    bool would_lock_out = false;
    std::string note;                  // verification result, or why the fix is withheld
    std::vector<std::string> secrets;  // `{SECRET}` placeholders the operator must fill
};

struct Finding {
    std::string check;
    Verdict verdict = Verdict::unknown;
    Severity severity = Severity::info;
    std::string reason;  // one line
    std::vector<Evidence> evidence;
    std::vector<AclDetail> acl;  // one per ACL question asked (per management source)
    std::optional<FixRequest> fix_request;
    std::optional<Fix> fix;
    std::string message;  // a remediation that is advice only (SSH-015: install an image with crypto)
};

}  // namespace vtyguard::checks
