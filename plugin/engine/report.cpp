#include "plugin/engine/report.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include <pugixml.hpp>

#include "plugin/engine/checks.hpp"

#ifndef VTYGUARD_VERSION
#define VTYGUARD_VERSION "0.0.0"
#endif

namespace vtyguard::checks {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------
// Text hygiene. Device output is not always UTF-8 (Latin-1 banners, line noise) and may carry
// control characters. Each output format gets text it can carry: JSON any valid UTF-8 (the
// serialiser escapes controls), XML only the characters XML 1.0 allows, a terminal nothing that
// could move the cursor or change colours.

enum class Sink { json, xml, terminal };

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i] and its code point; 0 when invalid (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const unsigned char t = b(k);
        if (t < (k == 1 ? lo : 0x80) || t > (k == 1 ? hi : 0xBF)) return 0;
        cp = (cp << 6) | (t & 0x3F);
    }
    return n;
}

bool allowed(char32_t cp, Sink sink) {
    switch (sink) {
        case Sink::json:
            return true;
        case Sink::xml:
            if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
            return cp != 0xFFFE && cp != 0xFFFF;
        case Sink::terminal:
            if (cp < 0x20) return cp == '\t';
            return cp != 0x7F && (cp < 0x80 || cp > 0x9F);
    }
    return false;
}

std::string clean(std::string_view s, Sink sink = Sink::json) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const std::size_t n = decode(s, i, cp);
        if (n == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        if (allowed(cp, sink))
            out.append(s.substr(i, n));
        else
            out += kReplacement;
        i += n;
    }
    return out;
}

// The probe comes from the live runner and may quote a banner: clean every string in it.
nlohmann::json clean_json(const nlohmann::json& j) {
    if (j.is_string()) return clean(j.get_ref<const std::string&>());
    if (j.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& v : j) out.push_back(clean_json(v));
        return out;
    }
    if (j.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [k, v] : j.items()) out[clean(k)] = clean_json(v);
        return out;
    }
    return j.is_discarded() ? nlohmann::json() : j;
}

nlohmann::json nullable(const std::string& s) {
    return s.empty() ? nlohmann::json() : nlohmann::json(clean(s));
}

nlohmann::json strings(const std::vector<std::string>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : v) out.push_back(clean(s));
    return out;
}

bool is_error(const DeviceReport& r) {
    return r.status != "audited";
}

bool plan_empty(const DevicePlan& p) {
    return p.fix.empty() && p.runbook.empty() && p.rollback.empty() && p.withheld.empty() && p.secrets.empty();
}

// ---------------------------------------------------------------------------------------------
// JSON

nlohmann::json evidence_json(const Evidence& e) {
    return {{"command", clean(e.command)}, {"line", e.line}, {"text", clean(e.text)}, {"file", nullable(e.file)}};
}

nlohmann::json evidence_list(const std::vector<Evidence>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : v) out.push_back(evidence_json(e));
    return out;
}

nlohmann::json fix_json(const Fix& f) {
    nlohmann::json j = {{"plan", clean(f.plan)},
                        {"runbook", clean(f.runbook)},
                        {"rollback", clean(f.rollback)},
                        {"verified", f.verified},
                        {"would_lock_out", f.would_lock_out}};
    if (!f.note.empty()) j["note"] = clean(f.note);
    if (!f.secrets.empty()) j["secrets"] = strings(f.secrets);
    return j;
}

nlohmann::json acl_json(const AclDetail& a) {
    return {{"acl", clean(a.acl)},
            {"source", clean(a.source)},
            {"deciding", a.deciding ? evidence_json(*a.deciding) : nlohmann::json()},
            {"shadowing", evidence_list(a.shadowing)},
            {"uncertain", evidence_list(a.uncertain)}};
}

