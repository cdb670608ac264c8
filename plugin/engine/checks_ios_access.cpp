// CHECKS.md section A on `cisco_ios`: the SSH server, the vty lines and login (SSH-001..SSH-006,
// SSH-012..SSH-016).
//
// Contract (on top of checks.hpp's):
//  - Facts are read from the merged model (ev.device) only; captures serve to cite lines and to
//    tell whether a command was collected. The fix verifier runs these checks again on a patched
//    copy of the model whose captures are unchanged, so a fact read from a capture would never
//    see the fix.
//  - A vty line whose block holds a line the parser did not understand, or an unparsed
//    `username`/`aaa authentication login`/`ip ssh port` statement, makes the checks it could
//    change `unknown` (the reason still says what they would be), never `pass` or `fail`.
//  - Fix data (FixRequest::data) holds every value the templates/cisco_ios/<ID>.*.mustache need;
//    the vty templates share one block (`ranges`: `range` plus the settings to write) so every
//    check that edits lines emits the same statement forms.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/engine/auth.hpp"
#include "plugin/engine/checks.hpp"

namespace vtyguard::checks {

namespace {

using engine::EffectiveLine;
using engine::LoginMethod;
using engine::Tri;
using nlohmann::json;

// ---- text ----------------------------------------------------------------------------------

std::string join(const std::vector<std::string>& v, std::string_view sep = " ") {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto nl = text.find('\n', start);
        auto end = nl == std::string_view::npos ? text.size() : nl;
        auto line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

// `vty 0-4, 7`: sorted line numbers as ranges.
std::string vty_list(std::vector<int> numbers) {
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    std::string out;
    for (std::size_t i = 0; i < numbers.size();) {
        std::size_t j = i;
        while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
        if (!out.empty()) out += ", ";
        out += std::to_string(numbers[i]);
        if (j > i) out += "-" + std::to_string(numbers[j]);
        i = j + 1;
    }
    return "vty " + out;
}

std::vector<int> numbers_of(const std::vector<const EffectiveLine*>& lines) {
    std::vector<int> out;
    for (const auto* l : lines) out.push_back(l->number);
    return out;
}

// ---- evidence --------------------------------------------------------------------------------

const Capture* show_ip_ssh(const DeviceEvidence& ev) {
    return ev.find("show ip ssh");
}

const Capture* running_config(const DeviceEvidence& ev) {
    return ev.find("show running-config");
}

// The line of `show ip ssh` that holds `needle`, or a missing marker.
Evidence cite_ssh(const DeviceEvidence& ev, std::string_view needle) {
    const Capture* c = show_ip_ssh(ev);
    return c ? ev.cite_text(*c, needle) : DeviceEvidence::missing("show ip ssh");
}

// The line of the running-config that holds `needle` (line 0 when absent), or a missing marker.
Evidence cite_config(const DeviceEvidence& ev, std::string_view needle) {
    const Capture* c = running_config(ev);
    return c ? ev.cite_text(*c, needle) : DeviceEvidence::missing("show running-config");
}

Evidence cite_block(const Context& ctx, const model::LineBlock& b) {
    return ctx.ev.cite(parsers::kLines, b.line);
}

// Block heads of the lines, in configuration order, without repeats.
std::vector<Evidence> cite_lines(const Context& ctx, const std::vector<const EffectiveLine*>& lines,
                                 std::size_t limit = 4) {
    std::vector<Evidence> out;
    std::set<std::size_t> seen;
    for (const auto* l : lines)
        for (auto b : l->blocks)
            if (b < ctx.device.lines.size() && seen.insert(b).second && out.size() < limit)
                out.push_back(cite_block(ctx, ctx.device.lines[b]));
    return out;
}

// Lines of the capture that stated the vty blocks which the parser did not understand and which
// sit inside a `line vty` block (or are such a block's head).
std::vector<Evidence> unparsed_in_vty(const DeviceEvidence& ev) {
    std::vector<Evidence> out;
    const Capture* c = ev.source(parsers::kLines);
    if (!c || c->diagnostics.empty()) return out;
    const auto lines = split_lines(c->text);
    auto top_level = [](std::string_view t) { return !t.empty() && t[0] != ' ' && t[0] != '\t'; };
    for (const auto& d : c->diagnostics) {
        if (d.line == 0 || d.line > lines.size()) continue;
        std::size_t i = d.line;
        if (top_level(lines[i - 1])) {
            if (starts_with(lines[i - 1], "line vty")) out.push_back(ev.cite(*c, d.line));
            continue;
        }
        while (i > 1 && !top_level(lines[i - 2])) --i;
        if (i > 1 && starts_with(lines[i - 2], "line vty")) out.push_back(ev.cite(*c, d.line));
    }
    return out;
}

// Unparsed lines of any capture that start with one of `prefixes` (after indentation).
std::vector<Evidence> unparsed_statements(const DeviceEvidence& ev, std::initializer_list<std::string_view> prefixes) {
    std::vector<Evidence> out;
    for (const auto& c : ev.captures)
        for (const auto& d : c.diagnostics) {
            const auto t = trim(d.text);
            for (auto p : prefixes)
                if (starts_with(t, p)) {
                    out.push_back(ev.cite(c, d.line));
                    break;
                }
        }
    return out;
}

// A verdict that an unparsed line could change becomes unknown (finding.hpp contract).
void gate(Finding& f, const std::vector<Evidence>& unparsed) {
    if (unparsed.empty() || (f.verdict != Verdict::pass && f.verdict != Verdict::fail)) return;
    const auto& u = unparsed.front();
    f.reason = "line " + std::to_string(u.line) + " of `" + u.command + "` was not understood (`" +
               std::string(trim(u.text)) + "`) and may change the answer; it would be " +
               std::string(to_string(f.verdict)) + ": " + f.reason;
    f.verdict = Verdict::unknown;
    f.fix_request.reset();
    f.evidence.insert(f.evidence.begin(), unparsed.begin(), unparsed.end());
}

Finding finding(std::string_view id, Verdict v, std::string reason, std::vector<Evidence> evidence = {}) {
    Finding f = make_finding(id, v, std::move(reason));
    f.evidence = std::move(evidence);
    return f;
}

FixRequest fix_request(std::string_view id, json data) {
    FixRequest r;
    r.template_name = std::string(id);
    r.data = std::move(data);
    return r;
}

// ---- release -----------------------------------------------------------------------------------

// IOS-XE dotted releases: `17.11.1a`, `17.09.04a` (show version), `17.11` (a running-config
// `version` line), `16.12.4`, `03.16.05.S`. Classic IOS (`15.2(4)E10`, `12.4(15)T`) is not one.
struct DottedRelease {
    int major = 0, minor = 0, patch = 0;
    std::string suffix;
};

std::optional<DottedRelease> parse_dotted(std::string_view s) {
    DottedRelease r;
    int* parts[] = {&r.major, &r.minor, &r.patch};
    std::size_t i = 0, parsed = 0;
    while (parsed < 3) {
        if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) break;
        int v = 0;
        std::size_t digits = 0;
        for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++digits) {
            if (digits >= 6) return std::nullopt;
            v = v * 10 + (s[i] - '0');
        }
        *parts[parsed++] = v;
        if (parsed < 3 && i + 1 < s.size() && s[i] == '.' && std::isdigit(static_cast<unsigned char>(s[i + 1])))
            ++i;
        else
            break;
    }
    if (parsed < 2) return std::nullopt;
    // Every IOS-XE train starts at x.y.1, so `version 17.11` is 17.11.1 or later.
    if (parsed == 2) r.patch = 1;
    r.suffix = std::string(s.substr(i));
    if (r.suffix.find('(') != std::string::npos) return std::nullopt;
    return r;
}

bool at_least(const DottedRelease& r, int major, int minor, int patch) {
    if (r.major != major) return r.major > major;
    if (r.minor != minor) return r.minor > minor;
    return r.patch >= patch;  // any suffix (`17.11.1a`) is later than the plain release
}

// Whether the release is IOS-XE 17.11.1 or later, where SSH refuses RSA keys under 2048 bits.
struct ReleaseGate {
    Tri from_17_11_1 = Tri::unknown;
    std::string release;
    std::string why;  // for no/unknown
    Evidence evidence;
};

ReleaseGate release_gate(const Context& ctx) {
    ReleaseGate g;
    const auto& v = ctx.device.version;
    if (!ctx.ev.has(parsers::kVersion) || !v || v->release.empty()) {
        g.why = "the release is not known (`show version` not collected)";
        g.evidence = DeviceEvidence::missing("show version");
        return g;
    }
    g.release = v->release;
    if (const Capture* c = ctx.ev.source(parsers::kVersion)) g.evidence = ctx.ev.cite_text(*c, v->release);
    const auto r = parse_dotted(v->release);
    if (!r) {
        // Parenthesised numbering is classic IOS (or IOS-XE 3.x's IOS part): never 17.11.1 or later.
        const bool classic = v->release.find('(') != std::string::npos;
        g.from_17_11_1 = classic ? Tri::no : Tri::unknown;
        g.why = classic ? "release " + v->release + " is classic IOS numbering, not IOS-XE 17.11.1 or later"
                        : "release `" + v->release + "` is not understood";
        return g;
    }
    if (at_least(*r, 17, 11, 1)) {
        g.from_17_11_1 = Tri::yes;
        return g;
    }
    g.from_17_11_1 = Tri::no;
    g.why = r->major < 16 ? "release " + v->release + " is classic IOS (or IOS-XE 3.x), not IOS-XE 17.11.1 or later"
                          : "release " + v->release + " is before IOS-XE 17.11.1";
    return g;
}

// `ip domain-name` on 12.x (and when the release is unknown: every release accepts it);
// `ip domain name` on 15.x and IOS-XE, which print that form.
bool domain_hyphen_form(const model::Device& d) {
    if (!d.version || d.version->release.empty()) return true;
    if (d.version->software == "IOS-XE") return false;
    int major = 0;
    for (char c : d.version->release) {
        if (!std::isdigit(static_cast<unsigned char>(c))) break;
        major = major * 10 + (c - '0');
        if (major > 1000) break;
    }
    return major <= 12;
}

// ---- keys ----------------------------------------------------------------------------------------

// RSA key pairs SSH may use as host key (`.server` temporary keys are encryption-only).
bool is_rsa_host_key(const model::CryptoKey& k) {
    return k.type == "RSA" && k.usage != "Encryption Key";
}

std::string key_text(const model::CryptoKey& k) {
    std::string s = k.name.empty() ? std::string("the unnamed RSA key") : "RSA key " + k.name;
    if (k.bits) s += " (" + std::to_string(*k.bits) + " bits)";
    return s;
}

// The RSA key the SSH server uses: `ip ssh rsa keypair-name` (or the label `show ip ssh` prints),
// else the default name hostname.domain (older releases print the default key without a name).
struct SshKey {
    enum class State { found, none, unknown } state = State::unknown;
    const model::CryptoKey* key = nullptr;
    std::vector<const model::CryptoKey*> candidates;  // unknown: the RSA keys SSH might use
    std::string why;
};

SshKey ssh_rsa_key(const Context& ctx) {
    const auto& d = ctx.device;
    SshKey out;
    if (!ctx.ev.has(parsers::kKeys)) {
        out.why = "the key list was not collected (`show crypto key mypubkey rsa`, `show ip ssh`)";
        return out;
    }
    std::vector<const model::CryptoKey*> rsa;
    for (const auto& k : d.keys)
        if (is_rsa_host_key(k)) rsa.push_back(&k);
    if (rsa.empty()) {
        out.state = SshKey::State::none;
        out.why = "no RSA key pair exists";
        return out;
    }
    if (d.ssh.keypair_name && !d.ssh.keypair_name->empty()) {
        for (const auto* k : rsa)
            if (k->name == *d.ssh.keypair_name) {
                out.state = SshKey::State::found;
                out.key = k;
                out.why = key_text(*k) + " is the SSH key (`ip ssh rsa keypair-name " + k->name + "`)";
                return out;
            }
        out.state = SshKey::State::none;
        out.why = "`ip ssh rsa keypair-name " + *d.ssh.keypair_name + "` names no RSA key";
        return out;
    }
    if (d.hostname && d.domain) {
        const std::string fqdn = *d.hostname + "." + *d.domain;
        for (const auto* k : rsa)
            if (k->name == fqdn) {
                out.state = SshKey::State::found;
                out.key = k;
                out.why = key_text(*k) + " is the SSH key (the default name hostname.domain)";
                return out;
            }
    }
    for (const auto* k : rsa)
        if (k->name.empty()) {
            out.state = SshKey::State::found;
            out.key = k;
            out.why = key_text(*k) + " is the SSH key (the release prints no key names)";
            return out;
        }
    out.candidates = rsa;
    out.why = "no `ip ssh rsa keypair-name` and no key named hostname.domain: which RSA key SSH uses is not stated";
    return out;
}

// Whether the SSH key is under 2048 bits (SSH-016's condition without the release).
Tri key_under_2048(const SshKey& k) {
    if (k.state == SshKey::State::found) return !k.key->bits ? Tri::unknown : *k.key->bits < 2048 ? Tri::yes : Tri::no;
    if (k.state == SshKey::State::none || k.candidates.empty()) return Tri::unknown;
    bool all_small = true, all_large = true;
    for (const auto* c : k.candidates) {
        if (!c->bits) return Tri::unknown;
        (*c->bits < 2048 ? all_large : all_small) = false;
    }
    return all_small ? Tri::yes : all_large ? Tri::no : Tri::unknown;
}

// SSH-016's condition: IOS-XE 17.11.1+ and the SSH RSA key is under 2048 bits.
bool disabled_by_key_size(const Context& ctx) {
    return release_gate(ctx).from_17_11_1 == Tri::yes && key_under_2048(ssh_rsa_key(ctx)) == Tri::yes;
}

// A label no key has yet: generating over an existing label prompts before replacing it.
std::string fresh_label(const model::Device& d) {
    // A factory hostname names no device: the neutral label then.
    const bool named = d.hostname && !d.hostname->empty() && *d.hostname != "Router" && *d.hostname != "Switch";
    const std::string base = named ? *d.hostname + "-ssh" : "SSH-KEY";
    auto taken = [&](const std::string& n) {
        return std::any_of(d.keys.begin(), d.keys.end(), [&](const model::CryptoKey& k) { return iequals(k.name, n); });
    };
    std::string label = base;
    for (int i = 2; taken(label); ++i) label = base + "-" + std::to_string(i);
    return label;
}

// The value of the `ip ssh ... WORDS VALUE` configuration line, when the running-config has one.
std::optional<std::string> configured(const model::Device& d, std::string_view words) {
    std::optional<std::string> out;
    for (const auto& l : d.ssh.config_lines) {
        const auto t = trim(l);
        if (starts_with(t, words) && t.size() > words.size() && t[words.size()] == ' ')
            out = std::string(trim(t.substr(words.size())));
    }
    return out;
}

// Rollback data for the keypair name and SSH version a key fix changes.
void previous_ssh_config(const model::Device& d, const std::string& label, bool sets_version, json& data) {
    const auto keypair = configured(d, "ip ssh rsa keypair-name");
    if (!keypair)
        data["keypair_unset"] = true;
    else if (*keypair != label)
        data["previous_keypair"] = *keypair;
    if (!sets_version) return;
    const auto version = configured(d, "ip ssh version");
    if (!version)
        data["version_unset"] = true;
    else if (*version != "2")
        data["previous_version"] = *version;
}

// Whether an RSA key exists (SSH-002/SSH-003's "no key exists").
Tri key_exists(const Context& ctx, std::string& what) {
    const auto& d = ctx.device;
    if (d.ssh.enabled.value_or(false)) {
        what = "SSH is enabled, so a key exists";
        return Tri::yes;
    }
    if (ctx.ev.has(parsers::kKeys)) {
        for (const auto& k : d.keys)
            if (is_rsa_host_key(k)) {
                what = key_text(k) + " exists";
                return Tri::yes;
            }
        what = "no RSA key exists";
        return Tri::no;
    }
    what = "whether an RSA key exists is not known (`show crypto key mypubkey rsa` not collected)";
    return Tri::unknown;
}

// ---- vty lines -------------------------------------------------------------------------------------

struct VtyRange {
    int first = 0;
    int last = 0;
    bool operator==(const VtyRange&) const = default;
};

std::string range_words(const VtyRange& r) {
    return r.first == r.last ? std::to_string(r.first) : std::to_string(r.first) + " " + std::to_string(r.last);
}

// Every `line vty` range the configuration has, in order, without repeats.
std::vector<VtyRange> vty_ranges(const model::Device& d) {
    std::vector<VtyRange> out;
    for (const auto& b : d.lines) {
        if (b.type != "vty") continue;
        VtyRange r{b.first, std::max(b.first, b.last)};
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
    return out;
}

std::vector<const EffectiveLine*> lines_in(const Context& ctx, const VtyRange& r) {
    std::vector<const EffectiveLine*> out;
    for (const auto& l : ctx.vty)
        if (l.number >= r.first && l.number <= r.last) out.push_back(&l);
    return out;
}

// Rotary groups an `ip ssh port P rotary G` dedicates to its port: lines in them differ from the
// others on purpose (SSH-004 checks them).
std::set<int> dedicated_groups(const model::Device& d) {
    std::set<int> out;
    for (const auto& p : d.ssh.rotary_ports) out.insert(p.rotary_groups.begin(), p.rotary_groups.end());
    return out;
}

// A vty line's settings as the fixes write them and as SSH-006 compares them.
struct Settings {
    std::optional<std::vector<std::string>> transport;      // effective, sorted; nullopt: unknown default
    std::optional<std::vector<std::string>> transport_raw;  // as written; nullopt: no block sets it
    std::optional<model::AccessClass> ac, ac6;
    std::optional<int> rotary;
    std::string login;  // the statement that gives the line its login behaviour
};

enum Field : unsigned { kTransport = 1, kAccessClass = 2, kIpv6AccessClass = 4, kRotary = 8, kLogin = 16, kAll = 31 };

bool aaa_on(const Context& ctx) {
    return ctx.ev.has(parsers::kAaa) && ctx.device.aaa.new_model.value_or(false);
}

// Lines without a login command behave as `login` (vty default); with aaa new-model only `login
// authentication LIST` and `no login` matter, and the absence means the `default` list.
std::string login_statement(const Context& ctx, const EffectiveLine& l) {
    const std::string login = l.login.value_or("line");
    if (aaa_on(ctx)) {
        if (login == "none") return "no login";
        return "login authentication " +
               (login == "authentication" ? l.login_authentication.value_or("default") : std::string("default"));
    }
    if (login == "local") return "login local";
    if (login == "none") return "no login";
    if (login == "authentication") return "login authentication " + l.login_authentication.value_or("default");
    return "login";
}

Settings settings_of(const Context& ctx, const EffectiveLine& l, const std::set<int>& dedicated) {
    Settings s;
    if (l.transport_input) {
        s.transport = *l.transport_input;
        std::sort(s.transport->begin(), s.transport->end());
    }
    for (auto b : l.blocks)
        if (b < ctx.device.lines.size() && ctx.device.lines[b].transport_input)
            s.transport_raw = ctx.device.lines[b].transport_input;
    s.ac = l.access_class_in;
    s.ac6 = l.ipv6_access_class_in;
    if (l.rotary && !dedicated.count(*l.rotary)) s.rotary = l.rotary;
    s.login = login_statement(ctx, l);
    return s;
}

// The `transport input` words that give a line these settings' transport; nullopt when the
// transport is an unknown release default.
std::optional<std::string> transport_words(const Settings& s) {
    if (s.transport_raw) return join(*s.transport_raw);
    if (!s.transport) return std::nullopt;
    if (s.transport->empty()) return "none";
    if (s.transport->size() >= 8) return "all";  // vty.hpp expands `all` to its eight protocols
    return join(*s.transport);
}

std::string transport_text(const Settings& s) {
    if (s.transport_raw) return "`transport input " + join(*s.transport_raw) + "`";
    if (s.transport) return "no `transport input` (default " + *transport_words(s) + ")";
    return "no `transport input` (default unknown)";
}

Tri same_transport(const Settings& a, const Settings& b) {
    if (a.transport && b.transport) return *a.transport == *b.transport ? Tri::yes : Tri::no;
    if (!a.transport && !b.transport) return Tri::yes;  // both absent: the same default, whatever it is
    return Tri::unknown;
}

bool same_class(const std::optional<model::AccessClass>& a, const std::optional<model::AccessClass>& b) {
    if (!a || !b) return !a && !b;
    return a->acl == b->acl && a->vrf_also == b->vrf_also;
}

std::string class_text(const std::optional<model::AccessClass>& c, std::string_view kw) {
    if (!c) return "no " + std::string(kw);
    return "`" + std::string(kw) + " " + c->acl + " in" + (c->vrf_also ? " vrf-also" : "") + "`";
}

std::string rotary_text(const std::optional<int>& r) {
    return r ? "`rotary " + std::to_string(*r) + "`" : "no rotary";
}

// Fields (of `mask`) in which `a` differs from `b`; `unsure` collects fields that cannot be told.
unsigned differing(const Settings& a, const Settings& b, unsigned mask, unsigned& unsure) {
    unsigned out = 0;
    if (mask & kTransport) {
        const auto t = same_transport(a, b);
        if (t == Tri::no) out |= kTransport;
        if (t == Tri::unknown) unsure |= kTransport;
    }
    if ((mask & kAccessClass) && !same_class(a.ac, b.ac)) out |= kAccessClass;
    if ((mask & kIpv6AccessClass) && !same_class(a.ac6, b.ac6)) out |= kIpv6AccessClass;
    if ((mask & kRotary) && a.rotary != b.rotary) out |= kRotary;
    if ((mask & kLogin) && a.login != b.login) out |= kLogin;
    return out;
}

json class_json(const model::AccessClass& c) {
    return {{"acl", c.acl}, {"vrf_also", c.vrf_also}};
}

// One access-class field of a `ranges` entry: the class `to` has, else the removal of the one
// `from` has (`no_<key>`).
void write_class(json& j, const std::string& key, const std::optional<model::AccessClass>& to,
                 const std::optional<model::AccessClass>& from) {
    if (to)
        j[key] = class_json(*to);
    else if (from)
        j["no_" + key] = from->acl;
}

// The fields of `fields` other than the transport, set as `to` has them; `from` names the
// access-classes to remove.
void write_other_fields(json& j, const Settings& to, const Settings& from, unsigned fields) {
    if (fields & kAccessClass) write_class(j, "access_class", to.ac, from.ac);
    if (fields & kIpv6AccessClass) write_class(j, "ipv6_access_class", to.ac6, from.ac6);
    if (fields & kRotary) {
        if (to.rotary)
            j["rotary"] = *to.rotary;
        else
            j["no_rotary"] = true;
    }
    if (fields & kLogin) j["login"] = to.login;
}

// Statements that give a range's lines the fields `fields` of `to` (one `ranges` entry of the
// shared vty template block). False when a field cannot be written (an unknown default).
bool write_fields(json& j, const Settings& to, const Settings& from, unsigned fields) {
    bool complete = true;
    if (fields & kTransport) {
        if (auto w = transport_words(to))
            j["transport"] = *w;
        else
            complete = false;
    }
    write_other_fields(j, to, from, fields);
    return complete;
}

// The rollback entry that puts `fields` back to `before`.
json restore_fields(const std::string& range, const Settings& before, const Settings& after, unsigned fields) {
    json j = {{"range", range}};
    if (fields & kTransport) {
        if (before.transport_raw)
            j["transport"] = join(*before.transport_raw);
        else
            j["default_transport"] = true;
    }
    write_other_fields(j, before, after, fields);
    return j;
}

// One range's fix and rollback entries: the lines of `r` get `target(line settings)` in the
// fields of `mask` where they differ. `changed` is false when nothing differs.
struct RangeEdit {
    json fix, rollback;
    bool changed = false;
    bool complete = true;
};

template <class Target>
RangeEdit edit_range(const Context& ctx, const VtyRange& r, unsigned mask, const std::set<int>& dedicated,
                     Target target) {
    RangeEdit e;
    const auto lines = lines_in(ctx, r);
    if (lines.empty()) return e;
    const Settings before = settings_of(ctx, *lines.front(), dedicated);
    const Settings to = target(before);
    unsigned fields = 0, unsure = 0;
    Settings from = before;  // the access-classes to remove: any line of the range may hold one
    for (const auto* l : lines) {
        const Settings s = settings_of(ctx, *l, dedicated);
        fields |= differing(s, to, mask, unsure);
        if (!from.ac) from.ac = s.ac;
        if (!from.ac6) from.ac6 = s.ac6;
    }
    // A transport that may differ (an unknown default) is written when the target is explicit.
    if ((unsure & kTransport) && transport_words(to)) fields |= kTransport;
    if (!fields) return e;
    e.changed = true;
    e.fix = {{"range", range_words(r)}};
    e.complete = write_fields(e.fix, to, from, fields);
    e.rollback = restore_fields(range_words(r), before, to, fields);
    return e;
}

// The `ranges` and `rollback_ranges` of a fix, gathered range by range. `complete` is false when
// some changed range could not be written (an unknown default).
struct RangeEdits {
    json fix = json::array(), rollback = json::array();
    bool complete = true;
    void add(const RangeEdit& e) {
        if (!e.changed) return;
        complete = complete && e.complete;
        fix.push_back(e.fix);
        rollback.push_back(e.rollback);
    }
};

// edit_range over every configured range that `wanted` selects.
template <class Wanted, class Target>
RangeEdits edit_ranges(const Context& ctx, unsigned mask, const std::set<int>& dedicated, Wanted wanted,
                       Target target) {
    RangeEdits out;
    for (const auto& r : vty_ranges(ctx.device))
        if (wanted(r)) out.add(edit_range(ctx, r, mask, dedicated, target));
    return out;
}

bool every_range(const VtyRange&) {
    return true;
}

// The line whose settings a fix copies to the others: one that accepts ssh, restricted by an
// access-class when one is, lowest number first.
const EffectiveLine* reference_line(const Context& ctx) {
    const EffectiveLine* any_ssh = nullptr;
    for (const auto& l : ctx.vty) {
        if (l.accepts("ssh") != Tri::yes) continue;
        if (l.access_class_in) return &l;
        if (!any_ssh) any_ssh = &l;
    }
    return any_ssh;
}

// `ssh` plus the protocols the settings already admit (telnet stays until SSH is confirmed;
// SSH-103 removes it last).
Settings with_ssh(Settings s) {
    std::vector<std::string> words{"ssh"};
    if (s.transport_raw)
        for (const auto& w : *s.transport_raw)
            if (w != "none" && w != "ssh" && std::find(words.begin(), words.end(), w) == words.end())
                words.push_back(w);
    if (std::find(words.begin(), words.end(), "all") != words.end()) words = {"all"};
    s.transport_raw = words;
    std::vector<std::string> eff =
        words == std::vector<std::string>{"all"}
            ? std::vector<std::string>{"lat", "mop", "pad", "rlogin", "ssh", "telnet", "udptn", "v120"}
            : words;
    std::sort(eff.begin(), eff.end());
    s.transport = eff;
    return s;
}

// Lines whose login the login checks judge: the SSH-capable ones, else (no line accepts ssh yet)
// those that may, else every vty line.
std::vector<const EffectiveLine*> login_candidates(const Context& ctx) {
    auto out = ctx.ssh_capable();
    if (!out.empty()) return out;
    for (const auto& l : ctx.vty)
        if (l.accepts("ssh") != Tri::no) out.push_back(&l);
    if (!out.empty()) return out;
    for (const auto& l : ctx.vty) out.push_back(&l);
    return out;
}

bool is_local_method(const std::string& m) {
    return m == "local" || m == "local-case";
}

Evidence cite_login(const Context& ctx, const LoginMethod& m) {
    if (m.kind == LoginMethod::Kind::aaa_list) return ctx.ev.cite(parsers::kAaa, m.evidence_line);
    return ctx.ev.cite(parsers::kLines, m.evidence_line);
}

std::vector<const EffectiveLine*> every_line(const Context& ctx) {
    std::vector<const EffectiveLine*> out;
    for (const auto& l : ctx.vty) out.push_back(&l);
    return out;
}

Finding lines_not_collected(std::string_view id) {
    return finding(id, Verdict::unknown, "the vty lines were not collected (`show running-config | section line vty`)",
                   {DeviceEvidence::missing("show running-config | section line vty")});
}

Finding no_vty_lines(const Context& ctx, std::string_view id) {
    return finding(id, Verdict::unknown, "the configuration names no `line vty`",
                   {ctx.ev.cite(*ctx.ev.source(parsers::kLines), 0)});
}

// For checks that judge lines once some may accept ssh: before that SSH-005 reports. nullopt when
// some line may accept ssh.
std::optional<Finding> no_line_accepts_ssh(const Context& ctx, std::string_view id) {
    if (ctx.vty.empty()) return no_vty_lines(ctx, id);
    if (std::any_of(ctx.vty.begin(), ctx.vty.end(), [](const EffectiveLine& l) { return l.accepts("ssh") != Tri::no; }))
        return std::nullopt;
    Finding f =
        finding(id, Verdict::not_applicable, "no vty line accepts ssh (SSH-005)", cite_lines(ctx, every_line(ctx)));
    gate(f, unparsed_in_vty(ctx.ev));
    return f;
}

// Unparsed lines inside vty blocks plus the unparsed statements that start with `prefixes`.
std::vector<Evidence> unparsed_vty_and(const DeviceEvidence& ev, std::initializer_list<std::string_view> prefixes) {
    auto out = unparsed_in_vty(ev);
    for (auto& u : unparsed_statements(ev, prefixes)) out.push_back(u);
    return out;
}

// ---- SSH-001 ------------------------------------------------------------------------------------

Finding ssh001(const Context& ctx) {
    constexpr std::string_view id = "SSH-001";
    const auto& d = ctx.device;
    const auto& ev = ctx.ev;
    const Capture* sh = show_ip_ssh(ev);
    if (d.ssh.available == false)
        return finding(id, Verdict::not_applicable, "the image has no SSH server (`show ip ssh` rejected): SSH-015",
                       {cite_ssh(ev, "Invalid input")});
    const SshKey key = ssh_rsa_key(ctx);
    const bool by_size = disabled_by_key_size(ctx);
    Finding f;
    if (d.ssh.enabled) {
        if (*d.ssh.enabled) {
            Evidence e = sh ? ev.cite_text(*sh, "SSH Enabled") : Evidence{};
            return finding(id, Verdict::pass, sh ? "`show ip ssh`: SSH Enabled" : "SSH is enabled", {e});
        }
        std::vector<Evidence> e;
        if (sh) e.push_back(ev.cite_text(*sh, "SSH Disabled"));
        if (sh && !d.ssh.disabled_reason.empty()) e.push_back(ev.cite_text(*sh, d.ssh.disabled_reason));
        if (by_size)
            return finding(id, Verdict::not_applicable,
                           "SSH is disabled for the key size, not for a missing key: " + key.why +
                               ", under 2048 bits on IOS-XE " + d.version->release + " (SSH-016)",
                           e);
        std::string reason = "`show ip ssh`: SSH Disabled";
        if (!d.ssh.disabled_reason.empty()) reason += ", \"" + std::string(trim(d.ssh.disabled_reason)) + "\"";
        if (key.state != SshKey::State::unknown) reason += "; " + key.why;
        f = finding(id, Verdict::fail, reason, e);
    } else if (ev.has(parsers::kKeys)) {
        const Capture* kc = ev.source(parsers::kKeys);
        if (key.state == SshKey::State::unknown)
            return finding(id, Verdict::unknown, key.why + " (`show ip ssh` not collected)",
                           {kc ? ev.cite(*kc, 0) : Evidence{}});
        if (key.state == SshKey::State::found) {
            Evidence e = ev.cite(parsers::kKeys, key.key->line);
            if (by_size)
                return finding(id, Verdict::not_applicable,
                               key.why + ", under 2048 bits on IOS-XE " + d.version->release + " (SSH-016)", {e});
            return finding(id, Verdict::pass, key.why + ": IOS runs the SSH server while it exists", {e});
        }
        std::vector<Evidence> e{kc ? ev.cite(*kc, 0) : Evidence{}};
        if (d.ssh.keypair_name) e.push_back(cite_config(ev, "ip ssh rsa keypair-name"));
        f = finding(id, Verdict::fail, key.why + ": the SSH server is disabled", e);
    } else {
        return finding(
            id, Verdict::unknown,
            "neither `show ip ssh` nor `show crypto key mypubkey rsa` was collected: the SSH server state "
            "is not known",
            {DeviceEvidence::missing("show ip ssh"), DeviceEvidence::missing("show crypto key mypubkey rsa")});
    }
    // A configured keypair name whose key is missing is the label to generate: nothing else changes.
    const auto keypair = configured(d, "ip ssh rsa keypair-name");
    const bool keypair_missing = keypair && std::none_of(d.keys.begin(), d.keys.end(),
                                                         [&](const model::CryptoKey& k) { return k.name == *keypair; });
    const std::string label = keypair_missing ? *keypair : fresh_label(d);
    json data = {{"label", label}};
    previous_ssh_config(d, label, true, data);
    f.fix_request = fix_request(id, std::move(data));
    return f;
}

// The factory hostnames (routers, Catalyst switches): IOS refuses to name a key after them.
bool is_default_hostname(std::string_view h) {
    return h == "Router" || h == "Switch";
}

// ---- SSH-002 / SSH-003 --------------------------------------------------------------------------

// SSH-002 and SSH-003 up to where the hostname (the domain) matters: no SSH server, a key that
// exists, a labelled key (generating it needs neither) or the `name` not collected decide them.
struct KeyNeed {
    std::optional<Finding> decided;
    Tri key = Tri::unknown;  // whether an RSA key exists
    std::string what;        // says so
};

KeyNeed key_need(const Context& ctx, std::string_view id, std::string_view name, parsers::Section section) {
    const auto& d = ctx.device;
    KeyNeed out;
    if (d.ssh.available == false) {
        out.decided = finding(id, Verdict::not_applicable, "the image has no SSH server: SSH-015");
        return out;
    }
    out.key = key_exists(ctx, out.what);
    if (out.key == Tri::yes)
        out.decided = finding(id, Verdict::pass, out.what + ": no key needs generating");
    else if (d.ssh.keypair_name && !d.ssh.keypair_name->empty())
        out.decided = finding(id, Verdict::pass,
                              "a labelled key is configured (`ip ssh rsa keypair-name " + *d.ssh.keypair_name +
                                  "`): generating it needs no " + std::string(name),
                              {cite_config(ctx.ev, "ip ssh rsa keypair-name")});
    else if (!ctx.ev.has(section))
        out.decided =
            finding(id, Verdict::unknown,
                    out.what + "; the " + std::string(name) + " is not known (`show running-config` not collected)",
                    {DeviceEvidence::missing("show running-config")});
    return out;
}

Finding ssh002(const Context& ctx) {
    constexpr std::string_view id = "SSH-002";
    const auto& d = ctx.device;
    const auto& ev = ctx.ev;
    KeyNeed need = key_need(ctx, id, "hostname", parsers::kHostname);
    if (need.decided) return std::move(*need.decided);
    const Tri key = need.key;
    const std::string& what = need.what;
    // A configuration without a hostname line has the factory name.
    const std::string host = d.hostname.value_or("Router");
    const Evidence host_ev = d.hostname ? cite_config(ev, "hostname ") : cite_config(ev, "hostname");
    Finding f;
    if (!is_default_hostname(host)) {
        f = finding(id, Verdict::pass, "hostname " + host + " is set: key generation without a label works", {host_ev});
    } else if (key == Tri::unknown) {
        f = finding(id, Verdict::unknown, "the hostname is the default `" + host + "`; " + what, {host_ev});
    } else {
        f = finding(id, Verdict::fail,
                    "no RSA key, no `ip ssh rsa keypair-name` and the hostname is the default `" + host +
                        "`: `crypto key generate rsa` without a label is refused",
                    {host_ev, ev.source(parsers::kKeys) ? ev.cite(*ev.source(parsers::kKeys), 0) : Evidence{}});
        // The inventory name is the device's name to the operator; it becomes the hostname when IOS
        // accepts it (letters, digits, hyphens; a letter first; at most 63 characters).
        const std::string& name = ev.name;
        const bool valid =
            !name.empty() && name.size() <= 63 && std::isalpha(static_cast<unsigned char>(name[0])) &&
            std::isalnum(static_cast<unsigned char>(name.back())) &&
            std::all_of(name.begin(), name.end(),
                        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }) &&
            !iequals(name, "Router") && !iequals(name, "Switch");
        if (valid)
            f.fix_request = fix_request(id, {{"hostname", name}, {"previous_hostname", host}});
        else
            f.reason += "; no fix: the device name `" + name +
                        "` is not a usable hostname (generate a labelled key instead, SSH-001)";
    }
    gate(f, unparsed_statements(ev, {"hostname"}));
    return f;
}

Finding ssh003(const Context& ctx) {
    constexpr std::string_view id = "SSH-003";
    const auto& d = ctx.device;
    const auto& ev = ctx.ev;
    KeyNeed need = key_need(ctx, id, "domain", parsers::kDomain);
    if (need.decided) return std::move(*need.decided);
    const Tri key = need.key;
    const std::string& what = need.what;
    Finding f;
    if (d.domain) {
        f = finding(id, Verdict::pass, "domain " + *d.domain + " is set: key generation without a label works",
                    {cite_config(ev, "ip domain")});
    } else if (key == Tri::unknown) {
        f = finding(id, Verdict::unknown, "no `ip domain name` is configured; " + what, {cite_config(ev, "ip domain")});
    } else {
        const Capture* kc = ev.source(parsers::kKeys);
        f = finding(id, Verdict::fail,
                    "no RSA key, no `ip ssh rsa keypair-name` and no `ip domain name`: `crypto key generate rsa` "
                    "without a label is refused",
                    {cite_config(ev, "hostname"), kc ? ev.cite(*kc, 0) : Evidence{}});
        if (ctx.policy.domain && !ctx.policy.domain->empty())
            f.fix_request = fix_request(id, {{"domain", *ctx.policy.domain}, {"domain_hyphen", domain_hyphen_form(d)}});
        else
            f.reason += "; no fix: the policy names no `domain` (or generate a labelled key instead, SSH-001)";
    }
    gate(f, unparsed_statements(ev, {"ip domain"}));
    return f;
}

// ---- SSH-004 ------------------------------------------------------------------------------------------

Finding ssh004(const Context& ctx) {
    constexpr std::string_view id = "SSH-004";
    const auto& d = ctx.device;
    const auto& ev = ctx.ev;
    const int port = ctx.policy.ssh_port;
    if (!running_config(ev))
        return finding(id, Verdict::unknown,
                       "`ip ssh port ... rotary` is stated by `show running-config`, which was not collected",
                       {DeviceEvidence::missing("show running-config")});
    std::vector<int> groups;
    std::vector<Evidence> port_ev;
    for (const auto& p : d.ssh.rotary_ports)
        if (p.port == port) {
            groups.insert(groups.end(), p.rotary_groups.begin(), p.rotary_groups.end());
            port_ev.push_back(ev.cite(parsers::kSsh, p.line));
        }
    Finding f;
    if (d.ssh.rotary_ports.empty()) {
        f = finding(id, Verdict::not_applicable, "no `ip ssh port ... rotary` is configured");
    } else if (groups.empty()) {
        const auto& p = d.ssh.rotary_ports.front();
        f = finding(id, Verdict::not_applicable,
                    "`ip ssh port " + std::to_string(p.port) + " rotary` does not move the audited port " +
                        std::to_string(port) + ", which keeps serving the other lines",
                    {ev.cite(parsers::kSsh, p.line)});
    } else if (!ev.has(parsers::kLines)) {
        f = finding(id, Verdict::unknown, "the vty lines were not collected (`show running-config | section line vty`)",
                    port_ev);
    } else {
        std::string gtext;
        for (int g : groups) gtext += (gtext.empty() ? "" : "/") + std::to_string(g);
        const std::string stmt = "`ip ssh port " + std::to_string(port) + " rotary " + gtext + "`";
        std::vector<const EffectiveLine*> in_group, serving, maybe;
        for (const auto& l : ctx.vty) {
            if (!l.rotary || std::find(groups.begin(), groups.end(), *l.rotary) == groups.end()) continue;
            in_group.push_back(&l);
            const auto a = l.accepts("ssh");
            if (a == Tri::yes) serving.push_back(&l);
            if (a == Tri::unknown) maybe.push_back(&l);
        }
        auto e = port_ev;
        if (!serving.empty()) {
            for (auto x : cite_lines(ctx, serving)) e.push_back(x);
            f = finding(id, Verdict::pass,
                        stmt + " is served by " + vty_list(numbers_of(serving)) + " (rotary " +
                            std::to_string(*serving.front()->rotary) + ", accepting ssh)",
                        e);
        } else if (!maybe.empty()) {
            for (auto x : cite_lines(ctx, maybe)) e.push_back(x);
            f = finding(id, Verdict::unknown,
                        stmt + ": " + vty_list(numbers_of(maybe)) +
                            " are in the group but have no `transport input` and the release default is not known",
                        e);
        } else {
            std::string reason = stmt + " serves only vty lines in rotary group " + gtext + ", and ";
            reason += in_group.empty() ? "no vty line has `rotary " + std::to_string(groups.front()) + "`"
                                       : "the group's lines (" + vty_list(numbers_of(in_group)) + ") do not accept ssh";
            reason += ": connections to port " + std::to_string(port) + " are refused";
            for (auto x : cite_lines(ctx, in_group)) e.push_back(x);
            f = finding(id, Verdict::fail, reason, e);
            // Lines already in the group (ranges holding only such lines) get ssh: the operator
            // dedicated them to the port. Otherwise the group goes on the highest range whose
            // lines all accept ssh (the low lines keep serving port 22), or on the last range,
            // which then gets ssh too.
            const auto ranges = vty_ranges(d);
            const int g = groups.front();
            RangeEdits edits;
            auto add = [&](const RangeEdit& edit) {
                if (edit.complete) edits.add(edit);
            };
            for (const auto& r : ranges) {
                const auto ls = lines_in(ctx, r);
                const bool all_in_group = !ls.empty() && std::all_of(ls.begin(), ls.end(), [&](const EffectiveLine* l) {
                    return std::find(in_group.begin(), in_group.end(), l) != in_group.end();
                });
                if (all_in_group) add(edit_range(ctx, r, kTransport, {}, with_ssh));
            }
            if (edits.fix.empty()) {
                std::optional<VtyRange> target;
                for (auto it = ranges.rbegin(); it != ranges.rend() && !target; ++it) {
                    const auto ls = lines_in(ctx, *it);
                    if (!ls.empty() && std::all_of(ls.begin(), ls.end(), [](const EffectiveLine* l) {
                            return l->accepts("ssh") == Tri::yes;
                        }))
                        target = *it;
                }
                const bool add_ssh = !target;
                if (!target && !ranges.empty()) target = ranges.back();
                if (target)
                    add(edit_range(ctx, *target, kRotary | (add_ssh ? kTransport : 0u), {}, [&](Settings s) {
                        s.rotary = g;
                        return add_ssh ? with_ssh(s) : s;
                    }));
            }
            if (!edits.fix.empty())
                f.fix_request = fix_request(id, {{"ranges", edits.fix}, {"rollback_ranges", edits.rollback}});
        }
    }
    gate(f, unparsed_vty_and(ev, {"ip ssh port"}));
    return f;
}

// ---- SSH-005 ---------------------------------------------------------------------------------------------

// `vty 0-4 X, vty 5-15 Y`: line numbers grouped by their text, in order of first appearance.
std::string grouped_summary(const std::vector<std::pair<std::string, int>>& texts) {
    std::vector<std::pair<std::string, std::vector<int>>> groups;
    for (const auto& x : texts) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == x.first; });
        if (it == groups.end())
            groups.push_back({x.first, {x.second}});
        else
            it->second.push_back(x.second);
    }
    std::string out;
    for (const auto& [t, n] : groups) out += (out.empty() ? "" : ", ") + vty_list(n) + " " + t;
    return out;
}

