#include "server/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>

namespace datacat::server {
namespace {

constexpr std::chrono::milliseconds kStopGrace{2000};

// The executable `name` would run as a command ("" when PATH has none).
std::string find_in_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::string candidate = std::string(dirs.substr(0, colon)) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
  }
  return "";
}

int exit_code_of(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

}  // namespace

ChildProcess::~ChildProcess() {
  stop();
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) {
  other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = other.pid_;
    other.pid_ = -1;
  }
  return *this;
}

Result<ChildProcess> ChildProcess::spawn(const std::vector<std::string>& argv,
                                         const std::string& log_path) {
  // Everything the child needs is prepared here: between fork and exec it may only make
  // async-signal-safe calls (the server is multi-threaded).
  std::string program = find_in_path(argv[0]);
  if (program.empty())
    return Status(StatusCode::kUnavailable, "cannot start " + argv[0] + ": not found in PATH");
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    return Status(StatusCode::kUnavailable,
                  "cannot open " + log_path + ": " + std::strerror(errno));
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    // Its own process group: xapian-replicate-server ends by signalling its whole group
    // (its forked connections), which must not take datacat with it.
    setpgid(0, 0);
    // It ends with the server, even a SIGKILLed one: an orphan would keep the
    // replication port, and a restarted server could not listen there.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    // The server blocks SIGINT/SIGTERM in every thread (sigwait takes them); the child
    // must not inherit that mask, or stop() could not end it.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int null_input = ::open("/dev/null", O_RDONLY);
    dup2(null_input, STDIN_FILENO);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    close_range(3, ~0U, 0);  // not the server's sockets, index or catalog files
    execv(program.c_str(), args.data());
    _exit(127);
  }
  int fork_error = errno;
  ::close(log);
  if (pid < 0) {
    return Status(StatusCode::kUnavailable,
                  "cannot start " + argv[0] + ": " + std::strerror(fork_error));
  }
  ChildProcess child;
  child.pid_ = pid;
  return child;
}

std::optional<int> ChildProcess::poll() {
  if (pid_ <= 0) return -1;
  int status = 0;
  pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == 0) return std::nullopt;
  pid_ = -1;
  return done < 0 ? -1 : exit_code_of(status);
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::optional<int> code = poll()) return *code;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (pid_ <= 0) return -1;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return exit_code_of(status);
}

void ChildProcess::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  wait(kStopGrace);
}

}  // namespace datacat::server
