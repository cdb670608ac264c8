// A small reduced ordered binary decision diagram package for exact set arithmetic over packet
// headers (SPEC section 5: "exact means interval or bit-set arithmetic, not sampling").
//
// Contract:
//  - One Bdd object is one manager; nodes of different managers never mix. No global state, so
//    analyses run in parallel threads with a manager each (BuDDy, the packaged alternative, keeps
//    one global manager and exits the process on some errors).
//  - Node ids are stable for the manager's lifetime; there is no garbage collection: a manager is
//    meant to live for one analysis (one ACL, one device) and be dropped.
//  - Variable 0 is the top of the order.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace vtyguard::engine {

class Bdd {
public:
    using Node = std::uint32_t;
    static constexpr Node kFalse = 0;
    static constexpr Node kTrue = 1;

    explicit Bdd(unsigned num_vars);

    unsigned num_vars() const { return num_vars_; }
    std::size_t size() const { return nodes_.size(); }

    Node var(unsigned v);   // the function "bit v is 1"
    Node nvar(unsigned v);  // "bit v is 0"

    Node land(Node a, Node b);
    Node lor(Node a, Node b);
    Node lnot(Node a);
    Node diff(Node a, Node b);  // a and not b
    // Set relations decided without building the result (no new nodes).
    bool intersects(Node a, Node b);
    bool subset(Node a, Node b);  // a implies b

    // Room for about `nodes` nodes, to avoid rehashing while an analysis grows.
    void reserve(std::size_t nodes);

    // Conjunction of literals: bits [first, first+width) equal to `value`'s bits where `care` has
    // a 1 (most significant bit of the field first). Fields wider than 64 bits are built from
    // several calls.
    Node field_cube(unsigned first, unsigned width, std::uint64_t value, std::uint64_t care);

    // Cofactor: f with variable v fixed to `value`.
    Node restrict_var(Node f, unsigned v, bool value);
    // Quantification over the variables [first, first+width).
    Node exists(Node f, unsigned first, unsigned width);
    Node forall(Node f, unsigned first, unsigned width);

    // Evaluates f at a full assignment (bit(v) gives variable v's value).
    bool eval(Node f, const std::function<bool(unsigned)>& bit) const;

    // Disjoint cubes covering f: for each, `cube[v]` is 0, 1 or -1 (don't care). Stops early when
    // the callback returns false.
    void for_each_cube(Node f, const std::function<bool(const std::vector<std::int8_t>&)>& fn) const;

    // When f is a single cube (one path to true), its literals packed 64 variables to a word:
    // bit v of `care` set when variable v is fixed, and then bit v of `value` is its value.
    bool single_cube(Node f, std::vector<std::uint64_t>& value, std::vector<std::uint64_t>& care) const;

    // Number of satisfying assignments of the variables [first, first+width), f depending only on
    // those (as a double: it may exceed 2^64).
    double sat_count(Node f, unsigned first, unsigned width) const;

private:
    struct N {
        std::uint32_t var, lo, hi;
    };
    Node make(std::uint32_t var, Node lo, Node hi);
    enum class Op { and_, or_, diff };
    Node apply(Op op, Node a, Node b);
    Node quantify(Node f, unsigned first, unsigned last, bool existential);
    std::uint32_t top(Node a) const { return nodes_[a].var; }

    // Unique table: open addressing; each slot holds the node's key beside its id (0 = empty slot;
    // node 0 is a terminal and never stored), so a probe touches one cache line instead of two:
    // building the union of a 10,000-entry ACL spent half its time in these lookups. Operation caches: direct-mapped
    // and lossy, as BDD packages do; a lost entry only costs a recomputation.
    struct CacheEntry {
        std::uint32_t a = 0, b = 0, r = 0;
        std::uint8_t op = 0xFF;
    };
    static std::uint64_t hash3(std::uint64_t x, std::uint64_t y, std::uint64_t z) {
        std::uint64_t h = x * 0x9E3779B97F4A7C15ULL ^ (y + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL ^
                          (z + 0x94D049BB133111EBULL) * 0xD6E8FEB86659FD93ULL;
        return h ^ (h >> 32);
    }
    void grow_unique();
    void rehash(std::size_t slots);
    void new_quantification();
    bool relation(std::uint8_t op, Node a, Node b);
    bool cache_get(std::uint8_t op, Node a, Node b, Node& r) const;
    void cache_put(std::uint8_t op, Node a, Node b, Node r);

    unsigned num_vars_;
    std::vector<N> nodes_;
    struct Slot {
        std::uint32_t var = 0, lo = 0, hi = 0, id = 0;
    };
    std::vector<Slot> unique_;       // power-of-two size
    std::vector<CacheEntry> cache_;  // power-of-two size
    std::uint8_t quant_epoch_ = 0;   // distinguishes quantifications in the cache
};

}  // namespace vtyguard::engine
