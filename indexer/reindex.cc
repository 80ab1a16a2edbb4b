#include "indexer/reindex.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "indexer/document_builder.h"
#include "indexer/index_schema.h"
#include "indexer/index_writer.h"
#include "indexer/store.h"

namespace datacat::indexer {
namespace {

constexpr size_t kBatchDocuments = 256;
constexpr size_t kQueuedBatches = 16;
constexpr int64_t kPartDocuments = 25000;
constexpr unsigned kMaxWriters = 2;

// Documents built on one thread, written by another: the bounded hand-over between them.
struct Built {
  std::vector<Xapian::Document> documents;
  std::vector<std::string> spelling;
};

class BatchQueue {
 public:
  // Waits for room; false when the queue was aborted (the batch is dropped).
  bool push(Built batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < kQueuedBatches || aborted_; });
    if (aborted_) return false;
    queue_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }
  // No more batches will come; pop() drains what is queued.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  // Stop everything: pending and future batches are dropped, waiting threads wake up.
  void abort() {
    std::lock_guard lock(mutex_);
    aborted_ = true;
    queue_.clear();
    not_empty_.notify_all();
    not_full_.notify_all();
  }
  // False once closed and drained, or aborted.
  bool pop(Built& out) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_ || aborted_; });
    if (aborted_ || queue_.empty()) return false;
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
  bool aborted_ = false;
};

// Holds an exclusive flock for its lifetime.
class FileLock {
 public:
  explicit FileLock(const std::string& path)
      : fd_(::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {}
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

// Whether another process (a running server's writer) holds the live index's write lock.
bool live_index_locked(const DataDir& dir) {
  int generation = dir.current_generation();
  if (generation == 0) return false;
  try {
    return Xapian::Database(dir.generation_path(generation)).locked();
  } catch (const Xapian::Error&) {
    return false;  // unreadable: nobody writes it
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
      if (!queue.push(std::move(batch))) return false;  // the writers gave up
      batch = Built();
    }
    return true;
  });
  if (!batch.documents.empty()) queue.push(std::move(batch));
  queue.close();
}

// Writes queued batches into a series of small sub-indexes ("parts"), starting a new part
// every kPartDocuments: flushing into a small index stays fast, and compact() merges the
// parts in one streaming pass. Several writers run in parallel, one per core.
class PartWriter {
 public:
  PartWriter(std::string directory, std::atomic<int>& next_part)
      : directory_(std::move(directory)), next_part_(next_part) {}

  void run(BatchQueue& queue, std::atomic<int64_t>& done) {
    Built batch;
    while (queue.pop(batch)) {
      if (!db_ || in_part_ >= kPartDocuments) start_part();
      for (Xapian::Document& doc : batch.documents) db_->add_document(doc);
      for (std::string& word : batch.spelling) ++spelling_[std::move(word)];
      in_part_ += static_cast<int64_t>(batch.documents.size());
      done += static_cast<int64_t>(batch.documents.size());
    }
    finish_part();
  }
  const std::vector<std::string>& parts() const { return parts_; }
  std::unordered_map<std::string, Xapian::termcount>& spelling() { return spelling_; }

