#include "tests/support/live_lab.hpp"

#include <cstdlib>
#include <mutex>
#include <regex>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "lab/sim/device.hpp"

namespace vtyguard::test_support {

void Credentials::set_environment() const {
    setenv(password_env, password, 1);
    setenv(enable_env, enable, 1);
}

std::string FleetCopy::moved(const std::string& text) const {
    static const std::regex device(R"(\b127\.([1-9][0-9])\.([01])\.(\d{1,3})\b)");
    static const std::regex jump(R"(\b127\.0\.1\.(\d{1,3})\b)");
    std::string out;
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), device); it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        out.append(text, last, static_cast<std::size_t>(m.position()) - last);
        out += "127." + std::to_string(device_net) + "." + std::to_string(std::stoi(m[1]) * 2 + std::stoi(m[2])) + "." +
               m[3].str();
        last = static_cast<std::size_t>(m.position() + m.length());
    }
    out.append(text, last);
    // After the devices: a moved device address never has the jump hosts' 127.0 prefix.
    return std::regex_replace(out, jump, "127.0." + std::to_string(jump_net) + ".$1");
}

std::string FleetCopy::with_credentials(std::string text) const {
    text = std::regex_replace(text, std::regex(R"(\blab-enable\b)"), credentials.enable);
    text =
        std::regex_replace(text, std::regex(R"((secret 0 |password )lab\b)"), std::string("$1") + credentials.password);
    text = std::regex_replace(text, std::regex(R"((\n\s*password: )lab\b)"), std::string("$1") + credentials.password);
    return text;
}

void FleetCopy::copy_to(const fs::path& dir) const {
    for (const auto& e : fs::recursive_directory_iterator(fleets)) {
        if (!e.is_regular_file()) continue;
        write_text(dir / fs::relative(e.path(), fleets), with_credentials(moved(read_text(e.path()))));
    }
}

std::vector<HostSpec> hosts_of(const lab::FleetFile& fleet) {
    std::vector<HostSpec> out;
    for (const auto& d : fleet.devices) {
        HostSpec h;
        h.name = d.spec.name;
        h.address = d.spec.address;
        h.platform = std::string(lab::personality_key(d.spec.personality));
        h.port = d.spec.ssh_port;
        for (const auto* j : fleet.jump_chain(d)) h.jump.push_back(j->name);
        h.legacy = d.spec.legacy_crypto;
        if (d.spec.telnet_port) {
            h.telnet = true;
            h.port = d.spec.telnet_port;
        }
        out.push_back(std::move(h));
    }
    return out;
}

fs::path write_inventory(const fs::path& path, const Credentials& credentials, const std::vector<JumpSpec>& jumps,
                         const std::vector<HostSpec>& hosts, const Budget& budget) {
    YAML::Emitter y;
    y << YAML::BeginMap << YAML::Key << "vtyguard" << YAML::Value << 1;
    y << YAML::Key << "defaults" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "user" << YAML::Value << "admin";
    y << YAML::Key << "password_env" << YAML::Value << credentials.password_env;
    y << YAML::Key << "enable_env" << YAML::Value << credentials.enable_env;
    y << YAML::Key << "timeouts" << YAML::Value << YAML::BeginMap << YAML::Key << "connect" << YAML::Value
      << budget.connect << YAML::Key << "command" << YAML::Value << budget.command << YAML::Key << "device"
      << YAML::Value << budget.device << YAML::EndMap;
    y << YAML::EndMap;
    if (!jumps.empty()) {
        y << YAML::Key << "jump_hosts" << YAML::Value << YAML::BeginMap;
        for (const auto& j : jumps) {
            y << YAML::Key << j.name << YAML::Value << YAML::BeginMap;
            y << YAML::Key << "address" << YAML::Value << j.address << YAML::Key << "port" << YAML::Value << j.port;
            y << YAML::Key << "user" << YAML::Value << j.user;
            y << YAML::Key << "identity_files" << YAML::Value << YAML::Flow << YAML::BeginSeq << j.key << YAML::EndSeq;
            y << YAML::EndMap;
        }
        y << YAML::EndMap;
    }
    y << YAML::Key << "hosts" << YAML::Value << YAML::BeginMap;
    for (const auto& h : hosts) {
        y << YAML::Key << h.name << YAML::Value << YAML::BeginMap;
        y << YAML::Key << "address" << YAML::Value << h.address;
        if (!h.platform.empty()) y << YAML::Key << "platform" << YAML::Value << h.platform;
        if (h.port) y << YAML::Key << "port" << YAML::Value << h.port;
        if (!h.user.empty()) y << YAML::Key << "user" << YAML::Value << h.user;
        if (!h.identity.empty())
            y << YAML::Key << "identity_files" << YAML::Value << YAML::Flow << YAML::BeginSeq << h.identity
              << YAML::EndSeq;
        if (!h.jump.empty()) y << YAML::Key << "jump" << YAML::Value << YAML::Flow << h.jump;
        if (h.legacy) y << YAML::Key << "legacy_crypto" << YAML::Value << true;
        if (h.telnet) y << YAML::Key << "transport" << YAML::Value << "telnet";
        if (!h.via.empty()) y << YAML::Key << "via" << YAML::Value << h.via;
        if (!h.source.empty()) y << YAML::Key << "source_address" << YAML::Value << h.source;
        y << YAML::EndMap;
    }
    y << YAML::EndMap << YAML::EndMap;
    write_text(path, std::string(y.c_str()) + "\n");
    return path;
}