nlohmann::json finding_json(const Finding& f) {
    nlohmann::json j = {{"check", clean(f.check)},
                        {"verdict", std::string(to_string(f.verdict))},
                        {"severity", std::string(to_string(f.severity))},
                        {"reason", clean(f.reason)},
                        {"evidence", evidence_list(f.evidence)},
                        {"fix", f.fix ? fix_json(*f.fix) : nlohmann::json()}};
    if (!f.acl.empty()) {
        j["acl"] = nlohmann::json::array();
        for (const auto& a : f.acl) j["acl"].push_back(acl_json(a));
    }
    if (!f.message.empty()) j["message"] = clean(f.message);
    return j;
}

// ---------------------------------------------------------------------------------------------
// Shared by the formats for people and CI

int severity_rank(Severity s) {
    return static_cast<int>(s);
}

std::string evidence_line(const Evidence& e) {
    std::string out = e.command.empty() ? std::string("(evidence)") : e.command;
    if (e.line > 0) out += ":" + std::to_string(e.line);
    if (!e.text.empty()) out += ": " + e.text;
    return out;
}

std::vector<std::string> split_lines(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        auto nl = s.find('\n', start);
        auto line = s.substr(start, nl == std::string_view::npos ? s.size() - start : nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.emplace_back(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

// Failing findings, most severe first, catalogue order (the findings' order) within a severity.
std::vector<const Finding*> by_verdict(const DeviceReport& r, Verdict v) {
    std::vector<const Finding*> out;
    for (const auto& f : r.findings)
        if (f.verdict == v) out.push_back(&f);
    std::stable_sort(out.begin(), out.end(), [](const Finding* a, const Finding* b) {
        return severity_rank(a->severity) > severity_rank(b->severity);
    });
    return out;
}

const Finding* find_finding(const DeviceReport& r, std::string_view check) {
    for (const auto& f : r.findings)
        if (f.check == check) return &f;
    return nullptr;
}

struct Counts {
    std::size_t fail = 0, unknown = 0, pass = 0, not_applicable = 0;
    std::array<std::size_t, 5> fail_by_severity{};
};

Counts count(const DeviceReport& r) {
    Counts c;
    for (const auto& f : r.findings) {
        switch (f.verdict) {
            case Verdict::fail:
                ++c.fail;
                ++c.fail_by_severity[static_cast<std::size_t>(severity_rank(f.severity))];
                break;
            case Verdict::unknown:
                ++c.unknown;
                break;
            case Verdict::pass:
                ++c.pass;
                break;
            case Verdict::not_applicable:
                ++c.not_applicable;
                break;
        }
    }
    return c;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// ---------------------------------------------------------------------------------------------
// Text

struct Painter {
    bool on;
    std::string operator()(std::string_view code, std::string_view s) const {
        if (!on || s.empty()) return std::string(s);
        return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
    }
};

constexpr std::string_view kBold = "1", kRed = "1;31", kYellow = "33", kCyan = "36", kMagenta = "35", kGreen = "32",
                           kDim = "2";

std::string_view severity_colour(Severity s) {
    switch (s) {
        case Severity::critical:
        case Severity::high:
            return kRed;
        case Severity::medium:
            return kYellow;
        case Severity::low:
        case Severity::info:
            return kCyan;
    }
    return kCyan;
}

std::string t(std::string_view s) {
    return clean(s, Sink::terminal);
}

std::string or_dash(const std::string& s) {
    return s.empty() ? "-" : t(s);
}

void text_fix(std::ostringstream& o, const Finding& f, const Painter& paint) {
    const std::string pad = "      ";
    if (f.fix) {
        const Fix& x = *f.fix;
        if (x.would_lock_out) {
            o << pad << paint(kYellow, "fix withheld (would lock out)") << (x.note.empty() ? "" : ": " + t(x.note))
              << "\n";
        } else if (!x.plan.empty()) {
            o << pad << (x.verified ? paint(kGreen, "fix (verified):") : paint(kYellow, "fix (NOT verified):"));
            if (!x.verified && !x.note.empty()) o << " " << t(x.note);
            o << "\n";
            for (const auto& l : split_lines(x.plan)) o << pad << "  " << t(l) << "\n";
            if (!x.secrets.empty()) {
                o << pad << "  secrets to fill in:";
                for (const auto& s : x.secrets) o << " " << t(s);
                o << "\n";
            }
        } else if (!x.note.empty()) {
            o << pad << "fix: " << t(x.note) << "\n";
        }
    }
    if (!f.message.empty()) o << pad << "advice: " << t(f.message) << "\n";
}

void text_device(std::ostringstream& o, const DeviceReport& r, const Painter& paint) {
    const bool err = is_error(r);
    o << paint(kBold, t(r.device.empty() ? std::string("(unnamed device)") : r.device)) << "  hostname "
      << or_dash(r.hostname) << ", platform " << or_dash(r.platform) << ", address " << or_dash(r.address)
      << ", status " << (err ? paint(kRed, t(r.status)) : t(r.status)) << "\n";
    if (err) {
        o << "  " << paint(kRed, "could not be audited") << ": " << (r.error.empty() ? "(no message)" : t(r.error))
          << "\n";
        return;
    }
    if (r.likely_cause.empty()) {
        o << "  likely cause: none (no check that explains a refused login fails)\n";
    } else {
        o << "  likely cause: ";
        for (std::size_t i = 0; i < r.likely_cause.size(); ++i) {
            const auto& id = r.likely_cause[i];
            if (i) o << "; then ";
            o << paint(kBold, t(id));
            if (const Finding* f = find_finding(r, id); f && !f->reason.empty()) o << " (" << t(f->reason) << ")";
        }
        o << "\n";
    }
    for (const Finding* f : by_verdict(r, Verdict::fail)) {
        o << "  " << paint(severity_colour(f->severity), "FAIL " + std::string(to_string(f->severity))) << "  "
          << paint(kBold, t(f->check)) << "  " << t(f->reason) << "\n";
        for (const auto& e : f->evidence) o << "      " << paint(kDim, t(evidence_line(e))) << "\n";
        text_fix(o, *f, paint);
    }
    for (const Finding* f : by_verdict(r, Verdict::unknown)) {
        o << "  " << paint(kMagenta, "UNKNOWN") << "  " << paint(kBold, t(f->check)) << "  " << t(f->reason) << "\n";
        for (const auto& e : f->evidence) o << "      " << paint(kDim, t(evidence_line(e))) << "\n";
    }
    if (!r.diagnostics.empty()) {
        constexpr std::size_t kShown = 5;
        o << "  " << plural(r.diagnostics.size(), "line", "lines") << " not understood by the parsers:\n";
        for (std::size_t i = 0; i < r.diagnostics.size() && i < kShown; ++i)
            o << "      " << t(r.diagnostics[i]) << "\n";
        if (r.diagnostics.size() > kShown) o << "      ... and " << r.diagnostics.size() - kShown << " more\n";
    }
    const Counts c = count(r);
    std::string sev;
    for (int s = severity_rank(Severity::critical); s >= 0; --s) {
        const auto n = c.fail_by_severity[static_cast<std::size_t>(s)];
        if (n == 0) continue;
        sev += (sev.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(to_string(static_cast<Severity>(s)));
    }
    o << "  " << (c.fail ? paint(kRed, std::to_string(c.fail) + " fail") : paint(kGreen, "0 fail"))
      << (sev.empty() ? "" : " (" + sev + ")") << ", " << c.unknown << " unknown, " << c.pass << " pass, "
      << c.not_applicable << " not applicable\n";
}

// ---------------------------------------------------------------------------------------------
// JUnit

std::string x(std::string_view s) {
    return clean(s, Sink::xml);
}

void set(pugi::xml_node n, const char* name, const std::string& v) {
    n.append_attribute(name).set_value(x(v).c_str());
}
void set(pugi::xml_node n, const char* name, std::size_t v) {
    n.append_attribute(name).set_value(static_cast<unsigned long long>(v));
}

std::string failure_body(const Finding& f) {
    std::string body;
    for (const auto& e : f.evidence) body += evidence_line(e) + "\n";
    if (f.fix && !f.fix->would_lock_out && !f.fix->plan.empty()) {
        body += f.fix->verified ? std::string("fix (verified):\n")
                                : "fix (NOT verified" + (f.fix->note.empty() ? "" : ": " + f.fix->note) + "):\n";
        body += f.fix->plan;
        if (body.back() != '\n') body += "\n";
    } else if (f.fix && f.fix->would_lock_out) {
        body += "fix withheld (would lock out): " + f.fix->note + "\n";
    }
    if (!f.message.empty()) body += "advice: " + f.message + "\n";
    return body;
}

// ---------------------------------------------------------------------------------------------
// SARIF

std::string_view sarif_level(Severity s) {
    switch (s) {
        case Severity::critical:
        case Severity::high:
            return "error";
        case Severity::medium:
            return "warning";
        case Severity::low:
        case Severity::info:
            return "note";
    }
    return "note";
}

// GitHub's scale for `security-severity` (critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low < 4).
std::string_view security_severity(Severity s) {
    switch (s) {
        case Severity::critical:
            return "9.5";
        case Severity::high:
            return "8.0";
        case Severity::medium:
            return "5.5";
        case Severity::low:
            return "3.0";
        case Severity::info:
            return "0.0";
    }
    return "0.0";
}

// RFC 3986 path: unreserved characters and `/` stay, every other byte is percent-encoded.
std::string uri_path(std::string_view p) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : p) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

// Counters and clocks change between runs of the same device; they must not change a fingerprint.
std::string fingerprint_text(std::string_view s) {
    static const std::regex volatile_parts(R"(\(\d+ matche?s?\)|\(hitcnt=\d+\)|\b\d+:\d\d:\d\d\b)");
    std::string out = std::regex_replace(std::string(s), volatile_parts, "");
    std::string collapsed;
    for (char c : out) {
        const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (space) {
            if (!collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
        } else {
            collapsed += c;
        }
    }
    while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    return collapsed;
}

// FNV-1a, 64 bits, twice with different offsets: stable across runs and platforms, which is all a
// fingerprint needs (it is no security boundary).
std::string fingerprint(const DeviceReport& r, const Finding& f) {
    std::string key = r.device + '\x1f' + f.check;
    for (const auto& e : f.evidence) key += '\x1e' + e.command + '\x1f' + fingerprint_text(e.text);
    auto fnv = [&](std::uint64_t h) {
        for (unsigned char c : key) {
            h ^= c;
            h *= 0x100000001b3ULL;
        }
        return h;
    };
    const std::uint64_t a = fnv(0xcbf29ce484222325ULL), b = fnv(0x84222325cbf29ce4ULL);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::uint64_t v : {a, b})
        for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(v >> shift) & 0xF];
    return out;
}

// Where a device's files are cited from: the audited folder, i.e. the folder holding the device
// folder or the backup file.
fs::path audited_folder(const DeviceReport& r, const fs::path& file) {
    const fs::path parent = file.parent_path();
    if (!r.evidence.config_backup && !r.evidence.name.empty() && parent.filename() == r.evidence.name)
        return parent.parent_path();
    if (!r.evidence.config_backup && !r.device.empty() && parent.filename() == r.device) return parent.parent_path();
    return parent;
}

std::string evidence_file(const DeviceReport& r, const Evidence& e) {
    if (!e.file.empty()) return e.file;
    if (e.command.empty()) return {};
    if (const Capture* c = r.evidence.find(e.command); c && !c->file.empty()) return c->file;
    return {};
}

struct BaseIds {
    std::map<std::string, std::string> ids;  // folder (as cited) -> uriBaseId
    std::string id_for(const std::string& folder) {
        auto it = ids.find(folder);
        if (it != ids.end()) return it->second;
        std::string id = ids.empty() ? "AUDITDIR" : "AUDITDIR" + std::to_string(ids.size() + 1);
        ids.emplace(folder, id);
        return id;
    }
};

nlohmann::ordered_json sarif_location(const DeviceReport& r, const Evidence& e, BaseIds& bases) {
    const std::string file = evidence_file(r, e);
    if (file.empty()) return nullptr;
    const fs::path p(file);
    const fs::path base = audited_folder(r, p);
    fs::path rel = base.empty() ? p : p.lexically_relative(base);
    if (rel.empty() || rel.is_absolute()) rel = p.filename();
    nlohmann::ordered_json artifact = {{"uri", uri_path(clean(rel.generic_string()))},
                                       {"uriBaseId", bases.id_for(base.empty() ? "." : base.string())}};
    nlohmann::ordered_json physical = {{"artifactLocation", artifact}};
    if (e.line > 0) {
        nlohmann::ordered_json region = {{"startLine", e.line}};
        if (!e.text.empty()) region["snippet"] = {{"text", clean(e.text)}};
        physical["region"] = region;
    }
    return {{"physicalLocation", physical}};
}

std::string sarif_message(const Finding& f) {
    std::string m = f.reason.empty() ? f.check + " fails" : f.reason;
    if (f.fix) {
        const Fix& x = *f.fix;
        if (x.would_lock_out) {
            m += "\n\nFix withheld (it would lock out a management source)" + (x.note.empty() ? "" : ": " + x.note);
        } else if (!x.plan.empty()) {
            m += std::string("\n\nFix") + (x.verified ? " (verified by re-audit)" : " (not verified)") + ":\n" + x.plan;
            if (!x.secrets.empty()) {
                m += "\nSecrets to fill in:";
                for (const auto& s : x.secrets) m += " " + s;
            }
        }
    }
    if (!f.message.empty()) m += "\n\n" + f.message;
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return clean(m);
}

}  // namespace

// -------------------------------------------------------------------------------------------------

nlohmann::json device_json(const DeviceReport& r) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : r.findings) findings.push_back(finding_json(f));
    nlohmann::json j = {{"device", clean(r.device)},
                        {"hostname", nullable(r.hostname)},
                        {"platform", nullable(r.platform)},
                        {"address", nullable(r.address)},
                        {"status", clean(r.status)},
                        {"probe", clean_json(r.probe)},
                        {"likely_cause", strings(r.likely_cause)},
                        {"findings", std::move(findings)}};
    if (is_error(r)) j["error"] = clean(r.error.empty() ? "could not be audited" : r.error);
    if (!r.diagnostics.empty()) j["diagnostics"] = strings(r.diagnostics);
    if (!plan_empty(r.plan)) {
        j["plan"] = {{"fix", clean(r.plan.fix)},
                     {"runbook", clean(r.plan.runbook)},
                     {"rollback", clean(r.plan.rollback)},
                     {"verified", r.plan.verified},
                     {"withheld", strings(r.plan.withheld)},
                     {"secrets", strings(r.plan.secrets)}};
    }
    return j;
}