// `vty 0-4 transport input telnet; vty 5-15 ...`: lines grouped by how their transport reads.
std::string transport_summary(const Context& ctx, const std::vector<const EffectiveLine*>& lines) {
    std::vector<std::pair<std::string, int>> texts;
    for (const auto* l : lines) texts.emplace_back(transport_text(settings_of(ctx, *l, {})), l->number);
    return grouped_summary(texts);
}

Finding ssh005(const Context& ctx) {
    constexpr std::string_view id = "SSH-005";
    const auto& ev = ctx.ev;
    if (!ev.has(parsers::kLines)) return lines_not_collected(id);
    if (ctx.vty.empty()) return no_vty_lines(ctx, id);
    std::vector<const EffectiveLine*> all, yes, unknown;
    for (const auto& l : ctx.vty) {
        all.push_back(&l);
        const auto a = l.accepts("ssh");
        if (a == Tri::yes) yes.push_back(&l);
        if (a == Tri::unknown) unknown.push_back(&l);
    }
    Finding f;
    if (!yes.empty()) {
        f = finding(id, Verdict::pass, vty_list(numbers_of(yes)) + " accept ssh (" + transport_summary(ctx, yes) + ")",
                    cite_lines(ctx, yes));
    } else if (!unknown.empty()) {
        const auto& v = ctx.device.version;
        f = finding(id, Verdict::unknown,
                    vty_list(numbers_of(unknown)) + " have no `transport input` and the default of " +
                        (v && !v->release.empty() ? "release " + v->release : std::string("an unknown release")) +
                        " is not known; no other line accepts ssh",
                    cite_lines(ctx, unknown));
    } else {
        f = finding(id, Verdict::fail, "no vty line accepts ssh: " + transport_summary(ctx, all), cite_lines(ctx, all));
        const auto edits = edit_ranges(ctx, kTransport, {}, every_range, with_ssh);
        if (edits.complete && !edits.fix.empty())
            f.fix_request = fix_request(id, {{"ranges", edits.fix}, {"rollback_ranges", edits.rollback}});
    }
    gate(f, unparsed_in_vty(ev));
    return f;
}

