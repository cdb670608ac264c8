// Device: construction and every access decision (SPEC section 7's table), all derived from the
// running-config under the device's mutex.
#include "lab/sim/device.hpp"

#include <algorithm>
#include <set>

#include "lab/sim/cli_internal.hpp"
#include "lab/sim/model.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

std::optional<Personality> personality_from_key(std::string_view key) {
    if (key == "cisco_ios") return Personality::cisco_ios;
    if (key == "cisco_asa") return Personality::cisco_asa;
    return std::nullopt;
}

std::string_view personality_key(Personality p) {
    return p == Personality::cisco_ios ? "cisco_ios" : "cisco_asa";
}

std::time_t wall_clock() {
    return std::time(nullptr);
}

Device::Device(DeviceSpec spec) : spec_(std::move(spec)), state_(std::make_unique<State>()) {}
Device::~Device() = default;

std::unique_ptr<Device> Device::create(DeviceSpec spec, std::string& error) {
    if (spec.version.empty()) spec.version = spec.personality == Personality::cisco_ios ? "15.2(4)E10" : "9.16(4)";
    if (spec.model.empty()) spec.model = spec.personality == Personality::cisco_ios ? "WS-C2960X-48TS-L" : "ASA5516";
    std::unique_ptr<Device> d(new Device(std::move(spec)));
    auto& st = *d->state_;
    st.personality = d->spec_.personality;
    st.release = Release::parse(d->spec_.version, st.personality);
    st.boot = wall_clock();
    st.seed = d->spec_.name;
    st.crypto_image = d->spec_.crypto_image || st.personality == Personality::cisco_asa;
    std::string why;
    if (!load_config(st, d->spec_, d->spec_.config, why)) {
        error = d->spec_.name + ": " + why;
        return nullptr;
    }
    st.startup =
        st.personality == Personality::cisco_ios ? ios_running_config(st, d->spec_) : asa_running_config(st, d->spec_);
    st.saved_generation = st.generation.load();
    return d;
}

const DeviceSpec& Device::spec() const {
    return spec_;
}

std::string Device::hostname() const {
    std::lock_guard lock(mutex_);
    return hostname_of(state_->running, state_->personality);
}

std::vector<std::string> Device::interface_addresses() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& i : state_->views().interfaces) {
        if (i.address) out.push_back(util::format_ipv4(*i.address));
        for (const auto& [a, m] : i.secondary) out.push_back(util::format_ipv4(a));
    }
    return out;
}

std::uint16_t Device::device_port(std::uint16_t lab, Service service) const {
    if (service == Service::ssh && lab == spec_.ssh_port) return 22;
    if (service == Service::telnet && spec_.telnet_port != 0 && lab == spec_.telnet_port) return 23;
    return lab;
}

std::uint16_t Device::lab_port(std::uint16_t dev, Service service) const {
    if (service == Service::ssh && dev == 22) return spec_.ssh_port;
    if (service == Service::telnet && dev == 23) return spec_.telnet_port;
    return dev;
}

const RsaKey* ssh_key(const Device::State& st) {
    if (st.keys.empty()) return nullptr;
    if (st.personality == Personality::cisco_asa) {
        for (const auto& k : st.keys)
            if (k.name == "<Default-RSA-Key>") return &k;
        return &st.keys.front();
    }
    const auto& ssh = st.views().ssh;
    if (ssh.keypair_name) {
        for (const auto& k : st.keys)
            if (k.name == *ssh.keypair_name) return &k;
        return nullptr;  // a named key pair that does not exist: SSH stays off
    }
    const std::string dflt = hostname_of(st.running, st.personality) + "." + domain_of(st.running, st.personality);
    for (const auto& k : st.keys)
        if (util::iequals(k.name, dflt)) return &k;
    return &st.keys.front();
}

