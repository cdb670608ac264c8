// Offline audit throughput in devices per second (issue 3 target: 2,000 devices/s on one core),
// with and without fix planning and verification. Prints figures; asserts nothing.
//   cmake --build build-release --target audit_bench && build-release/tests/bench/audit_bench
//
// A realistic device: the bundled edge-r1 captures (lab/captures/edge-r1), its running-config
// grown to about 20 KB with the access-port interfaces, an interface ACL and object-groups a
// campus router carries. Parsing is part of the audit, as it is for `vtyguard audit --from`.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "plugin/engine/audit.hpp"

namespace {

namespace fs = std::filesystem;
using namespace vtyguard;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Configuration a real device carries beyond what the checks read: it must still be parsed.
std::string campus_bulk(std::size_t target_bytes) {
    std::string s;
    s += "object-group network SERVERS\n";
    for (int i = 1; i <= 40; ++i) s += " host 10.50.0." + std::to_string(i) + "\n";
    s += "!\nip access-list extended USERS-IN\n";
    for (int i = 1; i <= 120; ++i)
        s += " " + std::to_string(i * 10) + " permit tcp 10.60." + std::to_string(i % 200) +
             ".0 0.0.0.255 object-group SERVERS eq " + std::to_string(i % 3 == 0 ? 443 : 8000 + i) + "\n";
    s += " 9990 deny ip any any log\n!\n";
    for (int n = 1; s.size() < target_bytes; ++n) {
        s += "interface GigabitEthernet1/0/" + std::to_string(n) + "\n";
        s += " description user port " + std::to_string(n) + " floor " + std::to_string(n / 24 + 1) + "\n";
        s += " switchport access vlan " + std::to_string(100 + n % 8) + "\n";
        s += " switchport mode access\n spanning-tree portfast\n!\n";
    }
    return s;
}

checks::DeviceEvidence load() {
    checks::DeviceEvidence ev;
    ev.name = "edge-r1";
    ev.platform = "cisco_ios";
    const fs::path dir = fs::path(VTYGUARD_LAB_DIR) / "captures" / "edge-r1";
    std::string error;
    // The address the operator connects to, as meta.yaml gives it.
    std::istringstream meta(slurp(dir / "meta.yaml"));
    for (std::string line; std::getline(meta, line);)
        if (line.rfind("address:", 0) == 0) ev.address = line.substr(line.find_first_not_of(' ', 8));
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".txt") continue;
        std::string text = slurp(e.path());
        const std::string stem = e.path().stem().string();
        if (stem == "show_running-config") {
            // Insert the bulk before the final `end`.
            auto pos = text.rfind("\nend");
            text.insert(pos == std::string::npos ? text.size() : pos + 1, campus_bulk(20000 - text.size()));
        }
        checks::add_capture(ev, stem, std::move(text), e.path().string(), error);
    }
    return ev;
}

void run(benchmark::State& state, bool fixes) {
    const checks::DeviceEvidence proto = load();
    std::size_t bytes = 0;
    for (const auto& c : proto.captures) bytes += c.text.size();
    checks::Policy policy;
    policy.management_sources = {"10.20.0.0/24"};
    checks::AuditOptions options;
    options.fixes = fixes;
    std::size_t findings = 0;
    for (auto _ : state) {
        // The whole offline path per device: parse every capture, merge, check, plan.
        checks::DeviceEvidence ev;
        ev.name = proto.name;
        ev.platform = proto.platform;
        ev.address = proto.address;
        std::string error;
        for (const auto& c : proto.captures) checks::add_capture(ev, c.command, c.text, c.file, error);
        checks::merge_captures(ev);
        auto report = checks::audit_device(std::move(ev), policy, options);
        findings = report.findings.size();
        benchmark::DoNotOptimize(report);
    }
    state.counters["devices_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["capture_bytes"] = static_cast<double>(bytes);
    state.counters["findings"] = static_cast<double>(findings);
}

void BM_AuditDevice_NoFix(benchmark::State& state) {
    run(state, false);
}
void BM_AuditDevice_WithFixVerification(benchmark::State& state) {
    run(state, true);
}

BENCHMARK(BM_AuditDevice_NoFix)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AuditDevice_WithFixVerification)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
