// Real captures from other projects (../shared/corpus; skipped when absent). For every file whose
// command we parse: no crash, no diagnostics except the lines listed below with the reason they
// are not content of the command, and the counts of PROVENANCE.tsv's `our_raw_counts` column
// (counts taken from the raw text by the corpus's curators) equal to what we parsed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "plugin/json/model_json.hpp"

namespace fs = std::filesystem;
using namespace vtyguard;
using model::Ace;

namespace {

const fs::path kCorpus = VTYGUARD_CORPUS_DIR;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

struct Row {
    std::string file, command, counts;
};
void PrintTo(const Row& r, std::ostream* os) {
    *os << r.file;
}

std::vector<Row> provenance() {
    std::vector<Row> rows;
    std::ifstream in(kCorpus / "PROVENANCE.tsv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        auto f = split(line, '\t');
        if (f.size() < 7) continue;
        rows.push_back({f[0], f[4], f[6]});
    }
    return rows;
}

// Which parser reads each corpus folder. Folders not listed (nxos_*, asa_show_ssh) hold
// platforms or commands vtyguard does not parse; NX-OS refusal is tested with the audit.
struct Target {
    std::string platform, command;
};
std::optional<Target> target_for(const Row& row) {
    static const std::map<std::string, Target> by_folder = {
        {"asa_config_syntax", {"cisco_asa", "show running-config"}},
        {"asa_show_access_list", {"cisco_asa", "show access-list"}},
        {"asa_show_run_access_group", {"cisco_asa", "show running-config access-group"}},
        {"asa_show_run_ssh", {"cisco_asa", "show running-config ssh"}},
        {"asa_show_running_config", {"cisco_asa", "show running-config"}},
        {"ios_config_syntax", {"cisco_ios", "show running-config"}},
        {"ios_show_access_lists", {"cisco_ios", "show access-lists"}},
        {"ios_show_crypto_key_rsa", {"cisco_ios", "show crypto key mypubkey rsa"}},
        {"ios_show_ip_ssh", {"cisco_ios", "show ip ssh"}},
        {"ios_show_line", {"cisco_ios", "show line"}},
        {"ios_show_run_line_vty", {"cisco_ios", "show running-config | section line vty"}},
        {"ios_show_run_partition_access_list", {"cisco_ios", "show running-config partition access-list"}},
        {"ios_show_running_config", {"cisco_ios", "show running-config"}},
    };
    auto folder = row.file.substr(0, row.file.find('/'));
    auto it = by_folder.find(folder);
    if (it == by_folder.end()) return std::nullopt;
    Target t = it->second;
    // The crypto key folder mixes `mypubkey rsa` and `mypubkey all` captures.
    if (folder == "ios_show_crypto_key_rsa" && row.command.find("mypubkey all") != std::string::npos)
        t.command = "show crypto key mypubkey all";
    return t;
}

// Diagnostics we accept on real captures, each with the reason the line is not content we need.
// Key: corpus file; value: number of diagnostics and why.
const std::map<std::string, std::pair<std::size_t, std::string>>& accepted_diagnostics() {
    static const std::map<std::string, std::pair<std::size_t, std::string>> m = {
        // batfish grammar tests write `object-group group network|protocol NAME`, a form no ASA
        // release documents or prints; the heads and their members are reported, not guessed.
        {"asa_config_syntax/batfish__grammar_asa-nested-network-object-group.txt",
         {5, "`object-group group network` is not ASA syntax (1 head, 4 members)"}},
        {"asa_config_syntax/batfish__grammar_asa-nested-protocol-object-group.txt",
         {6, "`object-group group protocol` is not ASA syntax (2 heads, 4 members)"}},
        // Lines IOS itself rejects or never prints, in synthetic grammar tests and two samples.
        {"ios_config_syntax/batfish__grammar_ios-inspect.txt",
         {1, "`permit object-group ogs1 object-group ogn1 ogn2`: two names in one address slot"}},
        {"ios_config_syntax/batfish__unit_cisco_interface.txt",
         {2, "`ip address virtual 1.2.3.4/27` and `no shutdown lan` are not IOS interface syntax"}},
        {"ios_config_syntax/batfish__unit_cisco_line.txt",
         {13,
          "`line console` and `line vty` without numbers (not IOS syntax) and the async slot/port "
          "block `line 0/0/0 0/0/15`, whose numbers the model cannot hold, each with its children"}},
        {"ios_show_running_config/ccp__sample_01_ios.txt", {1, "`permit esp host any any`: IOS rejects it"}},
        {"ios_show_running_config/ccp__sample_07_ios.txt", {1, "`ip address 172.16.0.1` without a mask"}},
        {"ios_show_running_config/ccp__sample_08_ios.txt", {1, "`permit esp host any any`: IOS rejects it"}},
    };
    return m;
}

std::map<std::string, std::string> parse_counts(const std::string& s) {
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        auto eq = s.find('=', i);
        if (eq == std::string::npos) break;
        std::string key = s.substr(i, eq - i);
        std::size_t j = eq + 1;
        std::string value;
        if (j < s.size() && s[j] == '[') {
            auto close = s.find(']', j);
            value = s.substr(j + 1, close - j - 1);
            j = close + 1;
        } else {
            while (j < s.size() && s[j] != ' ') value += s[j++];
        }
        // `line_vty_blocks=2 (line vty 0 4|line vty 5 15)`: the parenthesised heads follow.
        while (j < s.size() && s[j] == ' ') ++j;
        if (j < s.size() && s[j] == '(') {
            auto close = s.find(')', j);
            out[key + "_heads"] = s.substr(j + 1, close - j - 1);
            j = close + 1;
        }
        out[key] = value;
        i = j;
    }
    return out;
}

