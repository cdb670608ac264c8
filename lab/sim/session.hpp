// One interactive CLI session on a simulated device, transport-neutral: the server (SSH or
// telnet) feeds it the bytes the client types and sends back what it returns.
//
// Contract:
//  - Behaves like a Cisco vty with a pty: echoes what is typed, `\r`, `\n` and `\r\n` each end a
//    line, output lines end with `\r\n`, prompts are `host>`, `host#`, `host(config)#`,
//    `host(config-line)#`, `host(config-ext-nacl)#` ... (ASA: `host> `/`host# `/`host(config)# `,
//    with the trailing blank the ASA prints). Answers to questions (`Password: `, `[yes/no]: `,
//    `[confirm]`) are typed lines too; passwords are not echoed.
//  - Paging: ` --More-- ` (ASA `<--- More --->`) after a screenful until `terminal length 0`
//    (IOS) / `terminal pager 0` (ASA); the next keystroke continues (space: a page, return: a line,
//    anything else: stop), erasing the marker first.
//  - Unknown input gets `% Invalid input detected at '^' marker.` with the caret under the first
//    unknown word (ASA: `ERROR: % Invalid input ...`); commands are matched by unique prefix
//    (`sh run`, `conf t`), with `% Ambiguous command` and `% Incomplete command.` like IOS.
//  - A device reload (`reload in N` falling due) ends the session at its next input.
//  - `ssh -l USER [-p PORT] TARGET` and `telnet TARGET [PORT]` reach another device of the fleet
//    by its lab address or any interface address in its config, with that device's admission and
//    login rules applied as if the hopping device were the client; `exit` there returns here.
//  - Content faults of the device (garbage, prompt-like banner, no prompt) are applied here.
//  - Not thread-safe: one session per connection; it locks the device while it reads or edits it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lab/sim/device.hpp"

namespace vtyguard::lab {

class Fleet;

struct Reply {
    std::string text;       // bytes to send to the client
    unsigned commands = 0;  // commands completed in this input (the server's latency fault)
    bool close = false;     // the user left (`exit`/`logout`/`quit` at the top level)
};

class Session {
public:
    // A session for an authenticated `user` at `privilege`; `source_address` is the client's
    // address; `fleet` resolves hop targets (may be null: hops then fail as unreachable).
    // `line`: the vty line the server acquired for this connection (shown by `show users` and
    // `show line`; the server still releases it); -1 when it holds none.
    Session(Device& device, const Fleet* fleet, std::string user, int privilege, std::string source_address,
            Service service, int line = -1);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The first bytes after login: MOTD banner when configured, then the prompt.
    Reply start();
    // Bytes typed by the client (partial lines are kept until their end of line arrives).
    Reply input(std::string_view bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Every device the lab serves, for hop targets. Devices are owned by the fleet; lookups are
// thread-safe (the set of devices is fixed once the lab runs).
class Fleet {
public:
    void add(std::unique_ptr<Device> device);
    // The device with this lab address, or with this address on one of its interfaces.
    Device* find(std::string_view address) const;
    const std::vector<std::unique_ptr<Device>>& devices() const { return devices_; }

private:
    std::vector<std::unique_ptr<Device>> devices_;
};

}  // namespace vtyguard::lab
