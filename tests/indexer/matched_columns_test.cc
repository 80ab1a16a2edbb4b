// Which columns a hit matched (matched_columns.h): over a real index built from a small
// catalog, and the pure matching rules (parts, order, cap).
#include "indexer/matched_columns.h"

#include <gtest/gtest.h>

#include "indexer/asset_record.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {

void PrintTo(const MatchedColumn& column, std::ostream* out) {
  *out << "{" << column.name << (column.in_name ? " in name" : "")
       << (column.in_description ? " in description" : "") << ":";
  for (const std::string& word : column.words) *out << " " << word;
  *out << "}";
}

namespace {

constexpr const char* kCustomers = "x://table/customers";
constexpr const char* kPayments = "x://table/payments";

MatchedColumn column(std::string name, bool in_name, bool in_description,
                     std::vector<std::string> words) {
  return {std::move(name), in_name, in_description, std::move(words)};
}

class MatchedColumnsSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    DataDir data(dir_->path());
    testing::import_ndjson(
        data,
        R"({"uri": "x://table/customers", "type": "table", "name": "customers", "description": "One row per customer.", "columns": [{"name": "customer_id", "type": "bigint"}, {"name": "addr_line1", "type": "string", "description": "First line of the street address"}, {"name": "billing_address_id", "type": "bigint"}, {"name": "postcode", "type": "string"}, {"name": "fullName", "type": "string", "description": "Given and family name"}]}
{"uri": "x://table/payments", "type": "table", "name": "payments", "description": "Card payments", "columns": [{"name": "amount"}, {"name": "currency"}]}
)");
    searcher_ = Searcher::open(data).value().release();
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }

  // The matched columns of the hit `uri` for `query` (fails when it is not a hit).
  static std::vector<MatchedColumn> columns_of(const std::string& uri, const std::string& query,
                                               SortOrder sort = SortOrder::kRelevance) {
    SearchRequest request;
    request.query = query;
    request.sort = sort;
    SearchResult result = testing::search(*searcher_, request);
    for (const Hit& hit : result.hits) {
      if (hit.asset.uri == uri) return hit.matched_columns;
    }
    ADD_FAILURE() << uri << " is not a hit of " << query;
    return {};
  }

  static testing::TempDir* dir_;
  static Searcher* searcher_;
};

testing::TempDir* MatchedColumnsSearchTest::dir_ = nullptr;
Searcher* MatchedColumnsSearchTest::searcher_ = nullptr;

TEST_F(MatchedColumnsSearchTest, AWordOfAColumnNameNamesTheColumnAndThePart) {
  EXPECT_EQ(columns_of(kCustomers, "billing"),
            std::vector{column("billing_address_id", true, false, {"billing"})});
}

TEST_F(MatchedColumnsSearchTest, AWordOfAColumnDescriptionNamesTheColumn) {
  EXPECT_EQ(columns_of(kCustomers, "street"),
            std::vector{column("addr_line1", false, true, {"street"})});
  // camelCase names are split as the index splits them; descriptions are stemmed.
  EXPECT_EQ(columns_of(kCustomers, "families"),
            std::vector{column("fullName", false, true, {"family"})});
}

TEST_F(MatchedColumnsSearchTest, StemmedWordsMatchNamesFirstThenDescriptions) {
  // addr_line1 comes first in the table, but a name match is the better reason.
  EXPECT_EQ(columns_of(kCustomers, "addresses"),
            (std::vector{column("billing_address_id", true, false, {"address"}),
                         column("addr_line1", false, true, {"address"})}));
}

TEST_F(MatchedColumnsSearchTest, TheLastWordTypedMatchesAsAPrefix) {
  EXPECT_EQ(columns_of(kCustomers, "postc"),
            std::vector{column("postcode", true, false, {"postcode"})});
  // Only the whole identifier starts with "fulln": it is the word.
  EXPECT_EQ(columns_of(kCustomers, "fulln"),
            std::vector{column("fullName", true, false, {"fullName"})});
}