nlohmann::json report_json(const std::vector<DeviceReport>& reports) {
    nlohmann::json devices = nlohmann::json::array();
    for (const auto& r : reports) devices.push_back(device_json(r));
    return {{"schema_version", kSchemaVersion}, {"devices", std::move(devices)}};
}

std::string report_text(const std::vector<DeviceReport>& reports, bool colour) {
    const Painter paint{colour};
    std::ostringstream o;
    std::size_t errors = 0, fails = 0, unknowns = 0, failing_devices = 0;
    for (std::size_t i = 0; i < reports.size(); ++i) {
        if (i) o << "\n";
        text_device(o, reports[i], paint);
        if (is_error(reports[i])) {
            ++errors;
            continue;
        }
        const Counts c = count(reports[i]);
        fails += c.fail;
        unknowns += c.unknown;
        if (c.fail) ++failing_devices;
    }
    if (!reports.empty()) o << "\n";
    o << paint(kBold, plural(reports.size(), "device", "devices")) << ": " << reports.size() - errors << " audited ("
      << failing_devices << " with failing checks), " << errors << " could not be audited; "
      << plural(fails, "failing finding", "failing findings") << ", " << unknowns << " unknown\n";
    return o.str();
}

std::string report_junit(const std::vector<DeviceReport>& reports) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version").set_value("1.0");
    decl.append_attribute("encoding").set_value("UTF-8");
    auto root = doc.append_child("testsuites");
    root.append_attribute("name").set_value("vtyguard");
    std::size_t all_tests = 0, all_failures = 0, all_errors = 0, all_skipped = 0;

    for (const auto& r : reports) {
        auto suite = root.append_child("testsuite");
        set(suite, "name", r.device);
        std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;

        auto props = suite.append_child("properties");
        const std::pair<const char*, const std::string*> fields[] = {
            {"hostname", &r.hostname}, {"platform", &r.platform}, {"address", &r.address}, {"status", &r.status}};
        for (const auto& [name, value] : fields) {
            auto p = props.append_child("property");
            p.append_attribute("name").set_value(name);
            set(p, "value", *value);
        }
        if (!r.likely_cause.empty()) {
            std::string joined;
            for (const auto& id : r.likely_cause) joined += (joined.empty() ? "" : ",") + id;
            auto p = props.append_child("property");
            p.append_attribute("name").set_value("likely_cause");
            set(p, "value", joined);
        }

        if (is_error(r)) {
            auto tc = suite.append_child("testcase");
            set(tc, "classname", r.device);
            tc.append_attribute("name").set_value("audit");
            auto e = tc.append_child("error");
            const std::string msg = r.error.empty() ? "could not be audited" : r.error;
            set(e, "message", msg);
            set(e, "type", r.status);
            e.text().set(x(msg).c_str());
            ++tests;
            ++errors;
        }
        for (const auto& f : r.findings) {
            auto tc = suite.append_child("testcase");
            set(tc, "classname", r.device);
            set(tc, "name", f.check);
            ++tests;
            if (f.verdict == Verdict::fail) {
                auto e = tc.append_child("failure");
                set(e, "message", f.reason);
                e.append_attribute("type").set_value(std::string(to_string(f.severity)).c_str());
                e.text().set(x(failure_body(f)).c_str());
                ++failures;
            } else if (f.verdict == Verdict::unknown || f.verdict == Verdict::not_applicable) {
                auto e = tc.append_child("skipped");
                set(e, "message", std::string(to_string(f.verdict)) + (f.reason.empty() ? "" : ": " + f.reason));
                ++skipped;
            }
        }
        if (!r.diagnostics.empty()) {
            std::string out = "lines not understood by the parsers:\n";
            for (const auto& d : r.diagnostics) out += d + "\n";
            suite.append_child("system-out").text().set(x(out).c_str());
        }
        // Counts go first among the attributes, where people look for them.
        const std::pair<const char*, std::size_t> counts[] = {
            {"tests", tests}, {"failures", failures}, {"errors", errors}, {"skipped", skipped}};
        auto after = suite.attribute("name");
        for (const auto& [name, value] : counts) {
            after = suite.insert_attribute_after(name, after);
            after.set_value(static_cast<unsigned long long>(value));
        }
        all_tests += tests;
        all_failures += failures;
        all_errors += errors;
        all_skipped += skipped;
    }
    set(root, "tests", all_tests);
    set(root, "failures", all_failures);
    set(root, "errors", all_errors);
    set(root, "skipped", all_skipped);

    std::ostringstream o;
    doc.save(o, "  ", pugi::format_indent, pugi::encoding_utf8);
    return o.str();
}

