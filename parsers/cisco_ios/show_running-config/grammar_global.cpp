// The one translation unit of the global-statement grammar (hostname, domain, version,
// username, aaa, login, management-interface). One small rule per statement; the caller
// (parser.cpp) picks the rule from the statement's first words.
#include "parsers/cisco_ios/show_running-config/grammar_global.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_ios/show_running-config/ast_global_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_ios::show_running_config {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::kw;
using x3s::whole;
using x3s::word;

using x3::int_;
using x3::lexeme;
using x3::omit;
using x3::raw;
using x3::uint_;
using x3::ascii::graph;

// The rest of the line (a secret, an autocommand): consumed, never stored.
const auto rest = omit[lexeme[+x3::char_]];

// ---- hostname / domain / version -----------------------------------------------------------
const x3::rule<struct hostname_r, std::string> hostname = "hostname";
const auto hostname_def = kw("hostname") >> word;

const x3::rule<struct domain_r, ast::Domain> domain = "domain";
const auto domain_def = kw("ip") >> (kw("domain-name") | kw("domain") >> kw("name")) >> -(kw("vrf") >> word) >> word;

const x3::rule<struct version_r, std::string> version = "version";
const auto version_def = kw("version") >> word;

// ---- username ------------------------------------------------------------------------------
const auto set_name = [](auto& ctx) { x3::_val(ctx).name = x3::_attr(ctx); };
const auto set_privilege = [](auto& ctx) { x3::_val(ctx).privilege = x3::_attr(ctx); };
const auto set_nopassword = [](auto& ctx) { x3::_val(ctx).secret_kind = "nopassword"; };
const auto set_algorithm = [](auto& ctx) { x3::_val(ctx).secret_kind = "algorithm-type " + x3::_attr(ctx); };
const auto add_secret_word = [](auto& ctx) {
    auto& k = x3::_val(ctx).secret_kind;
    if (!k.empty()) k += ' ';
    k.append(x3::_attr(ctx).begin(), x3::_attr(ctx).end());
};
const auto add_type = [](auto& ctx) {
    x3::_val(ctx).secret_kind += ' ';
    x3::_val(ctx).secret_kind += x3::_attr(ctx);
};

// `secret 9 $9$...`, `password 7 0822...`, `password cisco`: a one-digit type is the encryption
// type only when a value follows it.
const auto secret_word = raw[lexeme[(x3::lit("secret") | "password") >> !graph]];
const auto type_digit = lexeme[x3::char_("0-9") >> !graph];
const auto secret = secret_word[add_secret_word] >> -(type_digit >> &graph)[add_type] >> rest;

const auto user_option = (kw("privilege") >> int_)[set_privilege] | kw("nopassword")[set_nopassword] |
                         (kw("view") >> omit[word]) | (kw("access-class") >> omit[word]) | (kw("autocommand") >> rest) |
                         (kw("algorithm-type") >> word)[set_algorithm] | (kw("user-maxlinks") >> omit[uint_]) |
                         (kw("callback-dialstring") >> omit[word]) | (kw("callback-rotary") >> omit[uint_]) |
                         (kw("callback-line") >> omit[word]) | (kw("common-criteria-policy") >> omit[word]) |
                         kw("one-time") | kw("noescape") | kw("nohangup") | kw("nocallback-verify") | kw("dnis") |
                         kw("mac") | secret;

const x3::rule<struct username_r, ast::Username> username = "username";
const auto username_def = kw("username") >> word[set_name] >> *user_option;

// ---- aaa -----------------------------------------------------------------------------------
// A method as written: `group tacacs+` and `cache X` are one method each; `local`, `none`,
// `enable`, `line`, `krb5`, `if-authenticated`, record types (`start-stop`) are single words.
const x3::rule<struct method_r, std::string> method = "method";
const auto method_def = raw[(kw("group") | kw("cache")) >> word] | word;

