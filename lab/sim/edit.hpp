// Edits of the configuration tree the way IOS/ASA apply typed commands (private to lab/sim): a
// command replaces the line with the same key (`ip ssh time-out 60` replaces `ip ssh time-out
// 120`), `no ...` removes the lines it names, sub-mode commands edit a block's children in the
// order the platform prints them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "lab/sim/config.hpp"

namespace vtyguard::lab {

// Key of a line: its first `keylen` words (0: the whole line).
bool same_key(const std::vector<std::string>& a, const std::vector<std::string>& b, std::size_t keylen);

// Replaces the top-level lines with the key of `line` (in place of the first), or inserts it at
// Config::insertion_point(). Returns false when the identical line was already there.
bool set_line(Config& c, const std::string& line, std::size_t keylen, const std::vector<std::string>& before_any);
// Removes the top-level lines whose words begin with `words`; how many.
std::size_t remove_lines(Config& c, const std::vector<std::string>& words);

// The top-level block with this header, created (followed by `!` when `separator`) at the
// insertion point when missing.
ConfigNode& ensure_block(Config& c, const std::string& header, const std::vector<std::string>& before_any,
                         bool separator);

// Children: replace-or-insert keyed like set_line; `rank` orders new children (lower first).
using Rank = std::function<int(const std::string&)>;
bool set_child(ConfigNode& block, const std::string& line, std::size_t keylen, const Rank& rank = {});
std::size_t remove_children(ConfigNode& block, const std::vector<std::string>& words);

// `gi0/1`, `GigabitEthernet 0/1` -> `GigabitEthernet0/1` (an existing interface's spelling wins).
std::string expand_interface_name(const Config& c, const std::vector<std::string>& words);

}  // namespace vtyguard::lab
