#include "lab/fleet/inventory.hpp"

#include "lab/files/private_files.hpp"
#include "lab/fleet/jumphost.hpp"

namespace vtyguard::lab {

namespace {

// What an OpenSSH client must add to talk to a legacy-crypto device (group14-sha1, ssh-rsa, CBC).
const std::vector<std::string> kLegacyOptions = {
    "KexAlgorithms=+diffie-hellman-group14-sha1,diffie-hellman-group1-sha1",
    "HostKeyAlgorithms=+ssh-rsa",
    "PubkeyAcceptedAlgorithms=+ssh-rsa",
    "Ciphers=+aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc",
    "MACs=+hmac-sha1",
};

// Double-quoted for both /bin/sh (OpenSSH runs ProxyCommand through it) and Python's shlex
// (Ansible splits ssh args with it, paramiko splits ProxyCommand with it).
std::string double_quote(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\';
        out += c;
    }
    return out + "\"";
}

// One word for /bin/sh (and shlex): bare when it cannot be split or expanded, else single-quoted.
std::string shell_word(const std::string& text) {
    if (!text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                "/._-+:@,=") == std::string::npos)
        return text;
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// One word for an INI host line (Ansible splits those lines with shlex).
std::string ini_value(const std::string& text) {
    if (!text.empty() && text.find_first_of(" \t'\"#;=\\") == std::string::npos) return text;
    if (text.find('\'') == std::string::npos) return "'" + text + "'";
    return double_quote(text);
}

const JumpEndpoint* endpoint(const std::vector<JumpEndpoint>& jumps, const std::string& name) {
    for (const auto& jump : jumps) {
        if (jump.name == name) return &jump;
    }
    return nullptr;
}

bool chain_endpoints(const FleetFile& fleet, const std::vector<JumpEndpoint>& jumps,
                     const std::vector<const JumpHostSpec*>& specs, std::vector<const JumpEndpoint*>& chain,
                     std::string& error) {
    chain.clear();
    for (const JumpHostSpec* spec : specs) {
        const JumpEndpoint* e = endpoint(jumps, spec->name);
        if (!e) {
            error = fleet.path.string() + ": jump host '" + spec->name + "' is not running (no address and port)";
            return false;
        }
        chain.push_back(e);
    }
    return true;
}

std::string hop_command(const std::vector<const JumpEndpoint*>& chain, std::size_t hop, const std::string& target) {
    const JumpEndpoint& j = *chain[hop];
    std::string cmd = "ssh -i " + shell_word(j.key.string()) +
                      " -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no"
                      " -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p " +
                      std::to_string(j.port);
    if (hop > 0) {
        const std::string inner = hop_command(chain, hop - 1, j.address + ":" + std::to_string(j.port));
        cmd += " -o " + double_quote("ProxyCommand=" + inner);
    }
    return cmd + " -W " + target + " " + j.user + "@" + j.address;
}

std::string ssh_common_args(const FleetDevice& device, const std::vector<const JumpEndpoint*>& chain) {
    std::string args;
    auto add = [&](const std::string& option) { args += (args.empty() ? "-o " : " -o ") + option; };
    if (!chain.empty()) {
        add(double_quote("ProxyCommand=" + proxy_command(chain)));
        add("StrictHostKeyChecking=no");
        add("UserKnownHostsFile=/dev/null");
    }
    if (device.spec.legacy_crypto) {
        for (const auto& option : kLegacyOptions) add(option);
    }
    return args;
}

// The inventory holds the devices' passwords: 0600 from the file's creation, never chmod'ed later.
bool write_atomically(const std::filesystem::path& path, const std::string& text, std::string& error) {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    return write_private_file(path, text, error);
}

}  // namespace

std::string proxy_command(const std::vector<const JumpEndpoint*>& chain) {
    if (chain.empty()) return {};
    return hop_command(chain, chain.size() - 1, "%h:%p");
}

