#include "parsers/cisco_ios/show_version/parser.hpp"

void vtyguard_register_parser_cisco_ios_show_version(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_ios", "show version", {}, Args::none, kVersion, &cisco_ios::show_version::parse});
}
