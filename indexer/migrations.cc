#include "indexer/migrations.h"

#include <string>
#include <vector>

namespace datacat::indexer {
namespace {

// Append only: never edit a migration that has shipped.
const std::vector<const char*> kMigrations = {
    // 1: assets and the index outbox.
    R"sql(
      CREATE TABLE assets (
        uri      TEXT PRIMARY KEY NOT NULL,
        type     TEXT NOT NULL,
        parent   TEXT,
        version  INTEGER NOT NULL,
        created  INTEGER NOT NULL,
        updated  INTEGER NOT NULL,
        body     TEXT NOT NULL  -- canonical asset JSON without uri, version and times
      );
      CREATE INDEX assets_by_parent ON assets(parent) WHERE parent IS NOT NULL;
      -- Every change to what the index shows appends a row here in the same transaction;
      -- the index writer applies rows in seq order and records the last one it applied.
      CREATE TABLE outbox (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        uri      TEXT NOT NULL,
        created  INTEGER NOT NULL
      );
    )sql",
    // 2: API bearer tokens (server/token_store.h). Only the secret's hash is stored.
    // AUTOINCREMENT: a token id (part of every secret) is never reused.
    R"sql(
      CREATE TABLE tokens (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        user_name    TEXT NOT NULL,
        group_names  TEXT NOT NULL,  -- JSON array of strings
        admin        INTEGER NOT NULL,
        note         TEXT NOT NULL,
        secret_hash  TEXT NOT NULL,  -- lowercase hex SHA-256 of the whole secret
        created      INTEGER NOT NULL,
        revoked      INTEGER NOT NULL DEFAULT 0  -- unix seconds; 0 while active
      );
    )sql",
    // 3: glossaries (glossary -> categories -> terms, one table) and the links between
    // terms and assets, with an append-only history of every decision. A link goes with
    // its asset (foreign key) and with its term; glossary code writes the outbox rows of
    // the assets whose approved links change, in the same transaction.
    R"sql(
      CREATE TABLE glossary_nodes (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        kind         TEXT NOT NULL CHECK (kind IN ('glossary', 'category', 'term')),
        glossary_id  INTEGER REFERENCES glossary_nodes(id) ON DELETE CASCADE,  -- NULL: a glossary
        parent_id    INTEGER REFERENCES glossary_nodes(id) ON DELETE CASCADE,  -- NULL: a glossary
        label        TEXT NOT NULL,
        description  TEXT NOT NULL DEFAULT '',
        synonyms     TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings (terms)
        owner        TEXT,                        -- the owner team (glossaries)
        created      INTEGER NOT NULL,
        updated      INTEGER NOT NULL,
        CHECK ((kind = 'glossary') = (parent_id IS NULL)),
        CHECK ((kind = 'glossary') = (glossary_id IS NULL))
      );
      CREATE INDEX glossary_nodes_by_parent ON glossary_nodes(parent_id);
      CREATE UNIQUE INDEX glossary_labels ON glossary_nodes(label COLLATE NOCASE)
        WHERE kind = 'glossary';
      CREATE UNIQUE INDEX glossary_term_labels ON glossary_nodes(glossary_id, label COLLATE NOCASE)
        WHERE kind = 'term';
      CREATE TABLE associations (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        term_id      INTEGER NOT NULL REFERENCES glossary_nodes(id) ON DELETE CASCADE,
        asset_uri    TEXT NOT NULL REFERENCES assets(uri) ON DELETE CASCADE,
        status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'dismissed')),
        proposed_by  TEXT NOT NULL,
        proposed_at  INTEGER NOT NULL,
        decided_by   TEXT,
        decided_at   INTEGER,
        UNIQUE (term_id, asset_uri)
      );
      CREATE INDEX associations_by_asset ON associations(asset_uri);
      CREATE TABLE association_history (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        association_id  INTEGER NOT NULL,  -- no foreign key: the history outlives the link
        term_id         INTEGER NOT NULL,
        asset_uri       TEXT NOT NULL,
        action          TEXT NOT NULL,  -- proposed, approved, dismissed, removed
        actor           TEXT NOT NULL,
        at              INTEGER NOT NULL
      );
      CREATE INDEX association_history_by_link ON association_history(association_id);
    )sql",
};

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

void migrate(SqliteDb& db) {
  Statement version_query = db.prepare("PRAGMA user_version");
  version_query.step();
  int current = static_cast<int>(version_query.column_int(0));
  version_query.reset();
  if (current > latest_schema_version()) {
    throw SqliteError(SQLITE_MISMATCH, "catalog schema version " + std::to_string(current) +
                                           " is newer than this datacat build supports (" +
                                           std::to_string(latest_schema_version()) + ")");
  }
  for (int v = current; v < latest_schema_version(); ++v) {
    Transaction txn(db, Transaction::Kind::kWrite);
    // Another process may have migrated while this one waited for the write lock.
    version_query.step();
    int now = static_cast<int>(version_query.column_int(0));
    version_query.reset();
    if (now > v) {
      v = now - 1;
      continue;
    }
    db.exec(kMigrations[v]);
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    txn.commit();
  }
}

}  // namespace datacat::indexer
