// Fix rendering, verification and the device plan (fix.hpp; SPEC section 6; CHECKS.md
// "Remediation contract").
//
// How a plan is made (plan_fixes):
//  - Every failing finding with a FixRequest is rendered (fix and rollback) and tried on a copy of
//    the evidence: apply_config (apply.cpp) patches the model, the whole catalogue runs again. A
//    fix is verified when its own check passes and no other check got worse (pass -> fail or
//    unknown, unknown -> fail). A line the interpreter does not know fails the fix: the model
//    only verifies what it can show.
//  - Lock-out guard: the checks that say someone can log in over SSH (kLockoutChecks) run again
//    with the policy's management sources plus the auditing session's own address (`show users`,
//    the current line). One that passed and does not any more withholds the fix
//    (`would_lock_out`).
//  - Rounds: a fix can make a check applicable that then fails with a fix of its own (SSH turned
//    on behind a vty ACL that denies the management sources: SSH-007 is not applicable until
//    SSH-005's fix). Such fixes are rendered on the model patched with the earlier ones and join
//    the plan; telnet removal never joins this way (it waits for an SSH login confirmed on the
//    device).
//  - The device plan is the fixes in lock-out-safe order (fix_phase), identical statements and
//    blocks said once, verified as a whole against the original model: every member's check
//    passes, nothing got worse, nobody lost access, and no lock-out check that did not apply
//    before fails now. When the whole set does not verify, the fixes verified on their own are
//    tried, then one at a time in order; what stays out says why in its note.
//  - A fix that is not verified is not emitted: its plan and rollback stay empty, its note says
//    why.
#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <set>

#include <kainjow/mustache.hpp>

#include "plugin/engine/checks.hpp"
#include "plugin/engine/fix.hpp"
#include "plugin/engine/fix_internal.hpp"
#include "templates/embedded.hpp"

namespace vtyguard::checks {

namespace detail {

namespace {

namespace mu = kainjow::mustache;

mu::data to_mustache(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            mu::data d{mu::data::type::object};
            for (const auto& [k, v] : j.items()) d.set(k, to_mustache(v));
            return d;
        }
        case nlohmann::json::value_t::array: {
            mu::data d{mu::data::type::list};
            for (const auto& v : j) d.push_back(to_mustache(v));
            return d;
        }
        case nlohmann::json::value_t::string:
            return mu::data{j.get<std::string>()};
        case nlohmann::json::value_t::boolean:
            return mu::data{j.get<bool>()};
        case nlohmann::json::value_t::number_integer:
            return mu::data{std::to_string(j.get<std::int64_t>())};
        case nlohmann::json::value_t::number_unsigned:
            return mu::data{std::to_string(j.get<std::uint64_t>())};
        case nlohmann::json::value_t::number_float:
            return mu::data{j.dump()};
        case nlohmann::json::value_t::null:
        case nlohmann::json::value_t::binary:
        case nlohmann::json::value_t::discarded:
            break;
    }
    return mu::data{false};  // null: a section over it renders nothing
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string_view trim(std::string_view s) {
    s = trim_right(s);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

// A line holding only section tags (`{{#x}}`, `{{^x}}`, `{{/x}}`, comments) loses its line break,
// as the mustache spec's "standalone" rule wants: kainjow leaves a blank line behind when a skipped
// section is followed by another section's tag line.
std::string strip_standalone(std::string_view tmpl) {
    std::string out;
    out.reserve(tmpl.size());
    std::string_view rest = tmpl;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const auto line = rest.substr(0, nl == std::string_view::npos ? rest.size() : nl + 1);
        rest.remove_prefix(line.size());
        auto t = trim(line.substr(0, line.find('\n')));
        bool standalone = !t.empty();
        while (standalone && !t.empty()) {
            const auto close = t.find("}}");
            if (t.substr(0, 2) != "{{" || t.size() < 3 ||
                std::string_view("#^/!").find(t[2]) == std::string_view::npos || close == std::string_view::npos) {
                standalone = false;
                break;
            }
            t = trim(t.substr(close + 2));
        }
        out.append(standalone ? trim(line.substr(0, line.find('\n'))) : line);
    }
    return out;
}

}  // namespace

namespace {

// A compiled template: HTML escaping off (configuration lines are not HTML: `<`, `&`, `"` must
// reach the device as written). Null with `error` when the text does not compile.
std::unique_ptr<mu::mustache> compile(std::string_view tmpl, std::string& error) {
    auto m = std::make_unique<mu::mustache>(strip_standalone(tmpl));
    if (!m->is_valid()) {
        error = m->error_message();
        return nullptr;
    }
    m->set_custom_escape([](const std::string& s) { return s; });
    return m;
}

bool render_compiled(mu::mustache& m, const nlohmann::json& data, bool config, std::string& out, std::string& error) {
    std::string text = m.render(to_mustache(data));
    if (!m.is_valid()) {
        error = m.error_message();
        return false;
    }
    out.clear();
    std::string_view rest = text;
    bool blank = false;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const auto line = trim_right(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        if (trim(line).empty()) {
            blank = !out.empty();
            continue;
        }
        // prose keeps one blank line where sections left several
        if (blank && !config) out.push_back('\n');
        blank = false;
        out.append(line).push_back('\n');
    }
    return true;
}

}  // namespace

bool render_text(std::string_view tmpl, const nlohmann::json& data, bool config, std::string& out, std::string& error) {
    try {
        auto m = compile(tmpl, error);
        return m && render_compiled(*m, data, config, out, error);
    } catch (const std::exception& e) {
        error = std::string("rendering failed: ") + e.what();
        return false;
    }
}

std::vector<std::string> secret_lines(std::string_view text) {
    std::vector<std::string> out;
    std::string_view rest = text;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const auto line = trim(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        if (line.find("{SECRET}") == std::string_view::npos) continue;
        if (std::find(out.begin(), out.end(), line) == out.end()) out.emplace_back(line);
    }
    return out;
}

}  // namespace detail