// ---- SSH-006 ---------------------------------------------------------------------------------------------

// `access-class: vty 0-4 `access-class MGMT in`, vty 5-15 no access-class`.
template <class Text>
std::string field_summary(const Context& ctx, const std::vector<Settings>& all, Text text) {
    std::vector<std::pair<std::string, int>> texts;
    for (std::size_t i = 0; i < all.size(); ++i) texts.emplace_back(text(all[i]), ctx.vty[i].number);
    return grouped_summary(texts);
}

Finding ssh006(const Context& ctx) {
    constexpr std::string_view id = "SSH-006";
    const auto& ev = ctx.ev;
    if (!ev.has(parsers::kLines)) return lines_not_collected(id);
    // Agreement matters for SSH only once some line accepts it (SSH-005 reports that none does).
    if (auto f = no_line_accepts_ssh(ctx, id)) return std::move(*f);
    const auto dedicated = dedicated_groups(ctx.device);
    std::vector<Settings> all;
    for (const auto& l : ctx.vty) all.push_back(settings_of(ctx, l, dedicated));
    const EffectiveLine* ref_line = reference_line(ctx);
    if (!ref_line) ref_line = &ctx.vty.front();
    const Settings ref = settings_of(ctx, *ref_line, dedicated);
    unsigned fields = 0, unsure = 0;
    std::vector<const EffectiveLine*> off;
    for (std::size_t i = 0; i < all.size(); ++i) {
        unsigned u = 0;
        const unsigned diff = differing(all[i], ref, kAll, u);
        fields |= diff;
        unsure |= u;
        if (diff) off.push_back(&ctx.vty[i]);
    }
    const auto every = every_line(ctx);
    Finding f;
    if (!fields && !unsure) {
        f = finding(id, Verdict::pass,
                    ctx.vty.size() == 1
                        ? "one vty line: nothing to disagree"
                        : vty_list(numbers_of(every)) + " agree on transport input, access-class, rotary and login",
                    cite_lines(ctx, every));
    } else if (!fields) {
        f = finding(id, Verdict::unknown,
                    "transport input: " + field_summary(ctx, all, transport_text) +
                        "; whether they agree depends on a release default that is not known",
                    cite_lines(ctx, every));
    } else {
        std::vector<std::string> parts;
        if (fields & kTransport) parts.push_back("transport input: " + field_summary(ctx, all, transport_text));
        if (fields & kAccessClass)
            parts.push_back("access-class: " + field_summary(ctx, all, [](const Settings& s) {
                                return class_text(s.ac, "access-class");
                            }));
        if (fields & kIpv6AccessClass)
            parts.push_back("ipv6 access-class: " + field_summary(ctx, all, [](const Settings& s) {
                                return class_text(s.ac6, "ipv6 access-class");
                            }));
        if (fields & kRotary)
            parts.push_back("rotary: " +
                            field_summary(ctx, all, [](const Settings& s) { return rotary_text(s.rotary); }));
        if (fields & kLogin)
            parts.push_back("login: " + field_summary(ctx, all, [](const Settings& s) { return "`" + s.login + "`"; }));
        const bool refuses = std::any_of(ctx.vty.begin(), ctx.vty.end(),
                                         [](const EffectiveLine& l) { return l.accepts("ssh") == Tri::no; }) &&
                             ref_line->accepts("ssh") == Tri::yes;
        std::string reason = "vty ranges disagree (" + join(parts, "; ") + ")";
        reason += refuses ? ": SSH is refused once the SSH-capable lines are busy"
                          : ": a login lands on different rules depending on which line is free";
        f = finding(id, Verdict::fail, reason, cite_lines(ctx, every));
        const auto edits = edit_ranges(ctx, kAll, dedicated, every_range, [&](const Settings&) { return ref; });
        if (edits.complete && !edits.fix.empty())
            f.fix_request = fix_request(id, {{"ranges", edits.fix},
                                             {"rollback_ranges", edits.rollback},
                                             {"reference", vty_list({ref_line->number})}});
        else if (!edits.complete)
            f.reason += "; no fix: the reference lines' transport is an unknown release default";
    }
    gate(f, unparsed_in_vty(ev));
    return f;
}

