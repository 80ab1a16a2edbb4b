// One instance of a thread-compatible store per (thread, file): HTTP worker threads each
// keep their own SQLite connection. T needs `static Result<std::unique_ptr<T>> open(path)`.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "indexer/status.h"

namespace datacat::server {

// This thread's T on `path`, opened on first use; the open error otherwise (retried on the
// next call).
template <typename T>
Result<T*> per_thread(const std::string& path) {
  thread_local std::map<std::string, std::unique_ptr<T>> instances;
  std::unique_ptr<T>& instance = instances[path];
  if (!instance) {
    Result<std::unique_ptr<T>> opened = T::open(path);
    if (!opened.is_ok()) return opened.status();
    instance = std::move(opened).value();
  }
  return instance.get();
}

}  // namespace datacat::server
