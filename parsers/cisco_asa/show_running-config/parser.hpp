#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::cisco_asa::show_running_config {

// `show running-config` (and its `ssh`, `aaa`, `username`, `telnet`, `access-group` excerpts,
// `more system:running-config`, configuration backups) -> Device.
void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::cisco_asa::show_running_config
