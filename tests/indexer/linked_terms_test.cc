// Approved glossary terms reach the index: as searchable text (labels and synonyms), as
// glossary facet values for the term, its categories and its glossary, and in the hits.
// The glossary rows are written with SQL here; the glossary module's own tests cover the
// workflow that writes them.
#include <gtest/gtest.h>

#include "indexer/reindex.h"
#include "indexer/sqlite_db.h"
#include "indexer/store.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

constexpr const char* kOrders = "datacat://table/sales_dw/orders";
constexpr const char* kPayments = "datacat://table/sales_dw/fact_payments";

class LinkedTermsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::import_file(dir(), testing::sample_catalog_path());
    db_ = std::make_unique<SqliteDb>(dir().catalog_path());
    glossary_ = node("glossary", 0, 0, "Finance");
    category_ = node("category", glossary_, glossary_, "Revenue");
    term_ =
        node("term", glossary_, category_, "Annual recurring revenue", R"(["ARR", "zorbleflux"])");
    other_term_ = node("term", glossary_, glossary_, "Settlement");
  }
  DataDir dir() const { return DataDir(tmp_.path()); }

  int64_t node(const char* kind, int64_t glossary, int64_t parent, const std::string& label,
               const std::string& synonyms = "[]") {
    Statement insert = db_->prepare(
        "INSERT INTO glossary_nodes(kind, glossary_id, parent_id, label, synonyms, owner, "
        "created, updated) VALUES (?, ?, ?, ?, ?, 'finance-platform', 1, 1)");
    insert.bind(1, kind);
    if (glossary == 0) {
      insert.bind_null(2).bind_null(3);
    } else {
      insert.bind(2, glossary).bind(3, parent);
    }
    insert.bind(4, label).bind(5, synonyms).run();
    return sqlite3_last_insert_rowid(db_->handle());
  }
  // A link in `status`, with the outbox row the glossary module writes for it.
  void link(int64_t term, const std::string& uri, const char* status) {
    Statement insert = db_->prepare(
        "INSERT INTO associations(term_id, asset_uri, status, proposed_by, proposed_at) "
        "VALUES (?, ?, ?, 'olga', 1)");
    insert.bind(1, term).bind(2, uri).bind(3, status).run();
    db_->prepare("INSERT INTO outbox(uri, created) VALUES (?, 1)").bind(1, uri).run();
    testing::catch_up(dir());
  }
  std::vector<std::string> matches(const std::string& query,
                                   const std::map<std::string, std::vector<std::string>>& f = {}) {
    auto searcher = Searcher::open(dir());
    EXPECT_TRUE(searcher.is_ok());
    SearchRequest request;
    request.query = query;
    request.filters = testing::filters(f);
    return testing::all_matches(**searcher, request);
  }

  testing::TempDir tmp_;
  std::unique_ptr<SqliteDb> db_;
  int64_t glossary_ = 0, category_ = 0, term_ = 0, other_term_ = 0;
};

TEST_F(LinkedTermsTest, AnApprovedTermIsSearchableByLabelAndSynonym) {
  EXPECT_TRUE(matches("zorbleflux").empty());
  link(term_, kOrders, "approved");
  EXPECT_EQ(matches("zorbleflux"), std::vector<std::string>{kOrders});
  EXPECT_EQ(matches("term:arr"), std::vector<std::string>{kOrders});
  auto found = matches("term:\"annual recurring\"");
  EXPECT_NE(std::find(found.begin(), found.end(), kOrders), found.end());
}

TEST_F(LinkedTermsTest, PendingAndDismissedLinksAreNotIndexed) {
  link(term_, kOrders, "pending");
  link(other_term_, kPayments, "dismissed");
  EXPECT_TRUE(matches("zorbleflux").empty());
  EXPECT_TRUE(matches("", {{"glossary", {std::to_string(glossary_)}}}).empty());
}

TEST_F(LinkedTermsTest, TheGlossaryFacetIsATreeWhereACategoryMatchesTermsBeneathIt) {
  link(term_, kOrders, "approved");
  link(other_term_, kPayments, "approved");
  using Uris = std::vector<std::string>;
  EXPECT_EQ(matches("", {{"glossary", {std::to_string(term_)}}}), Uris{kOrders});
  EXPECT_EQ(matches("", {{"glossary", {std::to_string(category_)}}}), Uris{kOrders});
  Uris both = matches("", {{"glossary", {std::to_string(glossary_)}}});
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (Uris{kPayments, kOrders}));  // sorted
  auto searcher = Searcher::open(dir());
  SearchRequest request;
  Result<SearchResult> result = (*searcher)->search(request);
  ASSERT_TRUE(result.is_ok());
  std::map<std::string, uint32_t> counts;
  for (const FacetResult& facet : result->facets) {
    if (facet.name != "glossary") continue;
    for (const FacetCount& value : facet.values) counts[value.value] = value.count;
  }
  EXPECT_EQ(counts[std::to_string(glossary_)], 2u);
  EXPECT_EQ(counts[std::to_string(category_)], 1u);
  EXPECT_EQ(counts[std::to_string(term_)], 1u);
  EXPECT_EQ(counts[std::to_string(other_term_)], 1u);
}

TEST_F(LinkedTermsTest, HitsCarryTheirApprovedTermsAndReindexKeepsThem) {
  link(term_, kOrders, "approved");
  ASSERT_TRUE(reindex(dir(), nullptr).is_ok());
  auto searcher = Searcher::open(dir());
  SearchRequest request;
  request.query = "zorbleflux";
  Result<SearchResult> result = (*searcher)->search(request);
  ASSERT_TRUE(result.is_ok());
  ASSERT_EQ(result->hits.size(), 1u);
  EXPECT_EQ(result->hits[0].asset.terms, std::vector<std::string>{"Annual recurring revenue"});
  EXPECT_EQ(result->hits[0].asset.term_ids, std::vector<std::string>{std::to_string(term_)});
  auto store = AssetStore::open(dir().catalog_path());
  auto resolved = (*store)->get_resolved(kOrders);
  ASSERT_TRUE(resolved.is_ok() && resolved->has_value());
  ASSERT_EQ((*resolved)->terms.size(), 1u);
  EXPECT_EQ((*resolved)->terms[0].ancestors, (std::vector<int64_t>{category_, glossary_}));
}

// data.all defect (3): saving an asset's metadata again must keep its approved links.
TEST_F(LinkedTermsTest, ResavingAnAssetKeepsItsApprovedTerms) {
  link(term_, kOrders, "approved");
  auto store = AssetStore::open(dir().catalog_path());
  auto stored = (*store)->get(kOrders);
  std::vector<Asset> again{**stored};
  again[0].description = "Edited after the term was approved";
  ASSERT_TRUE((*store)->upsert(again).is_ok());
  testing::catch_up(dir());
  EXPECT_EQ(matches("zorbleflux"), std::vector<std::string>{kOrders});
}

TEST_F(LinkedTermsTest, DeletingAnAssetDeletesItsLinks) {
  link(term_, kOrders, "approved");
  auto store = AssetStore::open(dir().catalog_path());
  ASSERT_TRUE((*store)->remove({kOrders}).is_ok());
  Statement count = db_->prepare("SELECT count(*) FROM associations WHERE asset_uri = ?");
  count.bind(1, kOrders);
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.column_int(0), 0);
}

}  // namespace
}  // namespace datacat::indexer
