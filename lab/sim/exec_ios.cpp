// IOS exec mode: the commands a client or vtyguard types at `host>` / `host#`.
#include "lab/sim/cli_internal.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

enum H : int {
    kShowRun = 1,
    kShowRunArgs,
    kShowStart,
    kShowIpSsh,
    kShowSsh,
    kShowAcl,
    kShowAclName,
    kShowIpAcl,
    kShowIpAclName,
    kShowIpv6Acl,
    kShowIpv6AclName,
    kShowCryptoRsa,
    kShowCryptoRsaName,
    kShowCryptoAll,
    kShowVersion,
    kShowPrivilege,
    kShowUsers,
    kShowLine,
    kShowLineVty1,
    kShowLineVty2,
    kShowIpRoute,
    kShowIpRouteVrf,
    kShowIpIntBrief,
    kShowClock,
    kShowReload,
    kTermLength,
    kTermWidth,
    kTermMonitor,
    kTermNoMonitor,
    kEnable,
    kEnableLevel,
    kDisable,
    kExit,
    kConfigureTerminal,
    kConfigure,
    kWrite,
    kCopyRunStart,
    kClearAcl,
    kClearAclName,
    kSsh,
    kTelnet,
    kConfigureRevert,
    kConfigureConfirm,
    kReload,
    kReloadIn,
    kReloadCancel,
};

const CmdTree& tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("show running-config", kShowRun, 15);
        t.add("show running-config <LINE>", kShowRunArgs, 15);
        t.add("show startup-config", kShowStart, 15);
        t.add("show ip ssh", kShowIpSsh, 1);
        t.add("show ssh", kShowSsh, 1);
        t.add("show access-lists", kShowAcl, 1);
        t.add("show access-lists <WORD>", kShowAclName, 1);
        t.add("show ip access-lists", kShowIpAcl, 1);
        t.add("show ip access-lists <WORD>", kShowIpAclName, 1);
        t.add("show ipv6 access-list", kShowIpv6Acl, 1);
        t.add("show ipv6 access-list <WORD>", kShowIpv6AclName, 1);
        t.add("show crypto key mypubkey rsa", kShowCryptoRsa, 15);
        t.add("show crypto key mypubkey rsa <WORD>", kShowCryptoRsaName, 15);
        t.add("show crypto key mypubkey all", kShowCryptoAll, 15);
        t.add("show version", kShowVersion, 1);
        t.add("show privilege", kShowPrivilege, 1);
        t.add("show users", kShowUsers, 1);
        t.add("show line", kShowLine, 1);
        t.add("show line vty <N:0-1869>", kShowLineVty1, 1);
        t.add("show line vty <N:0-1869> <N:0-1869>", kShowLineVty2, 1);
        t.add("show ip route <A.B.C.D>", kShowIpRoute, 1);
        t.add("show ip route vrf <WORD> <A.B.C.D>", kShowIpRouteVrf, 1);
        t.add("show ip interface brief", kShowIpIntBrief, 1);
        t.add("show clock", kShowClock, 1);
        t.add("show reload", kShowReload, 1);
        t.add("terminal length <N:0-512>", kTermLength, 1);
        t.add("terminal width <N:0-512>", kTermWidth, 1);
        t.add("terminal monitor", kTermMonitor, 1);
        t.add("terminal no monitor", kTermNoMonitor, 1);
        t.add("enable", kEnable, 1);
        t.add("enable <N:0-15>", kEnableLevel, 1);
        t.add("disable", kDisable, 1);
        t.add("exit", kExit, 1);
        t.add("logout", kExit, 1);
        t.add("quit", kExit, 1);
        t.add("configure terminal", kConfigureTerminal, 15);
        t.add("configure", kConfigure, 15);
        t.add("write memory", kWrite, 15);
        t.add("write", kWrite, 15);
        t.add("copy running-config startup-config", kCopyRunStart, 15);
        t.add("clear access-list counters", kClearAcl, 15);
        t.add("clear access-list counters <WORD>", kClearAclName, 15);
        t.add("clear ip access-list counters", kClearAcl, 15);
        t.add("clear ip access-list counters <WORD>", kClearAclName, 15);
        t.add("configure terminal revert timer <N:1-120>", kConfigureRevert, 15);
        t.add("configure confirm", kConfigureConfirm, 15);
        t.add("reload", kReload, 15);
        t.add("reload in <N:1-1440>", kReloadIn, 15);
        t.add("reload cancel", kReloadCancel, 15);
        t.add("ssh <LINE>", kSsh, 1);
        t.add("telnet <LINE>", kTelnet, 1);
        return t;
    }();
    return tree;
}

