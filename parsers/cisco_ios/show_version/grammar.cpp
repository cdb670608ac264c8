// The one translation unit of this grammar.
#include "parsers/cisco_ios/show_version/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_version/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_version {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::rest;
using x3s::whole;
using x3s::word;

using x3::char_;
using x3::lexeme;
using x3::lit;
using x3::ascii::graph;

// `17.09.04a`, `15.2(4)E10`, `03.16.05.S` (a release ends at `,` or a blank)
const x3::rule<struct release_r, std::string> release = "release";
const auto release_def = lexeme[+(graph - ',')];

const x3::rule<struct xe_banner_r, std::string> xe_banner = "xe_banner";
const auto xe_banner_def = lit("Cisco") >> "IOS" >> "XE" >> "Software" >> ',' >> "Version" >> release >> x3::omit[rest];

// Text up to the `Version` keyword, kept as written (it names the image family).
const x3::rule<struct before_version_r, std::string> before_version = "before_version";
const auto before_version_def = lexeme[*(char_ - (lit("Version") >> ' '))];

const x3::rule<struct ios_banner_r, ast::Pair> ios_banner = "ios_banner";
const auto ios_banner_def = ((lit("Cisco") >> "IOS" >> "Software") | (lit("IOS") >> "(tm)")) >> before_version >>
                            "Version" >> release >> x3::omit[rest];

const auto xe_copyright = lit("Cisco") >> "IOS-XE" >> "software" >> ',' >> *char_;

const x3::rule<struct uptime_r, ast::Pair> uptime = "uptime";
const auto uptime_def = word >> "uptime" >> "is" >> lexeme[+char_];

const x3::rule<struct image_r, std::string> image = "image";
const auto image_def = lit("System") >> "image" >> "file" >> "is" >> '"' >> lexeme[*(char_ - '"')] >> '"';

// `cisco WS-C3750X-48P (PowerPC405) processor (revision W0) with 262144K bytes of memory.`
// `Cisco CISCO2911/K9 (revision 1.0) with 483328K/40960K bytes of memory.`
const x3::rule<struct processor_r, std::string> processor = "processor";
const auto processor_def = (lit("cisco") | "Cisco") >> lexeme[+(graph - '(')] >> &lit('(') >> x3::omit[rest];

const x3::rule<struct board_id_r, std::string> board_id = "board_id";
const auto board_id_def = lit("Processor") >> "board" >> "ID" >> lexeme[+(graph - ',')] >> x3::omit[rest];

const x3::rule<struct model_number_r, std::string> model_number = "model_number";
const auto model_number_def = lit("Model") >> (lit("Number") | "number") >> ':' >> word;

const x3::rule<struct system_serial_r, std::string> system_serial = "system_serial";
const auto system_serial_def = lit("System") >> (lit("Serial") | "serial") >> (lit("Number") | "number") >> ':' >> word;

const auto crypto_notice = lit("This") >> "product" >> "contains" >> "cryptographic" >> "features" >> *char_;

BOOST_SPIRIT_DEFINE(release, xe_banner, before_version, ios_banner, uptime, image, processor, board_id, model_number,
                    system_serial)

}  // namespace

bool parse_fact(std::string_view line, ast::Kind kind, ast::Pair& out) {
    using K = ast::Kind;
    out = ast::Pair{};
    switch (kind) {
        case K::xe_banner:
            return whole(line, xe_banner, out.a);
        case K::ios_banner:
            return whole(line, ios_banner, out);
        case K::xe_copyright:
            return whole(line, xe_copyright);
        case K::uptime:
            return whole(line, uptime, out);
        case K::image:
            return whole(line, image, out.a);
        case K::processor:
            return whole(line, processor, out.a);
        case K::board_id:
            return whole(line, board_id, out.a);
        case K::model_number:
            return whole(line, model_number, out.a);
        case K::system_serial:
            return whole(line, system_serial, out.a);
        case K::crypto_notice:
            return whole(line, crypto_notice);
        default:
            return false;
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_version
