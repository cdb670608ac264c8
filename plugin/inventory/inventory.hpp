// Inventories: the devices a live audit reaches and how (SPEC section 8; issue 5, part 2).
//
// Formats (Format, names as `--inventory-format` takes them):
//  - `vtyguard`      vtyguard's own YAML (below).
//  - `ansible-ini`   Ansible INI: groups, `[g:vars]`, `[g:children]`, host variables on the host
//                    line, `name:port` and `r[01:20]`/`[a:c]` host ranges, plus `group_vars/` and
//                    `host_vars/` next to the file.
//  - `ansible-yaml`  Ansible YAML (`all`/`children`/`hosts`/`vars`), with the same `*_vars/`.
//  - `nornir`        Nornir SimpleInventory: `hosts.yaml` with `groups.yaml` and `defaults.yaml`
//                    beside it (a directory holding `hosts.yaml`, or a Nornir `config.yaml` whose
//                    `inventory.options` name the files, work too).
//  - `list`          a plain host list: one host a line, `#` comments,
//                    `[user@]host[:port] [platform] [key=value...]` (keys: name, platform,
//                    transport, via, jump, legacy_crypto).
//  - `ssh-config`    an OpenSSH client config: every literal `Host` pattern is a device, the first
//                    literal pattern of a `Host` line naming it and the others being its aliases.
//                    `Include` (globs; relative to ~/.ssh as ssh does), `Host` with `*`, `?`, `!`,
//                    `Match all|host|originalhost|final` (`canonical` never matches; exec, user,
//                    localuser, localnetwork and tagged blocks are skipped with a warning).
//
// Auto-detection (Format::automatic), by name first, then by content:
//  - a directory, a `hosts.y(a)ml` with `groups.y(a)ml` or `defaults.y(a)ml` beside it → nornir;
//  - a YAML mapping (any file whose text parses as one): a top-level `vtyguard:` key → vtyguard;
//    `inventory:` with `plugin: SimpleInventory` → nornir (config.yaml); every top-level value
//    empty or a mapping of only `hosts`/`children`/`vars` → ansible-yaml; every top-level value
//    empty or a mapping of only Nornir host keys → nornir; top-level keys only vtyguard's
//    (`defaults`, `credentials`, `jump_hosts`, `groups`, `hosts`) → vtyguard;
//  - other text: a first significant line that is an ssh_config keyword (`Host`, `Match`,
//    `Include`, `HostName`, ...) → ssh-config; a `[section]` line or an `ansible_*=` variable →
//    ansible-ini; otherwise → list.
//  A YAML mapping that fits none of these is an error that asks for --inventory-format.
//
// vtyguard's own YAML:
//     vtyguard: 1                        # format version (optional, makes detection certain)
//     defaults:    {<host fields>}
//     credentials: {NAME: {user, password|password_env|password_file,
//                          enable|enable_env|enable_file, identity_files, agent}}
//     jump_hosts:  {NAME: {address, port, user, password*, identity_files, jump, audit}}
//     groups:      {NAME: {<host fields>, groups: [PARENT...]}}
//     hosts:       {NAME: {<host fields>, groups: [GROUP...]}}
//  Host fields: address, port, platform, user, password|password_env|password_file,
//  enable|enable_env|enable_file, identity_files (or identity_file), agent, credentials (a name in
//  `credentials`; fields written beside it win), jump (a list or `a,b` ProxyJump string of
//  `jump_hosts` names or `[user@]host[:port]`), via (another host's name), transport (ssh|telnet),
//  legacy_crypto, timeouts {connect, command, device} (`30`, `30s`, `500ms`, `2m`),
//  source_address, host_key_checking (yes|accept-new|no), known_hosts.
//  A value comes from the host, else from its groups in the order listed (each group before its
//  own parents, depth first, like Nornir), else from `defaults`. Relative paths (password_file,
//  identity files, known_hosts) are relative to the inventory file. `audit: true` on a jump host
//  also makes it a `linux` host of the inventory.
//
// Ansible variables read: ansible_host, ansible_port, ansible_user, ansible_password,
// ansible_become_password (the enable secret), ansible_network_os (cisco.ios.ios, ios,
// cisco.asa.asa, asa), ansible_connection (network_cli, ssh, paramiko, libssh; `local` without a
// network OS and non-SSH connections leave the host out with a warning),
// ansible_ssh_private_key_file, ansible_ssh_args/_common_args/_extra_args (-J, -o ProxyJump,
// -o ProxyCommand, -p, -l, -i, algorithm options), ansible_connect_timeout,
// ansible_command_timeout, ansible_host_key_checking, and the older ansible_ssh_* spellings.
// Secrets may be `{{ lookup('env', 'NAME') }}` or `{{ lookup('file', 'PATH') }}`;
// `{{ inventory_hostname }}` is filled in; any other template and `!vault` values are refused.
// Relative key paths stay as written (relative to the working directory, as for Ansible).
// vtyguard's own: vtyguard_platform (e.g. linux for a jump host), vtyguard_transport,
// vtyguard_via, vtyguard_jump (a ProxyJump string), vtyguard_legacy_crypto,
// vtyguard_device_timeout, vtyguard_command_timeout; another vtyguard_* name is an error.
//
// Nornir: hostname, port, username, password, platform (ios, cisco_ios, cisco_xe, asa, cisco_asa,
// linux), groups, connection_options (netmiko extras secret/key_file/allow_agent/conn_timeout,
// scrapli extras auth_secondary/auth_private_key/auth_strict_key/timeout_socket/timeout_ops, or a
// `vtyguard` connection whose extras are vtyguard host fields), and `data.vtyguard` with vtyguard's
// host fields. A config.yaml's file options are relative to its directory.
//
// Any format: a host of unknown platform that other hosts jump through becomes `linux`; a host
// with `via` is reached through that device, so its jump list is dropped.
//
// Variable precedence:
//  - Ansible (as Ansible defines it, lowest first): inventory-file group vars (groups ordered by
//    depth below `all`, then `ansible_group_priority`, then name; a child beats its parents),
//    `group_vars/all`, `group_vars/<group>` in the same order, inventory-file host vars,
//    `host_vars/<host>`. A host listed several times merges its variables in file order.
//  - Nornir: host, then its groups depth first in order, then defaults; for the connection the
//    `connection_options` of `vtyguard`, else `netmiko`, else `scrapli` (from the first level that
//    has them) win over those attributes, and `data.vtyguard` (merged the same way) over both.
//  - ssh_config: the first value obtained wins (`IdentityFile` accumulates); values an inventory
//    states itself win over ssh_config, as command-line options do for ssh.
//
// Credentials are references (Secret): an environment variable, a file, or a value written in the
// inventory file itself; ssh-agent and identity files are the other ways in. Nothing here takes a
// secret from a command line. Secret values never appear in an error message, a warning or
// to_string(); inline values are held only to be handed to the transport.
//
// Errors: load_* return false and fill InventoryError with the file and 1-based line of the
// offending value, the key and a message naming the host, e.g. `inventory.ini:12: unknown
// ansible_network_os 'junos' for host r1 (supported: cisco.ios.ios, cisco.asa.asa)`. Duplicate
// hosts, group cycles, jump-host cycles, `via` cycles and unknown `via` names are errors;
// unsupported platforms are refused by name, never treated as IOS. Things deliberately ignored
// (an Ansible host with `ansible_connection=local`, an ssh_config `Match exec` block) become
// warnings (`file:line: text`). Library code: never prints, never throws to the caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace vtyguard::inventory {

