// A device session for the fleet runner (scrapli's layering: transport -> channel -> driver):
// reach the device (SSH directly or through a jump chain, telnet, or typed at an adjacent
// device's prompt), prepare the CLI, enable, send show commands and configuration, close.
//
// Contract:
//  - Every call that waits takes an absolute Deadline and returns by it. Nothing is printed,
//    nothing aborts, nothing throws for a network or device outcome: failures are Error values
//    (drivers/transport/error.hpp) whose `host` names the device (DeviceTarget::name, and for a
//    hop "B via A") and whose kind a caller can switch on.
//  - open(): connects the outermost device (DeviceTarget::transport; `jump` hosts first, from
//    `pool`, which may be null only when `jump` is empty), waits for its prompt, then types each
//    hop of `hops` at the prompt of the device before it. On the last device (the session's
//    device) it detects the platform when none was given, prepares the session (IOS `terminal
//    length 0` + `terminal width 0`, ASA `terminal pager 0`) and, when the prompt is user EXEC
//    (`>`) and an enable secret is given, runs `enable` (SessionFacts::enable_error tells why it
//    did not reach `#`; a failed enable is not an Error: evidence below privilege 15 makes checks
//    `unknown`, SPEC section 3). Devices before the last are not prepared or enabled.
//  - Errors of open():
//      transport kinds as SshSession/JumpPool report them (refused, timeout, unreachable,
//      host_key_*, auth_failed, no_common_algorithm, disconnected, ...);
//      telnet: refused/timeout/unreachable at Stage::tcp_connect, auth_failed at
//      Stage::authentication (`% Login invalid`, `% Access denied`, the login prompt asked again,
//      or the connection closed after the password), disconnected at Stage::banner when the
//      device closes before any login prompt;
//      a hop (nested login at a device's prompt), classified like a direct login, Error::host
//      "B via A": `% Connection refused by remote host` -> refused, `% Connection timed out` ->
//      timeout, `% Destination unreachable` -> unreachable, `% Unknown command or computer name`
//      -> resolve_failed, `% Authentication failed` / `% Login invalid` / the password asked again
//      -> auth_failed, `[Connection to X closed by foreign host]` before a prompt -> disconnected
//      at Stage::banner, the typed `ssh`/`telnet` refused by the device (`% Invalid input`, an
//      image without SSH) -> invalid_argument;
//      no prompt before the deadline (a device that never prompts) -> timeout at Stage::io;
//      a platform that is detected but not supported (NX-OS, IOS-XR, ...) -> unsupported_platform.
//  - send_command(): one command, its output clean: no echo of the command, no prompt, no ANSI
//    escape sequences, no `\r`, no paging markers (a `--More--` is answered with a space when a
//    device ignores the pager), every line ending in `\n`. A device error line (`% Invalid input
//    detected`, `% Incomplete command`, `% Ambiguous command`, ASA `ERROR: %`) is not an Error:
//    the output is returned with `failure` set to that line (parsers read rejections too). On
//    linux (jump hosts) each command runs in its own exec channel; `exit_status` is set and a
//    non-zero status sets `failure`.
//  - send_config(): `configure terminal`, the lines one by one (each waiting for its prompt), `end`.
//    Stops at the first line the device answers with an error (a `%` line of rejection such as
//    `% Invalid input`, `% Bad mask`, `% Incomplete command`, or ASA `ERROR:`; warnings and
//    progress lines are not errors), reports it (ConfigOutput::failed_line), and still leaves
//    configuration mode with `end`. Lines answered without error stay applied; nothing is rolled
//    back. A `[yes/no]` question is answered `yes` and `[confirm]` with return (the caller asked
//    for the change); any other question (`How many bits in the modulus [1024]:`) means the line
//    lacks a value: it is reported as the failure and the session becomes unusable. When
//    `configure terminal` itself is refused (below privilege 15) ok is false, failed_line empty.
//  - After an Error from send_command/send_config (timeout, disconnect, garbage that hides the
//    prompt) the session is out of step with the device: usable() turns false and later calls
//    fail at once with `disconnected` (or the original kind) without waiting. Close and reopen.
//  - close(): leaves every hop with `exit` (each outer prompt seen again), then the outermost
//    device, then closes the transport; a best effort bounded by its deadline (the destructor
//    closes without waiting). Idempotent.
//  - A Driver belongs to one thread at a time; any number of Drivers may run in parallel threads
//    and share one JumpPool (thread-safe). Secrets (passwords, enable secret) are never put in
//    an Error, a transcript or SessionFacts.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/transport/error.hpp"
#include "drivers/transport/jump.hpp"
#include "drivers/transport/ssh.hpp"