bool render_template(std::string_view platform, std::string_view name, std::string_view part,
                     const nlohmann::json& data, std::string& out, std::string& error) {
    std::string path;
    path.append(platform).append("/").append(name);
    if (!part.empty()) path.append(".").append(part);
    path.append(".mustache");
    const auto* t = templates::find(path);
    if (!t) {
        error = "no template templates/" + path;
        return false;
    }
    std::string why;
    const bool config = part == "fix" || part == "rollback";
    // The embedded templates are compiled once per thread: fix verification renders the same few
    // templates for every candidate, and compiling cost more than rendering. Per thread, because
    // a compiled template is not safe to render from two threads at once.
    thread_local std::map<const void*, std::unique_ptr<kainjow::mustache::mustache>> compiled;
    try {
        auto& m = compiled[t];
        if (!m) m = detail::compile(t->text, why);
        if (m && detail::render_compiled(*m, data, config, out, why)) return true;
        compiled.erase(t);  // a failed render may leave the compiled template in its error state
    } catch (const std::exception& e) {
        compiled.erase(t);
        why = std::string("rendering failed: ") + e.what();
    }
    error = "templates/" + path + ": " + why;
    return false;
}

namespace detail {

int fix_phase(std::string_view id) {
    static_assert(kTelnetPhase == 7);
    // CHECKS.md "Remediation contract": nobody may be locked out at any point of the paste.
    static const std::map<std::string_view, int, std::less<>> phase = {
        // 0: the SSH server: hostname/domain, keys, version, server settings
        {"SSH-002", 0},
        {"SSH-003", 0},
        {"SSH-001", 0},
        {"SSH-016", 0},
        {"SSH-102", 0},
        {"SSH-015", 0},
        {"ASA-005", 0},
        {"ASA-103", 0},
        {"SSH-101", 0},
        {"ASA-102", 0},
        {"SSH-017", 0},
        {"SSH-110", 0},
        {"ASA-106", 0},
        {"SSH-107", 0},
        {"SSH-108", 0},
        {"ASA-104", 0},
        // 1: local users, before anything starts asking for them
        {"SSH-013", 1},
        {"ASA-004", 1},
        {"LNX-003", 1},  // Linux: the login user into AllowUsers/AllowGroups
        // 2: AAA (`aaa new-model` only after a username exists)
        {"SSH-014", 2},
        {"SSH-109", 2},
        {"ASA-003", 2},
        // 3: ACL permits, before an `access-class` or `access-group` applies them
        {"SSH-008", 3},
        {"SSH-007", 3},
        {"SSH-010", 3},
        {"ASA-007", 3},
        {"SSH-105", 3},
        {"LNX-004", 3},  // Linux: the firewall accepts the SSH port before sshd moves to it
        {"LNX-005", 3},
        // 4: lines, interfaces, management plane
        {"SSH-005", 4},
        {"SSH-004", 4},
        {"SSH-006", 4},
        {"SSH-012", 4},
        {"SSH-009", 4},
        {"SSH-104", 4},
        {"SSH-018", 4},
        {"SSH-106", 4},
        {"SSH-112", 4},
        {"SSH-011", 4},
        {"SSH-111", 4},
        // Linux: sshd's listeners, forwarding and the service itself, once users and permits exist
        {"LNX-002", 4},
        {"LNX-006", 4},
        {"LNX-001", 4},
        // 5: the narrow ASA `ssh` entries and management access
        {"ASA-001", 5},
        {"ASA-002", 5},
        // 6: broad ASA entries go once the narrow ones exist
        {"ASA-101", 6},
        // 7: telnet goes last, once SSH works
        {"SSH-103", 7},
        {"ASA-105", 7},
    };
    auto it = phase.find(id);
    return it == phase.end() ? 4 : it->second;
}

}  // namespace detail

