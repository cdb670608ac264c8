// Reads a whole /etc/hosts.allow or /etc/hosts.deny capture into model::HostsAccess (shared by the
// two `cat` parsers; no Spirit in this header).
//
// Contract: `#` lines are comments and blank lines are ignored; a line ending in `\` continues on
// the next one (the rule keeps its first line number); each rule is parsed by grammar.cpp and
// anything else is a diagnostic. `cat: /etc/hosts.deny: No such file or directory` means the file
// does not exist (`exists` false: no rules); a refusal sets `not_collected`.
#pragma once

#include "parsers/parse.hpp"

namespace vtyguard::parsers::lnx::hosts_access {

model::HostsAccess read(const ParseInput& input, ParseResult& out);

}  // namespace vtyguard::parsers::lnx::hosts_access
