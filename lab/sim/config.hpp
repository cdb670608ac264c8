// The running-config as a tree of lines (private to lab/sim). The tree is the device's state: it
// keeps lines the sim does not interpret, in their order and indentation, so `show running-config`
// gives back what the fleet file gave it; the semantic views (model.hpp) are computed from it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vtyguard::lab {

struct ConfigNode {
    std::string text;               // the line without its indentation
    int indent = 0;                 // leading spaces as written
    int source_line = 0;            // line number in the text it was read from (0: typed)
    std::vector<std::string> body;  // delimited text after a `banner`/`vacant-message` line, verbatim,
                                    // ending with the closing delimiter line
    std::vector<ConfigNode> children;

    std::vector<std::string> words() const;
};

struct Config {
    std::vector<ConfigNode> nodes;  // top level, in order

    // The tree of a configuration text: indentation makes children; IOS banners (`banner motd ^C`
    // ... `^C`, any delimiter) and `vacant-message` keep their body. Blank lines are dropped.
    static Config parse(std::string_view text, bool ios_delimited_banners);
    // One line per element, without line ends.
    std::vector<std::string> render_lines() const;
    static void render_node(const ConfigNode& node, std::vector<std::string>& out);

    // Top-level node whose text is exactly `text` (case-insensitive), or null.
    ConfigNode* find(std::string_view text);
    const ConfigNode* find(std::string_view text) const;
    // Top-level nodes whose first words are `prefix` (compared case-insensitively word by word).
    std::vector<const ConfigNode*> with_prefix(std::string_view prefix) const;
    // Removes top-level nodes with this word prefix; returns how many.
    std::size_t erase_prefix(std::string_view prefix);
    // Index where a new top-level line belongs: after the last node sharing the longest word
    // prefix with it (so `ip ssh version 2` joins the other `ip ssh` lines), else before the first
    // node of `before_any` (e.g. `line`, `end`-side sections), else at the end.
    std::size_t insertion_point(std::string_view text, const std::vector<std::string>& before_any) const;
};

// True when the words of `text` begin with the words of `prefix` (case-insensitive).
bool has_word_prefix(std::string_view text, std::string_view prefix);

}  // namespace vtyguard::lab
