// Loading a device case of tests/devices/ (device_fixtures_test.cpp), shared by the suites that
// audit the cases.
#pragma once

#include <filesystem>
#include <string>

#include "plugin/engine/audit.hpp"

// A case folder as `vtyguard audit --from` would read it; Linux jump hosts (tests/devices/linux/)
// as the live runner hands their captures over.
bool load_case(const std::filesystem::path& dir, vtyguard::checks::DeviceEvidence& ev, std::string& error);
