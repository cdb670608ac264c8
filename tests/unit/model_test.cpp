#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "parsers/model/model.hpp"

using vtyguard::model::Ace;

TEST(AceDetails, AbsentUntilWrittenAndReadAsEmpty) {
    Ace e;
    EXPECT_EQ(e.rare.get(), nullptr);
    EXPECT_TRUE(e.remark().empty());
    EXPECT_TRUE(e.flags().empty());
    EXPECT_TRUE(e.options().empty());
    EXPECT_TRUE(e.protocol_object_group().empty());
    EXPECT_TRUE(e.user().empty());
    EXPECT_EQ(e.rare.get(), nullptr) << "reading must not create the block";
    e.details().remark = "management";
    EXPECT_EQ(e.remark(), "management");
}

TEST(AceDetails, CopiesAreDeepAndMovesKeepTheValues) {
    Ace a;
    a.protocol = "tcp";
    a.details().flags = {"syn"};
    a.details().user = "user LOCAL\\bob";

    Ace b = a;
    b.details().flags.push_back("ack");
    EXPECT_EQ(a.flags(), std::vector<std::string>{"syn"});
    EXPECT_EQ(b.flags(), (std::vector<std::string>{"syn", "ack"}));
    EXPECT_NE(a.rare.get(), b.rare.get());

    Ace c;
    c = b;
    EXPECT_EQ(c.user(), "user LOCAL\\bob");
    c = Ace{};
    EXPECT_EQ(c.rare.get(), nullptr);
    EXPECT_TRUE(c.user().empty());

    Ace d = std::move(b);
    EXPECT_EQ(d.flags().size(), 2u);
    EXPECT_EQ(d.protocol, "tcp");

    std::vector<Ace> v(3, a);  // copies into a container, as ACLs are built in tests
    v.push_back(d);
    EXPECT_EQ(v[2].flags(), std::vector<std::string>{"syn"});
    EXPECT_EQ(v[3].flags().size(), 2u);
}

using vtyguard::model::SmallString;
using vtyguard::model::TextArena;
using vtyguard::model::WordList;

TEST(SmallString, InlineUpToFifteenCharactersHeapBeyondAndAlwaysTerminated) {
    const std::string fifteen = "255.255.255.255";
    const std::string sixteen = "2001:db8::1/128x";
    SmallString e;
    EXPECT_TRUE(e.empty());
    EXPECT_STREQ(e.c_str(), "");
    SmallString a = fifteen, b = sixteen;
    EXPECT_EQ(a.size(), 15u);
    EXPECT_EQ(a, fifteen);
    EXPECT_EQ(std::strlen(a.c_str()), 15u);
    EXPECT_EQ(b, sixteen);
    EXPECT_EQ(std::strlen(b.c_str()), 16u);
    EXPECT_EQ(sizeof(SmallString), 16u);
    EXPECT_EQ(alignof(SmallString), 1u);
}

TEST(SmallString, ValueSemanticsComparisonsAndSelfAssignment) {
    SmallString a = "a long value that lives on the heap";
    SmallString b = a;
    b.append(" and more");
    EXPECT_EQ(a, "a long value that lives on the heap");
    EXPECT_EQ(b, std::string("a long value that lives on the heap and more"));
    a = a.view().substr(2, 4);  // from its own characters
    EXPECT_EQ(a, "long");
    b = std::string_view(b).substr(2);
    EXPECT_EQ(b, "long value that lives on the heap and more");
    SmallString c = std::move(b);
    EXPECT_TRUE(b.empty());  // NOLINT: moved-from is empty by contract
    EXPECT_LT(a, c);
    EXPECT_EQ(std::string_view("long"), a);
    EXPECT_EQ("x" + a + "y", "xlongy");
    c = {};
    EXPECT_TRUE(c.empty());
}

TEST(WordList, KeepsWordsInOrderIncludingEmptyOnes) {
    WordList w;
    EXPECT_TRUE(w.empty());
    EXPECT_EQ(w.size(), 0u);
    w.push_back("1024");
    w.push_back("65535");
    EXPECT_EQ(w.size(), 2u);
    EXPECT_EQ(w[0], "1024");
    EXPECT_EQ(w[1], "65535");
    std::vector<std::string> seen;
    for (auto x : w) seen.emplace_back(x);
    EXPECT_EQ(seen, (std::vector<std::string>{"1024", "65535"}));
    WordList many{"www", "ssh", "telnet", "ftp-data", "domain", "snmp"};  // longer than inline
    EXPECT_EQ(many.size(), 6u);
    EXPECT_EQ(many[5], "snmp");
    WordList blank{""};
    EXPECT_EQ(blank.size(), 1u);
    EXPECT_FALSE(blank == WordList{});
    EXPECT_TRUE((WordList{"a", "b"} == WordList{"a", "b"}));
}

TEST(TextArena, SharedValuesOutliveTheArenaAndCopiesAreIndependent) {
    std::vector<SmallString> kept;
    {
        TextArena arena;
        for (int i = 0; i < 3000; ++i)  // several blocks
            kept.push_back(arena.store("access-list BENCH line " + std::to_string(i) + " extended permit ip any any"));
        kept.push_back(arena.store("short"));
        kept.push_back(arena.store(std::string(10000, 'x')));  // too long to share
    }
    std::vector<SmallString> copies(kept.begin(), kept.begin() + 10);
    kept.erase(kept.begin(), kept.begin() + 2000);  // drops the last references to early blocks
    EXPECT_EQ(copies[7], "access-list BENCH line 7 extended permit ip any any");
    EXPECT_EQ(kept[0], "access-list BENCH line 2000 extended permit ip any any");
    EXPECT_EQ(kept[kept.size() - 2], "short");
    EXPECT_EQ(kept.back().size(), 10000u);
    copies[3].append(" log");
    EXPECT_EQ(copies[3], "access-list BENCH line 3 extended permit ip any any log");
    EXPECT_EQ(copies[4], "access-list BENCH line 4 extended permit ip any any");
    copies[5] = copies[6];
    EXPECT_EQ(copies[5], copies[6]);
    EXPECT_EQ(std::strlen(copies[9].c_str()), copies[9].size());
}
