// Parser API and registry (SPEC section 4).
//
// Contract:
//  - A parser consumes the whole capture and never throws, prints or aborts: every line is
//    understood, explicitly ignored, or reported in `diagnostics` with its 1-based line number.
//  - A parser only fills the parts of `device` its command states; everything else stays empty.
//  - The registry is the one list of commands vtyguard can read. Each row names its canonical
//    command (used for capture file names and fixture folders via command_slug()), the sections of
//    the model it fills (what `vtyguard parse` prints), and accepts Cisco-style abbreviations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/model/model.hpp"

namespace vtyguard::parsers {

struct ParseResult {
    model::Device device;
    std::vector<model::Diagnostic> diagnostics;
};

// What a parser is handed: the capture and the arguments that followed the canonical command
// (`show ip route vrf MGMT 10.0.0.1` -> args `vrf MGMT 10.0.0.1`).
struct ParseInput {
    std::string_view text;
    std::string_view args;
};

using ParseFn = void (*)(const ParseInput& input, ParseResult& out);

// Model sections a command fills; `vtyguard parse` prints exactly these keys.
enum Section : std::uint32_t {
    kHostname = 1u << 0,
    kDomain = 1u << 1,
    kVersion = 1u << 2,
    kPrivilege = 1u << 3,
    kSsh = 1u << 4,
    kKeys = 1u << 5,
    kLines = 1u << 6,
    kAcls = 1u << 7,
    kObjectGroups = 1u << 8,
    kUsers = 1u << 9,
    kAaa = 1u << 10,
    kInterfaces = 1u << 11,
    kAccessGroups = 1u << 12,
    kTelnet = 1u << 13,
    kManagementPlane = 1u << 14,
    kLoginBlock = 1u << 15,
    kArchive = 1u << 16,
    kSessions = 1u << 17,
    kLineStatus = 1u << 18,
    kRoute = 1u << 19,
    // Linux jump hosts
    kService = 1u << 20,
    kSshd = 1u << 21,
    kListeners = 1u << 22,
    kIptables = 1u << 23,
    kNftables = 1u << 24,
    kHostsAllow = 1u << 25,
    kHostsDeny = 1u << 26,
    kIdentity = 1u << 27,
};

enum class Args { none, optional, required };

struct ParserInfo {
    std::string platform;              // `cisco_ios`, `cisco_asa`, `linux`
    std::string command;               // canonical, e.g. `show access-lists`
    std::vector<std::string> aliases;  // other spellings with the same output, e.g. `show ip access-lists`
    Args args = Args::none;
    std::uint32_t sections = 0;
    ParseFn parse = nullptr;
};

class Registry {
public:
    void add(ParserInfo info);
    const std::vector<ParserInfo>& rows() const { return rows_; }

    struct Match {
        const ParserInfo* info = nullptr;
        std::string spelling;  // the command or alias that matched, in full
        std::string args;
        std::string error;  // set when info == nullptr
    };
    // Resolves `sh ip ssh`, `show access-list`, `show ip route vrf X 10.0.0.1`, ... for a platform.
    // Each typed word must be a prefix of the command's word (as on the Cisco CLI); the longest
    // command wins; two commands matching equally well is an ambiguity error. A command slug
    // (`show_running-config_section_line_vty`) also names its row, and so does the slug of an
    // alias. A slug that extends the slug of a row taking arguments names that row, the rest of
    // the slug being the arguments with `_` read as a blank (`systemctl_is-active_ssh_sshd` ->
    // `systemctl is-active` + `ssh sshd`); dots and case are lost there, so callers that can
    // restore them (audit.cpp for `show ip route`) do so first.
    Match find(std::string_view platform, std::string_view command) const;

    std::vector<std::string> platforms() const;

private:
    std::vector<ParserInfo> rows_;
};

// All parsers compiled into this build (rows are added by each parser folder's register.cpp).
const Registry& registry();

// SPEC section 12: lowercase, each run of characters outside [a-z0-9-] becomes one `_`,
// leading/trailing `_` dropped.
std::string command_slug(std::string_view command);

// What parse() resolved the typed command to.
struct Resolved {
    // The full spelling that matched (the canonical command or an alias) plus its arguments:
    // `show ip route 10.0.0.1`, `show crypto key mypubkey all`.
    std::string command;
    std::uint32_t sections = 0;  // the row's sections
};

// Runs the parser for (platform, command) on text. Returns false with `error` when the
// platform or command is unknown; the parse itself never fails.
bool parse(std::string_view platform, std::string_view command, std::string_view text, ParseResult& out,
           Resolved& resolved, std::string& error);

}  // namespace vtyguard::parsers
