#include "indexer/document_builder.h"

#include <openssl/sha.h>

#include <algorithm>

#include "indexer/asset_record.h"
#include "indexer/doc_data.h"
#include "indexer/index_schema.h"
#include "indexer/term_synonyms.h"

namespace datacat::indexer {
namespace {

const schema::FieldSpec& spec_of(schema::Field field) {
  for (const auto& spec : schema::kFields) {
    if (spec.field == field) return spec;
  }
  return schema::kFields[0];
}

std::string_view facet_prefix(schema::Facet facet) {
  return schema::kFacets[static_cast<size_t>(facet)].prefix;
}

void add_facet(Xapian::Document& doc, schema::Facet facet, std::string_view value) {
  if (value.empty()) return;
  std::string term(facet_prefix(facet));
  term.append(value.substr(0, 200));
  doc.add_boolean_term(term);
}

}  // namespace

std::vector<std::string> spelling_words_of(const DocData& data) {
  std::vector<Token> tokens;
  uint32_t position = 0;
  for (const std::string* text : {&data.name, &data.label, &data.description})
    analyze(*text, position, tokens);
  for (const auto* list : {&data.tags, &data.topics}) {
    for (const std::string& text : *list) analyze(text, position, tokens);
  }
  std::vector<std::string> words;
  for (Token& token : tokens) {
    if (!token.whole) words.push_back(std::move(token.text));
  }
  return words;
}

std::string uri_term(const std::string& uri) {
  if (uri.size() <= schema::kMaxUriInTerm) return std::string(schema::kUriPrefix) + uri;
  // Xapian terms stop at 245 bytes: long uris are identified by their SHA-256. "\x01" can
  // not occur in a uri, so the two forms never collide.
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(uri.data()), uri.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string term = std::string(schema::kUriPrefix) + "\x01";
  for (unsigned char byte : digest) {
    term.push_back(kHex[byte >> 4]);
    term.push_back(kHex[byte & 15]);
  }
  return term;
}

DocumentBuilder::DocumentBuilder() : stemmer_(std::string(schema::kStemLanguage)) {}

void DocumentBuilder::add_text(Xapian::Document& doc, schema::Field field, std::string_view text) {
  if (text.empty()) return;
  const schema::FieldSpec& spec = spec_of(field);
  tokens_.clear();
  analyze(text, position_, tokens_);
  std::string term(spec.prefix);
  uint32_t& length = field_lengths_[static_cast<size_t>(field)];
  length += static_cast<uint32_t>(tokens_.size());
  for (const Token& token : tokens_) {
    term.resize(spec.prefix.size());
    term += stemmer_(token.text);
    if (spec.positional) {
      doc.add_posting(term, token.position);
    } else {
      doc.add_term(term);
    }
    if (!spec.raw_prefix.empty() &&
        term.compare(spec.prefix.size(), std::string::npos, token.text) != 0)
      doc.add_term(std::string(spec.raw_prefix) + token.text);
  }
  position_ += schema::kFieldPositionGap;
}

Xapian::Document DocumentBuilder::build(const Asset& asset) {
  Xapian::Document doc;
  position_ = 1;
  field_lengths_.fill(0);
  using schema::Field;
  add_text(doc, Field::kName, asset.name);
  add_text(doc, Field::kLabel, asset.label);
  for (const Column& column : asset.columns) {
    add_text(doc, Field::kColumnName, column.name);
    add_text(doc, Field::kColumnDescription, column.description);
  }
  for (const std::string& tag : asset.tags) add_text(doc, Field::kTag, tag);
  for (const std::string& topic : asset.topics) add_text(doc, Field::kTopic, topic);
  add_text(doc, Field::kDescription, asset.description);
  add_text(doc, Field::kOwner, asset.owner);
  for (const LinkedTerm& term : asset.terms) {
    add_text(doc, Field::kTerm, term.label);
    for (const std::string& synonym : term.synonyms) add_text(doc, Field::kTerm, synonym);
  }

  for (const std::string& term : synonym_terms(asset.terms)) doc.add_boolean_term(term);
  doc.add_boolean_term(uri_term(asset.uri));
  // wdf 1, not a boolean term: the exact-name boost needs a non-zero BM25 weight.
  doc.add_term(std::string(schema::kExactNamePrefix) + exact_key(asset.name).substr(0, 200));
  std::string label_key = exact_key(asset.label).substr(0, 200);
  if (!label_key.empty() && label_key != exact_key(asset.name).substr(0, 200))
    doc.add_term(std::string(schema::kExactNamePrefix) + label_key);
  using schema::Facet;
  add_facet(doc, Facet::kType, asset_type_name(asset.type));
  for (const std::string& tag : asset.tags) add_facet(doc, Facet::kTag, tag);
  for (const std::string& topic : asset.topics) add_facet(doc, Facet::kTopic, topic);
  add_facet(doc, Facet::kRegion, asset.region);
  if (asset.classification) {
    add_facet(doc, Facet::kClassification, classification_name(*asset.classification));
  }
  add_facet(doc, Facet::kOwner, asset.owner);
  add_facet(doc, Facet::kEnvironment, asset.environment);
  add_facet(doc, Facet::kOrganization, asset.organization);
  for (const LinkedTerm& term : asset.terms) {
    add_facet(doc, Facet::kGlossary, std::to_string(term.id));
    for (int64_t ancestor : term.ancestors)
      add_facet(doc, Facet::kGlossary, std::to_string(ancestor));
  }

  doc.add_value(schema::kSlotSortName, fold(asset.name));
  doc.add_value(schema::kSlotUpdated,
                Xapian::sortable_serialise(static_cast<double>(asset.updated)));
  doc.add_value(schema::kSlotAssetRecord, encode_asset_record(asset));
  std::string lengths;
  for (uint32_t length : field_lengths_) {
    uint32_t clamped = std::min<uint32_t>(length, 65535);
    lengths.push_back(static_cast<char>(clamped & 0xFF));
    lengths.push_back(static_cast<char>(clamped >> 8));
  }
  doc.add_value(schema::kSlotFieldLengths, lengths);
  DocData data = doc_data_of(asset);
  spelling_ = spelling_words_of(data);
  doc.set_data(encode_doc_data(data));
  return doc;
}

}  // namespace datacat::indexer
