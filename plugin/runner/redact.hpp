// Secrets out of device output before it is kept anywhere (saved captures, report evidence).
//
// Contract:
//  - Replaces the value of every secret a Cisco IOS or ASA configuration states with
//    kRedacted, keeping the keyword and the type number before it (`secret 9 <redacted>`,
//    `password 7 <redacted>`) and everything after it (`<redacted> encrypted`, `<redacted>
//    pbkdf2 privilege 15`), so the parsers still read the line and the checks that look at the
//    kind of secret still see it:
//      `password` / `secret` [type] VALUE anywhere (username, enable, line, ASA `enable password`,
//      ASA `username ... password`; not `password encryption aes` or `no password`);
//      ASA `passwd VALUE`;
//      `snmp-server community VALUE`, any `community VALUE` of an `snmp-server` line, and the
//      `auth`/`priv` keys of `snmp-server user`;
//      `key` [type] VALUE on `tacacs-server` / `radius-server` / `aaa-server` / `crypto isakmp`
//      lines and inside `tacacs server`, `radius server` and `aaa-server` blocks; `key-string`,
//      `authentication-key`, `pre-shared-key`, `message-digest-key N md5`, `ntp
//      authentication-key N md5`.
//  - Line structure, indentation and line endings are kept, so line numbers in evidence stay
//    valid. Applying it twice changes nothing more.
//  - Never throws, never prints.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vtyguard::runner {

inline constexpr std::string_view kRedacted = "<redacted>";

// `text` with its secrets replaced; `count` (optional) receives how many were replaced.
std::string redact(std::string_view text, std::size_t* count = nullptr);

}  // namespace vtyguard::runner
