// A simulated Cisco device (SPEC section 10). Its running-config is its whole state: show commands
// are computed from it, configuration mode edits it, and every access decision (does SSH listen on a
// port, is this client admitted, do these credentials log in, which algorithms are offered) is
// derived from it, so a fix pushed in one session changes what the next session and the next
// connection see.
//
// Contract:
//  - The lab is its own code (SPEC section 2): nothing here uses vtyguard's parsers or engine, so
//    the lab cannot share a bug with the product it tests.
//  - Thread-safe: every public member of Device may be called from any thread (the server runs one
//    thread per connection); state is guarded by the device's own mutex.
//  - Never throws for bad input from a client and never prints; construction reports unreadable
//    configuration as an error naming the line.
//
// The configuration text (DeviceSpec::config) is a running-config in the platform's syntax, with
// or without the `show running-config` header. Conventions the lab adds, so a fleet file can say
// everything in the config:
//  - Secrets may be written in clear (`username admin privilege 15 secret 0 lab`, `enable secret
//    lab-enable`; ASA `username admin password lab privilege 15`, `enable password lab-enable`):
//    the sim keeps a hashed form in the running-config (`secret 9 $9$...`, ASA `... pbkdf2`) and
//    checks passwords against it, like the real thing. Type 7 is decoded; hashes the sim did not
//    make (type 5/8, ASA `encrypted`) never match.
//  - RSA keys are not part of a running-config on real devices: a line `crypto key generate rsa
//    [general-keys] [label L] [exportable] modulus N` (ASA: `crypto key generate rsa [label L]
//    modulus N [noconfirm]`) creates the key at load time, after the rest of the config is read,
//    with the same rules as typed in config mode (IOS without a label needs a hostname other than
//    `Router` and a domain name). The line itself is not kept in the running-config.
//  - DeviceSpec::enable_secret, when set and the config has no `enable secret|password`, adds one.
//
// Release behaviour: DeviceSpec::version "15.2(4)E10" is classic IOS, "16.x"/"17.x" IOS-XE (vty
// default `transport input` is `all` on classic IOS and `telnet ssh` on IOS-XE; `show ip ssh` lists
// algorithms on IOS-XE only; 17.11 and later disable SSH with an RSA key under 2048 bits).
// `ip ssh maxstartups N` caps the concurrent SSH sessions (acquire_line and admit refuse more).
//
// A connection's admission and its vty line are one decision (admit_and_acquire): IOS judges a
// connection by the access-class of the line it lands on, so the line must be reserved under the
// same lock that judged it, or two connections arriving together could both be judged by line 0.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtyguard::lab {

enum class Personality { cisco_ios, cisco_asa };
// "cisco_ios" / "cisco_asa"; nullopt for anything else.
std::optional<Personality> personality_from_key(std::string_view key);
std::string_view personality_key(Personality p);

enum class Service { ssh, telnet };

// Misbehaviour injected per device. Transport faults are applied by the server, content faults
// by the session; each field says which.
struct Faults {
    std::chrono::milliseconds command_latency{0};  // server: pause before each command's output
    std::size_t slow_chunk = 0;                    // server: write output in chunks of this size...
    std::chrono::milliseconds slow_delay{0};       // ...pausing this long between chunks
    std::size_t drop_after = 0;                    // server: close the connection after this many
                                                   // bytes of a command's output (0: never)
    bool garbage = false;                          // session: non-printable bytes mixed into output
    bool prompt_banner = false;                    // session: a MOTD whose last line looks like a prompt
    bool auth_failure = false;                     // device: every authentication fails
    bool host_key_changes = false;                 // server: a fresh host key at every start
    bool no_prompt = false;                        // session: after login, never prints a prompt
};

struct DeviceSpec {
    std::string name;  // fleet/inventory name
    Personality personality = Personality::cisco_ios;
    std::string address;            // loopback address the device listens on (127.x.y.z)
    std::uint16_t ssh_port = 22;    // lab port that serves the device's SSH port 22
    std::uint16_t telnet_port = 0;  // lab port that serves its telnet port 23 (0: none)
    std::string config;             // initial running-config (IOS or ASA syntax)
    std::string enable_secret;      // plain text; empty: `enable` needs no password
    std::string version;            // release shown by `show version` ("15.2(4)E10", "17.9.4a", "9.16(4)")
    std::string model;              // hardware shown by `show version`
    bool legacy_crypto = false;     // offers only group14-sha1, ssh-rsa, CBC and hmac-sha1
    bool crypto_image = true;       // false: an IOS image without SSH (`show ip ssh`, `ip ssh ...`,
                                    // `crypto key` are invalid input; SSH never listens)
    Faults faults;
};

