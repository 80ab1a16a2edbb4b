// The benchmark's suite: the catalogs built in a work directory and the judged sets that
// search them. Paths are relative to the source tree (`source_root`):
//   datafinder  bench/relevance/datafinder/{corpus.ndjson,dev_queries.jsonl}
//   sample      config/sample/catalog.ndjson + glossary-business.csv ("Business")
//   lake        bench/relevance/own/lake.ndjson + lake-glossary.csv ("Lake")
// with own/terms.jsonl's approved links and own/queries.jsonl's queries.
#pragma once

#include <string>
#include <vector>

#include "bench/relevance/relevance_run.h"

namespace datacat::relevance {

struct Suite {
  std::map<std::string, Engines> engines;  // by catalog name
  std::vector<JudgedSet> sets;
};

// Builds the catalogs the chosen sets need under `work_dir` (one data directory each; any
// old one there is removed first) and loads the sets.
Result<Suite> load_suite(const std::string& source_root, const std::string& work_dir,
                         bool datafinder, bool own);

}  // namespace datacat::relevance
