// Turns a resolved asset (inheritance applied) into its Xapian document, following
// index_schema.h. Thread-compatible: one builder per thread (it owns a stemmer and buffers).
#pragma once

#include <xapian.h>

#include <array>
#include <string>
#include <vector>

#include "indexer/asset.h"
#include "indexer/doc_data.h"
#include "indexer/index_schema.h"
#include "indexer/text_analyzer.h"

namespace datacat::indexer {

class DocumentBuilder {
 public:
  DocumentBuilder();
  // The document for `asset`; its unique term is schema::kUriPrefix + uri.
  Xapian::Document build(const Asset& asset);
  // Words worth offering as spelling corrections, gathered by the last build().
  const std::vector<std::string>& spelling_words() const { return spelling_; }

 private:
  void add_text(Xapian::Document& doc, schema::Field field, std::string_view text);

  Xapian::Stem stemmer_;
  std::vector<Token> tokens_;
  std::vector<std::string> spelling_;
  uint32_t position_ = 0;
  std::array<uint32_t, schema::kFieldCount> field_lengths_{};  // of the document being built
};

// The unique-id term of an asset.
std::string uri_term(const std::string& uri);

// The words a document contributes to the spelling table: folded words of its name, label,
// tags, topics and (stored part of the) description. Computed from the stored record, so
// the writer can take them back out when the document is replaced or deleted.
std::vector<std::string> spelling_words_of(const DocData& data);

}  // namespace datacat::indexer
