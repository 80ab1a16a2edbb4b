// Feeds one JSON document to parse_asset (indexer/asset_json.h), the validation behind the
// NDJSON import and the asset API's bodies.
// Checks, beyond not crashing or throwing: an accepted asset round-trips — asset_to_json,
// dumped as text (strict UTF-8) and parsed again, gives the same Asset and the same JSON.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "indexer/asset_json.h"
#include "tests/fuzz/fuzz_support.h"

using datacat::Result;
using datacat::indexer::Asset;

namespace {

int test_one_input(const uint8_t* data, size_t size) {
  nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr,
                                              /*allow_exceptions=*/false);
  if (json.is_discarded()) return 0;
  Result<Asset> asset = datacat::indexer::parse_asset(json);
  if (!asset.is_ok()) {
    FUZZ_CHECK(!asset.status().message().empty());
    return 0;
  }
  nlohmann::json out = datacat::indexer::asset_to_json(*asset);
  Result<Asset> again = datacat::indexer::parse_asset(nlohmann::json::parse(out.dump()));
  FUZZ_CHECK(again.is_ok());
  FUZZ_CHECK(*again == *asset);
  FUZZ_CHECK(datacat::indexer::asset_to_json(*again) == out);
  return 0;
}

}  // namespace

// On a thread with a server worker's stack, so what recurses too deep there crashes here.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return datacat::fuzz::on_worker_stack(test_one_input, data, size);
}
