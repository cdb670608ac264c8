// OpenSSH client configs: read as ssh reads them (Include, Host, Match; the first value obtained
// wins), used as an inventory of their literal Host names and as a resolver other formats' hosts
// and jump hosts go through.
#include <glob.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "parsers/common/ssh_pattern.hpp"
#include "plugin/inventory/internal.hpp"

namespace vtyguard::inventory {

namespace fs = std::filesystem;
using detail::fail;
using detail::lower;

namespace {

constexpr int kMaxIncludeDepth = 16;  // as ssh
constexpr int kMaxJumpDepth = 16;

const std::set<std::string> kAlgorithmKeywords = {
    "kexalgorithms",          "hostkeyalgorithms",          "ciphers", "macs", "pubkeyacceptedalgorithms",
    "pubkeyacceptedkeytypes", "hostbasedacceptedalgorithms"};

fs::path user_ssh_dir() {
    const char* home = std::getenv("HOME");
    return fs::path(home ? home : "") / ".ssh";
}

struct Reader {
    SshConfig& config;

    void file(const fs::path& path, std::size_t condition, int depth) {
        std::string text;
        if (!detail::read_text(path, text)) fail({path.string(), 0}, "", "cannot read the ssh config file");
        config.files.push_back(path.string());
        lines(text, path.string(), condition, depth);
    }

    // `condition`: the block an Include sits in, which applies to the included file until its own
    // first Host or Match line (and again to the including file after it).
    void lines(const std::string& text, const std::string& name, std::size_t condition, int depth) {
        detail::for_each_line(text, [&](int number, const std::string& line) {
            if (line.empty() || line[0] == '#') return;
            const Origin where{name, number};
            const auto kw_end = line.find_first_of(" \t=");
            const std::string keyword = lower(line.substr(0, kw_end));
            std::string rest = kw_end == std::string::npos ? "" : detail::trim(line.substr(kw_end));
            if (!rest.empty() && rest[0] == '=') rest = detail::trim(rest.substr(1));
            std::vector<std::string> args;
            if (keyword == "proxycommand") {
                args.push_back(rest);  // a shell command line, taken whole as ssh does
            } else if (!detail::shell_split(rest, args, detail::Comments::at_word_start)) {
                fail(where, keyword, "unterminated quote");
            }
            if (args.empty()) fail(where, keyword, "`" + keyword + "` needs a value");
            if (keyword == "host") {
                condition = host_condition(args, where);
            } else if (keyword == "match") {
                condition = match_condition(args, where);
            } else if (keyword == "include") {
                include(args, where, condition, depth);
            } else {
                check(keyword, args, where);
                config.entries.push_back({condition, keyword, std::move(args), where});
            }
        });
    }

    std::size_t host_condition(const std::vector<std::string>& args, const Origin& where) {
        SshConfigCondition c;
        c.kind = SshConfigCondition::Kind::host;
        c.patterns = args;
        c.origin = where;
        config.conditions.push_back(std::move(c));
        return config.conditions.size() - 1;
    }

    std::size_t match_condition(const std::vector<std::string>& args, const Origin& where) {
        SshConfigCondition c;
        c.kind = SshConfigCondition::Kind::match;
        c.origin = where;
        for (std::size_t i = 0; i < args.size(); ++i) {
            SshConfigCondition::Criterion cr;
            std::string name = lower(args[i]);
            if (!name.empty() && name[0] == '!') {
                cr.negated = true;
                name = name.substr(1);
            }
            cr.name = name;
            if (name == "all" || name == "canonical" || name == "final") {
                c.criteria.push_back(std::move(cr));
                continue;
            }
            static const std::set<std::string> kWithValue = {"host", "originalhost", "user",  "localuser",
                                                             "exec", "localnetwork", "tagged"};
            if (!kWithValue.count(name)) fail(where, "match", "unknown Match criterion '" + args[i] + "'");
            if (i + 1 >= args.size()) fail(where, "match", "Match " + name + " needs a value");
            const std::string& list = args[++i];
            if (name == "host" || name == "originalhost") {
                std::size_t start = 0;
                for (std::size_t j = 0; j <= list.size(); ++j)
                    if (j == list.size() || list[j] == ',') {
                        if (j > start) cr.patterns.push_back(list.substr(start, j - start));
                        start = j + 1;
                    }
            } else {
                c.evaluable = false;
                config.warnings.push_back(where.str() + ": Match " + name +
                                          " is not evaluated by vtyguard: the block is skipped");
            }
            c.criteria.push_back(std::move(cr));
        }
        config.conditions.push_back(std::move(c));
        return config.conditions.size() - 1;
    }

