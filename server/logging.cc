#include "server/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>

#include "server/http_types.h"

namespace datacat::server {
namespace {

std::string now_rfc3339() {
  auto now = std::chrono::system_clock::now();
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis % 1000));
  return text;
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, spdlog::sink_ptr sink) {
  auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
  logger->set_pattern("%v");
  logger->flush_on(spdlog::level::info);
  return logger;
}

spdlog::logger& event_logger() {
  static std::shared_ptr<spdlog::logger> logger =
      make_logger("datacat", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  return *logger;
}

std::string dump(const nlohmann::json& line) {
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void log_event(const std::string& level, const std::string& message, const nlohmann::json& fields) {
  nlohmann::json line = {{"ts", now_rfc3339()}, {"level", level}, {"msg", message}};
  if (fields.is_object()) line.update(fields);
  event_logger().info(dump(line));
}

Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& target) {
  if (target.empty()) return std::unique_ptr<AccessLog>(new AccessLog(nullptr));
  try {
    spdlog::sink_ptr sink;
    if (target == "-") {
      sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    } else {
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(target);
    }
    return std::unique_ptr<AccessLog>(new AccessLog(make_logger("access", std::move(sink))));
  } catch (const spdlog::spdlog_ex& e) {
    return Status::invalid(std::string("cannot open the access log: ") + e.what(),
                           "server.access_log");
  }
}

void AccessLog::write(const Request& request, const Response& response, double seconds) {
  if (!logger_) return;
  nlohmann::json line = {{"ts", now_rfc3339()},           {"remote", request.remote_addr},
                         {"method", request.method},      {"path", request.path},
                         {"route", request.route},        {"status", response.status},
                         {"bytes", response.body.size()}, {"ms", std::round(seconds * 1e5) / 100},
                         {"user", request.identity.user}};
  logger_->info(dump(line));
}

}  // namespace datacat::server
