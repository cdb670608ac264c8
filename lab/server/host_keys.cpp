// Host keys and algorithm lists of the devices' ssh_binds.
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <string>
#include <system_error>
#include <vector>

#include "lab/files/private_files.hpp"
#include "lab/server/internal.hpp"

namespace vtyguard::lab::detail {

namespace {

// A device name as a file name: fleet names are simple, but nothing stops one from holding a
// slash.
std::string file_stem(const DeviceSpec& spec) {
    std::string stem = spec.name.empty() ? spec.address : spec.name;
    for (char& c : stem) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.';
        if (!plain) c = '_';
    }
    if (stem.empty() || stem[0] == '.') stem.insert(0, "_");
    return stem;
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const auto end = comma == std::string::npos ? list.size() : comma;
        if (end > start) items.push_back(list.substr(start, end - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return items;
}

// Loads the device's host key of `type` from `dir`, or creates it there; with `fresh` a new key
// that is never stored.
ssh_key load_host_key(const std::filesystem::path& dir, const DeviceSpec& spec, enum ssh_keytypes_e type, bool fresh,
                      std::string& error) {
    const bool rsa = type == SSH_KEYTYPE_RSA;
    const auto path = dir / (file_stem(spec) + (rsa ? "_rsa_key" : "_ed25519_key"));
    ssh_key key = nullptr;
    std::error_code ec;
    if (!fresh && std::filesystem::exists(path, ec)) {
        if (ssh_pki_import_privkey_file(path.c_str(), nullptr, nullptr, nullptr, &key) == SSH_OK &&
            ssh_key_type(key) == type) {
            return key;
        }
        ssh_key_free(key);
        error = spec.name + ": host key " + path.string() + " is unreadable or not " + (rsa ? "RSA" : "ed25519");
        return nullptr;
    }
    // RSA-2048: what IOS generates for `crypto key generate rsa modulus 2048`, and cheaper per
    // session than 3072.
    if (ssh_pki_generate(type, rsa ? 2048 : 0, &key) != SSH_OK) {
        error = spec.name + ": cannot generate a host key";
        return nullptr;
    }
    if (fresh) return key;
    // Exported in memory and written through a file that is 0600 from its creation (libssh's own
    // file export creates it with the umask's mode), renamed into place so a crash never leaves
    // half a key behind.
    char* text = nullptr;
    if (ssh_pki_export_privkey_base64(key, nullptr, nullptr, nullptr, &text) != SSH_OK || text == nullptr) {
        ssh_key_free(key);
        error = spec.name + ": cannot export host key " + path.string();
        return nullptr;
    }
    std::string pem(text);
    ssh_string_free_char(text);
    if (!pem.empty() && pem.back() != '\n') pem += '\n';
    std::string write_error;
    if (!write_private_file(path, pem, write_error)) {
        ssh_key_free(key);
        error = spec.name + ": cannot store host key: " + write_error;
        return nullptr;
    }
    return key;
}

bool is_rsa_algorithm(const std::string& name) {
    return name == "rsa-sha2-512" || name == "rsa-sha2-256" || name == "ssh-rsa";
}

}  // namespace

bool configure_bind(DeviceEntry& entry, const std::filesystem::path& state_dir, std::string& error,
                    std::string& warning) {
    const DeviceSpec& spec = entry.device->spec();
    const Algorithms algorithms = entry.device->algorithms();

    // Which key types the offered host key algorithms need. A legacy device offers ssh-rsa
    // only; an IOS XE `ip ssh server algorithm hostkey rsa-sha2-512` list needs RSA too.
    bool want_ed25519 = false;
    bool want_rsa = spec.legacy_crypto;
    for (const auto& name : split_list(algorithms.hostkeys)) {
        if (name == "ssh-ed25519") want_ed25519 = true;
        if (is_rsa_algorithm(name)) want_rsa = true;
    }
    if (!want_ed25519 && !want_rsa) want_ed25519 = true;

    // Generated outside the lock: an RSA key takes tens of milliseconds.
    const bool fresh = spec.faults.host_key_changes;
    ssh_key ed25519 = nullptr;
    ssh_key rsa = nullptr;
    if (want_ed25519 && !entry.has_ed25519) {
        ed25519 = load_host_key(state_dir, spec, SSH_KEYTYPE_ED25519, fresh, error);
        if (ed25519 == nullptr) return false;
    }
    if (want_rsa && !entry.has_rsa) {
        rsa = load_host_key(state_dir, spec, SSH_KEYTYPE_RSA, fresh, error);
        if (rsa == nullptr) {
            ssh_key_free(ed25519);
            return false;
        }
    }

    std::lock_guard lock(entry.bind_mutex);
    for (ssh_key key : {ed25519, rsa}) {
        if (key == nullptr) continue;
        // The bind owns an imported key.
        if (ssh_bind_options_set(entry.bind, SSH_BIND_OPTIONS_IMPORT_KEY, key) != SSH_OK) {
            ssh_key_free(key);
            error = spec.name + ": cannot use the host key: " + ssh_get_error(entry.bind);
            if (key == ed25519) ssh_key_free(rsa);
            return false;
        }
        (key == rsa ? entry.has_rsa : entry.has_ed25519) = true;
    }

    // libssh refuses a host key algorithm it has no key for: offer what the keys can sign.
    std::string hostkeys;
    for (const auto& name : split_list(algorithms.hostkeys)) {
        if (!(name == "ssh-ed25519" && entry.has_ed25519) && !(is_rsa_algorithm(name) && entry.has_rsa)) continue;
        if (!hostkeys.empty()) hostkeys += ',';
        hostkeys += name;
    }
    const struct {
        enum ssh_bind_options_e option;
        const std::string& value;
        const char* what;
    } lists[] = {
        {SSH_BIND_OPTIONS_KEY_EXCHANGE, algorithms.kex, "key exchange"},
        {SSH_BIND_OPTIONS_CIPHERS_C_S, algorithms.ciphers, "ciphers"},
        {SSH_BIND_OPTIONS_CIPHERS_S_C, algorithms.ciphers, "ciphers"},
        {SSH_BIND_OPTIONS_HMAC_C_S, algorithms.macs, "MACs"},
        {SSH_BIND_OPTIONS_HMAC_S_C, algorithms.macs, "MACs"},
        {SSH_BIND_OPTIONS_HOSTKEY_ALGORITHMS, hostkeys, "host key algorithms"},
    };
    warning.clear();
    for (const auto& list : lists) {
        if (list.value.empty()) continue;  // libssh's defaults
        if (ssh_bind_options_set(entry.bind, list.option, list.value.c_str()) != SSH_OK) {
            if (!warning.empty()) warning += "; ";
            warning +=
                spec.name + ": " + list.what + " '" + list.value + "' rejected by libssh: " + ssh_get_error(entry.bind);
        }
    }
    return true;
}

}  // namespace vtyguard::lab::detail
