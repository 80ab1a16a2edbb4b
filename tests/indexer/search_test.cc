// Search behaviour over the real sample catalog: matching, ranking, query syntax, sorting,
// pagination, snippets and corrections.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <set>

#include "indexer/text_analyzer.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

using testing::search;
using testing::uris_of;

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    DataDir data(dir_->path());
    testing::import_file(data, testing::sample_catalog_path());
    searcher_ = Searcher::open(data).value().release();
    assets_ = new std::map<std::string, Asset>(testing::sample_assets_resolved());
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete assets_;
    delete dir_;
  }

  static bool contains(const std::vector<std::string>& uris, const std::string& uri) {
    return std::find(uris.begin(), uris.end(), uri) != uris.end();
  }

  static testing::TempDir* dir_;
  static Searcher* searcher_;
  static std::map<std::string, Asset>* assets_;
};

testing::TempDir* SearchTest::dir_ = nullptr;
Searcher* SearchTest::searcher_ = nullptr;
std::map<std::string, Asset>* SearchTest::assets_ = nullptr;

constexpr const char* kLineItems = "datacat://table/sales_dw/fact_line_item";
constexpr const char* kOrders = "datacat://table/sales_dw/orders";
constexpr const char* kVariant = "datacat://table/product_catalog/dim.product.variant";

TEST_F(SearchTest, FindsAssetByExactTechnicalName) {
  SearchResult result = search(*searcher_, "fact_line_item");
  ASSERT_FALSE(result.hits.empty());
  EXPECT_EQ(result.hits[0].asset.uri, kLineItems);
  EXPECT_TRUE(contains(result.hits[0].matched, "name"));
}

TEST_F(SearchTest, ExactNameMatchRanksFirstAmongNamesContainingTheWord) {
  SearchResult result = search(*searcher_, "orders");
  ASSERT_GT(result.hits.size(), 3u);
  EXPECT_EQ(result.hits[0].asset.uri, kOrders);
  EXPECT_TRUE(contains(uris_of(result), "datacat://table/sales_dw_staging/stg_orders_daily"));
}

TEST_F(SearchTest, TechnicalNamesAreFoundByTheirParts) {
  EXPECT_EQ(search(*searcher_, "line items").hits.at(0).asset.uri, kLineItems);
  EXPECT_EQ(search(*searcher_, "product variant").hits.at(0).asset.uri, kVariant);
  EXPECT_TRUE(contains(uris_of(search(*searcher_, "lifetime value")),
                       "datacat://table/customer_360/customerLifetimeValue"));
}

TEST_F(SearchTest, AssetsWithTheExactColumnRankFirst) {
  std::set<std::string> holders;
  for (const auto& [uri, asset] : *assets_) {
    for (const Column& c : asset.columns) {
      if (c.name == "billing_address_line1") holders.insert(uri);
    }
  }
  ASSERT_GE(holders.size(), 3u);
  SearchResult result = search(*searcher_, "billing_address_line1");
  ASSERT_GE(result.hits.size(), holders.size());
  for (size_t i = 0; i < holders.size(); ++i) {
    EXPECT_TRUE(holders.contains(result.hits[i].asset.uri))
        << "rank " << i << ": " << result.hits[i].asset.uri;
    EXPECT_TRUE(contains(result.hits[i].matched, "column")) << result.hits[i].asset.uri;
  }
}

TEST_F(SearchTest, TagFieldQueryMatchesExactlyTheTaggedAssets) {
  size_t expected = std::count_if(assets_->begin(), assets_->end(), [](const auto& entry) {
    const auto& tags = entry.second.tags;
    return std::find(tags.begin(), tags.end(), "pii") != tags.end();
  });
  SearchResult result = search(*searcher_, "tag:pii");
  EXPECT_EQ(result.total, expected);
  EXPECT_GT(expected, 10u);
}

TEST_F(SearchTest, StemmedDescriptionWordFindsOtherForms) {
  // The sample says "shipments" and "shipment"; a search for "shipment" finds both forms.
  std::vector<std::string> uris = uris_of(search(*searcher_, "shipment"));
  size_t expected = std::count_if(assets_->begin(), assets_->end(), [](const auto& entry) {
    std::string text = fold(entry.second.description);
    return text.find("shipments") != std::string::npos;
  });
  ASSERT_GT(expected, 0u);
  for (const auto& [uri, asset] : *assets_) {
    if (fold(asset.description).find("shipments") != std::string::npos) {
      EXPECT_TRUE(contains(uris, uri)) << uri;
    }
  }
}

