#include "server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <thread>

#include "server/handler_stack.h"

namespace datacat::server {
namespace {

bool has_header(const Response& response, std::string_view name) {
  return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& header) {
    return std::equal(header.first.begin(), header.first.end(), name.begin(), name.end(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  });
}

constexpr const char* kApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
// Added by civetweb to the answers it writes itself (malformed requests), and by the front
// to its own (slow or oversized heads, bad framing, too many connections).
constexpr const char* kCivetwebHeaders =
    "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n"
    "Referrer-Policy: no-referrer\r\nCache-Control: no-store\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'";

void write_response(mg_connection* connection, const Response& response, bool head_only) {
  std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                     reason_phrase(response.status) + "\r\nContent-Type: " + response.content_type;
  // A 304 has no body, and its Content-Length would have to be the full file's.
  if (response.status != 304) head += "\r\nContent-Length: " + std::to_string(response.body.size());
  head += "\r\n";
  // API answers are never cached, sniffed, framed or given a referrer, and may load
  // nothing, unless a handler says otherwise (the web page sets its own policy).
  if (!has_header(response, "X-Content-Type-Options"))
    head += "X-Content-Type-Options: nosniff\r\n";
  if (!has_header(response, "Cache-Control")) head += "Cache-Control: no-store\r\n";
  if (!has_header(response, "X-Frame-Options")) head += "X-Frame-Options: DENY\r\n";
  if (!has_header(response, "Referrer-Policy")) head += "Referrer-Policy: no-referrer\r\n";
  if (!has_header(response, "Content-Security-Policy"))
    head += std::string("Content-Security-Policy: ") + kApiContentSecurityPolicy + "\r\n";
  for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  // One write: a separate small body write would wait for the peer's delayed ACK (40 ms).
  if (!head_only) head += response.body;
  mg_write(connection, head.data(), head.size());
}

// Opens and closes a TCP connection to the listener (on loopback when it listens on all
// addresses). Failures are ignored: the listener may already be closed.
void poke(const std::string& listen, int port) {
  bool v6 = listen.find(':') != std::string::npos;
  std::string host = listen;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "::1";
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  if (v6) {
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET6, host.c_str(), &address.sin6_addr) == 1)
      ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  } else {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) == 1)
      ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  }
  ::close(fd);
}

}  // namespace

HttpServer::HttpServer(HttpOptions options, FrontHandler handler, RequestObserver observer)
    : options_(std::move(options)), handler_(std::move(handler)), observer_(std::move(observer)) {}

HttpServer::HttpServer(HttpOptions options, const Router& router)
    : HttpServer(std::move(options),
                 [&router](Request& request) { return router.dispatch(request); }) {}

HttpServer::~HttpServer() {
  stop();
}

Status HttpServer::start() {
  // civetweb serves the front only (server/http_front.h).
  std::string ports = "127.0.0.1:0";
  std::string threads = std::to_string(options_.threads);
  std::string timeout = std::to_string(options_.request_timeout_ms);
  // No document_root: every path is answered by handle().
  // decode_url=no: handlers see the path as sent (see serve()).
  // One option and its value a line.
  // clang-format off
  const char* config[] = {
      "listening_ports", ports.c_str(),
      "num_threads", threads.c_str(),
      "request_timeout_ms", timeout.c_str(),
      "enable_keep_alive", "yes",
      "decode_url", "no",
      "tcp_nodelay", "1",
      "additional_header", kCivetwebHeaders,
      // The front passes heads of up to 16 KiB, plus its own header.
      "max_request_size", "20480",
      // No CORS of civetweb's own ("*" by default): preflights reach the handler, which
      // answers only allowed origins.
      "access_control_allow_origin", "",
      nullptr};
  // clang-format on
  mg_callbacks callbacks{};
  context_.reset(mg_start(&callbacks, this, config));
  if (!context_) return Status(StatusCode::kUnavailable, "cannot listen on " + ports);
  mg_set_request_handler(context_.get(), "/", &HttpServer::handle, this);
  secret_ = make_front_secret();
  FrontOptions front;
  front.listen = options_.listen;
  front.port = options_.port;
  front.backend_port = backend_port();
  front.secret = secret_;
  front.answer_headers = std::string(kCivetwebHeaders) + "\r\n";
  front.max_connections = options_.max_connections;
  front.max_connections_per_address = options_.max_connections_per_address;
  front.head_timeout_ms = options_.request_head_timeout_ms;
  front.body_timeout_ms = options_.request_body_timeout_ms;
  front.idle_timeout_ms = options_.request_timeout_ms;
  front.max_body_bytes = options_.max_body_bytes;
  front_ = std::make_unique<HttpFront>(std::move(front));
  if (Status s = front_->start(); !s.is_ok()) {
    front_.reset();
    stop();
    return s;
  }
  return Status::ok();
}