namespace {

constexpr int kGuardMinutes = 10;

// The checks whose passing means someone can still log in over SSH (the lock-out guard).
constexpr std::array kLockoutChecks = {"SSH-001", "SSH-005", "SSH-007", "SSH-010", "SSH-013", "SSH-014",
                                       "ASA-001", "ASA-003", "ASA-004", "ASA-005", "ASA-007"};

bool is_lockout_check(std::string_view id) {
    return std::find(kLockoutChecks.begin(), kLockoutChecks.end(), id) != kLockoutChecks.end();
}

const Finding* find_finding(const std::vector<Finding>& fs, std::string_view id) {
    for (const auto& f : fs)
        if (f.check == id) return &f;
    return nullptr;
}

bool worse(Verdict before, Verdict after) {
    return (before == Verdict::pass && (after == Verdict::fail || after == Verdict::unknown)) ||
           (before == Verdict::unknown && after == Verdict::fail);
}

// `SSH-104 (pass -> fail: reason)` for every check that got worse.
std::vector<std::string> worsened(const std::vector<Finding>& before, const std::vector<Finding>& after) {
    std::vector<std::string> out;
    for (const auto& a : after) {
        const Finding* b = find_finding(before, a.check);
        if (!b || !worse(b->verdict, a.verdict)) continue;
        out.push_back(a.check + " (" + std::string(to_string(b->verdict)) + " -> " + std::string(to_string(a.verdict)) +
                      ": " + a.reason + ")");
    }
    return out;
}

// Lock-out checks that did not apply before and fail now: the change opened an SSH path that does
// not admit the management sources (SSH enabled behind a vty ACL that denies them). Not a lock-out
// of anything that worked, but the plan must not end there.
std::vector<std::string> opened_closed(const std::vector<Finding>& before, const std::vector<Finding>& after) {
    std::vector<std::string> out;
    for (const auto& a : after) {
        if (!is_lockout_check(a.check) || a.verdict != Verdict::fail) continue;
        const Finding* b = find_finding(before, a.check);
        if (b && b->verdict == Verdict::not_applicable)
            out.push_back(a.check + " (not_applicable -> fail: " + a.reason + ")");
    }
    return out;
}

// Lock-out checks that passed on the original model and do not on the patched one.
std::vector<std::string> locked_out(const std::vector<Finding>& before, const std::vector<Finding>& after) {
    std::vector<std::string> out;
    for (const auto& a : after) {
        if (!is_lockout_check(a.check) || a.verdict == Verdict::pass) continue;
        const Finding* b = find_finding(before, a.check);
        if (b && b->verdict == Verdict::pass) out.push_back(a.check + ": " + a.reason);
    }
    return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out.append(sep);
        out.append(s);
    }
    return out;
}

