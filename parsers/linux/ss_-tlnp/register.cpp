#include "parsers/linux/ss_-tlnp/parser.hpp"

// The same table whatever order the flags are typed in.
void vtyguard_register_parser_linux_ss_tlnp(vtyguard::parsers::Registry& r) {
    using namespace vtyguard::parsers;
    r.add({"linux",
           "ss -tlnp",
           {"ss -ltnp", "ss -lntp", "ss -tnlp", "ss -ntlp", "ss -tlpn", "ss -plnt"},
           Args::none,
           kListeners,
           &lnx::ss_tlnp::parse});
}
