// Private to lab/server: what the accept loop hands to a connection thread, and the helpers the SSH
// and telnet halves share (fault-aware output, interruptible pauses, host keys).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "lab/sim/session.hpp"

namespace vtyguard::lab::detail {

// Thread-safe log sink (serialises calls to the user's callback; a no-op without one).
class Log {
public:
    explicit Log(std::function<void(const std::string&)> sink) : sink_(std::move(sink)) {}
    void operator()(const std::string& line) const;

private:
    std::function<void(const std::string&)> sink_;
    mutable std::mutex mutex_;
};

// One device as the server sees it. `bind` carries the host keys, banner and algorithms that
// ssh_bind_accept_fd copies into every new session; the event thread rewrites the algorithms
// (and adds a host key type) when the config moves while connection threads accept on it, hence
// the mutex.
struct DeviceEntry {
    Device* device = nullptr;
    std::mutex bind_mutex;
    ssh_bind bind = nullptr;
    bool has_ed25519 = false;  // host keys the bind holds
    bool has_rsa = false;
};

// Everything a connection thread needs. The thread owns `fd` (libssh closes it once the SSH
// session owns it); `ctl_fd` is a duplicate owned by the server, used only for shutdown(), so
// stop() and the drop fault never touch a descriptor number the kernel may have reused.
struct ConnectionContext {
    const std::atomic<bool>& stopping;
    const Fleet& fleet;
    DeviceEntry& entry;
    const Log& log;
    int fd = -1;
    int ctl_fd = -1;
    std::string peer;             // client's address
    std::uint16_t peer_port = 0;  // client's source port (service objects may match on it)
    std::uint16_t port = 0;
    Service service = Service::ssh;
    int line = -1;  // the vty line (or ASA session slot) the connection holds once admitted

    std::string describe() const;  // "<device> <address>:<port>/<service> from <peer>"
};

// Runs one accepted connection to its end: admission (close before the banner, silent drop or
// serve), a vty line for the session, then SSH or telnet. Closes ctx.fd before returning.
void serve_connection(ConnectionContext& ctx);
// Serve one admitted connection that holds a vty line; return when it is over (client gone, user
// left, fault, or stop) with ctx.fd closed.
void serve_ssh(ConnectionContext& ctx);
void serve_telnet(ConnectionContext& ctx);

// Sleeps up to `d`, waking early when the server stops; false when it stopped.
bool pause(const std::atomic<bool>& stopping, std::chrono::milliseconds d);

enum class SendResult { ok, failed, dropped };
// Sends `reply` through `write` (false: the transport failed) applying the device's transport
// faults: command latency per completed command, slow chunks, and the drop after N bytes of a
// command's output (the caller then closes the connection abruptly).
SendResult send_with_faults(const Faults& faults, const Reply& reply, const std::atomic<bool>& stopping,
                            const std::function<bool(std::string_view)>& write);

// The output of one command run like an SSH `exec` request: the session's echo of the command,
// its trailing prompt and any pager prompts are removed. `failed` is set when the device
// answered with an error (`% ...`, ASA `ERROR: ...`).
std::string run_exec(Session& session, std::string_view command, bool& failed, bool& closed);

// Gives the device's bind the host keys its algorithms need (ed25519 by default, RSA for
// legacy_crypto devices and for host key algorithm lists that name an RSA algorithm; loaded
// from `state_dir` or created there, or fresh and never stored with the host_key_changes fault),
// then applies the algorithm lists. False and `error` when a key cannot be read, generated or
// written (the bind is unusable); a list libssh rejects is reported in `warning` and stays as it
// was (libssh's default at start).
bool configure_bind(DeviceEntry& entry, const std::filesystem::path& state_dir, std::string& error,
                    std::string& warning);

}  // namespace vtyguard::lab::detail