Out text(std::string s) {
    Out o;
    o.text = std::move(s);
    return o;
}

std::string clock_now() {
    const std::time_t t = wall_clock();
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "*%02d:%02d:%02d.%03d UTC %s %s %d %d", tm.tm_hour, tm.tm_min, tm.tm_sec, 0,
                  days[tm.tm_wday], months[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
    return buf;
}

Out save_config(CliCtx& c) {
    c.st.startup = ios_running_config(c.st, c.spec);
    c.st.saved_generation = c.st.generation.load();
    return text("Building configuration...\n[OK]\n");
}

std::string clock_at(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d UTC %s %s %d %d", tm.tm_hour, tm.tm_min, tm.tm_sec, days[tm.tm_wday],
                  months[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
    return buf;
}

bool archive_path_set(const CliCtx& c) {
    const auto* a = c.st.running.find("archive");
    return a && std::any_of(a->children.begin(), a->children.end(),
                            [](const ConfigNode& n) { return has_word_prefix(n.text, "path"); });
}

void note_deadline(Device::State& st) {
    std::time_t next = st.revert ? st.revert->deadline : 0;
    if (st.reload_at && (next == 0 || *st.reload_at < next)) next = *st.reload_at;
    st.next_deadline = next;
}

// `reload` / `reload in N`: save question, then the confirmation, like IOS.
Out reload(CliCtx& c, int minutes) {
    auto schedule = [minutes](CliCtx& cc) -> Out {
        Out o;
        const std::time_t at = cc.st.now() + 60 * minutes;
        if (minutes > 0)
            o.text = "Reload scheduled for " + clock_at(at) + " (in " + std::to_string(minutes) + " minutes) by " +
                     cc.user + " on vty" + std::to_string(std::max(cc.line, 0)) + " (" + cc.source + ")\n";
        o.ask = Pending{};
        o.ask->prompt = "Proceed with reload? [confirm]";
        o.ask->then = [at](CliCtx& c3, const std::string& a) -> Out {
            const auto t = util::lower(util::trim(a));
            if (!t.empty() && t[0] != 'y') return {};
            c3.st.reload_at = at;
            note_deadline(c3.st);
            return {};
        };
        return o;
    };
    if (c.st.generation.load() == c.st.saved_generation) return schedule(c);
    Out o;
    o.ask = Pending{};
    o.ask->prompt = "System configuration has been modified. Save? [yes/no]: ";
    o.ask->then = [schedule](CliCtx& cc, const std::string& a) -> Out {
        const auto t = util::lower(util::trim(a));
        if (t.rfind("y", 0) == 0) {
            Out saved = save_config(cc);
            Out next = schedule(cc);
            next.text = saved.text + next.text;
            return next;
        }
        if (t.rfind("n", 0) == 0) return schedule(cc);
        return text("% Please answer 'yes' or 'no'.\n");
    };
    return o;
}

Pending enable_prompt(int level, bool aaa_mode);

// One answer to the enable `Password:` prompt: IOS asks three times, then `% Bad secrets`; with
// AAA a wrong answer is `% Access denied` at once.
Out check_enable(CliCtx& c, int level, bool aaa_mode, const std::string& answer) {
    if (enable_matches(enable_of(c.st.running), c.st.personality, answer)) {
        c.privilege = level;
        c.enable_failures = 0;
        return {};
    }
    if (aaa_mode) {
        c.enable_failures = 0;
        return text("% Access denied\n\n");
    }
    if (++c.enable_failures >= 3) {
        c.enable_failures = 0;
        return text("% Bad secrets\n\n");
    }
    Out again;
    again.ask = enable_prompt(level, aaa_mode);
    return again;
}

Pending enable_prompt(int level, bool aaa_mode) {
    Pending p;
    p.prompt = "Password: ";
    p.echo = false;
    p.then = [level, aaa_mode](CliCtx& c, const std::string& answer) {
        return check_enable(c, level, aaa_mode, answer);
    };
    return p;
}

// `enable`: the enable secret (or the AAA enable list) gates the level.
Out enable(CliCtx& c, int level) {
    if (c.privilege >= level) return {};
    const auto en = enable_of(c.st.running);
    const auto aaa = aaa_of(c.st.running);
    std::vector<std::string> methods;
    if (aaa.new_model)
        if (auto it = aaa.enable.find("default"); it != aaa.enable.end()) methods = it->second;
    auto has = [&](const char* m) {
        return std::any_of(methods.begin(), methods.end(), [&](const std::string& x) { return util::iequals(x, m); });
    };
    // no enable password on this device (or a list that ends in `none`): no question
    if ((!en.secret && !en.password && !has("enable")) || (has("none") && !has("enable"))) {
        c.privilege = level;
        return {};
    }
    Out o;
    o.ask = enable_prompt(level, aaa.new_model);
    return o;
}

Out run(CliCtx& c, const CmdMatch& m, std::string_view line) {
    const auto& p = m.params;
    switch (m.handler) {
        case kShowRun:
            return text(ios_running_config(c.st, c.spec));
        case kShowRunArgs: {
            bool ok = false;
            auto out = ios_show_running_partition(c, p[0], ok);
            if (!ok) {
                // the caret goes under the first argument that is not understood
                return text(invalid_input(c, line, 2));
            }
            return text(out);
        }
        case kShowStart:
            if (c.st.startup.empty()) return text("startup-config is not present\n");
            {
                std::string s = c.st.startup;
                if (s.rfind("Building configuration...\n\n", 0) == 0) s = s.substr(27);
                if (s.rfind("Current configuration", 0) == 0)
                    s.replace(0, 21, "Using " + std::to_string(s.size()) + " out of 524288 bytes\n!\n!");
                return text(s);
            }
        case kShowIpSsh:
            return text(ios_show_ip_ssh(c));
        case kShowSsh:
            return text(ios_show_ssh_sessions(c));
        case kShowAcl:
        case kShowAclName:
        case kShowIpAcl:
        case kShowIpAclName:
        case kShowIpv6Acl:
        case kShowIpv6AclName: {
            // a name that does not exist prints nothing, like IOS
            bool found = false;
            const auto family = (m.handler == kShowIpAcl || m.handler == kShowIpAclName)       ? AclFamily::ipv4
                                : (m.handler == kShowIpv6Acl || m.handler == kShowIpv6AclName) ? AclFamily::ipv6
                                                                                               : AclFamily::all;
            const bool named =
                m.handler == kShowAclName || m.handler == kShowIpAclName || m.handler == kShowIpv6AclName;
            return text(ios_show_access_lists(c, named ? p[0] : "", family, found));
        }
        case kShowCryptoRsa:
            return text(ios_show_crypto_key(c, "", false));
        case kShowCryptoRsaName:
            return text(ios_show_crypto_key(c, p[0], false));
        case kShowCryptoAll:
            return text(ios_show_crypto_key(c, "", true));
        case kShowVersion:
            return text(ios_show_version(c));
        case kShowPrivilege:
            return text("Current privilege level is " + std::to_string(c.privilege) + "\n");
        case kShowUsers:
            return text(ios_show_users(c));
        case kShowLine:
            return text(ios_show_line(c));
        case kShowLineVty1:
        case kShowLineVty2: {
            const int a = std::stoi(p[0]);
            const int b = m.handler == kShowLineVty2 ? std::stoi(p[1]) : a;
            bool ok = false;
            auto out = ios_show_line_vty(c, a, b, ok);
            if (!ok) return text("% Invalid line number\n");  // a vty the device does not have
            return text(out);
        }
        case kShowIpRoute:
            return text(ios_show_ip_route(c, "", p[0]));
        case kShowIpRouteVrf: {
            bool known = false;
            for (const auto& r : routes_of(c.st.running, c.st.personality)) known = known || r.vrf == p[0];
            for (const auto& n : c.st.running.nodes)
                known = known || has_word_prefix(n.text, "vrf definition " + p[0]) ||
                        has_word_prefix(n.text, "ip vrf " + p[0]);
            if (!known) return text("% IP routing table " + p[0] + " does not exist\n");
            return text(ios_show_ip_route(c, p[0], p[1]));
        }
        case kShowIpIntBrief:
            return text(ios_show_ip_interface_brief(c));
        case kShowClock:
            return text(clock_now() + "\n");
        case kShowReload:
            if (!c.st.reload_at) return text("No reload is scheduled.\n");
            return text("Reload scheduled for " + clock_at(*c.st.reload_at) + " (in " +
                        std::to_string(std::max<long long>(0, (*c.st.reload_at - c.st.now() + 59) / 60)) +
                        " minutes)\n");
        case kConfigureRevert: {
            if (!archive_path_set(c)) return text("% Rollback Confirmed Change: archive path is not configured\n");
            const int minutes = std::stoi(p[0]);
            c.st.revert = Device::State::Revert{c.st.now() + 60 * minutes, c.st.running};
            note_deadline(c.st);
            c.in_config = true;
            c.modes.clear();
            return text("Rollback Confirmed Change: Backing up current running config to flash:" + c.hostname() + "-" +
                        std::to_string(c.st.generation.load()) +
                        "\n\nEnter configuration commands, one per line.  End with CNTL/Z.\n");
        }
        case kConfigureConfirm:
            c.st.revert.reset();
            note_deadline(c.st);
            return {};
        case kReload:
            return reload(c, 0);
        case kReloadIn:
            return reload(c, std::stoi(p[0]));
        case kReloadCancel:
            if (!c.st.reload_at) return text("%No reload is scheduled.\n");
            c.st.reload_at.reset();
            note_deadline(c.st);
            return text("\n\n***\n*** --- SHUTDOWN ABORTED ---\n***\n");
        case kTermLength:
            c.term.length = std::stoi(p[0]);
            return {};
        case kTermWidth:
            c.term.width = std::stoi(p[0]);
            return {};
        case kTermMonitor:
        case kTermNoMonitor:
            return {};
        case kEnable:
            return enable(c, 15);
        case kEnableLevel:
            return enable(c, std::stoi(p[0]));
        case kDisable:
            c.privilege = 1;
            return {};
        case kExit: {
            Out o;
            o.close = true;
            return o;
        }
        case kConfigureTerminal:
            c.in_config = true;
            c.modes.clear();
            return text("Enter configuration commands, one per line.  End with CNTL/Z.\n");
        case kConfigure: {
            Out o;
            o.ask = Pending{};
            o.ask->prompt = "Configuring from terminal, memory, or network [terminal]? ";
            o.ask->then = [](CliCtx& cc, const std::string& a) -> Out {
                const auto t = std::string(util::trim(a));
                if (t.empty() || util::is_prefix_ci(t, "terminal")) {
                    cc.in_config = true;
                    cc.modes.clear();
                    return text("Enter configuration commands, one per line.  End with CNTL/Z.\n");
                }
                return text("?Must be \"terminal\", \"memory\" or \"network\"\n");
            };
            return o;
        }
        case kWrite:
            return save_config(c);
        case kCopyRunStart: {
            Out o;
            o.ask = Pending{};
            o.ask->prompt = "Destination filename [startup-config]? ";
            o.ask->then = [](CliCtx& cc, const std::string&) { return save_config(cc); };
            return o;
        }
        case kClearAcl:
            c.st.acl_hits.clear();
            return {};
        case kClearAclName:
            std::erase_if(c.st.acl_hits, [&](const auto& kv) { return kv.first.rfind(p[0] + '\0', 0) == 0; });
            return {};
        case kSsh:
        case kTelnet:
            c.hop_intent = CliCtx::HopIntent{m.handler == kSsh ? Service::ssh : Service::telnet, util::words(p[0])};
            return {};
        default:
            return {};
    }
}

bool is_show(int h) {
    return h >= kShowRun && h <= kShowReload;
}

}  // namespace

Out ios_exec(CliCtx& c, std::string_view line) {
    auto [cmd, filter] = split_pipe(line);
    const auto words = util::words(cmd);
    const auto m = tree().match(words, c.privilege);
    if (m.status != CmdMatch::Status::ok) return text(cmd_error(c, m, line));
    if (!c.st.crypto_image) {
        // an image without crypto has no `ssh` or `crypto` keywords
        for (std::size_t i = 0; i < m.words.size() && i < 3; ++i)
            if (m.words[i] == "ssh" || m.words[i] == "crypto") return text(invalid_input(c, line, i));
    }
    Out o = run(c, m, line);
    if (!filter.empty()) {
        if (!is_show(m.handler)) return text(invalid_input(c, line, words.size()));
        std::string err;
        auto f = apply_filter(o.text, filter, err, false);
        if (!f) return text(err);
        o.text = *f;
    }
    return o;
}

}  // namespace vtyguard::lab