    void include(const std::vector<std::string>& args, const Origin& where, std::size_t condition, int depth) {
        if (depth >= kMaxIncludeDepth) fail(where, "include", "Include nested too deeply");
        for (const auto& arg : args) {
            std::string pattern = detail::expand_home(arg);
            if (pattern.empty() || pattern[0] != '/') pattern = (user_ssh_dir() / pattern).string();
            glob_t g{};
            const int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
            std::vector<std::string> matched;
            if (rc == 0)
                for (std::size_t i = 0; i < g.gl_pathc; ++i) matched.emplace_back(g.gl_pathv[i]);
            ::globfree(&g);
            for (const auto& m : matched) file(m, condition, depth + 1);
        }
    }

    // What ssh itself rejects when it reads the file.
    static void check(const std::string& keyword, const std::vector<std::string>& args, const Origin& where) {
        std::string error;
        if (keyword == "port") {
            std::uint16_t port = 0;
            if (!detail::parse_port(args[0], port))
                fail(where, keyword, "Port '" + args[0] + "' is not a port number (1-65535)");
        } else if (keyword == "proxyjump") {
            std::vector<JumpHop> hops;
            if (!parse_proxy_jump(args[0], hops, error)) fail(where, keyword, error);
        } else if (keyword == "connecttimeout") {
            std::chrono::milliseconds t{};
            if (!detail::parse_duration(args[0], t))
                fail(where, keyword, "ConnectTimeout '" + args[0] + "' is not a number of seconds");
        } else if (keyword == "stricthostkeychecking") {
            HostKeyCheck k{};
            if (!detail::parse_host_key_check(args[0], k))
                fail(where, keyword, "StrictHostKeyChecking '" + args[0] + "' is not yes, no, ask or accept-new");
        }
    }
};

bool pattern_list_match(const std::vector<std::string>& patterns, const std::string& text) {
    bool matched = false;
    for (const auto& p : patterns) {
        if (!p.empty() && p[0] == '!') {
            if (ssh_pattern_match(p.substr(1), text)) return false;
        } else if (ssh_pattern_match(p, text)) {
            matched = true;
        }
    }
    return matched;
}

bool applies(const SshConfigCondition& c, const std::string& original, const std::string& host_name) {
    switch (c.kind) {
        case SshConfigCondition::Kind::global:
            return true;
        case SshConfigCondition::Kind::host:
            return pattern_list_match(c.patterns, original);
        case SshConfigCondition::Kind::match:
            break;
    }
    if (!c.evaluable) return false;
    for (const auto& cr : c.criteria) {
        bool ok = true;
        if (cr.name == "host")
            ok = pattern_list_match(cr.patterns, host_name);
        else if (cr.name == "originalhost")
            ok = pattern_list_match(cr.patterns, original);
        else if (cr.name == "canonical")
            ok = false;  // no canonicalisation pass here
        if (cr.negated) ok = !ok;
        if (!ok) return false;
    }
    return true;
}

// What the config says about one destination: the first value of each keyword (ProxyJump and
// ProxyCommand share one), every IdentityFile.
struct Lookup {
    std::map<std::string, const SshConfigEntry*> first;
    std::vector<const SshConfigEntry*> identity_files;
    bool legacy = false;

    const SshConfigEntry* get(const std::string& keyword) const {
        const auto it = first.find(keyword);
        return it == first.end() ? nullptr : it->second;
    }
};

std::string expand_percent(const std::string& text, const Origin& where, const std::string& key,
                           const std::map<char, std::string>& tokens) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 1 >= text.size()) fail(where, key, "`" + key + "` ends with a lone %");
        const char t = text[++i];
        if (t == '%') {
            out += '%';
            continue;
        }
        const auto it = tokens.find(t);
        if (it == tokens.end())
            fail(where, key, std::string("`") + key + "` uses %" + t + ", which vtyguard does not expand");
        out += it->second;
    }
    return out;
}