// ---- SSH-012 ---------------------------------------------------------------------------------------------

Finding ssh012(const Context& ctx) {
    constexpr std::string_view id = "SSH-012";
    const auto& ev = ctx.ev;
    const auto& d = ctx.device;
    const int min = ctx.policy.min_vty_lines;
    if (!ev.has(parsers::kLines)) return lines_not_collected(id);
    if (auto f = no_line_accepts_ssh(ctx, id)) return std::move(*f);
    const auto yes = ctx.ssh_capable();
    std::vector<const EffectiveLine*> unknown;
    for (const auto& l : ctx.vty)
        if (l.accepts("ssh") == Tri::unknown) unknown.push_back(&l);
    const int n_yes = static_cast<int>(yes.size());
    const int n_unknown = static_cast<int>(unknown.size());
    // `ip ssh maxstartups N` caps concurrent SSH sessions below the line count.
    const std::optional<int> cap = d.ssh.maxstartups;
    const int usable = cap ? std::min(n_yes, *cap) : n_yes;
    std::string counted = std::to_string(n_yes) + " vty line" + (n_yes == 1 ? "" : "s") + " accept ssh" +
                          (n_yes ? " (" + vty_list(numbers_of(yes)) + ")" : "");
    if (cap && *cap < n_yes)
        counted +=
            " but `ip ssh maxstartups " + std::to_string(*cap) + "` admits " + std::to_string(*cap) + " sessions";
    if (ev.has(parsers::kSessions)) {
        int busy = 0;
        for (const auto& s : d.sessions)
            for (const auto* l : yes)
                if (s.line == "vty " + std::to_string(l->number)) ++busy;
        counted += "; " + std::to_string(busy) + " in use (`show users`)";
    }
    auto e = cite_lines(ctx, yes);
    if (cap) e.push_back(cite_config(ev, "ip ssh maxstartups"));
    Finding f;
    if (usable >= min) {
        f = finding(id, Verdict::pass, counted + "; the policy minimum is " + std::to_string(min), e);
    } else if ((!cap || *cap >= min) && n_yes + n_unknown >= min) {
        f = finding(id, Verdict::unknown,
                    counted + "; " + vty_list(numbers_of(unknown)) +
                        " have no `transport input` and an unknown release default; the policy minimum is " +
                        std::to_string(min),
                    e);
    } else {
        f = finding(id, Verdict::fail, counted + ": fewer than the policy minimum of " + std::to_string(min), e);
        const EffectiveLine* ref_line = reference_line(ctx);
        if (!ref_line) {
            f.reason += "; no fix: no line accepts ssh for certain to copy the settings from";
        } else {
            const auto dedicated = dedicated_groups(d);
            const Settings ref = settings_of(ctx, *ref_line, dedicated);
            const auto not_all_ssh = [&](const VtyRange& r) {
                const auto ls = lines_in(ctx, r);
                return !std::all_of(ls.begin(), ls.end(),
                                    [](const EffectiveLine* l) { return l->accepts("ssh") == Tri::yes; });
            };
            auto edits = edit_ranges(ctx, kAll, dedicated, not_all_ssh, [&](const Settings&) { return ref; });
            // Lines the configuration does not have yet: added after the last one, with every
            // setting of the reference line.
            const int total = static_cast<int>(ctx.vty.size());
            json remove = json::array();
            if (total < min) {
                const int last = ctx.vty.back().number;
                const VtyRange added{last + 1, last + (min - total)};
                // New lines hold nothing to remove, and no rotary unless the reference has one.
                json j = {{"range", range_words(added)}};
                if (!write_fields(j, ref, Settings{}, kAll & ~kRotary)) edits.complete = false;
                if (ref.rotary) j["rotary"] = *ref.rotary;
                edits.fix.push_back(j);
                remove.push_back(range_words(added));
            }
            json data = {{"ranges", edits.fix}, {"rollback_ranges", edits.rollback}, {"remove_ranges", remove}};
            if (cap && *cap < min) {
                data["maxstartups"] = min;
                data["previous_maxstartups"] = *cap;
            }
            if (edits.complete) f.fix_request = fix_request(id, std::move(data));
        }
    }
    gate(f, unparsed_in_vty(ev));
    return f;
}

