// IOS configuration mode: global commands, `line`, `interface`, `ip access-list` and
// `control-plane host` sub-modes, free-form blocks, `crypto key` with its questions, banners.
// Every applied command bumps the device's config generation.
#include <algorithm>

#include "lab/sim/cli_internal.hpp"
#include "lab/sim/edit.hpp"
#include "lab/sim/secrets.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

// Handlers >= kSet set a line keyed by its first (handler - kSet) words (0: the whole line).
constexpr int kSet = 1000;

enum G : int {
    gHostname = 1,
    gDomainName,
    gDomainDash,
    gSshAlgorithm,
    gUsername,
    gEnableSecret,
    gEnablePassword,
    gAaaLogin,
    gAaaEnable,
    gAaaAuthzExec,
    gAaaGroup,
    gLineVty1,
    gLineVty2,
    gLineCon,
    gLineAux,
    gAclStandard,
    gAclExtended,
    gAclResequence,
    gIpv6Acl,
    gAclNumbered,
    gInterface,
    gIpRoute,
    gCryptoGenerate,
    gCryptoZeroize,
    gBanner,
    gControlPlaneHost,
    gBlock,  // free-form block, prompt from the table below
    gService,
    gEnd,
    gExit,
    gDo,
};

struct BlockKind {
    const char* spec;
    const char* prompt;
};

// Blocks whose contents the sim keeps as written.
constexpr BlockKind kBlocks[] = {
    {"control-plane", "config-cp"},
    {"vrf definition <WORD>", "config-vrf"},
    {"ip vrf <WORD>", "config-vrf"},
    {"archive", "config-archive"},
    {"object-group network <WORD>", "config-network-group"},
    {"object-group service <WORD>", "config-service-group"},
    {"router <LINE>", "config-router"},
    {"vlan <LINE>", "config-vlan"},
    {"redundancy", "config-red"},
    {"key chain <WORD>", "config-keychain"},
    {"crypto pki trustpoint <WORD>", "ca-trustpoint"},
    {"crypto pki certificate chain <WORD>", "config-cert-chain"},
    {"tacacs server <WORD>", "config-server-tacacs"},
    {"radius server <WORD>", "config-radius-server"},
    {"class-map <LINE>", "config-cmap"},
    {"policy-map <LINE>", "config-pmap"},
    {"ip ssh pubkey-chain", "conf-ssh-pubkey"},
    {"transceiver type all", "config-xcvr-type"},
    {"ip sla <N:1-2147483647>", "config-ip-sla"},
    {"track <N:1-1000> <LINE>", "config-track"},
};

// First words of global lines the sim stores as typed without interpreting them.
const std::vector<std::string>& free_global_words() {
    static const std::vector<std::string> w = util::words(
        "logging snmp-server ntp clock spanning-tree vtp boot cdp lldp errdisable license system switch ip ipv6 mac "
        "port-channel crypto monitor alias privilege file memory process diagnostic call-home netconf-yang restconf "
        "udld power version no-such-keyword login aaa default vlan interface");
    return w;
}

const std::vector<std::string>& free_interface_words() {
    static const std::vector<std::string> w = util::words(
        "switchport spanning-tree duplex speed cdp load-interval mtu channel-group standby vrrp negotiation power "
        "storm-control service-policy logging bandwidth delay encapsulation media-type keepalive tunnel "
        "authentication dot1x mab snmp lldp udld carrier-delay hold-queue ip ipv6 no-such-keyword macro");
    return w;
}

const std::vector<std::string>& free_line_words() {
    static const std::vector<std::string> w = util::words(
        "logging length width history session-timeout stopbits absolute-timeout autocommand escape-character "
        "location motd-banner exec-banner authorization accounting speed flowcontrol databits parity "
        "terminal-type activation-character disconnect-character");
    return w;
}

const CmdTree& global_tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("hostname <WORD>", gHostname);
        t.add("ip domain name <WORD>", gDomainName);
        t.add("ip domain-name <WORD>", gDomainDash);
        t.add("ip ssh version <N:1-2>", kSet + 3);
        t.add("ip ssh time-out <N:1-120>", kSet + 3);
        t.add("ip ssh authentication-retries <N:0-5>", kSet + 3);
        t.add("ip ssh rsa keypair-name <WORD>", kSet + 4);
        t.add("ip ssh port <N:2000-10000> rotary <N:0-127>", kSet + 4);
        t.add("ip ssh server algorithm encryption <LINE>", gSshAlgorithm);
        t.add("ip ssh server algorithm mac <LINE>", gSshAlgorithm);
        t.add("ip ssh server algorithm kex <LINE>", gSshAlgorithm);
        t.add("ip ssh server algorithm hostkey <LINE>", gSshAlgorithm);
        t.add("ip ssh server algorithm publickey <LINE>", gSshAlgorithm);
        t.add("ip ssh server algorithm authentication <LINE>", gSshAlgorithm);
        t.add("ip ssh maxstartups <N:2-128>", kSet + 3);
        t.add("ip ssh dh min size <N:1024-4096>", kSet + 5);
        t.add("ip ssh source-interface <WORD>", kSet + 3);
        t.add("ip ssh logging events", kSet + 0);
        t.add("ip ssh bulk-mode <LINE>", kSet + 3);
        t.add("ip ssh window-size <N:1-1000000>", kSet + 3);
        t.add("username <WORD> <LINE>", gUsername);
        t.add("enable secret <LINE>", gEnableSecret);
        t.add("enable password <LINE>", gEnablePassword);
        t.add("aaa new-model", kSet + 2);
        t.add("aaa authentication login <WORD> <LINE>", gAaaLogin);
        t.add("aaa authentication enable default <LINE>", gAaaEnable);
        t.add("aaa authorization exec <WORD> <LINE>", gAaaAuthzExec);
        t.add("aaa authorization commands <N:0-15> <WORD> <LINE>", kSet + 5);
        t.add("aaa authorization console", kSet + 0);
        t.add("aaa authorization config-commands", kSet + 0);
        t.add("aaa accounting <LINE>", kSet + 4);
        t.add("aaa session-id <LINE>", kSet + 2);
        t.add("aaa group server tacacs+ <WORD>", gAaaGroup);
        t.add("aaa group server radius <WORD>", gAaaGroup);
        t.add("line vty <N:0-1869>", gLineVty1);
        t.add("line vty <N:0-1869> <N:0-1869>", gLineVty2);
        t.add("line console <N:0-0>", gLineCon);
        t.add("line aux <N:0-0>", gLineAux);
        t.add("ip access-list standard <WORD>", gAclStandard);
        t.add("ip access-list extended <WORD>", gAclExtended);
        t.add("ip access-list resequence <WORD> <N:1-2147483647> <N:1-2147483647>", gAclResequence);
        t.add("ipv6 access-list <WORD>", gIpv6Acl);
        t.add("access-list <N:1-2699> <LINE>", gAclNumbered);
        t.add("interface <LINE>", gInterface);
        t.add("ip route <LINE>", gIpRoute);
        t.add("crypto key generate rsa <LINE>", gCryptoGenerate);
        t.add("crypto key zeroize rsa <LINE>", gCryptoZeroize);
        t.add("banner motd <LINE>", gBanner);
        t.add("banner exec <LINE>", gBanner);
        t.add("banner login <LINE>", gBanner);
        t.add("control-plane host", gControlPlaneHost);
        for (const auto& b : kBlocks) t.add(b.spec, gBlock);
        t.add("login block-for <N:1-65535> attempts <N:1-65535> within <N:1-65535>", kSet + 2);
        t.add("login quiet-mode access-class <WORD>", kSet + 2);
        t.add("login on-success log", kSet + 2);
        t.add("login on-failure log", kSet + 2);
        t.add("login delay <N:1-10>", kSet + 2);
        t.add("service <LINE>", gService);
        t.add("end", gEnd);
        t.add("exit", gExit);
        t.add("do <LINE>", gDo);
        return t;
    }();
    return tree;
}

