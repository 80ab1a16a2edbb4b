// Feeds one file of AWS Glue JSON to the Glue importer (indexer/glue_import.h): parse_glue,
// then complete_glue_batch and glue_prune_list against a catalog made once in
// LLVMFuzzerInitialize (Glue datasets and tables of catalog 123456789012). Nothing is
// written: importing the batch is fuzzed through fuzz_http (POST /api/v1/assets:bulk).
// The input's length picks where the catalog id goes (GlueOptions::catalog_field), so a
// replay is deterministic.
// Checks, beyond not crashing or throwing: every asset has its origin and a unique uri,
// every table's parent is in the batch or the catalog after complete_glue_batch, and
// pruning never names an asset of the batch.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "indexer/glue_import.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using datacat::indexer::AssetStore;
using datacat::indexer::GlueOptions;

constexpr char kCatalog[] =
    R"({"uri": "glue:123456789012:sales", "type": "dataset", "name": "sales"}
{"uri": "glue:123456789012:sales/orders", "type": "table", "name": "orders", "parent": "glue:123456789012:sales"}
{"uri": "glue:123456789012:sales/old", "type": "table", "name": "old", "parent": "glue:123456789012:sales"}
{"uri": "glue:123456789012:archive", "type": "dataset", "name": "archive"}
{"uri": "datacat://dataset/other", "type": "dataset", "name": "other"}
)";

AssetStore* store = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  datacat::indexer::DataDir dir(datacat::fuzz::temp_dir("glue"));
  datacat::fuzz::load_ndjson(dir, kCatalog);
  static std::unique_ptr<AssetStore> opened = [&] {
    auto result = AssetStore::open(dir.catalog_path());
    if (!result.is_ok()) datacat::fuzz::fail(result.status().to_string());
    return std::move(result).value();
  }();
  store = opened.get();
  return 0;
}

namespace {

int test_one_input(const uint8_t* data, size_t size) {
  GlueOptions options;
  options.catalog_field = static_cast<GlueOptions::CatalogField>(size % 3);
  options.catalog_id = size % 2 == 0 ? "123456789012" : "";
  options.owner = "sales-analytics";
  datacat::indexer::GlueBatch glue;
  datacat::indexer::parse_glue(std::string_view(reinterpret_cast<const char*>(data), size),
                               "fuzz.json", options, glue);
  FUZZ_CHECK(glue.batch.assets.size() == glue.batch.origins.size());
  if (!datacat::indexer::complete_glue_batch(*store, options, glue).is_ok()) return 0;
  FUZZ_CHECK(glue.batch.assets.size() == glue.batch.origins.size());
  std::set<std::string> uris;
  for (const auto& asset : glue.batch.assets) FUZZ_CHECK(uris.insert(asset.uri).second);
  for (const auto& asset : glue.batch.assets) {
    if (asset.parent.empty() || uris.contains(asset.parent)) continue;
    auto stored = store->type_of(asset.parent);
    FUZZ_CHECK(stored.is_ok() && stored->has_value());
  }
  auto doomed = datacat::indexer::glue_prune_list(*store, glue);
  FUZZ_CHECK(doomed.is_ok());
  for (const std::string& uri : *doomed) FUZZ_CHECK(!uris.contains(uri));
  return 0;
}

}  // namespace

// On a thread with a server worker's stack, so what recurses too deep there crashes here.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return datacat::fuzz::on_worker_stack(test_one_input, data, size);
}