// ---- SSH-013 ---------------------------------------------------------------------------------------------

Finding ssh013(const Context& ctx) {
    constexpr std::string_view id = "SSH-013";
    const auto& ev = ctx.ev;
    const auto& d = ctx.device;
    if (!ev.has(parsers::kLines)) return lines_not_collected(id);
    if (!ev.has(parsers::kAaa) || !ev.has(parsers::kUsers))
        return finding(id, Verdict::unknown,
                       "usernames and aaa are stated by `show running-config`, which was not collected",
                       {DeviceEvidence::missing("show running-config")});
    const bool users = engine::has_local_users(d);
    std::vector<const EffectiveLine*> usable, line_pw, local_no_user, undefined, unknown;
    std::vector<Evidence> e;
    for (const auto* l : login_candidates(ctx)) {
        const auto m = engine::resolve_login(d, *l, true);
        using K = LoginMethod::Kind;
        switch (m.kind) {
            case K::line_password:
                line_pw.push_back(l);
                break;
            case K::local:
                (users ? usable : local_no_user).push_back(l);
                break;
            case K::aaa_list: {
                const bool only_local = std::all_of(m.methods.begin(), m.methods.end(), is_local_method);
                (only_local && !users ? local_no_user : usable).push_back(l);
                break;
            }
            case K::none:
                usable.push_back(l);
                break;
            case K::undefined_list:
                undefined.push_back(l);
                break;
            case K::unknown:
                unknown.push_back(l);
                break;
        }
        if (e.size() < 4 && (m.kind != K::local || !users)) {
            auto c = cite_login(ctx, m);
            if (std::none_of(e.begin(), e.end(),
                             [&](const Evidence& x) { return x.line == c.line && x.command == c.command; }))
                e.push_back(c);
        }
    }
    Finding f;
    if (!usable.empty()) {
        std::string reason = vty_list(numbers_of(usable)) + " authenticate SSH users (" +
                             login_statement(ctx, *usable.front()) + (users ? ", local usernames exist" : "") + ")";
        if (!line_pw.empty() || !local_no_user.empty())
            reason += "; " + vty_list(numbers_of(line_pw.empty() ? local_no_user : line_pw)) +
                      " cannot (SSH-006 reports the disagreement)";
        f = finding(id, Verdict::pass, reason, cite_lines(ctx, usable));
    } else if (!unknown.empty()) {
        f = finding(id, Verdict::unknown, "the login method of " + vty_list(numbers_of(unknown)) + " is not known", e);
    } else if (line_pw.empty() && local_no_user.empty()) {
        f = finding(id, Verdict::not_applicable,
                    vty_list(numbers_of(undefined)) + " name an undefined aaa login list: SSH-014", e);
    } else {
        std::vector<std::string> parts;
        if (!line_pw.empty())
            parts.push_back(vty_list(numbers_of(line_pw)) +
                            " use `login` (the line password) without aaa new-model; SSH always sends a username "
                            "and cannot log in with it");
        if (!local_no_user.empty())
            parts.push_back(vty_list(numbers_of(local_no_user)) + " authenticate against local usernames (" +
                            login_statement(ctx, *local_no_user.front()) + ") and none is configured");
        f = finding(id, Verdict::fail, join(parts, "; "), e);
        const bool add_user = !users;
        const auto affected = [&](const VtyRange& r) {
            return std::any_of(line_pw.begin(), line_pw.end(),
                               [&](const EffectiveLine* l) { return l->number >= r.first && l->number <= r.last; });
        };
        const auto edits = edit_ranges(ctx, kLogin, {}, affected, [](Settings s) {
            s.login = "login local";
            return s;
        });
        f.fix_request = fix_request(id, {{"add_user", add_user},
                                         {"admin_user", ctx.policy.admin_user},
                                         {"ranges", edits.fix},
                                         {"rollback_ranges", edits.rollback}});
    }
    gate(f, unparsed_vty_and(ev, {"username", "aaa authentication login", "aaa new-model"}));
    return f;
}

