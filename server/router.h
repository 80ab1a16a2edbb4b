// Router: the one route table. Patterns are paths whose `{name}` segments capture one
// segment into Request::path_params. Unknown paths answer 404, known paths with another
// method 405 (with an Allow header), both in the JSON error shape.
// Build it once, then dispatch from any number of threads (dispatch is const).
#pragma once

#include <string>
#include <vector>

#include "server/http_types.h"

namespace datacat::server {

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  Response dispatch(Request request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" captures
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string>& segments, Request& request);
  std::vector<Route> routes_;
};

}  // namespace datacat::server
