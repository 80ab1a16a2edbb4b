// Test fixtures shared by the indexer tests: temporary data directories holding a real
// SQLite catalog and Xapian index, loaded with the bundled sample catalog.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "indexer/asset.h"
#include "indexer/data_dir.h"
#include "indexer/search_types.h"
#include "indexer/searcher.h"
#include "indexer/store.h"

namespace datacat::testing {

// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Path of the bundled sample catalog (config/sample/catalog.ndjson).
std::string sample_catalog_path();

// The sample catalog's assets, parsed, with inheritance resolved, keyed by uri.
std::map<std::string, indexer::Asset> sample_assets_resolved();

// Imports NDJSON text into the data directory and brings the index up to date; fails the
// current test (ADD_FAILURE) on any error.
void import_ndjson(const indexer::DataDir& dir, const std::string& ndjson);
void import_file(const indexer::DataDir& dir, const std::string& path);

// Applies pending outbox rows with a fresh IndexWriter.
void catch_up(const indexer::DataDir& dir);

// Runs a search; fails the current test on error.
indexer::SearchResult search(indexer::Searcher& searcher, const indexer::SearchRequest& request);
indexer::SearchResult search(indexer::Searcher& searcher, const std::string& query,
                             int per_page = 100);

// Uris of the hits, in order.
std::vector<std::string> uris_of(const indexer::SearchResult& result);

// Every uri a query matches (all pages).
std::vector<std::string> all_matches(indexer::Searcher& searcher, indexer::SearchRequest request);

// Filters for a request: {"tags": {"pii"}, ...}.
std::array<std::vector<std::string>, indexer::schema::kFacetCount> filters(
    const std::map<std::string, std::vector<std::string>>& by_name);

}  // namespace datacat::testing