// ---- SSH-014 ---------------------------------------------------------------------------------------------

Finding ssh014(const Context& ctx) {
    constexpr std::string_view id = "SSH-014";
    const auto& ev = ctx.ev;
    const auto& d = ctx.device;
    if (!ev.has(parsers::kAaa))
        return finding(id, Verdict::unknown, "aaa is stated by `show running-config`, which was not collected",
                       {DeviceEvidence::missing("show running-config")});
    if (!d.aaa.new_model.value_or(false))
        return finding(id, Verdict::not_applicable, "no `aaa new-model`: the lines' own login applies (SSH-013)");
    if (!ev.has(parsers::kLines)) return lines_not_collected(id);
    const bool users = engine::has_local_users(d);
    struct ListUse {
        LoginMethod method;
        std::vector<int> lines;
        std::string problem;
        bool critical = false;
    };
    std::vector<ListUse> lists;
    for (const auto* l : login_candidates(ctx)) {
        const auto m = engine::resolve_login(d, *l, true);
        auto it = std::find_if(lists.begin(), lists.end(), [&](const ListUse& u) { return u.method.list == m.list; });
        if (it == lists.end()) {
            lists.push_back({m, {}, {}, false});
            it = lists.end() - 1;
        }
        it->lines.push_back(l->number);
    }
    std::vector<Evidence> e;
    bool critical = false, failing = false;
    std::vector<std::string> problems, fine;
    for (auto& u : lists) {
        const auto& m = u.method;
        using K = LoginMethod::Kind;
        const std::string where = vty_list(u.lines) + " (list `" + m.list + "`";
        if (m.kind == K::aaa_list) {
            const std::string methods = join(m.methods);
            if (m.methods == std::vector<std::string>{"none"}) {
                u.problem = where + ": none) authenticate nobody: anyone gets in";
                u.critical = true;
            } else if (engine::contains_none(m)) {
                u.problem = where + ": " + methods + ") fall back to `none`: anyone gets in when the servers fail";
                u.critical = true;
            } else if (!engine::has_local_fallback(m)) {
                u.problem =
                    where + ": " + methods + ") have no `local` fallback: nobody gets in when the servers are down";
            } else if (!users && !std::all_of(m.methods.begin(), m.methods.end(), is_local_method)) {
                u.problem = where + ": " + methods + ") fall back to `local`, but no username exists";
            } else {
                fine.push_back(where + ": " + methods + ") fall back to local usernames");
            }
        } else if (m.kind == K::undefined_list) {
            u.problem = where + ") name a list that is not defined: IOS refuses the login";
            u.critical = true;
        } else if (m.kind == K::local) {
            fine.push_back(vty_list(u.lines) + " (no `default` list) use the local usernames");
        } else if (m.kind == K::unknown) {
            return finding(id, Verdict::unknown, "the login method of " + vty_list(u.lines) + " is not known");
        } else {
            fine.push_back(vty_list(u.lines) + " do not use an aaa list");
        }
        e.push_back(cite_login(ctx, m));
        if (!u.problem.empty()) {
            failing = true;
            critical = critical || u.critical;
            problems.push_back(u.problem);
        }
    }
    Finding f;
    if (!failing) {
        f = finding(id, Verdict::pass, join(fine, "; "), e);
    } else {
        f = finding(id, Verdict::fail, join(problems, "; "), e);
        if (critical) f.severity = Severity::critical;
        json fix_lists = json::array();
        bool complete = true;
        for (const auto& u : lists) {
            if (u.problem.empty()) continue;
            const auto& m = u.method;
            std::vector<std::string> methods;
            bool has_group = false;
            if (m.kind == LoginMethod::Kind::aaa_list)
                for (const auto& x : m.methods)
                    if (x != "none") {
                        methods.push_back(x);
                        has_group = has_group || starts_with(x, "group ");
                    }
            if (!has_group) {
                if (!ctx.policy.aaa_group || ctx.policy.aaa_group->empty()) {
                    complete = false;
                    continue;
                }
                methods.insert(methods.begin(), "group " + *ctx.policy.aaa_group);
            }
            if (std::none_of(methods.begin(), methods.end(), is_local_method)) methods.push_back("local");
            json j = {{"name", m.list}, {"methods", join(methods)}};
            if (m.kind == LoginMethod::Kind::aaa_list) {
                if (join(methods) == join(m.methods)) {
                    j.erase("methods");  // only the username is missing
                } else {
                    j["previous"] = join(m.methods);
                }
            }
            if (j.contains("methods")) fix_lists.push_back(j);
        }
        if (complete)
            f.fix_request =
                fix_request(id, {{"add_user", !users}, {"admin_user", ctx.policy.admin_user}, {"lists", fix_lists}});
        else
            f.reason += "; no fix: a list has no server group to keep and the policy names no `aaa_group`";
    }
    gate(f, unparsed_vty_and(ev, {"username", "aaa authentication login", "aaa new-model"}));
    return f;
}

