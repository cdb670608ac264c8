// A lab fleet file (YAML, format in the lab contract): the devices the lab serves, the OpenSSH jump
// hosts in front of some of them, and what the inventory hands to clients for each device.
//
// Contract:
//  - Paths in the file (device `config`) are relative to the fleet file's directory.
//  - `defaults` may hold any device key; a device's own keys override them key by key (so one
//    fault in a device keeps the other faults of `defaults`).
//  - `generate` blocks expand to `count` devices: `name` gets {n} (1..count, zero-padded to the
//    width of count), addresses count up from `address_from`, and the config file's text gets
//    {n}, {hostname} (the device name) and {address} substituted.
//  - Every error is one line "FILE:LINE: KEY: what is wrong" (LINE 1-based, from the YAML mark of
//    the offending key or value); unknown keys, duplicate keys, duplicate device names or
//    addresses, addresses outside 127.0.0.0/8, unknown `behind`/`via` names and `via` cycles are
//    errors.
//  - Library code: never prints, never throws to the caller.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/sim/device.hpp"

namespace vtyguard::lab {

struct JumpHostSpec {
    std::string name;
    std::string address;     // loopback address sshd listens on
    std::uint16_t port = 0;  // 0: a free port picked at start
    std::string via;         // jump host this one is reached through (empty: directly)
};

struct FleetDevice {
    DeviceSpec spec;                    // what the simulator serves (spec.config holds the config text)
    std::filesystem::path config_path;  // where spec.config was read from
    std::string username;               // credentials the inventory gives clients
    std::string password;
    std::string enable;                              // enable secret for clients (also spec.enable_secret)
    std::string behind;                              // jump host the device is reached through (empty: directly)
    std::optional<std::vector<std::string>> expect;  // checks expected to fail (scenario tests)
    std::string source;                              // client source address to use for it (empty: any)
};

struct FleetFile {
    std::filesystem::path path;
    std::vector<JumpHostSpec> jump_hosts;  // in file order; a `via` may name a later entry
    std::vector<FleetDevice> devices;      // in file order, generated devices where their block is

    const JumpHostSpec* jump_host(std::string_view name) const;
    // The jump hosts a client passes through to reach `device`, outermost first (empty: direct).
    std::vector<const JumpHostSpec*> jump_chain(const FleetDevice& device) const;
    // The chain to reach jump host `name` itself, outermost first, ending with it.
    std::vector<const JumpHostSpec*> jump_chain(std::string_view name) const;
};

// Reads and validates the fleet file; nullopt and `error` on the first problem.
std::optional<FleetFile> load_fleet_file(const std::filesystem::path& path, std::string& error);

// The same from YAML text; `path` names the file in errors and anchors relative config paths.
std::optional<FleetFile> parse_fleet(std::string_view yaml, const std::filesystem::path& path, std::string& error);

}  // namespace vtyguard::lab
