// Feeds an NDJSON batch to parse_ndjson (indexer/ndjson.h), as `datacat import` and
// POST /api/v1/assets:bulk read it (parse side only: the store is fuzzed through fuzz_http).
// Checks, beyond not crashing or throwing: every asset has its origin, line numbers are
// 1-based and increasing, uris are unique; and parsing is line-local — the input cut after
// a newline near its middle, parsed as two files and joined with append_batch, gives the
// same assets and as many errors.
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>

#include "indexer/ndjson.h"
#include "tests/fuzz/fuzz_support.h"

using datacat::indexer::ParsedBatch;

namespace {

ParsedBatch parse(const std::string& text) {
  std::istringstream input(text);
  return datacat::indexer::parse_ndjson(input, "fuzz");
}

}  // namespace

namespace {

int test_one_input(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ParsedBatch whole = parse(text);
  FUZZ_CHECK(whole.assets.size() == whole.origins.size());
  std::set<std::string> uris;
  int last_line = 0;
  for (size_t i = 0; i < whole.assets.size(); ++i) {
    FUZZ_CHECK(uris.insert(whole.assets[i].uri).second);
    FUZZ_CHECK(whole.origins[i].line > last_line);
    last_line = whole.origins[i].line;
  }
  for (const auto& error : whole.errors) FUZZ_CHECK(error.line >= 1);

  size_t cut = text.find('\n', size / 2);
  if (cut == std::string::npos) return 0;
  ParsedBatch joined = parse(text.substr(0, cut + 1));
  datacat::indexer::append_batch(joined, parse(text.substr(cut + 1)));
  FUZZ_CHECK(joined.assets == whole.assets);
  FUZZ_CHECK(joined.errors.size() == whole.errors.size());
  return 0;
}

}  // namespace

// On a thread with a server worker's stack, so what recurses too deep there crashes here.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return datacat::fuzz::on_worker_stack(test_one_input, data, size);
}
