#include "parsers/cisco_asa/show_version/parser.hpp"

void vtyguard_register_parser_cisco_asa_show_version(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_asa", "show version", {}, Args::none, kVersion, &cisco_asa::show_version::parse});
}
