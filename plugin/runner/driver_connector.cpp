// The Connector of real live audits: drivers::Driver sessions and drivers::probe, with one
// JumpPool shared by every device, so a fleet behind a bastion costs one bastion login.
#include "plugin/runner/runner.hpp"

namespace vtyguard::runner {

namespace {

class DriverSession final : public DeviceSession {
public:
    explicit DriverSession(drivers::Driver d) : d_(std::move(d)) {}
    const drivers::SessionFacts& facts() const override { return d_.facts(); }
    drivers::Result<drivers::CommandOutput> run(std::string_view command, drivers::Deadline deadline) override {
        return d_.send_command(command, deadline);
    }
    void close(drivers::Deadline deadline) override { (void)d_.close(deadline); }

private:
    drivers::Driver d_;
};

class DriverConnector final : public Connector {
public:
    drivers::Result<drivers::ProbeResult> probe(const ProbeTarget& t, drivers::Deadline deadline) override {
        if (t.chain.empty()) return drivers::probe(t.host, t.port, deadline, t.source);
        return drivers::probe(pool_, t.chain, t.host, t.port, deadline);
    }
    drivers::Result<std::unique_ptr<DeviceSession>> open(const drivers::DeviceTarget& target,
                                                         drivers::Deadline deadline) override {
        auto d = drivers::Driver::open(target, deadline, &pool_);
        if (!d) return d.error();
        return std::unique_ptr<DeviceSession>(std::make_unique<DriverSession>(std::move(d).value()));
    }

private:
    drivers::JumpPool pool_;
};

}  // namespace

std::unique_ptr<Connector> make_driver_connector() {
    return std::make_unique<DriverConnector>();
}

}  // namespace vtyguard::runner
