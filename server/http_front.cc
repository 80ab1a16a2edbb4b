#include "server/http_front.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>
#include <unordered_map>
#include <vector>

#include "server/request_head.h"

namespace datacat::server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kBufferedBodyBytes = 64 * 1024;
constexpr size_t kMaxPendingBytes = 256 * 1024;  // per direction and connection
constexpr size_t kReadBytes = 64 * 1024;
constexpr int kMaxRefusing = 256;  // over-cap connections being answered at once
constexpr milliseconds kLinger{1000};
constexpr milliseconds kAcceptPause{100};
constexpr uint64_t kListenerKey = 0;
constexpr uint64_t kWakeKey = 1;

// Bytes waiting to be written to a socket.
struct Outbox {
  std::string data;
  size_t sent = 0;
  size_t size() const { return data.size() - sent; }
  bool empty() const { return sent == data.size(); }
  void append(const char* bytes, size_t n) {
    if (sent > 0 && sent >= data.size() / 2) {
      data.erase(0, sent);
      sent = 0;
    }
    data.append(bytes, n);
  }
  // false on a fatal error; stops at EAGAIN.
  bool write_to(int fd) {
    while (!empty()) {
      ssize_t n = ::send(fd, data.data() + sent, size(), MSG_NOSIGNAL);
      if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
      sent += static_cast<size_t>(n);
    }
    data.clear();
    sent = 0;
    return true;
  }
};

std::string address_text(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text,
              sizeof text);
  }
  return text;
}

void set_nodelay(int fd) {
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

}  // namespace

std::optional<std::string> front_header_peer(std::string_view value, std::string_view secret) {
  size_t space = value.find(' ');
  if (secret.empty() || space != secret.size() || space + 1 >= value.size()) return std::nullopt;
  if (CRYPTO_memcmp(value.data(), secret.data(), secret.size()) != 0) return std::nullopt;
  return std::string(value.substr(space + 1));
}

std::string make_front_secret() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::random_device device;  // getrandom(2) on Linux
    for (unsigned char& byte : bytes) byte = static_cast<unsigned char>(device());
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : bytes) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

// The relay: every connection's state, owned by the relay thread.
class HttpFront::Relay {
 public:
  Relay(const FrontOptions& options, int listener);
  ~Relay();
  void run();
  void request_stop(bool all);  // any thread

 private:
  enum class Phase { kHead, kBody, kStream, kDone };
  enum class Limit { kNone, kLinger, kClientWrite, kHead, kBody, kIdle, kBackendEnd };
  struct Connection {
    uint64_t id = 0;
    int client = -1, backend = -1;
    uint32_t client_events = 0, backend_events = 0;  // registered with epoll (0: not)
    bool refused = false;                            // over a cap: only its 503 goes out
    std::string peer;                                // the client's address
    std::string front_line;  // kFrontHeader naming it, for each forwarded head
    Phase phase = Phase::kHead;
    std::string in;      // client bytes not yet forwarded
    size_t scanned = 0;  // of `in`, searched for the end of the head
    std::string held;    // a head waiting for its buffered body
    uint64_t body_left = 0;
    Outbox to_backend, to_client;
    std::string final_answer;  // the front's answer, after the backend's to earlier requests
    bool connecting = false, backend_shut = false, backend_done = false, abort_backend = false;
    bool client_eof = false, ending = false, lingering = false, dead = false;
    bool head_started = false;
    Clock::time_point idle_since, head_since, body_deadline, last_read, write_progress,
        ending_since, linger_until, deadline = Clock::time_point::max();
  };

  void accept_clients();
  void refuse(int fd, const std::string& answer);
  void on_event(uint64_t key, uint32_t events);
  void read_client(Connection& c);
  void read_backend(Connection& c);
  void write_backend(Connection& c);
  void frame(Connection& c);
  bool open_backend(Connection& c);
  void answer(Connection& c, const Refusal& refusal);
  void backend_closed(Connection& c);
  void backend_failed(Connection& c);
  void queue_client(Connection& c, const char* bytes, size_t n);
  void settle(Connection& c);
  void watch(int fd, uint64_t key, uint32_t& registered, uint32_t wanted);
  std::pair<Clock::time_point, Limit> next_limit(const Connection& c) const;
  void sweep();
  void destroy(Connection& c);

