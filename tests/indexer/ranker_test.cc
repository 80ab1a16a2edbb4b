// The Ranker's fast path (term at a time over cached postings) gives the scores ranker.h
// defines: for every kind of query the parser builds (words on several fields, compound
// identifiers, phrases, prefixes, field queries, OR, NOT, relaxed queries with
// coordination, filters, deep pages), each page is checked against a slow reference that
// scores every candidate document at a time, straight from the Xapian document (the sample
// catalog plus generated assets whose words repeat, so wdfs and field lengths vary).
#include "indexer/ranker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "indexer/doc_data.h"
#include "indexer/index_schema.h"
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
{"uri": "datacat://table/gate/z_everywhere", "type": "table", "name": "zephyr", "label": "zephyr", "tags": ["zephyr"], "description": "same length"}
{"uri": "datacat://table/gate/z_name", "type": "table", "name": "zephyr", "label": "calm", "tags": ["calm"], "description": "same length"}
)");
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    DataDir data(dir_->path());
    db_ = Xapian::Database(data.generation_path(data.current_generation()));
    facets_ = FacetIndex::build(db_);
  }

  // wdf of `term` in `doc` (0 when absent).
  Xapian::termcount wdf(Xapian::docid doc, const std::string& term) const {
    auto it = db_.termlist_begin(doc);
    it.skip_to(term);
    return it != db_.termlist_end(doc) && *it == term ? it.get_wdf() : 0;
  }

  // A kPrefix child's wdf in `doc`: of its field's stemmed and unstemmed terms that start
  // with the letters typed and are longer (the unstemmed ones only when the letters are
  // not a stemmed term), the larger sum. Few completions here: no identifier is left out.
  double prefix_wdf(Xapian::docid doc, const MatchNode& node) const {
    const schema::FieldSpec& spec = schema::kFields[static_cast<size_t>(node.field)];
    std::string typed = node.term.substr(spec.prefix.size());
    double best = 0;
    for (std::string_view prefix : {spec.prefix, spec.raw_prefix}) {
      if (prefix.empty()) continue;
      if (prefix == spec.raw_prefix && db_.term_exists(node.term)) break;
      std::string start = std::string(prefix) + typed;
      double sum = 0;
      for (auto it = db_.termlist_begin(doc); it != db_.termlist_end(doc); ++it) {
        if ((*it).size() > start.size() && (*it).rfind(start, 0) == 0) sum += it.get_wdf();
      }
      best = std::max(best, sum);
    }
    return best;
  }

  bool matches(const MatchNode& node, Xapian::docid doc) {
    return evaluate(node, db_, cache_, facets_->universe()).contains(doc);
  }

  // ranker.h's score of `doc` for `node`, where `node` matched, computed from the document.
  double reference(const MatchNode& node, Xapian::docid doc, double factor) {
    using Op = MatchNode::Op;
    factor *= node.scale;
    if (factor == 0) return 0;
    double documents = db_.get_doccount();
    switch (node.op) {
      case Op::kTerm: {
        double w = wdf(doc, node.term);
        if (w == 0) return 0;
        double df = db_.get_termfreq(node.term);
        double ratio = (documents - df + 0.5) / (df + 0.5);
        if (ratio < 2) ratio = ratio * 0.5 + 1;
        double norm = std::max(db_.get_doclength(doc) / db_.get_avlength(), 0.5);
        return std::log(ratio) * factor * 2 * w / ((norm * 0.5 + 0.5) + w);
      }
      case Op::kWord: {
        double df = evaluate(node, db_, cache_, facets_->universe()).cardinality();
        double idf = std::log(1 + (documents - df + 0.5) / (df + 0.5));
        double tf = 0;
        for (const MatchNode& child : node.children) {
          auto field = static_cast<size_t>(child.field);
          double w = child.op == Op::kPrefix ? prefix_wdf(doc, child) : wdf(doc, child.term);
          double b = schema::kFields[field].length_norm;
          double average = facets_->average_field_length(field);
          double norm = 1 - b + b * (average > 0 ? facets_->field_length(doc, field) / average : 0);
          tf += child.scale * w / std::max(norm, 0.5);
        }
        return factor * idf * 2.2 * tf / (1.2 + tf);
      }
      case Op::kPhrase: {
        double sum = 0;
        for (const MatchNode& child : node.children) sum += reference(child, doc, factor);
        return sum;
      }
      case Op::kAndNot:
        return reference(node.children[0], doc, factor);
      default: {  // kAnd, kOr, kAndMaybe: each child adds where it matched
        double sum = 0;
        size_t matched = 0;
        for (const MatchNode& child : node.children) {
          if (!matches(child, doc)) continue;
          ++matched;
          sum += reference(child, doc, factor);
        }
        if (node.op == Op::kOr && node.coordinate)
          sum *= static_cast<double>(matched) / static_cast<double>(node.children.size());
        return sum;
      }
    }
  }

  // Checks the ranker's page [offset, offset + limit) of `plan` (the parsed query's strict
  // plan, or its relaxed one) against the reference, the candidates limited to the
  // documents with `filter_term` when one is given.
  void check(const std::string& text, size_t offset, size_t limit,
             const std::string& filter_term = "", bool relaxed = false) {
    SCOPED_TRACE("query: " + text + " filter: " + filter_term);
    QueryParser parser;
    auto parsed = parser.parse(text, {true, {}});
    ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
    ASSERT_FALSE(parsed->browse);
    const MatchNode& plan = relaxed ? parsed->relaxed_match : parsed->match;
    ASSERT_TRUE(Ranker::supports(plan));
    Roaring candidates = evaluate(plan, db_, cache_, facets_->universe());
    if (!filter_term.empty()) candidates &= cache_.term(db_, filter_term)->docs;
    ASSERT_GT(candidates.cardinality(), 0u) << "a query that matches nothing checks nothing";
    std::vector<RankedDoc> expected;
    for (uint32_t doc : candidates)
      expected.push_back({doc, reference(plan, doc, 1.0), facets_->name_rank(doc)});
    std::sort(expected.begin(), expected.end(), [](const RankedDoc& a, const RankedDoc& b) {
      return a.score != b.score ? a.score > b.score : a.name_rank < b.name_rank;
    });
    Ranker ranker;
    RankSource source{db_, cache_, *facets_};
    std::vector<RankedDoc> got = ranker.rank(source, plan, candidates, offset, limit);
    size_t want = std::min(limit, expected.size() > offset ? expected.size() - offset : 0);
    ASSERT_EQ(got.size(), want);
    for (size_t i = 0; i < got.size(); ++i) {
      const RankedDoc& wanted = expected[offset + i];
      double tolerance = 1e-9 * std::max(1.0, wanted.score);
      EXPECT_NEAR(got[i].score, wanted.score, tolerance) << "rank " << offset + i;
      if (got[i].id != wanted.id) {
        // Only documents with equal scores may trade places (summation order).
        EXPECT_NEAR(got[i].score, wanted.score, tolerance)
            << "rank " << offset + i << ": docid " << got[i].id << " vs " << wanted.id;
      }
      if (i > 0 && got[i].score == got[i - 1].score)
        EXPECT_LT(got[i - 1].name_rank, got[i].name_rank) << "equal scores not in name order";
    }
  }

  static testing::TempDir* dir_;
  Xapian::Database db_;
  std::shared_ptr<const FacetIndex> facets_;
  TermBitmapCache cache_{64u << 20};
};

