// ASA access lists and objects: the one ASA ACE grammar, shared by `show access-list` and the
// configuration parser.
//
// Contract:
//  - parse_ace() reads the part after `access-list NAME` as `show access-list` prints it
//    (`line N extended permit ... (hitcnt=N) 0xhash`, `(inactive)`, `standard`, `remark`,
//    `webtype`, `ethertype`) or as the configuration writes it (`extended permit tcp ...`).
//    On failure it returns false with a short reason in `error`.
//  - handle_config_block() takes one top-level configuration block; when its head is
//    `access-list ...`, `object ...` or `object-group ...` it adds the entry/object to out.device
//    (entries append to the ACL of that name, in order) and returns true; otherwise returns false
//    and touches nothing. Unreadable entries are kept in place as Ace::Action::unparsed and
//    reported as diagnostics.
#pragma once

#include <string>
#include <string_view>

#include "parsers/common/config_blocks.hpp"
#include "parsers/model/model.hpp"

namespace vtyguard::parsers::cisco_asa {

bool parse_ace(std::string_view text, model::Ace& ace, std::string& error);

// As above; `type` is set to the entry's form, which is the ACL's type for every form but remarks:
// `extended`, `standard`, `remark`, `webtype`, `ethertype`, `advanced` (a static string).
bool parse_ace(std::string_view text, model::Ace& ace, std::string_view& type, std::string& error);

// Global `access-list` settings that are not entries (`access-list alert-interval 300`,
// `access-list deny-flow-max 4096`, FWSM `access-list mode auto-commit`): the text after
// `access-list `.
bool is_global_setting(std::string_view text);

// True when an ACE refers to an object or object-group in any slot (so `show access-list` may
// follow it with its expansion).
bool uses_objects(const model::Ace& ace);

bool handle_config_block(const ConfigBlock& block, ParseResult& out);

}  // namespace vtyguard::parsers::cisco_asa
