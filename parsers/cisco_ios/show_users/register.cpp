#include "parsers/cisco_ios/show_users/parser.hpp"

void vtyguard_register_parser_cisco_ios_show_users(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"cisco_ios", "show users", {}, Args::none, kSessions, &cisco_ios::show_users::parse});
}
