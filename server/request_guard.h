// RequestGuard: what every API request must pass before a handler parses its body
// (docs/operations.md, "Security"):
//   - a body comes as one of the API's types: application/json (and +json types),
//     application/x-ndjson or text/csv; anything else (a browser form, text/plain) is 415
//     naming Content-Type, so no cross-site form can reach a write route;
//   - a write (POST, PUT, PATCH, DELETE under /api/v1/, but not POST /api/v1/search) whose
//     Origin header is neither the server's own (the Host it was sent to, or X-Forwarded-Host
//     from a trusted proxy) nor one of server.allowed_origins is refused with 403: a
//     cross-site request cannot ride on an SSO session;
//   - CORS: preflights are answered only for allowed origins (never "*"), and answers to an
//     allowed origin name it in Access-Control-Allow-Origin.
// Immutable after construction; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/http_types.h"

namespace datacat::server {

// POST, PUT, PATCH or DELETE under /api/v1/, except POST /api/v1/search (a read).
bool is_api_write(const Request& request);

class RequestGuard {
 public:
  // `allowed_origins`: "scheme://host[:port]" values besides the server's own;
  // `trusted_proxies`: peers whose X-Forwarded-Host names the server's own host.
  RequestGuard(std::vector<std::string> allowed_origins, std::vector<std::string> trusted_proxies);

  // The answer to an OPTIONS request (204 with the CORS headers for an allowed origin's
  // preflight, 403 for any other origin, 204 with Allow otherwise); nullopt for other methods.
  std::optional<Response> preflight(const Request& request) const;
  // The refusal (415 or 403) of a request that must not reach its handler, or nullopt.
  std::optional<Response> refuse(const Request& request) const;
  // Adds Access-Control-Allow-Origin (and Vary) when the request came from an allowed origin.
  void add_cors_headers(const Request& request, Response& response) const;

 private:
  bool allowed_origin(const std::string& origin) const;
  bool own_origin(const Request& request, const std::string& origin) const;

  std::vector<std::string> allowed_origins_;
  std::vector<std::string> trusted_proxies_;
};

}  // namespace datacat::server
