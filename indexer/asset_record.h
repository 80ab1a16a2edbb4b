// The asset record every index document carries in value slot schema::kSlotAssetRecord:
// the resolved asset's JSON and the names of the fields it inherited from its dataset.
// A read replica has the index but no catalog; it answers asset reads from this record,
// in both forms the API gives (stored, and ?resolved=true), as the primary would.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/asset.h"

namespace datacat::indexer {

struct AssetRecord {
  nlohmann::json resolved;  // asset_to_json of the resolved asset
  nlohmann::json stored;    // the same without the inherited fields: asset_to_json(stored)
  int64_t version = 0;
};

// The record of a resolved asset (AssetStore::get_resolved or scan_resolved).
std::string encode_asset_record(const Asset& resolved);
// nullopt for bytes that are not a record (an index built before schema version 3).
std::optional<AssetRecord> decode_asset_record(std::string_view bytes);
// Only the descriptions of the record's columns, in column order ("" for a column without
// one), without building the rest of the asset; empty for bytes that are not a record.
std::vector<std::string> decode_column_descriptions(std::string_view bytes);

}  // namespace datacat::indexer
