#include "server/search_json.h"

#include "indexer/timestamp.h"

namespace datacat::server {

using nlohmann::json;

namespace {

// Approved glossary terms: [{"id": 12, "label": "Revenue"}].
json terms_to_json(const indexer::DocData& a) {
  json terms = json::array();
  for (size_t i = 0; i < a.terms.size() && i < a.term_ids.size(); ++i)
    terms.push_back(
        {{"id", std::strtoll(a.term_ids[i].c_str(), nullptr, 10)}, {"label", a.terms[i]}});
  return terms;
}

// [{"name": "billing_address_id", "in": ["name"], "words": ["billing", "address"]}].
json matched_columns_to_json(const std::vector<indexer::MatchedColumn>& columns) {
  json out = json::array();
  for (const indexer::MatchedColumn& column : columns) {
    json in = json::array();
    if (column.in_name) in.push_back("name");
    if (column.in_description) in.push_back("description");
    out.push_back({{"name", column.name}, {"in", std::move(in)}, {"words", column.words}});
  }
  return out;
}

json hit_to_json(const indexer::Hit& hit) {
  const indexer::DocData& a = hit.asset;
  json out = {
      {"uri", a.uri},
      {"type", a.type},
      {"name", a.name},
      {"label", a.label.empty() ? a.name : a.label},
      {"snippet", hit.snippet},
      {"tags", a.tags},
      {"topics", a.topics},
      {"terms", terms_to_json(a)},
      {"owner", a.owner},
      {"region", a.region},
      {"classification", a.classification},
      {"environment", a.environment},
      {"organization", a.organization},
      {"updated", a.updated != 0 ? indexer::format_rfc3339(a.updated) : ""},
      {"version", a.version},
      {"score", hit.score},
      {"matched", hit.matched},
      {"matched_columns", matched_columns_to_json(hit.matched_columns)},
  };
  return out;
}

}  // namespace

json search_result_to_json(const indexer::SearchResult& result) {
  json hits = json::array();
  for (const indexer::Hit& hit : result.hits) hits.push_back(hit_to_json(hit));
  json facets = json::object();
  for (const indexer::FacetResult& facet : result.facets) {
    json values = json::array();
    for (const indexer::FacetCount& value : facet.values) {
      values.push_back(
          {{"value", value.value}, {"count", value.count}, {"selected", value.selected}});
    }
    facets[facet.name] = std::move(values);
  }
  json out = {
      {"total", result.total},     {"total_exact", result.total_exact},
      {"page", result.page},       {"per_page", result.per_page},
      {"hits", std::move(hits)},   {"facets", std::move(facets)},
      {"relaxed", result.relaxed}, {"took_ms", result.took_ms},
  };
  out["corrected_query"] =
      result.corrected_query.empty() ? json(nullptr) : json(result.corrected_query);
  out["corrected"] = result.corrected;
  return out;
}

}  // namespace datacat::server
