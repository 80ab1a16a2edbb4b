#include "server/handler_stack.h"

#include <pthread.h>

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace datacat::server {
namespace {

// One thread with a large stack that runs one piece of work at a time for its owner.
class Companion {
 public:
  Companion() {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, kHandlerStackBytes);
    int failed = pthread_create(&thread_, &attributes, &Companion::main, this);
    pthread_attr_destroy(&attributes);
    if (failed != 0) throw std::runtime_error("cannot start a handler thread");
  }
  ~Companion() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    pthread_join(thread_, nullptr);
  }
  Companion(const Companion&) = delete;
  Companion& operator=(const Companion&) = delete;

  void run(const std::function<void()>& work) {
    std::unique_lock lock(mutex_);
    work_ = &work;
    failure_ = nullptr;
    wake_.notify_all();
    done_.wait(lock, [this] { return work_ == nullptr; });
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  static void* main(void* self) {
    static_cast<Companion*>(self)->loop();
    return nullptr;
  }
  void loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return work_ != nullptr || stopping_; });
      if (work_ == nullptr) return;  // stopping
      const std::function<void()>* work = work_;
      lock.unlock();
      std::exception_ptr failure;
      try {
        (*work)();
      } catch (...) {
        failure = std::current_exception();
      }
      lock.lock();
      failure_ = failure;
      work_ = nullptr;
      done_.notify_all();
    }
  }

  pthread_t thread_{};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void()>* work_ = nullptr;  // set by run(), cleared when done
  std::exception_ptr failure_;
  bool stopping_ = false;
};

}  // namespace

void run_on_handler_stack(const std::function<void()>& work) {
  thread_local std::unique_ptr<Companion> companion;
  if (!companion) companion = std::make_unique<Companion>();
  companion->run(work);
}

}  // namespace datacat::server
