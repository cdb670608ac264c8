#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::lnx::nft_list_ruleset {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::lnx::nft_list_ruleset
