// Line handling shared by every parser: splitting, and the lines any capture may carry that are
// not output of the command (SPEC section 4: prompt and echo, `Load for five secs`, `Time source
// is`, blank lines, pager remnants). No Spirit here: this header is widely included.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/parse.hpp"

namespace vtyguard::parsers {

struct InputLine {
    std::size_t number = 0;  // 1-based
    std::string_view text;   // trailing whitespace and CR removed
};

// Splits on LF, CRLF or lone CR. Backspace sequences and `--More--` pager prompts left in a
// capture by a client that did not disable paging are removed from the text of the line.
// Storage for cleaned lines is kept in `storage` (string_views point into it or into `input`).
std::vector<InputLine> split_lines(std::string_view input, std::vector<std::string>& storage);

// Blank, `Load for five secs: ...`, `Time source is ...`, `Building configuration...`-style
// lines of the CLI itself rather than of the command.
bool is_cli_noise(std::string_view line);

// `Router#show ip ssh`, `asa/pri/act# show run ssh`, `sw1>`: a prompt, optionally followed by
// a command echo. The hostname part is a run of non-blank characters ending in `#` or `>`.
bool is_prompt_line(std::string_view line);

std::string_view trim(std::string_view s);
// The blank-separated words of `s` (spaces and tabs), as views into it.
std::vector<std::string_view> words(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);

// Records a line that was not understood.
void diagnose(ParseResult& out, const InputLine& line, std::string message);

}  // namespace vtyguard::parsers
