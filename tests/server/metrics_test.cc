// Metrics: counts, histogram buckets, escaping, gauges, counters and concurrency, read back
// from the rendered Prometheus text.
#include "server/metrics.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <latch>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace datacat::server {
namespace {

constexpr char kSearch200[] =
    R"(datacat_http_requests_total{method="GET",route="/api/v1/search",status="200"})";

// The value of the sample line `series value` in `text`, if there is exactly one such line.
std::optional<std::string> value_of(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  std::optional<std::string> found;
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      if (found) return std::nullopt;
      found = line.substr(series.size() + 1);
    }
  }
  return found;
}

std::string bucket(std::string_view route, std::string_view le) {
  return "datacat_http_request_duration_seconds_bucket{method=\"GET\",route=\"" +
         std::string(route) + "\",le=\"" + std::string(le) + "\"}";
}

TEST(MetricsTest, CountsRequestsPerLabelSet) {
  Metrics metrics;
  metrics.observe_request("GET", "/api/v1/search", 200, 0.01);
  metrics.observe_request("GET", "/api/v1/search", 200, 0.02);
  metrics.observe_request("GET", "/api/v1/search", 400, 0.01);
  metrics.observe_request("POST", "/api/v1/search", 200, 0.01);
  metrics.observe_request("GET", "unmatched", 404, 0.0001);
  std::string text = metrics.render();
  EXPECT_EQ(value_of(text, kSearch200), "2") << text;
  EXPECT_EQ(value_of(text, R"(datacat_http_requests_total{method="GET",route="/api/v1/search",)"
                           R"(status="400"})"),
            "1");
  EXPECT_EQ(value_of(text, R"(datacat_http_requests_total{method="POST",route="/api/v1/search",)"
                           R"(status="200"})"),
            "1");
  EXPECT_EQ(value_of(text, R"(datacat_http_requests_total{method="GET",route="unmatched",)"
                           R"(status="404"})"),
            "1");
  EXPECT_EQ(value_of(text, R"(datacat_http_requests_total{method="POST",route="unmatched",)"
                           R"(status="404"})"),
            std::nullopt);
}

TEST(MetricsTest, HelpAndTypeOncePerFamilyAndSamplesSorted) {
  Metrics metrics;
  metrics.observe_request("POST", "/b", 200, 0.01);
  metrics.observe_request("GET", "/b", 500, 0.01);
  metrics.observe_request("GET", "/b", 200, 0.01);
  metrics.observe_request("GET", "/a", 200, 0.01);
  std::string text = metrics.render();
  auto occurrences = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(occurrences("# TYPE datacat_http_requests_total counter\n"), 1u);
  EXPECT_EQ(occurrences("# HELP datacat_http_requests_total "), 1u);
  EXPECT_EQ(occurrences("# TYPE datacat_http_request_duration_seconds histogram\n"), 1u);
  EXPECT_EQ(occurrences("# TYPE datacat_process_start_time_seconds gauge\n"), 1u);

  const std::vector<std::string> expected_order = {
      R"(datacat_http_requests_total{method="GET",route="/a",status="200"})",
      R"(datacat_http_requests_total{method="GET",route="/b",status="200"})",
      R"(datacat_http_requests_total{method="GET",route="/b",status="500"})",
      R"(datacat_http_requests_total{method="POST",route="/b",status="200"})",
  };
  size_t previous = 0;
  for (const std::string& series : expected_order) {
    size_t at = text.find(series + " ");
    ASSERT_NE(at, std::string::npos) << series;
    EXPECT_GT(at, previous) << series;
    previous = at;
  }
  EXPECT_EQ(metrics.render(), text);  // deterministic
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Metrics metrics;
  for (double seconds : {0.0005, 0.003, 0.003, 0.2, 0.75, 30.0}) {
    metrics.observe_request("GET", "/r", 200, seconds);
  }
  std::string text = metrics.render();
  EXPECT_EQ(value_of(text, bucket("/r", "0.001")), "1") << text;
  EXPECT_EQ(value_of(text, bucket("/r", "0.0025")), "1");
  EXPECT_EQ(value_of(text, bucket("/r", "0.005")), "3");
  EXPECT_EQ(value_of(text, bucket("/r", "0.1")), "3");
  EXPECT_EQ(value_of(text, bucket("/r", "0.25")), "4");
  EXPECT_EQ(value_of(text, bucket("/r", "0.5")), "4");
  EXPECT_EQ(value_of(text, bucket("/r", "1")), "5");
  EXPECT_EQ(value_of(text, bucket("/r", "10")), "5");
  EXPECT_EQ(value_of(text, bucket("/r", "+Inf")), "6");
  const std::string labels = R"({method="GET",route="/r"})";
  EXPECT_EQ(value_of(text, "datacat_http_request_duration_seconds_count" + labels), "6");
  std::optional<std::string> sum =
      value_of(text, "datacat_http_request_duration_seconds_sum" + labels);
  ASSERT_TRUE(sum);
  EXPECT_NEAR(std::stod(*sum), 0.0005 + 0.003 + 0.003 + 0.2 + 0.75 + 30.0, 1e-12);

  // Every bucket of the histogram, in order, never decreasing.
  std::vector<std::string> les = {"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
                                  "0.25",  "0.5",    "1",     "2.5",  "5",     "10",   "+Inf"};
  long previous = 0;
  size_t previous_at = 0;
  for (const std::string& le : les) {
    std::optional<std::string> value = value_of(text, bucket("/r", le));
    ASSERT_TRUE(value) << "le=" << le;
    EXPECT_GE(std::stol(*value), previous) << "le=" << le;
    previous = std::stol(*value);
    size_t at = text.find(bucket("/r", le) + " ");
    EXPECT_GT(at, previous_at) << "le=" << le;
    previous_at = at;
  }
}

