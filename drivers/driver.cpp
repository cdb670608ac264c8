#include "drivers/driver.hpp"

#include <algorithm>
#include <array>
#include <regex>
#include <utility>

#include "drivers/channel.hpp"
#include "drivers/platforms.hpp"
#include "drivers/transport/telnet.hpp"

namespace vtyguard::drivers {

std::string_view to_string(TransportKind kind) {
    return kind == TransportKind::telnet ? "telnet" : "ssh";
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
    return s;
}

// The first line of `text` containing `needle`, trimmed; empty when none does.
std::string line_with(std::string_view text, std::string_view needle) {
    auto at = text.find(needle);
    if (at == std::string_view::npos) return "";
    auto start = text.rfind('\n', at);
    start = start == std::string_view::npos ? 0 : start + 1;
    auto end = text.find('\n', at);
    return std::string(trim(text.substr(start, end == std::string_view::npos ? text.size() - start : end - start)));
}

// A device that is one level of the session: the outermost one or a hop.
struct Level {
    std::string label;   // Error::host for this device
    std::string prompt;  // its prompt when we left it for the next hop
    const Platform* platform;
};

// What a nested login answered, classified like a direct login (SPEC section 7).
struct HopOutcome {
    ErrorKind kind;
    Stage stage;
    const char* needle;
    const char* message;
};

// Checked in order: the most specific words first.
constexpr std::array<HopOutcome, 12> kHopFailures = {{
    {ErrorKind::refused, Stage::tcp_connect, "% Connection refused",
     "connection refused (nothing accepts the connection on that port)"},
    {ErrorKind::timeout, Stage::tcp_connect, "% Connection timed out",
     "connection timed out (no answer: filtered or silently dropped)"},
    {ErrorKind::unreachable, Stage::tcp_connect, "% Destination unreachable",
     "destination unreachable (no route, or the gateway or host is down)"},
    {ErrorKind::unreachable, Stage::tcp_connect, "% No route to host", "no route to host"},
    {ErrorKind::unreachable, Stage::tcp_connect, "% Host is unreachable", "host unreachable"},
    {ErrorKind::resolve_failed, Stage::resolve, "% Unknown command or computer name",
     "the adjacent device cannot resolve the target's name"},
    {ErrorKind::resolve_failed, Stage::resolve, "% Bad IP address",
     "the adjacent device cannot resolve the target's name"},
    {ErrorKind::auth_failed, Stage::authentication, "% Authentication failed", "authentication failed"},
    {ErrorKind::auth_failed, Stage::authentication, "% Login invalid", "login refused"},
    {ErrorKind::auth_failed, Stage::authentication, "% Access denied", "login refused"},
    {ErrorKind::auth_failed, Stage::authentication, "% Bad passwords", "login refused"},
    {ErrorKind::no_common_algorithm, Stage::key_exchange, "no matching", "no algorithm in common with the target"},
}};

const std::regex& username_prompt() {
    static const std::regex re(R"((^|\s)(Username|User Name|Login|login|username):\s*$)");
    return re;
}
const std::regex& password_prompt() {
    static const std::regex re(R"((^|\s)[Pp]assword:\s*$)");
    return re;
}
const std::regex& yes_no_question() {
    static const std::regex re(R"(\[yes/no[^\]]*\]\s*:?\s*$|\(yes/no[^)]*\)\s*\??\s*$)");
    return re;
}
const std::regex& confirm_question() {
    static const std::regex re(R"(\[confirm\]\s*$)");
    return re;
}
// A question with a default in brackets (`How many bits in the modulus [1024]: `).
const std::regex& other_question() {
    static const std::regex re(R"(\[[^\]]*\]\s*[:?]\s*$)");
    return re;
}

std::string trimmed_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

struct Driver::Impl {
    SessionFacts facts;
    std::unique_ptr<ByteStream> stream;
    std::optional<SshSession> exec_session;  // linux: one exec channel per command
    std::unique_ptr<Channel> channel;
    std::vector<Level> levels;  // outermost first; the last is the session's device
    std::string label;          // the session's device, for errors
    bool closed = false;
    bool usable = true;

