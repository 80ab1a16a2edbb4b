// The Ranker returns the page Xapian would: for every kind of query the parser builds
// (words, compound identifiers, phrases, prefixes, field queries, OR, NOT, filters,
// deep pages), its scores and order are checked against Xapian's own BM25 ranking of the
// same query over the same index (the sample catalog plus generated assets whose words
// repeat, so wdfs and document lengths vary).
#include "indexer/ranker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "indexer/query_parser.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

std::string generated_assets(int count) {
  const std::vector<std::string> words = {"customer", "order",   "orders",  "revenue",
                                          "invoice",  "payment", "ship",    "shipping",
                                          "address",  "billing", "account", "customers"};
  std::mt19937 random(11);
  auto some_words = [&](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += (i ? " " : "") + words[random() % words.size()];
    return out;
  };
  std::ostringstream out;
  for (int i = 0; i < count; ++i) {
    std::string name = words[random() % words.size()] + "_" + words[random() % words.size()];
    out << R"({"uri": "datacat://table/gen/t)" << i << R"(", "type": "table", "name": ")" << name
        << R"(", "label": ")" << some_words(1 + static_cast<int>(random() % 3))
        << R"(", "description": ")" << some_words(static_cast<int>(random() % 25))
        << R"(", "tags": [")" << words[random() % 4] << R"("], "owner": "team-)" << random() % 3
        << R"(", "columns": [)";
    int columns = static_cast<int>(random() % 6);
    for (int c = 0; c < columns; ++c) {
      out << (c ? ", " : "") << R"({"name": ")" << words[random() % words.size()] << "_" << c
          << R"(", "description": ")" << some_words(static_cast<int>(random() % 6)) << R"("})";
    }
    out << "]}\n";
  }
  return out.str();
}

class RankerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    DataDir data(dir_->path());
    testing::import_file(data, testing::sample_catalog_path());
    testing::import_ndjson(data, generated_assets(400));
    // Documents where a subtree's words occur but the subtree does not match: a phrase's
    // words apart in the label, and one word of an AND that is missing its partner.
    testing::import_ndjson(
        data,
        R"({"uri": "datacat://table/gate/p1", "type": "table", "name": "p1", "label": "zebra quiet lantern", "description": "a zebra lantern"}
{"uri": "datacat://table/gate/p2", "type": "table", "name": "zebra_lantern", "description": "the zebra lantern"}
{"uri": "datacat://table/gate/q1", "type": "table", "name": "q1", "label": "zebra", "description": "quartz"}
{"uri": "datacat://table/gate/q2", "type": "table", "name": "q2", "label": "zebra lantern", "description": "quartz zebra"}
)");
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    DataDir data(dir_->path());
    db_ = Xapian::Database(data.generation_path(data.current_generation()));
    facets_ = FacetIndex::build(db_);
  }

  // The 20 most frequent terms starting with field prefix + partial (as the searcher picks).
  PrefixExpander expander() {
    return [this](std::string_view field, const std::string& partial) {
      std::vector<std::pair<Xapian::doccount, std::string>> found;
      std::string start = std::string(field) + partial;
      for (auto t = db_.allterms_begin(start); t != db_.allterms_end(start); ++t)
        found.emplace_back(t.get_termfreq(), *t);
      std::sort(found.begin(), found.end(), [](auto& a, auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      std::vector<std::string> out;
      for (size_t i = 0; i < found.size() && i < 20; ++i) out.push_back(found[i].second);
      return out;
    };
  }

  // Checks the ranker's page [offset, offset + limit) against Xapian's for `text`, with
  // the documents limited to `filter` when one is given.
  void check(const std::string& text, size_t offset, size_t limit,
             const std::string& filter_term = "") {
    SCOPED_TRACE("query: " + text + " filter: " + filter_term);
    QueryParser parser;
    auto parsed = parser.parse(text, expander());
    ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
    ASSERT_FALSE(parsed->browse);
    ASSERT_TRUE(Ranker::supports(parsed->match));
    TermBitmapCache cache(64u << 20);
    Roaring candidates = evaluate(parsed->match, db_, cache, facets_->universe());
    Xapian::Query query = parsed->query;
    if (!filter_term.empty()) {
      candidates &= cache.term(db_, filter_term)->docs;
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(filter_term));
    }
    Xapian::Enquire enquire(db_);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    enquire.set_query(query);
    Xapian::MSet expected = enquire.get_mset(static_cast<Xapian::doccount>(offset),
                                             static_cast<Xapian::doccount>(limit),
                                             db_.get_doccount());  // exact counts
    ASSERT_EQ(candidates.cardinality(), expected.get_matches_estimated()) << "match sets differ";
    Ranker ranker;
    RankSource source{db_, cache, *facets_};
    std::vector<RankedDoc> got = ranker.rank(source, parsed->match, candidates, offset, limit);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t k = 1; k < got.size(); ++k) {
      if (got[k].score == got[k - 1].score)
        EXPECT_LT(got[k - 1].name_rank, got[k].name_rank) << "equal scores not in name order";
    }
    size_t i = 0;
    for (auto item = expected.begin(); item != expected.end(); ++item, ++i) {
      double want = item.get_weight();
      EXPECT_NEAR(got[i].score, want, 1e-9 * std::max(1.0, want)) << "rank " << offset + i;
      if (got[i].id != *item) {
        // Only documents with equal scores may trade places (summation order).
        bool tie = std::abs(got[i].score - want) <= 1e-9 * std::max(1.0, want);
        EXPECT_TRUE(tie) << "rank " << offset + i << ": docid " << got[i].id << " vs " << *item;
      }
      std::vector<std::string> terms(enquire.get_matching_terms_begin(item),
                                     enquire.get_matching_terms_end(item));
      // Leave out the filter term, which is part of Xapian's query but not of the plan.
      std::erase(terms, filter_term);
      std::sort(terms.begin(), terms.end());
      std::vector<std::string> mine = Ranker::matching_terms(source, parsed->match, *item);
      std::sort(mine.begin(), mine.end());
      EXPECT_EQ(mine, terms) << "matching terms of docid " << *item;
    }
    EXPECT_GT(expected.size(), 0u) << "a query that matches nothing checks nothing";
  }

  static testing::TempDir* dir_;
  Xapian::Database db_;
  std::shared_ptr<const FacetIndex> facets_;
};

