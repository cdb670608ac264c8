// What the live-lab tests (runner_test.cpp: the lab in-process on 127.91.0.0/16; live_fix_test.cpp:
// `vtyguard-lab up` on 127.94.0.0/16) share: their copy of lab/fleets, the vtyguard YAML inventory
// they write for it, the `vtyguard` CLI run on it, and an in-process run of the fleet runner.
//
// Contract:
//  - FleetCopy::moved maps every device address of the lab fleets, 127.X.Y.Z with X in 10..99 and
//    Y in {0, 1}, to 127.<device_net>.(2X+Y).Z, and every jump host address 127.0.1.Z to
//    127.0.<jump_net>.Z; nothing else in the text changes. Each test program gives its own
//    device_net, so programs run at the same time do not meet each other's devices.
//  - FleetCopy::with_credentials replaces the lab's login password `lab` and enable secret
//    `lab-enable` (in configs and fleet files) by the test's own, values found nowhere else, so
//    every output can be grepped for them.
//  - write_inventory writes a vtyguard YAML inventory naming the credentials only by their
//    environment variables (Credentials::set_environment sets them); members of a HostSpec left
//    empty, 0 or false are not written. It throws std::runtime_error when it cannot write.
//  - load and policy_file throw std::runtime_error with the product's message for a file the
//    product refuses, so a test fails on the line that used it.
//  - run_cli is run() of the `vtyguard` program this build made (VTYGUARD_CLI), `args` after it.
//  - audit_in_process runs the fleet runner over the real drivers (or `through`) and returns the
//    reports by device name, each with the time it finished since the start.
//  - HookConnector is `inner` with `before(host, command)` called before every command a session
//    runs, from the runner's worker threads (the hook does its own locking).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lab/fleet/fleet_file.hpp"
#include "plugin/engine/checks.hpp"
#include "plugin/inventory/inventory.hpp"
#include "plugin/runner/runner.hpp"
#include "tests/support/process.hpp"

namespace vtyguard::test_support {

// The test's credentials and the environment variables its inventories name them by.
struct Credentials {
    const char* password;
    const char* enable;
    const char* password_env;
    const char* enable_env;

    void set_environment() const;
};

// A test's copy of lab/fleets: where its addresses go and which credentials it has.
struct FleetCopy {
    fs::path fleets;  // lab/fleets
    int device_net;
    int jump_net;  // 1 leaves the jump hosts where the lab has them
    Credentials credentials;

    std::string moved(const std::string& text) const;
    std::string with_credentials(std::string text) const;
    // Every file below `fleets` into `dir` (same relative paths), moved and re-credentialed.
    void copy_to(const fs::path& dir) const;
};

// One inventory host.
struct HostSpec {
    std::string name, address, platform;
    int port = 0;
    std::vector<std::string> jump;
    bool legacy = false;
    bool telnet = false;
    std::string via;
    std::string source;  // source_address
    std::string user;
    std::string identity;  // an identity file
};

// One inventory jump host, logged into with its key.
struct JumpSpec {
    std::string name, user, address;
    int port = 0;
    std::string key;
};

struct Budget {
    std::string connect = "3s", command = "8s", device = "60s";
};

// Each device of a lab fleet as the inventory states its path: SSH through its jump chain, or
// telnet when the fleet serves it there (SSH is what is broken on those devices).
std::vector<HostSpec> hosts_of(const lab::FleetFile& fleet);

// The inventory at `path` (user admin, the credentials from the environment); returns `path`.
fs::path write_inventory(const fs::path& path, const Credentials& credentials, const std::vector<JumpSpec>& jumps,
                         const std::vector<HostSpec>& hosts, const Budget& budget = {});

Ran run_cli(const std::vector<std::string>& args, const fs::path& dir, const std::string& tag);

inventory::Inventory load(const fs::path& path);
checks::Policy policy_file(const fs::path& path);

// Host keys learnt into `dir`/known_hosts, new ones accepted.
runner::RunOptions options_in(const fs::path& dir);

struct InProcessRun {
    std::map<std::string, checks::DeviceReport> reports;
    std::map<std::string, std::chrono::milliseconds> finished_at;
    runner::RunSummary summary;
};

// Audits `only` (every host when empty).
InProcessRun audit_in_process(const inventory::Inventory& inv, const checks::Policy& policy,
                              const runner::RunOptions& options, const std::set<std::string>& only = {},
                              const runner::ProgressFn& progress = {}, runner::Connector* through = nullptr);

// The finding of `check` in `r`, or nullptr.
const checks::Finding* finding(const checks::DeviceReport& r, const std::string& check);

// The real connector (or any other) with a hook before every command a session runs.
class HookConnector final : public runner::Connector {
public:
    using Hook = std::function<void(const std::string& host, std::string_view command)>;
    HookConnector(runner::Connector& inner, Hook before) : inner_(inner), before_(std::move(before)) {}
    drivers::Result<drivers::ProbeResult> probe(const runner::ProbeTarget& t, drivers::Deadline deadline) override {
        return inner_.probe(t, deadline);
    }
    drivers::Result<std::unique_ptr<runner::DeviceSession>> open(const drivers::DeviceTarget& t,
                                                                 drivers::Deadline deadline) override;

private:
    runner::Connector& inner_;
    Hook before_;
};

}  // namespace vtyguard::test_support
