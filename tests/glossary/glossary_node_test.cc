#include "glossary/glossary_node.h"

#include <gtest/gtest.h>

namespace datacat::glossary {
namespace {

TEST(GlossaryNodeTest, KindNamesRoundTrip) {
  for (NodeKind kind : {NodeKind::kGlossary, NodeKind::kCategory, NodeKind::kTerm}) {
    EXPECT_EQ(parse_node_kind(node_kind_name(kind)), kind);
  }
  EXPECT_FALSE(parse_node_kind("folder").has_value());
}

TEST(GlossaryNodeTest, TermsAreLeavesAndGlossariesAreRoots) {
  EXPECT_TRUE(may_contain(NodeKind::kGlossary, NodeKind::kCategory));
  EXPECT_TRUE(may_contain(NodeKind::kCategory, NodeKind::kCategory));
  EXPECT_TRUE(may_contain(NodeKind::kCategory, NodeKind::kTerm));
  EXPECT_FALSE(may_contain(NodeKind::kTerm, NodeKind::kTerm));
  EXPECT_FALSE(may_contain(NodeKind::kCategory, NodeKind::kGlossary));
}

}  // namespace
}  // namespace datacat::glossary
