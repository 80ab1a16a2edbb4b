#include "server/metrics.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace datacat::server {
namespace {

constexpr std::string_view kRequestsTotal = "datacat_http_requests_total";
constexpr std::string_view kRequestDuration = "datacat_http_request_duration_seconds";
constexpr std::string_view kProcessStartTime = "datacat_process_start_time_seconds";

bool is_valid_metric_name(std::string_view name) {
  auto is_first = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  };
  if (name.empty() || !is_first(name[0])) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return is_first(c) || (c >= '0' && c <= '9'); });
}

// Shortest text that parses back to the same double ("3", "0.1", "1e+21"), with the
// exposition format's spellings of the special values.
std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string format_value(uint64_t value) {
  return std::to_string(value);
}

// Label values escape backslash, double quote and newline; HELP text only the first and last.
void append_escaped(std::string& out, std::string_view text, bool escape_quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_header(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type) {
  out.append("# HELP ").append(name).append(" ");
  append_escaped(out, help, /*escape_quote=*/false);
  out.append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
}

// `labels` is already escaped, without braces; empty for a sample with no labels.
void append_sample(std::string& out, std::string_view name, std::string_view labels,
                   std::string_view value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

std::string route_labels(std::string_view method, std::string_view route) {
  std::string labels = "method=\"";
  append_escaped(labels, method, /*escape_quote=*/true);
  labels += "\",route=\"";
  append_escaped(labels, route, /*escape_quote=*/true);
  labels += "\"";
  return labels;
}

}  // namespace

Metrics::Metrics()
    : start_time_seconds_(
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
              .count()) {}

void Metrics::observe_request(std::string_view method, std::string_view route, int status,
                              double seconds) {
  if (!(seconds >= 0)) seconds = 0;
  // Buckets are "less than or equal": the first bound >= seconds, or +Inf past the last.
  size_t bucket = std::lower_bound(kDurationBuckets.begin(), kDurationBuckets.end(), seconds) -
                  kDurationBuckets.begin();
  RouteLess::View key{method, route};
  std::lock_guard lock(mutex_);
  auto it = routes_.lower_bound(key);
  if (it == routes_.end() || RouteLess{}(key, it->first)) {
    it = routes_.emplace_hint(it, RouteKey{std::string(method), std::string(route)}, RouteStats{});
  }
  RouteStats& stats = it->second;
  ++stats.requests_by_status[status];
  ++stats.bucket_counts[bucket];
  stats.seconds_sum += seconds;
  ++stats.count;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> value) {
  std::lock_guard lock(mutex_);
  check_new_name(name);
  gauges_.emplace(std::move(name), Gauge{std::move(help), std::move(value)});
}

void Metrics::add_to_counter(std::string_view name, std::string_view help, double delta) {
  if (!(delta >= 0)) {
    throw std::invalid_argument("counter " + std::string(name) + ": delta must be >= 0");
  }
  std::lock_guard lock(mutex_);
  auto it = counters_.find(name);
  if (it == counters_.end()) {
    check_new_name(name);
    it = counters_.emplace(std::string(name), Counter{std::string(help), 0}).first;
  }
  it->second.value += delta;
}

void Metrics::check_new_name(std::string_view name) const {
  if (!is_valid_metric_name(name)) {
    throw std::invalid_argument("invalid metric name: \"" + std::string(name) + "\"");
  }
  if (name == kRequestsTotal || name == kRequestDuration || name == kProcessStartTime ||
      counters_.contains(name) || gauges_.contains(name)) {
    throw std::invalid_argument("metric name already in use: " + std::string(name));
  }
}

std::string Metrics::render() const {
  std::map<std::string, std::string, std::less<>> families;  // name -> its block of text
  std::vector<const std::pair<const std::string, Gauge>*> gauges;
  {
    std::lock_guard lock(mutex_);
    std::string& requests = families[std::string(kRequestsTotal)];
    append_header(requests, kRequestsTotal, "HTTP requests answered, by method, route and status.",
                  "counter");
    std::string& durations = families[std::string(kRequestDuration)];
    append_header(durations, kRequestDuration, "Wall time of answered HTTP requests, in seconds.",
                  "histogram");
    const std::string bucket_name = std::string(kRequestDuration) + "_bucket";
    for (const auto& [key, stats] : routes_) {
      const std::string labels = route_labels(key.method, key.route);
      for (const auto& [status, count] : stats.requests_by_status) {
        append_sample(requests, kRequestsTotal,
                      labels + ",status=\"" + std::to_string(status) + "\"", format_value(count));
      }
      uint64_t cumulative = 0;
      for (size_t i = 0; i < stats.bucket_counts.size(); ++i) {
        cumulative += stats.bucket_counts[i];
        std::string le = i < kDurationBuckets.size() ? format_value(kDurationBuckets[i]) : "+Inf";
        append_sample(durations, bucket_name, labels + ",le=\"" + le + "\"",
                      format_value(cumulative));
      }
      append_sample(durations, std::string(kRequestDuration) + "_sum", labels,
                    format_value(stats.seconds_sum));
      append_sample(durations, std::string(kRequestDuration) + "_count", labels,
                    format_value(stats.count));
    }
    for (const auto& [name, counter] : counters_) {
      std::string& block = families[name];
      append_header(block, name, counter.help, "counter");
      append_sample(block, name, "", format_value(counter.value));
    }
    for (const auto& entry : gauges_) gauges.push_back(&entry);
  }
  // Gauge callbacks may be slow (they can query the store): never under mutex_.
  for (const auto* entry : gauges) {
    std::string& block = families[entry->first];
    append_header(block, entry->first, entry->second.help, "gauge");
    append_sample(block, entry->first, "", format_value(entry->second.value()));
  }
  std::string& start = families[std::string(kProcessStartTime)];
  append_header(start, kProcessStartTime,
                "Start time of the process since the unix epoch, in seconds.", "gauge");
  append_sample(start, kProcessStartTime, "", format_value(start_time_seconds_));

  std::string out;
  for (const auto& [name, block] : families) out += block;
  return out;
}

}  // namespace datacat::server