// The address the auditing session comes from (`show users`, the line marked `*`) as a host
// prefix; `Location` holds it on IOS, older outputs put it under `Host(s)`.
std::optional<std::string> session_source(const model::Device& d) {
    for (const auto& s : d.sessions) {
        if (!s.current) continue;
        for (const auto* a : {&s.location, &s.host}) {
            unsigned char buf[16];
            if (inet_pton(AF_INET, a->c_str(), buf) == 1) return *a + "/32";
            if (inet_pton(AF_INET6, a->c_str(), buf) == 1) return *a + "/128";
        }
    }
    return std::nullopt;
}

// The data a template sees: the check's own, with the policy and the device under keys the
// check did not set.
nlohmann::json template_data(const FixRequest& req, const DeviceEvidence& ev, const Policy& policy) {
    nlohmann::json data = req.data.is_object() ? req.data : nlohmann::json::object();
    auto dflt = [&](const char* key, nlohmann::json v) {
        if (!data.contains(key)) data[key] = std::move(v);
    };
    dflt("admin_user", policy.admin_user);
    if (policy.domain) dflt("domain", *policy.domain);
    if (policy.aaa_group) dflt("aaa_group", *policy.aaa_group);
    dflt("ssh_port", policy.ssh_port);
    dflt("management_sources", policy.management_sources);
    dflt("device", ev.name);
    if (ev.device.hostname) dflt("hostname", *ev.device.hostname);
    dflt("platform", ev.platform);
    return data;
}

// Applies `config` to a copy of the evidence and runs every check on it.
struct Trial {
    bool applied = false;
    std::string error;
    std::vector<Finding> after;       // with the policy
    std::vector<Finding> after_lock;  // with the policy plus the session's own source
};

Trial trial(const DeviceEvidence& ev, const Policy& policy, const Policy* lock_policy, std::string_view config) {
    Trial t;
    DeviceEvidence patched = ev;
    if (!apply_config(patched.device, ev.platform, config, t.error)) return t;
    t.applied = true;
    t.after = run_checks(patched, policy);
    t.after_lock = lock_policy ? run_checks(patched, *lock_policy) : t.after;
    return t;
}

std::string key_label(std::string_view config) {
    const auto at = config.find("crypto key generate rsa");
    if (at == std::string_view::npos) return {};
    auto line = config.substr(at, config.find('\n', at) - at);
    const auto l = line.find(" label ");
    if (l == std::string_view::npos) return {};
    line.remove_prefix(l + 7);
    return std::string(line.substr(0, line.find(' ')));
}

std::string runbook(const DeviceEvidence& ev, const Policy& policy, const std::vector<std::string>& checks,
                    const std::string& plan, const std::vector<std::string>& secrets) {
    nlohmann::json data;
    const std::string device = ev.name.empty() ? ev.device.hostname.value_or("device") : ev.name;
    data["device"] = device;
    data["hostname"] = ev.device.hostname.value_or("");
    data["platform"] = ev.platform;
    data["target"] = !ev.address.empty() ? ev.address : ev.device.hostname.value_or(device);
    data["guard_minutes"] = kGuardMinutes;
    data["archive"] = ev.device.archive.value_or(false);
    const bool key_change = plan.find("crypto key generate") != std::string::npos;
    data["key_change"] = key_change;
    data["key_label"] = key_label(plan);
    data["sources"] = join(policy.management_sources, ", ");
    data["has_sources"] = !policy.management_sources.empty();
    data["checks"] = join(checks, " ");
    data["secrets"] = secrets;
    data["has_secrets"] = !secrets.empty();
    data["fix_file"] = device + ".fix.txt";
    data["rollback_file"] = device + ".rollback.txt";
    std::string out, error;
    if (!render_template(ev.platform, "runbook", "", data, out, error)) return "runbook not rendered: " + error + "\n";
    return out;
}

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const auto& s : from)
        if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
}

