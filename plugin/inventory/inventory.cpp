// The public entry points: format detection and dispatch, the checks every format shares,
// secrets, debug output and sharding.
#include "plugin/inventory/inventory.hpp"

#include <array>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "plugin/inventory/internal.hpp"

namespace vtyguard::inventory {

namespace fs = std::filesystem;
using detail::fail;

namespace {

constexpr std::array<std::pair<Format, std::string_view>, 7> kFormatNames = {{
    {Format::automatic, "auto"},
    {Format::vtyguard, "vtyguard"},
    {Format::ansible_ini, "ansible-ini"},
    {Format::ansible_yaml, "ansible-yaml"},
    {Format::nornir, "nornir"},
    {Format::list, "list"},
    {Format::ssh_config, "ssh-config"},
}};

const std::set<std::string> kNornirHostKeys = {"hostname", "port",   "username",           "password",
                                               "platform", "groups", "connection_options", "data"};
const std::set<std::string> kVtyguardTopKeys = {"vtyguard", "defaults", "credentials", "jump_hosts", "groups", "hosts"};
const std::set<std::string> kAnsibleGroupKeys = {"hosts", "children", "vars"};
// Keywords that can open an ssh_config (the ones people put first, plus Host/Match/Include).
const std::set<std::string> kSshOpeners = {"host",
                                           "match",
                                           "include",
                                           "hostname",
                                           "user",
                                           "port",
                                           "identityfile",
                                           "proxyjump",
                                           "proxycommand",
                                           "forwardagent",
                                           "serveraliveinterval",
                                           "addkeystoagent",
                                           "stricthostkeychecking",
                                           "userknownhostsfile",
                                           "identitiesonly",
                                           "controlmaster",
                                           "controlpath",
                                           "controlpersist",
                                           "compression",
                                           "connecttimeout",
                                           "loglevel",
                                           "sendenv",
                                           "hashknownhosts",
                                           "canonicalizehostname",
                                           "pubkeyauthentication"};

bool sibling_exists(const fs::path& file, std::initializer_list<const char*> names) {
    std::error_code ec;
    for (const char* n : names)
        if (fs::exists(file.parent_path() / n, ec)) return true;
    return false;
}

// Every top-level value empty or a mapping whose keys all belong to `keys`.
bool values_shaped(const YAML::Node& root, const std::set<std::string>& keys) {
    for (const auto& kv : root) {
        const YAML::Node& v = kv.second;
        if (v.IsNull()) continue;
        if (!v.IsMap()) return false;
        for (const auto& inner : v)
            if (!inner.first.IsScalar() || !keys.count(inner.first.Scalar())) return false;
    }
    return true;
}

bool keys_within(const YAML::Node& root, const std::set<std::string>& keys) {
    for (const auto& kv : root)
        if (!kv.first.IsScalar() || !keys.count(kv.first.Scalar())) return false;
    return true;
}

Format detect_yaml(const YAML::Node& root) {
    if (root["vtyguard"]) return Format::vtyguard;
    if (const YAML::Node inv = root["inventory"]; inv && inv.IsMap() && inv["plugin"] && inv["plugin"].IsScalar() &&
                                                  inv["plugin"].Scalar().find("SimpleInventory") != std::string::npos)
        return Format::nornir;
    if (values_shaped(root, kAnsibleGroupKeys)) return Format::ansible_yaml;
    if (keys_within(root, kVtyguardTopKeys) && root["hosts"] && root["hosts"].IsMap()) return Format::vtyguard;
    if (values_shaped(root, kNornirHostKeys)) return Format::nornir;
    return Format::automatic;
}

Format detect_text(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        const std::string t = detail::trim(line);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        static const std::regex kSection(R"(^\[[^\]\s]+\]\s*([#;].*)?$)");
        if (std::regex_match(t, kSection)) return Format::ansible_ini;
        if (first) {
            first = false;
            const auto end = t.find_first_of(" \t=");
            if (end != std::string::npos && kSshOpeners.count(detail::lower(t.substr(0, end))))
                return Format::ssh_config;
        }
        std::vector<std::string> words;
        if (detail::shell_split(t, words, detail::Comments::at_word_start))
            for (const auto& w : words)
                if (w.rfind("ansible_", 0) == 0 && w.find('=') != std::string::npos) return Format::ansible_ini;
    }
    return Format::list;
}

Format detect(const fs::path& path, const std::string& text) {
    const std::string base = path.filename().string();
    if ((base == "hosts.yaml" || base == "hosts.yml") &&
        sibling_exists(path, {"groups.yaml", "groups.yml", "defaults.yaml", "defaults.yml"}))
        return Format::nornir;
    YAML::Node root;
    bool yaml = false;
    try {
        root = YAML::Load(text);
        yaml = root.IsMap();
    } catch (const YAML::Exception&) {
    }
    if (yaml) {
        const Format f = detect_yaml(root);
        if (f != Format::automatic) return f;
        fail({path.string(), 0}, "",
             "cannot tell which inventory format this YAML is (vtyguard, ansible-yaml, nornir): use "
             "--inventory-format");
    }
    const std::string ext = path.extension().string();
    if (ext == ".yaml" || ext == ".yml") {
        // Not a mapping: parse it again to report YAML's own error with its line.
        (void)detail::load_yaml(text, path.string());
        fail({path.string(), 0}, "", "an inventory in YAML must be a mapping");
    }
    return detect_text(text);
}

void parse_single(const std::string& text, std::string_view name, Format format, Inventory& out) {
    switch (format) {
        case Format::vtyguard:
            detail::parse_vtyguard_yaml(text, name, out);
            break;
        case Format::ansible_ini:
            detail::parse_ansible_ini(text, name, out);
            break;
        case Format::ansible_yaml:
            detail::parse_ansible_yaml(text, name, out);
            break;
        case Format::list:
            detail::parse_host_list(text, name, out);
            break;
        case Format::ssh_config: {
            SshConfig config;
            InventoryError e;
            if (!parse_ssh_config(text, name, config, e)) throw detail::Failure{e};
            detail::ssh_config_hosts(config, out);
            break;
        }
        case Format::nornir:
        case Format::automatic:
            fail({std::string(name), 0}, "", "this format needs a file (load_inventory)");
    }
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : std::string(sep)) + i;
    return out;
}

}  // namespace

