// ASA configuration mode: global commands, `interface`, `object`/`object-group`, `aaa-server`
// and `username ... attributes` sub-modes, `crypto key` with its questions. Every applied command
// bumps the device's config generation.
#include <algorithm>

#include "lab/sim/cli_internal.hpp"
#include "lab/sim/edit.hpp"
#include "lab/sim/secrets.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

constexpr int kSet = 1000;  // as in config_ios.cpp: set a line keyed by (handler - kSet) words

enum G : int {
    gHostname = 1,
    gDomain,
    gEnablePassword,
    gUsername,
    gUsernameAttributes,
    gAaaServerHost,
    gSshAllow,
    gTelnetAllow,
    gAccessList,
    gAccessGroup,
    gRoute,
    gInterface,
    gObject,
    gCryptoGenerate,
    gCryptoZeroize,
    gPager,
    gBanner,
    gEnd,
    gExit,
    gShow,
    gWrite,
    gClearAcl,
    gTerminalWidth,
    gTerminalPager,
};

const std::vector<std::string>& free_global_words() {
    static const std::vector<std::string> w = util::words(
        "names name logging mtu icmp timeout http dns ntp snmp-server failover nat arp ftp clock no-such-keyword "
        "asdm user-identity crypto threat-detection service-policy class-map policy-map prompt console "
        "same-security-traffic xlate dynamic-access-policy-record webvpn group-policy tunnel-group license");
    return w;
}

const CmdTree& global_tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("hostname <WORD>", gHostname);
        t.add("domain-name <WORD>", gDomain);
        t.add("enable password <LINE>", gEnablePassword);
        t.add("username <WORD> attributes", gUsernameAttributes);
        t.add("username <WORD> <LINE>", gUsername);
        t.add("aaa authentication ssh console <LINE>", kSet + 4);
        t.add("aaa authentication telnet console <LINE>", kSet + 4);
        t.add("aaa authentication enable console <LINE>", kSet + 4);
        t.add("aaa authentication http console <LINE>", kSet + 4);
        t.add("aaa authentication serial console <LINE>", kSet + 4);
        t.add("aaa authentication login-history", kSet + 0);
        t.add("aaa authorization exec <LINE>", kSet + 3);
        t.add("aaa authorization command <LINE>", kSet + 3);
        t.add("aaa accounting <LINE>", kSet + 0);
        t.add("aaa-server <WORD> protocol <WORD>", kSet + 2);
        t.add("aaa-server <WORD> <WORD> host <A.B.C.D>", gAaaServerHost);
        t.add("ssh <A.B.C.D> <A.B.C.D> <WORD>", gSshAllow);
        t.add("ssh version <N:1-2>", kSet + 2);
        t.add("ssh timeout <N:1-60>", kSet + 2);
        t.add("ssh key-exchange group <WORD>", kSet + 3);
        t.add("ssh cipher encryption <LINE>", kSet + 3);
        t.add("ssh cipher integrity <LINE>", kSet + 3);
        t.add("ssh stricthostkeycheck", kSet + 0);
        t.add("ssh scopy enable", kSet + 0);
        t.add("ssh stack ciscossh", kSet + 0);
        t.add("telnet <A.B.C.D> <A.B.C.D> <WORD>", gTelnetAllow);
        t.add("telnet timeout <N:1-1440>", kSet + 2);
        t.add("passwd <LINE>", kSet + 1);
        t.add("access-list <WORD> <LINE>", gAccessList);
        t.add("access-group <WORD> in interface <WORD>", gAccessGroup);
        t.add("access-group <WORD> in interface <WORD> control-plane", gAccessGroup);
        t.add("access-group <WORD> out interface <WORD>", gAccessGroup);
        t.add("access-group <WORD> global", gAccessGroup);
        t.add("route <WORD> <A.B.C.D> <A.B.C.D> <A.B.C.D>", gRoute);
        t.add("route <WORD> <A.B.C.D> <A.B.C.D> <A.B.C.D> <N:1-255>", gRoute);
        t.add("interface <LINE>", gInterface);
        t.add("object network <WORD>", gObject);
        t.add("object service <WORD>", gObject);
        t.add("object-group network <WORD>", gObject);
        t.add("object-group service <WORD>", gObject);
        t.add("object-group service <WORD> <WORD>", gObject);
        t.add("object-group protocol <WORD>", gObject);
        t.add("crypto key generate rsa <LINE>", gCryptoGenerate);
        t.add("crypto key zeroize rsa <LINE>", gCryptoZeroize);
        t.add("pager lines <N:0-2147483647>", gPager);
        t.add("banner motd <LINE>", gBanner);
        t.add("banner login <LINE>", gBanner);
        t.add("banner exec <LINE>", gBanner);
        t.add("end", gEnd);
        t.add("exit", gExit);
        t.add("show <LINE>", gShow);
        t.add("write <LINE>", gWrite);
        t.add("clear configure access-list <WORD>", gClearAcl);
        t.add("terminal width <N:40-511>", gTerminalWidth);
        t.add("terminal pager <N:0-2147483647>", gTerminalPager);
        t.add("terminal pager lines <N:0-2147483647>", gTerminalPager);
        return t;
    }();
    return tree;
}

