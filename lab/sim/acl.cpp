#include "lab/sim/acl.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

struct PortName {
    int port;
    const char* name;
};

// What IOS prints for well-known ports (22 and 443 stay numbers on IOS).
constexpr std::array<PortName, 30> kIosTcp{
    {{7, "echo"},     {9, "discard"}, {13, "daytime"}, {19, "chargen"},   {20, "ftp-data"}, {21, "ftp"},
     {23, "telnet"},  {25, "smtp"},   {37, "time"},    {43, "whois"},     {49, "tacacs"},   {53, "domain"},
     {70, "gopher"},  {79, "finger"}, {80, "www"},     {101, "hostname"}, {109, "pop2"},    {110, "pop3"},
     {111, "sunrpc"}, {113, "ident"}, {119, "nntp"},   {179, "bgp"},      {194, "irc"},     {512, "exec"},
     {513, "login"},  {514, "cmd"},   {515, "lpd"},    {517, "talk"},     {540, "uucp"},    {543, "klogin"}}};
constexpr std::array<PortName, 16> kIosUdp{{{7, "echo"},
                                            {9, "discard"},
                                            {37, "time"},
                                            {49, "tacacs"},
                                            {53, "domain"},
                                            {67, "bootps"},
                                            {68, "bootpc"},
                                            {69, "tftp"},
                                            {111, "sunrpc"},
                                            {123, "ntp"},
                                            {137, "netbios-ns"},
                                            {138, "netbios-dgm"},
                                            {161, "snmp"},
                                            {162, "snmptrap"},
                                            {514, "syslog"},
                                            {520, "rip"}}};
// ASA prints names for these, including ssh and https.
constexpr std::array<PortName, 22> kAsaTcp{
    {{21, "ftp"},  {22, "ssh"},    {23, "telnet"},       {25, "smtp"},        {49, "tacacs"}, {53, "domain"},
     {80, "www"},  {110, "pop3"},  {111, "sunrpc"},      {113, "ident"},      {119, "nntp"},  {143, "imap4"},
     {179, "bgp"}, {389, "ldap"},  {443, "https"},       {445, "cifs"},       {512, "exec"},  {513, "login"},
     {514, "rsh"}, {636, "ldaps"}, {1494, "citrix-ica"}, {8080, "http-proxy"}}};
constexpr std::array<PortName, 10> kAsaUdp{{{53, "domain"},
                                            {67, "bootps"},
                                            {68, "bootpc"},
                                            {69, "tftp"},
                                            {123, "ntp"},
                                            {161, "snmp"},
                                            {162, "snmptrap"},
                                            {500, "isakmp"},
                                            {514, "syslog"},
                                            {1645, "radius"}}};

template <std::size_t N>
const char* name_in(const std::array<PortName, N>& table, int port) {
    for (const auto& p : table)
        if (p.port == port) return p.name;
    return nullptr;
}

template <std::size_t N>
std::optional<int> number_in(const std::array<PortName, N>& table, std::string_view name) {
    for (const auto& p : table)
        if (util::iequals(name, p.name)) return p.port;
    return std::nullopt;
}

bool is_action(std::string_view w) {
    return util::iequals(w, "permit") || util::iequals(w, "deny");
}

int protocol_number(std::string_view p) {
    if (util::iequals(p, "tcp")) return 6;
    if (util::iequals(p, "udp")) return 17;
    if (util::iequals(p, "icmp")) return 1;
    if (auto n = util::to_number(p)) return static_cast<int>(*n);
    return -1;
}

bool protocol_matches(std::string_view rule, std::string_view packet) {
    if (util::iequals(rule, "ip") || util::iequals(rule, "ipv4")) return true;
    if (util::iequals(rule, "tcp-udp")) return util::iequals(packet, "tcp") || util::iequals(packet, "udp");
    const int a = protocol_number(rule), b = protocol_number(packet);
    return a >= 0 && a == b;
}

bool port_matches(const PortMatch& m, int port, std::string_view protocol, const Objects& objects) {
    switch (m.op) {
        case PortMatch::Op::none:
            return true;
        case PortMatch::Op::eq:
            return std::find(m.ports.begin(), m.ports.end(), port) != m.ports.end();
        case PortMatch::Op::neq:
            return !m.ports.empty() && port != m.ports[0];
        case PortMatch::Op::lt:
            return !m.ports.empty() && port < m.ports[0];
        case PortMatch::Op::gt:
            return !m.ports.empty() && port > m.ports[0];
        case PortMatch::Op::range:
            return m.ports.size() == 2 && port >= m.ports[0] && port <= m.ports[1];
        case PortMatch::Op::object_group: {
            const auto it = objects.services.find(m.group);
            if (it == objects.services.end()) return false;
            for (const auto& s : it->second)
                if ((s.protocol.empty() || protocol_matches(s.protocol, protocol)) &&
                    port_matches(s.dport, port, protocol, objects))
                    return true;
            return false;
        }
    }
    return false;
}

}  // namespace

bool ios_numbered_standard(long long n) {
    return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
}
bool ios_numbered_extended(long long n) {
    return (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699);
}

std::string ios_port_name(int port, std::string_view protocol) {
    const char* n = util::iequals(protocol, "udp") ? name_in(kIosUdp, port) : name_in(kIosTcp, port);
    return n ? std::string(n) : std::to_string(port);
}

std::string asa_port_name(int port, std::string_view protocol) {
    const char* n = util::iequals(protocol, "udp") ? name_in(kAsaUdp, port) : name_in(kAsaTcp, port);
    return n ? std::string(n) : std::to_string(port);
}