bool ssh_enabled(const Device::State& st) {
    if (!st.crypto_image) return false;
    const RsaKey* k = ssh_key(st);
    if (!k) return false;
    // IOS-XE 17.11.1 and later refuse to run SSH with an RSA key under 2048 bits.
    if (st.personality == Personality::cisco_ios && st.release.xe && st.release.at_least(17, 11) && k->bits < 2048)
        return false;
    return true;
}

std::uint64_t hits(const Device::State& st, std::string_view acl, std::string_view id) {
    const auto it = st.acl_hits.find(Device::State::hit_key(acl, id));
    return it == st.acl_hits.end() ? 0 : it->second;
}

void count_hit(Device::State& st, std::string_view acl, std::string_view id) {
    ++st.acl_hits[Device::State::hit_key(acl, id)];
}

namespace {
void catch_up(Device::State& st, const DeviceSpec& spec);
}  // namespace

std::vector<LineConfig> serving_lines(const Device::State& st, const DeviceSpec& spec, std::uint16_t lab_port,
                                      Service service) {
    std::vector<LineConfig> out;
    const auto& lines = st.views().vty;
    const char* proto = service == Service::ssh ? "ssh" : "telnet";
    std::optional<int> rotary;
    const bool main_port = service == Service::ssh ? lab_port == spec.ssh_port : lab_port == spec.telnet_port;
    if (!main_port && service == Service::ssh) {
        for (const auto& [p, g] : st.views().ssh.rotary_ports)
            if (p == lab_port) rotary = g;
        if (!rotary) return out;
    }
    for (const auto& l : lines) {
        if (!l.allows(proto)) continue;
        if (rotary && l.rotary != rotary) continue;
        out.push_back(l);
    }
    return out;
}

std::vector<std::uint16_t> Device::listening_ports(Service service) const {
    std::lock_guard lock(mutex_);
    catch_up(*state_, spec_);
    const auto& st = *state_;
    std::vector<std::uint16_t> out;
    if (st.personality == Personality::cisco_asa) {
        if (service == Service::ssh && ssh_enabled(st) && !st.views().asa_ssh.empty()) out.push_back(spec_.ssh_port);
        if (service == Service::telnet && spec_.telnet_port != 0 && !st.views().asa_telnet.empty())
            out.push_back(spec_.telnet_port);
        return out;
    }
    if (service == Service::telnet) {
        if (spec_.telnet_port != 0 && !serving_lines(st, spec_, spec_.telnet_port, Service::telnet).empty())
            out.push_back(spec_.telnet_port);
        return out;
    }
    if (!ssh_enabled(st)) return out;
    if (!serving_lines(st, spec_, spec_.ssh_port, Service::ssh).empty()) out.push_back(spec_.ssh_port);
    for (const auto& rotary : st.views().ssh.rotary_ports) {
        const auto port = static_cast<std::uint16_t>(rotary.first);
        if (std::find(out.begin(), out.end(), port) != out.end() || port == spec_.ssh_port) continue;
        if (!serving_lines(st, spec_, port, Service::ssh).empty()) out.push_back(port);
    }
    return out;
}

