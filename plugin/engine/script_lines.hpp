// The line loop shared by the configuration interpreters of fix verification (apply.cpp for IOS
// and ASA, apply_linux.cpp for Linux shell commands).
//
// Contract: runs `run(line, why)` on each line of `script` after `trim`, skipping blank lines and
// lines starting with `comment`; stops at the first line `run` refuses and sets `error` to
// "line N `text`: why" (N counts every line from 1). Returns whether every line ran.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vtyguard::checks {

template <class Trim, class Run>
bool run_script_lines(std::string_view script, char comment, Trim trim, Run run, std::string& error) {
    std::size_t number = 0;
    std::string_view rest = script;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const auto raw = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        ++number;
        const std::string_view t = trim(raw);
        if (t.empty() || t.front() == comment) continue;
        std::string why;
        if (!run(t, why)) {
            error = "line " + std::to_string(number) + " `" + std::string(t) + "`: " + why;
            return false;
        }
    }
    return true;
}

}  // namespace vtyguard::checks
