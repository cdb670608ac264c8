#include "parsers/cisco_ios/show_running-config/parser.hpp"

void vtyguard_register_parser_cisco_ios_show_running_config(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    const auto parse = &cisco_ios::show_running_config::parse;
    // The whole configuration; also the parser for configuration backups.
    r.add({"cisco_ios",
           "show running-config",
           {},
           Args::none,
           kHostname | kDomain | kVersion | kSsh | kLines | kAcls | kObjectGroups | kUsers | kAaa | kInterfaces |
               kManagementPlane | kLoginBlock | kArchive,
           parse});
    r.add({"cisco_ios",
           "show running-config | section line vty",
           {},
           Args::none,
           kLines,
           &cisco_ios::show_running_config::parse_line_section});
    r.add({"cisco_ios", "show running-config partition access-list", {}, Args::none, kAcls | kObjectGroups, parse});
}
