#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::cisco_asa::show_route {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::cisco_asa::show_route
