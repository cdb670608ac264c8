#include "parsers/linux/service_ssh_status/parser.hpp"

// Debian and Ubuntu call the unit `ssh`, Red Hat `sshd`; `systemctl status` prints what `service`
// prints on systemd hosts.
void vtyguard_register_parser_linux_service_ssh_status(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux",
           "service ssh status",
           {"service sshd status", "systemctl status ssh", "systemctl status sshd"},
           Args::none,
           kService,
           &lnx::service_ssh_status::parse});
}
