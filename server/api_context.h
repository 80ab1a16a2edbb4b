// ApiContext: what every HTTP handler shares — the immutable configuration, the data
// directory, the authenticator, the metrics and the background index writer (or, on a
// read replica, what keeps the copy of the primary's index) — plus each worker thread's
// own catalog connection and searcher. Thread-safe.
#pragma once

#include <chrono>

#include "glossary/glossary_store.h"
#include "indexer/data_dir.h"
#include "indexer/facet_cache.h"
#include "indexer/searcher.h"
#include "indexer/store.h"
#include "server/auth.h"
#include "server/background_writer.h"
#include "server/config.h"
#include "server/http_types.h"
#include "server/metrics.h"
#include "server/replica_follower.h"
#include "server/replication_source.h"
#include "server/search_cache.h"

namespace datacat::server {

struct ApiContext {
  Config config;
  indexer::DataDir dir;
  Authenticator auth;
  Metrics& metrics;
  BackgroundWriter* writer;              // the index writer; null on a read replica
  ReplicaFollower* replica;              // set on a read replica (docs/scaling.md)
  const ReplicationSource* replication;  // set on a primary that serves replicas
  indexer::FacetIndexCache& facets;      // shared by every thread's searcher
  indexer::TermBitmapCache& terms;       // term postings, shared by every thread's searcher
  SearchCache& results;                  // recent search results, shared

  // This thread's AssetStore on the catalog (opened on first use).
  Result<indexer::AssetStore*> store() const;
  // This thread's GlossaryStore on the catalog (opened on first use).
  Result<glossary::GlossaryStore*> glossaries() const;
  // This thread's Searcher, refreshed to the newest index commit (on a replica: to the
  // newest revision of the copy).
  Result<indexer::Searcher*> searcher() const;
  // After a write: wakes the index writer, and with `?sync=true` waits (at most
  // kSyncTimeout) until the change is searchable, saying in the response header
  // X-Datacat-Indexed whether it is.
  void after_write(const Request& request, Response& response) const;

  static constexpr std::chrono::milliseconds kSyncTimeout{5000};
};

}  // namespace datacat::server
