// Metrics: the counters behind GET /metrics, rendered in the Prometheus text exposition
// format 0.0.4. Thread-safe: observe_request is called from every HTTP worker thread.
// One mutex guards all counters; gauge callbacks run outside it, at render time.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace datacat::server {

class Metrics {
 public:
  // Upper bounds (le) of datacat_http_request_duration_seconds, in seconds; +Inf is implied.
  static constexpr std::array<double, 13> kDurationBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  // Records the process start time (datacat_process_start_time_seconds) as now.
  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One answered request. `route` is the matched route pattern (e.g. "/api/v1/assets/{uri}"),
  // or "unmatched" for 404s without a route; `seconds` its wall time (negative or NaN
  // counts as 0). Allocates only the first time a (method, route, status) is seen.
  void observe_request(std::string_view method, std::string_view route, int status, double seconds);

  // A gauge whose value is read at scrape time (e.g. documents in the index, outbox lag).
  // Register all gauges before the server starts; `value` must be thread-safe and is
  // called once per render, without any lock of ours held.
  // Throws std::invalid_argument when `name` is not a valid metric name
  // ([a-zA-Z_:][a-zA-Z0-9_:]*) or is already used by another metric.
  void add_gauge(std::string name, std::string help, std::function<double()> value);

  // Adds `delta` to a named counter with no labels (e.g. "datacat_assets_written_total");
  // creates it with `help` on first use (later `help` arguments are ignored).
  // Throws std::invalid_argument when `delta` is negative or NaN (counters only go up), or,
  // on first use, when `name` is invalid or already used by a gauge or built-in metric.
  void add_to_counter(std::string_view name, std::string_view help, double delta);

  // The whole exposition text: one block per metric family (# HELP, # TYPE, samples),
  // families sorted by name and samples by label values, every line ending in '\n'.
  std::string render() const;

 private:
  struct RouteKey {
    std::string method;
    std::string route;
  };
  // Orders RouteKeys and (method, route) string_view pairs alike, so lookups of an
  // existing key need no std::string.
  struct RouteLess {
    using is_transparent = void;
    using View = std::tuple<std::string_view, std::string_view>;
    static View view(const View& key) { return key; }
    static View view(const RouteKey& key) { return {key.method, key.route}; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return view(a) < view(b);
    }
  };
  struct RouteStats {
    std::map<int, uint64_t> requests_by_status;
    // Per-bucket (not cumulative) counts; the last entry is the +Inf bucket.
    std::array<uint64_t, kDurationBuckets.size() + 1> bucket_counts{};
    double seconds_sum = 0;
    uint64_t count = 0;
  };
  struct Counter {
    std::string help;
    double value = 0;
  };
  struct Gauge {
    std::string help;
    std::function<double()> value;
  };

  // Throws std::invalid_argument unless `name` is a valid metric name not used yet.
  // Requires mutex_ held.
  void check_new_name(std::string_view name) const;

  const double start_time_seconds_;
  mutable std::mutex mutex_;
  std::map<RouteKey, RouteStats, RouteLess> routes_;      // guarded by mutex_
  std::map<std::string, Counter, std::less<>> counters_;  // guarded by mutex_
  // Guarded by mutex_ for insertion; nodes are never erased, so render calls the callbacks
  // through pointers after releasing the lock.
  std::map<std::string, Gauge, std::less<>> gauges_;
};

}  // namespace datacat::server
