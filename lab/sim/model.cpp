#include "lab/sim/model.hpp"

#include <unistd.h>

#include <algorithm>

#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

bool word_is(const std::vector<std::string>& w, std::size_t i, std::string_view s) {
    return i < w.size() && util::iequals(w[i], s);
}

int number_or(const std::vector<std::string>& w, std::size_t i, int fallback) {
    if (i >= w.size()) return fallback;
    const auto n = util::to_number(w[i]);
    return n ? static_cast<int>(*n) : fallback;
}

}  // namespace

Release Release::parse(std::string_view text, Personality p) {
    Release r;
    int parts[2] = {0, 0};
    int idx = 0;
    bool any = false;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            parts[idx] = parts[idx] * 10 + (c - '0');
            any = true;
        } else if (c == '.' && idx == 0) {
            idx = 1;
        } else {
            break;
        }
    }
    if (any) {
        r.major = parts[0];
        r.minor = parts[1];
    } else if (p == Personality::cisco_asa) {
        r.major = 9;
        r.minor = 16;
    }
    r.xe = p == Personality::cisco_ios && r.major >= 16;
    return r;
}

bool LineConfig::allows(std::string_view transport) const {
    return std::any_of(transport_input.begin(), transport_input.end(),
                       [&](const std::string& t) { return util::iequals(t, transport); });
}

std::vector<std::string> expand_transports(const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (const auto& w : words) {
        const auto l = util::lower(w);
        if (l == "none") continue;
        if (l == "all") {
            for (const char* t : {"pad", "telnet", "rlogin", "lapb-ta", "mop", "udptn", "v120", "ssh"})
                if (std::find(out.begin(), out.end(), t) == out.end()) out.emplace_back(t);
            continue;
        }
        if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
    }
    return out;
}

std::vector<std::string> default_transport_input(const Release& r) {
    // Classic IOS admits every protocol on a vty without `transport input`; the sim gives IOS-XE
    // 16.x/17.x `telnet ssh`, what `show line` prints on those releases.
    if (r.xe) return {"telnet", "ssh"};
    return expand_transports({"all"});
}

std::vector<LineConfig> lines_of(const Config& c, std::string_view type, const Release& r) {
    std::map<int, LineConfig> lines;
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() < 3 || !util::iequals(w[0], "line") || !util::iequals(w[1], type)) continue;
        const int first = number_or(w, 2, -1);
        const int last = number_or(w, 3, first);
        if (first < 0 || last < first) continue;
        for (int num = first; num <= last; ++num) {
            auto& l = lines[num];
            l.type = std::string(type);
            l.number = num;
            if (!l.transport_explicit)
                l.transport_input = type == "vty" ? default_transport_input(r) : std::vector<std::string>{};
            for (const auto& child : n.children) {
                const auto cw = child.words();
                if (cw.empty()) continue;
                if (word_is(cw, 0, "transport") && word_is(cw, 1, "input")) {
                    l.transport_input = expand_transports({cw.begin() + 2, cw.end()});
                    l.transport_explicit = true;
                } else if (word_is(cw, 0, "transport") && word_is(cw, 1, "output")) {
                    l.transport_output = expand_transports({cw.begin() + 2, cw.end()});
                } else if (word_is(cw, 0, "access-class") && cw.size() >= 3) {
                    if (util::iequals(cw[2], "in")) {
                        l.access_class_in = cw[1];
                        l.vrf_also = word_is(cw, 3, "vrf-also");
                    } else if (util::iequals(cw[2], "out")) {
                        l.access_class_out = cw[1];
                    }
                } else if (word_is(cw, 0, "ipv6") && word_is(cw, 1, "access-class") && word_is(cw, 3, "in")) {
                    l.ipv6_access_class_in = cw[2];
                } else if (word_is(cw, 0, "rotary") && cw.size() >= 2) {
                    l.rotary = number_or(cw, 1, 0);
                } else if (word_is(cw, 0, "login")) {
                    if (word_is(cw, 1, "local"))
                        l.login = LoginMode::local;
                    else if (word_is(cw, 1, "authentication") && cw.size() >= 3)
                        l.login = LoginMode::authentication, l.login_list = cw[2];
                    else
                        l.login = LoginMode::line;
                } else if (word_is(cw, 0, "no") && word_is(cw, 1, "login")) {
                    l.login = LoginMode::none;
                } else if (word_is(cw, 0, "password") && cw.size() >= 2) {
                    l.password = util::join(cw, " ", 1);
                } else if (word_is(cw, 0, "privilege") && word_is(cw, 1, "level")) {
                    l.privilege = number_or(cw, 2, 1);
                } else if (word_is(cw, 0, "exec-timeout")) {
                    l.exec_timeout_s = number_or(cw, 1, 10) * 60 + number_or(cw, 2, 0);
                } else if (word_is(cw, 0, "no") && word_is(cw, 1, "exec")) {
                    l.exec = false;
                }
            }
        }
    }
    std::vector<LineConfig> out;
    for (auto& [num, l] : lines) out.push_back(std::move(l));
    return out;
}