enum I : int { iNameif = 1, iSecurity, iAddress, iShutdown };

const CmdTree& interface_tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("nameif <WORD>", iNameif);
        t.add("security-level <N:0-100>", iSecurity);
        t.add("ip address <A.B.C.D> <A.B.C.D>", iAddress);
        t.add("ip address <A.B.C.D> <A.B.C.D> standby <A.B.C.D>", iAddress);
        t.add("shutdown", iShutdown);
        t.add("description <LINE>", kSet + 1);
        t.add("management-only", kSet + 0);
        t.add("ipv6 address <LINE>", kSet + 0);
        t.add("ipv6 enable", kSet + 0);
        t.add("exit", gExit);
        t.add("end", gEnd);
        t.add("show <LINE>", gShow);
        return t;
    }();
    return tree;
}

Out text(std::string s) {
    Out o;
    o.text = std::move(s);
    return o;
}

void changed(CliCtx& c) {
    c.st.bump(wall_clock(), c.user);
}

const std::vector<std::string> kBefore = {"ftp",  "pager",  "logging", "mtu", "route",    "timeout",       "aaa",
                                          "http", "crypto", "telnet",  "ssh", "username", "Cryptochecksum"};

void enter(CliCtx& c, ConfigMode m) {
    c.modes.clear();
    c.modes.push_back(std::move(m));
}

ConfigNode* mode_block(CliCtx& c) {
    return c.modes.empty() ? nullptr : c.st.running.find(c.modes.back().header);
}

// Where a global line of this kind belongs when none like it exists yet.
std::vector<std::string> before_for(const std::string& first) {
    if (first == "access-list") return {"pager", "logging", "mtu", "nat", "access-group", "route", "aaa", "ssh"};
    if (first == "access-group") return {"route", "timeout", "aaa", "http", "ssh"};
    if (first == "route") return {"timeout", "aaa", "http", "ssh"};
    if (first == "aaa") return {"http", "snmp-server", "crypto", "telnet", "ssh"};
    if (first == "telnet") return {"ssh", "console", "username", "Cryptochecksum"};
    if (first == "ssh") return {"console", "threat-detection", "username", "Cryptochecksum"};
    if (first == "username") return {"Cryptochecksum"};
    if (first == "hostname") return {"domain-name", "enable", "names", "interface"};
    if (first == "domain-name") return {"enable", "names", "interface"};
    if (first == "enable") return {"names", "interface"};
    return kBefore;
}

