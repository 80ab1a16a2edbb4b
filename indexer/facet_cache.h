// FacetIndexCache: one FacetIndex per index revision for all the searchers of a process.
// Without it every Searcher (one per server thread) builds its own copy of the same
// revision's facet index — N times the memory and N times the work after every commit.
// The first thread to ask for a new revision builds it; the others wait for that build.
// Thread-safe.
#pragma once

#include <xapian.h>

#include <future>
#include <memory>
#include <mutex>

#include "indexer/facet_index.h"

namespace datacat::indexer {

class FacetIndexCache {
 public:
  // The facet index of `db` at its current revision in index generation `generation`.
  // Revisions older than the cached one are built for the caller alone and not kept.
  // Throws Xapian::Error (as FacetIndex::build).
  std::shared_ptr<const FacetIndex> get(int generation, const Xapian::Database& db);

  // How many indexes this cache has built (for tests).
  int builds() const;

 private:
  using Future = std::shared_future<std::shared_ptr<const FacetIndex>>;
  mutable std::mutex mutex_;
  int generation_ = 0;
  Xapian::rev revision_ = 0;
  Future current_;
  int builds_ = 0;
};

}  // namespace datacat::indexer
