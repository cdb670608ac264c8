// The `vtyguard` command line: a thin host of the library (the work is in plugin/engine). Exit
// codes follow SPEC section 12: 0 clean, 1 a finding at or above --fail-on, 2 usage or input error
// (the message names the file and line), 3 a device could not be audited; precedence 2, 3, 1.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/report.hpp"
#include "plugin/json/model_json.hpp"

namespace {

constexpr int kExitUsage = 2;

bool read_input(const std::string& path, std::string& out, std::string& error) {
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        out = ss.str();
        return true;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = path + ": is a directory, not a capture file";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open: " + std::strerror(errno);
        return false;
    }
    std::ostringstream ss;
    if (!(ss << in.rdbuf()) && in.peek() != std::char_traits<char>::eof()) {
        error = path + ": read error";
        return false;
    }
    out = ss.str();
    return true;
}

int run_parse(const std::string& platform, const std::string& command, const std::string& file) {
    std::string text, error;
    if (!read_input(file, text, error)) {
        std::cerr << "vtyguard parse: " << error << "\n";
        return kExitUsage;
    }
    vtyguard::parsers::ParseResult result;
    vtyguard::parsers::Resolved resolved;
    if (!vtyguard::parsers::parse(platform, command, text, result, resolved, error)) {
        std::cerr << "vtyguard parse: " << error << "\n";
        return kExitUsage;
    }
    std::cout << vtyguard::json::dump(vtyguard::json::parse_result(result, resolved.command, resolved.sections))
              << "\n";
    return 0;
}

int run_commands(const std::string& platform) {
    for (const auto& row : vtyguard::parsers::registry().rows()) {
        if (!platform.empty() && row.platform != platform) continue;
        std::cout << row.platform << "\t" << row.command;
        for (const auto& a : row.aliases) std::cout << "\t(" << a << ")";
        std::cout << "\n";
    }
    return 0;
}

namespace checks = vtyguard::checks;

struct AuditArgs {
    std::string from;
    std::string policy;
    std::string format = "text";
    std::string output;
    std::string fail_on = "high";
    bool fail_on_unknown = false;
    bool no_fix = false;
    std::string out;  // `fix --out`
};

bool write_file(const std::string& path, const std::string& text, std::string& error) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!(f << text) || !f.flush()) {
        error = path + ": cannot write: " + std::strerror(errno);
        return false;
    }
    return true;
}

// Loads the policy and audits the folder; false (exit 2) with the message printed.
bool audit(const char* who, const AuditArgs& a, bool fixes, std::vector<checks::DeviceReport>& reports) {
    checks::Policy policy;
    std::string error;
    if (!a.policy.empty() && !checks::load_policy(a.policy, policy, error)) {
        std::cerr << who << ": " << error << "\n";
        return false;
    }
    checks::AuditOptions options;
    options.fixes = fixes;
    if (!checks::audit_folder(a.from, policy, options, reports, error)) {
        std::cerr << who << ": " << error << "\n";
        return false;
    }
    return true;
}

checks::ExitPolicy exit_policy(const AuditArgs& a) {
    checks::ExitPolicy p;
    p.fail_on = checks::severity_from_string(a.fail_on).value_or(checks::Severity::high);
    p.fail_on_unknown = a.fail_on_unknown;
    return p;
}

// Devices that could not be audited, on standard error, for the formats people do not read.
void tell_errors(const char* who, const std::vector<checks::DeviceReport>& reports) {
    for (const auto& r : reports)
        if (r.status != "audited") std::cerr << who << ": " << r.device << ": not audited: " << r.error << "\n";
}

