// The server under hostile requests, sent as raw bytes on real sockets: each is answered
// with a 4xx (or its connection closed) without a crash, nothing secret leaks, and the
// server keeps serving; every response, the server's own error pages included, carries
// the security headers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "tests/server/http_fixture.h"
#include "tests/server/raw_socket.h"

namespace datacat::testing {
namespace {

class HttpHardeningTest : public ServerTest {
 protected:
  void SetUp() override {
    start([](server::Config& config) { config.server.request_timeout_ms = 500; });
  }

  static int connect_to_server() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(app().port()));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    return fd;
  }

  // Sends `bytes` on a fresh connection; what came back before the server closed it.
  static std::string exchange(const std::string& bytes, int wait_ms = 3000) {
    int fd = connect_to_server();
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // the server may refuse and close before reading it all
      sent += static_cast<size_t>(n);
    }
    std::string out;
    read_all(fd, out, wait_ms);
    ::close(fd);
    return out;
  }

  static std::string get(const std::string& target, const std::string& extra = "") {
    return exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extra +
                    "Connection: close\r\n\r\n");
  }

  static int status_of(const std::string& response) {
    if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
    return std::stoi(response.substr(9, 3));
  }

  static std::string head_of(const std::string& response) {
    return response.substr(0, response.find("\r\n\r\n"));
  }

  static void expect_still_serving() {
    auto started = std::chrono::steady_clock::now();
    auto health = client().Get("/healthz");
    ASSERT_TRUE(health) << "the server stopped answering";
    EXPECT_EQ(health->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  }

  // The headers every response carries.
  static void expect_security_headers(const std::string& response, const std::string& what) {
    std::string head = head_of(response);
    EXPECT_NE(head.find("X-Content-Type-Options: nosniff"), std::string::npos) << what;
    EXPECT_NE(head.find("X-Frame-Options: DENY"), std::string::npos) << what;
    EXPECT_NE(head.find("Referrer-Policy: no-referrer"), std::string::npos) << what;
    EXPECT_NE(head.find("Content-Security-Policy: "), std::string::npos) << what;
  }
};

TEST_F(HttpHardeningTest, LongSlashRequestsOfCve2025_55763AreRefusedAndServingGoesOn) {
  for (size_t slashes : {size_t{2}, size_t{1000}, size_t{8000}, size_t{15000}, size_t{70000}}) {
    for (const std::string& start : {std::string("/"), std::string("/static"),
                                     std::string("/asset"), std::string("/api/v1")}) {
      std::string response = get(start + std::string(slashes, '/'));
      int status = status_of(response);
      // Answered with a client error, or (past civetweb's request size) closed unanswered.
      EXPECT_TRUE(response.empty() || (status >= 400 && status < 500) ||
                  (start == "/asset" && status == 200))
          << slashes << " slashes after " << start << ": " << head_of(response);
      EXPECT_EQ(response.find("Index of"), std::string::npos) << "a directory listing";
    }
    expect_still_serving();
  }
}

