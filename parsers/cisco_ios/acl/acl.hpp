// IOS access lists and object-groups: the one IOS ACE grammar, shared by `show access-lists`
// and the configuration parser.
//
// Contract:
//  - parse_ace() reads one entry as `show access-lists` prints it or as the configuration writes
//    it (with or without a sequence number, `, wildcard bits`, `(N matches)`, IPv6 `sequence N`
//    after the counter, `log (tag = x)`, `time-range X (active)`, object-groups in any slot).
//    On failure it returns false with a short reason in `error`; `ace` is then unspecified.
//  - handle_config_block() takes one top-level configuration block and, when its head is an
//    ACL or object-group definition (`ip access-list ...`, `ipv6 access-list ...`,
//    `access-list N ...`, `object-group ...`, `mac access-list ...`), adds it to out.device
//    (numbered `access-list N` lines append to the ACL of that number) and returns true; it
//    returns false for any other block and touches nothing. Entries it cannot read are kept in
//    place as Ace::Action::unparsed and reported as diagnostics.
#pragma once

#include <string>
#include <string_view>

#include "parsers/common/config_blocks.hpp"
#include "parsers/model/model.hpp"

namespace vtyguard::parsers::cisco_ios {

// The entry forms: by ACL type. `role_based` (SGACL: no addresses, `src`/`dst` ports) and `mac`
// (`any`, `host H`, `H M` MAC addresses; ethertype and the rest kept as options) were added after
// the first three.
enum class AceForm { standard, extended, ipv6, role_based, mac };

bool parse_ace(std::string_view text, AceForm form, model::Ace& ace, std::string& error);

bool handle_config_block(const ConfigBlock& block, ParseResult& out);

// `access-list N`: the ACL type IOS gives that number range (`standard` 1-99 and 1300-1999,
// `extended` 100-199 and 2000-2699, `mac` 700-799 and 1100-1199), or empty for other ranges.
std::string_view numbered_acl_type(std::string_view number);

}  // namespace vtyguard::parsers::cisco_ios
