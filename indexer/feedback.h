// Pseudo-relevance feedback for long questions: the words that best tell the first few
// hits apart from the rest of the catalog (Xapian's ESet over their text fields) are added
// to the query with a small weight. They only re-rank: the match set stays the query's.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "indexer/match_plan.h"

namespace datacat::indexer {

struct FeedbackOptions {
  size_t documents = 5;  // first hits taken as relevant
  size_t words = 10;     // words added
  double weight = 0.3;   // of the best added word, relative to a query word
};

// `plan` with up to `options.words` feedback words from `top` (docids, best first) added as
// optional kWord nodes over every default-search field; `query_stems` (the query's own
// stems) are not added again. Throws Xapian::Error.
MatchNode with_feedback(const Xapian::Database& db, const MatchNode& plan,
                        const std::vector<Xapian::docid>& top,
                        const std::vector<std::string>& query_stems,
                        const FeedbackOptions& options);

}  // namespace datacat::indexer
