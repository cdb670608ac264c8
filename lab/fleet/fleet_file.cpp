#include "lab/fleet/fleet_file.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include <yaml-cpp/yaml.h>

namespace vtyguard::lab {

namespace {

// Thrown inside the loader only; parse_fleet turns it into the caller's error string.
struct FleetError {
    std::string message;
};

// Every key a device may carry, in a device entry, in `defaults` (except name and address) and in
// a `generate` block (except address).
const std::set<std::string, std::less<>> kDeviceKeys = {
    "name",         "platform", "address", "config", "version", "model",    "ssh_port", "telnet_port", "legacy_crypto",
    "crypto_image", "behind",   "faults",  "expect", "source",  "username", "password", "enable"};
const std::set<std::string, std::less<>> kFaultKeys = {"command_latency_ms", "slow_chunk",       "slow_delay_ms",
                                                       "drop_after",         "garbage",          "prompt_banner",
                                                       "auth_failure",       "host_key_changes", "no_prompt"};

// The keys gathered for one device: `defaults` first, then its own entry (or generate block) on
// top. Marks are kept so checks that need the whole fleet can still point at the right line.
struct DeviceKeys {
    std::map<std::string, std::string, std::less<>> text;  // string-valued keys
    std::map<std::string, YAML::Mark, std::less<>> marks;
    std::optional<std::uint16_t> ssh_port, telnet_port;
    std::optional<bool> legacy_crypto;
    std::optional<bool> crypto_image;
    std::optional<std::vector<std::string>> expect;
    Faults faults;

    const std::string* get(std::string_view key) const {
        auto it = text.find(key);
        return it == text.end() ? nullptr : &it->second;
    }
};

std::optional<std::uint32_t> parse_loopback(std::string_view text) {
    in_addr addr{};
    const std::string s(text);
    if (inet_pton(AF_INET, s.c_str(), &addr) != 1) return std::nullopt;
    const std::uint32_t host = ntohl(addr.s_addr);
    if ((host >> 24) != 127) return std::nullopt;
    return host;
}

std::string format_address(std::uint32_t host) {
    return std::to_string(host >> 24) + "." + std::to_string((host >> 16) & 0xff) + "." +
           std::to_string((host >> 8) & 0xff) + "." + std::to_string(host & 0xff);
}

// Names become Ansible host names and ssh_config Host patterns: no wildcards, spaces or quotes.
bool valid_name(std::string_view name) {
    return !name.empty() &&
           name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
               std::string_view::npos;
}

bool read_file(const std::filesystem::path& path, std::string& text) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

void replace_all(std::string& text, std::string_view token, std::string_view value) {
    for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size())) {
        text.replace(at, token.size(), value);
    }
}

class Loader {
public:
    explicit Loader(std::filesystem::path path) : path_(std::move(path)) {
        dir_ = path_.parent_path();
        if (dir_.empty()) dir_ = ".";
    }

    FleetFile load(std::string_view yaml) {
        YAML::Node root;
        try {
            root = YAML::Load(std::string(yaml));
        } catch (const YAML::Exception& e) {
            throw FleetError{where(e.mark) + e.msg};
        }
        if (!root.IsMap()) {
            throw FleetError{where(root.Mark()) +
                             "a fleet file is a mapping with `devices` (and optionally "
                             "`defaults`, `jump_hosts`, `generate`)"};
        }
        FleetFile fleet;
        fleet.path = path_;
        // optional, not Node: a default-constructed Node is a defined null, and assigning to a
        // Node writes through to the node it refers to.
        std::optional<YAML::Node> defaults, jump_hosts, devices, generate;
        for_each_key(root, [&](const std::string& key, const YAML::Node& value, const YAML::Mark& mark) {
            if (key == "defaults") {
                defaults.emplace(value);
            } else if (key == "jump_hosts") {
                jump_hosts.emplace(value);
            } else if (key == "devices") {
                devices.emplace(value);
            } else if (key == "generate") {
                generate.emplace(value);
            } else {
                throw FleetError{where(mark) + key +
                                 ": unknown key (expected defaults, jump_hosts, devices, generate)"};
            }
        });
        if (!devices && !generate)
            throw FleetError{where(root.Mark()) + "devices: missing (no devices and no generate)"};

        DeviceKeys base;
        if (defaults) {
            expect_map(*defaults, "defaults");
            for_each_key(*defaults, [&](const std::string& key, const YAML::Node& value, const YAML::Mark& mark) {
                if (key == "name" || key == "address") {
                    throw FleetError{where(mark) + "defaults." + key + ": not allowed in defaults (one per device)"};
                }
                device_key(base, key, value, mark, "defaults.");
            });
        }
        if (jump_hosts) read_jump_hosts(*jump_hosts, fleet);
        if (devices) {
            expect_sequence(*devices, "devices");
            for (const auto& entry : *devices) {
                expect_map(entry, "devices[]");
                DeviceKeys keys = base;
                for_each_key(entry, [&](const std::string& key, const YAML::Node& value, const YAML::Mark& mark) {
                    device_key(keys, key, value, mark, "");
                });
                fleet.devices.push_back(make_device(keys, entry.Mark(), {}));
            }
        }
        if (generate) {
            expect_sequence(*generate, "generate");
            for (const auto& block : *generate) read_generate(block, base, fleet);
        }
        validate(fleet);
        return fleet;
    }

private:
    std::string where(const YAML::Mark& mark) const {
        const int line = mark.is_null() ? 0 : mark.line + 1;
        return path_.string() + ":" + std::to_string(line) + ": ";
    }

