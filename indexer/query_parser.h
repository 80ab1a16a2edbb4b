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

#include <string>
#include <string_view>
#include <vector>

#include "indexer/match_plan.h"
#include "indexer/ranking_options.h"
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
  bool browse = true;         // no text query: match everything
  Xapian::Query query;        // the strict query, for ranking (unset when browse)
  MatchNode match;            // its shape and weights: the exact match set, and ranking it
  Xapian::Query relaxed;      // OR of the top-level words, unset when not relaxable
  MatchNode relaxed_match;    // ranks a document by the share of the words it has, too
  size_t words_required = 0;  // top-level words and phrases the strict query requires
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

struct ParseOptions {
  // The last word, unless a space or punctuation ends it, also matches as a prefix
  // (schema::kMinPrefixBytes or more) in the fields that complete (index_schema.h).
  bool complete_last_word = false;
  RankingOptions ranking;
};

class QueryParser {
 public:
  QueryParser();
  // kInvalidArgument (field "q") for unbalanced quotes or parentheses, dangling operators
  // and queries past QueryLimits.
  Result<ParsedQuery> parse(std::string_view text, const ParseOptions& options = {});

 private:
  Xapian::Stem stemmer_;
};

}  // namespace datacat::indexer