TEST_F(SearchTest, FoldsCaseAndAccents) {
  EXPECT_TRUE(
      contains(uris_of(search(*searcher_, "ZURICH")), "datacat://table/sales_dw/dim_store"));
  EXPECT_TRUE(contains(uris_of(search(*searcher_, "cafe")), "datacat://table/sales_dw/dim_store"));
}

TEST_F(SearchTest, PhraseMatchesOnlyAdjacentWords) {
  SearchResult phrase = search(*searcher_, "\"billing addresses\"");
  SearchResult words = search(*searcher_, "billing addresses");
  ASSERT_GT(phrase.total, 0u);
  EXPECT_LE(phrase.total, words.total);
  for (const Hit& hit : phrase.hits) {
    const Asset& asset = assets_->at(hit.asset.uri);
    std::string text = fold(asset.name + " " + asset.label + " " + asset.description);
    for (const Column& c : asset.columns) text += " " + fold(c.name + " " + c.description);
    EXPECT_NE(text.find("billing address"), std::string::npos) << hit.asset.uri;
  }
}

TEST_F(SearchTest, LastWordMatchesAsAPrefix) {
  SearchResult result = search(*searcher_, "custo");
  ASSERT_GT(result.total, 5u);
  EXPECT_TRUE(contains(uris_of(result), "datacat://dataset/customer_360"));
  // A trailing space ends the word: no completion. No asset has the word "custo", so the
  // hits are the spelling correction's, and say so.
  SearchResult ended = search(*searcher_, "custo ");
  EXPECT_TRUE(ended.corrected);
  EXPECT_NE(ended.corrected_query, "custo ");
}

TEST_F(SearchTest, PrefixTotalsCountEveryCompletion) {
  // Every asset with a word starting "cust" in a field that completes, however many
  // different words complete it (no cut to the most frequent few).
  size_t expected = std::count_if(assets_->begin(), assets_->end(), [](const auto& entry) {
    const Asset& asset = entry.second;
    std::vector<std::string> texts = {asset.name, asset.label};
    texts.insert(texts.end(), asset.tags.begin(), asset.tags.end());
    texts.insert(texts.end(), asset.topics.begin(), asset.topics.end());
    for (const Column& column : asset.columns) texts.push_back(column.name);
    for (const std::string& text : texts) {
      std::vector<Token> tokens;
      uint32_t position = 0;
      analyze(text, position, tokens);
      for (const Token& token : tokens) {
        if (token.text.rfind("cust", 0) == 0) return true;
      }
    }
    return false;
  });
  SearchResult result = search(*searcher_, "cust");
  ASSERT_GT(expected, 20u);
  // Descriptions and glossary terms may add more: at least every such asset, and the
  // assets whose name starts with the prefix first.
  EXPECT_GE(result.total, expected);
  ASSERT_FALSE(result.hits.empty());
  EXPECT_EQ(fold(result.hits[0].asset.name).rfind("cust", 0), 0u) << result.hits[0].asset.name;
}

TEST_F(SearchTest, NameFieldQueryOnlyLooksAtNames) {
  SearchResult result = search(*searcher_, "name:orders");
  ASSERT_GT(result.total, 3u);
  for (const Hit& hit : result.hits) {
    EXPECT_NE(fold(hit.asset.name).find("order"), std::string::npos) << hit.asset.name;
  }
}

TEST_F(SearchTest, TypeFieldQueryFiltersByType) {
  SearchResult result = search(*searcher_, "customer type:dashboard");
  ASSERT_GT(result.total, 0u);
  for (const Hit& hit : result.hits) EXPECT_EQ(hit.asset.type, "dashboard");
}

TEST_F(SearchTest, BooleanOperatorsCombineMatchSets) {
  uint64_t pii = search(*searcher_, "tag:pii").total;
  uint64_t gdpr = search(*searcher_, "tag:gdpr").total;
  uint64_t both = search(*searcher_, "tag:pii AND tag:gdpr").total;
  EXPECT_EQ(search(*searcher_, "tag:pii OR tag:gdpr").total, pii + gdpr - both);
  EXPECT_EQ(search(*searcher_, "tag:pii NOT tag:gdpr").total, pii - both);
  EXPECT_EQ(search(*searcher_, "tag:pii -tag:gdpr").total, pii - both);
  EXPECT_EQ(search(*searcher_, "(tag:pii OR tag:gdpr) type:table").total,
            search(*searcher_, "tag:pii type:table").total +
                search(*searcher_, "tag:gdpr type:table").total -
                search(*searcher_, "tag:pii tag:gdpr type:table").total);
}

