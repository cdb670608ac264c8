// The evidence of one device: its captures, each parsed, merged into one model (SPEC sections 3, 12).
//
// Contract:
//  - Every capture is kept with its text and diagnostics so findings can cite command, line and text.
//  - A model section is `known` when some capture's command states it (the registry row's sections):
//    a running-config states the AAA section even when it has no `aaa` line, `show running-config |
//    section line vty` states only the lines. Checks that need a section that is not known say
//    `unknown`.
//  - Merge order: dedicated show commands first, in the order added, then running-configs, so
//    `show access-lists` (device-assigned sequence numbers, counters) wins over the config's ACLs
//    and `show ip ssh` over `ip ssh` config lines. For the SSH section fields are merged one by one
//    (first stated value wins); interfaces come from a running-config when there is one (ASA `show
//    nameif` has no addresses; its status is kept); every other section comes whole from the first
//    capture that states it.
//  - `show ip route` captures are all kept (one per management source), in `routes`.
//  - Never throws, never prints.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/model/model.hpp"
#include "parsers/parse.hpp"
#include "plugin/engine/finding.hpp"

namespace vtyguard::checks {

struct Capture {
    std::string command;  // the canonical spelling with arguments, e.g. `show ip route vrf M 10.0.0.1`
    std::string file;     // where the text came from (empty for captures handed over in memory)
    std::string text;
    std::uint32_t sections = 0;
    std::vector<model::Diagnostic> diagnostics;
    model::Device device;  // this capture's own parse
};

struct DeviceEvidence {
    std::string name;            // SPEC section 12 device name (folder or backup name, inventory name)
    std::string platform;        // `cisco_ios`, `cisco_asa`, `linux`
    std::string address;         // the address the operator connects to; empty when unknown
    bool config_backup = false;  // evidence is a configuration backup file, not live captures

    std::vector<Capture> captures;
    model::Device device;  // merged
    std::vector<model::Route> routes;
    std::uint32_t known = 0;  // parsers::Section bits stated by some capture

    bool has(parsers::Section s) const { return (known & s) != 0; }
    // Privilege the evidence was collected at, when `show privilege` says; below 15 makes the
    // checks that read configuration `unknown` (run_checks applies this).
    std::optional<int> privilege() const { return device.privilege; }

    // The capture the merged section came from (nullptr when no capture states it).
    const Capture* source(parsers::Section s) const;
    const Capture* find(std::string_view command) const;  // by canonical command, exact

    // Evidence for `line` of the capture that provided section `s` (text looked up in the capture).
    Evidence cite(parsers::Section s, std::size_t line) const;
    Evidence cite(const Capture& c, std::size_t line) const;
    // The first line of capture `c` that contains `needle`; line 0 with the command when none does.
    Evidence cite_text(const Capture& c, std::string_view needle) const;
    // Whole-output evidence: a command that was not collected or states nothing.
    static Evidence missing(std::string_view command);

private:
    friend bool add_capture(DeviceEvidence&, std::string_view, std::string, std::string, std::string&);
    friend void merge_captures(DeviceEvidence&);
    std::array<int, 32> source_{};  // capture index + 1 per section bit; 0 = none
};

// Parses `text` as the output of `command` on ev.platform and keeps it. False with `error` (naming
// the file) when the platform or command is unknown; parse problems are diagnostics, not errors.
bool add_capture(DeviceEvidence& ev, std::string_view command, std::string text, std::string file, std::string& error);

// Builds ev.device, ev.known and ev.routes from the captures (call after the last add_capture).
void merge_captures(DeviceEvidence& ev);

}  // namespace vtyguard::checks
