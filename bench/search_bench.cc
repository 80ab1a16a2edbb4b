// In-process search latency over a mixed query set (bench/gen_catalog.cc `queries`), with
// all facets counted and, as the baseline measured in the same run, the same queries
// ranked without facets. Reports p50/p95/p99 per query kind as Google Benchmark counters.
//
//   search_bench --data-dir DIR --queries FILE [--passes N] [--toggle feature,...]
//                [--benchmark_* flags]
// --toggle switches ranking features as datacat-relevance's does (docs/relevance.md), to
// weigh what each costs.
// Each query runs N times (default 1: term bitmaps are built as the queries need them, so
// the figures include cold caches; later passes show warm ones). With --warm, every query
// runs once untimed first, so the figures are of warm caches only (a server between
// commits).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "bench/relevance/relevance_run.h"
#include "indexer/searcher.h"

namespace datacat::bench {
namespace {

struct Query {
  std::string kind;
  indexer::SearchRequest request;
};

std::vector<Query> load_queries(const std::string& path) {
  std::vector<Query> out;
  std::ifstream input(path);
  std::string line;
  while (std::getline(input, line)) {
    if (line.empty()) continue;
    auto json = nlohmann::json::parse(line);
    Query query;
    query.kind = json.at("kind").get<std::string>();
    query.request.query = json.value("q", "");
    if (json.contains("filters")) {
      for (const auto& [facet, values] : json["filters"].items()) {
        auto index = indexer::facet_index_of(facet);
        if (!index) throw std::runtime_error("unknown facet in query file: " + facet);
        query.request.filters[*index] = values.get<std::vector<std::string>>();
      }
    }
    out.push_back(std::move(query));
  }
  return out;
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  size_t rank = static_cast<size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
  return samples[rank];
}

// Ranking features switched by --toggle (bench/relevance/relevance_run.h), for each query.
indexer::RankingOptions ranking;

void run_queries(benchmark::State& state, indexer::Searcher* searcher,
                 const std::vector<Query>* queries, bool facets, bool warm) {
  searcher->drop_caches();  // every benchmark starts cold, unless warmed up here
  for (const Query& query : *queries) {
    if (!warm) break;
    indexer::SearchRequest request = query.request;
    request.facets = facets;
    request.ranking = ranking;
    benchmark::DoNotOptimize(searcher->search(request));
  }
  std::vector<double> millis;
  size_t next = 0;
  uint64_t matches = 0;
  for (auto _ : state) {
    indexer::SearchRequest request = (*queries)[next++ % queries->size()].request;
    request.facets = facets;
    request.ranking = ranking;
    auto started = std::chrono::steady_clock::now();
    auto result = searcher->search(request);
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    if (!result.is_ok()) {
      state.SkipWithError(result.status().to_string().c_str());
      return;
    }
    matches += result->total;
    benchmark::DoNotOptimize(result);
  }
  double sum = 0;
  for (double ms : millis) sum += ms;
  state.counters["mean_ms"] = sum / static_cast<double>(std::max<size_t>(1, millis.size()));
  state.counters["p50_ms"] = percentile(millis, 0.50);
  state.counters["p95_ms"] = percentile(millis, 0.95);
  state.counters["p99_ms"] = percentile(millis, 0.99);
  state.counters["avg_matches"] =
      static_cast<double>(matches) / static_cast<double>(std::max<size_t>(1, millis.size()));
}

std::string take_flag(int& argc, char** argv, const std::string& name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) {
      std::string value = argv[i + 1];
      for (int j = i; j + 2 <= argc; ++j) argv[j] = argv[j + 2];
      argc -= 2;
      return value;
    }
  }
  return {};
}

}  // namespace
}  // namespace datacat::bench

int main(int argc, char** argv) {
  using namespace datacat;
  std::string data_dir = bench::take_flag(argc, argv, "--data-dir");
  std::string query_file = bench::take_flag(argc, argv, "--queries");
  std::string passes_flag = bench::take_flag(argc, argv, "--passes");
  std::string toggles = bench::take_flag(argc, argv, "--toggle");
  for (size_t at = 0; at < toggles.size();) {
    size_t comma = std::min(toggles.find(',', at), toggles.size());
    Status s = relevance::apply_feature_change(toggles.substr(at, comma - at), bench::ranking);
    if (!s.is_ok()) {
      std::cerr << s.to_string() << "\n";
      return 2;
    }
    at = comma + 1;
  }
  bool warm = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) != "--warm") continue;
    warm = true;
    for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
    --argc;
    break;
  }
  int64_t passes = passes_flag.empty() ? 1 : std::stoll(passes_flag);
  if (data_dir.empty() || query_file.empty()) {
    std::cerr << "usage: search_bench --data-dir DIR --queries FILE [--passes N] [--warm] "
                 "[--toggle feature,...] [--benchmark_* flags]\n";
    return 2;
  }
  auto searcher = indexer::Searcher::open(indexer::DataDir(data_dir));
  if (!searcher.is_ok()) {
    std::cerr << searcher.status().to_string() << "\n";
    return 2;
  }
  static std::vector<bench::Query> all = bench::load_queries(query_file);
  static std::map<std::string, std::vector<bench::Query>> by_kind;
  for (const auto& q : all) by_kind[q.kind].push_back(q);
  indexer::Searcher* s = searcher->get();
  for (bool facets : {true, false}) {
    std::string suffix = facets ? "/all_facets" : "/no_facets(baseline)";
    benchmark::RegisterBenchmark(("mixed" + suffix).c_str(), bench::run_queries, s, &all, facets,
                                 warm)
        ->Iterations(static_cast<int64_t>(all.size()) * passes)
        ->Unit(benchmark::kMillisecond);
    for (const auto& [kind, queries] : by_kind) {
      benchmark::RegisterBenchmark((kind + suffix).c_str(), bench::run_queries, s, &queries, facets,
                                   warm)
          ->Iterations(static_cast<int64_t>(queries.size()) * passes)
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