TEST_F(MatchedColumnsSearchTest, AHitMatchedOutsideItsColumnsHasNone) {
  EXPECT_TRUE(columns_of(kPayments, "payments").empty());
  // customer_id holds the word, but the query asked for names only.
  EXPECT_TRUE(columns_of(kCustomers, "name:customers").empty());
  SearchRequest browse;
  for (const Hit& hit : testing::search(*searcher_, browse).hits)
    EXPECT_TRUE(hit.matched_columns.empty()) << hit.asset.uri;
}

TEST_F(MatchedColumnsSearchTest, HitsSortedByNameSayTheSame) {
  for (const char* query : {"addresses", "street", "postc"})
    EXPECT_EQ(columns_of(kCustomers, query, SortOrder::kName), columns_of(kCustomers, query))
        << query;
}

class MatchColumnsTest : public ::testing::Test {
 protected:
  // The highlight set of plain (folded) query words.
  HighlightSet words(std::initializer_list<std::string> folded) {
    HighlightSet set;
    for (const std::string& word : folded) {
      set.words.insert(word);
      set.stems.insert(stemmer_(word));
    }
    return set;
  }
  Xapian::Stem stemmer_{"english"};
};

TEST_F(MatchColumnsTest, AtMostTheCapNameMatchesBeforeDescriptionMatches) {
  std::vector<std::string> names;
  for (int i = 0; i < 8; ++i) names.push_back("order_" + std::to_string(i));
  std::vector<ColumnText> columns = {{"note", "one order"}, {"memo", "an order"}};
  for (const std::string& name : names) columns.push_back({name, ""});
  std::vector<MatchedColumn> matched = match_columns(columns, words({"order"}), stemmer_);
  ASSERT_EQ(matched.size(), kMaxMatchedColumns);
  for (size_t i = 0; i < matched.size(); ++i) EXPECT_EQ(matched[i].name, names[i]);
  // With room left, description matches follow.
  matched = match_columns(std::span(columns).first(3), words({"order"}), stemmer_);
  ASSERT_EQ(matched.size(), 3u);
  EXPECT_EQ(matched[0], column("order_0", true, false, {"order"}));
  EXPECT_EQ(matched[1], column("note", false, true, {"order"}));
}

TEST_F(MatchColumnsTest, WordsAreAsWrittenEachOnceWholeOnlyWhenNoPartMatched) {
  std::vector<ColumnText> columns = {{"CustomerId", "the Customer"},
                                     {"ship_to_ship", "where to ship"}};
  EXPECT_EQ(match_columns(columns, words({"customerid"}), stemmer_),
            std::vector{column("CustomerId", true, false, {"CustomerId"})});
  EXPECT_EQ(match_columns(columns, words({"customer", "ship"}), stemmer_),
            (std::vector{column("CustomerId", true, true, {"Customer"}),
                         column("ship_to_ship", true, true, {"ship"})}));
}

TEST_F(MatchColumnsTest, OnlyTheFieldsTheQueryMatchedAreLookedAt) {
  std::vector<ColumnText> columns = {{"ship_date", "when it shipped"}};
  EXPECT_EQ(match_columns(columns, words({"ship"}), stemmer_, {.names = false}),
            std::vector{column("ship_date", false, true, {"shipped"})});
  EXPECT_TRUE(match_columns(columns, words({"ship"}), stemmer_, {false, false}).empty());
}

TEST(ColumnDescriptionsTest, ComeFromTheAssetRecordInColumnOrder) {
  Asset asset;
  asset.uri = "x://t";
  asset.type = AssetType::kTable;
  asset.name = "t";
  asset.description = "a long description";
  asset.columns = {{"a", "int", "first", false}, {"b", "int", "", false}, {"c", "", "third", true}};
  EXPECT_EQ(decode_column_descriptions(encode_asset_record(asset)),
            (std::vector<std::string>{"first", "", "third"}));
  EXPECT_TRUE(decode_column_descriptions("not a record").empty());
  EXPECT_TRUE(decode_column_descriptions(R"({"asset": {"name": "t"}})").empty());
}

}  // namespace
}  // namespace datacat::indexer
