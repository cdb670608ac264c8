#include "drivers/transport/ssh.hpp"

#include <libssh/libssh.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <mutex>
#include <optional>
#include <system_error>
#include <utility>

#include "drivers/transport/ssh_core.hpp"
#include "drivers/transport/tcp.hpp"

namespace vtyguard::drivers {

namespace detail {

SshCore::~SshCore() {
    if (event != nullptr) {
        if (session != nullptr) ssh_event_remove_session(event, session);
        ssh_event_free(event);
    }
    if (session != nullptr) {
        ssh_disconnect(session);
        ssh_free(session);
    }
    // The stream goes before the jump sessions that carry it, so their pumps see it close.
    fd.reset();
    keepalive.reset();
}

bool SshCore::alive() const {
    if (session == nullptr) return false;
    int status = ssh_get_status(session);
    return (status & (SSH_CLOSED | SSH_CLOSED_ERROR)) == 0;
}

Status SshCore::wait(Deadline deadline, Stage stage, std::string_view doing) {
    int left = remaining_ms(deadline);
    if (left == 0) return Error{ErrorKind::timeout, stage, label, "timed out " + std::string(doing), ""};
    int rc = ssh_event_dopoll(event, left);
    if (rc == SSH_ERROR && !alive()) {
        return error(stage, "connection lost " + std::string(doing));
    }
    return Ok{};
}

Error SshCore::error(Stage stage, std::string message) const {
    std::string detail = session != nullptr ? ssh_get_error(session) : "";
    ErrorKind kind = ErrorKind::protocol;
    auto has = [&](const char* needle) { return detail.find(needle) != std::string::npos; };
    if (has("no match for method") || has("kex error")) {
        kind = ErrorKind::no_common_algorithm;
    } else if (!alive() || has("disconnect") || has("Socket error") || has("closed") || has("Connection reset")) {
        kind = ErrorKind::disconnected;
    }
    return Error{kind, stage, label, std::move(message), std::move(detail)};
}

}  // namespace detail

namespace {

using detail::SshCore;

constexpr const char* kModernKex =
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
    "diffie-hellman-group18-sha512,diffie-hellman-group16-sha512,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group14-sha256";
constexpr const char* kModernKeys =
    "ssh-ed25519,ecdsa-sha2-nistp521,ecdsa-sha2-nistp384,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256";
constexpr const char* kModernCiphers =
    "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr";
constexpr const char* kModernMacs =
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512";

std::string make_label(const SshOptions& o, const std::string& via) {
    std::string address = endpoint_label(o.host, o.port);
    std::string label = (o.name.empty() || o.name == o.host) ? address : o.name + " (" + address + ")";
    if (!via.empty()) label += " via " + via;
    return label;
}

// libssh calls in non-blocking mode answer `again` until done; in between, the core waits for
// the socket, so each step is bounded by the deadline.
template <class Call>
Result<int> drive(SshCore& core, int again, Deadline deadline, Stage stage, std::string_view doing, Call call) {
    for (;;) {
        int rc = call();
        if (rc != again) return rc;
        if (auto waited = core.wait(deadline, stage, doing); !waited) return waited.error();
    }
}

Status set_option(SshCore& core, ssh_options_e option, const void* value, const char* what) {
    if (ssh_options_set(core.session, option, value) != SSH_OK) {
        return Error{ErrorKind::invalid_argument, Stage::tcp_connect, core.label,
                     std::string("libssh refused the option ") + what, ssh_get_error(core.session)};
    }
    return Ok{};
}

Status configure(SshCore& core, const SshOptions& o) {
    AlgorithmLists lists = algorithm_lists(o.algorithms);
    int port = o.port;
    int verbosity = SSH_LOG_NOLOG;  // libssh's log level is per thread: this one stays silent
    bool no = false;
    // No SSH_OPTIONS_NODELAY: libssh applies it only to sockets it opens itself; tcp_connect
    // has set TCP_NODELAY on ours.
    socket_t fd = core.fd.get();
    struct Text {
        ssh_options_e option;
        const std::string* value;
        const char* what;
    };
    for (auto [option, value, what] :
         {Text{SSH_OPTIONS_HOST, &o.host, "host"}, Text{SSH_OPTIONS_USER, &o.credentials.username, "user"},
          Text{SSH_OPTIONS_KEY_EXCHANGE, &lists.key_exchange, "key exchange list"},
          Text{SSH_OPTIONS_HOSTKEYS, &lists.host_keys, "host key list"},
          Text{SSH_OPTIONS_CIPHERS_C_S, &lists.ciphers, "cipher list"},
          Text{SSH_OPTIONS_CIPHERS_S_C, &lists.ciphers, "cipher list"},
          Text{SSH_OPTIONS_HMAC_C_S, &lists.macs, "MAC list"}, Text{SSH_OPTIONS_HMAC_S_C, &lists.macs, "MAC list"},
          Text{SSH_OPTIONS_PUBLICKEY_ACCEPTED_TYPES, &lists.public_key_types, "public key type list"}}) {
        if (option == SSH_OPTIONS_USER && value->empty()) continue;
        if (auto s = set_option(core, option, value->c_str(), what); !s) return s;
    }
    // ~/.ssh/config is the inventory's business (plugin/inventory), never libssh's.
    if (auto s = set_option(core, SSH_OPTIONS_PROCESS_CONFIG, &no, "process-config"); !s) return s;
    if (auto s = set_option(core, SSH_OPTIONS_LOG_VERBOSITY, &verbosity, "log verbosity"); !s) return s;
    if (auto s = set_option(core, SSH_OPTIONS_PORT, &port, "port"); !s) return s;
    if (auto s = set_option(core, SSH_OPTIONS_FD, &fd, "socket"); !s) return s;
    if (!o.known_hosts.empty()) {
        if (auto s = set_option(core, SSH_OPTIONS_KNOWNHOSTS, o.known_hosts.c_str(), "known_hosts file"); !s) return s;
    }
    if (!o.global_known_hosts.empty()) {
        if (auto s = set_option(core, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, o.global_known_hosts.c_str(),
                                "global known_hosts file");
            !s)
            return s;
    }
    if (!o.credentials.agent_socket.empty()) {
        if (auto s = set_option(core, SSH_OPTIONS_IDENTITY_AGENT, o.credentials.agent_socket.c_str(), "agent socket");
            !s)
            return s;
    }
    return Ok{};
}

Status handshake(SshCore& core, Deadline deadline) {
    ssh_set_blocking(core.session, 0);
    int rc = ssh_connect(core.session);
    core.event = ssh_event_new();
    if (core.event == nullptr || ssh_event_add_session(core.event, core.session) != SSH_OK) {
        return Error{ErrorKind::resource, Stage::banner, core.label, "cannot create a libssh event", ""};
    }
    for (;;) {
        bool banner = ssh_get_serverbanner(core.session) != nullptr;
        Stage stage = banner ? Stage::key_exchange : Stage::banner;
        if (rc == SSH_OK) return Ok{};
        std::optional<Error> failed;
        if (rc == SSH_ERROR) {
            failed = core.error(stage, "SSH handshake failed");
        } else if (auto waited =
                       core.wait(deadline, stage, banner ? "during the key exchange" : "waiting for the SSH banner");
                   !waited) {
            failed = waited.error();
        }
        if (!failed) {
            rc = ssh_connect(core.session);
            continue;
        }
        // The SPEC 7 cause table tells these apart: accepted then closed, accepted then silent,
        // banner then nothing in common.
        if (!banner && failed->kind == ErrorKind::timeout) {
            failed->message += " (TCP accepted, the server says nothing: silent drop, proxy or stalled server)";
        } else if (!banner) {
            failed->kind = ErrorKind::disconnected;
            failed->message =
                "connection closed before the SSH banner (accepted, then closed: vty access-class, no "
                "free vty line, or not an SSH server)";
        } else if (failed->kind == ErrorKind::no_common_algorithm) {
            failed->message = "no algorithm in common with the server (server banner " +
                              std::string(ssh_get_serverbanner(core.session)) + ")";
        }
        return *failed;
    }
}

struct KeyDeleter {
    void operator()(ssh_key key) const { ssh_key_free(key); }
};
using KeyPtr = std::unique_ptr<std::remove_pointer_t<ssh_key>, KeyDeleter>;

struct StringDeleter {
    void operator()(char* s) const { ssh_string_free_char(s); }
};

// Type and SHA256 fingerprint of the server's key.
std::pair<std::string, std::string> server_key(SshCore& core) {
    ssh_key raw = nullptr;
    if (ssh_get_server_publickey(core.session, &raw) != SSH_OK) return {"unknown", "unknown"};
    KeyPtr key(raw);
    std::string type =
        ssh_key_type_to_char(ssh_key_type(key.get())) ? ssh_key_type_to_char(ssh_key_type(key.get())) : "unknown";
    unsigned char* hash = nullptr;
    size_t len = 0;
    if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != SSH_OK) return {type, "unknown"};
    std::unique_ptr<char, StringDeleter> text(ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len));
    ssh_clean_pubkey_hash(&hash);
    return {type, text ? std::string(text.get()) : "unknown"};
}

