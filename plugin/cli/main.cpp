// The `vtyguard` command line: a thin host of the library (the work is in plugin/engine). Exit
// codes follow SPEC section 12: 0 clean, 1 a finding at or above --fail-on, 2 usage or input error
// (the message names the file and line), 3 a device could not be audited; precedence 2, 3, 1.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "plugin/cli/ansible_module.hpp"
#include "plugin/engine/audit.hpp"
#include "plugin/engine/report.hpp"
#include "plugin/json/model_json.hpp"
#include "plugin/runner/job.hpp"
#include "plugin/runner/merge.hpp"
#include "plugin/runner/runner.hpp"

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

// Options of a live audit (`-i INVENTORY`); credentials never come from here (SPEC section 8).
struct LiveArgs {
    std::string inventory;
    std::string inventory_format = "auto";
    unsigned workers = 0;
    std::string shard;
    std::string save_captures;
    std::string known_hosts;
    bool accept_new = false;
    double connect_timeout = 0, command_timeout = 0, device_timeout = 0;  // seconds; 0: the runner's default
};

struct AuditArgs {
    std::string from;
    std::string policy;
    std::string format = "text";
    std::string output;
    std::string fail_on = "high";
    bool fail_on_unknown = false;
    bool no_fix = false;
    std::string out;  // `fix --out`
    LiveArgs live;
    std::vector<CLI::Option*> live_only;  // options that mean nothing with --from
};

bool write_file(const std::string& path, const std::string& text, std::string& error) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!(f << text) || !f.flush()) {
        error = path + ": cannot write: " + std::strerror(errno);
        return false;
    }
    return true;
}

namespace runner = vtyguard::runner;