  const FrontOptions options_;
  int epoll_ = -1, wake_ = -1, listener_ = -1;
  uint32_t listener_events_ = 0;
  Clock::time_point listener_resume_ = Clock::time_point::max();
  std::atomic<bool> stop_accepting_{false}, stop_{false};
  std::unordered_map<uint64_t, Connection> connections_;
  std::unordered_map<std::string, int> per_address_;
  int active_ = 0, refusing_ = 0;
  uint64_t next_id_ = 1;
  Clock::time_point now_ = Clock::now(), next_sweep_ = Clock::time_point::max();
  std::vector<char> scratch_ = std::vector<char>(kReadBytes);
  std::string forward_;  // scratch for a forwarded head
  const std::string front_prefix_, busy_address_, busy_;
};

HttpFront::Relay::Relay(const FrontOptions& options, int listener)
    : options_(options),
      listener_(listener),
      front_prefix_(std::string(kFrontHeader) + ": " + options.secret + " "),
      busy_address_(answer_bytes(
          {503, Status(StatusCode::kUnavailable, "too many connections from this address")},
          options.answer_headers)),
      busy_(answer_bytes({503, Status(StatusCode::kUnavailable, "too many connections")},
                         options.answer_headers)) {
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event event{EPOLLIN, {.u64 = kWakeKey}};
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  watch(listener_, kListenerKey, listener_events_, EPOLLIN);
}

HttpFront::Relay::~Relay() {
  while (!connections_.empty()) destroy(connections_.begin()->second);
  if (listener_ >= 0) ::close(listener_);
  ::close(wake_);
  ::close(epoll_);
}

void HttpFront::Relay::request_stop(bool all) {
  (all ? stop_ : stop_accepting_) = true;
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_, &one, sizeof one);
}

void HttpFront::Relay::run() {
  epoll_event events[256];
  while (!stop_) {
    int timeout = -1;
    if (next_sweep_ != Clock::time_point::max()) {
      auto wait = std::chrono::ceil<milliseconds>(next_sweep_ - Clock::now()).count();
      timeout = static_cast<int>(std::clamp<int64_t>(wait, 0, 60000));
    }
    int ready = ::epoll_wait(epoll_, events, 256, timeout);
    now_ = Clock::now();
    for (int i = 0; i < ready; ++i) on_event(events[i].data.u64, events[i].events);
    if (stop_accepting_ && listener_ >= 0) {
      watch(listener_, kListenerKey, listener_events_, 0);
      ::close(listener_);
      listener_ = -1;
    }
    if (now_ >= next_sweep_) sweep();
  }
}

void HttpFront::Relay::on_event(uint64_t key, uint32_t events) {
  if (key == kWakeKey) {
    uint64_t count;
    [[maybe_unused]] ssize_t n = ::read(wake_, &count, sizeof count);
    return;
  }
  if (key == kListenerKey) return accept_clients();
  auto found = connections_.find(key >> 1);
  if (found == connections_.end()) return;  // closed earlier in this batch
  Connection& c = found->second;
  if ((key & 1) == 0) {
    if ((events & EPOLLERR) != 0) c.dead = true;
    if (!c.dead && (events & EPOLLOUT) != 0) {
      c.write_progress = now_;
      if (!c.to_client.write_to(c.client)) c.dead = true;
    }
    if (!c.dead && (events & (EPOLLIN | EPOLLHUP)) != 0) read_client(c);
  } else {
    if ((events & EPOLLOUT) != 0) write_backend(c);
    if (!c.dead && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) read_backend(c);
  }
  settle(c);
}