Out crypto_generate(CliCtx& c, const std::vector<std::string>& args) {
    std::string label;
    int bits = 2048;
    bool noconfirm = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (util::is_prefix_ci(args[i], "label") && i + 1 < args.size()) {
            label = args[++i];
        } else if (util::is_prefix_ci(args[i], "modulus") && i + 1 < args.size()) {
            const auto n = util::to_number(args[++i]);
            if (!n || (*n != 512 && *n != 768 && *n != 1024 && *n != 2048 && *n != 3072 && *n != 4096))
                return text(invalid_input(c, "crypto key generate rsa " + util::join(args, " "), 4 + i));
            bits = static_cast<int>(*n);
        } else if (util::is_prefix_ci(args[i], "noconfirm")) {
            noconfirm = true;
        } else if (util::is_prefix_ci(args[i], "general-keys")) {
            continue;
        } else {
            return text(invalid_input(c, "crypto key generate rsa " + util::join(args, " "), 4 + i));
        }
    }
    std::string err;
    const std::string name = *new_key_name(c.st, label, err);
    auto generate = [name, bits](CliCtx& cc) -> Out {
        make_key(cc.st, name, bits, false);
        changed(cc);
        return text("INFO: The name for the keys will be: " + name +
                    "\nKeypair generation process begin. Please wait...\n");
    };
    const bool exists =
        std::any_of(c.st.keys.begin(), c.st.keys.end(), [&](const RsaKey& k) { return k.name == name; });
    if (!exists || noconfirm) return generate(c);
    Out o;
    o.text = "WARNING: You have a RSA keypair already defined named " + name + ".\n\n";
    o.ask = Pending{};
    o.ask->prompt = "Do you really want to replace them? [yes/no]: ";
    o.ask->then = [generate](CliCtx& cc, const std::string& a) -> Out {
        if (util::is_prefix_ci(util::trim(a), "yes")) return generate(cc);
        return text("ERROR: Failed to create new RSA keys named " + std::string("<Default-RSA-Key>") + "\n");
    };
    return o;
}

Out crypto_zeroize(CliCtx& c, const std::vector<std::string>& args) {
    std::string label;
    bool noconfirm = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (util::is_prefix_ci(args[i], "label") && i + 1 < args.size()) label = args[++i];
        if (util::is_prefix_ci(args[i], "noconfirm")) noconfirm = true;
    }
    auto remove = [label](CliCtx& cc) -> Out {
        if (label.empty())
            cc.st.keys.clear();
        else
            std::erase_if(cc.st.keys, [&](const RsaKey& k) { return k.name == label; });
        changed(cc);
        return {};
    };
    if (noconfirm) return remove(c);
    Out o;
    o.text =
        "WARNING: All RSA keys will be removed.\nWARNING: All device digital certificates issued using these keys will "
        "also be removed.\n\n";
    o.ask = Pending{};
    o.ask->prompt = "Do you really want to remove these keys? [yes/no]: ";
    o.ask->then = [remove](CliCtx& cc, const std::string& a) -> Out {
        if (util::is_prefix_ci(util::trim(a), "yes")) return remove(cc);
        return {};
    };
    return o;
}

