// JSON form of the device model (SPEC section 12; `vtyguard parse` output).
//
// Contract: the key names here are the public contract other tools rely on. ACL entries use the
// field names of SPEC section 12; absent optional values are emitted as null for the contract
// fields and omitted for the rest; lists are always emitted (possibly empty).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "parsers/parse.hpp"

namespace vtyguard::json {

nlohmann::ordered_json to_json(const model::Ace& ace);
nlohmann::ordered_json to_json(const model::Acl& acl);
nlohmann::ordered_json to_json(const model::Diagnostic& d);

// Serialises for output. Captures are not always UTF-8 (Latin-1 banners, line noise): invalid
// bytes become U+FFFD instead of throwing.
std::string dump(const nlohmann::ordered_json& j, int indent = 2);

// `{platform, command, diagnostics, <sections...>}`.
nlohmann::ordered_json parse_result(const parsers::ParseResult& r, std::string_view command, std::uint32_t sections);

}  // namespace vtyguard::json
