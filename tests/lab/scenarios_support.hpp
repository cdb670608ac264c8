// Shared by the scenario tests (scenarios_test.cpp: captures from the simulator;
// scenarios_config_test.cpp: the configs alone): the fleet files of lab/fleets read as far as these
// tests need them, the `vtyguard audit --from` layout (SPEC section 12), and the product run on it.
//
// Contract:
//  - read_fleet reads the fleet format of the lab contract (defaults merged into each device;
//    `generate` entries expanded); it throws std::runtime_error naming the file for anything it
//    cannot read, so a broken fleet file fails the test that loads it.
//  - Check ids are classified by CHECKS.md's numbering: section A is SSH-0xx (but SSH-008 and
//    SSH-018), NET-001 and ASA-0xx; section B is SSH-008, SSH-018, SSH-1xx and ASA-1xx.
//  - run_audit runs the product's CLI (the path in VTYGUARD_CLI) and returns its JSON report; a run
//    that exits with a usage or device error (2, 3) or writes no report throws with its output.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"

namespace vtyguard::lab::scenarios {

namespace fs = std::filesystem;

struct FleetDevice {
    std::string name;
    std::string platform;  // cisco_ios, cisco_asa
    std::string address;
    fs::path config;  // absolute
    std::string config_text;
    std::string version, model;
    std::string username, password, enable;
    std::uint16_t ssh_port = 22;
    std::uint16_t telnet_port = 0;
    bool legacy_crypto = false;
    bool crypto_image = true;
    std::string source;  // NOC address a client uses to meet the device's refusal
    bool has_expect = false;
    std::vector<std::string> expect;  // first: the most likely cause
};

std::vector<FleetDevice> read_fleet(const fs::path& file);

// The lab's audit policy, or the device's own `<config dir>/<name>.policy.yaml` when it has one.
fs::path policy_for(const FleetDevice& d, const fs::path& lab_policy);
// management_sources of a policy file, as written.
std::vector<std::string> management_sources(const fs::path& policy);

// SPEC section 12: lowercase, each run of characters outside [a-z0-9-] becomes one `_`, no `_` at
// either end.
std::string command_slug(const std::string& command);

char section_of(const std::string& check);

std::string read_text(const fs::path& p);
void write_text(const fs::path& p, const std::string& text);

// A fresh empty folder under the system temp folder, removed by the destructor unless
// VTYGUARD_SCENARIOS_KEEP is set.
struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("vtyguard-scenarios", "VTYGUARD_SCENARIOS_KEEP") {}
};

// `vtyguard audit --from DIR --policy POLICY --format json`; the devices of the report by name.
std::map<std::string, nlohmann::json> run_audit(const fs::path& dir, const fs::path& policy);

// The checks of a report device with verdict `fail`, and the ones of one section.
std::set<std::string> failing(const nlohmann::json& device);
std::set<std::string> of_section(const std::set<std::string>& checks, char section);
std::set<std::string> of_section(const std::vector<std::string>& checks, char section);
// `SSH-007 (critical): reason` for every failing finding, one per line, for failure messages.
std::string describe_failures(const nlohmann::json& device);
std::string join(const std::set<std::string>& s);

}  // namespace vtyguard::lab::scenarios
