#include "parsers/cisco_asa/show_nameif/parser.hpp"

void vtyguard_register_parser_cisco_asa_show_nameif(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_asa", "show nameif", {}, Args::none, kInterfaces, &cisco_asa::show_nameif::parse});
}
