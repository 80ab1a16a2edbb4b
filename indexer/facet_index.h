// FacetIndex: an immutable in-memory view of one revision of the Xapian index, built for
// exact disjunctive facet counts and filter-only browsing at a million documents:
//   - per facet value, a Roaring bitmap of the documents that have it (its postings);
//   - per document, its facet values (a forward index: a fixed row for single-valued
//     facets, lists for the others), for counting small match sets;
//   - documents in name and update order, for browsing without a text query;
//   - each document's length and their average, which ranking (ranker.h) weighs by.
// Counting chooses per facet between scanning the match set (small sets) and
// intersecting value bitmaps in decreasing-frequency order with an early stop (large
// sets); see docs/index-schema.md. Immutable once built: thread-safe to share.
#pragma once

#include <xapian.h>

#include <array>
#include <memory>
#include <roaring/roaring.hh>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/index_schema.h"

namespace datacat::indexer {

struct FacetCount {
  std::string value;
  uint32_t count = 0;
  bool selected = false;
};

class FacetIndex {
 public:
  // Reads every facet term, postings and sort value of `db`. Throws Xapian::Error.
  static std::shared_ptr<const FacetIndex> build(const Xapian::Database& db);

  // Documents in the index.
  const Roaring& universe() const { return universe_; }
  // Position of document `doc` in name order (for ties: stable across reindexing, unlike
  // docids); UINT32_MAX for a docid the index does not have.
  uint32_t name_rank(Xapian::docid doc) const {
    return doc < name_rank_.size() ? name_rank_[doc] : UINT32_MAX;
  }

  // Documents' lengths by docid (the sum of their terms' wdf, as Xapian weighs them; 0 for
  // unused docids), and the average length.
  const std::vector<uint32_t>& doc_lengths() const { return doc_lengths_; }
  double average_length() const { return average_length_; }

  // Length in words of text field `field` (schema::kFields position) of `doc`, and the
  // field's average over the index (0 for an index built before schema 4).
  uint32_t field_length(Xapian::docid doc, size_t field) const {
    const std::vector<uint16_t>& lengths = field_lengths_[field];
    return doc < lengths.size() ? lengths[doc] : 0;
  }
  double average_field_length(size_t field) const { return average_field_length_[field]; }

  // Documents whose sort name (fold(name)) starts with `prefix`: a binary search of the
  // name order, reading a few names from `db` (of this index's revision). Throws
  // Xapian::Error.
  Roaring names_starting(const Xapian::Database& db, const std::string& prefix) const;

  // Union of the postings of `values` of `facet` (unknown values match nothing).
  Roaring postings_of(size_t facet, const std::vector<std::string>& values) const;

  // How count() visits a match set; kAuto picks by its size (tests force the others).
  // kComplement counts the documents *not* in the set and subtracts them from each value's
  // frequency: cheap for sets covering most of the index.
  enum class Method { kAuto, kScan, kBitmaps, kComplement };

  // Exact disjunctive counts. `matches` is the text match set (the universe when there is
  // no text query); `selected[f]` the filter values of facet f (empty: no filter) and
  // `filter[f]` their postings union. For each facet in `wanted`, counts are taken over
  // matches ∩ every other facet's filter; the `size` most frequent values are returned,
  // plus every selected value.
  std::array<std::vector<FacetCount>, schema::kFacetCount> count(
      const Roaring& matches,
      const std::array<std::vector<std::string>, schema::kFacetCount>& selected,
      const std::array<Roaring, schema::kFacetCount>& filter,
      const std::array<bool, schema::kFacetCount>& wanted, size_t size,
      Method method = Method::kAuto) const;

  // The `limit` documents of `set` after skipping `offset`, in name order (ascending) or
  // update order (most recent first).
  enum class Order { kName, kUpdatedDesc };
  std::vector<Xapian::docid> top(const Roaring& set, Order order, size_t offset,
                                 size_t limit) const;

  // Values of one facet with a word starting with `prefix` (ASCII case-insensitive), most
  // frequent first, with their counts over the whole index.
  std::vector<FacetCount> values_with_prefix(size_t facet, const std::string& prefix,
                                             size_t limit) const;

 private:
  struct Facet {
    std::vector<std::string> values;     // value id -> text
    std::vector<Roaring> postings;       // value id -> documents
    std::vector<uint32_t> by_frequency;  // value ids, most frequent first
    std::unordered_map<std::string, uint32_t> ids;
  };

  // Counts every facet of `group` over `set` in one pass over the forward index.
  void count_by_scan(const Roaring& set, const std::array<bool, schema::kFacetCount>& group,
                     std::array<std::vector<uint32_t>, schema::kFacetCount>& counts) const;
  // The `size` best values by count, then any selected value not among them.
  std::vector<FacetCount> top_values(size_t facet, const std::vector<uint32_t>& counts,
                                     const std::vector<std::string>& selected, size_t size) const;
  void read_field_lengths(const Xapian::Database& db, Xapian::docid last);
  void count_by_bitmaps(const Roaring& set, size_t facet, size_t size,
                        std::vector<uint32_t>& counts) const;

  std::array<Facet, schema::kFacetCount> facets_;
  Roaring universe_;
  // Forward index. Facets with at most one value per document (type, owner, region...):
  // rows_[d * single_facets_.size() + column] is 1 + the value id of facet
  // single_facets_[column], 0 for none, so one read finds them all. The others (tags,
  // topics, glossary): entries_[offsets_[d] .. offsets_[d+1]) are (facet << 24 | value id).
  std::vector<uint32_t> single_facets_;
  std::vector<uint32_t> rows_;
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> entries_;
  std::vector<Xapian::docid> by_name_;     // all documents, name order
  std::vector<Xapian::docid> by_updated_;  // all documents, most recent first
  std::vector<uint32_t> name_rank_;        // docid -> position in by_name_
  std::vector<uint32_t> updated_rank_;     // docid -> position in by_updated_
  std::vector<uint32_t> doc_lengths_;      // docid -> length
  double average_length_ = 0;
  // field -> docid -> length (one array per field: ranking reads one field at a time)
  std::array<std::vector<uint16_t>, schema::kFieldCount> field_lengths_;
  std::array<double, schema::kFieldCount> average_field_length_{};
};

}  // namespace datacat::indexer