std::optional<int> port_number(std::string_view word) {
    if (auto n = util::to_number(word)) {
        if (*n <= 65535) return static_cast<int>(*n);
        return std::nullopt;
    }
    for (auto r :
         {number_in(kIosTcp, word), number_in(kIosUdp, word), number_in(kAsaTcp, word), number_in(kAsaUdp, word)})
        if (r) return r;
    if (util::iequals(word, "https")) return 443;
    return std::nullopt;
}

// ---- parsing ----------------------------------------------------------------------------------

namespace {

class Reader {
public:
    explicit Reader(const std::vector<std::string>& w) : w_(w) {}
    bool done() const { return i_ >= w_.size(); }
    const std::string& peek() const { return w_[i_]; }
    bool is(std::string_view s) const { return !done() && util::iequals(w_[i_], s); }
    std::string take() {
        last_ = i_;
        return w_[i_++];
    }
    std::size_t pos() const { return i_; }
    std::size_t last() const { return last_; }
    std::size_t size() const { return w_.size(); }
    void mark(std::size_t i) { bad_ = i; }
    std::size_t bad() const { return bad_; }

private:
    std::size_t bad_ = 0;
    const std::vector<std::string>& w_;
    std::size_t i_ = 0;
    std::size_t last_ = 0;
};

std::optional<AddrMatch> read_address(Reader& r, Dialect d, bool standard, std::string& error) {
    AddrMatch a;
    if (r.done()) {
        error = "% Incomplete command.";
        return std::nullopt;
    }
    if (r.is("any") || r.is("any4")) {
        a.kind = AddrMatch::Kind::any;
        a.name = util::lower(r.take());
        return a;
    }
    if (r.is("any6")) {
        r.take();
        a.kind = AddrMatch::Kind::ipv6;
        a.name = "any6";
        return a;
    }
    if (r.is("host")) {
        r.take();
        if (r.done()) {
            error = "% Incomplete command.";
            return std::nullopt;
        }
        const auto w = r.take();
        if (auto ip = util::parse_ipv4(w)) {
            a.kind = AddrMatch::Kind::host;
            a.address = *ip;
            return a;
        }
        if (w.find(':') != std::string::npos) {
            a.kind = AddrMatch::Kind::ipv6;
            a.name = "host " + w;
            return a;
        }
        r.mark(r.last());
        error = "% Invalid input detected at '^' marker.";
        return std::nullopt;
    }
    if (r.is("object-group") || (d == Dialect::asa && (r.is("object") || r.is("interface")))) {
        const auto kw = util::lower(r.take());
        if (r.done()) {
            error = "% Incomplete command.";
            return std::nullopt;
        }
        a.kind = kw == "object-group" ? AddrMatch::Kind::object_group
                 : kw == "object"     ? AddrMatch::Kind::object
                                      : AddrMatch::Kind::interface;
        a.name = r.take();
        return a;
    }
    const auto w = r.take();
    if (w.find(':') != std::string::npos) {
        a.kind = AddrMatch::Kind::ipv6;
        a.name = w;
        return a;
    }
    const auto ip = util::parse_ipv4(w);
    if (!ip) {
        r.mark(r.last());
        error = "% Invalid input detected at '^' marker.";
        return std::nullopt;
    }
    a.address = *ip;
    if (!r.done()) {
        if (auto m = util::parse_ipv4(r.peek())) {
            r.take();
            a.kind = AddrMatch::Kind::masked;
            a.mask = *m;
            if (d == Dialect::ios) {
                a.address &= ~a.mask;
                if (a.mask == 0) a.kind = AddrMatch::Kind::host;
                if (a.mask == 0xffffffffU) a.kind = AddrMatch::Kind::any, a.name = "any";
            } else if (a.mask == 0xffffffffU) {
                a.kind = AddrMatch::Kind::host;
            }
            return a;
        }
    }
    if (d == Dialect::ios && standard) {
        a.kind = AddrMatch::Kind::host;  // `permit 10.1.1.1`: a host
        return a;
    }
    error = "% Incomplete command.";
    return std::nullopt;
}

std::optional<PortMatch> read_ports(Reader& r, Dialect d, std::string& error) {
    PortMatch m;
    if (r.done()) return m;
    const auto op = util::lower(r.peek());
    if (op == "object-group" && d == Dialect::asa) {
        r.take();
        if (r.done()) {
            error = "% Incomplete command.";
            return std::nullopt;
        }
        m.op = PortMatch::Op::object_group;
        m.group = r.take();
        return m;
    }
    PortMatch::Op o;
    if (op == "eq")
        o = PortMatch::Op::eq;
    else if (op == "neq")
        o = PortMatch::Op::neq;
    else if (op == "lt")
        o = PortMatch::Op::lt;
    else if (op == "gt")
        o = PortMatch::Op::gt;
    else if (op == "range")
        o = PortMatch::Op::range;
    else
        return m;
    r.take();
    m.op = o;
    const std::size_t want = o == PortMatch::Op::range ? 2 : 1;
    while (!r.done()) {
        auto p = port_number(r.peek());
        if (!p) break;
        r.take();
        m.ports.push_back(*p);
        if (o != PortMatch::Op::eq && m.ports.size() == want) break;
        if (d == Dialect::asa && m.ports.size() == want) break;
    }
    if (m.ports.size() < want) {
        r.mark(r.pos());
        error = r.done() ? "% Incomplete command." : "% Invalid input detected at '^' marker.";
        return std::nullopt;
    }
    return m;
}

std::string ios_addr_text(const AddrMatch& a, bool standard) {
    switch (a.kind) {
        case AddrMatch::Kind::any:
            return "any";
        case AddrMatch::Kind::host:
            return standard ? util::format_ipv4(a.address) : "host " + util::format_ipv4(a.address);
        case AddrMatch::Kind::masked:
            return util::format_ipv4(a.address) + " " + util::format_ipv4(a.mask);
        case AddrMatch::Kind::object_group:
            return "object-group " + a.name;
        case AddrMatch::Kind::object:
            return "object " + a.name;
        case AddrMatch::Kind::interface:
            return "interface " + a.name;
        case AddrMatch::Kind::ipv6:
        case AddrMatch::Kind::unknown:
            return a.name;
    }
    return a.name;
}

std::string asa_addr_text(const AddrMatch& a) {
    switch (a.kind) {
        case AddrMatch::Kind::any:
            return a.name.empty() ? "any" : a.name;
        case AddrMatch::Kind::host:
            return "host " + util::format_ipv4(a.address);
        case AddrMatch::Kind::masked:
            return util::format_ipv4(a.address) + " " + util::format_ipv4(a.mask);
        default:
            return ios_addr_text(a, false);
    }
}

std::string ports_text(const PortMatch& m, std::string_view protocol, Dialect d) {
    auto name = [&](int p) { return d == Dialect::ios ? ios_port_name(p, protocol) : asa_port_name(p, protocol); };
    switch (m.op) {
        case PortMatch::Op::none:
            return "";
        case PortMatch::Op::object_group:
            return " object-group " + m.group;
        case PortMatch::Op::eq: {
            std::string s = " eq";
            for (int p : m.ports) s += " " + name(p);
            return s;
        }
        case PortMatch::Op::neq:
            return " neq " + name(m.ports[0]);
        case PortMatch::Op::lt:
            return " lt " + name(m.ports[0]);
        case PortMatch::Op::gt:
            return " gt " + name(m.ports[0]);
        case PortMatch::Op::range:
            return " range " + name(m.ports[0]) + " " + name(m.ports[1]);
    }
    return "";
}

}  // namespace

