// Search routes: GET/POST /api/v1/search, GET /api/v1/suggest, GET /api/v1/facets/{facet}.
#include <cctype>
#include <charconv>
#include <chrono>
#include <functional>
#include <map>

#include "server/routes.h"
#include "server/search_json.h"

namespace datacat::server {
namespace {

using nlohmann::json;

constexpr int kDefaultSuggestions = 8;
constexpr int kMaxSuggestions = 20;
constexpr int kMaxFacetValues = 100;

Status parse_int(const std::string& name, const std::string& text, int& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc() || end != text.data() + text.size())
    return Status::invalid("expected an integer", name);
  return Status::ok();
}

Status parse_sort(const std::string& value, indexer::SortOrder& sort) {
  if (value == "relevance") {
    sort = indexer::SortOrder::kRelevance;
  } else if (value == "name") {
    sort = indexer::SortOrder::kName;
  } else if (value == "updated") {
    sort = indexer::SortOrder::kUpdated;
  } else {
    return Status::invalid("expected relevance, name or updated", "sort");
  }
  return Status::ok();
}

Result<indexer::SearchRequest> request_from_params(const Request& http) {
  indexer::SearchRequest request;
  for (const auto& [name, value] : http.query_params()) {
    if (name == "q") {
      request.query = value;
    } else if (auto facet = indexer::facet_index_of(name)) {
      request.filters[*facet].push_back(value);
    } else if (name == "sort") {
      if (Status s = parse_sort(value, request.sort); !s.is_ok()) return s;
    } else if (name == "page" || name == "per_page" || name == "facet_size") {
      int number = 0;
      if (Status s = parse_int(name, value, number); !s.is_ok()) return s;
      if (name == "page") request.page = number;
      if (name == "per_page") request.per_page = number;
      if (name == "facet_size") request.facet_size = static_cast<size_t>(std::max(0, number));
    } else if (name == "facets") {
      request.facets = value != "false" && value != "0";
    } else {
      return Status::invalid("unknown parameter", name);
    }
  }
  return request;
}

Status expect_int(const json& value, const std::string& field, int& out) {
  if (!value.is_number_integer()) return Status::invalid("expected an integer", field);
  int64_t number = value.get<int64_t>();
  if (number < -1000000000 || number > 1000000000) return Status::invalid("out of range", field);
  out = static_cast<int>(number);
  return Status::ok();
}

// {"q", "filters": {facet: [values]}, "sort", "page", "per_page", "facet_size", "facets"}
Result<indexer::SearchRequest> request_from_body(const json& body) {
  if (!body.is_object()) return Status::invalid("expected a JSON object", "body");
  indexer::SearchRequest request;
  for (const auto& [name, value] : body.items()) {
    if (name == "q") {
      if (!value.is_string()) return Status::invalid("expected a string", "q");
      request.query = value.get<std::string>();
    } else if (name == "filters") {
      if (!value.is_object()) return Status::invalid("expected an object", "filters");
      for (const auto& [facet_name, values] : value.items()) {
        std::string field = "filters." + facet_name;
        auto facet = indexer::facet_index_of(facet_name);
        if (!facet) return Status::invalid("unknown facet", field);
        if (!values.is_array()) return Status::invalid("expected an array of strings", field);
        for (size_t i = 0; i < values.size(); ++i) {
          if (!values[i].is_string())
            return Status::invalid("expected a string", field + "[" + std::to_string(i) + "]");
          request.filters[*facet].push_back(values[i].get<std::string>());
        }
      }
    } else if (name == "sort") {
      if (!value.is_string()) return Status::invalid("expected a string", "sort");
      if (Status s = parse_sort(value.get<std::string>(), request.sort); !s.is_ok()) return s;
    } else if (name == "page") {
      if (Status s = expect_int(value, name, request.page); !s.is_ok()) return s;
    } else if (name == "per_page") {
      if (Status s = expect_int(value, name, request.per_page); !s.is_ok()) return s;
    } else if (name == "facet_size") {
      int size = 0;
      if (Status s = expect_int(value, name, size); !s.is_ok()) return s;
      request.facet_size = static_cast<size_t>(std::max(0, size));
    } else if (name == "facets") {
      if (!value.is_boolean()) return Status::invalid("expected true or false", "facets");
      request.facets = value.get<bool>();
    } else {
      return Status::invalid("unknown field", name);
    }
  }
  return request;
}

// Turns the glossary facet's flat values (node ids) into a tree of labelled nodes:
// {"value", "label", "kind", "count", "selected", "children": [...]}, children by count then
// label. A value whose parent is not among the values sits at the top level; ids of nodes
// deleted since the index was written are dropped.
Status label_glossary_facet(const ApiContext& ctx, json& body) {
  auto facet = body["facets"].find("glossary");
  if (facet == body["facets"].end() || facet->empty()) return Status::ok();
  std::vector<int64_t> ids;
  std::map<int64_t, json> values;
  for (json& value : *facet) {
    int64_t id = 0;
    const std::string text = value["value"].get<std::string>();
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size()) continue;
    ids.push_back(id);
    values[id] = std::move(value);
  }
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return store.status();
  Result<std::vector<glossary::Node>> nodes = (*store)->nodes(ids);
  if (!nodes.is_ok()) return nodes.status();
  std::map<int64_t, int64_t> parent_of;
  for (const glossary::Node& node : *nodes) {
    json& value = values[node.id];
    value["label"] = node.label;
    value["kind"] = glossary::node_kind_name(node.kind);
    value["children"] = json::array();
    parent_of[node.id] = node.parent_id;
  }
  // Attach children to parents deepest first, so each subtree is complete when it moves.
  std::function<size_t(int64_t)> depth = [&](int64_t id) -> size_t {
    auto it = parent_of.find(id);
    return it == parent_of.end() || !parent_of.contains(it->second) ? 0 : 1 + depth(it->second);
  };
  std::vector<std::pair<size_t, int64_t>> order;
  for (const auto& [id, parent] : parent_of) order.emplace_back(depth(id), id);
  std::sort(order.rbegin(), order.rend());
  auto by_count = [](const json& a, const json& b) {
    if (a["count"] != b["count"]) return a["count"].get<int64_t>() > b["count"].get<int64_t>();
    return a["label"].get<std::string>() < b["label"].get<std::string>();
  };
  json roots = json::array();
  for (const auto& [level, id] : order) {
    json& node = values[id];
    std::sort(node["children"].begin(), node["children"].end(), by_count);
    if (level == 0) {
      roots.push_back(std::move(node));
    } else {
      values[parent_of[id]]["children"].push_back(std::move(node));
    }
  }
  std::sort(roots.begin(), roots.end(), by_count);
  *facet = std::move(roots);
  return Status::ok();
}