TEST(MetricsTest, BucketUpperBoundsAreInclusive) {
  Metrics metrics;
  metrics.observe_request("GET", "/r", 200, 0.003);
  metrics.observe_request("GET", "/q", 200, 0.0025);
  std::string text = metrics.render();
  EXPECT_EQ(value_of(text, bucket("/r", "0.0025")), "0") << text;
  EXPECT_EQ(value_of(text, bucket("/r", "0.005")), "1");
  EXPECT_EQ(value_of(text, bucket("/q", "0.001")), "0");
  EXPECT_EQ(value_of(text, bucket("/q", "0.0025")), "1");
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics metrics;
  metrics.observe_request("GET", "/a\"b\\c\nd", 200, 0.01);
  std::string text = metrics.render();
  EXPECT_EQ(value_of(text, R"(datacat_http_requests_total{method="GET",route="/a\"b\\c\nd",)"
                           R"(status="200"})"),
            "1")
      << text;
  EXPECT_EQ(value_of(text, bucket(R"(/a\"b\\c\nd)", "+Inf")), "1");
  EXPECT_EQ(text.find("/a\"b"), std::string::npos);  // never an unescaped quote
}

TEST(MetricsTest, GaugesAreReadAtRenderTime) {
  Metrics metrics;
  std::atomic<double> documents = 3;
  metrics.add_gauge("datacat_index_documents", "Documents in the index.",
                    [&] { return documents.load(); });
  std::string first = metrics.render();
  EXPECT_EQ(value_of(first, "datacat_index_documents"), "3") << first;
  EXPECT_NE(first.find("# HELP datacat_index_documents Documents in the index.\n"
                       "# TYPE datacat_index_documents gauge\n"),
            std::string::npos);
  documents = 0.25;
  EXPECT_EQ(value_of(metrics.render(), "datacat_index_documents"), "0.25");
}

TEST(MetricsTest, FormatsValuesSoTheyRoundTrip) {
  Metrics metrics;
  metrics.add_gauge("g_third", "", [] { return 1.0 / 3; });
  metrics.add_gauge("g_big", "", [] { return 12345678901.0; });
  metrics.add_gauge("g_inf", "", [] { return std::numeric_limits<double>::infinity(); });
  metrics.add_gauge("g_nan", "", [] { return std::nan(""); });
  std::string text = metrics.render();
  std::optional<std::string> third = value_of(text, "g_third");
  ASSERT_TRUE(third) << text;
  EXPECT_EQ(std::stod(*third), 1.0 / 3);
  EXPECT_EQ(value_of(text, "g_big"), "12345678901");
  EXPECT_EQ(value_of(text, "g_inf"), "+Inf");
  EXPECT_EQ(value_of(text, "g_nan"), "NaN");
}

