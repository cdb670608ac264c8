// The channel (scrapli's middle layer): a CLI dialogue over a byte stream (an SSH shell with a
// pty, a telnet stream, or a nested login inside either): find prompts, strip what a terminal
// adds, answer paging, send commands and return clean output.
//
// Contract:
//  - Streams: drivers/transport/stream.hpp (SshShellStream here, TelnetStream in telnet.hpp).
//  - TerminalText turns raw bytes into what a terminal would show, streaming: ANSI/VT100 escape
//    sequences, `\r`, NUL/BEL/SO/SI and other control bytes and bytes that are never UTF-8
//    (0xC0, 0xC1, 0xF5-0xFF) are dropped; `\b` and `\r` move the cursor and later text
//    overwrites, so a pager's marker erased with backspaces or CR + blanks leaves nothing
//    behind; `ESC [ K` erases to the end of the line. Committed lines end in "\n"; the last
//    (unfinished) line is separate: that is where prompts and paging markers are looked for.
//  - Channel: never sleeps; each wait is a read bounded by the caller's deadline. A prompt is
//    the last line matching one of the platform's prompt patterns, with nothing after it.
//    command() writes the command, then reads until the command's echo has been seen and a
//    prompt follows it, so prompts left over from earlier output (a MOTD line that looks like a
//    prompt, a prompt that arrived late) are never taken for the command's end. Paging markers
//    at the end of what arrived are answered with the platform's key (`--More--` on a device
//    that ignored the pager) and removed from the output.
//  - After a failed read (timeout, end of stream) the channel is out of step: broken() is true
//    and the caller should give the session up.
//  - One thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "drivers/platforms.hpp"
#include "drivers/transport/error.hpp"
#include "drivers/transport/ssh.hpp"
#include "drivers/transport/stream.hpp"

namespace vtyguard::drivers {

// An SSH shell channel as a ByteStream; keeps its session.
class SshShellStream : public ByteStream {
public:
    SshShellStream(SshSession session, SshChannel channel);
    Result<std::size_t> read(std::string& out, Deadline deadline) override;
    Status write(std::string_view data, Deadline deadline) override;
    void close() override;
    const SshSession& session() const { return session_; }

private:
    SshSession session_;
    SshChannel channel_;
};

// What a terminal shows for a stream of bytes (see the contract above).
class TerminalText {
public:
    void feed(std::string_view bytes);
    // Complete lines since the last clear, each ending in '\n'.
    const std::string& lines() const { return lines_; }
    // The line being written (no '\n' yet), as the terminal shows it.
    const std::string& current() const { return current_; }
    void clear_lines() { lines_.clear(); }
    // Forgets the current line too (after a prompt was consumed and replaced by typed input).
    void clear_all();
    // Removes `suffix` from the end of the current line when it is there (a paging marker).
    bool strip_current_suffix(std::string_view suffix);

private:
    void put(char c);
    void back_to(std::size_t column);
    std::string lines_;
    std::string current_;
    std::size_t cursor_ = 0;
    enum class Escape { none, esc, csi, osc, charset } escape_ = Escape::none;
    std::string csi_;
};

// The stop condition of Channel::read_until: called after every read with the clean text since
// the last clear (complete lines) and the current line. Returns a non-negative code to stop,
// negative to keep reading.
using StopCondition = std::function<int(std::string_view lines, std::string_view current)>;

struct CommandReply {
    std::string output;  // clean, lines ending in '\n', without echo and prompt
    std::string prompt;  // the prompt that ended it, trimmed; empty when `question` stopped it
    PromptLevel level = PromptLevel::user_exec;
    bool paged = false;
    std::string question;  // a question the command asked that the handler would not answer
};

// Answers questions a command asks before its prompt comes back (`[yes/no]:`, `[confirm]`): given
// the current line, nullopt when it is no question; else the answer to type, or `abort` to stop
// waiting (the question is returned in CommandReply::question and the channel is out of step).
struct QuestionAnswer {
    bool abort = false;
    std::string text;
};
using QuestionHandler = std::function<std::optional<QuestionAnswer>(std::string_view current)>;

class Channel {
public:
    // `label` names the device in errors.
    Channel(ByteStream& stream, const Platform& platform, std::string label);

    void set_platform(const Platform& platform) { platform_ = &platform; }
    const Platform& platform() const { return *platform_; }
    const std::string& label() const { return label_; }
    void set_label(std::string label) { label_ = std::move(label); }
    bool broken() const { return broken_; }
    // The prompt seen last, trimmed ("r1#").
    const std::string& prompt() const { return prompt_; }
    PromptLevel level() const { return level_; }

    // Reads until the last line is a prompt (the login's first prompt). Returns the text before it.
    Result<std::string> wait_prompt(Deadline deadline);
    // Types `command` and returns its output (see the contract).
    Result<CommandReply> command(std::string_view command, Deadline deadline,
                                 const QuestionHandler& questions = nullptr);
    // Types `line` and a newline, waiting for nothing: answers to questions and passwords
    // (what is typed never appears in an error).
    Status type(std::string_view line, Deadline deadline);
    // Reads until `stop` returns a code (answering paging when `answer_paging`).
    Result<int> read_until(const StopCondition& stop, Deadline deadline, std::string_view doing,
                           bool answer_paging = false);
    // Clean text received since the last clear and the current line, for callers of read_until.
    const TerminalText& text() const { return text_; }
    // Forgets received text up to now (the current line stays unless `all`).
    void clear(bool all = false);
    // Takes the current line as the prompt when it is one (after read_until); false when not.
    bool adopt_prompt();
    // Reads once with the given deadline, for draining; false when nothing came.
    bool poll_more(Deadline deadline);

private:
    Result<std::size_t> read_some(Deadline deadline, std::string_view doing);
    bool answer_paging_if_needed(Deadline deadline, bool& paged, Status& failed);

    ByteStream& stream_;
    const Platform* platform_;
    std::string label_;
    TerminalText text_;
    std::string raw_;
    std::string prompt_;
    PromptLevel level_ = PromptLevel::user_exec;
    bool broken_ = false;
};

// "r1#" -> "r1", "fw1(config)# " -> "fw1", "fw1/admin> " -> "fw1/admin".
std::string hostname_from_prompt(std::string_view prompt);

}  // namespace vtyguard::drivers
