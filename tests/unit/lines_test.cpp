#include <gtest/gtest.h>

#include "parsers/common/lines.hpp"

using namespace vtyguard::parsers;

TEST(SplitLines, HandlesLineEndingsAndNumbers) {
    std::vector<std::string> storage;
    auto lines = split_lines("a\r\nb  \rc\n\nd", storage);
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0].text, "a");
    EXPECT_EQ(lines[1].text, "b");
    EXPECT_EQ(lines[2].text, "c");
    EXPECT_EQ(lines[3].text, "");
    EXPECT_EQ(lines[4].text, "d");
    EXPECT_EQ(lines[4].number, 5u);
    EXPECT_TRUE(split_lines("", storage).empty());
    EXPECT_EQ(split_lines("x\n", storage).size(), 1u);
}

TEST(SplitLines, RemovesPagerRemnants) {
    std::vector<std::string> storage;
    auto lines = split_lines(
        " --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b    20 permit ip any any\nnext", storage);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(trim(lines[0].text), "20 permit ip any any");
    EXPECT_EQ(lines[1].text, "next");
}

TEST(SplitLines, LoneCarriageReturnsBetweenLineFeeds) {
    std::vector<std::string> storage;
    auto lines = split_lines("a\rb\nc\rd\r\ne\rf", storage);
    ASSERT_EQ(lines.size(), 6u);
    const char* want[] = {"a", "b", "c", "d", "e", "f"};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(lines[i].text, want[i]) << i;
        EXPECT_EQ(lines[i].number, i + 1);
    }
}

TEST(SplitLines, KeepsTheWordMoreAndCleansTheAsaPagerMarker) {
    std::vector<std::string> storage;
    auto lines = split_lines(
        "10 remark More rules below\n<--- More --->access-list A line 2 extended permit ip any any", storage);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "10 remark More rules below");
    EXPECT_EQ(lines[1].text, "access-list A line 2 extended permit ip any any");
}

TEST(Prompt, RecognisesPromptsAndEcho) {
    EXPECT_TRUE(is_prompt_line("Router#show ip ssh"));
    EXPECT_TRUE(is_prompt_line("Switch# show ip access-lists"));
    EXPECT_TRUE(is_prompt_line("asa/pri/act# show run ssh"));
    EXPECT_TRUE(is_prompt_line("R1(config-line)#"));
    EXPECT_TRUE(is_prompt_line("sw1>"));
    EXPECT_FALSE(is_prompt_line(" permit ip any any"));
    EXPECT_FALSE(is_prompt_line("Standard IP access list 10"));
    EXPECT_FALSE(is_prompt_line("access-list 101 permit tcp any any eq 22"));
    EXPECT_FALSE(is_prompt_line("10 permit 10.0.0.0, wildcard bits 0.0.0.255 # note"));
}

TEST(Noise, RecognisesCliNoise) {
    EXPECT_TRUE(is_cli_noise(""));
    EXPECT_TRUE(is_cli_noise("   "));
    EXPECT_TRUE(is_cli_noise("Load for five secs: 2%/0%; one minute: 1%; five minutes: 1%"));
    EXPECT_TRUE(is_cli_noise("Time source is NTP, 12:00:00.000 UTC Mon Jan 1 2024"));
    EXPECT_FALSE(is_cli_noise("SSH Enabled - version 2.0"));
}
