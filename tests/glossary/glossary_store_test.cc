// Tests of the glossary tree: creation, subtree order, unique labels, moves, updates,
// deletes, input validation and term search, on a real catalog file.
#include "glossary/glossary_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexer/sqlite_db.h"
#include "tests/glossary/glossary_fixture.h"

namespace datacat::glossary {
namespace {

using Strings = std::vector<std::string>;

class GlossaryStoreTest : public GlossaryFixture {};

TEST_F(GlossaryStoreTest, CreatesGlossariesAndListsThemByLabel) {
  Node finance = glossary("finance", "finance-team");
  glossary("Billing", "billing-team");
  glossary("audit");

  EXPECT_EQ(finance.kind, NodeKind::kGlossary);
  EXPECT_EQ(finance.glossary_id, finance.id);
  EXPECT_EQ(finance.parent_id, 0);
  EXPECT_EQ(finance.owner, "finance-team");
  EXPECT_EQ(finance.description, "about finance");
  EXPECT_GT(finance.created, 0);
  EXPECT_EQ(finance.updated, finance.created);
  EXPECT_EQ(must(store_->get(finance.id)), finance);
  EXPECT_EQ(labels(must(store_->glossaries())), (Strings{"audit", "Billing", "finance"}));
  EXPECT_EQ(store_->get(finance.id + 100).status().code(), StatusCode::kNotFound);
}

TEST_F(GlossaryStoreTest, SubtreeIsDepthFirstWithCategoriesBeforeTermsByLabel) {
  Node g = glossary("finance", "finance-team");
  term(g, "zeta");
  Node beta = category(g, "Beta");
  term(beta, "b2");
  term(beta, "a1");
  Node alpha = category(g, "alpha");
  Node deep = category(alpha, "deep");
  term(deep, "d");
  term(g, "Apple");

  std::vector<Node> all = must(store_->subtree(g.id));
  EXPECT_EQ(labels(all),
            (Strings{"finance", "alpha", "deep", "d", "Beta", "a1", "b2", "Apple", "zeta"}));
  for (const Node& node : all) {
    EXPECT_EQ(node.glossary_id, g.id) << node.label;
    EXPECT_EQ(node.owner, "finance-team") << node.label;
  }
  EXPECT_EQ(labels(must(store_->subtree(beta.id))), (Strings{"Beta", "a1", "b2"}));
  EXPECT_EQ(must(store_->get(deep.id)).parent_id, alpha.id);
  EXPECT_EQ(store_->subtree(9999).status().code(), StatusCode::kNotFound);
}

TEST_F(GlossaryStoreTest, TermLabelsAreUniquePerGlossaryIgnoringCase) {
  Node finance = glossary("finance");
  Node sales = glossary("sales");
  Node a = category(finance, "a");
  Node b = category(finance, "b");
  Node revenue = term(a, "Revenue");

  Result<Node> twin = store_->add_node(b.id, NodeKind::kTerm, "revenue", "", {});
  EXPECT_EQ(twin.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(twin.status().field(), "label");
  EXPECT_TRUE(store_->add_node(sales.id, NodeKind::kTerm, "Revenue", "", {}).is_ok());
  // A category may share a term's label: only term labels are unique.
  EXPECT_TRUE(store_->add_node(b.id, NodeKind::kCategory, "Revenue", "", {}).is_ok());

  Node cost = term(b, "cost");
  Result<Node> renamed = store_->update_node(cost.id, {.label = "REVENUE"});
  EXPECT_EQ(renamed.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(renamed.status().field(), "label");
  EXPECT_EQ(must(store_->get(cost.id)).label, "cost");
  EXPECT_EQ(must(store_->update_node(revenue.id, {.label = "REVENUE"})).label, "REVENUE");

  Result<Node> glossary_twin = store_->create_glossary("FINANCE", "", "team");
  EXPECT_EQ(glossary_twin.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(glossary_twin.status().field(), "label");
  EXPECT_EQ(store_->update_node(sales.id, {.label = "Finance"}).status().code(),
            StatusCode::kAlreadyExists);
}

TEST_F(GlossaryStoreTest, NodesGoOnlyWhereTheirParentMayHoldThem) {
  Node g = glossary("finance");
  Node revenue = term(g, "revenue");

  Result<Node> under_term = store_->add_node(revenue.id, NodeKind::kTerm, "net", "", {});
  EXPECT_EQ(under_term.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(under_term.status().field(), "parent");
  EXPECT_EQ(store_->add_node(revenue.id, NodeKind::kCategory, "c", "", {}).status().field(),
            "parent");
  Result<Node> nested_glossary = store_->add_node(g.id, NodeKind::kGlossary, "x", "", {});
  EXPECT_EQ(nested_glossary.status().field(), "kind");
  Result<Node> orphan = store_->add_node(9999, NodeKind::kTerm, "x", "", {});
  EXPECT_EQ(orphan.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(orphan.status().field(), "parent");
  Result<Node> category_synonyms = store_->add_node(g.id, NodeKind::kCategory, "c", "", {"x"});
  EXPECT_EQ(category_synonyms.status().field(), "synonyms");
  EXPECT_EQ(labels(must(store_->subtree(g.id))), (Strings{"finance", "revenue"}));
}

TEST_F(GlossaryStoreTest, MovesRefuseCyclesOtherGlossariesAndTerms) {
  Node g = glossary("finance");
  Node other = glossary("sales");
  Node a = category(g, "a");
  Node b = category(a, "b");
  Node c = category(b, "c");
  Node t = term(a, "t");
  Node u = term(g, "u");
  Node elsewhere = category(other, "elsewhere");

  auto move = [&](const Node& node, int64_t parent) {
    return store_->update_node(node.id, {.parent_id = parent}).status();
  };
  for (const Status& refused : {move(a, c.id), move(a, a.id), move(b, c.id), move(t, elsewhere.id),
                                move(t, other.id), move(t, u.id), move(g, other.id)}) {
    EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << refused.to_string();
    EXPECT_EQ(refused.field(), "parent");
  }
  EXPECT_EQ(move(t, 9999).code(), StatusCode::kNotFound);
  EXPECT_EQ(must(store_->get(a.id)).parent_id, g.id);
  EXPECT_EQ(must(store_->get(t.id)).parent_id, a.id);

  EXPECT_EQ(must(store_->update_node(t.id, {.parent_id = c.id})).parent_id, c.id);
  EXPECT_EQ(must(store_->update_node(c.id, {.parent_id = g.id})).parent_id, g.id);
  EXPECT_EQ(labels(must(store_->subtree(g.id))), (Strings{"finance", "a", "b", "c", "t", "u"}));
}

TEST_F(GlossaryStoreTest, UpdatesChangeUpdatedButNeverCreated) {
  Node g = glossary("finance", "finance-team");
  Node t = term(g, "revenue", {"turnover"});
  {
    indexer::SqliteDb raw(path_);
    raw.exec("UPDATE glossary_nodes SET created = 1000, updated = 1000");
  }
  Node changed = must(store_->update_node(
      t.id, {.label = "Revenue", .description = "money in", .synonyms = Strings{"sales"}}));
  EXPECT_EQ(changed.label, "Revenue");
  EXPECT_EQ(changed.description, "money in");
  EXPECT_EQ(changed.synonyms, Strings{"sales"});
  EXPECT_EQ(changed.created, 1000);
  EXPECT_GT(changed.updated, 1000);
  EXPECT_EQ(must(store_->get(t.id)), changed);

  Node owned = must(store_->update_node(g.id, {.owner = "controllers"}));
  EXPECT_EQ(owned.owner, "controllers");
  EXPECT_GT(owned.updated, 1000);
  EXPECT_EQ(must(store_->get(t.id)).owner, "controllers");
}

TEST_F(GlossaryStoreTest, UpdatesRefuseFieldsTheKindDoesNotHave) {
  Node g = glossary("finance");
  Node c = category(g, "c");
  Node t = term(c, "revenue", {"turnover"});

  EXPECT_EQ(store_->update_node(t.id, {.owner = "x"}).status().field(), "owner");
  EXPECT_EQ(store_->update_node(c.id, {.synonyms = Strings{"x"}}).status().field(), "synonyms");
  // Renaming a term to one of its synonyms would repeat the synonym.
  Result<Node> clash = store_->update_node(t.id, {.label = "Turnover"});
  EXPECT_EQ(clash.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(clash.status().field(), "label");
  EXPECT_TRUE(store_->update_node(t.id, {.label = "turnover", .synonyms = Strings{}}).is_ok());
  EXPECT_EQ(store_->update_node(9999, {.label = "x"}).status().code(), StatusCode::kNotFound);
}

TEST_F(GlossaryStoreTest, ValidationErrorsNameTheFieldAndWriteNothing) {
  Node g = glossary("finance");
  struct Case {
    std::string label, description;
    Strings synonyms;
    std::string field;
  };
  std::vector<Case> cases = {
      {"", "", {}, "label"},
      {std::string(201, 'x'), "", {}, "label"},
      {"bad\xff", "", {}, "label"},
      {"tab\there", "", {}, "label"},
      {"   ", "", {}, "label"},
      {"ok", std::string(64 * 1024 + 1, 'd'), {}, "description"},
      {"ok", "bell\x07", {}, "description"},
      {"ok", "", Strings(51, "s"), "synonyms"},
      {"ok", "", {"fine", "OK"}, "synonyms[1]"},
      {"ok", "", {"fine", ""}, "synonyms[1]"},
      {"ok", "", {"same", "Same"}, "synonyms[1]"},
      {"ok", "", {std::string(201, 's')}, "synonyms[0]"},
  };
  for (const Case& c : cases) {
    Result<Node> added =
        store_->add_node(g.id, NodeKind::kTerm, c.label, c.description, c.synonyms);
    EXPECT_EQ(added.status().code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(added.status().field(), c.field) << added.status().to_string();
  }
  EXPECT_EQ(store_->create_glossary("sales", "", "").status().field(), "owner");
  EXPECT_EQ(store_->create_glossary("", "", "team").status().field(), "label");
  EXPECT_EQ(labels(must(store_->glossaries())), Strings{"finance"});
  EXPECT_EQ(labels(must(store_->subtree(g.id))), Strings{"finance"});

  // The limits themselves are allowed, and UTF-8 labels are fine.
  Strings fifty;
  for (int i = 0; i < 50; ++i) fifty.push_back("syn" + std::to_string(i));
  EXPECT_TRUE(store_
                  ->add_node(g.id, NodeKind::kTerm, std::string(200, 'x'),
                             "line one\nline two\t" + std::string(64 * 1024 - 18, 'd'), fifty)
                  .is_ok());
  EXPECT_TRUE(store_->add_node(g.id, NodeKind::kTerm, "Umsatz für Kunden", "", {}).is_ok());
}

TEST_F(GlossaryStoreTest, DeletingANodeDeletesItsSubtree) {
  Node g = glossary("finance");
  Node a = category(g, "a");
  Node b = category(a, "b");
  Node t = term(b, "t");
  Node kept = term(g, "kept");

  ASSERT_TRUE(store_->delete_node(a.id).is_ok());
  for (const Node& gone : {a, b, t}) {
    EXPECT_EQ(store_->get(gone.id).status().code(), StatusCode::kNotFound) << gone.label;
  }
  EXPECT_EQ(labels(must(store_->subtree(g.id))), (Strings{"finance", "kept"}));
  EXPECT_EQ(store_->delete_node(a.id).code(), StatusCode::kNotFound);
  // The freed label can be used again.
  EXPECT_TRUE(store_->add_node(g.id, NodeKind::kTerm, "t", "", {}).is_ok());
  ASSERT_TRUE(store_->delete_node(g.id).is_ok());
  EXPECT_EQ(store_->get(kept.id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(must(store_->glossaries()).empty());
}

TEST_F(GlossaryStoreTest, SearchTermsMatchesLabelsDescriptionsAndSynonymsPrefixFirst) {
  Node g = glossary("finance");
  Node c = category(g, "Revenue things");
  term(c, "Net revenue", {"Turnover"});
  term(g, "Revenue share");
  term(g, "revenue");
  term(g, "Customer", {}, "who pays the REVENUE");
  term(g, "100% match");
  term(g, "a_b");
  term(g, "unrelated", {"axb"});

  EXPECT_EQ(labels(must(store_->search_terms("Revenue", 10))),
            (Strings{"revenue", "Revenue share", "Customer", "Net revenue"}));
  EXPECT_EQ(labels(must(store_->search_terms("turnOVER", 10))), Strings{"Net revenue"});
  EXPECT_EQ(labels(must(store_->search_terms("%", 10))), Strings{"100% match"});
  EXPECT_EQ(labels(must(store_->search_terms("a_b", 10))), Strings{"a_b"});
  EXPECT_EQ(labels(must(store_->search_terms("revenue", 2))),
            (Strings{"revenue", "Revenue share"}));
  // JSON punctuation of the stored synonyms never matches.
  EXPECT_TRUE(must(store_->search_terms("\"", 10)).empty());
  EXPECT_EQ(must(store_->search_terms("", 100)).size(), 7u);
}

}  // namespace
}  // namespace datacat::glossary
