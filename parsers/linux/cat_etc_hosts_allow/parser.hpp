#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::lnx::cat_etc_hosts_allow {

void parse(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::lnx::cat_etc_hosts_allow
