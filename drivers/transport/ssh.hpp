// SSH client transport on libssh 0.10: connection, host-key policy, authentication, session
// channels (scrapli's layering: this transport -> channel -> driver).
//
// Contract:
//  - Every call that talks to the network takes a Deadline and returns within it (libssh runs
//    non-blocking; waits are ssh_event polls bounded by the deadline). Nothing is printed,
//    nothing aborts: failures are Error values naming the host (SshOptions::name and address).
//  - connect(): TCP connect from here (TCP_NODELAY) or over a Tunnel, key exchange with the
//    algorithm profile, host-key check, authentication; the session returned is authenticated.
//  - Host keys: strict by default, against `known_hosts` (empty: libssh's default
//    ~/.ssh/known_hosts) and `global_known_hosts` (empty: /etc/ssh/ssh_known_hosts). An unknown
//    key is refused (host_key_unknown) unless the policy is accept_new, which appends it to
//    `known_hosts`. A key that differs from the recorded one is always refused (host_key_changed,
//    the message gives the new key's type and SHA256 fingerprint and the file), whatever the policy.
//  - Algorithms: `modern` offers only current algorithms; `legacy` adds, after them,
//    diffie-hellman-group14-sha1 and group1-sha1, ssh-rsa host keys and signatures, aes*-cbc and
//    3des-cbc, hmac-sha1. Only a caller that opted in for this host asks for legacy (SPEC 7).
//    Complete lists are passed (libssh 0.10 has no +/- syntax). ~/.ssh/config is never read.
//  - Authentication, in this order, among the methods the server offers: public key files,
//    the ssh-agent, password, keyboard-interactive (non-echoed prompts are answered with the
//    password, echoed prompts asking for a user name with the user name: Cisco with AAA offers
//    only this; a second password prompt is taken as a denial, the password is not sent
//    again). A method that fails without ending the connection (agent unreachable, key file
//    unreadable) is skipped; partial success continues with the remaining methods.
//    auth_failed lists what the server offered and what was tried, never a secret.
//  - A session and its channels belong to one thread at a time (libssh sessions are not
//    thread-safe). Channels keep their session's connection alive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/transport/error.hpp"
#include "drivers/transport/tunnel.hpp"

namespace vtyguard::drivers {

enum class HostKeyPolicy { strict, accept_new };
enum class AlgorithmProfile { modern, legacy };

struct Credentials {
    std::string username;
    std::string password;  // for password and keyboard-interactive; empty: neither is tried
    std::vector<std::filesystem::path> identity_files;  // private keys (OpenSSH or PEM format)
    std::string key_passphrase;                         // for encrypted identity files
    bool use_agent = false;                             // try the keys of an ssh-agent
    std::string agent_socket;                           // empty: $SSH_AUTH_SOCK
};

struct SshOptions {
    std::string name;  // inventory name used in messages; empty: the address alone
    std::string host;
    std::uint16_t port = 22;
    std::string source_address;  // numeric local address to connect from (BindAddress); empty: any
    Credentials credentials;
    std::filesystem::path known_hosts;
    std::filesystem::path global_known_hosts;
    HostKeyPolicy host_key_policy = HostKeyPolicy::strict;
    AlgorithmProfile algorithms = AlgorithmProfile::modern;
};

// The complete, comma-separated lists a profile passes to libssh.
struct AlgorithmLists {
    std::string key_exchange;
    std::string host_keys;
    std::string ciphers;
    std::string macs;
    std::string public_key_types;  // signatures we make with user keys
};
AlgorithmLists algorithm_lists(AlgorithmProfile profile);

struct SessionInfo {
    std::string server_banner;         // e.g. "SSH-2.0-Cisco-1.25"
    std::string key_exchange;          // e.g. "curve25519-sha256"
    std::string cipher;                // client to server
    std::string mac;                   // client to server (empty with AEAD ciphers)
    std::string host_key_type;         // e.g. "ssh-ed25519"
    std::string host_key_fingerprint;  // "SHA256:..."
    bool host_key_learned = false;     // accept_new recorded it during this connect
    std::string auth_method;           // "publickey", "agent", "password", "keyboard-interactive", "none"
};

struct PtyOptions {
    std::string term = "vt100";
    int columns = 511;  // wide, so devices do not wrap long configuration lines
    int rows = 24;
};

struct ExecResult {
    std::string out;
    std::string err;
    std::optional<int> exit_status;  // absent when the server sent none
};

namespace detail {
struct SshCore;
}

// A session channel (shell with a pty, or exec).
class SshChannel {
public:
    SshChannel(SshChannel&&) noexcept;
    SshChannel& operator=(SshChannel&&) noexcept;
    ~SshChannel();  // closes the channel

    // Appends what has arrived to `out` (stdout, then stderr; a pty shell has only stdout),
    // waiting until at least one byte is there, the server ends its output, or the deadline
    // passes (timeout error; nothing is lost, a later read returns it). Returns the number of
    // bytes appended; 0 means end of output (EOF or channel closed).
    Result<std::size_t> read(std::string& out, Deadline deadline);
    // Writes all of `data` (waiting for the server's window as needed) before the deadline.
    Status write(std::string_view data, Deadline deadline);
    Status send_eof(Deadline deadline);
    bool at_eof() const;
    // The command's exit status, waiting for it until the deadline once the output has ended.
    std::optional<int> exit_status(Deadline deadline);
    void close();

private:
    friend class SshSession;
    struct State;
    explicit SshChannel(std::unique_ptr<State> state);
    Result<std::size_t> read_stream(std::string& out, bool stderr_stream, Deadline deadline, bool wait);
    std::unique_ptr<State> s_;
};

class SshSession {
public:
    static Result<SshSession> connect(const SshOptions& options, Deadline deadline);
    // The same over a Tunnel (a jump chain): the session takes over the tunnel's stream.
    static Result<SshSession> connect(const SshOptions& options, Tunnel tunnel, Deadline deadline);

    SshSession(SshSession&&) noexcept;
    SshSession& operator=(SshSession&&) noexcept;
    ~SshSession();  // disconnects once the last channel is gone

    const SessionInfo& info() const;
    // "name (host:port)" or "host:port", plus " via <jump chain>" over a tunnel.
    const std::string& label() const;
    // False once the server closed the connection or a read failed for good.
    bool connected() const;

    Result<SshChannel> open_shell(const PtyOptions& pty, Deadline deadline);
    Result<SshChannel> open_exec(const std::string& command, Deadline deadline);
    // Runs one command and collects its output until the channel ends.
    Result<ExecResult> exec(const std::string& command, Deadline deadline);

private:
    friend class JumpSession;
    explicit SshSession(std::shared_ptr<detail::SshCore> core);
    std::shared_ptr<detail::SshCore> core_;
};

}  // namespace vtyguard::drivers
