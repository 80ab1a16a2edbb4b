// Searcher: answers SearchRequests from the live index (see query_parser.h for the query
// language and facet_index.h for how exact disjunctive facets are counted).
// Thread-compatible: one Searcher per thread (each holds its own Xapian::Database); the
// immutable FacetIndex of a revision is shared through a FacetIndexCache when one is
// given. refresh() moves it to the newest commit.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <unordered_map>

#include "indexer/asset_record.h"
#include "indexer/data_dir.h"
#include "indexer/facet_cache.h"
#include "indexer/facet_index.h"
#include "indexer/query_parser.h"
#include "indexer/ranker.h"
#include "indexer/search_types.h"
#include "indexer/status.h"

namespace datacat::indexer {

class Searcher {
 public:
  // kNotFound when the data directory has no index yet. Searchers given the same `cache`
  // and `terms` (which must outlive them) share facet indexes and term postings; without
  // them each builds its own (terms: kDefaultTermCacheBytes). `live_generation`, when
  // given (and not 0), names the index generation to read instead of the index symlink:
  // the server's writer publishes a swapped-in generation only once it has applied every
  // change the old one had, so no acknowledged write seems to vanish at a reindex swap.
  static constexpr size_t kDefaultTermCacheBytes = 256u << 20;
  static Result<std::unique_ptr<Searcher>> open(const DataDir& dir,
                                                FacetIndexCache* cache = nullptr,
                                                TermBitmapCache* terms = nullptr,
                                                const std::atomic<int>* live_generation = nullptr);

  // A read replica's searcher, on the copy `xapian-replicate` keeps at `path`. Replicas
  // cannot reopen() in place (a full copy switches the stub to another directory), so
  // this searcher closes and opens the database again whenever `version` (bumped by whoever
  // watches the copy, server/replica_follower.h) changes. kUnavailable before the first copy.
  static Result<std::unique_ptr<Searcher>> open_replica(const std::string& path,
                                                        const std::atomic<int>* version,
                                                        FacetIndexCache* cache = nullptr,
                                                        TermBitmapCache* terms = nullptr);

  // Sees the newest commit, or a newly swapped-in index. Cheap when nothing changed.
  Status refresh();

  // kInvalidArgument (with the field: q, page, per_page, facet_size, filters.<facet>) for a
  // request outside SearchLimits or a query the parser rejects.
  Result<SearchResult> search(const SearchRequest& request);

  // Values of `facet` (schema name, e.g. "tags") with a word starting with `prefix` (see
  // FacetIndex::values_with_prefix), most frequent first; kNotFound for an unknown facet.
  Result<std::vector<FacetCount>> facet_values(const std::string& facet, const std::string& prefix,
                                               size_t limit);

  // Forgets cached term bitmaps and prefix completions (for benchmarks from a cold start).
  void drop_caches();

  // The record of the asset `uri` (asset_record.h); nullopt when the index has no such
  // asset; kFailedPrecondition when the index predates asset records (schema 3).
  Result<std::optional<AssetRecord>> asset_record(const std::string& uri);

  // uri -> version of every indexed document, sorted by uri.
  Result<std::vector<std::pair<std::string, int64_t>>> versions();
  uint64_t document_count() const { return db_.get_doccount(); }
  // The index's uuid (a reindex makes a new one; a replica's copy has its primary's).
  std::string uuid() const { return db_.get_uuid(); }
  // What the searcher currently sees: index generation and revision. Results of equal
  // requests are equal while this stays the same (for result caches).
  std::pair<int, uint64_t> snapshot() const { return {generation_, revision_}; }
  int64_t applied_seq() const;

 private:
  Searcher(DataDir dir, int generation, Xapian::Database db, FacetIndexCache* cache,
           TermBitmapCache* terms, const std::atomic<int>* live_generation);
  // The generation to read: the published live one, else the index symlink's.
  static int target_generation(const DataDir& dir, const std::atomic<int>* live_generation);
  // The database of `generation`: its directory, or on a replica the copy (opened anew).
  Xapian::Database open_database(int generation) const;
  // The facet index of db_ at its current revision (from the cache when there is one).
  std::shared_ptr<const FacetIndex> facets_of_db() const;
  // After a read was overtaken: a replica must open its copy again at the next refresh
  // (xapian-replicate applied changesets under it); elsewhere reopen() will do.
  void note_overtaken() { replica_overtaken_ = !replica_path_.empty(); }
  // One attempt of refresh(); throws Xapian::Error when commits overtake it.
  void refresh_once();
  // Moves to index `generation` (swapped in by a reindex).
  void follow_generation(int generation);
  // Takes `facets` (built for db_'s current revision) and drops the per-revision caches.
  void adopt(std::shared_ptr<const FacetIndex> facets);
  // `started`: when this attempt at the request began (its time limit counts from then, so
  // attempts that commits overtook do not use it up).
  // `words_missing` is set when no asset (passing the filters) has every word of the query.
  SearchResult run(const SearchRequest& request, const ParsedQuery& parsed,
                   std::chrono::steady_clock::time_point started, bool& words_missing);
  // The ranked page of `ranked` (the matches passing the filters) for a text query.
  void rank_page(SearchResult& result, const SearchRequest& request, const ParsedQuery& parsed,
                 const MatchNode& plan, const Roaring& ranked, const Roaring& strict,
                 std::chrono::steady_clock::time_point started);
  void add_hits(SearchResult& result, const Xapian::Enquire& enquire, const Xapian::MSet& mset,
                const ParsedQuery& parsed);
  // Fills a hit from its document; `matched_terms` (Xapian's, when it ranked the hit) tell
  // which fields matched, else the query words are looked up in the document. Its
  // matched_columns come from matched_columns.h.
  void fill_hit(Hit& hit, const Xapian::Document& doc, const ParsedQuery& parsed,
                const std::vector<std::string>* matched_terms);
  // "Did you mean": unknown words replaced by their spelling suggestions, offered only
  // when the corrected query matches something. Empty when there is nothing to offer.
  std::string spelling_correction(const std::string& query, const ParsedQuery& parsed,
                                  bool nothing_found);

  // Whether any searchable field has the word (stemmed), or a word starting with `folded`.
  bool is_known_word(const std::string& folded);
  bool is_known_prefix(const std::string& folded);

  DataDir dir_;
  FacetIndexCache* cache_;
  const std::atomic<int>* live_generation_;
  std::string replica_path_;  // set on a replica: generations are versions of this copy
  bool replica_overtaken_ = false;
  int generation_;
  Xapian::Database db_;
  Xapian::rev revision_ = 0;
  std::shared_ptr<const FacetIndex> facets_;
  QueryParser parser_;
  Xapian::Stem stemmer_;
  std::unique_ptr<TermBitmapCache> own_terms_;  // when no shared cache was given
  TermBitmapCache& term_cache_;                 // postings of recently used terms
  Ranker ranker_;
};

// Index of a facet in schema::kFacets by its API name, or nullopt.
std::optional<size_t> facet_index_of(std::string_view name);

}  // namespace datacat::indexer