enum L : int {
    lTransportInput = 1,
    lAccessClassIn,
    lAccessClassOut,
    lIpv6AccessClass,
    lLogin,
    lPassword,
    lExec,
    lVacant,
};

const CmdTree& line_tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("transport input <LINE>", lTransportInput);
        t.add("transport output <LINE>", kSet + 2);
        t.add("transport preferred <LINE>", kSet + 2);
        t.add("access-class <WORD> in", lAccessClassIn);
        t.add("access-class <WORD> in vrf-also", lAccessClassIn);
        t.add("access-class <WORD> out", lAccessClassOut);
        t.add("ipv6 access-class <WORD> in", lIpv6AccessClass);
        t.add("ipv6 access-class <WORD> out", lIpv6AccessClass);
        t.add("exec-timeout <N:0-35791>", kSet + 1);
        t.add("exec-timeout <N:0-35791> <N:0-2147483>", kSet + 1);
        t.add("login", lLogin);
        t.add("login local", lLogin);
        t.add("login authentication <WORD>", lLogin);
        t.add("password <LINE>", lPassword);
        t.add("rotary <N:0-127>", kSet + 1);
        t.add("privilege level <N:0-15>", kSet + 2);
        t.add("exec", lExec);
        t.add("logging synchronous", kSet + 0);
        t.add("vacant-message <LINE>", lVacant);
        t.add("exit", gExit);
        t.add("end", gEnd);
        t.add("do <LINE>", gDo);
        return t;
    }();
    return tree;
}

enum I : int { iIpAddress = 1, iAccessGroup, iVrf, iShutdown };

const CmdTree& interface_tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("ip address <A.B.C.D> <A.B.C.D>", iIpAddress);
        t.add("ip address <A.B.C.D> <A.B.C.D> secondary", iIpAddress);
        t.add("ip address dhcp", iIpAddress);
        t.add("ip access-group <WORD> in", iAccessGroup);
        t.add("ip access-group <WORD> out", iAccessGroup);
        t.add("ip vrf forwarding <WORD>", iVrf);
        t.add("vrf forwarding <WORD>", iVrf);
        t.add("description <LINE>", kSet + 1);
        t.add("shutdown", iShutdown);
        t.add("ipv6 address <LINE>", kSet + 0);
        t.add("ipv6 enable", kSet + 0);
        t.add("ipv6 traffic-filter <WORD> in", kSet + 3);
        t.add("ip unreachables", kSet + 0);
        t.add("ip redirects", kSet + 0);
        t.add("exit", gExit);
        t.add("end", gEnd);
        t.add("do <LINE>", gDo);
        return t;
    }();
    return tree;
}

enum A : int { aSeqEntry = 1, aEntry };

const CmdTree& acl_tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("<N:1-2147483647> <LINE>", aSeqEntry);
        t.add("permit <LINE>", aEntry);
        t.add("deny <LINE>", aEntry);
        t.add("remark <LINE>", aEntry);
        t.add("exit", gExit);
        t.add("end", gEnd);
        t.add("do <LINE>", gDo);
        return t;
    }();
    return tree;
}

const CmdTree& cp_host_tree() {
    static const CmdTree tree = [] {
        CmdTree t;
        t.add("management-interface <WORD> allow <LINE>", kSet + 2);
        t.add("exit", gExit);
        t.add("end", gEnd);
        t.add("do <LINE>", gDo);
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

const std::vector<std::string> kBeforeSections = {
    "interface",      "router",      "ip forward-protocol", "ip http", "ip route",
    "ip access-list", "access-list", "control-plane",       "banner",  "line"};

// ---- line blocks ------------------------------------------------------------------------------

struct Range {
    int first, last;
};

std::optional<Range> line_range(const ConfigNode& n, const std::string& type) {
    const auto w = n.words();
    if (w.size() < 3 || !util::iequals(w[0], "line") || !util::iequals(w[1], type)) return std::nullopt;
    const auto a = util::to_number(w[2]);
    const auto b = w.size() >= 4 ? util::to_number(w[3]) : a;
    if (!a || !b) return std::nullopt;
    return Range{static_cast<int>(*a), static_cast<int>(*b)};
}

std::string line_header(const std::string& type, int a, int b) {
    return "line " + type + " " + std::to_string(a) + (b != a ? " " + std::to_string(b) : "");
}

// Makes the line blocks of `type` cover [first, last] exactly (splitting blocks, creating missing
// lines), returns the indexes of the blocks inside the range.
std::vector<std::size_t> line_blocks(Config& cfg, const std::string& type, int first, int last) {
    auto& nodes = cfg.nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        auto r = line_range(nodes[i], type);
        if (!r) continue;
        for (int cut : {first, last + 1}) {
            if (cut > r->first && cut <= r->last) {
                ConfigNode second = nodes[i];
                nodes[i].text = line_header(type, r->first, cut - 1);
                second.text = line_header(type, cut, r->last);
                nodes.insert(nodes.begin() + static_cast<long>(i) + 1, second);
                r = line_range(nodes[i], type);
            }
        }
    }
    // lines in the range that no block covers yet
    std::vector<bool> covered(static_cast<std::size_t>(last - first + 1), false);
    std::size_t last_block = nodes.size();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        auto r = line_range(nodes[i], type);
        if (!r) continue;
        last_block = i;
        for (int n = std::max(r->first, first); n <= std::min(r->last, last); ++n)
            covered[static_cast<std::size_t>(n - first)] = true;
    }
    int start = -1;
    std::vector<ConfigNode> fresh;
    for (int n = first; n <= last + 1; ++n) {
        const bool hole = n <= last && !covered[static_cast<std::size_t>(n - first)];
        if (hole && start < 0) start = n;
        if (!hole && start >= 0) {
            ConfigNode b;
            b.text = line_header(type, start, n - 1);
            if (type == "vty") {
                ConfigNode login;
                login.text = "login";
                login.indent = 1;
                b.children.push_back(login);
            }
            fresh.push_back(b);
            start = -1;
        }
    }
    if (!fresh.empty()) {
        std::size_t at = last_block < nodes.size() ? last_block + 1 : cfg.insertion_point("line " + type, {"end"});
        for (auto& b : fresh) nodes.insert(nodes.begin() + static_cast<long>(at++), b);
    }
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        auto r = line_range(nodes[i], type);
        if (r && r->first >= first && r->last <= last) out.push_back(i);
    }
    return out;
}

// Joins neighbouring blocks that ended up identical, never across the 0-4 / 5-15 split IOS keeps.
void merge_line_blocks(Config& cfg, const std::string& type) {
    auto& nodes = cfg.nodes;
    for (std::size_t i = 0; i + 1 < nodes.size();) {
        auto a = line_range(nodes[i], type);
        auto b = line_range(nodes[i + 1], type);
        bool same = a && b && a->last + 1 == b->first && !(a->last == 4 && b->first == 5) &&
                    nodes[i].children.size() == nodes[i + 1].children.size();
        if (same)
            for (std::size_t k = 0; k < nodes[i].children.size(); ++k)
                same = same && nodes[i].children[k].text == nodes[i + 1].children[k].text;
        if (same) {
            nodes[i].text = line_header(type, a->first, b->last);
            nodes.erase(nodes.begin() + static_cast<long>(i) + 1);
        } else {
            ++i;
        }
    }
}