testing::TempDir* RankerTest::dir_ = nullptr;

TEST_F(RankerTest, WordsScoreAsBm25f) {
  for (const char* q : {"customer", "orders", "revenue invoice", "customer billing address",
                        "payment", "ship customers"}) {
    check(q, 0, 20);
  }
}

TEST_F(RankerTest, CompoundIdentifiersScoreAsTheirWholeOrParts) {
  // The whole identifier is weighted apart from its parts found separately (nested OR/AND).
  for (const char* q : {"customer_id", "order_date", "fact_line_item", "billing_address"}) {
    check(q, 0, 20);
  }
}

TEST_F(RankerTest, PhrasesScoreWhereThePhraseMatches) {
  for (const char* q : {"\"billing address\"", "\"customer order\"", "\"line item\" revenue"}) {
    check(q, 0, 20);
  }
}

TEST_F(RankerTest, PrefixesScoreTheirCompletions) {
  for (const char* q : {"cust", "customer ord", "rev", "shi", "billin"}) check(q, 0, 20);
}

TEST_F(RankerTest, FieldAndBooleanQueries) {
  for (const char* q : {"name:orders", "column:customer", "description:revenue", "tag:gold",
                        "customer OR invoice", "customer -orders", "(billing OR shipping) address",
                        "type:table customer", "customer NOT tag:gold"}) {
    check(q, 0, 20);
  }
}

TEST_F(RankerTest, RelaxedQueriesScaleByTheShareOfWordsMatched) {
  check("zebra quartz lantern", 0, 20, "", true);
  check("customer invoice zebra shipping", 0, 30, "", true);
}

TEST_F(RankerTest, FiltersAndDeepPages) {
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

TEST_F(RankerTest, AWordOnSeveralFieldsSaturatesOnce) {
  // BM25F: a word in name, label and tag together weighs less than three times the word in
  // the name alone, and more than once.
  QueryParser parser;
  auto parsed = parser.parse("zephyr");
  ASSERT_TRUE(parsed.is_ok());
  Roaring candidates = evaluate(parsed->match, db_, cache_, facets_->universe());
  ASSERT_EQ(candidates.cardinality(), 2u);
  Ranker ranker;
  RankSource source{db_, cache_, *facets_};
  auto page = ranker.rank(source, parsed->match, candidates, 0, 2);
  ASSERT_EQ(page.size(), 2u);
  DocData everywhere = decode_doc_data(db_.get_document(page[0].id).get_data());
  EXPECT_EQ(everywhere.uri, "datacat://table/gate/z_everywhere");
  EXPECT_LT(page[0].score, 3 * page[1].score);
  EXPECT_GT(page[0].score, page[1].score);
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
  TermBitmapCache& cache = cache_;
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
  TermBitmapCache& cache = cache_;
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