Lookup lookup(const SshConfig& config, const std::string& destination) {
    Lookup r;
    const std::string original = lower(destination);
    std::string host_name = original;
    // A Host line depends only on the original name: decide it once for all its entries.
    std::vector<signed char> host_line(config.conditions.size(), -1);
    for (const auto& e : config.entries) {
        const SshConfigCondition& c = config.conditions[e.condition];
        if (c.kind == SshConfigCondition::Kind::host) {
            signed char& m = host_line[e.condition];
            if (m < 0) m = applies(c, original, host_name) ? 1 : 0;
            if (!m) continue;
        } else if (!applies(c, original, host_name)) {
            continue;
        }
        if (e.keyword == "identityfile") {
            r.identity_files.push_back(&e);
            continue;
        }
        const std::string slot = e.keyword == "proxycommand" ? "proxyjump" : e.keyword;
        if (!r.first.emplace(slot, &e).second) continue;
        if (e.keyword == "hostname") {
            host_name = lower(expand_percent(e.args[0], e.origin, "HostName", {{'h', destination}}));
        } else if (kAlgorithmKeywords.count(e.keyword) && detail::names_legacy_algorithm(e.args[0])) {
            r.legacy = true;
        }
    }
    return r;
}

std::string local_user() {
    const char* u = std::getenv("USER");
    return u ? u : "";
}

std::vector<std::string> identity_paths(const Lookup& r, const std::string& original, const std::string& host_name,
                                        const std::string& user, std::uint16_t port) {
    const char* home = std::getenv("HOME");
    const std::map<char, std::string> tokens = {
        {'h', host_name},        {'n', original},    {'r', user}, {'p', std::to_string(port ? port : 22)},
        {'d', home ? home : ""}, {'u', local_user()}};
    std::vector<std::string> out;
    for (const SshConfigEntry* e : r.identity_files) {
        if (lower(e->args[0]) == "none") continue;
        out.push_back(detail::expand_home(expand_percent(e->args[0], e->origin, "IdentityFile", tokens)));
    }
    return out;
}

void append_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const auto& f : from)
        if (std::find(to.begin(), to.end(), f) == to.end()) to.push_back(f);
}

// The jump chain a config entry (ProxyJump or ProxyCommand) states.
std::vector<JumpHop> proxy_hops(const SshConfigEntry& e) {
    std::vector<JumpHop> hops;
    std::string error;
    if (e.keyword == "proxyjump") {
        if (!parse_proxy_jump(e.args[0], hops, error)) fail(e.origin, "ProxyJump", error);
        return hops;
    }
    if (!parse_proxy_command(e.args[0], hops, error)) fail(e.origin, "ProxyCommand", error);
    return hops;
}

// Fills a jump hop from the config; the first hop of a chain also gets the chain its own config
// puts in front of it (a later hop's config ProxyJump is overridden by the chain itself, as ssh's
// nested `-J` does).
void resolve_chain(std::vector<JumpHop>& chain, const SshConfig& config, std::vector<std::string>& path,
                   const Origin& where) {
    if (chain.empty()) return;
    if (static_cast<int>(path.size()) > kMaxJumpDepth) fail(where, "ProxyJump", "jump hosts nested too deeply");
    std::vector<JumpHop> before;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        JumpHop& hop = chain[i];
        const std::string original = hop.name;
        const Lookup r = lookup(config, original);
        if (const auto* e = r.get("hostname"); e && hop.address.empty())
            hop.address = expand_percent(e->args[0], e->origin, "HostName", {{'h', original}});
        if (const auto* e = r.get("port"); e && !hop.port) detail::parse_port(e->args[0], hop.port);
        if (const auto* e = r.get("user"); e && hop.user.empty()) hop.user = e->args[0];
        append_unique(hop.identity_files, identity_paths(r, original, hop.target(), hop.user, hop.port));
        if (i != 0) continue;
        const auto* proxy = r.get("proxyjump");
        if (!proxy || lower(proxy->args[0]) == "none") continue;
        const std::string key = lower(hop.target()) + ":" + std::to_string(hop.port ? hop.port : 22);
        if (std::find(path.begin(), path.end(), key) != path.end()) {
            std::string loop;
            for (const auto& p : path) loop += p + " -> ";
            fail(proxy->origin, "ProxyJump", "jump hosts loop: " + loop + key);
        }
        before = proxy_hops(*proxy);
        path.push_back(key);
        resolve_chain(before, config, path, proxy->origin);
        path.pop_back();
    }
    chain.insert(chain.begin(), before.begin(), before.end());
}

}  // namespace

