// The search query language, compiled to a Xapian::Query over index_schema.h's terms.
//
//   billing address      every word must match (any searchable field, stemmed); when no
//                        asset has them all, the searcher relaxes to any word
//   "billing address"    phrase
//   custo                the last word also matches as a prefix (search as you type) in
//                        names, labels, columns, tags, topics and glossary terms
//   name:orders  column:customer_id  tag:pii  topic:finance  label:...  description:...
//   owner:sales-analytics                   field queries (stemmed text of that field)
//   type:table  region:eu-west-1  classification:secret  environment:prod
//   organization:acme                       exact facet values
//   a AND b, a OR b, NOT a, -a, ( ... )     boolean operators (upper case)
// Unknown `x:` prefixes are plain text (so uris like s3://bucket search as words).
// Thread-compatible: one QueryParser per thread.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/match_plan.h"
#include "indexer/status.h"

namespace datacat::indexer {

// How large a query may be. Checked on the text before any query is built, and a query
// past a limit is kInvalidArgument naming "q": Xapian and the ranker recurse over the
// query's shape, so its size must be bounded before either sees it.
struct QueryLimits {
  static constexpr size_t kWords = 64;      // plain words, words inside phrases, field values
  static constexpr size_t kNegations = 16;  // NOT and -word
  static constexpr int kNesting = 10;       // levels of parentheses
};

struct ParsedQuery {
  bool browse = true;     // no text query: match everything
  Xapian::Query query;    // the strict query, for ranking (unset when browse)
  MatchNode match;        // its shape and weights: the exact match set, and ranking it
  Xapian::Query relaxed;  // OR of the top-level words, unset when not relaxable
  MatchNode relaxed_match;
  std::vector<std::string> highlight_words;  // folded words to highlight in snippets
  std::vector<std::string> highlight_stems;  // their stems
  std::string prefix;                        // folded last word used as a prefix, empty when none
  // Plain words as typed, with their byte offset in the query, for spelling correction.
  struct Word {
    size_t offset;
    std::string typed;
    std::string folded;
    bool is_prefix;
  };
  std::vector<Word> words;
};

// For a partial last word, given a field prefix and the folded partial word: the terms of
// the index it has grown past (index terms are stems, which can be shorter than what was
// typed: "billin" has grown past "bill"). Every term that starts with the partial word
// matches too, without the expander's help (MatchNode kPrefix).
using PrefixExpander = std::function<std::vector<std::string>(std::string_view field_prefix,
                                                              const std::string& partial)>;

class QueryParser {
 public:
  QueryParser();
  // kInvalidArgument (field "q") for unbalanced quotes or parentheses, dangling operators
  // and queries past QueryLimits.
  // Without an expander the last word is not treated as a prefix.
  Result<ParsedQuery> parse(std::string_view text, const PrefixExpander& expand = nullptr);

 private:
  Xapian::Stem stemmer_;
};

}  // namespace datacat::indexer
