// AssetAccess: how the asset routes apply the write rules of auth.h to one request.
//   - Changing or deleting a stored asset needs edit rights on it as stored.
//   - Creating an asset needs ownership rights on it; changing an asset's owner, stewards
//     or parent needs ownership rights on it before and after (so nobody hands an asset to
//     a team they are not in, and a steward team cannot make itself owner or add stewards).
//   - Putting an asset inside a dataset (creating it there, or moving it there) needs edit
//     rights on that dataset too, whatever owner the asset names.
//   - Deleting a dataset needs edit rights on each table and folder it takes with it.
// Parents come from the same request's batch first, then from the store. A parent that
// exists in neither is kInvalidArgument (field "parent").
// Thread-compatible (uses the caller's store).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "indexer/asset.h"
#include "indexer/store.h"
#include "server/auth.h"

namespace datacat::server {

// Assets written by the same request, by uri.
using BatchAssets = std::unordered_map<std::string, const indexer::Asset*>;

class AssetAccess {
 public:
  AssetAccess(const Authenticator& auth, indexer::AssetStore& store, const Identity& identity)
      : auth_(auth), store_(store), identity_(identity) {}

  // May the caller write `incoming` where `stored` is (nullopt: a create)?
  Status check_write(const std::optional<indexer::Asset>& stored, const indexer::Asset& incoming,
                     const BatchAssets& batch = {});
  // May the caller delete `stored` and the tables and folders that go with it?
  Status check_delete(const indexer::Asset& stored);

 private:
  // `asset` with inherited fields from its parent, and that parent (when it has one).
  Result<std::pair<indexer::Asset, std::optional<indexer::Asset>>> resolve(
      const indexer::Asset& asset, const BatchAssets& batch);

  const Authenticator& auth_;
  indexer::AssetStore& store_;
  const Identity& identity_;
};

}  // namespace datacat::server