std::size_t count_entries(const model::Device& d, bool (*pred)(const model::Acl&, const Ace&)) {
    std::size_t n = 0;
    for (const auto& a : d.acls)
        for (const auto& e : a.entries) n += pred(a, e) ? 1 : 0;
    return n;
}

std::string line_head(const model::LineBlock& b) {
    return "line " + b.type + " " + std::to_string(b.first) + (b.last != b.first ? " " + std::to_string(b.last) : "");
}

// Our value for one raw-count key, as a string; nullopt for an unknown key (which fails).
std::optional<std::string> ours(const std::string& key, const std::string& folder, const parsers::ParseResult& r,
                                const std::string& raw) {
    const auto& d = r.device;
    auto num = [](std::size_t n) { return std::optional<std::string>(std::to_string(n)); };
    const bool asa = d.platform == "cisco_asa";
    const bool config = folder.find("config") != std::string::npos || folder.find("show_run") != std::string::npos;
    if (key == "acl_headers") {
        if (asa) {  // `access-list NAME; N elements; name hash: ...` headers
            std::size_t n = 0;
            for (const auto& a : d.acls) n += a.elements ? 1 : 0;
            return num(n);
        }
        if (config) {  // `ip access-list` / `ipv6 access-list` headers: named ACLs
            std::size_t n = 0;
            for (const auto& a : d.acls) n += a.numbered || a.type == "mac" ? 0 : 1;
            return num(n);
        }
        return num(d.acls.size());
    }
    if (key == "aces")
        return num(count_entries(d, [](const model::Acl&, const Ace& e) { return e.action != Ace::Action::remark; }));
    if (key == "remarks") {
        // The partition captures count remarks of named ACLs only (beside named_acl_headers and
        // named_aces); `access-list N remark` lines are part of numbered_lines there.
        if (folder == "ios_show_run_partition_access_list")
            return num(count_entries(
                d, [](const model::Acl& a, const Ace& e) { return !a.numbered && e.action == Ace::Action::remark; }));
        return num(count_entries(d, [](const model::Acl&, const Ace& e) { return e.action == Ace::Action::remark; }));
    }
    if (key == "with_matches")
        return num(count_entries(d, [](const model::Acl&, const Ace& e) { return e.matches.has_value(); }));
    if (key == "top_level_aces")
        return num(count_entries(d, [](const model::Acl&, const Ace& e) { return e.action != Ace::Action::remark; }));
    if (key == "expanded_aces") {
        std::size_t n = 0;
        for (const auto& a : d.acls)
            for (const auto& e : a.entries) n += e.expanded.size();
        return num(n);
    }
    if (key == "hitcnt") {
        std::size_t n = 0;
        for (const auto& a : d.acls)
            for (const auto& e : a.entries) {
                n += e.matches ? 1 : 0;
                for (const auto& c : e.expanded) n += c.matches ? 1 : 0;
            }
        return num(n);
    }
    if (key == "keys") return num(d.keys.size());
    if (key == "rsa" || key == "ec") {
        std::size_t n = 0;
        for (const auto& k : d.keys) n += k.type == (key == "rsa" ? "RSA" : "EC") ? 1 : 0;
        return num(n);
    }
    if (key == "state") return d.ssh.enabled ? std::optional<std::string>(*d.ssh.enabled ? "Enabled" : "Disabled") : "";
    if (key == "version") return d.ssh.version.value_or("");
    if (key == "wrapped_label_lines") {
        // Wrapped lines must be joined, not reported: the count is checked through the
        // diagnostics (none allowed) and here through the algorithm lists being non-empty.
        if (raw != "0" && d.ssh.algorithms.encryption.empty()) return std::string("encryption list lost");
        return raw;
    }
    if (key == "vty_rows") {
        std::size_t n = 0;
        for (const auto& l : d.line_status) n += l.type == "VTY" ? 1 : 0;
        return num(n);
    }
    if (key == "line_vty_blocks") {
        std::size_t n = 0;
        for (const auto& b : d.lines) n += b.type == "vty" ? 1 : 0;
        return num(n);
    }
    if (key == "line_vty_blocks_heads") {
        std::string s;
        for (const auto& b : d.lines)
            if (b.type == "vty") s += (s.empty() ? "" : "|") + line_head(b);
        return s;
    }
    if (key == "access_class") {
        std::size_t n = 0;
        for (const auto& b : d.lines)
            n += (b.access_class_in ? 1 : 0) + (b.access_class_out ? 1 : 0) + (b.ipv6_access_class_in ? 1 : 0) +
                 (b.ipv6_access_class_out ? 1 : 0);
        return num(n);
    }
    if (key == "transport_input") {
        std::set<std::string> forms;
        for (const auto& b : d.lines)
            if (b.transport_input) {
                std::string s = "transport input";
                for (const auto& t : *b.transport_input) s += " " + t;
                forms.insert(s);
            }
        std::string s;
        for (const auto& f : forms) s += (s.empty() ? "" : "; ") + f;
        return s;
    }
    if (key == "ip_ssh_lines" || key == "ssh_lines") return num(d.ssh.config_lines.size());
    if (key == "numbered_acl_lines" || key == "numbered_lines") {
        std::size_t n = 0;
        for (const auto& a : d.acls) n += a.numbered ? a.entries.size() : 0;
        return num(n);
    }
    if (key == "named_acl_headers") {
        std::size_t n = 0;
        for (const auto& a : d.acls) n += a.numbered ? 0 : 1;
        return num(n);
    }
    if (key == "named_aces")
        return num(count_entries(
            d, [](const model::Acl& a, const Ace& e) { return !a.numbered && e.action != Ace::Action::remark; }));
    if (key == "access_list_lines") {
        std::size_t n = 0;
        for (const auto& a : d.acls) n += a.entries.size();
        return num(n);
    }
    if (key == "access_groups") return num(d.access_groups.size());
    if (key == "object_groups") {
        std::size_t n = 0;
        for (const auto& g : d.object_groups) n += g.is_object ? 0 : 1;
        return num(n);
    }
    if (key == "aaa_auth_ssh") {
        std::size_t n = 0;
        for (const auto& s : d.aaa.statements) n += s.kind == "authentication" && s.service == "ssh" ? 1 : 0;
        return num(n);
    }
    return std::nullopt;
}

