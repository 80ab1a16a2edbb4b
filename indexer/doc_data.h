// The compact record stored as each Xapian document's data: what a search hit shows,
// without going back to SQLite. Encoding: length-prefixed strings (no JSON on the hot path).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/asset.h"

namespace datacat::indexer {

struct DocData {
  std::string uri;
  std::string type;
  std::string name;
  std::string label;
  std::string description;  // the first kSnippetSourceBytes of the description
  std::vector<std::string> tags;
  std::vector<std::string> topics;
  std::string owner;
  std::string region;
  std::string classification;
  std::string environment;
  std::string organization;
  std::vector<std::string> columns;  // column names
  int64_t updated = 0;
  int64_t version = 0;
  std::vector<std::string> terms;     // approved glossary term labels
  std::vector<std::string> term_ids;  // their ids (decimal), in the same order
};

inline constexpr size_t kSnippetSourceBytes = 4096;

// Builds the record of a resolved asset.
DocData doc_data_of(const Asset& asset);
std::string encode_doc_data(const DocData& data);
// Decodes; a malformed record yields a DocData with what could be read.
DocData decode_doc_data(std::string_view bytes);

}  // namespace datacat::indexer
