#include "parsers/linux/cat_etc_hosts_allow/parser.hpp"

void vtyguard_register_parser_linux_cat_etc_hosts_allow(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux", "cat /etc/hosts.allow", {}, Args::none, kHostsAllow, &lnx::cat_etc_hosts_allow::parse});
}