// `exec`, `login`, `commands 15`
const x3::rule<struct service_r, std::string> service = "service";
const auto service_def = raw[kw("commands") >> uint_] | word;

const x3::rule<struct aaa_authentication_r, ast::AaaStatement> aaa_authentication = "aaa_authentication";
const auto aaa_authentication_def = kw("aaa") >> kw("authentication") >> word >> word >> +method;

const x3::rule<struct aaa_authorization_r, ast::AaaStatement> aaa_authorization = "aaa_authorization";
const auto aaa_authorization_def = kw("aaa") >> kw("authorization") >> service >> word >> +method;

const x3::rule<struct aaa_accounting_r, ast::AaaStatement> aaa_accounting = "aaa_accounting";
const auto aaa_accounting_def = kw("aaa") >> kw("accounting") >> service >> word >> *method;

const x3::rule<struct accounting_child_r, std::string> accounting_child = "accounting_child";
const auto accounting_child_def =
    (kw("action-type") >> word) | raw[kw("group") >> word] | (kw("broadcast") >> x3::attr(std::string("broadcast")));

// ---- login ---------------------------------------------------------------------------------
const x3::rule<struct block_for_r, ast::BlockFor> block_for = "block_for";
const auto block_for_def = kw("login") >> kw("block-for") >> int_ >> kw("attempts") >> int_ >> kw("within") >> int_;

const x3::rule<struct quiet_mode_r, std::string> quiet_mode = "quiet_mode";
const auto quiet_mode_def = kw("login") >> kw("quiet-mode") >> kw("access-class") >> word;

const auto login_unmodelled = kw("login") >> ((kw("delay") >> uint_) | ((kw("on-success") | kw("on-failure")) >>
                                                                        kw("log") >> -(kw("every") >> uint_)));

// ---- control-plane host --------------------------------------------------------------------
const x3::rule<struct mgmt_r, ast::ManagementInterface> management_interface = "management_interface";
const auto management_interface_def = kw("management-interface") >> word >> kw("allow") >> +word;

BOOST_SPIRIT_DEFINE(hostname, domain, version, username, method, service, aaa_authentication, aaa_authorization,
                    aaa_accounting, accounting_child, block_for, quiet_mode, management_interface)

}  // namespace

bool parse_hostname(std::string_view line, std::string& name) {
    name.clear();
    return whole(line, hostname, name);
}

bool parse_domain(std::string_view line, ast::Domain& out) {
    out = {};
    return whole(line, domain, out);
}

bool parse_version(std::string_view line, std::string& release) {
    release.clear();
    return whole(line, version, release);
}

bool parse_username(std::string_view line, ast::Username& out) {
    out = {};
    return whole(line, username, out);
}

bool parse_aaa_authentication(std::string_view line, ast::AaaStatement& out) {
    out = {};
    return whole(line, aaa_authentication, out);
}

bool parse_aaa_authorization(std::string_view line, ast::AaaStatement& out) {
    out = {};
    return whole(line, aaa_authorization, out);
}

bool parse_aaa_accounting(std::string_view line, ast::AaaStatement& out) {
    out = {};
    return whole(line, aaa_accounting, out);
}

bool parse_aaa_accounting_child(std::string_view line, std::string& method_out) {
    method_out.clear();
    return whole(line, accounting_child, method_out);
}

bool parse_login_block_for(std::string_view line, ast::BlockFor& out) {
    out = {};
    return whole(line, block_for, out);
}

bool parse_login_quiet_mode(std::string_view line, std::string& acl) {
    acl.clear();
    return whole(line, quiet_mode, acl);
}

bool parse_login_unmodelled(std::string_view line) {
    return whole(line, login_unmodelled);
}

bool parse_management_interface(std::string_view line, ast::ManagementInterface& out) {
    out = {};
    return whole(line, management_interface, out);
}

}  // namespace vtyguard::parsers::cisco_ios::show_running_config
