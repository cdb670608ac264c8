// ASA show commands, computed from the running-config and the device's counters. Formats follow
// real output (tests/fixtures/cisco_asa, ../shared/corpus/asa_*).
#include <cstdio>

#include "lab/sim/cli_internal.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

std::string hash8(std::string_view s) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(util::fnv1a(s) & 0xffffffffU));
    return buf;
}

const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A table column: padded to `width`, and never running into the next one.
std::string col(const std::string& s, std::size_t width) {
    return s.empty() ? std::string(width, ' ') : util::pad_right(s, std::max(width, s.size() + 1));
}

std::string lower_hex(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

}  // namespace

std::string asa_show_running_section(const CliCtx& c, const std::string& what, bool& ok) {
    const auto w = util::words(what);
    ok = true;
    if (w.empty()) return asa_running_config(c.st, c.spec);
    const std::string key = util::lower(w[0]);
    static const std::vector<std::string> known = util::words(
        "ssh aaa aaa-server username telnet access-group access-list interface route object object-group hostname "
        "domain-name enable crypto http logging nat names name banner pager mtu icmp timeout dns ntp snmp-server "
        "failover passwd all");
    std::string full;
    for (const auto& k : known)
        if (util::is_prefix_ci(w[0], k)) {
            if (util::iequals(w[0], k)) {
                full = k;
                break;
            }
            if (full.empty()) full = k;
        }
    if (full.empty()) {
        ok = false;
        return "";
    }
    if (full == "all") return asa_running_config(c.st, c.spec);
    std::vector<std::string> lines;
    for (const auto& n : c.st.running.nodes) {
        const auto nw = n.words();
        if (nw.empty()) continue;
        bool take = util::iequals(nw[0], full) || (full == "aaa" && util::iequals(nw[0], "aaa-server"));
        if (take && w.size() >= 2) {
            // `show running-config access-list NAME`, `... interface GigabitEthernet0/1`
            take = nw.size() >= 2 &&
                   util::iequals(util::join(nw, " ", 1).substr(0, util::join(w, " ", 1).size()), util::join(w, " ", 1));
            if (full == "access-list") take = nw.size() >= 2 && nw[1] == w[1];
        }
        if (take) Config::render_node(n, lines);
    }
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    if (full == "interface") {
        // blocks are separated by `!` like in the full listing
        std::string sep;
        for (const auto& l : lines) {
            if (!l.empty() && l[0] != ' ' && !sep.empty()) sep += "!\n";
            sep += l + "\n";
        }
        if (!sep.empty()) sep += "!\n";
        out = sep;
    }
    return out;
}

std::string asa_show_access_list(const CliCtx& c, const std::string& name, bool& found) {
    found = name.empty();
    std::string out;
    if (name.empty())
        out =
            "access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)\n            alert-interval "
            "300\n";
    const auto objects = Objects::from(c.st.running, Dialect::asa);
    for (const auto& acl : acls_of(c.st.running, Dialect::asa)) {
        if (!name.empty() && acl.name != name) continue;
        found = true;
        std::size_t elements = 0;
        std::vector<std::vector<AclEntry>> children;
        for (const auto& e : acl.entries) {
            children.push_back(asa_children(e, objects));
            if (!e.remark) elements += std::max<std::size_t>(1, children.back().size());
        }
        out += "access-list " + acl.name + "; " + std::to_string(elements) +
               " elements; name hash: " + hash8(acl.name) + "\n";
        for (std::size_t i = 0; i < acl.entries.size(); ++i) {
            const auto& e = acl.entries[i];
            const std::string head = "access-list " + acl.name + " line " + std::to_string(e.seq) + " ";
            if (e.remark) {
                out += head + e.text + "\n";
                continue;
            }
            // `inactive` entries, and those whose time-range is not active at the device's clock
            const bool inactive =
                e.inactive || (!e.time_range.empty() && !objects.time_range_active(e.time_range, c.st.now()));
            out += head + e.text + " (hitcnt=" + std::to_string(hits(c.st, acl.name, e.text)) + ")" +
                   (inactive ? " (inactive)" : "") + " " + hash8(acl.name + e.text) + "\n";
            for (const auto& ch : children[i])
                out += "  " + head + ch.text +
                       " (hitcnt=" + std::to_string(hits(c.st, acl.name, e.text + "\n" + ch.text)) + ")" +
                       (inactive ? " (inactive)" : "") + " " + hash8(acl.name + e.text + ch.text) + "\n";
        }
    }
    return out;
}