constexpr int kMaxRounds = 3;

// A statement or block that a fix earlier in the plan already holds is said once: two fixes
// may both need `ip ssh version 2`, or define the same management ACL (whose entries, without
// sequence numbers, would otherwise be appended twice). A block is a top-level line with the
// indented lines under it. The plan is verified after this, as it is emitted.
std::string dedupe(const std::string& text) {
    std::vector<std::string> blocks;
    std::string_view rest = text;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const auto line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        const bool indented = !line.empty() && (line.front() == ' ' || line.front() == '\t');
        if (!indented || blocks.empty()) blocks.emplace_back();
        blocks.back().append(line).push_back('\n');
    }
    std::set<std::string> seen;
    std::string out;
    for (const auto& b : blocks)
        if (seen.insert(b).second) out += b;
    return out;
}

// A rendered fix that passed its own verification and may join the device plan.
struct Candidate {
    Finding* finding = nullptr;  // the caller's finding of that check
    std::string plan, rollback;
    int phase = 0;
    int round = 0;          // 0: fixes a failing finding; 1+: fails once earlier fixes are applied
    std::size_t order = 0;  // catalogue position
    bool alone_ok = false;  // no other check got worse
    std::string side_effects;
};

using Members = std::vector<const Candidate*>;

// Plans the fixes of one device (see plan_fixes).
class Planner {
public:
    Planner(const DeviceEvidence& ev, const Policy& policy, std::vector<Finding>& findings)
        : ev_(ev), policy_(policy), findings_(findings) {
        own_ = session_source(ev.device);
        lock_policy_ = policy;
        if (own_ && std::find(policy.management_sources.begin(), policy.management_sources.end(), *own_) ==
                        policy.management_sources.end()) {
            lock_policy_.management_sources.push_back(*own_);
            lock_ = &lock_policy_;
        }
        before_ = run_checks(ev, policy);
        before_lock_ = lock_ ? run_checks(ev, *lock_) : before_;
    }

    DevicePlan run() {
        DevicePlan plan;
        collect(plan);
        const Members members = choose();
        std::vector<std::string> ids;
        plan.fix = text(members);
        for (const auto* c : members) {
            auto& fx = *c->finding->fix;
            fx.verified = true;
            if (!c->alone_ok)
                fx.note = "verified with the device plan: on its own other checks get worse (" + c->side_effects +
                          "), which the plan's other fixes repair";
            add_unique(plan.secrets, fx.secrets);
            ids.push_back(c->finding->check);
        }
        for (auto it = members.rbegin(); it != members.rend(); ++it) plan.rollback += (*it)->rollback;
        plan.rollback = dedupe(plan.rollback);
        for (const auto& c : candidates_) {
            if (std::find(members.begin(), members.end(), &c) != members.end()) continue;
            auto& fx = *c.finding->fix;
            const auto why = left_out_.count(&c) ? left_out_.at(&c) : left_out_why_;
            if (!why.empty()) fx.note += "; left out of the device plan: " + why;
            // CHECKS.md: a fix is emitted only when verified; a fix that needs others is not
            // verified without them.
            if (!c.alone_ok || c.round > 0) {
                fx.verified = false;
                fx.plan.clear();
                fx.rollback.clear();
            }
        }
        for (auto& f : findings_)
            if (f.fix && f.fix->verified)
                f.fix->runbook = runbook(ev_, policy_, {f.check}, f.fix->plan, f.fix->secrets);
        if (!members.empty()) {
            plan.verified = true;
            plan.runbook = runbook(ev_, policy_, ids, plan.fix, plan.secrets);
        }
        return plan;
    }

private:
    // The candidates in lock-out-safe order.
    Members sorted(Members m) const {
        std::stable_sort(m.begin(), m.end(), [](const Candidate* a, const Candidate* b) {
            if (a->phase != b->phase) return a->phase < b->phase;
            if (a->round != b->round) return a->round < b->round;
            return a->order < b->order;
        });
        return m;
    }

