// Versioned schema migrations of the catalog database. Each migration runs once, in
// order, inside one transaction; PRAGMA user_version records the last one applied.
#pragma once

#include "indexer/sqlite_db.h"

namespace datacat::indexer {

// Number of the newest migration this build knows.
int latest_schema_version();

// Applies every migration newer than the database's user_version. Throws SqliteError; a
// database newer than this build is refused (SqliteError with SQLITE_MISMATCH).
void migrate(SqliteDb& db);

}  // namespace datacat::indexer
