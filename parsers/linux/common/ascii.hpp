// Text handed to a Linux grammar: Spirit's standard character classes assert on bytes outside
// ASCII (BOOST_ASSERT(strict_ischar) in debug builds), and Linux output carries UTF-8 (systemctl's
// `●` bullets and `└─` trees, journal messages, SSSD names). Each such byte becomes `?`, a
// character the grammars read as part of a word; values that must keep their text are taken from
// the original line by the callers. Standard library only: grammar TUs include it.
#pragma once

#include <string>
#include <string_view>

namespace vtyguard::parsers::lnx {

inline std::string ascii_safe(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    return out;
}

}  // namespace vtyguard::parsers::lnx
