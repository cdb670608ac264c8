// Offline audits (SPEC section 1, `vtyguard audit --from DIR`; issue 3 item 6).
//
// Contract:
//  - A device folder holds captures named by command slug (`show_ip_ssh.txt`, ...) and an optional
//    `meta.yaml` (`platform`, `hostname`, `address`). A plain backup (`<device>.cfg`, RANCID /
//    Oxidized style) is one device whose platform is detected from its text; NX-OS, IOS-XR and
//    anything else unsupported is refused by name, never parsed as IOS.
//  - A backup is read as `show running-config` of its platform (config_backup = true), so every
//    section a running-config states is known. One that does not end as a complete configuration
//    does (`end`, ASA `: end`) is refused as truncated: a section cut off would read as "not
//    configured". Empty files and binary data are refused too.
//  - A folder without meta.yaml (or without `platform` in it) takes its platform from its
//    show_running-config.txt or show_version.txt, with the same refusals.
//  - Device name: the folder name, or the backup file name without its extension (`.cfg`,
//    `.conf`, `.config`, `.txt`, `.run`; any other suffix is part of the name: `core1.example.net`).
//  - In the audited folder, hidden entries, `CVS`, and documents or data next to the devices
//    (README, *.md, *.yaml, *.json, ...) are not devices.
//  - A device that cannot be loaded (unknown platform, unreadable file) is reported with
//    status `error` and the message; the other devices are still audited.
//  - Usage errors (DIR missing, a bad policy) are returned as errors naming the file and line.
//  - Never throws, never prints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plugin/engine/checks.hpp"
#include "plugin/engine/evidence.hpp"
#include "plugin/engine/fix.hpp"
#include "plugin/engine/policy.hpp"

namespace vtyguard::checks {

struct DeviceReport {
    std::string device;  // SPEC section 12 device name
    std::string hostname;
    std::string platform;
    std::string address;
    std::string status = "audited";  // `audited`, or `error` (could not be audited; see `error`)
    std::string error;
    nlohmann::json probe;  // null offline; the live runner fills it (issue 5)
    std::vector<Finding> findings;
    std::vector<std::string> likely_cause;  // check ids, most likely first
    DevicePlan plan;
    std::vector<std::string> diagnostics;  // `file:line: message` for lines the parsers did not understand
    DeviceEvidence evidence;               // kept for reports that cite files (SARIF)
};

struct AuditOptions {
    bool fixes = true;  // plan and verify fixes
};

// The platform of a configuration backup from its text: `cisco_ios` or `cisco_asa`. False with
// `error` (`name:line: ...`) for empty or binary input, for a platform vtyguard does not audit
// (named: NX-OS, IOS-XR, Junos, Arista EOS, ...; `platform` then holds that name) and for text
// that is no IOS or ASA configuration.
bool detect_platform(std::string_view text, std::string_view name, std::string& platform, std::string& error);

// The command a capture file of a device folder stands for, from its name without `.txt` (a
// command slug; the registry resolves it) and its text: the echo line, or the routing table name,
// restores the arguments of `show ip route [vrf V] A` that the slug lowercased and undotted.
std::string command_for_capture(const std::string& stem, std::string_view text);

// One capture held in memory: what a capture file of a device folder holds, or what a live
// session collected. `command` is the canonical command with its arguments (a slug is resolved
// by the registry as well); `file` is where the text came from, empty for live output.
struct CaptureText {
    std::string command;
    std::string text;
    std::string file;
};

// A device folder without the folder (live collection goes through the same path as --from).
struct CaptureSet {
    std::string name;      // SPEC section 12 device name
    std::string platform;  // empty: detected from the `show running-config` or `show version` capture
    std::string hostname;  // used when no capture states one (meta.yaml's `hostname`)
    std::string address;   // the address the operator connects to
    std::string where;     // names the set in messages (the folder); empty: `name`
    std::vector<CaptureText> captures;
};

// Builds the evidence of a capture set exactly as a device folder is loaded: platform detection
// with the same refusals, binary captures refused, every capture parsed and merged in the order
// of the file names a folder would give them (`file`'s name, else the command slug + `.txt`).
// False with `error` naming the capture (its file, else `name: command`); out.platform then
// holds what was detected.
bool load_captures(CaptureSet set, DeviceEvidence& out, std::string& error);

// Loads one device folder or one backup file.
bool load_device(const std::string& path, DeviceEvidence& out, std::string& error);

// Audits loaded evidence: run_checks, likely_causes, plan_fixes when options.fixes, and the
// parsers' diagnostics as `file:line: text (message)`. policy.targets[ev.name] fills the address
// when the evidence states none. Evidence of an unsupported platform or without captures gives
// status `error`.
DeviceReport audit_device(DeviceEvidence ev, const Policy& policy, const AuditOptions& options);

// Audits every device folder and backup file directly under `dir`, in name order. False with
// `error` when `dir` itself cannot be read; per-device problems go into the reports.
bool audit_folder(const std::string& dir, const Policy& policy, const AuditOptions& options,
                  std::vector<DeviceReport>& out, std::string& error);

}  // namespace vtyguard::checks