// Deliberate differences between the raw count and our parse, each explained.
// Key: "file:key"; value: (our value, why).
const std::map<std::string, std::pair<std::string, std::string>>& deliberate_differences() {
    static const std::map<std::string, std::pair<std::string, std::string>> m = {
        // FWSM prints the object-group expansion without indentation: the two entries that repeat
        // the previous entry's `line N` are its expansion, not entries of their own.
        {"asa_show_access_list/idx__perl-fwsm_show_access-list.txt:top_level_aces",
         {"2", "FWSM expansion lines are unindented; they are the expansion of the entry above"}},
        {"asa_show_access_list/idx__perl-fwsm_show_access-list.txt:expanded_aces",
         {"2", "FWSM expansion lines are unindented; they are the expansion of the entry above"}},
        // `show access-list NAME brief` prints hashes and counters only: no entry can be
        // rebuilt, and an ACL without entries would read as "deny everything".
        {"asa_show_access_list/ntc__cisco_asa_show_access-list_brief.txt:acl_headers",
         {"0", "the brief form has no entries; the ACL is not modelled"}},
        // The raw count leaves out `no ssh stricthostkeycheck`; the derived copy of the same
        // lines in asa_show_run_ssh counts it (6), as we do: it is an ssh setting.
        {"asa_config_syntax/batfish__unit_asa_ssh.txt:ssh_lines", {"6", "`no ssh stricthostkeycheck` is an ssh line"}},
        // The line blocks reported above are not counted.
        {"ios_config_syntax/batfish__unit_cisco_line.txt:line_vty_blocks",
         {"2", "`line vty` without numbers is reported"}},
        {"ios_config_syntax/batfish__unit_cisco_line.txt:line_vty_blocks_heads",
         {"line vty 0 15|line vty 0 4", "`line vty` without numbers is reported"}},
        {"ios_config_syntax/batfish__unit_cisco_line.txt:access_class",
         {"3", "two access-class lines sit in blocks whose heads are reported"}},
        {"ios_config_syntax/batfish__unit_cisco_line.txt:transport_input",
         {"transport input all; transport input ssh telnet", "`transport input telnet` sits in the async block"}},
        // `access-list 100` with indented entries is a numbered ACL, not a named header.
        {"ios_config_syntax/batfish__unit_tcpflags.txt:acl_headers", {"0", "`access-list 100` is numbered"}},
        {"ios_config_syntax/batfish__unit_tcpflags.txt:numbered_acl_lines",
         {"5", "its five indented entries belong to numbered ACL 100"}},
        // The unknown object-group form above is not counted as a group.
        {"asa_config_syntax/batfish__grammar_asa-nested-network-object-group.txt:object_groups",
         {"5", "`object-group group network` is reported, not modelled"}},
        {"asa_config_syntax/batfish__grammar_asa-nested-protocol-object-group.txt:object_groups",
         {"5", "`object-group group protocol` is reported, not modelled"}},
    };
    return m;
}

