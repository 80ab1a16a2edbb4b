// QueryParser on its own: the size limits (QueryLimits) are enforced on the text before any
// Xapian query exists, each refusal naming "q"; queries at a limit still parse.
#include "indexer/query_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace datacat::indexer {
namespace {

std::string repeated(const std::string& piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

class QueryLimitsTest : public ::testing::Test {
 protected:
  bool accepted(const std::string& q) { return parser_.parse(q).is_ok(); }
  std::string refusal(const std::string& q) {
    Result<ParsedQuery> parsed = parser_.parse(q);
    EXPECT_FALSE(parsed.is_ok()) << q.substr(0, 80);
    if (parsed.is_ok()) return "";
    EXPECT_EQ(parsed.status().field(), "q");
    return parsed.status().message();
  }
  QueryParser parser_;
};

TEST_F(QueryLimitsTest, WordsPhrasesAndFieldValuesCountTowardsTheWordLimit) {
  EXPECT_TRUE(accepted(repeated("orders ", QueryLimits::kWords)));
  EXPECT_NE(refusal(repeated("orders ", QueryLimits::kWords + 1)).find("at most 64"),
            std::string::npos);
  // A phrase counts its words; a field value counts once.
  EXPECT_FALSE(accepted("\"" + repeated("a ", QueryLimits::kWords + 1) + "\""));
  EXPECT_FALSE(accepted(repeated("tag:pii ", QueryLimits::kWords + 1)));
  EXPECT_TRUE(accepted(repeated("tag:pii ", QueryLimits::kWords)));
}

TEST_F(QueryLimitsTest, NegationsAndNestingHaveTheirOwnLimits) {
  std::string negations;
  for (size_t i = 0; i < QueryLimits::kNegations; ++i) negations += " -w" + std::to_string(i);
  EXPECT_TRUE(accepted("orders" + negations));
  EXPECT_FALSE(accepted("orders" + negations + " NOT x"));
  int depth = QueryLimits::kNesting;
  EXPECT_TRUE(accepted(repeated("(", depth) + "a OR b" + repeated(")", depth)));
  EXPECT_NE(refusal(repeated("(", depth + 1) + "a OR b" + repeated(")", depth + 1))
                .find("deeper than 10"),
            std::string::npos);
  // Nesting is counted where it is, not in total: many shallow groups are fine.
  EXPECT_TRUE(accepted(repeated("(a OR b) ", 20)));
}

}  // namespace
}  // namespace datacat::indexer
