#include "indexer/asset.h"

#include <array>
#include <utility>

namespace datacat::indexer {
namespace {

constexpr std::array<std::pair<AssetType, std::string_view>, 4> kTypeNames{{
    {AssetType::kDataset, "dataset"},
    {AssetType::kTable, "table"},
    {AssetType::kFolder, "folder"},
    {AssetType::kDashboard, "dashboard"},
}};

constexpr std::array<std::pair<Classification, std::string_view>, 3> kClassificationNames{{
    {Classification::kUnclassified, "unclassified"},
    {Classification::kOfficial, "official"},
    {Classification::kSecret, "secret"},
}};

template <typename Enum, size_t N>
std::optional<Enum> find_enum(const std::array<std::pair<Enum, std::string_view>, N>& names,
                              std::string_view name) {
  for (const auto& [value, text] : names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string_view enum_name(const std::array<std::pair<Enum, std::string_view>, N>& names,
                           Enum value) {
  for (const auto& [candidate, text] : names) {
    if (candidate == value) return text;
  }
  return "";
}

void inherit(std::string& field, const std::string& from, const char* name,
             InheritedFields& inherited) {
  if (!field.empty() || from.empty()) return;
  field = from;
  inherited.names.emplace_back(name);
}

}  // namespace

std::string_view asset_type_name(AssetType type) {
  return enum_name(kTypeNames, type);
}

std::optional<AssetType> parse_asset_type(std::string_view name) {
  return find_enum(kTypeNames, name);
}

std::string_view classification_name(Classification c) {
  return enum_name(kClassificationNames, c);
}

std::optional<Classification> parse_classification(std::string_view name) {
  return find_enum(kClassificationNames, name);
}

void resolve_inheritance(Asset& child, const Asset& parent) {
  inherit(child.organization, parent.organization, "organization", child.inherited);
  inherit(child.environment, parent.environment, "environment", child.inherited);
  inherit(child.region, parent.region, "region", child.inherited);
  inherit(child.owner, parent.owner, "owner", child.inherited);
  if (!child.classification && parent.classification) {
    child.classification = parent.classification;
    child.inherited.names.emplace_back("classification");
  }
}

}  // namespace datacat::indexer
