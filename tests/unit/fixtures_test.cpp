// One parameterised test over every fixture pair (ntc-templates convention):
// tests/fixtures/<platform>/<command slug>/<case>.txt is parsed with the registry row whose
// command slug is <command slug>, and the JSON must equal <case>.json exactly. An optional
// <case>.cmd holds the full command when the parser takes arguments.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "plugin/json/model_json.hpp"

namespace fs = std::filesystem;
using namespace vtyguard;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Fixture {
    std::string platform, slug, name;
    fs::path txt;
};
void PrintTo(const Fixture& f, std::ostream* os) {
    *os << f.txt.string();
}

std::vector<Fixture> all_fixtures() {
    std::vector<Fixture> out;
    const fs::path root = VTYGUARD_FIXTURES_DIR;
    if (!fs::exists(root)) return out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.path().extension() != ".txt") continue;
        auto rel = fs::relative(e.path(), root);
        auto it = rel.begin();
        Fixture f;
        f.platform = (it++)->string();
        f.slug = (it++)->string();
        f.name = e.path().stem().string();
        f.txt = e.path();
        out.push_back(f);
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.txt < b.txt; });
    return out;
}

const parsers::ParserInfo* row_for(const std::string& platform, const std::string& slug) {
    for (const auto& r : parsers::registry().rows())
        if (r.platform == platform && parsers::command_slug(r.command) == slug) return &r;
    return nullptr;
}

class FixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, ParsesToExpectedJson) {
    const auto& f = GetParam();
    const auto* row = row_for(f.platform, f.slug);
    if (!row) GTEST_SKIP() << "parser for " << f.platform << "/" << f.slug << " not in this build (VTYGUARD_ONLY)";
    auto expected_path = f.txt;
    expected_path.replace_extension(".json");
    ASSERT_TRUE(fs::exists(expected_path)) << "missing expected parse " << expected_path;
    auto cmd_path = f.txt;
    cmd_path.replace_extension(".cmd");
    std::string command = row->command;
    if (fs::exists(cmd_path)) {
        command = slurp(cmd_path);
        while (!command.empty() && (command.back() == '\n' || command.back() == '\r')) command.pop_back();
    }
    parsers::ParseResult result;
    parsers::Resolved resolved;
    std::string error;
    ASSERT_TRUE(parsers::parse(f.platform, command, slurp(f.txt), result, resolved, error)) << error;
    // Through the same serialisation the CLI uses (invalid UTF-8 becomes U+FFFD).
    auto actual =
        nlohmann::ordered_json::parse(json::dump(json::parse_result(result, resolved.command, resolved.sections)));
    auto expected = nlohmann::ordered_json::parse(slurp(expected_path));
    // Compare as unordered JSON: key order is not part of the contract.
    EXPECT_EQ(nlohmann::json(actual), nlohmann::json(expected)) << "fixture " << f.txt << "\n--- actual ---\n"
                                                                << actual.dump(2);
}

std::string fixture_name(const ::testing::TestParamInfo<Fixture>& info) {
    std::string n = info.param.platform + "__" + info.param.slug + "__" + info.param.name;
    for (auto& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(All, FixtureTest, ::testing::ValuesIn(all_fixtures()), fixture_name);

// Every registry row has at least one fixture pair: a parser without fixtures fails here.
TEST(Registry, EveryParserHasFixtures) {
    const fs::path root = VTYGUARD_FIXTURES_DIR;
    for (const auto& r : parsers::registry().rows()) {
        const auto dir = root / r.platform / parsers::command_slug(r.command);
        bool any = false;
        if (fs::exists(dir))
            for (const auto& e : fs::directory_iterator(dir))
                if (e.path().extension() == ".txt") {
                    auto j = e.path();
                    j.replace_extension(".json");
                    any = any || fs::exists(j);
                }
        EXPECT_TRUE(any) << r.platform << " `" << r.command << "` has no fixture pair in " << dir;
    }
}

// Every fixture folder belongs to a registry row (a typo in a folder name would otherwise
// silently skip its fixtures).
TEST(Registry, EveryFixtureFolderHasAParser) {
    const fs::path root = VTYGUARD_FIXTURES_DIR;
    if (!fs::exists(root)) return;
    for (const auto& p : fs::directory_iterator(root))
        for (const auto& c : fs::directory_iterator(p.path())) {
            const bool known_platform =
                !parsers::registry().find(p.path().filename().string(), "x").error.starts_with("unknown platform");
            if (!known_platform) continue;  // a VTYGUARD_ONLY build without this platform
            bool found = row_for(p.path().filename().string(), c.path().filename().string()) != nullptr;
            if (!found && std::getenv("VTYGUARD_PARTIAL_BUILD")) continue;
            EXPECT_TRUE(found) << "fixture folder " << c.path() << " matches no parser's command slug";
        }
}

}  // namespace
