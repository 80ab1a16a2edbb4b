// Batch import: validates a parsed NDJSON batch against itself and the store (parents must
// be datasets in the batch or the catalog), then writes it in one transaction.
// A batch with any error writes nothing, unless best-effort was asked for, which writes
// the good lines and reports the rest. Thread-compatible (uses the caller's store).
#pragma once

#include "indexer/ndjson.h"
#include "indexer/store.h"

namespace datacat::indexer {

struct ImportOptions {
  bool best_effort = false;
  // For a one-asset batch: write only if the stored version equals this (0: the asset must
  // not exist), else kFailedPrecondition from import_batch (the API's If-Match).
  std::optional<int64_t> expected_version;
  // Uris to delete in the same transaction as the writes (an import with --prune). Not
  // with expected_version.
  std::vector<std::string> remove;
};

struct ImportReport {
  WriteSummary summary;
  std::vector<LineError> errors;  // in line order
  bool written = false;           // false when errors stopped the whole batch
  std::vector<Asset> assets;      // as written (version and times set), when written
};

// Checks references and writes. Store faults (and a failed expected_version) come back
// as a non-ok Result.
Result<ImportReport> import_batch(AssetStore& store, ParsedBatch batch,
                                  const ImportOptions& options);

}  // namespace datacat::indexer
