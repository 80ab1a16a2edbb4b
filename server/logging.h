// Structured logs: every line is one JSON object with "ts" (RFC 3339, UTC, milliseconds).
//   - log_event: the server's own events (start, stop, failures) on stderr;
//   - AccessLog: one line per HTTP request, to stdout, a file, or nowhere.
// Secrets never reach a log: callers pass only the fields named here (no headers, no
// request bodies). Thread-safe (spdlog's _mt sinks).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "indexer/status.h"

namespace spdlog {
class logger;
}

namespace datacat::server {

struct Request;
struct Response;

// {"ts":..., "level": level, "msg": message, ...fields} on stderr.
void log_event(const std::string& level, const std::string& message,
               const nlohmann::json& fields = nlohmann::json::object());

class AccessLog {
 public:
  // `target`: "-" for stdout, "" for no access log, otherwise a file appended to.
  // kInvalidArgument (field server.access_log) when the file cannot be opened.
  static Result<std::unique_ptr<AccessLog>> open(const std::string& target);

  // {"ts", "remote", "method", "path", "route", "status", "bytes", "ms", "user"}
  void write(const Request& request, const Response& response, double seconds);

 private:
  explicit AccessLog(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}
  std::shared_ptr<spdlog::logger> logger_;  // null: disabled
};

}  // namespace datacat::server