SshConfig ssh_config(const Config& c) {
    SshConfig s;
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() < 3 || !util::iequals(w[0], "ip") || !util::iequals(w[1], "ssh")) continue;
        if (util::iequals(w[2], "version")) {
            s.version = number_or(w, 3, 2);
        } else if (util::iequals(w[2], "time-out")) {
            s.timeout = number_or(w, 3, 120);
        } else if (util::iequals(w[2], "authentication-retries")) {
            s.retries = number_or(w, 3, 3);
        } else if (util::iequals(w[2], "rsa") && word_is(w, 3, "keypair-name") && w.size() >= 5) {
            s.keypair_name = w[4];
        } else if (util::iequals(w[2], "port") && word_is(w, 4, "rotary")) {
            for (std::size_t i = 5; i < w.size(); ++i)
                s.rotary_ports.emplace_back(number_or(w, 3, 0), number_or(w, i, 0));
        } else if (util::iequals(w[2], "server") && word_is(w, 3, "algorithm") && w.size() >= 5) {
            s.server_algorithms[util::lower(w[4])] = {w.begin() + 5, w.end()};
        } else if (util::iequals(w[2], "maxstartups")) {
            s.maxstartups = number_or(w, 3, 128);
        } else if (util::iequals(w[2], "dh") && word_is(w, 3, "min") && word_is(w, 4, "size")) {
            s.dh_min = number_or(w, 5, 2048);
        }
    }
    return s;
}

std::string hostname_of(const Config& c, Personality p) {
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() >= 2 && util::iequals(w[0], "hostname")) return w[1];
    }
    return p == Personality::cisco_asa ? "ciscoasa" : "Router";
}

std::string domain_of(const Config& c, Personality p) {
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (p == Personality::cisco_asa) {
            if (w.size() >= 2 && util::iequals(w[0], "domain-name")) return w[1];
            continue;
        }
        if (w.size() >= 3 && util::iequals(w[0], "ip") && util::iequals(w[1], "domain-name")) return w[2];
        if (w.size() >= 4 && util::iequals(w[0], "ip") && util::iequals(w[1], "domain") && util::iequals(w[2], "name"))
            return w[3];
    }
    return "";
}

std::vector<Interface> interfaces_of(const Config& c, Personality /*both platforms alike*/) {
    std::vector<Interface> out;
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() < 2 || !util::iequals(w[0], "interface")) continue;
        Interface itf;
        itf.name = util::join(w, " ", 1);
        for (const auto& child : n.children) {
            const auto cw = child.words();
            if (word_is(cw, 0, "ip") && word_is(cw, 1, "address") && cw.size() >= 4) {
                const auto a = util::parse_ipv4(cw[2]);
                const auto m = util::parse_ipv4(cw[3]);
                if (!a || !m) continue;
                if (word_is(cw, 4, "secondary"))
                    itf.secondary.emplace_back(*a, *m);
                else
                    itf.address = *a, itf.mask = *m;
            } else if (word_is(cw, 0, "no") && word_is(cw, 1, "ip") && word_is(cw, 2, "address")) {
                itf.address.reset();
            } else if ((word_is(cw, 0, "ip") && word_is(cw, 1, "vrf") && word_is(cw, 2, "forwarding") &&
                        cw.size() >= 4)) {
                itf.vrf = cw[3];
            } else if (word_is(cw, 0, "vrf") && word_is(cw, 1, "forwarding") && cw.size() >= 3) {
                itf.vrf = cw[2];
            } else if (word_is(cw, 0, "ip") && word_is(cw, 1, "access-group") && cw.size() >= 4) {
                (util::iequals(cw[3], "in") ? itf.acl_in : itf.acl_out) = cw[2];
            } else if (word_is(cw, 0, "shutdown")) {
                itf.shutdown = true;
            } else if (word_is(cw, 0, "nameif") && cw.size() >= 2) {
                itf.nameif = cw[1];
            } else if (word_is(cw, 0, "security-level") && cw.size() >= 2) {
                itf.security = number_or(cw, 1, 0);
            }
        }
        out.push_back(std::move(itf));
    }
    return out;
}

std::vector<Route> routes_of(const Config& c, Personality p) {
    std::vector<Route> out;
    const auto itfs = interfaces_of(c, p);
    for (const auto& i : itfs) {
        if (i.shutdown) continue;
        auto add = [&](std::uint32_t a, std::uint32_t m) {
            Route r;
            r.vrf = i.vrf;
            r.net = a & m;
            r.mask = m;
            r.connected = true;
            r.distance = 0;
            r.interface = p == Personality::cisco_asa ? i.nameif : i.name;
            if (r.interface.empty()) return;
            out.push_back(r);
        };
        if (i.address) add(*i.address, *i.mask);
        for (const auto& [a, m] : i.secondary) add(a, m);
    }
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (p == Personality::cisco_ios) {
            if (w.size() < 5 || !util::iequals(w[0], "ip") || !util::iequals(w[1], "route")) continue;
            std::size_t i = 2;
            Route r;
            if (util::iequals(w[i], "vrf")) {
                r.vrf = w[i + 1];
                i += 2;
            }
            const auto net = util::parse_ipv4(w[i]);
            const auto mask = i + 1 < w.size() ? util::parse_ipv4(w[i + 1]) : std::nullopt;
            if (!net || !mask || i + 2 >= w.size()) continue;
            r.net = *net & *mask;
            r.mask = *mask;
            i += 2;
            if (auto nh = util::parse_ipv4(w[i])) {
                r.next_hop = *nh;
                ++i;
            } else {
                r.interface = w[i++];
                if (i < w.size())
                    if (auto nh2 = util::parse_ipv4(w[i])) r.next_hop = *nh2, ++i;
            }
            if (i < w.size())
                if (auto d = util::to_number(w[i])) r.distance = static_cast<int>(*d);
            out.push_back(r);
        } else {
            if (w.size() < 5 || !util::iequals(w[0], "route")) continue;
            const auto net = util::parse_ipv4(w[2]);
            const auto mask = util::parse_ipv4(w[3]);
            const auto gw = util::parse_ipv4(w[4]);
            if (!net || !mask || !gw) continue;
            Route r;
            r.interface = w[1];
            r.net = *net & *mask;
            r.mask = *mask;
            r.next_hop = *gw;
            r.distance = number_or(w, 5, 1);
            out.push_back(r);
        }
    }
    return out;
}

std::optional<Route> lookup(const std::vector<Route>& routes, std::string_view vrf, std::uint32_t address) {
    std::optional<Route> best;
    for (const auto& r : routes) {
        if (r.vrf != vrf || (address & r.mask) != r.net) continue;
        if (!best || r.mask > best->mask || (r.mask == best->mask && r.distance < best->distance)) best = r;
    }
    return best;
}

std::optional<Ingress> ingress_for(const Config& c, Personality p, std::uint32_t source) {
    return ingress_for(routes_of(c, p), source);
}

std::optional<Ingress> ingress_for(const std::vector<Route>& routes, std::uint32_t source) {
    std::vector<std::string> vrfs{""};
    for (const auto& r : routes)
        if (std::find(vrfs.begin(), vrfs.end(), r.vrf) == vrfs.end()) vrfs.push_back(r.vrf);
    std::optional<Ingress> best;
    std::uint32_t best_mask = 0;
    for (const auto& v : vrfs) {
        auto r = lookup(routes, v, source);
        if (!r) continue;
        // resolve a next hop to its connected interface (bounded: static routes may loop)
        std::string itf = r->interface;
        auto hop = r->next_hop;
        for (int depth = 0; itf.empty() && hop && depth < 8; ++depth) {
            auto via = lookup(routes, v, *hop);
            if (!via) break;
            itf = via->interface;
            hop = via->connected ? std::nullopt : via->next_hop;
        }
        if (itf.empty()) continue;
        if (!best || r->mask > best_mask) {
            best = Ingress{itf, v};
            best_mask = r->mask;
        }
    }
    return best;
}

std::map<std::string, UserEntry> users_of(const Config& c, Personality p) {
    std::map<std::string, UserEntry> out;
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() < 2 || !util::iequals(w[0], "username")) continue;
        if (word_is(w, 2, "attributes")) continue;
        UserEntry u;
        u.name = w[1];
        for (std::size_t i = 2; i < w.size(); ++i) {
            const auto k = util::lower(w[i]);
            if (k == "privilege") {
                u.privilege = number_or(w, i + 1, 1);
                ++i;
            } else if (k == "nopassword") {
                u.kind = "nopassword";
            } else if (k == "secret" || k == "password") {
                u.kind = k;
                if (p == Personality::cisco_asa) {
                    if (i + 1 < w.size()) u.value = w[i + 1];
                    u.type = "plain";
                    if (word_is(w, i + 2, "pbkdf2")) u.type = "pbkdf2";
                    if (word_is(w, i + 2, "encrypted")) u.type = "encrypted";
                    i += 1;
                } else if (i + 2 < w.size() && util::to_number(w[i + 1]) && w[i + 1].size() == 1) {
                    u.type = w[i + 1];
                    u.value = w[i + 2];
                    i += 2;
                } else if (i + 1 < w.size()) {
                    u.type = "0";
                    u.value = w[i + 1];
                    i += 1;
                }
            }
        }
        auto& slot = out[u.name];
        // IOS shows one line per user; a second line for the same user only adds fields
        if (slot.name.empty())
            slot = u;
        else {
            if (!u.kind.empty()) slot.kind = u.kind, slot.type = u.type, slot.value = u.value;
            if (u.privilege != 1) slot.privilege = u.privilege;
        }
    }
    return out;
}

bool password_matches(const UserEntry& u, std::string_view plain) {
    if (u.kind == "nopassword") return true;
    if (u.type == "0" || u.type == "plain") return u.value == plain;
    if (u.type == "7") return util::type7_decode(u.value) == std::string(plain);
    if (u.type == "9") return util::verify_ios_type9(u.value, plain);
    if (u.type == "pbkdf2") return util::verify_asa_pbkdf2(u.value, plain);
    return false;  // type 5/8 or ASA `encrypted`: a hash the sim cannot check
}

bool line_password_matches(std::string_view stored, std::string_view plain) {
    const auto w = util::words(stored);
    if (w.empty()) return false;
    if (w.size() >= 2 && w[0] == "7") return util::type7_decode(w[1]) == std::string(plain);
    if (w.size() >= 2 && w[0] == "0") return w[1] == plain;
    return w[0] == plain;
}

AaaConfig aaa_of(const Config& c) {
    AaaConfig a;
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() < 2 || !util::iequals(w[0], "aaa")) continue;
        if (util::iequals(w[1], "new-model")) a.new_model = true;
        if (w.size() >= 4 && util::iequals(w[1], "authentication")) {
            const auto what = util::lower(w[2]);
            if (what == "ssh" && word_is(w, 3, "console"))
                a.asa_ssh = {w.begin() + 4, w.end()};
            else if (what == "telnet" && word_is(w, 3, "console"))
                a.asa_telnet = {w.begin() + 4, w.end()};
            else if (what == "enable" && word_is(w, 3, "console"))
                a.asa_enable = {w.begin() + 4, w.end()};
            else if (what == "login")
                a.login[w[3]] = {w.begin() + 4, w.end()};
            else if (what == "enable")
                a.enable[w[3]] = {w.begin() + 4, w.end()};
        }
        if (w.size() >= 4 && util::iequals(w[1], "authorization") && util::iequals(w[2], "exec")) {
            a.exec_authorization[w[3]] = {w.begin() + 4, w.end()};
            a.asa_exec_authorization = util::join(w, " ", 3);
        }
    }
    return a;
}

EnableConfig enable_of(const Config& c) {
    EnableConfig e;
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() < 3 || !util::iequals(w[0], "enable")) continue;
        if (util::iequals(w[1], "secret")) e.secret = util::join(w, " ", 2);
        if (util::iequals(w[1], "password")) e.password = util::join(w, " ", 2);
    }
    return e;
}

bool enable_matches(const EnableConfig& e, Personality p, std::string_view plain) {
    if (p == Personality::cisco_asa) {
        if (!e.password) return plain.empty();
        const auto w = util::words(*e.password);
        if (w.empty()) return plain.empty();
        if (w.size() >= 2 && util::iequals(w[1], "pbkdf2")) return util::verify_asa_pbkdf2(w[0], plain);
        if (w.size() >= 2 && util::iequals(w[1], "encrypted")) return false;
        return w[0] == plain;
    }
    auto check = [&](const std::string& stored) {
        const auto w = util::words(stored);
        if (w.empty()) return false;
        if (w.size() >= 2 && w[0] == "9") return util::verify_ios_type9(w[1], plain);
        if (w.size() >= 2 && (w[0] == "5" || w[0] == "8")) return false;
        return line_password_matches(stored, plain);
    };
    if (e.secret) return check(*e.secret);  // the secret wins over the password when both exist
    if (e.password) return check(*e.password);
    return true;
}

