// The Xapian document schema, in one place. docs/index-schema.md explains it; keep both
// in step. Changing a prefix, slot or weight needs a `datacat reindex`.
#pragma once

#include <xapian.h>

#include <array>
#include <string_view>

namespace datacat::indexer::schema {

// Unique id term: "Q" + uri, or "Q\x01" + hex SHA-256 of the uri when the uri is longer
// than kMaxUriInTerm bytes (Xapian terms are limited to 245 bytes).
inline constexpr std::string_view kUriPrefix = "Q";
inline constexpr size_t kMaxUriInTerm = 200;
// Exact name or label, for the "exact name first" boost: "XE" + exact_key(name) and
// "XE" + exact_key(label) (text_analyzer.h: folded, `_` `-` and spaces equivalent).
inline constexpr std::string_view kExactNamePrefix = "XE";
// Names of approved glossary terms that belong together, for query-time synonyms
// (term_synonyms.h): "XZ" + exact_key(name) + "\x1f" + other name, for every pair of
// names (label, synonyms) of each approved term of the asset.
inline constexpr std::string_view kSynonymPrefix = "XZ";

// Searchable text fields. Each word is indexed once, stemmed, under its field's prefix
// (matching, ranking with the field's weight, field queries, "which fields matched"),
// with positions only in the fields where phrases are worth their cost.
enum class Field {
  kName,
  kLabel,
  kColumnName,
  kColumnDescription,
  kTag,
  kTopic,
  kDescription,
  kOwner,
  kTerm
};

// Ranking is BM25F (indexer/ranker.h): a word's frequency in each field is normalised by
// that field's length (`length_norm` is BM25's b for the field) and scaled by `weight`
// before the sum over fields is saturated once.
struct FieldSpec {
  Field field;
  std::string_view prefix;  // stemmed terms
  std::string_view name;    // as reported in `matched` and used in field queries
  double weight;            // BM25F weight of one occurrence in this field
  double length_norm;       // BM25F b: how much a long field dilutes a word (0..1)
  bool in_default_search;   // matched by plain words (not only by `field:` queries)
  bool positional;          // positions kept: phrases match in this field
  bool completes;           // the last word typed completes as a prefix in this field
  // Fields that complete also index each word unstemmed under this prefix when its stem
  // differs ("billing" -> "XNbill" and "YNbilling"), so "billi" completes to it.
  std::string_view raw_prefix;
};
// Words offered as spelling corrections come from the stored record (name, label, tags,
// topics, description): see spelling_words_of in document_builder.h.

inline constexpr size_t kFieldCount = 9;
inline constexpr std::array<FieldSpec, kFieldCount> kFields{{
    {Field::kName, "XN", "name", 3.0, 0.5, true, true, true, "YN"},
    {Field::kLabel, "XL", "label", 3.0, 0.5, true, true, true, "YL"},
    {Field::kColumnName, "XC", "column", 1.5, 0.5, true, false, true, "YC"},
    {Field::kColumnDescription, "XV", "column_description", 1.0, 0.5, true, false, false, ""},
    {Field::kTag, "XK", "tag", 2.0, 0.3, true, false, true, "YK"},
    {Field::kTopic, "XP", "topic", 1.5, 0.3, true, false, true, "YP"},
    {Field::kDescription, "XD", "description", 1.0, 0.5, true, true, false, ""},
    {Field::kOwner, "XO", "owner", 1.0, 0.0, false, false, false, ""},
    // Approved glossary terms: labels and synonyms (a synonym finds the term's assets).
    {Field::kTerm, "XT", "term", 3.0, 0.3, true, false, true, "YT"},
}};

// Weight of a document whose exact name or label equals the query (added to its score).
inline constexpr double kExactNameBoost = 40.0;
// Position gap between values of a field, so a phrase never spans two of them.
inline constexpr unsigned kFieldPositionGap = 100;
// Prefix completion: the last word typed (when it has at least kMinPrefixBytes) also
// matches every word of a `completes` field that starts with it, weighted kPrefixWeight.
inline constexpr size_t kMinPrefixBytes = 2;
inline constexpr double kPrefixWeight = 0.5;

// Facets: boolean terms "F" + code + ":" + exact value (case kept), no positions.
enum class Facet {
  kType,
  kTag,
  kTopic,
  kRegion,
  kClassification,
  kOwner,
  kEnvironment,
  kOrganization,
  kGlossary
};
inline constexpr size_t kFacetCount = 9;

struct FacetSpec {
  Facet facet;
  std::string_view prefix;
  std::string_view name;  // API name (request filters and response facets)
};

inline constexpr std::array<FacetSpec, kFacetCount> kFacets{{
    {Facet::kType, "FT:", "type"},
    {Facet::kTag, "FK:", "tags"},
    {Facet::kTopic, "FP:", "topics"},
    {Facet::kRegion, "FR:", "region"},
    {Facet::kClassification, "FC:", "classification"},
    {Facet::kOwner, "FO:", "owner"},
    {Facet::kEnvironment, "FE:", "environment"},
    {Facet::kOrganization, "FG:", "organization"},
    // Approved terms as a tree: the term's id, each of its categories' ids and its
    // glossary's id (decimal), so picking a category matches every term beneath it.
    {Facet::kGlossary, "FX:", "glossary"},
}};

// Value slots.
inline constexpr Xapian::valueno kSlotSortName = 0;  // fold(name)
inline constexpr Xapian::valueno kSlotUpdated = 1;   // Xapian::sortable_serialise(updated)
// The asset itself (asset_record.h), for read replicas, which have no catalog.
inline constexpr Xapian::valueno kSlotAssetRecord = 2;
// Each text field's length in words (its terms' wdf sum), kFieldCount little-endian
// uint16s in kFields order, for BM25F's per-field length normalisation.
inline constexpr Xapian::valueno kSlotFieldLengths = 3;

// Database metadata key holding the last outbox seq applied to this index (decimal).
inline constexpr std::string_view kAppliedSeqKey = "datacat.applied_seq";
// Metadata key holding the schema version the index was built with.
inline constexpr std::string_view kSchemaKey = "datacat.schema";
inline constexpr std::string_view kSchemaVersion = "4";

// Stemming language for all text.
inline constexpr std::string_view kStemLanguage = "english";

}  // namespace datacat::indexer::schema
