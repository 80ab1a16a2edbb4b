// Router: the one route table. Patterns are paths whose `{name}` segments capture one
// segment into Request::path_params. Unknown paths answer 404, known paths with another
// method 405 (with an Allow header), both in the JSON error shape.
// Build it once, then dispatch from any number of threads (dispatch is const).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/http_types.h"

namespace datacat::server {

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // Answers `request`, setting its route (the matched pattern, or "unmatched") and path
  // parameters (URL-decoded, one segment each: a uri containing '/' arrives as %2F).
  Response dispatch(Request& request) const;
  // The pattern of the route that would answer `method` on `path`; nullopt when none
  // would (dispatch answers 404 or 405 then).
  std::optional<std::string> route_of(const std::string& method, const std::string& path) const;
  // Method and pattern of every route, in the order added (for the OpenAPI check).
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" captures
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>& params);
  std::string pattern_of(const Route& route) const;
  std::vector<Route> routes_;
};

}  // namespace datacat::server
