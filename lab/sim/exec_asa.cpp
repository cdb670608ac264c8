// ASA exec mode (`fw>` / `fw#`); show commands also work in configuration mode, like on the ASA.
#include "lab/sim/cli_internal.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

enum H : int {
    kShowRun = 1,
    kShowRunArgs,
    kShowStart,
    kShowAcl,
    kShowAclName,
    kShowCrypto,
    kShowVersion,
    kShowNameif,
    kShowRoute,
    kShowCurpriv,
    kShowSsh,
    kShowClock,
    kShowLast = kShowClock,
    kPager,
    kPagerLines,
    kWidth,
    kMonitor,
    kEnable,
    kDisable,
    kLogin,
    kExit,
    kConfigureTerminal,
    kWrite,
    kCopyRunStart,
    kClearAcl,
    kClearAclName,
};

const CmdTree& tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("show running-config", kShowRun, 15);
        t.add("show running-config <LINE>", kShowRunArgs, 15);
        t.add("show startup-config", kShowStart, 15);
        t.add("show access-list", kShowAcl, 15);
        t.add("show access-list <WORD>", kShowAclName, 15);
        t.add("show crypto key mypubkey rsa", kShowCrypto, 15);
        t.add("show version", kShowVersion, 1);
        t.add("show nameif", kShowNameif, 15);
        t.add("show route <A.B.C.D>", kShowRoute, 15);
        t.add("show curpriv", kShowCurpriv, 1);
        t.add("show ssh sessions", kShowSsh, 15);
        t.add("show clock", kShowClock, 1);
        t.add("terminal pager <N:0-2147483647>", kPager, 1);
        t.add("terminal pager lines <N:0-2147483647>", kPagerLines, 1);
        t.add("terminal width <N:0-511>", kWidth, 1);
        t.add("terminal monitor", kMonitor, 1);
        t.add("terminal no monitor", kMonitor, 1);
        t.add("enable", kEnable, 1);
        t.add("disable", kDisable, 1);
        t.add("login", kLogin, 1);
        t.add("exit", kExit, 1);
        t.add("logout", kExit, 1);
        t.add("quit", kExit, 1);
        t.add("configure terminal", kConfigureTerminal, 15);
        t.add("write memory", kWrite, 15);
        t.add("write", kWrite, 15);
        t.add("copy running-config startup-config", kCopyRunStart, 15);
        t.add("clear access-list counters", kClearAcl, 15);
        t.add("clear access-list <WORD> counters", kClearAclName, 15);
        return t;
    }();
    return tree;
}

Out text(std::string s) {
    Out o;
    o.text = std::move(s);
    return o;
}

Pending enable_prompt(unsigned tries_left);

Out check_enable(CliCtx& c, unsigned tries_left, const std::string& answer) {
    bool ok = enable_matches(enable_of(c.st.running), c.st.personality, answer);
    // `aaa authentication enable console LOCAL`: the user's own password
    const auto aaa = aaa_of(c.st.running);
    if (!aaa.asa_enable.empty()) {
        const auto users = users_of(c.st.running, c.st.personality);
        const auto it = users.find(c.user);
        ok = it != users.end() && password_matches(it->second, answer);
    }
    if (ok) {
        c.privilege = 15;
        return {};
    }
    if (tries_left <= 1) return text("Invalid password\nAccess denied.\n");
    Out o;
    o.text = "Invalid password\n";
    o.ask = enable_prompt(tries_left - 1);
    return o;
}

Pending enable_prompt(unsigned tries_left) {
    Pending p;
    p.prompt = "Password: ";
    p.echo = false;
    p.then = [tries_left](CliCtx& c, const std::string& a) { return check_enable(c, tries_left, a); };
    return p;
}

std::string cryptochecksum(const CliCtx& c) {
    const auto cfg = asa_running_config(c.st, c.spec);
    const auto at = cfg.find("Cryptochecksum:");
    std::string sum = at == std::string::npos ? std::string(32, '0') : cfg.substr(at + 15, 32);
    return sum.substr(0, 8) + " " + sum.substr(8, 8) + " " + sum.substr(16, 8) + " " + sum.substr(24, 8);
}

Out save(CliCtx& c) {
    c.st.startup = asa_running_config(c.st, c.spec);
    return text("Building configuration...\nCryptochecksum: " + cryptochecksum(c) + " \n\n" +
                std::to_string(c.st.startup.size()) + " bytes copied in 0.160 secs\n[OK]\n");
}

