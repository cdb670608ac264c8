// One SSH connection on libssh's server API: key exchange, password and keyboard-interactive
// authentication against the device, one session channel (pty, shell or exec), then bytes pumped
// between the channel and a lab Session.
//
// The session stays non-blocking while it negotiates so the thread polls in 100 ms slices (stop()
// and the login deadline are noticed); once a shell or exec runs, writes are blocking (libssh waits
// for the client's window) and a stop() shuts the socket down under them.
#include <sys/socket.h>
#include <unistd.h>

#include <libssh/callbacks.h>

#include <chrono>
#include <optional>
#include <string>

#include "lab/server/internal.hpp"

namespace vtyguard::lab::detail {

namespace {

using namespace std::chrono_literals;

// IOS defaults: `ip ssh time-out 120`, `ip ssh authentication-retries 3`.
constexpr auto kLoginTimeout = 120s;
constexpr int kAuthRetries = 3;
constexpr int kPollMs = 100;

struct SshState {
    SshState(ConnectionContext& c, ssh_session s) : ctx(c), session(s) {}

    ConnectionContext& ctx;
    ssh_session session;
    ssh_channel channel = nullptr;
    bool authenticated = false;
    int failures = 0;
    std::string user;
    int privilege = 1;
    std::string kbdint_user;
    enum class Request { none, shell, exec } request = Request::none;
    std::string command;

