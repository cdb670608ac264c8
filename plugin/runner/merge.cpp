#include "plugin/runner/merge.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace vtyguard::runner {

namespace {

using nlohmann::json;

// Reading fails with a message naming the key; the caller adds file and line.
struct Bad {
    std::string message;
};

std::string text(const json& j, const char* key, bool required = false) {
    if (!j.contains(key) || j.at(key).is_null()) {
        if (required) throw Bad{std::string("`") + key + "` missing"};
        return {};
    }
    if (!j.at(key).is_string()) throw Bad{std::string("`") + key + "` is not a string"};
    return j.at(key).get<std::string>();
}

bool flag(const json& j, const char* key) {
    if (!j.contains(key) || j.at(key).is_null()) return false;
    if (!j.at(key).is_boolean()) throw Bad{std::string("`") + key + "` is not true or false"};
    return j.at(key).get<bool>();
}

std::vector<std::string> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.contains(key) || j.at(key).is_null()) return out;
    if (!j.at(key).is_array()) throw Bad{std::string("`") + key + "` is not a list"};
    for (const auto& v : j.at(key)) {
        if (!v.is_string()) throw Bad{std::string("`") + key + "` holds a non-string"};
        out.push_back(v.get<std::string>());
    }
    return out;
}

const json& list(const json& j, const char* key) {
    static const json empty = json::array();
    if (!j.contains(key) || j.at(key).is_null()) return empty;
    if (!j.at(key).is_array()) throw Bad{std::string("`") + key + "` is not a list"};
    return j.at(key);
}

checks::Verdict verdict_of(const std::string& v) {
    for (auto x :
         {checks::Verdict::pass, checks::Verdict::fail, checks::Verdict::unknown, checks::Verdict::not_applicable})
        if (checks::to_string(x) == v) return x;
    throw Bad{"unknown verdict '" + v + "'"};
}

checks::Evidence evidence_of(const json& j) {
    if (!j.is_object()) throw Bad{"evidence is not an object"};
    checks::Evidence e;
    e.command = text(j, "command");
    if (j.contains("line") && !j.at("line").is_null()) {
        if (!j.at("line").is_number_unsigned()) throw Bad{"evidence `line` is not a line number"};
        e.line = j.at("line").get<std::size_t>();
    }
    e.text = text(j, "text");
    e.file = text(j, "file");
    return e;
}

std::vector<checks::Evidence> evidence_list(const json& j, const char* key) {
    std::vector<checks::Evidence> out;
    for (const auto& e : list(j, key)) out.push_back(evidence_of(e));
    return out;
}

checks::Finding finding_of(const json& j) {
    if (!j.is_object()) throw Bad{"a finding is not an object"};
    checks::Finding f;
    f.check = text(j, "check", true);
    f.verdict = verdict_of(text(j, "verdict", true));
    const auto sev = checks::severity_from_string(text(j, "severity", true));
    if (!sev) throw Bad{"finding " + f.check + ": unknown severity"};
    f.severity = *sev;
    f.reason = text(j, "reason");
    f.evidence = evidence_list(j, "evidence");
    for (const auto& a : list(j, "acl")) {
        checks::AclDetail d;
        d.acl = text(a, "acl");
        d.source = text(a, "source");
        if (a.contains("deciding") && !a.at("deciding").is_null()) d.deciding = evidence_of(a.at("deciding"));
        d.shadowing = evidence_list(a, "shadowing");
        d.uncertain = evidence_list(a, "uncertain");
        f.acl.push_back(std::move(d));
    }
    if (j.contains("fix") && !j.at("fix").is_null()) {
        const json& x = j.at("fix");
        if (!x.is_object()) throw Bad{"finding " + f.check + ": `fix` is not an object"};
        checks::Fix fix;
        fix.plan = text(x, "plan");
        fix.runbook = text(x, "runbook");
        fix.rollback = text(x, "rollback");
        fix.verified = flag(x, "verified");
        fix.would_lock_out = flag(x, "would_lock_out");
        fix.note = text(x, "note");
        fix.secrets = strings(x, "secrets");
        f.fix = std::move(fix);
    }
    f.message = text(j, "message");
    return f;
}

std::string where(const std::string& path, std::size_t line) {
    return line ? path + ":" + std::to_string(line) : path;
}

bool read_all(const std::string& path, std::string& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot read";
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        error = path + ": read error";
        return false;
    }
    out = ss.str();
    return true;
}

}  // namespace

