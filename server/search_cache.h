// SearchCache: recent search results of the newest index snapshot, shared by every HTTP
// worker thread, so a repeated search (a reloaded page, a shared link, facet clicks
// going back and forth, typeahead) costs a lookup. Entries are keyed by the request and
// the index snapshot (generation, revision): a commit makes every older entry unreachable,
// and the first lookup of a newer snapshot drops them all. Least recently used entries
// go first when the byte budget is full. Thread-safe.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "indexer/search_types.h"

namespace datacat::server {

class SearchCache {
 public:
  using Snapshot = std::pair<int, uint64_t>;  // Searcher::snapshot()
  // `max_bytes` 0 disables the cache.
  explicit SearchCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The key of `request` (filter values in any order give the same key).
  static std::string key_of(const indexer::SearchRequest& request);

  // The cached result for `key` at `snapshot`, or null.
  std::shared_ptr<const indexer::SearchResult> find(const std::string& key, Snapshot snapshot);
  // Keeps `result` unless a newer snapshot has been seen or it is larger than the budget.
  void insert(const std::string& key, Snapshot snapshot,
              std::shared_ptr<const indexer::SearchResult> result);

  size_t hits() const;
  size_t misses() const;
  size_t bytes() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const indexer::SearchResult> result;
    size_t bytes = 0;
  };
  // Moves to `snapshot` when it is newer, dropping every entry; false when it is older.
  bool at_snapshot(Snapshot snapshot);
  static size_t size_of(const indexer::SearchResult& result);

  const size_t max_bytes_;
  mutable std::mutex mutex_;
  Snapshot snapshot_{0, 0};
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
  size_t bytes_ = 0;
  size_t hits_ = 0;
  size_t misses_ = 0;
};

}  // namespace datacat::server
