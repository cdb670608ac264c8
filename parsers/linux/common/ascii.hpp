// Text handed to a Linux grammar: Linux output carries UTF-8 (systemctl's `●` bullets and `└─`
// trees, journal messages, SSSD names), and the grammars' ASCII character classes take no byte
// outside ASCII as part of a word. Each such byte becomes `?`, which they do, so a name with UTF-8
// stays one word and a bullet is a known run of `?`; values that must keep their text are taken
// from the original line by the callers. Standard library only: grammar TUs include it.
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
