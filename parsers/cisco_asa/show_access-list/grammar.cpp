// The one translation unit of this grammar (the lines around the entries; the entries themselves
// are read by parsers/cisco_asa/acl).
#include "parsers/cisco_asa/show_access-list/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_asa/show_access-list/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_asa::show_access_list {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::whole;

const x3::rule<struct hash_r, std::string> hash = "hash";
const auto hash_def = x3::raw[x3::lexeme["0x" >> +x3::ascii::xdigit]];
const x3::rule<struct header_r, ast::Header> header = "header";
const auto header_def = x3::lit(';') >> x3::uint_ >> "elements" >>
                        ((x3::lit(';') >> "name" >> "hash:" >> hash) | x3::attr(std::string()));
BOOST_SPIRIT_DEFINE(hash, header)

const auto cached_flows = x3::lit("access-list") >> "cached" >> "ACL" >> "log" >> "flows:" >> "total" >> x3::uint_ >>
                          ',' >> "denied" >> x3::uint_ >> '(' >> "deny-flow-max" >> x3::uint_ >> ')';
const auto alert_interval = x3::lit("alert-interval") >> x3::uint_;
const auto hex8 = x3::repeat(8)[x3::ascii::xdigit];
const auto brief_row = x3::lexeme[hex8] >> x3::lexeme[hex8] >> x3::lexeme[hex8] >> x3::lexeme[hex8];

}  // namespace

bool parse_header(std::string_view text, ast::Header& out) {
    auto first = text.begin();
    return x3::phrase_parse(first, text.end(), header, x3::ascii::blank, out) && first == text.end();
}

bool is_cached_flows_line(std::string_view line) {
    return whole(line, cached_flows);
}
bool is_alert_interval_line(std::string_view line) {
    return whole(line, alert_interval);
}
bool is_brief_row(std::string_view line) {
    return whole(line, brief_row);
}

}  // namespace vtyguard::parsers::cisco_asa::show_access_list
