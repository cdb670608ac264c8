#include "parsers/cisco_ios/show_access-lists/parser.hpp"

void vtyguard_register_parser_cisco_ios_show_access_lists(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_ios",
           "show access-lists",
           {"show ip access-lists", "show ipv6 access-list"},
           Args::optional,
           kAcls,
           &cisco_ios::show_access_lists::parse});
}