testing::TempDir* RankerTest::dir_ = nullptr;

TEST_F(RankerTest, WordsMatchXapian) {
  for (const char* q : {"customer", "orders", "revenue invoice", "customer billing address",
                        "payment", "ship customers"}) {
    check(q, 0, 20);
  }
}

TEST_F(RankerTest, CompoundIdentifiersMatchXapian) {
  // The whole identifier is weighted apart from its parts found separately (nested OR/AND).
  for (const char* q : {"customer_id", "order_date", "fact_line_item", "billing_address"}) {
    check(q, 0, 20);
  }
}

TEST_F(RankerTest, PhrasesMatchXapian) {
  for (const char* q : {"\"billing address\"", "\"customer order\"", "\"line item\" revenue"}) {
    check(q, 0, 20);
  }
}

TEST_F(RankerTest, PrefixesMatchXapian) {
  for (const char* q : {"cust", "customer ord", "rev", "shi"}) check(q, 0, 20);
}

TEST_F(RankerTest, FieldAndBooleanQueriesMatchXapian) {
  for (const char* q : {"name:orders", "column:customer", "description:revenue", "tag:gold",
                        "customer OR invoice", "customer -orders", "(billing OR shipping) address",
                        "type:table customer", "customer NOT tag:gold"}) {
    check(q, 0, 20);
  }
}

TEST_F(RankerTest, FiltersAndDeepPagesMatchXapian) {
  check("customer", 0, 20, "FT:table");
  check("orders", 0, 10, "FO:team-1");
  check("customer", 20, 20);
  check("order", 100, 50);
}

TEST_F(RankerTest, SubtreesAddWeightOnlyWhereTheyMatch) {
  check("\"zebra lantern\"", 0, 10);          // p1's label has both words, apart
  check("(zebra lantern) OR quartz", 0, 10);  // q1 has zebra but matches by quartz
  check("\"zebra lantern\" OR quartz", 0, 10);
}

TEST_F(RankerTest, PureNegationIsLeftToXapian) {
  QueryParser parser;
  auto parsed = parser.parse("NOT customer");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_FALSE(Ranker::supports(parsed->match));
  EXPECT_TRUE(Ranker::supports(parser.parse("customer -orders")->match));
}

TEST_F(RankerTest, EmptyCandidatesAndPagesPastTheEnd) {
  QueryParser parser;
  auto parsed = parser.parse("customer");
  TermBitmapCache cache(1u << 20);
  RankSource source{db_, cache, *facets_};
  Ranker ranker;
  EXPECT_TRUE(ranker.rank(source, parsed->match, Roaring(), 0, 20).empty());
  Roaring candidates = evaluate(parsed->match, db_, cache, facets_->universe());
  EXPECT_TRUE(ranker.rank(source, parsed->match, candidates, candidates.cardinality(), 20).empty());
  // The score buffer is left clean: ranking again gives the same scores.
  auto first = ranker.rank(source, parsed->match, candidates, 0, 5);
  auto second = ranker.rank(source, parsed->match, candidates, 0, 5);
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].score, second[i].score);
}

TEST_F(RankerTest, APassedDeadlineStillGivesAPageOfCandidates) {
  QueryParser parser;
  auto parsed = parser.parse("customer");
  TermBitmapCache cache(1u << 20);
  RankSource source{db_, cache, *facets_};
  Ranker ranker;
  Roaring candidates = evaluate(parsed->match, db_, cache, facets_->universe());
  auto page = ranker.rank(source, parsed->match, candidates, 0, 10,
                          Ranker::Clock::now() - std::chrono::seconds(1));
  EXPECT_TRUE(ranker.cut_short());
  ASSERT_EQ(page.size(), 10u);
  for (const RankedDoc& doc : page) EXPECT_TRUE(candidates.contains(doc.id));
  ranker.rank(source, parsed->match, candidates, 0, 10);
  EXPECT_FALSE(ranker.cut_short());
}

}  // namespace
}  // namespace datacat::indexer
