// Configuration-mode interpreter over the device model (fix.hpp apply_config): what the device
// would do with the lines our fix templates emit, so a fix can be verified on the model.
//
// Design:
//  - Statements are read with the project's own grammars, never a second copy of them: ACL
//    entries through cisco_ios::parse_ace / cisco_asa::parse_ace, every other statement by running
//    our `show running-config` parser on a one-statement snippet (`line vty 0 0` + the child,
//    `interface X` + the child, the global line alone) and copying what it produced. A model
//    element after apply is therefore exactly what the parser would have read from a
//    configuration holding that line. The interpreter adds only what a running-config never
//    prints: sub-modes, sequence arithmetic, `no` forms, key generation.
//  - Modes as on the device: a line that is not a statement of the current sub-mode is taken as a
//    global statement (which leaves the sub-mode); `exit` leaves a sub-mode, `end` (or `exit` in
//    global mode) ends configuration. Indentation is not significant (the device ignores it).
//  - A statement the interpreter does not know, a statement the device would refuse (key
//    generation without a label on the default hostname or without a domain, a duplicate
//    sequence number, a `no` of something that is not configured) or one that would prompt
//    (`crypto key generate` without a modulus, replacing an existing IOS key, ASA without
//    `noconfirm`) fails the whole apply with the line named.
//  - `vty`/`con`/`aux` ranges: blocks overlapping the range are split at its bounds, so a setting
//    (or its removal) reaches exactly the lines named while vty.hpp's "later block overrides
//    earlier, setting by setting" still gives every other line its old values.
//  - IOS ACL entries without sequence numbers (configurations of releases that print none) are
//    numbered 10, 20, ... first, as the device numbers them. ASA `line N` is a position.
//  - Generating an IOS key enables SSH when the key is the one SSH uses (`ip ssh rsa
//    keypair-name`, else `hostname.domain`); an SSH version never stated becomes `1.99`, the
//    compatibility mode IOS runs until `ip ssh version 2`. Nothing here ever disables SSH.
//  - ASA `management-access IF` is accepted but has no place in the model: a check that needs it
//    cannot pass on the model.
#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string>
#include <vector>

#include "parsers/cisco_asa/acl/acl.hpp"
#include "parsers/cisco_ios/acl/acl.hpp"
#include "parsers/common/config_blocks.hpp"
#include "parsers/parse.hpp"
#include "plugin/engine/apply_linux.hpp"
#include "plugin/engine/fix.hpp"
#include "plugin/engine/script_lines.hpp"

namespace vtyguard::checks {

namespace {

using parsers::starts_with_words;
using parsers::words;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The text after the first `n` words.
std::string_view after_words(std::string_view s, std::size_t n) {
    s = trim(s);
    for (std::size_t k = 0; k < n; ++k) {
        const auto sp = s.find_first_of(" \t");
        if (sp == std::string_view::npos) return {};
        s = trim(s.substr(sp));
    }
    return s;
}

template <typename T>
bool to_number(std::string_view w, T& out) {
    if (w.empty() || w.find_first_not_of("0123456789") != std::string_view::npos) return false;
    auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), out);
    return ec == std::errc() && p == w.data() + w.size();
}

// ---- model comparisons (for `no <entry>` and duplicate allow entries) ---------------------------

bool same(const model::Address& a, const model::Address& b) {
    return a.kind == b.kind && a.address == b.address && a.mask == b.mask && a.prefix_length == b.prefix_length &&
           a.name == b.name;
}

bool same(const std::optional<model::Address>& a, const std::optional<model::Address>& b) {
    return a.has_value() == b.has_value() && (!a || same(*a, *b));
}

bool same(const std::optional<model::PortMatch>& a, const std::optional<model::PortMatch>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || (a->op == b->op && a->ports == b->ports && a->name == b->name);
}

// Same matching and logging: what `no <entry>` on the device compares (counters, line numbers,
// hashes and the activation state are not part of an entry).
bool same_entry(const model::Ace& a, const model::Ace& b) {
    return a.action == b.action && a.protocol == b.protocol && a.protocol_object_group() == b.protocol_object_group() &&
           a.protocol_object() == b.protocol_object() && same(a.source, b.source) &&
           same(a.source_ports, b.source_ports) && same(a.destination, b.destination) &&
           same(a.destination_ports, b.destination_ports) && a.flags() == b.flags() && a.established == b.established &&
           a.icmp_type == b.icmp_type && a.options() == b.options() && a.log == b.log && a.time_range == b.time_range &&
           a.remark() == b.remark() && a.user() == b.user();
}

bool same(const model::MgmtAllow& a, const model::MgmtAllow& b) {
    return same(a.source, b.source) && a.interface == b.interface;
}

// ---- the interpreter ---------------------------------------------------------------------------

enum class Result { done, not_mine, failed };

class Interpreter {
public:
    Interpreter(model::Device& d, std::string_view platform) : d_(d), platform_(platform) {}

    // One configuration line (comments and blank lines already skipped).
    bool run(std::string_view t, std::string& why) {
        if (ended_) {
            why = "after `end`: not configuration mode";
            return false;
        }
        if (t == "end") {
            ended_ = true;
            return true;
        }
        if (t == "exit") {
            if (mode_ == Mode::global)
                ended_ = true;
            else
                mode_ = Mode::global;
            return true;
        }
        Result r = Result::not_mine;
        std::string sub_why;
        switch (mode_) {
            case Mode::global:
                break;
            case Mode::line:
                r = line_statement(t, sub_why);
                break;
            case Mode::acl:
                r = platform_ == "cisco_ios" ? ios_acl_statement(t, sub_why) : Result::not_mine;
                break;
            case Mode::interface:
                r = interface_statement(t, sub_why);
                break;
            case Mode::control_plane:
                r = control_plane_statement(t, sub_why);
                break;
        }
        if (r == Result::done) return true;
        if (r == Result::failed) {
            why = sub_why;
            return false;
        }
        // Not a statement of the sub-mode: the device tries it as a global statement, which
        // leaves the sub-mode.
        const Mode was = mode_;
        mode_ = Mode::global;
        r = platform_ == "cisco_ios" ? ios_global(t, why) : asa_global(t, why);
        if (r == Result::done) return true;
        if (r == Result::not_mine) {
            why = was == Mode::global ? "not a configuration statement vtyguard can apply"
                                      : "not a statement of the " + std::string(mode_name(was)) +
                                            " sub-mode nor a global statement vtyguard can apply" +
                                            (sub_why.empty() ? std::string() : " (" + sub_why + ")");
        }
        return false;
    }

private:
    enum class Mode { global, line, acl, interface, control_plane };

