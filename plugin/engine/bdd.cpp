#include "plugin/engine/bdd.hpp"

#include <algorithm>
#include <cmath>

namespace vtyguard::engine {

namespace {
constexpr std::uint8_t kOpAnd = 0, kOpOr = 1, kOpDiff = 2, kOpNot = 3, kOpQuant = 4, kOpSubset = 5, kOpIntersects = 6;
}

Bdd::Bdd(unsigned num_vars) : num_vars_(num_vars), unique_(1u << 10), cache_(1u << 10) {
    // Terminals sit below every variable.
    nodes_.push_back(N{num_vars, 0, 0});  // false
    nodes_.push_back(N{num_vars, 1, 1});  // true
}

void Bdd::grow_unique() {
    rehash(unique_.size() * 2);
}

void Bdd::rehash(std::size_t slots) {
    std::vector<Slot> bigger(slots);
    const std::size_t mask = bigger.size() - 1;
    for (const Slot& s : unique_) {
        if (s.id == 0) continue;
        std::size_t i = hash3(s.var, s.lo, s.hi) & mask;
        while (bigger[i].id != 0) i = (i + 1) & mask;
        bigger[i] = s;
    }
    unique_.swap(bigger);
    // Keep the operation cache in proportion to the diagram (it starts small: an audit builds
    // many small analyzers, and zeroing a large cache for each cost more than the analysis), at a
    // sixteenth of the unique table: the unions of ACL entries rarely repeat an operation, and a
    // cache as large as the table cost more in fresh pages than it saved (10,000-entry ACL:
    // 134 -> 82 ms; tests/bench/engine_bench).
    std::size_t want = cache_.size();
    while (want < unique_.size() / 16 && want < (1u << 22)) want *= 2;
    if (want > cache_.size()) cache_.assign(want, CacheEntry{});
}

bool Bdd::cache_get(std::uint8_t op, Node a, Node b, Node& r) const {
    const auto& e = cache_[hash3(op, a, b) & (cache_.size() - 1)];
    if (e.op != op || e.a != a || e.b != b) return false;
    r = e.r;
    return true;
}

void Bdd::cache_put(std::uint8_t op, Node a, Node b, Node r) {
    cache_[hash3(op, a, b) & (cache_.size() - 1)] = CacheEntry{a, b, r, op};
}

Bdd::Node Bdd::make(std::uint32_t var, Node lo, Node hi) {
    if (lo == hi) return lo;
    const std::size_t mask = unique_.size() - 1;
    std::size_t i = hash3(var, lo, hi) & mask;
    while (unique_[i].id != 0) {
        const Slot& s = unique_[i];
        if (s.var == var && s.lo == lo && s.hi == hi) return s.id;
        i = (i + 1) & mask;
    }
    const Node id = static_cast<Node>(nodes_.size());
    nodes_.push_back(N{var, lo, hi});
    unique_[i] = Slot{var, lo, hi, id};
    if (nodes_.size() * 2 > unique_.size()) grow_unique();  // load factor at most 1/2
    return id;
}

Bdd::Node Bdd::var(unsigned v) {
    return make(v, kFalse, kTrue);
}
Bdd::Node Bdd::nvar(unsigned v) {
    return make(v, kTrue, kFalse);
}

Bdd::Node Bdd::apply(Op op, Node a, Node b) {
    // Terminal cases first: most calls against a large set end here or follow one path.
    switch (op) {
        case Op::and_:
            if (a == kFalse || b == kFalse) return kFalse;
            if (a == kTrue) return b;
            if (b == kTrue || a == b) return a;
            if (a > b) std::swap(a, b);
            break;
        case Op::or_:
            if (a == kTrue || b == kTrue) return kTrue;
            if (a == kFalse) return b;
            if (b == kFalse || a == b) return a;
            if (a > b) std::swap(a, b);
            break;
        case Op::diff:
            if (a == kFalse || b == kTrue || a == b) return kFalse;
            if (b == kFalse) return a;
            if (a == kTrue) return lnot(b);
            break;
    }
    const auto code = static_cast<std::uint8_t>(op == Op::and_ ? kOpAnd : op == Op::or_ ? kOpOr : kOpDiff);
    Node cached;
    if (cache_get(code, a, b, cached)) return cached;
    const auto va = top(a), vb = top(b);
    const auto v = std::min(va, vb);
    const Node alo = va == v ? nodes_[a].lo : a, ahi = va == v ? nodes_[a].hi : a;
    const Node blo = vb == v ? nodes_[b].lo : b, bhi = vb == v ? nodes_[b].hi : b;
    const Node lo = apply(op, alo, blo);
    const Node hi = apply(op, ahi, bhi);
    const Node r = make(v, lo, hi);
    cache_put(code, a, b, r);
    return r;
}

void Bdd::reserve(std::size_t nodes) {
    nodes_.reserve(nodes);
    std::size_t want = unique_.size();
    while (want < nodes * 2) want *= 2;
    if (want > unique_.size()) rehash(want);
}

// subset: a implies b; intersects: a and b share an assignment. Memoised in the operation cache
// with the answer stored as the result node (0 or 1).
bool Bdd::relation(std::uint8_t op, Node a, Node b) {
    if (op == kOpSubset) {
        if (a == kFalse || b == kTrue || a == b) return true;
        if (b == kFalse || a == kTrue) return false;
    } else {
        if (a == kFalse || b == kFalse) return false;
        if (a == kTrue || b == kTrue || a == b) return true;
        if (a > b) std::swap(a, b);
    }
    Node cached;
    if (cache_get(op, a, b, cached)) return cached == kTrue;
    const auto va = top(a), vb = top(b);
    const auto v = std::min(va, vb);
    const Node alo = va == v ? nodes_[a].lo : a, ahi = va == v ? nodes_[a].hi : a;
    const Node blo = vb == v ? nodes_[b].lo : b, bhi = vb == v ? nodes_[b].hi : b;
    const bool r = op == kOpSubset ? relation(op, alo, blo) && relation(op, ahi, bhi)
                                   : relation(op, alo, blo) || relation(op, ahi, bhi);
    cache_put(op, a, b, r ? kTrue : kFalse);
    return r;
}

bool Bdd::subset(Node a, Node b) {
    return relation(kOpSubset, a, b);
}
bool Bdd::intersects(Node a, Node b) {
    return relation(kOpIntersects, a, b);
}

Bdd::Node Bdd::land(Node a, Node b) {
    return apply(Op::and_, a, b);
}
Bdd::Node Bdd::lor(Node a, Node b) {
    return apply(Op::or_, a, b);
}
Bdd::Node Bdd::diff(Node a, Node b) {
    return apply(Op::diff, a, b);
}

Bdd::Node Bdd::lnot(Node a) {
    if (a == kFalse) return kTrue;
    if (a == kTrue) return kFalse;
    Node cached;
    if (cache_get(kOpNot, a, 0, cached)) return cached;
    const N n = nodes_[a];
    const Node r = make(n.var, lnot(n.lo), lnot(n.hi));
    cache_put(kOpNot, a, 0, r);
    return r;
}

Bdd::Node Bdd::field_cube(unsigned first, unsigned width, std::uint64_t value, std::uint64_t care) {
    // Built bottom-up so each step is one make(): the least significant bit is the deepest variable.
    Node r = kTrue;
    for (unsigned i = 0; i < width; ++i) {
        const unsigned bit = i;                      // bit position within the field, LSB = 0
        const unsigned v = first + (width - 1 - i);  // its variable
        if (!((care >> bit) & 1u)) continue;
        r = ((value >> bit) & 1u) ? make(v, kFalse, r) : make(v, r, kFalse);
    }
    return r;
}

Bdd::Node Bdd::restrict_var(Node f, unsigned v, bool value) {
    if (top(f) > v) return f;  // f does not depend on v (terminals have var == num_vars)
    if (top(f) == v) return value ? nodes_[f].hi : nodes_[f].lo;
    const N n = nodes_[f];
    return make(n.var, restrict_var(n.lo, v, value), restrict_var(n.hi, v, value));
}

void Bdd::new_quantification() {
    // 255 quantifications share the cache through distinct epochs; then stale entries are wiped.
    if (++quant_epoch_ == 0) {
        for (auto& e : cache_)
            if (e.op == kOpQuant) e = CacheEntry{};
        quant_epoch_ = 1;
    }
}

Bdd::Node Bdd::quantify(Node f, unsigned first, unsigned last, bool existential) {
    const auto v = top(f);
    if (v >= last) return f;  // below the range (or a terminal): unchanged
    // The cache key carries the range and kind of this quantification (epoch), not just f.
    Node cached;
    if (cache_get(kOpQuant, f, quant_epoch_, cached)) return cached;
    const N n = nodes_[f];
    const Node lo = quantify(n.lo, first, last, existential);
    const Node hi = quantify(n.hi, first, last, existential);
    Node r;
    if (v >= first)
        r = existential ? lor(lo, hi) : land(lo, hi);
    else
        r = make(v, lo, hi);
    cache_put(kOpQuant, f, quant_epoch_, r);
    return r;
}

Bdd::Node Bdd::exists(Node f, unsigned first, unsigned width) {
    if (width == 0) return f;
    new_quantification();
    return quantify(f, first, first + width, true);
}

Bdd::Node Bdd::forall(Node f, unsigned first, unsigned width) {
    if (width == 0) return f;
    new_quantification();
    return quantify(f, first, first + width, false);
}

bool Bdd::eval(Node f, const std::function<bool(unsigned)>& bit) const {
    while (f > kTrue) f = bit(nodes_[f].var) ? nodes_[f].hi : nodes_[f].lo;
    return f == kTrue;
}

void Bdd::for_each_cube(Node f, const std::function<bool(const std::vector<std::int8_t>&)>& fn) const {
    std::vector<std::int8_t> cube(num_vars_, -1);
    bool go = true;
    std::function<void(Node)> walk = [&](Node n) {
        if (!go || n == kFalse) return;
        if (n == kTrue) {
            go = fn(cube);
            return;
        }
        const N node = nodes_[n];
        cube[node.var] = 0;
        walk(node.lo);
        cube[node.var] = 1;
        walk(node.hi);
        cube[node.var] = -1;
    };
    walk(f);
}

bool Bdd::single_cube(Node f, std::vector<std::uint64_t>& value, std::vector<std::uint64_t>& care) const {
    const std::size_t words = (num_vars_ + 63) / 64;
    value.assign(words, 0);
    care.assign(words, 0);
    while (f > kTrue) {
        const N& n = nodes_[f];
        const std::uint64_t bit = std::uint64_t{1} << (n.var % 64);
        if (n.lo == kFalse) {
            value[n.var / 64] |= bit;
            f = n.hi;
        } else if (n.hi == kFalse) {
            f = n.lo;
        } else {
            return false;
        }
        care[n.var / 64] |= bit;
    }
    return f == kTrue;
}

double Bdd::sat_count(Node f, unsigned first, unsigned width) const {
    std::unordered_map<Node, double> memo;
    const unsigned last = first + width;
    // count(n) = assignments of the variables from level(n) to `last` that satisfy n.
    std::function<double(Node)> count = [&](Node n) -> double {
        if (n == kFalse) return 0.0;
        if (n == kTrue) return 1.0;
        if (auto it = memo.find(n); it != memo.end()) return it->second;
        const N node = nodes_[n];
        auto level = [&](Node c) { return std::min<unsigned>(nodes_[c].var, last); };
        const double lo = count(node.lo) * std::ldexp(1.0, static_cast<int>(level(node.lo) - node.var - 1));
        const double hi = count(node.hi) * std::ldexp(1.0, static_cast<int>(level(node.hi) - node.var - 1));
        return memo[n] = lo + hi;
    };
    const unsigned top_level = std::min<unsigned>(nodes_[f].var, last);
    return count(f) * std::ldexp(1.0, static_cast<int>(top_level - first));
}

}  // namespace vtyguard::engine