namespace {

// Evaluates `acl_name` for `packet`, counting the hit; true when permitted. A name that does not
// exist permits everything (IOS applies no filter for an undefined ACL).
bool acl_permits(Device::State& st, Dialect d, std::string_view acl_name, const Packet& packet,
                 const std::map<std::string, std::uint32_t>& ifaddr = {}) {
    const auto& v = st.views();
    const auto acl = std::find_if(v.acls.begin(), v.acls.end(), [&](const Acl& a) { return a.name == acl_name; });
    if (acl == v.acls.end()) return true;
    const auto& objects = v.objects;
    const auto idx = evaluate(*acl, packet, objects, ifaddr);
    if (!idx) return false;
    const auto& e = acl->entries[*idx];
    if (d == Dialect::ios) {
        count_hit(st, acl->name, std::to_string(e.seq));
    } else {
        count_hit(st, acl->name, e.text);
        // and the expanded child that matched, which `show access-list` prints under it
        for (const auto& child : asa_children(e, objects))
            if (entry_matches(child, false, packet, objects, ifaddr)) {
                count_hit(st, acl->name, e.text + "\n" + child.text);
                break;
            }
    }
    return e.permit;
}

std::optional<int> free_line(const Device::State& st, const std::vector<LineConfig>& lines, Service service) {
    if (service == Service::ssh) {
        // `ip ssh maxstartups N`: no more than N SSH sessions at once
        const auto max = st.views().ssh.maxstartups;
        const auto ssh_sessions = std::count_if(st.lines_in_use.begin(), st.lines_in_use.end(),
                                                [](const auto& kv) { return kv.second.service == Service::ssh; });
        if (max && ssh_sessions >= *max) return std::nullopt;
    }
    for (const auto& l : lines)
        if (!st.lines_in_use.contains(l.number)) return l.number;
    return std::nullopt;
}

constexpr int kAsaSessions = 100;

// A rollback or reload that fell due since the last look (the device's lock is held).
void catch_up(Device::State& st, const DeviceSpec& spec) {
    const std::time_t due = st.next_deadline.load();
    if (due != 0 && st.now() >= due) expire_timers(st, spec, st.now());
}

}  // namespace

Admission Device::admit(std::string_view source_address, std::uint16_t port, Service service) const {
    std::lock_guard lock(mutex_);
    std::optional<int> line;
    return decide(source_address, kEphemeralPort, port, service, line);
}

Device::Admitted Device::admit_and_acquire(std::string_view source_address, std::uint16_t source_port,
                                           std::uint16_t port, Service service) {
    std::lock_guard lock(mutex_);
    Admitted out;
    out.admission = decide(source_address, source_port, port, service, out.line);
    if (out.admission != Admission::accept) {
        out.line.reset();
        return out;
    }
    reserve(*out.line, service);
    return out;
}

Admission Device::decide(std::string_view source_address, std::uint16_t source_port, std::uint16_t port,
                         Service service, std::optional<int>& line) const {
    auto& st = *state_;
    catch_up(st, spec_);
    line.reset();
    if (st.personality == Personality::cisco_asa) {
        for (int i = 0; i < kAsaSessions && !line; ++i)
            if (!st.lines_in_use.contains(i)) line = i;
    } else {
        line = free_line(st, serving_lines(st, spec_, port, service), service);
    }
    const auto src = util::parse_ipv4(source_address);
    const auto dst = util::parse_ipv4(spec_.address).value_or(0);
    // IPv4 lab: nothing here filters other families
    if (!src) return line ? Admission::accept : Admission::close_before_banner;
    Packet pkt;
    pkt.src = *src;
    pkt.dst = dst;
    pkt.sport = source_port;
    pkt.dport = device_port(port, service);
    pkt.time = st.now();
    const auto& v = st.views();
    const auto ingress = ingress_for(v.routes, *src);

    if (st.personality == Personality::cisco_asa) {
        if (!ingress) return Admission::silent_drop;
        // Management traffic must target the interface it enters (ASA-002).
        for (const auto& i : v.interfaces)
            if (i.address && *i.address == dst && !i.nameif.empty() && i.nameif != ingress->interface)
                return Admission::silent_drop;
        bool allowed = false;
        for (const auto& e : service == Service::ssh ? v.asa_ssh : v.asa_telnet)
            if (e.nameif == ingress->interface && (*src & e.mask) == (e.address & e.mask)) allowed = true;
        if (!allowed) return Admission::silent_drop;
        std::map<std::string, std::uint32_t> ifaddr;
        for (const auto& i : v.interfaces)
            if (i.address && !i.nameif.empty()) ifaddr[i.nameif] = *i.address;
        for (const auto& n : st.running.nodes) {
            const auto w = n.words();
            if (w.size() >= 6 && util::iequals(w[0], "access-group") && util::iequals(w[2], "in") &&
                util::iequals(w[3], "interface") && w[4] == ingress->interface && util::iequals(w[5], "control-plane"))
                if (!acl_permits(st, Dialect::asa, w[1], pkt, ifaddr)) return Admission::silent_drop;
        }
        return line ? Admission::accept : Admission::close_before_banner;
    }

    // IOS: the ingress interface's inbound ACL, then management-plane protection, then the vty.
    if (ingress) {
        for (const auto& i : v.interfaces)
            if (i.name == ingress->interface && !i.acl_in.empty())
                if (!acl_permits(st, Dialect::ios, i.acl_in, pkt)) return Admission::silent_drop;
    }
    if (const auto& mpp = v.mpp) {
        if (!ingress) return Admission::silent_drop;
        const auto it = mpp->find(ingress->interface);
        const char* proto = service == Service::ssh ? "ssh" : "telnet";
        if (it == mpp->end() || std::none_of(it->second.begin(), it->second.end(),
                                             [&](const std::string& p) { return p == proto || p == "all"; }))
            return Admission::silent_drop;
    }
    // The access-class that decides is the one of the line the connection lands on.
    if (!line) return Admission::close_before_banner;
    const auto lines = serving_lines(st, spec_, port, service);
    const auto& l = *std::find_if(lines.begin(), lines.end(), [&](const LineConfig& x) { return x.number == *line; });
    if (l.access_class_in) {
        // Without `vrf-also`, an access-class refuses every connection that arrives in a VRF.
        if (ingress && !ingress->vrf.empty() && !l.vrf_also) return Admission::close_before_banner;
        if (!acl_permits(st, Dialect::ios, *l.access_class_in, pkt)) return Admission::close_before_banner;
    }
    return Admission::accept;
}

