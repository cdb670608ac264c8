#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa {

// IOS / IOS-XE `show crypto key mypubkey rsa [NAME]` and `show crypto key mypubkey all`, and ASA
// `show crypto key mypubkey rsa`: the same layout (the ASA prints no `%` before `Key pair was
// generated`, no `Key type` line, ` Modulus Size (bits): N`, ` Storage: config`, lowercase hex).
void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa
