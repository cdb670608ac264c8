#include "parsers/linux/cat_etc_hosts_deny/parser.hpp"

void vtyguard_register_parser_linux_cat_etc_hosts_deny(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux", "cat /etc/hosts.deny", {}, Args::none, kHostsDeny, &lnx::cat_etc_hosts_deny::parse});
}
