// The `vtyguard` binary as an Ansible binary module (plugin/cli/ansible_module.hpp).
#include "plugin/cli/ansible_module.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/report.hpp"
#include "plugin/runner/job.hpp"

namespace vtyguard::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Args files are small; anything larger is not one.
constexpr std::uintmax_t kMaxArgsFile = 16u << 20;

bool read_file(const fs::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return static_cast<bool>(in) || in.eof();
}

// A bad arg: the task fails with a message naming it.
struct BadArg {
    std::string message;
};

// The args of one task, read with Ansible's leniency for values that went through a template
// (`"8"` for 8, `"yes"` for true).
class Args {
public:
    explicit Args(Json j) : j_(std::move(j)) {}

    bool has(const char* key) const {
        auto it = j_.find(key);
        return it != j_.end() && !it->is_null();
    }
    std::string str(const char* key) const {
        if (!has(key)) return {};
        const Json& v = j_.at(key);
        if (v.is_string()) return v.get<std::string>();
        if (v.is_number()) return v.dump();
        throw BadArg{std::string("arg `") + key + "` must be a string"};
    }
    bool boolean(const char* key, bool fallback) const {
        if (!has(key)) return fallback;
        const Json& v = j_.at(key);
        if (v.is_boolean()) return v.get<bool>();
        if (v.is_number_integer() && (v.get<long long>() == 0 || v.get<long long>() == 1))
            return v.get<long long>() == 1;
        if (v.is_string()) {
            std::string s = v.get<std::string>();
            std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
            for (const char* t : {"yes", "true", "on", "1", "y"})
                if (s == t) return true;
            for (const char* f : {"no", "false", "off", "0", "n"})
                if (s == f) return false;
        }
        throw BadArg{std::string("arg `") + key + "` must be a boolean (true or false)"};
    }
    double number(const char* key) const {
        if (!has(key)) return 0;
        const Json& v = j_.at(key);
        double d = -1;
        if (v.is_number()) {
            d = v.get<double>();
        } else if (v.is_string()) {
            const std::string s = v.get<std::string>();
            char* end = nullptr;
            d = std::strtod(s.c_str(), &end);
            if (s.empty() || *end) d = -1;
        }
        if (!std::isfinite(d) || d < 0)
            throw BadArg{std::string("arg `") + key + "` must be a number, not " + v.dump()};
        return d;
    }
    std::vector<std::string> list(const char* key) const {
        std::vector<std::string> out;
        if (!has(key)) return out;
        const Json& v = j_.at(key);
        if (v.is_string()) {
            std::istringstream in(v.get<std::string>());
            for (std::string item; std::getline(in, item, ',');) {
                item.erase(0, item.find_first_not_of(" \t"));
                item.erase(item.find_last_not_of(" \t") + 1);
                if (!item.empty()) out.push_back(item);
            }
        } else if (v.is_array()) {
            for (const auto& item : v) {
                if (!item.is_string() || item.get<std::string>().empty())
                    throw BadArg{std::string("arg `") + key + "` must be a list of names"};
                out.push_back(item.get<std::string>());
            }
        } else {
            throw BadArg{std::string("arg `") + key + "` must be a list of names"};
        }
        if (out.empty()) throw BadArg{std::string("arg `") + key + "` is empty: leave it out for every host"};
        return out;
    }
    const Json& raw(const char* key) const { return j_.at(key); }
    const Json& all() const { return j_; }

private:
    Json j_;
};

const std::vector<std::string> kLiveArgs = {"inventory_format", "workers",         "shard",          "hosts",
                                            "connect_timeout",  "command_timeout", "device_timeout", "known_hosts",
                                            "accept_new"};
const std::vector<std::string> kOtherArgs = {"inventory", "from", "policy", "fixes_dir", "fail_on", "fail_on_unknown"};

// Args Ansible adds to every module's file: `_ansible_*`.
void check_known(const Args& args) {
    std::vector<std::string> unknown;
    for (const auto& [key, value] : args.all().items()) {
        if (key.rfind("_ansible_", 0) == 0) continue;
        if (std::find(kLiveArgs.begin(), kLiveArgs.end(), key) == kLiveArgs.end() &&
            std::find(kOtherArgs.begin(), kOtherArgs.end(), key) == kOtherArgs.end())
            unknown.push_back(key);
    }
    if (unknown.empty()) return;
    std::string supported, names;
    for (const auto& list : {kOtherArgs, kLiveArgs})
        for (const auto& k : list) supported += (supported.empty() ? "" : ", ") + k;
    for (const auto& k : unknown) names += (names.empty() ? "" : ", ") + k;
    // Only the names: a misplaced `password: ...` must not end up in the task's output.
    throw BadArg{"Unsupported parameters for (vtyguard) module: " + names + ". Supported parameters include: " +
                 supported + " (credentials come from the inventory, never from args)"};
}

