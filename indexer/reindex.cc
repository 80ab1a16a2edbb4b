#include "indexer/reindex.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "indexer/document_builder.h"
#include "indexer/index_schema.h"
#include "indexer/index_writer.h"
#include "indexer/store.h"

namespace datacat::indexer {
namespace {

constexpr size_t kBatchDocuments = 512;
constexpr size_t kQueuedBatches = 8;
constexpr int64_t kCommitEvery = 100000;

// Documents built on one thread, written by another: the bounded hand-over between them.
struct Built {
  std::vector<Xapian::Document> documents;
  std::vector<std::string> spelling;
};

class BatchQueue {
 public:
  void push(Built batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < kQueuedBatches; });
    queue_.push_back(std::move(batch));
    not_empty_.notify_one();
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  // False once closed and drained.
  bool pop(Built& out) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<Built> queue_;
  bool closed_ = false;
};

// Holds an exclusive flock for its lifetime.
class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {}
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool try_lock() { return fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0; }

 private:
  int fd_;
};

int next_generation(const DataDir& dir) {
  int highest = dir.current_generation();
  for (const auto& entry : std::filesystem::directory_iterator(dir.root())) {
    std::string name = entry.path().filename().string();
    if (name.rfind("index.", 0) == 0) highest = std::max(highest, std::atoi(name.c_str() + 6));
  }
  return highest + 1;
}

// The index was written without fsync (DB_NO_SYNC): make it durable before the swap.
void sync_directory(const std::string& path) {
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Scans the store and builds documents on its own thread.
void produce(const DataDir& dir, BatchQueue& queue, Result<int64_t>& snapshot_seq) {
  Result<std::unique_ptr<AssetStore>> store = AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) {
    snapshot_seq = store.status();
    queue.close();
    return;
  }
  DocumentBuilder builder;
  Built batch;
  snapshot_seq = (*store)->scan_resolved([&](Asset&& asset) {
    batch.documents.push_back(builder.build(asset));
    const auto& words = builder.spelling_words();
    batch.spelling.insert(batch.spelling.end(), words.begin(), words.end());
    if (batch.documents.size() == kBatchDocuments) {
      queue.push(std::move(batch));
      batch = Built();
    }
    return true;
  });
  if (!batch.documents.empty()) queue.push(std::move(batch));
  queue.close();
}

}  // namespace

Result<ReindexStats> reindex(const DataDir& dir, const ProgressFn& progress) {
  auto started = std::chrono::steady_clock::now();
  if (Status s = dir.ensure_exists(); !s.is_ok()) return s;
  FileLock lock(dir.reindex_lock_path());
  if (!lock.try_lock()) return Status(StatusCode::kUnavailable, "another reindex is running");
  Result<std::unique_ptr<AssetStore>> store = AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return store.status();
  Result<int64_t> total = (*store)->count();
  if (!total.is_ok()) return total.status();

  ReindexStats stats;
  stats.generation = next_generation(dir);
  std::string path = dir.generation_path(stats.generation);
  std::filesystem::remove_all(path);
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    BatchQueue queue;
    Result<int64_t> snapshot_seq = int64_t{0};
    std::thread producer([&] { produce(dir, queue, snapshot_seq); });
    std::unordered_map<std::string, Xapian::termcount> spelling;
    Built batch;
    int64_t since_commit = 0;
    try {
      while (queue.pop(batch)) {
        for (Xapian::Document& doc : batch.documents) db.add_document(doc);
        for (std::string& word : batch.spelling) ++spelling[std::move(word)];
        stats.documents += static_cast<int64_t>(batch.documents.size());
        since_commit += static_cast<int64_t>(batch.documents.size());
        if (since_commit >= kCommitEvery) {
          db.commit();
          since_commit = 0;
        }
        if (progress) progress(stats.documents, *total);
      }
    } catch (...) {
      queue.close();
      while (queue.pop(batch)) {
      }
      producer.join();
      throw;
    }
    producer.join();
    if (!snapshot_seq.is_ok()) return snapshot_seq.status();
    for (const auto& [word, frequency] : spelling) db.add_spelling(word, frequency);
    stats.snapshot_seq = *snapshot_seq;
    db.set_metadata(std::string(schema::kAppliedSeqKey), std::to_string(stats.snapshot_seq));
    db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    std::filesystem::remove_all(path);
    return Status::internal("reindex failed: " + e.get_description());
  }
  sync_directory(path);
  if (Status s = dir.swap_index(stats.generation); !s.is_ok()) return s;
  // Apply what changed during the rebuild, unless the running server holds the writer.
  Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::open(dir);
  if (writer.is_ok()) {
    Result<CatchUpStats> caught = (*writer)->catch_up(**store);
    if (!caught.is_ok()) return caught.status();
    stats.caught_up_to = caught->applied_seq;
  }
  // No index generation needs outbox rows at or before the snapshot any more.
  if (Status s = (*store)->prune_outbox(stats.snapshot_seq, 0); !s.is_ok()) return s;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace datacat::indexer