Out run(CliCtx& c, const CmdMatch& m, std::string_view line) {
    const auto& p = m.params;
    switch (m.handler) {
        case kShowRun:
            return text(asa_running_config(c.st, c.spec));
        case kShowRunArgs: {
            bool ok = false;
            auto out = asa_show_running_section(c, p[0], ok);
            if (!ok) return text(invalid_input(c, line, 2));
            return text(out);
        }
        case kShowStart:
            return text(c.st.startup);
        case kShowAcl:
        case kShowAclName: {
            bool found = false;
            auto out = asa_show_access_list(c, m.handler == kShowAclName ? p[0] : "", found);
            if (!found) return text("ERROR: access-list <" + p[0] + "> does not exist\n");
            return text(out);
        }
        case kShowCrypto:
            return text(asa_show_crypto_key(c));
        case kShowVersion:
            return text(asa_show_version(c));
        case kShowNameif:
            return text(asa_show_nameif(c));
        case kShowRoute:
            return text(asa_show_route(c, p[0]));
        case kShowCurpriv:
            return text("Username : " + c.user + "\nCurrent privilege level : " + std::to_string(c.privilege) +
                        "\nCurrent Mode/s : " +
                        (c.in_config         ? "P_CONF"
                         : c.privilege >= 15 ? "P_PRIV"
                                             : "P_UNPR") +
                        "\n");
        case kShowSsh:
            return text(asa_show_ssh_sessions(c));
        case kShowClock: {
            const std::time_t t = wall_clock();
            std::tm tm{};
            gmtime_r(&t, &tm);
            char buf[64];
            std::strftime(buf, sizeof buf, "%H:%M:%S.000 UTC %a %b %d %Y", &tm);
            return text(std::string(buf) + "\n");
        }
        case kPager:
        case kPagerLines:
            c.term.length = static_cast<int>(std::stoll(p[0]));
            return {};
        case kWidth:
            c.term.width = std::stoi(p[0]);
            return {};
        case kMonitor:
            return {};
        case kEnable: {
            if (c.privilege >= 15) return {};
            Out o;
            o.ask = enable_prompt(3);
            return o;
        }
        case kDisable:
            c.privilege = 1;
            return {};
        case kLogin: {
            // `login` at `fw>`: a local user logs in again and gets their own privilege
            Out o;
            o.ask = Pending{};
            o.ask->prompt = "Username: ";
            o.ask->then = [](CliCtx&, const std::string& user) -> Out {
                Out o2;
                o2.ask = Pending{};
                o2.ask->prompt = "Password: ";
                o2.ask->echo = false;
                o2.ask->then = [user = std::string(util::trim(user))](CliCtx& c3, const std::string& pw) -> Out {
                    const auto users = users_of(c3.st.running, c3.st.personality);
                    const auto it = users.find(user);
                    if (it == users.end() || !password_matches(it->second, pw)) return text("Invalid password\n");
                    c3.user = user;
                    c3.privilege = it->second.privilege;
                    return {};
                };
                return o2;
            };
            return o;
        }
        case kExit: {
            Out o;
            o.text = "\nLogoff\n\n";
            o.close = true;
            return o;
        }
        case kConfigureTerminal:
            c.in_config = true;
            c.modes.clear();
            return {};
        case kWrite:
            return save(c);
        case kCopyRunStart: {
            Out o;
            o.ask = Pending{};
            o.ask->prompt = "\nSource filename [running-config]? ";
            o.ask->then = [](CliCtx&, const std::string&) -> Out {
                Out o2;
                o2.ask = Pending{};
                o2.ask->prompt = "\nDestination filename [startup-config]? ";
                o2.ask->then = [](CliCtx& c3, const std::string&) { return save(c3); };
                return o2;
            };
            return o;
        }
        case kClearAcl:
            c.st.acl_hits.clear();
            return {};
        case kClearAclName:
            std::erase_if(c.st.acl_hits, [&](const auto& kv) { return kv.first.rfind(p[0] + '\0', 0) == 0; });
            return {};
        default:
            return {};
    }
}

}  // namespace

// Exec commands; `show ...` and `write` also come here from configuration mode.
Out asa_exec(CliCtx& c, std::string_view line) {
    auto [cmd, filter] = split_pipe(line);
    const auto words = util::words(cmd);
    const auto m = tree().match(words, c.privilege);
    if (m.status != CmdMatch::Status::ok) return text(cmd_error(c, m, line));
    Out o = run(c, m, line);
    if (!filter.empty()) {
        if (m.handler < kShowRun || m.handler > kShowLast) return text(invalid_input(c, line, words.size()));
        std::string err;
        auto f = apply_filter(o.text, filter, err, true);
        if (!f) return text(err);
        o.text = *f;
    }
    return o;
}

}  // namespace vtyguard::lab