// libssh's known_hosts functions share one file per process; accept_new appends to it.
std::mutex& known_hosts_mutex() {
    static std::mutex m;
    return m;
}

Status check_host_key(SshCore& core, const SshOptions& o) {
    auto [type, fingerprint] = server_key(core);
    core.info.host_key_type = type;
    core.info.host_key_fingerprint = fingerprint;
    std::string file = o.known_hosts.empty() ? std::string("~/.ssh/known_hosts") : o.known_hosts.string();
    std::string key_text = type + " " + fingerprint;

    std::lock_guard lock(known_hosts_mutex());
    enum ssh_known_hosts_e state = ssh_session_is_known_server(core.session);
    switch (state) {
        case SSH_KNOWN_HOSTS_OK:
            return Ok{};
        case SSH_KNOWN_HOSTS_CHANGED:
        case SSH_KNOWN_HOSTS_OTHER: {
            std::string what = state == SSH_KNOWN_HOSTS_CHANGED
                                   ? "HOST KEY CHANGED: "
                                   : "HOST KEY CHANGED (the server offers a key of another type than recorded): ";
            return Error{ErrorKind::host_key_changed, Stage::host_key, core.label,
                         what + "the server presents " + key_text + ", which differs from the key recorded in " + file +
                             ". Refusing to connect: this may be a man-in-the-middle, or the device's key "
                             "was regenerated; verify the new key, then remove the old entry (ssh-keygen -R)",
                         ""};
        }
        case SSH_KNOWN_HOSTS_UNKNOWN:
        case SSH_KNOWN_HOSTS_NOT_FOUND:
            if (o.host_key_policy == HostKeyPolicy::accept_new) {
                if (!o.known_hosts.empty() && o.known_hosts.has_parent_path()) {
                    std::error_code ec;
                    std::filesystem::create_directories(o.known_hosts.parent_path(), ec);
                }
                if (ssh_session_update_known_hosts(core.session) != SSH_OK) {
                    return Error{ErrorKind::invalid_argument, Stage::host_key, core.label,
                                 "cannot record the host key (" + key_text + ") in " + file,
                                 ssh_get_error(core.session)};
                }
                core.info.host_key_learned = true;
                return Ok{};
            }
            return Error{ErrorKind::host_key_unknown, Stage::host_key, core.label,
                         "host key not known: the server presents " + key_text + ", and " + file +
                             " has no entry for this host (strict checking; verify it and add it, or accept "
                             "first-seen keys with --accept-new)",
                         ""};
        case SSH_KNOWN_HOSTS_ERROR:
            break;
    }
    return Error{ErrorKind::protocol, Stage::host_key, core.label, "cannot check the host key against " + file,
                 ssh_get_error(core.session)};
}

