#include "parsers/cisco_ios/show_ip_ssh/parser.hpp"

// kKeys too: the output names the SSH host key(s) (`IOS Keys in SECSH format(ssh-rsa, ...): LABEL`)
// and states or encodes their size, which SSH-016 and SSH-102 need.
void vtyguard_register_parser_cisco_ios_show_ip_ssh(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_ios", "show ip ssh", {}, Args::none, kSsh | kKeys, &cisco_ios::show_ip_ssh::parse});
}
