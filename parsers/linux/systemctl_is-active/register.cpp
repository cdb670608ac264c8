#include "parsers/linux/systemctl_is-active/parser.hpp"

// The units are arguments: `systemctl is-active ssh sshd` asks for Debian's and Red Hat's name at
// once (a capture file `systemctl_is-active_ssh_sshd.txt` names them in its slug).
void vtyguard_register_parser_linux_systemctl_is_active(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux", "systemctl is-active", {}, Args::required, kService, &lnx::systemctl_is_active::parse});
}