std::string method_names(int methods) {
    std::string out;
    auto add = [&](int bit, const char* name) {
        if ((methods & bit) == 0) return;
        if (!out.empty()) out += ", ";
        out += name;
    };
    add(SSH_AUTH_METHOD_PUBLICKEY, "publickey");
    add(SSH_AUTH_METHOD_PASSWORD, "password");
    add(SSH_AUTH_METHOD_INTERACTIVE, "keyboard-interactive");
    add(SSH_AUTH_METHOD_GSSAPI_MIC, "gssapi-with-mic");
    add(SSH_AUTH_METHOD_HOSTBASED, "hostbased");
    return out.empty() ? "none" : out;
}

bool looks_like_user_prompt(std::string_view prompt) {
    std::string lower(prompt);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find("user") != std::string::npos || lower.find("login") != std::string::npos;
}

class Authenticator {
public:
    Authenticator(SshCore& core, const Credentials& c, Deadline deadline) : core_(core), c_(c), deadline_(deadline) {}

    Status run() {
        auto none = step("none", [&] { return ssh_userauth_none(core_.session, nullptr); });
        if (!none) return none.error();
        if (*none == SSH_AUTH_SUCCESS) return success("none");
        refresh_methods();

        if (offered(SSH_AUTH_METHOD_PUBLICKEY)) {
            for (const auto& file : c_.identity_files) {
                ssh_key raw = nullptr;
                const char* pass = c_.key_passphrase.empty() ? nullptr : c_.key_passphrase.c_str();
                if (ssh_pki_import_privkey_file(file.c_str(), pass, nullptr, nullptr, &raw) != SSH_OK) {
                    note("key " + file.string() + " unreadable");
                    continue;
                }
                KeyPtr key(raw);
                auto rc = step("publickey", [&] { return ssh_userauth_publickey(core_.session, nullptr, key.get()); });
                if (!rc) return rc.error();
                if (auto done = outcome(*rc, "publickey", "key " + file.string())) return *done;
                if (!offered(SSH_AUTH_METHOD_PUBLICKEY)) break;
            }
        }
        if (c_.use_agent && offered(SSH_AUTH_METHOD_PUBLICKEY)) {
            auto rc = step("agent", [&] { return ssh_userauth_agent(core_.session, nullptr); });
            if (!rc) return rc.error();
            if (auto done = outcome(*rc, "agent", "ssh-agent")) return *done;
        }
        if (!c_.password.empty() && offered(SSH_AUTH_METHOD_PASSWORD)) {
            auto rc =
                step("password", [&] { return ssh_userauth_password(core_.session, nullptr, c_.password.c_str()); });
            if (!rc) return rc.error();
            if (auto done = outcome(*rc, "password", "password")) return *done;
        }
        if (!c_.password.empty() && offered(SSH_AUTH_METHOD_INTERACTIVE)) {
            auto rc = keyboard_interactive();
            if (!rc) return rc.error();
            if (auto done = outcome(*rc, "keyboard-interactive", "keyboard-interactive")) return *done;
        }
        std::string message = "authentication failed for user '" + c_.username +
                              "' (server offers: " + method_names(offered_all_) +
                              "; tried: " + (tried_.empty() ? std::string("nothing usable") : tried_) + ")";
        return Error{ErrorKind::auth_failed, Stage::authentication, core_.label, message, ""};
    }

private:
    // An error that leaves the connection up (an agent that cannot be reached, a key type the
    // server rejects) is one failed method; one that ends the connection ends the walk.
    template <class Call>
    Result<int> step(std::string_view method, Call call) {
        std::string doing = "during " + std::string(method) + " authentication";
        auto rc = drive(core_, SSH_AUTH_AGAIN, deadline_, Stage::authentication, doing, call);
        if (rc && *rc == SSH_AUTH_ERROR && !core_.alive()) {
            return core_.error(Stage::authentication, "connection lost " + doing);
        }
        return rc;
    }

