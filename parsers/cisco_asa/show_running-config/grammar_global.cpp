// The one translation unit of the global-statement grammar (version, hostname, domain-name,
// name, username, aaa, access-group). One small rule per statement; parser.cpp picks the entry
// point from the statement's first word. Statements with several optional parts write into the
// AST through semantic actions on a context reference (x3::with), so no rule has a variant or
// partially-filled attribute.
#include "parsers/cisco_asa/show_running-config/grammar_global.hpp"

#include <boost/spirit/home/x3.hpp>

#include "parsers/cisco_asa/show_running-config/ast_global_adapted.hpp"
#include "parsers/common/x3_support.hpp"

namespace vtyguard::parsers::cisco_asa::show_running_config {

namespace x3 = boost::spirit::x3;

namespace {

using x3s::kw;
using x3s::kws;
using x3s::whole;
using x3s::word;

using x3::int_;
using x3::lexeme;
using x3::omit;
using x3::uint_;

struct out_tag;

template <typename Ctx>
auto& out(Ctx& ctx) {
    return x3::get<out_tag>(ctx);
}

std::string text(const auto& range) {
    return std::string(range.begin(), range.end());
}

// ---- version / hostname / domain-name / name -----------------------------------------------
// `ASA Version 9.12(4)67`, `ASA Version 9.8(4) <context>`, `FWSM Version 4.1(5) <system>`
const x3::rule<struct version_r, ast::Version> version = "version";
const auto context_tag = lexeme['<' >> +(x3::char_ - '>') >> '>'];
const x3::rule<struct software_r, std::string> software = "software";
const auto software_def = x3::raw[kw("ASA") | kw("FWSM") | kw("PIX")];
const auto version_def = software >> kw("Version") >> word >> omit[-context_tag];

const x3::rule<struct hostname_r, std::string> hostname = "hostname";
const auto hostname_def = kw("hostname") >> word;

const x3::rule<struct domain_r, std::string> domain = "domain";
const auto domain_def = kw("domain-name") >> word;

const x3::rule<struct name_r, ast::Name> name = "name";
const auto name_def = kw("name") >> word >> word >> omit[-(kw("description") >> *x3::char_)];

// ---- username ------------------------------------------------------------------------------
const auto set_user = [](auto& ctx) { out(ctx).name = x3::_attr(ctx); };
const auto set_attributes = [](auto& ctx) { out(ctx).attributes = true; };
const auto set_privilege = [](auto& ctx) { out(ctx).privilege = x3::_attr(ctx); };
const auto set_nopassword = [](auto& ctx) { out(ctx).secret_kind = "nopassword"; };
const auto set_password = [](auto& ctx) { out(ctx).secret_kind = "password"; };
const auto add_secret_type = [](auto& ctx) { out(ctx).secret_kind += " " + x3::_attr(ctx); };

// `password X [encrypted|pbkdf2|nt-encrypted|mschap]`: the value X is consumed, never stored.
const x3::rule<struct secret_type_r, std::string> secret_type = "secret_type";
const auto secret_type_def = x3::raw[kw("encrypted") | kw("pbkdf2") | kw("nt-encrypted") | kw("mschap")];
const auto password = kw("password")[set_password] >> omit[word] >> -secret_type[add_secret_type];
const auto user_option = (kw("privilege") >> int_)[set_privilege] | kw("nopassword")[set_nopassword] | password;

const x3::rule<struct username_r> username = "username";
const auto username_def = kw("username") >> word[set_user] >> (kw("attributes")[set_attributes] | +user_option);

// ---- aaa -----------------------------------------------------------------------------------
const auto set_kind = [](auto& ctx) { out(ctx).kind = x3::_attr(ctx); };
const auto set_service = [](auto& ctx) { out(ctx).service = x3::_attr(ctx); };
const auto set_service_raw = [](auto& ctx) { out(ctx).service = text(x3::_attr(ctx)); };
const auto set_list = [](auto& ctx) { out(ctx).list = x3::_attr(ctx); };
const auto add_method = [](auto& ctx) { out(ctx).methods.push_back(x3::_attr(ctx)); };
const auto set_modelled = [](auto& ctx) { out(ctx).modelled = true; };

const x3::rule<struct console_service_r, std::string> console_service = "console_service";
const auto console_service_def = x3::raw[kw("ssh") | kw("telnet") | kw("http") | kw("serial") | kw("enable")];
const x3::rule<struct exec_command_r, std::string> exec_command = "exec_command";
const auto exec_command_def = x3::raw[kw("exec") | kw("command")];
const auto methods = +word[add_method];
const auto console = kws("console")[set_list];

// Modelled: how management sessions are authenticated, authorised and accounted.
//   aaa authentication ssh|telnet|http|serial|enable console GROUP... [LOCAL]
//   aaa authorization exec authentication-server|LOCAL [auto-enable]
//   aaa authorization command LOCAL|GROUP [LOCAL]
//   aaa authorization http console GROUP|LOCAL
//   aaa accounting ssh|telnet|serial|enable console GROUP
//   aaa accounting command [privilege N] GROUP
const auto authentication = kws("authentication")[set_kind] >> console_service[set_service] >> console >> methods;
const auto authorization = kws("authorization")[set_kind] >>
                           ((exec_command[set_service] >> methods) | (kws("http")[set_service] >> console >> methods));
const auto accounting = kws("accounting")[set_kind] >>
                        ((console_service[set_service] >> console >> methods) |
                         (x3::raw[kw("command") >> -(kw("privilege") >> uint_)][set_service_raw] >> methods));

// Understood, deliberately not modelled: `aaa authentication login-history [duration N]` (a
// login display), cut-through proxy rules for traffic through the firewall (`match`, `include`,
// `exclude`, `listener`, `secure-http-client`), `aaa local authentication attempts max-fail N`
// (lockout of local users), `aaa proxy-limit`, `aaa mac-exempt`.
const auto through_traffic = (kw("match") | kw("include") | kw("exclude") | kw("listener")) >> omit[+word];
const auto unmodelled = (kw("authentication") >> ((kw("login-history") >> -(kw("duration") >> uint_)) |
                                                  kw("secure-http-client") | through_traffic)) |
                        ((kw("authorization") | kw("accounting")) >> through_traffic) |
                        (kw("local") >> kw("authentication") >> kw("attempts") >> kw("max-fail") >> uint_) |
                        (kw("proxy-limit") >> (uint_ | kw("disable"))) | (kw("mac-exempt") >> omit[+word]);

const x3::rule<struct aaa_r> aaa = "aaa";
const auto aaa_def = kw("aaa") >>
                     (unmodelled | ((authentication | authorization | accounting) >> x3::eps[set_modelled]));

// ---- access-group --------------------------------------------------------------------------
const auto set_acl = [](auto& ctx) { out(ctx).acl = x3::_attr(ctx); };
const auto set_direction = [](auto& ctx) { out(ctx).direction = x3::_attr(ctx); };
const auto set_interface = [](auto& ctx) { out(ctx).interface = x3::_attr(ctx); };
const auto set_control_plane = [](auto& ctx) { out(ctx).control_plane = true; };

const x3::rule<struct direction_r, std::string> direction = "direction";
const auto direction_def = x3::raw[kw("in") | kw("out")];

const x3::rule<struct access_group_r> access_group = "access_group";
const auto access_group_def = kw("access-group") >> word[set_acl] >>
                              ((direction[set_direction] >> kw("interface") >> word[set_interface] >>
                                *(kw("per-user-override") | kw("control-plane")[set_control_plane])) |
                               kws("global")[set_direction]);

BOOST_SPIRIT_DEFINE(software, version, hostname, domain, name, secret_type, username, console_service, exec_command,
                    aaa, direction, access_group)

// For the rules that write through actions into `out`.
template <typename Parser, typename Out>
bool whole_with(std::string_view line, const Parser& p, Out& o) {
    auto first = line.begin();
    return x3::phrase_parse(first, line.end(), x3::with<out_tag>(o)[p], x3::ascii::blank) && first == line.end();
}

}  // namespace

bool parse_version(std::string_view line, ast::Version& out_) {
    out_ = {};
    return whole(line, version, out_);
}

bool parse_hostname(std::string_view line, std::string& name_) {
    name_.clear();
    return whole(line, hostname, name_);
}

bool parse_domain(std::string_view line, std::string& name_) {
    name_.clear();
    return whole(line, domain, name_);
}

bool parse_name(std::string_view line, ast::Name& out_) {
    out_ = {};
    return whole(line, name, out_);
}

bool parse_username(std::string_view line, ast::Username& out_) {
    out_ = {};
    return whole_with(line, username, out_);
}

bool parse_aaa(std::string_view line, ast::AaaStatement& out_) {
    out_ = {};
    return whole_with(line, aaa, out_);
}

bool parse_access_group(std::string_view line, ast::AccessGroup& out_) {
    out_ = {};
    return whole_with(line, access_group, out_);
}

}  // namespace vtyguard::parsers::cisco_asa::show_running_config
