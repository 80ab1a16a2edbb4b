// The server's front (server/http_front.h) on real sockets: slow clients hold no worker
// and are dropped at their deadlines, one address cannot take every connection, framing
// that a proxy could read differently is refused, and the rest of HTTP still works.
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/server/http_fixture.h"
#include "tests/server/raw_socket.h"

namespace datacat::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A TCP connection to 127.0.0.1:`port` from `source` (any of 127/8 on Linux); -1 on failure.
int connect_from(const char* source, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source, &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Whatever arrives at once; true when the peer has closed (or reset) the connection.
bool poll_closed(int fd, std::string& out) {
  char buffer[4096];
  for (;;) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, 0) <= 0) return false;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n <= 0) return true;
    out.append(buffer, static_cast<size_t>(n));
  }
}

int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

// The body of the first response in `response` (after its head).
nlohmann::json body_json(const std::string& response) {
  size_t end = response.find("\r\n\r\n");
  if (end == std::string::npos) return nullptr;
  return nlohmann::json::parse(response.substr(end + 4), nullptr, false);
}

// Reads one response with a Content-Length body from `fd` (keep-alive).
std::string read_response(int fd) {
  std::string out;
  char buffer[65536];
  for (;;) {
    size_t end = out.find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t at = out.find("Content-Length: ");
      size_t length = at < end ? std::stoul(out.substr(at + 16)) : 0;
      if (out.size() >= end + 4 + length) return out;
    }
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, 3000) <= 0) return out;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return out;
    out.append(buffer, static_cast<size_t>(n));
  }
}

// Ports this process listens on at 127.0.0.1 (from /proc): the front's and civetweb's.
std::vector<int> loopback_listening_ports() {
  std::set<std::string> inodes;
  if (DIR* fds = ::opendir("/proc/self/fd")) {
    while (dirent* entry = ::readdir(fds)) {
      char target[256];
      std::string link = std::string("/proc/self/fd/") + entry->d_name;
      ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
      if (n <= 0) continue;
      std::string text(target, static_cast<size_t>(n));
      if (text.rfind("socket:[", 0) == 0) inodes.insert(text.substr(8, text.size() - 9));
    }
    ::closedir(fds);
  }
  std::vector<int> ports;
  std::ifstream table("/proc/self/net/tcp");
  std::string line;
  std::getline(table, line);  // the column names
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
        timeout >> inode;
    if (state == "0A" && local.rfind("0100007F:", 0) == 0 && inodes.count(inode) > 0)
      ports.push_back(std::stoi(local.substr(9), nullptr, 16));
  }
  return ports;
}

class HttpFrontTest : public ServerTest {
 protected:
  static int connect_local() { return connect_from("127.0.0.1", app().port()); }

  // Sends `bytes` on a fresh connection; what came back, and whether the server closed.
  static std::pair<std::string, bool> exchange(const std::string& bytes, int wait_ms = 3000) {
    int fd = connect_local();
    EXPECT_GE(fd, 0);
    send_all(fd, bytes);
    std::string out;
    bool closed = read_all(fd, out, wait_ms);
    ::close(fd);
    return {out, closed};
  }
};