bool ssh_pattern_match(std::string_view pattern, std::string_view text) {
    return parsers::ssh_pattern_match(pattern, text, parsers::PatternCase::ignore);
}

bool load_ssh_config(const fs::path& path, SshConfig& out, InventoryError& error) {
    SshConfig config;
    const bool ok = detail::guarded(path.string(), error, [&] { Reader{config}.file(path, 0, 0); });
    if (ok) out = std::move(config);
    return ok;
}

bool parse_ssh_config(std::string_view text, std::string_view name, SshConfig& out, InventoryError& error) {
    SshConfig config;
    const bool ok = detail::guarded(name, error, [&] {
        config.files.emplace_back(name);
        Reader{config}.lines(std::string(text), std::string(name), 0, 0);
    });
    if (ok) out = std::move(config);
    return ok;
}

bool resolve_ssh_config(Host& host, const SshConfig& config, InventoryError& error) {
    return detail::guarded(host.origin.file, error, [&] {
        const std::string original = host.target();
        const Lookup r = lookup(config, original);
        if (const auto* e = r.get("hostname"); e && host.address.empty())
            host.address = expand_percent(e->args[0], e->origin, "HostName", {{'h', original}});
        if (const auto* e = r.get("port"); e && !host.port) detail::parse_port(e->args[0], host.port);
        if (const auto* e = r.get("user"); e && host.user.empty()) host.user = e->args[0];
        append_unique(host.identity_files,
                      identity_paths(r, original, host.target(), host.user, host.effective_port()));
        Origin chain_origin = host.origin;
        if (const auto* e = r.get("proxyjump"); e && host.jump.empty() && host.via_device.empty()) {
            host.jump = proxy_hops(*e);
            chain_origin = e->origin;
        }
        if (const auto* e = r.get("connecttimeout"); e && host.timeouts.connect.count() == 0)
            detail::parse_duration(e->args[0], host.timeouts.connect);
        if (const auto* e = r.get("bindaddress"); e && host.source_address.empty()) host.source_address = e->args[0];
        if (const auto* e = r.get("stricthostkeychecking"); e && host.host_key_checking == HostKeyCheck::unset)
            detail::parse_host_key_check(e->args[0], host.host_key_checking);
        if (const auto* e = r.get("userknownhostsfile"); e && host.known_hosts_file.empty())
            host.known_hosts_file = detail::expand_home(e->args[0]);
        if (const auto* e = r.get("identitiesonly")) {
            bool b = false;
            if (detail::parse_bool(e->args[0], b) && b) host.identities_only = true;
        }
        if (const auto* e = r.get("identityagent"); e && lower(e->args[0]) == "none") host.use_agent = false;
        if (r.legacy) host.legacy_crypto = true;
        std::vector<std::string> path = {lower(host.target()) + ":" + std::to_string(host.effective_port())};
        resolve_chain(host.jump, config, path, chain_origin);
    });
}

namespace detail {

void ssh_config_hosts(const SshConfig& config, Inventory& out) {
    std::set<std::string> known;  // names and aliases already taken, lowercase
    for (const auto& c : config.conditions) {
        if (c.kind != SshConfigCondition::Kind::host) continue;
        std::vector<std::string> literal;
        for (const auto& p : c.patterns)
            if (p.find_first_of("*?!") == std::string::npos) literal.push_back(p);
        if (literal.empty() || known.count(lower(literal[0]))) continue;
        for (const auto& l : literal) known.insert(lower(l));
        Host h;
        h.name = literal[0];
        h.origin = c.origin;
        InventoryError e;
        if (!resolve_ssh_config(h, config, e)) throw Failure{e};
        out.hosts.push_back(std::move(h));
    }
    out.warnings.insert(out.warnings.end(), config.warnings.begin(), config.warnings.end());
    finish(out, {});
}

}  // namespace detail

}  // namespace vtyguard::inventory
