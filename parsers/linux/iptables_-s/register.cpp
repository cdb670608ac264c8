#include "parsers/linux/iptables_-s/parser.hpp"

// Needs root: collected with `sudo -n`.
void vtyguard_register_parser_linux_iptables_s(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux", "iptables -S", {"iptables --list-rules"}, Args::none, kIptables, &lnx::iptables_s::parse});
}