int line_rank(const std::string& text) {
    static const std::vector<std::string> order = {"session-timeout",
                                                   "access-class",
                                                   "ipv6 access-class",
                                                   "exec-timeout",
                                                   "privilege level",
                                                   "logging",
                                                   "password",
                                                   "login",
                                                   "no login",
                                                   "rotary",
                                                   "length",
                                                   "width",
                                                   "history",
                                                   "transport preferred",
                                                   "transport input",
                                                   "transport output",
                                                   "escape-character",
                                                   "stopbits",
                                                   "no exec"};
    for (std::size_t i = order.size(); i-- > 0;)
        if (has_word_prefix(text, order[i])) return static_cast<int>(i);
    return static_cast<int>(order.size());
}

int interface_rank(const std::string& text) {
    if (has_word_prefix(text, "description")) return 0;
    if (has_word_prefix(text, "switchport")) return 1;
    if (has_word_prefix(text, "vrf forwarding") || has_word_prefix(text, "ip vrf forwarding")) return 2;
    if (has_word_prefix(text, "ip address") || has_word_prefix(text, "no ip address")) return 3;
    if (has_word_prefix(text, "ip") || has_word_prefix(text, "no ip")) return 4;
    if (has_word_prefix(text, "ipv6")) return 5;
    if (has_word_prefix(text, "shutdown")) return 6;
    return 7;
}

// ---- helpers for the handlers -----------------------------------------------------------------

ConfigNode* mode_block(CliCtx& c) {
    if (c.modes.empty()) return nullptr;
    return c.st.running.find(c.modes.back().header);
}

void enter(CliCtx& c, ConfigMode m) {
    c.modes.clear();
    c.modes.push_back(std::move(m));
}

using StoreBanner = std::function<void(CliCtx&, const std::string&, std::vector<std::string>)>;

struct BannerText {
    std::string delim, first;
    std::vector<std::string> body;
    StoreBanner store;
};

// One line of a multi-line banner; the line holding the delimiter ends it.
Pending banner_line(const std::shared_ptr<BannerText>& state) {
    Pending p;
    p.prompt = "";
    p.then = [state](CliCtx& cc, const std::string& line) -> Out {
        const auto at = line.find(state->delim);
        if (at == std::string::npos) {
            state->body.push_back(line);
            Out o;
            o.ask = banner_line(state);
            return o;
        }
        state->body.push_back(line.substr(0, at) + "^C");
        state->store(cc, state->first, state->body);
        return {};
    };
    return p;
}

// The banner delimiter and what follows it on the first line.
Out banner(CliCtx& c, const std::string& kind, const std::string& rest) {
    if (rest.empty()) return text("% Incomplete command.\n\n");
    const std::string delim = rest.rfind("^C", 0) == 0 ? "^C" : rest.substr(0, 1);
    const std::string after = rest.substr(delim.size());
    const std::string header = "banner " + kind;
    StoreBanner store = [header](CliCtx& cc, const std::string& first, std::vector<std::string> body) {
        auto& cfg = cc.st.running;
        std::erase_if(cfg.nodes, [&](const ConfigNode& n) { return has_word_prefix(n.text, header); });
        ConfigNode n;
        n.text = header + " ^C" + first;
        n.body = std::move(body);
        const auto at = cfg.insertion_point(n.text, {"line", "end"});
        cfg.nodes.insert(cfg.nodes.begin() + static_cast<long>(at), n);
        changed(cc);
    };
    const auto end = after.find(delim);
    if (end != std::string::npos) {
        store(c, after.substr(0, end) + "^C", {});
        return {};
    }
    // multi-line: collect until the delimiter comes back
    auto state = std::make_shared<BannerText>(BannerText{delim, after, {}, store});
    Out o;
    o.text = "Enter TEXT message.  End with the character '" + delim + "'.\n";
    o.ask = banner_line(state);
    return o;
}

Out crypto_generate(CliCtx& c, const std::vector<std::string>& args) {
    std::string label;
    int bits = 0;
    bool exportable = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto k = util::lower(args[i]);
        if (util::is_prefix_ci(k, "label") && k.size() >= 2 && i + 1 < args.size()) {
            label = args[++i];
        } else if (util::is_prefix_ci(k, "modulus") && k.size() >= 2 && i + 1 < args.size()) {
            const auto n = util::to_number(args[++i]);
            if (!n || *n < 360 || *n > 4096)
                return text(invalid_input(c, "crypto key generate rsa " + util::join(args, " "), 4 + i));
            bits = static_cast<int>(*n);
        } else if (util::is_prefix_ci(k, "exportable")) {
            exportable = true;
        } else if (util::is_prefix_ci(k, "general-keys") || util::is_prefix_ci(k, "usage-keys") ||
                   util::is_prefix_ci(k, "redundancy")) {
            continue;
        } else {
            return text(invalid_input(c, "crypto key generate rsa " + util::join(args, " "), 4 + i));
        }
    }
    std::string err;
    const auto name = new_key_name(c.st, label, err);
    if (!name) return text(err + "\n");
    auto generate = [name = *name, exportable](CliCtx& cc, int b) -> Out {
        make_key(cc.st, name, b, exportable);
        changed(cc);
        return text("% The key modulus size is " + std::to_string(b) + " bits\n% Generating " + std::to_string(b) +
                    " bit RSA keys, keys will be " + (exportable ? "exportable" : "non-exportable") +
                    "...\n[OK] (elapsed time was 1 seconds)\n\n");
    };
    auto ask_bits = [generate, bits, name = *name](CliCtx& cc) -> Out {
        Out o;
        o.text = "The name for the keys will be: " + name + "\n";
        if (bits) {
            Out g = generate(cc, bits);
            o.text += "\n" + g.text;
            return o;
        }
        o.text +=
            "Choose the size of the key modulus in the range of 360 to 4096 for your\n"
            "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
            "  a few minutes.\n\n";
        o.ask = Pending{};
        o.ask->prompt = "How many bits in the modulus [1024]: ";
        o.ask->then = [generate](CliCtx& c2, const std::string& a) -> Out {
            const auto t = std::string(util::trim(a));
            const auto n = t.empty() ? std::optional<long long>(1024) : util::to_number(t);
            if (!n || *n < 360 || *n > 4096) return text("% Invalid modulus size\n");
            return generate(c2, static_cast<int>(*n));
        };
        return o;
    };
    const bool exists =
        std::any_of(c.st.keys.begin(), c.st.keys.end(), [&](const RsaKey& k) { return k.name == *name; });
    if (!exists) return ask_bits(c);
    Out o;
    o.ask = Pending{};
    o.ask->prompt =
        "% You already have RSA keys defined named " + *name + ".\r\n% Do you really want to replace them? [yes/no]: ";
    o.ask->then = [ask_bits](CliCtx& cc, const std::string& a) -> Out {
        if (util::is_prefix_ci(util::trim(a), "yes")) return ask_bits(cc);
        return {};
    };
    return o;
}

