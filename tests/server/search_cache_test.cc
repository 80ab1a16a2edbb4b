// SearchCache: keys, snapshots and the byte budget.
#include "server/search_cache.h"

#include <gtest/gtest.h>

namespace datacat::server {
namespace {

std::shared_ptr<const indexer::SearchResult> result_with(const std::string& uri) {
  auto result = std::make_shared<indexer::SearchResult>();
  result->hits.emplace_back();
  result->hits.back().asset.uri = uri;
  result->total = 1;
  return result;
}

indexer::SearchRequest request(const std::string& q, std::vector<std::string> tags) {
  indexer::SearchRequest r;
  r.query = q;
  r.filters[1] = std::move(tags);
  return r;
}

TEST(SearchCacheTest, FilterValueOrderDoesNotChangeTheKeyButEverythingElseDoes) {
  EXPECT_EQ(SearchCache::key_of(request("orders", {"a", "b"})),
            SearchCache::key_of(request("orders", {"b", "a", "a"})));
  EXPECT_NE(SearchCache::key_of(request("orders", {"a"})),
            SearchCache::key_of(request("orders", {})));
  EXPECT_NE(SearchCache::key_of(request("orders", {})), SearchCache::key_of(request("order", {})));
  indexer::SearchRequest second_page = request("orders", {});
  second_page.page = 2;
  EXPECT_NE(SearchCache::key_of(second_page), SearchCache::key_of(request("orders", {})));
  // A query cannot forge the separator between parts.
  EXPECT_NE(SearchCache::key_of(request("a", {"b"})), SearchCache::key_of(request("a1:b", {})));
}

TEST(SearchCacheTest, ANewerSnapshotDropsEverythingAndOlderOnesAreNotKept) {
  SearchCache cache(1 << 20);
  cache.insert("k", {1, 5}, result_with("x://one"));
  ASSERT_NE(cache.find("k", {1, 5}), nullptr);
  EXPECT_EQ(cache.find("k", {1, 5})->hits[0].asset.uri, "x://one");
  EXPECT_EQ(cache.find("k", {1, 6}), nullptr);  // a commit happened
  EXPECT_EQ(cache.bytes(), 0u);
  cache.insert("k", {1, 5}, result_with("x://stale"));  // a thread still on revision 5
  EXPECT_EQ(cache.find("k", {1, 6}), nullptr);
  cache.insert("k", {2, 1}, result_with("x://new generation"));
  EXPECT_EQ(cache.find("k", {2, 1})->hits[0].asset.uri, "x://new generation");
  EXPECT_EQ(cache.hits(), 3u);
  EXPECT_EQ(cache.misses(), 2u);
}

TEST(SearchCacheTest, LeastRecentlyUsedEntriesLeaveWhenTheBudgetIsFull) {
  SearchCache cache(8 * 1024);
  for (int i = 0; i < 100; ++i) {
    cache.insert("k" + std::to_string(i), {1, 1}, result_with("x://" + std::to_string(i)));
    ASSERT_NE(cache.find("k0", {1, 1}), nullptr) << i;  // k0 stays: it is used every time
  }
  EXPECT_LE(cache.bytes(), 8u * 1024);
  EXPECT_EQ(cache.find("k1", {1, 1}), nullptr);
  EXPECT_NE(cache.find("k99", {1, 1}), nullptr);
}

TEST(SearchCacheTest, ZeroBytesDisablesIt) {
  SearchCache cache(0);
  cache.insert("k", {1, 1}, result_with("x://one"));
  EXPECT_EQ(cache.find("k", {1, 1}), nullptr);
}

}  // namespace
}  // namespace datacat::server
