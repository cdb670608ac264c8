#include "plugin/runner/diagnose.hpp"

#include <algorithm>

#include "plugin/engine/checks.hpp"

namespace vtyguard::runner {

namespace {

constexpr std::string_view kNet001 = "NET-001";

// The ids of `platform`'s checks (ASA-* on cisco_asa, the others on cisco_ios; all when unknown).
std::string join(const std::vector<std::string_view>& ids, std::string_view platform) {
    std::string out;
    for (auto id : ids) {
        const bool asa = id.substr(0, 4) == "ASA-";
        if ((platform == "cisco_ios" && asa) || (platform == "cisco_asa" && !asa && id != "SSH-017")) continue;
        out += (out.empty() ? "" : ", ") + std::string(id);
    }
    return out;
}

std::string endpoint(const std::string& address, std::uint16_t port) {
    return (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

// How each outcome is named in the report (`probe.result`) and in a sentence, what it means for
// a client in SPEC section 7's words, and the section-A checks whose cause shows exactly it.
struct Outcome {
    std::string_view result, what, meaning;
    std::vector<std::string_view> checks;
};

const Outcome& outcome(drivers::ProbeStatus s) {
    static const Outcome refused{
        "refused",
        "refused",
        "nothing listens for SSH: the SSH server is disabled (no host key), moved to another "
        "port, or no vty line accepts ssh",
        {"SSH-001", "SSH-002", "SSH-003", "SSH-004", "SSH-005", "SSH-015", "SSH-016", "ASA-005"}};
    static const Outcome closed{"open",
                                "closed before the SSH banner",
                                "the connection was accepted and closed before the SSH banner: a vty access-class "
                                "denies the source, or every SSH-capable vty line is busy",
                                {"SSH-006", "SSH-007", "SSH-009", "SSH-012"}};
    static const Outcome unreachable{"unreachable",
                                     "unreachable",
                                     "the path answered with an ICMP unreachable: an interface ACL denies SSH, or "
                                     "there is no route",
                                     {"SSH-010"}};
    static const Outcome timeout{"timeout",
                                 "timed out",
                                 "nothing answered: a silent drop (interface ACL without unreachables, "
                                 "management-plane protection, ASA ssh allow-list or control-plane ACL, a firewall)",
                                 {"SSH-010", "SSH-011", "ASA-001", "ASA-002", "ASA-007"}};
    static const Outcome open{"open", "open", "SSH answers", {}};
    switch (s) {
        case drivers::ProbeStatus::refused:
            return refused;
        case drivers::ProbeStatus::open_no_banner:
            return closed;
        case drivers::ProbeStatus::unreachable:
            return unreachable;
        case drivers::ProbeStatus::timeout:
            return timeout;
        case drivers::ProbeStatus::open_banner:
            return open;
    }
    return open;
}

// Where NET-001 goes among the findings: after the IOS section-A checks (SSH-001..SSH-017 but
// SSH-008), before the ASA ones and section B, as in CHECKS.md.
std::size_t net001_position(const std::vector<checks::Finding>& findings) {
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& id = findings[i].check;
        const bool ios_a = id.rfind("SSH-0", 0) == 0 && id != "SSH-008" && id != "SSH-018";
        if (!ios_a) return i;
    }
    return findings.size();
}

}  // namespace

nlohmann::json probe_json(const drivers::ProbeResult& p, const std::string& address, std::uint16_t port) {
    const std::string result(outcome(p.status).result);
    nlohmann::json j = {{"result", result},
                        {"address", address},
                        {"port", port},
                        {"via", p.vantage.empty() ? std::string("local") : p.vantage},
                        {"elapsed_ms", p.elapsed.count()}};
    if (result == "open") j["banner"] = p.banner ? nlohmann::json(p.banner->line) : nlohmann::json();
    return j;
}

const std::vector<std::string_view>& explaining_checks(drivers::ProbeStatus s) {
    return outcome(s).checks;
}

const std::vector<std::string_view>& explaining_checks(drivers::ErrorKind kind) {
    static const std::vector<std::string_view> auth = {"SSH-013", "SSH-014", "ASA-003", "ASA-004"};
    static const std::vector<std::string_view> algorithms = {"SSH-017"};
    static const std::vector<std::string_view> none;
    if (kind == drivers::ErrorKind::auth_failed) return auth;
    if (kind == drivers::ErrorKind::no_common_algorithm) return algorithms;
    return none;
}

std::string refusal_message(const drivers::ProbeResult& p, const std::string& address, std::uint16_t port,
                            std::string_view platform) {
    const Outcome& o = outcome(p.status);
    std::string out = "SSH to " + endpoint(address, port) + " " + std::string(o.what) + " (from " +
                      (p.vantage.empty() ? std::string("local") : p.vantage) + "): " + std::string(o.meaning);
    if (const std::string ids = join(explaining_checks(p.status), platform); !ids.empty()) out += " (" + ids + ")";
    if (!p.detail.empty()) out += " [" + p.detail + "]";
    return out;
}

std::string login_hint(drivers::ErrorKind kind, std::string_view platform) {
    switch (kind) {
        case drivers::ErrorKind::auth_failed:
            if (platform == "cisco_ios")
                return "the credentials are refused: wrong credentials, `login local` without usernames (SSH-013), "
                       "or an AAA login list without a local fallback (SSH-014)";
            if (platform == "cisco_asa")
                return "the credentials are refused: wrong credentials, no `aaa authentication ssh console` "
                       "(ASA-003), or LOCAL authentication without usernames (ASA-004)";
            return "the credentials are refused: wrong credentials, `login local` without usernames (SSH-013), an "
                   "AAA list without a local fallback (SSH-014), or ASA without `aaa authentication ssh console` "
                   "(ASA-003) or without usernames (ASA-004)";
        case drivers::ErrorKind::no_common_algorithm:
            return "the device offers only algorithms this client does not (SSH-017): set `legacy_crypto: true` "
                   "for the host to allow group14-sha1, ssh-rsa and CBC";
        default:
            return {};
    }
}

void apply_probe(checks::DeviceReport& r, const drivers::ProbeResult& p, const std::string& address, std::uint16_t port,
                 const checks::Policy& policy) {
    r.probe = probe_json(p, address, port);
    if (policy.skip_checks.count(std::string(kNet001))) return;
    const bool open = p.status == drivers::ProbeStatus::open_banner;
    const auto& ids = explaining_checks(p.status);
    std::vector<std::string> explained;  // failing checks that explain the outcome, in likely order
    for (const auto& id : r.likely_cause)
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) explained.push_back(id);
    for (const auto& f : r.findings)
        if (f.verdict == checks::Verdict::fail && std::find(ids.begin(), ids.end(), f.check) != ids.end() &&
            std::find(explained.begin(), explained.end(), f.check) == explained.end())
            explained.push_back(f.check);

