#include "indexer/facet_cache.h"

namespace datacat::indexer {

std::shared_ptr<const FacetIndex> FacetIndexCache::get(int generation, const Xapian::Database& db) {
  Xapian::rev revision = db.get_revision();
  std::unique_lock lock(mutex_);
  if (current_.valid() && generation == generation_ && revision == revision_) {
    Future ready = current_;
    lock.unlock();
    return ready.get();  // built, or being built by another thread
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
    // Waiters see the failure too; the next call for this revision builds again.
    promise.set_exception(std::current_exception());
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
