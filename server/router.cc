#include "server/router.h"

namespace datacat::server {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_capture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  routes_.push_back({std::move(method), split_path(pattern), std::move(handler)});
}

bool Router::match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
  if (route.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (is_capture(route.segments[i])) {
      if (segments[i].empty()) return false;
      params[route.segments[i].substr(1, route.segments[i].size() - 2)] =
          url_decode(segments[i], false);
    } else if (route.segments[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

std::string Router::pattern_of(const Route& route) const {
  std::string pattern;
  for (const std::string& segment : route.segments) pattern += "/" + segment;
  return pattern;
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& route : routes_) out.emplace_back(route.method, pattern_of(route));
  return out;
}

std::optional<std::string> Router::route_of(const std::string& method,
                                            const std::string& path) const {
  std::vector<std::string> segments = split_path(path);
  std::string wanted = method == "HEAD" ? "GET" : method;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (route.method == wanted && match(route, segments, params)) return pattern_of(route);
  }
  return std::nullopt;
}

Response Router::dispatch(Request& request) const {
  std::vector<std::string> segments = split_path(request.path);
  std::string allowed;
  // HEAD is answered as GET (HttpServer sends the headers only).
  std::string method = request.method == "HEAD" ? "GET" : request.method;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match(route, segments, params)) continue;
    request.route = pattern_of(route);
    if (route.method == method) {
      request.path_params = std::move(params);
      return route.handler(request);
    }
    allowed += (allowed.empty() ? "" : ", ") + route.method;
    if (route.method == "GET") allowed += ", HEAD";
  }
  if (!allowed.empty()) {
    Response response = json_response(405, {{"error",
                                             {{"code", "method_not_allowed"},
                                              {"message", request.method + " is not allowed on " +
                                                              url_decode(request.path, false)}}}});
    response.headers.emplace_back("Allow", allowed);
    return response;
  }
  request.route = "unmatched";
  return error_response(Status::not_found("no route " + url_decode(request.path, false)));
}

}  // namespace datacat::server
