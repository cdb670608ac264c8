// Plain host lists: one host a line, `[user@]host[:port] [platform] [key=value...]`, `#` comments.
#include <map>

#include "plugin/inventory/internal.hpp"

namespace vtyguard::inventory::detail {

void parse_host_list(const std::string& text, std::string_view file, Inventory& out) {
    std::map<std::string, Origin> via_origins;
    for_each_line(text, [&](int number, const std::string& line) {
        const Origin where{std::string(file), number};
        std::vector<std::string> words;
        if (!shell_split(line, words, Comments::at_word_start)) fail(where, "", "unterminated quote");
        if (words.empty()) return;

        Host h;
        h.origin = where;
        std::string spec = words[0];
        std::string error;
        if (const auto at = spec.rfind('@'); at != std::string::npos) {
            h.user = spec.substr(0, at);
            spec = spec.substr(at + 1);
            // `user:password@host` would put a password in the user name, and so in every log
            // line that names the host: refused without repeating the text.
            if (h.user.find(':') != std::string::npos)
                fail(where, "",
                     "a password in the host (user:password@host) is refused: use password_env or password_file");
        }
        if (!split_host_port(spec, h.address, h.port, error)) fail(where, "", error);
        if (h.address.empty()) fail(where, "", "the line names no host");
        h.name = h.address;
        bool platform_seen = false;
        const auto set_platform = [&](const std::string& p) {
            if (platform_seen) fail(where, "platform", "host " + h.name + " has two platforms");
            platform_seen = true;
            h.platform = platform_key(p);
            if (h.platform.empty())
                fail(where, "platform",
                     "unknown platform '" + p + "' for host " + h.name + " (supported: cisco_ios, cisco_asa, linux)");
        };
        for (std::size_t i = 1; i < words.size(); ++i) {
            const std::string& w = words[i];
            const auto eq = w.find('=');
            if (eq == std::string::npos) {
                set_platform(w);
                continue;
            }
            const std::string key = w.substr(0, eq), value = w.substr(eq + 1);
            if (key == "name") {
                h.name = value;
            } else if (key == "platform") {
                set_platform(value);
            } else if (key == "transport") {
                if (value == "telnet")
                    h.transport = Transport::telnet;
                else if (value != "ssh")
                    fail(where, key, "transport must be ssh or telnet, not '" + value + "'");
            } else if (key == "via") {
                h.via_device = value;
            } else if (key == "jump") {
                if (!parse_proxy_jump(value, h.jump, error)) fail(where, key, error);
            } else if (key == "legacy_crypto") {
                if (!parse_bool(value, h.legacy_crypto)) fail(where, key, "legacy_crypto must be yes or no");
            } else {
                fail(where, key, "unknown key '" + key + "' (name, platform, transport, via, jump, legacy_crypto)");
            }
        }
        if (!h.via_device.empty()) via_origins[h.name] = where;
        out.hosts.push_back(std::move(h));
    });
    finish(out, via_origins);
}

}  // namespace vtyguard::inventory::detail
