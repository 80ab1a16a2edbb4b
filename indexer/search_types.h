// Plain request and result structs of the searcher (no JSON, no HTTP: the server and the
// CLI render them; see server/search_json.h).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "indexer/doc_data.h"
#include "indexer/facet_index.h"
#include "indexer/index_schema.h"
#include "indexer/ranking_options.h"

namespace datacat::indexer {

enum class SortOrder { kRelevance, kName, kUpdated };

struct SearchRequest {
  std::string query;  // user syntax, see query_parser.h; empty = browse everything
  // Selected values per facet (index = schema::kFacets position): OR within a facet, AND
  // across facets.
  std::array<std::vector<std::string>, schema::kFacetCount> filters;
  SortOrder sort = SortOrder::kRelevance;
  int page = 1;  // 1-based
  int per_page = 20;
  size_t facet_size = 10;  // values returned per facet (selected ones always added)
  bool facets = true;      // count facets at all
  // Ranking gives up after this long and returns the best hits found so far (0: no
  // limit); totals and facet counts stay exact.
  int time_limit_ms = 0;
  RankingOptions ranking;  // every feature but feedback (the relevance benchmark varies it)
};

// Limits enforced by Searcher::search (kInvalidArgument beyond them).
struct SearchLimits {
  static constexpr int kMaxPerPage = 100;
  static constexpr int kMaxDepth = 10000;  // page * per_page
  static constexpr size_t kMaxQueryBytes = 2048;
  static constexpr size_t kMaxFacetSize = 100;
};

// A column of a hit that the query matched (matched_columns.h says how).
struct MatchedColumn {
  std::string name;
  bool in_name = false;         // a query word matched a word of its name
  bool in_description = false;  // ... of its description
  // Its words that matched, as written in the name (first) or the description; each once
  // (by folded form).
  std::vector<std::string> words;
  bool operator==(const MatchedColumn&) const = default;
};

struct Hit {
  DocData asset;
  std::string snippet;  // HTML-escaped, matches wrapped in <mark>...</mark>
  double score = 0;
  std::vector<std::string> matched;  // field names (schema::kFields names) that matched
  // The columns the query matched, at most kMaxMatchedColumns (matched_columns.h).
  std::vector<MatchedColumn> matched_columns;
};

struct FacetResult {
  std::string name;  // schema::kFacets name
  std::vector<FacetCount> values;
};

struct SearchResult {
  uint64_t total = 0;
  bool total_exact = true;
  int page = 1;
  int per_page = 20;
  std::vector<Hit> hits;
  std::vector<FacetResult> facets;
  // "Did you mean", empty when none. When no asset had every word as typed but the
  // correction's words all match, the hits are the correction's and `corrected` is true.
  std::string corrected_query;
  bool corrected = false;
  bool relaxed = false;  // no asset matched every word; hits match some of them
  double took_ms = 0;
};

}  // namespace datacat::indexer