namespace {

// Whether the TCP flag qualifiers of an entry accept a packet with only SYN set (the first packet
// of a connection). Plain flag keywords must all be set; `match-all` / `match-any` take `+flag`
// (set) and `-flag` (clear) terms.
class SynCheck {
public:
    void add(const std::string& word) {
        if (word == "match-all" || word == "match-any") {
            group_ = word == "match-any" ? Group::any : Group::all;
            return;
        }
        if (group_ != Group::none && (word.rfind('+', 0) == 0 || word.rfind('-', 0) == 0) && is_flag(word.substr(1))) {
            const bool holds = (word.substr(1) == "syn") == (word[0] == '+');
            (holds ? group_true_ : group_false_) += 1;
            return;
        }
        if (is_flag(word) && word != "syn") plain_ok_ = false;
    }
    bool satisfied() const {
        if (!plain_ok_) return false;
        switch (group_) {
            case Group::none:
                return true;
            case Group::all:
                return group_false_ == 0;
            case Group::any:
                return group_true_ > 0 || group_false_ == 0;
        }
        return true;
    }

private:
    static bool is_flag(const std::string& w) {
        return w == "ack" || w == "fin" || w == "psh" || w == "rst" || w == "syn" || w == "urg";
    }
    enum class Group { none, all, any };
    Group group_ = Group::none;
    bool plain_ok_ = true;
    int group_true_ = 0, group_false_ = 0;
};

std::optional<AclEntry> parse_entry_impl(Reader& r, Dialect d, bool standard, const std::vector<std::string>& words,
                                         std::string& error) {
    AclEntry e;
    if (r.done()) {
        error = "% Incomplete command.";
        return std::nullopt;
    }
    if (r.is("remark")) {
        r.take();
        e.remark = true;
        e.remark_text = util::join(words, " ", 1);
        e.text = "remark " + e.remark_text;
        return e;
    }
    if (d == Dialect::asa && !standard) {
        // `extended permit ...`, `standard permit ...`
        if (r.is("extended")) {
            r.take();
        } else if (r.is("standard")) {
            r.take();
            standard = true;
        } else {
            r.mark(r.pos());
            error = "ERROR: % Invalid input detected at '^' marker.";
            return std::nullopt;
        }
    }
    if (r.done() || !is_action(r.peek())) {
        r.mark(r.pos());
        error = r.done() ? "% Incomplete command." : "% Invalid input detected at '^' marker.";
        return std::nullopt;
    }
    e.permit = util::iequals(r.take(), "permit");
    if (standard) {
        auto a = read_address(r, d, true, error);
        if (!a) return std::nullopt;
        e.src = *a;
    } else {
        if (r.done()) {
            error = "% Incomplete command.";
            return std::nullopt;
        }
        if (r.is("object-group") || (d == Dialect::asa && r.is("object"))) {
            r.take();
            if (r.done()) {
                error = "% Incomplete command.";
                return std::nullopt;
            }
            e.protocol_group = r.take();
        } else {
            const auto p = r.take();
            static const std::vector<std::string> known =
                util::words("ip ipv4 tcp udp icmp gre esp ahp ah ospf eigrp pim igmp sctp ipinip nos pcp icmp6 ipv6");
            if (!util::to_number(p) &&
                std::none_of(known.begin(), known.end(), [&](const std::string& k) { return util::iequals(k, p); })) {
                r.mark(r.last());
                error = "% Invalid input detected at '^' marker.";
                return std::nullopt;
            }
            e.protocol = util::lower(p);
        }
        auto s = read_address(r, d, false, error);
        if (!s) return std::nullopt;
        e.src = *s;
        const bool ported = e.protocol == "tcp" || e.protocol == "udp" || !e.protocol_group.empty();
        if (ported) {
            auto sp = read_ports(r, d, error);
            if (!sp) return std::nullopt;
            e.sport = *sp;
        }
        auto t = read_address(r, d, false, error);
        if (!t) return std::nullopt;
        e.dst = *t;
        if (ported) {
            auto dp = read_ports(r, d, error);
            if (!dp) return std::nullopt;
            e.dport = *dp;
        }
    }
    // Qualifiers after the addresses: kept in the text as written, interpreted where they change
    // what a first packet matches.
    std::vector<std::string> rest;
    SynCheck syn;
    while (!r.done()) {
        const auto w = r.take();
        const auto lw = util::lower(w);
        rest.push_back(lw == "established" || lw == "log" || lw == "log-input" || lw == "fragments" ? lw : w);
        if (lw == "established") e.established = true;
        if (lw == "log" || lw == "log-input") e.log = true;
        if (lw == "fragments") e.never_first_packet = true;
        if (lw == "inactive") e.inactive = true;
        if (lw == "time-range" && !r.done()) {
            e.time_range = r.take();
            rest.push_back(e.time_range);
            continue;
        }
        // Keywords whose argument could look like a flag name.
        if ((lw == "dscp" || lw == "precedence" || lw == "tos" || lw == "option" || lw == "reflect") && !r.done()) {
            rest.push_back(r.take());
            continue;
        }
        syn.add(lw);
    }
    if (!syn.satisfied()) e.never_first_packet = true;

    e.qualifiers = util::join(rest, " ");
    e.text = entry_text(e, d, standard);
    return e;
}

}  // namespace

