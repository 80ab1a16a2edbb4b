#include "tests/indexer/test_catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "indexer/ndjson.h"

namespace datacat::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = (fs::temp_directory_path() /
           ("datacat-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
              .string();
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string sample_catalog_path() {
  return std::string(DATACAT_SOURCE_DIR) + "/config/sample/catalog.ndjson";
}

std::map<std::string, indexer::Asset> sample_assets_resolved() {
  std::ifstream input(sample_catalog_path());
  indexer::ParsedBatch batch = indexer::parse_ndjson(input, "sample");
  EXPECT_TRUE(batch.errors.empty());
  std::map<std::string, indexer::Asset> assets;
  for (indexer::Asset& asset : batch.assets) assets.emplace(asset.uri, std::move(asset));
  for (auto& [uri, asset] : assets) {
    if (!asset.parent.empty()) indexer::resolve_inheritance(asset, assets.at(asset.parent));
  }
  return assets;
}

void catch_up(const indexer::DataDir& dir) {
  auto store = indexer::AssetStore::open(dir.catalog_path());
  ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  auto writer = indexer::IndexWriter::open(dir);
  ASSERT_TRUE(writer.is_ok()) << writer.status().to_string();
  auto stats = (*writer)->catch_up(**store);
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
}

void import_ndjson(const indexer::DataDir& dir, const std::string& ndjson) {
  ASSERT_TRUE(dir.ensure_exists().is_ok());
  std::istringstream input(ndjson);
  indexer::ParsedBatch batch = indexer::parse_ndjson(input, "test");
  for (const auto& error : batch.errors) ADD_FAILURE() << error.to_string();
  auto store = indexer::AssetStore::open(dir.catalog_path());
  ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  auto report = indexer::import_batch(**store, std::move(batch), {});
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  for (const auto& error : report->errors) ADD_FAILURE() << error.to_string();
  catch_up(dir);
}

void import_file(const indexer::DataDir& dir, const std::string& path) {
  std::ifstream input(path);
  std::stringstream text;
  text << input.rdbuf();
  import_ndjson(dir, text.str());
}

indexer::SearchResult search(indexer::Searcher& searcher, const indexer::SearchRequest& request) {
  auto result = searcher.search(request);
  EXPECT_TRUE(result.is_ok()) << request.query << ": " << result.status().to_string();
  return result.is_ok() ? *result : indexer::SearchResult{};
}

indexer::SearchResult search(indexer::Searcher& searcher, const std::string& query, int per_page) {
  indexer::SearchRequest request;
  request.query = query;
  request.per_page = per_page;
  return search(searcher, request);
}

std::vector<std::string> uris_of(const indexer::SearchResult& result) {
  std::vector<std::string> uris;
  for (const auto& hit : result.hits) uris.push_back(hit.asset.uri);
  return uris;
}

std::vector<std::string> all_matches(indexer::Searcher& searcher, indexer::SearchRequest request) {
  std::vector<std::string> uris;
  request.per_page = 100;
  request.facets = false;
  for (request.page = 1;; ++request.page) {
    indexer::SearchResult result = search(searcher, request);
    for (const auto& hit : result.hits) uris.push_back(hit.asset.uri);
    if (result.hits.size() < 100) break;
  }
  return uris;
}

std::array<std::vector<std::string>, indexer::schema::kFacetCount> filters(
    const std::map<std::string, std::vector<std::string>>& by_name) {
  std::array<std::vector<std::string>, indexer::schema::kFacetCount> out;
  for (const auto& [name, values] : by_name) out[*indexer::facet_index_of(name)] = values;
  return out;
}

}  // namespace datacat::testing