// ---- small public pieces ----

std::string_view format_name(Format f) {
    for (const auto& [format, name] : kFormatNames)
        if (format == f) return name;
    return "auto";
}

bool format_from_name(std::string_view name, Format& out) {
    for (const auto& [format, n] : kFormatNames)
        if (n == name) {
            out = format;
            return true;
        }
    return false;
}

std::string Origin::str() const {
    return line > 0 ? file + ":" + std::to_string(line) : file;
}

std::string InventoryError::str() const {
    return (line > 0 ? file + ":" + std::to_string(line) : file) + ": " + message;
}

std::string Secret::describe() const {
    switch (kind) {
        case Kind::none:
            return "none";
        case Kind::inline_value:
            return "<inline>";
        case Kind::env:
            return "env:" + ref;
        case Kind::file:
            return "file:" + ref;
    }
    return "none";
}

bool read_secret(const Secret& secret, std::string& value, InventoryError& error) {
    const auto bad = [&](std::string message) {
        error = {secret.origin.file, secret.origin.line, "", std::move(message)};
        return false;
    };
    switch (secret.kind) {
        case Secret::Kind::none:
            return bad("no secret is configured");
        case Secret::Kind::inline_value:
            value = secret.value;
            return true;
        case Secret::Kind::env: {
            const char* v = std::getenv(secret.ref.c_str());
            if (!v) return bad("environment variable " + secret.ref + " is not set");
            if (!*v) return bad("environment variable " + secret.ref + " is empty");
            value = v;
            return true;
        }
        case Secret::Kind::file: {
            std::string text;
            if (!detail::read_text(secret.ref, text)) return bad("cannot read the secret file " + secret.ref);
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
            if (text.empty()) return bad("the secret file " + secret.ref + " is empty");
            value = std::move(text);
            return true;
        }
    }
    return bad("no secret is configured");
}

