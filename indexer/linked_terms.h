// Reads assets' approved glossary terms (with their categories and glossary) from the
// glossary tables of catalog.db (migration 3), for the index. The glossary module owns
// those tables and writes them; this is the index's read-only view.
// Thread-compatible; throws SqliteError (the store's callers turn it into a Status).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/asset.h"
#include "indexer/sqlite_db.h"

namespace datacat::indexer {

class LinkedTermReader {
 public:
  explicit LinkedTermReader(SqliteDb& db) : db_(db) {}

  // The approved terms of one asset, by term id.
  std::vector<LinkedTerm> of(const std::string& uri);
  // The approved terms of every asset that has any (one pass, for rebuilding the index).
  std::unordered_map<std::string, std::vector<LinkedTerm>> all();

 private:
  // Ancestors of a node whose parent is `parent`, nearest first, using `parent_of`.
  template <typename ParentOf>
  static std::vector<int64_t> ancestors(int64_t parent, ParentOf parent_of);

  SqliteDb& db_;
};

}  // namespace datacat::indexer
