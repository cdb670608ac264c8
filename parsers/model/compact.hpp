// Compact value types for the text fields of ACL entries (model::Ace, Address, PortMatch).
//
// Captures hold hundreds of thousands of entries, and each entry has a dozen short "as written"
// fields. std::string is 32 bytes with room for 15 characters; these types keep the same values in
// less room, with plain value semantics (deep copies, no sharing), so the model stays a tree of
// values the engine may copy and edit.
//
// Contract:
//  - SmallString: a string value of 16 bytes, alignment 1 (so it packs next to bytes and enums).
//    Up to 15 characters are kept inline; longer values in one heap block of exactly their size
//    (+1 for the NUL). Converts implicitly to std::string_view and from std::string_view,
//    std::string and const char*; compares (==, <=>) with all of them; always NUL-terminated
//    (c_str()). str() makes a std::string. Values longer than 4 GiB throw std::length_error.
//  - TextArena: for a parser that makes many long strings at once (every entry's source line).
//    store() copies a value longer than 15 characters into a shared block (4 KiB, doubling to
//    64 KiB) instead of a heap block of its own: no allocation and no allocator overhead per
//    value (values over 1 KiB still get their own block). The block
//    counts the SmallStrings in it (copies included, atomically: copies may live on other
//    threads) and is freed with the last of them, so memory stays proportional to what is kept,
//    rounded up to whole blocks. Writing to such a SmallString makes it a plain one.
//  - WordList: a list of words as written (ports `22`, `www`; a range's two ends) kept in one
//    SmallString, each word followed by a NUL. Words must not contain NUL (words of a text line
//    never do). Indexing and iteration give std::string_views into the list, valid until it changes.
#pragma once

#include <algorithm>
#include <atomic>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vtyguard::model {

class TextArena;

class SmallString {
public:
    SmallString() noexcept { set_empty(); }
    SmallString(std::string_view s) { init(s); }  // NOLINT: implicit, like std::string
    SmallString(const char* s) { init(sv(s)); }
    SmallString(const std::string& s) { init(std::string_view(s)); }
    SmallString(const SmallString& o) {
        if (o.is_heap()) {
            init(o.view());
        } else {
            std::memcpy(buf_, o.buf_, kSize);
            if (is_shared()) block()->refs.fetch_add(1, std::memory_order_relaxed);
        }
    }
    SmallString(SmallString&& o) noexcept {
        std::memcpy(buf_, o.buf_, kSize);
        o.set_empty();
    }
    SmallString& operator=(const SmallString& o) {
        if (this != &o) *this = SmallString(o);  // a shared value stays shared
        return *this;
    }
    SmallString& operator=(SmallString&& o) noexcept {
        if (this != &o) {
            release();
            std::memcpy(buf_, o.buf_, kSize);
            o.set_empty();
        }
        return *this;
    }
    SmallString& operator=(std::string_view s) {
        assign(s);
        return *this;
    }
    SmallString& operator=(const char* s) {
        assign(sv(s));
        return *this;
    }
    SmallString& operator=(const std::string& s) {
        assign(std::string_view(s));
        return *this;
    }
    ~SmallString() { release(); }

    std::size_t size() const noexcept {
        if (is_inline()) return kInline - static_cast<unsigned char>(buf_[kInline]);
        std::uint32_t n;
        std::memcpy(&n, buf_ + sizeof(char*), sizeof n);
        return n;
    }
    std::size_t length() const noexcept { return size(); }
    bool empty() const noexcept { return size() == 0; }
    const char* data() const noexcept {
        if (is_inline()) return buf_;
        const char* p;
        std::memcpy(&p, buf_, sizeof p);
        return p;
    }
    const char* c_str() const noexcept { return data(); }
    std::string_view view() const noexcept { return {data(), size()}; }
    operator std::string_view() const noexcept { return view(); }  // NOLINT: implicit by design
    std::string str() const { return std::string(view()); }

    const char* begin() const noexcept { return data(); }
    const char* end() const noexcept { return data() + size(); }
    char operator[](std::size_t i) const noexcept { return data()[i]; }
    char front() const noexcept { return data()[0]; }
    char back() const noexcept { return data()[size() - 1]; }
    bool starts_with(std::string_view s) const noexcept { return view().starts_with(s); }
    bool ends_with(std::string_view s) const noexcept { return view().ends_with(s); }
    std::size_t find(std::string_view s, std::size_t pos = 0) const noexcept { return view().find(s, pos); }
    std::size_t find(char c, std::size_t pos = 0) const noexcept { return view().find(c, pos); }
    std::size_t rfind(std::string_view s, std::size_t pos = std::string_view::npos) const noexcept {
        return view().rfind(s, pos);
    }
    void clear() noexcept {
        release();
        set_empty();
    }
    void assign(std::string_view s) {
        if (s.size() <= kInline) {
            char tmp[kInline];  // `s` may point into this string
            copy_short(tmp, s.data(), s.size());
            release();
            copy_short(buf_, tmp, s.size());
            set_inline_size(s.size());
        } else {
            char* p = allocate(s);
            release();
            set_heap(p, s.size());
        }
    }
    SmallString& append(std::string_view s) {
        if (s.empty()) return *this;
        std::string joined;
        joined.reserve(size() + s.size());
        joined.append(view()).append(s);
        assign(joined);
        return *this;
    }
    SmallString& operator+=(std::string_view s) { return append(s); }