namespace {

struct AlgoName {
    const char* cisco;
    const char* libssh;
};

constexpr AlgoName kCipherNames[] = {{"aes128-gcm", "aes128-gcm@openssh.com"},
                                     {"aes256-gcm", "aes256-gcm@openssh.com"},
                                     {"chacha20-poly1305", "chacha20-poly1305@openssh.com"}};

std::string libssh_cipher(const std::string& c) {
    for (const auto& n : kCipherNames)
        if (util::iequals(c, n.cisco)) return n.libssh;
    return util::lower(c);
}

// What libssh 0.10 can offer from each family; configured names outside these are dropped.
const std::set<std::string>& supported(const std::string& family) {
    static const std::map<std::string, std::set<std::string>> s{
        {"kex",
         {"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
          "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512",
          "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1",
          "diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1"}},
        {"encryption",
         {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com", "aes128-ctr",
          "aes192-ctr", "aes256-ctr", "aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc"}},
        {"mac",
         {"hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha1-etm@openssh.com",
          "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1"}},
    };
    static const std::set<std::string> none;
    const auto it = s.find(family);
    return it == s.end() ? none : it->second;
}

}  // namespace

Algorithms Device::algorithms() const {
    std::lock_guard lock(mutex_);
    return offered_algorithms(*state_, spec_);
}

Algorithms offered_algorithms(const Device::State& st, const DeviceSpec& spec) {
    Algorithms a;
    if (spec.legacy_crypto) {
        a.kex = "diffie-hellman-group14-sha1";
        a.ciphers = "aes128-cbc,aes256-cbc";
        a.macs = "hmac-sha1";
        a.hostkeys = "ssh-rsa";
    } else {
        a.kex = "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha256";
        a.ciphers = "aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr";
        a.macs = "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512";
        a.hostkeys = "ssh-ed25519";
    }
    if (st.personality != Personality::cisco_ios) return a;
    // `ip ssh server algorithm kex|encryption|mac ...` replaces the offered list. The host key
    // family stays the server's own key type (the lab's key is not the device's RSA key).
    const auto cfg = ssh_config(st.running);
    auto apply = [&](const char* family, std::string& target) {
        const auto it = cfg.server_algorithms.find(family);
        if (it == cfg.server_algorithms.end()) return;
        std::string list;
        for (const auto& name : it->second) {
            const std::string n = std::string(family) == "encryption" ? libssh_cipher(name) : util::lower(name);
            if (!supported(family).contains(n)) continue;
            if (!list.empty()) list += ",";
            list += n;
        }
        if (!list.empty()) target = list;
    };
    apply("kex", a.kex);
    apply("encryption", a.ciphers);
    apply("mac", a.macs);
    return a;
}