std::string report_sarif(const std::vector<DeviceReport>& reports) {
    using oj = nlohmann::ordered_json;
    oj rules = oj::array();
    std::map<std::string, std::size_t> rule_index;
    auto add_rule = [&](std::string_view id, std::string_view title, Severity s) {
        rule_index.emplace(std::string(id), rules.size());
        rules.push_back(
            {{"id", clean(id)},
             {"shortDescription", {{"text", clean(title.empty() ? id : title)}}},
             {"defaultConfiguration", {{"level", sarif_level(s)}}},
             {"properties", {{"tags", oj::array({"security"})}, {"security-severity", security_severity(s)}}}});
    };
    for (const auto& c : catalogue()) add_rule(c.id, c.title, c.severity);
    // A finding of a check the catalogue does not list (a live-only check) still needs its rule.
    for (const auto& r : reports)
        for (const auto& f : r.findings)
            if (f.verdict == Verdict::fail && !rule_index.count(f.check)) add_rule(f.check, f.check, f.severity);

    BaseIds bases;
    oj results = oj::array();
    oj notifications = oj::array();
    for (const auto& r : reports) {
        if (is_error(r)) {
            notifications.push_back(
                {{"level", "error"}, {"message", {{"text", clean(r.device + ": could not be audited: " + r.error)}}}});
            continue;
        }
        for (const auto& f : r.findings) {
            if (f.verdict != Verdict::fail) continue;
            oj locations = oj::array();
            std::vector<std::string> seen;
            for (const auto& e : f.evidence) {
                oj loc = sarif_location(r, e, bases);
                if (loc.is_null()) continue;
                const std::string key = loc.dump();
                if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
                seen.push_back(key);
                locations.push_back(std::move(loc));
            }
            if (locations.empty()) {
                // Live evidence has no file: name the device so the result still points somewhere.
                oj logical = {{"name", clean(r.device)}, {"kind", "module"}};
                locations.push_back({{"logicalLocations", oj::array({std::move(logical)})}});
            }
            results.push_back({{"ruleId", clean(f.check)},
                               {"ruleIndex", rule_index.at(f.check)},
                               {"level", sarif_level(f.severity)},
                               {"message", {{"text", sarif_message(f)}}},
                               {"locations", std::move(locations)},
                               {"partialFingerprints", {{"vtyguardFinding/v1", fingerprint(r, f)}}},
                               {"properties",
                                {{"device", clean(r.device)},
                                 {"hostname", clean(r.hostname)},
                                 {"severity", to_string(f.severity)}}}});
        }
    }

    oj run = {
        {"tool",
         {{"driver", {{"name", "vtyguard"}, {"semanticVersion", VTYGUARD_VERSION}, {"rules", std::move(rules)}}}}}};
    if (!bases.ids.empty()) {
        oj originals = oj::object();
        for (const auto& [folder, id] : bases.ids) {
            std::error_code ec;
            fs::path abs = fs::absolute(fs::path(folder), ec);
            if (ec) continue;
            std::string uri = "file://" + uri_path(clean(abs.lexically_normal().generic_string()));
            if (uri.back() != '/') uri += '/';
            originals[id] = {{"uri", uri}};
        }
        if (!originals.empty()) run["originalUriBaseIds"] = std::move(originals);
    }
    oj invocation = {{"executionSuccessful", true}, {"toolExecutionNotifications", std::move(notifications)}};
    run["invocations"] = oj::array({std::move(invocation)});
    run["results"] = std::move(results);

    oj sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", oj::array({std::move(run)})}};
    return sarif.dump(2, ' ', false, oj::error_handler_t::replace) + "\n";
}

int exit_code(const std::vector<DeviceReport>& reports, const ExitPolicy& p) {
    bool failed = false;
    for (const auto& r : reports) {
        if (is_error(r)) return 3;
        for (const auto& f : r.findings) {
            if (severity_rank(f.severity) < severity_rank(p.fail_on)) continue;
            if (f.verdict == Verdict::fail || (p.fail_on_unknown && f.verdict == Verdict::unknown)) failed = true;
        }
    }
    return failed ? 1 : 0;
}

}  // namespace vtyguard::checks
