#include "plugin/engine/auth.hpp"

#include <algorithm>

namespace vtyguard::engine {

bool has_local_users(const model::Device& device) {
    return std::any_of(device.users.begin(), device.users.end(),
                       [](const model::User& u) { return !u.secret_kind.empty(); });
}

namespace {
bool is_local(const std::string& m) {
    return m == "local" || m == "local-case";
}
}  // namespace

bool has_local_fallback(const LoginMethod& m) {
    if (m.kind == LoginMethod::Kind::local) return true;
    return m.kind == LoginMethod::Kind::aaa_list && std::any_of(m.methods.begin(), m.methods.end(), is_local);
}

bool contains_none(const LoginMethod& m) {
    if (m.kind == LoginMethod::Kind::none) return true;
    return m.kind == LoginMethod::Kind::aaa_list &&
           std::find(m.methods.begin(), m.methods.end(), "none") != m.methods.end();
}

LoginMethod resolve_login(const model::Device& device, const EffectiveLine& line, bool aaa_known) {
    LoginMethod out;
    const std::size_t block_line =
        line.blocks.empty() || line.blocks.back() >= device.lines.size() ? 0 : device.lines[line.blocks.back()].line;
    if (!aaa_known) return out;  // unknown
    const bool aaa = device.aaa.new_model.value_or(false);
    if (!aaa) {
        out.evidence_line = block_line;
        const std::string login = line.login.value_or("line");
        out.from_default = !line.login.has_value();
        if (login == "local") {
            out.kind = LoginMethod::Kind::local;
        } else if (login == "none") {
            out.kind = LoginMethod::Kind::none;
        } else if (login == "authentication") {
            // `login authentication` is rejected by IOS without aaa new-model; the line then
            // keeps password checking.
            out.kind = LoginMethod::Kind::line_password;
        } else {
            out.kind = LoginMethod::Kind::line_password;
        }
        return out;
    }
    const std::string list = line.login_authentication.value_or("default");
    out.list = list;
    out.from_default = !line.login_authentication.has_value();
    for (const auto& s : device.aaa.statements) {
        if (s.kind == "authentication" && s.service == "login" && s.list == list) {
            out.kind = LoginMethod::Kind::aaa_list;
            out.methods = s.methods;
            out.evidence_line = s.line;
        }
    }
    if (out.kind == LoginMethod::Kind::aaa_list) return out;
    if (list == "default") {
        // No default list: IOS authenticates against the local database.
        out.kind = LoginMethod::Kind::local;
        out.evidence_line = block_line;
        return out;
    }
    out.kind = LoginMethod::Kind::undefined_list;
    out.evidence_line = block_line;
    return out;
}

}  // namespace vtyguard::engine