std::optional<AclEntry> parse_entry(Dialect d, bool standard, const std::vector<std::string>& words, std::string& error,
                                    std::size_t* error_word) {
    Reader r(words);
    auto e = parse_entry_impl(r, d, standard, words, error);
    if (!e && error_word) {
        if (error.find("Incomplete") != std::string::npos)
            *error_word = words.size();
        else
            *error_word = r.bad();
    }
    return e;
}

std::string entry_text(const AclEntry& e, Dialect d, bool standard) {
    if (e.remark) return "remark " + e.remark_text;
    const auto act = e.permit ? std::string("permit") : std::string(d == Dialect::ios ? "deny  " : "deny");
    std::string text;
    if (d == Dialect::ios) {
        text = act + " ";
        if (standard) {
            text += ios_addr_text(e.src, true);
        } else {
            text += (e.protocol_group.empty() ? e.protocol : "object-group " + e.protocol_group) + " ";
            text += ios_addr_text(e.src, false) + ports_text(e.sport, e.protocol, d) + " ";
            text += ios_addr_text(e.dst, false) + ports_text(e.dport, e.protocol, d);
        }
    } else {
        text = std::string(standard ? "standard " : "extended ") + act + " ";
        if (standard) {
            text += asa_addr_text(e.src);
        } else {
            text += (e.protocol_group.empty() ? e.protocol : "object-group " + e.protocol_group) + " ";
            text += asa_addr_text(e.src) + ports_text(e.sport, e.protocol, d) + " ";
            text += asa_addr_text(e.dst) + ports_text(e.dport, e.protocol, d);
        }
    }
    if (!e.qualifiers.empty()) text += " " + e.qualifiers;
    return text;
}

// ---- objects ----------------------------------------------------------------------------------

