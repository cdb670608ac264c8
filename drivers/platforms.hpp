// Platform definitions as data (scrapli style): what a CLI's prompts look like, how a session is
// prepared, how to enable, how paging and failures show, and which commands make a device's
// evidence (SPEC section 3). Adding a platform is one entry in platforms.cpp.
//
// Contract:
//  - Patterns are ECMAScript regular expressions matched against ONE line: the last line of
//    what the device sent, without `\r`, ANSI sequences or the line's end (prompts are anchored
//    `^...$`). Failure patterns are searched in every line of a command's output.
//  - Prompt patterns are tried in order: configuration modes first, then privileged, then user
//    EXEC, so a configuration prompt never counts as plain `#`.
//  - `linux` runs commands in SSH exec channels (exec_channel): it has no prompts, no session
//    preparation and no enable; needs_root commands are run through `sudo -n` by the caller.
//  - Evidence command templates may hold `{last}` (the last vty line number, from the
//    configuration), `{source}` (a management source address) and `{vrf}`; expand_command fills
//    them. A command with `{source}` is run once per management source; `vrf_variant` replaces it
//    when the route back to the source lives in a VRF.
//  - Everything here is immutable after first use and safe to read from any thread.
#pragma once

#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace vtyguard::drivers {

enum class PromptLevel { user_exec, privileged, configuration };

struct PromptPattern {
    PromptLevel level;
    std::string pattern;  // anchored, one line
};

struct EvidenceCommand {
    std::string command;      // template, e.g. "show line vty 0 {last}"
    std::string vrf_variant;  // used instead when a VRF is known, e.g. "show ip route vrf {vrf} {source}"
    std::string purpose;      // what it is collected for (reports, logs)
    bool needs_root = false;  // linux: needs root (`sudo -n`); `unknown` when not allowed
};

struct Platform {
    std::string key;   // "cisco_ios", "cisco_asa", "linux"
    std::string name;  // for messages, e.g. "Cisco IOS / IOS-XE"
    bool exec_channel = false;

    std::vector<PromptPattern> prompts;  // configuration, privileged, user EXEC (in that order)
    std::vector<std::string> session_preparation;
    std::string enable_command;               // empty: no enable
    std::string enable_password_prompt;       // pattern, one line
    std::vector<std::string> paging_markers;  // literal texts the device leaves at the end of a page
    std::string paging_answer;                // what continues a page
    std::vector<std::string> failure_patterns;
    // In configuration mode also these (`%` lines with words of rejection).
    std::vector<std::string> config_failure_patterns;
    std::string configure_command;             // enters configuration mode
    std::string end_command;                   // leaves it
    std::string exit_command;                  // ends the session (or a hop) from EXEC
    std::vector<std::string> version_markers;  // `show version` text that identifies the platform
    std::vector<EvidenceCommand> evidence;

    // Compiled forms of the patterns above, in the same order.
    std::vector<std::regex> prompt_regex;
    std::regex enable_password_regex;
    std::vector<std::regex> failure_regex;
    std::vector<std::regex> config_failure_regex;  // failure_patterns, then config_failure_patterns

    // The level of `line` when it is a prompt of this platform.
    std::optional<PromptLevel> prompt_level(std::string_view line) const;
    // The first line of `text` that matches a failure pattern (empty when none does);
    // `configuration`: the patterns of configuration mode.
    std::string find_failure(std::string_view text, bool configuration = false) const;
};

// The platform of `key`, or nullptr.
const Platform* find_platform(std::string_view key);
std::vector<std::string> platform_keys();

// A platform that accepts the prompts of every CLI platform, for logging in before the platform is
// known (detection) and for the devices a hop passes through.
const Platform& generic_cli_platform();

// Platforms the drivers recognise in `show version` but do not drive: the key of the supported
// platform `text` names (e.g. "cisco_asa"), or nullopt with `refused` set to the name of an
// unsupported one ("Cisco NX-OS", "Cisco IOS-XR", ...), or nullopt with `refused` empty when the
// text names no known platform.
std::optional<std::string> detect_platform(std::string_view show_version, std::string& refused);

// Fills `{name}` placeholders from `values`. A placeholder without a value is an error: nullopt,
// and `missing` names it.
std::optional<std::string> expand_command(std::string_view templ, const std::map<std::string, std::string>& values,
                                          std::string& missing);

}  // namespace vtyguard::drivers