void Device::notify_changes_to(int eventfd) {
    state_->change_fd = eventfd;
}

std::uint64_t Device::config_generation() const {
    // a rollback or reload that is due happens now, so the server sees its effect
    const std::time_t due = state_->next_deadline.load();
    if (due != 0 && state_->now() >= due) {
        std::lock_guard lock(mutex_);
        expire_timers(*state_, spec_, state_->now());
    }
    return state_->generation.load();
}

namespace {

// The line whose login settings apply: the given one, else the first that could serve the port.
std::optional<LineConfig> login_line(const Device::State& st, const DeviceSpec& spec, std::uint16_t port,
                                     Service service, int line) {
    const auto& lines = st.views().vty;
    if (line >= 0)
        for (const auto& l : lines)
            if (l.number == line) return l;
    const auto serving = serving_lines(st, spec, port, service);
    if (!serving.empty()) return serving.front();
    if (!lines.empty()) return lines.front();
    return std::nullopt;
}

bool has_exec_authorization(const AaaConfig& aaa) {
    const auto it = aaa.exec_authorization.find("default");
    if (it == aaa.exec_authorization.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(), [](const std::string& m) {
        return util::iequals(m, "local") || util::iequals(m, "if-authenticated");
    });
}

}  // namespace

Login Device::login(std::string_view user, std::string_view password, std::uint16_t port, Service service,
                    int line) const {
    std::lock_guard lock(mutex_);
    catch_up(*state_, spec_);
    const auto& st = *state_;
    Login out;
    if (spec_.faults.auth_failure) {
        out.message = "authentication failure (injected fault)";
        return out;
    }
    const auto& users = st.views().users;
    auto local = [&](Login& r) {
        const auto it = users.find(std::string(user));
        if (it == users.end()) {
            r.message = "no local user " + std::string(user);
            return false;
        }
        if (!password_matches(it->second, password)) {
            r.message = "wrong password for " + std::string(user);
            return false;
        }
        r.privilege = it->second.privilege;
        return true;
    };

    if (st.personality == Personality::cisco_asa) {
        const auto& aaa = st.views().aaa;
        const auto& methods = service == Service::ssh ? aaa.asa_ssh : aaa.asa_telnet;
        if (methods.empty()) {
            if (service == Service::ssh) {
                out.message = "no `aaa authentication ssh console`: SSH logins are refused";
                return out;
            }
            // telnet without AAA: the `passwd` login password
            for (const auto& n : st.running.nodes) {
                const auto w = n.words();
                if (w.size() >= 2 && (util::iequals(w[0], "passwd") || util::iequals(w[0], "password")) &&
                    w.size() == 2 && w[1] == password) {
                    out.ok = true;
                    out.privilege = 1;
                    return out;
                }
            }
            out.message = "wrong telnet password";
            return out;
        }
        bool ok = false;
        for (const auto& m : methods)
            if (util::iequals(m, "LOCAL")) {
                ok = local(out);
                break;
            }  // other methods are server groups, unreachable in the lab: fall through to LOCAL
        if (!ok) {
            if (out.message.empty()) out.message = "no reachable method admits " + std::string(user);
            return out;
        }
        const bool auto_enable = aaa.asa_exec_authorization.find("auto-enable") != std::string::npos;
        out.ok = true;
        out.privilege = auto_enable ? out.privilege : 1;
        return out;
    }

    const auto l = login_line(st, spec_, port, service, line);
    if (!l) {
        out.message = "no vty line";
        return out;
    }
    const auto& aaa = st.views().aaa;
    if (aaa.new_model) {
        if (l->login == LoginMode::none) {
            out.ok = true;
            out.privilege = l->privilege;
            return out;
        }
        const std::string list = l->login == LoginMode::authentication ? l->login_list : "default";
        std::vector<std::string> methods;
        if (const auto it = aaa.login.find(list); it != aaa.login.end())
            methods = it->second;
        else if (list == "default")
            methods = {"local"};  // no default list: the local database
        else {
            out.message = "authentication list " + list + " is not defined";
            return out;
        }
        bool decided = false;
        for (std::size_t i = 0; i < methods.size() && !decided; ++i) {
            const auto m = util::lower(methods[i]);
            if (m == "group") {
                ++i;  // servers are unreachable in the lab: next method
                continue;
            }
            if (m == "local" || m == "local-case") {
                decided = true;
                out.ok = local(out);
            } else if (m == "enable") {
                decided = true;
                out.ok = enable_matches(enable_of(st.running), st.personality, password);
                out.privilege = 1;
                if (!out.ok) out.message = "wrong enable password";
            } else if (m == "line") {
                decided = true;
                out.ok = l->password && line_password_matches(*l->password, password);
                out.privilege = 1;
                if (!out.ok) out.message = "wrong line password";
            } else if (m == "none") {
                decided = true;
                out.ok = true;
                out.privilege = 1;
            }
        }
        if (!decided) {
            out.message = "no method of list " + list + " could authenticate";
            return out;
        }
        if (!out.ok) return out;
        // Without exec authorization the user's privilege is not applied: the line's level is.
        if (!has_exec_authorization(aaa)) out.privilege = l->privilege;
        return out;
    }
    switch (l->login) {
        case LoginMode::none:
            out.ok = true;
            out.privilege = l->privilege;
            return out;
        case LoginMode::line:
            if (!l->password) {
                out.message = "% Password required, but none set";
                return out;
            }
            out.ok = line_password_matches(*l->password, password);
            out.privilege = l->privilege;
            if (!out.ok) out.message = "wrong line password";
            return out;
        case LoginMode::local:
        case LoginMode::authentication:  // without aaa new-model the command is rejected; treat as local
            out.ok = local(out);
            if (out.ok && l->privilege > out.privilege) out.privilege = l->privilege;
            return out;
    }
    return out;
}