Out run_global(CliCtx& c, const CmdMatch& m, bool no, std::string_view line) {
    auto& cfg = c.st.running;
    const auto& p = m.params;
    const std::string canonical = util::join(m.words, " ");
    if (m.handler >= kSet) {
        const auto keylen = static_cast<std::size_t>(m.handler - kSet);
        if (no) {
            const auto n = keylen ? std::min(keylen, m.words.size()) : m.words.size();
            if (remove_lines(cfg, {m.words.begin(), m.words.begin() + static_cast<long>(n)})) changed(c);
            return {};
        }
        if (set_line(cfg, canonical, keylen, before_for(util::lower(m.words[0])))) changed(c);
        return {};
    }
    switch (m.handler) {
        case gHostname:
            if (no) {
                remove_lines(cfg, {"hostname"});
            } else {
                set_line(cfg, "hostname " + p[0], 1, before_for("hostname"));
            }
            changed(c);
            return {};
        case gDomain:
            if (no)
                remove_lines(cfg, {"domain-name"});
            else
                set_line(cfg, "domain-name " + p[0], 1, before_for("domain-name"));
            changed(c);
            return {};
        case gEnablePassword:
            if (no)
                remove_lines(cfg, {"enable", "password"});
            else
                set_line(cfg, asa_enable_line(util::words("enable password " + p[0]), c.spec.name), 2,
                         before_for("enable"));
            changed(c);
            return {};
        case gUsername: {
            if (no) {
                if (remove_lines(cfg, {"username", p[0]})) changed(c);
                return {};
            }
            const auto l = asa_username_line(util::words("username " + p[0] + " " + p[1]), c.spec.name);
            // one credential line per user; the attributes block stays
            std::erase_if(cfg.nodes, [&](const ConfigNode& n) {
                const auto w = n.words();
                return w.size() >= 2 && util::iequals(w[0], "username") && w[1] == p[0] &&
                       !util::iequals(w.back(), "attributes");
            });
            set_line(cfg, l, 0, before_for("username"));
            changed(c);
            return {};
        }
        case gUsernameAttributes: {
            const std::string header = "username " + p[0] + " attributes";
            if (no) {
                if (remove_lines(cfg, util::words(header))) changed(c);
                return {};
            }
            ensure_block(cfg, header, before_for("username"), false);
            changed(c);
            enter(c, ConfigMode::block(ConfigMode::Kind::block, header, "config-username"));
            return {};
        }
        case gAaaServerHost: {
            if (no) {
                if (remove_lines(cfg, m.words)) changed(c);
                return {};
            }
            ensure_block(cfg, canonical, before_for("aaa"), false);
            changed(c);
            enter(c, ConfigMode::block(ConfigMode::Kind::block, canonical, "config-aaa-server-host"));
            return {};
        }
        case gSshAllow:
        case gTelnetAllow: {
            const auto a = util::parse_ipv4(p[0]);
            const auto mask = util::parse_ipv4(p[1]);
            if ((*a & ~*mask) != 0) return text("ERROR: IP address,mask <" + p[0] + "," + p[1] + "> pair conflict\n");
            const std::string l =
                std::string(m.handler == gSshAllow ? "ssh " : "telnet ") + p[0] + " " + p[1] + " " + p[2];
            if (no) {
                if (remove_lines(cfg, util::words(l))) changed(c);
                return {};
            }
            if (set_line(cfg, l, 0, before_for(m.handler == gSshAllow ? "ssh" : "telnet"))) changed(c);
            return {};
        }
        case gAccessList: {
            auto w = util::words(p[1]);
            if (no) {
                if (w.empty()) {
                    remove_lines(cfg, {"access-list", p[0]});
                } else {
                    std::string err;
                    auto e = parse_entry(Dialect::asa, false, w, err);
                    const std::string target =
                        e ? "access-list " + p[0] + " " + e->text : "access-list " + p[0] + " " + p[1];
                    std::erase_if(cfg.nodes, [&](const ConfigNode& n) { return n.text == target; });
                }
                changed(c);
                return {};
            }
            int line_no = 0;
            if (w.size() >= 2 && util::iequals(w[0], "line")) {
                line_no = static_cast<int>(util::to_number(w[1]).value_or(0));
                w.erase(w.begin(), w.begin() + 2);
            }
            std::string err;
            std::size_t bad = 0;
            auto e = parse_entry(Dialect::asa, false, w, err, &bad);
            if (!e) {
                if (err.find("Incomplete") != std::string::npos) return text("ERROR: % Incomplete command\n");
                return text(invalid_input(c, line, 2 + (line_no ? 2 : 0) + bad));
            }
            ConfigNode n;
            n.text = "access-list " + p[0] + " " + e->text;
            for (const auto& x : cfg.nodes)
                if (x.text == n.text) return {};  // the ASA keeps one copy of an identical entry
            std::vector<std::size_t> positions;
            for (std::size_t i = 0; i < cfg.nodes.size(); ++i)
                if (has_word_prefix(cfg.nodes[i].text, "access-list " + p[0])) positions.push_back(i);
            std::size_t at;
            if (positions.empty())
                at = cfg.insertion_point(n.text, before_for("access-list"));
            else if (line_no > 0 && static_cast<std::size_t>(line_no) <= positions.size())
                at = positions[static_cast<std::size_t>(line_no - 1)];
            else
                at = positions.back() + 1;
            cfg.nodes.insert(cfg.nodes.begin() + static_cast<long>(at), n);
            changed(c);
            return {};
        }
        case gAccessGroup: {
            // one access-group per interface, direction and plane
            const bool global = util::iequals(m.words[2], "global");
            const std::string dir = m.words[2];
            const std::string iface = global ? "" : p[1];
            const bool cp = util::iequals(m.words.back(), "control-plane");
            std::erase_if(cfg.nodes, [&](const ConfigNode& n) {
                const auto w = n.words();
                if (w.size() < 3 || !util::iequals(w[0], "access-group")) return false;
                if (global) return util::iequals(w[2], "global");
                return w.size() >= 5 && util::iequals(w[2], dir) && w[4] == iface &&
                       (w.size() >= 6 && util::iequals(w[5], "control-plane")) == cp;
            });
            if (!no) set_line(cfg, canonical, 0, before_for("access-group"));
            changed(c);
            return {};
        }
        case gRoute:
            if (no) {
                if (remove_lines(cfg, m.words)) changed(c);
                return {};
            }
            if (set_line(cfg, canonical, 5, before_for("route"))) changed(c);
            return {};
        case gInterface: {
            const auto name = expand_interface_name(cfg, util::words(p[0]));
            const std::string header = "interface " + name;
            if (no) return text("ERROR: Removal of physical interfaces is not permitted\n");
            if (!cfg.find(header)) {
                ensure_block(cfg, header, {"ftp", "pager", "logging", "access-list", "banner"}, true);
                changed(c);
            }
            enter(c, ConfigMode::block(ConfigMode::Kind::interface, header, "config-if"));
            return {};
        }
        case gObject: {
            if (no) {
                if (remove_lines(cfg, m.words)) changed(c);
                return {};
            }
            const bool group = util::iequals(m.words[0], "object-group");
            const std::string kind = util::lower(m.words[1]);
            const std::string prompt = group ? (kind == "network"   ? "config-network-object-group"
                                                : kind == "service" ? "config-service-object-group"
                                                                    : "config-protocol-object-group")
                                             : (kind == "network" ? "config-network-object" : "config-service-object");
            if (!cfg.find(canonical)) {
                ensure_block(cfg, canonical, {"access-list", "pager", "logging", "mtu"}, false);
                changed(c);
            }
            enter(c, ConfigMode::block(ConfigMode::Kind::block, canonical, prompt));
            return {};
        }
        case gCryptoGenerate:
            return crypto_generate(c, util::words(p[0]));
        case gCryptoZeroize:
            return crypto_zeroize(c, util::words(p[0]));
        case gPager:
            if (no) {
                remove_lines(cfg, {"pager"});
                set_line(cfg, "no pager", 0, before_for("pager"));
            } else {
                remove_lines(cfg, {"no", "pager"});
                set_line(cfg, canonical, 2, before_for("pager"));
            }
            changed(c);
            return {};
        case gBanner: {
            const std::string kind = m.words[1];
            if (no) {
                if (remove_lines(cfg, {"banner", kind})) changed(c);
                return {};
            }
            // ASA banners grow by one line per command
            ConfigNode n;
            n.text = "banner " + kind + " " + p[0];
            std::size_t at = cfg.insertion_point(n.text, before_for("banner"));
            cfg.nodes.insert(cfg.nodes.begin() + static_cast<long>(at), n);
            changed(c);
            return {};
        }
        case gEnd:
            c.in_config = false;
            c.modes.clear();
            return {};
        case gExit:
            if (!c.modes.empty())
                c.modes.clear();
            else
                c.in_config = false;
            return {};
        case gShow:
        case gWrite:
            return asa_exec(c, line);
        case gClearAcl:
            remove_lines(cfg, {"access-list", p[0]});
            changed(c);
            return {};
        case gTerminalWidth:
            c.term.width = std::stoi(p[0]);
            return {};
        case gTerminalPager:
            c.term.length = static_cast<int>(std::stoll(p.back()));
            return {};
        default:
            return {};
    }
}

