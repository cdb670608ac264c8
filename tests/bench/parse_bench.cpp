// Parser throughput (MB/s) and memory kept per ACL entry. Prints figures; asserts nothing.
//   cmake --build build --target parse_bench && build/tests/bench/parse_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>

#include "parsers/parse.hpp"

// Counting allocator: live bytes after a parse, divided by entries kept, is the memory figure.
// GCC cannot see that this operator delete only frees what this operator new malloc'ed.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
namespace {
std::atomic<std::size_t> g_live{0};
}
void* operator new(std::size_t n) {
    void* p = std::malloc(n + 16);
    if (!p) throw std::bad_alloc();
    *static_cast<std::size_t*>(p) = n;
    g_live += n;
    return static_cast<char*>(p) + 16;
}
void operator delete(void* p) noexcept {
    if (!p) return;
    char* base = static_cast<char*>(p) - 16;
    g_live -= *reinterpret_cast<std::size_t*>(base);
    std::free(base);
}
void operator delete(void* p, std::size_t) noexcept {
    operator delete(p);
}

namespace {

using namespace vtyguard::parsers;

// A `show access-lists` output with `n` entries spread over ACLs of 1,000 entries, mixing the
// forms real devices print.
std::string ios_acl_output(int n) {
    std::string s;
    s.reserve(static_cast<std::size_t>(n) * 70);
    for (int i = 0; i < n; ++i) {
        if (i % 1000 == 0) s += "Extended IP access list BENCH-" + std::to_string(i / 1000) + "\n";
        const int seq = (i % 1000 + 1) * 10;
        const int a = (i / 256) % 256, b = i % 256;
        switch (i % 5) {
            case 0:
                s += "    " + std::to_string(seq) + " permit tcp 10." + std::to_string(a) + "." + std::to_string(b) +
                     ".0 0.0.0.255 host 192.0.2.1 eq 22 (" + std::to_string(i * 7) + " matches)\n";
                break;
            case 1:
                s += "    " + std::to_string(seq) + " deny ip host 172.16." + std::to_string(a) + "." +
                     std::to_string(b) + " any log\n";
                break;
            case 2:
                s += "    " + std::to_string(seq) + " permit tcp any 10." + std::to_string(a) +
                     ".0.0 0.0.255.255 range 1024 65535 established\n";
                break;
            case 3:
                s += "    " + std::to_string(seq) + " permit icmp any any echo-reply\n";
                break;
            default:
                s += "    " + std::to_string(seq) + " permit udp 10." + std::to_string(a) + "." + std::to_string(b) +
                     ".0 0.0.0.255 any eq snmp (12 matches)\n";
        }
    }
    return s;
}

std::string asa_acl_output(int n) {
    std::string s = "access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)\n";
    s += "            alert-interval 300\n";
    s += "access-list BENCH; " + std::to_string(n) + " elements; name hash: 0x6b9de50d\n";
    for (int i = 0; i < n; ++i) {
        const int a = (i / 256) % 256, b = i % 256;
        s += "access-list BENCH line " + std::to_string(i + 1) + " extended permit tcp 10." + std::to_string(a) + "." +
             std::to_string(b) + ".0 255.255.255.0 host 192.0.2.1 eq ssh (hitcnt=" + std::to_string(i) +
             ") 0x1a2b3c4d\n";
    }
    return s;
}

std::string ios_running_config(int lines) {
    std::string s = "version 15.2\nhostname BENCH\nip domain name example.net\n";
    s += "ip ssh version 2\nip ssh time-out 60\nusername admin privilege 15 secret 9 $9$abc\naaa new-model\n";
    s += "aaa authentication login default group tacacs+ local\n";
    int n = 8;
    for (int i = 0; n < lines - 40; ++i) {
        if (i % 3 == 0) {
            s += "interface GigabitEthernet0/" + std::to_string(i) + "\n description uplink " + std::to_string(i) +
                 "\n ip address 10.0." + std::to_string(i % 256) +
                 ".1 255.255.255.0\n ip access-group MGMT in\n duplex auto\n!\n";
            n += 6;
        } else if (i % 3 == 1) {
            s += "ip access-list extended ACL" + std::to_string(i) + "\n";
            for (int k = 1; k <= 8; ++k)
                s += " " + std::to_string(k * 10) + " permit tcp 10." + std::to_string(k) +
                     ".0.0 0.0.255.255 any eq 22\n";
            n += 9;
        } else {
            s += "router ospf " + std::to_string(i) + "\n network 10.0.0.0 0.255.255.255 area 0\n!\n";
            n += 3;
        }
    }
    s += "line con 0\n exec-timeout 5 0\nline vty 0 4\n access-class MGMT in\n transport input ssh\n";
    s += "line vty 5 15\n access-class MGMT in\n transport input ssh\nend\n";
    return s;
}

const char* kShowIpSsh =
    "SSH Enabled - version 2.0\n"
    "Authentication methods:publickey,keyboard-interactive,password\n"
    "Authentication Publickey Algorithms:x509v3-ssh-rsa,ssh-rsa,rsa-sha2-256,rsa-sha2-512\n"
    "Hostkey Algorithms:x509v3-ssh-rsa,rsa-sha2-512,rsa-sha2-256,ssh-rsa\n"
    "Encryption Algorithms:aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com\n"
    "MAC Algorithms:hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512\n"
    "KEX Algorithms:ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group14-sha256\n"
    "Authentication timeout: 60 secs; Authentication retries: 3\n"
    "Minimum expected Diffie Hellman key size : 2048 bits\n"
    "IOS Keys in SECSH format(ssh-rsa, base64 encoded): SSH-KEY\n"
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7bench\n";

std::size_t entries(const ParseResult& r) {
    std::size_t n = 0;
    for (const auto& a : r.device.acls)
        for (const auto& e : a.entries) n += 1 + e.expanded.size();
    return n;
}

void run(benchmark::State& state, const char* platform, const char* command, const std::string& text) {
    if (!registry().find(platform, command).info) {
        state.SkipWithError("parser not in this build");
        return;
    }
    std::size_t kept = 0, bytes_kept = 0, diagnostics = 0;
    for (auto _ : state) {
        ParseResult r;
        Resolved res;
        std::string err;
        const std::size_t before = g_live.load();
        parse(platform, command, text, r, res, err);
        bytes_kept = g_live.load() - before;
        kept = entries(r);
        diagnostics = r.diagnostics.size();
        benchmark::DoNotOptimize(r);
    }
    // The timed loop above includes freeing the result, which grows with the memory kept. How
    // much of it that is: CPU time of freeing, over extra untimed parses (a CPU clock read is a
    // system call, too slow to sit in the timed loop of the small inputs).
    std::clock_t freeing = 0;
    constexpr int kFreeRuns = 3;
    for (int i = 0; i < kFreeRuns; ++i) {
        auto r = std::make_unique<ParseResult>();
        Resolved res;
        std::string err;
        parse(platform, command, text, *r, res, err);
        const std::clock_t t = std::clock();
        r.reset();
        freeing += std::clock() - t;
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    // bytes_per_second is printed in MiB/s ("M/s"); `MB` is the same rate in decimal MB/s.
    state.counters["MB"] =
        benchmark::Counter(static_cast<double>(text.size()) / 1e6, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["input_MB"] = static_cast<double>(text.size()) / 1e6;
    state.counters["acl_entries"] = static_cast<double>(kept);
    state.counters["diagnostics"] = static_cast<double>(diagnostics);
    state.counters["kept_MB"] = static_cast<double>(bytes_kept) / 1e6;
    state.counters["free_ms"] = 1e3 * static_cast<double>(freeing) / CLOCKS_PER_SEC / static_cast<double>(kFreeRuns);
    if (kept) state.counters["bytes_per_entry"] = static_cast<double>(bytes_kept) / static_cast<double>(kept);
}

void BM_IosShowAccessLists_100k(benchmark::State& s) {
    static const std::string text = ios_acl_output(100000);
    run(s, "cisco_ios", "show access-lists", text);
}
void BM_AsaShowAccessList_100k(benchmark::State& s) {
    static const std::string text = asa_acl_output(100000);
    run(s, "cisco_asa", "show access-list", text);
}
// A real capture (the largest IOS ACL output of the corpus), when the corpus is present.
void BM_IosShowAccessLists_RealCapture(benchmark::State& s) {
    const std::filesystem::path p = std::filesystem::path(VTYGUARD_CORPUS_DIR) /
                                    "ios_show_access_lists/ntc__cisco_ios_show_ip_access-lists_969.txt";
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        s.SkipWithError("corpus not present");
        return;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    run(s, "cisco_ios", "show access-lists", ss.str());
}
void BM_IosShowIpSsh(benchmark::State& s) {
    run(s, "cisco_ios", "show ip ssh", kShowIpSsh);
}
void BM_IosRunningConfig_5000_lines(benchmark::State& s) {
    static const std::string text = ios_running_config(5000);
    run(s, "cisco_ios", "show running-config", text);
}

BENCHMARK(BM_IosShowAccessLists_100k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AsaShowAccessList_100k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IosShowAccessLists_RealCapture)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_IosShowIpSsh)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_IosRunningConfig_5000_lines)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
