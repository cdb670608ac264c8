// What the CLI pieces share (private to lab/sim): the session context handed to command
// handlers, their result, interactive follow-up questions, configuration sub-modes, and the
// platform entry points (exec and configuration commands, show output, load-time config
// normalisation). Handlers run with the device's mutex held by the caller.
#pragma once

#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/sim/cmdtree.hpp"
#include "lab/sim/model.hpp"
#include "lab/sim/session.hpp"

namespace vtyguard::lab {

std::time_t wall_clock();

struct ConfigMode {
    enum class Kind { line, interface, acl, ipv6_acl, block };
    Kind kind = Kind::block;
    std::string header;  // the block's top-level line (interface, ACL, free-form block)
    std::string prompt;  // `config-if`, `config-line`, ...
    std::string line_type;
    int first = 0, last = 0;  // line sub-mode range

    static ConfigMode block(Kind kind, std::string header, std::string prompt) {
        ConfigMode m;
        m.kind = kind;
        m.header = std::move(header);
        m.prompt = std::move(prompt);
        return m;
    }
    static ConfigMode lines(std::string type, int first, int last) {
        ConfigMode m;
        m.kind = Kind::line;
        m.prompt = "config-line";
        m.line_type = std::move(type);
        m.first = first;
        m.last = last;
        return m;
    }
};

struct Out;
struct CliCtx;

// A question whose answer is the next input line instead of a command.
struct Pending {
    std::string prompt;
    bool echo = true;
    bool unlocked = false;  // `then` runs without this device's lock (it talks to another device)
    std::function<Out(CliCtx&, const std::string& answer)> then;
};

struct Out {
    std::string text;  // lines end with "\n"; the session writes "\r\n"
    bool close = false;
    std::optional<Pending> ask;
    bool hop = false;  // text is the start of a nested session (already formatted)
};

struct Terminal {
    int length = 24;  // 0: no paging
    int width = 80;
};

// A nested CLI session on another device (ssh/telnet typed at the prompt).
struct Hop {
    Device* target = nullptr;
    std::unique_ptr<Session> session;
    int line = -1;
    std::string target_text;
};

struct CliCtx {
    CliCtx(Device& d, const Fleet* f, std::string u, std::string src, Service svc, int l, int priv)
        : device(d),
          st(d.state_for_cli()),
          spec(d.spec()),
          fleet(f),
          user(std::move(u)),
          source(std::move(src)),
          service(svc),
          line(l),
          privilege(priv) {}

    Device& device;
    Device::State& st;
    const DeviceSpec& spec;
    const Fleet* fleet;
    std::string user, source;
    Service service;
    int line = -1;  // vty number (-1: none)
    int privilege = 1;
    Terminal term;
    std::vector<ConfigMode> modes;  // empty: exec; front() is global config
    bool in_config = false;
    unsigned enable_failures = 0;
    unsigned reloads_at_start = 0;  // the device reloaded under this session when it differs
    // `ssh`/`telnet` typed at the prompt: the exec handler records the request, the session runs
    // it once this device's lock is released, and sets hop_request when a nested session starts.
    struct HopIntent {
        Service service;
        std::vector<std::string> words;
    };
    std::optional<HopIntent> hop_intent;
    std::optional<Hop> hop_request;

