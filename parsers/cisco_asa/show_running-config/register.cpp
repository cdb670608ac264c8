#include "parsers/cisco_asa/show_running-config/parser.hpp"

void vtyguard_register_parser_cisco_asa_show_running_config(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    namespace p = cisco_asa::show_running_config;
    // The whole configuration; also the parser of configuration backups. `more
    // system:running-config` prints the same text.
    r.add({"cisco_asa",
           "show running-config",
           {"more system:running-config"},
           Args::none,
           kHostname | kDomain | kVersion | kSsh | kUsers | kAaa | kInterfaces | kAccessGroups | kTelnet | kAcls |
               kObjectGroups,
           &p::parse});
    r.add({"cisco_asa", "show running-config ssh", {}, Args::none, kSsh, &p::parse});
    r.add({"cisco_asa", "show running-config aaa", {}, Args::none, kAaa, &p::parse});
    r.add({"cisco_asa", "show running-config username", {}, Args::none, kUsers, &p::parse});
    r.add({"cisco_asa", "show running-config telnet", {}, Args::none, kTelnet, &p::parse});
    r.add({"cisco_asa", "show running-config access-group", {}, Args::none, kAccessGroups, &p::parse});
}
