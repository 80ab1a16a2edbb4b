// Tests of the text analyser shared by indexing and querying.
#include "indexer/text_analyzer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace datacat::indexer {
namespace {

using Strings = std::vector<std::string>;

// "text@position", with " whole" or " part" for the pieces of a multi-part word.
std::string describe(const Token& token) {
  std::string out = token.text + "@" + std::to_string(token.position);
  if (token.whole) out += " whole";
  if (token.part) out += " part";
  return out;
}

class TextAnalyzerTest : public ::testing::Test {
 protected:
  // Analyses `text` starting at position_ and returns the tokens described.
  Strings tokens_of(std::string_view text) {
    tokens_.clear();
    analyze(text, position_, tokens_);
    Strings out;
    for (const Token& token : tokens_) out.push_back(describe(token));
    return out;
  }
  // The folded words only.
  Strings words_of(std::string_view text) {
    tokens_of(text);
    Strings out;
    for (const Token& token : tokens_) out.push_back(token.text);
    return out;
  }
  // The original bytes each token points at.
  Strings spans_of(std::string_view text) {
    tokens_of(text);
    Strings out;
    for (const Token& token : tokens_) {
      EXPECT_LE(token.start + token.length, text.size()) << describe(token);
      out.emplace_back(text.substr(token.start, token.length));
    }
    return out;
  }

  uint32_t position_ = 0;
  std::vector<Token> tokens_;
};

TEST_F(TextAnalyzerTest, KeepsAnIdentifierWholeAndAddsItsPartsAtConsecutivePositions) {
  EXPECT_EQ(tokens_of("fact_line_item"),
            (Strings{"fact_line_item@0 whole", "fact@0 part", "line@1 part", "item@2 part"}));
  EXPECT_EQ(position_, 3u);
}

TEST_F(TextAnalyzerTest, SplitsDottedNames) {
  EXPECT_EQ(tokens_of("dim.product.variant"), (Strings{"dim.product.variant@0 whole", "dim@0 part",
                                                       "product@1 part", "variant@2 part"}));
}

TEST_F(TextAnalyzerTest, SplitsCamelCase) {
  EXPECT_EQ(tokens_of("customerLifetimeValue"),
            (Strings{"customerlifetimevalue@0 whole", "customer@0 part", "lifetime@1 part",
                     "value@2 part"}));
}

TEST_F(TextAnalyzerTest, SplitsAnAcronymFromTheWordAfterIt) {
  EXPECT_EQ(tokens_of("HTTPServer"),
            (Strings{"httpserver@0 whole", "http@0 part", "server@1 part"}));
  EXPECT_EQ(words_of("parseJSONResponse"),
            (Strings{"parsejsonresponse", "parse", "json", "response"}));
}

TEST_F(TextAnalyzerTest, SplitsCamelCaseAfterAnAccentedLetter) {
  EXPECT_EQ(words_of("menüItem"), (Strings{"menuitem", "menu", "item"}));
}

TEST_F(TextAnalyzerTest, SplitsHyphenatedWords) {
  EXPECT_EQ(tokens_of("line-items"),
            (Strings{"line-items@0 whole", "line@0 part", "items@1 part"}));
}

TEST_F(TextAnalyzerTest, SplitsAnS3UriAtTheColonAndDropsTheTrailingSlash) {
  EXPECT_EQ(tokens_of("s3://acme-raw/clickstream/"),
            (Strings{"s3@0", "acme-raw/clickstream@1 whole", "acme@1 part", "raw@2 part",
                     "clickstream@3 part"}));
  EXPECT_EQ(position_, 4u);
}

TEST_F(TextAnalyzerTest, IgnoresJoinersAtTheEdgesOfWords) {
  EXPECT_EQ(tokens_of("_private --verbose"), (Strings{"private@0", "verbose@1"}));
}

TEST_F(TextAnalyzerTest, NumbersPositionsAcrossWordsAndCalls) {
  position_ = 10;
  EXPECT_EQ(tokens_of("orders by fact_line_item"),
            (Strings{"orders@10", "by@11", "fact_line_item@12 whole", "fact@12 part",
                     "line@13 part", "item@14 part"}));
  EXPECT_EQ(tokens_of("customer"), (Strings{"customer@15"}));
  EXPECT_EQ(position_, 16u);
}

TEST_F(TextAnalyzerTest, FoldsCaseAndAccents) {
  EXPECT_EQ(words_of("Zürich CAFÉ Straße ÉCOLE naïve"),
            (Strings{"zurich", "cafe", "strasse", "ecole", "naive"}));
}

TEST_F(TextAnalyzerTest, StripsSentencePunctuation) {
  EXPECT_EQ(words_of("All line items. Orders, (customers); \"quoted\"? yes!"),
            (Strings{"all", "line", "items", "orders", "customers", "quoted", "yes"}));
  EXPECT_EQ(spans_of("See items."), (Strings{"See", "items"}));
}

TEST_F(TextAnalyzerTest, MakesEachCjkIdeographAToken) {
  EXPECT_EQ(tokens_of("销售数据"), (Strings{"销@0", "售@1", "数@2", "据@3"}));
  EXPECT_EQ(spans_of("销售数据"), (Strings{"销", "售", "数", "据"}));
  EXPECT_EQ(words_of("数据table"), (Strings{"数", "据", "table"}));
}

TEST_F(TextAnalyzerTest, OffsetsPointAtTheOriginalText) {
  const std::string text = "  Café Zürich_Orders.\tHTTPServer";
  EXPECT_EQ(spans_of(text),
            (Strings{"Café", "Zürich_Orders", "Zürich", "Orders", "HTTPServer", "HTTP", "Server"}));
  for (const Token& token : tokens_) {
    EXPECT_EQ(token.text, fold(text.substr(token.start, token.length))) << describe(token);
  }
}

TEST_F(TextAnalyzerTest, DropsOverlongWordsButKeepsTheirPosition) {
  std::string longest(kMaxWordBytes, 'a');
  std::string too_long(kMaxWordBytes + 1, 'b');
  EXPECT_EQ(tokens_of(longest + " " + too_long + " orders"), (Strings{longest + "@0", "orders@2"}));
}

TEST_F(TextAnalyzerTest, TreatsInvalidUtf8AsASeparator) {
  EXPECT_EQ(words_of("abc\xff"
                     "def \xc3"),
            (Strings{"abc", "def"}));
}

TEST_F(TextAnalyzerTest, ProducesNothingForEmptyOrPunctuationOnlyText) {
  EXPECT_TRUE(tokens_of("").empty());
  EXPECT_TRUE(tokens_of(" -- ... // ").empty());
  EXPECT_EQ(position_, 0u);
}

TEST(FoldTest, FoldsCaseAndAccentsWithoutSplitting) {
  EXPECT_EQ(fold("Zürich"), "zurich");
  EXPECT_EQ(fold("CAFÉ"), "cafe");
  EXPECT_EQ(fold("ÅNGSTRÖM"), "angstrom");
  EXPECT_EQ(fold("Fact_Line-Item s3://X/"), "fact_line-item s3://x/");
  EXPECT_EQ(fold("销售"), "销售");
  EXPECT_EQ(fold(""), "");
}

TEST(FoldTest, GivesTheSameResultForComposedAndDecomposedAccents) {
  EXPECT_EQ(fold("Cafe\u0301"), fold("Caf\u00e9"));
  EXPECT_EQ(fold("Caf\u00e9"), "cafe");
}

}  // namespace
}  // namespace datacat::indexer