bool ansible_inventory(const FleetFile& fleet, const std::vector<JumpEndpoint>& jumps, std::string& text,
                       std::string& error) {
    text = "# Ansible inventory of the vtyguard lab fleet " + fleet.path.string() +
           " (written by vtyguard-lab; valid while the lab runs).\n";
    for (Personality platform : {Personality::cisco_ios, Personality::cisco_asa}) {
        const std::string group(personality_key(platform));
        const std::string network_os = platform == Personality::cisco_ios ? "cisco.ios.ios" : "cisco.asa.asa";
        std::string lines;
        for (const auto& device : fleet.devices) {
            if (device.spec.personality != platform) continue;
            std::vector<const JumpEndpoint*> chain;
            if (!chain_endpoints(fleet, jumps, fleet.jump_chain(device), chain, error)) return false;
            std::string line = device.spec.name + " ansible_host=" + device.spec.address +
                               " ansible_port=" + std::to_string(device.spec.ssh_port);
            auto var = [&](const char* key, const std::string& value) {
                if (!value.empty()) line += std::string(" ") + key + "=" + ini_value(value);
            };
            var("ansible_user", device.username);
            var("ansible_password", device.password);
            if (!device.enable.empty()) {
                var("ansible_become", "true");
                var("ansible_become_method", "enable");
                var("ansible_become_password", device.enable);
            }
            var("ansible_network_os", network_os);
            var("ansible_connection", "ansible.netcommon.network_cli");
            var("ansible_ssh_common_args", ssh_common_args(device, chain));
            lines += line + "\n";
        }
        text += "\n[" + group + "]\n" + lines;
    }
    return true;
}

bool ssh_client_config(const FleetFile& fleet, const std::vector<JumpEndpoint>& jumps, std::string& text,
                       std::string& error) {
    text = "# OpenSSH client config for the vtyguard lab fleet " + fleet.path.string() +
           " (written by vtyguard-lab): ssh -F THIS_FILE DEVICE\n";
    for (const auto& spec : fleet.jump_hosts) {
        const JumpEndpoint* j = endpoint(jumps, spec.name);
        if (!j) {
            error = fleet.path.string() + ": jump host '" + spec.name + "' is not running (no address and port)";
            return false;
        }
        text += "\nHost " + j->name + " " + j->address + "\n" + "    HostName " + j->address + "\n" + "    Port " +
                std::to_string(j->port) + "\n" + "    User " + j->user + "\n" + "    IdentityFile " +
                openssh_config_path(j->key, true) + "\n" +
                "    IdentitiesOnly yes\n"
                "    BatchMode yes\n"
                "    StrictHostKeyChecking no\n"
                "    UserKnownHostsFile /dev/null\n"
                "    LogLevel ERROR\n";
        if (!spec.via.empty()) text += "    ProxyJump " + spec.via + "\n";
    }
    for (const auto& device : fleet.devices) {
        if (!device.behind.empty() && !endpoint(jumps, device.behind)) {
            error = fleet.path.string() + ": jump host '" + device.behind + "' is not running (no address and port)";
            return false;
        }
        text += "\nHost " + device.spec.name + " " + device.spec.address + "\n" + "    HostName " +
                device.spec.address + "\n" + "    Port " + std::to_string(device.spec.ssh_port) + "\n";
        if (!device.username.empty()) text += "    User " + device.username + "\n";
        text +=
            "    PubkeyAuthentication no\n"
            "    PreferredAuthentications keyboard-interactive,password\n"
            "    StrictHostKeyChecking no\n"
            "    UserKnownHostsFile /dev/null\n"
            "    LogLevel ERROR\n";
        if (!device.behind.empty()) {
            text += "    ProxyJump " + device.behind + "\n";
        } else if (!device.source.empty()) {
            text += "    BindAddress " + device.source + "\n";
        }
        if (device.spec.legacy_crypto) {
            for (std::string option : kLegacyOptions) {
                option[option.find('=')] = ' ';
                text += "    " + option + "\n";
            }
        }
    }
    return true;
}

bool write_inventory(const FleetFile& fleet, const std::vector<JumpEndpoint>& jumps,
                     const std::filesystem::path& inventory, const std::filesystem::path& ssh_config,
                     std::string& error) {
    std::string ini, config;
    if (!ansible_inventory(fleet, jumps, ini, error) || !ssh_client_config(fleet, jumps, config, error)) return false;
    return write_atomically(inventory, ini, error) && write_atomically(ssh_config, config, error);
}

}  // namespace vtyguard::lab