// How a connection that reached a listening port is treated (SPEC section 7's table).
enum class Admission {
    accept,               // SSH banner / telnet login follow
    close_before_banner,  // vty access-class deny, or every SSH-capable vty line busy
    silent_drop,          // ASA ssh allow-list miss, interface ACL, MPP, control-plane ACL: never answer
};

struct Login {
    bool ok = false;
    int privilege = 1;    // privilege the session starts at (15 lands at `#`)
    std::string message;  // why it failed (for the server's log and the nested-hop message)
};

// Algorithm lists the SSH server offers, as libssh option strings (comma-separated, complete).
struct Algorithms {
    std::string kex, ciphers, macs, hostkeys;
};

class Device {
public:
    // Builds the device from its spec; nullptr and `error` ("<name>: config line N: ...") when the
    // configuration cannot be read.
    static std::unique_ptr<Device> create(DeviceSpec spec, std::string& error);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    const DeviceSpec& spec() const;
    std::string hostname() const;
    // The device's own addresses from its running-config (interfaces), for ssh/telnet hops typed
    // at another device's prompt.
    std::vector<std::string> interface_addresses() const;

    // Lab ports on which the device accepts `service` right now; empty means nothing listens
    // (connection refused). `ip ssh port P rotary G` adds lab port P.
    std::vector<std::uint16_t> listening_ports(Service service) const;
    // How a client from `source_address` that connected to lab `port` would be treated now,
    // reserving nothing (judged as from source port kEphemeralPort). A connection that goes on to
    // use a line must call admit_and_acquire instead.
    Admission admit(std::string_view source_address, std::uint16_t port, Service service) const;
    static constexpr std::uint16_t kEphemeralPort = 40000;

    // Admission and the vty line (ASA: session slot) of a new connection from
    // `source_address`:`source_port`, decided under one lock: `line` is the line whose
    // access-class admitted it, reserved for it; set exactly when `admission` is accept. Release
    // it with release_line().
    struct Admitted {
        Admission admission = Admission::close_before_banner;
        std::optional<int> line;
    };
    Admitted admit_and_acquire(std::string_view source_address, std::uint16_t source_port, std::uint16_t port,
                               Service service);
    Algorithms algorithms() const;
    // Increases whenever the running-config changes (any session, any hop): the server re-reads
    // listening_ports() and algorithms() when it moves.
    std::uint64_t config_generation() const;
    // After every change of the generation, 8 bytes (an eventfd increment of 1) are written to
    // `eventfd`, so the server follows a change at once, as a device's listeners do, rather than
    // at its next poll. -1 stops it; the caller keeps the descriptor open until then.
    void notify_changes_to(int eventfd);
    // `line`: the vty line acquire_line gave this connection when the server already holds one
    // (its `login`/`password` settings apply); -1: the first line that could serve `port`.
    Login login(std::string_view user, std::string_view password, std::uint16_t port, Service service,
                int line = -1) const;
    // What the server asks for over telnet before calling login(): IOS `login` (line password)
    // asks only `Password:`; every other method asks `Username:` then `Password:`.
    bool telnet_asks_username(std::uint16_t port, int line = -1) const;

    // vty occupancy: a line for a new session on `port`, or nullopt when every line that may
    // serve it is busy; no access-class is applied (admit_and_acquire applies it). release_line
    // frees it when the session ends. Line numbers are vty numbers (0 = `vty 0`); ASA has no vty
    // lines and hands out session slots the same way.
    std::optional<int> acquire_line(std::uint16_t port, Service service);
    void release_line(int line);

    // The device's port behind a lab port (spec.ssh_port -> 22, telnet_port -> 23, rotary
    // ports are themselves) and back; hops and `show` commands speak in device ports.
    std::uint16_t device_port(std::uint16_t lab_port, Service service) const;
    std::uint16_t lab_port(std::uint16_t device_port, Service service) const;

    struct State;  // the running-config and counters (device.cpp and the CLI implementation)
    State& state_for_cli();
    std::mutex& mutex() const;

private:
    explicit Device(DeviceSpec spec);
    // The admission of a connection and the line it would get (the device's lock is held).
    Admission decide(std::string_view source_address, std::uint16_t source_port, std::uint16_t port, Service service,
                     std::optional<int>& line) const;
    void reserve(int line, Service service);  // the device's lock is held
    DeviceSpec spec_;
    std::unique_ptr<State> state_;
    mutable std::mutex mutex_;
};

}  // namespace vtyguard::lab
