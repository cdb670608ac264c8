#include "parsers/cisco_ios/show_ip_route/parser.hpp"

void vtyguard_register_parser_cisco_ios_show_ip_route(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_ios", "show ip route", {}, Args::required, kRoute, &cisco_ios::show_ip_route::parse});
}
