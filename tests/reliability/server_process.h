// A real `datacat serve` in a child process on a free loopback port, for the tests that
// kill it (crash loop) or load it from outside (concurrency). Its stdout and stderr go to
// files in `log_dir`; extra environment variables (DATACAT_*) configure it.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace datacat::testing {

class ServerProcess {
 public:
  // Starts the server and waits until it listens (at most `start_timeout_s`); nullptr with
  // a failed test assertion when it does not.
  static std::unique_ptr<ServerProcess> start(const std::string& data_dir,
                                              const std::string& log_dir,
                                              const std::vector<std::string>& env,
                                              int start_timeout_s = 60);
  ~ServerProcess();  // SIGKILLs a server still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  httplib::Client client() const;
  // Waits until /readyz answers 200 with no unindexed change (outbox lag 0); false after
  // `timeout_s`.
  bool wait_caught_up(int timeout_s) const;

  // SIGKILL, and reap the process.
  void kill();
  // SIGTERM and wait; the exit code, or -signal when a signal ended it.
  int stop();
  // True while the process has not exited.
  bool alive();
  std::string stderr_text() const;

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string stdout_path_;
  std::string stderr_path_;
};

// GET `path` and parse the JSON body; null when the request fails or the body is not JSON.
nlohmann::json get_json(const ServerProcess& server, const std::string& path);

}  // namespace datacat::testing