Out crypto_zeroize(CliCtx& c, const std::vector<std::string>& args) {
    const std::string label = args.empty() ? "" : args[0];
    if (!label.empty() &&
        std::none_of(c.st.keys.begin(), c.st.keys.end(), [&](const RsaKey& k) { return k.name == label; }))
        return text("% RSA keypair '" + label + "' does not exist\n");
    if (c.st.keys.empty()) return text("% No Signature RSA Keys found in configuration.\n");
    Out o;
    o.text = label.empty()
                 ? "% All keys will be removed.\n% All router certs issued using these keys will also be removed.\n"
                 : "% Keys to be removed are named '" + label +
                       "'.\n% All router certs issued using these keys will also be removed.\n";
    o.ask = Pending{};
    o.ask->prompt = "Do you really want to remove these keys? [yes/no]: ";
    o.ask->then = [label](CliCtx& cc, const std::string& a) -> Out {
        if (!util::is_prefix_ci(util::trim(a), "yes")) return {};
        if (label.empty())
            cc.st.keys.clear();
        else
            std::erase_if(cc.st.keys, [&](const RsaKey& k) { return k.name == label; });
        changed(cc);
        return {};
    };
    return o;
}

// `service password-encryption` encrypts the clear passwords already in the config.
void encrypt_passwords(Config& cfg) {
    for (auto& n : cfg.nodes) {
        const auto w = n.words();
        if (w.size() >= 3 && util::iequals(w[0], "username")) n.text = ios_username_line(Config{}, w, "", true);
        if (w.size() >= 3 && util::iequals(w[0], "enable") && util::iequals(w[1], "password"))
            n.text = ios_enable_line(w, "", true);
        if (has_word_prefix(n.text, "line"))
            for (auto& ch : n.children) {
                const auto cw = ch.words();
                if (!cw.empty() && util::iequals(cw[0], "password")) ch.text = ios_password_child(cw, true);
            }
    }
}

bool valid_transports(const std::vector<std::string>& w, std::size_t& bad) {
    static const std::vector<std::string> ok = util::words("all none ssh telnet rlogin pad lapb-ta mop udptn v120");
    for (std::size_t i = 0; i < w.size(); ++i)
        if (std::none_of(ok.begin(), ok.end(), [&](const std::string& k) { return util::iequals(k, w[i]); })) {
            bad = i;
            return false;
        }
    return !w.empty();
}

bool valid_algorithms(const std::string& family, const std::vector<std::string>& names, std::size_t& bad) {
    static const std::map<std::string, std::vector<std::string>> known{
        {"encryption",
         util::words("aes128-ctr aes192-ctr aes256-ctr aes128-cbc aes192-cbc aes256-cbc 3des-cbc aes128-gcm aes256-gcm "
                     "chacha20-poly1305@openssh.com aes128-gcm@openssh.com aes256-gcm@openssh.com")},
        {"mac", util::words("hmac-sha1 hmac-sha1-96 hmac-sha2-256 hmac-sha2-512 hmac-sha2-256-etm@openssh.com "
                            "hmac-sha2-512-etm@openssh.com")},
        {"kex", util::words("diffie-hellman-group1-sha1 diffie-hellman-group14-sha1 diffie-hellman-group14-sha256 "
                            "diffie-hellman-group16-sha512 ecdh-sha2-nistp256 ecdh-sha2-nistp384 ecdh-sha2-nistp521 "
                            "curve25519-sha256 curve25519-sha256@libssh.org diffie-hellman-group-exchange-sha1")},
        {"hostkey", util::words("rsa-sha2-512 rsa-sha2-256 ssh-rsa x509v3-ssh-rsa ecdsa-sha2-nistp256 ssh-ed25519")},
        {"publickey", util::words("rsa-sha2-512 rsa-sha2-256 ssh-rsa x509v3-ssh-rsa ecdsa-sha2-nistp256 "
                                  "ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 ssh-ed25519 x509v3-rsa2048-sha256")},
        {"authentication", util::words("password keyboard publickey")},
    };
    const auto it = known.find(family);
    if (it == known.end()) return false;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (std::none_of(it->second.begin(), it->second.end(),
                         [&](const std::string& k) { return util::iequals(k, names[i]); })) {
            bad = i;
            return false;
        }
    return !names.empty();
}

// ---- ACL sub-mode -----------------------------------------------------------------------------

bool acl_standard(const ConfigMode& m) {
    return has_word_prefix(m.header, "ip access-list standard");
}

int seq_of(const ConfigNode& n) {
    const auto w = n.words();
    return w.empty() ? 0 : static_cast<int>(util::to_number(w[0]).value_or(0));
}

// Numbered ACL lines (`access-list 10 ...`) become the block form when edited by name, the way
// IOS-XE shows them; the block keeps their order and sequence numbers.
ConfigNode& acl_block(Config& cfg, const std::string& kind, const std::string& name) {
    const std::string header = "ip access-list " + kind + " " + name;
    if (auto* n = cfg.find(header)) return *n;
    std::vector<ConfigNode> entries;
    std::optional<std::size_t> at;
    int seq = 10;
    for (std::size_t i = 0; i < cfg.nodes.size();) {
        const auto w = cfg.nodes[i].words();
        if (w.size() >= 3 && util::iequals(w[0], "access-list") && w[1] == name) {
            if (!at) at = i;
            ConfigNode e;
            e.indent = 1;
            const bool remark = util::iequals(w[2], "remark");
            e.text = remark ? util::join(w, " ", 2) : std::to_string(seq) + " " + util::join(w, " ", 2);
            if (!remark) seq += 10;
            entries.push_back(e);
            cfg.nodes.erase(cfg.nodes.begin() + static_cast<long>(i));
            continue;
        }
        ++i;
    }
    if (at) {
        ConfigNode b;
        b.text = header;
        b.children = std::move(entries);
        cfg.nodes.insert(cfg.nodes.begin() + static_cast<long>(*at), b);
        return cfg.nodes[*at];
    }
    return ensure_block(cfg, header, {"control-plane", "banner", "line", "end"}, false);
}

// `entry_offset`: index in the typed line of the entry's first word (for the caret).
Out acl_add(CliCtx& c, ConfigNode& block, int seq, const std::vector<std::string>& entry_words, std::string_view line,
            std::size_t entry_offset) {
    const bool standard = acl_standard(c.modes.back());
    std::string err;
    std::size_t bad = 0;
    auto e = parse_entry(Dialect::ios, standard, entry_words, err, &bad);
    if (!e) {
        if (err.find("Invalid") != std::string::npos) return text(invalid_input(c, line, entry_offset + bad));
        return text(err + "\n\n");
    }
    if (e->remark) {
        ConfigNode r;
        r.text = e->text;
        r.indent = 1;
        // a remark goes before the entry it describes: the next one to be added
        block.children.push_back(r);
        changed(c);
        return {};
    }
    int last = 0;
    for (const auto& ch : block.children) last = std::max(last, seq_of(ch));
    if (seq == 0) seq = last + 10;
    for (const auto& ch : block.children) {
        if (seq_of(ch) == seq) return text("% Duplicate sequence number\n");
        const auto cw = ch.words();
        if (!cw.empty() && util::to_number(cw[0]) &&
            util::join({cw.begin() + 1, cw.end()}, " ") == util::join(util::words(e->text), " "))
            return {};  // an identical entry is not added twice
    }
    ConfigNode n;
    n.text = std::to_string(seq) + " " + e->text;
    n.indent = 1;
    std::size_t at = block.children.size();
    for (std::size_t i = 0; i < block.children.size(); ++i) {
        const int s = seq_of(block.children[i]);
        if (s > seq) {
            at = i;
            // keep the remarks that precede the next entry with it
            while (at > 0 && seq_of(block.children[at - 1]) == 0) --at;
            break;
        }
    }
    block.children.insert(block.children.begin() + static_cast<long>(at), n);
    changed(c);
    return {};
}