bool Device::telnet_asks_username(std::uint16_t port, int line) const {
    std::lock_guard lock(mutex_);
    const auto& st = *state_;
    if (st.personality == Personality::cisco_asa) return !st.views().aaa.asa_telnet.empty();
    if (st.views().aaa.new_model) return true;
    const auto l = login_line(st, spec_, port, Service::telnet, line);
    return l && (l->login == LoginMode::local || l->login == LoginMode::authentication);
}

std::optional<int> Device::acquire_line(std::uint16_t port, Service service) {
    std::lock_guard lock(mutex_);
    auto& st = *state_;
    catch_up(st, spec_);
    std::optional<int> n;
    if (st.personality == Personality::cisco_asa) {
        for (int i = 0; i < kAsaSessions && !n; ++i)
            if (!st.lines_in_use.contains(i)) n = i;
    } else {
        n = free_line(st, serving_lines(st, spec_, port, service), service);
    }
    if (!n) return std::nullopt;
    reserve(*n, service);
    return n;
}

void Device::reserve(int line, Service service) {
    auto& st = *state_;
    auto& use = st.lines_in_use[line];
    use.service = service;
    use.since = use.last_input = std::chrono::steady_clock::now();
    ++st.line_uses[line];
}

void Device::release_line(int line) {
    std::lock_guard lock(mutex_);
    state_->lines_in_use.erase(line);
}

Device::State& Device::state_for_cli() {
    return *state_;
}
std::mutex& Device::mutex() const {
    return mutex_;
}

}  // namespace vtyguard::lab
