// IndexWriter: the single writer of the live Xapian index. It drains the store's outbox
// in seq order and records the last applied seq inside the same Xapian commit, so after a
// crash at any point nothing is lost and nothing is applied twice.
// Not thread-safe: exactly one IndexWriter per index, used from one thread (Xapian's own
// lock refuses a second writer, also in another process).
#pragma once

#include <xapian.h>

#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "indexer/data_dir.h"
#include "indexer/document_builder.h"
#include "indexer/store.h"

namespace datacat::indexer {

struct CatchUpStats {
  int64_t entries = 0;    // outbox rows applied
  int64_t documents = 0;  // documents replaced or deleted
  int64_t applied_seq = 0;
};

class IndexWriter {
 public:
  // Opens the live index of `dir` for writing, creating generation 1 when there is none.
  // kUnavailable when another process holds the write lock.
  static Result<std::unique_ptr<IndexWriter>> open(const DataDir& dir);
  // Opens `generation` of `dir` (a reindex's new index, not live yet) for writing; this
  // writer stays on it and never follows swaps.
  static Result<std::unique_ptr<IndexWriter>> open_generation(const DataDir& dir, int generation);

  // Applies every outbox row newer than applied_seq(), committing every `batch_rows` rows.
  // Follows a reindex that swapped in a new generation. kFailedPrecondition when rows this
  // index never applied were pruned from the outbox: only a reindex can repair that.
  Result<CatchUpStats> catch_up(AssetStore& store, int batch_rows = 2000);

  int64_t applied_seq() const { return applied_seq_; }
  int generation() const { return generation_; }

 private:
  IndexWriter(DataDir dir, Xapian::WritableDatabase db, int generation, bool follows_swaps);
  // Moves to the live generation when a reindex swapped it. Throws Xapian::Error (and
  // stays on the old generation, writing nothing) while the new one cannot be opened.
  void follow_swap();
  // What one committed batch has touched.
  struct Batch {
    std::unordered_set<std::string> seen;               // uris already re-indexed in this batch
    std::unordered_map<std::string, int64_t> spelling;  // word -> frequency change
    int64_t documents = 0;
  };
  // Re-indexes `uri` (and, for a dataset, its children) from the store, once per batch.
  Status apply(AssetStore& store, const std::string& uri, Batch& batch);

  DataDir dir_;
  Xapian::WritableDatabase db_;
  DocumentBuilder builder_;
  int generation_;
  bool follows_swaps_;
  int64_t applied_seq_ = 0;
};

// Reads the applied seq recorded in an index (0 when none).
int64_t read_applied_seq(const Xapian::Database& db);

}  // namespace datacat::indexer
