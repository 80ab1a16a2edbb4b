// Ranker: ranks an exact match set with the weights a MatchNode plan carries (scale
// factors, phrases, the exact-name boost), then adds any boosts the caller gives (documents
// whose names start with the query). Equal scores list in name order (docids change when
// the index is rebuilt).
//
// A query word (MatchNode kWord) is weighed by BM25F: for each document,
//   tf = sum over the word's fields f of  weight_f * wdf_f / (1 - b_f + b_f * len_f / avg_f)
//   score = scale * idf * (k1 + 1) * tf / (k1 + tf),   k1 = 1.2,
//   idf = log(1 + (N - df + 0.5) / (df + 0.5)), df = documents with the word in any field,
// with weight_f and b_f from index_schema.h and len_f the document's field length
// (FacetIndex::field_length), so a word found in name, label and tags saturates once
// instead of being counted three times. Other terms (phrases, the exact-name term) are
// weighed by BM25 with Xapian's BM25Weight defaults (k1 = 1, b = 0.5, min_normlen = 0.5)
// over the whole document's length.
//
// Why not let Xapian rank: each query word is an OR over six to eight field terms with
// different weights, so Xapian's early termination rarely bites and it scores most of a
// broad match set one document at a time (~300 ns each; 270 ms for a word in 94 % of a
// million assets). The ranker adds each term's contribution term at a time from cached
// postings (docids and wdfs, match_plan.h), only for documents in the set being ranked,
// then keeps the best `offset + limit` in a heap: a few ns per posting.
//
// Weight semantics, as Xapian's: a term adds to a document where its subtree matched (an
// OR child adds only where that child matched; a phrase's terms only where the phrase
// matched; AND_NOT's and filters' right sides add nothing; kAndMaybe's optional side adds
// where it matched). Plans with kAll are not supported (Xapian weighs MatchAll itself).
// Not thread-safe: one per Searcher (it keeps a score buffer).
#pragma once

#include <xapian.h>

#include <chrono>
#include <roaring/roaring.hh>
#include <string>
#include <vector>

#include "indexer/facet_index.h"
#include "indexer/match_plan.h"

namespace datacat::indexer {

// A constant added to the score of every document of `docs`.
struct RankBoost {
  Roaring docs;
  double weight = 0;
};

struct RankedDoc {
  Xapian::docid id = 0;
  double score = 0;
  uint32_t name_rank = 0;  // equal scores list in name order
};

// What one revision of the index offers the ranker. All must be of the same revision.
struct RankSource {
  const Xapian::Database& db;
  TermBitmapCache& cache;
  const FacetIndex& facets;  // document lengths
};

class Ranker {
 public:
  // Whether `plan` can be ranked here (false when it holds kAll).
  static bool supports(const MatchNode& plan);

  // The documents of `candidates` at ranks [offset, offset + limit), best first. Terms not
  // yet weighed when `deadline` passes add nothing (cut_short() then says so): the page is
  // still drawn from the candidates, ranked by what was weighed. Throws Xapian::Error.
  using Clock = std::chrono::steady_clock;
  std::vector<RankedDoc> rank(const RankSource& source, const MatchNode& plan,
                              const Roaring& candidates, size_t offset, size_t limit,
                              Clock::time_point deadline = Clock::time_point::max(),
                              const std::vector<RankBoost>& boosts = {});
  // Off: a word's fields are weighed apart, each by BM25, and summed (the ranking before
  // BM25F, kept for the relevance benchmark's comparison; RankingOptions::bm25f).
  void set_bm25f(bool on) { bm25f_ = on; }
  // Whether the last rank() ran out of time.
  bool cut_short() const { return cut_short_; }

  // The plan's terms `doc` has (what Xapian's get_matching_terms reports). Throws
  // Xapian::Error.
  static std::vector<std::string> matching_terms(const RankSource& source, const MatchNode& plan,
                                                 Xapian::docid doc);

 private:
  // Adds `node`'s weight (times `factor`) to scores_ of candidates in `gate` (null: every
  // candidate; a node's ancestors matched there).
  void accumulate(const RankSource& source, const MatchNode& node, double factor,
                  const Roaring* gate);
  void add_term(const RankSource& source, const std::string& term, double factor,
                const Roaring* gate);
  // A kOr with `coordinate`: its children's weights, times the share of them matched.
  void coordinate(const RankSource& source, const MatchNode& node, double factor,
                  const Roaring* gate);
  // BM25F of one kWord node.
  void add_word(const RankSource& source, const MatchNode& word, double factor,
                const Roaring* gate);

  const Roaring* candidates_ = nullptr;
  Clock::time_point deadline_;
  bool cut_short_ = false;
  bool bm25f_ = true;
  std::vector<double> scores_;     // by docid; zero outside a rank() call
  std::vector<double> frequency_;  // by docid: a word's BM25F tf; zero outside add_word
  std::vector<uint32_t> touched_;  // the documents add_word gave a tf
  std::vector<double> inner_;      // by docid: coordinate()'s subtree scores; zero outside it
  std::vector<uint8_t> matched_;   // by docid: children matched, in coordinate(); zero outside
  std::vector<uint32_t> buffer_;
};

}  // namespace datacat::indexer
