// IOS / IOS-XE show commands, computed from the running-config and the device's counters. The
// formats follow real output (see tests/fixtures/cisco_ios and ../shared/corpus).
#include <algorithm>
#include <cstdio>

#include "lab/sim/cli_internal.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

namespace {

// A table column: padded to `width`, and never running into the next one.
std::string col(const std::string& s, std::size_t width) {
    return util::pad_right(s, std::max(width, s.size() + 1));
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
    std::vector<std::string> out;
    while (text.size() > width) {
        out.emplace_back(text.substr(0, width));
        text.remove_prefix(width);
    }
    if (!text.empty()) out.emplace_back(text);
    return out;
}

std::string duration_text(std::chrono::steady_clock::duration d) {
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
    char buf[32];
    if (s >= 86400)
        std::snprintf(buf, sizeof buf, "%lldd%02lldh", static_cast<long long>(s / 86400),
                      static_cast<long long>((s % 86400) / 3600));
    else
        std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                      static_cast<long long>((s % 3600) / 60), static_cast<long long>(s % 60));
    return buf;
}

std::string timeout_text(int seconds) {
    if (seconds <= 0) return "never";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    return buf;
}

const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string key_time(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d UTC %s %d %d", tm.tm_hour, tm.tm_min, tm.tm_sec, kMonths[tm.tm_mon],
                  tm.tm_mday, tm.tm_year + 1900);
    return buf;
}

bool has_aux(const CliCtx& c) {
    for (const auto& n : c.st.running.nodes)
        if (has_word_prefix(n.text, "line aux")) return true;
    return false;
}

}  // namespace

std::string uptime_text(std::time_t boot) {
    long long s = static_cast<long long>(wall_clock() - boot) + 9 * 86400 + 3 * 3600 + 17 * 60;
    const long long weeks = s / (7 * 86400);
    s %= 7 * 86400;
    const long long days = s / 86400, hours = (s % 86400) / 3600, minutes = (s % 3600) / 60;
    auto unit = [](long long n, const char* u) { return std::to_string(n) + " " + u + (n == 1 ? "" : "s"); };
    return unit(weeks, "week") + ", " + unit(days, "day") + ", " + unit(hours, "hour") + ", " + unit(minutes, "minute");
}

// ---- show ip ssh -------------------------------------------------------------------------------

std::string ios_show_ip_ssh(const CliCtx& c) {
    const auto& st = c.st;
    const auto ssh = ssh_config(st.running);
    const bool xe = st.release.xe;
    const bool enabled = ssh_enabled(st);
    const RsaKey* key = ssh_key(st);
    std::string version = !ssh.version ? "1.99" : (*ssh.version == 1 ? "1.5" : "2.0");
    std::string out = std::string("SSH ") + (enabled ? "Enabled" : "Disabled") + " - version " + version + "\n";
    if (!enabled) {
        if (xe && st.release.at_least(17, 0) && !key)
            out += "Please create EC or RSA keys to enable SSH\n";
        else if (key && xe && st.release.at_least(17, 11) && key->bits < 2048)
            out += "%Please create RSA keys to enable SSH (and of atleast 2048 bits for SSH v2).\n";
        else
            out += "%Please create RSA keys to enable SSH (and of atleast 768 bits for SSH v2).\n";
    }
    if (xe) {
        const auto a = offered_algorithms(st, c.spec);
        auto hostkeys = ssh.server_algorithms.contains("hostkey")
                            ? util::join(ssh.server_algorithms.at("hostkey"), ",")
                            : std::string(c.spec.legacy_crypto ? "ssh-rsa" : "rsa-sha2-512,rsa-sha2-256");
        // the offered lists, which libssh and IOS-XE spell alike
        out += "Authentication methods:publickey,keyboard-interactive,password\n";
        out += "Authentication Publickey Algorithms:rsa-sha2-256,rsa-sha2-512,ssh-ed25519\n";
        out += "Hostkey Algorithms:" + hostkeys + "\n";
        out += "Encryption Algorithms:" + a.ciphers + "\n";
        out += "MAC Algorithms:" + a.macs + "\n";
        out += "KEX Algorithms:" + a.kex + "\n";
    }
    out += "Authentication timeout: " + std::to_string(ssh.timeout) +
           " secs; Authentication retries: " + std::to_string(ssh.retries) + "\n";
    const int dh = ssh.dh_min.value_or(xe ? 2048 : 1024);
    out += "Minimum expected Diffie Hellman key size : " + std::to_string(dh) + " bits\n";
    if (!key || !enabled) {
        out += "IOS Keys in SECSH format(ssh-rsa, base64 encoded): NONE\n";
        if (xe && st.release.at_least(17, 0)) out += "IOS Keys in SECSH format(ssh-ec, base64 encoded): NONE\n";
        return out;
    }
    // Classic IOS prints the key without its name; IOS-XE names it and gives its size.
    out += "IOS Keys in SECSH format(ssh-rsa, base64 encoded):" + (xe ? " " + key->name : std::string()) + "\n";
    if (xe) out += "Modulus Size : " + std::to_string(key->bits) + " bits\n";
    for (const auto& l : wrap("ssh-rsa " + util::base64(rsa_ssh_blob(*key)), 80)) out += l + "\n";
    return out;
}