void HttpFront::Relay::accept_clients() {
  for (int i = 0; i < 64; ++i) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    int fd = ::accept4(listener_, reinterpret_cast<sockaddr*>(&address), &length,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      int error = errno;
      if (error == ECONNABORTED || error == EINTR || error == EPROTO) continue;
      if (error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM) {
        // Out of descriptors: a level-triggered listener would spin, so pause it.
        watch(listener_, kListenerKey, listener_events_, 0);
        listener_resume_ = now_ + kAcceptPause;
        next_sweep_ = std::min(next_sweep_, listener_resume_);
      }
      return;
    }
    std::string peer = address_text(address);
    auto count = per_address_.find(peer);
    if (count != per_address_.end() && count->second >= options_.max_connections_per_address) {
      refuse(fd, busy_address_);
      continue;
    }
    if (active_ >= options_.max_connections) {
      refuse(fd, busy_);
      continue;
    }
    set_nodelay(fd);
    ++per_address_[peer];
    ++active_;
    uint64_t id = next_id_++;
    Connection& c = connections_[id];
    c.id = id;
    c.client = fd;
    c.front_line = front_prefix_ + peer + "\r\n";
    c.peer = std::move(peer);
    c.idle_since = now_;
    settle(c);
  }
}

// The 503 goes out at once (it fits any socket buffer); the connection then lingers
// briefly so that the client's unread request does not turn our close into a reset.
void HttpFront::Relay::refuse(int fd, const std::string& answer) {
  if (refusing_ >= kMaxRefusing) {
    [[maybe_unused]] ssize_t n = ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::close(fd);
    return;
  }
  ++refusing_;
  uint64_t id = next_id_++;
  Connection& c = connections_[id];
  c.id = id;
  c.client = fd;
  c.refused = true;
  c.phase = Phase::kDone;
  c.ending = true;
  queue_client(c, answer.data(), answer.size());
  settle(c);
}

void HttpFront::Relay::read_client(Connection& c) {
  char* buffer = scratch_.data();
  ssize_t n = ::recv(c.client, buffer, kReadBytes, 0);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) c.dead = true;
    return;
  }
  if (n == 0) {
    c.client_eof = true;
    if (c.lingering) c.dead = true;
    // An unfinished head or buffered body is dropped; a streamed body ends short, which
    // the backend refuses. Then the backend gets the client's FIN (see settle).
    c.phase = Phase::kDone;
    c.in.clear();
    c.held.clear();
    return;
  }
  if (c.lingering || c.phase == Phase::kDone) return;  // discarded
  c.last_read = now_;
  size_t size = static_cast<size_t>(n);
  if (c.phase == Phase::kStream && c.in.empty()) {  // straight to the backend
    size_t take = static_cast<size_t>(std::min<uint64_t>(size, c.body_left));
    c.to_backend.append(buffer, take);
    c.body_left -= take;
    if (c.body_left == 0) c.phase = Phase::kHead;
    c.in.append(buffer + take, size - take);
  } else {
    c.in.append(buffer, size);
  }
  frame(c);
}