Out acl_remove(CliCtx& c, ConfigNode& block, const std::vector<std::string>& words) {
    if (words.size() == 1 && util::to_number(words[0])) {
        const int seq = static_cast<int>(*util::to_number(words[0]));
        const auto before = block.children.size();
        std::erase_if(block.children, [&](const ConfigNode& n) { return seq_of(n) == seq; });
        if (before != block.children.size()) {
            c.st.acl_hits.erase(Device::State::hit_key(util::words(block.text).back(), std::to_string(seq)));
            changed(c);
        }
        return {};
    }
    std::string err;
    auto e = parse_entry(Dialect::ios, acl_standard(c.modes.back()), words, err);
    if (!e) return {};
    const auto before = block.children.size();
    std::erase_if(block.children, [&](const ConfigNode& n) {
        auto w = n.words();
        if (!w.empty() && util::to_number(w[0])) w.erase(w.begin());
        return util::join(w, " ") == util::join(util::words(e->text), " ");
    });
    if (before != block.children.size()) changed(c);
    return {};
}

Out resequence(CliCtx& c, const std::string& name, int start, int step) {
    auto acl = find_acl(c.st.running, Dialect::ios, name);
    if (!acl) return text("% Access list " + name + " does not exist\n");
    ConfigNode& block = acl_block(c.st.running, acl->standard ? "standard" : "extended", name);
    int next = start;
    std::map<std::string, std::uint64_t> moved;
    for (auto& ch : block.children) {
        auto w = ch.words();
        if (w.empty() || !util::to_number(w[0])) continue;
        const auto old = hits(c.st, name, w[0]);
        if (old) moved[std::to_string(next)] = old;
        c.st.acl_hits.erase(Device::State::hit_key(name, w[0]));
        ch.text = std::to_string(next) + ch.text.substr(ch.text.find(' '));
        next += step;
    }
    for (const auto& [seq, n] : moved) c.st.acl_hits[Device::State::hit_key(name, seq)] = n;
    changed(c);
    return {};
}

// ---- dispatch ---------------------------------------------------------------------------------

Out run_global(CliCtx& c, const CmdMatch& m, bool no, std::string_view line);

// Lines of the free-form word lists: stored as typed (first keyword expanded where it matched).
Out free_form_global(CliCtx& c, const std::vector<std::string>& words, bool no) {
    auto& cfg = c.st.running;
    if (no) {
        if (remove_lines(cfg, words)) changed(c);
        // defaults that IOS prints in their `no` form
        static const std::vector<std::string> defaults_on = {
            "ip http server", "ip http secure-server", "ip domain lookup",  "ip domain-lookup", "service pad",
            "cdp run",        "ip source-route",       "ip gratuitous-arps"};
        const auto joined = util::join(words, " ");
        for (const auto& d : defaults_on)
            if (util::iequals(joined, d)) {
                set_line(cfg, "no " + d, 0, kBeforeSections);
                changed(c);
            }
        return {};
    }
    const auto joined = util::join(words, " ");
    remove_lines(cfg, util::words("no " + joined));
    if (set_line(cfg, joined, 0, kBeforeSections)) changed(c);
    return {};
}

// `do CMD`: an exec command from configuration mode.
Out exec_from_config(CliCtx& c, const std::string& rest) {
    return ios_exec(c, rest);
}

// 1 when the typed line starts with `no` (carets count it).
std::size_t shift_of(std::string_view line) {
    const auto w = util::words(line);
    return !w.empty() && util::iequals(w[0], "no") ? 1 : 0;
}