// ---- show access-lists ------------------------------------------------------------------------

namespace {

// IOS follows `time-range NAME` with the range's state at the device's clock:
// `time-range WORK (active)`, `(inactive)` (also for a range that is not defined).
std::string with_time_range_state(std::string text, const AclEntry& e, const Objects& objects, std::time_t now) {
    if (e.time_range.empty()) return text;
    const std::string word = " time-range " + e.time_range;
    std::size_t at = text.find(word);
    while (at != std::string::npos && at + word.size() < text.size() && text[at + word.size()] != ' ')
        at = text.find(word, at + 1);
    if (at == std::string::npos) return text;
    const bool active = objects.time_range_active(e.time_range, now);
    text.insert(at + word.size(), active ? " (active)" : " (inactive)");
    return text;
}

}  // namespace

std::string ios_show_access_lists(const CliCtx& c, const std::string& name, AclFamily family, bool& found) {
    found = name.empty();
    std::string out;
    const Objects& objects = c.st.views().objects;
    const std::time_t now = c.st.now();
    for (const auto& acl : acls_of(c.st.running, Dialect::ios)) {
        if (!name.empty() && acl.name != name) continue;
        if ((family == AclFamily::ipv4 && acl.ipv6) || (family == AclFamily::ipv6 && !acl.ipv6)) continue;
        found = true;
        if (acl.ipv6) {
            out += "IPv6 access list " + acl.name + "\n";
            for (const auto& e : acl.entries) {
                if (e.remark) continue;
                const auto n = hits(c.st, acl.name, std::to_string(e.seq));
                std::string t = with_time_range_state(e.text, e, objects, now);  // not padded like IPv4
                if (t.rfind("deny   ", 0) == 0) t.erase(4, 2);
                out += "    " + t +
                       (n ? " (" + std::to_string(n) + (n == 1 ? " match)" : " matches)") : std::string()) +
                       " sequence " + std::to_string(e.seq) + "\n";
            }
            continue;
        }
        out += std::string(acl.standard ? "Standard" : "Extended") + " IP access list " + acl.name + "\n";
        for (const auto& e : acl.entries) {
            if (e.remark) continue;  // remarks are not shown
            const auto n = hits(c.st, acl.name, std::to_string(e.seq));
            out += "    " + std::to_string(e.seq) + " " +
                   with_time_range_state(ios_show_text(e, acl.standard), e, objects, now);
            if (n) out += " (" + std::to_string(n) + (n == 1 ? " match)" : " matches)");
            out += "\n";
        }
    }
    return out;
}

// ---- show crypto key mypubkey rsa -------------------------------------------------------------