Ran run_cli(const std::vector<std::string>& args, const fs::path& dir, const std::string& tag) {
    std::vector<std::string> all = {VTYGUARD_CLI};
    all.insert(all.end(), args.begin(), args.end());
    return run(all, dir, tag);
}

inventory::Inventory load(const fs::path& path) {
    inventory::Inventory inv;
    inventory::InventoryError e;
    if (!inventory::load_inventory(path, inventory::Format::automatic, inv, e)) throw std::runtime_error(e.str());
    return inv;
}

checks::Policy policy_file(const fs::path& path) {
    checks::Policy p;
    std::string error;
    if (!checks::load_policy(path.string(), p, error)) throw std::runtime_error(error);
    return p;
}

runner::RunOptions options_in(const fs::path& dir) {
    runner::RunOptions o;
    o.known_hosts = dir / "known_hosts";
    o.accept_new = true;
    return o;
}

InProcessRun audit_in_process(const inventory::Inventory& inv, const checks::Policy& policy,
                              const runner::RunOptions& options, const std::set<std::string>& only,
                              const runner::ProgressFn& progress, runner::Connector* through) {
    std::vector<const inventory::Host*> hosts;
    for (const auto& h : inv.hosts)
        if (only.empty() || only.count(h.name)) hosts.push_back(&h);
    InProcessRun out;
    std::mutex mu;
    const auto start = std::chrono::steady_clock::now();
    auto own = runner::make_driver_connector();
    out.summary = runner::run_fleet(
        inv, hosts, policy, options, through ? *through : *own,
        [&](const checks::DeviceReport& r) {
            std::lock_guard lock(mu);
            out.finished_at[r.device] =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
            out.reports.emplace(r.device, r);
        },
        progress);
    return out;
}

const checks::Finding* finding(const checks::DeviceReport& r, const std::string& check) {
    for (const auto& f : r.findings)
        if (f.check == check) return &f;
    return nullptr;
}

namespace {

class HookedSession final : public runner::DeviceSession {
public:
    HookedSession(std::unique_ptr<runner::DeviceSession> s, const HookConnector::Hook& before, std::string host)
        : s_(std::move(s)), before_(before), host_(std::move(host)) {}
    const drivers::SessionFacts& facts() const override { return s_->facts(); }
    drivers::Result<drivers::CommandOutput> run(std::string_view command, drivers::Deadline d) override {
        before_(host_, command);
        return s_->run(command, d);
    }
    void close(drivers::Deadline d) override { s_->close(d); }

private:
    std::unique_ptr<runner::DeviceSession> s_;
    const HookConnector::Hook& before_;
    std::string host_;
};

}  // namespace

drivers::Result<std::unique_ptr<runner::DeviceSession>> HookConnector::open(const drivers::DeviceTarget& t,
                                                                            drivers::Deadline deadline) {
    auto s = inner_.open(t, deadline);
    if (!s) return s.error();
    return std::unique_ptr<runner::DeviceSession>(
        std::make_unique<HookedSession>(std::move(s).value(), before_, t.name));
}

}  // namespace vtyguard::test_support
