// `ssh -l USER [-p PORT] TARGET` and `telnet TARGET [PORT]` typed at a device's prompt: the
// target device's listeners, admission and login rules apply with this device as the client,
// and a nested Session takes over the terminal until it ends. Runs without this device's lock.
// The target's vty line is taken when the connection is admitted, as on IOS, and held through
// the login prompts: a client arriving meanwhile gets the next line and its access-class.
#include <algorithm>
#include <memory>
#include <utility>

#include "lab/sim/cli_internal.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

Out text(std::string s) {
    Out o;
    o.text = std::move(s);
    return o;
}

// A line of the target held between admission and login; given back unless the nested session
// takes it over (a failed login, or a session that ends while a password is asked).
class HeldLine {
public:
    HeldLine(Device& device, int line) : device_(device), line_(line) {}
    ~HeldLine() {
        if (line_ >= 0) device_.release_line(line_);
    }
    HeldLine(const HeldLine&) = delete;
    HeldLine& operator=(const HeldLine&) = delete;
    int line() const { return line_; }
    int take() { return std::exchange(line_, -1); }

private:
    Device& device_;
    int line_;
};

struct Target {
    Device* device = nullptr;
    std::string text;  // as typed
    std::string user;
    std::uint16_t port = 0;  // device port (22, 23, a rotary port)
    Service service = Service::ssh;
    std::string source;
    std::shared_ptr<HeldLine> line;  // shared by the pending prompts that may still log in
};

// Logs into the target and starts the nested session, or asks again.
Out answer_login(CliCtx& c, const Target& t, const std::string& user, const std::string& password, unsigned attempt);

Pending ask_password(const Target& t, const std::string& user, unsigned attempt) {
    Pending p;
    p.prompt = "Password: ";
    p.echo = false;
    p.unlocked = true;
    p.then = [t, user, attempt](CliCtx& c, const std::string& pw) { return answer_login(c, t, user, pw, attempt); };
    return p;
}

Pending ask_username(const Target& t, unsigned attempt) {
    Pending p;
    p.prompt = "Username: ";
    p.unlocked = true;
    p.then = [t, attempt](CliCtx&, const std::string& user) -> Out {
        Out o;
        o.ask = ask_password(t, std::string(util::trim(user)), attempt);
        return o;
    };
    return p;
}

Out answer_login(CliCtx& c, const Target& t, const std::string& user, const std::string& password, unsigned attempt) {
    const auto lab_port = t.device->lab_port(t.port, t.service);
    const Login l = t.device->login(user, password, lab_port, t.service, t.line->line());
    if (!l.ok) {
        if (attempt >= 3) {
            if (t.service == Service::ssh) return text("% Authentication failed.\n");
            return text("% Login invalid\n\n[Connection to " + t.text + " closed by foreign host]\n");
        }
        Out o;
        if (t.service == Service::ssh) {
            o.ask = ask_password(t, user, attempt + 1);
        } else {
            const bool asks_user = t.device->telnet_asks_username(lab_port, t.line->line());
            o.text = asks_user ? "% Login invalid\n\n" : "% Access denied\n\n";
            o.ask = asks_user ? ask_username(t, attempt + 1) : ask_password(t, user, attempt + 1);
        }
        return o;
    }
    Hop hop;
    hop.target = t.device;
    hop.line = t.line->take();  // the nested session owns it from here
    hop.target_text = t.text;
    hop.session = std::make_unique<Session>(*t.device, c.fleet, user, l.privilege, t.source, t.service, hop.line);
    c.hop_request = std::move(hop);
    return {};
}

}  // namespace

Out start_hop(CliCtx& c, const std::vector<std::string>& words, Service service) {
    Target t;
    t.service = service;
    t.source = c.spec.address;
    t.user = c.user;
    t.port = service == Service::ssh ? 22 : 23;
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        if (service == Service::ssh &&
            (w == "-l" || w == "-p" || w == "-v" || w == "-c" || w == "-m" || w == "-vrf" || w == "-o")) {
            if (i + 1 >= words.size()) return text("% Incomplete command.\n\n");
            const auto& v = words[++i];
            if (w == "-l") t.user = v;
            if (w == "-p") {
                const auto n = util::to_number(v);
                if (!n || *n < 1 || *n > 65535) return text(invalid_input(c, "ssh " + util::join(words, " "), i + 1));
                t.port = static_cast<std::uint16_t>(*n);
            }
            continue;
        }
        rest.push_back(w);
    }
    if (rest.empty()) return text("% Incomplete command.\n\n");
    std::string target = rest[0];
    if (service == Service::ssh) {
        if (const auto at = target.find('@'); at != std::string::npos) {
            t.user = target.substr(0, at);
            target = target.substr(at + 1);
        }
    } else if (rest.size() >= 2) {
        const auto n = util::to_number(rest[1]);
        if (!n || *n < 1 || *n > 65535) return text(invalid_input(c, "telnet " + util::join(words, " "), 2));
        t.port = static_cast<std::uint16_t>(*n);
    }
    t.text = target;
    const std::string trying = service == Service::telnet ? "Trying " + target + " ... " : "";
    if (!util::parse_ipv4(target))
        return text("Translating \"" + target +
                    "\"\n% Unknown command or computer name, or unable to find computer address\n");
    t.device = c.fleet ? c.fleet->find(target) : nullptr;
    if (!t.device) return text(trying + "\n% Destination unreachable; gateway or host down\n\n");
    const auto lab_port = t.device->lab_port(t.port, service);
    const auto ports = t.device->listening_ports(service);
    if (lab_port == 0 || std::find(ports.begin(), ports.end(), lab_port) == ports.end())
        return text(trying + "\n% Connection refused by remote host\n\n");
    const Device::Admitted admitted = t.device->admit_and_acquire(t.source, Device::kEphemeralPort, lab_port, service);
    switch (admitted.admission) {
        case Admission::silent_drop:
            return text(trying + "\n% Connection timed out; remote host not responding\n\n");
        case Admission::close_before_banner:
            return text(trying + (service == Service::telnet ? "Open\n" : "") + "\n[Connection to " + target +
                        " closed by foreign host]\n");
        case Admission::accept:
            break;
    }
    t.line = std::make_shared<HeldLine>(*t.device, *admitted.line);
    Out o;
    if (service == Service::ssh) {
        o.ask = ask_password(t, t.user, 1);
        return o;
    }
    o.text = trying + "Open\n\n\nUser Access Verification\n\n";
    o.ask = t.device->telnet_asks_username(lab_port, t.line->line()) ? ask_username(t, 1) : ask_password(t, t.user, 1);
    return o;
}

}  // namespace vtyguard::lab