// 200 connections from one address each trickle a request head, one header line every
// 300 ms, while another address keeps asking for /healthz.
TEST_F(HttpFrontTest, SlowHeadsFromOneAddressStarveNobodyAndPassNoCap) {
  constexpr int kSlow = 200;
  constexpr int kCap = 128;  // server.max_connections_per_address by default
  std::atomic<bool> attacking{true};
  std::vector<double> probe_ms;
  int failed_probes = 0;
  std::thread prober([&] {
    while (attacking) {
      auto started = Clock::now();
      httplib::Client probe("127.0.0.1", app().port());
      probe.set_connection_timeout(2, 0);
      probe.set_read_timeout(2, 0);
      auto result = probe.Get("/healthz");
      probe_ms.push_back(ms_since(started));
      if (!result || result->status != 200) ++failed_probes;
      std::this_thread::sleep_for(milliseconds(100));
    }
  });

  std::vector<int> slow;
  std::vector<std::string> answers(kSlow);
  std::vector<bool> closed(kSlow, false);
  auto connected = Clock::now();
  for (int i = 0; i < kSlow; ++i) {
    int fd = connect_from("127.0.0.2", app().port());
    if (fd >= 0) send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
    slow.push_back(fd);  // -1: never connected, never refused
  }
  // Connections past the cap are answered 503 (or closed) at once.
  auto count_refused = [&] {
    int refused = 0;
    for (int i = 0; i < kSlow; ++i) {
      if (slow[i] < 0) continue;
      if (!closed[i]) closed[i] = poll_closed(slow[i], answers[i]);
      if (closed[i] || status_of(answers[i]) == 503) ++refused;
    }
    return refused;
  };
  int refused = 0;
  while ((refused = count_refused()) < kSlow - kCap && ms_since(connected) < 1000)
    std::this_thread::sleep_for(milliseconds(20));
  double refusing_ms = ms_since(connected);

  // Six seconds of trickling heads.
  auto trickle_start = Clock::now();
  for (int line = 0; ms_since(trickle_start) < 6000; ++line) {
    for (int i = 0; i < kSlow; ++i) {
      if (slow[i] >= 0 && !closed[i] &&
          !send_all(slow[i], "X-Slow-" + std::to_string(line) + ": v\r\n"))
        closed[i] = true;
    }
    std::this_thread::sleep_for(milliseconds(300));
    count_refused();
  }
  attacking = false;
  prober.join();
  int still_open = 0, answered_503 = 0;
  for (int i = 0; i < kSlow; ++i) {
    if (!closed[i] && status_of(answers[i]) != 503) ++still_open;
    if (status_of(answers[i]) == 503) {
      ++answered_503;
      EXPECT_NE(answers[i].find("too many connections from this address"), std::string::npos);
      EXPECT_NE(answers[i].find("Retry-After: 1"), std::string::npos);
    }
    if (slow[i] >= 0) ::close(slow[i]);
  }

  std::vector<double> sorted = probe_ms;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_FALSE(sorted.empty());
  double median = sorted[sorted.size() / 2], max = sorted.back();
  std::printf(
      "healthz under 200 slow connections: %zu probes, median %.1f ms, max %.1f ms; "
      "%d of %d slow connections refused within %.0f ms (%d with a 503)\n",
      sorted.size(), median, max, refused, kSlow, refusing_ms, answered_503);
  RecordProperty("healthz_probes", static_cast<int>(sorted.size()));
  RecordProperty("healthz_median_us", static_cast<int>(median * 1000));
  RecordProperty("healthz_max_us", static_cast<int>(max * 1000));
  EXPECT_EQ(failed_probes, 0);
  EXPECT_LT(max, 1000.0) << "a /healthz probe waited behind the slow connections";
  EXPECT_GE(refused, kSlow - kCap) << "connections past the per-address cap were kept";
  EXPECT_LE(still_open, kCap);
  EXPECT_GT(answered_503, 0);
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

TEST_F(HttpFrontTest, ConflictingFramingIsRefusedAndNothingIsSmuggled) {
  const std::string smuggled = "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string length = std::to_string(smuggled.size());
  const std::string start = "POST /api/v1/search HTTP/1.1\r\nHost: x\r\n";
  struct Case {
    std::string what, head;
    int status;
    std::string field;
  };
  std::vector<Case> cases = {
      {"two different Content-Length", "Content-Length: 0\r\nContent-Length: " + length + "\r\n",
       400, "Content-Length"},
      {"two equal Content-Length",
       "Content-Length: " + length + "\r\nContent-Length: " + length + "\r\n", 400,
       "Content-Length"},
      {"Content-Length and Transfer-Encoding",
       "Content-Length: " + length + "\r\nTransfer-Encoding: chunked\r\n", 400,
       "Transfer-Encoding"},
      {"Transfer-Encoding alone", "Transfer-Encoding: chunked\r\n", 411, "Transfer-Encoding"},
      {"Transfer-Encoding in other case", "transfer-encoding: Chunked\r\n", 411,
       "Transfer-Encoding"},
      {"a Content-Length that is not a number", "Content-Length: 0x2f\r\n", 400, "Content-Length"},
      {"a signed Content-Length", "Content-Length: +" + length + "\r\n", 400, "Content-Length"},
      {"a body over max_body_bytes", "Content-Length: 99999999\r\n", 413, "Content-Length"},
      {"a space before the colon", "Content-Length : " + length + "\r\n", 400, ""},
      {"a folded header line", "X-A: b\r\n Content-Length: " + length + "\r\n", 400, ""},
  };
  for (const Case& c : cases) {
    // The body is a second request; a chunked body carries it too.
    std::string body =
        c.head.find("ransfer") != std::string::npos ? "0\r\n\r\n" + smuggled : smuggled;
    auto [response, closed] = exchange(start + c.head + "\r\n" + body, 2000);
    EXPECT_EQ(status_of(response), c.status) << c.what << ": " << response;
    EXPECT_TRUE(closed) << c.what << ": the connection stayed open";
    EXPECT_EQ(count_of(response, "HTTP/1."), 1u) << c.what << ": " << response;
    EXPECT_EQ(response.find("openapi"), std::string::npos) << c.what << ": smuggled";
    EXPECT_NE(response.find("Connection: close"), std::string::npos) << c.what;
    EXPECT_NE(response.find("X-Content-Type-Options: nosniff"), std::string::npos) << c.what;
    nlohmann::json error = body_json(response)["error"];
    ASSERT_TRUE(error.is_object()) << c.what << ": " << response;
    if (!c.field.empty()) {
      EXPECT_EQ(error["field"], c.field) << c.what;
      EXPECT_NE(error["message"].get<std::string>().find(c.field), std::string::npos)
          << c.what << ": " << error;
    }
  }
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

TEST_F(HttpFrontTest, KeepAlivePipeliningHeadAndSmallBodiesStillWork) {
  // Two requests in one write: two answers, in order.
  auto [both, closed] = exchange(
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(closed);
  EXPECT_EQ(count_of(both, "HTTP/1.1 200 OK"), 2u) << both;
  size_t health = both.find("\"status\":\"ok\""), me = both.find("\"anonymous\"");
  EXPECT_NE(health, std::string::npos) << both;
  EXPECT_NE(me, std::string::npos) << both;
  EXPECT_LT(health, me);

  // Keep-alive: one connection, one request after the other.
  int fd = connect_local();
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string response = read_response(fd);
    EXPECT_EQ(status_of(response), 200) << "request " << i << ": " << response;
  }
  ::close(fd);

  // Heads up to 16 KiB pass (with the front's header added); larger ones get 431.
  auto [big, big_closed] =
      exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16300, 'b') +
               "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(big), 200) << big.substr(0, 200);
  auto [huge, huge_closed] = exchange(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17000, 'b') + "\r\n\r\n");
  EXPECT_EQ(status_of(huge), 431) << huge.substr(0, 200);
  EXPECT_TRUE(huge_closed);

  // HEAD: the head only.
  auto [head, head_closed] =
      exchange("HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(head), 200) << head;
  EXPECT_NE(head.find("Content-Length: "), std::string::npos);
  EXPECT_EQ(head.size(), head.find("\r\n\r\n") + 4) << "HEAD got a body";

  // A small body, written in pieces; and one behind Expect: 100-continue.
  std::string query = R"({"q": "orders"})";
  fd = connect_local();
  ASSERT_GE(fd, 0);
  send_all(fd,
           "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
               std::to_string(query.size()) + "\r\n\r\n" + query.substr(0, 5));
  std::this_thread::sleep_for(milliseconds(200));
  send_all(fd, query.substr(5));
  std::string searched = read_response(fd);
  EXPECT_EQ(status_of(searched), 200) << searched;
  EXPECT_NE(searched.find("\"hits\""), std::string::npos) << searched;
  ::close(fd);
  auto [expected, expected_closed] = exchange(
      "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
      "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
      std::to_string(query.size()) + "\r\n\r\n" + query);
  EXPECT_NE(expected.find("HTTP/1.1 200 OK"), std::string::npos) << expected;
}

TEST_F(HttpFrontTest, TheTotalConnectionCapAnswers503) {
  stop();
  start([](server::Config& config) {
    config.server.max_connections = 4;
    config.server.max_connections_per_address = 4;
  });
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) held.push_back(connect_from("127.0.0.3", app().port()));
  std::this_thread::sleep_for(milliseconds(100));
  auto [response, closed] = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_of(response), 503) << response;
  EXPECT_TRUE(closed);
  EXPECT_NE(response.find("Retry-After: 1"), std::string::npos);
  EXPECT_EQ(body_json(response)["error"]["code"], "unavailable") << response;
  for (int fd : held) ::close(fd);
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

