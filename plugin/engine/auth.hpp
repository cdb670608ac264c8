// How a vty line authenticates an SSH login (SPEC section 5, "authentication resolution";
// CHECKS.md SSH-013, SSH-014, SSH-109).
//
// Contract:
//  - Without `aaa new-model`: `login` checks the line password (which SSH cannot use: SSH always
//    presents a username), `login local` the local usernames, `no login` nothing. A vty line with
//    no login command behaves as `login` (the IOS default for vty lines).
//  - With `aaa new-model`: line `login`/`password` are ignored; the line's `login authentication
//    LIST` (or `default`) names the method list; a list that is not defined is a configuration
//    error that IOS answers by refusing; with no `default` list the local database is used.
//  - Methods are returned in order as written (`group tacacs+`, `local`, `none`, `line`, `enable`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parsers/model/model.hpp"
#include "plugin/engine/vty.hpp"

namespace vtyguard::engine {

struct LoginMethod {
    enum class Kind {
        line_password,   // `login` without AAA: unusable for SSH
        local,           // local usernames
        aaa_list,        // an AAA method list (see methods)
        none,            // no authentication at all
        undefined_list,  // `login authentication X` names a list that does not exist
        unknown,         // the evidence does not say (AAA section missing)
    };
    Kind kind = Kind::unknown;
    std::string list;                  // aaa_list / undefined_list: the list name
    std::vector<std::string> methods;  // aaa_list: methods in order
    std::size_t evidence_line = 0;     // the `aaa authentication login` or line-block line
    bool from_default = false;         // nothing configured on the line: default behaviour
};

// `aaa_known` says whether the evidence includes the AAA configuration (a full running-config);
// without it AAA lists resolve to unknown.
LoginMethod resolve_login(const model::Device& device, const EffectiveLine& line, bool aaa_known);

// Local usernames that can log in (any secret kind except `nopassword` counts as usable).
bool has_local_users(const model::Device& device);

// Whether a method list falls back to the local database if the servers are unreachable, and
// whether it contains `none`.
bool has_local_fallback(const LoginMethod& m);
bool contains_none(const LoginMethod& m);

}  // namespace vtyguard::engine