    checks::Finding f;
    f.check = std::string(kNet001);
    f.verdict = open ? checks::Verdict::pass : checks::Verdict::fail;
    f.severity = checks::Severity::info;
    if (auto o = policy.severity_overrides.find(f.check); o != policy.severity_overrides.end()) f.severity = o->second;
    if (open) {
        f.reason = "SSH answers on " + endpoint(address, port) + " from " +
                   (p.vantage.empty() ? std::string("local") : p.vantage) +
                   (p.banner ? " with banner " + p.banner->line : std::string());
    } else {
        f.reason = refusal_message(p, address, port, r.platform);
        if (!explained.empty()) {
            std::string list;
            for (const auto& id : explained) list += (list.empty() ? "" : ", ") + id;
            f.reason += "; explained by " + list;
        } else if (r.status == "audited") {
            f.reason +=
                "; no failing check explains it from the configuration: look at the path (firewall, "
                "routing) between here and the device";
        }
    }
    checks::Evidence e;
    e.command = "probe " + endpoint(address, port);
    e.text = p.detail.empty() ? std::string(to_string(p.status)) : p.detail;
    f.evidence.push_back(std::move(e));
    r.findings.insert(r.findings.begin() + static_cast<std::ptrdiff_t>(net001_position(r.findings)), std::move(f));

    if (open) return;
    // The causes that explain what a client meets come first; when none does, the probe itself.
    std::vector<std::string> ranked = explained;
    if (ranked.empty()) ranked.push_back(std::string(kNet001));
    for (const auto& id : r.likely_cause)
        if (std::find(ranked.begin(), ranked.end(), id) == ranked.end()) ranked.push_back(id);
    r.likely_cause = std::move(ranked);
}

}  // namespace vtyguard::runner
