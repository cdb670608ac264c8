// Reading reports back and `vtyguard report merge` (SPEC section 8: shards of one fleet audited on
// several machines, joined into one report).
//
// Contract:
//  - device_from_json reads one device object of the JSON report (schema_version 1; the keys of
//    plugin/schema/report.schema.json) into a DeviceReport that the report writers render as the
//    original: findings with evidence, ACL details and fixes, the device plan, the probe. The
//    captures themselves are not in a report: SARIF locations come from the evidence's `file`.
//  - read_report reads a file holding either a JSON report (`{schema_version, devices}`) or JSON
//    Lines (one device object per line, as `--format jsonl` streams). A last line without its
//    newline that does not parse (a run that was stopped while writing it) is skipped with a
//    warning; any other bad line is an error naming file and line.
//  - merge_reports joins files; a device name that appears twice (in one file or across files)
//    is an error naming both places. Devices come out in name order, so a merge does not depend
//    on how the fleet was split.
//  - Never throws, never prints.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugin/engine/audit.hpp"

namespace vtyguard::runner {

bool device_from_json(const nlohmann::json& j, checks::DeviceReport& out, std::string& error);

// `origins` (optional) receives "file:line" for each device read.
bool read_report(const std::string& path, std::vector<checks::DeviceReport>& out, std::vector<std::string>& warnings,
                 std::string& error, std::vector<std::string>* origins = nullptr);

bool merge_reports(const std::vector<std::string>& paths, std::vector<checks::DeviceReport>& out,
                   std::vector<std::string>& warnings, std::string& error);

}  // namespace vtyguard::runner
