// MatchPlan: the boolean shape of a parsed query, evaluated over cached per-term Roaring
// bitmaps to get the exact match set (total and facets) without scoring every match.
// Xapian then only ranks the first page, with its early termination. A phrase needs
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

struct MatchNode {
  enum class Op { kTerm, kAnd, kOr, kAndNot, kAll, kPhrase, kNothing };
  Op op = Op::kNothing;
  std::string term;                 // kTerm
  std::vector<MatchNode> children;  // kAnd, kOr, kPhrase (terms); kAndNot: {keep, drop}

  static MatchNode of_term(std::string term) { return {Op::kTerm, std::move(term), {}}; }
  static MatchNode of(Op op, std::vector<MatchNode> children) {
    return {op, {}, std::move(children)};
  }
};

// Postings of terms as bitmaps, for one revision of one database, least recently used
// evicted past a byte budget. Not thread-safe: one per Searcher.
class TermBitmapCache {
 public:
  explicit TermBitmapCache(size_t budget_bytes) : budget_(budget_bytes) {}
  // The documents indexed by `term`. Throws Xapian::Error.
  const Roaring& postings(const Xapian::Database& db, const std::string& term);
  // The documents where `terms` stand next to each other, in order. Throws Xapian::Error.
  const Roaring& phrase(const Xapian::Database& db, const std::vector<std::string>& terms);
  void clear();

 private:
  const Roaring& insert(const std::string& key, Roaring bitmap);

  struct Entry {
    Roaring bitmap;
    size_t bytes;
    std::list<std::string>::iterator age;
  };
  size_t budget_;
  size_t used_ = 0;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // front: most recently used
  std::vector<uint32_t> buffer_;
};

// The documents `node` matches; `universe` is every document. Throws Xapian::Error.
Roaring evaluate(const MatchNode& node, const Xapian::Database& db, TermBitmapCache& cache,
                 const Roaring& universe);

}  // namespace datacat::indexer
