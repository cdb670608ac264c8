// The lab's own fleet loader (lab/fleet/fleet_file.hpp, what `vtyguard-lab up` reads) accepts every
// fleet of lab/fleets and reads from it what the scenario tests read with their own small reader,
// so the devices the tests prove are the devices the lab serves.
#include <gtest/gtest.h>

#include "lab/fleet/fleet_file.hpp"
#include "tests/lab/scenarios_support.hpp"

namespace vtyguard::lab::scenarios {
namespace {

const fs::path kFleets = VTYGUARD_LAB_FLEETS_DIR;

TEST(ScenarioFleets, TheLabLoadsEveryFleetAsTheTestsReadIt) {
    for (const char* name : {"scenarios.yaml", "faults.yaml", "load.yaml", "bench.yaml"}) {
        SCOPED_TRACE(name);
        std::string error;
        const auto lab = load_fleet_file(kFleets / name, error);
        ASSERT_TRUE(lab) << error;
        const auto mine = read_fleet(kFleets / name);
        ASSERT_EQ(lab->devices.size(), mine.size());
        for (std::size_t i = 0; i < mine.size(); ++i) {
            const auto& a = lab->devices[i];
            const auto& b = mine[i];
            SCOPED_TRACE(b.name);
            EXPECT_EQ(a.spec.name, b.name);
            EXPECT_EQ(personality_key(a.spec.personality), b.platform);
            EXPECT_EQ(a.spec.address, b.address);
            EXPECT_EQ(a.spec.config, b.config_text);
            EXPECT_EQ(a.spec.version, b.version);
            EXPECT_EQ(a.spec.ssh_port, b.ssh_port);
            EXPECT_EQ(a.spec.legacy_crypto, b.legacy_crypto);
            EXPECT_EQ(a.expect.has_value(), b.has_expect);
            if (a.expect) {
                EXPECT_EQ(*a.expect, b.expect);
            }
            EXPECT_EQ(a.source, b.source);
        }
    }
}

}  // namespace
}  // namespace vtyguard::lab::scenarios
