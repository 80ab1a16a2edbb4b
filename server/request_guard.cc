#include "server/request_guard.h"

#include <algorithm>
#include <cctype>

namespace datacat::server {
namespace {

constexpr const char* kAllowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
constexpr const char* kAllowedHeaders = "Authorization, Content-Type, If-Match, If-None-Match";

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The media type of a Content-Type value, lower case, without parameters or spaces.
std::string media_type(const std::string& content_type) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  type.erase(std::remove_if(type.begin(), type.end(),
                            [](unsigned char c) { return std::isspace(c) != 0; }),
             type.end());
  return type;
}

bool api_media_type(const std::string& type) {
  bool json_suffix = type.size() > 5 && type.rfind("application/", 0) == 0 &&
                     type.compare(type.size() - 5, 5, "+json") == 0;
  return type == "application/json" || json_suffix || type == "application/x-ndjson" ||
         type == "text/csv";
}

// "host[:port]" of an origin "scheme://host[:port]"; "" when it has no "://".
std::string host_of_origin(const std::string& origin) {
  size_t scheme_end = origin.find("://");
  if (scheme_end == std::string::npos) return "";
  return lower(origin.substr(scheme_end + 3));
}

// 415: the one refusal without a module status code (no module ever sees a media type).
Response unsupported_media_type() {
  return json_response(
      415, {{"error",
             {{"code", "unsupported_media_type"},
              {"message", "send the body as application/json, application/x-ndjson or text/csv"},
              {"field", "Content-Type"}}}});
}

}  // namespace

bool is_api_write(const Request& request) {
  const std::string& method = request.method;
  if (method != "POST" && method != "PUT" && method != "PATCH" && method != "DELETE") return false;
  if (request.path.rfind("/api/v1/", 0) != 0) return false;
  return !(method == "POST" && request.path == "/api/v1/search");
}

RequestGuard::RequestGuard(std::vector<std::string> allowed_origins,
                           std::vector<std::string> trusted_proxies)
    : trusted_proxies_(std::move(trusted_proxies)) {
  for (std::string& origin : allowed_origins) allowed_origins_.push_back(lower(origin));
}

bool RequestGuard::allowed_origin(const std::string& origin) const {
  return std::find(allowed_origins_.begin(), allowed_origins_.end(), lower(origin)) !=
         allowed_origins_.end();
}

bool RequestGuard::own_origin(const Request& request, const std::string& origin) const {
  std::string host = host_of_origin(origin);
  if (host.empty()) return false;  // "null" and other opaque origins
  if (host == lower(request.header("host"))) return true;
  bool trusted = std::find(trusted_proxies_.begin(), trusted_proxies_.end(), request.remote_addr) !=
                 trusted_proxies_.end();
  std::string forwarded = request.header("x-forwarded-host");
  return trusted && !forwarded.empty() && host == lower(forwarded);
}

std::optional<Response> RequestGuard::preflight(const Request& request) const {
  if (request.method != "OPTIONS") return std::nullopt;
  std::string origin = request.header("origin");
  if (origin.empty()) {
    Response response;
    response.status = 204;
    response.headers.emplace_back("Allow", kAllowedMethods);
    return response;
  }
  if (!allowed_origin(origin)) {
    return error_response(Status(StatusCode::kPermissionDenied,
                                 "cross-origin requests from " + origin + " are not allowed",
                                 "Origin"));
  }
  Response response;
  response.status = 204;
  response.headers.emplace_back("Access-Control-Allow-Origin", origin);
  response.headers.emplace_back("Access-Control-Allow-Methods", kAllowedMethods);
  response.headers.emplace_back("Access-Control-Allow-Headers", kAllowedHeaders);
  response.headers.emplace_back("Access-Control-Max-Age", "600");
  response.headers.emplace_back("Vary", "Origin");
  return response;
}

std::optional<Response> RequestGuard::refuse(const Request& request) const {
  if (!request.body.empty() && !api_media_type(media_type(request.header("content-type")))) {
    return unsupported_media_type();
  }
  std::string origin = request.header("origin");
  if (is_api_write(request) && !origin.empty() && !allowed_origin(origin) &&
      !own_origin(request, origin)) {
    return error_response(Status(StatusCode::kPermissionDenied,
                                 "cross-site write from " + origin +
                                     " refused: only this server's own pages and "
                                     "server.allowed_origins may write",
                                 "Origin"));
  }
  return std::nullopt;
}

void RequestGuard::add_cors_headers(const Request& request, Response& response) const {
  std::string origin = request.header("origin");
  if (origin.empty() || !allowed_origin(origin)) return;
  response.headers.emplace_back("Access-Control-Allow-Origin", origin);
  response.headers.emplace_back("Vary", "Origin");
}

}  // namespace datacat::server
