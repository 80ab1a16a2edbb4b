// NDJSON asset batches: one asset JSON object per line (blank lines are skipped).
// The whole batch is validated; every bad line is reported with its 1-based line number.
// Pure functions, thread-safe.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "indexer/asset.h"
#include "indexer/status.h"

namespace datacat::indexer {

struct LineError {
  std::string source;  // file name, "-" for stdin, "body" for an HTTP body
  int line = 0;        // 1-based
  Status status;       // field() names the field when the error is about one

  // "source:line: field: message"
  std::string to_string() const;
};

// Where an asset came from.
struct LineRef {
  std::string source;
  int line = 0;
};

struct ParsedBatch {
  std::vector<Asset> assets;     // the good lines, in input order
  std::vector<LineRef> origins;  // where each asset in `assets` came from
  std::vector<LineError> errors;
};

// Longest accepted line; longer ones are reported as errors, not read into memory whole.
inline constexpr size_t kMaxLineBytes = 4 * 1024 * 1024;

// Reads every line of `input`, validating each with parse_asset. A uri that appears on
// two lines is an error on the later line. Never throws.
ParsedBatch parse_ndjson(std::istream& input, const std::string& source);

// Moves `more` (e.g. the next file) into `batch`, reporting a uri already in `batch` as
// an error on its line in `more`.
void append_batch(ParsedBatch& batch, ParsedBatch&& more);

}  // namespace datacat::indexer