    bool ios() const { return st.personality == Personality::cisco_ios; }
    std::string hostname() const;
};

std::string prompt_of(const CliCtx& c);

// Platform command sets.
Out ios_exec(CliCtx& c, std::string_view line);
Out ios_config(CliCtx& c, std::string_view line);
Out asa_exec(CliCtx& c, std::string_view line);
Out asa_config(CliCtx& c, std::string_view line);

// `% Invalid input detected at '^' marker.` with the caret under word `word` of `line` as typed
// after `prompt` (IOS prints the caret relative to the prompt).
std::string invalid_input(const CliCtx& c, std::string_view line, std::size_t word);
std::string cmd_error(const CliCtx& c, const CmdMatch& m, std::string_view line);

// Output filters: `| include|exclude|begin|section REGEX`, `| count`. Returns nullopt and an
// error text when the filter is unknown.
std::optional<std::string> apply_filter(std::string_view output, std::string_view filter, std::string& error, bool asa);
// Splits `show ... | filter` at the first pipe.
std::pair<std::string, std::string> split_pipe(std::string_view line);

// Load time: rewrites clear-text secrets into the stored forms, pulls out `crypto key generate`
// lines and runs them after the rest. Error "config line N: ..." on a line that cannot load.
bool load_config(Device::State& st, const DeviceSpec& spec, std::string_view text, std::string& error);
// Applies a `configure terminal revert timer` rollback or a `reload in` that is due (lock held).
void expire_timers(Device::State& st, const DeviceSpec& spec, std::time_t now);

// Keys: the name `crypto key generate rsa` would use, or an error text (IOS hostname/domain rules).
std::optional<std::string> new_key_name(const Device::State& st, const std::string& label, std::string& error);
RsaKey make_key(Device::State& st, const std::string& name, int bits, bool exportable);
// The key SSH uses (nullptr: none) and whether the SSH server runs.
const RsaKey* ssh_key(const Device::State& st);
bool ssh_enabled(const Device::State& st);

// Show output of the running-config (`show running-config` body with header).
std::string ios_running_config(const Device::State& st, const DeviceSpec& spec);
std::string asa_running_config(const Device::State& st, const DeviceSpec& spec);

// Access-list hit counters (IOS by sequence number, ASA by entry text).
std::uint64_t hits(const Device::State& st, std::string_view acl, std::string_view id);
void count_hit(Device::State& st, std::string_view acl, std::string_view id);

// The algorithm lists the SSH server offers (Device::algorithms() without the lock).
Algorithms offered_algorithms(const Device::State& st, const DeviceSpec& spec);

// IOS: the SSH-capable/telnet-capable vty lines that may serve a lab port.
std::vector<LineConfig> serving_lines(const Device::State& st, const DeviceSpec& spec, std::uint16_t lab_port,
                                      Service service);

// Hops: `ssh ...` / `telnet ...` typed at the prompt; called without this device's lock.
Out start_hop(CliCtx& c, const std::vector<std::string>& words, Service service);

// IOS show commands (show_ios.cpp); `text` results end with "\n".
std::string ios_show_ip_ssh(const CliCtx& c);
enum class AclFamily { all, ipv4, ipv6 };
std::string ios_show_access_lists(const CliCtx& c, const std::string& name, AclFamily family, bool& found);
std::string ios_show_crypto_key(const CliCtx& c, const std::string& name, bool all);
std::string ios_show_version(const CliCtx& c);
std::string ios_show_users(const CliCtx& c);
std::string ios_show_line(const CliCtx& c);
std::string ios_show_line_vty(const CliCtx& c, int first, int last, bool& ok);
std::string ios_show_ip_route(const CliCtx& c, const std::string& vrf, const std::string& address);
std::string ios_show_ip_interface_brief(const CliCtx& c);
std::string ios_show_running_partition(const CliCtx& c, const std::string& what, bool& ok);
std::string ios_show_ssh_sessions(const CliCtx& c);
int ios_vty_tty(const CliCtx& c, int vty);  // tty number of `vty N`

// ASA show commands (show_asa.cpp).
std::string asa_show_running_section(const CliCtx& c, const std::string& what, bool& ok);
std::string asa_show_access_list(const CliCtx& c, const std::string& name, bool& found);
std::string asa_show_crypto_key(const CliCtx& c);
std::string asa_show_version(const CliCtx& c);
std::string asa_show_nameif(const CliCtx& c);
std::string asa_show_route(const CliCtx& c, const std::string& address);
std::string asa_show_ssh_sessions(const CliCtx& c);

std::string uptime_text(std::time_t boot);

}  // namespace vtyguard::lab
