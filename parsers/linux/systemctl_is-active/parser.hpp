#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::lnx::systemctl_is_active {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::lnx::systemctl_is_active
