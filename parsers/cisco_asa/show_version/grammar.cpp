// The one translation unit of this grammar.
#include "parsers/cisco_asa/show_version/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_asa/show_version/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_asa::show_version {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::rest;
using x3s::whole;
using x3s::word;

using x3::char_;
using x3::lexeme;
using x3::lit;

// `<context>`, `<system>` after the release in multiple-context mode
const auto context_tag = x3::omit[lexeme[lit('<') >> +(char_ - '>') >> '>']];

const x3::rule<struct banner_r, std::string> banner = "banner";
const auto banner_def =
    lit("Cisco") >> "Adaptive" >> "Security" >> "Appliance" >> "Software" >> "Version" >> word >> -context_tag;

const x3::rule<struct asdm_r, std::string> asdm = "asdm";
const auto asdm_def = lit("Device") >> "Manager" >> "Version" >> word;

// The model is the text before the first comma: `ASA5512`, `ASAv`, `FPR-2130`,
// `ASA 5506-X with FirePOWER services`.
const x3::rule<struct hardware_r, std::string> hardware = "hardware";
const auto hardware_def = lit("Hardware") >> ':' >> lexeme[+(char_ - ',')] >> x3::omit[-(',' >> rest)];

const x3::rule<struct serial_r, std::string> serial = "serial";
const auto serial_def = lit("Serial") >> "Number" >> ':' >> word;

const x3::rule<struct uptime_r, ast::Pair> uptime = "uptime";
const auto uptime_def = word >> "up" >> lexeme[&x3::ascii::digit >> +char_];

const x3::rule<struct image_r, std::string> image = "image";
const auto image_def = lit("System") >> "image" >> "file" >> "is" >> '"' >> lexeme[*(char_ - '"')] >> '"';

const x3::rule<struct strong_crypto_r, std::string> strong_crypto = "strong_crypto";
const auto strong_crypto_def = lit("Encryption-3DES-AES") >> ':' >> word >> x3::omit[rest];

BOOST_SPIRIT_DEFINE(banner, asdm, hardware, serial, uptime, image, strong_crypto)

}  // namespace

bool parse_fact(std::string_view line, ast::Kind kind, ast::Pair& out) {
    using K = ast::Kind;
    out = ast::Pair{};
    switch (kind) {
        case K::banner:
            return whole(line, banner, out.a);
        case K::asdm:
            return whole(line, asdm, out.a);
        case K::hardware:
            return whole(line, hardware, out.a);
        case K::serial:
            return whole(line, serial, out.a);
        case K::uptime:
            return whole(line, uptime, out);
        case K::image:
            return whole(line, image, out.a);
        case K::strong_crypto:
            return whole(line, strong_crypto, out.a);
        default:
            return false;
    }
}

}  // namespace vtyguard::parsers::cisco_asa::show_version
