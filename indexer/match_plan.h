// MatchPlan: the shape of a parsed query, evaluated over cached per-term Roaring bitmaps to
// get the exact match set (total and facets), and carrying the query's weights so the
// Ranker (ranker.h) can rank that set the way Xapian would rank the query. A phrase needs
// positions: its match set comes from one unweighted Xapian pass, cached like a term's.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <roaring/roaring.hh>
#include <string>
#include <unordered_map>
#include <vector>

namespace datacat::indexer {

// Ops mean what Xapian's do: kAndMaybe matches where its first child does, and its second
// child only adds weight. `scale` multiplies the weight of the whole subtree, as
// Xapian::Query::OP_SCALE_WEIGHT does (0: boolean, no weight).
// kWord is one query word across fields: it matches where any child does, and is ranked
// as one BM25F term (ranker.h); its children are kTerm or kPrefix nodes, each with the
// `field` (schema::kFields position) it belongs to and the field's weight as `scale`.
// kPrefix is the completions of the word being typed in one field: every term starting with
// `term` (the field prefix and the letters typed) but the word itself, as one posting list.
struct MatchNode {
  enum class Op { kTerm, kAnd, kOr, kAndNot, kAndMaybe, kAll, kPhrase, kNothing, kWord, kPrefix };
  Op op = Op::kNothing;
  std::string term;                 // kTerm, kPrefix
  std::vector<MatchNode> children;  // kAnd, kOr, kWord, kPhrase (terms); kAndNot: {keep,
                                    // drop...}; kAndMaybe: {required, optional}
  double scale = 1.0;
  int field = -1;  // kTerm and kPrefix within a kWord: the schema::kFields position
  // kOr: a document's score is multiplied by the share of the children it matches (ranker.h).
  bool coordinate = false;

  static MatchNode of_term(std::string term) {
    return {Op::kTerm, std::move(term), {}, 1.0, -1, false};
  }
  static MatchNode of(Op op, std::vector<MatchNode> children) {
    return {op, {}, std::move(children), 1.0, -1, false};
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

// Postings of terms (and phrases) for one revision of one index, least recently used
// evicted past a byte budget. Shared by every searcher of a process: a call for another
// index (a reindexed generation) or a newer revision empties it and serves that one; a
// call for an older revision than the cached one is served without caching. Loads run
// outside the lock, so one thread's cold term never stalls another's lookups.
// Thread-safe. Handles stay valid after eviction.
class TermBitmapCache {
 public:
  using Handle = std::shared_ptr<const TermPostings>;
  explicit TermBitmapCache(size_t budget_bytes) : budget_(budget_bytes) {}
  // The documents and wdfs of `term` in `db`. Throws Xapian::Error.
  Handle term(const Xapian::Database& db, const std::string& term);
  // The completions of a word being typed, as one term: the terms starting with one of
  // `starts` (its stemmed field prefix first, then its unstemmed one), other than the
  // starts themselves (the word as typed is matched as a word), and none under the later
  // starts when the first is a term (the word typed is complete). A document's wdf is,
  // of the starts, the largest sum of its terms' wdfs under one start (a word indexed
  // both stemmed and unstemmed counts once). Past kManyCompletions terms, when the letters
  // typed hold no joiner, identifiers (terms with a joiner after the start) are left out:
  // their first part starts with the letters too, so no document is lost (but a camelCase
  // run inside a joined identifier, as "customerOrders_2019" for "customerord").
  // Throws Xapian::Error.
  Handle prefix(const Xapian::Database& db, const std::vector<std::string>& starts);
  // The documents where `terms` stand next to each other, in order (no wdfs). Throws
  // Xapian::Error.
  Handle phrase(const Xapian::Database& db, const std::vector<std::string>& terms);
  void clear();

 private:
  struct Revision {
    std::string index;  // the database's uuid
    Xapian::rev revision = 0;
    bool operator==(const Revision&) const = default;
  };
  // The cached entry for `key` at `at`, or null.
  Handle find(const Revision& at, const std::string& key);
  // Caches `postings` when `at` is the cached revision or a newer one; returns them.
  Handle insert(const Revision& at, const std::string& key, TermPostings postings);

  struct Entry {
    Handle postings;
    size_t bytes;
    std::list<std::string>::iterator age;
  };
  std::mutex mutex_;
  std::mutex scratch_mutex_;           // guards the scratch of prefix()
  std::vector<uint32_t> sums_, best_;  // by docid, zero outside prefix()
  size_t budget_;
  size_t used_ = 0;
  Revision revision_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // front: most recently used
};

// The postings of a kPrefix node: the terms of its field starting with the letters typed,
// stemmed or unstemmed (index_schema.h raw_prefix). Throws Xapian::Error.
TermBitmapCache::Handle prefix_postings(const Xapian::Database& db, TermBitmapCache& cache,
                                        const MatchNode& prefix);

// The documents `node` matches; `universe` is every document. Throws Xapian::Error.
Roaring evaluate(const MatchNode& node, const Xapian::Database& db, TermBitmapCache& cache,
                 const Roaring& universe);

}  // namespace datacat::indexer