TEST_F(HttpFrontTest, ConnectionsStraightToTheBackendAreRefused) {
  std::vector<int> backends;
  for (int port : loopback_listening_ports())
    if (port != app().port()) backends.push_back(port);
  ASSERT_FALSE(backends.empty()) << "civetweb's loopback port was not found";
  for (int port : backends) {
    int fd = connect_from("127.0.0.1", port);
    ASSERT_GE(fd, 0);
    send_all(fd,
             "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Datacat-Front: 00 127.0.0.1\r\n"
             "Connection: close\r\n\r\n");
    std::string response;
    read_all(fd, response, 3000);
    ::close(fd);
    EXPECT_EQ(status_of(response), 403) << response;
    EXPECT_EQ(body_json(response)["error"]["code"], "permission_denied") << response;
    EXPECT_EQ(body_json(response)["error"]["message"], "connect through the server's address");
  }
}

class HttpFrontProxyTest : public HttpFrontTest {
 protected:
  void SetUp() override {
    start([](server::Config& config) { config.auth.trusted_proxies = {"10.9.9.9"}; });
  }
};

TEST_F(HttpFrontProxyTest, AForgedFrontHeaderCannotChooseTheAddress) {
  for (const std::string& forged :
       {std::string("X-Datacat-Front: x 10.9.9.9\r\n"),
        std::string("x-datacat-front: 10.9.9.9\r\n"),
        std::string("X-Datacat-Front: x 10.9.9.9\r\nX-Datacat-Front: y 10.9.9.9\r\n")}) {
    auto [response, closed] = exchange(
        "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Forwarded-User: mallory\r\n"
        "X-Forwarded-Groups: DAAdministrators\r\n" +
        forged + "Connection: close\r\n\r\n");
    ASSERT_EQ(status_of(response), 200) << response;
    nlohmann::json me = body_json(response);
    EXPECT_TRUE(me["user"].is_null()) << forged << ": " << me;
    EXPECT_TRUE(me["anonymous"].get<bool>()) << me;
    EXPECT_FALSE(me["admin"].get<bool>()) << me;
  }
}

