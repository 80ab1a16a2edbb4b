// AssetStore: the catalog's source of truth in SQLite (catalog.db).
// Every change writes the assets table and an outbox row in one transaction, so the
// search index can always be brought up to date (see index_writer.h).
// Thread-compatible: one AssetStore per thread (each owns its own connection); several
// stores, in several processes, may use one file at once (WAL, busy timeout).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/asset.h"
#include "indexer/sqlite_db.h"
#include "indexer/status.h"

namespace datacat::indexer {

struct OutboxEntry {
  int64_t seq = 0;
  std::string uri;
};

struct WriteSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;  // identical content: no new version, no outbox row
  int deleted = 0;
};

class AssetStore {
 public:
  // Opens (creating if needed) and migrates the database at `path`.
  static Result<std::unique_ptr<AssetStore>> open(const std::string& path);

  // Creates or replaces each asset, all or nothing. Sets each asset's version (previous+1,
  // or 1), created (kept from the stored row unless given) and updated (given, or now when
  // the content changed). Callers validate references first (see importer.h).
  // With `expected_version` (one asset only): writes only when the stored version equals
  // it (0: the asset must not exist yet), else kFailedPrecondition — the check and the
  // write are one transaction (the API's If-Match).
  Result<WriteSummary> upsert(std::vector<Asset>& assets,
                              std::optional<int64_t> expected_version = std::nullopt);

  // Deletes the assets, all or nothing; deleting a dataset also deletes its tables and
  // folders. kNotFound (naming the uri) when any uri is unknown.
  // With `expected_version` (one uri only): kFailedPrecondition unless the stored version
  // equals it, checked in the deleting transaction.
  Result<WriteSummary> remove(const std::vector<std::string>& uris,
                              std::optional<int64_t> expected_version = std::nullopt);

  // Upserts (as upsert, without expected_version) then removes (as remove) in one
  // transaction: all or nothing. For imports that also prune.
  Result<WriteSummary> apply(std::vector<Asset>& upserts, const std::vector<std::string>& removals);

  // The stored asset, or nullopt.
  Result<std::optional<Asset>> get(const std::string& uri);
  // The asset with inherited fields filled from its parent dataset, and its approved
  // glossary terms.
  Result<std::optional<Asset>> get_resolved(const std::string& uri);
  // Type of the stored asset, or nullopt.
  Result<std::optional<AssetType>> type_of(const std::string& uri);
  // Up to `limit` stored assets (not resolved) with uri > `after`, in uri order; empty
  // `type`/`parent` mean any.
  Result<std::vector<Asset>> list(const std::string& after, int limit, const std::string& type,
                                  const std::string& parent);
  // Uris of the tables and folders whose parent is `uri`.
  Result<std::vector<std::string>> children(const std::string& uri);

  // Outbox rows with seq > after, oldest first: `limit` of them (fewer when the outbox has
  // no more), then the rows right after that share the last one's `created` time. Every
  // transaction writes its rows with one time, so a batch never ends inside a transaction
  // and whoever applies it one commit at a time never shows half of a change.
  Result<std::vector<OutboxEntry>> outbox_after(int64_t after, int limit);
  // Highest outbox seq ever written (0 for a new catalog).
  Result<int64_t> last_outbox_seq();
  // Lowest seq still in the outbox (last_outbox_seq() + 1 when it is empty).
  Result<int64_t> first_outbox_seq();
  // Drops outbox rows with seq <= up_to that are older than `min_age_seconds`.
  Status prune_outbox(int64_t up_to, int64_t min_age_seconds);

  // Calls `visit` for every asset (resolved as get_resolved) from one consistent snapshot and
  // returns the last outbox seq that snapshot reflects. `visit` returning false stops.
  Result<int64_t> scan_resolved(const std::function<bool(Asset&&)>& visit);
  // uri -> version of every asset, sorted by uri, from one snapshot.
  Result<std::vector<std::pair<std::string, int64_t>>> versions();
  Result<int64_t> count();

 private:
  explicit AssetStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  std::optional<Asset> read_row(const std::string& uri);
  void write_outbox(const std::string& uri, int64_t now);
  // The bodies of upsert and remove, inside the caller's write transaction; they throw
  // SqliteError on storage faults.
  Status upsert_in(std::vector<Asset>& assets, std::optional<int64_t> expected_version, int64_t now,
                   WriteSummary& summary);
  Status remove_in(const std::vector<std::string>& uris, std::optional<int64_t> expected_version,
                   int64_t now, WriteSummary& summary);
  // A prepared statement for `sql`, prepared once per store and reset before reuse.
  Statement& cached(const char* sql);

  std::unique_ptr<SqliteDb> db_;
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
};

}  // namespace datacat::indexer