// ---- SSH-015 ---------------------------------------------------------------------------------------------

Finding ssh015(const Context& ctx) {
    constexpr std::string_view id = "SSH-015";
    const auto& ev = ctx.ev;
    const auto& d = ctx.device;
    const Capture* sh = show_ip_ssh(ev);
    if (d.ssh.available == false) {
        Finding f = finding(id, Verdict::fail,
                            "`show ip ssh` was rejected with `% Invalid input`: this image has no SSH server",
                            {cite_ssh(ev, "Invalid input")});
        if (d.version && !d.version->image.empty()) f.reason += " (image " + d.version->image + ")";
        f.message =
            "install an image with cryptography (a k9 or crypto-capable image) to get an SSH server; until then the "
            "device is reachable by telnet or the console only";
        return f;
    }
    if (d.ssh.available == true)
        return finding(id, Verdict::pass, "`show ip ssh` answers: the image has an SSH server", {cite_ssh(ev, "SSH ")});
    if (running_config(ev) && !d.ssh.config_lines.empty())
        return finding(
            id, Verdict::pass,
            "the configuration holds `" + d.ssh.config_lines.front() + "`, which only images with SSH accept",
            {cite_config(ev, d.ssh.config_lines.front())});
    if (d.version && d.version->crypto.value_or(false)) {
        const Capture* vc = ev.source(parsers::kVersion);
        return finding(id, Verdict::pass, "`show version` reports a crypto image, which has an SSH server",
                       {vc ? ev.cite_text(*vc, "crypto") : Evidence{}});
    }
    if (sh)
        return finding(id, Verdict::unknown, "`show ip ssh` states neither an SSH state nor a rejection",
                       {ev.cite(*sh, 0)});
    return finding(id, Verdict::unknown, "`show ip ssh` was not collected: whether the image has SSH is not known",
                   {DeviceEvidence::missing("show ip ssh")});
}

