// `iptables -S` (the filter table) -> Device::iptables: the built-in chains with their policies,
// the user chains, and every rule reduced to model::FirewallRule.
//
// A rule's words are read as iptables prints them: `[!] -s/-d ADDR[,ADDR...]`, `[!] -p PROTO`,
// `[!] -i IF`, `-m MODULE` followed by the module's `[!] --option [VALUE...]`, and `-j TARGET`
// (or `-g CHAIN`) followed by the target's options. Match modules read into the rule's fields:
// tcp/udp `--dport`/`--sport`/`--syn`, multiport `--dports`/`--sports`, conntrack `--ctstate`,
// state `--state`, addrtype `--dst-type`, comment (ignored). Any other match (`-m recent
// ...`, `-m limit ...`, `-m set ...`) is kept in `other` as written: the engine cannot tell whether
// it matches. Targets: ACCEPT, DROP, REJECT, RETURN, QUEUE/NFQUEUE are verdicts; a chain declared
// with `-N` is a jump; anything else (LOG, NFLOG, MARK, CT, ...) does not end the evaluation. A word
// that fits none of this makes the rule `unparsed` (and a diagnostic): the engine answers `unknown`
// where it could decide.
//
// Not collected (sudo refused, not root: `Permission denied (you must be root)`): `not_collected`.
// `iptables: command not found`: no iptables on the host (`installed` false, no rules).
// `# Warning: iptables-legacy tables present` (iptables-nft): rules exist that this output does not
// show; kept in `warnings`.
#include "parsers/linux/iptables_-s/parser.hpp"

#include <algorithm>
#include <cctype>

#include "parsers/linux/common/shell.hpp"
#include "parsers/linux/iptables_-s/grammar.hpp"

namespace vtyguard::parsers::lnx::iptables_s {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string> split_commas(std::string_view s, bool lowercase = false) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= s.size()) {
        auto c = s.find(',', i);
        if (c == std::string_view::npos) c = s.size();
        if (c > i) out.push_back(lowercase ? lower(s.substr(i, c - i)) : std::string(s.substr(i, c - i)));
        i = c + 1;
    }
    return out;
}

bool is_option(const ast::Token& t) {
    return !t.quoted && t.text.size() > 1 && t.text[0] == '-';
}

// `1024:65535` (iptables' range) -> `1024-65535` (the model's).
std::string port_range(std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), ':', '-');
    return out;
}

std::string join_words(const std::vector<ast::Token>& t, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        if (!out.empty()) out += ' ';
        out += t[i].quoted ? "\"" + t[i].text + "\"" : t[i].text;
    }
    return out;
}

class RuleReader {
public:
    RuleReader(const std::vector<ast::Token>& t, const std::vector<std::string>& user_chains)
        : t_(t), chains_(user_chains) {}

    // False with `error` when a word fits nothing.
    bool read(model::FirewallRule& r, std::string& error) {
        std::size_t i = 0;
        std::string module;  // the `-m` module the following `--options` belong to
        while (i < t_.size()) {
            bool negated = false;
            if (!t_[i].quoted && t_[i].text == "!") {
                negated = true;
                if (++i >= t_.size()) return fail(error, "`!` at the end of the rule");
            }
            if (!is_option(t_[i])) return fail(error, "`" + t_[i].text + "` where an option was expected");
            const std::string opt = t_[i].text;
            // The values of this option: the words up to the next option or `!`.
            std::size_t j = i + 1;
            while (j < t_.size() && !is_option(t_[j]) && !(t_[j].text == "!" && !t_[j].quoted)) ++j;
            // old syntax: `-s ! 10.0.0.0/8`
            if (j < t_.size() && j == i + 1 && t_[j].text == "!" && !t_[j].quoted) {
                negated = true;
                ++j;
                while (j < t_.size() && !is_option(t_[j]) && t_[j].text != "!") ++j;
            }
            std::vector<std::string> values;
            for (std::size_t k = i + 1; k < j; ++k)
                if (t_[k].text != "!" || t_[k].quoted) values.push_back(t_[k].text);
            const std::size_t start = negated && i > 0 ? i - 1 : i;
            if (!option(r, opt, values, negated, module, start, j, error)) return false;
            i = j;
        }
        return true;
    }

private:
    bool fail(std::string& error, std::string why) {
        error = std::move(why);
        return false;
    }

