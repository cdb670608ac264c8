// Device reports for testing the report formats (tests/unit/report_test.cpp and the report_samples
// program whose output tests/report/validate.py checks against the JSON Schema and the SARIF
// validator).
//
//  - hand_built(): every field the formats carry, with fixed content the unit tests assert on:
//    every verdict and severity, ACL details, verified / unverified / withheld fixes, secrets,
//    a configuration backup, a device that could not be audited, and device text that is not UTF-8
//    and carries control characters.
//  - audited(): real device folders and configuration backups, audited by the engine.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/checks.hpp"

namespace vtyguard::report_samples {

using namespace vtyguard::checks;

inline Evidence ev(std::string command, std::size_t line, std::string text, std::string file = {}) {
    return Evidence{std::move(command), line, std::move(text), std::move(file)};
}

inline Finding finding(std::string check, Verdict v, Severity s, std::string reason, std::vector<Evidence> evidence) {
    Finding f;
    f.check = std::move(check);
    f.verdict = v;
    f.severity = s;
    f.reason = std::move(reason);
    f.evidence = std::move(evidence);
    return f;
}

inline Capture capture(std::string command, std::string file) {
    Capture c;
    c.command = std::move(command);
    c.file = std::move(file);
    return c;
}

// `root` is the folder the devices were "audited from"; nothing is read from it.
inline std::vector<DeviceReport> hand_built(const std::string& root) {
    std::vector<DeviceReport> out;

    // A router audited from captures: one folder per device, one file per command.
    {
        DeviceReport r;
        r.device = "edge-r1";
        r.hostname = "edge-r1";
        r.platform = "cisco_ios";
        r.address = "192.0.2.1";
        r.probe = {{"result", "open"}, {"port", 22}, {"banner", "SSH-2.0-Cisco-1.25"}};
        const std::string dir = root + "/edge-r1/";
        r.evidence.name = "edge-r1";
        r.evidence.platform = "cisco_ios";
        r.evidence.captures.push_back(capture("show running-config", dir + "show_running-config.txt"));
        r.evidence.captures.push_back(capture("show access-lists", dir + "show_access-lists.txt"));
        r.evidence.captures.push_back(capture("show ip ssh", dir + "show_ip_ssh.txt"));

        r.findings.push_back(finding("SSH-001", Verdict::pass, Severity::critical, "SSH is enabled (version 2.0)",
                                     {ev("show ip ssh", 1, "SSH Enabled - version 2.0", dir + "show_ip_ssh.txt")}));
        Finding acl =
            finding("SSH-007", Verdict::fail, Severity::critical,
                    "access-class VTY-IN on vty 0 4 denies 10.20.0.0/16 at line 20",
                    {ev("show running-config", 57, " access-class VTY-IN in", dir + "show_running-config.txt"),
                     ev("show access-lists", 3, "    20 deny   10.0.0.0, wildcard bits 0.255.255.255 (12 matches)",
                        dir + "show_access-lists.txt")});
        AclDetail d;
        d.acl = "VTY-IN";
        d.source = "10.20.0.0/16";
        d.deciding = acl.evidence[1];
        d.shadowing.push_back(ev("show access-lists", 2, "    10 deny   10.20.0.0, wildcard bits 0.0.255.255",
                                 dir + "show_access-lists.txt"));
        acl.acl.push_back(d);
        acl.fix = Fix{"ip access-list standard VTY-IN\n 15 permit 10.20.0.0 0.0.255.255\n",
                      "configure terminal revert timer 10\n! apply edge-r1.fix.txt\nconfigure confirm\nwrite memory\n",
                      "ip access-list standard VTY-IN\n no 15\n",
                      true,
                      false,
                      "",
                      {}};
        r.findings.push_back(acl);
        Finding login = finding("SSH-013", Verdict::fail, Severity::critical,
                                "login local on vty 0 4 but no username is configured",
                                {ev("show running-config", 60, " login local", dir + "show_running-config.txt")});
        login.fix = Fix{
            "username admin privilege 15 secret {SECRET}\n", "", "no username admin\n", true, false, "", {"{SECRET}"}};
        r.findings.push_back(login);
        Finding telnet =
            finding("SSH-103", Verdict::fail, Severity::high, "vty 5 15 accepts telnet",
                    {ev("show running-config", 63, " transport input telnet ssh", dir + "show_running-config.txt")});
        telnet.fix = Fix{
            "line vty 5 15\n transport input ssh\n", "", "line vty 5 15\n transport input telnet ssh\n", false, false,
            "SSH-012 gets worse after the fix",      {}};
        r.findings.push_back(telnet);
        r.findings.push_back(
            finding("SSH-106", Verdict::fail, Severity::medium, "vty 0 4 has exec-timeout 0 0",
                    {ev("show running-config", 58, " exec-timeout 0 0", dir + "show_running-config.txt")}));
        r.findings.push_back(finding("SSH-111", Verdict::fail, Severity::low, "no login block-for",
                                     {ev("show running-config", 0, "", dir + "show_running-config.txt")}));
        r.findings.push_back(finding("SSH-010", Verdict::unknown, Severity::critical,
                                     "the route back to 10.20.0.0/16 was not collected",
                                     {DeviceEvidence::missing("show ip route 10.20.0.1")}));
        r.findings.push_back(
            finding("SSH-107", Verdict::unknown, Severity::low, "show ip ssh states no authentication timeout", {}));
        r.findings.push_back(finding("SSH-016", Verdict::not_applicable, Severity::critical,
                                     "IOS 15.2 (not IOS-XE 17.11 or later)", {}));
        r.findings.push_back(
            finding("NET-001", Verdict::pass, Severity::info, "open with an SSH banner (SSH-2.0-Cisco-1.25)", {}));
        r.likely_cause = {"SSH-007", "SSH-013"};
        r.diagnostics = {dir + "show_running-config.txt:12: line not understood: ip foo bar"};
        r.plan.fix = acl.fix->plan + login.fix->plan;
        r.plan.runbook = acl.fix->runbook;
        r.plan.rollback = login.fix->rollback + acl.fix->rollback;
        r.plan.verified = true;
        r.plan.withheld = {"SSH-103: SSH-012 gets worse after the fix"};
        r.plan.secrets = {"{SECRET}"};
        out.push_back(std::move(r));
    }

    // A configuration backup (RANCID / Oxidized style) next to the device folders.
    {
        DeviceReport r;
        r.device = "core1";
        r.hostname = "Router";
        r.platform = "cisco_ios";
        r.evidence.name = "core1";
        r.evidence.platform = "cisco_ios";
        r.evidence.config_backup = true;
        r.evidence.captures.push_back(capture("show running-config", root + "/core1.cfg"));
        // No file in the evidence: the report finds it through the capture of the command.
        Finding v1 = finding("SSH-101", Verdict::fail, Severity::high, "ip ssh version 1 allows SSH v1",
                             {ev("show running-config", 42, "ip ssh version 1")});
        v1.fix = Fix{"", "", "", false, true, "the patched model refuses 10.20.0.0/16 (SSH-007)", {}};
        r.findings.push_back(v1);
        Finding shadow = finding(
            "SSH-105", Verdict::fail, Severity::low, "line 30 of MGMT can never match: line 10 takes all its packets",
            {ev("show running-config", 71, " 30 permit 10.1.1.0 0.0.0.255", root + "/core1.cfg"),
             ev("show running-config", 69, " 10 permit 10.0.0.0 0.255.255.255", root + "/core1.cfg")});
        r.findings.push_back(shadow);
        Finding image = finding("SSH-015", Verdict::fail, Severity::critical, "the image has no SSH (no crypto)",
                                {ev("show ip ssh", 1, "% Invalid input detected at '^' marker.")});
        image.message = "install an image with crypto (k9)";
        r.findings.push_back(image);
        r.likely_cause = {"SSH-015"};
        out.push_back(std::move(r));
    }

    // A device that could not be audited.
    {
        DeviceReport r;
        r.device = "nx1";
        r.status = "error";
        r.error = root + "/nx1.cfg: NX-OS configuration: platform not supported";
        out.push_back(std::move(r));
    }

    // Device text that is not UTF-8 and carries control characters (a Latin-1 hostname, an escape
    // sequence in a banner line).
    {
        DeviceReport r;
        r.device = "lab-sw\xff";
        r.hostname = "R\xe9seau";
        r.platform = "cisco_ios";
        r.evidence.name = r.device;
        r.findings.push_back(finding("SSH-108", Verdict::fail, Severity::low,
                                     "authentication retries 5 \x1b[31mover\x1b[0m 3\x01",
                                     {ev("show ip ssh", 2, "Authentication \xc3\x28retries: 5\x7f\x0b", "")}));
        out.push_back(std::move(r));
    }
    return out;
}

// Every device under `dir`, audited as `vtyguard audit --from` does (checks, likely cause, verified
// fixes): each folder with a meta.yaml (with the policy.yaml beside it when there is one, as the
// device fixtures keep theirs) and each configuration backup (`*.cfg`) outside those folders. A
// device that cannot be loaded is reported with status `error`, as audit_folder does.
inline std::vector<DeviceReport> audited(const std::string& dir) {
    namespace fs = std::filesystem;
    std::vector<fs::path> folders, backups;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        if (it->path().filename() == "meta.yaml") folders.push_back(it->path().parent_path());
        if (it->path().extension() == ".cfg") backups.push_back(it->path());
    }
    std::erase_if(backups, [&](const fs::path& b) {
        return std::find(folders.begin(), folders.end(), b.parent_path()) != folders.end();
    });
    std::vector<fs::path> devices = folders;
    devices.insert(devices.end(), backups.begin(), backups.end());
    std::sort(devices.begin(), devices.end());

    std::vector<DeviceReport> out;
    for (const auto& d : devices) {
        DeviceEvidence e;
        std::string error;
        Policy policy;
        const bool folder = fs::is_directory(d);
        if (folder && fs::exists(d / "policy.yaml") && !load_policy((d / "policy.yaml").string(), policy, error)) {
            DeviceReport r;
            r.device = d.filename().string();
            r.status = "error";
            r.error = error;
            out.push_back(std::move(r));
            continue;
        }
        if (!load_device(d.string(), e, error)) {
            DeviceReport r;
            r.device = folder ? d.filename().string() : d.stem().string();
            r.status = "error";
            r.error = error;
            r.evidence.name = r.device;
            r.evidence.config_backup = !folder;
            out.push_back(std::move(r));
            continue;
        }
        out.push_back(audit_device(std::move(e), policy, AuditOptions{}));
    }
    return out;
}

}  // namespace vtyguard::report_samples
