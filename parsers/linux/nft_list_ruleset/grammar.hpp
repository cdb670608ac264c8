// Grammar entry point. Spirit stays inside grammar.cpp: this header exposes a plain function.
#pragma once

#include <string_view>

#include "parsers/linux/nft_list_ruleset/ast.hpp"

namespace vtyguard::parsers::lnx::nft_list_ruleset {

// True when the whole (logical) line is one line of `nft list ruleset`; `out.kind` says which.
// A line that could be a rule is a rule here: which of its tokens nft would accept is decided by
// the caller.
bool parse_line(std::string_view line, ast::Line& out);

}  // namespace vtyguard::parsers::lnx::nft_list_ruleset
