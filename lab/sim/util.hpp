// Small text, address and secret helpers shared by the simulator's translation units (private to
// lab/sim). Nothing here knows about devices; every function is pure and never throws for bad
// input (parsers return nullopt).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtyguard::lab::util {

std::vector<std::string> words(std::string_view text);  // split on runs of blanks
std::string join(const std::vector<std::string>& parts, std::string_view sep, std::size_t from = 0);
std::string_view trim(std::string_view s);
std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// `abbrev` is a non-empty case-insensitive prefix of `word`.
bool is_prefix_ci(std::string_view abbrev, std::string_view word);
std::optional<long long> to_number(std::string_view s);       // decimal, no sign
std::vector<std::string> split_lines(std::string_view text);  // on \n, \r\n; no trailing empty line
std::string pad_right(std::string_view s, std::size_t width);
std::string pad_left(std::string_view s, std::size_t width);

// IPv4 addresses as host-order integers.
std::optional<std::uint32_t> parse_ipv4(std::string_view s);
std::string format_ipv4(std::uint32_t a);
std::uint32_t mask_of_length(int length);  // 0..32
// Prefix length of a contiguous netmask, nullopt when the mask is not contiguous.
std::optional<int> length_of_mask(std::uint32_t mask);

// Deterministic 64-bit mixing for the values the sim makes up (key material, hashes, salts):
// the same input always gives the same output so outputs are stable between runs.
std::uint64_t fnv1a(std::string_view s, std::uint64_t seed = 0xcbf29ce484222325ULL);
std::uint64_t mix64(std::uint64_t x);
// `count` pseudo-random bytes derived from `seed`.
std::string bytes_from_seed(std::string_view seed, std::size_t count);

std::string base64(std::string_view bytes);  // RFC 4648 with padding
std::string hex_upper(std::string_view bytes);

// Cisco type 7 (reversible) password encoding, as `service password-encryption` writes it.
std::string type7_encode(std::string_view plain, int offset = 2);
std::optional<std::string> type7_decode(std::string_view encoded);

// The sim's stand-in for one-way secrets. The format looks like the real one (IOS type 9
// `$9$salt$hash`, ASA `$sha512$5000$salt$hash pbkdf2` without the trailing keyword); the hash is
// the sim's own keyed mix, not scrypt or PBKDF2, because nothing outside the lab ever checks it
// and 1,000 devices must load fast. verify_* recompute it from the salt in the stored form.
std::string ios_type9(std::string_view plain, std::string_view salt_seed);
bool verify_ios_type9(std::string_view stored, std::string_view plain);
std::string asa_pbkdf2(std::string_view plain, std::string_view salt_seed);
bool verify_asa_pbkdf2(std::string_view stored, std::string_view plain);

}  // namespace vtyguard::lab::util
