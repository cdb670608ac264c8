// Loading a device's configuration text and rendering `show running-config` (both platforms);
// RSA key names and material.
#include <algorithm>

#include "lab/sim/cli_internal.hpp"
#include "lab/sim/secrets.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

// Drops what `show running-config` prints around the configuration itself.
std::string strip_ios_header(std::string_view text) {
    std::vector<std::string> lines = util::split_lines(text);
    std::size_t first = 0;
    while (first < lines.size()) {
        const auto t = util::trim(lines[first]);
        const bool header = t.empty() || starts_with(t, "Building configuration") ||
                            starts_with(t, "Current configuration") || t.find("show run") != std::string_view::npos ||
                            t.find("sh run") != std::string_view::npos || t == "show running-config";
        if (!header) break;
        ++first;
    }
    std::size_t last = lines.size();
    for (std::size_t i = first; i < lines.size(); ++i)
        if (lines[i] == "end") {
            last = i;
            break;
        }
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        // keep line numbers for error messages: blank out what is not configuration
        if (i >= first && i < last) out += lines[i];
        out += '\n';
    }
    return out;
}

std::string strip_asa_header(std::string_view text) {
    std::vector<std::string> lines = util::split_lines(text);
    std::string out;
    bool ended = false;
    for (const auto& l : lines) {
        const auto t = util::trim(l);
        const bool header = starts_with(t, ":") || starts_with(t, "ASA Version") || starts_with(t, "Cryptochecksum") ||
                            t.find("show run") != std::string_view::npos || starts_with(t, "more system:");
        if (starts_with(t, ": end")) ended = true;
        if (!header && !ended) out += l;
        out += '\n';
    }
    return out;
}

std::string version_line(const Release& r) {
    return "version " + std::to_string(r.major) + "." + std::to_string(r.minor);
}

struct KeyLine {
    int line;
    std::vector<std::string> words;
};

// `crypto key generate rsa` options after `rsa`.
struct KeyRequest {
    std::string label;
    int bits = 0;
    bool exportable = false;
};

KeyRequest parse_key_request(const std::vector<std::string>& w, std::size_t from) {
    KeyRequest r;
    for (std::size_t i = from; i < w.size(); ++i) {
        const auto k = util::lower(w[i]);
        if (k == "label" && i + 1 < w.size())
            r.label = w[++i];
        else if (k == "modulus" && i + 1 < w.size())
            r.bits = static_cast<int>(util::to_number(w[++i]).value_or(0));
        else if (k == "exportable")
            r.exportable = true;
    }
    return r;
}

}  // namespace

std::optional<std::string> new_key_name(const Device::State& st, const std::string& label, std::string& error) {
    if (st.personality == Personality::cisco_asa) return label.empty() ? std::string("<Default-RSA-Key>") : label;
    if (!label.empty()) return label;
    const auto host = hostname_of(st.running, st.personality);
    if (host == "Router" || host == "Switch") {
        error = "% Please define a hostname other than " + host + ".";
        return std::nullopt;
    }
    const auto domain = domain_of(st.running, st.personality);
    if (domain.empty()) {
        error = "% Please define a domain-name first.";
        return std::nullopt;
    }
    return host + "." + domain;
}

RsaKey make_key(Device::State& st, const std::string& name, int bits, bool exportable) {
    RsaKey k;
    k.name = name;
    k.bits = bits;
    k.exportable = exportable;
    k.generated = wall_clock();
    // Deterministic per device and generation, so outputs are stable between runs; a regenerated
    // key (a later counter) differs from the one it replaces.
    k.seed = st.seed + ":" + name + ":" + std::to_string(bits) + ":" + std::to_string(++st.key_counter);
    std::erase_if(st.keys, [&](const RsaKey& x) { return x.name == name; });
    st.keys.push_back(k);
    return k;
}