// The search result as the API returns it, with the glossary facet labelled.
Response result_response(const ApiContext& ctx, const indexer::SearchResult& result) {
  json body = search_result_to_json(result);
  if (Status s = label_glossary_facet(ctx, body); !s.is_ok()) return error_response(s);
  return json_response(200, body);
}

Response run_search(const ApiContext& ctx, Result<indexer::SearchRequest> request) {
  auto started = std::chrono::steady_clock::now();
  if (!request.is_ok()) return error_response(request.status());
  request->time_limit_ms = ctx.config.server.search_time_limit_ms;
  Result<indexer::Searcher*> searcher = ctx.searcher();
  if (!searcher.is_ok()) return error_response(searcher.status());
  SearchCache::Snapshot snapshot = (*searcher)->snapshot();
  std::string key = SearchCache::key_of(*request);
  std::shared_ptr<const indexer::SearchResult> cached = ctx.results.find(key, snapshot);
  if (cached) {
    ctx.metrics.add_to_counter("datacat_search_cache_hits_total",
                               "Searches answered from the result cache.", 1);
    json body = search_result_to_json(*cached);
    body["took_ms"] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    if (Status s = label_glossary_facet(ctx, body); !s.is_ok()) return error_response(s);
    return json_response(200, body);
  }
  Result<indexer::SearchResult> result = (*searcher)->search(*request);
  if (!result.is_ok()) return error_response(result.status());
  Response response = result_response(ctx, *result);
  // A ranking cut short by the time limit is not worth keeping.
  if (result->took_ms < ctx.config.server.search_time_limit_ms ||
      ctx.config.server.search_time_limit_ms == 0) {
    ctx.results.insert(key, snapshot,
                       std::make_shared<const indexer::SearchResult>(std::move(result).value()));
  }
  return response;
}

Status parse_limit(const std::string& value, int max, int& limit) {
  if (Status s = parse_int("limit", value, limit); !s.is_ok()) return s;
  if (limit < 1 || limit > max)
    return Status::invalid("expected 1 to " + std::to_string(max), "limit");
  return Status::ok();
}

