#include "parsers/cisco_ios/show_privilege/parser.hpp"

void vtyguard_register_parser_cisco_ios_show_privilege(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_ios", "show privilege", {}, Args::none, kPrivilege, &cisco_ios::show_privilege::parse});
}
