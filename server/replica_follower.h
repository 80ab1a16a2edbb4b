// ReplicaFollower: a read replica's side of replication (docs/scaling.md). Every
// kPollInterval it asks the primary (GET /replication) for its index's uuid and revision;
// when its own copy is behind, it runs Xapian's `xapian-replicate` once, which brings the
// copy at <data_dir>/replica up to the primary's revision (changesets, or a full copy
// after a reindex swap). Each commit arrives whole, so a replica never shows part of one.
// When the copy has moved, it bumps version(), and the searchers close and open the copy
// again (indexer::Searcher::open_replica). It also verifies bearer tokens with the
// primary, which holds them. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "indexer/status.h"
#include "server/child_process.h"
#include "server/http_types.h"

namespace datacat::server {

// What a replica knows about its copy and the primary, for /readyz, /metrics and
// /replication.
struct ReplicaStatus {
  std::string primary;  // the primary's URL
  bool primary_reachable = false;
  std::string primary_error;  // why the last poll failed
  bool have_copy = false;
  std::string uuid;  // the copy's index
  uint64_t revision = 0;
  std::string primary_uuid;  // the primary's index, at the last poll that reached it
  uint64_t primary_revision = 0;
  // Commits the copy lacks (-1 before the first copy or when it holds another index
  // generation); seconds since the copy was first seen behind (0 when caught up).
  int64_t lag_revisions = -1;
  double lag_seconds = 0;
  int64_t replications = 0;  // xapian-replicate runs
  std::string replicate_error;
};

class ReplicaFollower {
 public:
  static constexpr std::chrono::milliseconds kPollInterval{100};
  static constexpr std::chrono::seconds kTokenTtl{30};

  // `primary_url`: http://host:port of the primary's HTTP API; kInvalidArgument (naming
  // replication.replica_of) when it is not one.
  static Result<std::unique_ptr<ReplicaFollower>> create(const std::string& primary_url,
                                                         const std::string& data_dir);
  ~ReplicaFollower();
  ReplicaFollower(const ReplicaFollower&) = delete;
  ReplicaFollower& operator=(const ReplicaFollower&) = delete;

  void start();
  void stop();

  const std::string& primary() const { return primary_url_; }
  // Where xapian-replicate keeps the copy (open it with Searcher::open_replica).
  std::string copy_path() const { return data_dir_ + "/replica"; }
  // Bumped each time the copy moves to another revision or index; 0 before the first copy.
  const std::atomic<int>* version() const { return &version_; }
  ReplicaStatus status() const;

  // The identity behind `authorization` ("Bearer ..."), as the primary's GET /api/v1/me
  // answers it, remembered for kTokenTtl (so a revoked token works on a replica for up to
  // that long). kUnauthenticated when the primary refuses it; kUnavailable when the
  // primary cannot be asked.
  Result<Identity> identify_token(const std::string& authorization);

 private:
  ReplicaFollower(std::string primary_url, std::string host, int port, std::string data_dir);
  void run();
  // One round: poll the primary, replicate when behind, publish a moved copy.
  void tick();
  // The exit code of a xapian-replicate run; -1 when stopped (timeout, or stop()).
  int wait_for(ChildProcess& child);

  const std::string primary_url_;
  const std::string host_;
  const int port_;
  const std::string data_dir_;
  std::atomic<int> version_{0};
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  ReplicaStatus status_;
  std::chrono::steady_clock::time_point behind_since_{};
  std::chrono::steady_clock::time_point retry_at_{};  // only touched by the follower thread
  struct CachedIdentity {
    Identity identity;
    std::chrono::steady_clock::time_point expires;
  };
  std::map<std::string, CachedIdentity> tokens_;  // by SHA-256 of the header
};

}  // namespace datacat::server