    void refresh_methods() {
        methods_ = ssh_userauth_list(core_.session, nullptr);
        offered_all_ |= methods_;
    }
    bool offered(int method) const { return (methods_ & method) != 0; }

    void note(const std::string& what) {
        if (!tried_.empty()) tried_ += ", ";
        tried_ += what;
    }

    // Success ends the walk; partial success means the server wants another method too.
    std::optional<Status> outcome(int rc, const char* method, const std::string& what) {
        if (rc == SSH_AUTH_SUCCESS) return success(method);
        if (rc == SSH_AUTH_PARTIAL) {
            note(what + " accepted (partial)");
            refresh_methods();
            return std::nullopt;
        }
        if (rc == SSH_AUTH_ERROR) {
            note(what + " failed (" + std::string(ssh_get_error(core_.session)) + ")");
            return std::nullopt;
        }
        note(what + " denied");
        return std::nullopt;
    }

    Status success(const char* method) {
        core_.info.auth_method = method;
        return Ok{};
    }

    Result<int> keyboard_interactive() {
        auto kbdint = [&] { return ssh_userauth_kbdint(core_.session, nullptr, nullptr); };
        auto rc = step("keyboard-interactive", kbdint);
        bool password_sent = false;
        // Servers may send several rounds (OpenSSH ends with an empty one). The password goes out
        // once: a second password prompt means it was wrong, and guessing again only burns the
        // device's attempt counter.
        for (int round = 0; rc && *rc == SSH_AUTH_INFO && round < 8; ++round) {
            int prompts = ssh_userauth_kbdint_getnprompts(core_.session);
            bool sends_password = false;
            for (int i = 0; i < prompts; ++i) {
                char echo = 0;
                const char* prompt = ssh_userauth_kbdint_getprompt(core_.session, static_cast<unsigned>(i), &echo);
                std::string answer;
                if (echo == 0) {
                    if (password_sent) return SSH_AUTH_DENIED;
                    answer = c_.password;
                    sends_password = true;
                } else if (prompt != nullptr && looks_like_user_prompt(prompt)) {
                    answer = c_.username;
                }
                if (ssh_userauth_kbdint_setanswer(core_.session, static_cast<unsigned>(i), answer.c_str()) < 0) {
                    return core_.error(Stage::authentication, "cannot answer a keyboard-interactive prompt");
                }
            }
            password_sent = password_sent || sends_password;
            rc = step("keyboard-interactive", kbdint);
        }
        if (rc && *rc == SSH_AUTH_INFO) return SSH_AUTH_DENIED;
        return rc;
    }

