// The C ABI of libvtyguard (plugin/capi/vtyguard.h): JSON requests in, JSON responses out.
#include "plugin/capi/vtyguard.h"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/report.hpp"
#include "plugin/json/model_json.hpp"
#include "plugin/runner/job.hpp"

#ifndef VTYGUARD_VERSION
#define VTYGUARD_VERSION "0.0.0"
#endif

namespace {

using Json = nlohmann::json;
using namespace vtyguard;

struct Failure {
    int code;
    std::string message;
};

char* copy_out(const std::string& s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p) std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

int respond(char** response, int code, const std::string& body) {
    if (response) *response = copy_out(body);
    return code;
}

int fail(char** response, int code, const std::string& message) {
    Json e;
    e["error"] = {{"code", code}, {"message", message}};
    return respond(response, code, e.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Json read_request(const char* request) {
    if (!request) throw Failure{VTYGUARD_ERR_REQUEST, "request is NULL"};
    Json j = Json::parse(request, nullptr, false);
    if (j.is_discarded()) throw Failure{VTYGUARD_ERR_REQUEST, "request is not valid JSON"};
    if (!j.is_object()) throw Failure{VTYGUARD_ERR_REQUEST, "request must be a JSON object"};
    return j;
}

std::string need_string(const Json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string())
        throw Failure{VTYGUARD_ERR_REQUEST, std::string("request field `") + key + "` (string) is missing"};
    return it->get<std::string>();
}

checks::Policy read_policy(const Json& req) {
    checks::Policy p;
    std::string error;
    if (auto it = req.find("policy"); it != req.end() && !it->is_null()) {
        if (!it->is_object()) throw Failure{VTYGUARD_ERR_REQUEST, "request field `policy` must be an object"};
        // JSON is YAML: one policy reader for files and requests.
        if (!checks::parse_policy(it->dump(), "request.policy", p, error)) throw Failure{VTYGUARD_ERR_INPUT, error};
    } else if (auto f = req.find("policy_file"); f != req.end() && f->is_string()) {
        if (!checks::load_policy(f->get<std::string>(), p, error)) throw Failure{VTYGUARD_ERR_INPUT, error};
    }
    return p;
}

checks::DeviceEvidence read_device(const Json& req) {
    checks::DeviceEvidence ev;
    ev.name = need_string(req, "device");
    ev.platform = need_string(req, "platform");
    if (auto a = req.find("address"); a != req.end() && a->is_string()) ev.address = a->get<std::string>();
    auto caps = req.find("captures");
    if (caps == req.end() || !caps->is_object())
        throw Failure{VTYGUARD_ERR_REQUEST, "request field `captures` (object: command -> output) is missing"};
    std::string error;
    for (const auto& [command, text] : caps->items()) {
        if (!text.is_string())
            throw Failure{VTYGUARD_ERR_REQUEST, "captures[\"" + command + "\"] must be the command's output text"};
        if (!checks::add_capture(ev, command, text.get<std::string>(), "", error))
            throw Failure{VTYGUARD_ERR_INPUT, ev.name + ": " + error};
    }
    checks::merge_captures(ev);
    return ev;
}

bool want_fixes(const Json& req) {
    auto it = req.find("fixes");
    return it == req.end() || !it->is_boolean() || it->get<bool>();
}

std::string out(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Runs a request; the body returns the response text.
template <class F>
int guarded(char** response, F&& body) {
    if (response) *response = nullptr;
    try {
        return respond(response, VTYGUARD_OK, body());
    } catch (const Failure& f) {
        return fail(response, f.code, f.message);
    } catch (const std::exception& e) {
        return fail(response, VTYGUARD_ERR_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return fail(response, VTYGUARD_ERR_INTERNAL, "internal error");
    }
}

// ---- vtyguard_audit_hosts ----

Failure bad_field(const std::string& field, const std::string& what) {
    return Failure{VTYGUARD_ERR_REQUEST, "request field `" + field + "` " + what};
}

std::string opt_string(const Json& req, const char* key) {
    auto it = req.find(key);
    if (it == req.end() || it->is_null()) return {};
    if (!it->is_string()) throw bad_field(key, "must be a string");
    return it->get<std::string>();
}

bool opt_bool(const Json& req, const char* key, bool fallback) {
    auto it = req.find(key);
    if (it == req.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) throw bad_field(key, "must be true or false");
    return it->get<bool>();
}

double opt_seconds(const Json& timeouts, const char* key) {
    auto it = timeouts.find(key);
    if (it == timeouts.end() || it->is_null()) return 0;
    if (!it->is_number() || it->get<double>() <= 0 || !std::isfinite(it->get<double>()))
        throw bad_field(std::string("timeouts.") + key, "must be a positive number of seconds");
    return it->get<double>();
}

// The job of a vtyguard_audit_hosts request, and its exit policy. Unknown fields are errors: a
// misspelt `hosts` must not turn into an audit of the whole fleet.
runner::JobOptions read_job(const Json& req, checks::ExitPolicy& exit) {
    static const std::set<std::string> known = {
        "inventory", "inventory_format", "shard",      "hosts", "policy",        "policy_file", "workers",
        "timeouts",  "known_hosts",      "accept_new", "fixes", "save_captures", "fail_on",     "fail_on_unknown"};
    for (const auto& [key, value] : req.items())
        if (!known.count(key)) throw bad_field(key, "is not known (see vtyguard.h)");
    runner::JobOptions o;
    o.inventory = need_string(req, "inventory");
    if (auto f = opt_string(req, "inventory_format"); !f.empty()) o.inventory_format = f;
    o.shard = opt_string(req, "shard");
    if (auto it = req.find("hosts"); it != req.end() && !it->is_null()) {
        if (!it->is_array()) throw bad_field("hosts", "must be a list of inventory names");
        for (const auto& h : *it) {
            if (!h.is_string() || h.get<std::string>().empty())
                throw bad_field("hosts", "must be a list of inventory names");
            o.hosts.push_back(h.get<std::string>());
        }
        if (o.hosts.empty()) throw bad_field("hosts", "is empty: leave it out to audit every host");
    }
    if (auto it = req.find("policy"); it != req.end() && !it->is_null()) {
        if (req.contains("policy_file")) throw bad_field("policy", "and `policy_file` are exclusive");
        o.policy = read_policy(req);
    } else if (auto it2 = req.find("policy_file"); it2 != req.end() && !it2->is_null()) {
        o.policy_file = opt_string(req, "policy_file");
        if (o.policy_file.empty()) throw bad_field("policy_file", "is empty");
    }
    if (auto it = req.find("workers"); it != req.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > runner::kMaxWorkers)
            throw bad_field("workers",
                            "must be a whole number from 0 (automatic) to " + std::to_string(runner::kMaxWorkers));
        o.workers = it->get<unsigned>();
    }
    if (auto it = req.find("timeouts"); it != req.end() && !it->is_null()) {
        if (!it->is_object()) throw bad_field("timeouts", "must be an object {connect, command, device} (seconds)");
        for (const auto& [key, value] : it->items())
            if (key != "connect" && key != "command" && key != "device")
                throw bad_field("timeouts." + key, "is not known (connect, command, device)");
        o.connect_timeout = opt_seconds(*it, "connect");
        o.command_timeout = opt_seconds(*it, "command");
        o.device_timeout = opt_seconds(*it, "device");
    }
    o.known_hosts = opt_string(req, "known_hosts");
    o.accept_new = opt_bool(req, "accept_new", false);
    o.fixes = opt_bool(req, "fixes", true);
    o.save_captures = opt_string(req, "save_captures");
    if (auto f = opt_string(req, "fail_on"); !f.empty()) {
        const auto sev = checks::severity_from_string(f);
        if (!sev) throw bad_field("fail_on", "must be info, low, medium, high or critical, not '" + f + "'");
        exit.fail_on = *sev;
    }
    exit.fail_on_unknown = opt_bool(req, "fail_on_unknown", false);
    return o;
}

// A JobError as this ABI names its fields (the timeouts are one object here).
Failure job_failure(const runner::JobError& e) {
    std::string field(runner::field_key(e.field));
    if (field.ends_with("_timeout")) field = "timeouts." + field.substr(0, field.size() - 8);
    return Failure{e.input ? VTYGUARD_ERR_INPUT : VTYGUARD_ERR_REQUEST, e.labelled("request field `" + field + "`")};
}

}  // namespace

struct vtyguard_cancel {
    std::atomic<bool> requested{false};
};
static_assert(std::atomic<bool>::is_always_lock_free, "vtyguard_cancel_request must be async-signal-safe");

extern "C" {

int vtyguard_abi_version(void) {
    return VTYGUARD_ABI_VERSION;
}

const char* vtyguard_version(void) {
    return VTYGUARD_VERSION;
}

int vtyguard_parse(const char* request, char** response) {
    return guarded(response, [&] {
        const Json req = read_request(request);
        const std::string platform = need_string(req, "platform");
        const std::string command = need_string(req, "command");
        const std::string text = need_string(req, "text");
        parsers::ParseResult result;
        parsers::Resolved resolved;
        std::string error;
        if (!parsers::parse(platform, command, text, result, resolved, error)) throw Failure{VTYGUARD_ERR_INPUT, error};
        return vtyguard::json::dump(vtyguard::json::parse_result(result, resolved.command, resolved.sections), -1);
    });
}

int vtyguard_audit_device(const char* request, char** response) {
    return guarded(response, [&] {
        const Json req = read_request(request);
        const checks::Policy policy = read_policy(req);
        checks::AuditOptions options;
        options.fixes = want_fixes(req);
        return out(checks::device_json(checks::audit_device(read_device(req), policy, options)));
    });
}

int vtyguard_audit_folder(const char* request, char** response) {
    return guarded(response, [&] {
        const Json req = read_request(request);
        const std::string dir = need_string(req, "dir");
        const checks::Policy policy = read_policy(req);
        checks::AuditOptions options;
        options.fixes = want_fixes(req);
        std::vector<checks::DeviceReport> reports;
        std::string error;
        if (!checks::audit_folder(dir, policy, options, reports, error)) throw Failure{VTYGUARD_ERR_INPUT, error};
        Json report = checks::report_json(reports);
        report["exit_code"] = checks::exit_code(reports, checks::ExitPolicy{});
        return out(report);
    });
}

int vtyguard_render_fixes(const char* request, char** response) {
    return guarded(response, [&] {
        const Json req = read_request(request);
        const checks::Policy policy = read_policy(req);
        checks::AuditOptions options;
        options.fixes = true;
        const auto report = checks::audit_device(read_device(req), policy, options);
        return out(Json{{"device", report.device},
                        {"fix", report.plan.fix},
                        {"runbook", report.plan.runbook},
                        {"rollback", report.plan.rollback},
                        {"verified", report.plan.verified},
                        {"withheld", report.plan.withheld},
                        {"secrets", report.plan.secrets}});
    });
}

vtyguard_cancel* vtyguard_cancel_new(void) {
    return new (std::nothrow) vtyguard_cancel;
}

void vtyguard_cancel_request(vtyguard_cancel* cancel) {
    if (cancel) cancel->requested.store(true);
}

int vtyguard_cancel_requested(const vtyguard_cancel* cancel) {
    return cancel && cancel->requested.load() ? 1 : 0;
}

void vtyguard_cancel_free(vtyguard_cancel* cancel) {
    delete cancel;
}

int vtyguard_audit_hosts(const char* request, vtyguard_line_fn on_line, void* user, vtyguard_cancel* cancel,
                         char** response) {
    return guarded(response, [&] {
        const Json req = read_request(request);
        checks::ExitPolicy exit;
        runner::JobOptions options = read_job(req, exit);
        // The caller's token, or one of this call's own for a callback that cancels.
        vtyguard_cancel own;
        std::atomic<bool>& stop = cancel ? cancel->requested : own.requested;
        options.cancel = &stop;
        runner::Job job;
        runner::JobError error;
        if (!runner::prepare_job(options, job, error)) throw job_failure(error);
        const auto run = runner::run_job(job, [&](const checks::DeviceReport& r) {
            if (!on_line) return;
            const std::string line = runner::device_line(r);
            if (on_line(line.c_str(), line.size(), user) != 0) stop.store(true);
        });
        Json report = checks::report_json(run.reports);
        report["hosts"] = job.hosts.size();
        report["audited"] = run.summary.audited;
        report["errors"] = run.summary.errors;
        report["cancelled"] = run.cancelled;
        Json warnings = Json::array();
        for (const auto& w : job.warnings) warnings.push_back(w);
        for (const auto& w : run.summary.warnings) warnings.push_back(w);
        report["warnings"] = std::move(warnings);
        report["exit_code"] = runner::exit_code(run, exit);
        return out(report);
    });
}

void vtyguard_free(char* response) {
    std::free(response);
}

}  // extern "C"
