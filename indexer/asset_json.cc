#include "indexer/asset_json.h"

#include <nlohmann/json.hpp>
#include <set>

#include "indexer/timestamp.h"
#include "indexer/utf8.h"

namespace datacat::indexer {
namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> kKnownFields = {
    "uri",      "type",    "name",           "label",        "description", "tags",
    "topics",   "region",  "classification", "organization", "environment", "owner",
    "stewards", "parent",  "database",       "columns",      "location",    "url",
    "created",  "updated", "version"};

bool has_control_chars(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return true;
  }
  return false;
}

// Reads one optional string member; errors name `path`.
Status read_string(const json& object, const char* key, const std::string& path, size_t max_bytes,
                   std::string& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::ok();
  if (!it->is_string()) return Status::invalid("expected a string", path);
  out = it->get<std::string>();
  if (out.size() > max_bytes) {
    return Status::invalid("longer than " + std::to_string(max_bytes) + " bytes", path);
  }
  if (has_control_chars(out)) return Status::invalid("contains control characters", path);
  // JSON parsed from text is always UTF-8, but JSON built in code need not be (Glue's
  // catalog id and owner come from flags and query parameters): storing it would throw.
  if (!is_valid_utf8(out)) return Status::invalid("is not valid UTF-8", path);
  return Status::ok();
}

Status read_string_list(const json& object, const char* key, std::vector<std::string>& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::ok();
  if (!it->is_array()) return Status::invalid("expected an array of strings", key);
  if (it->size() > AssetLimits::kListItems) {
    return Status::invalid("more than " + std::to_string(AssetLimits::kListItems) + " items", key);
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < it->size(); ++i) {
    std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    const json& item = (*it)[i];
    if (!item.is_string()) return Status::invalid("expected a string", path);
    std::string value = item.get<std::string>();
    if (value.empty()) return Status::invalid("must not be empty", path);
    if (value.size() > AssetLimits::kFacetValueBytes) {
      return Status::invalid(
          "longer than " + std::to_string(AssetLimits::kFacetValueBytes) + " bytes", path);
    }
    if (has_control_chars(value)) return Status::invalid("contains control characters", path);
    if (!is_valid_utf8(value)) return Status::invalid("is not valid UTF-8", path);
    if (seen.insert(value).second) out.push_back(std::move(value));
  }
  return Status::ok();
}

Status read_time(const json& object, const char* key, int64_t& out) {
  std::string text;
  if (Status s = read_string(object, key, key, 64, text); !s.is_ok()) return s;
  if (text.empty()) return Status::ok();
  auto parsed = parse_rfc3339(text);
  if (!parsed) return Status::invalid("expected an RFC 3339 timestamp", key);
  out = *parsed;
  return Status::ok();
}

Status read_columns(const json& object, std::vector<Column>& out) {
  auto it = object.find("columns");
  if (it == object.end() || it->is_null()) return Status::ok();
  if (!it->is_array()) return Status::invalid("expected an array of columns", "columns");
  if (it->size() > AssetLimits::kColumns) return Status::invalid("too many columns", "columns");
  for (size_t i = 0; i < it->size(); ++i) {
    std::string path = "columns[" + std::to_string(i) + "]";
    const json& item = (*it)[i];
    if (!item.is_object()) return Status::invalid("expected an object", path);
    for (const auto& [key, value] : item.items()) {
      if (key != "name" && key != "type" && key != "description" && key != "partition_key") {
        return Status::invalid("unknown field", path + "." + key);
      }
    }
    Column column;
    if (!item.contains("name")) return Status::invalid("is required", path + ".name");
    if (Status s =
            read_string(item, "name", path + ".name", AssetLimits::kShortTextBytes, column.name);
        !s.is_ok()) {
      return s;
    }
    if (column.name.empty()) return Status::invalid("must not be empty", path + ".name");
    if (Status s =
            read_string(item, "type", path + ".type", AssetLimits::kShortTextBytes, column.type);
        !s.is_ok()) {
      return s;
    }
    if (Status s = read_string(item, "description", path + ".description",
                               AssetLimits::kDescriptionBytes, column.description);
        !s.is_ok()) {
      return s;
    }
    if (auto key = item.find("partition_key"); key != item.end() && !key->is_null()) {
      if (!key->is_boolean())
        return Status::invalid("expected true or false", path + ".partition_key");
      column.partition_key = key->get<bool>();
    }
    out.push_back(std::move(column));
  }
  return Status::ok();
}

Status read_enums(const json& object, Asset& asset) {
  std::string type;
  if (!object.contains("type")) return Status::invalid("is required", "type");
  if (Status s = read_string(object, "type", "type", 32, type); !s.is_ok()) return s;
  auto parsed_type = parse_asset_type(type);
  if (!parsed_type) {
    return Status::invalid(
        "unknown asset type '" + type + "' (expected dataset, table, folder or dashboard)", "type");
  }
  asset.type = *parsed_type;
  std::string classification;
  if (Status s = read_string(object, "classification", "classification", 32, classification);
      !s.is_ok()) {
    return s;
  }
  if (!classification.empty()) {
    asset.classification = parse_classification(classification);
    if (!asset.classification) {
      return Status::invalid("unknown classification '" + classification +
                                 "' (expected unclassified, official or secret)",
                             "classification");
    }
  }
  return Status::ok();
}

