// Feeds one query string to the search path: QueryParser::parse (indexer/query_parser.h),
// then Searcher::search (indexer/searcher.h) over a real index of the sample catalog built
// once in LLVMFuzzerInitialize, then the same bytes as a filter value and a facet-value
// prefix. The input's length picks the facet, the sort order and the page, so a replay is
// deterministic (caches aside: the searcher keeps term postings between inputs).
// Checks, beyond not crashing or throwing: a refused query is kInvalidArgument; a result
// holds at most per_page hits, exactly min(total, per_page) on page 1 (no time limit), and
// no hit twice.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "indexer/searcher.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using datacat::Result;
using datacat::StatusCode;
using datacat::indexer::SearchRequest;
using datacat::indexer::SearchResult;
namespace schema = datacat::indexer::schema;

datacat::indexer::Searcher* searcher = nullptr;

void check_result(const SearchRequest& request, const Result<SearchResult>& result) {
  if (!result.is_ok()) {
    FUZZ_CHECK(result.status().code() == StatusCode::kInvalidArgument);
    return;
  }
  FUZZ_CHECK(result->hits.size() <= static_cast<size_t>(request.per_page));
  if (request.page == 1 && result->total_exact) {
    FUZZ_CHECK(result->hits.size() ==
               std::min<uint64_t>(result->total, static_cast<uint64_t>(request.per_page)));
  }
  std::set<std::string> uris;
  for (const auto& hit : result->hits) FUZZ_CHECK(uris.insert(hit.asset.uri).second);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  datacat::indexer::DataDir dir(datacat::fuzz::temp_dir("query"));
  datacat::fuzz::load_ndjson(
      dir, datacat::fuzz::read_file(datacat::fuzz::source_path("config/sample/catalog.ndjson")));
  static std::unique_ptr<datacat::indexer::Searcher> opened = [&] {
    auto result = datacat::indexer::Searcher::open(dir);
    if (!result.is_ok()) datacat::fuzz::fail(result.status().to_string());
    return std::move(result).value();
  }();
  searcher = opened.get();
  return 0;
}

namespace {

int test_one_input(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  datacat::indexer::QueryParser parser;
  if (auto parsed = parser.parse(text); !parsed.is_ok()) {
    FUZZ_CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
  }

  SearchRequest request;
  request.query = text;
  request.sort = static_cast<datacat::indexer::SortOrder>(size % 3);
  request.per_page = 1 + static_cast<int>(size % 7);
  check_result(request, searcher->search(request));

  SearchRequest filtered;
  size_t facet = size % schema::kFacetCount;
  filtered.filters[facet] = {text};
  filtered.filters[(facet + 1) % schema::kFacetCount] = {"table", text};
  filtered.page = 1 + static_cast<int>(size % 2);
  check_result(filtered, searcher->search(filtered));

  auto values = searcher->facet_values(std::string(schema::kFacets[facet].name), text, 10);
  FUZZ_CHECK(values.is_ok());
  FUZZ_CHECK(values->size() <= 10);
  return 0;
}

}  // namespace

// On a thread with a server worker's stack, so what recurses too deep there crashes here.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return datacat::fuzz::on_worker_stack(test_one_input, data, size);
}
