// The catalogs and judged query sets of the relevance benchmark (docs/relevance.md):
// a data directory built the way a user builds one (NDJSON import, glossary CSV import,
// approved term links, then a full index build), and the query files read into one shape.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "indexer/status.h"

namespace datacat::relevance {

struct JudgedQuery {
  std::string text;
  std::string kind;     // own set: exact_name, prefix, question...; DataFinder: its form
  std::string catalog;  // which catalog it searches
  std::vector<std::string> relevant;
  // The judgment a hit list must meet (own set only): the top hit is relevant (`first`),
  // and/or every relevant uri is within the first `within` hits (0: no such judgment).
  bool first = false;
  size_t within = 0;
};

struct JudgedSet {
  std::string name;
  std::vector<JudgedQuery> queries;
};

// DataFinder's dev_queries.jsonl as two sets, "datafinder-sentence" (`query`) and
// "datafinder-keyword" (`keyword_query`), both over catalog "datafinder".
Result<std::pair<JudgedSet, JudgedSet>> load_datafinder_queries(const std::string& path);
// The project's own queries.jsonl (bench/relevance/own/README.md) as set "own".
Result<JudgedSet> load_own_queries(const std::string& path);

// A glossary to import: its CSV file and the glossary's label.
struct GlossaryFile {
  std::string csv;
  std::string label;
};
// An approved link from the term labelled `term` (in any imported glossary) to `uri`.
struct TermLink {
  std::string uri;
  std::string term;
};

struct Catalog {
  std::string name;
  std::string data_dir;
  std::vector<nlohmann::json> assets;  // the NDJSON records, for the baseline
};

// Builds a fresh catalog in `data_dir` (which must not hold one): imports `ndjson`, the
// glossaries, approves the links, and builds the index. Errors name the file and line.
Result<Catalog> build_catalog(const std::string& name, const std::string& data_dir,
                              const std::vector<std::string>& ndjson,
                              const std::vector<GlossaryFile>& glossaries,
                              const std::vector<TermLink>& links);

// The links of own/terms.jsonl for catalog `name`.
Result<std::vector<TermLink>> load_term_links(const std::string& path, const std::string& name);

}  // namespace datacat::relevance