// ---- SSH-016 ---------------------------------------------------------------------------------------------

Finding ssh016(const Context& ctx) {
    constexpr std::string_view id = "SSH-016";
    const auto& ev = ctx.ev;
    const auto& d = ctx.device;
    if (d.ssh.available == false) return finding(id, Verdict::not_applicable, "the image has no SSH server: SSH-015");
    const auto gate1711 = release_gate(ctx);
    if (gate1711.from_17_11_1 == Tri::no)
        return finding(id, Verdict::not_applicable, gate1711.why, {gate1711.evidence});
    if (gate1711.from_17_11_1 == Tri::unknown) return finding(id, Verdict::unknown, gate1711.why, {gate1711.evidence});
    const std::string rel = "IOS-XE " + gate1711.release;
    const SshKey key = ssh_rsa_key(ctx);
    if (key.state == SshKey::State::none)
        return finding(id, Verdict::not_applicable, key.why + " (SSH-001)", {gate1711.evidence});
    const Tri small = key_under_2048(key);
    std::vector<Evidence> e{gate1711.evidence};
    if (key.key) e.push_back(ev.cite(parsers::kKeys, key.key->line));
    for (const auto* c : key.candidates) e.push_back(ev.cite(parsers::kKeys, c->line));
    if (small == Tri::no)
        return finding(id, Verdict::pass,
                       key.state == SshKey::State::found ? key.why + ": 2048 bits or more on " + rel
                                                         : "every RSA key is 2048 bits or more on " + rel,
                       e);
    if (small == Tri::unknown)
        return finding(id, Verdict::unknown,
                       key.state == SshKey::State::found ? key.why + " but its size is not known" : key.why, e);
    const std::string what = key.state == SshKey::State::found ? key.why : "every RSA key is under 2048 bits";
    if (d.ssh.enabled == true) {
        const Capture* sh = show_ip_ssh(ev);
        if (sh) e.push_back(ev.cite_text(*sh, "SSH Enabled"));
        return finding(id, Verdict::pass,
                       what + ", yet `show ip ssh` says SSH Enabled on " + rel +
                           " (the key-size enforcement is off); SSH-102 reports the key",
                       e);
    }
    Finding f = finding(id, Verdict::fail,
                        what + ": " + rel + " (17.11.1 or later) disables SSH with an RSA key under 2048 bits", e);
    const std::string label = fresh_label(d);
    json data = {{"label", label}};
    previous_ssh_config(d, label, false, data);
    f.fix_request = fix_request(id, std::move(data));
    return f;
}

}  // namespace

void add_ios_access_checks(std::vector<CheckInfo>& out) {
    out.push_back({"SSH-001", "cisco_ios", 'A', Severity::critical, "SSH server disabled", &ssh001});
    out.push_back(
        {"SSH-002", "cisco_ios", 'A', Severity::critical, "key generation refused: default hostname", &ssh002});
    out.push_back({"SSH-003", "cisco_ios", 'A', Severity::critical, "key generation refused: no domain name", &ssh003});
    out.push_back({"SSH-004", "cisco_ios", 'A', Severity::high, "SSH rotary port serves no vty line", &ssh004});
    out.push_back({"SSH-005", "cisco_ios", 'A', Severity::critical, "no vty line accepts ssh", &ssh005});
    out.push_back({"SSH-006", "cisco_ios", 'A', Severity::high, "vty ranges disagree", &ssh006});
    out.push_back({"SSH-012", "cisco_ios", 'A', Severity::medium, "too few SSH-capable vty lines", &ssh012});
    out.push_back({"SSH-013", "cisco_ios", 'A', Severity::critical, "login unusable for SSH", &ssh013});
    out.push_back({"SSH-014", "cisco_ios", 'A', Severity::high, "AAA login without local fallback", &ssh014});
    out.push_back({"SSH-015", "cisco_ios", 'A', Severity::critical, "image without SSH", &ssh015});
    out.push_back(
        {"SSH-016", "cisco_ios", 'A', Severity::critical, "RSA key under 2048 bits on IOS-XE 17.11.1+", &ssh016});
}

}  // namespace vtyguard::checks
