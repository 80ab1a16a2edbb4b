#include "server/search_cache.h"

#include <algorithm>

namespace datacat::server {

std::string SearchCache::key_of(const indexer::SearchRequest& request) {
  // Length-prefixed parts: no separator can be forged by a query or a filter value.
  std::string key;
  auto add = [&key](std::string_view part) {
    key += std::to_string(part.size());
    key += ':';
    key += part;
  };
  add(request.query);
  for (size_t facet = 0; facet < request.filters.size(); ++facet) {
    std::vector<std::string> values = request.filters[facet];
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    add(std::to_string(values.size()));
    for (const std::string& value : values) add(value);
  }
  add(std::to_string(static_cast<int>(request.sort)));
  add(std::to_string(request.page));
  add(std::to_string(request.per_page));
  add(std::to_string(request.facet_size));
  add(request.facets ? "f" : "-");
  add(std::to_string(request.time_limit_ms));
  return key;
}

bool SearchCache::at_snapshot(Snapshot snapshot) {
  if (snapshot < snapshot_) return false;
  if (snapshot > snapshot_) {
    snapshot_ = snapshot;
    entries_.clear();
    by_key_.clear();
    bytes_ = 0;
  }
  return true;
}

std::shared_ptr<const indexer::SearchResult> SearchCache::find(const std::string& key,
                                                               Snapshot snapshot) {
  if (max_bytes_ == 0) return nullptr;
  std::lock_guard lock(mutex_);
  auto it = at_snapshot(snapshot) ? by_key_.find(key) : by_key_.end();
  if (it == by_key_.end()) {
    ++misses_;
    return nullptr;
  }
  entries_.splice(entries_.begin(), entries_, it->second);
  ++hits_;
  return it->second->result;
}

void SearchCache::insert(const std::string& key, Snapshot snapshot,
                         std::shared_ptr<const indexer::SearchResult> result) {
  if (max_bytes_ == 0) return;
  size_t bytes = key.size() + size_of(*result);
  if (bytes > max_bytes_ / 4) return;  // one huge page must not flush everything else
  std::lock_guard lock(mutex_);
  if (!at_snapshot(snapshot) || by_key_.contains(key)) return;
  entries_.push_front({key, std::move(result), bytes});
  by_key_.emplace(key, entries_.begin());
  bytes_ += bytes;
  while (bytes_ > max_bytes_) {
    bytes_ -= entries_.back().bytes;
    by_key_.erase(entries_.back().key);
    entries_.pop_back();
  }
}

size_t SearchCache::size_of(const indexer::SearchResult& result) {
  size_t bytes = sizeof result + result.corrected_query.size();
  for (const indexer::Hit& hit : result.hits) {
    bytes += sizeof hit + hit.snippet.size() + hit.asset.uri.size() + hit.asset.name.size() +
             hit.asset.label.size() + hit.asset.description.size() + 256;
    for (const std::string& tag : hit.asset.tags) bytes += tag.size() + 32;
    for (const std::string& topic : hit.asset.topics) bytes += topic.size() + 32;
    for (const std::string& column : hit.asset.columns) bytes += column.size() + 32;
    for (const indexer::MatchedColumn& column : hit.matched_columns) {
      bytes += sizeof column + column.name.size();
      for (const std::string& word : column.words) bytes += word.size() + 32;
    }
  }
  for (const indexer::FacetResult& facet : result.facets) {
    for (const indexer::FacetCount& value : facet.values) bytes += value.value.size() + 48;
  }
  return bytes;
}

size_t SearchCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

size_t SearchCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

size_t SearchCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace datacat::server
