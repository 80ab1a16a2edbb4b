#include "indexer/importer.h"

#include <algorithm>
#include <unordered_map>

namespace datacat::indexer {
namespace {

// Errors for assets whose parent is not a dataset of the batch or the catalog, or that
// would stop being a dataset while tables or folders point at them.
Result<std::vector<LineError>> check_references(AssetStore& store, const ParsedBatch& batch) {
  std::unordered_map<std::string, AssetType> in_batch;
  for (const Asset& asset : batch.assets) in_batch.emplace(asset.uri, asset.type);
  std::vector<LineError> errors;
  for (size_t i = 0; i < batch.assets.size(); ++i) {
    const Asset& asset = batch.assets[i];
    if (!asset.parent.empty()) {
      std::optional<AssetType> parent_type;
      if (auto it = in_batch.find(asset.parent); it != in_batch.end()) {
        parent_type = it->second;
      } else {
        Result<std::optional<AssetType>> stored = store.type_of(asset.parent);
        if (!stored.is_ok()) return stored.status();
        parent_type = *stored;
      }
      if (!parent_type) {
        errors.push_back({batch.origins[i].source, batch.origins[i].line,
                          Status::invalid("no dataset with uri '" + asset.parent + "'", "parent")});
        continue;
      }
      if (*parent_type != AssetType::kDataset) {
        errors.push_back({batch.origins[i].source, batch.origins[i].line,
                          Status::invalid("'" + asset.parent + "' is not a dataset", "parent")});
        continue;
      }
    }
    if (asset.type != AssetType::kDataset) {
      Result<std::optional<AssetType>> stored = store.type_of(asset.uri);
      if (!stored.is_ok()) return stored.status();
      if (*stored == AssetType::kDataset) {
        Result<std::vector<std::string>> kids = store.children(asset.uri);
        if (!kids.is_ok()) return kids.status();
        if (!kids->empty()) {
          errors.push_back(
              {batch.origins[i].source, batch.origins[i].line,
               Status::invalid("a dataset with tables or folders cannot change type", "type")});
        }
      }
    }
  }
  return errors;
}

}  // namespace

Result<ImportReport> import_batch(AssetStore& store, ParsedBatch batch,
                                  const ImportOptions& options) {
  ImportReport report;
  report.errors = std::move(batch.errors);
  // Best effort: a child must not be written when its parent's line failed, so references
  // are checked after dropping bad lines, until no new error appears.
  for (;;) {
    Result<std::vector<LineError>> reference_errors = check_references(store, batch);
    if (!reference_errors.is_ok()) return reference_errors.status();
    if (reference_errors->empty()) break;
    for (LineError& error : *reference_errors) {
      auto at = std::find_if(batch.origins.begin(), batch.origins.end(),
                             [&](const LineRef& ref) {
                               return ref.line == error.line && ref.source == error.source;
                             }) -
                batch.origins.begin();
      batch.assets.erase(batch.assets.begin() + at);
      batch.origins.erase(batch.origins.begin() + at);
      report.errors.push_back(std::move(error));
    }
    if (!options.best_effort) break;
  }
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const LineError& a, const LineError& b) {
                     return a.source != b.source ? a.source < b.source : a.line < b.line;
                   });
  if (!report.errors.empty() && !options.best_effort) return report;
  if (batch.assets.empty() && options.remove.empty()) return report;
  Result<WriteSummary> summary = options.remove.empty()
                                     ? store.upsert(batch.assets, options.expected_version)
                                     : store.apply(batch.assets, options.remove);
  if (!summary.is_ok()) return summary.status();
  report.summary = *summary;
  report.written = true;
  report.assets = std::move(batch.assets);
  return report;
}

}  // namespace datacat::indexer
