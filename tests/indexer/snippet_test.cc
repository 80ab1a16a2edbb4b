// Tests of highlighted snippets (make_snippet, html_escape).
#include "indexer/snippet.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace datacat::indexer {
namespace {

constexpr std::string_view kEllipsis = "\u2026";

// Repeats `word` + " " until the text has at least `bytes` bytes.
std::string filler(const std::string& word, size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += word + " ";
  return out;
}

// True when `text` is well-formed UTF-8 (no cut or stray bytes).
bool is_valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// The snippet without its marks and ellipses, for comparison with the source text.
std::string visible(std::string text) {
  for (std::string_view piece :
       {std::string_view("<mark>"), std::string_view("</mark>"), kEllipsis}) {
    for (size_t at; (at = text.find(piece)) != std::string::npos;) text.erase(at, piece.size());
  }
  return text;
}

size_t count_of(const std::string& text, std::string_view piece) {
  size_t count = 0;
  for (size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) {
    ++count;
  }
  return count;
}

// Texts of 2-, 3- and 4-byte characters, with and without spaces to cut at.
std::vector<std::string> multi_byte_texts() {
  std::string unspaced;
  for (int i = 0; i < 200; ++i) unspaced += "é";
  return {
      filler("é", 600),                                   // 2-byte characters
      "x" + filler("é", 300),                             // the same, shifted by one byte
      filler("€€€", 400) + "orders " + filler("€", 400),  // 3-byte characters
      filler("ÀÉÎÕÜ", 300) + "orders " + filler("日本語", 300),
      "Zürich " + filler("𝔘𝔫𝔦𝔠𝔬𝔡𝔢", 500) + "orders",  // 4-byte characters
      unspaced,
      "x" + unspaced,
  };
}

class SnippetTest : public ::testing::Test {
 protected:
  std::string snippet(std::string_view text, size_t max_bytes = 240) {
    return make_snippet(text, highlight_, stemmer_, max_bytes);
  }
  // "text #i with max_bytes n" for every snippet of multi_byte_texts() that is not valid UTF-8.
  std::vector<std::string> cut_snippets(size_t min_bytes, size_t max_bytes) {
    std::vector<std::string> cuts;
    std::vector<std::string> texts = multi_byte_texts();
    for (size_t i = 0; i < texts.size(); ++i) {
      EXPECT_TRUE(is_valid_utf8(texts[i]));
      for (size_t bytes = min_bytes; bytes <= max_bytes; ++bytes) {
        if (!is_valid_utf8(snippet(texts[i], bytes))) {
          cuts.push_back("text #" + std::to_string(i) + " with max_bytes " + std::to_string(bytes));
        }
      }
    }
    return cuts;
  }

  Xapian::Stem stemmer_{"english"};
  HighlightSet highlight_;
};

TEST(MarkdownToPlainTest, DropsMarkupButKeepsIdentifiers) {
  EXPECT_EQ(markdown_to_plain("# Orders\nOne **row** per `order_id`; see [the docs](https://x/y).\n"
                              "> quoted source_updated_at and a*b"),
            "Orders\nOne row per order_id; see the docs.\nquoted source_updated_at and a*b");
  EXPECT_EQ(markdown_to_plain("[not a link] and (parens)"), "[not a link] and (parens)");
}

TEST_F(SnippetTest, WrapsMatchesInMark) {
  highlight_.words = {"orders", "customer"};
  EXPECT_EQ(snippet("Daily orders by customer and region."),
            "Daily <mark>orders</mark> by <mark>customer</mark> and region.");
}

TEST_F(SnippetTest, MatchesFoldedWordsButShowsTheOriginal) {
  highlight_.words = {"zurich", "cafe"};
  EXPECT_EQ(snippet("Umsätze in ZÜRICH, Café Central"),
            "Umsätze in <mark>ZÜRICH</mark>, <mark>Café</mark> Central");
}

TEST_F(SnippetTest, EscapesHtmlInTheSource) {
  highlight_.words = {"orders", "script"};
  std::string out = snippet("<script>alert('x')</script> orders & \"more\"");
  EXPECT_EQ(out,
            "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; "
            "<mark>orders</mark> &amp; &quot;more&quot;");
  EXPECT_EQ(out.find("<script"), std::string::npos);
}

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape("Zürich 销售"), "Zürich 销售");
}