namespace vtyguard::drivers {

enum class TransportKind { ssh, telnet };
std::string_view to_string(TransportKind kind);

// A nested login typed at the prompt of the device before it.
struct HopTarget {
    enum class Method { ssh, telnet };
    Method method = Method::ssh;  // `ssh -l USER [-p PORT] ADDRESS` / `telnet ADDRESS [PORT]`
    std::string name;             // inventory name, for messages (empty: the address)
    std::string address;          // as typed at the prompt (an IPv4 address or a name the device resolves)
    std::uint16_t port = 0;       // 0: the default (22 / 23), not typed
    std::string username;         // ssh: `-l USER`; telnet: answers `Username:` when asked
    std::string password;
    std::string enable_secret;  // used only when this hop is the session's device
    std::string platform;       // platform key; "" = detect (IOS or ASA)
};

struct DeviceTarget {
    std::string name;      // inventory name: Error::host and messages
    std::string platform;  // "cisco_ios", "cisco_asa", "linux"; "" = detect at login (IOS/ASA)
    TransportKind transport = TransportKind::ssh;
    // ssh: everything SshSession::connect takes. telnet: `host`, `port` (set it, usually 23) and
    // `credentials.username`/`password` (the `Username:`/`Password:` answers) are used.
    SshOptions ssh;
    JumpChain jump;             // jump hosts before the device, outermost first (ssh and telnet)
    std::string enable_secret;  // empty: no `enable` (the session stays where the login put it)
    // Adjacent-device hops, in order: the session's device is the last one (or this device when
    // empty). Each hop is typed at the prompt of the device before it.
    std::vector<HopTarget> hops;
    PtyOptions pty;  // the shell's terminal (ssh)
};

// What the session is, once open.
struct SessionFacts {
    std::string platform;      // the platform key used (given or detected)
    std::string prompt;        // the last prompt seen, e.g. "r1#"
    std::string hostname;      // from the prompt, e.g. "r1"
    int privilege = 1;         // from the prompt: 1 at `>`, 15 at `#` (`show privilege` tells exactly); 0 on linux
    bool enabled = false;      // `enable` was run and reached `#`
    std::string enable_error;  // why `enable` did not reach `#` (empty when not needed or it worked)
    TransportKind transport = TransportKind::ssh;  // of the outermost device
    std::optional<SessionInfo> ssh;                // the outermost SSH session's facts
    std::string path;  // how it was reached, e.g. "bastion:22 > a (127.0.0.1:22) > ssh 10.0.0.2"
};

struct CommandOutput {
    std::string command;
    std::string output;              // clean text, lines ending in '\n'
    std::string failure;             // the device's error line, or (linux) "exit status N"; empty: none
    bool paged = false;              // the device paged and `--More--` was answered
    std::optional<int> exit_status;  // linux exec only
    std::chrono::milliseconds elapsed{0};

    bool failed() const { return !failure.empty(); }
};

struct ConfigOutput {
    bool ok = true;
    std::size_t applied = 0;                 // lines accepted before the first failure (or all)
    std::optional<std::size_t> failed_line;  // index into the lines given
    std::string failed_text;                 // that line
    std::string failure;                     // the device's error line
    std::string transcript;                  // everything the device answered, clean
};

class Driver {
public:
    static Result<Driver> open(const DeviceTarget& target, Deadline deadline, JumpPool* pool = nullptr);

    Driver(Driver&&) noexcept;
    Driver& operator=(Driver&&) noexcept;
    ~Driver();  // closes without waiting for the device

    const SessionFacts& facts() const;
    bool usable() const;

    Result<CommandOutput> send_command(std::string_view command, Deadline deadline);
    Result<ConfigOutput> send_config(const std::vector<std::string>& lines, Deadline deadline);
    Status close(Deadline deadline);

    struct Impl;

private:
    explicit Driver(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace vtyguard::drivers
