// Request and Response: the plain values every HTTP handler takes and returns, so handlers
// can be called in tests without a socket. Errors have one JSON shape, mapped from the
// module status codes in one place (error_response).
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "indexer/status.h"

namespace datacat::server {

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string path;          // decoded path, e.g. "/api/v1/search"
  std::string query_string;  // raw, without '?'
  std::string body;
  std::map<std::string, std::string> path_params;  // from `{name}` route segments
  std::map<std::string, std::string> headers;      // lower-case names

  // Query parameters, URL-decoded, in order; a name may repeat (`tags=a&tags=b`).
  std::vector<std::pair<std::string, std::string>> query_params() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Response(const Request&)>;

// `value` serialised as the response body.
Response json_response(int status, const nlohmann::json& value);

// {"error": {"code": "invalid_argument", "message": "...", "field": "..."}} with the HTTP
// status for the code: the only place codes become HTTP statuses.
Response error_response(const Status& status);
int http_status_of(StatusCode code);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`); nullopt-free: invalid
// escapes are kept as they are.
std::string url_decode(std::string_view text, bool plus_is_space);

}  // namespace datacat::server
