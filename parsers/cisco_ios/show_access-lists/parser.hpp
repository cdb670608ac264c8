#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::cisco_ios::show_access_lists {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::cisco_ios::show_access_lists
