#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::lnx::sshd_t {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::lnx::sshd_t
