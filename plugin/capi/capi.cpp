// The C ABI of libvtyguard (plugin/capi/vtyguard.h): JSON requests in, JSON responses out.
#include "plugin/capi/vtyguard.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/report.hpp"
#include "plugin/json/model_json.hpp"

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

}  // namespace

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

void vtyguard_free(char* response) {
    std::free(response);
}

}  // extern "C"
