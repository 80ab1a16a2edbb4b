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

std::vector<std::string> decode_column_descriptions(std::string_view bytes) {
  // Only record.asset.columns is built: every other value is parsed and dropped.
  auto keep = [](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (event != nlohmann::json::parse_event_t::key) return true;
    if (depth == 1) return parsed == "asset";
    return depth != 2 || parsed == "columns";
  };
  nlohmann::json record = nlohmann::json::parse(bytes, keep, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!record.is_object()) return out;
  const auto asset = record.find("asset");
  if (asset == record.end() || !asset->is_object()) return out;
  const auto columns = asset->find("columns");
  if (columns == asset->end() || !columns->is_array()) return out;
  for (const nlohmann::json& column : *columns) {
    std::string description;
    if (column.is_object()) {
      const auto it = column.find("description");
      if (it != column.end() && it->is_string()) description = it->get<std::string>();
    }
    out.push_back(std::move(description));
  }
  return out;
}

}  // namespace datacat::indexer
