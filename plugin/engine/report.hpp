// Report formats and exit codes (SPEC sections 9 and 12).
//
// Contract:
//  - JSON exactly as SPEC section 12 and `plugin/schema/report.schema.json` (the reference):
//    `{schema_version, devices: [...]}`; one device object per line for JSON Lines.
//  - JUnit XML: one testsuite per device, one testcase per check (fail -> <failure>, unknown and
//    not_applicable -> <skipped> with the reason).
//  - SARIF 2.1.0: one result per failing finding; for configuration backups the region is the
//    offending config line of the backup file; stable fingerprints (device, check, evidence text);
//    the fix in the message.
//  - Text for people; colour only when asked.
//  - Exit codes: 0 clean; 1 a finding at or above fail_on (unknown counts only with
//    fail_on_unknown); 3 some device could not be audited; 2 (usage or input error) is the CLI's.
//    Precedence 2, 3, 1.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugin/engine/audit.hpp"

namespace vtyguard::checks {

inline constexpr int kSchemaVersion = 1;

nlohmann::json device_json(const DeviceReport& r);
nlohmann::json report_json(const std::vector<DeviceReport>& reports);
std::string report_text(const std::vector<DeviceReport>& reports, bool colour);
std::string report_junit(const std::vector<DeviceReport>& reports);
std::string report_sarif(const std::vector<DeviceReport>& reports);

struct ExitPolicy {
    Severity fail_on = Severity::high;
    bool fail_on_unknown = false;
};
int exit_code(const std::vector<DeviceReport>& reports, const ExitPolicy& p);

}  // namespace vtyguard::checks