std::vector<AllowEntry> asa_allow_list(const Config& c, std::string_view keyword) {
    std::vector<AllowEntry> out;
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() != 4 || !util::iequals(w[0], keyword)) continue;
        const auto a = util::parse_ipv4(w[1]);
        const auto m = util::parse_ipv4(w[2]);
        if (!a || !m) continue;
        out.push_back({*a, *m, w[3]});
    }
    return out;
}

std::optional<std::map<std::string, std::vector<std::string>>> mpp_of(const Config& c) {
    std::optional<std::map<std::string, std::vector<std::string>>> out;
    for (const auto& n : c.nodes) {
        if (!has_word_prefix(n.text, "control-plane host")) continue;
        for (const auto& child : n.children) {
            const auto cw = child.words();
            if (cw.size() >= 4 && util::iequals(cw[0], "management-interface") && util::iequals(cw[2], "allow")) {
                if (!out) out.emplace();
                auto& list = (*out)[cw[1]];
                for (std::size_t i = 3; i < cw.size(); ++i) list.push_back(util::lower(cw[i]));
            }
        }
    }
    return out;
}

namespace {

std::string der_length(std::size_t n) {
    std::string out;
    if (n < 128) {
        out += static_cast<char>(n);
    } else if (n < 256) {
        out += static_cast<char>(0x81);
        out += static_cast<char>(n);
    } else {
        out += static_cast<char>(0x82);
        out += static_cast<char>((n >> 8) & 0xff);
        out += static_cast<char>(n & 0xff);
    }
    return out;
}

std::string der(char tag, const std::string& content) {
    return std::string(1, tag) + der_length(content.size()) + content;
}

std::string modulus(const RsaKey& k) {
    std::string n = util::bytes_from_seed("rsa:" + k.seed, static_cast<std::size_t>(k.bits / 8));
    n.front() = static_cast<char>(static_cast<unsigned char>(n.front()) | 0x80);
    n.back() = static_cast<char>(static_cast<unsigned char>(n.back()) | 0x01);
    return n;
}

std::string be32(std::size_t n) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((n >> (24 - 8 * i)) & 0xff);
    return out;
}

}  // namespace

std::string rsa_public_der(const RsaKey& key) {
    const std::string n = std::string(1, '\0') + modulus(key);
    const std::string e("\x01\x00\x01", 3);
    const std::string rsa_key = der(0x30, der(0x02, n) + der(0x02, e));
    const std::string alg =
        der(0x30, der(0x06, std::string("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", 9)) + std::string("\x05\x00", 2));
    return der(0x30, alg + der(0x03, std::string(1, '\0') + rsa_key));
}

std::string rsa_ssh_blob(const RsaKey& key) {
    const std::string type = "ssh-rsa";
    const std::string e("\x01\x00\x01", 3);
    const std::string n = std::string(1, '\0') + modulus(key);
    return be32(type.size()) + type + be32(e.size()) + e + be32(n.size()) + n;
}

std::string Device::State::hit_key(std::string_view acl, std::string_view entry_id) {
    return std::string(acl) + '\0' + std::string(entry_id);
}

const Views& Device::State::views() const {
    const auto g = generation.load();
    if (views_.generation == g) return views_;
    const Dialect d = personality == Personality::cisco_ios ? Dialect::ios : Dialect::asa;
    views_.generation = g;
    views_.vty = lines_of(running, "vty", release);
    views_.ssh = ssh_config(running);
    views_.interfaces = interfaces_of(running, personality);
    views_.routes = routes_of(running, personality);
    views_.acls = acls_of(running, d);
    views_.objects = Objects::from(running, d);
    views_.aaa = aaa_of(running);
    views_.users = users_of(running, personality);
    views_.mpp = mpp_of(running);
    views_.asa_ssh = asa_allow_list(running, "ssh");
    views_.asa_telnet = asa_allow_list(running, "telnet");
    return views_;
}

std::time_t Device::State::now() const {
    return std::time(nullptr) + clock_skew.load();
}

void Device::State::bump(std::time_t now, std::string_view by) {
    ++generation;
    if (const int fd = change_fd.load(); fd >= 0) {
        const std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(fd, &one, sizeof one);  // a full counter already wakes the reader
    }
    last_change = now;
    last_change_by = std::string(by);
}

}  // namespace vtyguard::lab
