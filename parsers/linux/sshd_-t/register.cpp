#include "parsers/linux/sshd_-t/parser.hpp"

// Needs root (sshd reads the host keys): collected with `sudo -n`.
void vtyguard_register_parser_linux_sshd_t(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux", "sshd -T", {"/usr/sbin/sshd -T"}, Args::none, kSshd, &lnx::sshd_t::parse});
}
