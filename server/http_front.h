// HttpFront: the server's public listener, in front of civetweb. civetweb gives each
// connection a worker thread while it reads the request head, so slow clients could hold
// every worker; the front instead holds every client connection in one thread (epoll,
// non-blocking sockets), reads each request head, and bodies up to 64 KiB, under
// deadlines, refuses framing that a proxy could read differently from us, and only then
// relays the request to the backend (civetweb on a loopback port), on one backend
// connection per client connection, with an X-Datacat-Front header naming the client.
// The backend's bytes go back unchanged. Limits:
// - open connections per client address and in all: beyond them a 503 and close;
// - a request head must arrive whole within head_timeout_ms of its first byte (else 408
//   and close) and be at most 16 KiB (else 431), with at most 63 header lines;
// - one Content-Length of digits, no Transfer-Encoding (400, or 411 for chunked alone),
//   no body over max_body_bytes (413); the answer names the header, and the connection
//   closes without reading further requests;
// - a body must arrive whole within body_timeout_ms of the end of its head, else the
//   connection (and the backend's) is closed: a partial body never reaches a handler
//   whole (HttpServer refuses a short one);
// - a connection is closed when it sends nothing for idle_timeout_ms before its first
//   request or within a request (408 for a head), or reads nothing of its answers for
//   idle_timeout_ms. Between requests the backend's keep-alive limit applies: when the
//   backend closes its connection, the front closes the client's.
// Buffers are bounded per connection (a client that does not read stops the relay).
// Thread-safety: start, port, stop_accepting and stop from one thread; the relay runs on
// a thread of its own.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "indexer/status.h"

namespace datacat::server {

// The header the front adds to every request: "<secret> <client ip>". Any copy a client
// sends is dropped.
inline constexpr std::string_view kFrontHeader = "X-Datacat-Front";

// The client address in a kFrontHeader value, when its secret is `secret` (compared in
// constant time); nullopt otherwise.
std::optional<std::string> front_header_peer(std::string_view value, std::string_view secret);

// 16 random bytes in hex (OpenSSL), for FrontOptions::secret.
std::string make_front_secret();

struct FrontOptions {
  std::string listen = "127.0.0.1";  // numeric address; "[::]" or "::" for IPv6
  int port = 8080;                   // 0 picks a free port (see HttpFront::port)
  int backend_port = 0;              // the backend, on 127.0.0.1
  std::string secret;                // of the kFrontHeader the backend checks
  // Lines ("Name: value\r\n") added to every answer the front writes itself.
  std::string answer_headers;
  int max_connections = 1024;
  int max_connections_per_address = 128;
  int head_timeout_ms = 10000;
  int body_timeout_ms = 30000;
  int idle_timeout_ms = 30000;
  size_t max_body_bytes = 16u << 20;
};

class HttpFront {
 public:
  explicit HttpFront(FrontOptions options);
  ~HttpFront();  // stop()
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  // Binds, listens and starts the relay thread; kUnavailable when the address cannot be
  // bound.
  Status start();
  // The bound port (useful with port 0); 0 before start.
  int port() const { return port_; }
  // Closes the listener; open connections go on being relayed.
  void stop_accepting();
  // Closes every connection and joins the relay thread. Idempotent.
  void stop();

 private:
  class Relay;
  FrontOptions options_;
  int port_ = 0;
  std::unique_ptr<Relay> relay_;
  std::thread thread_;
};

}  // namespace datacat::server