// Moves every complete request in `c.in` to the backend's outbox.
void HttpFront::Relay::frame(Connection& c) {
  while (!c.in.empty() && !c.dead) {
    switch (c.phase) {
      case Phase::kDone:
        c.in.clear();
        return;
      case Phase::kStream: {
        size_t take = static_cast<size_t>(std::min<uint64_t>(c.in.size(), c.body_left));
        c.to_backend.append(c.in.data(), take);
        c.in.erase(0, take);
        c.body_left -= take;
        if (c.body_left > 0) return;
        c.phase = Phase::kHead;
        break;
      }
      case Phase::kBody: {
        if (c.in.size() < c.body_left) return;
        c.to_backend.append(c.held.data(), c.held.size());
        c.to_backend.append(c.in.data(), c.body_left);
        c.in.erase(0, c.body_left);
        c.held.clear();
        c.phase = Phase::kHead;
        break;
      }
      case Phase::kHead: {
        if (!c.head_started) {
          c.head_started = true;
          c.head_since = now_;
        }
        size_t end = c.in.find("\r\n\r\n", c.scanned >= 3 ? c.scanned - 3 : 0);
        if (end == std::string::npos || end + 4 > kMaxHeadBytes) {
          c.scanned = c.in.size();
          if (c.in.size() > kMaxHeadBytes || end != std::string::npos) {
            answer(c, {431, Status(StatusCode::kResourceExhausted,
                                   "request head larger than " + std::to_string(kMaxHeadBytes) +
                                       " bytes")});
          }
          return;
        }
        Head head;
        if (std::optional<Refusal> refusal =
                check_head(std::string_view(c.in).substr(0, end + 4), c.front_line,
                           options_.max_body_bytes, forward_, head)) {
          answer(c, *refusal);
          return;
        }
        if (!open_backend(c)) return;
        c.in.erase(0, end + 4);
        c.scanned = 0;
        c.head_started = false;
        c.body_left = head.content_length;
        c.body_deadline = now_ + milliseconds(options_.body_timeout_ms);
        // Bodies up to 64 KiB wait here whole, so a slow one holds no backend worker.
        // A client expecting 100-continue waits for the backend's.
        if (head.content_length > 0 && head.content_length <= kBufferedBodyBytes &&
            !head.expect_continue) {
          c.held = forward_;
          c.phase = Phase::kBody;
        } else {
          c.to_backend.append(forward_.data(), forward_.size());
          c.phase = head.content_length > 0 ? Phase::kStream : Phase::kHead;
        }
        break;
      }
    }
  }
}

bool HttpFront::Relay::open_backend(Connection& c) {
  if (c.backend >= 0) return true;
  if (c.backend_done) {  // the backend closed: no more requests on this connection
    c.phase = Phase::kDone;
    c.in.clear();
    return false;
  }
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(options_.backend_port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
      errno != EINPROGRESS) {
    ::close(fd);
    fd = -1;
  }
  if (fd < 0) {
    answer(c, {503, Status(StatusCode::kUnavailable, "the server cannot take requests now")});
    return false;
  }
  set_nodelay(fd);
  c.backend = fd;
  c.connecting = true;
  return true;
}

// Earlier requests already forwarded are answered first: the backend gets our FIN, and
// the answer follows when it has closed (see backend_closed).
void HttpFront::Relay::answer(Connection& c, const Refusal& refusal) {
  std::string bytes = answer_bytes(refusal, options_.answer_headers);
  c.phase = Phase::kDone;
  c.in.clear();
  c.held.clear();
  if (c.backend >= 0) {
    c.final_answer = std::move(bytes);
    c.ending_since = now_;
  } else {
    queue_client(c, bytes.data(), bytes.size());
    c.ending = true;
  }
}

void HttpFront::Relay::write_backend(Connection& c) {
  if (c.backend < 0) return;
  if (c.connecting) {
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(c.backend, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
      backend_closed(c);
      answer(c, {503, Status(StatusCode::kUnavailable, "the server cannot take requests now")});
      return;
    }
    c.connecting = false;
  }
  if (!c.to_backend.write_to(c.backend)) backend_failed(c);
}

// The backend stopped reading: what it answered before is still relayed.
void HttpFront::Relay::backend_failed(Connection& c) {
  char* buffer = scratch_.data();
  for (size_t total = 0; total < kMaxPendingBytes && !c.dead;) {
    ssize_t n = ::recv(c.backend, buffer, kReadBytes, MSG_DONTWAIT);
    if (n <= 0) break;
    queue_client(c, buffer, static_cast<size_t>(n));
    total += static_cast<size_t>(n);
  }
  backend_closed(c);
}

void HttpFront::Relay::read_backend(Connection& c) {
  // Not while the client has not taken what is buffered (settle resumes it).
  if (c.backend < 0 || c.connecting || c.to_client.size() >= kMaxPendingBytes) return;
  char* buffer = scratch_.data();
  ssize_t n = ::recv(c.backend, buffer, kReadBytes, 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n <= 0) return backend_closed(c);
  queue_client(c, buffer, static_cast<size_t>(n));
}

void HttpFront::Relay::backend_closed(Connection& c) {
  watch(c.backend, (c.id << 1) | 1, c.backend_events, 0);
  ::close(c.backend);
  c.backend = -1;
  c.connecting = false;
  c.backend_done = true;
  c.ending = true;
  c.phase = Phase::kDone;
  c.in.clear();
  c.held.clear();
  if (!c.final_answer.empty()) {
    queue_client(c, c.final_answer.data(), c.final_answer.size());
    c.final_answer.clear();
  }
}

// Writes at once when nothing is waiting; buffers the rest.
void HttpFront::Relay::queue_client(Connection& c, const char* bytes, size_t n) {
  if (c.to_client.empty()) {
    c.write_progress = now_;
    ssize_t sent = ::send(c.client, bytes, n, MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      c.dead = true;
      return;
    }
    if (sent > 0) {
      bytes += sent;
      n -= static_cast<size_t>(sent);
    }
  }
  if (n > 0) c.to_client.append(bytes, n);
}

// After every event: forwards the client's FIN, ends the connection when nothing more
// will be written to it, and registers what the connection waits for.
void HttpFront::Relay::settle(Connection& c) {
  if (c.dead) return destroy(c);
  if (c.backend >= 0 && !c.connecting) {
    if (!c.to_backend.write_to(c.backend)) backend_failed(c);
  }
  if (c.backend >= 0 && !c.connecting && c.to_backend.empty() && !c.backend_shut &&
      c.phase == Phase::kDone) {
    ::shutdown(c.backend, SHUT_WR);
    c.backend_shut = true;
  }
  if (c.backend < 0 && !c.backend_done && c.phase == Phase::kDone) c.ending = true;
  if (c.dead) return destroy(c);
  if (c.ending && c.to_client.empty() && !c.lingering) {
    if (c.client_eof) return destroy(c);
    ::shutdown(c.client, SHUT_WR);
    c.lingering = true;
    c.linger_until = now_ + kLinger;
  }
  bool backend_ready = c.backend >= 0 && !c.connecting;
  bool read_client =
      !c.client_eof && (c.lingering || (!c.ending && c.phase != Phase::kDone &&
                                        c.to_backend.size() < kMaxPendingBytes &&
                                        c.in.size() < kMaxHeadBytes + kBufferedBodyBytes));
  watch(c.client, c.id << 1, c.client_events,
        (read_client ? EPOLLIN : 0u) | (c.to_client.empty() ? 0u : EPOLLOUT));
  if (c.backend >= 0) {
    bool read_backend = backend_ready && c.to_client.size() < kMaxPendingBytes;
    bool write_backend = c.connecting || !c.to_backend.empty();
    watch(c.backend, (c.id << 1) | 1, c.backend_events,
          (read_backend ? EPOLLIN : 0u) | (write_backend ? EPOLLOUT : 0u));
  }
  c.deadline = next_limit(c).first;
  next_sweep_ = std::min(next_sweep_, c.deadline);
}

// Registers `wanted` for `fd`; nothing wanted takes it out of epoll, so that a hang-up
// on a side we are not reading cannot wake the loop again and again.
void HttpFront::Relay::watch(int fd, uint64_t key, uint32_t& registered, uint32_t wanted) {
  if (wanted == registered) return;
  epoll_event event{wanted, {.u64 = key}};
  int op = wanted == 0 ? EPOLL_CTL_DEL : registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  ::epoll_ctl(epoll_, op, fd, &event);
  registered = wanted;
}

