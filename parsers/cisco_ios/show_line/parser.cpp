// `show line` -> Device::line_status, one LineStatus per summary row.
//
//  - number: the absolute line number: the Line column of the `Tty Line Typ` form (where Tty may
//    be a slot/port such as `0/0/0`), else the Tty column.
//  - relative stays empty: the summary does not state `vty N` (only `show line vty N` does).
//  - active: `*` in the first column (`I`/`A` are understood and leave active false).
//  - rotary, access_class_out (AccO), access_class_in (AccI): `-` means none (nullopt).
//  - allowed_input/allowed_output/preferred: not in this output, left empty.
//
// Lines understood and ignored on purpose: the table header (with or without the Line and Int
// columns); `Line(s) not in async mode -or- with no hardware support:` and the line ranges listed
// under it (`18-321`), which name lines without a row; a bare command echo without prompt
// (`    show line`) before the table.
#include "parsers/cisco_ios/show_line/parser.hpp"

#include <charconv>

#include "parsers/cisco_ios/show_line/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_line {

namespace {

std::optional<int> to_int(std::string_view s) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

// `show line`, `sh line`, `show lin` echoed without a prompt.
bool is_bare_echo(std::string_view text) {
    auto t = trim(text);
    auto sp = t.find(' ');
    if (sp == std::string_view::npos) return false;
    auto w1 = t.substr(0, sp);
    auto w2 = trim(t.substr(sp));
    return w1.size() >= 2 && std::string_view("show").substr(0, w1.size()) == w1 && w2.size() >= 2 &&
           std::string_view("line").substr(0, w2.size()) == w2;
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    bool table_seen = false;
    bool in_ranges = false;
    for (const auto& line : split_lines(input.text, storage)) {
        if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
        if (!table_seen && is_bare_echo(line.text)) continue;
        ast::Row row;
        const auto kind = parse_line(line.text, row);
        if (kind == ast::Kind::line_ranges && in_ranges) continue;
        in_ranges = false;
        switch (kind) {
            case ast::Kind::header:
                table_seen = true;
                break;
            case ast::Kind::not_async:
                in_ranges = true;
                break;
            case ast::Kind::row: {
                table_seen = true;
                model::LineStatus s;
                const auto number = to_int(row.line.empty() ? row.tty : row.line);
                if (!number) {
                    diagnose(out, line, "row without an absolute line number");
                    break;
                }
                s.number = *number;
                s.type = row.type;
                s.active = row.status == "*";
                if (row.rotary != "-") {
                    s.rotary = to_int(row.rotary);
                    if (!s.rotary) diagnose(out, line, "rotary column is not a number; left empty");
                }
                if (row.acc_out != "-") s.access_class_out = row.acc_out;
                if (row.acc_in != "-") s.access_class_in = row.acc_in;
                s.line = line.number;
                out.device.line_status.push_back(std::move(s));
                break;
            }
            default:
                diagnose(out, line, "not a `show line` line");
        }
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_line
