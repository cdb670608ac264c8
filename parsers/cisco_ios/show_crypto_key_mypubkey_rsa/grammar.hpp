// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/ast.hpp"

namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa {

// True when the whole line is one statement of the key listing; `out.kind` says which. Hex
// lines are only recognised when `in_key_data` (after ` Key Data:`).
bool parse_line(std::string_view line, bool in_key_data, ast::Line& out);

}  // namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa
