// HttpServer: civetweb feeding every request to one front handler of ours. civetweb's
// document_root is never set (CVE-2025-55763 in Debian's civetweb 1.15); bodies are read
// by us with a size cap (413 beyond it); paths reach the handler undecoded.
// The public address belongs to an HttpFront (server/http_front.h), which holds slow
// clients and checks framing before a request reaches civetweb, on 127.0.0.1 and a port
// of its own; requests that did not come through the front are refused (403).
// start/stop from one thread; the handler and observer run on civetweb's worker threads
// and must be thread-safe.
#pragma once

#include <civetweb.h>

#include <functional>
#include <memory>
#include <string>

#include "indexer/status.h"
#include "server/http_front.h"
#include "server/router.h"

namespace datacat::server {

struct HttpOptions {
  std::string listen = "127.0.0.1";
  int port = 8080;  // 0 picks a free port (see HttpServer::port)
  int threads = 8;
  size_t max_body_bytes = 16u << 20;
  int request_timeout_ms = 30000;  // civetweb's socket timeout; the front's idle limit
  int max_connections = 1024;      // open client connections (HttpFront)
  int max_connections_per_address = 128;
  int request_head_timeout_ms = 10000;  // a whole request head, from its first byte
  int request_body_timeout_ms = 30000;  // a whole body, from the end of its head
};

// Answers a request (it may set fields of the request, e.g. its route and identity).
using FrontHandler = std::function<Response(Request&)>;
// Told about every answered request, the server's own 413s included, with its wall time.
using RequestObserver = std::function<void(const Request&, const Response&, double seconds)>;

class HttpServer {
 public:
  HttpServer(HttpOptions options, FrontHandler handler, RequestObserver observer = nullptr);
  // Serves `router` directly (tests): no identity, no observer.
  HttpServer(HttpOptions options, const Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the worker threads; kUnavailable when the address cannot be bound.
  Status start();
  // The bound port (useful with port 0).
  int port() const;
  // Stops accepting, lets in-flight requests finish, joins the workers.
  void stop();

 private:
  static int handle(mg_connection* connection, void* self);
  Response serve(mg_connection* connection, Request& request);
  int backend_port() const;  // civetweb's, on 127.0.0.1

  HttpOptions options_;
  FrontHandler handler_;
  RequestObserver observer_;
  std::string secret_;  // of the front's X-Datacat-Front header
  std::unique_ptr<HttpFront> front_;
  struct Stopper {
    void operator()(mg_context* context) const { mg_stop(context); }
  };
  std::unique_ptr<mg_context, Stopper> context_;
};

}  // namespace datacat::server
