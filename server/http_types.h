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

// The caller of a request (see auth.h). Anonymous when `user` is empty.
struct Identity {
  std::string user;
  std::vector<std::string> groups;
  bool admin = false;  // an admin token (members of the admin group are admins too)
  bool anonymous() const { return user.empty(); }
};

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string path;          // decoded path, e.g. "/api/v1/search"
  std::string query_string;  // raw, without '?'
  std::string body;
  std::map<std::string, std::string> path_params;  // from `{name}` route segments
  std::map<std::string, std::string> headers;      // lower-case names
  std::string remote_addr;                         // peer IP address
  std::string route;                               // the matched route pattern
  Identity identity;                               // set before handlers run

  // The header's value, or "" (`name` in lower case).
  std::string header(const std::string& name) const;

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

// The reason phrase of an HTTP status for a status line ("Not Found").
const char* reason_phrase(int status);

// {"error": {"code": "invalid_argument", "message": "...", "field": "..."}} with the HTTP
// status for the code: the only place codes become HTTP statuses.
Response error_response(const Status& status);
int http_status_of(StatusCode code);

// The body parsed as JSON; kInvalidArgument (field "body") naming the byte offset for
// malformed JSON or invalid UTF-8.
Result<nlohmann::json> parse_json_body(const Request& request);

// Percent-encodes everything but unreserved characters (RFC 3986), e.g. for a path segment.
std::string url_encode(std::string_view text);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`); nullopt-free: invalid
// escapes are kept as they are.
std::string url_decode(std::string_view text, bool plus_is_space);

}  // namespace datacat::server