std::string asa_show_crypto_key(const CliCtx& c) {
    std::string out;
    for (const auto& k : c.st.keys) {
        std::tm tm{};
        gmtime_r(&k.generated, &tm);
        char when[48];
        std::snprintf(when, sizeof when, "%02d:%02d:%02d UTC %s %d %d", tm.tm_hour, tm.tm_min, tm.tm_sec,
                      kMonths[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
        out += std::string("Key pair was generated at: ") + when + "\n";
        out += "Key name: " + k.name + "\n";
        out += " Usage: General Purpose Key\n";
        out += " Modulus Size (bits): " + std::to_string(k.bits) + "\n";
        out += " Storage: config\n";
        out += " Key Data:\n\n";
        const std::string hex = lower_hex(util::hex_upper(rsa_public_der(k)));
        std::string line = " ";
        std::size_t groups = 0;
        for (std::size_t i = 0; i < hex.size(); i += 8) {
            line += " " + hex.substr(i, 8);
            if (++groups == 8) {
                out += line + " \n";
                line = " ";
                groups = 0;
            }
        }
        if (groups) out += line + "\n";
    }
    return out;
}

std::string asa_show_version(const CliCtx& c) {
    const auto& spec = c.spec;
    const std::string host = c.hostname();
    const std::string serial = "JAD" + util::hex_upper(util::bytes_from_seed("serial:" + spec.name, 4)).substr(0, 8);
    std::string image = "asa" + spec.version + "-lfbff-k8.SPA";
    for (auto& ch : image)
        if (ch == '.' || ch == '(' || ch == ')') ch = '-';
    std::string out = "\nCisco Adaptive Security Appliance Software Version " + spec.version + " \n";
    out += "SSP Operating System Version 2.10(1.162)\n";
    out += "Device Manager Version 7.16(1)\n\n";
    out += "Compiled on Wed 13-Jul-22 10:36 PDT by builders\n";
    out += "System image file is \"disk0:/" + image + "\"\n";
    out += "Config file at boot was \"startup-config\"\n\n";
    const long long up = static_cast<long long>(wall_clock() - c.st.boot) / 3600 + 242;
    out += host + " up " + std::to_string(up / 24) + " days " + std::to_string(up % 24) + " hours\n\n";
    out += "Hardware:   " + spec.model + ", 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)\n";
    out += "Internal ATA Compact Flash, 8192MB\n";
    out += "BIOS Flash M25P64 @ 0xfed01000, 16384KB\n\n";
    out += "Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)\n";
    out += "                             Number of accelerators: 1\n\n";
    int idx = 1;
    out += " 0: Int: Internal-Data0/0    : address is 0000.0001.0001, irq 11\n";
    for (const auto& i : interfaces_of(c.st.running, c.st.personality)) {
        const std::string mac = util::hex_upper(util::bytes_from_seed("mac:" + spec.name + i.name, 6));
        std::string m = lower_hex(mac.substr(0, 4) + "." + mac.substr(4, 4) + "." + mac.substr(8, 4));
        out +=
            " " + std::to_string(idx++) + ": Ext: " + util::pad_right(i.name, 20) + ": address is " + m + ", irq 255\n";
    }
    out += "\nLicensed features for this platform:\n";
    out += "Maximum Physical Interfaces       : Unlimited      perpetual\n";
    out += "Maximum VLANs                     : 150            perpetual\n";
    out += "Inside Hosts                      : Unlimited      perpetual\n";
    out += "Failover                          : Active/Active  perpetual\n";
    out += "Encryption-DES                    : Enabled        perpetual\n";
    out += "Encryption-3DES-AES               : Enabled        perpetual\n";
    out += "Security Contexts                 : 2              perpetual\n";
    out += "Carrier                           : Disabled       perpetual\n";
    out += "AnyConnect Premium Peers          : 4              perpetual\n";
    out += "Total VPN Peers                   : 300            perpetual\n\n";
    out += "This platform has an " + spec.model + " Security Plus license.\n\n";
    out += "Serial Number: " + serial + "\n";
    out += "Configuration register is 0x1\n";
    out += "Image type          : Release\n";
    out += "Key Version         : A\n";
    if (c.st.last_change) out += "Configuration last modified by " + c.st.last_change_by + " at a recent time\n";
    return out;
}

std::string asa_show_nameif(const CliCtx& c) {
    std::string out = "Interface                Name                     Security\n";
    for (const auto& i : interfaces_of(c.st.running, c.st.personality)) {
        if (i.nameif.empty()) continue;
        out += util::pad_right(i.name, 25) + util::pad_right(i.nameif, 25) +
               util::pad_left(std::to_string(i.security < 0 ? 0 : i.security), 3) + "\n";
    }
    return out;
}

std::string asa_show_route(const CliCtx& c, const std::string& address) {
    const auto a = util::parse_ipv4(address);
    const auto routes = routes_of(c.st.running, c.st.personality);
    const auto r = a ? lookup(routes, "", *a) : std::nullopt;
    if (!r) return "% Network not in table\n";
    std::string out = "\nRouting entry for " + util::format_ipv4(r->net) + " " + util::format_ipv4(r->mask) +
                      (r->mask == 0 ? ", supernet" : "") + "\n";
    if (r->connected) {
        out += "  Known via \"connected\", distance 0, metric 0 (connected, via interface)\n";
        out += "  Routing Descriptor Blocks:\n";
        out += "  * directly connected, via " + r->interface + "\n";
    } else {
        out += "  Known via \"static\", distance " + std::to_string(r->distance) + ", metric 0" +
               (r->mask == 0 ? ", candidate default path" : "") + "\n";
        out += "  Routing Descriptor Blocks:\n";
        out += "  * " + util::format_ipv4(*r->next_hop) + ", via " + r->interface + "\n";
    }
    out += "      Route metric is 0, traffic share count is 1\n\n";
    return out;
}

std::string asa_show_ssh_sessions(const CliCtx& c) {
    std::string out = "SID Client IP       Version Mode Encryption Hmac          State           Username\n";
    const auto a = offered_algorithms(c.st, c.spec);
    const std::string cipher = a.ciphers.substr(0, a.ciphers.find(','));
    const std::string mac = a.macs.substr(0, a.macs.find(','));
    for (const auto& [slot, use] : c.st.lines_in_use) {
        if (!use.labelled || use.service != Service::ssh) continue;
        for (const char* mode : {"IN ", "OUT"})
            out += col(std::string(mode) == "IN " ? std::to_string(slot) : "", 4) +
                   col(std::string(mode) == "IN " ? use.source : "", 16) +
                   col(std::string(mode) == "IN " ? "2.0" : "", 8) + col(mode, 5) + col(cipher, 11) + col(mac, 14) +
                   col("SessionStarted", 16) + use.user + "\n";
    }
    return out;
}

}  // namespace vtyguard::lab