    bool check(const char* name, const char* password) {
        const std::string who = name != nullptr ? name : "";
        const Login login =
            ctx.entry.device->login(who, password != nullptr ? password : "", ctx.port, Service::ssh, ctx.line);
        if (login.ok) {
            authenticated = true;
            user = who;
            privilege = login.privilege;
            ctx.log(ctx.describe() + ": user " + who + " logged in at privilege " + std::to_string(privilege));
            return true;
        }
        ++failures;
        ctx.log(ctx.describe() + ": authentication failed for " + who + ": " + login.message);
        return false;
    }
};

int on_password(ssh_session, const char* user, const char* password, void* userdata) {
    return static_cast<SshState*>(userdata)->check(user, password) ? SSH_AUTH_SUCCESS : SSH_AUTH_DENIED;
}

// Every message the password callback did not take. 0: handled here; 1: libssh's default
// answer (failure).
int on_message(ssh_session session, ssh_message msg, void* userdata) {
    auto& s = *static_cast<SshState*>(userdata);
    switch (ssh_message_type(msg)) {
        case SSH_REQUEST_AUTH:
            if (ssh_message_subtype(msg) != SSH_AUTH_METHOD_INTERACTIVE || s.authenticated) return 1;
            if (!ssh_message_auth_kbdint_is_response(msg)) {
                // What IOS with AAA sends: no name, no instruction, one non-echoed prompt.
                const char* user = ssh_message_auth_user(msg);
                s.kbdint_user = user != nullptr ? user : "";
                const char* prompts[] = {"Password: "};
                char echo[] = {0};
                ssh_message_auth_interactive_request(msg, "", "", 1, prompts, echo);
                return 0;
            }
            if (ssh_userauth_kbdint_getnanswers(session) == 1 &&
                s.check(s.kbdint_user.c_str(), ssh_userauth_kbdint_getanswer(session, 0))) {
                ssh_message_auth_reply_success(msg, 0);
                return 0;
            }
            if (ssh_userauth_kbdint_getnanswers(session) != 1) ++s.failures;
            return 1;
        case SSH_REQUEST_CHANNEL_OPEN:
            // One session channel per connection, like a vty; no forwarding.
            if (ssh_message_subtype(msg) != SSH_CHANNEL_SESSION || !s.authenticated || s.channel != nullptr) return 1;
            s.channel = ssh_message_channel_request_open_reply_accept(msg);
            return 0;
        case SSH_REQUEST_CHANNEL:
            if (s.channel == nullptr || ssh_message_channel_request_channel(msg) != s.channel) return 1;
            switch (ssh_message_subtype(msg)) {
                case SSH_CHANNEL_REQUEST_PTY:
                case SSH_CHANNEL_REQUEST_WINDOW_CHANGE:  // the session has no notion of size
                    ssh_message_channel_request_reply_success(msg);
                    return 0;
                case SSH_CHANNEL_REQUEST_SHELL:
                    if (s.request != SshState::Request::none) return 1;
                    s.request = SshState::Request::shell;
                    ssh_message_channel_request_reply_success(msg);
                    return 0;
                case SSH_CHANNEL_REQUEST_EXEC: {
                    if (s.request != SshState::Request::none) return 1;
                    const char* command = ssh_message_channel_request_command(msg);
                    s.command = command != nullptr ? command : "";
                    s.request = SshState::Request::exec;
                    ssh_message_channel_request_reply_success(msg);
                    return 0;
                }
                default:  // env, subsystem (sftp), x11, agent: refused like on IOS
                    return 1;
            }
        default:
            return 1;
    }
}

bool gone(ssh_session session) {
    return (ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0;
}

// libssh objects of one connection, freed in the order libssh needs.
class SshHandles {
public:
    explicit SshHandles(ssh_session session) : session_(session) {}
    ~SshHandles() {
        if (event_ != nullptr) {
            ssh_event_remove_session(event_, session_);
            ssh_event_free(event_);
        }
        ssh_free(session_);  // also closes the socket and frees the channel
    }
    SshHandles(const SshHandles&) = delete;
    SshHandles& operator=(const SshHandles&) = delete;

    bool add_event() {
        event_ = ssh_event_new();
        if (event_ == nullptr) return false;
        if (ssh_event_add_session(event_, session_) != SSH_OK) {
            ssh_event_free(event_);
            event_ = nullptr;
            return false;
        }
        return true;
    }
    ssh_event event() const { return event_; }

private:
    ssh_session session_;
    ssh_event event_ = nullptr;
};

// Runs the shell or the exec command; returns what ends the connection.
enum class Ending { user_left, client_gone, dropped, failed };

Ending run_channel(SshState& s, ssh_event event, int& exit_status) {
    ConnectionContext& ctx = s.ctx;
    const Faults& faults = ctx.entry.device->spec().faults;
    auto write = [&](std::string_view bytes) {
        const int n = ssh_channel_write(s.channel, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
        return n >= 0 && static_cast<std::size_t>(n) == bytes.size();
    };
    auto send = [&](const Reply& reply) -> std::optional<Ending> {
        switch (send_with_faults(faults, reply, ctx.stopping, write)) {
            case SendResult::ok:
                return reply.close ? std::optional(Ending::user_left) : std::nullopt;
            case SendResult::dropped:
                return Ending::dropped;
            case SendResult::failed:
                return Ending::failed;
        }
        return Ending::failed;
    };

    Session cli(*ctx.entry.device, &ctx.fleet, s.user, s.privilege, ctx.peer, Service::ssh, ctx.line);
    if (s.request == SshState::Request::exec) {
        cli.start();  // MOTD and prompt belong to interactive sessions only
        bool failed = false;
        bool closed = false;
        Reply reply{run_exec(cli, s.command, failed, closed), 1, true};
        exit_status = failed ? 1 : 0;
        ctx.log(ctx.describe() + ": exec '" + s.command + "'");
        return send(reply).value_or(Ending::user_left);
    }

    if (auto end = send(cli.start())) return *end;
    char buffer[4096];
    while (!ctx.stopping) {
        const int n = ssh_channel_read_nonblocking(s.channel, buffer, sizeof buffer, 0);
        if (n > 0) {
            if (auto end = send(cli.input(std::string_view(buffer, static_cast<std::size_t>(n))))) return *end;
            continue;
        }
        if (n < 0 || ssh_channel_is_eof(s.channel) || ssh_channel_is_closed(s.channel) || gone(s.session)) {
            return Ending::client_gone;
        }
        if (ssh_event_dopoll(event, kPollMs) == SSH_ERROR) return Ending::client_gone;
    }
    return Ending::failed;
}

}  // namespace

void serve_ssh(ConnectionContext& ctx) {
    ssh_session session = ssh_new();
    if (session == nullptr) {
        ::close(ctx.fd);
        return;
    }
    SshHandles handles(session);
    int rc = SSH_ERROR;
    std::string error;
    {
        std::lock_guard lock(ctx.entry.bind_mutex);
        rc = ssh_bind_accept_fd(ctx.entry.bind, session, ctx.fd);
        if (rc != SSH_OK) error = ssh_get_error(ctx.entry.bind);
    }
    if (rc != SSH_OK) {
        ctx.log(ctx.describe() + ": ssh_bind_accept_fd: " + error);
        if (ssh_get_fd(session) != ctx.fd) ::close(ctx.fd);  // libssh never took it
        return;
    }

    SshState state{ctx, session};
    ssh_server_callbacks_struct server_callbacks{};
    ssh_callbacks_init(&server_callbacks);
    server_callbacks.userdata = &state;
    server_callbacks.auth_password_function = on_password;
    ssh_set_server_callbacks(session, &server_callbacks);
    ssh_set_message_callback(session, on_message, &state);
    ssh_set_auth_methods(session, SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE);
    ssh_set_blocking(session, 0);

    const auto deadline = std::chrono::steady_clock::now() + kLoginTimeout;
    auto expired = [&] { return ctx.stopping || std::chrono::steady_clock::now() > deadline; };
    // The first step sends the banner and gives the session the poll context that
    // ssh_event_add_session moves into the event.
    rc = ssh_handle_key_exchange(session);
    if (rc == SSH_AGAIN && !handles.add_event()) {
        ctx.log(ctx.describe() + ": cannot create an ssh_event");
        return;
    }
    while (rc == SSH_AGAIN && !expired()) {
        if (ssh_event_dopoll(handles.event(), kPollMs) == SSH_ERROR) break;
        rc = ssh_handle_key_exchange(session);
    }
    if (rc != SSH_OK) {
        ctx.log(ctx.describe() + ": key exchange failed: " + (rc == SSH_AGAIN ? "timeout" : ssh_get_error(session)));
        return;
    }

    while (state.request == SshState::Request::none && !expired() && !gone(session) && state.failures < kAuthRetries) {
        if (ssh_event_dopoll(handles.event(), kPollMs) == SSH_ERROR) break;
    }
    if (state.request == SshState::Request::none) {
        if (state.failures >= kAuthRetries) ctx.log(ctx.describe() + ": too many authentication failures");
        if (!gone(session)) ssh_disconnect(session);
        return;
    }

    ssh_set_blocking(session, 1);
    int exit_status = 0;
    switch (run_channel(state, handles.event(), exit_status)) {
        case Ending::user_left:
            ssh_channel_request_send_exit_status(state.channel, exit_status);
            ssh_channel_send_eof(state.channel);
            ssh_channel_close(state.channel);
            ssh_blocking_flush(session, 1000);
            ssh_disconnect(session);
            break;
        case Ending::dropped:
            // The transport fault: what was written reaches the client, then the TCP
            // connection ends without an SSH goodbye.
            ssh_blocking_flush(session, 1000);
            ::shutdown(ctx.ctl_fd, SHUT_RDWR);
            ctx.log(ctx.describe() + ": connection dropped mid-output (fault)");
            break;
        case Ending::client_gone:
        case Ending::failed:
            if (!gone(session)) ssh_disconnect(session);
            break;
    }
}

}  // namespace vtyguard::lab::detail