int HttpServer::port() const {
  return front_ != nullptr ? front_->port() : 0;
}

int HttpServer::backend_port() const {
  if (!context_) return 0;
  mg_server_port ports[4];
  int count = mg_get_server_ports(context_.get(), 4, ports);
  return count > 0 ? ports[0].port : 0;
}

void HttpServer::stop() {
  if (!context_) return;
  // No new connections; requests in flight are still relayed while civetweb finishes them.
  if (front_ != nullptr) front_->stop_accepting();
  int bound = backend_port();
  std::atomic<bool> stopped{false};
  std::thread stopper([this, &stopped] {
    context_.reset();  // mg_stop: in-flight requests finish, then the workers exit
    stopped = true;
  });
  // civetweb's listener wakes from poll() every 2 s to notice the stop; a connection
  // wakes it at once.
  while (!stopped) {
    poke("127.0.0.1", bound);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stopper.join();
  if (front_ != nullptr) front_->stop();
}

int HttpServer::handle(mg_connection* connection, void* self) {
  auto* server = static_cast<HttpServer*>(self);
  auto started = std::chrono::steady_clock::now();
  Request request;
  Response response = server->serve(connection, request);
  // Observed before it is sent, so a client that has the response also finds it counted.
  if (server->observer_) {
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    server->observer_(request, response, took.count());
  }
  write_response(connection, response, request.method == "HEAD");
  return static_cast<int>(response.status);
}

Response HttpServer::serve(mg_connection* connection, Request& request) {
  const mg_request_info* info = mg_get_request_info(connection);
  request.method = info->request_method != nullptr ? info->request_method : "";
  // The raw path: the router splits it into segments before decoding them, so an asset
  // uri with '/' can travel as one %2F-encoded segment.
  const char* raw = info->local_uri_raw != nullptr ? info->local_uri_raw : info->local_uri;
  request.path = raw != nullptr ? raw : "/";
  request.remote_addr = info->remote_addr;
  request.query_string = info->query_string != nullptr ? info->query_string : "";
  std::optional<std::string> peer;  // the client, as the front names it
  for (int i = 0; i < info->num_headers; ++i) {
    std::string name = info->http_headers[i].name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "x-datacat-front") {  // kFrontHeader: never seen by handlers
      if (!peer) peer = front_header_peer(info->http_headers[i].value, secret_);
      continue;
    }
    request.headers[name] = info->http_headers[i].value;
  }
  request.route = "unmatched";  // until the router names it
  // Only the front, which holds slow clients and checks framing, may reach civetweb.
  if (!peer) {
    return error_response(
        Status(StatusCode::kPermissionDenied, "connect through the server's address"));
  }
  request.remote_addr = std::move(*peer);
  if (info->content_length > static_cast<long long>(options_.max_body_bytes)) {
    return error_response(
        Status(StatusCode::kResourceExhausted,
               "body larger than " + std::to_string(options_.max_body_bytes) + " bytes"));
  }
  char buffer[16384];
  for (;;) {
    int read = mg_read(connection, buffer, sizeof buffer);
    if (read <= 0) break;
    request.body.append(buffer, static_cast<size_t>(read));
    if (request.body.size() > options_.max_body_bytes) {
      return error_response(
          Status(StatusCode::kResourceExhausted,
                 "body larger than " + std::to_string(options_.max_body_bytes) + " bytes"));
    }
  }
  // A body cut short (its client gone, or past the front's deadline) is never handled.
  if (info->content_length > 0 && request.body.size() < static_cast<size_t>(info->content_length)) {
    return error_response(Status::invalid("the body ended early", "body"));
  }
  try {
    // civetweb's worker stacks are too small for our handlers (server/handler_stack.h).
    Response response;
    run_on_handler_stack([&] { response = handler_(request); });
    return response;
  } catch (const std::exception& e) {
    return error_response(Status::internal(std::string("unexpected failure: ") + e.what()));
  } catch (...) {  // e.g. a Xapian::Error that no module turned into a Status
    return error_response(Status::internal("unexpected failure"));
  }
}

}  // namespace datacat::server