namespace {

// `[source PORTS] [destination] [PORTS]` after the protocol of a service object entry. PORTS is an
// operator form or a bare port (IOS `tcp 22`, `tcp source 2000 ftp`), which means `eq`.
void read_service_ports(Reader& r, Dialect d, PortMatch& sport, PortMatch& dport) {
    auto ports = [&](PortMatch& m) {
        if (r.done()) return;
        std::string err;
        if (auto pm = read_ports(r, d, err); pm && pm->op != PortMatch::Op::none) {
            m = *pm;
            return;
        }
        if (r.done()) return;
        if (auto n = port_number(r.peek())) {
            r.take();
            m.op = PortMatch::Op::eq;
            m.ports = {*n};
        }
    };
    if (r.is("source")) {
        r.take();
        ports(sport);
    }
    if (r.is("destination")) r.take();
    ports(dport);
}

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

// Monday = 0 ... Sunday = 6; a day name or an unambiguous start of one (`Mon`, `wed`).
std::optional<int> weekday(const std::string& word) {
    static const char* days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    const auto w = util::lower(word);
    if (w.size() < 3) return std::nullopt;
    for (int i = 0; i < 7; ++i)
        if (std::string_view(days[i]).substr(0, w.size()) == w) return i;
    return std::nullopt;
}

std::optional<int> month(const std::string& word) {
    static const char* months[] = {"january", "february", "march",     "april",   "may",      "june",
                                   "july",    "august",   "september", "october", "november", "december"};
    const auto w = util::lower(word);
    if (w.size() < 3) return std::nullopt;
    for (int i = 0; i < 12; ++i)
        if (std::string_view(months[i]).substr(0, w.size()) == w) return i;
    return std::nullopt;
}

// `HH:MM` as minutes of the day.
std::optional<int> clock_time(const std::string& word) {
    const auto colon = word.find(':');
    if (colon == std::string::npos) return std::nullopt;
    const auto h = util::to_number(word.substr(0, colon));
    const auto m = util::to_number(word.substr(colon + 1));
    if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
    return static_cast<int>(*h * 60 + *m);
}

// `HH:MM DD Month YYYY` (or `HH:MM Month DD YYYY`) from words[i], UTC.
std::optional<std::time_t> absolute_time(const std::vector<std::string>& w, std::size_t i) {
    if (i + 3 >= w.size()) return std::nullopt;
    const auto minutes = clock_time(w[i]);
    auto day = util::to_number(w[i + 1]);
    auto mon = month(w[i + 2]);
    if (!day) {
        day = util::to_number(w[i + 2]);
        mon = month(w[i + 1]);
    }
    const auto year = util::to_number(w[i + 3]);
    if (!minutes || !day || !mon || !year || *day < 1 || *day > 31 || *year < 1970 || *year > 2100) return std::nullopt;
    std::tm tm{};
    tm.tm_year = static_cast<int>(*year) - 1900;
    tm.tm_mon = *mon;
    tm.tm_mday = static_cast<int>(*day);
    tm.tm_hour = *minutes / 60;
    tm.tm_min = *minutes % 60;
    return timegm(&tm);
}

// `periodic DAYS HH:MM to [DAY] HH:MM`: one window per listed day, or one span from the single
// start day to the end day.
std::vector<TimeRange::Window> periodic_windows(const std::vector<std::string>& w) {
    std::vector<int> days;
    std::size_t i = 1;
    for (; i < w.size() && !clock_time(w[i]); ++i) {
        const auto lw = util::lower(w[i]);
        if (lw == "daily") {
            days.insert(days.end(), {0, 1, 2, 3, 4, 5, 6});
        } else if (lw == "weekdays") {
            days.insert(days.end(), {0, 1, 2, 3, 4});
        } else if (lw == "weekend") {
            days.insert(days.end(), {5, 6});
        } else if (auto d = weekday(w[i])) {
            days.push_back(*d);
        } else {
            return {};
        }
    }
    if (days.empty() || i + 2 >= w.size() || !util::iequals(w[i + 1], "to")) return {};
    const int from = *clock_time(w[i]);
    std::size_t j = i + 2;
    std::optional<int> end_day;
    if (auto d = weekday(w[j]); d && j + 1 < w.size()) {
        end_day = *d;
        ++j;
    }
    const auto to = clock_time(w[j]);
    if (!to || (end_day && days.size() != 1)) return {};
    std::vector<TimeRange::Window> out;
    for (int day : days) {
        TimeRange::Window win;
        win.first = day * kMinutesPerDay + from;
        if (end_day)
            win.last = *end_day * kMinutesPerDay + *to;
        else  // an end before the start runs into the next day
            win.last = (day + (*to < from ? 1 : 0)) * kMinutesPerDay + *to;
        win.last %= kMinutesPerWeek;
        out.push_back(win);
    }
    return out;
}

TimeRange time_range_of(const ConfigNode& block) {
    TimeRange t;
    for (const auto& c : block.children) {
        const auto w = c.words();
        if (w.empty()) continue;
        if (util::iequals(w[0], "absolute")) {
            t.start.reset();  // one absolute line per time-range: the last one counts
            t.end.reset();
            for (std::size_t i = 1; i < w.size(); ++i) {
                if (util::iequals(w[i], "start")) t.start = absolute_time(w, i + 1);
                if (util::iequals(w[i], "end")) t.end = absolute_time(w, i + 1);
            }
        } else if (util::iequals(w[0], "periodic")) {
            for (const auto& win : periodic_windows(w)) t.periodic.push_back(win);
        }
    }
    return t;
}

}  // namespace

bool TimeRange::active_at(std::time_t t) const {
    if (start && t < *start) return false;
    if (end && t >= *end) return false;
    if (periodic.empty()) return true;
    std::tm tm{};
    gmtime_r(&t, &tm);
    const int minute = ((tm.tm_wday + 6) % 7) * kMinutesPerDay + tm.tm_hour * 60 + tm.tm_min;
    return std::any_of(periodic.begin(), periodic.end(), [&](const Window& w) {
        return w.first <= w.last ? minute >= w.first && minute <= w.last : minute >= w.first || minute <= w.last;
    });
}

bool Objects::time_range_active(const std::string& name, std::time_t t) const {
    const auto it = time_ranges.find(name);
    return it != time_ranges.end() && it->second.active_at(t);
}

