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

bool Router::match(const Route& route, const std::vector<std::string>& segments, Request& request) {
  if (route.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (is_capture(route.segments[i])) {
      if (segments[i].empty()) return false;
      request.path_params[route.segments[i].substr(1, route.segments[i].size() - 2)] = segments[i];
    } else if (route.segments[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

Response Router::dispatch(Request request) const {
  std::vector<std::string> segments = split_path(request.path);
  std::string allowed;
  for (const Route& route : routes_) {
    Request candidate = request;
    if (!match(route, segments, candidate)) continue;
    if (route.method == request.method) return route.handler(candidate);
    allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (!allowed.empty()) {
    Response response = error_response(Status(
        StatusCode::kInvalidArgument, request.method + " is not allowed on " + request.path));
    response.status = 405;
    response.headers.emplace_back("Allow", allowed);
    return response;
  }
  return error_response(Status::not_found("no route " + request.path));
}

}  // namespace datacat::server
