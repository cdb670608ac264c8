#include "lab/sim/edit.hpp"

#include <algorithm>
#include <cctype>

#include "lab/sim/util.hpp"

namespace vtyguard::lab {

bool same_key(const std::vector<std::string>& a, const std::vector<std::string>& b, std::size_t keylen) {
    if (keylen == 0) {
        if (a.size() != b.size()) return false;
        keylen = a.size();
    }
    if (a.size() < keylen || b.size() < keylen) return false;
    for (std::size_t i = 0; i < keylen; ++i)
        if (!util::iequals(a[i], b[i])) return false;
    return true;
}

bool set_line(Config& c, const std::string& line, std::size_t keylen, const std::vector<std::string>& before_any) {
    const auto w = util::words(line);
    std::optional<std::size_t> first;
    bool identical = false;
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
        if (!c.nodes[i].children.empty() && keylen != 0) continue;
        if (same_key(c.nodes[i].words(), w, keylen)) {
            if (!first) first = i;
            identical = identical || c.nodes[i].text == line;
        }
    }
    if (first) {
        const bool only = std::count_if(c.nodes.begin(), c.nodes.end(), [&](const ConfigNode& n) {
                              return n.children.empty() && same_key(n.words(), w, keylen);
                          }) == 1;
        if (identical && only) return false;
        c.nodes[*first].text = line;
        c.nodes[*first].body.clear();
        for (std::size_t i = c.nodes.size(); i-- > *first + 1;)
            if (c.nodes[i].children.empty() && same_key(c.nodes[i].words(), w, keylen))
                c.nodes.erase(c.nodes.begin() + static_cast<long>(i));
        return true;
    }
    ConfigNode n;
    n.text = line;
    const auto at = c.insertion_point(line, before_any);
    c.nodes.insert(c.nodes.begin() + static_cast<long>(at), n);
    return true;
}

std::size_t remove_lines(Config& c, const std::vector<std::string>& words) {
    return c.erase_prefix(util::join(words, " "));
}

ConfigNode& ensure_block(Config& c, const std::string& header, const std::vector<std::string>& before_any,
                         bool separator) {
    if (auto* n = c.find(header)) return *n;
    ConfigNode n;
    n.text = header;
    auto at = c.insertion_point(header, before_any);
    // a new block goes after the children of the block it follows, with its own separator
    if (separator) {
        ConfigNode bang;
        bang.text = "!";
        if (at < c.nodes.size() && c.nodes[at].text == "!") {
            c.nodes.insert(c.nodes.begin() + static_cast<long>(at) + 1, n);
            c.nodes.insert(c.nodes.begin() + static_cast<long>(at) + 2, bang);
            return c.nodes[at + 1];
        }
        c.nodes.insert(c.nodes.begin() + static_cast<long>(at), n);
        c.nodes.insert(c.nodes.begin() + static_cast<long>(at) + 1, bang);
        return c.nodes[at];
    }
    c.nodes.insert(c.nodes.begin() + static_cast<long>(at), n);
    return c.nodes[at];
}

bool set_child(ConfigNode& block, const std::string& line, std::size_t keylen, const Rank& rank) {
    const auto w = util::words(line);
    for (std::size_t i = 0; i < block.children.size(); ++i) {
        if (!same_key(block.children[i].words(), w, keylen)) continue;
        const bool changed = block.children[i].text != line;
        block.children[i].text = line;
        for (std::size_t j = block.children.size(); j-- > i + 1;)
            if (same_key(block.children[j].words(), w, keylen))
                block.children.erase(block.children.begin() + static_cast<long>(j));
        return changed;
    }
    ConfigNode n;
    n.text = line;
    n.indent = block.children.empty() ? block.indent + 1 : block.children.front().indent;
    std::size_t at = block.children.size();
    if (rank) {
        const int r = rank(line);
        for (std::size_t i = 0; i < block.children.size(); ++i)
            if (rank(block.children[i].text) > r) {
                at = i;
                break;
            }
    }
    block.children.insert(block.children.begin() + static_cast<long>(at), n);
    return true;
}

std::size_t remove_children(ConfigNode& block, const std::vector<std::string>& words) {
    const auto before = block.children.size();
    const std::string prefix = util::join(words, " ");
    std::erase_if(block.children, [&](const ConfigNode& n) { return has_word_prefix(n.text, prefix); });
    return before - block.children.size();
}

namespace {

constexpr std::pair<const char*, const char*> kInterfaceTypes[] = {
    {"GigabitEthernet", "gi"},
    {"FastEthernet", "fa"},
    {"TenGigabitEthernet", "te"},
    {"TwentyFiveGigE", "twe"},
    {"FortyGigabitEthernet", "fo"},
    {"HundredGigE", "hu"},
    {"Ethernet", "et"},
    {"Loopback", "lo"},
    {"Vlan", "vl"},
    {"Port-channel", "po"},
    {"Tunnel", "tu"},
    {"Serial", "se"},
    {"Management", "ma"},
    {"AppGigabitEthernet", "ap"},
    {"BDI", "bd"},
};

std::pair<std::string, std::string> split_type(const std::string& name) {
    std::size_t i = 0;
    while (i < name.size() && !std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    return {name.substr(0, i), name.substr(i)};
}

}  // namespace

std::string expand_interface_name(const Config& c, const std::vector<std::string>& words) {
    std::string joined;
    for (const auto& w : words) joined += w;
    auto [type, number] = split_type(joined);
    if (type.empty()) return joined;
    // an existing interface the abbreviation names
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() != 2 || !util::iequals(w[0], "interface")) continue;
        auto [etype, enumber] = split_type(w[1]);
        if (enumber == number && util::is_prefix_ci(type, etype)) return w[1];
    }
    for (const auto& [full, shortest] : kInterfaceTypes)
        if (util::is_prefix_ci(type, full) && type.size() >= std::string_view(shortest).size()) return full + number;
    return joined;
}

}  // namespace vtyguard::lab
