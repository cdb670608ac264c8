#include "drivers/channel.hpp"

#include <algorithm>
#include <utility>

namespace vtyguard::drivers {

namespace {

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string_view trim(std::string_view s) {
    s = trim_right(s);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// For error messages: a short, printable excerpt.
std::string excerpt(std::string_view s) {
    constexpr std::size_t kMax = 80;
    std::string out(s.size() > kMax ? s.substr(s.size() - kMax) : s);
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    return out;
}

// Where the echo of `command` ends in `lines` (just after its '\n'), or npos. The echo is the
// first complete line that is the command, possibly after a prompt on the same line.
std::size_t find_echo(std::string_view lines, std::string_view command) {
    command = trim(command);
    std::size_t start = 0;
    while (start < lines.size()) {
        std::size_t end = lines.find('\n', start);
        if (end == std::string_view::npos) return std::string_view::npos;
        std::string_view line = trim_right(lines.substr(start, end - start));
        if (command.empty() || ends_with(line, command)) return end + 1;
        start = end + 1;
    }
    return std::string_view::npos;
}

}  // namespace

// --- SshShellStream --------------------------------------------------------------------------

SshShellStream::SshShellStream(SshSession session, SshChannel channel)
    : session_(std::move(session)), channel_(std::move(channel)) {}

Result<std::size_t> SshShellStream::read(std::string& out, Deadline deadline) {
    return channel_.read(out, deadline);
}

Status SshShellStream::write(std::string_view data, Deadline deadline) {
    return channel_.write(data, deadline);
}

void SshShellStream::close() {
    channel_.close();
}

// --- TerminalText ----------------------------------------------------------------------------

void TerminalText::clear_all() {
    lines_.clear();
    current_.clear();
    cursor_ = 0;
}

bool TerminalText::strip_current_suffix(std::string_view suffix) {
    std::string_view cur = trim_right(current_);
    if (!ends_with(cur, suffix)) return false;
    current_.resize(cur.size() - suffix.size());
    // What is left before the marker on its line is blank padding the pager printed.
    if (trim(current_).empty()) current_.clear();
    cursor_ = current_.size();
    return true;
}

void TerminalText::back_to(std::size_t column) {
    cursor_ = std::min(column, current_.size());
    // A cursor moved back over blanks only is erasing (a pager's marker overwritten with
    // blanks): drop them so the line is what the terminal shows without padding.
    if (current_.find_first_not_of(' ', cursor_) == std::string::npos) current_.resize(cursor_);
}

void TerminalText::put(char c) {
    if (cursor_ < current_.size()) {
        current_[cursor_] = c;
    } else {
        current_.append(cursor_ - current_.size(), ' ');
        current_ += c;
    }
    ++cursor_;
}

void TerminalText::feed(std::string_view bytes) {
    auto printable = [](char ch) { return ch >= 0x20 && ch < 0x7f; };
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        // Most output is plain text written at the end of the line: append it in runs.
        if (escape_ == Escape::none && cursor_ == current_.size() && printable(bytes[i])) {
            std::size_t j = i;
            while (j < bytes.size() && printable(bytes[j])) ++j;
            current_.append(bytes.substr(i, j - i));
            cursor_ = current_.size();
            i = j - 1;
            continue;
        }
        const auto c = static_cast<unsigned char>(bytes[i]);
        switch (escape_) {
            case Escape::esc:
                escape_ = c == '['                 ? Escape::csi
                          : c == ']'               ? Escape::osc
                          : (c == '(' || c == ')') ? Escape::charset
                                                   : Escape::none;
                csi_.clear();
                continue;
            case Escape::csi:
                if (c >= 0x40 && c <= 0x7e) {
                    escape_ = Escape::none;
                    int n = csi_.empty() || csi_.find_first_not_of("0123456789") != std::string::npos
                                ? 0
                                : std::stoi(csi_.substr(0, 6));
                    if (c == 'K' && n == 0) current_.resize(std::min(cursor_, current_.size()));
                    if (c == 'K' && n == 2) current_.clear();
                    if (c == 'D') {
                        const auto k = static_cast<std::size_t>(std::max(n, 1));
                        back_to(cursor_ > k ? cursor_ - k : 0);
                    }
                    if (c == 'G') back_to(n > 0 ? static_cast<std::size_t>(n - 1) : 0);
                } else if (csi_.size() < 32) {
                    csi_ += static_cast<char>(c);
                }
                continue;
            case Escape::osc:
                // BEL ends it, or ESC \ (the backslash is then eaten as a two-byte escape).
                if (c == 0x07) escape_ = Escape::none;
                if (c == 0x1b) escape_ = Escape::esc;
                continue;
            case Escape::charset:
                escape_ = Escape::none;
                continue;
            case Escape::none:
                break;
        }
        if (c == 0x1b) {
            escape_ = Escape::esc;
        } else if (c == '\n') {
            lines_ += current_;
            lines_ += '\n';
            current_.clear();
            cursor_ = 0;
        } else if (c == '\r') {
            back_to(0);
        } else if (c == '\b') {
            if (cursor_ > 0) back_to(cursor_ - 1);
        } else if (c == '\t') {
            put('\t');
        } else if (c < 0x20 || c == 0x7f || c == 0xc0 || c == 0xc1 || c >= 0xf5) {
            // Control bytes and bytes no UTF-8 text contains: line noise, never output.
        } else {
            put(static_cast<char>(c));
        }
    }
}

// --- Channel ---------------------------------------------------------------------------------

Channel::Channel(ByteStream& stream, const Platform& platform, std::string label)
    : stream_(stream), platform_(&platform), label_(std::move(label)) {}

void Channel::clear(bool all) {
    if (all) {
        text_.clear_all();
    } else {
        text_.clear_lines();
    }
}

Result<std::size_t> Channel::read_some(Deadline deadline, std::string_view doing) {
    if (broken_) {
        return Error{ErrorKind::disconnected, Stage::io, label_,
                     "the session is out of step after an earlier failure; reconnect", ""};
    }
    raw_.clear();
    auto n = stream_.read(raw_, deadline);
    if (!n) {
        broken_ = true;
        Error e = n.error();
        e.host = label_;
        if (e.kind == ErrorKind::timeout) {
            e.message = "no answer before the deadline while " + std::string(doing);
            e.detail = "last line: '" + excerpt(text_.current()) + "'";
        } else {
            e.message += " while " + std::string(doing);
        }
        return e;
    }
    if (*n == 0) {
        broken_ = true;
        return Error{ErrorKind::disconnected, Stage::io, label_,
                     "the device closed the session while " + std::string(doing),
                     "last line: '" + excerpt(text_.current()) + "'"};
    }
    text_.feed(raw_);
    return *n;
}

bool Channel::poll_more(Deadline deadline) {
    if (broken_) return false;
    raw_.clear();
    auto n = stream_.read(raw_, deadline);
    // A timeout here only means nothing else is waiting; an end of stream shows on the next read.
    if (!n || *n == 0) return false;
    text_.feed(raw_);
    return true;
}

bool Channel::answer_paging_if_needed(Deadline deadline, bool& paged, Status& failed) {
    for (const auto& marker : platform_->paging_markers) {
        std::string_view m = trim(marker);
        if (m.empty() || !ends_with(trim_right(text_.current()), m)) continue;
        text_.strip_current_suffix(m);
        paged = true;
        if (auto w = stream_.write(platform_->paging_answer, deadline); !w) {
            broken_ = true;
            Error e = w.error();
            e.host = label_;
            failed = e;
        }
        return true;
    }
    return false;
}

Result<int> Channel::read_until(const StopCondition& stop, Deadline deadline, std::string_view doing,
                                bool answer_paging) {
    bool paged = false;
    for (;;) {
        int code = stop(text_.lines(), text_.current());
        if (code >= 0) return code;
        if (answer_paging) {
            Status failed = Ok{};
            if (answer_paging_if_needed(deadline, paged, failed)) {
                if (!failed) return failed.error();
                continue;
            }
        }
        if (auto n = read_some(deadline, doing); !n) return n.error();
    }
}

Result<std::string> Channel::wait_prompt(Deadline deadline) {
    auto is_prompt = [this](std::string_view, std::string_view current) {
        return platform_->prompt_level(trim_right(current)) ? 0 : -1;
    };
    for (;;) {
        auto r = read_until(is_prompt, deadline, "waiting for the prompt", true);
        if (!r) return r.error();
        // A line that looks like a prompt may be a MOTD line whose end is still on the way:
        // take what is already waiting before believing it.
        if (poll_more(Clock::now()) && is_prompt("", text_.current()) < 0) continue;
        break;
    }
    std::string before = text_.lines();
    prompt_ = std::string(trim(text_.current()));
    level_ = *platform_->prompt_level(trim_right(text_.current()));
    text_.clear_lines();
    return before;
}

Status Channel::type(std::string_view line, Deadline deadline) {
    if (broken_) {
        return Error{ErrorKind::disconnected, Stage::io, label_,
                     "the session is out of step after an earlier failure; reconnect", ""};
    }
    std::string data(line);
    data += '\n';
    auto w = stream_.write(data, deadline);
    if (!w) {
        broken_ = true;
        Error e = w.error();
        e.host = label_;
        return e;
    }
    return Ok{};
}

bool Channel::adopt_prompt() {
    auto level = platform_->prompt_level(trim_right(text_.current()));
    if (!level) return false;
    prompt_ = std::string(trim(text_.current()));
    level_ = *level;
    return true;
}

Result<CommandReply> Channel::command(std::string_view command, Deadline deadline, const QuestionHandler& questions) {
    text_.clear_all();
    if (auto t = type(command, deadline); !t) return t.error();
    std::size_t echo_end = std::string::npos;
    auto done = [&](std::string_view lines, std::string_view current) {
        if (echo_end == std::string::npos) echo_end = find_echo(lines, command);
        if (echo_end == std::string::npos) return -1;
        return platform_->prompt_level(trim_right(current)) ? 0 : -1;
    };
    const std::string doing = "waiting for the output of '" + std::string(command) + "'";
    bool paged = false;
    std::size_t answered_at = std::string::npos;  // lines' size when a question was answered
    CommandReply reply;
    for (;;) {
        for (;;) {
            int code = done(text_.lines(), text_.current());
            if (code >= 0) break;
            if (questions && echo_end != std::string::npos &&
                (answered_at == std::string::npos || text_.lines().size() > answered_at)) {
                if (auto answer = questions(trim_right(text_.current()))) {
                    if (answer->abort) {
                        broken_ = true;
                        reply.output = text_.lines().substr(echo_end);
                        reply.question = std::string(trim(text_.current()));
                        reply.paged = paged;
                        return reply;
                    }
                    answered_at = text_.lines().size();
                    if (auto t = type(answer->text, deadline); !t) return t.error();
                    continue;
                }
            }
            Status failed = Ok{};
            if (answer_paging_if_needed(deadline, paged, failed)) {
                if (!failed) return failed.error();
                continue;
            }
            if (auto n = read_some(deadline, doing); !n) return n.error();
        }
        // Output that happens to end in a prompt-like line at a read boundary: anything already
        // waiting is part of the same output.
        if (poll_more(Clock::now()) && done(text_.lines(), text_.current()) < 0) continue;
        break;
    }
    reply.output = text_.lines().substr(echo_end);
    reply.prompt = std::string(trim(text_.current()));
    reply.level = *platform_->prompt_level(trim_right(text_.current()));
    reply.paged = paged;
    prompt_ = reply.prompt;
    level_ = reply.level;
    text_.clear_lines();
    return reply;
}

std::string hostname_from_prompt(std::string_view prompt) {
    prompt = trim(prompt);
    if (!prompt.empty() && (prompt.back() == '>' || prompt.back() == '#')) prompt.remove_suffix(1);
    if (!prompt.empty() && prompt.back() == ')') {
        auto open = prompt.rfind('(');
        if (open != std::string_view::npos && open > 0) prompt = prompt.substr(0, open);
    }
    return std::string(prompt);
}

}  // namespace vtyguard::drivers