bool device_from_json(const json& j, checks::DeviceReport& out, std::string& error) {
    try {
        if (!j.is_object()) throw Bad{"a device is not an object"};
        checks::DeviceReport r;
        r.device = text(j, "device", true);
        if (r.device.empty()) throw Bad{"`device` is empty"};
        r.hostname = text(j, "hostname");
        r.platform = text(j, "platform");
        r.address = text(j, "address");
        r.status = text(j, "status", true);
        r.error = text(j, "error");
        if (r.status != "audited" && r.error.empty()) r.error = "could not be audited";
        if (j.contains("probe")) r.probe = j.at("probe");
        r.likely_cause = strings(j, "likely_cause");
        for (const auto& f : list(j, "findings")) r.findings.push_back(finding_of(f));
        r.diagnostics = strings(j, "diagnostics");
        if (j.contains("plan") && !j.at("plan").is_null()) {
            const json& p = j.at("plan");
            if (!p.is_object()) throw Bad{"`plan` is not an object"};
            r.plan.fix = text(p, "fix");
            r.plan.runbook = text(p, "runbook");
            r.plan.rollback = text(p, "rollback");
            r.plan.verified = flag(p, "verified");
            r.plan.withheld = strings(p, "withheld");
            r.plan.secrets = strings(p, "secrets");
        }
        r.evidence.name = r.device;
        r.evidence.platform = r.platform;
        r.evidence.address = r.address;
        out = std::move(r);
        return true;
    } catch (const Bad& b) {
        error = b.message;
    } catch (const json::exception& e) {
        error = e.what();
    }
    return false;
}

bool read_report(const std::string& path, std::vector<checks::DeviceReport>& out, std::vector<std::string>& warnings,
                 std::string& error, std::vector<std::string>* origins) {
    std::string body;
    if (!read_all(path, body, error)) return false;
    const auto first = body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        error = path + ": empty: no report";
        return false;
    }
    std::vector<checks::DeviceReport> devices;
    std::vector<std::string> from;
    auto add = [&](const json& d, std::size_t line) {
        checks::DeviceReport r;
        std::string why;
        if (!device_from_json(d, r, why)) {
            error = where(path, line) + ": " + why;
            return false;
        }
        devices.push_back(std::move(r));
        from.push_back(where(path, line));
        return true;
    };
    // A JSON report is one object with `devices`; JSON Lines has one device object per line.
    json whole = json::parse(body, nullptr, false);
    if (!whole.is_discarded() && whole.is_object() && whole.contains("devices")) {
        if (!whole.contains("schema_version") || whole.at("schema_version") != 1) {
            error = path + ": schema_version " +
                    (whole.contains("schema_version") ? whole.at("schema_version").dump() : std::string("missing")) +
                    ": this vtyguard reads reports of schema_version 1";
            return false;
        }
        if (!whole.at("devices").is_array()) {
            error = path + ": `devices` is not a list";
            return false;
        }
        for (const auto& d : whole.at("devices"))
            if (!add(d, 0)) return false;
    } else {
        std::size_t line = 0, pos = 0;
        while (pos < body.size()) {
            const auto nl = body.find('\n', pos);
            const bool complete = nl != std::string::npos;
            const std::string l = body.substr(pos, complete ? nl - pos : std::string::npos);
            pos = complete ? nl + 1 : body.size();
            ++line;
            if (l.find_first_not_of(" \t\r") == std::string::npos) continue;
            json d = json::parse(l, nullptr, false);
            if (d.is_discarded()) {
                if (!complete) {
                    warnings.push_back(where(path, line) +
                                       ": incomplete last line ignored (the run was stopped while writing it)");
                    break;
                }
                error = where(path, line) + ": not a JSON device object (a JSON report or JSON Lines is expected)";
                return false;
            }
            if (!add(d, line)) return false;
        }
    }
    for (auto& d : devices) out.push_back(std::move(d));
    if (origins)
        for (auto& f : from) origins->push_back(std::move(f));
    return true;
}

bool merge_reports(const std::vector<std::string>& paths, std::vector<checks::DeviceReport>& out,
                   std::vector<std::string>& warnings, std::string& error) {
    std::vector<checks::DeviceReport> all;
    std::vector<std::string> origins;
    for (const auto& p : paths)
        if (!read_report(p, all, warnings, error, &origins)) return false;
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < all.size(); ++i) {
        auto [it, fresh] = seen.emplace(all[i].device, i);
        if (!fresh) {
            error = origins[i] + ": device '" + all[i].device + "' again (first at " + origins[it->second] +
                    "): the parts overlap (same shard twice, or shards of different splits?)";
            return false;
        }
    }
    std::vector<std::size_t> order(all.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return all[a].device < all[b].device; });
    std::vector<checks::DeviceReport> merged;
    merged.reserve(all.size());
    for (auto i : order) merged.push_back(std::move(all[i]));
    out = std::move(merged);
    return true;
}

}  // namespace vtyguard::runner