Objects Objects::from(const Config& config, Dialect d) {
    Objects o;
    for (const auto& n : config.nodes) {
        const auto w = n.words();
        if (w.size() == 2 && util::iequals(w[0], "time-range")) {
            o.time_ranges[w[1]] = time_range_of(n);
            continue;
        }
        if (w.size() < 3) continue;
        const bool group = util::iequals(w[0], "object-group");
        const bool object = util::iequals(w[0], "object");
        if (!group && !object) continue;
        const auto kind = util::lower(w[1]);
        const auto& name = w[2];
        if (kind == "network") {
            auto& list = o.networks[name];
            for (const auto& c : n.children) {
                auto cw = c.words();
                if (cw.empty()) continue;
                if (d == Dialect::asa && group && util::iequals(cw[0], "network-object")) cw.erase(cw.begin());
                if (cw.empty()) continue;
                Net net;
                const auto k = util::lower(cw[0]);
                if (k == "host" && cw.size() >= 2) {
                    if (auto ip = util::parse_ipv4(cw[1]))
                        net.address = *ip, net.mask = 0xffffffffU;
                    else
                        continue;
                } else if ((k == "subnet" && cw.size() >= 3) || (util::parse_ipv4(cw[0]) && cw.size() >= 2)) {
                    const std::size_t at = k == "subnet" ? 1 : 0;
                    auto ip = util::parse_ipv4(cw[at]);
                    auto m = util::parse_ipv4(cw[at + 1]);
                    if (!ip || !m) continue;
                    net.address = *ip & *m;
                    net.mask = *m;
                } else if (k == "range" && cw.size() >= 3) {
                    auto a = util::parse_ipv4(cw[1]);
                    auto b = util::parse_ipv4(cw[2]);
                    if (!a || !b) continue;
                    net.range = true;
                    net.address = *a;
                    net.mask = *b;
                } else if (k == "any") {
                    net.address = 0;
                    net.mask = 0;
                } else if ((k == "object" || k == "group-object") && cw.size() >= 2) {
                    net.ref = cw[1];
                } else {
                    continue;
                }
                list.push_back(net);
            }
        } else if (kind == "service") {
            auto& list = o.services[name];
            if (w.size() >= 4) o.service_group_protocol[name] = util::lower(w[3]);
            const std::string group_proto = w.size() >= 4 ? util::lower(w[3]) : "";
            for (const auto& c : n.children) {
                auto cw = c.words();
                if (cw.empty()) continue;
                Svc s;
                if (util::iequals(cw[0], "group-object") && cw.size() >= 2) {
                    s.ref = cw[1];
                    list.push_back(s);
                    continue;
                }
                std::size_t i = 0;
                const bool port_object = util::iequals(cw[0], "port-object");
                if (port_object) {
                    s.protocol = group_proto;
                    i = 1;
                } else {
                    if (util::iequals(cw[0], "service-object") || util::iequals(cw[0], "service")) i = 1;
                    if (i >= cw.size()) continue;
                    s.protocol = util::lower(cw[i++]);
                }
                std::vector<std::string> rest(cw.begin() + static_cast<long>(i), cw.end());
                Reader r(rest);
                std::string err;
                if (port_object) {
                    // used in a source or a destination port slot: the ACE says which
                    if (auto pm = read_ports(r, d, err)) s.dport = *pm;
                } else if (s.protocol == "tcp" || s.protocol == "udp" || s.protocol == "tcp-udp") {
                    read_service_ports(r, d, s.sport, s.dport);
                }
                list.push_back(s);
            }
        } else if (kind == "protocol") {
            auto& list = o.protocols[name];
            for (const auto& c : n.children) {
                const auto cw = c.words();
                if (cw.size() >= 2 && util::iequals(cw[0], "protocol-object")) list.push_back(util::lower(cw[1]));
            }
        }
    }
    // Nested service groups: flatten references (bounded depth).
    for (int round = 0; round < 4; ++round)
        for (auto& [name, list] : o.services) {
            std::vector<Svc> flat;
            for (const auto& s : list) {
                if (s.ref.empty()) {
                    flat.push_back(s);
                    continue;
                }
                const auto it = o.services.find(s.ref);
                if (it != o.services.end() && it->first != name)
                    for (const auto& t : it->second) flat.push_back(t);
            }
            list = std::move(flat);
        }
    return o;
}

bool Objects::address_in(const std::string& name, std::uint32_t address, int depth) const {
    if (depth > 8) return false;
    const auto it = networks.find(name);
    if (it == networks.end()) return false;
    for (const auto& n : it->second) {
        if (!n.ref.empty()) {
            if (address_in(n.ref, address, depth + 1)) return true;
        } else if (n.range) {
            if (address >= n.address && address <= n.mask) return true;
        } else if ((address & n.mask) == n.address) {
            return true;
        }
    }
    return false;
}

std::vector<AddrMatch> Objects::expand(const std::string& name, int depth) const {
    std::vector<AddrMatch> out;
    if (depth > 8) return out;
    const auto it = networks.find(name);
    if (it == networks.end()) return out;
    for (const auto& n : it->second) {
        if (!n.ref.empty()) {
            for (auto& a : expand(n.ref, depth + 1)) out.push_back(a);
            continue;
        }
        AddrMatch a;
        if (n.range) {
            a.kind = AddrMatch::Kind::unknown;
            a.name = "range " + util::format_ipv4(n.address) + " " + util::format_ipv4(n.mask);
        } else if (n.mask == 0xffffffffU) {
            a.kind = AddrMatch::Kind::host;
            a.address = n.address;
        } else if (n.mask == 0 && n.address == 0) {
            a.kind = AddrMatch::Kind::any;
            a.name = "any4";
        } else {
            a.kind = AddrMatch::Kind::masked;
            a.address = n.address;
            a.mask = n.mask;
        }
        out.push_back(a);
    }
    return out;
}

// ---- ACLs of a config -------------------------------------------------------------------------

