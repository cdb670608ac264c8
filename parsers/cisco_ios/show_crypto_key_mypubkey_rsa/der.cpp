#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/der.hpp"

#include <algorithm>
#include <array>

namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa {

namespace {

struct Tlv {
    std::uint8_t tag = 0;
    std::size_t start = 0;  // first content byte
    std::size_t length = 0;
};

// Reads the TLV at `pos` inside [pos, end); definite lengths only (DER).
std::optional<Tlv> read_tlv(const std::vector<std::uint8_t>& b, std::size_t pos, std::size_t end) {
    if (pos + 2 > end) return std::nullopt;
    Tlv t;
    t.tag = b[pos++];
    std::size_t len = b[pos++];
    if (len & 0x80) {
        const std::size_t n = len & 0x7F;
        if (n == 0 || n > 4 || pos + n > end) return std::nullopt;
        len = 0;
        for (std::size_t i = 0; i < n; ++i) len = (len << 8) | b[pos++];
    }
    if (len > end - pos) return std::nullopt;
    t.start = pos;
    t.length = len;
    return t;
}

template <std::size_t N>
bool content_is(const std::vector<std::uint8_t>& b, const Tlv& t, const std::array<std::uint8_t, N>& oid) {
    return t.tag == 0x06 && t.length == N && std::equal(oid.begin(), oid.end(), b.begin() + t.start);
}

constexpr std::array<std::uint8_t, 9> kRsaEncryption{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01};
constexpr std::array<std::uint8_t, 7> kEcPublicKey{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01};
constexpr std::array<std::uint8_t, 8> kPrime256v1{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
constexpr std::array<std::uint8_t, 5> kSecp384r1{0x2B, 0x81, 0x04, 0x00, 0x22};
constexpr std::array<std::uint8_t, 5> kSecp521r1{0x2B, 0x81, 0x04, 0x00, 0x23};

}  // namespace

std::optional<DerKey> decode_spki(const std::vector<std::uint8_t>& b) {
    const auto spki = read_tlv(b, 0, b.size());
    if (!spki || spki->tag != 0x30) return std::nullopt;
    const std::size_t spki_end = spki->start + spki->length;
    const auto alg = read_tlv(b, spki->start, spki_end);
    if (!alg || alg->tag != 0x30) return std::nullopt;
    const std::size_t alg_end = alg->start + alg->length;
    const auto oid = read_tlv(b, alg->start, alg_end);
    if (!oid) return std::nullopt;
    const auto bits = read_tlv(b, alg_end, spki_end);
    if (!bits || bits->tag != 0x03 || bits->length < 1) return std::nullopt;

    DerKey key;
    if (content_is(b, *oid, kRsaEncryption)) {
        key.type = "RSA";
        // BIT STRING content: one `unused bits` byte (0), then RSAPublicKey.
        const std::size_t bits_end = bits->start + bits->length;
        const auto rsa = read_tlv(b, bits->start + 1, bits_end);
        if (!rsa || rsa->tag != 0x30) return std::nullopt;
        const auto modulus = read_tlv(b, rsa->start, rsa->start + rsa->length);
        if (!modulus || modulus->tag != 0x02) return std::nullopt;
        std::size_t p = modulus->start, n = modulus->length;
        while (n > 0 && b[p] == 0) ++p, --n;  // the 00 that keeps a high-bit modulus positive
        if (n == 0) return std::nullopt;
        int top = 0;
        for (auto v = b[p]; v; v >>= 1) ++top;
        key.bits = static_cast<int>((n - 1) * 8) + top;
        return key;
    }
    if (content_is(b, *oid, kEcPublicKey)) {
        key.type = "EC";
        const auto curve = read_tlv(b, oid->start + oid->length, alg_end);
        if (curve) {
            if (content_is(b, *curve, kPrime256v1)) key.bits = 256;
            if (content_is(b, *curve, kSecp384r1)) key.bits = 384;
            if (content_is(b, *curve, kSecp521r1)) key.bits = 521;
        }
        return key;
    }
    return key;  // another algorithm: complete, but neither type nor size known
}

}  // namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa
