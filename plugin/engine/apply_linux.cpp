#include "plugin/engine/apply_linux.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <set>
#include <vector>

#include "parsers/parse.hpp"
#include "plugin/engine/script_lines.hpp"

namespace vtyguard::checks {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// A shell line's words: blanks separate, '...' and "..." quote (the quotes removed; `\` escapes
// inside double quotes).
bool shell_words(std::string_view s, std::vector<std::string>& out, std::string& error) {
    out.clear();
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        if (i >= s.size()) break;
        std::string w;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') {
            if (s[i] == '\'') {
                const auto end = s.find('\'', i + 1);
                if (end == std::string_view::npos) {
                    error = "unterminated single quote";
                    return false;
                }
                w.append(s.substr(i + 1, end - i - 1));
                i = end + 1;
            } else if (s[i] == '"') {
                ++i;
                while (i < s.size() && s[i] != '"') {
                    if (s[i] == '\\' && i + 1 < s.size()) ++i;
                    w += s[i++];
                }
                if (i >= s.size()) {
                    error = "unterminated double quote";
                    return false;
                }
                ++i;
            } else {
                w += s[i++];
            }
        }
        out.push_back(std::move(w));
    }
    return true;
}

// A word as the iptables parser reads it again.
std::string requote(const std::string& w) {
    if (!w.empty() && w.find_first_of(" \t\"") == std::string::npos) return w;
    std::string out = "\"";
    for (char c : w) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

bool parse_with(std::string_view command, const std::string& text, parsers::ParseResult& result, std::string& error) {
    parsers::Resolved resolved;
    if (!parsers::parse("linux", command, text, result, resolved, error)) return false;
    if (!result.diagnostics.empty()) {
        error = "`" + result.diagnostics.front().text + "`: " + result.diagnostics.front().message;
        return false;
    }
    return true;
}

std::string unit_base(std::string_view u) {
    if (u.size() > 8 && u.substr(u.size() - 8) == ".service") u.remove_suffix(8);
    return std::string(u);
}

bool parse_listen(std::string_view value, model::SshdListen& out) {
    const auto colon = value.rfind(':');
    if (colon == std::string_view::npos) return false;
    int port = 0;
    const auto p = value.substr(colon + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || ptr != p.data() + p.size() || port <= 0 || port > 65535) return false;
    auto addr = value.substr(0, colon);
    if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
    if (addr.empty()) return false;
    out.address = std::string(addr);
    out.port = port;
    return true;
}

class Interpreter {
public:
    explicit Interpreter(model::Device& d) : d_(d) {
        if (d_.sshd && !d_.sshd->not_collected) old_listen_ = d_.sshd->listen;
    }

    bool run(std::string_view line, std::string& error) {
        // `A || B`: the fallback names the same thing another way; the model takes A.
        if (const auto bar = line.find(" || "); bar != std::string_view::npos) line = trim(line.substr(0, bar));
        std::vector<std::string> w;
        if (!shell_words(line, w, error)) return false;
        if (w.empty()) return true;
        if (w[0] == "systemctl" && w.size() == 4 && w[1] == "enable" && w[2] == "--now") return start(w[3], "systemd");
        if (w[0] == "service" && w.size() == 3 && w[2] == "start") return start(w[1], "sysv");
        if (w[0] == "sed" && w.size() == 4 && w[1] == "-i" && w[2].rfind("1i ", 0) == 0)
            return add_line(w[3], w[2].substr(3), true, error);
        if (w[0] == "echo" && w.size() == 4 && w[2] == ">>") return add_line(w[3], w[1], false, error);
        if (w[0] == "iptables" && w.size() >= 3 && w[1] == "-I") return iptables_insert(w, error);
        if (w[0] == "nft" && w.size() == 2) return nft_rule(w[1], error);
        if (w[0] == "usermod" && w.size() == 5 && w[1] == "-a" && w[2] == "-G") return add_group(w[3], w[4], error);
        if (w[0] == "usermod" && w.size() == 4 && w[1] == "-aG") return add_group(w[2], w[3], error);
        error = "not a command the model of a Linux host knows";
        return false;
    }

    // sshd after the runbook's reload: it listens where its configuration says.
    void settle() {
        if (!d_.sshd || d_.sshd->not_collected || !d_.listeners || d_.listeners->not_collected) return;
        const bool changed = started_ || !same_listen(old_listen_, d_.sshd->listen);
        if (!changed || !running()) return;
        auto& sockets = d_.listeners->sockets;
        sockets.erase(std::remove_if(sockets.begin(), sockets.end(),
                                     [&](const model::Listener& l) {
                                         const bool sshd = std::find(l.processes.begin(), l.processes.end(), "sshd") !=
                                                           l.processes.end();
                                         const bool was_sshd =
                                             l.processes.empty() &&
                                             std::any_of(old_listen_.begin(), old_listen_.end(), [&](const auto& o) {
                                                 return o.address == l.address && o.port == l.port;
                                             });
                                         return sshd || was_sshd;
                                     }),
                      sockets.end());
        for (const auto& l : d_.sshd->listen) {
            model::Listener s;
            s.address = l.address;
            s.port = l.port;
            s.processes = {"sshd"};
            sockets.push_back(std::move(s));
        }
    }

private:
    static bool same_listen(const std::vector<model::SshdListen>& a, const std::vector<model::SshdListen>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i].address != b[i].address || a[i].port != b[i].port) return false;
        return true;
    }

    bool running() const {
        if (!d_.service || d_.service->not_collected) return started_;
        for (const auto& u : d_.service->units)
            if (u.state == "active" || u.state == "reloading") return true;
        // stopped by the service manager's account, but maybe running outside it
        for (const auto& l : d_.listeners->sockets)
            if (std::find(l.processes.begin(), l.processes.end(), "sshd") != l.processes.end()) return true;
        return false;
    }

    bool start(const std::string& unit, const char* manager) {
        if (!d_.service) {
            d_.service.emplace();
            d_.service->manager = manager;
        }
        auto& s = *d_.service;
        s.not_collected.reset();
        auto it = std::find_if(s.units.begin(), s.units.end(),
                               [&](const model::ServiceUnit& u) { return unit_base(u.unit) == unit_base(unit); });
        if (it == s.units.end()) {
            s.units.emplace_back();
            it = s.units.end() - 1;
            it->unit = unit;
        }
        it->state = "active";
        it->sub_state = "running";
        it->loaded = true;
        it->enabled = true;
        started_ = true;
        return true;
    }

    bool add_line(const std::string& file, const std::string& text, bool top, std::string& error) {
        if (file == "/etc/ssh/sshd_config") return sshd_line(text, top, error);
        if (file == "/etc/hosts.allow") return hosts_allow_line(text, top, error);
        error = "the model has no file " + file;
        return false;
    }

    bool sshd_line(const std::string& text, bool top, std::string& error) {
        if (!d_.sshd || d_.sshd->not_collected) {
            error = "sshd -T was not collected: the configuration it changes is not known";
            return false;
        }
        auto& c = *d_.sshd;
        std::vector<std::string> w;
        if (!shell_words(text, w, error) || w.size() < 2) {
            error = "`" + text + "`: a keyword and its value expected";
            return false;
        }
        const std::string key = lower(w[0]);
        // Single-valued keywords: sshd takes the first value it reads.
        auto single = [&](std::optional<model::ValueLine>& v) {
            if (w.size() != 2) {
                error = "`" + text + "`: one value expected";
                return false;
            }
            if (top || !v) v = model::ValueLine{lower(w[1]), 0};
            return true;
        };
        if (key == "port") {
            int port = 0;
            auto [p, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), port);
            if (w.size() != 2 || ec != std::errc() || p != w[1].data() + w[1].size() || port <= 0 || port > 65535) {
                error = "`" + text + "`: a port number expected";
                return false;
            }
            // Ports apply to the listen addresses written without one: the wildcard defaults here.
            std::set<int> ports, listen_ports;
            std::set<std::string> wildcards;
            bool wildcard = !c.listen.empty();
            for (const auto& v : c.ports) ports.insert(std::atoi(v.value.c_str()));  // checked by the parser
            for (const auto& l : c.listen) {
                listen_ports.insert(l.port);
                wildcard = wildcard && (l.address == "0.0.0.0" || l.address == "::");
                wildcards.insert(l.address);
            }
            if (ports.count(port)) return true;
            c.ports.push_back(model::ValueLine{w[1], 0});
            if (wildcard && ports == listen_ports)
                for (const auto& a : wildcards) c.listen.push_back(model::SshdListen{a, port, {}, 0});
            return true;
        }
        if (key == "listenaddress") {
            model::SshdListen l;
            if (w.size() != 2 || !parse_listen(w[1], l)) {
                error = "`" + text + "`: ADDRESS:PORT expected";
                return false;
            }
            c.listen.push_back(std::move(l));
            return true;
        }
        if (key == "allowusers" || key == "allowgroups") {
            auto& list = key == "allowusers" ? c.allow_users : c.allow_groups;
            for (std::size_t i = 1; i < w.size(); ++i) list.push_back(model::ValueLine{w[i], 0});
            return true;
        }
        if (key == "allowtcpforwarding") return single(c.allow_tcp_forwarding);
        if (key == "disableforwarding") return single(c.disable_forwarding);
        if (key == "permitopen") return single(c.permit_open);
        error = "`" + w[0] + "`: a keyword the model does not follow";
        return false;
    }

    bool hosts_allow_line(const std::string& text, bool top, std::string& error) {
        if (!d_.hosts_allow || d_.hosts_allow->not_collected) {
            error = "/etc/hosts.allow was not collected";
            return false;
        }
        parsers::ParseResult r;
        if (!parse_with("cat /etc/hosts.allow", text + "\n", r, error)) return false;
        if (!r.device.hosts_allow || r.device.hosts_allow->rules.size() != 1) {
            error = "`" + text + "`: one hosts_access rule expected";
            return false;
        }
        auto rule = r.device.hosts_allow->rules.front();
        rule.line = 0;
        auto& rules = d_.hosts_allow->rules;
        rules.insert(top ? rules.begin() : rules.end(), std::move(rule));
        d_.hosts_allow->exists = true;
        return true;
    }

    bool iptables_insert(const std::vector<std::string>& w, std::string& error) {
        if (!d_.iptables || d_.iptables->not_collected) {
            error = "iptables -S was not collected: the rules it changes are not known";
            return false;
        }
        const std::string& chain = w[2];
        std::size_t k = 3, position = 1;
        if (k < w.size() && !w[k].empty() && std::all_of(w[k].begin(), w[k].end(), ::isdigit)) {
            position = static_cast<std::size_t>(std::stoul(w[k]));
            ++k;
        }
        std::string text = "-A " + chain;
        for (; k < w.size(); ++k) text += " " + requote(w[k]);
        parsers::ParseResult r;
        if (!parse_with("iptables -S", text + "\n", r, error)) return false;
        if (!r.device.iptables || r.device.iptables->chains.empty() ||
            r.device.iptables->chains.front().rules.empty()) {
            error = "no rule in `" + text + "`";
            return false;
        }
        auto rule = r.device.iptables->chains.front().rules.front();
        rule.line = 0;
        if (!insert_rule(*d_.iptables, "ip", "filter", chain, position, rule, error)) return false;
        // iptables-nft: the same rule appears in nft's `ip filter` table.
        if (d_.nftables && !d_.nftables->not_collected) {
            std::string ignored;
            insert_rule(*d_.nftables, "ip", "filter", chain, position, rule, ignored);
        }
        return true;
    }

    bool nft_rule(const std::string& command, std::string& error) {
        if (!d_.nftables || d_.nftables->not_collected) {
            error = "nft list ruleset was not collected: the rules it changes are not known";
            return false;
        }
        std::vector<std::string> w;
        if (!shell_words(command, w, error)) return false;
        if (w.size() < 6 || (w[0] != "insert" && w[0] != "add") || w[1] != "rule") {
            error = "`nft " + command + "`: `insert|add rule FAMILY TABLE CHAIN RULE` expected";
            return false;
        }
        // The rule text after the fifth word, quotes kept.
        std::string_view rest = command;
        for (int n = 0; n < 5; ++n) {
            rest = trim(rest);
            rest.remove_prefix(std::min(rest.find(' '), rest.size()));
        }
        const std::string text =
            "table " + w[2] + " " + w[3] + " {\nchain " + w[4] + " {\n" + std::string(trim(rest)) + "\n}\n}\n";
        parsers::ParseResult r;
        if (!parse_with("nft list ruleset", text, r, error)) return false;
        if (!r.device.nftables || r.device.nftables->chains.empty() ||
            r.device.nftables->chains.front().rules.size() != 1) {
            error = "no rule in `nft " + command + "`";
            return false;
        }
        auto rule = r.device.nftables->chains.front().rules.front();
        rule.line = 0;
        const std::size_t position = w[0] == "insert" ? 1 : static_cast<std::size_t>(-1);
        return insert_rule(*d_.nftables, w[2], w[3], w[4], position, rule, error);
    }

    static bool insert_rule(model::Firewall& fw, const std::string& family, const std::string& table,
                            const std::string& chain, std::size_t position, const model::FirewallRule& rule,
                            std::string& error) {
        for (auto& c : fw.chains)
            if (c.family == family && c.table == table && c.name == chain) {
                const std::size_t at = std::min(position == 0 ? 0 : position - 1, c.rules.size());
                c.rules.insert(c.rules.begin() + static_cast<std::ptrdiff_t>(at), rule);
                return true;
            }
        error = "no chain " + family + " " + table + " " + chain + " in the ruleset";
        return false;
    }

    bool add_group(const std::string& group, const std::string& user, std::string& error) {
        if (!d_.identity || d_.identity->not_collected || d_.identity->user != user) {
            error = "the identity of `" + user + "` was not collected (`id`)";
            return false;
        }
        auto& g = d_.identity->groups;
        if (std::find(g.begin(), g.end(), group) == g.end()) g.push_back(group);
        return true;
    }

    model::Device& d_;
    std::vector<model::SshdListen> old_listen_;
    bool started_ = false;
};

}  // namespace

bool apply_linux(model::Device& device, std::string_view script, std::string& error) {
    try {
        Interpreter in(device);
        if (!run_script_lines(
                script, '#', trim, [&](std::string_view t, std::string& why) { return in.run(t, why); }, error))
            return false;
        in.settle();
        return true;
    } catch (const std::exception& e) {
        error = std::string("applying the commands failed: ") + e.what();
        return false;
    }
}

}  // namespace vtyguard::checks