    friend bool operator==(const SmallString& a, const SmallString& b) noexcept { return a.view() == b.view(); }
    friend bool operator==(const SmallString& a, std::string_view b) noexcept { return a.view() == b; }
    friend bool operator==(const SmallString& a, const char* b) noexcept { return a.view() == sv(b); }
    friend bool operator==(const SmallString& a, const std::string& b) noexcept { return a.view() == b; }
    friend std::strong_ordering operator<=>(const SmallString& a, const SmallString& b) noexcept {
        return a.view() <=> b.view();
    }
    friend std::strong_ordering operator<=>(const SmallString& a, std::string_view b) noexcept {
        return a.view() <=> b;
    }
    friend std::strong_ordering operator<=>(const SmallString& a, const char* b) noexcept { return a.view() <=> sv(b); }
    friend std::strong_ordering operator<=>(const SmallString& a, const std::string& b) noexcept {
        return a.view() <=> std::string_view(b);
    }
    friend std::string operator+(const std::string& a, const SmallString& b) { return a + std::string(b.view()); }
    friend std::string operator+(std::string&& a, const SmallString& b) { return std::move(a.append(b.view())); }
    friend std::string operator+(const char* a, const SmallString& b) { return std::string(sv(a)).append(b.view()); }
    friend std::string operator+(const SmallString& a, const std::string& b) { return a.str() + b; }
    friend std::string operator+(const SmallString& a, const char* b) { return a.str().append(sv(b)); }
    friend std::string& operator+=(std::string& a, const SmallString& b) { return a.append(b.view()); }

private:
    friend class TextArena;

    // Layout: inline, bytes [0, n) hold the characters, byte 15 holds 15 - n (so a 15-character
    // value ends in the NUL it needs) and byte n a NUL. Heap: bytes [0, 8) the pointer, [8, 12)
    // the size, byte 15 kHeap (not a valid inline value). Shared: as heap, plus bytes [12, 15) the
    // offset of the characters in their TextArena block (blocks are smaller than 16 MiB), byte 15
    // kShared.
    static constexpr std::size_t kSize = 16;
    static constexpr std::size_t kInline = kSize - 1;
    static constexpr unsigned char kHeap = 0xFF;
    static constexpr unsigned char kShared = 0xFE;

    struct Block {
        std::atomic<std::uint32_t> refs;
    };

    // A value in a TextArena block (which counts this reference already).
    SmallString(const char* p, std::size_t n, std::size_t offset) noexcept {
        set_heap(const_cast<char*>(p), n);
        for (int i = 0; i < 3; ++i) buf_[12 + i] = static_cast<char>(offset >> (8 * i) & 0xFF);
        buf_[kInline] = static_cast<char>(kShared);
    }
    bool is_inline() const noexcept { return static_cast<unsigned char>(buf_[kInline]) <= kInline; }
    bool is_shared() const noexcept { return static_cast<unsigned char>(buf_[kInline]) == kShared; }
    Block* block() const noexcept {
        std::size_t off = 0;
        for (int i = 0; i < 3; ++i)
            off |= static_cast<std::size_t>(static_cast<unsigned char>(buf_[12 + i])) << (8 * i);
        return reinterpret_cast<Block*>(const_cast<char*>(data()) - off);
    }
    static void unref(Block* b) noexcept {
        if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            b->~Block();
            ::operator delete(static_cast<void*>(b));
        }
    }

    // `x = {}` picks the const char* overload with a null pointer: that is the empty string.
    static std::string_view sv(const char* s) noexcept { return s ? std::string_view(s) : std::string_view(); }

    // Copies n <= 15 bytes without a call to memcpy (a call per field was 4% of a parse): two
    // overlapping fixed-size copies, all within [0, n).
    static void copy_short(char* dst, const char* src, std::size_t n) noexcept {
        if (n >= 8) {
            std::memcpy(dst, src, 8);
            std::memcpy(dst + n - 8, src + n - 8, 8);
        } else if (n >= 4) {
            std::memcpy(dst, src, 4);
            std::memcpy(dst + n - 4, src + n - 4, 4);
        } else {
            for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
        }
    }
    bool is_heap() const noexcept { return static_cast<unsigned char>(buf_[kInline]) == kHeap; }
    void set_empty() noexcept { set_inline_size(0); }
    void set_inline_size(std::size_t n) noexcept {
        if (n < kInline) buf_[n] = '\0';
        buf_[kInline] = static_cast<char>(kInline - n);
    }
    void set_heap(char* p, std::size_t n) noexcept {
        const auto n32 = static_cast<std::uint32_t>(n);
        std::memcpy(buf_, &p, sizeof p);
        std::memcpy(buf_ + sizeof p, &n32, sizeof n32);
        buf_[kInline] = static_cast<char>(kHeap);
    }
    static char* allocate(std::string_view s) {
        if (s.size() > UINT32_MAX) throw std::length_error("SmallString: value too long");
        char* p = new char[s.size() + 1];
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
        return p;
    }
    void init(std::string_view s) {
        if (s.size() <= kInline) {
            copy_short(buf_, s.data(), s.size());
            set_inline_size(s.size());
        } else {
            set_heap(allocate(s), s.size());
        }
    }
    void release() noexcept {
        if (is_heap())
            delete[] const_cast<char*>(data());
        else if (is_shared())
            unref(block());
    }

    char buf_[kSize];
};