int run_audit(const AuditArgs& a) {
    std::vector<checks::DeviceReport> reports;
    if (!audit("vtyguard audit", a, !a.no_fix, reports)) return kExitUsage;
    const bool to_stdout = a.output.empty() || a.output == "-";
    std::string text;
    const auto dump = [](const nlohmann::json& j, int indent) {
        return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    if (a.format == "json") {
        text = dump(checks::report_json(reports), 2) + "\n";
    } else if (a.format == "jsonl") {
        for (const auto& r : reports) text += dump(checks::device_json(r), -1) + "\n";
    } else if (a.format == "junit") {
        text = checks::report_junit(reports);
    } else if (a.format == "sarif") {
        text = checks::report_sarif(reports);
    } else {
        const bool colour = to_stdout && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
        text = checks::report_text(reports, colour);
    }
    if (to_stdout) {
        std::cout << text << std::flush;
        if (!std::cout) {
            std::cerr << "vtyguard audit: cannot write the report to standard output\n";
            return kExitUsage;
        }
    } else {
        std::string error;
        if (!write_file(a.output, text, error)) {
            std::cerr << "vtyguard audit: " << error << "\n";
            return kExitUsage;
        }
    }
    if (a.format != "text" || !to_stdout) tell_errors("vtyguard audit", reports);
    return checks::exit_code(reports, exit_policy(a));
}

// Writes the three files of SPEC section 12 for every device with a plan.
int run_fix(const AuditArgs& a) {
    namespace fs = std::filesystem;
    std::vector<checks::DeviceReport> reports;
    if (!audit("vtyguard fix", a, true, reports)) return kExitUsage;
    std::error_code ec;
    fs::create_directories(a.out, ec);
    if (ec || !fs::is_directory(a.out)) {
        std::cerr << "vtyguard fix: " << a.out << ": cannot create the output folder"
                  << (ec ? ": " + ec.message() : std::string()) << "\n";
        return kExitUsage;
    }
    for (const auto& r : reports) {
        if (r.status != "audited") {
            std::cout << r.device << ": not audited: " << r.error << "\n";
            continue;
        }
        for (const auto& w : r.plan.withheld) std::cout << r.device << ": withheld: " << w << "\n";
        if (r.plan.fix.empty()) {
            std::cout << r.device << ": no fix to write\n";
            continue;
        }
        const fs::path base = fs::path(a.out) / r.device;
        for (const auto& [suffix, body] : {std::pair<const char*, const std::string*>{".fix.txt", &r.plan.fix},
                                           {".runbook.txt", &r.plan.runbook},
                                           {".rollback.txt", &r.plan.rollback}}) {
            std::string error;
            if (!write_file(base.string() + suffix, *body, error)) {
                std::cerr << "vtyguard fix: " << error << "\n";
                return kExitUsage;
            }
        }
        std::cout << r.device << ": wrote " << base.string() << ".fix.txt, .runbook.txt, .rollback.txt"
                  << (r.plan.verified ? " (verified by re-audit)" : " (not verified)") << "\n";
        for (const auto& s : r.plan.secrets) std::cout << r.device << ": fill in the secret " << s << "\n";
    }
    tell_errors("vtyguard fix", reports);
    return checks::exit_code(reports, exit_policy(a));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"vtyguard: why is SSH to this Cisco device refused or unsafe"};
    app.require_subcommand(1);

    std::string platform, command, file;
    auto* parse = app.add_subcommand("parse", "Parse one captured command output and print it as JSON");
    parse->add_option("--platform", platform, "cisco_ios or cisco_asa")->required();
    parse->add_option("--command", command, "the command that produced the capture, e.g. \"show ip ssh\"")->required();
    parse->add_option("file", file, "capture file, or - for standard input")->required();

    std::string list_platform;
    auto* commands = app.add_subcommand("commands", "List the commands vtyguard can parse");
    commands->add_option("--platform", list_platform, "only this platform");

    const std::vector<std::string> severities = {"info", "low", "medium", "high", "critical"};
    AuditArgs audit_args;
    auto* audit = app.add_subcommand("audit", "Audit saved captures and configuration backups (no network)");
    audit->add_option("--from", audit_args.from, "folder of device folders and configuration backups")->required();
    audit->add_option("--policy", audit_args.policy, "audit policy (YAML)");
    audit->add_option("--format", audit_args.format, "text, json, jsonl, junit or sarif")
        ->check(CLI::IsMember({"text", "json", "jsonl", "junit", "sarif"}));
    audit->add_option("--output", audit_args.output, "write the report to this file");
    audit->add_option("--fail-on", audit_args.fail_on, "exit 1 on a failing finding of this severity or above")
        ->check(CLI::IsMember(severities));
    audit->add_flag("--fail-on-unknown", audit_args.fail_on_unknown, "unknown verdicts count for --fail-on too");
    audit->add_flag("--no-fix", audit_args.no_fix, "do not plan or verify fixes");

    AuditArgs fix_args;
    auto* fix = app.add_subcommand("fix", "Write verified fixes: {device}.fix.txt, .runbook.txt, .rollback.txt");
    fix->add_option("--from", fix_args.from, "folder of device folders and configuration backups")->required();
    fix->add_option("--policy", fix_args.policy, "audit policy (YAML)");
    fix->add_option("--out", fix_args.out, "folder to write the fix files into")->required();
    fix->add_option("--fail-on", fix_args.fail_on, "exit 1 on a failing finding of this severity or above")
        ->check(CLI::IsMember(severities));
    fix->add_flag("--fail-on-unknown", fix_args.fail_on_unknown, "unknown verdicts count for --fail-on too");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : kExitUsage;
    }
    if (*parse) return run_parse(platform, command, file);
    if (*commands) return run_commands(list_platform);
    if (*audit) return run_audit(audit_args);
    if (*fix) return run_fix(fix_args);
    return kExitUsage;
}
