// Device fixtures (issue 3, item 9): tests/devices/<platform>/<case>/ holds a device's captures,
// named by command slug as `vtyguard audit --from` reads them, its meta.yaml, a policy.yaml for the
// case (optional) and expected.yaml:
//
//   checks:            # check id -> verdict the audit must give
//     SSH-007: fail
//   likely_cause: SSH-007   # optional: the top-ranked cause
//
// One parameterised test runs the audit on every case and compares.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/checks.hpp"
#include "tests/unit/device_cases.hpp"

namespace fs = std::filesystem;
using namespace vtyguard::checks;

namespace {

std::vector<std::string> cases() {
    std::vector<std::string> out;
    const fs::path root = VTYGUARD_DEVICES_DIR;
    if (!fs::exists(root)) return out;
    for (const auto& p : fs::recursive_directory_iterator(root))
        if (p.is_regular_file() && p.path().filename() == "expected.yaml")
            out.push_back(fs::relative(p.path().parent_path(), root).string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

// Linux jump hosts are audited live: the runner hands their captures over as a CaptureSet with the
// platform set. Their device folders are loaded that way (meta.yaml read here), the same parse
// and merge as load_device, which reads `platform: linux` from meta.yaml only once audit.cpp's
// platform names include it.
bool load_case(const fs::path& dir, DeviceEvidence& ev, std::string& error) {
    if (dir.parent_path().filename() != "linux") return load_device(dir.string(), ev, error);
    CaptureSet set;
    set.name = dir.filename().string();
    set.where = dir.string();
    set.platform = "linux";
    if (fs::exists(dir / "meta.yaml")) {
        const YAML::Node meta = YAML::LoadFile((dir / "meta.yaml").string());
        if (meta["address"]) set.address = meta["address"].as<std::string>();
        if (meta["hostname"]) set.hostname = meta["hostname"].as<std::string>();
    }
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".txt") continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        set.captures.push_back(
            CaptureText{command_for_capture(e.path().stem().string(), text.str()), text.str(), e.path().string()});
    }
    return load_captures(std::move(set), ev, error);
}

namespace {

class DeviceFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(DeviceFixture, VerdictsMatchExpected) {
    const fs::path dir = fs::path(VTYGUARD_DEVICES_DIR) / GetParam();
    DeviceEvidence ev;
    std::string error;
    ASSERT_TRUE(load_case(dir, ev, error)) << error;
    for (const auto& c : ev.captures)
        for (const auto& d : c.diagnostics)
            ADD_FAILURE() << c.file << ":" << d.line << ": fixture line not understood: " << d.text << " (" << d.message
                          << ")";
    Policy policy;
    if (fs::exists(dir / "policy.yaml"))
        ASSERT_TRUE(load_policy((dir / "policy.yaml").string(), policy, error)) << error;
    const auto findings = run_checks(ev, policy);
    const YAML::Node expected = YAML::LoadFile((dir / "expected.yaml").string());
    ASSERT_TRUE(expected["checks"] && expected["checks"].IsMap()) << dir << ": expected.yaml needs `checks`";
    for (const auto& kv : expected["checks"]) {
        const auto id = kv.first.as<std::string>();
        const auto want = kv.second.as<std::string>();
        auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.check == id; });
        ASSERT_NE(it, findings.end()) << id << " did not run on " << GetParam();
        EXPECT_EQ(to_string(it->verdict), want) << GetParam() << " " << id << ": " << it->reason;
        if (it->verdict == Verdict::fail || it->verdict == Verdict::unknown)
            EXPECT_FALSE(it->reason.empty()) << GetParam() << " " << id << " gives no reason";
    }
    if (expected["likely_cause"]) {
        const auto causes = likely_causes(findings);
        ASSERT_FALSE(causes.empty()) << GetParam() << ": no likely cause";
        EXPECT_EQ(causes.front()->check, expected["likely_cause"].as<std::string>()) << GetParam();
    }
}

INSTANTIATE_TEST_SUITE_P(Devices, DeviceFixture, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                             std::string n = i.param;
                             for (auto& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DeviceFixture);

}  // namespace

namespace {

// The catalogue is CHECKS.md sections A, B and C, id for id (NET-001 needs live collection).
TEST(Catalogue, MatchesChecksMd) {
    const fs::path md = fs::path(VTYGUARD_DEVICES_DIR) / ".." / ".." / ".." / "shared" / "CHECKS.md";
    if (!fs::exists(md)) GTEST_SKIP() << "../shared/CHECKS.md not present";
    std::ifstream in(md);
    std::set<std::string> documented;
    char section = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("## ", 0) == 0) section = line.size() > 3 ? line[3] : 0;
        if ((section == 'A' || section == 'B' || section == 'C') && line.rfind("| ", 0) == 0) {
            const auto id = line.substr(2, line.find(' ', 2) - 2);
            if (id.size() == 7 && id[3] == '-' && id != "NET-001") documented.insert(id);
        }
    }
    std::set<std::string> implemented;
    for (const auto& c : catalogue()) implemented.insert(std::string(c.id));
    EXPECT_EQ(implemented, documented);
    EXPECT_EQ(documented.size(), 48u);
}

// Every check has at least one device fixture where it passes and one where it fails.
TEST(Catalogue, EveryCheckHasPassingAndFailingDevices) {
    std::map<std::string, std::set<std::string>> seen;
    for (const auto& c : cases()) {
        const YAML::Node expected =
            YAML::LoadFile((fs::path(VTYGUARD_DEVICES_DIR) / c / "expected.yaml").string())["checks"];
        for (const auto& kv : expected) seen[kv.first.as<std::string>()].insert(kv.second.as<std::string>());
    }
    for (const auto& c : catalogue()) {
        const auto& verdicts = seen[std::string(c.id)];
        EXPECT_TRUE(verdicts.count("pass")) << c.id << " has no passing device fixture";
        EXPECT_TRUE(verdicts.count("fail")) << c.id << " has no failing device fixture";
    }
}

}  // namespace
