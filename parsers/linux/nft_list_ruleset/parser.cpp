// `nft list ruleset` -> Device::nftables: every chain of every table (base chains with their type,
// hook, priority and policy), every rule reduced to model::FirewallRule.
//
// Logical lines: nft wraps a long set's `elements = { ... }` over several lines; a line whose
// braces do not close (and that does not open a block) is joined with the next ones until they do.
//
// A rule is a sequence of expressions (`SELECTOR [OP] VALUE`) and statements. Read into the rule's
// fields: `ip|ip6 saddr|daddr`, `ip protocol`, `ip6 nexthdr`, `meta l4proto`, `meta nfproto`,
// `tcp|udp|th dport|sport`, `ct state`, `iif`/`iifname` (also `meta iif...`), `fib daddr type
// local`, `icmp`/`icmpv6` (a protocol), with `!=` as negation and `<`/`>`/`<=`/`>=` on ports as
// ranges; values are words, anonymous sets `{ a, b }` or named sets `@name` (their elements, from
// the table's `set` blocks; a set without listed elements, filled at run time, is a condition the
// engine cannot decide). Any other expression (`tcp flags ...`, `ct status ...`, `meta mark ...`,
// `fib saddr ...`, `limit rate ...`, `quota ...`) is kept in `other` as written. Statements that do
// not decide (`counter`, `log ...`, `comment "..."`, `meta mark set ...`, `notrack`, NAT statements)
// are understood and dropped. Verdicts: accept, drop, reject [with ...], return, continue (none),
// jump/goto CHAIN, queue. A verdict map (`vmap`) or a token that fits nothing makes the rule
// `unparsed` with a diagnostic.
//
// `ct status dnat|snat` is read as not matching: vtyguard asks about connections made straight to
// the host, which no NAT rule of the host rewrote (the `ct status dnat accept` firewalld puts
// first).
//
// `# Warning: ...` comments (nft 1.0 marks the tables iptables-nft manages) are kept in `warnings`.
// `flags dormant` on a table: its chains see no packets (hooks cleared). Not collected: sudo
// refused or not root (`Operation not permitted`); the error's echo and caret lines after it are
// part of the message. `nft: command not found`: no nftables (`installed` false).
#include "parsers/linux/nft_list_ruleset/parser.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include "parsers/linux/common/shell.hpp"
#include "parsers/linux/nft_list_ruleset/grammar.hpp"

namespace vtyguard::parsers::lnx::nft_list_ruleset {

namespace {

struct Logical {
    InputLine first;
    std::string text;  // trimmed, continuation lines joined with a blank
};

long balance(std::string_view s) {
    long b = 0;
    bool quoted = false;
    for (char c : s) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '{') ++b;
        if (c == '}') --b;
    }
    return b;
}

