#include "server/routes.h"

#include <charconv>
#include <map>
#include <memory>

#include "indexer/searcher.h"
#include "server/search_json.h"

namespace datacat::server {
namespace {

// This worker thread's searcher for `dir`, refreshed to the newest commit.
Result<indexer::Searcher*> thread_searcher(const indexer::DataDir& dir) {
  thread_local std::map<std::string, std::unique_ptr<indexer::Searcher>> searchers;
  std::unique_ptr<indexer::Searcher>& searcher = searchers[dir.root()];
  if (!searcher) {
    Result<std::unique_ptr<indexer::Searcher>> opened = indexer::Searcher::open(dir);
    if (!opened.is_ok()) return opened.status();
    searcher = std::move(opened).value();
    return searcher.get();
  }
  if (Status s = searcher->refresh(); !s.is_ok()) return s;
  return searcher.get();
}

Status parse_int(const std::string& name, const std::string& text, int& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::invalid("expected an integer", name);
  }
  return Status::ok();
}

Result<indexer::SearchRequest> search_request_of(const Request& http) {
  indexer::SearchRequest request;
  for (const auto& [name, value] : http.query_params()) {
    if (name == "q") {
      request.query = value;
    } else if (auto facet = indexer::facet_index_of(name)) {
      request.filters[*facet].push_back(value);
    } else if (name == "sort") {
      if (value == "relevance")
        request.sort = indexer::SortOrder::kRelevance;
      else if (value == "name")
        request.sort = indexer::SortOrder::kName;
      else if (value == "updated")
        request.sort = indexer::SortOrder::kUpdated;
      else
        return Status::invalid("expected relevance, name or updated", "sort");
    } else if (name == "page" || name == "per_page" || name == "facet_size") {
      int number = 0;
      if (Status s = parse_int(name, value, number); !s.is_ok()) return s;
      if (name == "page") request.page = number;
      if (name == "per_page") request.per_page = number;
      if (name == "facet_size") request.facet_size = static_cast<size_t>(std::max(0, number));
    } else {
      return Status::invalid("unknown parameter", name);
    }
  }
  return request;
}

}  // namespace

Response search_get(const indexer::DataDir& dir, const Request& http) {
  Result<indexer::SearchRequest> request = search_request_of(http);
  if (!request.is_ok()) return error_response(request.status());
  Result<indexer::Searcher*> searcher = thread_searcher(dir);
  if (!searcher.is_ok()) return error_response(searcher.status());
  Result<indexer::SearchResult> result = (*searcher)->search(*request);
  if (!result.is_ok()) return error_response(result.status());
  return json_response(200, search_result_to_json(*result));
}

Router make_routes(const indexer::DataDir& dir) {
  Router router;
  router.add("GET", "/healthz", [](const Request&) {
    return json_response(200, {{"status", "ok"}});
  });
  router.add("GET", "/api/v1/search",
             [dir](const Request& request) { return search_get(dir, request); });
  return router;
}

}  // namespace datacat::server
