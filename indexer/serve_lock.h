// ServeLock: one `datacat serve` per data directory. The server holds an exclusive flock
// on <data_dir>/serve.lock for as long as it runs, with its pid written in the file, so a
// second server on the same directory stops at once with a clear message instead of
// fighting over the index. The lock goes with the process (also when it is killed).
// Move-only; not thread-safe (one owner).
#pragma once

#include "indexer/data_dir.h"
#include "indexer/status.h"

namespace datacat::indexer {

class ServeLock {
 public:
  // Takes the lock; kUnavailable naming the directory (and the holder's pid when the file
  // tells it) when another process holds it, kInternal when the file cannot be opened.
  static Result<ServeLock> acquire(const DataDir& dir);

  ServeLock(ServeLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ServeLock& operator=(ServeLock&& other) noexcept;
  ServeLock(const ServeLock&) = delete;
  ServeLock& operator=(const ServeLock&) = delete;
  ~ServeLock();

 private:
  explicit ServeLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace datacat::indexer
