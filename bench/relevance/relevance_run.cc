#include "bench/relevance/relevance_run.h"

#include <algorithm>
#include <unordered_set>

namespace datacat::relevance {
namespace {

// Whether `ranked` meets the judgment of `query`.
bool meets(const JudgedQuery& query, const std::vector<std::string>& ranked) {
  std::unordered_set<std::string> relevant(query.relevant.begin(), query.relevant.end());
  if (query.first && (ranked.empty() || !relevant.contains(ranked.front()))) return false;
  if (query.within > 0) {
    size_t depth = std::min(query.within, ranked.size());
    std::unordered_set<std::string> top(ranked.begin(), ranked.begin() + depth);
    for (const std::string& uri : query.relevant) {
      if (!top.contains(uri)) return false;
    }
  }
  return true;
}

}  // namespace

Result<Engines> open_engines(const Catalog& catalog) {
  Engines engines;
  Result<std::unique_ptr<indexer::Searcher>> searcher =
      indexer::Searcher::open(indexer::DataDir(catalog.data_dir));
  if (!searcher.is_ok()) return searcher.status();
  engines.datacat = std::move(searcher).value();
  engines.baseline = std::make_unique<Bm25Baseline>(catalog.assets);
  return engines;
}

Result<std::vector<std::string>> datacat_ranking(indexer::Searcher& searcher,
                                                 const std::string& query,
                                                 const indexer::RankingOptions& ranking) {
  indexer::SearchRequest request;
  request.ranking = ranking;
  request.query = query;
  request.per_page = static_cast<int>(kDepth);
  request.facets = false;  // counting facets does not change the ranking
  Result<indexer::SearchResult> result = searcher.search(request);
  if (!result.is_ok()) return result.status();
  std::vector<std::string> uris;
  for (const indexer::Hit& hit : result->hits) uris.push_back(hit.asset.uri);
  return uris;
}

Status apply_feature_change(const std::string& name, indexer::RankingOptions& ranking) {
  std::pair<const char*, bool*> features[] = {
      {"bm25f", &ranking.bm25f},
      {"exact_boost", &ranking.exact_boost},
      {"name_start_boost", &ranking.name_start_boost},
      {"relax_few", &ranking.relax_few},
      {"coordination", &ranking.coordination},
      {"word_pairs", &ranking.word_pairs},
      {"distinct_words", &ranking.distinct_words},
      {"prefix", &ranking.prefix},
      {"feedback", &ranking.feedback},
  };
  for (auto& [feature, flag] : features) {
    if (name == feature) {
      *flag = !*flag;
      return Status::ok();
    }
  }
  return Status::invalid("unknown ranking feature \"" + name + "\"");
}

Result<SetReport> run_set(const JudgedSet& set, std::map<std::string, Engines>& engines,
                          const indexer::RankingOptions& ranking) {
  SetReport report;
  report.name = set.name;
  for (const JudgedQuery& query : set.queries) {
    auto engine = engines.find(query.catalog);
    if (engine == engines.end())
      return Status::not_found("no catalog \"" + query.catalog + "\" for: " + query.text);
    Result<std::vector<std::string>> ranked =
        datacat_ranking(*engine->second.datacat, query.text, ranking);
    if (!ranked.is_ok()) {
      return Status::invalid("datacat refused \"" + query.text +
                             "\": " + ranked.status().to_string());
    }
    std::vector<std::string> baseline = engine->second.baseline->search(query.text, kDepth);
    std::unordered_set<std::string> relevant(query.relevant.begin(), query.relevant.end());
    QueryOutcome outcome{&query, score(*ranked, relevant), score(baseline, relevant), true, {}};
    outcome.top.assign(ranked->begin(), ranked->begin() + std::min<size_t>(5, ranked->size()));
    if (query.first || query.within > 0) {
      ++report.judged;
      outcome.met = meets(query, *ranked);
      if (outcome.met) ++report.met;
    }
    report.datacat.add(outcome.datacat);
    report.baseline.add(outcome.baseline);
    report.datacat_by_kind[query.kind].add(outcome.datacat);
    report.baseline_by_kind[query.kind].add(outcome.baseline);
    report.outcomes.push_back(std::move(outcome));
  }
  return report;
}

}  // namespace datacat::relevance
