#include "parsers/cisco_asa/show_route/parser.hpp"

void vtyguard_register_parser_cisco_asa_show_route(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_asa", "show route", {}, Args::required, kRoute, &cisco_asa::show_route::parse});
}