std::string JumpHop::str() const {
    std::string s = user.empty() ? "" : user + "@";
    const std::string t = target();
    s += t.find(':') != std::string::npos ? "[" + t + "]" : t;
    if (port) s += ":" + std::to_string(port);
    return s;
}

std::string Host::to_string() const {
    std::string s = name + " platform=" + (platform.empty() ? "?" : platform) +
                    " target=" + (user.empty() ? "" : user + "@") + target() + ":" + std::to_string(effective_port()) +
                    " transport=" + (transport == Transport::telnet ? "telnet" : "ssh");
    if (!password.empty()) s += " password=" + password.describe();
    if (!enable.empty()) s += " enable=" + enable.describe();
    if (!identity_files.empty()) s += " identity=[" + join(identity_files, ",") + "]";
    if (!use_agent) s += " agent=no";
    if (!jump.empty()) {
        std::vector<std::string> hops;
        for (const auto& h : jump)
            hops.push_back(h.str() + (h.password.empty() ? "" : "(password=" + h.password.describe() + ")"));
        s += " jump=[" + join(hops, ",") + "]";
    }
    if (!via_device.empty()) s += " via=" + via_device;
    if (legacy_crypto) s += " legacy_crypto";
    if (!groups.empty()) s += " groups=[" + join(groups, ",") + "]";
    if (!source_address.empty()) s += " source=" + source_address;
    if (timeouts.connect.count() || timeouts.command.count() || timeouts.device.count())
        s += " timeouts=" + std::to_string(timeouts.connect.count()) + "/" + std::to_string(timeouts.command.count()) +
             "/" + std::to_string(timeouts.device.count()) + "ms";
    if (host_key_checking != HostKeyCheck::unset)
        s += std::string(" host_key_checking=") + (host_key_checking == HostKeyCheck::yes  ? "yes"
                                                   : host_key_checking == HostKeyCheck::no ? "no"
                                                                                           : "accept-new");
    if (!origin.file.empty()) s += " (" + origin.str() + ")";
    return s;
}

const Host* Inventory::find(std::string_view name) const {
    for (const auto& h : hosts)
        if (h.name == name) return &h;
    return nullptr;
}

// ---- loading ----

bool load_inventory(const fs::path& path, Format format, Inventory& out, InventoryError& error) {
    Inventory inv;
    const bool ok = detail::guarded(path.string(), error, [&] {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            if (format != Format::automatic && format != Format::nornir)
                fail({path.string(), 0}, "", "is a directory; only a Nornir inventory is a directory");
            format = Format::nornir;
        } else {
            std::string text;
            if (!detail::read_text(path, text)) fail({path.string(), 0}, "", "cannot read the inventory file");
            if (format == Format::automatic) format = detect(path, text);
            if (format == Format::ssh_config) {
                SshConfig config;
                InventoryError e;
                if (!load_ssh_config(path, config, e)) throw detail::Failure{e};
                inv.files = config.files;
                detail::ssh_config_hosts(config, inv);
            } else if (format != Format::nornir) {
                inv.files.push_back(path.string());
                parse_single(text, path.string(), format, inv);
            }
        }
        if (format == Format::nornir) detail::load_nornir(path, inv);
        inv.format = format;
    });
    if (ok) out = std::move(inv);
    return ok;
}

bool parse_inventory(std::string_view text, std::string_view name, Format format, Inventory& out,
                     InventoryError& error) {
    Inventory inv;
    const std::string t(text);
    const bool ok = detail::guarded(name, error, [&] {
        if (format == Format::automatic) format = detect(fs::path(name), t);
        inv.files.emplace_back(name);
        parse_single(t, name, format, inv);
        inv.format = format;
    });
    if (ok) out = std::move(inv);
    return ok;
}