TEST_F(HttpHardeningTest, CrLfInTheUriNeverBecomesAHeader) {
  for (const std::string& target :
       {std::string("/api/v1/search?q=a%0d%0aX-Injected:%201"),
        std::string("/api/v1/search?q=a%0D%0ASet-Cookie:%20x=1"),
        std::string("/x%0d%0aX-Injected:1"), std::string("/static/app.css%0d%0aX-Injected:1")}) {
    std::string response = get(target);
    EXPECT_GE(status_of(response), 200) << target;
    EXPECT_EQ(head_of(response).find("X-Injected"), std::string::npos) << target;
    EXPECT_EQ(head_of(response).find("Set-Cookie"), std::string::npos) << target;
  }
  // A bare CR or LF inside the request line is a malformed request.
  for (const std::string& raw :
       {std::string("GET /api/v1/search?q=a\rX-Injected: 1 HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("GET /healthz\nX-Injected: 1 HTTP/1.1\r\nHost: x\r\n\r\n")}) {
    std::string response = exchange(raw, 1500);
    EXPECT_EQ(head_of(response).find("\r\nX-Injected"), std::string::npos);
  }
  expect_still_serving();
}

TEST_F(HttpHardeningTest, OversizedAndTooManyHeadersAreRefused) {
  std::string response = get("/healthz", "X-Big: " + std::string(100000, 'a') + "\r\n");
  EXPECT_TRUE(response.empty() || status_of(response) >= 400) << head_of(response);
  // civetweb reads the first 64 headers and ignores the rest: answered, nothing more.
  std::string many;
  for (int i = 0; i < 500; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  response = get("/healthz", many);
  EXPECT_TRUE(response.empty() || status_of(response) == 200 || status_of(response) >= 400)
      << head_of(response);
  response = get("/api/v1/search?q=" + std::string(70000, 'q'));
  EXPECT_TRUE(response.empty() || status_of(response) >= 400) << head_of(response);
  expect_still_serving();
}

TEST_F(HttpHardeningTest, SlowPartialRequestsDoNotBlockOthersAndAreDropped) {
  // Fewer slow clients than server threads (4): each holds a thread until its timeout.
  std::vector<int> slow;
  for (int i = 0; i < 3; ++i) {
    int fd = connect_to_server();
    std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    ::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  expect_still_serving();
  // The server gives up on them (request_timeout_ms = 500) and closes the connections.
  for (int fd : slow) {
    std::string rest;
    EXPECT_TRUE(read_all(fd, rest, 5000)) << "a stalled request kept its connection";
    ::close(fd);
  }
  expect_still_serving();
}

TEST_F(HttpHardeningTest, TraversalNeverReachesFilesAndNothingIsListed) {
  for (const std::string& target :
       {std::string("/static/"), std::string("/static"), std::string("/static/../catalog.db"),
        std::string("/static/%2e%2e/catalog.db"),
        std::string("/static/%2e%2e%2f%2e%2e%2fetc/passwd"), std::string("/static/..%5ccatalog.db"),
        std::string("/static//etc/passwd"), std::string("/../../../../etc/passwd"),
        std::string("/%2e%2e/%2e%2e/etc/passwd"), std::string("/static/%00app.css"),
        std::string("/static/app.css%00.db"), std::string("/web/"), std::string("/index/"),
        std::string("/catalog.db")}) {
    std::string response = get(target);
    int status = status_of(response);
    EXPECT_TRUE(status == 404 || status == 400) << target << ": " << head_of(response);
    EXPECT_EQ(response.find("SQLite format"), std::string::npos) << target;
    EXPECT_EQ(response.find("root:"), std::string::npos) << target;
    EXPECT_EQ(response.find("Index of"), std::string::npos) << target;
  }
  expect_still_serving();
}

TEST_F(HttpHardeningTest, EveryResponseCarriesTheSecurityHeaders) {
  std::string outsider = token("olga", "someone-else");
  std::vector<std::pair<std::string, std::string>> requests = {
      {"health", "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"search", "GET /api/v1/search?q=orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"page", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"static", "GET /static/app.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"404", "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"405", "DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"400 bad query",
       "GET /api/v1/search?per_page=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"401",
       "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n"
       "Connection: close\r\n\r\n"},
      {"403",
       "DELETE /api/v1/assets/datacat%3A%2F%2Fdataset%2Fsales_dw HTTP/1.1\r\nHost: x\r\n"
       "Authorization: Bearer " +
           outsider + "\r\nConnection: close\r\n\r\n"},
      {"413",
       "POST /api/v1/assets:bulk HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n"
       "Connection: close\r\n\r\n"},
      {"malformed (civetweb's own answer)", "GARBAGE\r\n\r\n"},
      {"bad version (civetweb's own answer)", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"},
  };
  for (const auto& [what, raw] : requests) {
    std::string response = exchange(raw, 1500);
    ASSERT_FALSE(response.empty()) << what << " got no answer";
    expect_security_headers(response, what + " (" + head_of(response).substr(0, 40) + ")");
  }
  expect_still_serving();
}

}  // namespace
}  // namespace datacat::testing
