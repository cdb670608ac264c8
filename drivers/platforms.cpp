#include "drivers/platforms.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace vtyguard::drivers {

namespace {

// Hostnames up to 63 characters; `()` for IOS-XR-like and multi-context names, `/` for ASA
// contexts and failover states (`fw1/pri/act#`). The trailing blank the ASA prints is allowed.
constexpr const char* kUserExec = R"(^[\w.\-@/:()]{1,63}>\s*$)";
constexpr const char* kPrivileged = R"(^[\w.\-@/:()]{1,63}#\s*$)";
constexpr const char* kConfiguration = R"(^[\w.\-@/:]{1,63}\([\w.\-@/:+ ]{0,32}\)#\s*$)";
constexpr const char* kPasswordPrompt = R"(^\s*[Pp]assword:\s*$)";

// Lines that mean the device rejected what was typed. `% Warning` and informational `%` lines
// are not failures.
const std::vector<std::string> kIosFailures = {
    R"(^\s*% ?Invalid input detected)", R"(^\s*% ?Incomplete command)", R"(^\s*% ?Ambiguous command)",
    R"(^\s*% ?Unknown command)",        R"(^\s*% ?Invalid command)",    R"(^\s*% ?Bad )",
    R"(^\s*% ?Unrecognized command)",   R"(^\s*% ?Permission denied)",  R"(^\s*% ?Authorization failed)",
};
const std::vector<std::string> kAsaFailures = {
    R"(^\s*ERROR: %)",
    R"(^\s*ERROR: )",
    R"(^\s*% ?Invalid input detected)",
    R"(^\s*% ?Incomplete command)",
    R"(^\s*% ?Ambiguous command)",
};

// Configuration mode answers with `%` lines that are not errors too (`% You already have RSA
// keys defined ...`, `% Generating 2048 bit RSA keys`, `% Warning: ...`): only these words mean
// the line was rejected.
const std::vector<std::string> kConfigFailures = {
    R"(^\s*% ?(Error|ERROR|Failed|Failure|Cannot|Can't|Unable|Not |No such|Unknown|Invalid|Bad |Illegal|Incorrect|)"
    R"(Duplicate|Insufficient|Permission|Authorization|Access denied|Unrecognized|Incomplete|Ambiguous|Overlap))",
};

Platform make_ios() {
    Platform p;
    p.key = "cisco_ios";
    p.name = "Cisco IOS / IOS-XE";
    p.prompts = {{PromptLevel::configuration, kConfiguration},
                 {PromptLevel::privileged, kPrivileged},
                 {PromptLevel::user_exec, kUserExec}};
    p.session_preparation = {"terminal length 0", "terminal width 0"};
    p.enable_command = "enable";
    p.enable_password_prompt = kPasswordPrompt;
    p.paging_markers = {" --More-- ", "--More--"};
    p.paging_answer = " ";
    p.failure_patterns = kIosFailures;
    p.config_failure_patterns = kConfigFailures;
    p.configure_command = "configure terminal";
    p.end_command = "end";
    p.exit_command = "exit";
    p.version_markers = {"Cisco IOS Software", "Cisco IOS XE Software", "IOS-XE", "Cisco Internetwork Operating System",
                         "IOS (tm)"};
    p.evidence = {
        {"show version", "", "release and image (crypto or not)", false},
        {"show privilege", "", "the privilege the evidence is collected at", false},
        {"show ip ssh", "", "SSH server state, version, algorithms, timeouts", false},
        {"show running-config | section line vty", "", "vty lines: transport, access-class, login, exec-timeout",
         false},
        {"show line vty 0 {last}", "", "vty occupancy and allowed transports", false},
        {"show users", "", "sessions holding vty lines", false},
        {"show access-lists", "", "ACL entries with device sequence numbers and counters", false},
        {"show crypto key mypubkey rsa", "", "RSA host key and its size", false},
        {"show ip route {source}", "show ip route vrf {vrf} {source}", "the route back to the management source",
         false},
        {"show running-config", "",
         "hostname, domain, ip ssh, usernames, aaa, interfaces (access-group, vrf, IPv6), control-plane", false},
    };
    return p;
}

Platform make_asa() {
    Platform p;
    p.key = "cisco_asa";
    p.name = "Cisco ASA";
    p.prompts = {{PromptLevel::configuration, kConfiguration},
                 {PromptLevel::privileged, kPrivileged},
                 {PromptLevel::user_exec, kUserExec}};
    p.session_preparation = {"terminal pager 0"};
    p.enable_command = "enable";
    p.enable_password_prompt = kPasswordPrompt;
    p.paging_markers = {"<--- More --->"};
    p.paging_answer = " ";
    p.failure_patterns = kAsaFailures;
    p.config_failure_patterns = kConfigFailures;
    p.configure_command = "configure terminal";
    p.end_command = "end";
    p.exit_command = "exit";
    p.version_markers = {"Cisco Adaptive Security Appliance Software"};
    p.evidence = {
        {"show version", "", "release, model, licence", false},
        {"show running-config ssh", "", "ssh allow-list per interface, version, timeouts, algorithms", false},
        {"show running-config aaa", "", "aaa authentication ssh console", false},
        {"show running-config username", "", "local users", false},
        {"show running-config telnet", "", "telnet allow-list", false},
        {"show access-list", "", "ACL entries with hit counts", false},
        {"show running-config access-group", "", "ACLs bound to interfaces", false},
        {"show crypto key mypubkey rsa", "", "RSA host key and its size", false},
        {"show nameif", "", "interface names and security levels", false},
        {"show route {source}", "", "the route back to the management source", false},
        {"show running-config", "", "interface addresses and the rest of the configuration", false},
    };
    return p;
}

// CHECKS.md section C. Commands that read root-only state are marked; the caller runs them with
// `sudo -n` (unless `id`, which comes first, says the login is root) and records `unknown` when
// that is not allowed.
Platform make_linux() {
    Platform p;
    p.key = "linux";
    p.name = "Linux";
    p.exec_channel = true;
    p.evidence = {
        {"id", "", "LNX-003: the login user and its groups (and whether root-only commands need sudo)", false},
        {"systemctl is-active ssh sshd", "", "LNX-001: is the SSH service running", false},
        {"ss -tlnp", "", "LNX-002: what listens on which address and port", false},
        {"sshd -T", "", "LNX-002/003/006: effective sshd configuration", true},
        {"iptables -S", "", "LNX-004: packet filter rules (iptables)", true},
        {"nft list ruleset", "", "LNX-004: packet filter rules (nftables)", true},
        {"cat /etc/hosts.allow", "", "LNX-005: TCP wrappers (allow)", false},
        {"cat /etc/hosts.deny", "", "LNX-005: TCP wrappers (deny)", false},
    };
    return p;
}

// The union of the CLI platforms' prompts and failures, for logins before the platform is known.
Platform make_generic() {
    Platform p = make_ios();
    p.key = "";
    p.name = "a Cisco CLI";
    p.session_preparation.clear();
    p.paging_markers = {" --More-- ", "--More--", "<--- More --->"};
    p.failure_patterns.insert(p.failure_patterns.end(), kAsaFailures.begin(), kAsaFailures.end());
    p.evidence.clear();
    return p;
}

void compile(Platform& p) {
    for (const auto& pr : p.prompts) p.prompt_regex.emplace_back(pr.pattern, std::regex::ECMAScript);
    if (!p.enable_password_prompt.empty()) p.enable_password_regex = std::regex(p.enable_password_prompt);
    for (const auto& f : p.failure_patterns) p.failure_regex.emplace_back(f, std::regex::ECMAScript);
    p.config_failure_regex = p.failure_regex;
    for (const auto& f : p.config_failure_patterns) p.config_failure_regex.emplace_back(f, std::regex::ECMAScript);
}

struct Registry {
    std::vector<Platform> platforms;
    Platform generic;
};

const Registry& registry() {
    static const Registry r = [] {
        Registry out;
        out.platforms = {make_ios(), make_asa(), make_linux()};
        for (auto& p : out.platforms) compile(p);
        out.generic = make_generic();
        compile(out.generic);
        return out;
    }();
    return r;
}

}  // namespace

