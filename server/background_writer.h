// BackgroundWriter: the server's single index writer. A thread applies outbox rows to the
// index as they come — woken by writes made through the API, and every 200 ms for writes
// made by other processes (`datacat import`) — so every change is searchable within a
// second. Thread-safe: wake(), wait_until_indexed() and applied_seq() may be called from
// any thread; start() and stop() from the owner.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "indexer/index_writer.h"
#include "indexer/store.h"

namespace datacat::server {

class BackgroundWriter {
 public:
  BackgroundWriter(std::unique_ptr<indexer::IndexWriter> writer,
                   std::unique_ptr<indexer::AssetStore> store);
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  void start();
  // Applies pending changes now instead of at the next tick.
  void wake();
  // Wakes the writer and waits until the index has applied outbox rows up to `seq` (read
  // by the caller with AssetStore::last_outbox_seq after its write); kUnavailable after
  // `timeout` or when the writer stops first.
  Status wait_until_indexed(int64_t seq, std::chrono::milliseconds timeout);
  // Outbox seq the index has applied (the datacat.applied_seq of its last commit).
  int64_t applied_seq() const { return applied_seq_; }
  // The index generation searchers should read (see indexer::Searcher::open): after a
  // reindex swap, the new one once this writer has caught it up, never before.
  const std::atomic<int>* live_generation() const { return &live_generation_; }
  // Highest outbox seq seen in the catalog at the last pass.
  int64_t last_seq() const { return last_seq_; }
  // The last pass's failure, if the writer is failing (e.g. the disk is full).
  Status health() const;
  // Stops the thread after a final pass that drains the outbox; returns that pass's status.
  Status stop();

 private:
  void run();
  Status pass();

  std::unique_ptr<indexer::IndexWriter> writer_;
  std::unique_ptr<indexer::AssetStore> store_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;      // the writer waits on it between passes
  std::condition_variable progress_;  // waiters for applied_seq_ (same mutex)
  bool woken_ = false;
  bool stopping_ = false;
  Status health_;
  std::atomic<int64_t> applied_seq_{0};
  std::atomic<int> live_generation_{0};
  std::atomic<int64_t> last_seq_{0};
};

}  // namespace datacat::server
