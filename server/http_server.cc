#include "server/http_server.h"

#include <cctype>
#include <cstring>
#include <string>

namespace datacat::server {
namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

void write_response(mg_connection* connection, const Response& response) {
  std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                     reason_phrase(response.status) + "\r\nContent-Type: " + response.content_type +
                     "\r\nContent-Length: " + std::to_string(response.body.size()) +
                     "\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n";
  for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  mg_write(connection, head.data(), head.size());
  mg_write(connection, response.body.data(), response.body.size());
}

}  // namespace

HttpServer::HttpServer(HttpOptions options, const Router& router)
    : options_(std::move(options)), router_(router) {}

HttpServer::~HttpServer() {
  stop();
}

Status HttpServer::start() {
  std::string ports = options_.listen + ":" + std::to_string(options_.port);
  std::string threads = std::to_string(options_.threads);
  std::string timeout = std::to_string(options_.request_timeout_ms);
  // No document_root: every path is answered by handle().
  const char* config[] = {
      "listening_ports", ports.c_str(),       "num_threads", threads.c_str(), "request_timeout_ms",
      timeout.c_str(),   "enable_keep_alive", "yes",         nullptr};
  mg_callbacks callbacks{};
  context_.reset(mg_start(&callbacks, this, config));
  if (!context_) return Status(StatusCode::kUnavailable, "cannot listen on " + ports);
  mg_set_request_handler(context_.get(), "/", &HttpServer::handle, this);
  return Status::ok();
}

int HttpServer::port() const {
  if (!context_) return 0;
  mg_server_port ports[4];
  int count = mg_get_server_ports(context_.get(), 4, ports);
  return count > 0 ? ports[0].port : 0;
}

void HttpServer::stop() {
  context_.reset();
}

int HttpServer::handle(mg_connection* connection, void* self) {
  Response response = static_cast<HttpServer*>(self)->serve(connection);
  write_response(connection, response);
  return static_cast<int>(response.status);
}

Response HttpServer::serve(mg_connection* connection) {
  const mg_request_info* info = mg_get_request_info(connection);
  Request request;
  request.method = info->request_method != nullptr ? info->request_method : "";
  request.path = info->local_uri != nullptr ? info->local_uri : "/";
  request.query_string = info->query_string != nullptr ? info->query_string : "";
  for (int i = 0; i < info->num_headers; ++i) {
    std::string name = info->http_headers[i].name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = info->http_headers[i].value;
  }
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
  try {
    return router_.dispatch(std::move(request));
  } catch (const std::exception& e) {
    return error_response(Status::internal(std::string("unexpected failure: ") + e.what()));
  }
}

}  // namespace datacat::server
