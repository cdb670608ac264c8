// Ingress resolution (SPEC section 5): the interface that faces a management source.
//
// Contract:
//  - The VRF is the one of the interface that owns the target address (the address the operator
//    connects to); global when that interface has no VRF or the target is not on the device.
//  - The ingress interface is the outgoing interface of the route back to the source in that VRF:
//    from a `show ip route [vrf V] SOURCE` / ASA `show route SOURCE` capture when one covers the
//    source, else the connected subnet that contains the source (longest prefix) among the
//    interfaces of that VRF. Neither -> `how == unknown` and the checks that need it say `unknown`.
//  - On ASA the interface is named by its nameif (route hops print nameifs); `target_interface` is
//    the interface that owns the target address, for the same-interface rule (ASA-002).
//  - Never throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parsers/model/model.hpp"
#include "plugin/engine/finding.hpp"

namespace vtyguard::checks {

struct DeviceEvidence;

struct Ingress {
    std::string source;  // the management source prefix as in the policy
    enum class How { route, connected, unknown };
    How how = How::unknown;
    std::string vrf;                                     // empty: global table
    const model::Interface* interface = nullptr;         // the ingress interface (nullptr when unknown)
    const model::Interface* target_interface = nullptr;  // owns the target address (nullptr when none)
    std::optional<std::string> acl_in;                   // IOS `ip access-group X in` / `ipv6 traffic-filter` on it
    std::vector<Evidence> evidence;                      // the route or interface lines that decided
    std::string reason;                                  // why unknown, or how it was found
};

// One result per source, in order.
std::vector<Ingress> resolve_ingress(const DeviceEvidence& ev, const std::vector<std::string>& sources);

}  // namespace vtyguard::checks
