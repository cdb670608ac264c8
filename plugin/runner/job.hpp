// One live audit as a host asks for it (SPEC section 8; issue 5 item 4): the CLI's `audit -i` and
// `fix -i`, the C ABI's vtyguard_audit_hosts and the Ansible module all go through here, so they
// read inventories, select hosts and turn plain option values into RunOptions one way.
//
// Contract:
//  - prepare_job checks and loads, in this order, the first problem winning: the policy (the
//    inline one, else `policy_file`, else the defaults), the inventory format name, the inventory,
//    that it has hosts, the shard `K/N`, the `hosts` limit (every name must be in the inventory),
//    workers and timeouts, the captures folder (created). It fills `job` and returns true, or
//    returns false with a JobError; `job.warnings` then holds the inventory warnings read so far.
//  - A JobError names what is wrong: a file and line for a policy or inventory problem, else the
//    option (JobField). Each host spells options its own way (`--shard`, request field `shard`,
//    Ansible arg `shard`), so the message is built with the host's name for the field.
//  - run_job visits the prepared hosts with run_fleet (at most `workers` at once). Each finished
//    device goes to `on_device` at once, one call at a time, on a worker thread; the run returns
//    every finished device in inventory order. `JobOptions::cancel`, once set, starts no further
//    device; a device in flight stops before its next login or command and is reported
//    `cancelled` (RunOptions::cancel).
//  - device_line is one device's JSON Lines form (the line `vtyguard audit --format jsonl` writes).
//  - Credentials come only from the inventory's references; no message holds one.
//  - Library code: never prints, never throws to the caller.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/engine/audit.hpp"
#include "plugin/engine/report.hpp"
#include "plugin/inventory/inventory.hpp"
#include "plugin/runner/runner.hpp"

namespace vtyguard::runner {

// Plain option values of a live audit. Credentials are not among them (SPEC section 8).
struct JobOptions {
    std::string inventory;                  // file, or a Nornir folder
    std::string inventory_format = "auto";  // inventory::format_from_name
    std::optional<checks::Policy> policy;   // given inline; else policy_file; else the defaults
    std::string policy_file;
    std::string shard;               // "K/N"; empty: every host
    std::vector<std::string> hosts;  // only these inventory names (empty: every host of the shard)
    unsigned workers = 0;            // 0: min(32, hosts)
    double connect_timeout = 0, command_timeout = 0, device_timeout = 0;  // seconds; 0: the runner's default
    std::string known_hosts;                                              // empty: ~/.ssh/known_hosts
    bool accept_new = false;                    // learn first-seen host keys (a changed key is always refused)
    bool fixes = true;                          // plan and verify fixes
    std::string save_captures;                  // folder; empty: not saved
    const std::atomic<bool>* cancel = nullptr;  // set: no new device is started
    // False: the run returns reports without their `evidence` (the parsed model and the captures,
    // about 100 KiB of a device's report), for a host that has streamed every report as it
    // finished and needs the rest only for the exit code and the not-audited list. A fleet of
    // thousands then costs memory per session, not per device.
    bool keep_evidence = true;
};

inline constexpr unsigned kMaxWorkers = 4096;

// The option a JobError is about. `none`: the message names its file (policy, inventory) itself.
enum class JobField {
    none,
    inventory_format,
    shard,
    hosts,
    workers,
    connect_timeout,
    command_timeout,
    device_timeout,
    save_captures,
};

// The field's name in snake case, as the C ABI request and the Ansible args spell it.
std::string_view field_key(JobField field);

struct JobError {
    JobField field = JobField::none;
    bool input = false;  // a file or folder that cannot be read or written (else a bad value)
    std::string detail;  // what follows the field's name (" csv: unknown (...)", ": ..."); all of it for `none`
    std::string str(std::string_view field_name) const {
        return field == JobField::none ? detail : std::string(field_name) + detail;
    }
    // With a colon after the name, for hosts that spell the field as a word (`shard: ...`).
    std::string labelled(std::string_view field_name) const {
        if (field == JobField::none) return detail;
        return std::string(field_name) + (detail.starts_with(':') ? detail : ":" + detail);
    }
};

// A loaded, checked job. `hosts` point into `inventory`: move it, never copy it.
struct Job {
    inventory::Inventory inventory;
    std::vector<const inventory::Host*> hosts;  // to visit, in inventory order
    checks::Policy policy;
    RunOptions options;
    bool keep_evidence = true;          // JobOptions::keep_evidence
    std::vector<std::string> warnings;  // the inventory's ("file:line: what was ignored")

    Job() = default;
    Job(Job&&) = default;
    Job& operator=(Job&&) = default;
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;
};

bool prepare_job(const JobOptions& options, Job& job, JobError& error);

struct JobRun {
    RunSummary summary;                         // counts, run-level warnings (captures not saved, ...)
    std::vector<checks::DeviceReport> reports;  // finished devices, in inventory order (see keep_evidence)
    bool cancelled = false;                     // cancellation left devices unstarted
};

// Runs `job` through `connector` (nullptr: the drivers, make_driver_connector).
JobRun run_job(const Job& job, const DeviceSink& on_device = {}, const ProgressFn& progress = {},
               Connector* connector = nullptr);

// SPEC section 12's exit code of a run: 3 when a device could not be audited, or when cancellation
// left devices unstarted (they were not audited either); else 1 or 0 by `policy`.
int exit_code(const JobRun& run, const checks::ExitPolicy& policy);

std::string device_line(const checks::DeviceReport& report);

}  // namespace vtyguard::runner