TEST_F(SnippetTest, MovesTheWindowToTheMatchesOfALongText) {
  highlight_.words = {"billing"};
  const std::string text =
      filler("lorem", 600) + "customer billing addresses " + filler("ipsum", 600);
  std::string out = snippet(text);
  EXPECT_EQ(out.rfind(kEllipsis, 0), 0u) << out;
  EXPECT_EQ(out.substr(out.size() - kEllipsis.size()), kEllipsis) << out;
  EXPECT_EQ(count_of(out, "<mark>billing</mark>"), 1u) << out;
  std::string shown = visible(out);
  EXPECT_LE(shown.size(), 240u);
  EXPECT_NE(text.find(shown), std::string::npos) << "not a piece of the text: " << shown;
  // The window starts at a word, not inside "lorem".
  EXPECT_EQ(shown.rfind("lorem ", 0), 0u) << shown;
}

TEST_F(SnippetTest, PrefersTheWindowWithTheMostMatches) {
  highlight_.words = {"orders"};
  const std::string text =
      "orders " + filler("lorem", 500) + "orders, returned orders, orders. " + filler("ipsum", 500);
  std::string out = snippet(text);
  EXPECT_EQ(count_of(out, "<mark>orders</mark>"), 3u) << out;
}

TEST_F(SnippetTest, HighlightsWordsSharingAStem) {
  highlight_.stems = {stemmer_("address")};
  EXPECT_EQ(snippet("Customer billing addresses, one per address."),
            "Customer billing <mark>addresses</mark>, one per <mark>address</mark>.");
}

TEST_F(SnippetTest, HighlightsWordsStartingWithThePrefix) {
  highlight_.prefix = "cust";
  EXPECT_EQ(snippet("Customers in custody, accustomed to it."),
            "<mark>Customers</mark> in <mark>custody</mark>, accustomed to it.");
}

TEST_F(SnippetTest, HighlightsAPartOfAnIdentifier) {
  highlight_.words = {"line"};
  EXPECT_EQ(snippet("see fact_line_item now"), "see fact_<mark>line</mark>_item now");
}

TEST_F(SnippetTest, MarksAWholeIdentifierOnceEvenWhenItsPartsMatchToo) {
  highlight_.words = {"fact_line_item", "line", "item"};
  EXPECT_EQ(snippet("see fact_line_item now"), "see <mark>fact_line_item</mark> now");
}

TEST_F(SnippetTest, ReturnsTheStartOfATextWithoutMatches) {
  highlight_.words = {"absent"};
  const std::string text = "First words here. " + filler("lorem", 600);
  std::string out = snippet(text);
  EXPECT_EQ(out.find("<mark>"), std::string::npos);
  EXPECT_EQ(out.rfind("First words here. lorem", 0), 0u) << out;
  EXPECT_EQ(out.substr(out.size() - kEllipsis.size()), kEllipsis) << out;
  EXPECT_LE(visible(out).size(), 240u);
  EXPECT_EQ(snippet("Short & sweet."), "Short &amp; sweet.");
  EXPECT_EQ(snippet(""), "");
}

TEST_F(SnippetTest, NeverCutsInsideAMultiByteCharacter) {
  highlight_.words = {"orders"};
  EXPECT_EQ(cut_snippets(20, 300), std::vector<std::string>{});
}

TEST_F(SnippetTest, NeverCutsInsideAMultiByteCharacterEvenInATinyWindow) {
  highlight_.words = {"orders"};
  EXPECT_EQ(cut_snippets(8, 19), std::vector<std::string>{});
}

}  // namespace
}  // namespace datacat::indexer