namespace {

void add_child_entries(Acl& acl, const ConfigNode& block, Dialect d) {
    int next = 10;
    for (const auto& c : block.children) {
        auto w = c.words();
        if (w.empty()) continue;
        int seq = 0;
        if (auto n = util::to_number(w[0])) {
            seq = static_cast<int>(*n);
            w.erase(w.begin());
        } else if (acl.ipv6 && w.size() >= 2 && util::iequals(w[0], "sequence")) {
            seq = static_cast<int>(util::to_number(w[1]).value_or(0));
            w.erase(w.begin(), w.begin() + 2);
        }
        // IPv6 entries carry `sequence N` at the end in show output
        if (acl.ipv6 && w.size() >= 2 && util::iequals(w[w.size() - 2], "sequence")) {
            seq = static_cast<int>(util::to_number(w.back()).value_or(0));
            w.resize(w.size() - 2);
        }
        std::string err;
        auto e = parse_entry(d, acl.standard, w, err);
        if (!e) {
            // Kept so that show commands still print it; it never matches.
            AclEntry bad;
            bad.text = util::join(w, " ");
            bad.never_first_packet = true;
            bad.inactive = true;
            e = bad;
        }
        if (!e->remark) {
            if (seq == 0) seq = next;
            next = seq + 10;
        }
        e->seq = seq;
        acl.entries.push_back(*e);
    }
}

}  // namespace

std::vector<Acl> acls_of(const Config& config, Dialect d) {
    std::vector<Acl> out;
    auto find_out = [&](const std::string& name) -> Acl* {
        for (auto& a : out)
            if (a.name == name) return &a;
        return nullptr;
    };
    for (const auto& n : config.nodes) {
        const auto w = n.words();
        if (d == Dialect::ios) {
            if (w.size() >= 4 && util::iequals(w[0], "ip") && util::iequals(w[1], "access-list") &&
                (util::iequals(w[2], "standard") || util::iequals(w[2], "extended"))) {
                Acl acl;
                acl.name = w[3];
                acl.standard = util::iequals(w[2], "standard");
                add_child_entries(acl, n, d);
                out.push_back(std::move(acl));
            } else if (w.size() >= 3 && util::iequals(w[0], "ipv6") && util::iequals(w[1], "access-list")) {
                Acl acl;
                acl.name = w[2];
                acl.ipv6 = true;
                add_child_entries(acl, n, d);
                out.push_back(std::move(acl));
            } else if (w.size() >= 3 && util::iequals(w[0], "access-list")) {
                const auto num = util::to_number(w[1]);
                if (!num || !(ios_numbered_standard(*num) || ios_numbered_extended(*num))) continue;
                Acl* acl = find_out(w[1]);
                if (!acl) {
                    Acl fresh;
                    fresh.name = w[1];
                    fresh.numbered = true;
                    fresh.standard = ios_numbered_standard(*num);
                    out.push_back(std::move(fresh));
                    acl = &out.back();
                }
                std::vector<std::string> rest(w.begin() + 2, w.end());
                std::string err;
                auto e = parse_entry(d, acl->standard, rest, err);
                if (!e) continue;
                if (!e->remark) {
                    int last = 0;
                    for (const auto& x : acl->entries)
                        if (!x.remark) last = x.seq;
                    e->seq = last + 10;
                }
                acl->entries.push_back(*e);
            }
        } else {
            if (w.size() >= 3 && util::iequals(w[0], "access-list")) {
                std::vector<std::string> rest(w.begin() + 2, w.end());
                int line_no = 0;
                if (rest.size() >= 2 && util::iequals(rest[0], "line")) {
                    line_no = static_cast<int>(util::to_number(rest[1]).value_or(0));
                    rest.erase(rest.begin(), rest.begin() + 2);
                }
                Acl* acl = find_out(w[1]);
                if (!acl) {
                    Acl fresh;
                    fresh.name = w[1];
                    out.push_back(std::move(fresh));
                    acl = &out.back();
                }
                if (rest.empty()) continue;
                const bool std_entry = util::iequals(rest[0], "standard");
                if (!(std_entry || util::iequals(rest[0], "extended") || util::iequals(rest[0], "remark"))) continue;
                std::string err;
                auto e = parse_entry(d, false, rest, err);
                if (!e) continue;
                if (std_entry) acl->standard = true;
                AclEntry entry = *e;
                if (line_no > 0 && static_cast<std::size_t>(line_no) <= acl->entries.size())
                    acl->entries.insert(acl->entries.begin() + (line_no - 1), entry);
                else
                    acl->entries.push_back(entry);
                for (std::size_t i = 0; i < acl->entries.size(); ++i) acl->entries[i].seq = static_cast<int>(i + 1);
            }
        }
    }
    return out;
}

std::optional<Acl> find_acl(const Config& config, Dialect d, std::string_view name) {
    for (auto& a : acls_of(config, d))
        if (a.name == name) return a;
    return std::nullopt;
}

// ---- evaluation -------------------------------------------------------------------------------

namespace {

bool address_matches(const AddrMatch& a, std::uint32_t addr, const Objects& o,
                     const std::map<std::string, std::uint32_t>& ifaddr, bool ios) {
    switch (a.kind) {
        case AddrMatch::Kind::any:
            return true;
        case AddrMatch::Kind::host:
            return addr == a.address;
        case AddrMatch::Kind::masked:
            // IOS writes wildcard bits, ASA a netmask
            return ios ? (addr & ~a.mask) == (a.address & ~a.mask) : (addr & a.mask) == (a.address & a.mask);
        case AddrMatch::Kind::object_group:
        case AddrMatch::Kind::object:
            return o.address_in(a.name, addr);
        case AddrMatch::Kind::interface: {
            const auto it = ifaddr.find(a.name);
            return it != ifaddr.end() && it->second == addr;
        }
        case AddrMatch::Kind::ipv6:
        case AddrMatch::Kind::unknown:
            return false;
    }
    return false;
}

}  // namespace

