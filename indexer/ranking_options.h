// Which of the ranking's features a search uses (docs/relevance.md explains each and what
// it is worth). Every one is on by default except pseudo-relevance feedback, which the
// benchmark did not keep; the relevance benchmark turns them off one at a time to measure
// them, and nothing else should change them.
#pragma once

namespace datacat::indexer {

struct RankingOptions {
  bool bm25f = true;             // a word's fields saturate once; else each field's BM25, summed
  bool exact_boost = true;       // the asset whose name or label is the query comes first
  bool name_start_boost = true;  // then the assets whose names start with the query
  bool relax_few = true;         // few assets with every word: list those with some, after them
  bool coordination = true;      // relaxed: scores scale with the share of the words matched
  bool word_pairs = true;        // relaxed: neighbouring query words rank higher as a phrase
  bool distinct_words = true;    // a word said twice counts once
  bool prefix = true;            // the last word completes as a prefix
  bool feedback = false;         // pseudo-relevance feedback for questions of 5+ words
};

}  // namespace datacat::indexer