std::string ios_show_crypto_key(const CliCtx& c, const std::string& name, bool all) {
    // `all` would add EC keys; the sim makes RSA keys only, so both forms list the same
    (void)all;
    std::string out;
    for (const auto& k : c.st.keys) {
        if (!name.empty() && k.name != name) continue;
        out += "% Key pair was generated at: " + key_time(k.generated) + "\n";
        out += "Key name: " + k.name + "\n";
        out += "Key type: RSA KEYS\n";
        out += " Storage Device: private-config\n";
        out += " Usage: General Purpose Key\n";
        out += std::string(" Key is ") + (k.exportable ? "exportable." : "not exportable.") + " Redundancy enabled.\n";
        out += " Key Data:\n";
        const std::string hex = util::hex_upper(rsa_public_der(k));
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

// ---- show version -----------------------------------------------------------------------------

namespace {

struct Image {
    std::string family;    // C2960X
    std::string software;  // "C2960X Software (C2960X-UNIVERSALK9-M)"
    bool switch_ = false;
};

Image image_of(const std::string& model, bool xe, bool crypto) {
    Image img;
    const std::string m = model;
    if (m.rfind("WS-C", 0) == 0) {
        img.family = "C" + m.substr(4, m.find('-', 4) - 4);
        img.switch_ = true;
    } else if (m.rfind("CISCO", 0) == 0 && m.size() >= 7) {
        img.family = "C" + m.substr(5, 2) + "00";
    } else if (m.rfind("C9", 0) == 0) {
        img.family = "CAT9K";
        img.switch_ = true;
    } else {
        img.family = m.substr(0, m.find('-'));
    }
    if (xe) {
        if (img.family == "CAT9K")
            img.software = "Catalyst L3 Switch Software (CAT9K_IOSXE)";
        else if (m.rfind("ISR", 0) == 0 || m.rfind("C8", 0) == 0 || m.rfind("ASR", 0) == 0)
            img.software = "ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)";
        else
            img.software = "Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)";
    } else {
        img.software = img.family + " Software (" + img.family + (crypto ? "-UNIVERSALK9-M)" : "-IPBASE-M)");
    }
    return img;
}

std::string train(const Release& r) {
    if (r.major == 16) return r.minor <= 6 ? "Everest" : r.minor <= 9 ? "Fuji" : "Gibraltar";
    if (r.minor <= 3) return "Amsterdam";
    if (r.minor <= 6) return "Bengaluru";
    if (r.minor <= 9) return "Cupertino";
    if (r.minor <= 12) return "Dublin";
    return "IOSXE";
}

// "17.9.4a" -> "17.09.04a"
std::string xe_padded(const std::string& v) {
    std::string out, part;
    auto flush = [&] {
        if (!part.empty() && std::isdigit(static_cast<unsigned char>(part[0])) &&
            (part.size() == 1 || !std::isdigit(static_cast<unsigned char>(part[1]))))
            part = "0" + part;
        out += part;
        part.clear();
    };
    bool first = true;
    for (char ch : v) {
        if (ch == '.') {
            if (first)
                out += part, part.clear(), first = false;
            else
                flush();
            out += '.';
        } else {
            part += ch;
        }
    }
    flush();
    return out;
}

const char* kCryptoNotice =
    "This product contains cryptographic features and is subject to United\n"
    "States and local country laws governing import, export, transfer and\n"
    "use. Delivery of Cisco cryptographic products does not imply\n"
    "third-party authority to import, export, distribute or use encryption.\n"
    "Importers, exporters, distributors and users are responsible for\n"
    "compliance with U.S. and local country laws. By using this product you\n"
    "agree to comply with applicable laws and regulations. If you are unable\n"
    "to comply with U.S. and local laws, return this product immediately.\n"
    "\n"
    "A summary of U.S. laws governing Cisco cryptographic products may be found at:\n"
    "http://www.cisco.com/wwl/export/crypto/tool/stqrg.html\n"
    "\n"
    "If you require further assistance please contact us by sending email to\n"
    "export@cisco.com.\n";

}  // namespace

std::string ios_show_version(const CliCtx& c) {
    const auto& spec = c.spec;
    const auto& r = c.st.release;
    const Image img = image_of(spec.model, r.xe, c.st.crypto_image);
    const std::string host = c.hostname();
    const std::string serial = "FOC" + util::hex_upper(util::bytes_from_seed("serial:" + spec.name, 4)).substr(0, 8);
    std::string out;
    if (r.xe) {
        out += "Cisco IOS XE Software, Version " + xe_padded(spec.version) + "\n";
        out += "Cisco IOS Software [" + train(r) + "], " + img.software + ", Version " + spec.version +
               ", RELEASE SOFTWARE (fc3)\n";
        out += "Technical Support: http://www.cisco.com/techsupport\n";
        out += "Copyright (c) 1986-2023 by Cisco Systems, Inc.\n";
        out += "Compiled Fri 20-Oct-23 10:44 by mcpre\n\n\n";
        out += "Cisco IOS-XE software, Copyright (c) 2005-2023 by cisco Systems, Inc.\n";
        out += "All rights reserved.  Certain components of Cisco IOS-XE software are\n";
        out += "licensed under the GNU General Public License (\"GPL\") Version 2.0.  The\n";
        out += "software code licensed under GPL Version 2.0 is free software that comes\n";
        out += "with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such\n";
        out += "GPL code under the terms of GPL Version 2.0.  For more details, see the\n";
        out += "documentation or \"License Notice\" file accompanying the IOS-XE software,\n";
        out += "or the applicable URL provided on the flyer accompanying the IOS-XE\n";
        out += "software.\n\n\n";
        out += "ROM: IOS-XE ROMMON\n";
        out += "BOOTLDR: System Bootstrap, Version " + std::to_string(r.major) + "." + std::to_string(r.minor) +
               ".1r, RELEASE SOFTWARE (P)\n\n";
        out += host + " uptime is " + uptime_text(c.st.boot) + "\n";
        out += "Uptime for this control processor is " + uptime_text(c.st.boot) + "\n";
        out += "System returned to ROM by Reload Command\n";
        out += "System image file is \"flash:packages.conf\"\n";
        out += "Last reload reason: Reload Command\n\n\n\n";
        out += kCryptoNotice;
        out += "\n\n";
        out += "cisco " + spec.model + " (X86) processor with 1338934K/6147K bytes of memory.\n";
        out += "Processor board ID " + serial + "\n";
        out += img.switch_ ? "1 Virtual Ethernet interface\n52 Gigabit Ethernet interfaces\n"
                           : "3 Gigabit Ethernet interfaces\n";
        out += "2048K bytes of non-volatile configuration memory.\n";
        out += "8388608K bytes of physical memory.\n\n";
        if (img.switch_) {
            out += "Model Number                       : " + spec.model + "\n";
            out += "System Serial Number               : " + serial + "\n\n";
        }
        out += "Configuration register is 0x2102\n";
        return out;
    }
    out += "Cisco IOS Software, " + img.software + ", Version " + spec.version + ", RELEASE SOFTWARE (fc2)\n";
    out += "Technical Support: http://www.cisco.com/techsupport\n";
    out += "Copyright (c) 1986-2020 by Cisco Systems, Inc.\n";
    out += "Compiled Tue 31-Mar-20 03:31 by prod_rel_team\n\n";
    out += "ROM: Bootstrap program is " + img.family + " boot loader\n";
    out += "BOOTLDR: " + img.family + " Boot Loader (" + img.family +
           "-HBOOT-M) Version 15.2(3r)E, RELEASE SOFTWARE (fc1)\n\n";
    out += host + " uptime is " + uptime_text(c.st.boot) + "\n";
    out += "System returned to ROM by power-on\n";
    // 15.2(4)E10 -> c2960x-universalk9-mz.152-4.E10.bin
    std::string v = spec.version, compact;
    const auto open = v.find('('), close = v.find(')');
    if (open != std::string::npos && close != std::string::npos && close > open) {
        for (char ch : v.substr(0, open))
            if (ch != '.') compact += ch;
        compact += "-" + v.substr(open + 1, close - open - 1) + "." + v.substr(close + 1);
    } else {
        compact = v;
    }
    std::string image =
        util::lower(img.family) + (c.st.crypto_image ? "-universalk9-mz." : "-ipbase-mz.") + compact + ".bin";
    out += "System image file is \"flash:" + image + "\"\n";
    out += "Last reload reason: power-on\n\n\n\n";
    if (c.st.crypto_image) out += std::string(kCryptoNotice) + "\n";
    out += "cisco " + spec.model + " (PowerPC405) processor (revision W0) with 262144K bytes of memory.\n";
    out += "Processor board ID " + serial + "\n";
    out += "Last reset from power-on\n";
    out += img.switch_ ? "1 Virtual Ethernet interface\n52 Gigabit Ethernet interfaces\n"
                       : "3 Gigabit Ethernet interfaces\n";
    out += "The password-recovery mechanism is enabled.\n\n";
    out += "512K bytes of flash-simulated non-volatile configuration memory.\n";
    if (img.switch_) {
        out += "Model number                    : " + spec.model + "\n";
        out += "System serial number            : " + serial + "\n\n\n";
        out += "Switch Ports Model                     SW Version            SW Image\n";
        out += "------ ----- -----                     ----------            ----------\n";
        out += "*    1 52    " + util::pad_right(spec.model, 26) + util::pad_right(spec.version, 22) + img.family +
               (c.st.crypto_image ? "-UNIVERSALK9-M\n\n\n" : "-IPBASE-M\n\n\n");
    }
    out += "Configuration register is 0xF\n";
    return out;
}

// ---- lines and users --------------------------------------------------------------------------

int ios_vty_tty(const CliCtx& c, int vty) {
    return vty + 1 + (has_aux(c) ? 1 : 0);
}

std::string ios_show_users(const CliCtx& c) {
    std::string out = "    Line       User       Host(s)              Idle       Location\n";
    const auto now = std::chrono::steady_clock::now();
    for (const auto& [vty, use] : c.st.lines_in_use) {
        if (!use.labelled) continue;
        const std::string mark = vty == c.line ? "*" : " ";
        out += mark + util::pad_left(std::to_string(ios_vty_tty(c, vty)), 3) + " " +
               util::pad_right("vty " + std::to_string(vty), 10) + util::pad_right(use.user, 11) +
               util::pad_right("idle", 21) + util::pad_right(duration_text(now - use.last_input), 9) + use.source +
               "\n";
    }
    out += "\n  Interface    User               Mode         Idle     Peer Address\n\n";
    return out;
}

namespace {

std::string line_row(const CliCtx& c, const std::string& type, int tty, const LineConfig* l, bool active) {
    const bool xe = c.st.release.xe;
    const std::string txrx = type == "AUX" ? "9600/9600" : "";
    const std::string roty = l && l->rotary ? std::to_string(*l->rotary) : "-";
    const std::string acco = l && l->access_class_out ? *l->access_class_out : "-";
    const std::string acci = l && l->access_class_in ? *l->access_class_in : "-";
    unsigned uses = 0;
    if (type == "VTY" && l)
        if (auto it = c.st.line_uses.find(l->number); it != c.st.line_uses.end()) uses = it->second;
    std::string row = active ? "*" : " ";
    if (xe)
        row += util::pad_left(std::to_string(tty), 5) + util::pad_left(std::to_string(tty), 5) + " " + type;
    else
        row += util::pad_left(std::to_string(tty), 6) + " " + type;
    row += util::pad_left(txrx, 12) + "  -    -" + util::pad_left(roty, 7) + util::pad_left(acco, 5) + "   " +
           util::pad_right(acci, 4) + util::pad_left(std::to_string(uses), 5) + util::pad_left("0", 8) +
           util::pad_left("0/0", 8) + util::pad_left("-", 8);
    return row + "\n";
}

std::string table_header(const CliCtx& c) {
    return c.st.release.xe ? "   Tty Line Typ     Tx/Rx    A Modem  Roty AccO AccI  Uses  Noise Overruns  Int\n"
                           : "   Tty Typ     Tx/Rx    A Modem  Roty AccO AccI   Uses   Noise  Overruns   Int\n";
}

}  // namespace

std::string ios_show_line(const CliCtx& c) {
    std::string out = table_header(c);
    out += line_row(c, "CTY", 0, nullptr, false);
    if (has_aux(c)) out += line_row(c, "AUX", 1, nullptr, false);
    for (const auto& l : lines_of(c.st.running, "vty", c.st.release))
        out += line_row(c, "VTY", ios_vty_tty(c, l.number), &l, c.st.lines_in_use.contains(l.number));
    return out;
}

std::string ios_show_line_vty(const CliCtx& c, int first, int last, bool& ok) {
    const auto lines = lines_of(c.st.running, "vty", c.st.release);
    std::string out;
    ok = false;
    for (const auto& l : lines) {
        if (l.number < first || l.number > last) continue;
        ok = true;
        const int tty = ios_vty_tty(c, l.number);
        const bool active = c.st.lines_in_use.contains(l.number);
        out += table_header(c);
        out += line_row(c, "VTY", tty, &l, active);
        out += "\nLine " + std::to_string(tty) + ", Location: \"\", Type: \"" + (active ? "XTERM" : "") + "\"\n";
        out += "Length: 24 lines, Width: 80 columns\n";
        out += "Baud rate (TX/RX) is 9600/9600\n";
        out += std::string("Status: ") + (active ? "Ready, Active, No Exit Banner" : "Ready") + "\n";
        out += "Capabilities: none\nModem state: Ready\nGroup codes:    0\n";
        out += "Special Chars: Escape  Hold  Stop  Start  Disconnect  Activation\n";
        out += "                ^^x    none   -     -       none\n";
        out += "Timeouts:      Idle EXEC    Idle Session   Modem Answer  Session   Dispatch\n";
        out += "               " + util::pad_right(timeout_text(l.exec_timeout_s), 15) +
               "never                        none     not set\n";
        out += "                            Idle Session Disconnect Warning\n";
        out += "                              never\n";
        out += "                            Login-sequence User Response\n";
        out += "                             00:00:30\n";
        out += "                            Autoselect Initial Wait\n";
        out += "                              not set\n";
        out += "Modem type is unknown.\nSession limit is not set.\n";
        out += "Time since activation: " +
               (active ? duration_text(std::chrono::steady_clock::now() - c.st.lines_in_use.at(l.number).since)
                       : std::string("never")) +
               "\n";
        out += "Editing is enabled.\nHistory is enabled, history size is 20.\n";
        out += "DNS resolution in show commands is enabled\nFull user help is disabled\n";
        const auto input = l.transport_input.empty() ? std::string("none") : util::join(l.transport_input, " ");
        const auto output =
            l.transport_output.empty() ? std::string("telnet ssh") : util::join(l.transport_output, " ");
        out += "Allowed input transports are " + input + ".\n";
        out += "Allowed output transports are " + output + ".\n";
        out += "Preferred transport is " + std::string(l.allows("telnet") ? "telnet" : "none") + ".\n";
        out += "No output characters are padded\nNo special data dispatching characters\n";
    }
    return out;
}

// ---- routes and interfaces --------------------------------------------------------------------

std::string ios_show_ip_route(const CliCtx& c, const std::string& vrf, const std::string& address) {
    std::string out = vrf.empty() ? "" : "\nRouting Table: " + vrf + "\n";
    const auto a = util::parse_ipv4(address);
    const auto routes = routes_of(c.st.running, c.st.personality);
    const auto r = a ? lookup(routes, vrf, *a) : std::nullopt;
    if (!r) return out + "% Network not in table\n";
    const int len = util::length_of_mask(r->mask).value_or(0);
    const unsigned first = r->net >> 24;
    const int classful = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;
    out += "Routing entry for " + util::format_ipv4(r->net) + "/" + std::to_string(len) +
           (len < classful ? ", supernet" : "") + "\n";
    if (r->connected) {
        out += "  Known via \"connected\", distance 0, metric 0 (connected, via interface)\n";
        out += "  Routing Descriptor Blocks:\n";
        out += "  * directly connected, via " + r->interface + "\n";
    } else {
        out += "  Known via \"static\", distance " + std::to_string(r->distance) + ", metric 0" +
               (r->mask == 0 ? ", candidate default path" : "") + "\n";
        out += "  Routing Descriptor Blocks:\n";
        if (r->next_hop)
            out +=
                "  * " + util::format_ipv4(*r->next_hop) + (r->interface.empty() ? "" : ", via " + r->interface) + "\n";
        else
            out += "  * directly connected, via " + r->interface + "\n";
    }
    out += "      Route metric is 0, traffic share count is 1\n";
    return out;
}

std::string ios_show_ip_interface_brief(const CliCtx& c) {
    std::string out = "Interface              IP-Address      OK? Method Status                Protocol\n";
    for (const auto& i : interfaces_of(c.st.running, c.st.personality)) {
        const std::string ip = i.address ? util::format_ipv4(*i.address) : "unassigned";
        const std::string status = i.shutdown ? "administratively down" : "up";
        const std::string proto = i.shutdown ? "down" : "up";
        out += util::pad_right(i.name, 23) + util::pad_right(ip, 16) + "YES " +
               util::pad_right(i.address ? "NVRAM" : "unset", 7) + util::pad_right(status, 22) + proto + "\n";
    }
    return out;
}

std::string ios_show_running_partition(const CliCtx& c, const std::string& what, bool& ok) {
    const auto w = util::words(what);
    ok = false;
    std::vector<std::string> lines;
    if ((w.size() == 1 && util::is_prefix_ci(w[0], "all")) ||
        (w.size() == 2 && util::is_prefix_ci(w[0], "view") && util::is_prefix_ci(w[1], "full"))) {
        ok = true;
        return ios_running_config(c.st, c.spec);
    }
    if (w.size() >= 2 && util::is_prefix_ci(w[0], "partition") && util::is_prefix_ci(w[1], "access-list")) {
        ok = true;
        lines = {"!", "Configuration of Partition - access-list", "!", "!", "!"};
        bool numbered = false;
        for (const auto& n : c.st.running.nodes) {
            const auto nw = n.words();
            if (has_word_prefix(n.text, "ip access-list") || has_word_prefix(n.text, "ipv6 access-list")) {
                Config::render_node(n, lines);
            }
            numbered = numbered || has_word_prefix(n.text, "access-list");
        }
        if (numbered) {
            lines.push_back("!");
            for (const auto& n : c.st.running.nodes)
                if (has_word_prefix(n.text, "access-list")) Config::render_node(n, lines);
        }
        lines.push_back("!");
    } else if (w.size() >= 2 && util::is_prefix_ci(w[0], "interface")) {
        const std::string name = util::join(w, " ", 1);
        for (const auto& n : c.st.running.nodes) {
            const auto nw = n.words();
            if (nw.size() >= 2 && util::iequals(nw[0], "interface") && util::iequals(util::join(nw, " ", 1), name)) {
                ok = true;
                lines.push_back("!");
                Config::render_node(n, lines);
            }
        }
    } else {
        return "";
    }
    if (!ok) return "";
    std::string body;
    for (const auto& l : lines) body += l + "\n";
    body += "end\n";
    return "Building configuration...\n\nCurrent configuration : " + std::to_string(body.size()) + " bytes\n" + body +
           "\n";
}

std::string ios_show_ssh_sessions(const CliCtx& c) {
    std::string out = "Connection Version Mode Encryption  Hmac         State                 Username\n";
    const auto a = offered_algorithms(c.st, c.spec);
    const std::string cipher = a.ciphers.substr(0, a.ciphers.find(','));
    const std::string mac = a.macs.substr(0, a.macs.find(','));
    for (const auto& [vty, use] : c.st.lines_in_use) {
        if (!use.labelled || use.service != Service::ssh) continue;
        for (const char* mode : {"IN", "OUT"})
            out += col(std::to_string(vty), 11) + col("2.0", 8) + col(mode, 5) + col(cipher, 12) + col(mac, 13) +
                   col("Session started", 22) + use.user + "\n";
    }
    out += "%No SSHv1 server connections running.\n";
    return out;
}

}  // namespace vtyguard::lab
