// MatchPlan: the shape of a parsed query, evaluated over cached per-term Roaring bitmaps to
// get the exact match set (total and facets), and carrying the query's weights so the
// Ranker (ranker.h) can rank that set the way Xapian would rank the query. A phrase needs
// positions: its match set comes from one unweighted Xapian pass, cached like a term's.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <list>
#include <roaring/roaring.hh>
#include <string>
#include <unordered_map>
#include <vector>

namespace datacat::indexer {

// Ops mean what Xapian's do: kAndMaybe matches where its first child does, and its second
// child only adds weight. `scale` multiplies the weight of the whole subtree, as
// Xapian::Query::OP_SCALE_WEIGHT does (0: boolean, no weight).
struct MatchNode {
  enum class Op { kTerm, kAnd, kOr, kAndNot, kAndMaybe, kAll, kPhrase, kNothing };
  Op op = Op::kNothing;
  std::string term;                 // kTerm
  std::vector<MatchNode> children;  // kAnd, kOr, kPhrase (terms); kAndNot: {keep, drop...};
                                    // kAndMaybe: {required, optional}
  double scale = 1.0;

  static MatchNode of_term(std::string term) { return {Op::kTerm, std::move(term), {}, 1.0}; }
  static MatchNode of(Op op, std::vector<MatchNode> children) {
    return {op, {}, std::move(children), 1.0};
  }
};

// A term's postings: its documents as a bitmap (for set operations) and as a sorted array
// with the term's frequency in each (wdf, clamped to 65535), for ranking. Phrases keep
// only the bitmap.
struct TermPostings {
  Roaring docs;
  std::vector<uint32_t> ids;
  std::vector<uint16_t> wdf;
};

// Postings of terms as bitmaps, for one revision of one database, least recently used
// evicted past a byte budget. Not thread-safe: one per Searcher. References returned stay
// valid until the next call.
class TermBitmapCache {
 public:
  explicit TermBitmapCache(size_t budget_bytes) : budget_(budget_bytes) {}
  // The documents indexed by `term`. Throws Xapian::Error.
  const Roaring& postings(const Xapian::Database& db, const std::string& term) {
    return term_postings(db, term).docs;
  }
  // The documents and wdfs of `term`. Throws Xapian::Error.
  const TermPostings& term_postings(const Xapian::Database& db, const std::string& term);
  // The documents where `terms` stand next to each other, in order. Throws Xapian::Error.
  const Roaring& phrase(const Xapian::Database& db, const std::vector<std::string>& terms);
  void clear();

 private:
  const TermPostings& insert(const std::string& key, TermPostings postings);

  struct Entry {
    TermPostings postings;
    size_t bytes;
    std::list<std::string>::iterator age;
  };
  size_t budget_;
  size_t used_ = 0;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // front: most recently used
};

// The documents `node` matches; `universe` is every document. Throws Xapian::Error.
Roaring evaluate(const MatchNode& node, const Xapian::Database& db, TermBitmapCache& cache,
                 const Roaring& universe);

}  // namespace datacat::indexer