std::optional<PromptLevel> Platform::prompt_level(std::string_view line) const {
    // Prompts are short; a long last line is output still arriving, not worth a regex run.
    if (line.empty() || line.size() > 200) return std::nullopt;
    for (std::size_t i = 0; i < prompt_regex.size(); ++i) {
        if (std::regex_match(line.begin(), line.end(), prompt_regex[i])) return prompts[i].level;
    }
    return std::nullopt;
}

std::string Platform::find_failure(std::string_view text, bool configuration) const {
    const auto& patterns = configuration ? config_failure_regex : failure_regex;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        // Only lines that can be failures at all are run through the patterns.
        auto first = line.find_first_not_of(" \t");
        if (first != std::string_view::npos && (line[first] == '%' || line[first] == 'E')) {
            for (const auto& re : patterns) {
                if (std::regex_search(line.begin(), line.end(), re)) return std::string(line);
            }
        }
        start = end + 1;
    }
    return "";
}

const Platform* find_platform(std::string_view key) {
    for (const auto& p : registry().platforms) {
        if (p.key == key) return &p;
    }
    return nullptr;
}

std::vector<std::string> platform_keys() {
    std::vector<std::string> out;
    for (const auto& p : registry().platforms) out.push_back(p.key);
    return out;
}

const Platform& generic_cli_platform() {
    return registry().generic;
}

std::optional<std::string> detect_platform(std::string_view show_version, std::string& refused) {
    refused.clear();
    // Unsupported platforms first: IOS-XR and NX-OS banners also say "Cisco IOS"-like things.
    static const std::array<std::pair<const char*, const char*>, 6> kRefused = {{
        {"Cisco Nexus Operating System", "Cisco NX-OS"},
        {"NX-OS", "Cisco NX-OS"},
        {"Cisco IOS XR Software", "Cisco IOS-XR"},
        {"IOS-XR", "Cisco IOS-XR"},
        {"Cisco Firepower Threat Defense", "Cisco Firepower Threat Defense"},
        {"JUNOS", "Juniper Junos"},
    }};
    for (const auto& [needle, name] : kRefused) {
        if (show_version.find(needle) != std::string_view::npos) {
            refused = name;
            return std::nullopt;
        }
    }
    for (const auto& p : registry().platforms) {
        for (const auto& marker : p.version_markers) {
            if (show_version.find(marker) != std::string_view::npos) return p.key;
        }
    }
    return std::nullopt;
}

std::optional<std::string> expand_command(std::string_view templ, const std::map<std::string, std::string>& values,
                                          std::string& missing) {
    std::string out;
    std::size_t i = 0;
    while (i < templ.size()) {
        if (templ[i] != '{') {
            out += templ[i++];
            continue;
        }
        std::size_t close = templ.find('}', i);
        if (close == std::string_view::npos) {
            out.append(templ.substr(i));
            break;
        }
        std::string name(templ.substr(i + 1, close - i - 1));
        auto it = values.find(name);
        if (it == values.end() || it->second.empty()) {
            missing = name;
            return std::nullopt;
        }
        out += it->second;
        i = close + 1;
    }
    return out;
}

}  // namespace vtyguard::drivers
