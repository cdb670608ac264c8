#include "plugin/engine/names.hpp"

#include <charconv>
#include <span>
#include <string>

namespace vtyguard::engine {

namespace {

struct Name {
    std::string_view name;
    std::uint16_t number;
};

// Keywords of IOS and ASA port tables (`show access-lists` prints these in place of numbers).
constexpr Name kTcp[] = {
    {"aol", 5190},         {"bgp", 179},         {"chargen", 19},
    {"cifs", 3020},        {"citrix-ica", 1494}, {"cmd", 514},
    {"ctiqbe", 2748},      {"daytime", 13},      {"discard", 9},
    {"domain", 53},        {"drip", 3949},       {"echo", 7},
    {"exec", 512},         {"finger", 79},       {"ftp", 21},
    {"ftp-data", 20},      {"gopher", 70},       {"h323", 1720},
    {"hostname", 101},     {"http", 80},         {"https", 443},
    {"ident", 113},        {"imap4", 143},       {"irc", 194},
    {"kerberos", 750},     {"klogin", 543},      {"kshell", 544},
    {"ldap", 389},         {"ldaps", 636},       {"login", 513},
    {"lotusnotes", 1352},  {"lpd", 515},         {"msrpc", 135},
    {"netbios-ssn", 139},  {"nfs", 2049},        {"nntp", 119},
    {"onep-plain", 15001}, {"onep-tls", 15002},  {"pcanywhere-data", 5631},
    {"pim-auto-rp", 496},  {"pop2", 109},        {"pop3", 110},
    {"pptp", 1723},        {"rsh", 514},         {"rtsp", 554},
    {"sip", 5060},         {"smtp", 25},         {"sqlnet", 1521},
    {"ssh", 22},           {"sunrpc", 111},      {"tacacs", 49},
    {"talk", 517},         {"telnet", 23},       {"time", 37},
    {"uucp", 540},         {"whois", 43},        {"www", 80},
};
constexpr Name kUdp[] = {
    {"biff", 512},
    {"bootpc", 68},
    {"bootps", 67},
    {"cifs", 3020},
    {"discard", 9},
    {"dnsix", 195},
    {"domain", 53},
    {"echo", 7},
    {"http", 80},
    {"isakmp", 500},
    {"kerberos", 750},
    {"mobile-ip", 434},
    {"nameserver", 42},
    {"netbios-dgm", 138},
    {"netbios-ns", 137},
    {"netbios-ss", 139},
    {"nfs", 2049},
    {"non500-isakmp", 4500},
    {"ntp", 123},
    {"pcanywhere-status", 5632},
    {"pim-auto-rp", 496},
    {"radius", 1645},
    {"radius-acct", 1646},
    {"rip", 520},
    {"secureid-udp", 5510},
    {"sip", 5060},
    {"snmp", 161},
    {"snmptrap", 162},
    {"sunrpc", 111},
    {"syslog", 514},
    {"tacacs", 49},
    {"talk", 517},
    {"tftp", 69},
    {"time", 37},
    {"vxlan", 4789},
    {"who", 513},
    {"www", 80},
    {"xdmcp", 177},
};

template <class T>
std::optional<T> number(std::string_view s, unsigned max) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v > max) return std::nullopt;
    return static_cast<T>(v);
}

}  // namespace

std::optional<std::uint16_t> port_number(std::string_view name, std::uint8_t protocol) {
    if (auto n = number<std::uint16_t>(name, 65535)) return n;
    auto find = [&](const auto& table) -> std::optional<std::uint16_t> {
        for (const auto& e : table)
            if (e.name == name) return e.number;
        return std::nullopt;
    };
    if (protocol == 6) return find(kTcp);
    if (protocol == 17) return find(kUdp);
    auto t = find(kTcp), u = find(kUdp);
    if (t && u && *t == *u) return t;  // tcp-udp: only names that mean the same port on both
    return std::nullopt;
}

std::optional<std::uint8_t> protocol_number(std::string_view name, bool ipv6, bool& any) {
    any = false;
    if (name == "ip" || name == "ipv6" || name == "ipv4") {
        any = true;
        return std::nullopt;
    }
    if (auto n = number<std::uint8_t>(name, 255)) return n;
    static constexpr Name kProto[] = {
        {"ahp", 51},  {"ah", 51},    {"eigrp", 88}, {"esp", 50}, {"gre", 47},  {"icmp6", 58}, {"igmp", 2},
        {"igrp", 9},  {"ipinip", 4}, {"ipsec", 50}, {"nos", 94}, {"ospf", 89}, {"pcp", 108},  {"pim", 103},
        {"pptp", 47}, {"sctp", 132}, {"snp", 109},  {"tcp", 6},  {"udp", 17},
    };
    if (name == "icmp") return static_cast<std::uint8_t>(ipv6 ? 58 : 1);
    for (const auto& e : kProto)
        if (e.name == name) return static_cast<std::uint8_t>(e.number);
    return std::nullopt;
}

std::optional<std::pair<int, int>> icmp_message(std::string_view name, bool ipv6) {
    if (auto n = number<std::uint8_t>(name, 255)) return std::pair<int, int>{*n, -1};
    struct M {
        std::string_view name;
        int type, code;
    };
    static constexpr M kV4[] = {
        {"echo-reply", 0, -1},           {"unreachable", 3, -1},
        {"net-unreachable", 3, 0},       {"host-unreachable", 3, 1},
        {"protocol-unreachable", 3, 2},  {"port-unreachable", 3, 3},
        {"packet-too-big", 3, 4},        {"administratively-prohibited", 3, 13},
        {"source-quench", 4, -1},        {"redirect", 5, -1},
        {"alternate-address", 6, -1},    {"echo", 8, -1},
        {"router-advertisement", 9, -1}, {"router-solicitation", 10, -1},
        {"time-exceeded", 11, -1},       {"ttl-exceeded", 11, 0},
        {"parameter-problem", 12, -1},   {"timestamp-request", 13, -1},
        {"timestamp-reply", 14, -1},     {"information-request", 15, -1},
        {"information-reply", 16, -1},   {"mask-request", 17, -1},
        {"mask-reply", 18, -1},          {"traceroute", 30, -1},
        {"conversion-error", 31, -1},    {"mobile-redirect", 32, -1},
    };
    static constexpr M kV6[] = {
        {"unreachable", 1, -1},
        {"packet-too-big", 2, -1},
        {"time-exceeded", 3, -1},
        {"parameter-problem", 4, -1},
        {"echo-request", 128, -1},
        {"echo", 128, -1},
        {"echo-reply", 129, -1},
        {"mld-query", 130, -1},
        {"mld-report", 131, -1},
        {"mld-reduction", 132, -1},
        {"router-solicitation", 133, -1},
        {"router-advertisement", 134, -1},
        {"nd-ns", 135, -1},
        {"nd-na", 136, -1},
        {"neighbor-solicitation", 135, -1},
        {"neighbor-advertisement", 136, -1},
        {"redirect", 137, -1},
    };
    for (const auto& m : ipv6 ? std::span<const M>(kV6) : std::span<const M>(kV4))
        if (m.name == name) return std::pair<int, int>{m.type, m.code};
    return std::nullopt;
}

}  // namespace vtyguard::engine
