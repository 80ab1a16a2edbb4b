#include "indexer/store.h"

#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "indexer/asset_json.h"
#include "indexer/linked_terms.h"
#include "indexer/migrations.h"
#include "indexer/timestamp.h"

namespace datacat::indexer {
namespace {

// The stored body: the asset without the columns kept separately.
std::string body_of(const Asset& asset) {
  Asset copy = asset;
  copy.version = 0;
  copy.created = 0;
  copy.updated = 0;
  return asset_to_json(copy).dump();
}

Asset decode_row(const Statement& row, int body_col, int version_col, int created_col,
                 int updated_col) {
  auto json = nlohmann::json::parse(row.column_view(body_col));
  Result<Asset> asset = parse_asset(json);
  if (!asset.is_ok()) {
    throw SqliteError(SQLITE_CORRUPT, "stored asset does not parse: " + asset.status().to_string());
  }
  asset->version = row.column_int(version_col);
  asset->created = row.column_int(created_col);
  asset->updated = row.column_int(updated_col);
  return std::move(asset).value();
}

Status to_status(const std::exception& e) {
  const auto* sqlite = dynamic_cast<const SqliteError*>(&e);
  if (sqlite != nullptr && (sqlite->code() == SQLITE_BUSY || sqlite->code() == SQLITE_LOCKED)) {
    return Status(StatusCode::kUnavailable, std::string("catalog database busy: ") + e.what());
  }
  return Status::internal(std::string("catalog database: ") + e.what());
}

}  // namespace

Result<std::unique_ptr<AssetStore>> AssetStore::open(const std::string& path) {
  try {
    auto db = std::make_unique<SqliteDb>(path);
    migrate(*db);
    return std::unique_ptr<AssetStore>(new AssetStore(std::move(db)));
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Statement& AssetStore::cached(const char* sql) {
  std::unique_ptr<Statement>& statement = statements_[sql];
  if (!statement) statement = std::make_unique<Statement>(db_->prepare(sql));
  statement->reset();
  return *statement;
}

std::optional<Asset> AssetStore::read_row(const std::string& uri) {
  Statement& query = cached("SELECT body, version, created, updated FROM assets WHERE uri = ?");
  query.bind(1, uri);
  if (!query.step()) return std::nullopt;
  Asset asset = decode_row(query, 0, 1, 2, 3);
  query.reset();
  return asset;
}

void AssetStore::write_outbox(const std::string& uri, int64_t now) {
  cached("INSERT INTO outbox(uri, created) VALUES (?, ?)").bind(1, uri).bind(2, now).run();
}

Result<WriteSummary> AssetStore::upsert(std::vector<Asset>& assets,
                                        std::optional<int64_t> expected_version) {
  if (expected_version && assets.size() != 1)
    return Status::internal("upsert: expected_version needs exactly one asset");
  try {
    WriteSummary summary;
    Transaction txn(*db_, Transaction::Kind::kWrite);
    if (Status s = upsert_in(assets, expected_version, now_unix_seconds(), summary); !s.is_ok())
      return s;
    txn.commit();
    return summary;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<WriteSummary> AssetStore::apply(std::vector<Asset>& upserts,
                                       const std::vector<std::string>& removals) {
  try {
    WriteSummary summary;
    int64_t now = now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    if (Status s = upsert_in(upserts, std::nullopt, now, summary); !s.is_ok()) return s;
    if (Status s = remove_in(removals, std::nullopt, now, summary); !s.is_ok()) return s;
    txn.commit();
    return summary;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Status AssetStore::upsert_in(std::vector<Asset>& assets, std::optional<int64_t> expected_version,
                             int64_t now, WriteSummary& summary) {
  Statement select =
      db_->prepare("SELECT version, created, updated, body FROM assets WHERE uri = ?");
  Statement write = db_->prepare(
      "INSERT INTO assets(uri, type, parent, version, created, updated, body) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(uri) DO UPDATE SET "
      "type = ?2, parent = ?3, version = ?4, created = ?5, updated = ?6, body = ?7");
  Statement outbox = db_->prepare("INSERT INTO outbox(uri, created) VALUES (?, ?)");
  for (Asset& asset : assets) {
    std::string body = body_of(asset);
    select.bind(1, asset.uri);
    bool exists = select.step();
    int64_t stored_version = exists ? select.column_int(0) : 0;
    if (expected_version && *expected_version != stored_version) {
      return Status(StatusCode::kFailedPrecondition,
                    stored_version == 0
                        ? "the asset does not exist"
                        : "the asset is at version " + std::to_string(stored_version) + ", not " +
                              std::to_string(*expected_version),
                    "version");
    }
    if (exists) {
      int64_t old_updated = select.column_int(2);
      bool same =
          select.column_view(3) == body && (asset.updated == 0 || asset.updated == old_updated);
      asset.version = select.column_int(0) + (same ? 0 : 1);
      if (asset.created == 0) asset.created = select.column_int(1);
      if (same) {
        asset.updated = old_updated;
        select.reset();
        ++summary.unchanged;
        continue;
      }
    } else {
      asset.version = 1;
      if (asset.created == 0) asset.created = asset.updated != 0 ? asset.updated : now;
    }
    select.reset();
    if (asset.updated == 0) asset.updated = now;
    if (asset.updated < asset.created) asset.updated = asset.created;
    write.bind(1, asset.uri).bind(2, asset_type_name(asset.type));
    if (asset.parent.empty()) {
      write.bind_null(3);
    } else {
      write.bind(3, asset.parent);
    }
    write.bind(4, asset.version).bind(5, asset.created).bind(6, asset.updated).bind(7, body);
    write.run();
    outbox.bind(1, asset.uri).bind(2, now).run();
    ++(exists ? summary.updated : summary.created);
  }
  return Status::ok();
}

Result<WriteSummary> AssetStore::remove(const std::vector<std::string>& uris,
                                        std::optional<int64_t> expected_version) {
  if (expected_version && uris.size() != 1)
    return Status::internal("remove: expected_version needs exactly one uri");
  try {
    WriteSummary summary;
    Transaction txn(*db_, Transaction::Kind::kWrite);
    if (Status s = remove_in(uris, expected_version, now_unix_seconds(), summary); !s.is_ok())
      return s;
    txn.commit();
    return summary;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Status AssetStore::remove_in(const std::vector<std::string>& uris,
                             std::optional<int64_t> expected_version, int64_t now,
                             WriteSummary& summary) {
  Statement exists = db_->prepare("SELECT version FROM assets WHERE uri = ?");
  Statement kids = db_->prepare("SELECT uri FROM assets WHERE parent = ?");
  Statement erase = db_->prepare("DELETE FROM assets WHERE uri = ?");
  std::unordered_set<std::string> deleted;
  for (const std::string& uri : uris) {
    if (deleted.contains(uri)) continue;  // went with its dataset earlier in this call
    exists.bind(1, uri);
    bool found = exists.step();
    int64_t stored_version = found ? exists.column_int(0) : 0;
    exists.reset();
    if (!found) return Status(StatusCode::kNotFound, "no asset with uri '" + uri + "'", "uri");
    if (expected_version && *expected_version != stored_version) {
      return Status(StatusCode::kFailedPrecondition,
                    "the asset is at version " + std::to_string(stored_version) + ", not " +
                        std::to_string(*expected_version),
                    "version");
    }
    std::vector<std::string> doomed{uri};
    kids.bind(1, uri);
    while (kids.step()) doomed.push_back(kids.column_text(0));
    kids.reset();
    for (const std::string& victim : doomed) {
      erase.bind(1, victim).run();
      if (db_->changes() == 0) continue;
      deleted.insert(victim);
      write_outbox(victim, now);
      ++summary.deleted;
    }
  }
  return Status::ok();
}

Result<std::vector<Asset>> AssetStore::list(const std::string& after, int limit,
                                            const std::string& type, const std::string& parent) {
  try {
    Statement& query = cached(
        "SELECT body, version, created, updated FROM assets WHERE uri > ?1 "
        "AND (?2 = '' OR type = ?2) AND (?3 = '' OR parent = ?3) ORDER BY uri LIMIT ?4");
    query.bind(1, after).bind(2, type).bind(3, parent).bind(4, static_cast<int64_t>(limit));
    std::vector<Asset> assets;
    while (query.step()) assets.push_back(decode_row(query, 0, 1, 2, 3));
    query.reset();
    return assets;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::optional<Asset>> AssetStore::get(const std::string& uri) {
  try {
    return read_row(uri);
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::optional<Asset>> AssetStore::get_resolved(const std::string& uri) {
  try {
    Transaction txn(*db_, Transaction::Kind::kRead);
    std::optional<Asset> asset = read_row(uri);
    if (asset && !asset->parent.empty()) {
      if (std::optional<Asset> parent = read_row(asset->parent))
        resolve_inheritance(*asset, *parent);
    }
    if (asset) asset->terms = LinkedTermReader(*db_).of(uri);
    txn.commit();
    return asset;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::optional<AssetType>> AssetStore::type_of(const std::string& uri) {
  try {
    Statement& query = cached("SELECT type FROM assets WHERE uri = ?");
    query.bind(1, uri);
    if (!query.step()) return std::optional<AssetType>();
    std::optional<AssetType> type = parse_asset_type(query.column_view(0));
    query.reset();
    return type;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<std::string>> AssetStore::children(const std::string& uri) {
  try {
    std::vector<std::string> out;
    Statement& query = cached("SELECT uri FROM assets WHERE parent = ? ORDER BY uri");
    query.bind(1, uri);
    while (query.step()) out.push_back(query.column_text(0));
    query.reset();
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<OutboxEntry>> AssetStore::outbox_after(int64_t after, int limit) {
  try {
    std::vector<OutboxEntry> out;
    Statement query =
        db_->prepare("SELECT seq, uri, created FROM outbox WHERE seq > ? ORDER BY seq");
    query.bind(1, after);
    int64_t last_created = 0;
    while (query.step()) {
      int64_t created = query.column_int(2);
      // Past the limit only while the rows share the last one's time, i.e. may belong to
      // its transaction.
      if (std::cmp_greater_equal(out.size(), limit) && created != last_created) break;
      out.push_back({query.column_int(0), query.column_text(1)});
      last_created = created;
    }
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<int64_t> AssetStore::last_outbox_seq() {
  try {
    // sqlite_sequence keeps the AUTOINCREMENT high-water mark even after pruning.
    Statement query = db_->prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'");
    return query.step() ? query.column_int(0) : int64_t{0};
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<int64_t> AssetStore::first_outbox_seq() {
  try {
    Statement query = db_->prepare(
        "SELECT coalesce((SELECT min(seq) FROM outbox), "
        "(SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) ");
    query.step();
    int64_t first = query.column_int(0);
    Statement empty = db_->prepare("SELECT NOT EXISTS (SELECT 1 FROM outbox)");
    empty.step();
    return empty.column_int(0) != 0 ? first + 1 : first;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Status AssetStore::prune_outbox(int64_t up_to, int64_t min_age_seconds) {
  try {
    Statement erase = db_->prepare("DELETE FROM outbox WHERE seq <= ? AND created <= ?");
    erase.bind(1, up_to).bind(2, now_unix_seconds() - min_age_seconds).run();
    return Status::ok();
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<int64_t> AssetStore::scan_resolved(const std::function<bool(Asset&&)>& visit) {
  try {
    Transaction txn(*db_, Transaction::Kind::kRead);
    Statement seq_query = db_->prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'");
    int64_t seq = seq_query.step() ? seq_query.column_int(0) : 0;
    std::unordered_map<std::string, std::vector<LinkedTerm>> terms = LinkedTermReader(*db_).all();
    auto add_terms = [&terms](Asset& asset) {
      if (auto it = terms.find(asset.uri); it != terms.end()) asset.terms = std::move(it->second);
    };
    // Datasets first, so their inheritable fields are at hand for their children.
    std::unordered_map<std::string, Asset> datasets;
    Statement parents =
        db_->prepare("SELECT body, version, created, updated FROM assets WHERE type = 'dataset'");
    while (parents.step()) {
      Asset dataset = decode_row(parents, 0, 1, 2, 3);
      Asset inheritable;
      resolve_inheritance(inheritable, dataset);
      datasets.emplace(dataset.uri, std::move(inheritable));
      add_terms(dataset);
      if (!visit(std::move(dataset))) return seq;
    }
    Statement others =
        db_->prepare("SELECT body, version, created, updated FROM assets WHERE type <> 'dataset'");
    while (others.step()) {
      Asset asset = decode_row(others, 0, 1, 2, 3);
      if (!asset.parent.empty()) {
        if (auto it = datasets.find(asset.parent); it != datasets.end()) {
          resolve_inheritance(asset, it->second);
        }
      }
      add_terms(asset);
      if (!visit(std::move(asset))) break;
    }
    txn.commit();
    return seq;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<std::pair<std::string, int64_t>>> AssetStore::versions() {
  try {
    std::vector<std::pair<std::string, int64_t>> out;
    Statement query = db_->prepare("SELECT uri, version FROM assets ORDER BY uri");
    while (query.step()) out.emplace_back(query.column_text(0), query.column_int(1));
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<int64_t> AssetStore::count() {
  try {
    Statement query = db_->prepare("SELECT count(*) FROM assets");
    query.step();
    return query.column_int(0);
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

}  // namespace datacat::indexer