std::pair<Clock::time_point, HttpFront::Relay::Limit> HttpFront::Relay::next_limit(
    const Connection& c) const {
  std::pair<Clock::time_point, Limit> next{Clock::time_point::max(), Limit::kNone};
  auto consider = [&](bool applies, Clock::time_point at, Limit limit) {
    if (applies && at < next.first) next = {at, limit};
  };
  milliseconds idle(options_.idle_timeout_ms);
  consider(c.lingering, c.linger_until, Limit::kLinger);
  consider(!c.to_client.empty(), c.write_progress + idle, Limit::kClientWrite);
  // A request must arrive whole in time, and without a pause of idle_timeout_ms.
  bool head = c.phase == Phase::kHead && c.head_started;
  bool body = c.phase == Phase::kBody || c.phase == Phase::kStream;
  consider(head, c.head_since + milliseconds(options_.head_timeout_ms), Limit::kHead);
  consider(head, c.last_read + idle, Limit::kHead);
  consider(body, c.body_deadline, Limit::kBody);
  consider(body, c.last_read + idle, Limit::kBody);
  consider(c.phase == Phase::kHead && !c.head_started && c.backend < 0 && !c.ending,
           c.idle_since + idle, Limit::kIdle);
  consider(!c.final_answer.empty(), c.ending_since + idle, Limit::kBackendEnd);
  return next;
}

void HttpFront::Relay::sweep() {
  next_sweep_ = Clock::time_point::max();
  if (listener_ >= 0 && now_ >= listener_resume_) {
    listener_resume_ = Clock::time_point::max();
    watch(listener_, kListenerKey, listener_events_, EPOLLIN);
  }
  next_sweep_ = std::min(next_sweep_, listener_resume_);
  std::vector<uint64_t> due;
  for (auto& [id, c] : connections_) {
    if (c.deadline <= now_) {
      due.push_back(id);
    } else {
      next_sweep_ = std::min(next_sweep_, c.deadline);
    }
  }
  for (uint64_t id : due) {
    Connection& c = connections_.at(id);
    Limit limit = next_limit(c).second;
    if (limit == Limit::kHead) {
      answer(c, {408, Status(StatusCode::kUnavailable, "the request head did not arrive in time")});
    } else {
      c.abort_backend = limit == Limit::kBody;
      c.dead = true;
    }
    settle(c);
  }
}

void HttpFront::Relay::destroy(Connection& c) {
  watch(c.client, c.id << 1, c.client_events, 0);
  ::close(c.client);
  if (c.backend >= 0) {
    watch(c.backend, (c.id << 1) | 1, c.backend_events, 0);
    if (c.abort_backend) {  // a body cut short: the backend's worker sees a reset
      linger abortive{1, 0};
      ::setsockopt(c.backend, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    ::close(c.backend);
  }
  if (c.refused) {
    --refusing_;
  } else {
    --active_;
    auto count = per_address_.find(c.peer);
    if (count != per_address_.end() && --count->second <= 0) per_address_.erase(count);
  }
  connections_.erase(c.id);
}

HttpFront::HttpFront(FrontOptions options) : options_(std::move(options)) {}

HttpFront::~HttpFront() {
  stop();
}

Status HttpFront::start() {
  std::string host = options_.listen.empty() ? "0.0.0.0" : options_.listen;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::string where = options_.listen + ":" + std::to_string(options_.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(options_.port).c_str(), &hints, &found) != 0 ||
      found == nullptr)
    return Status(StatusCode::kUnavailable, "cannot listen on " + where + ": unknown address");
  int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int on = 1;
  bool bound = fd >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
               ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0;
  std::string error = std::strerror(errno);
  ::freeaddrinfo(found);
  if (!bound) {
    if (fd >= 0) ::close(fd);
    return Status(StatusCode::kUnavailable, "cannot listen on " + where + ": " + error);
  }
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port_ =
      ntohs(address.ss_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6&>(address).sin6_port
                                          : reinterpret_cast<const sockaddr_in&>(address).sin_port);
  relay_ = std::make_unique<Relay>(options_, fd);
  thread_ = std::thread([relay = relay_.get()] { relay->run(); });
  return Status::ok();
}

void HttpFront::stop_accepting() {
  if (relay_ != nullptr) relay_->request_stop(false);
}

void HttpFront::stop() {
  if (relay_ == nullptr) return;
  relay_->request_stop(true);
  thread_.join();
  relay_.reset();
}

}  // namespace datacat::server
