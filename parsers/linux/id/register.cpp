#include "parsers/linux/id/parser.hpp"

// Run as the login user, never under sudo: it is that user sshd must admit. `id USER` is accepted.
void vtyguard_register_parser_linux_id(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux", "id", {}, Args::optional, kIdentity, &lnx::id::parse});
}
