#include <gtest/gtest.h>

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
