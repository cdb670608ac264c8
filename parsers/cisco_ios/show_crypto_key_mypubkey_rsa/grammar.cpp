// The one translation unit of this grammar.
#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::rest;
using x3s::whole;

using x3::char_;
using x3::lexeme;
using x3::lit;

const x3::rule<struct generated_r, std::string> generated = "generated";
const auto generated_def = -lit('%') >> "Key" >> "pair" >> "was" >> "generated" >> "at" >> ':' >> rest;

const x3::rule<struct name_r, std::string> name = "name";
const auto name_def = lit("Key") >> "name" >> ':' >> rest;

const x3::rule<struct type_r, std::string> type = "type";
const auto type_def = lit("Key") >> "type" >> ':' >> lexeme[+x3::ascii::graph] >> "KEYS";

const x3::rule<struct storage_r, std::string> storage = "storage";
const auto storage_def = lit("Storage") >> -lit("Device") >> ':' >> rest;

const x3::rule<struct usage_r, std::string> usage = "usage";
const auto usage_def = lit("Usage") >> ':' >> rest;

const auto redundancy = lit("Redundancy") >> (lit("enabled") | "disabled") >> -lit('.');
const x3::rule<struct exportable_r, bool> exportable = "exportable";
const auto exportable_def = lit("Key") >> "is" >> ((lit("not") >> x3::attr(false)) | x3::attr(true)) >> "exportable" >>
                            -lit('.') >> -redundancy;

const auto temporary = lit("Temporary") >> "key";

const x3::rule<struct size_r, int> size = "size";
const auto size_def = (lit("Modulus") | "Key") >> "Size" >> '(' >> "bits" >> ')' >> ':' >> x3::int_;

const auto key_data = lit("Key") >> "Data" >> ':';
const auto redacted = lit('<') >> *(char_ - '>') >> '>';

// Blanks between the groups are skipped, so the attribute is the digits alone.
const x3::rule<struct hex_r, std::string> hex = "hex";
const auto hex_def = +x3::ascii::xdigit;

const auto invalid_input = lit('%') >> "Invalid" >> "input" >> "detected" >> *char_;
const auto caret = lit('^');

BOOST_SPIRIT_DEFINE(generated, name, type, storage, usage, exportable, size, hex)

}  // namespace

bool parse_line(std::string_view line, bool in_key_data, ast::Line& out) {
    using K = ast::Kind;
    out = ast::Line{};
    if (in_key_data && whole(line, hex, out.text)) {
        out.kind = K::hex;
    } else if (whole(line, generated, out.text)) {
        out.kind = K::generated;
    } else if (whole(line, type, out.text)) {
        out.kind = K::type;
    } else if (whole(line, name, out.text)) {
        out.kind = K::name;
    } else if (whole(line, storage, out.text)) {
        out.kind = K::storage;
    } else if (whole(line, usage, out.text)) {
        out.kind = K::usage;
    } else if (whole(line, exportable, out.flag)) {
        out.kind = K::exportable;
    } else if (whole(line, size, out.number)) {
        out.kind = K::size;
    } else if (whole(line, key_data)) {
        out.kind = K::key_data;
    } else if (whole(line, temporary)) {
        out.kind = K::temporary;
    } else if (whole(line, redacted)) {
        out.kind = K::redacted;
    } else if (whole(line, invalid_input)) {
        out.kind = K::invalid_input;
    } else if (whole(line, caret)) {
        out.kind = K::caret;
    } else {
        out = ast::Line{};
        return false;
    }
    return true;
}

}  // namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa
