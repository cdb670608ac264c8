// `cat /etc/hosts.allow` -> Device::hosts_allow. The grammar (hosts_access(5)) is shared with
// /etc/hosts.deny: parsers/linux/hosts_access.
#include "parsers/linux/cat_etc_hosts_allow/parser.hpp"

#include "parsers/linux/hosts_access/read.hpp"

namespace vtyguard::parsers::lnx::cat_etc_hosts_allow {

void parse(const ParseInput& input, ParseResult& out) {
    out.device.hosts_allow = hosts_access::read(input, out);
}

}  // namespace vtyguard::parsers::lnx::cat_etc_hosts_allow
