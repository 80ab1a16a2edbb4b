// One TermBitmapCache shared by several searchers (as the server's threads share it):
// a searcher still on an older revision never sees postings of a newer one, and
// concurrent searches with a cache small enough to evict give the answers a lone
// searcher gives.
#include <gtest/gtest.h>

#include <thread>

#include "indexer/match_plan.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

constexpr const char* kAsset =
    R"({"uri": "datacat://table/cache/t1", "type": "table", "name": "t1", "description": "%s"})";

std::string asset_with(const std::string& word) {
  char line[256];
  std::snprintf(line, sizeof line, kAsset, word.c_str());
  return std::string(line) + "\n";
}

TEST(TermCacheTest, SearchersOnOlderRevisionsNeverSeeNewerPostings) {
  testing::TempDir dir;
  DataDir data(dir.path());
  testing::import_file(data, testing::sample_catalog_path());
  testing::import_ndjson(data, asset_with("aardvark"));
  FacetIndexCache facets;
  TermBitmapCache terms(64u << 20);
  auto old_searcher = Searcher::open(data, &facets, &terms).value();
  auto new_searcher = Searcher::open(data, &facets, &terms).value();
  ASSERT_EQ(testing::search(*old_searcher, "aardvark").total, 1u);

  // The same asset (same document) now says "bandicoot" instead.
  testing::import_ndjson(data, asset_with("bandicoot"));
  ASSERT_TRUE(new_searcher->refresh().is_ok());
  EXPECT_EQ(testing::search(*new_searcher, "bandicoot").total, 1u);  // cached, new revision
  EXPECT_EQ(testing::search(*new_searcher, "aardvark").total, 0u);
  // The old searcher keeps answering from its own revision, whatever the cache holds.
  EXPECT_EQ(testing::search(*old_searcher, "bandicoot").total, 0u);
  EXPECT_EQ(testing::search(*old_searcher, "aardvark").total, 1u);
  // ...and that did not push the newer revision's entries out for the new searcher.
  EXPECT_EQ(testing::search(*new_searcher, "bandicoot").total, 1u);
  ASSERT_TRUE(old_searcher->refresh().is_ok());
  EXPECT_EQ(testing::search(*old_searcher, "bandicoot").total, 1u);
}

TEST(TermCacheTest, ConcurrentSearchesWithEvictionsAgreeWithALoneSearcher) {
  testing::TempDir dir;
  DataDir data(dir.path());
  testing::import_file(data, testing::sample_catalog_path());
  const std::vector<std::string> queries = {"orders",
                                            "customer",
                                            "\"line item\"",
                                            "cust",
                                            "revenue",
                                            "tag:pii",
                                            "payment OR invoice",
                                            "billing -eu",
                                            "column:customer_id"};
  std::vector<std::vector<std::string>> expected;
  {
    auto alone = Searcher::open(data).value();
    for (const std::string& q : queries)
      expected.push_back(testing::uris_of(testing::search(*alone, q)));
  }
  FacetIndexCache facets;
  TermBitmapCache terms(16u << 10);  // a few entries: constant eviction
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto searcher = Searcher::open(data, &facets, &terms).value();
      for (int round = 0; round < 30; ++round) {
        size_t i = static_cast<size_t>(round + t) % queries.size();
        SearchRequest request;
        request.query = queries[i];
        request.per_page = 100;
        auto result = searcher->search(request);
        if (!result.is_ok() || testing::uris_of(*result) != expected[i]) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace datacat::indexer