Out run_global(CliCtx& c, const CmdMatch& m, bool no, std::string_view line) {
    auto& cfg = c.st.running;
    const auto& p = m.params;
    const std::string canonical = util::join(m.words, " ");
    if (m.handler >= kSet) {
        const auto keylen = static_cast<std::size_t>(m.handler - kSet);
        if (no) {
            const auto key =
                keylen ? std::vector<std::string>(m.words.begin(),
                                                  m.words.begin() + static_cast<long>(std::min(keylen, m.words.size())))
                       : m.words;
            if (remove_lines(cfg, key)) changed(c);
            return {};
        }
        if (set_line(cfg, canonical, keylen, kBeforeSections)) changed(c);
        return {};
    }
    switch (m.handler) {
        case gHostname:
            if (no) {
                if (remove_lines(cfg, {"hostname"})) changed(c);
                return {};
            }
            if (set_line(cfg, "hostname " + p[0], 1,
                         {"boot-start-marker", "boot", "enable", "aaa", "username", "interface", "line"}))
                changed(c);
            return {};
        case gDomainName:
        case gDomainDash: {
            const bool xe = c.st.release.xe;
            if (no) {
                remove_lines(cfg, {"ip", "domain", "name"});
                remove_lines(cfg, {"ip", "domain-name"});
                changed(c);
                return {};
            }
            const std::string l =
                (xe || m.handler == gDomainName) ? "ip domain name " + p[0] : "ip domain-name " + p[0];
            remove_lines(cfg, {"ip", m.handler == gDomainName ? "domain-name" : "domain"});
            if (set_line(cfg, l, 0, kBeforeSections)) changed(c);
            // a second line with another domain of the same form goes away
            std::erase_if(cfg.nodes, [&](const ConfigNode& n) {
                return n.text != l &&
                       (has_word_prefix(n.text, "ip domain name") || has_word_prefix(n.text, "ip domain-name"));
            });
            return {};
        }
        case gSshAlgorithm: {
            const auto family = m.words[4];
            if (no) {
                if (remove_lines(cfg, {"ip", "ssh", "server", "algorithm", family})) changed(c);
                return {};
            }
            const auto names = util::words(p[0]);
            std::size_t bad = 0;
            if (!valid_algorithms(family, names, bad)) return text(invalid_input(c, line, 5 + bad));
            if (set_line(cfg, canonical, 5, kBeforeSections)) changed(c);
            return {};
        }
        case gUsername: {
            if (no) {
                if (remove_lines(cfg, {"username", p[0]})) changed(c);
                return {};
            }
            const auto w = util::words("username " + p[0] + " " + p[1]);
            const auto l = ios_username_line(cfg, w, c.spec.name, password_encryption_on(cfg));
            std::erase_if(cfg.nodes, [&](const ConfigNode& n) {
                const auto nw = n.words();
                return nw.size() >= 2 && util::iequals(nw[0], "username") && nw[1] == p[0] && n.text != l;
            });
            if (set_line(cfg, l, 2, kBeforeSections)) changed(c);
            return {};
        }
        case gEnableSecret:
        case gEnablePassword: {
            const std::string kind = m.handler == gEnableSecret ? "secret" : "password";
            if (no) {
                if (remove_lines(cfg, {"enable", kind})) changed(c);
                return {};
            }
            const auto l =
                ios_enable_line(util::words("enable " + kind + " " + p[0]), c.spec.name, password_encryption_on(cfg));
            if (set_line(cfg, l, 2, kBeforeSections)) changed(c);
            return {};
        }
        case gAaaLogin:
        case gAaaEnable:
        case gAaaAuthzExec: {
            constexpr std::size_t keylen =
                4;  // `aaa authentication login LIST`, `... enable default`, `aaa authorization exec LIST`
            if (no) {
                if (remove_lines(cfg, {m.words.begin(), m.words.begin() + 4})) changed(c);
                return {};
            }
            const auto methods = util::words(p.back());
            static const std::vector<std::string> ok =
                util::words("local local-case enable line none group if-authenticated krb5");
            for (std::size_t i = 0; i < methods.size(); ++i) {
                if (i > 0 && util::iequals(methods[i - 1], "group")) continue;
                if (std::none_of(ok.begin(), ok.end(),
                                 [&](const std::string& k) { return util::iequals(k, methods[i]); }))
                    return text(invalid_input(c, line, shift_of(line) + keylen + i));
            }
            if (set_line(cfg, canonical, keylen, kBeforeSections)) changed(c);
            return {};
        }
        case gAaaGroup: {
            const std::string header = canonical;
            if (no) {
                if (remove_lines(cfg, m.words)) changed(c);
                return {};
            }
            ensure_block(cfg, header, {"aaa authentication", "aaa authorization", "interface", "line"}, false);
            changed(c);
            enter(c, ConfigMode::block(ConfigMode::Kind::block, header,
                                       util::iequals(m.words[3], "radius") ? "config-sg-radius" : "config-sg-tacacs+"));
            return {};
        }
        case gLineVty1:
        case gLineVty2:
        case gLineCon:
        case gLineAux: {
            std::string type = m.handler == gLineCon ? "con" : m.handler == gLineAux ? "aux" : "vty";
            int a = std::stoi(p[0]);
            int b = m.handler == gLineVty2 ? std::stoi(p[1]) : a;
            if (b < a) return text("%Invalid line range\n");
            if (no) {
                if (type == "vty" && a >= 5) {
                    // lines above the first five can be removed
                    std::erase_if(cfg.nodes, [&](const ConfigNode& n) {
                        auto r = line_range(n, "vty");
                        return r && r->first >= a && r->last <= b;
                    });
                    changed(c);
                }
                return {};
            }
            line_blocks(cfg, type, a, b);
            merge_line_blocks(cfg, type);
            changed(c);  // lines that did not exist are created
            enter(c, ConfigMode::lines(type, a, b));
            return {};
        }
        case gAclStandard:
        case gAclExtended: {
            const std::string kind = m.handler == gAclStandard ? "standard" : "extended";
            if (no) {
                remove_lines(cfg, {"ip", "access-list", kind, p[0]});
                remove_lines(cfg, {"access-list", p[0]});
                std::erase_if(c.st.acl_hits, [&](const auto& kv) { return kv.first.rfind(p[0] + '\0', 0) == 0; });
                changed(c);
                return {};
            }
            if (const auto num = util::to_number(p[0])) {
                const bool num_std = ios_numbered_standard(*num), num_ext = ios_numbered_extended(*num);
                if ((num_std && kind == "extended") || (num_ext && kind == "standard"))
                    return text("% Invalid access list name.\n");
            }
            if (auto existing = find_acl(cfg, Dialect::ios, p[0]);
                existing && existing->standard != (kind == "standard"))
                return text("% A named " + std::string(existing->standard ? "standard" : "extended") +
                            " IP access list with this name already exists\n");
            const ConfigNode& b = acl_block(cfg, kind, p[0]);
            enter(c, ConfigMode::block(ConfigMode::Kind::acl, b.text,
                                       kind == "standard" ? "config-std-nacl" : "config-ext-nacl"));
            return {};
        }
        case gAclResequence:
            return resequence(c, p[0], std::stoi(p[1]), std::stoi(p[2]));
        case gIpv6Acl: {
            const std::string header = "ipv6 access-list " + p[0];
            if (no) {
                if (remove_lines(cfg, util::words(header))) changed(c);
                return {};
            }
            ensure_block(cfg, header, {"control-plane", "banner", "line", "end"}, true);
            changed(c);
            enter(c, ConfigMode::block(ConfigMode::Kind::ipv6_acl, header, "config-ipv6-acl"));
            return {};
        }
        case gAclNumbered: {
            const auto num = std::stoll(m.params[0]);
            const bool standard = ios_numbered_standard(num);
            if (!standard && !ios_numbered_extended(num)) return text(invalid_input(c, line, 1));
            const auto rest = util::words(p[1]);
            if (no) {
                remove_lines(cfg, {"access-list", p[0]});
                remove_lines(cfg, {"ip", "access-list", standard ? "standard" : "extended", p[0]});
                std::erase_if(c.st.acl_hits, [&](const auto& kv) { return kv.first.rfind(p[0] + '\0', 0) == 0; });
                changed(c);
                return {};
            }
            std::string err;
            std::size_t bad = 0;
            auto e = parse_entry(Dialect::ios, standard, rest, err, &bad);
            if (!e)
                return text(err.find("Invalid") != std::string::npos ? invalid_input(c, line, 2 + bad) : err + "\n\n");
            if (auto* block = cfg.find("ip access-list " + std::string(standard ? "standard " : "extended ") + p[0])) {
                // already in block form: appended with the next sequence number
                ConfigMode m2 = ConfigMode::block(ConfigMode::Kind::acl, block->text, "");
                c.modes.push_back(m2);
                Out o = acl_add(c, *block, 0, rest, line, 2);
                c.modes.pop_back();
                return o;
            }
            ConfigNode n;
            n.text = "access-list " + p[0] + " " + e->text;
            // after the ACL's last line, else with the other numbered ACLs
            std::size_t at = cfg.nodes.size();
            bool found = false;
            for (std::size_t i = 0; i < cfg.nodes.size(); ++i)
                if (has_word_prefix(cfg.nodes[i].text, "access-list " + p[0])) at = i + 1, found = true;
            if (!found) at = cfg.insertion_point(n.text, {"control-plane", "banner", "line", "end"});
            cfg.nodes.insert(cfg.nodes.begin() + static_cast<long>(at), n);
            changed(c);
            return {};
        }
        case gInterface: {
            const auto name = expand_interface_name(cfg, util::words(p[0]));
            const std::string header = "interface " + name;
            if (no) {
                if (has_word_prefix(header, "interface Loopback") || has_word_prefix(header, "interface Tunnel") ||
                    has_word_prefix(header, "interface Vlan") || has_word_prefix(header, "interface Port-channel")) {
                    if (remove_lines(cfg, util::words(header))) changed(c);
                    return {};
                }
                return text("% Removal of physical interfaces is not permitted\n");
            }
            if (!cfg.find(header)) {
                ensure_block(cfg, header,
                             {"router", "ip forward-protocol", "ip http", "ip route", "ip access-list", "access-list",
                              "control-plane", "banner", "line"},
                             true);
                changed(c);
            }
            enter(c, ConfigMode::block(ConfigMode::Kind::interface, header, "config-if"));
            return {};
        }
        case gIpRoute: {
            auto w = util::words(p[0]);
            std::size_t i = 0;
            if (!w.empty() && util::iequals(w[0], "vrf")) i = 2;
            if (w.size() < i + 2 || !util::parse_ipv4(w[i]) || !util::parse_ipv4(w[i + 1]))
                return text(invalid_input(c, line, 2 + std::min(i, w.size())));
            if (no) {
                if (remove_lines(cfg, util::words("ip route " + p[0]))) changed(c);
                return {};
            }
            if (w.size() < i + 3) return text("% Incomplete command.\n\n");
            if (!util::parse_ipv4(w[i + 2])) w[i + 2] = expand_interface_name(cfg, {w[i + 2]});
            if (set_line(cfg, "ip route " + util::join(w, " "), 0,
                         {"ip http", "ip access-list", "access-list", "control-plane", "banner", "line"}))
                changed(c);
            return {};
        }
        case gCryptoGenerate:
            if (no) return text(invalid_input(c, line, 0));
            return crypto_generate(c, util::words(p[0]));
        case gCryptoZeroize:
            return crypto_zeroize(c, util::words(p[0]));
        case gBanner: {
            const std::string kind = m.words[1];
            if (no) {
                if (remove_lines(cfg, {"banner", kind})) changed(c);
                return {};
            }
            return banner(c, kind, std::string(util::trim(p[0])));
        }
        case gControlPlaneHost:
            if (no) return {};
            ensure_block(cfg, "control-plane host", {"banner", "line"}, true);
            changed(c);
            enter(c, ConfigMode::block(ConfigMode::Kind::block, "control-plane host", "config-cp-host"));
            return {};
        case gBlock: {
            if (no) {
                if (remove_lines(cfg, m.words)) changed(c);
                return {};
            }
            std::string prompt = "config";
            for (const auto& b : kBlocks) {
                CmdTree one;
                one.add(b.spec, 1);
                if (one.match(m.words).status == CmdMatch::Status::ok) {
                    prompt = b.prompt;
                    break;
                }
            }
            if (!cfg.find(canonical)) {
                ensure_block(cfg, canonical, kBeforeSections, true);
                changed(c);
            }
            enter(c, ConfigMode::block(ConfigMode::Kind::block, canonical, prompt));
            return {};
        }
        case gService: {
            const auto w = util::words(p[0]);
            if (no) {
                if (remove_lines(cfg, util::words("service " + p[0]))) changed(c);
                return {};
            }
            if (set_line(cfg, "service " + p[0], 0,
                         {"hostname", "boot", "enable", "aaa", "username", "interface", "line"}))
                changed(c);
            if (!w.empty() && util::iequals(w[0], "password-encryption")) encrypt_passwords(cfg);
            return {};
        }
        case gEnd:
            c.in_config = false;
            c.modes.clear();
            return {};
        case gExit:
            if (!c.modes.empty()) {
                c.modes.clear();
                return {};
            }
            c.in_config = false;
            return {};
        case gDo:
            return exec_from_config(c, p[0]);
        default:
            return {};
    }
}