enum class Format { automatic, vtyguard, ansible_ini, ansible_yaml, nornir, list, ssh_config };

std::string_view format_name(Format f);  // the names above; "auto" for automatic
// false for an unknown name.
bool format_from_name(std::string_view name, Format& out);

// Platform keys: "cisco_ios" (IOS and IOS-XE), "cisco_asa", "linux" (jump hosts), "" (not stated:
// the runner finds out at login).
inline constexpr std::string_view kCiscoIos = "cisco_ios";
inline constexpr std::string_view kCiscoAsa = "cisco_asa";
inline constexpr std::string_view kLinux = "linux";

// Where something was written: file and 1-based line (0 = the file as a whole).
struct Origin {
    std::string file;
    int line = 0;
    std::string str() const;  // "file:line" or "file"
};

struct InventoryError {
    std::string file;
    int line = 0;             // 0 when the problem is the file as a whole
    std::string key;          // the offending key when there is one (`ansible_network_os`)
    std::string message;      // without the location
    std::string str() const;  // "file:line: message"
};

// A credential by reference. The value of an inline secret is kept only in `value`.
struct Secret {
    enum class Kind { none, inline_value, env, file };
    Kind kind = Kind::none;
    std::string ref;    // the environment variable or the file path (not secret); empty for inline
    std::string value;  // the inline value: never printed
    Origin origin;      // where the inventory stated it