checks::Policy policy_of(const Args& args) {
    checks::Policy p;
    if (!args.has("policy")) return p;
    const Json& v = args.raw("policy");
    std::string error;
    if (v.is_object()) {
        // JSON is YAML: inline policy keys go through the one policy reader.
        if (!checks::parse_policy(v.dump(), "arg policy", p, error)) throw BadArg{"arg `policy`: " + error};
    } else if (v.is_string()) {
        if (!checks::load_policy(v.get<std::string>(), p, error)) throw BadArg{"arg `policy`: " + error};
    } else {
        throw BadArg{"arg `policy` must be a policy file or the policy keys"};
    }
    return p;
}

struct Outcome {
    std::vector<checks::DeviceReport> reports;
    std::vector<std::string> warnings;
};

Outcome live(const Args& args, const checks::Policy& policy) {
    runner::JobOptions o;
    o.inventory = args.str("inventory");
    if (args.has("inventory_format")) o.inventory_format = args.str("inventory_format");
    o.policy = policy;
    o.shard = args.str("shard");
    o.hosts = args.list("hosts");
    const double workers = args.number("workers");
    if (workers != std::floor(workers) || workers > runner::kMaxWorkers)
        throw BadArg{"arg `workers` must be a whole number from 0 (automatic) to " +
                     std::to_string(runner::kMaxWorkers)};
    o.workers = static_cast<unsigned>(workers);
    o.connect_timeout = args.number("connect_timeout");
    o.command_timeout = args.number("command_timeout");
    o.device_timeout = args.number("device_timeout");
    o.known_hosts = args.str("known_hosts");
    o.accept_new = args.boolean("accept_new", false);
    runner::Job job;
    runner::JobError error;
    if (!runner::prepare_job(o, job, error))
        throw BadArg{error.field == runner::JobField::none
                         ? "arg `inventory`: " + error.detail
                         : error.labelled("arg `" + std::string(field_key(error.field)) + "`")};
    Outcome out;
    auto run = runner::run_job(job);
    out.reports = std::move(run.reports);
    out.warnings = job.warnings;
    out.warnings.insert(out.warnings.end(), run.summary.warnings.begin(), run.summary.warnings.end());
    return out;
}

Outcome offline(const Args& args, const checks::Policy& policy) {
    for (const auto& k : kLiveArgs)
        if (args.has(k.c_str())) throw BadArg{"arg `" + k + "` is for live audits (inventory), not `from`"};
    Outcome out;
    checks::AuditOptions options;
    options.fixes = true;
    std::string error;
    if (!checks::audit_folder(args.str("from"), policy, options, out.reports, error))
        throw BadArg{"arg `from`: " + error};
    return out;
}

// Writes (or, in check mode, compares) the fix files of every device with a plan; the files that
// are new or different are appended to `changed`.
Json write_fixes(const fs::path& dir, const std::vector<checks::DeviceReport>& reports, bool check_mode,
                 std::vector<std::string>& changed) {
    Json fixes = Json::array();
    for (const auto& r : reports) {
        if (r.status != "audited" || r.plan.fix.empty()) continue;
        Json files = Json::array();
        const fs::path base = dir / r.device;
        for (const auto& [suffix, body] : {std::pair<const char*, const std::string*>{".fix.txt", &r.plan.fix},
                                           {".runbook.txt", &r.plan.runbook},
                                           {".rollback.txt", &r.plan.rollback}}) {
            const fs::path path = base.string() + suffix;
            files.push_back(path.string());
            std::string old;
            if (read_file(path, old) && old == *body) continue;
            changed.push_back(path.string());
            if (check_mode) continue;
            std::error_code ec;
            fs::create_directories(dir, ec);
            std::ofstream f(path, std::ios::binary | std::ios::trunc);
            if (!(f << *body) || !f.flush()) throw BadArg{"arg `fixes_dir`: " + path.string() + ": cannot write"};
        }
        fixes.push_back({{"device", r.device},
                         {"files", files},
                         {"verified", r.plan.verified},
                         {"withheld", r.plan.withheld},
                         {"secrets", r.plan.secrets}});
    }
    return fixes;
}

bool counts(const checks::Finding& f, bool unknown_too) {
    return f.verdict == checks::Verdict::fail || (unknown_too && f.verdict == checks::Verdict::unknown);
}

