// The fleet runner: live audits of an inventory (SPEC section 8; issue 5, part 3).
//
// Contract:
//  - run_fleet audits every host given, with at most `workers` devices in flight (0: min(32,
//    hosts)), each in one worker thread from probe to report. A device's problems (unreachable,
//    refused, a login that fails, a command that times out, output that cannot be read) end as
//    that device's report with a classified `status` and never stop the other devices.
//  - Per device: NET-001 probe of the SSH port (locally, or from the last jump host of its
//    chain; the host's port when it is reached over SSH, else the policy's ssh_port; none for a
//    host reached `via` another device, whose hop login is the test); then, when SSH answered
//    with a banner or the host states another path (telnet, an adjacent device it is typed
//    from), a CLI session: the platform's evidence commands
//    (drivers/platforms.hpp: `{last}` from the vty lines collected, `{source}` for every IPv4
//    management source of the policy, the `{vrf}` variant when the device's address is in a VRF;
//    root-only commands of a Linux host through `sudo -n` unless `id` says the login is root).
//    A platform the parsers do not read is `unsupported_platform`.
//    The outputs, with secrets redacted (redact.hpp), go through checks::load_captures, the same
//    path as a `--from` device folder, then checks::audit_device; the probe becomes the
//    report's `probe` and a NET-001 finding, and the likely causes are re-ranked by what the probe
//    saw (SPEC section 7's table: a refused port is explained by SSH-001/004/005/..., not by a vty
//    ACL).
//  - Status: `audited`; or the class of what stopped the audit: the drivers' ErrorKind names
//    (`refused`, `timeout`, `unreachable`, `disconnected` (closed before the SSH banner),
//    `auth_failed`, `host_key_changed`, `host_key_unknown`, `no_common_algorithm`,
//    `resolve_failed`, `forward_denied`, `unsupported_platform`, ...), `credentials` (a secret the
//    inventory refers to cannot be read), `cancelled` (the run was cancelled while the device was
//    in flight), or `error` (evidence that cannot be read, a host the runner cannot audit).
//    `error` in the report says what happened, naming the device, never a secret.
//  - Timeouts: the host's own (inventory `timeouts`) or the run's defaults. `device` bounds the
//    whole visit; `connect` the probe and the TCP part of the login; every command gets
//    `command`, all within the device's budget.
//  - Each finished device is handed to `sink` at once (one call at a time, in finish order), so a
//    caller can stream it; `progress` is called after each device. Both run on worker threads
//    under the runner's lock: keep them short.
//  - `save_captures` (optional): DIR/<device>/<command slug>.txt and meta.yaml, the layout
//    `vtyguard audit --from` reads, written as each device finishes, secrets redacted; the
//    report's evidence then cites those files.
//  - Credentials come only from the inventory's references (Secret: env, file, inline), identity
//    files and the ssh-agent; they are handed to the drivers and never put in a report, a message
//    or a saved capture.
//  - Library code: never prints, never throws to the caller.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/driver.hpp"
#include "drivers/probe.hpp"
#include "plugin/engine/audit.hpp"
#include "plugin/inventory/inventory.hpp"

namespace vtyguard::runner {

struct Timeouts {
    std::chrono::milliseconds connect{10'000};
    std::chrono::milliseconds command{30'000};
    std::chrono::milliseconds device{180'000};
};

struct RunOptions {
    unsigned workers = 0;  // 0: min(32, hosts)
    Timeouts timeouts;     // defaults for hosts whose inventory states none
    checks::AuditOptions audit;
    std::filesystem::path save_captures;  // empty: not saved
    std::filesystem::path known_hosts;    // empty: libssh's default (~/.ssh/known_hosts)
    bool accept_new = false;              // learn first-seen host keys (a changed key is still refused)
    // Set: no new device is started, and a device in flight stops before its next login or
    // command (its report: status `cancelled`, never a verdict on the device).
    const std::atomic<bool>* cancel = nullptr;
};

// What a probe is aimed at: `host:port` from here, or from the last hop of `chain`.
struct ProbeTarget {
    drivers::JumpChain chain;  // the chain's first hop carries the local source address, if any
    std::string source;        // without a chain: the numeric local address to connect from
    std::string host;
    std::uint16_t port = 22;
};

// One CLI session on a device: what the runner needs of drivers::Driver.
class DeviceSession {
public:
    virtual ~DeviceSession() = default;
    virtual const drivers::SessionFacts& facts() const = 0;
    virtual drivers::Result<drivers::CommandOutput> run(std::string_view command, drivers::Deadline deadline) = 0;
    virtual void close(drivers::Deadline deadline) = 0;
};

// How devices are reached. The real one (make_driver_connector) uses the drivers and one shared
// JumpPool; tests may serve a session from elsewhere. Called from several workers at once.
class Connector {
public:
    virtual ~Connector() = default;
    virtual drivers::Result<drivers::ProbeResult> probe(const ProbeTarget& target, drivers::Deadline deadline) = 0;
    virtual drivers::Result<std::unique_ptr<DeviceSession>> open(const drivers::DeviceTarget& target,
                                                                 drivers::Deadline deadline) = 0;
};

std::unique_ptr<Connector> make_driver_connector();

struct Progress {
    std::size_t done = 0;
    std::size_t total = 0;
    std::size_t audited = 0;
    std::size_t errors = 0;     // devices not audited
    std::size_t in_flight = 0;  // devices being visited now
};

using DeviceSink = std::function<void(const checks::DeviceReport&)>;
using ProgressFn = std::function<void(const Progress&)>;

struct RunSummary {
    std::size_t devices = 0;  // finished (all of them unless cancelled)
    std::size_t audited = 0;
    std::size_t errors = 0;
    std::size_t max_in_flight = 0;      // the most devices visited at once
    std::vector<std::string> warnings;  // run-level: a capture folder that could not be written, ...
};

// Audits `hosts` (entries of `inventory`, which also resolves the devices hosts are reached
// via). Reports go to `sink` as they finish.
RunSummary run_fleet(const inventory::Inventory& inventory, const std::vector<const inventory::Host*>& hosts,
                     const checks::Policy& policy, const RunOptions& options, Connector& connector,
                     const DeviceSink& sink, const ProgressFn& progress = {});

// One device, as a worker visits it; run-level problems (captures that could not be saved) are
// appended to `warnings` when given.
checks::DeviceReport audit_host(const inventory::Inventory& inventory, const inventory::Host& host,
                                const checks::Policy& policy, const RunOptions& options, Connector& connector,
                                std::vector<std::string>* warnings = nullptr);

// The driver target of `host`: its transport, jump chain, credentials (secrets read from their
// references), host-key policy and, for a host reached `via` another device, the chain of
// adjacent-device hops. False with `status` (`credentials`, `error`) and `error` when it cannot be
// built (a secret cannot be read, an unknown `via` device).
bool make_target(const inventory::Inventory& inventory, const inventory::Host& host, const RunOptions& options,
                 drivers::DeviceTarget& target, std::string& status, std::string& error);

}  // namespace vtyguard::runner
