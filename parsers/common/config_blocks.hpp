// Splits a Cisco configuration (`show running-config`, a backup, or a `| section` excerpt) into
// top-level blocks: a line at column 0 and the indented lines under it. Used by the IOS and ASA
// configuration parsers; plain C++, no Spirit.
//
// Contract:
//  - `!` comment lines (at any indentation), `:`-comment lines (ASA `: Saved`), blank lines, prompts
//    and CLI noise are skipped.
//  - Multi-line banners (`banner motd ^C ... ^C`, any delimiter, also `vacant-message` inside a
//    line block) are folded into the block of the line that opened them: their text lines are
//    placed in `Block::banner` and never reach a grammar.
//  - Indented lines before any top-level line (a `| section` excerpt that starts mid-block) form
//    blocks of their own with an empty head (`Block::orphan` true), so a caller can diagnose them.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/common/lines.hpp"

namespace vtyguard::parsers {

struct ConfigLine {
    InputLine line;
    std::size_t indent = 0;  // leading blanks
    std::string_view text;   // without the indentation
};

struct ConfigBlock {
    ConfigLine head;
    std::vector<ConfigLine> children;  // every indented line, nested levels flattened (indent kept)
    std::vector<InputLine> banner;     // lines inside a multi-line banner opened by head or a child
    bool orphan = false;
};

// How `banner` lines are read. IOS prints a delimited multi-line banner (`banner motd ^C`, text,
// `^C`). ASA banners are single-line statements (`banner motd TEXT`, repeated per line), so no
// delimiter is looked for: `banner motd .` or `banner login Authorized ...` would otherwise open a
// "banner" that swallows the following configuration lines.
enum class Banners { delimited, single_line };

std::vector<ConfigBlock> split_config(std::string_view text, std::vector<std::string>& storage,
                                      Banners banners = Banners::delimited);

// ---- helpers of the configuration parsers (IOS and ASA read blocks the same way) ---------------

using Words = std::initializer_list<std::string_view>;

// True when the first words of `text` (separated by blanks) are `words`.
bool starts_with_words(std::string_view text, Words words);

bool starts_with_any(std::string_view text, std::initializer_list<Words> list);

// Reports every indented line of `b` with `message`.
void diagnose_children(ParseResult& out, const ConfigBlock& b, const std::string& message);

// A statement of ours that never opens a block: an indented line under it belongs to nothing
// we know.
void no_children(ParseResult& out, const ConfigBlock& b);

}  // namespace vtyguard::parsers
