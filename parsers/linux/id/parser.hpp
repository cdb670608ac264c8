#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::lnx::id {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::lnx::id