// Short deadlines, and bodies up to 4 MiB.
class HttpFrontDeadlineTest : public HttpFrontTest {
 protected:
  void SetUp() override {
    start([](server::Config& config) {
      config.server.request_head_timeout_ms = 1000;
      config.server.request_body_timeout_ms = 1000;
      config.server.max_body_bytes = 4 << 20;
    });
  }

  // Sends `start`, then one byte of `drip` every 100 ms; the time until the server closed
  // the connection (or 6 s), and what it answered.
  static std::pair<double, std::string> drip_until_closed(const std::string& start,
                                                          const std::string& drip) {
    int fd = connect_local();
    EXPECT_GE(fd, 0);
    auto started = Clock::now();
    send_all(fd, start);
    std::string answer;
    for (size_t i = 0; ms_since(started) < 6000; ++i) {
      if (poll_closed(fd, answer)) break;
      if (i < drip.size() && !send_all(fd, drip.substr(i, 1))) break;
      std::this_thread::sleep_for(milliseconds(100));
    }
    double took = ms_since(started);
    ::close(fd);
    return {took, answer};
  }
};

TEST_F(HttpFrontDeadlineTest, AHeadThatNeverEndsIsClosedAtItsDeadline) {
  auto [took, answer] =
      drip_until_closed("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Drip: ", std::string(100, 'a'));
  EXPECT_GE(took, 900.0);
  EXPECT_LT(took, 2500.0) << "a byte every 100 ms kept the head alive";
  EXPECT_TRUE(answer.empty() || status_of(answer) == 408) << answer;
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

TEST_F(HttpFrontDeadlineTest, ASlowBodyIsDroppedAndNothingIsWritten) {
  std::string admin = token("root", "", true);
  // A small body, buffered by the front.
  std::string uri = "datacat://dataset/slow_body";
  std::string body = dataset(uri, "slow_body", "sales-analytics").dump();
  auto [took, answer] = drip_until_closed(
      "PUT " + asset_path(uri) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin +
          "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body.substr(0, body.size() / 2),
      body.substr(body.size() / 2, 5));
  EXPECT_GE(took, 900.0);
  EXPECT_LT(took, 2500.0);
  EXPECT_EQ(answer, "") << "nothing is answered for a body that never came";
  EXPECT_EQ(client().Get(asset_path(uri))->status, 404);

  // A large body, streamed to the backend as it arrives: its complete first lines must
  // not be imported either.
  std::string lines;
  for (int i = 0; lines.size() < 100 * 1024; ++i) {
    nlohmann::json line = dataset("datacat://dataset/slow_bulk_" + std::to_string(i),
                                  "slow_bulk_" + std::to_string(i), "sales-analytics");
    line["description"] = std::string(200, 'd');
    lines += line.dump() + "\n";
  }
  auto [bulk_took, bulk_answer] = drip_until_closed(
      "POST /api/v1/assets:bulk?sync=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin +
          "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " +
          std::to_string(2 * lines.size()) + "\r\n\r\n" + lines,
      lines.substr(0, 5));
  EXPECT_GE(bulk_took, 900.0);
  EXPECT_LT(bulk_took, 2500.0);
  EXPECT_EQ(bulk_answer, "") << "nothing is answered for a body that never came";
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(client().Get(asset_path("datacat://dataset/slow_bulk_0"))->status, 404);
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

TEST_F(HttpFrontDeadlineTest, AOneMebibyteUploadStillSucceeds) {
  std::string lines;
  int count = 0;
  for (; lines.size() < (1 << 20); ++count) {
    nlohmann::json line = dataset("datacat://dataset/big_" + std::to_string(count),
                                  "big_" + std::to_string(count), "sales-analytics");
    line["description"] = std::string(300, 'd');
    lines += line.dump() + "\n";
  }
  // Raw bytes: the fixture's cpp-httplib client mangles large bodies (its header and
  // Debian's library disagree on optional features).
  int fd = connect_local();
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(
      send_all(fd, "POST /api/v1/assets:bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                       token("root", "", true) +
                       "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " +
                       std::to_string(lines.size()) + "\r\nConnection: close\r\n\r\n" + lines));
  std::string response;
  read_all(fd, response, 30000);
  ::close(fd);
  ASSERT_EQ(status_of(response), 200) << response.substr(0, 500);
  nlohmann::json report = body_json(response);
  EXPECT_TRUE(report["written"].get<bool>()) << report;
  EXPECT_EQ(report["lines"], count);
}

}  // namespace
}  // namespace datacat::testing
