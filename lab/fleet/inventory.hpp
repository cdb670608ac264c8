// What clients need to reach a running lab fleet: an Ansible INI inventory (SPEC section 8's
// format, which vtyguard and Ansible both read) and an OpenSSH client config, so that `ssh -F` and
// any tool that takes an inventory reach every device, through its jump hosts where it has them.
//
// Contract:
//  - INI: groups `cisco_ios` and `cisco_asa`; every host line carries all its variables itself
//    (ansible_host, ansible_port, ansible_user, ansible_password, ansible_become_password with
//    ansible_become/ansible_become_method=enable, ansible_network_os, ansible_connection), so a
//    reader that ignores `[group:vars]` sections still gets everything. Empty credentials are
//    left out.
//  - A device behind jump hosts gets `ansible_ssh_common_args` with a ProxyCommand (`ssh -W`)
//    chain that carries the jump hosts' key itself (-i, nested ProxyCommand for each further hop,
//    fixed hop targets so no %-token is nested), plus StrictHostKeyChecking=no and
//    UserKnownHostsFile=/dev/null. ProxyCommand rather than ProxyJump because OpenSSH does not
//    pass -i to the jump's ssh and Ansible's paramiko transport understands only ProxyCommand.
//    Legacy-crypto devices get the `+algorithm` options OpenSSH needs for them.
//  - ssh_config: one Host block per jump host and per device, matching both its name and its
//    address; jump hosts with IdentityFile, chains with ProxyJump, devices with their port, user,
//    password-only authentication and BindAddress when the fleet names a source address.
//  - Paths are quoted for their reader: single-quoted for the shell in a ProxyCommand when they
//    hold anything but plain characters, double-quoted in ssh_config (spaces are fine).
//  - The writer creates both files 0600 (the inventory holds passwords).
//  - Pure text builders plus a writer; never print, never throw.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lab/fleet/fleet_file.hpp"

namespace vtyguard::lab {

// A running jump host as clients reach it.
struct JumpEndpoint {
    std::string name;
    std::string address;
    std::uint16_t port = 0;
    std::string user;
    std::filesystem::path key;  // private key that logs in
};

// Each returns false and sets `error` when a device's jump host has no endpoint.
bool ansible_inventory(const FleetFile& fleet, const std::vector<JumpEndpoint>& jumps, std::string& text,
                       std::string& error);
bool ssh_client_config(const FleetFile& fleet, const std::vector<JumpEndpoint>& jumps, std::string& text,
                       std::string& error);

// The ProxyCommand that reaches %h:%p through `chain` (outermost first); empty for no chain.
std::string proxy_command(const std::vector<const JumpEndpoint*>& chain);

// Writes the inventory to `inventory` and the ssh client config to `ssh_config` (both replaced
// atomically, so a reader never sees half a file).
bool write_inventory(const FleetFile& fleet, const std::vector<JumpEndpoint>& jumps,
                     const std::filesystem::path& inventory, const std::filesystem::path& ssh_config,
                     std::string& error);

}  // namespace vtyguard::lab
