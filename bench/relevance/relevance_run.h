// Runs judged query sets against datacat's default search (Searcher::search, as
// GET /api/v1/search?q=…&per_page=100 runs it) and the BM25 baseline, on the same catalog,
// scoring both with metrics.h and checking the own set's judgments.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/relevance/bm25_baseline.h"
#include "bench/relevance/judged_catalog.h"
#include "bench/relevance/metrics.h"
#include "indexer/searcher.h"

namespace datacat::relevance {

// One catalog, opened for both engines.
struct Engines {
  std::unique_ptr<indexer::Searcher> datacat;
  std::unique_ptr<Bm25Baseline> baseline;
};
// Opens the engines of a built catalog.
Result<Engines> open_engines(const Catalog& catalog);

// Uris of datacat's first kDepth hits for `query` (one page of 100), best first.
Result<std::vector<std::string>> datacat_ranking(indexer::Searcher& searcher,
                                                 const std::string& query,
                                                 const indexer::RankingOptions& ranking = {});

struct QueryOutcome {
  const JudgedQuery* query = nullptr;
  Scores datacat, baseline;
  bool met = true;               // its judgment (own set), always true without one
  std::vector<std::string> top;  // datacat's first five uris
};

struct SetReport {
  std::string name;
  Summary datacat, baseline;
  std::map<std::string, Summary> datacat_by_kind, baseline_by_kind;
  std::vector<QueryOutcome> outcomes;
  size_t judged = 0, met = 0;  // queries with a judgment, and those meeting it
};

// Runs every query of `set` on the engines of its catalog (by JudgedQuery::catalog).
Result<SetReport> run_set(const JudgedSet& set, std::map<std::string, Engines>& engines,
                          const indexer::RankingOptions& ranking = {});

// Turns off the named features of `ranking` ("bm25f", "exact_boost", ... as in
// RankingOptions; "feedback" turns feedback on). kInvalidArgument for an unknown name.
Status apply_feature_change(const std::string& name, indexer::RankingOptions& ranking);

}  // namespace datacat::relevance