    bool empty() const { return kind == Kind::none; }
    std::string describe() const;  // "none", "<inline>", "env:NAME", "file:PATH": never the value
};

// The secret's value: the inline value, the environment variable's value, or the file's content
// without its trailing newline. An unset variable, an unreadable or empty file is an error that
// names the variable or file (and where the inventory referred to it), never a value.
bool read_secret(const Secret& secret, std::string& value, InventoryError& error);

// One jump host (an OpenSSH ProxyJump hop).
struct JumpHop {
    std::string name;        // as written (an alias an ssh_config may resolve); messages use it
    std::string address;     // what to connect to (empty: `name`)
    std::uint16_t port = 0;  // 0: not stated (22, or what ssh_config says)
    std::string user;        // empty: not stated
    std::vector<std::string> identity_files;
    Secret password;  // vtyguard YAML jump_hosts only

    std::string target() const { return address.empty() ? name : address; }
    std::string str() const;  // "[user@]address[:port]"
};

enum class Transport { ssh, telnet };
enum class HostKeyCheck { unset, yes, accept_new, no };  // unset: the runner's own policy

struct Timeouts {
    std::chrono::milliseconds connect{0};  // 0: the runner's default
    std::chrono::milliseconds command{0};
    std::chrono::milliseconds device{0};
};

struct Host {
    std::string name;        // the inventory name: SPEC 12's device name
    std::string address;     // empty: connect to `name`
    std::uint16_t port = 0;  // 0: not stated (22 for ssh, 23 for telnet; see effective_port)
    std::string platform;    // kCiscoIos, kCiscoAsa, kLinux or "" (not stated)
    std::string user;
    Secret password;
    Secret enable;  // enable secret (Ansible's become password)
    std::vector<std::string> identity_files;
    bool use_agent = true;         // use ssh-agent when one is running
    bool identities_only = false;  // only the identity files, as ssh's IdentitiesOnly
    std::vector<JumpHop> jump;     // outermost first; empty when reached directly or via a device
    std::string via_device;        // another host of the inventory whose CLI reaches this one
    Transport transport = Transport::ssh;
    bool legacy_crypto = false;  // the inventory opts in to group1/group14-sha1, ssh-rsa, CBC, hmac-sha1
    Timeouts timeouts;
    std::vector<std::string> groups;  // every group the host belongs to, directly or through a child
    std::string source_address;       // local address to connect from (ssh's BindAddress)
    HostKeyCheck host_key_checking = HostKeyCheck::unset;
    std::string known_hosts_file;
    Origin origin;  // where the host was defined

    std::string target() const { return address.empty() ? name : address; }
    std::uint16_t effective_port() const { return port ? port : (transport == Transport::telnet ? 23 : 22); }
    // One line for logs and debugging; secrets as Secret::describe().
    std::string to_string() const;
};

struct Inventory {
    Format format = Format::automatic;  // the format that was read
    std::vector<Host> hosts;            // in file order; names unique
    std::vector<std::string> files;     // every file read
    std::vector<std::string> warnings;  // "file:line: what was ignored"

    const Host* find(std::string_view name) const;
};

// ---- OpenSSH client config ----

// One `Host` or `Match` line (conditions[0] of a config is the part before any).
struct SshConfigCondition {
    enum class Kind { global, host, match };
    struct Criterion {
        std::string name;  // lowercase: all, host, originalhost, final, canonical, exec, user, ...
        bool negated = false;
        std::vector<std::string> patterns;  // host/originalhost: the comma-separated pattern list
    };
    Kind kind = Kind::global;
    std::vector<std::string> patterns;  // Host: its patterns (`!` negates)
    std::vector<Criterion> criteria;    // Match: all must hold
    bool evaluable = true;  // false: a Match criterion vtyguard cannot evaluate (exec, user...): never matches
    Origin origin;
};

struct SshConfigEntry {
    std::size_t condition = 0;  // index into SshConfig::conditions
    std::string keyword;        // lowercase
    std::vector<std::string> args;
    Origin origin;
};

struct SshConfig {
    std::vector<SshConfigCondition> conditions = std::vector<SshConfigCondition>(1);  // [0]: global
    std::vector<SshConfigEntry> entries;  // in the order ssh reads them, Includes expanded
    std::vector<std::string> files;
    std::vector<std::string> warnings;
};

