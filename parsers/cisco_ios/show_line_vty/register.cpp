#include "parsers/cisco_ios/show_line_vty/parser.hpp"

void vtyguard_register_parser_cisco_ios_show_line_vty(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_ios", "show line vty", {}, Args::required, kLineStatus, &cisco_ios::show_line_vty::parse});
}
