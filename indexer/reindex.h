// Full rebuild: a new index generation built from one consistent SQLite snapshot, then
// swapped in atomically (DataDir::swap_index) while readers keep using the old one.
// Changes made during the rebuild stay in the outbox and are applied on top, here before
// the swap, and after it by the running server's writer (or here when no server runs).
#pragma once

#include <functional>

#include "indexer/data_dir.h"
#include "indexer/status.h"

namespace datacat::indexer {

struct ReindexStats {
  int64_t documents = 0;
  int64_t snapshot_seq = 0;  // outbox seq the new index reflects
  int64_t caught_up_to = 0;  // seq the new index had applied when this finished (a running
                             // server's writer applies what came after)
  int generation = 0;
  double seconds = 0;
};

// Called now and then with (documents done, documents in the catalog).
using ProgressFn = std::function<void(int64_t, int64_t)>;

// kUnavailable when another reindex holds the data directory's reindex lock.
Result<ReindexStats> reindex(const DataDir& dir, const ProgressFn& progress);

}  // namespace datacat::indexer