Out run_interface(CliCtx& c, const CmdMatch& m, bool no, std::string_view line) {
    if (m.handler == gExit || m.handler == gEnd || m.handler == gShow) return run_global(c, m, false, line);
    ConfigNode* b = mode_block(c);
    if (!b) return {};
    const auto canonical = util::join(m.words, " ");
    auto rank = [](const std::string& t) {
        static const std::vector<std::string> order = {
            "description", "shutdown", "management-only", "nameif", "security-level", "ip address", "ipv6"};
        for (std::size_t i = 0; i < order.size(); ++i)
            if (has_word_prefix(t, order[i]) || has_word_prefix(t, "no " + order[i])) return static_cast<int>(i);
        return static_cast<int>(order.size());
    };
    switch (m.handler) {
        case iNameif:
        case iSecurity:
        case iAddress: {
            const std::size_t keylen = m.handler == iAddress ? 2 : 1;
            const std::vector<std::string> key(m.words.begin(), m.words.begin() + static_cast<long>(keylen));
            remove_children(*b, key);
            std::vector<std::string> nokey{"no"};
            nokey.insert(nokey.end(), key.begin(), key.end());
            remove_children(*b, nokey);
            set_child(*b, no ? "no " + util::join(key, " ") : canonical, 0, rank);
            break;
        }
        case iShutdown:
            if (no)
                remove_children(*b, {"shutdown"});
            else
                set_child(*b, "shutdown", 0, rank);
            break;
        default:
            if (m.handler >= kSet) {
                const auto keylen = static_cast<std::size_t>(m.handler - kSet);
                if (no)
                    remove_children(*b, keylen ? std::vector<std::string>(m.words.begin(),
                                                                          m.words.begin() + static_cast<long>(keylen))
                                               : m.words);
                else
                    set_child(*b, canonical, keylen, rank);
            }
    }
    changed(c);
    return {};
}

}  // namespace

