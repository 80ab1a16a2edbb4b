// ChildProcess: a helper program datacat runs beside itself (xapian-replicate-server on a
// primary, xapian-replicate on a replica), with its output appended to a log file, in its
// own process group, and ended (SIGTERM) when the thread that started it ends — also
// when datacat is killed. Not thread-safe: one owner. The destructor stops a child still
// running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "indexer/status.h"

namespace datacat::server {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;

  // Starts argv[0] (looked up in PATH) with stdout and stderr appended to `log_path`;
  // kUnavailable when it cannot be started.
  static Result<ChildProcess> spawn(const std::vector<std::string>& argv,
                                    const std::string& log_path);

  bool started() const { return pid_ > 0; }
  // The exit code (128 + signal when killed) once the child has ended; nullopt while it runs.
  std::optional<int> poll();
  // Waits up to `timeout` for it to end; kills it (SIGKILL) after that. The exit code.
  int wait(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after a grace period; reaps it.
  void stop();

 private:
  pid_t pid_ = -1;
};

}  // namespace datacat::server
