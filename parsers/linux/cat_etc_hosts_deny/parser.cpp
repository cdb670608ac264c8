// `cat /etc/hosts.deny` -> Device::hosts_deny. The grammar (hosts_access(5)) is shared with
// /etc/hosts.allow: parsers/linux/hosts_access.
#include "parsers/linux/cat_etc_hosts_deny/parser.hpp"

#include "parsers/linux/hosts_access/read.hpp"

namespace vtyguard::parsers::lnx::cat_etc_hosts_deny {

void parse(const ParseInput& input, ParseResult& out) {
    out.device.hosts_deny = hosts_access::read(input, out);
}

}  // namespace vtyguard::parsers::lnx::cat_etc_hosts_deny