Out run_line_mode(CliCtx& c, const CmdMatch& m, bool no, std::string_view line) {
    auto& cfg = c.st.running;
    const auto mode = c.modes.back();
    if (m.handler == gExit || m.handler == gEnd || m.handler == gDo) return run_global(c, m, false, line);
    const auto canonical = util::join(m.words, " ");
    std::size_t bad = 0;
    if (m.handler == lTransportInput && !no && !valid_transports(util::words(m.params[0]), bad))
        return text(invalid_input(c, line, 2 + bad));
    if (m.handler == lVacant && !no) return text("% vacant-message is kept only from the configuration file\n");
    bool any = false;
    for (auto idx : line_blocks(cfg, mode.line_type, mode.first, mode.last)) {
        auto& b = cfg.nodes[idx];
        switch (m.handler) {
            case lAccessClassIn:
            case lAccessClassOut: {
                const std::string dir = m.handler == lAccessClassIn ? "in" : "out";
                // any access-class of that direction is replaced
                std::erase_if(b.children, [&](const ConfigNode& n) {
                    const auto w = n.words();
                    return w.size() >= 3 && util::iequals(w[0], "access-class") && util::iequals(w[2], dir);
                });
                if (!no) set_child(b, canonical, 0, line_rank);
                any = true;
                break;
            }
            case lIpv6AccessClass: {
                const std::string dir = m.words[3];
                std::erase_if(b.children, [&](const ConfigNode& n) {
                    const auto w = n.words();
                    return w.size() >= 4 && util::iequals(w[0], "ipv6") && util::iequals(w[1], "access-class") &&
                           util::iequals(w[3], dir);
                });
                if (!no) set_child(b, canonical, 0, line_rank);
                any = true;
                break;
            }
            case lLogin:
                remove_children(b, {"login"});
                remove_children(b, {"no", "login"});
                set_child(b, no ? std::string("no login") : canonical, 0, line_rank);
                any = true;
                break;
            case lPassword:
                if (no)
                    remove_children(b, {"password"});
                else
                    set_child(b,
                              ios_password_child(util::words("password " + m.params[0]), password_encryption_on(cfg)),
                              1, line_rank);
                any = true;
                break;
            case lExec:
                remove_children(b, {"no", "exec"});
                if (no) set_child(b, "no exec", 0, line_rank);
                any = true;
                break;
            case lTransportInput:
                if (no)
                    remove_children(b, {"transport", "input"});
                else
                    set_child(b, canonical, 2, line_rank);
                any = true;
                break;
            default:
                if (m.handler >= kSet) {
                    const auto keylen = static_cast<std::size_t>(m.handler - kSet);
                    if (no)
                        remove_children(b, keylen ? std::vector<std::string>(
                                                        m.words.begin(), m.words.begin() + static_cast<long>(keylen))
                                                  : m.words);
                    else
                        set_child(b, canonical, keylen, line_rank);
                    any = true;
                }
        }
    }
    merge_line_blocks(cfg, mode.line_type);
    if (any) changed(c);
    return {};
}

Out run_interface_mode(CliCtx& c, const CmdMatch& m, bool no, std::string_view line) {
    if (m.handler == gExit || m.handler == gEnd || m.handler == gDo) return run_global(c, m, false, line);
    ConfigNode* b = mode_block(c);
    if (!b) return {};
    const auto canonical = util::join(m.words, " ");
    switch (m.handler) {
        case iIpAddress:
            if (no) {
                remove_children(*b, {"ip", "address"});
                set_child(*b, "no ip address", 0, interface_rank);
            } else {
                remove_children(*b, {"no", "ip", "address"});
                if (m.words.size() >= 5 && util::iequals(m.words[4], "secondary"))
                    set_child(*b, canonical, 0, interface_rank);
                else {
                    // the primary address replaces the primary; secondaries stay
                    std::erase_if(b->children, [](const ConfigNode& n) {
                        const auto w = n.words();
                        return w.size() >= 2 && util::iequals(w[0], "ip") && util::iequals(w[1], "address") &&
                               !(w.size() >= 5 && util::iequals(w[4], "secondary"));
                    });
                    set_child(*b, canonical, 0, interface_rank);
                }
            }
            break;
        case iAccessGroup: {
            const auto dir = m.words.back();
            std::erase_if(b->children, [&](const ConfigNode& n) {
                const auto w = n.words();
                return w.size() >= 4 && util::iequals(w[0], "ip") && util::iequals(w[1], "access-group") &&
                       util::iequals(w[3], dir);
            });
            if (!no) set_child(*b, canonical, 0, interface_rank);
            break;
        }
        case iVrf: {
            const bool had_address = std::any_of(b->children.begin(), b->children.end(), [](const ConfigNode& n) {
                return has_word_prefix(n.text, "ip address");
            });
            remove_children(*b, {"ip", "vrf", "forwarding"});
            remove_children(*b, {"vrf", "forwarding"});
            remove_children(*b, {"ip", "address"});
            std::string out;
            if (!no) {
                set_child(*b, canonical, 0, interface_rank);
                if (had_address)
                    out = "% Interface " + util::words(b->text)[1] +
                          " IPv4 disabled and address(es) removed due to enabling VRF " + m.params[0] + "\n";
            } else if (had_address) {
                out = "% Interface " + util::words(b->text)[1] +
                      " IPv4 disabled and address(es) removed due to disabling VRF\n";
            }
            changed(c);
            return text(out);
        }
        case iShutdown:
            if (no)
                remove_children(*b, {"shutdown"});
            else
                set_child(*b, "shutdown", 0, interface_rank);
            break;
        default:
            if (m.handler >= kSet) {
                const auto keylen = static_cast<std::size_t>(m.handler - kSet);
                if (no) {
                    remove_children(*b, keylen ? std::vector<std::string>(m.words.begin(),
                                                                          m.words.begin() + static_cast<long>(keylen))
                                               : m.words);
                    if (canonical == "ip unreachables" || canonical == "ip redirects")
                        set_child(*b, "no " + canonical, 0, interface_rank);
                } else {
                    remove_children(*b, util::words("no " + canonical));
                    set_child(*b, canonical, keylen, interface_rank);
                }
            }
    }
    changed(c);
    return {};
}

