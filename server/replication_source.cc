#include "server/replication_source.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "server/child_process.h"
#include "server/logging.h"

namespace datacat::server {
namespace {

constexpr std::chrono::milliseconds kTick{100};
constexpr std::chrono::seconds kRestartDelay{1};

}  // namespace

void enable_index_changesets() {
  setenv("XAPIAN_MAX_CHANGESETS", std::to_string(kReplicationChangesets).c_str(), 1);
}

ReplicationSource::ReplicationSource(indexer::DataDir dir, std::string listen, int port,
                                     const std::atomic<int>* live_generation)
    : dir_(std::move(dir)),
      listen_(std::move(listen)),
      port_(port),
      live_generation_(live_generation) {}

ReplicationSource::~ReplicationSource() {
  stop();
}

Status ReplicationSource::publish(int generation) {
  if (generation == 0 || generation == published_) return Status::ok();
  // Relative, so the data directory can move; renamed over the old link atomically.
  std::string target = "../index." + std::to_string(generation);
  std::string link = served_dir() + "/" + kDatabaseName;
  std::string temporary = link + ".new";
  unlink(temporary.c_str());
  if (symlink(target.c_str(), temporary.c_str()) != 0 ||
      rename(temporary.c_str(), link.c_str()) != 0) {
    return Status::internal("cannot publish index generation " + std::to_string(generation) +
                            " for replicas in " + served_dir() + ": " + std::strerror(errno));
  }
  published_ = generation;
  return Status::ok();
}

Status ReplicationSource::start() {
  if (mkdir(served_dir().c_str(), 0755) != 0 && errno != EEXIST)
    return Status::internal("cannot create " + served_dir() + ": " + std::strerror(errno));
  int generation = live_generation_->load();
  if (Status s = publish(generation != 0 ? generation : dir_.current_generation()); !s.is_ok())
    return s;
  thread_ = std::thread([this] { run(); });
  return Status::ok();
}

void ReplicationSource::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ReplicationSource::run() {
  std::vector<std::string> argv = {"xapian-replicate-server", "--interface", listen_, "--port",
                                   std::to_string(port_),     served_dir()};
  std::string log = dir_.root() + "/replication.log";
  ChildProcess server;
  auto next_start = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (Status s = publish(live_generation_->load()); !s.is_ok())
      log_event("error", "replication_publish_failed", {{"error", s.to_string()}});
    if (server.started()) {
      if (std::optional<int> code = server.poll()) {
        log_event("error", "replication_server_exited", {{"code", *code}, {"log", log}});
        next_start = std::chrono::steady_clock::now() + kRestartDelay;
      }
    }
    if (!server.started() && std::chrono::steady_clock::now() >= next_start) {
      Result<ChildProcess> started = ChildProcess::spawn(argv, log);
      if (started.is_ok()) {
        server = std::move(started).value();
        log_event("info", "replication_server_started", {{"port", port_}});
      } else {
        log_event("error", "replication_server_failed", {{"error", started.status().to_string()}});
        next_start = std::chrono::steady_clock::now() + kRestartDelay;
      }
    }
    wake_.wait_for(lock, kTick);
  }
  lock.unlock();
  server.stop();
}

}  // namespace datacat::server