TEST_F(SearchTest, NaturalLanguageQuestionReturnsBestPartialMatches) {
  SearchResult result = search(*searcher_, "which tables hold customer billing addresses?");
  EXPECT_TRUE(result.relaxed);
  ASSERT_FALSE(result.hits.empty());
  const Asset& top = assets_->at(result.hits[0].asset.uri);
  std::string text = fold(top.name + " " + top.label + " " + top.description);
  EXPECT_NE(text.find("billing"), std::string::npos);
  EXPECT_NE(text.find("address"), std::string::npos);
}

TEST_F(SearchTest, AllWordsMustMatchWhenManyAssetsHaveThemAll) {
  SearchResult result = search(*searcher_, "customer orders ");
  EXPECT_FALSE(result.relaxed);
  EXPECT_GE(result.total, 10u);
  EXPECT_LT(result.total, search(*searcher_, "customer ").total);
}

TEST_F(SearchTest, FewFullMatchesComeFirstThenPartialOnes) {
  SearchRequest request;
  request.query = "customer invoices ";
  request.per_page = 100;
  SearchResult result = testing::search(*searcher_, request);
  EXPECT_TRUE(result.relaxed);
  // Whether the asset has a word with the stem of `word` (as the index sees its words).
  Xapian::Stem stemmer("english");
  auto has = [&](const Hit& hit, const std::string& word) {
    const Asset& asset = assets_->at(hit.asset.uri);
    std::vector<std::string> texts = {asset.name, asset.label, asset.description};
    for (const Column& c : asset.columns) texts.insert(texts.end(), {c.name, c.description});
    texts.insert(texts.end(), asset.tags.begin(), asset.tags.end());
    texts.insert(texts.end(), asset.topics.begin(), asset.topics.end());
    std::vector<Token> tokens;
    uint32_t position = 0;
    for (const std::string& text : texts) analyze(text, position, tokens);
    return std::any_of(tokens.begin(), tokens.end(),
                       [&](const Token& t) { return stemmer(t.text) == stemmer(word); });
  };
  size_t full = 0;
  while (full < result.hits.size() && has(result.hits[full], "customer") &&
         has(result.hits[full], "invoices"))
    ++full;
  ASSERT_GT(full, 0u);
  ASSERT_LT(full, 10u);
  ASSERT_GT(result.hits.size(), full);
  for (size_t i = full; i < result.hits.size(); ++i) {
    const Hit& hit = result.hits[i];
    EXPECT_FALSE(has(hit, "customer") && has(hit, "invoices"))
        << hit.asset.uri << " after partials";
    EXPECT_TRUE(has(hit, "customer") || has(hit, "invoices")) << hit.asset.uri;
  }
}

TEST_F(SearchTest, MisspelledWordsShowTheCorrectionsResults) {
  SearchResult result = search(*searcher_, "custmer adresses");
  EXPECT_TRUE(result.corrected);
  EXPECT_EQ(result.corrected_query, "customer addresses");
  ASSERT_GT(result.total, 0u);
  EXPECT_EQ(result.total, search(*searcher_, "customer addresses").total);
  EXPECT_TRUE(search(*searcher_, "customer").corrected_query.empty());
  EXPECT_FALSE(search(*searcher_, "customer").corrected);
}

TEST_F(SearchTest, SnippetHighlightsMatchedWords) {
  SearchResult result = search(*searcher_, "billing addresses");
  ASSERT_FALSE(result.hits.empty());
  EXPECT_NE(result.hits[0].snippet.find("<mark>"), std::string::npos) << result.hits[0].snippet;
}

TEST_F(SearchTest, SortsByNameAndByUpdateTime) {
  SearchRequest request;
  request.query = "customer";
  request.per_page = 100;
  request.sort = SortOrder::kName;
  SearchResult by_name = search(*searcher_, request);
  for (size_t i = 1; i < by_name.hits.size(); ++i) {
    EXPECT_LE(fold(by_name.hits[i - 1].asset.name), fold(by_name.hits[i].asset.name));
  }
  request.sort = SortOrder::kUpdated;
  request.query.clear();
  SearchResult by_time = search(*searcher_, request);
  ASSERT_EQ(by_time.hits.size(), 100u);
  for (size_t i = 1; i < by_time.hits.size(); ++i) {
    EXPECT_GE(by_time.hits[i - 1].asset.updated, by_time.hits[i].asset.updated);
  }
}