class CorpusTest : public ::testing::TestWithParam<Row> {};

TEST_P(CorpusTest, ParsesCleanlyWithRawCounts) {
    const auto& row = GetParam();
    const auto folder = row.file.substr(0, row.file.find('/'));
    auto target = target_for(row);
    ASSERT_TRUE(target.has_value());
    if (!parsers::registry().find(target->platform, target->command).info)
        GTEST_SKIP() << "parser for " << target->command << " not in this build";
    const auto text = slurp(kCorpus / row.file);
    parsers::ParseResult r;
    parsers::Resolved resolved;
    std::string error;
    ASSERT_TRUE(parsers::parse(target->platform, target->command, text, r, resolved, error)) << error;

    std::size_t accepted = 0;
    if (auto it = accepted_diagnostics().find(row.file); it != accepted_diagnostics().end())
        accepted = it->second.first;
    std::ostringstream diag;
    for (const auto& d : r.diagnostics) diag << "  line " << d.line << ": " << d.text << "  <- " << d.message << "\n";
    EXPECT_EQ(r.diagnostics.size(), accepted) << row.file << " diagnostics:\n" << diag.str();

    for (const auto& [key, raw] : parse_counts(row.counts)) {
        auto got = ours(key, folder, r, raw);
        ASSERT_TRUE(got.has_value()) << "unknown count key '" << key << "' in PROVENANCE.tsv for " << row.file;
        std::string expected = raw;
        if (auto it = deliberate_differences().find(row.file + ":" + key); it != deliberate_differences().end())
            expected = it->second.first;
        EXPECT_EQ(*got, expected) << row.file << ": " << key << " (raw count " << raw << ")";
    }
}

// Rows of commands we parse; NX-OS and the other folders are not vtyguard's input.
std::vector<Row> corpus_rows() {
    if (!fs::exists(kCorpus / "PROVENANCE.tsv")) return {};
    std::vector<Row> rows;
    for (auto& r : provenance())
        if (target_for(r)) rows.push_back(std::move(r));
    return rows;
}

std::string row_name(const ::testing::TestParamInfo<Row>& info) {
    std::string n = info.param.file;
    for (auto& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(corpus_rows()), row_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CorpusTest);

TEST(Corpus, PresentOrSkipped) {
    if (!fs::exists(kCorpus / "PROVENANCE.tsv")) GTEST_SKIP() << "no corpus at " << kCorpus;
    EXPECT_GE(corpus_rows().size(), 130u);
}

}  // namespace