bool resolve_ssh_config(Inventory& inventory, const SshConfig& config, InventoryError& error) {
    if (inventory.format == Format::ssh_config) return true;
    for (auto& h : inventory.hosts)
        if (!resolve_ssh_config(h, config, error)) return false;
    return true;
}

// ---- sharding ----

std::uint64_t stable_hash(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::vector<const Host*> shard(const Inventory& inventory, unsigned k, unsigned n) {
    std::vector<const Host*> out;
    if (n == 0 || k == 0 || k > n) return out;
    for (const auto& h : inventory.hosts)
        if (stable_hash(h.name) % n == k - 1) out.push_back(&h);
    return out;
}

bool parse_shard(std::string_view spec, unsigned& k, unsigned& n, std::string& error) {
    const auto slash = spec.find('/');
    const auto number = [](std::string_view s, unsigned& v) {
        if (s.empty() || s.size() > 6) return false;
        v = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return false;
            v = v * 10 + static_cast<unsigned>(c - '0');
        }
        return true;
    };
    unsigned kk = 0, nn = 0;
    if (slash == std::string_view::npos || !number(spec.substr(0, slash), kk) || !number(spec.substr(slash + 1), nn)) {
        error = "--shard takes K/N (for example 2/8), not '" + std::string(spec) + "'";
        return false;
    }
    if (nn == 0 || kk == 0 || kk > nn) {
        error = "--shard " + std::string(spec) + ": K must be from 1 to N and N at least 1";
        return false;
    }
    k = kk;
    n = nn;
    return true;
}

// ---- what every format shares ----

namespace detail {

void finish(Inventory& inventory, const std::map<std::string, Origin>& via_origins) {
    std::map<std::string, const Host*> by_name;
    for (const auto& h : inventory.hosts) {
        if (h.name.empty()) fail(h.origin, "", "a host has an empty name");
        if (h.name.find('/') != std::string::npos || h.name == "." || h.name == "..")
            fail(h.origin, "", "host name '" + h.name + "' cannot name a device's files (no '/', '.' or '..')");
        if (auto [it, fresh] = by_name.emplace(h.name, &h); !fresh)
            fail(h.origin, "", "duplicate host '" + h.name + "' (first defined at " + it->second->origin.str() + ")");
    }
    const auto via_where = [&](const Host& h) {
        const auto it = via_origins.find(h.name);
        return it != via_origins.end() ? it->second : h.origin;
    };
    for (auto& h : inventory.hosts) {
        if (h.via_device.empty()) continue;
        if (!by_name.count(h.via_device))
            fail(via_where(h), "via",
                 "host " + h.name + " goes via '" + h.via_device + "', which is not in the inventory");
        // Follow the chain: it must end at a host reached directly or through jump hosts.
        std::set<std::string> seen = {h.name};
        for (const Host* cur = by_name.at(h.via_device);; cur = by_name.at(cur->via_device)) {
            if (!seen.insert(cur->name).second)
                fail(via_where(h), "via", "host " + h.name + ": the `via` devices loop (" + cur->name + " again)");
            if (cur->via_device.empty()) break;
            if (!by_name.count(cur->via_device)) break;  // reported on that host
        }
        h.jump.clear();
    }
    std::set<std::string> jumped;
    for (const auto& h : inventory.hosts)
        for (const auto& hop : h.jump) {
            jumped.insert(hop.name);
            jumped.insert(hop.target());
        }
    for (auto& h : inventory.hosts)
        if (h.platform.empty() && (jumped.count(h.name) || (!h.address.empty() && jumped.count(h.address))))
            h.platform = std::string(kLinux);
}

}  // namespace detail

}  // namespace vtyguard::inventory