TEST_F(SearchTest, PagesAreConsecutiveSlicesOfOneRanking) {
  for (const std::string& query : {std::string("customer"), std::string("")}) {
    SearchRequest request;
    request.query = query;
    request.per_page = 30;
    std::vector<std::string> whole = uris_of(search(*searcher_, request));
    request.per_page = 10;
    std::vector<std::string> paged;
    for (request.page = 1; request.page <= 3; ++request.page) {
      for (const std::string& uri : uris_of(search(*searcher_, request))) paged.push_back(uri);
    }
    EXPECT_EQ(paged, whole) << "query: " << query;
  }
}

TEST_F(SearchTest, BrowsingWithoutQueryListsEverything) {
  SearchResult result = search(*searcher_, "");
  EXPECT_EQ(result.total, assets_->size());
}

TEST_F(SearchTest, RejectsBadQueriesAndLimitsWithTheField) {
  auto bad = [](SearchRequest request) { return searcher_->search(request).status(); };
  SearchRequest request;
  request.query = "\"unbalanced";
  EXPECT_EQ(bad(request).field(), "q");
  request.query = "(customer OR orders";
  EXPECT_EQ(bad(request).field(), "q");
  // Without AND, OR or NOT, parentheses are prose and not an error.
  request.query = "a super-resolution network (LapSRN";
  EXPECT_TRUE(searcher_->search(request).is_ok());
  request.query = "customer OR";
  EXPECT_EQ(bad(request).code(), StatusCode::kInvalidArgument);
  request.query = "customer";
  request.per_page = 101;
  EXPECT_EQ(bad(request).field(), "per_page");
  request.per_page = 100;
  request.page = 101;
  EXPECT_EQ(bad(request).field(), "page");
  request.page = 1;
  request.query = std::string(3000, 'a');
  EXPECT_EQ(bad(request).field(), "q");
}

TEST_F(SearchTest, RelaxationKeepsFieldConstraints) {
  SearchResult result = search(*searcher_, "customer wombat type:dashboard");
  EXPECT_TRUE(result.relaxed);
  ASSERT_GT(result.total, 0u);
  for (const Hit& hit : result.hits) EXPECT_EQ(hit.asset.type, "dashboard") << hit.asset.uri;
}

TEST_F(SearchTest, RelaxesWhenTheFiltersLeaveNoAssetWithEveryWord) {
  SearchRequest request;
  request.filters = testing::filters({{"type", {"dashboard"}}});
  request.query = "customer AND payroll";  // explicit operators: never relaxed
  ASSERT_EQ(search(*searcher_, request).total, 0u);
  request.query = "customer payroll";
  SearchResult result = search(*searcher_, request);
  EXPECT_TRUE(result.relaxed);
  ASSERT_GT(result.total, 0u);
  for (const Hit& hit : result.hits) EXPECT_EQ(hit.asset.type, "dashboard");
}

TEST_F(SearchTest, PartialWordLongerThanItsStemStillMatches) {
  // "billing" is indexed as the stem "bill": "billi" and "billin" must still find it.
  for (const char* partial : {"bill", "billi", "billin", "billing"}) {
    EXPECT_TRUE(
        contains(uris_of(search(*searcher_, partial)), "datacat://table/billing/billing_accounts"))
        << partial;
  }
}

TEST_F(SearchTest, RefusesDeeplyNestedParenthesesAndInvalidUtf8) {
  SearchRequest request;
  request.query = std::string(40, '(') + "customer OR orders" + std::string(40, ')');
  EXPECT_EQ(searcher_->search(request).status().field(), "q");
  request.query = "custmer \xff";
  EXPECT_EQ(searcher_->search(request).status().field(), "q");
  request.query = "customer";
  request.filters = testing::filters({{"tags", {"\xff"}}});
  EXPECT_EQ(searcher_->search(request).status().field(), "filters.tags");
}

TEST_F(SearchTest, WordsThatCannotMatchFindNothingRatherThanEverything) {
  EXPECT_EQ(search(*searcher_, std::string(130, 'x')).total, 0u);
  EXPECT_EQ(search(*searcher_, "!!!").total, 0u);
  EXPECT_EQ(search(*searcher_, "").total, assets_->size());
}

}  // namespace
}  // namespace datacat::indexer