Out asa_config(CliCtx& c, std::string_view line) {
    auto words = util::words(line);
    if (words.empty()) return {};
    bool no = false;
    if (util::iequals(words[0], "no") && words.size() > 1) {
        no = true;
        words.erase(words.begin());
    }
    auto error = [&](CmdMatch m) {
        m.error_word += no ? 1 : 0;
        return text(cmd_error(c, m, line));
    };
    if (!c.modes.empty() && c.modes.back().kind == ConfigMode::Kind::interface) {
        const auto m = interface_tree().match(words);
        if (m.status == CmdMatch::Status::ok) return run_interface(c, m, no, line);
    }
    const auto g = global_tree().match(words);
    if (g.status == CmdMatch::Status::ok) {
        if (!c.modes.empty() && g.handler != gExit && g.handler != gEnd && g.handler != gShow && g.handler != gWrite &&
            g.handler != gTerminalWidth && g.handler != gTerminalPager)
            c.modes.clear();
        return run_global(c, g, no, line);
    }
    if (!c.modes.empty() && c.modes.back().kind == ConfigMode::Kind::block) {
        ConfigNode* b = mode_block(c);
        if (b) {
            if (no)
                remove_children(*b, words);
            else
                set_child(*b, util::join(words, " "), 0);
            changed(c);
        }
        return {};
    }
    if (std::any_of(free_global_words().begin(), free_global_words().end(),
                    [&](const std::string& k) { return util::iequals(k, words[0]); })) {
        c.modes.clear();
        auto& cfg = c.st.running;
        if (no)
            remove_lines(cfg, words);
        else
            set_line(cfg, util::join(words, " "), 0, kBefore);
        changed(c);
        return {};
    }
    return error(g);
}

}  // namespace vtyguard::lab