bool load_config(Device::State& st, const DeviceSpec& spec, std::string_view text, std::string& error) {
    const bool ios = st.personality == Personality::cisco_ios;
    st.running = Config::parse(ios ? strip_ios_header(text) : strip_asa_header(text), ios);
    auto& nodes = st.running.nodes;
    const bool encrypt = password_encryption_on(st.running);
    const std::string salt = spec.name;
    std::vector<KeyLine> keys;
    std::vector<ConfigNode> kept;
    for (auto& n : nodes) {
        const auto w = n.words();
        if (w.size() >= 4 && util::iequals(w[0], "crypto") && util::iequals(w[1], "key") &&
            util::iequals(w[2], "generate") && util::iequals(w[3], "rsa")) {
            keys.push_back({n.source_line, w});
            continue;
        }
        if (w.size() >= 3 && util::iequals(w[0], "username") && !util::iequals(w[2], "attributes")) {
            n.text = ios ? ios_username_line(Config{}, w, salt, encrypt) : asa_username_line(w, salt);
        } else if (w.size() >= 3 && util::iequals(w[0], "enable") &&
                   (util::iequals(w[1], "secret") || util::iequals(w[1], "password"))) {
            n.text = ios ? ios_enable_line(w, salt, encrypt) : asa_enable_line(w, salt);
        } else if (ios && w.size() >= 3 && util::iequals(w[0], "line")) {
            for (auto& c : n.children) {
                const auto cw = c.words();
                if (cw.size() >= 2 && util::iequals(cw[0], "password")) c.text = ios_password_child(cw, encrypt);
            }
        }
        if (ios) {
            // Entries of ACL blocks must read (a typo would silently change who gets in); they are
            // stored the way IOS keeps them: canonical text with a sequence number.
            if (w.size() >= 4 && util::iequals(w[0], "ip") && util::iequals(w[1], "access-list") &&
                (util::iequals(w[2], "standard") || util::iequals(w[2], "extended"))) {
                int next = 10;
                for (auto& c : n.children) {
                    auto cw = c.words();
                    int seq = 0;
                    if (!cw.empty() && util::to_number(cw[0])) {
                        seq = static_cast<int>(*util::to_number(cw[0]));
                        cw.erase(cw.begin());
                    }
                    std::string err;
                    const auto e = parse_entry(Dialect::ios, util::iequals(w[2], "standard"), cw, err);
                    if (!e) {
                        error = "config line " + std::to_string(c.source_line) + ": " + err + " (" + c.text + ")";
                        return false;
                    }
                    if (e->remark) {
                        c.text = seq ? std::to_string(seq) + " " + e->text : e->text;
                        continue;
                    }
                    if (!seq) seq = next;
                    next = seq + 10;
                    c.text = std::to_string(seq) + " " + e->text;
                }
            }
            if (w.size() >= 3 && util::iequals(w[0], "access-list")) {
                const auto num = util::to_number(w[1]);
                if (num && (ios_numbered_standard(*num) || ios_numbered_extended(*num))) {
                    std::string err;
                    const auto e =
                        parse_entry(Dialect::ios, ios_numbered_standard(*num), {w.begin() + 2, w.end()}, err);
                    if (!e) {
                        error = "config line " + std::to_string(n.source_line) + ": " + err + " (" + n.text + ")";
                        return false;
                    }
                    n.text = "access-list " + w[1] + " " + e->text;
                }
            }
            if (w.size() >= 3 && util::iequals(w[0], "line") && util::iequals(w[1], "vty")) {
                const auto a = util::to_number(w[2]);
                const auto b = w.size() >= 4 ? util::to_number(w[3]) : a;
                if (!a || !b || *b < *a) {
                    error = "config line " + std::to_string(n.source_line) + ": bad vty range (" + n.text + ")";
                    return false;
                }
            }
        }
        if (!ios && w.size() >= 3 && util::iequals(w[0], "access-list")) {
            std::vector<std::string> rest(w.begin() + 2, w.end());
            std::string prefix = "access-list " + w[1] + " ";
            if (rest.size() >= 2 && util::iequals(rest[0], "line")) {
                prefix += "line " + rest[1] + " ";
                rest.erase(rest.begin(), rest.begin() + 2);
            }
            std::string err;
            const auto e = parse_entry(Dialect::asa, false, rest, err);
            const bool other =
                !rest.empty() && (util::iequals(rest[0], "webtype") || util::iequals(rest[0], "ethertype"));
            if (!e && !other) {
                error = "config line " + std::to_string(n.source_line) + ": " + err + " (" + n.text + ")";
                return false;
            }
            if (e) n.text = prefix + e->text;
        }
        kept.push_back(std::move(n));
    }
    nodes = std::move(kept);
    // A block written twice (a config that appends overrides) is one block, as on a device.
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].children.empty()) continue;
        for (std::size_t j = i + 1; j < nodes.size();) {
            if (nodes[j].text != nodes[i].text || nodes[j].children.empty()) {
                ++j;
                continue;
            }
            for (auto& c : nodes[j].children) {
                // an ACL entry with a sequence number already taken is not added again
                const auto cw = c.words();
                const bool dup =
                    !cw.empty() && util::to_number(cw[0]) &&
                    std::any_of(nodes[i].children.begin(), nodes[i].children.end(),
                                [&](const ConfigNode& x) { return !x.words().empty() && x.words()[0] == cw[0]; }) &&
                    has_word_prefix(nodes[i].text, "ip access-list");
                if (!dup) nodes[i].children.push_back(std::move(c));
            }
            nodes.erase(nodes.begin() + static_cast<long>(j));
        }
    }
    if (!ios && (nodes.empty() || nodes.front().text != "!")) {
        ConfigNode bang;
        bang.text = "!";
        nodes.insert(nodes.begin(), bang);
    }
    if (ios) {
        bool has_version = false;
        for (const auto& n : nodes) has_version = has_version || has_word_prefix(n.text, "version");
        if (!has_version) {
            ConfigNode v, bang;
            v.text = version_line(st.release);
            bang.text = "!";
            const bool leading_bang = !nodes.empty() && nodes.front().text == "!";
            nodes.insert(nodes.begin() + (leading_bang ? 1 : 0), v);
            if (!leading_bang) nodes.insert(nodes.begin(), bang);
        }
    }
    if (!spec.enable_secret.empty()) {
        const auto e = enable_of(st.running);
        if (!e.secret && !e.password) {
            ConfigNode n;
            n.text = ios ? ios_enable_line({"enable", "secret", "0", spec.enable_secret}, salt, encrypt)
                         : asa_enable_line({"enable", "password", spec.enable_secret}, salt);
            const auto at = st.running.insertion_point(n.text, {"aaa", "username", "interface", "line"});
            nodes.insert(nodes.begin() + static_cast<long>(at), n);
        }
    }
    for (const auto& k : keys) {
        if (!st.crypto_image) {
            error = "config line " + std::to_string(k.line) + ": % Invalid input: the image has no crypto";
            return false;
        }
        const auto req = parse_key_request(k.words, 4);
        std::string err;
        const auto name = new_key_name(st, req.label, err);
        if (!name) {
            error = "config line " + std::to_string(k.line) + ": " + err;
            return false;
        }
        int bits = req.bits ? req.bits : (ios ? 1024 : 2048);
        const bool valid =
            ios ? (bits >= 360 && bits <= 4096)
                : (bits == 512 || bits == 768 || bits == 1024 || bits == 2048 || bits == 3072 || bits == 4096);
        if (!valid) {
            error = "config line " + std::to_string(k.line) + ": invalid modulus " + std::to_string(bits);
            return false;
        }
        make_key(st, *name, bits, req.exportable);
    }
    // keys made at load time date from "boot"
    for (auto& k : st.keys) k.generated = st.boot - 86400 * 30;
    return true;
}

