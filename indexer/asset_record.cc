#include "indexer/asset_record.h"

#include "indexer/asset_json.h"

namespace datacat::indexer {

std::string encode_asset_record(const Asset& resolved) {
  nlohmann::json record = {{"asset", asset_to_json(resolved)},
                           {"inherited", resolved.inherited.names}};
  return record.dump();
}

std::optional<AssetRecord> decode_asset_record(std::string_view bytes) {
  nlohmann::json record = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!record.is_object() || !record.contains("asset") || !record["asset"].is_object())
    return std::nullopt;
  AssetRecord out;
  out.resolved = record["asset"];
  out.stored = out.resolved;
  if (const auto inherited = record.find("inherited");
      inherited != record.end() && inherited->is_array()) {
    for (const nlohmann::json& name : *inherited) {
      if (name.is_string()) out.stored.erase(name.get<std::string>());
    }
  }
  out.version = out.resolved.value("version", int64_t{0});
  return out;
}

}  // namespace datacat::indexer
