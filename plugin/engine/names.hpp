// Cisco keyword tables: named ports (IOS and ASA print `www`, `ssh`, `domain`...), protocol
// names and ICMP type names.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vtyguard::engine {

// `protocol` is 6 (tcp), 17 (udp) or 0 for "either" (ASA tcp-udp groups).
std::optional<std::uint16_t> port_number(std::string_view name, std::uint8_t protocol);
// Protocol keyword or number; `ipv6` selects the IPv6 meaning of `icmp`. nullopt for `ip`/`ipv6`
// (any protocol) is signalled through `any`.
std::optional<std::uint8_t> protocol_number(std::string_view name, bool ipv6, bool& any);
// ICMP (or ICMPv6) message name -> (type, code or -1 for any code).
std::optional<std::pair<int, int>> icmp_message(std::string_view name, bool ipv6);

}  // namespace vtyguard::engine