// Reads an ssh_config file with its Includes (relative ones from ~/.ssh, as ssh does).
bool load_ssh_config(const std::filesystem::path& path, SshConfig& out, InventoryError& error);
bool parse_ssh_config(std::string_view text, std::string_view name, SshConfig& out, InventoryError& error);

// Whether `text` matches an OpenSSH pattern list entry (`*`, `?`, letters in any case:
// parsers/common/ssh_pattern.hpp); negation is the caller's.
bool ssh_pattern_match(std::string_view pattern, std::string_view text);

// Fills what `host` does not state from the config entries matching its target (address, else
// name): HostName (with %h), Port, User, IdentityFile (appended), ProxyJump/ProxyCommand,
// ConnectTimeout, BindAddress, StrictHostKeyChecking, UserKnownHostsFile, IdentitiesOnly,
// IdentityAgent none, and legacy algorithms. Every jump hop goes through the config too (its
// HostName, Port, User, IdentityFile); the first hop's own ProxyJump is prepended, recursively
// (a later hop's is overridden by the chain, as ssh's nested -J does). A jump cycle is an error.
bool resolve_ssh_config(Host& host, const SshConfig& config, InventoryError& error);

// ---- ssh command lines (Ansible's ansible_ssh_*_args, ProxyCommand, ProxyJump) ----

// A ProxyJump value: `[user@]host[:port]` or `ssh://[user@]host[:port]` hops separated by
// commas, `[v6]:port` for IPv6; `none` is no hop.
bool parse_proxy_jump(std::string_view spec, std::vector<JumpHop>& hops, std::string& error);

// What an ssh argument string says about the connection.
struct SshArgs {
    std::vector<JumpHop> jump;  // from -J, ProxyJump or ProxyCommand, outermost first
    std::uint16_t port = 0;
    std::string user;
    std::string host_name;
    std::vector<std::string> identity_files;
    bool legacy_crypto = false;  // an algorithm option naming group1/group14-sha1, ssh-rsa, CBC, ...
    std::chrono::milliseconds connect_timeout{0};
    std::string bind_address;
    HostKeyCheck host_key_checking = HostKeyCheck::unset;
    std::string known_hosts_file;
    bool identities_only = false;
};

// Options of an ssh command line (replacing `out`) (`-o Key=Value`, `-oKey=Value`, `-o "Key Value"`, -J, -i, -p,
// -l, -b), split as Ansible splits them (shell words). A ProxyCommand must be an `ssh` command
// that forwards to %h:%p (`-W %h:%p`, or `nc %h %p` as its remote command); its own -J and its
// own nested ProxyCommand become the hops before it. Anything else in a ProxyCommand is an error
// that names the word, never the whole command (it may hold a password).
bool parse_ssh_args(std::string_view args, SshArgs& out, std::string& error);
bool parse_proxy_command(std::string_view command, std::vector<JumpHop>& hops, std::string& error);

// ---- loading ----

// Reads an inventory (a file, or a Nornir directory). `format` automatic detects it as above.
bool load_inventory(const std::filesystem::path& path, Format format, Inventory& out, InventoryError& error);

// The same from text, for the single-file formats; `name` is what messages call the file and its
// directory anchors relative paths and Ansible's group_vars/host_vars.
bool parse_inventory(std::string_view text, std::string_view name, Format format, Inventory& out,
                     InventoryError& error);

// Every host through resolve_ssh_config (a host of an ssh-config inventory already is).
bool resolve_ssh_config(Inventory& inventory, const SshConfig& config, InventoryError& error);

// ---- sharding (SPEC section 8, `--shard K/N`) ----

// 64-bit FNV-1a: the same on every machine and in every language.
std::uint64_t stable_hash(std::string_view text);

// The hosts of shard `k` of `n` (1 <= k <= n): those whose stable_hash(name) % n == k - 1, in
// inventory order. Depends only on the names, never on their order or the machine. Hosts reached
// via another device stay in their own shard: the device they go through is still in `inventory`.
std::vector<const Host*> shard(const Inventory& inventory, unsigned k, unsigned n);

// "K/N" as --shard takes it; false and a message for anything else.
bool parse_shard(std::string_view spec, unsigned& k, unsigned& n, std::string& error);

}  // namespace vtyguard::inventory