TEST(MetricsTest, ProcessStartTimeIsNow) {
  double before =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  Metrics metrics;
  std::optional<std::string> start =
      value_of(metrics.render(), "datacat_process_start_time_seconds");
  ASSERT_TRUE(start);
  EXPECT_GE(std::stod(*start), std::floor(before));
  EXPECT_LE(std::stod(*start), before + 60);
}

TEST(MetricsTest, CountersAccumulate) {
  Metrics metrics;
  metrics.add_to_counter("datacat_assets_written_total", "Assets written.", 2);
  metrics.add_to_counter("datacat_assets_written_total", "ignored", 3);
  metrics.add_to_counter("datacat_bytes_total", "Bytes\\in\nout.", 0.5);
  std::string text = metrics.render();
  EXPECT_EQ(value_of(text, "datacat_assets_written_total"), "5") << text;
  EXPECT_EQ(value_of(text, "datacat_bytes_total"), "0.5");
  EXPECT_NE(text.find("# HELP datacat_assets_written_total Assets written.\n"
                      "# TYPE datacat_assets_written_total counter\n"),
            std::string::npos);
  EXPECT_NE(text.find("# HELP datacat_bytes_total Bytes\\\\in\\nout.\n"), std::string::npos);
  metrics.add_to_counter("datacat_assets_written_total", "", 1);
  EXPECT_EQ(value_of(metrics.render(), "datacat_assets_written_total"), "6");
}

TEST(MetricsTest, RejectsInvalidNamesDuplicatesAndNegativeDeltas) {
  Metrics metrics;
  metrics.add_gauge("datacat_lag_seconds", "", [] { return 0.0; });
  EXPECT_THROW(metrics.add_gauge("datacat_lag_seconds", "", [] { return 1.0; }),
               std::invalid_argument);
  EXPECT_THROW(metrics.add_gauge("9lives", "", [] { return 1.0; }), std::invalid_argument);
  EXPECT_THROW(metrics.add_gauge("has space", "", [] { return 1.0; }), std::invalid_argument);
  EXPECT_THROW(metrics.add_to_counter("datacat_lag_seconds", "", 1), std::invalid_argument);
  EXPECT_THROW(metrics.add_to_counter("datacat_http_requests_total", "", 1), std::invalid_argument);
  EXPECT_THROW(metrics.add_to_counter("datacat_ok_total", "", -1), std::invalid_argument);
  EXPECT_THROW(metrics.add_to_counter("datacat_ok_total", "", std::nan("")), std::invalid_argument);
  EXPECT_EQ(value_of(metrics.render(), "datacat_ok_total"), std::nullopt);
}

TEST(MetricsTest, ConcurrentObservationsAreAllCounted) {
  Metrics metrics;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10000;
  std::latch start(kThreads);  // all threads observe at once, so that races would show
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, &start, t] {
      const std::string own_route = "/thread/" + std::to_string(t);
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        metrics.observe_request("GET", "/api/v1/search", 200, 0.002);
        if (i % 100 == 0) metrics.observe_request("GET", own_route, 200, 0.002);
      }
    });
  }
  std::thread scraper([&metrics] {
    for (int i = 0; i < 20; ++i) metrics.render();
  });
  for (std::thread& thread : threads) thread.join();
  scraper.join();
  std::string text = metrics.render();
  const std::string total = std::to_string(kThreads * kPerThread);
  EXPECT_EQ(value_of(text, kSearch200), total) << text;
  EXPECT_EQ(value_of(text, R"(datacat_http_request_duration_seconds_count{method="GET",)"
                           R"(route="/api/v1/search"})"),
            total);
  EXPECT_EQ(value_of(text, bucket("/api/v1/search", "0.0025")), total);
  EXPECT_EQ(value_of(text, bucket("/api/v1/search", "0.001")), "0");
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(value_of(text, R"(datacat_http_requests_total{method="GET",route="/thread/)" +
                                 std::to_string(t) + R"(",status="200"})"),
              std::to_string(kPerThread / 100));
  }
}

}  // namespace
}  // namespace datacat::server
