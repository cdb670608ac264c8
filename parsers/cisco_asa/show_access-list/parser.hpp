#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::cisco_asa::show_access_list {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::cisco_asa::show_access_list
