// The catalog's asset model (SPEC.md "Asset"): plain value types, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace datacat::indexer {

enum class AssetType { kDataset, kTable, kFolder, kDashboard };
enum class Classification { kUnclassified, kOfficial, kSecret };

// "dataset", "table", ... and back; parse returns nullopt for an unknown name.
std::string_view asset_type_name(AssetType type);
std::optional<AssetType> parse_asset_type(std::string_view name);
std::string_view classification_name(Classification c);
std::optional<Classification> parse_classification(std::string_view name);

struct Column {
  std::string name;
  std::string type;
  std::string description;
  bool partition_key = false;  // the table is partitioned by this column
  bool operator==(const Column&) const = default;
};

// An approved glossary term of an asset, as the index needs it (SPEC.md "Association").
struct LinkedTerm {
  int64_t id = 0;
  std::string label;
  std::vector<std::string> synonyms;
  std::vector<int64_t> ancestors;  // its categories, nearest first, then its glossary
  bool operator==(const LinkedTerm&) const = default;
};

// Which inheritable fields resolve_inheritance filled from the parent dataset, as
// asset_to_json names them (kept so that the index's asset record can give back both the
// stored and the resolved form). Bookkeeping, not part of the asset's value: two assets
// compare equal whatever their InheritedFields.
struct InheritedFields {
  std::vector<std::string> names;
  bool operator==(const InheritedFields&) const { return true; }
};

// One data asset. Empty strings / nullopt mean "not set"; for tables and folders the
// inheritable fields (organization, environment, region, owner, classification) then
// come from the parent dataset (see resolve_inheritance).
struct Asset {
  std::string uri;  // stable identifier, 1-512 bytes, unique
  AssetType type = AssetType::kDataset;
  std::string name;  // technical name, required
  std::string label;
  std::string description;  // Markdown
  std::vector<std::string> tags;
  std::vector<std::string> topics;
  std::string region;
  std::optional<Classification> classification;
  std::string organization;
  std::string environment;
  std::string owner;  // owning team
  std::vector<std::string> stewards;
  std::string parent;           // tables and folders: uri of their dataset
  std::string database;         // tables
  std::vector<Column> columns;  // tables
  std::string location;         // folders: S3 prefix
  std::string url;              // dashboards
  int64_t created = 0;          // Unix seconds (UTC)
  int64_t updated = 0;
  int64_t version = 0;  // 1 on creation, +1 on every change; managed by the store
  // Approved glossary terms: filled by AssetStore::get_resolved and scan_resolved only;
  // never part of the asset's JSON input (links are made through the glossary workflow).
  std::vector<LinkedTerm> terms;
  InheritedFields inherited;  // filled by resolve_inheritance

  bool operator==(const Asset&) const = default;
};

// Fills the inheritable fields `child` leaves unset from its parent dataset
// (data.all's rule: description, tags and glossary terms are never inherited).
void resolve_inheritance(Asset& child, const Asset& parent);

}  // namespace datacat::indexer
