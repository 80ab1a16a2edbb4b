// Raw-socket helpers for the tests that speak bytes to the server (hardening, the front).
#pragma once

#include <poll.h>
#include <sys/socket.h>

#include <string>

namespace datacat::testing {

// Reads until the peer closes (true) or `wait_ms` pass without data (false).
inline bool read_all(int fd, std::string& out, int wait_ms) {
  char buffer[65536];
  for (;;) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, wait_ms) <= 0) return false;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return true;
    out.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace datacat::testing