class TextArena {
public:
    TextArena() = default;
    TextArena(const TextArena&) = delete;
    TextArena& operator=(const TextArena&) = delete;
    ~TextArena() { drop(); }

    SmallString store(std::string_view s) {
        if (s.size() <= SmallString::kInline || s.size() + 1 > kLargest) return SmallString(s);
        if (!block_ || used_ + s.size() + 1 > size_) {
            drop();
            // 4 KiB first, doubling to 64 KiB: a capture of a few entries does not keep 64 KiB.
            size_ = size_ == 0 ? kFirstBlock : std::min(2 * size_, kBlockSize);
            void* raw = ::operator new(size_);
            block_ = new (raw) SmallString::Block{{1}};  // the arena's own reference
            used_ = kHeader;
        }
        char* p = reinterpret_cast<char*>(block_) + used_;
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
        const std::size_t offset = used_;
        used_ += s.size() + 1;
        block_->refs.fetch_add(1, std::memory_order_relaxed);
        return SmallString(p, s.size(), offset);
    }

private:
    static constexpr std::size_t kFirstBlock = 4 * 1024;
    static constexpr std::size_t kBlockSize = 64 * 1024;
    static constexpr std::size_t kHeader = sizeof(SmallString::Block);
    static constexpr std::size_t kLargest = kFirstBlock / 4;  // longer values get a heap block of their own

    void drop() noexcept {
        if (block_) SmallString::unref(block_);
        block_ = nullptr;
    }

    SmallString::Block* block_ = nullptr;
    std::size_t used_ = 0;
    std::size_t size_ = 0;  // of block_
};

class WordList {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::string_view*;
        using reference = std::string_view;

        iterator() = default;
        explicit iterator(const char* p) noexcept : p_(p) {}
        std::string_view operator*() const noexcept { return {p_, std::strlen(p_)}; }
        iterator& operator++() noexcept {
            p_ += std::strlen(p_) + 1;
            return *this;
        }
        iterator operator++(int) noexcept {
            auto old = *this;
            ++*this;
            return old;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.p_ == b.p_; }

    private:
        const char* p_ = nullptr;
    };
    using value_type = std::string_view;
    using const_iterator = iterator;

    WordList() = default;
    WordList(std::initializer_list<std::string_view> words) {
        for (auto w : words) push_back(w);
    }

    // Each word is followed by its NUL, so the list's NULs count its words (an empty word too).
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (char c : text_)
            if (c == '\0') ++n;
        return n;
    }
    bool empty() const noexcept { return text_.empty(); }
    iterator begin() const noexcept { return iterator(text_.data()); }
    iterator end() const noexcept { return iterator(text_.data() + text_.size()); }
    std::string_view operator[](std::size_t i) const noexcept {
        auto it = begin();
        while (i--) ++it;
        return *it;
    }
    std::string_view front() const noexcept { return *begin(); }
    void push_back(std::string_view word) {
        if (text_.empty() && word.size() < 15) {
            char tmp[15];
            if (!word.empty()) std::memcpy(tmp, word.data(), word.size());
            tmp[word.size()] = '\0';
            text_.assign(std::string_view(tmp, word.size() + 1));
            return;
        }
        std::string joined(text_.view());
        joined.append(word).push_back('\0');
        text_.assign(joined);
    }
    void emplace_back(std::string_view word) { push_back(word); }
    void reserve(std::size_t) noexcept {}  // a std::vector-compatible no-op: room is made on write
    void clear() noexcept { text_.clear(); }

    friend bool operator==(const WordList& a, const WordList& b) noexcept { return a.text_ == b.text_; }

private:
    SmallString text_;
};

}  // namespace vtyguard::model

template <>
struct std::hash<vtyguard::model::SmallString> {
    std::size_t operator()(const vtyguard::model::SmallString& s) const noexcept {
        return std::hash<std::string_view>{}(s.view());
    }
};
