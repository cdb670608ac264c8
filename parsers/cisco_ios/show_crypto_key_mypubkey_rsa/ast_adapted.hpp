#pragma once

// Every rule of this grammar yields a single value (std::string, int or bool) or nothing, so no
// AST struct needs adapting; the header stays for the common file split.
#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/ast.hpp"