    template <class F>
    void for_each_key(const YAML::Node& map, F&& f) {
        std::map<std::string, int, std::less<>> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            // The iterator yields temporaries: keep copies (Nodes are handles, copies are cheap).
            const YAML::Node key = it->first;
            const YAML::Node value = it->second;
            if (!key.IsScalar()) throw FleetError{where(key.Mark()) + "keys must be plain words"};
            const std::string name = key.Scalar();
            if (auto [at, inserted] = seen.emplace(name, key.Mark().line + 1); !inserted) {
                throw FleetError{where(key.Mark()) + name + ": duplicate key (first at line " +
                                 std::to_string(at->second) + ")"};
            }
            f(name, value, key.Mark());
        }
    }

    void expect_map(const YAML::Node& node, std::string_view key) {
        if (!node.IsMap()) throw FleetError{where(node.Mark()) + std::string(key) + ": expected a mapping"};
    }
    void expect_sequence(const YAML::Node& node, std::string_view key) {
        if (!node.IsSequence()) throw FleetError{where(node.Mark()) + std::string(key) + ": expected a list"};
    }

    std::string scalar(const YAML::Node& node, const std::string& key) {
        if (!node.IsScalar()) throw FleetError{where(node.Mark()) + key + ": expected a single value"};
        return node.Scalar();
    }

    std::uint64_t number(const YAML::Node& node, const std::string& key, std::uint64_t max) {
        const std::string text = scalar(node, key);
        std::uint64_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size() || value > max) {
            throw FleetError{where(node.Mark()) + key + ": expected a whole number from 0 to " + std::to_string(max) +
                             ", got '" + text + "'"};
        }
        return value;
    }

    std::uint16_t port(const YAML::Node& node, const std::string& key) {
        const auto value = number(node, key, 65535);
        if (value == 0) throw FleetError{where(node.Mark()) + key + ": a port is 1 to 65535"};
        return static_cast<std::uint16_t>(value);
    }

    bool boolean(const YAML::Node& node, const std::string& key) {
        const std::string text = scalar(node, key);
        bool value = false;
        if (!YAML::convert<bool>::decode(node, value)) {
            throw FleetError{where(node.Mark()) + key + ": expected true or false, got '" + text + "'"};
        }
        return value;
    }

    std::string address(const YAML::Node& node, const std::string& key) {
        std::string text = scalar(node, key);
        if (!parse_loopback(text)) {
            throw FleetError{where(node.Mark()) + key + ": '" + text + "' is not a loopback address (127.x.y.z)"};
        }
        return text;
    }

    void device_key(DeviceKeys& keys, const std::string& key, const YAML::Node& value, const YAML::Mark& mark,
                    const std::string& prefix) {
        const std::string shown = prefix + key;
        if (!kDeviceKeys.contains(key)) throw FleetError{where(mark) + shown + ": unknown key"};
        keys.marks[key] = mark;
        if (key == "ssh_port") {
            keys.ssh_port = port(value, shown);
        } else if (key == "telnet_port") {
            keys.telnet_port = port(value, shown);
        } else if (key == "legacy_crypto") {
            keys.legacy_crypto = boolean(value, shown);
        } else if (key == "crypto_image") {
            keys.crypto_image = boolean(value, shown);
        } else if (key == "faults") {
            read_faults(keys.faults, value, shown);
        } else if (key == "expect") {
            expect_sequence(value, shown);
            std::vector<std::string> checks;
            for (const auto& item : value) checks.push_back(scalar(item, shown));
            keys.expect = std::move(checks);
        } else if (key == "platform") {
            std::string text = scalar(value, shown);
            if (!personality_from_key(text)) {
                throw FleetError{where(value.Mark()) + shown + ": '" + text + "' is not cisco_ios or cisco_asa"};
            }
            keys.text[key] = std::move(text);
        } else if (key == "address" || key == "source") {
            keys.text[key] = address(value, shown);
        } else {
            keys.text[key] = scalar(value, shown);
        }
    }

    void read_faults(Faults& faults, const YAML::Node& node, const std::string& prefix) {
        expect_map(node, prefix);
        constexpr std::uint64_t kMaxMs = 3'600'000;
        for_each_key(node, [&](const std::string& key, const YAML::Node& value, const YAML::Mark& mark) {
            const std::string shown = prefix + "." + key;
            if (!kFaultKeys.contains(key)) throw FleetError{where(mark) + shown + ": unknown fault"};
            if (key == "command_latency_ms") {
                faults.command_latency = std::chrono::milliseconds(number(value, shown, kMaxMs));
            } else if (key == "slow_delay_ms") {
                faults.slow_delay = std::chrono::milliseconds(number(value, shown, kMaxMs));
            } else if (key == "slow_chunk") {
                faults.slow_chunk = number(value, shown, 1u << 20);
            } else if (key == "drop_after") {
                faults.drop_after = number(value, shown, 1u << 30);
            } else if (key == "garbage") {
                faults.garbage = boolean(value, shown);
            } else if (key == "prompt_banner") {
                faults.prompt_banner = boolean(value, shown);
            } else if (key == "auth_failure") {
                faults.auth_failure = boolean(value, shown);
            } else if (key == "host_key_changes") {
                faults.host_key_changes = boolean(value, shown);
            } else {
                faults.no_prompt = boolean(value, shown);
            }
        });
    }

    void read_jump_hosts(const YAML::Node& node, FleetFile& fleet) {
        expect_sequence(node, "jump_hosts");
        for (const auto& entry : node) {
            expect_map(entry, "jump_hosts[]");
            JumpHostSpec spec;
            for_each_key(entry, [&](const std::string& key, const YAML::Node& value, const YAML::Mark& mark) {
                const std::string shown = "jump_hosts." + key;
                if (key == "name") {
                    spec.name = scalar(value, shown);
                } else if (key == "address") {
                    spec.address = address(value, shown);
                } else if (key == "port") {
                    spec.port = port(value, shown);
                } else if (key == "via") {
                    spec.via = scalar(value, shown);
                } else {
                    throw FleetError{where(mark) + shown + ": unknown key (expected name, address, port, via)"};
                }
            });
            if (spec.name.empty()) throw FleetError{where(entry.Mark()) + "jump_hosts.name: missing"};
            if (!valid_name(spec.name)) {
                throw FleetError{where(entry.Mark()) + "jump_hosts.name: '" + spec.name +
                                 "' may only hold letters, digits, '.', '_' and '-'"};
            }
            if (spec.address.empty()) {
                throw FleetError{where(entry.Mark()) + "jump_hosts.address: missing (jump host '" + spec.name + "')"};
            }
            if (fleet.jump_host(spec.name)) {
                throw FleetError{where(entry.Mark()) + "jump_hosts.name: '" + spec.name + "' is defined twice"};
            }
            jump_marks_[spec.name] = entry.Mark();
            fleet.jump_hosts.push_back(std::move(spec));
        }
    }

    const std::string& config_text(const std::string& relative, const YAML::Mark& mark) {
        const std::filesystem::path file =
            std::filesystem::path(relative).is_absolute() ? std::filesystem::path(relative) : dir_ / relative;
        auto it = configs_.find(file.string());
        if (it != configs_.end()) return it->second;
        std::string text;
        if (!read_file(file, text)) throw FleetError{where(mark) + "config: cannot read '" + file.string() + "'"};
        return configs_.emplace(file.string(), std::move(text)).first->second;
    }

    // `generated` holds the substitutions of a generate block ({n}); empty for a listed device.
    FleetDevice make_device(const DeviceKeys& keys, const YAML::Mark& entry,
                            const std::vector<std::pair<std::string, std::string>>& generated) {
        auto required = [&](std::string_view key) -> const std::string& {
            const std::string* value = keys.get(key);
            if (!value) {
                const std::string* name = keys.get("name");
                throw FleetError{where(entry) + std::string(key) + ": missing" +
                                 (name ? " (device '" + *name + "')" : std::string())};
            }
            return *value;
        };
        FleetDevice device;
        device.spec.name = required("name");
        if (!valid_name(device.spec.name)) {
            const auto it = keys.marks.find("name");
            throw FleetError{where(it == keys.marks.end() ? entry : it->second) + "name: '" + device.spec.name +
                             "' may only hold letters, digits, '.', '_' and '-'"};
        }
        device.spec.personality = *personality_from_key(required("platform"));
        device.spec.address = required("address");
        device.spec.ssh_port = keys.ssh_port.value_or(2222);
        device.spec.telnet_port = keys.telnet_port.value_or(0);
        device.spec.legacy_crypto = keys.legacy_crypto.value_or(false);
        device.spec.crypto_image = keys.crypto_image.value_or(true);
        device.spec.faults = keys.faults;
        if (const auto* v = keys.get("version")) device.spec.version = *v;
        if (const auto* v = keys.get("model")) device.spec.model = *v;
        if (const auto* v = keys.get("username")) device.username = *v;
        if (const auto* v = keys.get("password")) device.password = *v;
        if (const auto* v = keys.get("enable")) device.enable = *v;
        if (const auto* v = keys.get("behind")) device.behind = *v;
        if (const auto* v = keys.get("source")) device.source = *v;
        device.spec.enable_secret = device.enable;
        device.expect = keys.expect;

        const std::string& config = required("config");
        const YAML::Mark config_mark = keys.marks.at("config");
        const std::filesystem::path relative(config);
        device.config_path = relative.is_absolute() ? relative : dir_ / relative;
        std::string text = config_text(config, config_mark);
        for (const auto& [token, value] : generated) replace_all(text, token, value);
        replace_all(text, "{hostname}", device.spec.name);
        replace_all(text, "{address}", device.spec.address);
        device.spec.config = std::move(text);

        device_marks_.push_back(keys.marks);
        device_entries_.push_back(entry);
        return device;
    }

    void read_generate(const YAML::Node& block, const DeviceKeys& base, FleetFile& fleet) {
        expect_map(block, "generate[]");
        DeviceKeys keys = base;
        std::optional<std::uint64_t> count;
        std::optional<std::uint32_t> first;
        YAML::Mark count_mark, from_mark;
        for_each_key(block, [&](const std::string& key, const YAML::Node& value, const YAML::Mark& mark) {
            if (key == "count") {
                count = number(value, "generate.count", 1'000'000);
                if (*count == 0) throw FleetError{where(value.Mark()) + "generate.count: must be at least 1"};
                count_mark = mark;
            } else if (key == "address_from") {
                first = parse_loopback(address(value, "generate.address_from"));
                from_mark = mark;
            } else if (key == "address") {
                throw FleetError{where(mark) + "generate.address: use address_from (incremented per device)"};
            } else {
                device_key(keys, key, value, mark, "generate.");
            }
        });
        if (!count) throw FleetError{where(block.Mark()) + "generate.count: missing"};
        if (!first) throw FleetError{where(block.Mark()) + "generate.address_from: missing"};
        const std::string* pattern = keys.get("name");
        if (!pattern) throw FleetError{where(block.Mark()) + "generate.name: missing"};
        if (pattern->find("{n}") == std::string::npos) {
            throw FleetError{where(keys.marks.at("name")) + "generate.name: needs {n} so the names differ"};
        }
        const std::uint64_t last = std::uint64_t{*first} + *count - 1;
        // 127.255.255.255 is the broadcast address of 127.0.0.0/8: not a device.
        if ((last >> 24) != 127 || last == 0x7fffffff) {
            throw FleetError{where(count_mark) + "generate.count: " + std::to_string(*count) + " addresses from " +
                             format_address(*first) + " leave 127.0.0.0/8"};
        }
        const std::size_t width = std::to_string(*count).size();
        const std::string name_pattern = *pattern;
        for (std::uint64_t i = 1; i <= *count; ++i) {
            std::string n = std::to_string(i);
            n.insert(0, width - n.size(), '0');
            DeviceKeys one = keys;
            std::string name = name_pattern;
            replace_all(name, "{n}", n);
            one.text["name"] = name;
            one.text["address"] = format_address(static_cast<std::uint32_t>(*first + i - 1));
            one.marks["address"] = from_mark;
            fleet.devices.push_back(make_device(one, block.Mark(), {{"{n}", n}}));
        }
    }

    YAML::Mark device_mark(std::size_t index, std::string_view key) const {
        const auto& marks = device_marks_[index];
        auto it = marks.find(key);
        return it == marks.end() ? device_entries_[index] : it->second;
    }

    void validate(FleetFile& fleet) {
        // Jump hosts: `via` names a jump host and the chain ends (no cycle).
        std::map<std::string, std::string, std::less<>> address_owner;
        for (const auto& jump : fleet.jump_hosts) {
            const YAML::Mark mark = jump_marks_.at(jump.name);
            if (!jump.via.empty() && !fleet.jump_host(jump.via)) {
                throw FleetError{where(mark) + "jump_hosts.via: no jump host named '" + jump.via + "'"};
            }
            std::set<std::string> visited{jump.name};
            for (const JumpHostSpec* hop = fleet.jump_host(jump.via); hop; hop = fleet.jump_host(hop->via)) {
                if (!visited.insert(hop->name).second) {
                    throw FleetError{where(mark) + "jump_hosts.via: '" + jump.name + "' reaches itself through '" +
                                     jump.via + "'"};
                }
            }
            if (auto [it, inserted] = address_owner.emplace(jump.address, "jump host '" + jump.name + "'"); !inserted) {
                throw FleetError{where(mark) + "jump_hosts.address: " + jump.address + " is already used by " +
                                 it->second};
            }
        }
        std::map<std::string, std::size_t, std::less<>> names;
        for (std::size_t i = 0; i < fleet.devices.size(); ++i) {
            const FleetDevice& device = fleet.devices[i];
            if (auto [it, inserted] = names.emplace(device.spec.name, i); !inserted) {
                throw FleetError{where(device_mark(i, "name")) + "name: '" + device.spec.name +
                                 "' is already used at line " +
                                 std::to_string(device_mark(it->second, "name").line + 1)};
            }
            if (auto [it, inserted] = address_owner.emplace(device.spec.address, "device '" + device.spec.name + "'");
                !inserted) {
                throw FleetError{where(device_mark(i, "address")) + "address: " + device.spec.address +
                                 " is already used by " + it->second};
            }
            if (device.spec.telnet_port != 0 && device.spec.telnet_port == device.spec.ssh_port) {
                throw FleetError{where(device_mark(i, "telnet_port")) + "telnet_port: same as ssh_port (device '" +
                                 device.spec.name + "')"};
            }
            if (!device.behind.empty() && !fleet.jump_host(device.behind)) {
                throw FleetError{where(device_mark(i, "behind")) + "behind: no jump host named '" + device.behind +
                                 "' (device '" + device.spec.name + "')"};
            }
        }
    }

    std::filesystem::path path_;
    std::filesystem::path dir_;
    std::map<std::string, std::string> configs_;  // config files read so far, by path
    std::map<std::string, YAML::Mark, std::less<>> jump_marks_;
    std::vector<std::map<std::string, YAML::Mark, std::less<>>> device_marks_;  // per device, by key
    std::vector<YAML::Mark> device_entries_;                                    // per device: its entry
};

}  // namespace

