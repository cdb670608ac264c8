// The one translation unit of this grammar. Each statement of `show ip ssh` has its own small
// rule; parse_line() tries them in turn on one logical line.
#include "parsers/cisco_ios/show_ip_ssh/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_ip_ssh/ast_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_ip_ssh {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::whole;
using x3s::word;

using x3::int_;
using x3::lexeme;
using x3::lit;
using x3::ascii::graph;

struct ListLabels : x3::symbols<int> {
    ListLabels() {
        add("Authentication methods", ast::kMethods)                  //
            ("Authentication Publickey Algorithms", ast::kPublickey)  //
            ("Hostkey Algorithms", ast::kHostkey)                     //
            ("Encryption Algorithms", ast::kEncryption)               //
            ("MAC Algorithms", ast::kMac)                             //
            ("KEX Algorithms", ast::kKex);
    }
};
const ListLabels list_label;

const x3::rule<struct item_r, std::string> item = "item";
const auto item_def = lexeme[+(graph - ',')];

const x3::rule<struct items_r, std::vector<std::string>> items = "items";
const auto items_def = -(item % ',');

const x3::rule<struct state_r, ast::State> state = "state";
const auto state_def = lit("SSH") >> (x3::string("Enabled") | x3::string("Disabled")) >> '-' >> "version" >> word;

const x3::rule<struct list_r, ast::List> list = "list";
const auto list_def = list_label >> ':' >> items;

const x3::rule<struct timeouts_r, ast::Timeouts> timeouts = "timeouts";
const auto timeouts_def =
    lit("Authentication") >> "timeout" >> ':' >> int_ >> "secs" >> ';' >> "Authentication" >> "retries" >> ':' >> int_;

const x3::rule<struct dh_r, int> dh = "dh";
const auto dh_def = lit("Minimum") >> "expected" >> "Diffie" >> "Hellman" >> "key" >> "size" >> ':' >> int_ >> "bits";

const x3::rule<struct key_header_r, ast::KeyHeader> key_header = "key_header";
const auto key_header_def = lit("IOS") >> "Keys" >> "in" >> "SECSH" >> "format" >> '(' >>
                            lexeme[+(graph - ',' - ')')] >> ',' >> "base64" >> "encoded" >> ')' >> ':' >>
                            lexeme[*graph];

const x3::rule<struct key_size_r, ast::KeySize> key_size = "key_size";
const auto key_size_def = (x3::string("Modulus") | x3::string("Key")) >> "Size" >> ':' >> int_ >> "bits";

// `ssh-rsa AAAA...`, `ecdsa-sha2-nistp256 AAAA...`, `ssh-rsa <KEY DATA REDACTED>`
const x3::rule<struct key_type_r, std::string> key_type = "key_type";
const auto key_type_def = lexeme[x3::raw[(lit("ssh-") | "ecdsa-" | "x509v3-") >> +graph]];
const x3::rule<struct key_data_r, ast::KeyData> key_data = "key_data";
const auto key_data_def = key_type >> lexeme[&(x3::char_('A', 'Z') | '<') >> +x3::char_];

// `%Please create RSA keys to enable SSH (and of atleast 768 bits for SSH v2).`,
// `%Please create RSA keys (of at least 768 bits size) to enable SSH v2.`,
// IOS-XE 17: `Please create EC or RSA keys to enable SSH`
const auto disabled_reason = -lit('%') >> "Please" >> "create" >> *x3::char_;
const auto invalid_input = lit('%') >> "Invalid" >> "input" >> "detected" >> *x3::char_;
const auto caret = lit('^');

BOOST_SPIRIT_DEFINE(item, items, state, list, timeouts, dh, key_header, key_size, key_type, key_data)

}  // namespace

bool parse_line(std::string_view line, ast::Line& out) {
    using K = ast::Kind;
    out = ast::Line{};
    if (whole(line, list, out.list)) {
        out.kind = K::list;
    } else if (whole(line, state, out.state)) {
        out.kind = K::state;
    } else if (whole(line, timeouts, out.timeouts)) {
        out.kind = K::timeouts;
    } else if (whole(line, dh, out.number)) {
        out.kind = K::dh_min_size;
    } else if (whole(line, key_header, out.key_header)) {
        out.kind = K::key_header;
    } else if (whole(line, key_size, out.key_size)) {
        out.kind = K::key_size;
    } else if (whole(line, key_data, out.key_data)) {
        out.kind = K::key_data;
    } else if (whole(line, disabled_reason)) {
        out.kind = K::disabled_reason;
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

}  // namespace vtyguard::parsers::cisco_ios::show_ip_ssh
