#include "lab/sim/cmdtree.hpp"

#include "lab/sim/util.hpp"

namespace vtyguard::lab {

struct CmdTree::Node {
    enum class Kind { keyword, word, number, ipv4, line };
    Kind kind = Kind::keyword;
    std::string keyword;
    long long lo = 0, hi = 0;
    int handler = -1;
    int privilege = 15;  // lowest privilege of any command through this node
    std::vector<std::unique_ptr<Node>> children;

    bool accepts(std::string_view w) const {
        switch (kind) {
            case Kind::word:
            case Kind::line:
                return true;
            case Kind::number: {
                const auto n = util::to_number(w);
                return n && *n >= lo && *n <= hi;
            }
            case Kind::ipv4:
                return util::parse_ipv4(w).has_value();
            case Kind::keyword:
                return false;
        }
        return false;
    }
};

CmdTree::CmdTree() : root_(std::make_unique<Node>()) {}
CmdTree::~CmdTree() = default;
CmdTree::CmdTree(CmdTree&&) noexcept = default;
CmdTree& CmdTree::operator=(CmdTree&&) noexcept = default;

void CmdTree::add(std::string_view spec, int handler, int privilege) {
    Node* at = root_.get();
    at->privilege = std::min(at->privilege, privilege);
    for (const auto& tok : util::words(spec)) {
        Node probe;
        if (tok == "<WORD>") {
            probe.kind = Node::Kind::word;
        } else if (tok == "<LINE>") {
            probe.kind = Node::Kind::line;
        } else if (tok == "<A.B.C.D>") {
            probe.kind = Node::Kind::ipv4;
        } else if (tok.rfind("<N:", 0) == 0) {
            probe.kind = Node::Kind::number;
            const auto dash = tok.find('-', 3);
            probe.lo = util::to_number(tok.substr(3, dash - 3)).value_or(0);
            probe.hi = util::to_number(tok.substr(dash + 1, tok.size() - dash - 2)).value_or(0);
        } else {
            probe.kind = Node::Kind::keyword;
            probe.keyword = tok;
        }
        Node* next = nullptr;
        for (auto& c : at->children)
            if (c->kind == probe.kind && c->keyword == probe.keyword && c->lo == probe.lo && c->hi == probe.hi)
                next = c.get();
        if (!next) {
            auto fresh = std::make_unique<Node>();
            fresh->kind = probe.kind;
            fresh->keyword = probe.keyword;
            fresh->lo = probe.lo;
            fresh->hi = probe.hi;
            next = fresh.get();
            at->children.push_back(std::move(fresh));
        }
        next->privilege = std::min(next->privilege, privilege);
        at = next;
    }
    at->handler = handler;
}

// Depth-first with a preference for keywords, like IOS: a keyword that matches by prefix wins
// over a parameter; parameters are tried only when no keyword fits or the keyword path fails.
CmdMatch CmdTree::match(const std::vector<std::string>& words, int privilege) const {
    struct Impl {
        const std::vector<std::string>& w;
        int priv;

        CmdMatch go(const Node* n, std::size_t i, CmdMatch acc) const {
            if (i == w.size()) {
                if (n->handler >= 0) {
                    acc.status = CmdMatch::Status::ok;
                    acc.handler = n->handler;
                    return acc;
                }
                for (const auto& c : n->children)
                    if (c->kind == Node::Kind::line && c->handler >= 0 && c->privilege <= priv) {
                        acc.status = CmdMatch::Status::ok;
                        acc.handler = c->handler;
                        acc.params.emplace_back();
                        return acc;
                    }
                acc.status = CmdMatch::Status::incomplete;
                acc.error_word = i;
                return acc;
            }
            const std::string& word = w[i];
            std::vector<const Node*> exact, prefix;
            for (const auto& c : n->children) {
                if (c->kind != Node::Kind::keyword || c->privilege > priv) continue;
                if (util::iequals(c->keyword, word))
                    exact.push_back(c.get());
                else if (util::is_prefix_ci(word, c->keyword))
                    prefix.push_back(c.get());
            }
            CmdMatch best;
            best.status = CmdMatch::Status::invalid;
            best.error_word = i;
            const Node* kw = nullptr;
            if (!exact.empty())
                kw = exact.front();
            else if (prefix.size() == 1)
                kw = prefix.front();
            else if (prefix.size() > 1) {
                best.status = CmdMatch::Status::ambiguous;
                best.error_word = i;
            }
            if (kw) {
                CmdMatch next = acc;
                next.words.push_back(kw->keyword);
                auto r = go(kw, i + 1, std::move(next));
                if (r.status == CmdMatch::Status::ok) return r;
                best = r;
            }
            if (best.status == CmdMatch::Status::ambiguous) return best;
            for (const auto& c : n->children) {
                if (c->kind == Node::Kind::keyword || c->privilege > priv) continue;
                if (c->kind == Node::Kind::line) {
                    CmdMatch r = acc;
                    std::string rest;
                    for (std::size_t k = i; k < w.size(); ++k) {
                        if (k > i) rest += ' ';
                        rest += w[k];
                        r.words.push_back(w[k]);
                    }
                    r.params.push_back(rest);
                    if (c->handler >= 0) {
                        r.status = CmdMatch::Status::ok;
                        r.handler = c->handler;
                        return r;
                    }
                    continue;
                }
                if (!c->accepts(word)) continue;
                CmdMatch next = acc;
                next.words.push_back(word);
                next.params.push_back(word);
                auto r = go(c.get(), i + 1, std::move(next));
                if (r.status == CmdMatch::Status::ok) return r;
                if (best.status == CmdMatch::Status::invalid && r.error_word >= best.error_word)
                    best = r;
                else if (r.status == CmdMatch::Status::incomplete && best.status == CmdMatch::Status::invalid &&
                         r.error_word >= best.error_word)
                    best = r;
            }
            return best;
        }
    };
    Impl impl{words, privilege};
    if (root_->privilege > privilege) {
        CmdMatch m;
        m.status = CmdMatch::Status::invalid;
        return m;
    }
    return impl.go(root_.get(), 0, CmdMatch{});
}

std::size_t word_offset(std::string_view line, std::size_t index) {
    std::size_t i = 0, count = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        if (count == index) return i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        ++count;
    }
    return line.size();
}

}  // namespace vtyguard::lab
