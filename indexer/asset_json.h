// Asset <-> JSON, with exactly SPEC.md's field names: this is the NDJSON import format and
// the body of the asset API. Validation is strict and names the failing field
// (`columns[2].name: expected a string`). Pure functions, thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "indexer/asset.h"
#include "indexer/status.h"

namespace datacat::indexer {

// Size limits applied by parse_asset (documented in docs/api.md).
struct AssetLimits {
  static constexpr size_t kUriBytes = 512;
  static constexpr size_t kShortTextBytes = 512;   // name, label, ...
  static constexpr size_t kFacetValueBytes = 200;  // tags, topics, region, owner, ... (facets)
  static constexpr size_t kDescriptionBytes = 65536;
  static constexpr size_t kListItems = 64;  // tags, topics, stewards
  static constexpr size_t kColumns = 2000;
};

// Validates `json` and builds an Asset. `version` in the input is accepted and ignored (the
// store manages it); `created`/`updated` are optional RFC 3339 strings (0 when absent).
// Returns kInvalidArgument with the field path for any unknown field, wrong type, bad
// value or limit exceeded.
Result<Asset> parse_asset(const nlohmann::json& json);

// The asset as JSON (the API's representation): unset optional fields are omitted;
// `version`, `created`, `updated` are included when non-zero.
nlohmann::json asset_to_json(const Asset& asset);

}  // namespace datacat::indexer