std::string ascii_lower(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// Glossary terms whose label or a synonym contains the typed text (case-insensitive),
// labels starting with it first: {"kind": "term", "text", "id", "glossary_id"}.
Status add_term_suggestions(const ApiContext& ctx, const std::string& q, size_t limit,
                            json& suggestions) {
  std::string typed = ascii_lower(q.substr(q.find_first_not_of(' ')));
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return store.status();
  Result<std::vector<glossary::Node>> terms = (*store)->search_terms(typed, limit * 2);
  if (!terms.is_ok()) return terms.status();
  size_t added = 0;
  for (const glossary::Node& term : *terms) {
    bool named = ascii_lower(term.label).find(typed) != std::string::npos;
    for (const std::string& synonym : term.synonyms)
      named = named || ascii_lower(synonym).find(typed) != std::string::npos;
    if (!named || added == limit) continue;
    suggestions.push_back({{"kind", "term"},
                           {"text", term.label},
                           {"id", term.id},
                           {"glossary_id", term.glossary_id}});
    ++added;
  }
  return Status::ok();
}

// Typeahead: assets whose name or label matches the typed text, then tags, topics and
// glossary terms.
Response suggest(const ApiContext& ctx, const Request& http) {
  std::string q;
  int limit = kDefaultSuggestions;
  for (const auto& [name, value] : http.query_params()) {
    if (name == "q") {
      q = value;
    } else if (name == "limit") {
      if (Status s = parse_limit(value, kMaxSuggestions, limit); !s.is_ok())
        return error_response(s);
    } else {
      return error_response(Status::invalid("unknown parameter", name));
    }
  }
  json suggestions = json::array();
  if (q.find_first_not_of(' ') == std::string::npos)
    return json_response(200, {{"q", q}, {"suggestions", suggestions}});
  Result<indexer::Searcher*> searcher = ctx.searcher();
  if (!searcher.is_ok()) return error_response(searcher.status());
  indexer::SearchRequest request;
  request.query = q;
  request.per_page = limit * 2;  // some hits match only in descriptions and are skipped
  request.facets = false;
  request.ranking.relax_few = false;  // typeahead: only assets with every word typed
  request.time_limit_ms = ctx.config.server.search_time_limit_ms;
  Result<indexer::SearchResult> result = (*searcher)->search(request);
  if (!result.is_ok()) return error_response(result.status());
  for (const indexer::Hit& hit : result->hits) {
    bool by_name = std::any_of(hit.matched.begin(), hit.matched.end(),
                               [](const std::string& f) { return f == "name" || f == "label"; });
    if (!by_name || result->relaxed) continue;
    if (static_cast<int>(suggestions.size()) >= limit) break;
    const indexer::DocData& a = hit.asset;
    suggestions.push_back({{"kind", "asset"},
                           {"text", a.label.empty() ? a.name : a.label},
                           {"name", a.name},
                           {"uri", a.uri},
                           {"type", a.type}});
  }
  // The last word typed is what the facet values are matched against.
  std::string last = q.substr(q.find_last_of(' ') + 1);
  for (const char* facet : {"tags", "topics"}) {
    if (last.empty()) break;
    Result<std::vector<indexer::FacetCount>> values =
        (*searcher)->facet_values(facet, last, static_cast<size_t>(limit));
    if (!values.is_ok()) return error_response(values.status());
    std::string kind = std::string(facet).substr(0, std::string(facet).size() - 1);
    for (const indexer::FacetCount& value : *values)
      suggestions.push_back({{"kind", kind}, {"text", value.value}, {"count", value.count}});
  }
  if (Status s = add_term_suggestions(ctx, q, static_cast<size_t>(limit), suggestions); !s.is_ok())
    return error_response(s);
  return json_response(200, {{"q", q}, {"suggestions", suggestions}});
}

// Values of one facet matching a prefix, with their counts over the whole catalog.
Response facet_values(const ApiContext& ctx, const Request& http) {
  std::string prefix;
  int limit = 20;
  for (const auto& [name, value] : http.query_params()) {
    if (name == "prefix") {
      prefix = value;
    } else if (name == "limit") {
      if (Status s = parse_limit(value, kMaxFacetValues, limit); !s.is_ok())
        return error_response(s);
    } else {
      return error_response(Status::invalid("unknown parameter", name));
    }
  }
  const std::string& facet = http.path_params.at("facet");
  Result<indexer::Searcher*> searcher = ctx.searcher();
  if (!searcher.is_ok()) return error_response(searcher.status());
  Result<std::vector<indexer::FacetCount>> values =
      (*searcher)->facet_values(facet, prefix, static_cast<size_t>(limit));
  if (!values.is_ok()) return error_response(values.status());
  json out = json::array();
  for (const indexer::FacetCount& value : *values)
    out.push_back({{"value", value.value}, {"count", value.count}});
  return json_response(200, {{"facet", facet}, {"prefix", prefix}, {"values", out}});
}

}  // namespace

void add_search_routes(Router& router, const ApiContext& ctx) {
  router.add("GET", "/api/v1/search", [&ctx](const Request& request) {
    return run_search(ctx, request_from_params(request));
  });
  router.add("POST", "/api/v1/search", [&ctx](const Request& request) {
    Result<json> body = parse_json_body(request);
    if (!body.is_ok()) return error_response(body.status());
    return run_search(ctx, request_from_body(*body));
  });
  router.add("GET", "/api/v1/suggest",
             [&ctx](const Request& request) { return suggest(ctx, request); });
  router.add("GET", "/api/v1/facets/{facet}",
             [&ctx](const Request& request) { return facet_values(ctx, request); });
}

}  // namespace datacat::server
