#include "indexer/serve_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace datacat::indexer {

Result<ServeLock> ServeLock::acquire(const DataDir& dir) {
  std::string path = dir.root() + "/serve.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status(StatusCode::kInternal, "cannot open " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    char holder[32] = {};
    ssize_t read = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    std::string pid = read > 0 ? std::string(holder, static_cast<size_t>(read)) : "";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    if (error != EWOULDBLOCK) {
      return Status(StatusCode::kInternal, "cannot lock " + path + ": " + std::strerror(error));
    }
    return Status(StatusCode::kUnavailable, "data directory " + dir.root() +
                                                " is in use by another datacat serve" +
                                                (pid.empty() ? "" : " (pid " + pid + ")") +
                                                "; stop it first or pass another --data-dir");
  }
  // Without the pid the lock still holds; only a second server's message is poorer.
  std::string pid = std::to_string(::getpid()) + "\n";
  bool written = ::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) >= 0;
  static_cast<void>(written);
  return ServeLock(fd);
}

ServeLock& ServeLock::operator=(ServeLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

ServeLock::~ServeLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace datacat::indexer