std::vector<Logical> join(const std::vector<InputLine>& lines) {
    std::vector<Logical> out;
    long open = 0;
    for (const auto& l : lines) {
        const auto t = trim(l.text);
        if (open > 0 && !out.empty()) {
            out.back().text += " ";
            out.back().text += t;
            open += balance(t);
            continue;
        }
        out.push_back(Logical{l, std::string(t)});
        const long b = balance(t);
        if (b > 0 && (t.empty() || t.back() != '{')) open = b;
    }
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trimmed(std::string_view s) {
    return std::string(trim(s));
}

struct TableCtx {
    std::string family, name;
    bool dormant = false;
    std::map<std::string, std::vector<std::string>> sets;  // named sets with listed elements
    std::size_t first_chain = 0;                           // index into fw.chains of the table's first chain
};

// Words that start an expression or a statement: where a value ends.
bool starts_statement(const ast::Token& t) {
    static const std::set<std::string, std::less<>> words = {
        "ip",      "ip6",        "tcp",     "udp",    "udplite",  "sctp",    "dccp",    "th",      "meta",
        "ct",      "iif",        "iifname", "oif",    "oifname",  "iiftype", "oiftype", "mark",    "fib",
        "icmp",    "icmpv6",     "ether",   "vlan",   "arp",      "counter", "log",     "limit",   "quota",
        "accept",  "drop",       "reject",  "return", "continue", "jump",    "goto",    "queue",   "comment",
        "notrack", "masquerade", "snat",    "dnat",   "redirect", "nftrace", "ah",      "esp",     "comp",
        "socket",  "rt",         "ipsec",   "numgen", "skuid",    "skgid",   "l4proto", "nfproto", "pkttype"};
    return t.kind == ast::kWord && words.count(t.text) != 0;
}

class RuleReader {
public:
    RuleReader(const std::vector<ast::Token>& t, const TableCtx& table) : t_(t), table_(table) {}

    bool read(model::FirewallRule& r, std::string& error) {
        if (table_.family == "ip" || table_.family == "ip6") r.family = table_.family;
        while (i_ < t_.size()) {
            if (!step(r, error)) return false;
        }
        return true;
    }

private:
    const ast::Token& tok(std::size_t k) const {
        static const ast::Token none{ast::kWord, "", {}};
        return k < t_.size() ? t_[k] : none;
    }
    bool word_is(std::size_t k, std::string_view w) const {
        return k < t_.size() && t_[k].kind == ast::kWord && t_[k].text == w;
    }
    bool fail(std::string& error, std::string why) {
        error = std::move(why);
        return false;
    }

    std::string written(std::size_t from, std::size_t to) const {
        std::string s;
        for (std::size_t k = from; k < to && k < t_.size(); ++k) {
            if (!s.empty()) s += ' ';
            const auto& t = t_[k];
            if (t.kind == ast::kQuoted) {
                s += "\"" + t.text + "\"";
            } else if (t.kind == ast::kSet) {
                s += "{ ";
                for (std::size_t e = 0; e < t.elements.size(); ++e) s += (e ? ", " : "") + trimmed(t.elements[e]);
                s += " }";
            } else {
                s += t.text;
            }
        }
        return s;
    }

    // The value at i_ (after an optional operator): the values it stands for. False when it is a
    // named set whose elements the listing does not hold.
    bool value(std::vector<std::string>& out, std::string& op) {
        op.clear();
        if (tok(i_).kind == ast::kWord && (tok(i_).text == "!=" || tok(i_).text == "==" || tok(i_).text == "<" ||
                                           tok(i_).text == ">" || tok(i_).text == "<=" || tok(i_).text == ">=")) {
            op = tok(i_).text;
            ++i_;
        }
        if (i_ >= t_.size()) return false;
        const auto& t = t_[i_++];
        out.clear();
        if (t.kind == ast::kSet) {
            for (const auto& e : t.elements) out.push_back(trimmed(e));
        } else if (t.kind == ast::kWord && !t.text.empty() && t.text.front() == '@') {
            auto it = table_.sets.find(t.text.substr(1));
            if (it == table_.sets.end()) return false;
            out = it->second;
        } else if (t.kind == ast::kWord && t.text.find(',') != std::string::npos) {
            // `established,related`
            std::size_t s = 0;
            while (s <= t.text.size()) {
                auto c = t.text.find(',', s);
                if (c == std::string::npos) c = t.text.size();
                if (c > s) out.push_back(t.text.substr(s, c - s));
                s = c + 1;
            }
        } else {
            out.push_back(t.text);
        }
        return true;
    }

    static std::optional<model::FirewallMatch> match(std::vector<std::string> v, const std::string& op) {
        return model::FirewallMatch{std::move(v), op == "!="};
    }

    // Ports with `<`, `>`, `<=`, `>=` become one range.
    static bool port_values(std::vector<std::string>& v, const std::string& op) {
        if (op.empty() || op == "==" || op == "!=") return true;
        long n = 0;
        if (v.size() != 1) return false;
        auto [end, ec] = std::from_chars(v[0].data(), v[0].data() + v[0].size(), n);
        if (ec != std::errc() || end != v[0].data() + v[0].size() || n < 0 || n > 65535) return false;
        long lo = 0, hi = 65535;
        if (op == "<") hi = n - 1;
        if (op == "<=") hi = n;
        if (op == ">") lo = n + 1;
        if (op == ">=") lo = n;
        if (lo > hi) return false;
        v = {std::to_string(lo) + "-" + std::to_string(hi)};
        return true;
    }

    bool expression(model::FirewallRule& r, std::string& error) {
        const std::size_t from = i_;
        const std::string a = tok(i_).text;
        const std::string b = tok(i_ + 1).text;
        std::vector<std::string> v;
        std::string op;
        auto read_value = [&](std::size_t words) {
            i_ += words;
            // `vmap { ... }`: a verdict map; `ip saddr . tcp dport @x`: a concatenation.
            if (word_is(i_, "vmap") || word_is(i_, ".")) return false;
            return value(v, op);
        };
        auto addresses = [&](std::optional<model::FirewallMatch>& f, const char* family) -> bool {
            if (!read_value(2)) return false;
            if (op != "" && op != "==" && op != "!=") {
                i_ = from;
                return false;
            }
            f = match(v, op);
            r.family = family;
            return true;
        };
        if ((a == "ip" || a == "ip6") && (b == "saddr" || b == "daddr")) {
            const bool ok = addresses(b == "saddr" ? r.sources : r.destinations, a == "ip" ? "ip" : "ip6");
            if (!ok) return unknown_or_vmap(r, from, error);
            return true;
        }
        if ((a == "ip" && b == "protocol") || (a == "ip6" && b == "nexthdr") || (a == "meta" && b == "l4proto")) {
            if (!read_value(2) || (op != "" && op != "==" && op != "!=")) return unknown_or_vmap(r, from, error);
            for (auto& p : v) p = lower(p);
            r.protocols = match(v, op);
            if (a != "meta") r.family = a;
            return true;
        }
        if ((a == "meta" && b == "nfproto") || a == "nfproto") {
            if (!read_value(a == "meta" ? 2 : 1) || v.size() != 1 || (op != "" && op != "==" && op != "!="))
                return unknown_or_vmap(r, from, error);
            const bool v4 = v[0] == "ipv4";
            if (!v4 && v[0] != "ipv6") return unknown_or_vmap(r, from, error);
            r.family = (v4 != (op == "!=")) ? "ip" : "ip6";
            return true;
        }
        if ((a == "tcp" || a == "udp" || a == "th" || a == "sctp" || a == "dccp" || a == "udplite") &&
            (b == "dport" || b == "sport")) {
            if (!read_value(2) || !port_values(v, op)) return unknown_or_vmap(r, from, error);
            if (a != "th") r.protocols = model::FirewallMatch{{a}, false};
            (b == "dport" ? r.destination_ports : r.source_ports) = match(v, op);
            return true;
        }
        if (a == "ct" && b == "state") {
            if (!read_value(2) || (op != "" && op != "==" && op != "!=")) return unknown_or_vmap(r, from, error);
            for (auto& s : v) s = lower(s);
            r.ct_states = match(v, op);
            return true;
        }
        if (a == "ct" && b == "status") {
            if (!read_value(2) || (op != "" && op != "==" && op != "!=")) return unknown_or_vmap(r, from, error);
            for (auto& s : v) s = lower(s);
            r.ct_status = match(v, op);
            return true;
        }
        if (a == "iif" || a == "iifname" || (a == "meta" && (b == "iif" || b == "iifname"))) {
            if (!read_value(a == "meta" ? 2 : 1) || (op != "" && op != "==" && op != "!="))
                return unknown_or_vmap(r, from, error);
            r.in_interfaces = match(v, op);
            return true;
        }
        if (a == "fib" && b == "daddr" && word_is(i_ + 2, "type")) {
            if (!read_value(3) || (op != "" && op != "==" && op != "!=")) return unknown_or_vmap(r, from, error);
            r.destination_types = match(v, op);
            return true;
        }
        if (a == "icmp" || a == "icmpv6") {
            // An ICMP header field: never a TCP packet.
            r.protocols = model::FirewallMatch{{a == "icmp" ? "icmp" : "ipv6-icmp"}, false};
            i_ += 2;
            std::vector<std::string> ignored;
            std::string ignored_op;
            if (!value(ignored, ignored_op)) return unknown_or_vmap(r, from, error);
            return true;
        }
        return unknown_or_vmap(r, from, error);
    }

    // An expression read no further: a verdict map makes the rule unreadable; anything else is a
    // condition kept as written.
    bool unknown_or_vmap(model::FirewallRule& r, std::size_t from, std::string& error) {
        for (std::size_t k = from; k < t_.size() && (k == from || !starts_statement(t_[k])); ++k)
            if (word_is(k, "vmap")) return fail(error, "verdict map (`vmap`): the verdict depends on the packet");
        // The selector's second word (or the value), then everything up to the next expression or
        // statement; a selector after `.` belongs to the same (concatenated) expression.
        i_ = from + 1;
        if (i_ < t_.size() && !is_verdict(t_[i_])) ++i_;
        while (i_ < t_.size() && (!starts_statement(t_[i_]) || word_is(i_ - 1, "."))) ++i_;
        r.other.push_back(written(from, i_));
        return true;
    }

    static bool is_verdict(const ast::Token& t) {
        return t.kind == ast::kWord &&
               (t.text == "accept" || t.text == "drop" || t.text == "reject" || t.text == "return" ||
                t.text == "jump" || t.text == "goto" || t.text == "continue" || t.text == "queue");
    }

    bool step(model::FirewallRule& r, std::string& error) {
        const auto& t = tok(i_);
        if (t.kind != ast::kWord) return fail(error, "`" + written(i_, i_ + 1) + "` where an expression was expected");
        const std::string& w = t.text;
        if (w == "accept" || w == "drop" || w == "return") {
            r.verdict = w;
            ++i_;
            return true;
        }
        if (w == "continue") {
            ++i_;
            return true;
        }
        if (w == "reject") {
            r.verdict = "reject";
            ++i_;
            if (word_is(i_, "with")) {
                i_ += 2;  // `with tcp reset`, `with icmpx admin-prohibited`, `with icmp type port-unreachable`
                while (i_ < t_.size() && !starts_statement(t_[i_])) ++i_;
            }
            return true;
        }
        if (w == "jump" || w == "goto") {
            if (i_ + 1 >= t_.size()) return fail(error, "`" + w + "` without a chain");
            r.verdict = w;
            r.target = tok(i_ + 1).text;
            i_ += 2;
            return true;
        }
        if (w == "queue") {
            r.verdict = "queue";
            ++i_;
            while (i_ < t_.size() && !starts_statement(t_[i_])) ++i_;
            return true;
        }
        if (w == "counter" || w == "log" || w == "notrack" || w == "masquerade" || w == "snat" || w == "dnat" ||
            w == "redirect") {
            // Statements that count, log or translate: the packet goes on. Their options follow.
            ++i_;
            while (i_ < t_.size() && !starts_statement(t_[i_])) ++i_;
            return true;
        }
        if (w == "comment") {
            i_ += 2;
            return true;
        }
        if (w == "limit" || w == "quota") {
            const std::size_t from = i_++;
            while (i_ < t_.size() && !starts_statement(t_[i_])) ++i_;
            r.other.push_back(written(from, i_));
            return true;
        }
        // `mark set 0x1`, `nftrace set 1`, `meta mark set 0x1`, `ct mark set ...`: statements that set
        // a value, not conditions.
        const std::size_t set_at = word_is(i_ + 1, "set")                                 ? i_ + 1
                                   : (w == "meta" || w == "ct") && word_is(i_ + 2, "set") ? i_ + 2
                                                                                          : 0;
        if (set_at != 0) {
            i_ = set_at + 2;
            while (i_ < t_.size() && !starts_statement(t_[i_])) ++i_;
            return true;
        }
        if (!starts_statement(t)) return fail(error, "`" + w + "` does not start an nft expression or statement");
        return expression(r, error);
    }

    const std::vector<ast::Token>& t_;
    const TableCtx& table_;
    std::size_t i_ = 0;
};

enum class Block { top, table, chain, set, other };

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto physical = split_lines(input.text, storage);
    const auto lines = join(physical);
    auto& fw = out.device.nftables.emplace();
    std::vector<Block> stack;
    TableCtx table;
    std::string set_name;
    bool set_is_map = false;
    std::optional<std::size_t> chain;  // index into fw.chains of the chain being read
    for (const auto& g : lines) {
        const InputLine& l = g.first;
        if (skip(l.text)) continue;
        if (fw.not_collected) continue;  // the rest of nft's error message: its echo and caret lines
        if (const auto r = refusal(g.text); r != Refusal::none) {
            if (r == Refusal::not_found)
                fw.installed = false;
            else
                fw.not_collected = model::NotCollected{g.text, l.number};
            continue;
        }
        ast::Line p;
        if (!parse_line(g.text, p)) {
            diagnose(out, l, "not a line of `nft list ruleset`");
            continue;
        }
        const Block where = stack.empty() ? Block::top : stack.back();
        const bool top = stack.empty();
        switch (p.kind) {
            case ast::Kind::comment:
                // `# Warning: table ip filter is managed by iptables-nft, do not touch!`
                if (starts_with(trim(g.text.substr(1)), "Warning:"))
                    fw.warnings.push_back(model::ValueLine{g.text, l.number});
                break;
            case ast::Kind::close:
                if (top) {
                    diagnose(out, l, "`}` without a block to close");
                    break;
                }
                if (where == Block::chain) chain.reset();
                stack.pop_back();
                break;
            case ast::Kind::table:
                if (!top) {
                    diagnose(out, l, "a table inside another block");
                    stack.push_back(Block::other);
                    break;
                }
                table = TableCtx{};
                table.family = p.table.family;
                table.name = p.table.name;
                table.first_chain = fw.chains.size();
                stack.push_back(Block::table);
                break;
            case ast::Kind::block:
                if (where != Block::table || stack.size() != 1) {
                    diagnose(out, l, "a `" + p.block.what + "` block outside a table");
                    stack.push_back(Block::other);
                    break;
                }
                if (p.block.what == "chain") {
                    model::FirewallChain c;
                    c.family = table.family;
                    c.table = table.name;
                    c.name = p.block.name;
                    c.line = l.number;
                    chain = fw.chains.size();
                    fw.chains.push_back(std::move(c));
                    stack.push_back(Block::chain);
                } else if (p.block.what == "set" || p.block.what == "map") {
                    set_name = p.block.name;
                    set_is_map = p.block.what == "map";
                    stack.push_back(Block::set);
                } else {
                    stack.push_back(Block::other);  // flowtables, stateful objects: no bearing on filtering
                }
                break;
            case ast::Kind::chain_spec:
                if (where != Block::chain || !chain) {
                    diagnose(out, l, "a chain's type outside a chain");
                    break;
                }
                fw.chains[*chain].type = p.chain_spec.type;
                fw.chains[*chain].hook = table.dormant ? std::string() : p.chain_spec.hook;
                fw.chains[*chain].priority = trimmed(p.chain_spec.priority);
                fw.chains[*chain].policy = p.chain_spec.policy;
                break;
            case ast::Kind::set_elements:
                if (where != Block::set) {
                    diagnose(out, l, "`elements` outside a set");
                    break;
                }
                if (!set_is_map) {
                    auto& e = table.sets[set_name];
                    for (const auto& x : p.tokens.front().elements) e.push_back(trimmed(x));
                }
                break;
            case ast::Kind::set_property:
                if (where == Block::table && starts_with(g.text, "flags") &&
                    g.text.find("dormant") != std::string::npos) {
                    table.dormant = true;
                    for (std::size_t k = table.first_chain; k < fw.chains.size(); ++k) fw.chains[k].hook.clear();
                } else if (where == Block::top || where == Block::chain) {
                    diagnose(out, l, "a set's property outside a set");
                }
                break;
            case ast::Kind::rule: {
                if (where == Block::other) break;  // inside a stateful object or flowtable
                if (where == Block::set) {
                    if (p.tokens.front().kind != ast::kWord || p.tokens.front().text != "counter")
                        diagnose(out, l, "not a property of a set");
                    break;
                }
                if (where != Block::chain || !chain) {
                    diagnose(out, l, "a rule outside a chain");
                    break;
                }
                // `comment "..."` of the chain itself, `devices = { ... }` of a netdev chain
                if ((p.tokens.size() == 2 && p.tokens[0].text == "comment" && p.tokens[1].kind == ast::kQuoted) ||
                    (p.tokens.size() == 3 && p.tokens[0].text == "devices" && p.tokens[1].text == "="))
                    break;
                model::FirewallRule r;
                r.line = l.number;
                r.text = g.text;
                RuleReader reader(p.tokens, table);
                std::string error;
                if (!reader.read(r, error)) {
                    model::FirewallRule bad;
                    bad.unparsed = true;
                    bad.error = error;
                    bad.text = g.text;
                    bad.line = l.number;
                    bad.family = r.family;
                    r = std::move(bad);
                    diagnose(out, l, error);
                }
                fw.chains[*chain].rules.push_back(std::move(r));
                break;
            }
            case ast::Kind::none:
                break;
        }
    }
    if (!stack.empty() && !fw.not_collected && !physical.empty())
        diagnose(out, physical.back(), "the ruleset ends inside a block: truncated output");
}

}  // namespace vtyguard::parsers::lnx::nft_list_ruleset
