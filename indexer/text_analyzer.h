// Text analysis shared by indexing and querying, so both see the same terms.
//
// A text is cut into words at white space and punctuation, except the joiners `_ . - /`
// (alone or in runs, as dbt's "stg_shopify__orders") inside a word, so technical names stay
// whole ("fact_line_item", "dim.product.variant").
// Each word is folded (ICU case folding, accents removed: "Zürich" -> "zurich"). A word
// made of several parts (split at the joiners and at camelCase boundaries) yields the whole
// word and then each part, the parts at consecutive positions so phrases match them:
//   "fact_line_item" -> fact_line_item@p, fact@p, line@p+1, item@p+2
// Ideographic characters (CJK) become one word each. Words longer than kMaxWordBytes are
// dropped. Thread-safe: holds no mutable state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace datacat::indexer {

struct Token {
  std::string text;       // folded
  uint32_t position = 0;  // word position within the analysed text(s)
  bool whole = false;     // the whole of a multi-part word (not itself a part)
  bool part = false;      // one part of a multi-part word
  uint32_t start = 0;     // byte offset of the word (or part) in the analysed text
  uint32_t length = 0;    // its length in bytes there
};

inline constexpr size_t kMaxWordBytes = 120;

// Appends the tokens of `text` to `out`, numbering positions from `position`, which is
// advanced past the last token.
void analyze(std::string_view text, uint32_t& position, std::vector<Token>& out);

// Folds one string (case and accents) without splitting it, e.g. for exact-name terms.
std::string fold(std::string_view text);

// The key two names are equal by when a user types one for the other: folded, with runs of
// spaces, `_` and `-` as one `_`, and none at either end ("Fact Line-Item " -> "fact_line_item").
std::string exact_key(std::string_view text);

}  // namespace datacat::indexer