    static const char* mode_name(Mode m) {
        switch (m) {
            case Mode::global:
                return "global";
            case Mode::line:
                return "line";
            case Mode::acl:
                return "access-list";
            case Mode::interface:
                return "interface";
            case Mode::control_plane:
                return "control-plane host";
        }
        return "global";
    }

    // Our own configuration parser on a snippet; false with its first diagnostic.
    bool snippet(const std::string& text, parsers::ParseResult& out, std::string& why) const {
        parsers::Resolved resolved;
        std::string error;
        if (!parsers::parse(platform_, "show running-config", text, out, resolved, error)) {
            why = error;
            return false;
        }
        if (!out.diagnostics.empty()) {
            why = out.diagnostics.front().message;
            return false;
        }
        return true;
    }

    // ---- line sub-mode ---------------------------------------------------------------------

    // The blocks of line_type_ covering exactly line_first_..line_last_, splitting blocks that
    // straddle a bound and adding a block for lines no block names yet.
    std::vector<std::size_t> range_blocks() {
        auto& lines = d_.lines;
        const int a = line_first_, b = line_last_;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].type != line_type_) continue;
            const int lo = lines[i].first, hi = std::max(lines[i].first, lines[i].last);
            if (hi < a || lo > b) continue;
            if (lo < a) {
                model::LineBlock right = lines[i];
                lines[i].last = a - 1;
                right.first = a;
                right.last = hi;
                lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(right));
                continue;  // the right part is examined next
            }
            if (hi > b) {
                model::LineBlock right = lines[i];
                lines[i].last = b;
                right.first = b + 1;
                right.last = hi;
                lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(right));
            }
        }
        std::vector<std::size_t> inside;
        std::vector<bool> covered(static_cast<std::size_t>(b - a + 1), false);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& l = lines[i];
            if (l.type != line_type_ || l.first < a || std::max(l.first, l.last) > b) continue;
            inside.push_back(i);
            for (int n = l.first; n <= std::max(l.first, l.last); ++n) covered[static_cast<std::size_t>(n - a)] = true;
        }
        for (int n = a; n <= b;) {
            if (covered[static_cast<std::size_t>(n - a)]) {
                ++n;
                continue;
            }
            int m = n;
            while (m + 1 <= b && !covered[static_cast<std::size_t>(m + 1 - a)]) ++m;
            model::LineBlock nb;
            nb.type = line_type_;
            nb.first = n;
            nb.last = m;
            lines.push_back(std::move(nb));
            inside.push_back(lines.size() - 1);
            n = m + 1;
        }
        return inside;
    }

    template <typename F>
    void for_range(F&& f) {
        for (auto i : range_blocks()) f(d_.lines[i]);
    }

    static void unstamp(std::optional<model::AccessClass>& c) {
        if (c) c->line = 0;
    }

    Result line_statement(std::string_view t, std::string& why) {
        const auto w = words(t);
        if (w.empty()) return Result::not_mine;
        if (t == "default transport input") {
            // back to the release default, which the model leaves unstated
            for_range([](model::LineBlock& l) { l.transport_input.reset(); });
            return Result::done;
        }
        if (w[0] == "no" && w.size() >= 2) {
            // `no` forms a running-config never prints.
            if (w[1] == "access-class" && (w.back() == "in" || w.back() == "out") && w.size() <= 4) {
                const bool in = w.back() == "in";
                for_range([&](model::LineBlock& l) { (in ? l.access_class_in : l.access_class_out).reset(); });
                return Result::done;
            }
            if (w.size() >= 3 && w[1] == "ipv6" && w[2] == "access-class" && (w.back() == "in" || w.back() == "out") &&
                w.size() <= 5) {
                const bool in = w.back() == "in";
                for_range(
                    [&](model::LineBlock& l) { (in ? l.ipv6_access_class_in : l.ipv6_access_class_out).reset(); });
                return Result::done;
            }
            if (w[1] == "rotary" && w.size() <= 3) {
                for_range([](model::LineBlock& l) { l.rotary.reset(); });
                return Result::done;
            }
            if (w[1] == "exec-timeout" && w.size() <= 4) {
                for_range([](model::LineBlock& l) {
                    l.exec_timeout_minutes.reset();
                    l.exec_timeout_seconds.reset();
                });
                return Result::done;
            }
            if (w[1] == "password" && w.size() == 2) {
                for_range([](model::LineBlock& l) { l.password_set = false; });
                return Result::done;
            }
            if (w[1] == "login" && w.size() >= 3 && w[2] == "authentication" && w.size() <= 4) {
                // back to the default list
                for_range([](model::LineBlock& l) {
                    if (l.login == "authentication") l.login.reset();
                    l.login_authentication.reset();
                });
                return Result::done;
            }
            if (w[1] == "authorization" && w.size() >= 3 && w[2] == "exec" && w.size() <= 4) {
                for_range([](model::LineBlock& l) { l.authorization_exec.reset(); });
                return Result::done;
            }
            if (w[1] == "privilege" && w.size() >= 3 && w[2] == "level" && w.size() <= 4) {
                for_range([](model::LineBlock& l) { l.privilege_level.reset(); });
                return Result::done;
            }
            // `no login`, `no exec`: the parser reads them
        }
        parsers::ParseResult p;
        std::string text = "line vty 0 0\n ";
        text.append(t).append("\n");
        if (!snippet(text, p, why) || p.device.lines.size() != 1) return Result::not_mine;
        auto s = std::move(p.device.lines.front());
        unstamp(s.access_class_in);
        unstamp(s.access_class_out);
        unstamp(s.ipv6_access_class_in);
        unstamp(s.ipv6_access_class_out);
        for_range([&](model::LineBlock& l) {
            if (s.transport_input) l.transport_input = s.transport_input;
            if (s.transport_output) l.transport_output = s.transport_output;
            if (s.transport_preferred) l.transport_preferred = s.transport_preferred;
            if (s.access_class_in) l.access_class_in = s.access_class_in;
            if (s.access_class_out) l.access_class_out = s.access_class_out;
            if (s.ipv6_access_class_in) l.ipv6_access_class_in = s.ipv6_access_class_in;
            if (s.ipv6_access_class_out) l.ipv6_access_class_out = s.ipv6_access_class_out;
            if (s.exec_timeout_minutes) {
                l.exec_timeout_minutes = s.exec_timeout_minutes;
                l.exec_timeout_seconds = s.exec_timeout_seconds;
            }
            if (s.login) {
                l.login = s.login;
                l.login_authentication = s.login_authentication;
            }
            if (s.authorization_exec) l.authorization_exec = s.authorization_exec;
            if (s.rotary) l.rotary = s.rotary;
            if (s.privilege_level) l.privilege_level = s.privilege_level;
            if (s.password_set) l.password_set = true;
            if (s.exec) l.exec = s.exec;
            if (s.has_vacant_message) l.has_vacant_message = true;
        });
        return Result::done;
    }

    Result enter_line(std::string_view t, std::string& why) {
        parsers::ParseResult p;
        if (!snippet(std::string(t) + "\n", p, why) || p.device.lines.size() != 1) return Result::failed;
        const auto& l = p.device.lines.front();
        if (l.type != "vty" && l.type != "con" && l.type != "aux") {
            why = "only `line vty`, `line con` and `line aux` ranges can be applied";
            return Result::failed;
        }
        if (l.last < l.first) {
            why = "line range ends before it starts";
            return Result::failed;
        }
        mode_ = Mode::line;
        line_type_ = l.type;
        line_first_ = l.first;
        line_last_ = l.last;
        return Result::done;
    }

    // `no line vty A B`: the lines go (what IOS does for vty lines beyond the built-in ones).
    Result remove_lines(std::string_view t, std::string& why) {
        if (enter_line(after_words(t, 1), why) != Result::done) return Result::failed;
        mode_ = Mode::global;
        const auto inside = range_blocks();
        std::vector<model::LineBlock> kept;
        for (std::size_t i = 0; i < d_.lines.size(); ++i)
            if (std::find(inside.begin(), inside.end(), i) == inside.end()) kept.push_back(std::move(d_.lines[i]));
        d_.lines = std::move(kept);
        return Result::done;
    }

    // ---- IOS access lists ------------------------------------------------------------------

    model::Acl* find_acl(std::string_view name, model::AddressFamily family) {
        for (auto& a : d_.acls)
            if (a.name == name && a.family == family && a.type != "mac") return &a;
        return nullptr;
    }

    // Entries without a sequence number get the ones the device gives them (10, 20, ...);
    // unnumbered remarks stay with the entry after them.
    static void number_entries(model::Acl& acl) {
        std::uint32_t last = 0;
        for (auto& e : acl.entries) {
            if (e.sequence) {
                last = std::max(last, *e.sequence);
                continue;
            }
            if (e.action == model::Ace::Action::remark) continue;
            last += 10;
            e.sequence = last;
        }
    }

    static bool insert_ios_entry(model::Acl& acl, model::Ace ace, std::string& why) {
        number_entries(acl);
        auto& es = acl.entries;
        if (!ace.sequence) {
            std::uint32_t top = 0;
            for (const auto& e : es)
                if (e.sequence) top = std::max(top, *e.sequence);
            ace.sequence = top + 10;
            es.push_back(std::move(ace));
            return true;
        }
        const auto seq = *ace.sequence;
        for (const auto& e : es)
            if (e.sequence == seq) {
                why = "duplicate sequence number " + std::to_string(seq) + " in access list " + acl.name;
                return false;
            }
        std::size_t pos = es.size();
        for (std::size_t i = 0; i < es.size(); ++i)
            if (es[i].sequence && *es[i].sequence > seq) {
                pos = i;
                // remarks without a number belong to the entry after them
                while (pos > 0 && es[pos - 1].action == model::Ace::Action::remark && !es[pos - 1].sequence) --pos;
                break;
            }
        es.insert(es.begin() + static_cast<std::ptrdiff_t>(pos), std::move(ace));
        return true;
    }

    Result ios_acl_statement(std::string_view t, std::string& why) {
        const auto w = words(t);
        if (w.empty()) return Result::not_mine;
        model::Acl* acl = find_acl(acl_name_, acl_family_);
        if (!acl) return Result::not_mine;  // removed meanwhile: nothing to add to
        std::uint32_t n = 0;
        const bool numbered = to_number(w[0], n) || w[0] == "sequence";
        if (t == "statistics per-entry") return Result::done;  // counters, not matching
        const bool no_sequence = w[0] == "no" && ((w.size() == 2 && to_number(w[1], n)) ||
                                                  (w.size() == 3 && w[1] == "sequence" && to_number(w[2], n)));
        if (no_sequence) {
            number_entries(*acl);
            auto& es = acl->entries;
            auto it = std::find_if(es.begin(), es.end(), [&](const model::Ace& e) { return e.sequence == n; });
            if (it == es.end()) {
                why = "access list " + acl->name + " has no entry " + std::to_string(n);
                return Result::failed;
            }
            es.erase(it);
            return Result::done;
        }
        if (w[0] == "no" && w.size() > 2 && (w[1] == "permit" || w[1] == "deny" || w[1] == "remark")) {
            model::Ace probe;
            if (!parsers::cisco_ios::parse_ace(after_words(t, 1), acl_form_, probe, why)) return Result::failed;
            auto& es = acl->entries;
            auto it = std::find_if(es.begin(), es.end(), [&](const model::Ace& e) { return same_entry(e, probe); });
            if (it == es.end()) {
                why = "access list " + acl->name + " has no such entry";
                return Result::failed;
            }
            es.erase(it);
            return Result::done;
        }
        if (!numbered && w[0] != "permit" && w[0] != "deny" && w[0] != "remark" && w[0] != "evaluate")
            return Result::not_mine;
        model::Ace ace;
        if (!parsers::cisco_ios::parse_ace(t, acl_form_, ace, why)) return Result::failed;
        ace.line = 0;
        ace.text = std::string(t);
        return insert_ios_entry(*acl, std::move(ace), why) ? Result::done : Result::failed;
    }

    Result enter_ios_acl(std::string_view name, std::string_view type, model::AddressFamily family, std::string& why) {
        model::Acl* acl = find_acl(name, family);
        if (acl && !acl->type.empty() && acl->type != type) {
            why = "a " + acl->type + " access list named " + std::string(name) + " already exists";
            return Result::failed;
        }
        if (!acl) {
            model::Acl a;
            a.name = std::string(name);
            a.type = std::string(type);
            a.family = family;
            a.numbered = !parsers::cisco_ios::numbered_acl_type(name).empty();
            d_.acls.push_back(std::move(a));
            acl = &d_.acls.back();
        }
        acl->type = std::string(type);
        mode_ = Mode::acl;
        acl_name_ = std::string(name);
        acl_family_ = family;
        acl_form_ = family == model::AddressFamily::ipv6 ? parsers::cisco_ios::AceForm::ipv6
                    : type == "standard"                 ? parsers::cisco_ios::AceForm::standard
                                                         : parsers::cisco_ios::AceForm::extended;
        return Result::done;
    }

    Result remove_acl(std::string_view name, model::AddressFamily family, std::string& why) {
        auto& acls = d_.acls;
        auto it = std::find_if(acls.begin(), acls.end(), [&](const model::Acl& a) {
            return a.name == name && a.family == family && a.type != "mac";
        });
        if (it == acls.end()) {
            why = "no access list " + std::string(name) + " to remove";
            return Result::failed;
        }
        acls.erase(it);
        return Result::done;
    }

    // `ip access-list resequence NAME START STEP`: every entry renumbered in order.
    Result resequence(const std::vector<std::string_view>& w, std::string& why) {
        std::uint32_t start = 0, step = 0;
        if (w.size() != 6 || !to_number(w[4], start) || !to_number(w[5], step) || step == 0) {
            why = "expected `ip access-list resequence NAME START STEP`";
            return Result::failed;
        }
        model::Acl* acl = find_acl(w[3], model::AddressFamily::ipv4);
        if (!acl) {
            why = "no access list " + std::string(w[3]) + " to resequence";
            return Result::failed;
        }
        std::uint64_t n = start;
        for (auto& e : acl->entries) {
            if (n > UINT32_MAX) {
                why = "resequence runs past the largest sequence number";
                return Result::failed;
            }
            e.sequence = static_cast<std::uint32_t>(n);
            n += step;
        }
        return Result::done;
    }

    // Global `access-list N permit|deny|remark ...`: appended to the numbered list.
    Result numbered_entry(std::string_view t, const std::vector<std::string_view>& w, std::string& why) {
        const auto type = parsers::cisco_ios::numbered_acl_type(w[1]);
        if (type != "standard" && type != "extended") {
            why = "access-list " + std::string(w[1]) + " is not an IP access list";
            return Result::failed;
        }
        model::Ace ace;
        const auto form =
            type == "standard" ? parsers::cisco_ios::AceForm::standard : parsers::cisco_ios::AceForm::extended;
        if (!parsers::cisco_ios::parse_ace(after_words(t, 2), form, ace, why)) return Result::failed;
        if (ace.sequence) {
            why = "`access-list N` takes no sequence number";
            return Result::failed;
        }
        model::Acl* acl = find_acl(w[1], model::AddressFamily::ipv4);
        if (!acl) {
            model::Acl a;
            a.name = std::string(w[1]);
            a.type = std::string(type);
            a.numbered = true;
            d_.acls.push_back(std::move(a));
            acl = &d_.acls.back();
        }
        ace.text = std::string(t);
        return insert_ios_entry(*acl, std::move(ace), why) ? Result::done : Result::failed;
    }

    // ---- interface and control-plane sub-modes ---------------------------------------------

    model::Interface* find_interface(std::string_view name) {
        for (auto& i : d_.interfaces)
            if (i.name == name) return &i;
        return nullptr;
    }

    Result interface_statement(std::string_view t, std::string& why) {
        const auto w = words(t);
        model::Interface* itf = find_interface(interface_);
        if (!itf || w.empty()) return Result::not_mine;
        if (w.size() >= 3 && w.size() <= 5 && w[0] == "no" &&
            ((w[1] == "ip" && w[2] == "access-group") || (w[1] == "ipv6" && w[2] == "traffic-filter")) &&
            (w.back() == "in" || w.back() == "out")) {
            const bool in = w.back() == "in";
            if (w[1] == "ip")
                (in ? itf->access_group_in : itf->access_group_out).reset();
            else
                (in ? itf->ipv6_filter_in : itf->ipv6_filter_out).reset();
            return Result::done;
        }
        // The parser ignores interface statements that do not bear on SSH, so only these are taken
        // from it; anything else is not applied.
        const bool ours = starts_with_words(t, {"ip", "access-group"}) ||
                          starts_with_words(t, {"ipv6", "traffic-filter"}) || starts_with_words(t, {"description"});
        if (!ours) return Result::not_mine;
        parsers::ParseResult p;
        std::string text = "interface " + interface_ + "\n ";
        text.append(t).append("\n");
        if (!snippet(text, p, why) || p.device.interfaces.size() != 1) return Result::failed;
        const auto& s = p.device.interfaces.front();
        if (s.access_group_in) itf->access_group_in = s.access_group_in;
        if (s.access_group_out) itf->access_group_out = s.access_group_out;
        if (s.ipv6_filter_in) itf->ipv6_filter_in = s.ipv6_filter_in;
        if (s.ipv6_filter_out) itf->ipv6_filter_out = s.ipv6_filter_out;
        if (!s.description.empty()) itf->description = s.description;
        return Result::done;
    }

    Result enter_interface(std::string_view t, std::string& why) {
        parsers::ParseResult p;
        if (!snippet(std::string(t) + "\n", p, why) || p.device.interfaces.size() != 1) return Result::failed;
        interface_ = p.device.interfaces.front().name;
        if (!find_interface(interface_)) {
            // what the device does for logical interfaces (Loopback, Vlan); for a physical one
            // it refuses, which the model cannot tell without the interface list
            model::Interface itf;
            itf.name = interface_;
            d_.interfaces.push_back(std::move(itf));
        }
        mode_ = Mode::interface;
        return Result::done;
    }

    Result control_plane_statement(std::string_view t, std::string& why) {
        const auto w = words(t);
        const bool no = !w.empty() && w[0] == "no";
        if (!starts_with_words(no ? after_words(t, 1) : t, {"management-interface"})) return Result::not_mine;
        parsers::ParseResult p;
        std::string text = "control-plane host\n ";
        text.append(no ? after_words(t, 1) : t).append("\n");
        if (!snippet(text, p, why) || !p.device.management_plane || p.device.management_plane->size() != 1)
            return Result::failed;
        auto s = std::move(p.device.management_plane->front());
        s.line = 0;
        if (!d_.management_plane) d_.management_plane.emplace();
        auto& mp = *d_.management_plane;
        auto it = std::find_if(mp.begin(), mp.end(),
                               [&](const model::ManagementInterface& m) { return m.interface == s.interface; });
        if (!no) {
            if (it == mp.end())
                mp.push_back(std::move(s));
            else
                it->protocols = std::move(s.protocols);
            return Result::done;
        }
        if (it == mp.end()) {
            why = "no management-interface " + s.interface + " to remove";
            return Result::failed;
        }
        auto& ps = it->protocols;
        for (const auto& proto : s.protocols) ps.erase(std::remove(ps.begin(), ps.end(), proto), ps.end());
        if (ps.empty()) mp.erase(it);
        return Result::done;
    }

    // ---- SSH server and keys ----------------------------------------------------------------

    // IOS: SSH runs once the key it uses exists (see the header comment).
    void refresh_ios_ssh() {
        std::string want;
        if (d_.ssh.keypair_name)
            want = *d_.ssh.keypair_name;
        else if (d_.hostname && d_.domain)
            want = *d_.hostname + "." + *d_.domain;
        if (want.empty()) return;
        const bool have = std::any_of(d_.keys.begin(), d_.keys.end(),
                                      [&](const model::CryptoKey& k) { return k.name == want && k.type == "RSA"; });
        if (!have) return;
        d_.ssh.enabled = true;
        d_.ssh.disabled_reason.clear();
        if (!d_.ssh.version) d_.ssh.version = "1.99";
    }

    // `crypto key generate rsa [general-keys] [label L] modulus N [exportable] [noconfirm]`.
    Result generate_key(const std::vector<std::string_view>& w, std::string& why) {
        const bool asa = platform_ == "cisco_asa";
        std::string label;
        std::optional<int> modulus;
        bool noconfirm = false, exportable = false;
        for (std::size_t i = 4; i < w.size(); ++i) {
            if (w[i] == "general-keys") continue;
            if (w[i] == "label" && i + 1 < w.size()) {
                label = std::string(w[++i]);
            } else if (w[i] == "modulus" && i + 1 < w.size()) {
                int n = 0;
                if (!to_number(w[++i], n)) {
                    why = "modulus is a number of bits";
                    return Result::failed;
                }
                modulus = n;
            } else if (w[i] == "noconfirm" && asa) {
                noconfirm = true;
            } else if (w[i] == "exportable" && !asa) {
                exportable = true;
            } else {
                why = "`crypto key generate rsa` option `" + std::string(w[i]) + "` is not applied by vtyguard";
                return Result::failed;
            }
        }
        if (!modulus) {
            why = "without `modulus N` the device prompts for the key size";
            return Result::failed;
        }
        if (*modulus < 512 || *modulus > 4096) {
            why = "modulus " + std::to_string(*modulus) + " is outside 512..4096";
            return Result::failed;
        }
        if (asa && !noconfirm) {
            why = "without `noconfirm` the ASA prompts before replacing a key";
            return Result::failed;
        }
        std::string name = label;
        if (asa && name.empty()) name = "<Default-RSA-Key>";
        if (!asa && name.empty()) {
            if (!d_.hostname || *d_.hostname == "Router") {
                why = "IOS refuses key generation without a label while the hostname is the default `Router`";
                return Result::failed;
            }
            if (!d_.domain) {
                why = "IOS refuses key generation without a label while no `ip domain name` is set";
                return Result::failed;
            }
            name = *d_.hostname + "." + *d_.domain;
        }
        auto it =
            std::find_if(d_.keys.begin(), d_.keys.end(), [&](const model::CryptoKey& k) { return k.name == name; });
        if (it != d_.keys.end() && !asa) {
            why = "a key named " + name + " exists: IOS prompts before replacing it (use a new label)";
            return Result::failed;
        }
        model::CryptoKey k;
        k.name = name;
        k.type = "RSA";
        k.bits = *modulus;
        k.usage = "General Purpose Key";
        if (!asa) k.exportable = exportable;
        if (it != d_.keys.end())
            *it = std::move(k);  // ASA `noconfirm` replaces the pair in place
        else
            d_.keys.push_back(std::move(k));
        if (!asa) refresh_ios_ssh();
        return Result::done;
    }

    // Keeps ssh.config_lines what a running-config would print: a setting replaces the line that
    // set it before.
    void record_ssh_line(std::string_view t, std::size_t key_words) {
        auto& cl = d_.ssh.config_lines;
        const auto key = words(t);
        if (key_words > 0 && key.size() >= key_words) {
            cl.erase(std::remove_if(cl.begin(), cl.end(),
                                    [&](const std::string& l) {
                                        const auto w = words(l);
                                        return w.size() >= key_words &&
                                               std::equal(key.begin(),
                                                          key.begin() + static_cast<std::ptrdiff_t>(key_words),
                                                          w.begin());
                                    }),
                     cl.end());
        }
        cl.emplace_back(t);
    }

    void forget_ssh_lines(std::string_view prefix_text) {
        auto& cl = d_.ssh.config_lines;
        const auto key = words(prefix_text);
        cl.erase(std::remove_if(cl.begin(), cl.end(),
                                [&](const std::string& l) {
                                    const auto w = words(l);
                                    return w.size() >= key.size() && std::equal(key.begin(), key.end(), w.begin());
                                }),
                 cl.end());
    }

    // How many leading words of an `ip ssh` statement name the setting (the rest is its value).
    static std::size_t ios_ssh_key_words(const std::vector<std::string_view>& w) {
        if (w.size() >= 4 && w[2] == "server" && w[3] == "algorithm") return 5;
        if (w.size() >= 4 && w[2] == "dh") return 5;  // ip ssh dh min size N
        if (w.size() >= 3 && (w[2] == "rsa" || w[2] == "logging" || w[2] == "pubkey-chain")) return 4;
        if (w.size() >= 3 && w[2] == "port") return 0;  // several may coexist
        return 3;
    }

    Result ios_ip_ssh(std::string_view t, const std::vector<std::string_view>& w, std::string& why) {
        parsers::ParseResult p;
        if (!snippet(std::string(t) + "\n", p, why)) return Result::failed;
        const auto& s = p.device.ssh;
        auto& ssh = d_.ssh;
        if (s.version) {
            // keep the spelling the evidence used (`show ip ssh` prints `2.0`, the configuration `2`)
            ssh.version = ssh.version && ssh.version->find('.') != std::string::npos ? *s.version + ".0" : *s.version;
        }
        if (s.timeout_seconds) ssh.timeout_seconds = s.timeout_seconds;
        if (s.retries) ssh.retries = s.retries;
        if (s.dh_min_size) ssh.dh_min_size = s.dh_min_size;
        if (s.maxstartups) ssh.maxstartups = s.maxstartups;
        if (s.source_interface) ssh.source_interface = s.source_interface;
        if (!s.algorithms.kex.empty()) ssh.algorithms.kex = s.algorithms.kex;
        if (!s.algorithms.hostkey.empty()) ssh.algorithms.hostkey = s.algorithms.hostkey;
        if (!s.algorithms.encryption.empty()) ssh.algorithms.encryption = s.algorithms.encryption;
        if (!s.algorithms.mac.empty()) ssh.algorithms.mac = s.algorithms.mac;
        if (!s.algorithms.publickey.empty()) ssh.algorithms.publickey = s.algorithms.publickey;
        if (!s.authentication_methods.empty()) ssh.authentication_methods = s.authentication_methods;
        for (auto r : s.rotary_ports) {
            r.line = 0;
            auto it = std::find_if(ssh.rotary_ports.begin(), ssh.rotary_ports.end(),
                                   [&](const model::SshRotaryPort& x) { return x.port == r.port; });
            if (it == ssh.rotary_ports.end())
                ssh.rotary_ports.push_back(std::move(r));
            else
                *it = std::move(r);
        }
        if (s.keypair_name) ssh.keypair_name = s.keypair_name;
        record_ssh_line(t, ios_ssh_key_words(w));
        if (s.keypair_name) refresh_ios_ssh();
        return Result::done;
    }

    Result ios_no_ip_ssh(const std::vector<std::string_view>& w, std::string& why) {
        auto& ssh = d_.ssh;
        // w[0..2] = no ip ssh
        if (w.size() < 4) return Result::not_mine;
        const auto what = w[3];
        std::size_t key = 4;
        if (what == "version" && w.size() <= 5) {
            ssh.version = "1.99";  // the compatibility mode the device returns to
        } else if (what == "time-out" && w.size() <= 5) {
            ssh.timeout_seconds = 120;
        } else if (what == "authentication-retries" && w.size() <= 5) {
            ssh.retries = 3;
        } else if (what == "maxstartups" && w.size() <= 5) {
            ssh.maxstartups.reset();
        } else if (what == "rsa" && w.size() >= 5 && w[4] == "keypair-name" && w.size() <= 6) {
            ssh.keypair_name.reset();
            key = 5;
        } else if (what == "dh" && w.size() >= 6 && w[4] == "min" && w[5] == "size" && w.size() <= 7) {
            ssh.dh_min_size.reset();
            key = 6;
        } else if (what == "server" && w.size() >= 6 && w[4] == "algorithm") {
            const auto type = w[5];
            auto& a = ssh.algorithms;
            if (type == "encryption")
                a.encryption.clear();
            else if (type == "mac")
                a.mac.clear();
            else if (type == "kex")
                a.kex.clear();
            else if (type == "hostkey")
                a.hostkey.clear();
            else if (type == "publickey")
                a.publickey.clear();
            else if (type == "authentication")
                ssh.authentication_methods.clear();
            else {
                why = "unknown algorithm type `" + std::string(type) + "`";
                return Result::failed;
            }
            key = 6;
        } else {
            return Result::not_mine;
        }
        std::string prefix;
        for (std::size_t i = 1; i < key && i < w.size(); ++i) prefix.append(w[i]).append(" ");
        forget_ssh_lines(prefix);
        return Result::done;
    }

    // ---- users and AAA ---------------------------------------------------------------------

    void merge_users(std::vector<model::User>& from) {
        for (auto& u : from) {
            auto it =
                std::find_if(d_.users.begin(), d_.users.end(), [&](const model::User& x) { return x.name == u.name; });
            if (it == d_.users.end()) {
                u.line = 0;
                d_.users.push_back(std::move(u));
                continue;
            }
            if (u.privilege) it->privilege = u.privilege;
            if (!u.secret_kind.empty()) it->secret_kind = u.secret_kind;
        }
    }

    Result remove_user(std::string_view name, std::string& why) {
        auto it = std::find_if(d_.users.begin(), d_.users.end(), [&](const model::User& x) { return x.name == name; });
        if (it == d_.users.end()) {
            why = "no username " + std::string(name) + " to remove";
            return Result::failed;
        }
        d_.users.erase(it);
        return Result::done;
    }

    void merge_aaa(std::vector<model::AaaStatement>& from) {
        auto& st = d_.aaa.statements;
        for (auto& s : from) {
            s.line = 0;
            auto it = std::find_if(st.begin(), st.end(), [&](const model::AaaStatement& x) {
                return x.kind == s.kind && x.service == s.service && x.list == s.list;
            });
            if (it == st.end())
                st.push_back(std::move(s));
            else
                *it = std::move(s);
        }
    }

    // `no aaa KIND SERVICE LIST ...`: the statement for that list goes.
    Result remove_aaa(const std::vector<std::string_view>& w, std::string& why) {
        if (w.size() < 5) return Result::not_mine;
        auto& st = d_.aaa.statements;
        auto it = std::find_if(st.begin(), st.end(), [&](const model::AaaStatement& x) {
            return x.kind == w[2] && x.service == w[3] && x.list == w[4];
        });
        if (it == st.end()) {
            why = "no such aaa statement to remove";
            return Result::failed;
        }
        st.erase(it);
        return Result::done;
    }

    // ---- IOS global statements -------------------------------------------------------------

    Result ios_global(std::string_view t, std::string& why) {
        const auto w = words(t);
        if (w.empty()) return Result::not_mine;
        const bool no = w[0] == "no";
        parsers::ParseResult p;
        const std::string line = std::string(t) + "\n";

        if (w[0] == "hostname") {
            if (!snippet(line, p, why) || !p.device.hostname) return Result::failed;
            d_.hostname = p.device.hostname;
            return Result::done;
        }
        if (starts_with_words(t, {"ip", "domain", "name"}) || starts_with_words(t, {"ip", "domain-name"})) {
            if (!snippet(line, p, why)) return Result::failed;
            if (!p.device.domain) {
                why = "a per-VRF domain name is not the one the key name uses";
                return Result::failed;
            }
            d_.domain = p.device.domain;
            return Result::done;
        }
        if (starts_with_words(t, {"no", "ip", "domain", "name"}) || starts_with_words(t, {"no", "ip", "domain-name"})) {
            d_.domain.reset();
            return Result::done;
        }
        if (starts_with_words(t, {"crypto", "key", "generate", "rsa"})) return generate_key(w, why);
        if (starts_with_words(t, {"ip", "ssh"})) return ios_ip_ssh(t, w, why);
        if (starts_with_words(t, {"no", "ip", "ssh"})) return ios_no_ip_ssh(w, why);
        if (w[0] == "username") {
            if (!snippet(line, p, why)) return Result::failed;
            merge_users(p.device.users);
            return Result::done;
        }
        if (no && w.size() == 3 && w[1] == "username") return remove_user(w[2], why);
        if (t == "aaa new-model") {
            d_.aaa.new_model = true;
            return Result::done;
        }
        if (t == "no aaa new-model") {
            d_.aaa.new_model = false;
            return Result::done;
        }
        if (w[0] == "aaa") {
            if (!snippet(line, p, why)) return Result::failed;
            merge_aaa(p.device.aaa.statements);
            return Result::done;
        }
        if (no && w.size() >= 2 && w[1] == "aaa") return remove_aaa(w, why);
        if (starts_with_words(t, {"login", "block-for"}) || starts_with_words(t, {"login", "quiet-mode"})) {
            if (!snippet(line, p, why) || !p.device.login_block) return Result::failed;
            const auto& s = *p.device.login_block;
            if (!d_.login_block) d_.login_block.emplace();
            auto& lb = *d_.login_block;
            if (s.block_seconds > 0) {
                lb.block_seconds = s.block_seconds;
                lb.attempts = s.attempts;
                lb.within_seconds = s.within_seconds;
            }
            if (s.quiet_mode_access_class) lb.quiet_mode_access_class = s.quiet_mode_access_class;
            return Result::done;
        }
        if (starts_with_words(t, {"no", "login", "block-for"})) {
            if (d_.login_block) {
                d_.login_block->block_seconds = d_.login_block->attempts = d_.login_block->within_seconds = 0;
                if (!d_.login_block->quiet_mode_access_class) d_.login_block.reset();
            }
            return Result::done;
        }
        if (starts_with_words(t, {"no", "login", "quiet-mode", "access-class"})) {
            if (d_.login_block) {
                d_.login_block->quiet_mode_access_class.reset();
                if (d_.login_block->block_seconds == 0) d_.login_block.reset();
            }
            return Result::done;
        }
        if (starts_with_words(t, {"ip", "access-list"})) {
            if (w.size() >= 3 && w[2] == "resequence") return resequence(w, why);
            if (w.size() == 4 && (w[2] == "standard" || w[2] == "extended"))
                return enter_ios_acl(w[3], w[2], model::AddressFamily::ipv4, why);
            why = "expected `ip access-list standard|extended NAME` or `ip access-list resequence`";
            return Result::failed;
        }
        if (starts_with_words(t, {"no", "ip", "access-list"}) && w.size() == 5 &&
            (w[3] == "standard" || w[3] == "extended"))
            return remove_acl(w[4], model::AddressFamily::ipv4, why);
        if (starts_with_words(t, {"ipv6", "access-list"}) && w.size() == 3)
            return enter_ios_acl(w[2], "ipv6", model::AddressFamily::ipv6, why);
        if (starts_with_words(t, {"no", "ipv6", "access-list"}) && w.size() == 4)
            return remove_acl(w[3], model::AddressFamily::ipv6, why);
        if (w[0] == "access-list" && w.size() >= 3) return numbered_entry(t, w, why);
        if (no && w.size() == 3 && w[1] == "access-list") return remove_acl(w[2], model::AddressFamily::ipv4, why);
        if (w[0] == "line") return enter_line(t, why);
        if (no && w.size() >= 3 && w[1] == "line") return remove_lines(t, why);
        if (w[0] == "interface") return enter_interface(t, why);
        if (t == "control-plane host") {
            mode_ = Mode::control_plane;
            return Result::done;
        }
        return Result::not_mine;
    }

    // ---- ASA global statements -------------------------------------------------------------

    // `ssh|telnet A M IF` and their `no` forms.
    Result asa_allow(std::string_view t, bool no, bool telnet, std::string& why) {
        parsers::ParseResult p;
        if (!snippet(std::string(no ? after_words(t, 1) : t) + "\n", p, why)) return Result::failed;
        auto& list = telnet ? d_.telnet : d_.ssh.allow;
        auto& got = telnet ? p.device.telnet : p.device.ssh.allow;
        if (got.size() != 1) return Result::not_mine;
        auto m = std::move(got.front());
        m.line = 0;
        auto it = std::find_if(list.begin(), list.end(), [&](const model::MgmtAllow& x) { return same(x, m); });
        if (!no) {
            if (it == list.end()) list.push_back(std::move(m));  // the ASA keeps one copy
            return Result::done;
        }
        if (it == list.end()) {
            why = "no such entry to remove";
            return Result::failed;
        }
        list.erase(it);
        return Result::done;
    }

    Result asa_ssh(std::string_view t, const std::vector<std::string_view>& w, std::string& why) {
        const bool no = w[0] == "no";
        if (no) {
            if (w.size() == 3 && w[2] == "version") {
                d_.ssh.version.reset();
                forget_ssh_lines("ssh version");
                return Result::done;
            }
            if (w.size() == 3 && w[2] == "timeout") {
                d_.ssh.session_timeout_minutes = 5;
                forget_ssh_lines("ssh timeout");
                return Result::done;
            }
            // back to the release defaults, which the model leaves unstated
            if (w.size() >= 4 && w[2] == "key-exchange" && w[3] == "group") {
                d_.ssh.key_exchange_groups.clear();
                forget_ssh_lines("ssh key-exchange group");
                return Result::done;
            }
            if (w.size() >= 4 && w[2] == "cipher" && (w[3] == "encryption" || w[3] == "integrity")) {
                (w[3] == "encryption" ? d_.ssh.cipher_encryption : d_.ssh.cipher_integrity).reset();
                forget_ssh_lines(w[3] == "encryption" ? "ssh cipher encryption" : "ssh cipher integrity");
                return Result::done;
            }
            // `no ssh A M IF`
            const auto r = asa_allow(t, true, false, why);
            if (r == Result::done) forget_ssh_lines(after_words(t, 1));
            return r;
        }
        parsers::ParseResult p;
        if (!snippet(std::string(t) + "\n", p, why)) return Result::failed;
        const auto& s = p.device.ssh;
        if (!s.allow.empty()) {
            const auto r = asa_allow(t, false, false, why);
            if (r == Result::done) record_ssh_line(t, 0);
            return r;
        }
        auto& ssh = d_.ssh;
        std::size_t key = 2;
        if (s.version) ssh.version = s.version;
        if (s.session_timeout_minutes) ssh.session_timeout_minutes = s.session_timeout_minutes;
        if (!s.key_exchange_groups.empty()) {
            ssh.key_exchange_groups = s.key_exchange_groups;
            key = 3;
        }
        if (s.cipher_encryption) {
            ssh.cipher_encryption = s.cipher_encryption;
            key = 3;
        }
        if (s.cipher_integrity) {
            ssh.cipher_integrity = s.cipher_integrity;
            key = 3;
        }
        if (s.stricthostkeycheck) ssh.stricthostkeycheck = s.stricthostkeycheck;
        record_ssh_line(t, key);
        return Result::done;
    }

    // `access-list NAME [line N] ...` and `no access-list NAME [line N] ...`.
    Result asa_access_list(std::string_view t, const std::vector<std::string_view>& w, std::string& why) {
        const bool no = w[0] == "no";
        const std::size_t at = no ? 1 : 0;
        if (w.size() < at + 3) {
            why = "expected `access-list NAME ...`";
            return Result::failed;
        }
        const auto name = w[at + 1];
        const auto rest = after_words(t, at + 2);
        if (parsers::cisco_asa::is_global_setting(after_words(t, at + 1))) {
            why = "`access-list` global settings are not applied by vtyguard";
            return Result::failed;
        }
        model::Ace ace;
        std::string_view type;
        if (!parsers::cisco_asa::parse_ace(rest, ace, type, why)) return Result::failed;
        auto it = std::find_if(d_.acls.begin(), d_.acls.end(), [&](const model::Acl& a) { return a.name == name; });
        if (no) {
            if (it == d_.acls.end()) {
                why = "no access list " + std::string(name);
                return Result::failed;
            }
            auto& es = it->entries;
            auto e = std::find_if(es.begin(), es.end(), [&](const model::Ace& x) { return same_entry(x, ace); });
            if (e == es.end()) {
                why = "access list " + std::string(name) + " has no such entry";
                return Result::failed;
            }
            const bool numbered = numbered_asa(*it);
            es.erase(e);
            renumber_asa(*it, numbered);
            return Result::done;
        }
        if (it == d_.acls.end()) {
            model::Acl a;
            a.name = std::string(name);
            a.type = type == "remark" ? "extended" : std::string(type);
            d_.acls.push_back(std::move(a));
            it = d_.acls.end() - 1;
        }
        auto& es = it->entries;
        const bool numbered = numbered_asa(*it);
        const auto position = ace.sequence;
        ace.line = 0;
        ace.text = std::string(t);
        ace.matches.reset();
        ace.hash.clear();
        if (position) {
            if (*position == 0 || *position > es.size() + 1) {
                why = "line " + std::to_string(*position) + " is past the end of access list " + std::string(name);
                return Result::failed;
            }
            es.insert(es.begin() + static_cast<std::ptrdiff_t>(*position - 1), std::move(ace));
        } else {
            es.push_back(std::move(ace));
        }
        renumber_asa(*it, numbered);
        return Result::done;
    }

    // ASA line numbers are positions: after an insert or removal they follow the order. An ACL
    // read from a configuration has none and keeps none.
    static bool numbered_asa(const model::Acl& acl) {
        return std::any_of(acl.entries.begin(), acl.entries.end(),
                           [](const model::Ace& e) { return e.sequence.has_value(); });
    }

    static void renumber_asa(model::Acl& acl, bool numbered) {
        std::uint32_t n = 0;
        for (auto& e : acl.entries) {
            if (numbered)
                e.sequence = ++n;
            else
                e.sequence.reset();
        }
    }

    Result asa_access_group(std::string_view t, bool no, std::string& why) {
        parsers::ParseResult p;
        if (!snippet(std::string(no ? after_words(t, 1) : t) + "\n", p, why) || p.device.access_groups.size() != 1)
            return Result::failed;
        auto g = std::move(p.device.access_groups.front());
        g.line = 0;
        auto& gs = d_.access_groups;
        auto it = std::find_if(gs.begin(), gs.end(), [&](const model::AccessGroup& x) {
            return x.direction == g.direction && x.interface == g.interface && x.control_plane == g.control_plane;
        });
        if (no) {
            if (it == gs.end() || it->acl != g.acl) {
                why = "no such access-group to remove";
                return Result::failed;
            }
            gs.erase(it);
            return Result::done;
        }
        if (it == gs.end())
            gs.push_back(std::move(g));
        else
            *it = std::move(g);  // one access-group per interface, direction and plane
        return Result::done;
    }

    Result asa_global(std::string_view t, std::string& why) {
        const auto w = words(t);
        if (w.empty()) return Result::not_mine;
        const bool no = w[0] == "no";
        parsers::ParseResult p;
        const std::string line = std::string(t) + "\n";
        if (w[0] == "hostname") {
            if (!snippet(line, p, why) || !p.device.hostname) return Result::failed;
            d_.hostname = p.device.hostname;
            return Result::done;
        }
        if (w[0] == "domain-name") {
            if (!snippet(line, p, why) || !p.device.domain) return Result::failed;
            d_.domain = p.device.domain;
            return Result::done;
        }
        if (starts_with_words(t, {"crypto", "key", "generate", "rsa"})) return generate_key(w, why);
        if (w[0] == "ssh" || (no && w.size() >= 2 && w[1] == "ssh")) return asa_ssh(t, w, why);
        if (w[0] == "telnet") {
            if (!snippet(line, p, why)) return Result::failed;
            if (p.device.telnet.empty()) return Result::done;  // `telnet timeout N`: not modelled
            return asa_allow(t, false, true, why);
        }
        if (no && w.size() >= 2 && w[1] == "telnet") {
            const auto r = asa_allow(t, true, true, why);
            if (r == Result::not_mine) why = "expected `no telnet ADDRESS MASK NAMEIF`";
            return r == Result::not_mine ? Result::failed : r;
        }
        if (w[0] == "username") {
            if (!snippet(line, p, why)) return Result::failed;
            merge_users(p.device.users);
            return Result::done;
        }
        if (no && w.size() == 3 && w[1] == "username") return remove_user(w[2], why);
        if (w[0] == "aaa") {
            if (!snippet(line, p, why)) return Result::failed;
            merge_aaa(p.device.aaa.statements);
            return Result::done;
        }
        if (no && w.size() >= 2 && w[1] == "aaa") return remove_aaa(w, why);
        if (w[0] == "access-list" || (no && w.size() >= 2 && w[1] == "access-list")) return asa_access_list(t, w, why);
        if (w[0] == "access-group") return asa_access_group(t, false, why);
        if (no && w.size() >= 2 && w[1] == "access-group") return asa_access_group(t, true, why);
        if ((w[0] == "management-access" && w.size() == 2) || (no && w.size() == 3 && w[1] == "management-access"))
            return Result::done;  // accepted; the model has no place for it (header comment)
        return Result::not_mine;
    }

    model::Device& d_;
    std::string platform_;
    Mode mode_ = Mode::global;
    bool ended_ = false;
    std::string line_type_;
    int line_first_ = 0, line_last_ = 0;
    std::string acl_name_;
    model::AddressFamily acl_family_ = model::AddressFamily::ipv4;
    parsers::cisco_ios::AceForm acl_form_ = parsers::cisco_ios::AceForm::extended;
    std::string interface_;
};

}  // namespace

bool apply_config(model::Device& device, std::string_view platform, std::string_view config, std::string& error) {
    if (platform == "linux") return apply_linux(device, config, error);
    if (platform != "cisco_ios" && platform != "cisco_asa") {
        error = "no configuration interpreter for platform `" + std::string(platform) + "`";
        return false;
    }
    try {
        Interpreter in(device, platform);
        return run_script_lines(
            config, '!', trim, [&](std::string_view t, std::string& why) { return in.run(t, why); }, error);
    } catch (const std::exception& e) {
        error = std::string("applying the configuration failed: ") + e.what();
        return false;
    }
}

}  // namespace vtyguard::checks