    static std::string text(const Members& m) {
        std::string t;
        for (const auto* c : m) t += c->plan;
        return dedupe(t);
    }

    Finding* caller_finding(std::string_view id) {
        for (auto& f : findings_)
            if (f.check == id) return &f;
        return nullptr;
    }

    // Renders and verifies the fixes of failing findings, in rounds: a fix can make a check
    // applicable that fails and has a fix of its own (SSH on, then the vty ACL that denies the
    // management sources), which joins in the next round, verified on top of the earlier ones.
    void collect(DevicePlan& plan) {
        std::set<std::string> tried;
        for (int round = 0; round < kMaxRounds; ++round) {
            Members so_far;
            for (const auto& c : candidates_) so_far.push_back(&c);
            const std::string base = text(sorted(so_far));
            std::vector<Finding> current;
            if (round == 0) {
                current = findings_;
            } else {
                DeviceEvidence patched = ev_;
                std::string error;
                if (!apply_config(patched.device, ev_.platform, base, error)) return;
                current = run_checks(patched, policy_);
            }
            const auto& reference = round == 0 ? before_ : current;
            std::string after_which;
            for (const auto* c : so_far) after_which += (after_which.empty() ? "" : ", ") + c->finding->check;
            bool added = false;
            for (const auto& f : current) {
                if (f.verdict != Verdict::fail || !f.fix_request || tried.count(f.check)) continue;
                // Telnet goes only once an SSH login has been confirmed on the device, not on a
                // model that earlier fixes of this plan made work.
                if (round > 0 && detail::fix_phase(f.check) == detail::kTelnetPhase) continue;
                tried.insert(f.check);
                Finding* target = caller_finding(f.check);
                if (!target) continue;
                if (consider(*target, f, round, base, reference, after_which, plan)) added = true;
            }
            if (!added) return;
        }
    }

    bool consider(Finding& target, const Finding& f, int round, const std::string& base,
                  const std::vector<Finding>& reference, const std::string& after_which, DevicePlan& plan) {
        Fix fx;
        const std::string prefix =
            round == 0 ? std::string()
                       : "needed once the fixes of " + after_which + " are applied (" + f.reason + "); ";
        const auto& req = *f.fix_request;
        const std::string name = req.template_name.empty() ? f.check : req.template_name;
        const auto data = template_data(req, ev_, policy_);
        std::string text, rollback, error;
        if (!render_template(ev_.platform, name, "fix", data, text, error) ||
            !render_template(ev_.platform, name, "rollback", data, rollback, error)) {
            fx.note = prefix + "no fix: " + error;
            target.fix = std::move(fx);
            return false;
        }
        if (text.empty()) {
            fx.note = prefix + "no fix: the template rendered no configuration lines";
            target.fix = std::move(fx);
            return false;
        }
        fx.secrets = detail::secret_lines(text);
        const Trial t = trial(ev_, policy_, lock_, base + text);
        if (!t.applied) {
            fx.note = prefix + "not verified: the fix does not apply to the device model: " + t.error;
            target.fix = std::move(fx);
            return false;
        }
        const auto lost = locked_out(before_lock_, t.after_lock);
        if (!lost.empty()) {
            fx.would_lock_out = true;
            fx.note = prefix + "withheld: on the patched model the management sources" +
                      (own_ ? " and the auditing session's own source " + *own_ : std::string()) +
                      " would lose SSH access: " + join(lost, "; ");
            plan.withheld.push_back(f.check + ": " + fx.note);
            target.fix = std::move(fx);
            return false;
        }
        const Finding* mine = find_finding(t.after, f.check);
        if (!mine || mine->verdict != Verdict::pass) {
            fx.note = prefix + "not verified: " + f.check + " still does not pass on the patched model" +
                      (mine ? " (" + std::string(to_string(mine->verdict)) + ": " + mine->reason + ")" : "");
            target.fix = std::move(fx);
            return false;
        }
        Candidate c;
        c.finding = &target;
        c.plan = text;
        c.rollback = rollback;
        c.phase = detail::fix_phase(f.check);
        c.round = round;
        c.order = static_cast<std::size_t>(&target - findings_.data());
        const auto w = worsened(reference, t.after);
        c.alone_ok = w.empty();
        c.side_effects = join(w, "; ");
        fx.plan = text;
        fx.rollback = rollback;
        fx.verified = c.alone_ok && round == 0;
        fx.note =
            prefix + (c.alone_ok ? "verified: " + f.check + " passes on the patched model and no other check got worse"
                                 : "not verified on its own: other checks get worse: " + c.side_effects);
        target.fix = std::move(fx);
        candidates_.push_back(std::move(c));
        return true;
    }

