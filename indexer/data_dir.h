// The on-disk layout of a datacat data directory:
//   catalog.db          SQLite source of truth (plus -wal and -shm files)
//   index -> index.N    symlink to the live Xapian index generation
//   index.N/            Xapian (glass) databases; `reindex` builds index.N+1 and swaps the
//                       symlink atomically (rename), keeping the previous generation
//   reindex.lock        held (flock) while a reindex runs
//   serve.lock          held (flock) by the one `datacat serve` of the directory (serve_lock.h)
// Thread-safe (immutable paths; swap_index is atomic on POSIX filesystems).
#pragma once

#include <string>

#include "indexer/status.h"

namespace datacat::indexer {

class DataDir {
 public:
  explicit DataDir(std::string root) : root_(std::move(root)) {}

  // Creates the directory if needed; kInvalidArgument when it cannot be.
  Status ensure_exists() const;

  const std::string& root() const { return root_; }
  std::string catalog_path() const { return root_ + "/catalog.db"; }
  std::string index_link() const { return root_ + "/index"; }
  std::string reindex_lock_path() const { return root_ + "/reindex.lock"; }

  // Generation number the index symlink points at; 0 when there is no index yet.
  int current_generation() const;
  std::string generation_path(int generation) const;
  // Points the index symlink at `generation` atomically and removes generations older
  // than the previous one.
  Status swap_index(int generation) const;

 private:
  std::string root_;
};

// The data directory from --data-dir, else $DATACAT_DATA_DIR, else "./data".
std::string default_data_dir();

}  // namespace datacat::indexer
