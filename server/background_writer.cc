#include "server/background_writer.h"

#include "server/logging.h"

namespace datacat::server {
namespace {

constexpr auto kTick = std::chrono::milliseconds(200);

}  // namespace

BackgroundWriter::BackgroundWriter(std::unique_ptr<indexer::IndexWriter> writer,
                                   std::unique_ptr<indexer::AssetStore> store)
    : writer_(std::move(writer)), store_(std::move(store)) {
  applied_seq_ = writer_->applied_seq();
  live_generation_ = writer_->generation();
}

BackgroundWriter::~BackgroundWriter() {
  stop();
}

void BackgroundWriter::start() {
  thread_ = std::thread([this] { run(); });
}

void BackgroundWriter::wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  wake_.notify_one();
}

Status BackgroundWriter::wait_until_indexed(int64_t seq, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  woken_ = true;
  wake_.notify_one();
  progress_.wait_for(lock, timeout, [&] { return applied_seq_ >= seq || stopping_; });
  if (applied_seq_ < seq)
    return Status(StatusCode::kUnavailable, "the change is saved but not yet searchable");
  return Status::ok();
}

Status BackgroundWriter::health() const {
  std::lock_guard lock(mutex_);
  return health_;
}

Status BackgroundWriter::stop() {
  if (!thread_.joinable()) return Status::ok();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_one();
  }
  thread_.join();
  Status final_pass = pass();
  std::lock_guard lock(mutex_);
  health_ = final_pass;
  progress_.notify_all();
  return final_pass;
}

void BackgroundWriter::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kTick, [&] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
    }
    Status status = pass();
    std::lock_guard lock(mutex_);
    if (!status.is_ok() && health_.is_ok())
      log_event("error", "index writer failed", {{"error", status.to_string()}});
    health_ = status;
    progress_.notify_all();
  }
}

// Runs on the writer thread only (or after it joined): the store and writer are its own.
Status BackgroundWriter::pass() {
  Result<int64_t> last = store_->last_outbox_seq();
  if (!last.is_ok()) return last.status();
  last_seq_ = *last;
  Result<indexer::CatchUpStats> caught = writer_->catch_up(*store_);
  if (!caught.is_ok()) return caught.status();
  // The generation first: whoever sees the new applied seq must find it in what readers read.
  live_generation_ = writer_->generation();
  applied_seq_ = writer_->applied_seq();
  return Status::ok();
}

}  // namespace datacat::server
