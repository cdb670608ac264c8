#include "plugin/engine/prefix.hpp"

#include <charconv>

namespace vtyguard::engine {

namespace {

bool bit(const std::array<std::uint8_t, 16>& b, unsigned i) {
    return (b[i / 8] >> (7 - i % 8)) & 1u;
}
void set_bit(std::array<std::uint8_t, 16>& b, unsigned i, bool v) {
    const auto m = static_cast<std::uint8_t>(0x80u >> (i % 8));
    b[i / 8] = static_cast<std::uint8_t>(v ? (b[i / 8] | m) : (b[i / 8] & ~m));
}

std::array<std::uint8_t, 16> length_mask(int length) {
    std::array<std::uint8_t, 16> m{};
    for (int i = 0; i < length && i < 128; ++i) set_bit(m, static_cast<unsigned>(i), true);
    return m;
}

// The length of a contiguous netmask; nullopt when the mask has holes.
std::optional<int> mask_length(const IpAddress& m) {
    const unsigned width = m.family == model::AddressFamily::ipv4 ? 32u : 128u;
    int n = 0;
    bool zero_seen = false;
    for (unsigned i = 0; i < width; ++i) {
        if (bit(m.bytes, i)) {
            if (zero_seen) return std::nullopt;
            ++n;
        } else {
            zero_seen = true;
        }
    }
    return n;
}

std::string trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

std::optional<Prefix> Prefix::of(std::string_view address, std::string_view netmask, int prefix_length) {
    auto a = IpAddress::parse(trim(address));
    if (!a) return std::nullopt;
    Prefix p;
    p.address = *a;
    const int width = a->family == model::AddressFamily::ipv4 ? 32 : 128;
    if (prefix_length >= 0) {
        if (prefix_length > width) return std::nullopt;
        p.length = prefix_length;
    } else if (!netmask.empty()) {
        auto m = IpAddress::parse(trim(netmask));
        if (!m || m->family != a->family) return std::nullopt;
        auto len = mask_length(*m);
        if (!len) return std::nullopt;
        p.length = *len;
    } else {
        p.length = width;
    }
    const auto m = length_mask(p.length);
    for (std::size_t i = 0; i < 16; ++i) p.address.bytes[i] &= m[i];
    return p;
}

std::optional<Prefix> Prefix::parse(std::string_view text) {
    const std::string t = trim(text);
    if (auto slash = t.find('/'); slash != std::string::npos) {
        int len = -1;
        const char* b = t.data() + slash + 1;
        const char* e = t.data() + t.size();
        auto [ptr, ec] = std::from_chars(b, e, len);
        if (ec != std::errc() || ptr != e || b == e) return std::nullopt;
        return of(std::string_view(t).substr(0, slash), {}, len);
    }
    if (auto sp = t.find(' '); sp != std::string::npos)
        return of(std::string_view(t).substr(0, sp), std::string_view(t).substr(sp + 1), -1);
    return of(t, {}, -1);
}

bool Prefix::contains(const IpAddress& a) const {
    if (a.family != address.family) return false;
    for (unsigned i = 0; i < static_cast<unsigned>(length); ++i)
        if (bit(a.bytes, i) != bit(address.bytes, i)) return false;
    return true;
}

bool Prefix::contains(const Prefix& p) const {
    return p.address.family == address.family && p.length >= length && contains(p.address);
}

std::string Prefix::str() const {
    return address.str() + "/" + std::to_string(length);
}

Pattern Pattern::of(const Prefix& p) {
    Pattern out;
    out.family = p.address.family;
    out.care = length_mask(p.length);
    for (std::size_t i = 0; i < 16; ++i) out.value[i] = p.address.bytes[i] & out.care[i];
    return out;
}

std::optional<Pattern> Pattern::parse(std::string_view listing) {
    const std::string t = trim(listing);
    for (std::string_view sep : {" wildcard ", " mask "}) {
        auto at = t.find(sep);
        if (at == std::string::npos) continue;
        auto a = IpAddress::parse(t.substr(0, at));
        auto m = IpAddress::parse(t.substr(at + sep.size()));
        if (!a || !m || a->family != m->family) return std::nullopt;
        Pattern out;
        out.family = a->family;
        const unsigned bytes = out.width() / 8;
        for (unsigned i = 0; i < bytes; ++i) {
            out.care[i] = sep == " wildcard " ? static_cast<std::uint8_t>(~m->bytes[i]) : m->bytes[i];
            out.value[i] = a->bytes[i] & out.care[i];
        }
        return out;
    }
    auto p = Prefix::parse(t);
    if (!p) return std::nullopt;
    return of(*p);
}

unsigned Pattern::free_bits() const {
    unsigned n = 0;
    for (unsigned i = 0; i < width(); ++i)
        if (!bit(care, i)) ++n;
    return n;
}

bool Pattern::contiguous() const {
    bool zero_seen = false;
    for (unsigned i = 0; i < width(); ++i) {
        if (!bit(care, i))
            zero_seen = true;
        else if (zero_seen)
            return false;
    }
    return true;
}

IpAddress Pattern::first() const {
    IpAddress a;
    a.family = family;
    a.bytes = value;
    return a;
}

std::optional<Pattern> Pattern::intersect(const Pattern& o) const {
    if (o.family != family) return std::nullopt;
    Pattern out;
    out.family = family;
    for (std::size_t i = 0; i < 16; ++i) {
        const auto both = static_cast<std::uint8_t>(care[i] & o.care[i]);
        if ((value[i] ^ o.value[i]) & both) return std::nullopt;
        out.care[i] = care[i] | o.care[i];
        out.value[i] = value[i] | o.value[i];
    }
    return out;
}

std::vector<Pattern> Pattern::minus(const Pattern& o) const {
    if (!intersect(o)) return {*this};
    // Peel off, bit by bit, the halves that leave o: what remains at the end lies inside o.
    std::vector<Pattern> out;
    Pattern cur = *this;
    for (unsigned i = 0; i < width(); ++i) {
        if (!bit(o.care, i) || bit(cur.care, i)) continue;
        Pattern off = cur;
        set_bit(off.care, i, true);
        set_bit(off.value, i, !bit(o.value, i));
        out.push_back(off);
        set_bit(cur.care, i, true);
        set_bit(cur.value, i, bit(o.value, i));
    }
    return out;
}

std::optional<std::string> Pattern::ios() const {
    const unsigned free = free_bits();
    if (free == width()) return std::string("any");
    if (free == 0) return "host " + first().str();
    if (family == model::AddressFamily::ipv6) {
        if (!contiguous()) return std::nullopt;
        return first().str() + "/" + std::to_string(width() - free);
    }
    IpAddress w;
    w.family = family;
    for (unsigned i = 0; i < 4; ++i) w.bytes[i] = static_cast<std::uint8_t>(~care[i]);
    return first().str() + " " + w.str();
}

std::string Pattern::str() const {
    if (contiguous()) return first().str() + "/" + std::to_string(width() - free_bits());
    IpAddress m;
    m.family = family;
    if (family == model::AddressFamily::ipv4) {
        for (unsigned i = 0; i < 4; ++i) m.bytes[i] = static_cast<std::uint8_t>(~care[i]);
        return first().str() + " wildcard " + m.str();
    }
    m.bytes = care;
    return first().str() + " mask " + m.str();
}

std::vector<Pattern> subtract(std::vector<Pattern> list, const std::vector<Pattern>& remove) {
    for (const auto& r : remove) {
        std::vector<Pattern> next;
        for (const auto& d : list) {
            auto parts = d.minus(r);
            next.insert(next.end(), parts.begin(), parts.end());
        }
        list = std::move(next);
        if (list.empty()) break;
    }
    return list;
}

}  // namespace vtyguard::engine