Out run_acl_mode(CliCtx& c, const CmdMatch& m, bool no, std::string_view line) {
    if (m.handler == gExit || m.handler == gEnd || m.handler == gDo) return run_global(c, m, false, line);
    ConfigNode* b = mode_block(c);
    if (!b) return {};
    if (m.handler == aSeqEntry) {
        const auto seq = std::stoll(m.params[0]);
        if (no) return acl_remove(c, *b, {m.params[0]});
        return acl_add(c, *b, static_cast<int>(seq), util::words(m.params[1]), line, 1);
    }
    auto words = m.words;
    if (no) return acl_remove(c, *b, words);
    return acl_add(c, *b, 0, words, line, 0);
}

Out run_block_child(CliCtx& c, const std::vector<std::string>& words, bool no) {
    ConfigNode* b = mode_block(c);
    if (!b) return {};
    if (no) {
        if (remove_children(*b, words)) changed(c);
        return {};
    }
    if (set_child(*b, util::join(words, " "), 0)) changed(c);
    return {};
}

bool first_word_in(const std::string& w, const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& k) { return util::iequals(k, w); });
}

}  // namespace

Out ios_config(CliCtx& c, std::string_view line) {
    auto words = util::words(line);
    if (words.empty()) return {};
    bool no = false;
    if (util::iequals(words[0], "no") && words.size() > 1) {
        no = true;
        words.erase(words.begin());
    }
    const std::size_t shift = no ? 1 : 0;
    auto shifted_error = [&](CmdMatch m) {
        m.error_word += shift;
        return text(cmd_error(c, m, line));
    };
    if (!c.st.crypto_image) {
        if (util::is_prefix_ci(words[0], "crypto") && words[0].size() >= 2) return text(invalid_input(c, line, shift));
        if (words.size() >= 2 && util::iequals(words[0], "ip") && util::is_prefix_ci(words[1], "ssh") &&
            words[1].size() >= 2)
            return text(invalid_input(c, line, shift + 1));
    }

    // 1. the sub-mode's own commands
    if (!c.modes.empty()) {
        const auto kind = c.modes.back().kind;
        const CmdTree* t = kind == ConfigMode::Kind::line              ? &line_tree()
                           : kind == ConfigMode::Kind::interface       ? &interface_tree()
                           : kind == ConfigMode::Kind::acl             ? &acl_tree()
                           : c.modes.back().prompt == "config-cp-host" ? &cp_host_tree()
                                                                       : nullptr;
        if (t) {
            const auto m = t->match(words);
            if (m.status == CmdMatch::Status::ok) {
                switch (kind) {
                    case ConfigMode::Kind::line:
                        return run_line_mode(c, m, no, line);
                    case ConfigMode::Kind::interface:
                        return run_interface_mode(c, m, no, line);
                    case ConfigMode::Kind::acl:
                        return run_acl_mode(c, m, no, line);
                    default: {
                        ConfigNode* b = mode_block(c);
                        if (m.handler == gExit || m.handler == gEnd || m.handler == gDo)
                            return run_global(c, m, false, line);
                        if (b && m.handler >= kSet) {
                            const auto keylen = static_cast<std::size_t>(m.handler - kSet);
                            if (no)
                                remove_children(*b, {m.words.begin(), m.words.begin() + static_cast<long>(std::min(
                                                                                            keylen, m.words.size()))});
                            else
                                set_child(*b, util::join(m.words, " "), keylen);
                            changed(c);
                        }
                        return {};
                    }
                }
            }
            if (m.status == CmdMatch::Status::ambiguous || m.status == CmdMatch::Status::incomplete) {
                // a global command may still be meant (IOS leaves the sub-mode for it)
                const auto g = global_tree().match(words);
                if (g.status != CmdMatch::Status::ok) return shifted_error(m);
            }
        }
    }
    // 2. global commands (from a sub-mode they leave it first)
    const auto g = global_tree().match(words);
    if (g.status == CmdMatch::Status::ok) {
        const bool leaves = !c.modes.empty() && g.handler != gExit && g.handler != gEnd && g.handler != gDo;
        if (leaves) c.modes.clear();
        return run_global(c, g, no, line);
    }
    // 3. free-form lines of the sub-mode, then of global mode
    if (!c.modes.empty()) {
        const auto kind = c.modes.back().kind;
        if (kind == ConfigMode::Kind::block || kind == ConfigMode::Kind::ipv6_acl) return run_block_child(c, words, no);
        const auto& list = kind == ConfigMode::Kind::interface ? free_interface_words()
                           : kind == ConfigMode::Kind::line    ? free_line_words()
                                                               : std::vector<std::string>{};
        if (!list.empty() && first_word_in(words[0], list)) {
            if (kind == ConfigMode::Kind::interface) {
                ConfigNode* b = mode_block(c);
                if (!b) return {};
                if (no)
                    remove_children(*b, words);
                else
                    set_child(*b, util::join(words, " "), 0, interface_rank);
                changed(c);
                return {};
            }
            bool any = false;
            const auto mode = c.modes.back();
            for (auto idx : line_blocks(c.st.running, mode.line_type, mode.first, mode.last)) {
                auto& b = c.st.running.nodes[idx];
                if (no)
                    remove_children(b, words);
                else
                    set_child(b, util::join(words, " "), words.size() > 1 ? 1 : 0, line_rank);
                any = true;
            }
            merge_line_blocks(c.st.running, mode.line_type);
            if (any) changed(c);
            return {};
        }
    }
    if (first_word_in(words[0], free_global_words()) && words.size() > 1) {
        c.modes.clear();
        return free_form_global(c, words, no);
    }
    if (g.status == CmdMatch::Status::ambiguous || g.status == CmdMatch::Status::incomplete) return shifted_error(g);
    CmdMatch err = g;
    if (!c.modes.empty() && c.modes.back().kind != ConfigMode::Kind::block) {
        // report the position from the sub-mode's point of view when it got further
        const auto kind = c.modes.back().kind;
        const CmdTree* t = kind == ConfigMode::Kind::line        ? &line_tree()
                           : kind == ConfigMode::Kind::interface ? &interface_tree()
                           : kind == ConfigMode::Kind::acl       ? &acl_tree()
                                                                 : nullptr;
        if (t) {
            const auto m = t->match(words);
            if (m.error_word > err.error_word) err = m;
        }
    }
    return shifted_error(err);
}

}  // namespace vtyguard::lab
