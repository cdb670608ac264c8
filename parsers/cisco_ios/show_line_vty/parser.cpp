// `show line vty N [M]` -> Device::line_status, one LineStatus per line shown.
//
// The output is the `show line` summary table (one row per line, either all rows first or one
// header + row before each line's detail) followed, per line, by a detail block opened by
// `Line 866, Location: ...` (or `Tty: 866, Line: VTY 0, Location: ...`). Rows and detail blocks
// are joined on the absolute line number.
//
//  - number: absolute line number (the Line column of the `Tty Line Typ` form, else Tty; the
//    number after `Line` / `Tty:` in the detail header).
//  - relative: stated by `Tty: N, Line: VTY R`; otherwise derived from the command arguments:
//    the lowest absolute number shown is `vty FIRST` and the others follow it (vty lines are
//    numbered contiguously), kept only when it falls inside FIRST..LAST.
//  - active, rotary, access_class_out (AccO), access_class_in (AccI): from the summary row
//    (`-` = none).
//  - allowed_input / allowed_output: the words of `Allowed input|output transports are ... .`;
//    `are none.` is kept as {"none"} (as LineBlock::transport_input keeps `transport input none`).
//  - preferred: `Preferred transport is X.` (`none` kept as written).
//  - type: from the row or the `Tty:` header; a line known only from a `Line N,` header is `VTY`
//    (this command shows vty lines only).
//
// Lines understood and ignored on purpose (detail prose that no check reads), by their start:
//   Length:, Baud rate, Status:, Capabilities:, Modem state:, Modem hardware state:,
//   Group codes:, Special Chars:, Timeouts:, Idle Session Disconnect, Session limit is,
//   Session Limit is, Modem type is, Time since activation:, Editing is, History is,
//   DNS resolution in show commands is, Full user help is, Shell:, Shell trace:,
//   No output characters are padded, No special data dispatching characters,
//   Output characters are padded, Special data dispatching characters
// plus the indented continuation lines of the `Special Chars:` and `Timeouts:` tables (values,
// `Idle Session Disconnect Warning`, `Login-sequence User Response`, `Autoselect Initial Wait`,
// ...), the summary table header, and a bare command echo without prompt before the output.
#include "parsers/cisco_ios/show_line_vty/parser.hpp"

#include <charconv>
#include <climits>

#include "parsers/cisco_ios/show_line_vty/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_line_vty {

