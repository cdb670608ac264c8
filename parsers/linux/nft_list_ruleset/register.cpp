#include "parsers/linux/nft_list_ruleset/parser.hpp"

// Needs root: collected with `sudo -n`.
void vtyguard_register_parser_linux_nft_list_ruleset(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux", "nft list ruleset", {}, Args::none, kNftables, &lnx::nft_list_ruleset::parse});
}
