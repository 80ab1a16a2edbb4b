// Feeds one text to the glossary import formats (glossary/glossary_transfer.h): as CSV
// (parse_csv_document, with read_csv and split_escaped of glossary/csv.h beneath it) and,
// when it starts with '{', as the JSON document too. Parse side only: the store's
// validation is fuzzed through fuzz_http (POST /api/v1/glossaries:import).
// Checks, beyond not crashing or throwing: an accepted document written back out and parsed
// again writes the same bytes (to_csv / to_json_text are fixed points after one round);
// errors name a line (CSV) or field (JSON).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "glossary/glossary_transfer.h"
#include "tests/fuzz/fuzz_support.h"

using datacat::glossary::GlossaryDocument;

namespace {

int test_one_input(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto csv = datacat::glossary::parse_csv_document(text); csv.is_ok()) {
    std::string written = datacat::glossary::to_csv(*csv);
    auto again = datacat::glossary::parse_csv_document(written);
    FUZZ_CHECK(again.is_ok());
    FUZZ_CHECK(datacat::glossary::to_csv(*again) == written);
  } else {
    FUZZ_CHECK(csv.status().field().rfind("line ", 0) == 0);
  }
  if (text.empty() || text.front() != '{') return 0;
  if (auto json = datacat::glossary::parse_json_document(text); json.is_ok()) {
    std::string written = datacat::glossary::to_json_text(*json);
    auto again = datacat::glossary::parse_json_document(written);
    FUZZ_CHECK(again.is_ok());
    FUZZ_CHECK(datacat::glossary::to_json_text(*again) == written);
  }
  return 0;
}

}  // namespace

// On a thread with a server worker's stack, so what recurses too deep there crashes here.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return datacat::fuzz::on_worker_stack(test_one_input, data, size);
}