    SshCore& core_;
    const Credentials& c_;
    Deadline deadline_;
    int methods_ = 0;
    int offered_all_ = 0;
    std::string tried_;
};

Result<std::shared_ptr<SshCore>> start(const SshOptions& o, UniqueFd fd, std::shared_ptr<void> keepalive,
                                       const std::string& via, Deadline deadline) {
    auto core = std::make_shared<SshCore>();
    core->label = make_label(o, via);
    core->endpoint = endpoint_label(o.host, o.port);
    core->via = via;
    core->fd = std::move(fd);
    core->keepalive = std::move(keepalive);
    core->session = ssh_new();
    if (core->session == nullptr) {
        return Error{ErrorKind::resource, Stage::tcp_connect, core->label, "cannot create a libssh session", ""};
    }
    ssh_set_counters(core->session, &core->sent, &core->received);
    if (auto s = configure(*core, o); !s) return s.error();
    if (auto s = handshake(*core, deadline); !s) return s.error();
    core->info.server_banner = ssh_get_serverbanner(core->session);
    if (const char* kex = ssh_get_kex_algo(core->session)) core->info.key_exchange = kex;
    if (const char* cipher = ssh_get_cipher_out(core->session)) core->info.cipher = cipher;
    if (const char* mac = ssh_get_hmac_out(core->session)) core->info.mac = mac;
    if (auto s = check_host_key(*core, o); !s) return s.error();
    if (auto s = Authenticator(*core, o.credentials, deadline).run(); !s) return s.error();
    return core;
}

}  // namespace

AlgorithmLists algorithm_lists(AlgorithmProfile profile) {
    AlgorithmLists l{kModernKex, kModernKeys, kModernCiphers, kModernMacs, kModernKeys};
    if (profile == AlgorithmProfile::legacy) {
        // Old IOS and ASA: SHA-1 key exchange, RSA host keys signed with SHA-1, CBC ciphers.
        l.key_exchange += ",diffie-hellman-group14-sha1,diffie-hellman-group1-sha1";
        l.host_keys += ",ssh-rsa";
        l.ciphers += ",aes256-cbc,aes192-cbc,aes128-cbc,3des-cbc";
        l.macs += ",hmac-sha1";
        l.public_key_types += ",ssh-rsa";
    }
    return l;
}

// --- SshSession -------------------------------------------------------------------------------

SshSession::SshSession(std::shared_ptr<detail::SshCore> core) : core_(std::move(core)) {}
SshSession::SshSession(SshSession&&) noexcept = default;
SshSession& SshSession::operator=(SshSession&&) noexcept = default;
SshSession::~SshSession() = default;

Result<SshSession> SshSession::connect(const SshOptions& options, Deadline deadline) {
    std::string label = make_label(options, "");
    auto fd = tcp_connect(options.host, options.port, deadline, label, options.source_address);
    if (!fd) return fd.error();
    auto core = start(options, std::move(fd.value()), nullptr, "", deadline);
    if (!core) return core.error();
    return SshSession(std::move(core.value()));
}