    bool one(const std::vector<std::string>& values, const std::string& opt, std::string& error) {
        if (values.size() == 1) return true;
        return fail(error, "`" + opt + "` takes one value");
    }

    bool option(model::FirewallRule& r, const std::string& opt, const std::vector<std::string>& values, bool negated,
                std::string& module, std::size_t from, std::size_t to, std::string& error) {
        auto field = [&](std::optional<model::FirewallMatch>& f, std::vector<std::string> v) {
            f = model::FirewallMatch{std::move(v), negated};
        };
        if (in_target_) {
            // Target options (`--reject-with`, `--log-prefix`, `--set-mark`, ...) do not match.
            if (opt.rfind("--", 0) == 0) return true;
            return fail(error, "`" + opt + "` after the target");
        }
        if (opt == "-s" || opt == "--source") {
            if (!one(values, opt, error)) return false;
            field(r.sources, split_commas(values[0]));
        } else if (opt == "-d" || opt == "--destination") {
            if (!one(values, opt, error)) return false;
            field(r.destinations, split_commas(values[0]));
        } else if (opt == "-p" || opt == "--protocol") {
            if (!one(values, opt, error)) return false;
            field(r.protocols, {lower(values[0])});
        } else if (opt == "-i" || opt == "--in-interface") {
            if (!one(values, opt, error)) return false;
            field(r.in_interfaces, {values[0]});
        } else if (opt == "-o" || opt == "--out-interface" || opt == "-f" || opt == "--fragment") {
            r.other.push_back(join_words(t_, from, to));
        } else if (opt == "-m" || opt == "--match") {
            if (!one(values, opt, error)) return false;
            module = values[0];
            unknown_module_ = !known_module(module);
            // An extension vtyguard does not evaluate: the module and its options, as written.
            if (unknown_module_) r.other.push_back(join_words(t_, from, to));
            return true;
        } else if (opt == "-j" || opt == "--jump" || opt == "-g" || opt == "--goto") {
            if (!one(values, opt, error)) return false;
            target(r, values[0], opt == "-g" || opt == "--goto");
            in_target_ = true;
        } else if (opt.rfind("--", 0) == 0) {
            return module_option(r, opt, values, negated, module, from, to, error);
        } else {
            return fail(error, "unknown option `" + opt + "`");
        }
        if (opt != "-m" && opt != "--match") unknown_module_ = false;
        return true;
    }

    static bool known_module(const std::string& m) {
        return m == "tcp" || m == "udp" || m == "multiport" || m == "conntrack" || m == "state" || m == "comment" ||
               m == "addrtype";
    }

    bool module_option(model::FirewallRule& r, const std::string& opt, const std::vector<std::string>& values,
                       bool negated, const std::string& module, std::size_t from, std::size_t to, std::string& error) {
        if (module.empty()) return fail(error, "`" + opt + "` without a `-m` module before it");
        if (unknown_module_) {
            r.other.back() += " " + join_words(t_, from, to);
            return true;
        }
        auto field = [&](std::optional<model::FirewallMatch>& f, std::vector<std::string> v) {
            f = model::FirewallMatch{std::move(v), negated};
        };
        if ((module == "tcp" || module == "udp") && (opt == "--dport" || opt == "--destination-port")) {
            if (!one(values, opt, error)) return false;
            field(r.destination_ports, {port_range(values[0])});
        } else if ((module == "tcp" || module == "udp") && (opt == "--sport" || opt == "--source-port")) {
            if (!one(values, opt, error)) return false;
            field(r.source_ports, {port_range(values[0])});
        } else if (module == "multiport" && (opt == "--dports" || opt == "--destination-ports")) {
            if (!one(values, opt, error)) return false;
            auto v = split_commas(values[0]);
            for (auto& p : v) p = port_range(p);
            field(r.destination_ports, std::move(v));
        } else if (module == "multiport" && (opt == "--sports" || opt == "--source-ports")) {
            if (!one(values, opt, error)) return false;
            auto v = split_commas(values[0]);
            for (auto& p : v) p = port_range(p);
            field(r.source_ports, std::move(v));
        } else if ((module == "conntrack" && opt == "--ctstate") || (module == "state" && opt == "--state")) {
            if (!one(values, opt, error)) return false;
            field(r.ct_states, split_commas(values[0], true));
        } else if (module == "addrtype" && opt == "--dst-type") {
            if (!one(values, opt, error)) return false;
            field(r.destination_types, split_commas(values[0], true));
        } else if (module == "comment" && opt == "--comment") {
            // says nothing about the packet
        } else {
            // `--tcp-flags`, `--syn`, `--ctstatus`, `--src-type`, ... of a known module: kept as written.
            r.other.push_back("-m " + module + " " + join_words(t_, from, to));
        }
        return true;
    }