// Fields that only make sense for some types are rejected elsewhere, so a typo in the
// type does not silently drop data.
Status check_type_specific(const Asset& asset) {
  bool child_type = asset.type == AssetType::kTable || asset.type == AssetType::kFolder;
  if (!asset.parent.empty() && !child_type) {
    return Status::invalid("only tables and folders have a parent", "parent");
  }
  if (!asset.columns.empty() && asset.type != AssetType::kTable) {
    return Status::invalid("only tables have columns", "columns");
  }
  if (!asset.database.empty() && asset.type != AssetType::kTable) {
    return Status::invalid("only tables have a database", "database");
  }
  if (!asset.location.empty() && asset.type != AssetType::kFolder &&
      asset.type != AssetType::kDataset && asset.type != AssetType::kTable) {
    return Status::invalid("dashboards have no location", "location");
  }
  if (!asset.url.empty() && asset.type != AssetType::kDashboard) {
    return Status::invalid("only dashboards have a url", "url");
  }
  if (asset.parent == asset.uri)
    return Status::invalid("an asset cannot be its own parent", "parent");
  return Status::ok();
}

}  // namespace

Result<Asset> parse_asset(const json& object) {
  if (!object.is_object()) return Status::invalid("expected a JSON object");
  for (const auto& [key, value] : object.items()) {
    if (!kKnownFields.contains(key)) return Status::invalid("unknown field", key);
  }
  Asset asset;
  constexpr size_t kShort = AssetLimits::kShortTextBytes;
  if (!object.contains("uri")) return Status::invalid("is required", "uri");
  if (Status s = read_string(object, "uri", "uri", AssetLimits::kUriBytes, asset.uri); !s.is_ok()) {
    return s;
  }
  if (asset.uri.empty()) return Status::invalid("must not be empty", "uri");
  if (asset.uri.find_first_of("\r\n\t") != std::string::npos) {
    return Status::invalid("must not contain whitespace control characters", "uri");
  }
  if (Status s = read_enums(object, asset); !s.is_ok()) return s;
  if (!object.contains("name")) return Status::invalid("is required", "name");
  struct StringField {
    const char* key;
    std::string* out;
    size_t max;
  };
  const StringField string_fields[] = {
      {"name", &asset.name, kShort},
      {"label", &asset.label, kShort},
      {"description", &asset.description, AssetLimits::kDescriptionBytes},
      {"region", &asset.region, AssetLimits::kFacetValueBytes},
      {"organization", &asset.organization, AssetLimits::kFacetValueBytes},
      {"environment", &asset.environment, AssetLimits::kFacetValueBytes},
      {"owner", &asset.owner, AssetLimits::kFacetValueBytes},
      {"parent", &asset.parent, AssetLimits::kUriBytes},
      {"database", &asset.database, kShort},
      {"location", &asset.location, 2048},
      {"url", &asset.url, 2048},
  };
  for (const auto& field : string_fields) {
    if (Status s = read_string(object, field.key, field.key, field.max, *field.out); !s.is_ok()) {
      return s;
    }
  }
  if (asset.name.empty()) return Status::invalid("must not be empty", "name");
  for (const char* key : {"tags", "topics", "stewards"}) {
    auto& list = std::string_view(key) == "tags"     ? asset.tags
                 : std::string_view(key) == "topics" ? asset.topics
                                                     : asset.stewards;
    if (Status s = read_string_list(object, key, list); !s.is_ok()) return s;
  }
  if (Status s = read_columns(object, asset.columns); !s.is_ok()) return s;
  if (Status s = read_time(object, "created", asset.created); !s.is_ok()) return s;
  if (Status s = read_time(object, "updated", asset.updated); !s.is_ok()) return s;
  if (auto it = object.find("version");
      it != object.end() && !it->is_null() && !it->is_number_integer()) {
    return Status::invalid("expected an integer", "version");
  }
  if (asset.created != 0 && asset.updated != 0 && asset.updated < asset.created) {
    return Status::invalid("is before created", "updated");
  }
  if (Status s = check_type_specific(asset); !s.is_ok()) return s;
  return asset;
}

json asset_to_json(const Asset& asset) {
  json out = json::object();
  out["uri"] = asset.uri;
  out["type"] = asset_type_name(asset.type);
  out["name"] = asset.name;
  auto put = [&out](const char* key, const std::string& value) {
    if (!value.empty()) out[key] = value;
  };
  auto put_list = [&out](const char* key, const std::vector<std::string>& values) {
    if (!values.empty()) out[key] = values;
  };
  put("label", asset.label);
  put("description", asset.description);
  put_list("tags", asset.tags);
  put_list("topics", asset.topics);
  put("region", asset.region);
  if (asset.classification) out["classification"] = classification_name(*asset.classification);
  put("organization", asset.organization);
  put("environment", asset.environment);
  put("owner", asset.owner);
  put_list("stewards", asset.stewards);
  put("parent", asset.parent);
  put("database", asset.database);
  if (!asset.columns.empty()) {
    json columns = json::array();
    for (const Column& column : asset.columns) {
      json c = {{"name", column.name}};
      if (!column.type.empty()) c["type"] = column.type;
      if (!column.description.empty()) c["description"] = column.description;
      if (column.partition_key) c["partition_key"] = true;
      columns.push_back(std::move(c));
    }
    out["columns"] = std::move(columns);
  }
  put("location", asset.location);
  put("url", asset.url);
  if (asset.created != 0) out["created"] = format_rfc3339(asset.created);
  if (asset.updated != 0) out["updated"] = format_rfc3339(asset.updated);
  if (asset.version != 0) out["version"] = asset.version;
  return out;
}

}  // namespace datacat::indexer
