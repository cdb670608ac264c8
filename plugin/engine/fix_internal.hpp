// Internal pieces of the fix planner (fix.cpp, apply.cpp), exposed for their unit tests.
//
// Contract:
//  - render_text renders one mustache template text with `data` (nlohmann JSON turned into
//    mustache data: objects, arrays as lists, booleans, numbers as their decimal text, null as
//    false) with HTML escaping off: `{{x}}` inserts x verbatim. `config` output (the `fix` and
//    `rollback` parts) drops blank and whitespace-only lines (what empty sections leave behind)
//    and trailing blanks. False with `error` on a template that
//    does not compile. Other output (the runbook) keeps blank lines, one where sections left
//    several, and loses trailing blanks.
//  - secret_lines lists the configuration lines of `text` that hold a `{SECRET}` placeholder
//    (trimmed, in order, without duplicates): the values the operator must fill.
//  - fix_phase is the lock-out-safe position of a check's fix in the device plan (lower first;
//    CHECKS.md "Remediation contract"): SSH server and keys, usernames, AAA, ACL permits, line and
//    interface settings that apply them, the narrow ASA `ssh` entries, removal of broad ASA entries,
//    telnet removal last.
//  - Never throw, never print.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace vtyguard::checks::detail {

bool render_text(std::string_view tmpl, const nlohmann::json& data, bool config, std::string& out, std::string& error);

std::vector<std::string> secret_lines(std::string_view text);

int fix_phase(std::string_view check_id);
constexpr int kTelnetPhase = 7;  // SSH-103, ASA-105

}  // namespace vtyguard::checks::detail
