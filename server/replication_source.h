// ReplicationSource: a primary's side of read replicas (docs/scaling.md). It runs Xapian's
// own replication server, `xapian-replicate-server`, on the replication port, over the
// directory <data_dir>/replication/, in which `index` is a symlink to the index generation
// the server's writer has published (BackgroundWriter::live_generation). Replicas copy it
// with `xapian-replicate`: changesets for each commit, a full copy after a reindex swap.
// The supervisor thread moves the symlink when the writer publishes a new generation and
// restarts the replication server if it exits. Thread-safe: start/stop from the owner.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "indexer/data_dir.h"
#include "indexer/status.h"

namespace datacat::server {

// How many changesets a primary's index keeps for replicas (XAPIAN_MAX_CHANGESETS): a
// replica further behind than this many commits gets a full copy instead.
inline constexpr int kReplicationChangesets = 200;

// Makes every index writer opened from now on by this process keep changesets, which
// replication needs. Call before the first writer opens (before any thread starts).
void enable_index_changesets();

class ReplicationSource {
 public:
  // `listen`/`port`: where replicas connect; `live_generation`: the writer's published
  // generation (must outlive this object).
  ReplicationSource(indexer::DataDir dir, std::string listen, int port,
                    const std::atomic<int>* live_generation);
  ~ReplicationSource();
  ReplicationSource(const ReplicationSource&) = delete;
  ReplicationSource& operator=(const ReplicationSource&) = delete;

  // Publishes the live generation and starts the replication server; kUnavailable when
  // it cannot be started.
  Status start();
  void stop();

  int port() const { return port_; }
  // The directory the replication server serves (holds the `index` symlink).
  std::string served_dir() const { return dir_.root() + "/replication"; }
  // The database name replicas ask for.
  static constexpr const char* kDatabaseName = "index";

 private:
  void run();
  Status publish(int generation);

  indexer::DataDir dir_;
  std::string listen_;
  int port_;
  const std::atomic<int>* live_generation_;
  int published_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace datacat::server
