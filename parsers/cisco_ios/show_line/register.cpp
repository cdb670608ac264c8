#include "parsers/cisco_ios/show_line/parser.hpp"

void vtyguard_register_parser_cisco_ios_show_line(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_ios", "show line", {}, Args::none, kLineStatus, &cisco_ios::show_line::parse});
}