// A one-line progress bar on standard error, redrawn in place (only on a terminal).
class ProgressBar {
public:
    explicit ProgressBar(bool on) : on_(on), start_(std::chrono::steady_clock::now()) {}
    void update(const runner::Progress& p) {
        if (!on_) return;
        const auto now = std::chrono::steady_clock::now();
        if (drawn_ && p.done != p.total && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        constexpr std::size_t kWidth = 30;
        const std::size_t filled = p.total ? p.done * kWidth / p.total : kWidth;
        const double secs = std::chrono::duration<double>(now - start_).count();
        char tail[160];
        std::snprintf(tail, sizeof tail, "] %zu/%zu devices, %zu not audited, %zu in flight, %.1f s", p.done, p.total,
                      p.errors, p.in_flight, secs);
        std::string line = "\r\x1b[K[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + tail;
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
        drawn_ = true;
    }
    // Erases the bar (before a report line goes to the same terminal, and at the end).
    void clear() {
        if (!drawn_) return;
        std::fputs("\r\x1b[K", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }

private:
    bool on_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_{};
};

bool load_policy_or_say(const char* who, const AuditArgs& a, checks::Policy& policy) {
    std::string error;
    if (!a.policy.empty() && !checks::load_policy(a.policy, policy, error)) {
        std::cerr << who << ": " << error << "\n";
        return false;
    }
    return true;
}

// Loads the policy and audits the folder; false (exit 2) with the message printed.
bool audit(const char* who, const AuditArgs& a, bool fixes, std::vector<checks::DeviceReport>& reports) {
    checks::Policy policy;
    std::string error;
    if (!load_policy_or_say(who, a, policy)) return false;
    checks::AuditOptions options;
    options.fixes = fixes;
    if (!checks::audit_folder(a.from, policy, options, reports, error)) {
        std::cerr << who << ": " << error << "\n";
        return false;
    }
    return true;
}

// Writes all of `text` to `fd` (one device line at a time, so a stopped run keeps whole lines).
bool write_fd(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string dump(const nlohmann::json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The live audit of SPEC section 8 (plugin/runner/job.hpp does the work); JSON Lines streamed as
// devices finish. False (exit 2) with the message printed for usage and input errors. `stream_fd`
// >= 0 receives each device's JSON line as it finishes; `reports` gets every report in inventory
// order.
bool live_audit(const char* who, const AuditArgs& a, bool fixes, int stream_fd,
                std::vector<checks::DeviceReport>& reports) {
    const LiveArgs& l = a.live;
    runner::JobOptions o;
    o.inventory = l.inventory;
    o.inventory_format = l.inventory_format;
    o.policy_file = a.policy;
    o.shard = l.shard;
    o.workers = l.workers;
    o.connect_timeout = l.connect_timeout;
    o.command_timeout = l.command_timeout;
    o.device_timeout = l.device_timeout;
    o.known_hosts = l.known_hosts;
    o.accept_new = l.accept_new;
    o.fixes = fixes;
    o.save_captures = l.save_captures;
    // Streamed JSON Lines are the whole report: what stays is for the exit code and stderr.
    o.keep_evidence = stream_fd < 0;
    runner::Job job;
    runner::JobError error;
    const bool prepared = runner::prepare_job(o, job, error);
    for (const auto& w : job.warnings) std::cerr << who << ": warning: " << w << "\n";
    if (!prepared) {
        // The option as this command line spells it: --inventory-format, --save-captures, ...
        std::string flag = "--" + std::string(runner::field_key(error.field));
        std::replace(flag.begin(), flag.end(), '_', '-');
        std::cerr << who << ": " << error.str(flag) << "\n";
        return false;
    }

    ProgressBar bar(::isatty(STDERR_FILENO) != 0);
    bool stream_ok = true;
    runner::Progress at_start;
    at_start.total = job.hosts.size();
    bar.update(at_start);
    auto run = runner::run_job(
        job,
        [&](const checks::DeviceReport& r) {
            if (stream_fd == STDOUT_FILENO) bar.clear();
            if (stream_fd >= 0 && stream_ok) stream_ok = write_fd(stream_fd, runner::device_line(r) + "\n");
        },
        [&](const runner::Progress& p) { bar.update(p); });
    bar.clear();
    for (const auto& w : run.summary.warnings) std::cerr << who << ": warning: " << w << "\n";
    if (!stream_ok) {
        std::cerr << who << ": cannot write the report: " << std::strerror(errno) << "\n";
        return false;
    }
    reports = std::move(run.reports);
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

// `text` of a whole report in `format`; the text format is coloured when `colour`.
std::string render(const std::string& format, const std::vector<checks::DeviceReport>& reports, bool colour) {
    if (format == "json") return dump(checks::report_json(reports), 2) + "\n";
    if (format == "jsonl") {
        std::string text;
        for (const auto& r : reports) text += dump(checks::device_json(r), -1) + "\n";
        return text;
    }
    if (format == "junit") return checks::report_junit(reports);
    if (format == "sarif") return checks::report_sarif(reports);
    return checks::report_text(reports, colour);
}

// Writes a rendered report to standard output or `output`; false (exit 2) with the message printed.
bool emit(const char* who, const std::string& format, const std::string& output,
          const std::vector<checks::DeviceReport>& reports) {
    const bool to_stdout = output.empty() || output == "-";
    const bool colour = to_stdout && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    const std::string text = render(format, reports, colour);
    if (to_stdout) {
        std::cout << text << std::flush;
        if (!std::cout) {
            std::cerr << who << ": cannot write the report to standard output\n";
            return false;
        }
        return true;
    }
    std::string error;
    if (!write_file(output, text, error)) {
        std::cerr << who << ": " << error << "\n";
        return false;
    }
    return true;
}

bool live_options_with_from(const char* who, const AuditArgs& a) {
    for (const auto* o : a.live_only)
        if (o->count() > 0) {
            std::cerr << who << ": " << o->get_name() << " is for live audits (-i INVENTORY), not --from\n";
            return true;
        }
    return false;
}

// Neither --from nor -i, or both: a usage error (exit 2) with the message printed.
bool one_source(const char* who, const AuditArgs& a) {
    if (a.from.empty() && a.live.inventory.empty()) {
        std::cerr << who << ": --from is required (or -i INVENTORY for a live audit)\n";
        return false;
    }
    if (!a.from.empty() && !a.live.inventory.empty()) {
        std::cerr << who << ": --from and -i are exclusive: audit saved captures or a live inventory\n";
        return false;
    }
    return a.live.inventory.empty() ? !live_options_with_from(who, a) : true;
}

int run_audit(const AuditArgs& a) {
    const char* who = "vtyguard audit";
    if (!one_source(who, a)) return kExitUsage;
    std::vector<checks::DeviceReport> reports;
    const bool to_stdout = a.output.empty() || a.output == "-";
    if (!a.live.inventory.empty()) {
        // JSON Lines go out as each device finishes; the other formats are whole documents.
        int fd = -1;
        if (a.format == "jsonl") {
            fd = to_stdout ? STDOUT_FILENO : ::open(a.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd < 0) {
                std::cerr << who << ": " << a.output << ": cannot write: " << std::strerror(errno) << "\n";
                return kExitUsage;
            }
        }
        const bool ok = live_audit(who, a, !a.no_fix, fd, reports);
        if (fd >= 0 && fd != STDOUT_FILENO) ::close(fd);
        if (!ok) return kExitUsage;
        if (a.format != "jsonl" && !emit(who, a.format, a.output, reports)) return kExitUsage;
    } else {
        if (!audit(who, a, !a.no_fix, reports)) return kExitUsage;
        if (!emit(who, a.format, a.output, reports)) return kExitUsage;
    }
    if (a.format != "text" || !to_stdout) tell_errors(who, reports);
    return checks::exit_code(reports, exit_policy(a));
}

// Writes the three files of SPEC section 12 for every device with a plan.
int run_fix(const AuditArgs& a) {
    namespace fs = std::filesystem;
    if (!one_source("vtyguard fix", a)) return kExitUsage;
    std::vector<checks::DeviceReport> reports;
    if (a.live.inventory.empty() ? !audit("vtyguard fix", a, true, reports)
                                 : !live_audit("vtyguard fix", a, true, -1, reports))
        return kExitUsage;
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

struct MergeArgs {
    std::vector<std::string> files;
    std::string format = "json";
    std::string output;
    std::string fail_on = "high";
    bool fail_on_unknown = false;
};

// `vtyguard report merge`: the JSON / JSON Lines outputs of shards as one report.
int run_merge(const MergeArgs& m) {
    const char* who = "vtyguard report merge";
    std::vector<checks::DeviceReport> reports;
    std::vector<std::string> warnings;
    std::string error;
    const bool ok = runner::merge_reports(m.files, reports, warnings, error);
    for (const auto& w : warnings) std::cerr << who << ": warning: " << w << "\n";
    if (!ok) {
        std::cerr << who << ": " << error << "\n";
        return kExitUsage;
    }
    if (!emit(who, m.format, m.output, reports)) return kExitUsage;
    if (m.format != "text" || !(m.output.empty() || m.output == "-")) tell_errors(who, reports);
    AuditArgs a;
    a.fail_on = m.fail_on;
    a.fail_on_unknown = m.fail_on_unknown;
    return checks::exit_code(reports, exit_policy(a));
}

// The options of a report: `audit` and `report merge`.
void add_report_options(CLI::App* app, std::string& format, std::string& output, std::string& fail_on,
                        bool& fail_on_unknown) {
    app->add_option("--format", format, "text, json, jsonl, junit or sarif (default " + format + ")")
        ->check(CLI::IsMember({"text", "json", "jsonl", "junit", "sarif"}));
    app->add_option("--output,--out", output, "write the report to this file");
    app->add_option("--fail-on", fail_on, "exit 1 on a failing finding of this severity or above")
        ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
    app->add_flag("--fail-on-unknown", fail_on_unknown, "unknown verdicts count for --fail-on too");
}

// The options of a live audit, shared by `audit -i` and `fix -i`.
void add_live_options(CLI::App* app, AuditArgs& a) {
    LiveArgs& l = a.live;
    app->add_option("-i,--inventory", l.inventory,
                    "inventory of the devices to audit live (vtyguard YAML, Ansible INI/YAML, Nornir, host list, "
                    "ssh_config); credentials come from it, the environment or files, never the command line");
    a.live_only = {
        app->add_option("--inventory-format", l.inventory_format,
                        "auto, vtyguard, ansible-ini, ansible-yaml, nornir, list or ssh-config"),
        app->add_option("--workers", l.workers, "devices audited at once (default min(32, hosts))")
            ->check(CLI::Range(1u, 4096u)),
        app->add_option("--shard", l.shard, "K/N: audit only shard K of N (join the parts with `report merge`)"),
        app->add_option("--save-captures", l.save_captures,
                        "keep each device's outputs (secrets redacted) in DIR, in the layout --from reads"),
        app->add_option("--known-hosts", l.known_hosts, "known_hosts file (default ~/.ssh/known_hosts)"),
        app->add_flag("--accept-new", l.accept_new,
                      "learn host keys seen for the first time (a changed key is "
                      "always refused)"),
        app->add_option("--connect-timeout", l.connect_timeout, "seconds for the probe and the login (default 10)")
            ->check(CLI::PositiveNumber),
        app->add_option("--command-timeout", l.command_timeout, "seconds per command (default 30)")
            ->check(CLI::PositiveNumber),
        app->add_option("--device-timeout", l.device_timeout, "seconds for a whole device (default 180)")
            ->check(CLI::PositiveNumber),
    };
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
    auto* audit = app.add_subcommand(
        "audit", "Audit saved captures and backups (--from), or the devices of an inventory live (-i)");
    audit->add_option("--from", audit_args.from, "folder of device folders and configuration backups");
    add_live_options(audit, audit_args);
    audit->add_option("--policy", audit_args.policy, "audit policy (YAML)");
    add_report_options(audit, audit_args.format, audit_args.output, audit_args.fail_on, audit_args.fail_on_unknown);
    audit->add_flag("--no-fix", audit_args.no_fix, "do not plan or verify fixes");

    AuditArgs fix_args;
    auto* fix = app.add_subcommand("fix", "Write verified fixes: {device}.fix.txt, .runbook.txt, .rollback.txt");
    fix->add_option("--from", fix_args.from, "folder of device folders and configuration backups");
    add_live_options(fix, fix_args);
    fix->add_option("--policy", fix_args.policy, "audit policy (YAML)");
    fix->add_option("--out", fix_args.out, "folder to write the fix files into")->required();
    fix->add_option("--fail-on", fix_args.fail_on, "exit 1 on a failing finding of this severity or above")
        ->check(CLI::IsMember(severities));
    fix->add_flag("--fail-on-unknown", fix_args.fail_on_unknown, "unknown verdicts count for --fail-on too");

    MergeArgs merge_args;
    auto* report = app.add_subcommand("report", "Work with reports");
    report->require_subcommand(1);
    auto* merge = report->add_subcommand("merge", "Join the JSON / JSON Lines reports of shards into one report");
    merge->add_option("files", merge_args.files, "JSON reports or JSON Lines files")->required();
    add_report_options(merge, merge_args.format, merge_args.output, merge_args.fail_on, merge_args.fail_on_unknown);

    std::string module_args;
    auto* module = app.add_subcommand("ansible-module",
                                      "Run as an Ansible binary module (JSON args file in, JSON result out); Ansible "
                                      "itself runs `vtyguard ARGS_FILE`");
    module->add_option("file", module_args, "the module's JSON args file")->required();

    // How Ansible runs a binary module: the path of its JSON args file as the only argument.
    std::vector<std::string> names;
    for (const auto* s : app.get_subcommands({})) names.push_back(s->get_name());
    if (auto args_file = vtyguard::cli::ansible_args_file(argc, argv, names))
        return vtyguard::cli::run_ansible_module(*args_file);

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
    if (*merge) return run_merge(merge_args);
    if (*module) return vtyguard::cli::run_ansible_module(module_args);
    return kExitUsage;
}
