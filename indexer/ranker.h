// Ranker: ranks an exact match set by BM25, the formula and parameters of Xapian's
// BM25Weight defaults (k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5), with the
// weights a MatchNode plan carries (scale factors, phrases, the exact-name boost), so the
// scores are those Xapian would give the same query. Equal scores list in name order
// (Xapian would use docids, which change when the index is rebuilt).
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
                              Clock::time_point deadline = Clock::time_point::max());
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

  const Roaring* candidates_ = nullptr;
  Clock::time_point deadline_;
  bool cut_short_ = false;
  std::vector<double> scores_;  // by docid; zero outside a rank() call
  std::vector<uint32_t> buffer_;
};

}  // namespace datacat::indexer
