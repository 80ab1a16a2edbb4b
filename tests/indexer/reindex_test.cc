// `reindex` builds the same index that incremental indexing does, and swaps it in
// atomically while an open searcher keeps answering.
#include "indexer/reindex.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

const std::vector<std::string> kQueries = {"",
                                           "customer",
                                           "orders",
                                           "line items",
                                           "tag:pii",
                                           "\"billing addresses\"",
                                           "sensor readings",
                                           "custo",
                                           "type:dashboard revenue"};

struct Answer {
  uint64_t total;
  std::set<std::string> uris;
  std::string facets;
};

Answer answer(Searcher& searcher, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.per_page = 100;
  SearchResult result = testing::search(searcher, request);
  Answer out{result.total, {}, ""};
  for (const Hit& hit : result.hits)
    out.uris.insert(hit.asset.uri + "@" + std::to_string(hit.asset.version));
  for (const FacetResult& facet : result.facets) {
    out.facets += facet.name + ":";
    for (const FacetCount& v : facet.values)
      out.facets += v.value + "=" + std::to_string(v.count) + ",";
  }
  return out;
}

std::string sample_text() {
  std::ifstream input(testing::sample_catalog_path());
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

TEST(ReindexTest, GivesTheSameResultsAsIncrementalIndexing) {
  testing::TempDir tmp;
  DataDir dir(tmp.path());
  // Incremental history: load in two halves, update some assets, delete one.
  std::string text = sample_text();
  size_t middle = text.find('\n', text.size() / 2) + 1;
  testing::import_ndjson(dir, text.substr(0, middle));
  testing::import_ndjson(dir, text.substr(middle));
  testing::import_ndjson(
      dir,
      R"({"uri":"datacat://table/sales_dw/orders","type":"table","name":"orders","parent":"datacat://dataset/sales_dw","description":"Rewritten: order headers with wombat codes"})");
  auto store = AssetStore::open(dir.catalog_path()).value();
  ASSERT_TRUE(store->remove({"datacat://table/sales_dw/fact_line_item"}).is_ok());
  testing::catch_up(dir);

  auto searcher = Searcher::open(dir).value();
  std::vector<Answer> incremental;
  for (const std::string& q : kQueries) incremental.push_back(answer(*searcher, q));
  int generation_before = dir.current_generation();

  Result<ReindexStats> stats = reindex(dir, nullptr);
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  EXPECT_EQ(stats->documents, store->count().value());
  EXPECT_EQ(dir.current_generation(), generation_before + 1);

  // The open searcher still answers from the old generation until refreshed.
  EXPECT_EQ(answer(*searcher, "wombat").total, 1u);
  ASSERT_TRUE(searcher->refresh().is_ok());
  for (size_t i = 0; i < kQueries.size(); ++i) {
    Answer rebuilt = answer(*searcher, kQueries[i]);
    EXPECT_EQ(rebuilt.total, incremental[i].total) << kQueries[i];
    EXPECT_EQ(rebuilt.uris, incremental[i].uris) << kQueries[i];
    EXPECT_EQ(rebuilt.facets, incremental[i].facets) << kQueries[i];
  }
  EXPECT_EQ(searcher->versions().value(), store->versions().value());
}

TEST(ReindexTest, ChangesMadeAfterTheRebuildAreAppliedOnTop) {
  testing::TempDir tmp;
  DataDir dir(tmp.path());
  testing::import_file(dir, testing::sample_catalog_path());
  ASSERT_TRUE(reindex(dir, nullptr).is_ok());
  testing::import_ndjson(
      dir, R"({"uri":"datacat://dashboard/koala","type":"dashboard","name":"koala_tracker"})");
  ASSERT_TRUE(reindex(dir, nullptr).is_ok());
  auto searcher = Searcher::open(dir).value();
  EXPECT_EQ(testing::search(*searcher, "koala_tracker").total, 1u);
  auto store = AssetStore::open(dir.catalog_path()).value();
  EXPECT_EQ(searcher->applied_seq(), store->last_outbox_seq().value());
}

TEST(ReindexTest, ReportsProgressUpToTheCatalogSize) {
  testing::TempDir tmp;
  DataDir dir(tmp.path());
  testing::import_file(dir, testing::sample_catalog_path());
  int64_t last_done = 0;
  int64_t last_total = 0;
  ASSERT_TRUE(reindex(dir, [&](int64_t done, int64_t total) {
                last_done = done;
                last_total = total;
              }).is_ok());
  EXPECT_EQ(last_done, last_total);
  EXPECT_EQ(last_total, static_cast<int64_t>(testing::sample_assets_resolved().size()));
}

}  // namespace
}  // namespace datacat::indexer
