#include "parsers/cisco_asa/show_access-list/parser.hpp"

void vtyguard_register_parser_cisco_asa_show_access_list(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_asa", "show access-list", {}, Args::optional, kAcls, &cisco_asa::show_access_list::parse});
}