void expire_timers(Device::State& st, const DeviceSpec& spec, std::time_t now) {
    if (st.revert && now >= st.revert->deadline) {
        // `configure terminal revert timer` ran out without `configure confirm`
        st.running = std::move(st.revert->saved);
        st.revert.reset();
        st.bump(now, "rollback");
    }
    if (st.reload_at && now >= *st.reload_at) {
        // the scheduled reload: the startup-config comes back, sessions end, counters restart
        st.reload_at.reset();
        auto keys = st.keys;
        std::string error;
        const std::string saved = st.startup;
        if (!load_config(st, spec, saved, error))
            st.running = Config::parse(saved, st.personality == Personality::cisco_ios);
        st.keys = std::move(keys);
        st.acl_hits.clear();
        st.boot = now;
        st.revert.reset();
        ++st.reloads;
        st.bump(now, "reload");
        st.last_change = 0;
        st.saved_generation = st.generation.load();
    }
    std::time_t next = st.revert ? st.revert->deadline : 0;
    if (st.reload_at && (next == 0 || *st.reload_at < next)) next = *st.reload_at;
    st.next_deadline = next;
}

namespace {

std::string clock_text(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d UTC %s %s %d %d", tm.tm_hour, tm.tm_min, tm.tm_sec, days[tm.tm_wday],
                  months[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
    return buf;
}

}  // namespace

std::string ios_running_config(const Device::State& st, const DeviceSpec& /*spec*/) {
    std::vector<std::string> lines;
    for (const auto& n : st.running.nodes) {
        const bool acl =
            has_word_prefix(n.text, "ip access-list standard") || has_word_prefix(n.text, "ip access-list extended");
        if (!acl || st.release.xe) {
            Config::render_node(n, lines);
            continue;
        }
        // classic IOS prints named ACL entries without their sequence numbers
        lines.push_back(std::string(static_cast<std::size_t>(n.indent), ' ') + n.text);
        for (const auto& c : n.children) {
            auto w = c.words();
            if (!w.empty() && util::to_number(w[0])) {
                const auto at = c.text.find(' ');
                lines.push_back(std::string(static_cast<std::size_t>(c.indent), ' ') + c.text.substr(at + 1));
            } else {
                Config::render_node(c, lines);
            }
        }
    }
    if (st.last_change != 0) {
        const std::string note = "! Last configuration change at " + clock_text(st.last_change) +
                                 (st.last_change_by.empty() ? "" : " by " + st.last_change_by);
        auto it = std::find_if(lines.begin(), lines.end(),
                               [](const std::string& l) { return l.rfind("! Last configuration change", 0) == 0; });
        if (it != lines.end()) {
            *it = note;
        } else if (!lines.empty() && lines.front() == "!") {
            lines.insert(lines.begin() + 1, {note, "!"});
        } else {
            lines.insert(lines.begin(), {"!", note, "!"});
        }
    }
    std::string body;
    for (const auto& l : lines) body += l + "\n";
    body += "end\n";
    return "Building configuration...\n\nCurrent configuration : " + std::to_string(body.size()) + " bytes\n" + body +
           "\n";
}

std::string asa_running_config(const Device::State& st, const DeviceSpec& spec) {
    std::string body;
    for (const auto& l : st.running.render_lines()) body += l + "\n";
    const auto h1 = util::fnv1a(body), h2 = util::fnv1a(body, h1);
    char sum[40];
    std::snprintf(sum, sizeof sum, "%016llx%016llx", static_cast<unsigned long long>(h1),
                  static_cast<unsigned long long>(h2));
    std::string hw = spec.model;
    return ": Saved\n\n:\n: Serial Number: " +
           util::hex_upper(util::bytes_from_seed("sn:" + spec.name, 5)).substr(0, 10) + "\n: Hardware:   " + hw +
           "\n:\nASA Version " + spec.version + " \n" + body + "Cryptochecksum:" + sum + "\n: end\n";
}

}  // namespace vtyguard::lab