    Error fail(Error e) {
        usable = false;
        return e;
    }

    void note_prompt() {
        facts.prompt = channel->prompt();
        facts.hostname = hostname_from_prompt(facts.prompt);
        facts.privilege = channel->level() == PromptLevel::user_exec ? 1 : 15;
    }

    Status connect_outer(const DeviceTarget& t, JumpPool* pool, Deadline deadline);
    Status hop(const HopTarget& hop, Deadline deadline);
    Status prepare(const std::string& platform_key, const std::string& enable_secret, Deadline deadline);
    Status detect(Deadline deadline);
    // Runs `enable` at user EXEC; a refused secret is a fact (SessionFacts::enable_error), only a
    // broken dialogue is an Error.
    Status enable(const std::string& secret, Deadline deadline);
    Result<CommandOutput> run(std::string_view command, Deadline deadline);
    Result<ConfigOutput> configure(const std::vector<std::string>& lines, Deadline deadline);
    Status close(Deadline deadline);
};

Status Driver::Impl::connect_outer(const DeviceTarget& t, JumpPool* pool, Deadline deadline) {
    SshOptions ssh = t.ssh;
    if (ssh.name.empty()) ssh.name = t.name;
    if (!t.jump.empty() && pool == nullptr) {
        return Error{ErrorKind::invalid_argument, Stage::tcp_connect, t.name,
                     "a jump chain is given but no jump pool to carry it", ""};
    }
    facts.transport = t.transport;
    if (t.transport == TransportKind::telnet) {
        TelnetOptions o;
        o.name = ssh.name;
        o.host = ssh.host;
        o.port = ssh.port;
        o.source_address = ssh.source_address;  // through a jump chain the first hop's is used
        o.username = ssh.credentials.username;
        o.password = ssh.credentials.password;
        Result<std::unique_ptr<TelnetStream>> s = Error{};
        if (t.jump.empty()) {
            s = TelnetStream::connect(o, deadline);
        } else {
            auto tunnel = pool->open(t.jump, ssh.host, ssh.port, deadline, ssh.name);
            if (!tunnel) return tunnel.error();
            s = TelnetStream::connect(o, std::move(*tunnel), deadline);
        }
        if (!s) return s.error();
        label = (*s)->label();
        stream = std::move(*s);
        return Ok{};
    }
    Result<SshSession> session =
        t.jump.empty() ? SshSession::connect(ssh, deadline) : connect_via(*pool, t.jump, ssh, deadline);
    if (!session) return session.error();
    label = session->label();
    facts.ssh = session->info();
    if (t.platform == "linux") {
        exec_session.emplace(std::move(*session));
        return Ok{};
    }
    auto shell = session->open_shell(t.pty, deadline);
    if (!shell) return shell.error();
    stream = std::make_unique<SshShellStream>(std::move(*session), std::move(*shell));
    return Ok{};
}

Status Driver::Impl::hop(const HopTarget& h, Deadline deadline) {
    const std::string target_label =
        (h.name.empty() || h.name == h.address ? h.address : h.name + " (" + h.address + ")") + " via " + label;
    std::string command;
    if (h.method == HopTarget::Method::ssh) {
        command = "ssh";
        if (!h.username.empty()) command += " -l " + h.username;
        if (h.port != 0) command += " -p " + std::to_string(h.port);
        command += " " + h.address;
    } else {
        command = "telnet " + h.address;
        if (h.port != 0) command += " " + std::to_string(h.port);
    }
    const Platform* inner = h.platform.empty() ? &generic_cli_platform() : find_platform(h.platform);
    auto error = [&](ErrorKind kind, Stage stage, std::string message, std::string detail = "") {
        return Error{kind, stage, target_label, std::move(message), std::move(detail)};
    };

    levels.back().prompt = channel->prompt();
    channel->clear(true);
    if (auto s = channel->type(command, deadline); !s) return s;

    enum Code { kEcho, kUser, kPassword, kPrompt, kFailure, kHostKey };
    bool echo = false;
    bool sent_user = false;
    bool sent_password = false;
    std::size_t from = 0;  // position in the channel's lines where the hop's own text starts
    std::string failure_line;
    const HopOutcome* failure = nullptr;
    auto stop = [&](std::string_view lines, std::string_view current) -> int {
        if (!echo) {
            auto pos = lines.find(command);
            if (pos == std::string_view::npos) return -1;
            auto nl = lines.find('\n', pos);
            if (nl == std::string_view::npos) return -1;
            from = nl + 1;
            echo = true;
        }
        std::string_view fresh = lines.substr(std::min(from, lines.size()));
        for (const auto& f : kHopFailures) {
            std::string l = line_with(fresh, f.needle);
            if (l.empty()) l = line_with(current, f.needle);
            if (!l.empty()) {
                failure = &f;
                failure_line = l;
                return kFailure;
            }
        }
        std::string last = trimmed_right(current);
        if (std::regex_search(last, yes_no_question())) return kHostKey;
        if (std::regex_search(last, username_prompt())) return kUser;
        if (std::regex_search(last, password_prompt())) return kPassword;
        if (inner->prompt_level(last)) return kPrompt;
        return -1;
    };
    for (;;) {
        auto code = channel->read_until(stop, deadline, "logging into " + target_label);
        if (!code) {
            Error e = code.error();
            e.host = target_label;
            if (e.kind == ErrorKind::timeout) {
                e.stage = sent_password || sent_user ? Stage::authentication : Stage::tcp_connect;
                e.message = sent_password ? "no prompt after the nested login before the deadline"
                                          : "no answer to '" + command + "' at " + label + " before the deadline";
            } else if (e.kind == ErrorKind::disconnected) {
                e.message = "the adjacent device closed the session during the nested login";
            }
            return e;
        }
        std::string_view lines = channel->text().lines();
        std::string_view fresh = lines.substr(std::min(from, lines.size()));
        switch (*code) {
            case kFailure: {
                // Whatever the device says, it is back at its own prompt (or will be): not ours to wait for.
                return error(failure->kind, failure->stage, failure->message, failure_line);
            }
            case kHostKey:
                return error(ErrorKind::host_key_unknown, Stage::host_key,
                             "the adjacent device's SSH client asks to accept the target's host key; accept it on "
                             "the adjacent device first",
                             trimmed_right(channel->text().current()));
            case kUser:
                if (sent_user || sent_password) {
                    return error(ErrorKind::auth_failed, Stage::authentication,
                                 "login refused (the target asked for the username again)");
                }
                if (h.username.empty()) {
                    return error(ErrorKind::auth_failed, Stage::authentication,
                                 "the target asks for a username and none was given");
                }
                channel->clear(true);
                from = 0;
                if (auto s = channel->type(h.username, deadline); !s) return s;
                sent_user = true;
                continue;
            case kPassword:
                if (sent_password) {
                    return error(ErrorKind::auth_failed, Stage::authentication,
                                 "authentication failed (the target asked for the password again)");
                }
                channel->clear(true);
                from = 0;
                if (auto s = channel->type(h.password, deadline); !s) return s;
                sent_password = true;
                continue;
            case kPrompt:
                break;
        }
        // A prompt: the target's, unless the device came back to its own prompt with words we
        // do not know (then those words are the reason).
        std::string foreign_close = line_with(fresh, "closed by foreign host");
        if (!foreign_close.empty()) {
            return error(sent_password ? ErrorKind::auth_failed : ErrorKind::disconnected,
                         sent_password ? Stage::authentication : Stage::banner,
                         sent_password ? "the target closed the connection after the password (login refused)"
                                       : "the target closed the connection before the login (vty access-class, no "
                                         "free vty line, or the protocol is not allowed on its lines)",
                         foreign_close);
        }
        if (!sent_password && !sent_user) {
            std::string percent = line_with(fresh, "%");
            if (!percent.empty()) {
                ErrorKind kind = percent.find("Invalid input") != std::string::npos ? ErrorKind::invalid_argument
                                                                                    : ErrorKind::protocol;
                return error(kind, Stage::tcp_connect, "the adjacent device did not open the connection", percent);
            }
        }
        break;
    }
    channel->set_platform(*inner);
    channel->set_label(target_label);
    if (auto p = channel->wait_prompt(deadline); !p) return p.error();
    levels.push_back(Level{target_label, channel->prompt(), inner});
    label = target_label;
    return Ok{};
}

Status Driver::Impl::detect(Deadline deadline) {
    auto version = channel->command("show version", deadline);
    if (!version) return version.error();
    std::string refused;
    auto key = detect_platform(version->output, refused);
    if (!key) {
        std::string what =
            refused.empty() ? "a platform the drivers do not know (show version names neither IOS nor ASA)" : refused;
        return Error{ErrorKind::unsupported_platform, Stage::io, label,
                     "the device runs " + what + "; only Cisco IOS / IOS-XE and ASA are audited", ""};
    }
    channel->set_platform(*find_platform(*key));
    levels.back().platform = &channel->platform();
    return Ok{};
}

Status Driver::Impl::enable(const std::string& secret, Deadline deadline) {
    const Platform& p = channel->platform();
    channel->clear(true);
    if (auto s = channel->type(p.enable_command, deadline); !s) return s;
    enum Code { kPasswordAsked, kPrompt };
    bool echo = false;
    std::size_t from = 0;
    auto stop = [&](std::string_view lines, std::string_view current) -> int {
        if (!echo) {
            auto pos = lines.find(p.enable_command);
            auto nl = pos == std::string_view::npos ? pos : lines.find('\n', pos);
            if (nl == std::string_view::npos) return -1;
            from = nl + 1;
            echo = true;
        }
        std::string last = trimmed_right(current);
        if (std::regex_search(last, password_prompt())) return kPasswordAsked;
        if (p.prompt_level(last)) return kPrompt;
        return -1;
    };
    std::string said;  // the device's words about a refusal
    int answers = 0;
    for (;;) {
        auto code = channel->read_until(stop, deadline, "waiting for enable");
        if (!code) return code.error();
        std::string_view lines = channel->text().lines();
        std::string_view fresh = lines.substr(std::min(from, lines.size()));
        for (const char* needle : {"% Bad secrets", "% Access denied", "Access denied", "Invalid password",
                                   "% No password set", "% Error"}) {
            if (said.empty()) said = line_with(fresh, needle);
        }
        if (*code == kPrompt) break;
        // IOS and the ASA ask three times: after a refused secret the other answers are empty,
        // which gets the prompt back without guessing.
        if (answers >= 4)
            return Error{ErrorKind::protocol, Stage::authentication, label, "enable keeps asking for a password", ""};
        channel->clear(true);
        from = 0;
        if (auto s = channel->type(answers == 0 ? secret : std::string(), deadline); !s) return s;
        ++answers;
    }
    channel->adopt_prompt();
    channel->clear();
    note_prompt();
    if (channel->level() == PromptLevel::user_exec) {
        facts.enable_error = said.empty() ? "enable did not reach privileged EXEC" : "enable refused: " + said;
    } else {
        facts.enabled = true;
        facts.enable_error.clear();
    }
    return Ok{};
}

Status Driver::Impl::prepare(const std::string& platform_key, const std::string& enable_secret, Deadline deadline) {
    if (platform_key.empty()) {
        if (auto d = detect(deadline); !d) return d;
    }
    const Platform& p = channel->platform();
    std::vector<std::string> refused;  // preparation the device rejected at this level
    auto run_preparation = [&](const std::vector<std::string>& commands) -> Status {
        refused.clear();
        for (const auto& c : commands) {
            auto r = channel->command(c, deadline);
            if (!r) return r.error();
            if (!p.find_failure(r->output).empty()) refused.push_back(c);
        }
        return Ok{};
    };
    if (auto s = run_preparation(p.session_preparation); !s) return s;
    note_prompt();
    if (channel->level() == PromptLevel::user_exec && !p.enable_command.empty()) {
        if (enable_secret.empty()) {
            facts.enable_error = "the session is at user EXEC and no enable secret was given";
        } else {
            if (auto e = enable(enable_secret, deadline); !e) return e;
            // Some preparation needs privilege (the pager on some ASA releases): try it again.
            if (facts.enabled && !refused.empty()) {
                if (auto s = run_preparation(std::vector<std::string>(refused)); !s) return s;
            }
        }
    }
    note_prompt();
    return Ok{};
}

Result<CommandOutput> Driver::Impl::run(std::string_view command, Deadline deadline) {
    if (closed || !usable) {
        return Error{ErrorKind::disconnected, Stage::io, label,
                     closed ? "the session is closed" : "the session is unusable after an earlier failure", ""};
    }
    auto started = Clock::now();
    CommandOutput out;
    out.command = std::string(command);
    if (exec_session) {
        auto r = exec_session->exec(out.command, deadline);
        if (!r) return fail(r.error());
        out.output = std::move(r->out);
        out.output += r->err;
        if (!out.output.empty() && out.output.back() != '\n') out.output += '\n';
        out.exit_status = r->exit_status;
        if (r->exit_status && *r->exit_status != 0) out.failure = "exit status " + std::to_string(*r->exit_status);
    } else {
        auto r = channel->command(command, deadline);
        if (!r) return fail(r.error());
        out.output = std::move(r->output);
        out.paged = r->paged;
        out.failure = channel->platform().find_failure(out.output);
        note_prompt();
    }
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return out;
}

Result<ConfigOutput> Driver::Impl::configure(const std::vector<std::string>& lines, Deadline deadline) {
    if (closed || !usable) {
        return Error{ErrorKind::disconnected, Stage::io, label,
                     closed ? "the session is closed" : "the session is unusable after an earlier failure", ""};
    }
    if (exec_session) {
        return Error{ErrorKind::invalid_argument, Stage::io, label, "linux hosts have no configuration mode", ""};
    }
    const Platform& p = channel->platform();
    ConfigOutput out;
    if (channel->level() != PromptLevel::configuration) {
        auto r = channel->command(p.configure_command, deadline);
        if (!r) return fail(r.error());
        out.transcript += r->output;
        note_prompt();
        if (r->level != PromptLevel::configuration) {
            out.ok = false;
            out.failure = p.find_failure(r->output, true);
            if (out.failure.empty()) {
                out.failure =
                    "'" + p.configure_command + "' did not enter configuration mode (prompt " + r->prompt + ")";
            }
            return out;
        }
    }
    // Confirmations of what a line asks for are answered yes (the caller asked for the change);
    // any other question (a value the line should have given) stops the configuration.
    QuestionHandler questions = [](std::string_view current) -> std::optional<QuestionAnswer> {
        std::string line(current);
        if (std::regex_search(line, yes_no_question())) return QuestionAnswer{false, "yes"};
        if (std::regex_search(line, confirm_question())) return QuestionAnswer{false, ""};
        if (std::regex_search(line, other_question())) return QuestionAnswer{true, ""};
        return std::nullopt;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto r = channel->command(lines[i], deadline, questions);
        if (!r) return fail(r.error());
        out.transcript += r->output;
        std::string failure = !r->question.empty()
                                  ? "the device asked '" + r->question + "', which the line does not answer"
                                  : p.find_failure(r->output, true);
        if (!failure.empty()) {
            out.ok = false;
            out.failed_line = i;
            out.failed_text = lines[i];
            out.failure = failure;
            if (!r->question.empty()) {
                usable = false;
                return out;
            }
            break;
        }
        ++out.applied;
    }
    if (channel->level() == PromptLevel::configuration) {
        auto r = channel->command(p.end_command, deadline);
        if (!r) return fail(r.error());
        out.transcript += r->output;
    }
    note_prompt();
    return out;
}

Status Driver::Impl::close(Deadline deadline) {
    if (closed) return Ok{};
    closed = true;
    Status result = Ok{};
    if (exec_session) {
        exec_session.reset();
        return result;
    }
    if (channel && usable && !channel->broken()) {
        if (channel->level() == PromptLevel::configuration) {
            if (auto r = channel->command(channel->platform().end_command, deadline); !r) result = r.error();
        }
        // Leave each hop and see the device before it prompt again.
        for (std::size_t i = levels.size(); result && i-- > 1;) {
            const Level& outer = levels[i - 1];
            channel->clear(true);
            if (auto s = channel->type(levels[i].platform->exit_command, deadline); !s) {
                result = s;
                break;
            }
            channel->set_platform(*outer.platform);
            bool left = false;
            auto back = [&](std::string_view lines, std::string_view current) -> int {
                left = left || lines.find("closed by foreign host") != std::string_view::npos;
                std::string last = trimmed_right(current);
                return (left || trim(last) == outer.prompt) && outer.platform->prompt_level(last) ? 0 : -1;
            };
            auto r = channel->read_until(back, deadline, "leaving " + levels[i].label);
            if (!r) {
                result = r.error();
                break;
            }
            channel->adopt_prompt();
            channel->set_label(outer.label);
        }
        // The outermost device: log out; its answer is not waited for.
        if (result && channel) (void)channel->type(levels.front().platform->exit_command, deadline);
    }
    if (stream) stream->close();
    return result;
}

// --- Driver ----------------------------------------------------------------------------------

Driver::Driver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Driver::Driver(Driver&&) noexcept = default;
Driver& Driver::operator=(Driver&&) noexcept = default;

Driver::~Driver() {
    if (impl_ && !impl_->closed && impl_->stream) impl_->stream->close();
}

Result<Driver> Driver::open(const DeviceTarget& t, Deadline deadline, JumpPool* pool) {
    const std::string name = t.name.empty() ? t.ssh.host : t.name;
    auto invalid = [&](std::string message) {
        return Error{ErrorKind::invalid_argument, Stage::tcp_connect, name, std::move(message), ""};
    };
    auto known = [](const std::string& key) { return key.empty() || find_platform(key) != nullptr; };
    if (!known(t.platform)) return invalid("unknown platform '" + t.platform + "'");
    for (const auto& h : t.hops) {
        if (!known(h.platform) || h.platform == "linux") {
            return invalid("unsupported platform '" + h.platform + "' for a device reached through another one");
        }
    }
    if (t.platform == "linux" && (t.transport != TransportKind::ssh || !t.hops.empty())) {
        return invalid("linux hosts are reached over SSH only, and only directly or through jump hosts");
    }

    auto impl = std::make_unique<Impl>();
    if (auto c = impl->connect_outer(t, pool, deadline); !c) return c.error();
    impl->facts.path = impl->label;
    if (impl->exec_session) {
        impl->facts.platform = "linux";
        impl->facts.hostname = name;
        impl->facts.privilege = 0;
        return Driver(std::move(impl));
    }
    const Platform& outer = t.platform.empty() ? generic_cli_platform() : *find_platform(t.platform);
    impl->channel = std::make_unique<Channel>(*impl->stream, outer, impl->label);
    if (auto p = impl->channel->wait_prompt(deadline); !p) {
        Error e = p.error();
        if (e.kind == ErrorKind::timeout) e.message = "logged in, but no prompt came before the deadline";
        return e;
    }
    impl->levels.push_back(Level{impl->label, impl->channel->prompt(), &outer});
    for (const auto& h : t.hops) {
        if (auto s = impl->hop(h, deadline); !s) return s.error();
        impl->facts.path += " > " + std::string(h.method == HopTarget::Method::ssh ? "ssh " : "telnet ") + h.address;
    }
    const std::string& key = t.hops.empty() ? t.platform : t.hops.back().platform;
    const std::string& secret = t.hops.empty() ? t.enable_secret : t.hops.back().enable_secret;
    if (auto s = impl->prepare(key, secret, deadline); !s) return s.error();
    impl->facts.platform = impl->channel->platform().key;
    return Driver(std::move(impl));
}

const SessionFacts& Driver::facts() const {
    return impl_->facts;
}

bool Driver::usable() const {
    return impl_ && impl_->usable && !impl_->closed && (!impl_->channel || !impl_->channel->broken());
}

Result<CommandOutput> Driver::send_command(std::string_view command, Deadline deadline) {
    return impl_->run(command, deadline);
}

Result<ConfigOutput> Driver::send_config(const std::vector<std::string>& lines, Deadline deadline) {
    return impl_->configure(lines, deadline);
}

Status Driver::close(Deadline deadline) {
    return impl_->close(deadline);
}

}  // namespace vtyguard::drivers
