// The lab's configs judged from the configs alone, without the simulator: each config is audited
// as a configuration backup (`vtyguard audit --from DIR`, DIR/<device>.cfg; README "Configuration
// backups"), which gives what a running-config states and leaves the rest (`show ip ssh`, keys,
// routes that are not connected) `unknown`. So a scenario's own cause must fail or stay unknown,
// never pass, and no other section-A check may fail: a config that broke something else would
// blame the wrong cause. The healthy devices, the faults fleet and the load template must show no
// section-A failure at all.
#include <gtest/gtest.h>

#include "tests/lab/scenarios_support.hpp"

namespace vtyguard::lab::scenarios {
namespace {

const fs::path kFleets = VTYGUARD_LAB_FLEETS_DIR;

// One backup audit of `devices`, grouped by the policy each is audited with; policy `targets`
// give each backup its address (a backup states none).
std::map<std::string, nlohmann::json> audit_backups(const std::vector<FleetDevice>& devices) {
    std::map<fs::path, std::vector<const FleetDevice*>> groups;
    for (const auto& d : devices) groups[policy_for(d, kFleets / "policy.yaml")].push_back(&d);
    std::map<std::string, nlohmann::json> out;
    for (const auto& [policy, members] : groups) {
        TempDir tmp;
        const fs::path dir = tmp.path() / "backups";
        fs::create_directory(dir);
        std::string targets = "\ntargets:\n";
        for (const auto* d : members) {
            write_text(dir / (d->name + ".cfg"), d->config_text);
            targets += "  " + d->name + ": " + d->address + "\n";
        }
        write_text(tmp.path() / "policy.yaml", read_text(policy) + targets);
        for (auto& [name, report] : run_audit(dir, tmp.path() / "policy.yaml")) out[name] = report;
    }
    return out;
}

TEST(ScenarioConfigs, EachCauseFailsOrIsUnknownAndNothingElseInSectionAFails) {
    const auto fleet = read_fleet(kFleets / "scenarios.yaml");
    ASSERT_FALSE(fleet.empty());
    const auto reports = audit_backups(fleet);
    for (const auto& d : fleet) {
        SCOPED_TRACE(d.name + " (" + d.config.string() + ")");
        ASSERT_TRUE(d.has_expect) << "every scenario device states `expect`";
        ASSERT_TRUE(reports.count(d.name)) << "not in the report";
        const auto& r = reports.at(d.name);
        ASSERT_EQ(r.at("status"), "audited") << r.dump(2);
        const auto expected_a = of_section(d.expect, 'A');
        const auto failing_a = of_section(failing(r), 'A');
        for (const auto& c : failing_a)
            EXPECT_TRUE(expected_a.count(c)) << c << " fails from the config alone but is not expected:\n"
                                             << describe_failures(r);
        for (const auto& c : d.expect) {
            bool seen = false;
            for (const auto& f : r.at("findings")) {
                if (f.at("check") != c) continue;
                seen = true;
                EXPECT_TRUE(f.at("verdict") == "fail" || f.at("verdict") == "unknown")
                    << c << " is expected to fail but the config alone says " << f.at("verdict") << ": "
                    << f.at("reason");
            }
            EXPECT_TRUE(seen) << c << " is not in the report";
        }
    }
}

TEST(ScenarioConfigs, FaultLoadAndBenchFleetsHaveNoSectionAFailure) {
    auto devices = read_fleet(kFleets / "faults.yaml");
    const auto load = read_fleet(kFleets / "load.yaml");
    ASSERT_EQ(load.size(), 1000u);
    // The load devices differ only by the substituted hostname and address: the first and the
    // last stand for all of them.
    devices.push_back(load.front());
    devices.push_back(load.back());
    // The benchmark fleet (lab/bench/fleet.py) is the same switch on its own addresses.
    const auto bench = read_fleet(kFleets / "bench.yaml");
    ASSERT_EQ(bench.size(), 1000u);
    devices.push_back(bench.front());
    devices.push_back(bench.back());
    const auto reports = audit_backups(devices);
    for (const auto& d : devices) {
        SCOPED_TRACE(d.name);
        ASSERT_TRUE(reports.count(d.name));
        const auto& r = reports.at(d.name);
        ASSERT_EQ(r.at("status"), "audited") << r.dump(2);
        EXPECT_EQ(join(of_section(failing(r), 'A')), "[]") << describe_failures(r);
        EXPECT_EQ(r.at("hostname"), d.name) << "the config names another host";
    }
}

}  // namespace
}  // namespace vtyguard::lab::scenarios
