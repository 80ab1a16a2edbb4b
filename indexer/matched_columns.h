// "Why it matched", by column: which columns of a hit hold a query word in their name (the
// whole identifier or one of its parts) or in their description, and which of their words
// those are. A word matches as the index and the snippets match it (snippet.h
// is_highlighted): folded, stemmed with the index's stemmer, the last typed word also as a
// prefix. Pure functions; thread-compatible (the Xapian::Stem given is used, not shared).
#pragma once

#include <xapian.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/doc_data.h"
#include "indexer/search_types.h"
#include "indexer/snippet.h"

namespace datacat::indexer {

// Cap on the columns of one hit (a 500-column table must not bloat the answer), and on
// the words reported for one column.
inline constexpr size_t kMaxMatchedColumns = 5;
inline constexpr size_t kMaxMatchedWords = 8;

struct ColumnText {
  std::string_view name;
  std::string_view description;  // raw Markdown, as indexed
};

// Where the query matched the columns at all (the index's column-name and column-description
// fields): the other part is not looked at.
struct ColumnFields {
  bool names = true;
  bool descriptions = true;
};

// The columns with a highlighted word: those matched in their name first, then those
// matched only in their description, each group in column order; at most `limit`.
// A multi-part word reports its matching parts ("billing", "address" of
// billing_address_id), or itself when only the whole matched.
std::vector<MatchedColumn> match_columns(std::span<const ColumnText> columns,
                                         const HighlightSet& highlight, Xapian::Stem& stemmer,
                                         ColumnFields fields = {},
                                         size_t limit = kMaxMatchedColumns);

// The matched columns of a hit's document `doc`, whose decoded record is `data` (the
// column names). `matched_terms` are the prefixed terms that matched it (nullptr: the
// highlighted stems and prefix are looked up in its terms); they say whether the query
// matched column names or descriptions at all, so a `name:` query matches no column.
// Descriptions are read from the asset record (value slot schema::kSlotAssetRecord), only
// when a column description matched; an index without records matches names only.
// Empty when no column matched. Throws Xapian::Error as document reads do.
std::vector<MatchedColumn> matched_columns_of(const Xapian::Document& doc, const DocData& data,
                                              const HighlightSet& highlight,
                                              const std::vector<std::string>* matched_terms,
                                              Xapian::Stem& stemmer);

}  // namespace datacat::indexer