const JumpHostSpec* FleetFile::jump_host(std::string_view name) const {
    if (name.empty()) return nullptr;
    for (const auto& jump : jump_hosts) {
        if (jump.name == name) return &jump;
    }
    return nullptr;
}

std::vector<const JumpHostSpec*> FleetFile::jump_chain(std::string_view name) const {
    std::vector<const JumpHostSpec*> chain;
    // Bounded by the number of jump hosts so a malformed (unvalidated) cycle cannot loop forever.
    for (const JumpHostSpec* hop = jump_host(name); hop && chain.size() <= jump_hosts.size();
         hop = jump_host(hop->via)) {
        chain.insert(chain.begin(), hop);
    }
    return chain;
}

std::vector<const JumpHostSpec*> FleetFile::jump_chain(const FleetDevice& device) const {
    return jump_chain(std::string_view(device.behind));
}

std::optional<FleetFile> parse_fleet(std::string_view yaml, const std::filesystem::path& path, std::string& error) {
    try {
        return Loader(path).load(yaml);
    } catch (const FleetError& e) {
        error = e.message;
    } catch (const YAML::Exception& e) {
        // yaml-cpp reports conversions and bad nodes this way; it still knows the line.
        error = path.string() + ":" + std::to_string(e.mark.is_null() ? 0 : e.mark.line + 1) + ": " + e.msg;
    } catch (const std::exception& e) {
        error = path.string() + ": " + e.what();
    }
    return std::nullopt;
}

std::optional<FleetFile> load_fleet_file(const std::filesystem::path& path, std::string& error) {
    std::string text;
    if (!read_file(path, text)) {
        error = path.string() + ": cannot read the fleet file";
        return std::nullopt;
    }
    return parse_fleet(text, path, error);
}

}  // namespace vtyguard::lab
