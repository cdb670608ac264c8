// ssh command lines as inventories carry them: ProxyJump values, Ansible's ansible_ssh_*_args and
// the `ssh -W %h:%p` ProxyCommands they hold, nested to any depth (a jump chain written out).
#include <algorithm>
#include <set>

#include "plugin/inventory/internal.hpp"

namespace vtyguard::inventory {

namespace {

using detail::lower;

constexpr std::string_view kFlagOptions = "46AaCfGgKkMNnqsTtVvXxYy";
constexpr std::string_view kValueOptions = "BbcDEeFIiJLlmOoPpQRSWw";
constexpr int kMaxNesting = 8;

struct CommandLine {
    SshArgs args;
    std::string forward;            // -W
    std::vector<std::string> rest;  // destination and remote command (ProxyCommand only)
    std::set<std::string> seen;     // -o keywords already set: the first value wins, as in ssh
    bool proxy_set = false;         // ProxyJump and ProxyCommand share one slot in ssh
};

std::string basename(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool proxy_command_at(std::string_view command, bool outermost, int depth, std::vector<JumpHop>& hops,
                      std::string& error);

// One `-o` option ("Key=Value" or "Key Value").
bool apply_option(std::string_view option, CommandLine& cl, int depth, std::string& error) {
    const std::string o = detail::trim(option);
    const auto sep = o.find_first_of("= \t");
    if (sep == std::string::npos) {
        error = "ssh option '-o " + o + "' has no value";
        return false;
    }
    const std::string key = lower(o.substr(0, sep));
    std::string value = detail::trim(o.substr(sep + 1));
    if (!value.empty() && value[0] == '=') value = detail::trim(value.substr(1));
    SshArgs& a = cl.args;
    if (key == "identityfile") {
        a.identity_files.push_back(detail::expand_home(value));
        return true;
    }
    if (key == "kexalgorithms" || key == "hostkeyalgorithms" || key == "ciphers" || key == "macs" ||
        key == "pubkeyacceptedalgorithms" || key == "pubkeyacceptedkeytypes" || key == "hostbasedacceptedalgorithms") {
        if (detail::names_legacy_algorithm(value)) a.legacy_crypto = true;
        return true;
    }
    if (key == "proxyjump" || key == "proxycommand") {
        if (cl.proxy_set) return true;
        cl.proxy_set = true;
        if (lower(value) == "none") return true;
        if (key == "proxyjump") return parse_proxy_jump(value, a.jump, error);
        return proxy_command_at(value, depth == 0, depth + 1, a.jump, error);
    }
    if (!cl.seen.insert(key).second) return true;
    if (key == "user") {
        a.user = value;
    } else if (key == "port") {
        if (!detail::parse_port(value, a.port)) {
            error = "ssh option Port '" + value + "' is not a port (1-65535)";
            return false;
        }
    } else if (key == "hostname") {
        a.host_name = value;
    } else if (key == "connecttimeout") {
        if (!detail::parse_duration(value, a.connect_timeout)) {
            error = "ssh option ConnectTimeout '" + value + "' is not a number of seconds";
            return false;
        }
    } else if (key == "bindaddress") {
        a.bind_address = value;
    } else if (key == "stricthostkeychecking") {
        if (!detail::parse_host_key_check(value, a.host_key_checking)) {
            error = "ssh option StrictHostKeyChecking '" + value + "' is not yes, no or accept-new";
            return false;
        }
    } else if (key == "userknownhostsfile") {
        std::vector<std::string> files;
        if (detail::shell_split(value, files, detail::Comments::none) && !files.empty())
            a.known_hosts_file = detail::expand_home(files[0]);
    } else if (key == "identitiesonly") {
        bool b = false;
        if (detail::parse_bool(value, b)) a.identities_only = b;
    }
    return true;
}

bool apply_value_option(char letter, const std::string& value, CommandLine& cl, int depth, std::string& error) {
    SshArgs& a = cl.args;
    switch (letter) {
        case 'o':
            return apply_option(value, cl, depth, error);
        case 'J':
            if (cl.proxy_set) {
                error = "ssh takes a single -J (and not with a ProxyCommand)";
                return false;
            }
            cl.proxy_set = true;
            return lower(value) == "none" || parse_proxy_jump(value, a.jump, error);
        case 'i':
            a.identity_files.push_back(detail::expand_home(value));
            return true;
        // -p, -l and -b share their slot with the -o keyword: the first value wins.
        case 'p': {
            std::uint16_t port = 0;
            if (!detail::parse_port(value, port)) {
                error = "ssh -p '" + value + "' is not a port (1-65535)";
                return false;
            }
            if (cl.seen.insert("port").second) a.port = port;
            return true;
        }
        case 'l':
            if (cl.seen.insert("user").second) a.user = value;
            return true;
        case 'b':
            if (cl.seen.insert("bindaddress").second) a.bind_address = value;
            return true;
        case 'W':
            cl.forward = value;
            return true;
        default:
            return true;  // -c, -m, -F, -E, ...: nothing an inventory needs
    }
}

// Options, as ssh reads them: the destination is the first word that is not an option, options
// may follow it, and the next word that is not one starts the remote command; destination and
// command go to `rest`. With `options_only` (argument strings), any other word is an error.
bool parse_words(const std::vector<std::string>& words, std::size_t from, bool options_only, int depth, CommandLine& cl,
                 std::string& error) {
    const auto tail = [&](std::size_t i) {
        cl.rest.insert(cl.rest.end(), words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
    };
    for (std::size_t i = from; i < words.size(); ++i) {
        const std::string& w = words[i];
        const bool option = w.size() >= 2 && w[0] == '-' && w != "--";
        if (!option && options_only) {
            error = "unexpected word '" + w + "' among the ssh options";
            return false;
        }
        if (w == "--") {
            tail(i + 1);
            break;
        }
        if (!option && cl.rest.empty()) {  // the destination
            cl.rest.push_back(w);
            continue;
        }
        if (!option) {  // the remote command
            tail(i);
            break;
        }
        for (std::size_t j = 1; j < w.size(); ++j) {
            const char c = w[j];
            if (kFlagOptions.find(c) != std::string_view::npos) continue;
            if (kValueOptions.find(c) == std::string_view::npos) {
                error = std::string("unknown ssh option -") + c;
                return false;
            }
            std::string value;
            if (j + 1 < w.size()) {
                value = w.substr(j + 1);
            } else if (i + 1 < words.size()) {
                value = words[++i];
            } else {
                error = std::string("ssh option -") + c + " needs a value";
                return false;
            }
            if (!apply_value_option(c, value, cl, depth, error)) return false;
            break;
        }
    }
    return true;
}

// `[user@]host` or `ssh://[user@]host[:port]`, the destination of a ProxyCommand's ssh.
bool destination_hop(const std::string& dest, JumpHop& hop, std::string& error) {
    std::string d = dest;
    const bool uri = d.rfind("ssh://", 0) == 0;
    if (uri) d = d.substr(6);
    if (const auto at = d.rfind('@'); at != std::string::npos) {
        hop.user = d.substr(0, at);
        d = d.substr(at + 1);
    }
    if (uri) {
        if (!detail::split_host_port(d, hop.name, hop.port, error)) return false;
    } else {
        hop.name = d;
    }
    if (hop.name.empty() || hop.name.find('%') != std::string::npos || hop.user.find('%') != std::string::npos) {
        error = "the jump host '" + dest + "' of a ProxyCommand must be written out (no %-tokens)";
        return false;
    }
    return true;
}

bool proxy_command_at(std::string_view command, bool outermost, int depth, std::vector<JumpHop>& hops,
                      std::string& error) {
    if (depth > kMaxNesting) {
        error = "ProxyCommands nested more than " + std::to_string(kMaxNesting) + " deep";
        return false;
    }
    std::vector<std::string> words;
    if (!detail::shell_split(command, words, detail::Comments::none)) {
        error = "ProxyCommand has an unterminated quote";
        return false;
    }
    if (!words.empty() && words[0] == "exec") words.erase(words.begin());
    if (words.empty()) {
        error = "ProxyCommand is empty";
        return false;
    }
    const std::string program = basename(words[0]);
    if (program != "ssh") {
        error = "ProxyCommand runs '" + program + "', not ssh: vtyguard follows `ssh -W %h:%p JUMP` jumps";
        return false;
    }
    CommandLine cl;
    if (!parse_words(words, 1, false, depth, cl, error)) return false;
    if (cl.rest.empty()) {
        error = "ProxyCommand's ssh names no jump host";
        return false;
    }
    JumpHop hop;
    if (!destination_hop(cl.rest[0], hop, error)) return false;
    const std::vector<std::string> remote(cl.rest.begin() + 1, cl.rest.end());
    const bool nc = !remote.empty() &&
                    (basename(remote[0]) == "nc" || basename(remote[0]) == "ncat" || basename(remote[0]) == "netcat");
    if (!cl.forward.empty()) {
        if (outermost && cl.forward != "%h:%p" && cl.forward != "[%h]:%p") {
            error = "ProxyCommand forwards to '" + cl.forward + "', not to the device (-W %h:%p)";
            return false;
        }
    } else if (nc && remote.size() >= 3) {
        if (outermost && (remote[remote.size() - 2] != "%h" || remote.back() != "%p")) {
            error = "ProxyCommand's " + basename(remote[0]) + " does not connect to the device (%h %p)";
            return false;
        }
    } else {
        error = "ProxyCommand's ssh neither forwards (-W %h:%p) nor runs nc %h %p";
        return false;
    }
    if (!cl.args.user.empty()) hop.user = cl.args.user;
    if (cl.args.port) hop.port = cl.args.port;
    if (!cl.args.host_name.empty()) hop.address = cl.args.host_name;
    hop.identity_files = cl.args.identity_files;
    hops.insert(hops.end(), cl.args.jump.begin(), cl.args.jump.end());
    hops.push_back(std::move(hop));
    return true;
}

}  // namespace

bool parse_proxy_jump(std::string_view spec, std::vector<JumpHop>& hops, std::string& error) {
    const std::string s = detail::trim(spec);
    if (lower(s) == "none") return true;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && s[i] != ',') continue;
        std::string part = detail::trim(s.substr(start, i - start));
        start = i + 1;
        if (part.rfind("ssh://", 0) == 0) part = part.substr(6);
        JumpHop hop;
        if (const auto at = part.rfind('@'); at != std::string::npos) {
            hop.user = part.substr(0, at);
            part = part.substr(at + 1);
            // `user:password@host` (ssh:// URIs allow it; OpenSSH does not): never repeated.
            if (hop.user.find(':') != std::string::npos) {
                error = "ProxyJump: a password in a jump host (user:password@host) is refused";
                return false;
            }
        }
        if (!detail::split_host_port(part, hop.name, hop.port, error)) {
            error = "ProxyJump: " + error;
            return false;
        }
        if (hop.name.empty() || (!hop.user.empty() && hop.user.find_first_of(" \t") != std::string::npos)) {
            error = "ProxyJump '" + s + "' has an empty or malformed hop";
            return false;
        }
        hops.push_back(std::move(hop));
    }
    return true;
}

bool parse_ssh_args(std::string_view args, SshArgs& out, std::string& error) {
    std::vector<std::string> words;
    if (!detail::shell_split(args, words, detail::Comments::none)) {
        error = "ssh arguments have an unterminated quote";
        return false;
    }
    CommandLine cl;
    if (!parse_words(words, 0, true, 0, cl, error)) return false;
    out = std::move(cl.args);
    return true;
}

bool parse_proxy_command(std::string_view command, std::vector<JumpHop>& hops, std::string& error) {
    if (lower(detail::trim(command)) == "none") return true;
    return proxy_command_at(command, true, 1, hops, error);
}

}  // namespace vtyguard::inventory
