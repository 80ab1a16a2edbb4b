// The plain BM25 baseline datacat's ranking is measured against, in the same run on the
// same documents: SQLite FTS5 (porter stemmer over unicode61), one row per asset with the
// columns name, label, description and `other` (column names and descriptions, tags,
// topics), ranked by FTS5's bm25() with every column weighted 1. A query is the OR of its
// words (letters and digits; no prefixes, no phrases), as a user of plain BM25 would get.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace datacat::indexer {
class SqliteDb;
}

namespace datacat::relevance {

class Bm25Baseline {
 public:
  // An in-memory FTS5 table of `assets` (NDJSON import records). Throws on SQLite errors.
  explicit Bm25Baseline(const std::vector<nlohmann::json>& assets);
  ~Bm25Baseline();
  // The uris of the best `limit` assets for `query`, best first (empty: no word matched).
  std::vector<std::string> search(const std::string& query, size_t limit);

 private:
  std::unique_ptr<indexer::SqliteDb> db_;
};

// The FTS5 MATCH expression for `query`: its words, each quoted, joined by OR ("" when it
// has no words).
std::string or_of_words(const std::string& query);

}  // namespace datacat::relevance
