// Cisco-style command matching (private to lab/sim): commands are declared as specs like
// `show ip route vrf <WORD> <A.B.C.D>` and merged into a tree; typed input matches keywords by
// unique prefix (`sh ip ro`), so abbreviations, `% Ambiguous command`, `% Incomplete command` and
// the caret position of `% Invalid input` come out of one place.
//
// Spec tokens: a keyword, `<WORD>` (any word), `<N:lo-hi>` (a number in range), `<A.B.C.D>`
// (IPv4 address), `<LINE>` (the rest of the line, possibly empty).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vtyguard::lab {

struct CmdMatch {
    enum class Status { ok, invalid, incomplete, ambiguous };
    Status status = Status::invalid;
    int handler = -1;
    std::vector<std::string> words;   // the typed words with keywords expanded
    std::vector<std::string> params;  // parameter words in order (`<LINE>` joined as one)
    std::size_t error_word = 0;       // invalid/ambiguous: index of the offending word
};

class CmdTree {
public:
    CmdTree();
    ~CmdTree();
    CmdTree(CmdTree&&) noexcept;
    CmdTree& operator=(CmdTree&&) noexcept;

    // Adds a command; `privilege` is the lowest level that sees it.
    void add(std::string_view spec, int handler, int privilege = 1);
    CmdMatch match(const std::vector<std::string>& words, int privilege = 15) const;

private:
    struct Node;
    std::unique_ptr<Node> root_;
};

// Offset in `line` where word `index` starts (for the caret), or line.size() past the end.
std::size_t word_offset(std::string_view line, std::size_t index);

}  // namespace vtyguard::lab
