// The `vtyguard` binary as an Ansible binary module (SPEC section 9; issue 5 item 4).
//
// Ansible runs a binary module as `<module> <args file>`: the file holds one JSON object, the
// task's args plus `_ansible_*` keys (check mode, no_log, ...). The module answers with one JSON
// object on standard output and exits 0, or 1 when the result says `failed`.
//
// Args (README "Ansible module" has the table): `inventory` (a live audit) or `from` (saved
// captures and backups), `inventory_format`, `policy` (a file, or the policy keys inline),
// `workers`, `shard`, `hosts`, `connect_timeout`, `command_timeout`, `device_timeout`,
// `known_hosts`, `accept_new`, `fixes_dir`, `fail_on` (info..critical or none), `fail_on_unknown`.
// An arg not listed is an error naming it (never its value); credentials are never args, they come
// from the inventory's references as on the command line.
//
// Result: `changed` is true only when fix files in `fixes_dir` were written or changed (in check
// mode: would be; nothing is written then), since an audit changes no device. `failed` is true when
// SPEC section 12's exit code is not 0: 2 bad args or input, 3 a device not audited, 1 a failing
// finding at or above `fail_on` (`none`: findings never fail the task). Also `msg` (one line:
// devices, audited, failing, not audited), `exit_code`, `findings` (device -> its failing
// findings), `not_audited` (device -> status and error), `fix_files`, `devices` (the full device
// reports of SPEC section 12) and `warnings`.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vtyguard::cli {

// The args file when `argv` is `vtyguard FILE` with FILE a regular file holding a JSON object
// with Ansible's `_ansible_*` keys and not one of `subcommands` (the way Ansible runs a binary
// module); nullopt otherwise (`vtyguard ansible-module FILE` takes any args file).
std::optional<std::string> ansible_args_file(int argc, char** argv, const std::vector<std::string>& subcommands);

// Runs the module on `args_file`: prints the result on standard output, returns the exit status.
int run_ansible_module(const std::string& args_file);

}  // namespace vtyguard::cli