bool entry_matches(const AclEntry& e, bool standard, const Packet& p, const Objects& o,
                   const std::map<std::string, std::uint32_t>& ifaddr) {
    if (e.remark || e.inactive) return false;
    if (!e.time_range.empty() && !o.time_range_active(e.time_range, p.time ? *p.time : std::time(nullptr)))
        return false;
    // A standard ACL entry decides on the source only; IOS and ASA standard entries share this.
    const bool ios = e.text.rfind("extended ", 0) != 0 && e.text.rfind("standard ", 0) != 0;
    if (standard) return address_matches(e.src, p.src, o, ifaddr, ios);
    if (e.established || e.never_first_packet) return false;
    if (!e.protocol_group.empty()) {
        bool any = false;
        if (auto it = o.protocols.find(e.protocol_group); it != o.protocols.end())
            for (const auto& proto : it->second) any = any || protocol_matches(proto, p.protocol);
        if (auto it = o.services.find(e.protocol_group); it != o.services.end())
            for (const auto& s : it->second)
                any = any ||
                      (protocol_matches(s.protocol.empty() ? "ip" : s.protocol, p.protocol) &&
                       port_matches(s.sport, p.sport, p.protocol, o) && port_matches(s.dport, p.dport, p.protocol, o));
        if (!any) return false;
    } else if (!protocol_matches(e.protocol, p.protocol)) {
        return false;
    }
    if (!address_matches(e.src, p.src, o, ifaddr, ios) || !address_matches(e.dst, p.dst, o, ifaddr, ios)) return false;
    if (!port_matches(e.sport, p.sport, p.protocol, o) || !port_matches(e.dport, p.dport, p.protocol, o)) return false;
    return true;
}

std::optional<std::size_t> evaluate(const Acl& acl, const Packet& p, const Objects& o,
                                    const std::map<std::string, std::uint32_t>& ifaddr) {
    for (std::size_t i = 0; i < acl.entries.size(); ++i)
        if (entry_matches(acl.entries[i], acl.standard, p, o, ifaddr)) return i;
    return std::nullopt;
}

std::vector<AclEntry> asa_children(const AclEntry& e, const Objects& o) {
    if (e.remark) return {};
    auto addresses = [&](const AddrMatch& a, bool& expanded) {
        if (a.kind == AddrMatch::Kind::object_group || a.kind == AddrMatch::Kind::object) {
            expanded = true;
            return o.expand(a.name);
        }
        return std::vector<AddrMatch>{a};
    };
    bool expanded = false;
    const auto srcs = addresses(e.src, expanded);
    const auto dsts = addresses(e.dst, expanded);
    struct Service {
        std::string protocol;
        PortMatch sport, dport;
    };
    std::vector<Service> services;
    // `whole`: the group stands for the protocol and both ports (protocol slot); otherwise it
    // fills the destination port slot only.
    auto add_services = [&](const std::string& group, const std::string& fallback_proto, bool whole) {
        if (auto it = o.services.find(group); it != o.services.end()) {
            for (const auto& s : it->second)
                services.push_back(
                    {s.protocol.empty() ? fallback_proto : s.protocol, whole ? s.sport : e.sport, s.dport});
            return true;
        }
        if (auto it = o.protocols.find(group); it != o.protocols.end()) {
            for (const auto& p : it->second) services.push_back({p, e.sport, e.dport});
            return true;
        }
        return false;
    };
    if (!e.protocol_group.empty() && add_services(e.protocol_group, "ip", true)) {
        expanded = true;
    } else if (e.dport.op == PortMatch::Op::object_group) {
        const auto proto =
            o.service_group_protocol.contains(e.dport.group) ? o.service_group_protocol.at(e.dport.group) : e.protocol;
        if (add_services(e.dport.group, proto, false)) {
            expanded = true;
            for (auto& s : services)
                if (s.protocol == "tcp-udp" || s.protocol.empty()) s.protocol = e.protocol;
        }
    }
    if (services.empty()) services.push_back({e.protocol, e.sport, e.dport});
    if (!expanded) return {};
    std::vector<AclEntry> out;
    for (const auto& s : srcs)
        for (const auto& d : dsts)
            for (const auto& svc : services) {
                AclEntry c = e;
                c.src = s;
                c.dst = d;
                c.protocol = svc.protocol;
                c.protocol_group.clear();
                c.sport = svc.sport;
                c.dport = svc.dport;
                c.text = entry_text(c, Dialect::asa, false);
                out.push_back(std::move(c));
            }
    return out;
}

std::string ios_show_text(const AclEntry& e, bool standard) {
    if (!standard || e.src.kind != AddrMatch::Kind::masked) return e.text;
    // `permit 10.0.0.0 0.0.0.255` shows as `permit 10.0.0.0, wildcard bits 0.0.0.255`
    const std::string addr = util::format_ipv4(e.src.address) + " " + util::format_ipv4(e.src.mask);
    std::string t = e.text;
    const auto at = t.find(addr);
    if (at == std::string::npos) return t;
    return t.substr(0, at) + util::format_ipv4(e.src.address) + ", wildcard bits " + util::format_ipv4(e.src.mask) +
           t.substr(at + addr.size());
}

}  // namespace vtyguard::lab
