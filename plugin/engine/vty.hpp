// Effective vty line settings (SPEC section 5, "vty resolution"; CHECKS.md SSH-004..SSH-006,
// SSH-012, SSH-103, SSH-104, SSH-106).
//
// Contract:
//  - Blocks are expanded to single lines; a later block overrides an earlier one setting by
//    setting, for the lines it names (what IOS does when blocks overlap in a configuration).
//  - A setting absent from every block takes the release default when the default is known
//    for the device's release, and is left unknown (nullopt) otherwise: checks that need it say
//    `unknown`, never `pass`.
//  - Each effective line lists the blocks that contributed to it, for evidence.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parsers/model/model.hpp"

namespace vtyguard::engine {

enum class Tri { no, yes, unknown };

struct EffectiveLine {
    int number = 0;  // vty N
    // Protocols accepted (`ssh`, `telnet`, ...; `all` expanded to ssh and telnet, `none` empty).
    // nullopt: no block sets it and the release default is not known.
    std::optional<std::vector<std::string>> transport_input;
    bool transport_from_default = false;
    std::optional<model::AccessClass> access_class_in;
    std::optional<model::AccessClass> ipv6_access_class_in;
    std::optional<int> rotary;
    int exec_timeout_seconds = 600;  // IOS default: 10 minutes on every release
    bool exec_timeout_from_default = true;
    std::optional<std::string> login;                 // as in model::LineBlock; nullopt = not configured
    std::optional<std::string> login_authentication;  // method-list name
    bool password_set = false;
    std::vector<std::size_t> blocks;  // indices into Device::lines, in order

    Tri accepts(std::string_view protocol) const;
};

// Every vty line the configuration names, in line-number order.
std::vector<EffectiveLine> resolve_vty(const model::Device& device);

// Default `transport input` of vty lines for the device's release, when known.
std::optional<std::vector<std::string>> default_transport_input(const model::Device& device);

}  // namespace vtyguard::engine
