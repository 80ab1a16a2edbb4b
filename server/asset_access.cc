#include "server/asset_access.h"

#include <tuple>

namespace datacat::server {

using indexer::Asset;

Result<std::pair<Asset, std::optional<Asset>>> AssetAccess::resolve(const Asset& asset,
                                                                    const BatchAssets& batch) {
  std::optional<Asset> parent;
  if (!asset.parent.empty()) {
    if (auto it = batch.find(asset.parent); it != batch.end()) {
      parent = *it->second;
    } else {
      Result<std::optional<Asset>> stored = store_.get(asset.parent);
      if (!stored.is_ok()) return stored.status();
      parent = *stored;
    }
    // Reported here, before the owner it would have inherited is needed.
    if (!parent) return Status::invalid("no dataset with uri '" + asset.parent + "'", "parent");
  }
  Asset resolved = asset;
  if (parent) indexer::resolve_inheritance(resolved, *parent);
  return std::make_pair(std::move(resolved), std::move(parent));
}

Status AssetAccess::check_write(const std::optional<Asset>& stored, const Asset& incoming,
                                const BatchAssets& batch) {
  std::optional<Asset> before;
  std::optional<Asset> before_parent;
  if (stored) {
    auto was = resolve(*stored, {});
    if (!was.is_ok()) return was.status();
    std::tie(before, before_parent) = std::move(was).value();
    if (Status s =
            auth_.check_asset_write(identity_, *before, before_parent ? &*before_parent : nullptr);
        !s.is_ok())
      return s;
  }
  auto will_be = resolve(incoming, batch);
  if (!will_be.is_ok()) return will_be.status();
  const auto& [after, parent] = *will_be;
  // Whoever it names as owner, an asset goes into a dataset only with edit rights on it.
  if (parent && (!before || before->parent != after.parent)) {
    if (Status s = auth_.check_asset_write(identity_, *parent, nullptr); !s.is_ok())
      return Status(s.code(),
                    s.message() + " (needed to put '" + incoming.uri + "' inside that dataset)");
  }
  bool hands_over = !before || before->owner != after.owner || before->stewards != after.stewards ||
                    before->parent != after.parent;
  if (!hands_over) return Status::ok();
  if (before) {  // only who owns it may give it away (stewards may not take it)
    if (Status s = auth_.check_asset_ownership(identity_, *before,
                                               before_parent ? &*before_parent : nullptr);
        !s.is_ok())
      return s;
  }
  return auth_.check_asset_ownership(identity_, after, parent ? &*parent : nullptr);
}

Status AssetAccess::check_delete(const Asset& stored) {
  auto resolved = resolve(stored, {});
  if (!resolved.is_ok()) return resolved.status();
  const auto& [asset, parent] = *resolved;
  if (Status s = auth_.check_asset_write(identity_, asset, parent ? &*parent : nullptr); !s.is_ok())
    return s;
  Result<std::vector<std::string>> children = store_.children(stored.uri);
  if (!children.is_ok()) return children.status();
  for (const std::string& uri : *children) {
    Result<std::optional<Asset>> child = store_.get(uri);
    if (!child.is_ok()) return child.status();
    if (!*child) continue;  // deleted meanwhile
    Asset resolved_child = **child;
    indexer::resolve_inheritance(resolved_child, asset);
    if (Status s = auth_.check_asset_write(identity_, resolved_child, &asset); !s.is_ok())
      return Status(s.code(), s.message() + " (deleting '" + stored.uri + "' would delete it)");
  }
  return Status::ok();
}

}  // namespace datacat::server
