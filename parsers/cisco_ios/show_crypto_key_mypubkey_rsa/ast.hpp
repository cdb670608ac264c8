// AST of one line of `show crypto key mypubkey rsa|all` (IOS, IOS-XE and ASA share the layout).
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa::ast {

enum class Kind {
    none,
    generated,      // `% Key pair was generated at: 01:29:31 UTC Mar 30 2011` (ASA: no `%`); text
    name,           // `Key name: NAME` (NAME may be empty); text
    type,           // `Key type: RSA KEYS`; text = `RSA`
    storage,        // ` Storage Device: private-config`, ASA ` Storage: config`; text
    usage,          // ` Usage: General Purpose Key`; text
    exportable,     // ` Key is exportable.` / ` Key is not exportable. Redundancy enabled.`; flag
    temporary,      // `Temporary key`
    size,           // ASA ` Modulus Size (bits): 2048`; number
    key_data,       // ` Key Data:`
    redacted,       // `  <KEY DATA REDACTED>`
    hex,            // `  30820122 300D0609 ...`; text = the hex digits, blanks removed
    caret,          // `   ^` above the rejection
    invalid_input,  // `% Invalid input detected at '^' marker.`: an image without crypto
};

struct Line {
    Kind kind = Kind::none;
    std::string text;
    int number = 0;
    bool flag = false;
};

}  // namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa::ast
