// Key size from the `Key Data:` hex dump, which is a DER SubjectPublicKeyInfo (RFC 5280):
//   SEQUENCE { SEQUENCE { OID algorithm, parameters }, BIT STRING { public key } }
// RSA (rsaEncryption): the BIT STRING holds RSAPublicKey SEQUENCE { INTEGER modulus, INTEGER e };
// the size is the bit length of the modulus (its leading 00 sign byte dropped). EC
// (id-ecPublicKey): the size is that of the named curve in the parameters.
// No Spirit, no exceptions; every length is checked against the bytes present.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa {

struct DerKey {
    std::string type;         // `RSA`, `EC`, or empty for another algorithm
    std::optional<int> bits;  // nullopt for an EC curve not in the table, or another algorithm
};

// nullopt when the bytes are not a complete SubjectPublicKeyInfo.
std::optional<DerKey> decode_spki(const std::vector<std::uint8_t>& der);

}  // namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa
