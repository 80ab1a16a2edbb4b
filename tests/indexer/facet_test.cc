// Facet counts are exact and disjunctive: checked against a brute-force count over the
// sample catalog for many filter combinations, and the two counting methods agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <sstream>

#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

using Filters = std::array<std::vector<std::string>, schema::kFacetCount>;

std::vector<std::string> facet_values(const Asset& asset, size_t facet) {
  switch (schema::kFacets[facet].facet) {
    case schema::Facet::kType:
      return {std::string(asset_type_name(asset.type))};
    case schema::Facet::kTag:
      return asset.tags;
    case schema::Facet::kTopic:
      return asset.topics;
    case schema::Facet::kRegion:
      return asset.region.empty() ? std::vector<std::string>{} : std::vector{asset.region};
    case schema::Facet::kClassification:
      if (!asset.classification) return {};
      return {std::string(classification_name(*asset.classification))};
    case schema::Facet::kOwner:
      return asset.owner.empty() ? std::vector<std::string>{} : std::vector{asset.owner};
    case schema::Facet::kEnvironment:
      return asset.environment.empty() ? std::vector<std::string>{}
                                       : std::vector{asset.environment};
    case schema::Facet::kOrganization:
      return asset.organization.empty() ? std::vector<std::string>{}
                                        : std::vector{asset.organization};
    case schema::Facet::kGlossary: {
      std::vector<std::string> ids;
      for (const LinkedTerm& term : asset.terms) {
        ids.push_back(std::to_string(term.id));
        for (int64_t ancestor : term.ancestors) ids.push_back(std::to_string(ancestor));
      }
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      return ids;
    }
  }
  return {};
}

bool passes(const Asset& asset, const Filters& filters, size_t facet) {
  if (filters[facet].empty()) return true;
  for (const std::string& value : facet_values(asset, facet)) {
    if (std::find(filters[facet].begin(), filters[facet].end(), value) != filters[facet].end())
      return true;
  }
  return false;
}

// The facet list a correct implementation returns: top `size` by (count desc, value asc),
// then any selected value not among them.
std::vector<FacetCount> expected_facet(const std::vector<const Asset*>& matches,
                                       const Filters& filters, size_t facet, size_t size) {
  std::map<std::string, uint32_t> counts;
  for (const Asset* asset : matches) {
    bool others_pass = true;
    for (size_t g = 0; g < schema::kFacetCount; ++g) {
      if (g != facet && !passes(*asset, filters, g)) others_pass = false;
    }
    if (!others_pass) continue;
    for (const std::string& value : facet_values(*asset, facet)) ++counts[value];
  }
  std::vector<FacetCount> all;
  for (const auto& [value, count] : counts) all.push_back({value, count, false});
  std::sort(all.begin(), all.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  if (all.size() > size) all.resize(size);
  for (const std::string& value : filters[facet]) {
    auto it =
        std::find_if(all.begin(), all.end(), [&](const FacetCount& c) { return c.value == value; });
    if (it != all.end()) {
      it->selected = true;
    } else {
      all.push_back({value, counts.count(value) ? counts[value] : 0, true});
    }
  }
  return all;
}

std::string describe(const std::vector<FacetCount>& values) {
  std::string out;
  for (const auto& v : values)
    out += v.value + "=" + std::to_string(v.count) + (v.selected ? "* " : " ");
  return out;
}

class FacetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DataDir data(dir_.path());
    testing::import_file(data, testing::sample_catalog_path());
    searcher_ = Searcher::open(data).value();
    assets_ = testing::sample_assets_resolved();
  }

  // All values of one facet in the sample, plus one that no asset has.
  std::vector<std::string> candidate_values(size_t facet) {
    std::set<std::string> values;
    for (const auto& [uri, asset] : assets_) {
      for (const std::string& v : facet_values(asset, facet)) values.insert(v);
    }
    std::vector<std::string> out(values.begin(), values.end());
    out.push_back("no-such-value");
    return out;
  }

  void check(const std::string& query, const Filters& filters, size_t size) {
    SearchRequest request;
    request.query = query;
    request.filters = filters;
    request.facet_size = size;
    SearchResult result = testing::search(*searcher_, request);
    // The text match set, unfiltered; when no asset with every word passed the filters, the
    // search relaxed to any of the words.
    SearchRequest text;
    text.query = query;
    text.ranking.relax_few = false;  // exactly the words' match set, relaxed below if need be
    if (result.relaxed) {
      text.query.clear();
      std::istringstream words(query);
      for (std::string word; words >> word;)
        text.query += (text.query.empty() ? "" : " OR ") + word;
    }
    std::vector<std::string> text_matches = testing::all_matches(*searcher_, text);
    std::vector<const Asset*> matches;
    for (const std::string& uri : text_matches) matches.push_back(&assets_.at(uri));
    size_t expected_total = std::count_if(matches.begin(), matches.end(), [&](const Asset* a) {
      for (size_t f = 0; f < schema::kFacetCount; ++f) {
        if (!passes(*a, filters, f)) return false;
      }
      return true;
    });
    ASSERT_EQ(result.total, expected_total) << "query '" << query << "'";
    ASSERT_EQ(result.facets.size(), schema::kFacetCount);
    for (size_t f = 0; f < schema::kFacetCount; ++f) {
      std::vector<FacetCount> want = expected_facet(matches, filters, f, size);
      const std::vector<FacetCount>& got = result.facets[f].values;
      std::string selected;
      for (size_t g = 0; g < schema::kFacetCount; ++g) {
        for (const std::string& value : filters[g])
          selected += std::string(" ") + std::string(schema::kFacets[g].name) + "=" + value;
      }
      EXPECT_EQ(describe(got), describe(want)) << "facet " << schema::kFacets[f].name << ", query '"
                                               << query << "', filters" << selected;
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
  std::map<std::string, Asset> assets_;
};

TEST_F(FacetTest, UnfilteredCountsEqualBruteForce) {
  for (std::string query : {"", "customer", "orders", "tag:pii OR daily", "sensor*"}) {
    check(query, {}, 10);
    check(query, {}, 100);
  }
}

TEST_F(FacetTest, SingleFacetSelectionKeepsItsOwnCountsAndNarrowsOthers) {
  Filters filters = testing::filters({{"type", {"table"}}});
  check("", filters, 10);
  check("customer", filters, 10);
  // Disjunctive: the type facet still shows the other types' counts.
  SearchRequest request;
  request.filters = filters;
  SearchResult result = testing::search(*searcher_, request);
  EXPECT_GT(result.facets[0].values.size(), 1u);
}

TEST_F(FacetTest, ManyRandomFilterCombinationsMatchBruteForce) {
  std::mt19937 random(20261121);
  const std::vector<std::string> queries = {"", "customer", "daily", "orders", "sales revenue"};
  for (int round = 0; round < 150; ++round) {
    Filters filters;
    int facets = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < facets; ++i) {
      size_t facet = random() % schema::kFacetCount;
      std::vector<std::string> values = candidate_values(facet);
      int picks = 1 + static_cast<int>(random() % 2);
      for (int p = 0; p < picks; ++p) {
        std::string value = values[random() % values.size()];
        if (std::find(filters[facet].begin(), filters[facet].end(), value) ==
            filters[facet].end()) {
          filters[facet].push_back(value);
        }
      }
    }
    check(queries[round % queries.size()], filters, round % 2 == 0 ? 5 : 10);
    if (HasFatalFailure()) return;
  }
}

TEST_F(FacetTest, ScanAndBitmapCountingAgree) {
  DataDir data(dir_.path());
  Xapian::Database db(data.generation_path(data.current_generation()));
  auto index = FacetIndex::build(db);
  std::array<bool, schema::kFacetCount> wanted;
  wanted.fill(true);
  std::mt19937 random(7);
  for (int round = 0; round < 60; ++round) {
    Filters selected;
    std::array<Roaring, schema::kFacetCount> filter;
    size_t facet = random() % schema::kFacetCount;
    std::vector<std::string> values = candidate_values(facet);
    selected[facet].push_back(values[random() % values.size()]);
    filter[facet] = index->postings_of(facet, selected[facet]);
    Roaring matches = index->postings_of(0, {round % 2 == 0 ? "table" : "dataset"});
    if (round % 3 == 0) matches = index->universe();
    if (round % 3 == 1) matches = index->universe() - matches;  // most of the index
    for (size_t size : {size_t{3}, size_t{10}}) {
      auto scan = index->count(matches, selected, filter, wanted, size, FacetIndex::Method::kScan);
      auto bitmaps =
          index->count(matches, selected, filter, wanted, size, FacetIndex::Method::kBitmaps);
      auto complement =
          index->count(matches, selected, filter, wanted, size, FacetIndex::Method::kComplement);
      for (size_t f = 0; f < schema::kFacetCount; ++f) {
        EXPECT_EQ(describe(scan[f]), describe(bitmaps[f])) << schema::kFacets[f].name;
        EXPECT_EQ(describe(scan[f]), describe(complement[f])) << schema::kFacets[f].name;
      }
    }
  }
}

TEST_F(FacetTest, DeletedAssetLeavesResultsAndFacets) {
  DataDir data(dir_.path());
  const std::string uri = "datacat://table/sales_dw/fact_line_item";
  auto before = testing::search(*searcher_, "");
  auto store = AssetStore::open(data.catalog_path()).value();
  ASSERT_TRUE(store->remove({uri}).is_ok());
  testing::catch_up(data);
  ASSERT_TRUE(searcher_->refresh().is_ok());
  EXPECT_EQ(testing::search(*searcher_, "fact_line_item").hits.size() == 0 ||
                testing::search(*searcher_, "fact_line_item").hits[0].asset.uri != uri,
            true);
  auto after = testing::search(*searcher_, "");
  EXPECT_EQ(after.total, before.total - 1);
  assets_.erase(uri);
  check("", {}, 100);
  check("line items", {}, 100);
}

}  // namespace
}  // namespace datacat::indexer

namespace datacat::indexer {
namespace {

// Searchers sharing a FacetIndexCache build each revision's facet index once, and move
// on to the next revision after a commit.
TEST(FacetIndexCacheTest, SearchersShareOneBuildPerRevision) {
  testing::TempDir tmp;
  DataDir dir(tmp.path());
  testing::import_file(dir, testing::sample_catalog_path());
  FacetIndexCache cache;
  auto first = Searcher::open(dir, &cache);
  auto second = Searcher::open(dir, &cache);
  ASSERT_TRUE(first.is_ok() && second.is_ok());
  EXPECT_EQ(cache.builds(), 1);
  testing::import_ndjson(
      dir, R"({"uri": "x://cache", "type": "dataset", "name": "cache_probe", "tags": ["fresh"]})");
  ASSERT_TRUE((*first)->refresh().is_ok());
  ASSERT_TRUE((*second)->refresh().is_ok());
  EXPECT_EQ(cache.builds(), 2);
  SearchRequest request;
  request.filters[*facet_index_of("tags")] = {"fresh"};
  for (auto* searcher : {first->get(), second->get()}) {
    Result<SearchResult> result = searcher->search(request);
    ASSERT_TRUE(result.is_ok());
    EXPECT_EQ(result->total, 1u);
  }
}

}  // namespace
}  // namespace datacat::indexer
