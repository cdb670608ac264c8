// A real OpenSSH jump host for the lab (SPEC section 10): Debian's `sshd` run in the foreground
// (`sshd -D -e -f CONFIG`) on a loopback address, with its own directory, host key, config and log.
//
// Contract:
//  - DIR and the client key's directory are created 0700, or must already be private (a real
//    directory owned by the user with no group/other access, lab/files/private_files.hpp):
//    keys found in them are trusted, so no other local user may have been able to plant one.
//  - Only public-key login, for the user running the lab, with the ed25519 client key at
//    `client_key` (generated when missing; several jump hosts may share one). TCP forwarding is
//    allowed, so `ssh -J`/ProxyJump and ProxyCommand `ssh -W` pass through it. A second jump host
//    reached `via` the first is just another sshd: the chain lives in the client's configuration.
//  - The host key is generated once and kept in the directory, so a restarted jump host keeps its
//    identity.
//  - start() returns only once sshd answers with an SSH banner; stop() (and the destructor) ends
//    sshd and the connection processes it forked, and reaps it.
//  - Library code: never prints (sshd's own log goes to DIR/sshd.log), never throws.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace vtyguard::lab {

struct JumpHostOptions {
    std::string name;
    std::filesystem::path dir;         // created when missing: keys, sshd_config, sshd.log, sshd.pid
    std::string address;               // loopback address to listen on
    std::uint16_t port = 0;            // 0: a free port of `address`
    std::filesystem::path client_key;  // private key allowed to log in (empty: DIR/client_ed25519)
    std::chrono::milliseconds start_timeout{10'000};
    std::filesystem::path sshd = "/usr/sbin/sshd";
    std::filesystem::path ssh_keygen = "/usr/bin/ssh-keygen";
};

class JumpHost {
public:
    // Prepares the directory and keys, starts sshd and waits for its banner; nullptr and `error`
    // (with the end of sshd's log when it failed) otherwise.
    static std::unique_ptr<JumpHost> start(JumpHostOptions options, std::string& error);
    ~JumpHost();
    JumpHost(const JumpHost&) = delete;
    JumpHost& operator=(const JumpHost&) = delete;

    // SIGTERM to sshd and its connection processes, SIGKILL after a grace period, then reaps.
    // Idempotent.
    void stop();

    const std::string& name() const { return options_.name; }
    const std::string& address() const { return options_.address; }
    std::uint16_t port() const { return port_; }
    const std::string& user() const { return user_; }  // the login the client key opens
    const std::filesystem::path& client_key() const { return options_.client_key; }
    const std::filesystem::path& dir() const { return options_.dir; }
    pid_t pid() const { return pid_; }

private:
    explicit JumpHost(JumpHostOptions options);
    bool launch(std::string& error);

    JumpHostOptions options_;
    std::uint16_t port_ = 0;
    std::string user_;
    pid_t pid_ = -1;
};

// A port nobody listens on at `address` now (bind to port 0, read it back, close); 0 and `error`
// when the address cannot be bound.
std::uint16_t pick_free_port(const std::string& address, std::string& error);

// Ends an sshd that a crashed lab left running from jump host directory `dir` (its sshd.pid, and
// only if that process still runs sshd with this directory's config). True when one was stopped.
bool stop_stale_jump_host(const std::filesystem::path& dir);

// The login name of the effective user ("root" in CI), as sshd will see it.
std::string current_user();

// `path` as one argument in an OpenSSH config file (sshd_config, ssh_config), so spaces and quotes
// survive: double-quoted, `"` and `\` escaped, `%` doubled for keywords that expand %-tokens
// (AuthorizedKeysFile, IdentityFile).
std::string openssh_config_path(const std::filesystem::path& path, bool expands_tokens);

}  // namespace vtyguard::lab
