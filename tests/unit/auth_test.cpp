#include <gtest/gtest.h>

#include "plugin/engine/auth.hpp"

using namespace vtyguard;
using namespace vtyguard::engine;

namespace {
model::Device device_with_line(std::optional<std::string> login, std::optional<std::string> list = std::nullopt) {
    model::Device d;
    model::LineBlock b;
    b.type = "vty";
    b.first = 0;
    b.last = 4;
    b.login = std::move(login);
    b.login_authentication = std::move(list);
    b.line = 7;
    d.lines = {b};
    return d;
}
}  // namespace

TEST(Auth, WithoutAaa) {
    auto d = device_with_line(std::nullopt);
    auto m = resolve_login(d, resolve_vty(d)[0], true);
    EXPECT_EQ(m.kind, LoginMethod::Kind::line_password);
    EXPECT_TRUE(m.from_default);
    d = device_with_line("local");
    EXPECT_EQ(resolve_login(d, resolve_vty(d)[0], true).kind, LoginMethod::Kind::local);
    EXPECT_FALSE(has_local_users(d));  // SSH-013: login local without any username
    d.users.push_back(model::User{"netops", 15, "secret 9", 3});
    EXPECT_TRUE(has_local_users(d));
    d = device_with_line("none");
    EXPECT_TRUE(contains_none(resolve_login(d, resolve_vty(d)[0], true)));
    EXPECT_EQ(resolve_login(d, resolve_vty(d)[0], false).kind, LoginMethod::Kind::unknown);
}

TEST(Auth, AaaListsAndFallbacks) {
    auto d = device_with_line("authentication", "VTY");
    d.aaa.new_model = true;
    d.aaa.statements.push_back({"authentication", "login", "default", {"group tacacs+", "local"}, 10});
    d.aaa.statements.push_back({"authentication", "login", "VTY", {"group tacacs+", "none"}, 11});
    auto m = resolve_login(d, resolve_vty(d)[0], true);
    EXPECT_EQ(m.kind, LoginMethod::Kind::aaa_list);
    EXPECT_EQ(m.list, "VTY");
    EXPECT_EQ(m.evidence_line, 11u);
    EXPECT_TRUE(contains_none(m));
    EXPECT_FALSE(has_local_fallback(m));
    d.lines[0].login_authentication.reset();
    d.lines[0].login = "line";  // ignored under AAA: the default list applies
    m = resolve_login(d, resolve_vty(d)[0], true);
    EXPECT_EQ(m.list, "default");
    EXPECT_TRUE(has_local_fallback(m));
    d.aaa.statements.clear();
    EXPECT_EQ(resolve_login(d, resolve_vty(d)[0], true).kind, LoginMethod::Kind::local);
    d.lines[0].login_authentication = "MISSING";
    EXPECT_EQ(resolve_login(d, resolve_vty(d)[0], true).kind, LoginMethod::Kind::undefined_list);
}
