#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/parser.hpp"

// One parser, two platforms: the ASA prints the same block layout as IOS (see parser.cpp).
// IOS takes an optional key name (`show crypto key mypubkey rsa NAME`); `show crypto key mypubkey
// all` lists EC keys too, in the same layout.
void vtyguard_register_parser_cisco_ios_show_crypto_key_mypubkey_rsa(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    namespace p = cisco_ios::show_crypto_key_mypubkey_rsa;
    r.add({"cisco_ios",
           "show crypto key mypubkey rsa",
           {"show crypto key mypubkey all"},
           Args::optional,
           kKeys,
           &p::parse});
    r.add({"cisco_asa", "show crypto key mypubkey rsa", {}, Args::none, kKeys, &p::parse});
}