namespace {

std::optional<int> to_int(std::string_view s) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

constexpr std::string_view kIgnored[] = {
    "Length:",
    "Baud rate",
    "Status:",
    "Capabilities:",
    "Modem state:",
    "Modem hardware state:",
    "Group codes:",
    "Special Chars:",
    "Timeouts:",
    "Idle Session Disconnect",
    "Session limit is",
    "Session Limit is",
    "Modem type is",
    "Time since activation:",
    "Editing is",
    "History is",
    "DNS resolution in show commands is",
    "Full user help is",
    "Shell:",
    "Shell trace:",
    "No output characters are padded",
    "No special data dispatching characters",
    "Output characters are padded",
    "Special data dispatching characters",
};

bool is_ignored_prose(std::string_view t) {
    for (auto p : kIgnored)
        if (starts_with(t, p)) return true;
    return false;
}

// `show line vty 0`, `sh line vty 0 4` echoed without a prompt.
bool is_bare_echo(std::string_view text) {
    auto t = trim(text);
    return starts_with(t, "sh") && t.find(" vty ") != std::string_view::npos && t.find(" l") != std::string_view::npos;
}

// `0`, `0 15` -> first, last.
bool parse_args(std::string_view args, int& first, int& last) {
    args = trim(args);
    auto sp = args.find(' ');
    auto a = to_int(args.substr(0, sp));
    if (!a) return false;
    first = last = *a;
    if (sp == std::string_view::npos) return true;
    auto b = to_int(trim(args.substr(sp)));
    if (!b || *b < *a) return false;
    last = *b;
    return true;
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    auto& status = out.device.line_status;
    const std::size_t base = status.size();
    std::size_t current = SIZE_MAX;  // index of the line whose detail block is being read
    bool in_table = false;           // inside the Special Chars / Timeouts tables
    bool output_seen = false;

    auto find = [&](int number) -> std::size_t {
        for (std::size_t i = base; i < status.size(); ++i)
            if (status[i].number == number) return i;
        return SIZE_MAX;
    };
    auto find_or_add = [&](int number, std::size_t line_no, const std::string& type) {
        auto i = find(number);
        if (i != SIZE_MAX) return i;
        model::LineStatus s;
        s.number = number;
        s.type = type;
        s.line = line_no;
        status.push_back(std::move(s));
        return status.size() - 1;
    };

    for (const auto& line : split_lines(input.text, storage)) {
        if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
        if (!output_seen && is_bare_echo(line.text)) continue;
        ast::Line l;
        parse_line(line.text, l);
        if (l.kind == ast::Kind::none && in_table && !line.text.empty() &&
            (line.text[0] == ' ' || line.text[0] == '\t'))
            continue;  // table continuation
        in_table = false;
        output_seen = true;
        switch (l.kind) {
            case ast::Kind::header:
                break;
            case ast::Kind::row: {
                const auto number = to_int(l.row.line.empty() ? l.row.tty : l.row.line);
                if (!number) {
                    diagnose(out, line, "row without an absolute line number");
                    break;
                }
                auto i = find_or_add(*number, line.number, l.row.type);
                auto& s = status[i];
                s.type = l.row.type;
                s.line = line.number;
                s.active = l.row.status == "*";
                if (l.row.rotary != "-") {
                    s.rotary = to_int(l.row.rotary);
                    if (!s.rotary) diagnose(out, line, "rotary column is not a number; left empty");
                }
                if (l.row.acc_out != "-") s.access_class_out = l.row.acc_out;
                if (l.row.acc_in != "-") s.access_class_in = l.row.acc_in;
                current = SIZE_MAX;
                break;
            }
            case ast::Kind::line_header:
                current = find_or_add(l.number, line.number, "VTY");
                break;
            case ast::Kind::tty_header: {
                current = find_or_add(l.tty_header.tty, line.number, l.tty_header.type);
                status[current].type = l.tty_header.type;
                status[current].relative = l.tty_header.relative;
                break;
            }
            case ast::Kind::transports:
                if (current == SIZE_MAX) {
                    diagnose(out, line, "transports outside a `Line N` detail block");
                } else if (l.transports.direction == "input") {
                    status[current].allowed_input = std::move(l.transports.items);
                } else {
                    status[current].allowed_output = std::move(l.transports.items);
                }
                break;
            case ast::Kind::preferred:
                if (current == SIZE_MAX)
                    diagnose(out, line, "preferred transport outside a `Line N` detail block");
                else
                    status[current].preferred = l.word;
                break;
            default: {
                auto t = trim(line.text);
                if (current != SIZE_MAX && is_ignored_prose(t)) {
                    in_table = starts_with(t, "Special Chars:") || starts_with(t, "Timeouts:");
                    break;
                }
                diagnose(out, line, "not a `show line vty` line");
            }
        }
    }

    // relative numbers from the arguments, where the output did not state them
    int first = 0, last = 0;
    if (!parse_args(input.args, first, last)) return;
    int lowest = INT_MAX;
    for (std::size_t i = base; i < status.size(); ++i)
        if (status[i].type == "VTY" && status[i].number < lowest) lowest = status[i].number;
    for (std::size_t i = base; i < status.size(); ++i) {
        auto& s = status[i];
        if (s.type != "VTY" || s.relative) continue;
        const long rel = static_cast<long>(first) + (static_cast<long>(s.number) - lowest);
        if (rel <= last) s.relative = static_cast<int>(rel);
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_line_vty