 private:
  void start_part() {
    finish_part();
    parts_.push_back(directory_ + "/part-" + std::to_string(next_part_++));
    db_.emplace(parts_.back(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    in_part_ = 0;
  }
  void finish_part() {
    if (!db_) return;
    db_->commit();
    db_->close();
    db_.reset();
  }

  std::string directory_;
  std::atomic<int>& next_part_;
  std::optional<Xapian::WritableDatabase> db_;
  int64_t in_part_ = 0;
  std::vector<std::string> parts_;
  std::unordered_map<std::string, Xapian::termcount> spelling_;
};

// Merges the parts into `path` (or moves a single part there).
void merge_parts(const std::vector<std::string>& parts, const std::string& path) {
  if (parts.empty()) {  // an empty catalog
    Xapian::WritableDatabase empty(path, Xapian::DB_CREATE_OR_OVERWRITE);
    empty.commit();
    return;
  }
  if (parts.size() == 1) {
    std::filesystem::rename(parts[0], path);
    return;
  }
  Xapian::Database all;
  for (const std::string& part : parts) all.add_database(Xapian::Database(part));
  all.compact(path);
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
  try {
    stats.generation = next_generation(dir);
  } catch (const std::exception& e) {
    return Status::internal(std::string("cannot read the data directory: ") + e.what());
  }
  std::string path = dir.generation_path(stats.generation);
  std::string parts_dir = path + ".parts";
  try {
    std::filesystem::remove_all(path);
    std::filesystem::remove_all(parts_dir);
    std::filesystem::create_directories(parts_dir);
    BatchQueue queue;
    Result<int64_t> snapshot_seq = int64_t{0};
    std::atomic<int64_t> done{0};
    std::atomic<int> next_part{0};
    std::atomic<bool> failed{false};
    std::atomic<unsigned> running{0};
    std::string failure;
    std::mutex failure_mutex;
    unsigned writers = std::max(1u, std::min(kMaxWriters, std::thread::hardware_concurrency()));
    std::vector<PartWriter> part_writers;
    for (unsigned i = 0; i < writers; ++i) part_writers.emplace_back(parts_dir, next_part);
    std::vector<std::thread> threads;
    running = writers;
    for (PartWriter& writer : part_writers) {
      threads.emplace_back([&, w = &writer] {
        try {
          w->run(queue, done);
        } catch (const std::exception& e) {
          std::lock_guard guard(failure_mutex);
          failure = e.what();
          failed = true;
          queue.abort();
        } catch (const Xapian::Error& e) {
          std::lock_guard guard(failure_mutex);
          failure = e.get_description();
          failed = true;
          queue.abort();
        }
        --running;
      });
    }
    std::thread producer([&] { produce(dir, queue, snapshot_seq); });
    // `total` was counted before the snapshot: a hint for the progress bar only.
    while (running > 0) {
      if (progress) progress(std::min<int64_t>(done, *total), *total);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    producer.join();
    for (std::thread& thread : threads) thread.join();
    if (failed) throw Xapian::DatabaseError(failure);
    if (!snapshot_seq.is_ok()) {
      std::filesystem::remove_all(parts_dir);
      return snapshot_seq.status();
    }
    stats.documents = done;
    if (progress) progress(done, std::max<int64_t>(*total, done));
    std::vector<std::string> parts;
    for (PartWriter& writer : part_writers) {
      parts.insert(parts.end(), writer.parts().begin(), writer.parts().end());
    }
    merge_parts(parts, path);
    std::filesystem::remove_all(parts_dir);
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    for (PartWriter& writer : part_writers) {
      for (const auto& [word, frequency] : writer.spelling()) db.add_spelling(word, frequency);
    }
    stats.snapshot_seq = *snapshot_seq;
    db.set_metadata(std::string(schema::kAppliedSeqKey), std::to_string(stats.snapshot_seq));
    db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
    std::filesystem::remove_all(parts_dir, ignored);
    return Status::internal("reindex failed: " + e.get_description());
  } catch (const std::exception& e) {  // filesystem errors
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
    std::filesystem::remove_all(parts_dir, ignored);
    return Status::internal(std::string("reindex failed: ") + e.what());
  }
  sync_directory(path);
  // Apply what changed during the rebuild before anyone sees the new index, so the swap
  // hands readers an index that lacks at most the changes of the last moments.
  {
    Result<std::unique_ptr<IndexWriter>> fresh =
        IndexWriter::open_generation(dir, stats.generation);
    if (!fresh.is_ok()) return fresh.status();
    Result<CatchUpStats> caught = (*fresh)->catch_up(**store);
    if (!caught.is_ok()) return caught.status();
    stats.caught_up_to = caught->applied_seq;
  }
  // A running server holds the live index's write lock: its writer follows the swap and
  // applies the rest (taking the new index's lock here would only stall it). Without one,
  // this process does.
  bool server_writes = live_index_locked(dir);
  if (Status s = dir.swap_index(stats.generation); !s.is_ok()) return s;
  if (!server_writes) {
    Result<std::unique_ptr<IndexWriter>> writer = IndexWriter::open(dir);
    if (writer.is_ok()) {
      Result<CatchUpStats> caught = (*writer)->catch_up(**store);
      if (!caught.is_ok()) return caught.status();
      stats.caught_up_to = caught->applied_seq;
    }
  }
  // No index generation needs outbox rows at or before the snapshot any more.
  if (Status s = (*store)->prune_outbox(stats.snapshot_seq, 0); !s.is_ok()) return s;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace datacat::indexer
