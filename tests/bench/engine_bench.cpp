// Exact ACL analysis time (issue 3 target: a 10,000-entry ACL analysed in under 100 ms). Prints
// figures; asserts nothing.
//   cmake --build build-release --target engine_bench && build-release/tests/bench/engine_bench
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "plugin/engine/acl.hpp"

namespace {

using namespace vtyguard;
using model::Ace;
using model::Address;
using model::PortMatch;

// A management ACL: 10,000 entries of the forms management ACLs hold: /24 sources, single ports, a few hosts,
// alternating permit and deny, and a duplicate at the end that the analysis must find shadowed.
model::Acl make_acl(int n) {
    model::Acl acl;
    acl.name = "BENCH";
    acl.type = "extended";
    for (int i = 0; i < n; ++i) {
        Ace e;
        e.action = i % 2 ? Ace::Action::deny : Ace::Action::permit;
        e.protocol = i % 7 == 0 ? "ip" : "tcp";
        const std::string net = "10." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) + ".0";
        e.source = i % 11 == 0 ? Address{Address::Kind::host, "192.0.2." + std::to_string(i % 250 + 1), {}, -1, {}, {}}
                               : Address{Address::Kind::wildcard, net, "0.0.0.255", -1, {}, {}};
        e.destination = i % 3 == 0 ? Address{Address::Kind::host, "198.51.100.1", {}, -1, {}, {}}
                                   : Address{Address::Kind::any, {}, {}, -1, {}, {}};
        if (e.protocol == "tcp") e.destination_ports = PortMatch{PortMatch::Op::eq, {std::to_string(20 + i % 50)}, {}};
        e.sequence = static_cast<std::uint32_t>((i + 1) * 10);
        e.line = static_cast<std::size_t>(i + 1);
        acl.entries.push_back(std::move(e));
    }
    auto dup = acl.entries[n / 2];
    dup.line = static_cast<std::size_t>(n + 1);
    acl.entries.push_back(dup);
    return acl;
}

// An interface ACL: the other shape, where destinations vary and most sources are `any`, with a
// few source-restricted lines and the usual `deny ip any any log` at the end.
model::Acl make_interface_acl(int n) {
    model::Acl acl;
    acl.name = "BENCH-IF";
    acl.type = "extended";
    for (int i = 0; i < n; ++i) {
        Ace e;
        e.action = i % 13 == 0 ? Ace::Action::deny : Ace::Action::permit;
        e.protocol = i % 5 == 0 ? "udp" : "tcp";
        e.source =
            i % 4 == 0
                ? Address{Address::Kind::wildcard, "192.0.2." + std::to_string(i % 4 * 64), "0.0.0.63", -1, {}, {}}
                : Address{Address::Kind::any, {}, {}, -1, {}, {}};
        e.destination = Address{Address::Kind::host,
                                "10." + std::to_string(i / 65536 % 256) + "." + std::to_string(i / 256 % 256) + "." +
                                    std::to_string(i % 256),
                                {},
                                -1,
                                {},
                                {}};
        e.destination_ports = PortMatch{PortMatch::Op::eq, {std::to_string(i % 3 == 0 ? 443 : 20 + i % 40)}, {}};
        e.sequence = static_cast<std::uint32_t>((i + 1) * 10);
        e.line = static_cast<std::size_t>(i + 1);
        acl.entries.push_back(std::move(e));
    }
    auto dup = acl.entries[n / 3];
    dup.line = static_cast<std::size_t>(n + 1);
    acl.entries.push_back(dup);
    Ace last;
    last.action = Ace::Action::deny;
    last.protocol = "ip";
    last.source = Address{Address::Kind::any, {}, {}, -1, {}, {}};
    last.destination = Address{Address::Kind::any, {}, {}, -1, {}, {}};
    last.log = "log";
    last.line = static_cast<std::size_t>(n + 2);
    acl.entries.push_back(last);
    return acl;
}

void BM_AclShadowAnalysis_10k_Interface(benchmark::State& state) {
    const model::Device dev;
    const auto acl = make_interface_acl(10000);
    std::size_t shadowed = 0;
    for (auto _ : state) {
        engine::AclAnalyzer an(dev, acl);
        shadowed = an.shadowed().size();
        benchmark::DoNotOptimize(shadowed);
    }
    state.counters["entries"] = static_cast<double>(acl.entries.size());
    state.counters["shadowed"] = static_cast<double>(shadowed);
}

void BM_AclShadowAnalysis_10k(benchmark::State& state) {
    const model::Device dev;
    const auto acl = make_acl(10000);
    std::size_t shadowed = 0;
    for (auto _ : state) {
        engine::AclAnalyzer an(dev, acl);  // compiling the entries to sets is part of the analysis
        shadowed = an.shadowed().size();
        benchmark::DoNotOptimize(shadowed);
    }
    state.counters["entries"] = static_cast<double>(acl.entries.size());
    state.counters["shadowed"] = static_cast<double>(shadowed);
}

void BM_AclPermittedSources_10k(benchmark::State& state) {
    const model::Device dev;
    const auto acl = make_acl(10000);
    const auto dst = *engine::IpAddress::parse("198.51.100.1");
    std::size_t prefixes = 0;
    for (auto _ : state) {
        // A fresh analyzer each time (not timed): an analyzer remembers the answers it gave.
        state.PauseTiming();
        auto an = std::make_unique<engine::AclAnalyzer>(dev, acl);
        state.ResumeTiming();
        auto s = an->permitted_sources(dst, 6, 22);
        prefixes = s.permitted.size();
        benchmark::DoNotOptimize(s);
        state.PauseTiming();
        an.reset();
        state.ResumeTiming();
    }
    state.counters["permitted_prefixes"] = static_cast<double>(prefixes);
}

void BM_AclEvaluateFlow_10k(benchmark::State& state) {
    const model::Device dev;
    const auto acl = make_acl(10000);
    engine::AclAnalyzer an(dev, acl);
    engine::Flow f;
    f.source = *engine::IpAddress::parse("172.16.0.1");  // reaches the implicit deny: worst case
    f.destination = *engine::IpAddress::parse("198.51.100.1");
    for (auto _ : state) benchmark::DoNotOptimize(an.evaluate(f));
}

BENCHMARK(BM_AclShadowAnalysis_10k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AclShadowAnalysis_10k_Interface)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AclPermittedSources_10k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AclEvaluateFlow_10k)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