Result<SshSession> SshSession::connect(const SshOptions& options, Tunnel tunnel, Deadline deadline) {
    auto core = start(options, std::move(tunnel.fd), std::move(tunnel.keepalive), tunnel.via, deadline);
    if (!core) return core.error();
    return SshSession(std::move(core.value()));
}

const SessionInfo& SshSession::info() const {
    return core_->info;
}
const std::string& SshSession::label() const {
    return core_->label;
}
bool SshSession::connected() const {
    return core_ && core_->alive();
}

// --- SshChannel -------------------------------------------------------------------------------

struct SshChannel::State {
    std::shared_ptr<SshCore> core;
    ssh_channel channel = nullptr;
    bool eof = false;

    ~State() {
        if (channel != nullptr) {
            ssh_channel_close(channel);
            ssh_channel_free(channel);
        }
    }
};

SshChannel::SshChannel(std::unique_ptr<State> state) : s_(std::move(state)) {}
SshChannel::SshChannel(SshChannel&&) noexcept = default;
SshChannel& SshChannel::operator=(SshChannel&&) noexcept = default;
SshChannel::~SshChannel() = default;

void SshChannel::close() {
    s_.reset();
}

bool SshChannel::at_eof() const {
    return !s_ || s_->eof;
}

namespace {

constexpr int kEof = -1;

// Moves what libssh holds for one stream into `out`: the number of bytes, 0 when there is
// nothing yet, kEof at the end of the channel's output.
Result<int> drain(SshCore& core, ssh_channel channel, std::string& out, bool is_stderr) {
    std::array<char, 16384> buffer{};
    int total = 0;
    for (;;) {
        int n = ssh_channel_read_nonblocking(channel, buffer.data(), buffer.size(), is_stderr ? 1 : 0);
        if (n > 0) {
            out.append(buffer.data(), static_cast<std::size_t>(n));
            total += n;
            continue;
        }
        if (n == SSH_EOF || (n == 0 && (ssh_channel_is_eof(channel) || ssh_channel_is_closed(channel)))) {
            return total > 0 ? total : kEof;
        }
        if (n == SSH_ERROR) return core.error(Stage::io, "reading from the channel failed");
        return total;
    }
}

}  // namespace

Result<std::size_t> SshChannel::read(std::string& out, Deadline deadline) {
    if (!s_ || s_->eof) return std::size_t{0};
    for (;;) {
        // Draining one stream may read packets for the other: sleep only after a pass that
        // read nothing from the socket.
        std::uint64_t packets = s_->core->packets_in();
        auto o = drain(*s_->core, s_->channel, out, false);
        if (!o) return o.error();
        auto e = drain(*s_->core, s_->channel, out, true);
        if (!e) return e.error();
        int got = std::max(*o, 0) + std::max(*e, 0);
        if (got > 0) return static_cast<std::size_t>(got);
        if (*o == kEof) {
            s_->eof = true;
            return std::size_t{0};
        }
        if (s_->core->packets_in() != packets) continue;
        if (auto w = s_->core->wait(deadline, Stage::io, "waiting for output"); !w) return w.error();
    }
}

