#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::lnx::service_ssh_status {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::lnx::service_ssh_status
