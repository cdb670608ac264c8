#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

// A configuration, whole or in part; blocks that do not bear on SSH access are ignored on purpose.
void parse(const ParseInput& input, ParseResult& out);

// `show running-config | section line vty`: line blocks only; anything else is reported.
void parse_line_section(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
