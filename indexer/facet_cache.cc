#include "indexer/facet_cache.h"

namespace datacat::indexer {

std::shared_ptr<const FacetIndex> FacetIndexCache::get(int generation, const Xapian::Database& db) {
  Xapian::rev revision = db.get_revision();
  std::unique_lock lock(mutex_);
  if (current_.valid() && generation == generation_ && revision == revision_) {
    Future ready = current_;
    lock.unlock();
    std::shared_ptr<const FacetIndex> built = ready.get();  // built, or being built
    // Null when that build failed: try for this caller alone, so that each thread handles
    // an exception object of its own (never one that another thread may free meanwhile).
    return built != nullptr ? built : FacetIndex::build(db);
  }
  bool newer = !current_.valid() || generation > generation_ ||
               (generation == generation_ && revision > revision_);
  ++builds_;
  if (!newer) {  // a straggler on an old revision: build for it alone
    lock.unlock();
    return FacetIndex::build(db);
  }
  std::promise<std::shared_ptr<const FacetIndex>> promise;
  generation_ = generation;
  revision_ = revision;
  current_ = promise.get_future().share();
  lock.unlock();
  try {
    std::shared_ptr<const FacetIndex> built = FacetIndex::build(db);
    promise.set_value(built);
    return built;
  } catch (...) {
    // Waiters get null and build for themselves; the next call for this revision builds
    // again.
    promise.set_value(nullptr);
    lock.lock();
    if (generation_ == generation && revision_ == revision) current_ = Future();
    throw;
  }
}

int FacetIndexCache::builds() const {
  std::lock_guard lock(mutex_);
  return builds_;
}

}  // namespace datacat::indexer