    // Whether `m` (in order) is a plan to emit: it applies, nobody loses SSH access, no check got
    // worse than on the original model, and no lock-out check that did not apply before fails
    // now. `strict`: every member's own check passes; otherwise it may still not apply.
    bool acceptable(const Members& m, bool strict, std::string& why) const {
        const Trial t = trial(ev_, policy_, lock_, text(m));
        if (!t.applied) {
            why = t.error;
            return false;
        }
        for (const auto* c : m) {
            const Finding* mine = find_finding(t.after, c->finding->check);
            const bool ok = mine && (mine->verdict == Verdict::pass ||
                                     (!strict && mine->verdict != Verdict::fail && mine->verdict != Verdict::unknown));
            if (!ok) {
                why = c->finding->check + " does not pass with the whole plan";
                return false;
            }
        }
        auto bad = worsened(before_, t.after);
        add_unique(bad, locked_out(before_lock_, t.after_lock));
        add_unique(bad, opened_closed(before_lock_, t.after_lock));
        if (!bad.empty()) {
            why = join(bad, "; ");
            return false;
        }
        return true;
    }

    // The largest plan that verifies: everything, else the fixes verified on their own, else one
    // at a time in order (a fix may wait for a later one to pass), then without members whose
    // own check does not pass in the end.
    Members choose() {
        Members all, alone;
        for (const auto& c : candidates_) {
            all.push_back(&c);
            if (c.alone_ok && c.round == 0) alone.push_back(&c);
        }
        all = sorted(all);
        alone = sorted(alone);
        std::string why;
        if (all.empty() || acceptable(all, true, why)) return all;
        left_out_why_ = why;
        if (!alone.empty() && alone.size() != all.size() && acceptable(alone, true, why)) return alone;
        Members m;
        for (const auto* c : all) {
            auto next = m;
            next.push_back(c);
            if (acceptable(next, false, why))
                m = std::move(next);
            else
                left_out_[c] = why;
        }
        while (!m.empty() && !acceptable(m, true, why)) {
            const Trial t = trial(ev_, policy_, lock_, text(m));
            const auto before = m.size();
            m.erase(std::remove_if(m.begin(), m.end(),
                                   [&](const Candidate* c) {
                                       const Finding* mine = find_finding(t.after, c->finding->check);
                                       return !t.applied || !mine || mine->verdict != Verdict::pass;
                                   }),
                    m.end());
            if (m.size() == before) m.clear();
        }
        return m;
    }

    const DeviceEvidence& ev_;
    const Policy& policy_;
    std::vector<Finding>& findings_;
    std::optional<std::string> own_;
    Policy lock_policy_;
    const Policy* lock_ = nullptr;  // the policy plus the session's own source, when it adds one
    std::vector<Finding> before_, before_lock_;
    std::deque<Candidate> candidates_;                  // stable addresses
    std::string left_out_why_;                          // why the whole set did not verify
    std::map<const Candidate*, std::string> left_out_;  // why a fix did not join the plan so far
};

}  // namespace

DevicePlan plan_fixes(const DeviceEvidence& ev, const Policy& policy, std::vector<Finding>& findings) {
    try {
        Planner planner(ev, policy, findings);
        return planner.run();
    } catch (const std::exception& e) {
        DevicePlan plan;
        plan.withheld.push_back(std::string("fix planning failed: ") + e.what());
        return plan;
    }
}

}  // namespace vtyguard::checks
