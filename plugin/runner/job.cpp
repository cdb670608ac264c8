// One live audit as a host asks for it (plugin/runner/job.hpp).
#include "plugin/runner/job.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

namespace vtyguard::runner {

std::string_view field_key(JobField field) {
    switch (field) {
        case JobField::none:
            return "";
        case JobField::inventory_format:
            return "inventory_format";
        case JobField::shard:
            return "shard";
        case JobField::hosts:
            return "hosts";
        case JobField::workers:
            return "workers";
        case JobField::connect_timeout:
            return "connect_timeout";
        case JobField::command_timeout:
            return "command_timeout";
        case JobField::device_timeout:
            return "device_timeout";
        case JobField::save_captures:
            return "save_captures";
    }
    return "";
}

namespace {

bool fail(JobError& error, JobField field, std::string detail, bool input = false) {
    error.field = field;
    error.detail = std::move(detail);
    error.input = input;
    return false;
}

// A timeout in seconds (0: `fallback`); false for a negative, infinite or absurd value, which the
// CLI's own checks never let through but a request or Ansible args can hold.
bool timeout(double seconds, std::chrono::milliseconds fallback, std::chrono::milliseconds& out) {
    constexpr double kMaxSeconds = 7 * 24 * 3600.0;
    if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxSeconds) return false;
    out = seconds > 0 ? std::chrono::milliseconds(static_cast<long long>(seconds * 1000)) : fallback;
    // A sub-millisecond value would be a deadline that has passed before the first read.
    if (out.count() == 0) out = std::chrono::milliseconds(1);
    return true;
}

}  // namespace

bool prepare_job(const JobOptions& o, Job& job, JobError& error) {
    job = Job{};
    std::string message;
    if (o.policy) {
        job.policy = *o.policy;
    } else if (!o.policy_file.empty() && !checks::load_policy(o.policy_file, job.policy, message)) {
        return fail(error, JobField::none, message, true);
    }
    inventory::Format format;
    if (!inventory::format_from_name(o.inventory_format, format))
        return fail(error, JobField::inventory_format,
                    " " + o.inventory_format + ": unknown (auto, vtyguard, ansible-ini, ansible-yaml, nornir, list, " +
                        "ssh-config)");
    inventory::InventoryError ierr;
    if (!inventory::load_inventory(o.inventory, format, job.inventory, ierr))
        return fail(error, JobField::none, ierr.str(), true);
    job.warnings = job.inventory.warnings;
    if (job.inventory.hosts.empty()) return fail(error, JobField::none, o.inventory + ": no hosts to audit", true);

    if (!o.shard.empty()) {
        unsigned k = 0, n = 0;
        if (!inventory::parse_shard(o.shard, k, n, message)) return fail(error, JobField::shard, ": " + message);
        job.hosts = inventory::shard(job.inventory, k, n);
    } else {
        for (const auto& h : job.inventory.hosts) job.hosts.push_back(&h);
    }
    if (!o.hosts.empty()) {
        std::set<std::string_view> wanted;
        for (const auto& name : o.hosts) {
            if (!job.inventory.find(name))
                return fail(error, JobField::hosts, ": " + name + ": not in the inventory " + o.inventory);
            wanted.insert(name);
        }
        std::erase_if(job.hosts, [&](const inventory::Host* h) { return !wanted.count(h->name); });
    }

    RunOptions& r = job.options;
    if (o.workers > kMaxWorkers)
        return fail(error, JobField::workers,
                    ": " + std::to_string(o.workers) + ": at most " + std::to_string(kMaxWorkers) + " devices at once");
    r.workers = o.workers;
    r.audit.fixes = o.fixes;
    r.known_hosts = o.known_hosts;
    r.accept_new = o.accept_new;
    r.cancel = o.cancel;
    job.keep_evidence = o.keep_evidence;
    for (const auto& [seconds, field, slot] :
         {std::tuple{o.connect_timeout, JobField::connect_timeout, &r.timeouts.connect},
          std::tuple{o.command_timeout, JobField::command_timeout, &r.timeouts.command},
          std::tuple{o.device_timeout, JobField::device_timeout, &r.timeouts.device}})
        if (!timeout(seconds, *slot, *slot))
            return fail(error, field, ": " + std::to_string(seconds) + ": not a number of seconds from 0 to 604800");
    if (!o.save_captures.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(o.save_captures, ec);
        if (ec || !std::filesystem::is_directory(o.save_captures, ec))
            return fail(error, JobField::save_captures,
                        " " + o.save_captures + ": cannot create the folder" + (ec ? ": " + ec.message() : ""), true);
        r.save_captures = o.save_captures;
    }
    return true;
}

namespace {

// Every field but `evidence`, copied (the report handed to the sink is the runner's).
checks::DeviceReport without_evidence(const checks::DeviceReport& r) {
    checks::DeviceReport k;
    k.device = r.device;
    k.hostname = r.hostname;
    k.platform = r.platform;
    k.address = r.address;
    k.status = r.status;
    k.error = r.error;
    k.probe = r.probe;
    k.findings = r.findings;
    k.likely_cause = r.likely_cause;
    k.plan = r.plan;
    k.diagnostics = r.diagnostics;
    return k;
}

}  // namespace

JobRun run_job(const Job& job, const DeviceSink& on_device, const ProgressFn& progress, Connector* connector) {
    JobRun run;
    std::unique_ptr<Connector> own;
    if (!connector) {
        own = make_driver_connector();
        connector = own.get();
    }
    // run_fleet calls the sink under its lock, so `done` needs no lock of its own.
    std::map<std::string, checks::DeviceReport> done;
    run.summary = run_fleet(
        job.inventory, job.hosts, job.policy, job.options, *connector,
        [&](const checks::DeviceReport& r) {
            if (on_device) on_device(r);
            done.emplace(r.device, job.keep_evidence ? r : without_evidence(r));
        },
        progress);
    for (const auto* h : job.hosts)
        if (auto it = done.find(h->name); it != done.end()) run.reports.push_back(std::move(it->second));
    run.cancelled = run.reports.size() < job.hosts.size() && job.options.cancel && job.options.cancel->load();
    return run;
}

int exit_code(const JobRun& run, const checks::ExitPolicy& policy) {
    return run.cancelled ? 3 : checks::exit_code(run.reports, policy);
}

std::string device_line(const checks::DeviceReport& report) {
    return checks::device_json(report).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vtyguard::runner
