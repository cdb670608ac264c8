// What the inventory formats share. Not part of the contract (inventory.hpp is).
//
// Parsers report problems by throwing Failure, caught once at the public entry points, so the deep
// helpers stay straight-line; nothing escapes the library.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "plugin/inventory/inventory.hpp"

namespace vtyguard::inventory::detail {

struct Failure {
    InventoryError error;
};

[[noreturn]] void fail(const Origin& where, std::string key, std::string message);

Origin origin_of(std::string_view file, const YAML::Node& node);

// Runs `body`, turning a Failure or a YAML exception (named after `file`) into `error`.
bool guarded(std::string_view file, InventoryError& error, const std::function<void()>& body);

std::string lower(std::string_view s);
std::string trim(std::string_view s);
bool read_text(const std::filesystem::path& path, std::string& text);
// Calls `body` with each line's 1-based number and its text without surrounding whitespace.
void for_each_line(const std::string& text, const std::function<void(int, const std::string&)>& body);
YAML::Node load_yaml(const std::string& text, std::string_view file);  // throws Failure

bool parse_bool(std::string_view text, bool& out);  // yes/no, true/false, on/off, 1/0 (any case)
bool parse_port(std::string_view text, std::uint16_t& out);
// `30` (seconds), `30s`, `500ms`, `2m`.
bool parse_duration(std::string_view text, std::chrono::milliseconds& out);
bool parse_host_key_check(std::string_view text, HostKeyCheck& out);

// `~/x` and `~` from $HOME; anything else unchanged.
std::string expand_home(std::string_view path);
// expand_home, then relative paths made relative to `base_dir` (when it is not empty).
std::string resolve_path(std::string_view path, const std::filesystem::path& base_dir);

// The platform key for a name in any vocabulary vtyguard knows (cisco.ios.ios, ios, cisco_ios,
// cisco_xe, asa, linux, ...); empty when the name is not a supported platform.
std::string platform_key(std::string_view name);

// Where an unquoted `#` starts a comment: nowhere (ssh arguments), at the start of a word (shells,
// ssh_config), or anywhere (Python's shlex with comments, which Ansible's INI host lines use).
enum class Comments { none, at_word_start, anywhere };

// POSIX shell words (as Python's shlex.split in posix mode). False on an unterminated quote.
bool shell_split(std::string_view text, std::vector<std::string>& words, Comments comments);

// Ansible host patterns: `r[01:03]`, `[a:c]x`, `r[1:9:2]`. A pattern without a range is itself.
bool expand_host_range(std::string_view pattern, std::vector<std::string>& out, std::string& error);

// `host:port`, `[v6]:port`, `v6`, `host` (an address with several colons and no brackets has no port).
bool split_host_port(std::string_view text, std::string& host, std::uint16_t& port, std::string& error);

// An Ansible host pattern and its port: `host:22`, `[v6]:22`, `r[1:3]:22` (colons inside brackets
// belong to ranges); `port` empty when there is none.
void split_host_pattern(const std::string& token, std::string& pattern, std::string& port);

// Whether an algorithm list names something only old devices need (group1/group14-sha1,
// group-exchange-sha1, ssh-rsa, ssh-dss, CBC ciphers, hmac-sha1, hmac-md5).
bool names_legacy_algorithm(std::string_view list);

// Every host field, each optional, for formats that layer values (vtyguard YAML, Nornir).
struct HostFields {
    std::optional<std::string> address;
    std::optional<std::uint16_t> port;
    std::optional<std::string> platform;
    std::optional<std::string> user;
    std::optional<Secret> password;
    std::optional<Secret> enable;
    std::optional<std::vector<std::string>> identity_files;
    std::optional<bool> use_agent;
    std::optional<std::vector<JumpHop>> jump;
    std::optional<std::string> via;
    Origin via_origin;
    std::optional<Transport> transport;
    std::optional<bool> legacy_crypto;
    std::optional<std::chrono::milliseconds> connect_timeout, command_timeout, device_timeout;
    std::optional<std::string> source_address;
    std::optional<HostKeyCheck> host_key_checking;
    std::optional<std::string> known_hosts_file;
};

// `high` over `low`, field by field.
void overlay(HostFields& low, const HostFields& high);
void apply(const HostFields& fields, Host& host);

// Copies what an ssh argument string states into `host` (it states it: it wins).
void apply_ssh_args(const SshArgs& args, Host& host);

// Checks that belong to every format, after the hosts are built: names that can name files,
// unique names, `via` names that exist and do not loop (a host with `via` goes that way, so its
// jump list is dropped), and `linux` for hosts of unknown platform that others jump through.
// `via_origins`: where each host's `via` was written (host name -> origin), for messages.
void finish(Inventory& inventory, const std::map<std::string, Origin>& via_origins);

// Per format. `file` names the file in messages; `text` is its content.
void parse_vtyguard_yaml(const std::string& text, std::string_view file, Inventory& out);
void parse_ansible_ini(const std::string& text, std::string_view file, Inventory& out);
void parse_ansible_yaml(const std::string& text, std::string_view file, Inventory& out);
void load_nornir(const std::filesystem::path& path, Inventory& out);
void parse_host_list(const std::string& text, std::string_view file, Inventory& out);
void ssh_config_hosts(const SshConfig& config, Inventory& out);

// The vtyguard host fields of a YAML mapping (vtyguard YAML hosts/groups/defaults, Nornir's
// `data.vtyguard`). `skip` lists keys the caller handles itself; any other unknown key is an
// error. Relative paths are taken from `base_dir`.
HostFields host_fields(const YAML::Node& map, std::string_view file, const std::filesystem::path& base_dir,
                       const std::set<std::string>& skip);

struct Entry {
    std::string name;
    Origin origin;  // of the key
    YAML::Node node;
};
// The entries of a YAML mapping in file order (none for a null node); a repeated key is an error.
std::vector<Entry> entries(const YAML::Node& map, std::string_view file, std::string_view what);
// Every key of `map` in `allowed` or `also`, else an error listing them.
void check_keys(const YAML::Node& map, std::string_view file, const std::set<std::string>& allowed,
                const std::set<std::string>& also, std::string_view what);
// A scalar or a list of scalars.
std::vector<std::string> string_list(const YAML::Node& n, std::string_view file, std::string_view key);

// A YAML scalar as text, or a Failure naming `key`.
std::string yaml_scalar(const YAML::Node& node, std::string_view file, std::string_view key);

}  // namespace vtyguard::inventory::detail
