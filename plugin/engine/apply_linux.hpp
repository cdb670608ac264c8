// The Linux side of fix verification (fix.hpp apply_config for platform `linux`): what the shell
// commands of the LNX-* fix templates do to the model of a jump host.
//
// Contract:
//  - Knows exactly the commands the templates emit: `systemctl enable --now UNIT` (`A || B`: the
//    model takes A, the fallback names the same service under its other name), `service NAME
//    start`, `sed -i '1i LINE' FILE` and `echo 'LINE' >> FILE` for /etc/ssh/sshd_config (Port,
//    ListenAddress, AllowUsers, AllowGroups, AllowTcpForwarding, DisableForwarding, PermitOpen)
//    and /etc/hosts.allow, `iptables -I CHAIN [N] RULE`, `nft 'insert|add rule FAMILY TABLE CHAIN
//    RULE'`, `usermod -a -G GROUP USER`. Anything else fails the apply with the line named: the
//    model only verifies what it can show.
//  - Rules and hosts.allow lines are read with the project's own parsers (the `iptables -S`, `nft
//    list ruleset` and `cat /etc/hosts.allow` rows of the registry), never a second grammar.
//  - The model afterwards is the host after the runbook's `sshd -t` and reload: sshd listens on
//    what its configuration says (when it runs and both `sshd -T` and `ss -tlnp` were collected).
//  - Evidence that was not collected cannot be patched: a command that needs it fails.
//  - Never throws.
#pragma once

#include <string>
#include <string_view>

#include "parsers/model/model.hpp"

namespace vtyguard::checks {

bool apply_linux(model::Device& device, std::string_view script, std::string& error);

}  // namespace vtyguard::checks
