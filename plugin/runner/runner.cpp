#include "plugin/runner/runner.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "drivers/platforms.hpp"
#include "parsers/parse.hpp"
#include "plugin/runner/captures.hpp"
#include "plugin/runner/diagnose.hpp"
#include "plugin/runner/redact.hpp"

namespace vtyguard::runner {

namespace {

using drivers::Deadline;
using inventory::Host;
using std::chrono::milliseconds;

Timeouts effective_timeouts(const Host& h, const RunOptions& o) {
    Timeouts t = o.timeouts;
    if (h.timeouts.connect.count() > 0) t.connect = h.timeouts.connect;
    if (h.timeouts.command.count() > 0) t.command = h.timeouts.command;
    if (h.timeouts.device.count() > 0) t.device = h.timeouts.device;
    return t;
}

Deadline within(milliseconds budget, Deadline outer) {
    return std::min(drivers::deadline_in(budget), outer);
}

// The login name ssh would use when the inventory states none.
std::string local_user() {
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* found = nullptr;
    if (getpwuid_r(getuid(), &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_name)
        return found->pw_name;
    return {};
}

bool secret_value(const inventory::Secret& s, std::string& out, std::string& error) {
    out.clear();
    if (s.empty()) return true;
    inventory::InventoryError e;
    if (inventory::read_secret(s, out, e)) return true;
    error = e.str();
    return false;
}

drivers::HostKeyPolicy key_policy(const Host& h, const RunOptions& o) {
    switch (h.host_key_checking) {
        case inventory::HostKeyCheck::yes:
            return drivers::HostKeyPolicy::strict;
        // `no` (ssh's StrictHostKeyChecking=no) still never accepts a changed key: the transport
        // refuses one whatever the policy, which is what a diagnosis tool must do.
        case inventory::HostKeyCheck::accept_new:
        case inventory::HostKeyCheck::no:
            return drivers::HostKeyPolicy::accept_new;
        case inventory::HostKeyCheck::unset:
            break;
    }
    return o.accept_new ? drivers::HostKeyPolicy::accept_new : drivers::HostKeyPolicy::strict;
}

std::filesystem::path known_hosts(const Host& h, const RunOptions& o) {
    return h.known_hosts_file.empty() ? o.known_hosts : std::filesystem::path(h.known_hosts_file);
}

std::vector<std::filesystem::path> paths(const std::vector<std::string>& v) {
    return {v.begin(), v.end()};
}

// The hosts from the outermost device to `host` along `via` (just `host` when reached directly).
bool via_path(const inventory::Inventory& inv, const Host& host, std::vector<const Host*>& out, std::string& error) {
    out = {&host};
    while (!out.back()->via_device.empty()) {
        const Host* next = inv.find(out.back()->via_device);
        if (!next) {
            error = out.back()->name + ": `via` names '" + out.back()->via_device + "', which is not in the inventory";
            return false;
        }
        if (std::find(out.begin(), out.end(), next) != out.end()) {
            error = host.name + ": the `via` devices reach themselves through '" + next->name + "'";
            return false;
        }
        out.push_back(next);
    }
    std::reverse(out.begin(), out.end());
    return true;
}

// The SSH port NET-001 probes: the host's own when SSH is how it is reached, else the policy's.
std::uint16_t probe_port(const Host& h, const checks::Policy& policy) {
    if (h.transport == inventory::Transport::ssh && h.port) return h.port;
    if (h.transport == inventory::Transport::ssh && h.via_device.empty()) return h.effective_port();
    return static_cast<std::uint16_t>(policy.ssh_port > 0 && policy.ssh_port < 65536 ? policy.ssh_port : 22);
}

// ---- evidence commands ----

// What the templates of the platform's evidence commands need, from the outputs so far.
struct Facts {
    int last_vty = -1;
    std::string vrf;  // of the interface holding the device's address
};

Facts facts_from(const std::string& platform, const std::vector<checks::CaptureText>& captures,
                 const std::string& address) {
    Facts f;
    for (const auto& c : captures) {
        const auto m = parsers::registry().find(platform, c.command);
        if (!m.info || !(m.info->sections & (parsers::kLines | parsers::kInterfaces))) continue;
        parsers::ParseResult r;
        parsers::Resolved resolved;
        std::string error;
        if (!parsers::parse(platform, c.command, c.text, r, resolved, error)) continue;
        for (const auto& l : r.device.lines)
            if (l.type == "vty") f.last_vty = std::max(f.last_vty, std::max(l.first, l.last));
        for (const auto& i : r.device.interfaces)
            for (const auto& a : i.ipv4)
                if (a.address == address && i.vrf) f.vrf = *i.vrf;
    }
    return f;
}

bool needs_facts(const drivers::EvidenceCommand& e) {
    for (const auto& t : {e.command, e.vrf_variant})
        if (t.find("{last}") != std::string::npos || t.find("{vrf}") != std::string::npos) return true;
    return false;
}

// The IPv4 addresses of the policy's management sources (`10.0.0.0/8` -> `10.0.0.0`): the route
// back to each is what `show ip route` is asked about.
std::vector<std::string> source_addresses(const checks::Policy& policy) {
    std::vector<std::string> out;
    for (const auto& s : policy.management_sources) {
        if (s.find(':') != std::string::npos) continue;
        std::string a = s.substr(0, s.find('/'));
        if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    return out;
}

// The commands one evidence entry stands for with these facts (several with `{source}`).
std::vector<std::string> expand(const drivers::EvidenceCommand& e, const Facts& facts,
                                const std::vector<std::string>& sources) {
    std::map<std::string, std::string> values;
    if (facts.last_vty >= 0) values["last"] = std::to_string(facts.last_vty);
    if (!facts.vrf.empty()) values["vrf"] = facts.vrf;
    const std::string& templ = !facts.vrf.empty() && !e.vrf_variant.empty() ? e.vrf_variant : e.command;
    std::vector<std::string> out;
    std::string missing;
    if (templ.find("{source}") == std::string::npos) {
        if (auto c = drivers::expand_command(templ, values, missing)) out.push_back(*c);
        return out;  // a value the device does not state (no vty lines): the command is not asked
    }
    for (const auto& s : sources) {
        values["source"] = s;
        if (auto c = drivers::expand_command(templ, values, missing)) out.push_back(*c);
    }
    return out;
}

// ---- one device ----

checks::DeviceReport not_audited(checks::DeviceReport r, std::string status, std::string error) {
    r.status = std::move(status);
    r.error = std::move(error);
    return r;
}

std::string kind_name(drivers::ErrorKind k) {
    return std::string(drivers::to_string(k));
}

std::string with_hint(const drivers::Error& e, std::string_view platform) {
    const std::string hint = login_hint(e.kind, platform);
    return hint.empty() ? e.what() : e.what() + ": " + hint;
}

struct Visit {
    const inventory::Inventory& inv;
    const Host& host;
    const checks::Policy& policy;
    const RunOptions& options;
    Connector& connector;
    Timeouts t;
    Deadline deadline;
    std::vector<std::string>& warnings;

    checks::DeviceReport run();
    bool cancelled() const { return options.cancel && options.cancel->load(); }
};

// What a device in flight ends as when the run is cancelled: never a verdict on the device.
checks::DeviceReport cancelled_report(checks::DeviceReport r, const Host& host, std::string_view when) {
    return not_audited(std::move(r), "cancelled", host.name + ": the run was cancelled " + std::string(when));
}

checks::DeviceReport Visit::run() {
    checks::DeviceReport r;
    r.device = host.name;
    r.address = host.target();
    r.platform = host.platform;
    r.evidence.name = host.name;
    r.evidence.address = r.address;
    drivers::DeviceTarget target;
    std::string status, error;
    if (!make_target(inv, host, options, target, status, error)) return not_audited(std::move(r), status, error);

    // NET-001 from this machine or the host's jump chain. A host reached only through another
    // device has no path from here to probe: its hop login is what tells.
    ProbeTarget pt;
    pt.chain = target.jump;
    pt.source = target.jump.empty() ? target.ssh.source_address : std::string();
    pt.host = host.target();
    pt.port = probe_port(host, policy);
    const bool via = !host.via_device.empty();
    const bool other_path = host.transport == inventory::Transport::telnet || via;
    std::optional<drivers::ProbeResult> probe;
    if (!via) {
        auto probed = connector.probe(pt, within(t.connect, deadline));
        // A probe that could not be made (a name that does not resolve, a jump host that refuses
        // us) is what a direct login would meet too.
        if (probed)
            probe = std::move(probed).value();
        else if (!other_path)
            return not_audited(std::move(r), kind_name(probed.error().kind), with_hint(probed.error(), host.platform));
    }
    if (probe && probe->status != drivers::ProbeStatus::open_banner && !other_path) {
        r = not_audited(std::move(r),
                        std::string(probe->status == drivers::ProbeStatus::open_no_banner ? "disconnected"
                                                                                          : to_string(probe->status)),
                        host.name + ": " + refusal_message(*probe, pt.host, pt.port, host.platform) +
                            "; no other path to collect evidence (the inventory may give the host `transport: "
                            "telnet` or `via: DEVICE`)");
        apply_probe(r, *probe, pt.host, pt.port, policy);
        return r;
    }

    if (cancelled()) {
        r = cancelled_report(std::move(r), host, "before the login");
        if (probe) apply_probe(r, *probe, pt.host, pt.port, policy);
        return r;
    }
    auto opened = connector.open(target, within(t.connect + t.command, deadline));
    if (!opened) {
        r = not_audited(std::move(r), kind_name(opened.error().kind), with_hint(opened.error(), host.platform));
        if (probe) apply_probe(r, *probe, pt.host, pt.port, policy);
        return r;
    }
    DeviceSession& session = **opened;
    const drivers::SessionFacts facts = session.facts();
    const drivers::Platform* platform = drivers::find_platform(facts.platform);
    const auto audited = parsers::registry().platforms();
    if (!platform || std::find(audited.begin(), audited.end(), facts.platform) == audited.end()) {
        session.close(within(t.command, deadline));
        std::string list;
        for (const auto& p : audited) list += (list.empty() ? "" : ", ") + p;
        return not_audited(
            std::move(r), "unsupported_platform",
            host.name + ": platform '" + facts.platform + "' is not audited by this build (" + list + ")");
    }
    r.platform = facts.platform;

    checks::CaptureSet set;
    set.name = host.name;
    set.platform = facts.platform;
    set.hostname = facts.hostname;
    set.address = host.target();
    const auto sources = source_addresses(policy);
    // Root-only commands of a Linux host go through `sudo -n`: where that is not allowed the
    // refusal is the capture, and the checks that need it say `unknown`. A root login (`id`, the
    // platform's first command, says uid=0) runs them as they are: a host without sudo would
    // refuse it for no reason.
    bool root = false;
    bool stopped = false;  // cancelled between two commands
    auto collect = [&](const std::string& command, bool needs_root) -> std::optional<drivers::Error> {
        if (cancelled()) {
            stopped = true;
            return drivers::Error{drivers::ErrorKind::invalid_argument, drivers::Stage::io, host.name, "cancelled", ""};
        }
        auto out = session.run(needs_root && !root ? "sudo -n " + command : command, within(t.command, deadline));
        if (!out) return out.error();
        if (command == "id" && facts.platform == "linux") root = out->output.rfind("uid=0(", 0) == 0;
        set.captures.push_back({command, redact(out->output), {}});
        return std::nullopt;
    };
    std::optional<drivers::Error> failed;
    std::string failed_command;
    // Commands whose arguments come from the configuration run after the others have been read.
    for (int pass = 0; pass < 2 && !failed; ++pass) {
        const Facts f = pass ? facts_from(set.platform, set.captures, host.target()) : Facts{};
        for (const auto& e : platform->evidence) {
            if (needs_facts(e) != (pass == 1)) continue;
            for (const auto& c : expand(e, f, sources)) {
                if ((failed = collect(c, e.needs_root))) {
                    failed_command = c;
                    break;
                }
            }
            if (failed) break;
        }
    }
    session.close(within(std::min(t.command, milliseconds(5000)), deadline));
    if (stopped) {
        r = cancelled_report(std::move(r), host, "before `" + failed_command + "`, the evidence is incomplete");
        if (probe) apply_probe(r, *probe, pt.host, pt.port, policy);
        return r;
    }
    if (failed) {
        std::string message = failed->what();
        if (message.find(failed_command) == std::string::npos) message += " (while running `" + failed_command + "`)";
        return not_audited(std::move(r), kind_name(failed->kind), message);
    }

    if (!options.save_captures.empty()) {
        std::string why;
        if (!save_capture_set(options.save_captures, set, why)) warnings.push_back(why);
    }
    checks::DeviceEvidence ev;
    if (!checks::load_captures(set, ev, error)) {
        r.platform = ev.platform;
        r = not_audited(std::move(r), "error", error);
    } else {
        r = checks::audit_device(std::move(ev), policy, options.audit);
        if (r.device != host.name) r.device = host.name;
    }
    if (probe) apply_probe(r, *probe, pt.host, pt.port, policy);
    return r;
}

}  // namespace

bool make_target(const inventory::Inventory& inv, const Host& host, const RunOptions& options,
                 drivers::DeviceTarget& target, std::string& status, std::string& error) {
    std::vector<const Host*> chain;
    if (!via_path(inv, host, chain, error)) {
        status = "error";
        return false;
    }
    const std::string fallback_user = local_user();
    drivers::DeviceTarget t;
    const Host& outer = *chain.front();
    std::string password, enable;
    if (!secret_value(outer.password, password, error) ||
        (chain.size() == 1 && !secret_value(outer.enable, enable, error))) {
        status = "credentials";
        return false;
    }
    t.name = outer.name;
    t.platform = chain.size() == 1 ? outer.platform : std::string();
    t.transport =
        outer.transport == inventory::Transport::telnet ? drivers::TransportKind::telnet : drivers::TransportKind::ssh;
    t.ssh.name = outer.name;
    t.ssh.host = outer.target();
    t.ssh.port = outer.effective_port();
    t.ssh.credentials.username = outer.user.empty() ? fallback_user : outer.user;
    t.ssh.credentials.password = password;
    t.ssh.credentials.identity_files = paths(outer.identity_files);
    t.ssh.credentials.use_agent = outer.use_agent && !outer.identities_only;
    t.ssh.known_hosts = known_hosts(outer, options);
    t.ssh.host_key_policy = key_policy(outer, options);
    t.ssh.algorithms = outer.legacy_crypto ? drivers::AlgorithmProfile::legacy : drivers::AlgorithmProfile::modern;
    t.enable_secret = enable;
    for (const auto& hop : outer.jump) {
        drivers::SshOptions j;
        j.name = hop.name;
        j.host = hop.target();
        j.port = hop.port ? hop.port : 22;
        j.credentials.username = hop.user.empty() ? fallback_user : hop.user;
        if (!secret_value(hop.password, j.credentials.password, error)) {
            status = "credentials";
            return false;
        }
        j.credentials.identity_files = paths(hop.identity_files);
        j.credentials.use_agent = true;
        j.known_hosts = t.ssh.known_hosts;
        j.host_key_policy = t.ssh.host_key_policy;
        t.jump.push_back(std::move(j));
    }
    // The inventory's source_address (OpenSSH's BindAddress) is where this machine's one TCP
    // connection starts: to the first jump host, or to the device.
    (t.jump.empty() ? t.ssh : t.jump.front()).source_address = outer.source_address;
    for (std::size_t i = 1; i < chain.size(); ++i) {
        const Host& h = *chain[i];
        drivers::HopTarget hop;
        hop.method = h.transport == inventory::Transport::telnet ? drivers::HopTarget::Method::telnet
                                                                 : drivers::HopTarget::Method::ssh;
        hop.name = h.name;
        hop.address = h.target();
        hop.port = h.port;
        hop.username = h.user.empty() ? fallback_user : h.user;
        hop.platform = h.platform;
        if (!secret_value(h.password, hop.password, error) ||
            (i + 1 == chain.size() && !secret_value(h.enable, hop.enable_secret, error))) {
            status = "credentials";
            return false;
        }
        t.hops.push_back(std::move(hop));
    }
    target = std::move(t);
    return true;
}

checks::DeviceReport audit_host(const inventory::Inventory& inventory, const Host& host, const checks::Policy& policy,
                                const RunOptions& options, Connector& connector, std::vector<std::string>* warnings) {
    const Timeouts t = effective_timeouts(host, options);
    std::vector<std::string> own;
    Visit v{inventory, host, policy, options, connector, t, drivers::deadline_in(t.device), warnings ? *warnings : own};
    try {
        return v.run();
    } catch (const std::exception& e) {
        // A bug must not take the rest of the fleet down with it.
        checks::DeviceReport r;
        r.device = host.name;
        r.address = host.target();
        r.platform = host.platform;
        return not_audited(std::move(r), "error", host.name + ": internal error while auditing: " + e.what());
    }
}

RunSummary run_fleet(const inventory::Inventory& inventory, const std::vector<const Host*>& hosts,
                     const checks::Policy& policy, const RunOptions& options, Connector& connector,
                     const DeviceSink& sink, const ProgressFn& progress) {
    RunSummary summary;
    if (hosts.empty()) return summary;
    const std::size_t workers = std::min<std::size_t>(
        hosts.size(), options.workers ? options.workers : std::min<std::size_t>(32, hosts.size()));
    std::mutex mu;
    std::size_t next = 0;
    Progress state;
    state.total = hosts.size();
    auto worker = [&] {
        while (true) {
            std::size_t i;
            {
                std::lock_guard lock(mu);
                if (next >= hosts.size() || (options.cancel && options.cancel->load())) return;
                i = next++;
                ++state.in_flight;
                summary.max_in_flight = std::max(summary.max_in_flight, state.in_flight);
            }
            std::vector<std::string> warnings;
            checks::DeviceReport r = audit_host(inventory, *hosts[i], policy, options, connector, &warnings);
            std::lock_guard lock(mu);
            for (auto& w : warnings) summary.warnings.push_back(std::move(w));
            --state.in_flight;
            ++state.done;
            ++summary.devices;
            if (r.status == "audited") {
                ++state.audited;
                ++summary.audited;
            } else {
                ++state.errors;
                ++summary.errors;
            }
            try {
                if (sink) sink(r);
                if (progress) progress(state);
            } catch (const std::exception& e) {
                summary.warnings.push_back(std::string("while handing over a device report: ") + e.what());
            }
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(workers);
    try {
        for (std::size_t i = 0; i < workers; ++i) threads.emplace_back(worker);
    } catch (const std::system_error& e) {
        // Fewer threads than asked (a process limit): those that started do all the work.
        summary.warnings.push_back(std::string("started ") + std::to_string(threads.size()) + " of " +
                                   std::to_string(workers) + " workers: " + e.what());
        if (threads.empty()) worker();
    }
    for (auto& th : threads) th.join();
    return summary;
}

}  // namespace vtyguard::runner