Status SshChannel::write(std::string_view data, Deadline deadline) {
    if (!s_) return Error{ErrorKind::invalid_argument, Stage::io, "", "write on a closed channel", ""};
    SshCore& core = *s_->core;
    while (!data.empty()) {
        uint32_t window = ssh_channel_window_size(s_->channel);
        int n = 0;
        if (window > 0) {
            std::size_t chunk = std::min<std::size_t>({data.size(), window, 32768});
            n = ssh_channel_write(s_->channel, data.data(), static_cast<uint32_t>(chunk));
            if (n == SSH_ERROR) return core.error(Stage::io, "writing to the channel failed");
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        if (n == 0) {
            if (auto w = core.wait(deadline, Stage::io, "waiting for the server to accept input"); !w) return w;
        }
    }
    while (ssh_blocking_flush(core.session, 0) == SSH_AGAIN) {
        if (auto w = core.wait(deadline, Stage::io, "sending input"); !w) return w;
    }
    return Ok{};
}

Status SshChannel::send_eof(Deadline deadline) {
    if (!s_) return Ok{};
    if (ssh_channel_send_eof(s_->channel) == SSH_ERROR) return s_->core->error(Stage::io, "sending EOF failed");
    while (ssh_blocking_flush(s_->core->session, 0) == SSH_AGAIN) {
        if (auto w = s_->core->wait(deadline, Stage::io, "sending EOF"); !w) return w;
    }
    return Ok{};
}

std::optional<int> SshChannel::exit_status(Deadline deadline) {
    if (!s_) return std::nullopt;
    for (;;) {
        int status = ssh_channel_get_exit_status(s_->channel);
        if (status >= 0) return status;
        if (ssh_channel_is_closed(s_->channel) || !s_->core->alive()) return std::nullopt;
        if (!s_->core->wait(deadline, Stage::io, "waiting for the exit status")) return std::nullopt;
    }
}

namespace {

Result<ssh_channel> open_session_channel(SshCore& core, Deadline deadline) {
    ssh_channel channel = ssh_channel_new(core.session);
    if (channel == nullptr) return core.error(Stage::channel, "cannot create a channel");
    auto rc = drive(core, SSH_AGAIN, deadline, Stage::channel, "opening a session channel",
                    [&] { return ssh_channel_open_session(channel); });
    if (!rc || *rc != SSH_OK) {
        Error e = rc ? core.error(Stage::channel, "the server refused a session channel") : rc.error();
        if (e.kind == ErrorKind::protocol) e.kind = ErrorKind::channel_refused;
        ssh_channel_free(channel);
        return e;
    }
    return channel;
}

}  // namespace

Result<SshChannel> SshSession::open_shell(const PtyOptions& pty, Deadline deadline) {
    auto channel = open_session_channel(*core_, deadline);
    if (!channel) return channel.error();
    auto state = std::make_unique<SshChannel::State>();
    state->core = core_;
    state->channel = *channel;
    auto request = [&](const char* what, auto call) -> Status {
        auto rc = drive(*core_, SSH_AGAIN, deadline, Stage::channel, std::string("requesting a ") + what, call);
        if (!rc) return rc.error();
        if (*rc != SSH_OK) {
            Error e = core_->error(Stage::channel, std::string("the server refused the ") + what + " request");
            if (e.kind == ErrorKind::protocol) e.kind = ErrorKind::channel_refused;
            return e;
        }
        return Ok{};
    };
    if (auto s = request(
            "pty",
            [&] { return ssh_channel_request_pty_size(state->channel, pty.term.c_str(), pty.columns, pty.rows); });
        !s)
        return s.error();
    if (auto s = request("shell", [&] { return ssh_channel_request_shell(state->channel); }); !s) return s.error();
    return SshChannel(std::move(state));
}

Result<SshChannel> SshSession::open_exec(const std::string& command, Deadline deadline) {
    auto channel = open_session_channel(*core_, deadline);
    if (!channel) return channel.error();
    auto state = std::make_unique<SshChannel::State>();
    state->core = core_;
    state->channel = *channel;
    auto rc = drive(*core_, SSH_AGAIN, deadline, Stage::channel, "requesting exec",
                    [&] { return ssh_channel_request_exec(state->channel, command.c_str()); });
    if (!rc) return rc.error();
    if (*rc != SSH_OK) {
        Error e = core_->error(Stage::channel, "the server refused to execute '" + command + "'");
        if (e.kind == ErrorKind::protocol) e.kind = ErrorKind::channel_refused;
        return e;
    }
    return SshChannel(std::move(state));
}

Result<ExecResult> SshSession::exec(const std::string& command, Deadline deadline) {
    auto channel = open_exec(command, deadline);
    if (!channel) return channel.error();
    SshChannel::State& s = *channel->s_;
    ExecResult result;
    for (;;) {
        std::uint64_t packets = core_->packets_in();
        auto o = drain(*core_, s.channel, result.out, false);
        if (!o) return o.error();
        auto e = drain(*core_, s.channel, result.err, true);
        if (!e) return e.error();
        if (*o == kEof && *e <= 0) break;
        if (*o > 0 || *e > 0 || core_->packets_in() != packets) continue;
        if (auto w = core_->wait(deadline, Stage::io, "waiting for the output of '" + command + "'"); !w) {
            return w.error();
        }
    }
    s.eof = true;
    result.exit_status = channel->exit_status(deadline);
    return result;
}

}  // namespace vtyguard::drivers