Json result_of(const Args& args, bool check_mode) {
    check_known(args);
    const bool from = args.has("from"), inv = args.has("inventory");
    if (from == inv)
        throw BadArg{from ? "args `inventory` and `from` are exclusive: audit a live inventory or saved captures"
                          : "arg `inventory` (a live audit) or `from` (saved captures and backups) is required"};
    std::optional<checks::Severity> fail_on = checks::Severity::high;
    if (args.has("fail_on")) {
        const std::string s = args.str("fail_on");
        fail_on = s == "none" ? std::nullopt : checks::severity_from_string(s);
        if (s != "none" && !fail_on)
            throw BadArg{"arg `fail_on` must be info, low, medium, high, critical or none, not '" + s + "'"};
    }
    const bool fail_on_unknown = args.boolean("fail_on_unknown", false);
    const std::string fixes_dir = args.str("fixes_dir");
    const checks::Policy policy = policy_of(args);

    Outcome o = from ? offline(args, policy) : live(args, policy);

    // SPEC section 12 with `none`: no finding counts, a device that could not be audited still does.
    int exit_code = 0;
    if (fail_on) {
        exit_code = checks::exit_code(o.reports, checks::ExitPolicy{*fail_on, fail_on_unknown});
    } else {
        for (const auto& r : o.reports)
            if (r.status != "audited") exit_code = 3;
    }

    Json findings = Json::object(), not_audited = Json::object(), devices = Json::array();
    std::size_t audited = 0;
    std::string failing_list, error_list;
    for (const auto& r : o.reports) {
        devices.push_back(checks::device_json(r));
        if (r.status != "audited") {
            not_audited[r.device] = {{"status", r.status}, {"error", r.error}};
            error_list += (error_list.empty() ? "" : "; ") + r.device + ": " + r.status;
            continue;
        }
        ++audited;
        Json list = Json::array();
        std::string ids;
        for (const auto& f : r.findings) {
            if (!counts(f, fail_on_unknown)) continue;
            list.push_back({{"check", f.check},
                            {"verdict", std::string(checks::to_string(f.verdict))},
                            {"severity", std::string(checks::to_string(f.severity))},
                            {"reason", f.reason}});
            ids += (ids.empty() ? "" : " ") + f.check;
        }
        if (list.empty()) continue;
        findings[r.device] = {{"likely_cause", r.likely_cause}, {"failing", std::move(list)}};
        failing_list += (failing_list.empty() ? "" : "; ") + r.device + ": " + ids;
    }

    std::vector<std::string> changed_files;
    Json fixes = Json::array();
    if (!fixes_dir.empty()) fixes = write_fixes(fixes_dir, o.reports, check_mode, changed_files);

    std::string msg =
        std::to_string(o.reports.size()) + " devices, " + std::to_string(audited) + " audited, " +
        std::to_string(findings.size()) + " failing" + (failing_list.empty() ? "" : " (" + failing_list + ")") + ", " +
        std::to_string(not_audited.size()) + " not audited" + (error_list.empty() ? "" : " (" + error_list + ")");
    if (!fixes_dir.empty())
        msg += "; " + std::to_string(changed_files.size()) + " fix files " + (check_mode ? "would change" : "written") +
               " in " + fixes_dir;
    Json result = {{"changed", !changed_files.empty()},
                   {"failed", exit_code != 0},
                   {"msg", msg},
                   {"exit_code", exit_code},
                   {"findings", std::move(findings)},
                   {"not_audited", std::move(not_audited)},
                   {"fixes", std::move(fixes)},
                   {"fix_files", changed_files},
                   {"schema_version", checks::kSchemaVersion},
                   {"devices", std::move(devices)}};
    if (!o.warnings.empty()) result["warnings"] = o.warnings;
    return result;
}

int answer(const Json& result) {
    std::cout << result.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n" << std::flush;
    return result.value("failed", false) ? 1 : 0;
}

int fail(const std::string& msg) {
    return answer(Json{{"failed", true}, {"changed", false}, {"msg", msg}, {"exit_code", 2}});
}

}  // namespace

std::optional<std::string> ansible_args_file(int argc, char** argv, const std::vector<std::string>& subcommands) {
    if (argc != 2 || !argv[1] || argv[1][0] == '-' || argv[1][0] == '\0') return std::nullopt;
    const std::string path = argv[1];
    if (std::find(subcommands.begin(), subcommands.end(), path) != subcommands.end()) return std::nullopt;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > kMaxArgsFile || ec) return std::nullopt;
    std::string text;
    if (!read_file(path, text)) return std::nullopt;
    const Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    // Ansible always adds its `_ansible_*` keys; without one this is some other JSON file (a
    // report, say) given by mistake, which gets the command line's usage error instead.
    for (const auto& [key, value] : j.items())
        if (key.rfind("_ansible_", 0) == 0) return path;
    return std::nullopt;
}

int run_ansible_module(const std::string& args_file) {
    try {
        std::string text;
        if (!read_file(args_file, text)) return fail(args_file + ": cannot read the module args file");
        Json j = Json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return fail(args_file + ": the module args are not a JSON object");
        const Args args(std::move(j));
        return answer(result_of(args, args.boolean("_ansible_check_mode", false)));
    } catch (const BadArg& e) {
        return fail(e.message);
    } catch (const std::exception& e) {
        return fail(std::string("vtyguard: internal error: ") + e.what());
    }
}

}  // namespace vtyguard::cli
