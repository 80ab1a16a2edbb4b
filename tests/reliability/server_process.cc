#include "tests/reliability/server_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/server/cli_runner.h"

extern char** environ;

namespace datacat::testing {
namespace {

// The port in "datacat listening on http://127.0.0.1:PORT", or 0 before that line.
int listening_port(const std::string& out) {
  const std::string marker = "datacat listening on http://127.0.0.1:";
  size_t at = out.find(marker);
  if (at == std::string::npos || out.find('\n', at) == std::string::npos) return 0;
  return std::atoi(out.c_str() + at + marker.size());
}

std::atomic<int> next_log{0};

}  // namespace

std::unique_ptr<ServerProcess> ServerProcess::start(const std::string& data_dir,
                                                    const std::string& log_dir,
                                                    const std::vector<std::string>& env,
                                                    int start_timeout_s) {
  std::unique_ptr<ServerProcess> server(new ServerProcess());
  int n = next_log++;
  server->stdout_path_ = log_dir + "/serve-" + std::to_string(n) + ".out";
  server->stderr_path_ = log_dir + "/serve-" + std::to_string(n) + ".err";
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<std::string> args = {DATACAT_BINARY, "serve",     "--data-dir", data_dir,
                                   "--listen",     "127.0.0.1", "--port",     "0"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings(env);
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  int out = ::open(server->stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err = ::open(server->stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  EXPECT_GE(out, 0);
  EXPECT_GE(err, 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out);
  ::close(err);
  EXPECT_GT(pid, 0);
  if (pid <= 0) return nullptr;
  server->pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(start_timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    server->port_ = listening_port(read_file(server->stdout_path_));
    if (server->port_ != 0) return server;
    if (!server->alive()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "datacat serve did not start: " << server->stderr_text();
  return nullptr;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill();
}

httplib::Client ServerProcess::client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(5);
  client.set_read_timeout(60);
  client.set_write_timeout(60);
  return client;
}

bool ServerProcess::wait_caught_up(int timeout_s) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    nlohmann::json ready = get_json(*this, "/readyz");
    if (ready.is_object() && ready.value("status", "") == "ready" &&
        ready["checks"]["outbox"].value("lag", -1) == 0)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

bool ServerProcess::alive() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == 0) return true;
  pid_ = -1;
  return false;
}

std::string ServerProcess::stderr_text() const {
  return read_file(stderr_path_);
}

nlohmann::json get_json(const ServerProcess& server, const std::string& path) {
  httplib::Result result = server.client().Get(path);
  if (!result) return nullptr;
  return nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
}

}  // namespace datacat::testing