    void target(model::FirewallRule& r, const std::string& t, bool go) {
        if (t == "ACCEPT") {
            r.verdict = "accept";
        } else if (t == "DROP" || t == "TARPIT") {
            r.verdict = "drop";
        } else if (t == "REJECT") {
            r.verdict = "reject";
        } else if (t == "RETURN") {
            r.verdict = "return";
        } else if (t == "QUEUE" || t == "NFQUEUE") {
            r.verdict = "queue";
        } else if (go || std::find(chains_.begin(), chains_.end(), t) != chains_.end()) {
            r.verdict = go ? "goto" : "jump";
            r.target = t;
        }
        // LOG, NFLOG, MARK, CONNMARK, CT, TCPMSS, ...: the packet goes on to the next rule.
    }

    const std::vector<ast::Token>& t_;
    const std::vector<std::string>& chains_;
    bool in_target_ = false;
    bool unknown_module_ = false;
};

model::FirewallChain& chain_named(model::Firewall& fw, const std::string& name, std::size_t line) {
    for (auto& c : fw.chains)
        if (c.name == name) return c;
    model::FirewallChain c;
    c.family = "ip";
    c.table = "filter";
    c.name = name;
    c.line = line;
    fw.chains.push_back(std::move(c));
    return fw.chains.back();
}

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    const auto lines = split_lines(input.text, storage);
    auto& fw = out.device.iptables.emplace();
    std::vector<std::string> user_chains;
    // Jumps name chains declared anywhere in the output (`-N` lines come first in iptables -S,
    // but not in every hand-made capture).
    for (const auto& l : lines) {
        ast::Line p;
        if (!skip(l.text) && parse_line(l.text, p) && p.kind == ast::Kind::chain) user_chains.push_back(p.text);
    }
    for (const auto& l : lines) {
        if (skip(l.text)) continue;
        if (const auto r = refusal(l.text); r != Refusal::none) {
            if (r == Refusal::not_found)
                fw.installed = false;
            else if (!fw.not_collected)
                fw.not_collected = model::NotCollected{std::string(trim(l.text)), l.number};
            continue;
        }
        ast::Line p;
        if (!parse_line(l.text, p)) {
            diagnose(out, l, "not a line of `iptables -S`");
            continue;
        }
        switch (p.kind) {
            case ast::Kind::policy: {
                auto& c = chain_named(fw, p.policy.chain, l.number);
                c.type = "filter";
                c.hook = lower(p.policy.chain);
                c.policy = lower(p.policy.target);
                c.line = l.number;
                break;
            }
            case ast::Kind::chain:
                chain_named(fw, p.text, l.number);
                break;
            case ast::Kind::rule: {
                model::FirewallRule r;
                r.family = "ip";
                r.line = l.number;
                r.text = std::string(trim(l.text));
                RuleReader reader(p.rule.tokens, user_chains);
                std::string error;
                if (!reader.read(r, error)) {
                    model::FirewallRule bad;
                    bad.unparsed = true;
                    bad.error = error;
                    bad.text = r.text;
                    bad.line = l.number;
                    r = std::move(bad);
                    diagnose(out, l, error);
                }
                chain_named(fw, p.rule.chain, l.number).rules.push_back(std::move(r));
                break;
            }
            case ast::Kind::comment:
                if (starts_with(trim(p.text), "Warning:"))
                    fw.warnings.push_back(model::ValueLine{std::string(trim(l.text)), l.number});
                break;
            case ast::Kind::hint:
                if (!fw.not_collected) diagnose(out, l, "iptables' hint without the error before it");
                break;
            case ast::Kind::none:
                break;
        }
    }
}

}  // namespace vtyguard::parsers::lnx::iptables_s
