// Grammar entry points. Spirit stays inside grammar.cpp: this header exposes plain functions.
#pragma once

#include <string_view>

#include "parsers/cisco_asa/show_access-list/ast.hpp"

namespace vtyguard::parsers::cisco_asa::show_access_list {

// The text after `access-list NAME` of an ACL header: `; 3 elements; name hash: 0x6b9de50d`.
bool parse_header(std::string_view text, ast::Header& out);

// `access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)`
bool is_cached_flows_line(std::string_view line);

// `            alert-interval 300` (the second line of the cached-flows statement)
bool is_alert_interval_line(std::string_view line);

// A row of the `brief` form: `06228509 d0a2680b 00006049 6178289f` (rule hash, parent hash,
// hit count and last-hit timestamp in hexadecimal).
bool is_brief_row(std::string_view line);

}  // namespace vtyguard::parsers::cisco_asa::show_access_list
