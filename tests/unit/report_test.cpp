// Report formats and exit codes (plugin/engine/report.hpp; SPEC sections 9 and 12). The JSON
// Schema and the SARIF validator run on real output in tests/report/validate.py; here the shapes,
// the JUnit structure (parsed back with pugixml), the SARIF locations and fingerprints, the text
// for people and the exit-code contract.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <pugixml.hpp>

#include "plugin/engine/report.hpp"
#include "tests/report/samples.hpp"

namespace fs = std::filesystem;
using namespace vtyguard::checks;
using nlohmann::json;
using vtyguard::report_samples::ev;
using vtyguard::report_samples::finding;
using vtyguard::report_samples::hand_built;

namespace {

const std::string kRoot = "/srv/fleet";

std::set<std::string> keys(const json& j) {
    std::set<std::string> out;
    for (const auto& [k, v] : j.items()) out.insert(k);
    return out;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

DeviceReport clean_device() {
    DeviceReport r;
    r.device = "r1";
    r.platform = "cisco_ios";
    r.findings.push_back(finding("SSH-001", Verdict::pass, Severity::critical, "enabled", {}));
    return r;
}

// ---- JSON -----------------------------------------------------------------------------------

TEST(ReportJson, TopLevelAndDeviceShape) {
    const auto reports = hand_built(kRoot);
    const json j = report_json(reports);
    EXPECT_EQ(keys(j), (std::set<std::string>{"schema_version", "devices"}));
    EXPECT_EQ(j["schema_version"], kSchemaVersion);
    ASSERT_EQ(j["devices"].size(), reports.size());

    const std::set<std::string> spec = {"device", "hostname", "platform",     "address",
                                        "status", "probe",    "likely_cause", "findings"};
    const std::set<std::string> additions = {"error", "diagnostics", "plan"};
    for (const auto& d : j["devices"]) {
        const auto k = keys(d);
        for (const auto& s : spec) EXPECT_TRUE(k.count(s)) << d["device"] << " lacks " << s;
        for (const auto& s : k) EXPECT_TRUE(spec.count(s) || additions.count(s)) << "unexpected key " << s;
    }

    const json& edge = j["devices"][0];
    EXPECT_EQ(edge["device"], "edge-r1");
    EXPECT_EQ(edge["status"], "audited");
    EXPECT_FALSE(edge.contains("error"));
    EXPECT_EQ(edge["likely_cause"], json({"SSH-007", "SSH-013"}));
    EXPECT_EQ(edge["probe"]["banner"], "SSH-2.0-Cisco-1.25");
    EXPECT_EQ(edge["diagnostics"].size(), 1u);
    EXPECT_EQ(keys(edge["plan"]),
              (std::set<std::string>{"fix", "runbook", "rollback", "verified", "withheld", "secrets"}));
    EXPECT_EQ(edge["plan"]["secrets"], json({"{SECRET}"}));

    const json& core = j["devices"][1];
    EXPECT_TRUE(core["address"].is_null()) << "an unknown address is null, not an empty string";
    EXPECT_TRUE(core["probe"].is_null());
    EXPECT_FALSE(core.contains("plan")) << "no plan when nothing was planned";
    EXPECT_FALSE(core.contains("diagnostics"));

    const json& nx = j["devices"][2];
    EXPECT_EQ(nx["status"], "error");
    EXPECT_EQ(nx["error"], kRoot + "/nx1.cfg: NX-OS configuration: platform not supported");
    EXPECT_TRUE(nx["platform"].is_null());
    EXPECT_TRUE(nx["findings"].empty());
}

TEST(ReportJson, FindingShape) {
    const json j = report_json(hand_built(kRoot));
    const json& findings = j["devices"][0]["findings"];
    const std::set<std::string> spec = {"check", "verdict", "severity", "reason", "evidence", "fix"};
    for (const auto& f : findings) {
        const auto k = keys(f);
        for (const auto& s : spec) EXPECT_TRUE(k.count(s)) << f["check"] << " lacks " << s;
        for (const auto& s : k) EXPECT_TRUE(spec.count(s) || s == "acl" || s == "message") << s;
        for (const auto& e : f["evidence"])
            EXPECT_EQ(keys(e), (std::set<std::string>{"command", "line", "text", "file"}));
    }
    const json& pass = findings[0];
    EXPECT_EQ(pass["check"], "SSH-001");
    EXPECT_EQ(pass["verdict"], "pass");
    EXPECT_EQ(pass["severity"], "critical");
    EXPECT_TRUE(pass["fix"].is_null());

    const json& acl = findings[1];
    EXPECT_EQ(acl["verdict"], "fail");
    EXPECT_EQ(acl["evidence"][1]["line"], 3);
    EXPECT_EQ(acl["evidence"][1]["file"], kRoot + "/edge-r1/show_access-lists.txt");
    EXPECT_EQ(keys(acl["fix"]), (std::set<std::string>{"plan", "runbook", "rollback", "verified", "would_lock_out"}));
    EXPECT_EQ(acl["fix"]["verified"], true);
    EXPECT_EQ(acl["fix"]["would_lock_out"], false);
    ASSERT_EQ(acl["acl"].size(), 1u);
    EXPECT_EQ(acl["acl"][0]["acl"], "VTY-IN");
    EXPECT_EQ(acl["acl"][0]["source"], "10.20.0.0/16");
    EXPECT_EQ(acl["acl"][0]["deciding"]["line"], 3);
    EXPECT_EQ(acl["acl"][0]["shadowing"][0]["line"], 2);
    EXPECT_TRUE(acl["acl"][0]["uncertain"].empty());

    const json& login = findings[2];
    EXPECT_EQ(login["fix"]["secrets"], json({"{SECRET}"}));
    const json& telnet = findings[3];
    EXPECT_EQ(telnet["fix"]["verified"], false);
    EXPECT_EQ(telnet["fix"]["note"], "SSH-012 gets worse after the fix");

    const json& route = findings[6];
    EXPECT_EQ(route["verdict"], "unknown");
    EXPECT_EQ(route["evidence"][0]["line"], 0);
    EXPECT_TRUE(route["evidence"][0]["file"].is_null());

    const json& core = j["devices"][1]["findings"];
    EXPECT_EQ(core[0]["fix"]["would_lock_out"], true);
    EXPECT_EQ(core[0]["fix"]["plan"], "");
    EXPECT_EQ(core[2]["message"], "install an image with crypto (k9)");
}

TEST(ReportJson, DeviceLineIsTheDeviceOfTheReportAndOneLine) {
    const auto reports = hand_built(kRoot);
    const json all = report_json(reports);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const json line = device_json(reports[i]);
        EXPECT_EQ(line, all["devices"][i]);
        EXPECT_EQ(line.dump().find('\n'), std::string::npos) << "a JSON Lines record spans lines";
    }
}

TEST(ReportJson, InvalidUtf8BecomesReplacementCharacters) {
    const auto reports = hand_built(kRoot);
    const json j = device_json(reports[3]);
    std::string out;
    ASSERT_NO_THROW(out = j.dump()) << "strict serialisation must not meet invalid UTF-8";
    EXPECT_TRUE(valid_utf8(out));
    EXPECT_EQ(j["hostname"], "R\xEF\xBF\xBDseau");
    EXPECT_EQ(j["device"], "lab-sw\xEF\xBF\xBD");
    // Valid control characters stay (JSON escapes them); only the bytes that are not UTF-8 change.
    EXPECT_EQ(j["findings"][0]["reason"], "authentication retries 5 \x1b[31mover\x1b[0m 3\x01");
    EXPECT_EQ(j["findings"][0]["evidence"][0]["text"], "Authentication \xEF\xBF\xBD(retries: 5\x7f\x0b");

    DeviceReport r = clean_device();
    r.probe = {{"result", "open"}, {"banner", "SSH-2.0-\xfe\xff"}};
    EXPECT_EQ(device_json(r)["probe"]["banner"], "SSH-2.0-\xEF\xBF\xBD\xEF\xBF\xBD");
}

// ---- JUnit ----------------------------------------------------------------------------------

std::size_t attr(const pugi::xml_node& n, const char* name) {
    return static_cast<std::size_t>(n.attribute(name).as_ullong(999999));
}

TEST(ReportJunit, SuitesCasesAndCounts) {
    const auto reports = hand_built(kRoot);
    const std::string xml = report_junit(reports);
    pugi::xml_document doc;
    const auto res = doc.load_string(xml.c_str());
    ASSERT_TRUE(res) << res.description() << "\n" << xml;
    const auto root = doc.child("testsuites");
    ASSERT_TRUE(root);
    std::size_t suites = 0, tests = 0, failures = 0, errors = 0, skipped = 0;
    for (auto suite : root.children("testsuite")) {
        const auto& r = reports[suites++];
        EXPECT_EQ(suite.attribute("name").value(), device_json(r)["device"].get<std::string>());
        std::size_t t = 0, f = 0, e = 0, s = 0;
        for (auto tc : suite.children("testcase")) {
            ++t;
            if (tc.child("failure")) ++f;
            if (tc.child("error")) ++e;
            if (tc.child("skipped")) ++s;
        }
        EXPECT_EQ(attr(suite, "tests"), t);
        EXPECT_EQ(attr(suite, "failures"), f);
        EXPECT_EQ(attr(suite, "errors"), e);
        EXPECT_EQ(attr(suite, "skipped"), s);
        if (r.status == "audited") EXPECT_EQ(t, r.findings.size()) << "one testcase per check";
        tests += t;
        failures += f;
        errors += e;
        skipped += s;
    }
    EXPECT_EQ(suites, reports.size());
    EXPECT_EQ(attr(root, "tests"), tests);
    EXPECT_EQ(attr(root, "failures"), failures);
    EXPECT_EQ(attr(root, "errors"), errors);
    EXPECT_EQ(attr(root, "skipped"), skipped);
    EXPECT_EQ(failures, 9u);
    EXPECT_EQ(skipped, 3u);
    EXPECT_EQ(errors, 1u);
}

TEST(ReportJunit, FailureSkippedAndError) {
    const auto reports = hand_built(kRoot);
    pugi::xml_document doc;
    const std::string xml = report_junit(reports);
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    const auto edge = doc.child("testsuites").find_child_by_attribute("testsuite", "name", "edge-r1");
    ASSERT_TRUE(edge);
    EXPECT_STREQ(
        edge.child("properties").find_child_by_attribute("property", "name", "platform").attribute("value").value(),
        "cisco_ios");

    const auto acl = edge.find_child_by_attribute("testcase", "name", "SSH-007");
    ASSERT_TRUE(acl);
    EXPECT_STREQ(acl.attribute("classname").value(), "edge-r1");
    const auto failure = acl.child("failure");
    ASSERT_TRUE(failure);
    EXPECT_STREQ(failure.attribute("message").value(), "access-class VTY-IN on vty 0 4 denies 10.20.0.0/16 at line 20");
    EXPECT_STREQ(failure.attribute("type").value(), "critical");
    const std::string body = failure.text().get();
    EXPECT_NE(body.find("show running-config:57:  access-class VTY-IN in"), std::string::npos) << body;
    EXPECT_NE(body.find("show access-lists:3:     20 deny"), std::string::npos) << body;
    EXPECT_NE(body.find("15 permit 10.20.0.0 0.0.255.255"), std::string::npos) << "the fix is in the body";

    const auto pass = edge.find_child_by_attribute("testcase", "name", "SSH-001");
    ASSERT_TRUE(pass);
    EXPECT_FALSE(pass.first_child()) << "a passing case has no children";

    const auto unknown = edge.find_child_by_attribute("testcase", "name", "SSH-010");
    ASSERT_TRUE(unknown.child("skipped"));
    EXPECT_STREQ(unknown.child("skipped").attribute("message").value(),
                 "unknown: the route back to 10.20.0.0/16 was not collected");
    const auto na = edge.find_child_by_attribute("testcase", "name", "SSH-016");
    EXPECT_EQ(std::string(na.child("skipped").attribute("message").value()).rfind("not_applicable: ", 0), 0u);

    const auto nx = doc.child("testsuites").find_child_by_attribute("testsuite", "name", "nx1");
    ASSERT_TRUE(nx);
    const auto err = nx.child("testcase").child("error");
    ASSERT_TRUE(err);
    EXPECT_NE(std::string(err.attribute("message").value()).find("platform not supported"), std::string::npos);
}

TEST(ReportJunit, DeviceJunkStaysWellFormedXml) {
    const auto reports = hand_built(kRoot);
    const std::string xml = report_junit({reports[3]});
    EXPECT_TRUE(valid_utf8(xml));
    for (unsigned char c : xml) EXPECT_TRUE(c >= 0x20 || c == '\n' || c == '\t' || c == '\r') << int(c);
    EXPECT_EQ(xml.find("&#"), std::string::npos) << "character references to control characters are not XML 1.0";
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    EXPECT_STREQ(doc.child("testsuites").child("testsuite").attribute("name").value(), "lab-sw\xEF\xBF\xBD");
}

// ---- SARIF ----------------------------------------------------------------------------------

json sarif(const std::vector<DeviceReport>& reports) {
    return json::parse(report_sarif(reports));
}

const json* result_for(const json& s, std::string_view device, std::string_view check) {
    for (const auto& r : s["runs"][0]["results"])
        if (r["ruleId"] == check && r["properties"]["device"] == device) return &r;
    return nullptr;
}

TEST(ReportSarif, ToolRulesAndResults) {
    const auto reports = hand_built(kRoot);
    const json s = sarif(reports);
    EXPECT_EQ(s["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    EXPECT_EQ(s["version"], "2.1.0");
    ASSERT_EQ(s["runs"].size(), 1u);
    const json& driver = s["runs"][0]["tool"]["driver"];
    EXPECT_EQ(driver["name"], "vtyguard");

    std::set<std::string> rule_ids;
    const json& rules = driver["rules"];
    for (const auto& r : rules) {
        EXPECT_TRUE(r["shortDescription"]["text"].is_string());
        EXPECT_TRUE(r["defaultConfiguration"]["level"].is_string());
        EXPECT_TRUE(rule_ids.insert(r["id"].get<std::string>()).second) << "duplicate rule " << r["id"];
    }
    for (const auto& c : catalogue()) {
        EXPECT_TRUE(rule_ids.count(std::string(c.id))) << c.id;
        for (const auto& r : rules)
            if (r["id"] == c.id) {
                EXPECT_EQ(r["shortDescription"]["text"], c.title);
                EXPECT_EQ(r["defaultConfiguration"]["level"], c.severity >= Severity::high     ? "error"
                                                              : c.severity == Severity::medium ? "warning"
                                                                                               : "note");
            }
    }

    std::size_t failing = 0;
    for (const auto& r : reports)
        for (const auto& f : r.findings) failing += f.verdict == Verdict::fail;
    const json& results = s["runs"][0]["results"];
    EXPECT_EQ(results.size(), failing) << "one result per failing finding";
    for (const auto& r : results) {
        ASSERT_TRUE(rule_ids.count(r["ruleId"].get<std::string>())) << r["ruleId"];
        EXPECT_EQ(rules[r["ruleIndex"].get<std::size_t>()]["id"], r["ruleId"]);
        EXPECT_FALSE(r["locations"].empty()) << r["ruleId"];
    }

    const json* acl = result_for(s, "edge-r1", "SSH-007");
    ASSERT_TRUE(acl);
    EXPECT_EQ((*acl)["level"], "error");
    const std::string msg = (*acl)["message"]["text"];
    EXPECT_EQ(msg.rfind("access-class VTY-IN on vty 0 4 denies 10.20.0.0/16 at line 20", 0), 0u) << msg;
    EXPECT_NE(msg.find("15 permit 10.20.0.0 0.0.255.255"), std::string::npos) << "the fix is in the message";
    EXPECT_EQ((*result_for(s, "edge-r1", "SSH-106"))["level"], "warning");
    EXPECT_EQ((*result_for(s, "edge-r1", "SSH-111"))["level"], "note");
    EXPECT_EQ((*result_for(s, "edge-r1", "SSH-103"))["level"], "error");
    EXPECT_EQ(result_for(s, "edge-r1", "SSH-010"), nullptr) << "unknown is no result";

    const json& notes = s["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0]["level"], "error");
    EXPECT_NE(notes[0]["message"]["text"].get<std::string>().find("nx1"), std::string::npos);
}

TEST(ReportSarif, LocationsAreRelativeToTheAuditedFolder) {
    const json s = sarif(hand_built(kRoot));
    EXPECT_EQ(s["runs"][0]["originalUriBaseIds"]["AUDITDIR"]["uri"], "file://" + kRoot + "/");

    const json& acl = *result_for(s, "edge-r1", "SSH-007");
    ASSERT_EQ(acl["locations"].size(), 2u);
    const json& first = acl["locations"][0]["physicalLocation"];
    EXPECT_EQ(first["artifactLocation"]["uri"], "edge-r1/show_running-config.txt");
    EXPECT_EQ(first["artifactLocation"]["uriBaseId"], "AUDITDIR");
    EXPECT_EQ(first["region"]["startLine"], 57);
    EXPECT_EQ(first["region"]["snippet"]["text"], " access-class VTY-IN in");
    EXPECT_EQ(acl["locations"][1]["physicalLocation"]["artifactLocation"]["uri"], "edge-r1/show_access-lists.txt");

    // Line 0 means the whole output: the file, no region.
    const json& block = *result_for(s, "edge-r1", "SSH-111");
    EXPECT_FALSE(block["locations"][0]["physicalLocation"].contains("region"));

    // A backup: the backup file and its config line, also when the evidence names only the command.
    const json& v1 = *result_for(s, "core1", "SSH-101");
    EXPECT_EQ(v1["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "core1.cfg");
    EXPECT_EQ(v1["locations"][0]["physicalLocation"]["region"]["startLine"], 42);
    EXPECT_NE(v1["message"]["text"].get<std::string>().find("withheld"), std::string::npos);

    // No file at all (live evidence): the device as a logical location.
    const json& retries = *result_for(s, "lab-sw\xEF\xBF\xBD", "SSH-108");
    EXPECT_EQ(retries["locations"][0]["logicalLocations"][0]["name"], "lab-sw\xEF\xBF\xBD");
}

TEST(ReportSarif, UrisArePercentEncoded) {
    DeviceReport r = clean_device();
    r.device = "core 2";
    r.evidence.name = "core 2";
    r.evidence.config_backup = true;
    r.findings.push_back(finding("SSH-101", Verdict::fail, Severity::high, "v1",
                                 {ev("show running-config", 3, "ip ssh version 1", "/srv/my backups/core 2#1.cfg")}));
    const json s = sarif({r});
    EXPECT_EQ(s["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              "core%202%231.cfg");
    EXPECT_EQ(s["runs"][0]["originalUriBaseIds"]["AUDITDIR"]["uri"], "file:///srv/my%20backups/");
}

std::string fp(const DeviceReport& r) {
    const json s = sarif({r});
    return s["runs"][0]["results"][0]["partialFingerprints"]["vtyguardFinding/v1"];
}

TEST(ReportSarif, FingerprintsIgnoreLineNumbersAndCounters) {
    auto make = [](std::string device, std::size_t line, std::string text) {
        DeviceReport r = clean_device();
        r.device = std::move(device);
        r.findings.push_back(finding("SSH-007", Verdict::fail, Severity::critical, "denied at line 20",
                                     {ev("show access-lists", line, std::move(text), "/x/r1/show_access-lists.txt")}));
        return r;
    };
    const std::string base = fp(make("r1", 3, "    20 deny   10.0.0.0, wildcard bits 0.255.255.255 (12 matches)"));
    EXPECT_EQ(base.size(), 32u);
    EXPECT_EQ(base, fp(make("r1", 3, "    20 deny   10.0.0.0, wildcard bits 0.255.255.255 (12 matches)")))
        << "not stable across runs";
    EXPECT_EQ(base, fp(make("r1", 9, "    20 deny   10.0.0.0, wildcard bits 0.255.255.255 (40 matches)")))
        << "moved line or new counter changed the fingerprint";
    EXPECT_NE(base, fp(make("r1", 3, "    20 deny   10.0.0.0, wildcard bits 0.255.0.255 (12 matches)")));
    EXPECT_NE(base, fp(make("r2", 3, "    20 deny   10.0.0.0, wildcard bits 0.255.255.255 (12 matches)")));

    DeviceReport other = make("r1", 3, "    20 deny   10.0.0.0, wildcard bits 0.255.255.255 (12 matches)");
    other.findings.back().check = "SSH-010";
    EXPECT_NE(base, fp(other));
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string file_line(const fs::path& file, std::size_t n) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    for (std::size_t i = 0; i < n && std::getline(in, line); ++i) {
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    return line;
}

// Audits of real device folders and backups (the sample fleet and tests/backups; the ctest
// validators also run tests/devices): every location must name an existing file under the audited
// folder, and every region's line of that file must be the evidence line.
TEST(ReportSarif, RealAuditsCiteTheLinesOfTheirFiles) {
    std::vector<DeviceReport> reports;
    const fs::path devices = VTYGUARD_DEVICES_DIR;
    for (const fs::path& dir : {fs::path(VTYGUARD_LAB_CAPTURES_DIR), devices.parent_path() / "backups"})
        if (fs::exists(dir))
            for (auto& r : vtyguard::report_samples::audited(dir.string())) reports.push_back(std::move(r));
    if (reports.empty()) GTEST_SKIP() << "no device folders or backups";
    const json s = sarif(reports);
    const json& run = s["runs"][0];
    std::size_t regions = 0, backups = 0;
    for (const auto& r : run["results"]) {
        const std::string device = r["properties"]["device"];
        for (const auto& loc : r["locations"]) {
            if (!loc.contains("physicalLocation")) continue;
            const json& art = loc["physicalLocation"]["artifactLocation"];
            const std::string base = run["originalUriBaseIds"][art["uriBaseId"].get<std::string>()]["uri"];
            ASSERT_EQ(base.rfind("file://", 0), 0u) << base;
            const fs::path file =
                fs::path(percent_decode(base.substr(7))) / percent_decode(art["uri"].get<std::string>());
            ASSERT_TRUE(fs::is_regular_file(file)) << file << " cited for " << device;
            const std::string uri = art["uri"];
            if (file.extension() == ".cfg") {
                EXPECT_EQ(uri.find('/'), std::string::npos) << "a backup is named relative to its folder: " << uri;
                EXPECT_EQ(file.stem().string(), device);
                ++backups;
            } else {
                EXPECT_EQ(uri.rfind(device + "/", 0), 0u) << uri << " is not in the folder of " << device;
            }
            if (!loc["physicalLocation"].contains("region")) continue;
            const json& region = loc["physicalLocation"]["region"];
            const std::size_t line = region["startLine"];
            EXPECT_GT(line, 0u);
            if (region.contains("snippet")) {
                std::string want = region["snippet"]["text"];
                while (!want.empty() && (want.back() == ' ' || want.back() == '\t')) want.pop_back();
                EXPECT_EQ(file_line(file, line), want) << file << ":" << line << " (" << r["ruleId"] << ")";
            }
            ++regions;
        }
    }
    EXPECT_GT(regions, 0u) << "no result of a real audit points at a line";
    if (fs::exists(devices.parent_path() / "backups")) EXPECT_GT(backups, 0u) << "no result points into a backup";
}

// ---- text -----------------------------------------------------------------------------------

TEST(ReportText, HeaderCauseFailuresUnknownsSummary) {
    const auto reports = hand_built(kRoot);
    const std::string out = report_text(reports, false);
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << "colour when not asked, or device text let through";
    EXPECT_NE(out.find("edge-r1  hostname edge-r1, platform cisco_ios, address 192.0.2.1, status audited"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("likely cause: SSH-007 (access-class VTY-IN"), std::string::npos) << out;
    EXPECT_NE(out.find("show access-lists:3:     20 deny"), std::string::npos);
    EXPECT_NE(out.find("show ip route 10.20.0.1"), std::string::npos) << "line 0 evidence names the command";

    // Failing findings most severe first, then the unknowns.
    const auto critical = out.find("FAIL critical  SSH-007");
    const auto high = out.find("FAIL high  SSH-103");
    const auto medium = out.find("FAIL medium  SSH-106");
    const auto low = out.find("FAIL low  SSH-111");
    const auto unknown = out.find("UNKNOWN  SSH-010");
    ASSERT_NE(critical, std::string::npos) << out;
    EXPECT_LT(critical, high);
    EXPECT_LT(high, medium);
    EXPECT_LT(medium, low);
    EXPECT_LT(low, unknown);
    EXPECT_LT(unknown, out.find("nx1  hostname"));
    EXPECT_EQ(out.find("SSH-001"), std::string::npos) << "passing checks are not listed";

    EXPECT_NE(out.find("5 fail (2 critical, 1 high, 1 medium, 1 low), 2 unknown, 2 pass, 1 not applicable"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("could not be audited: " + kRoot + "/nx1.cfg: NX-OS"), std::string::npos);
    EXPECT_NE(out.find("4 devices: 3 audited (3 with failing checks), 1 could not be audited; 9 failing findings, 2 "
                       "unknown"),
              std::string::npos)
        << out;
}

TEST(ReportText, ColourOnlyWhenAsked) {
    const auto reports = hand_built(kRoot);
    const std::string coloured = report_text(reports, true);
    EXPECT_NE(coloured.find("\x1b[1;31mFAIL critical\x1b[0m"), std::string::npos);
    // The device's own escape sequence never reaches the terminal, coloured or not.
    EXPECT_EQ(coloured.find("\x1b[31mover"), std::string::npos);
    EXPECT_TRUE(valid_utf8(coloured));
    const std::string plain = report_text({reports[3]}, false);
    EXPECT_NE(plain.find("authentication retries 5 \xEF\xBF\xBD[31mover\xEF\xBF\xBD[0m 3\xEF\xBF\xBD"),
              std::string::npos)
        << plain;
}

// ---- exit codes -----------------------------------------------------------------------------

DeviceReport with(Verdict v, Severity s) {
    DeviceReport r = clean_device();
    r.findings.push_back(finding("SSH-106", v, s, "x", {}));
    return r;
}

TEST(ReportExitCode, Contract) {
    const ExitPolicy standard;
    EXPECT_EQ(exit_code({}, standard), 0);
    EXPECT_EQ(exit_code({clean_device()}, standard), 0);
    EXPECT_EQ(exit_code({with(Verdict::fail, Severity::high)}, standard), 1);
    EXPECT_EQ(exit_code({with(Verdict::fail, Severity::critical)}, standard), 1);
    EXPECT_EQ(exit_code({with(Verdict::fail, Severity::medium)}, standard), 0) << "below the default `high`";
    EXPECT_EQ(exit_code({with(Verdict::not_applicable, Severity::critical)}, standard), 0);
    EXPECT_EQ(exit_code({with(Verdict::pass, Severity::critical)}, standard), 0);
}

TEST(ReportExitCode, FailOnThreshold) {
    for (auto threshold : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical}) {
        for (auto s : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical}) {
            const int want = s >= threshold ? 1 : 0;
            EXPECT_EQ(exit_code({with(Verdict::fail, s)}, ExitPolicy{threshold, false}), want)
                << "fail_on " << to_string(threshold) << ", finding " << to_string(s);
        }
    }
}

TEST(ReportExitCode, UnknownCountsOnlyWhenAsked) {
    EXPECT_EQ(exit_code({with(Verdict::unknown, Severity::critical)}, ExitPolicy{}), 0);
    EXPECT_EQ(exit_code({with(Verdict::unknown, Severity::critical)}, ExitPolicy{Severity::high, true}), 1);
    EXPECT_EQ(exit_code({with(Verdict::unknown, Severity::low)}, ExitPolicy{Severity::high, true}), 0)
        << "an unknown below fail_on does not count";
    EXPECT_EQ(exit_code({with(Verdict::unknown, Severity::low)}, ExitPolicy{Severity::low, true}), 1);
}

TEST(ReportExitCode, DeviceNotAuditedWinsOverFindings) {
    DeviceReport err;
    err.device = "nx1";
    err.status = "error";
    err.error = "unsupported";
    EXPECT_EQ(exit_code({err}, ExitPolicy{}), 3);
    EXPECT_EQ(exit_code({with(Verdict::fail, Severity::critical), err}, ExitPolicy{}), 3);
    EXPECT_EQ(exit_code({err, with(Verdict::fail, Severity::critical)}, ExitPolicy{}), 3);
    EXPECT_EQ(exit_code(hand_built(kRoot), ExitPolicy{}), 3);
}

}  // namespace
