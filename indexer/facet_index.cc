#include "indexer/facet_index.h"

#include <algorithm>
#include <cctype>

namespace datacat::indexer {
namespace {

// Below this many documents, counting scans the forward index; above it, intersects
// value bitmaps. At 1M assets (bench/search_bench.cc, warm) a scan costs ~70-90 ns per
// document for sparse sets and ~35 ns for sets of 100k-300k, intersecting ~280 ns per
// document below 100k and ~24 ns at 100k-300k; see docs/performance.md.
constexpr uint64_t kScanLimit = 150000;
// Sets missing at most this many documents are counted by scanning those documents.
constexpr uint64_t kComplementLimit = 30000;

std::vector<uint32_t> to_vector(const Roaring& set) {
  std::vector<uint32_t> out(set.cardinality());
  if (!out.empty()) set.toUint32Array(out.data());
  return out;
}

// Sorts `ids` by count descending, then value ascending, and keeps the first `size`.
void keep_top(std::vector<uint32_t>& ids, const std::vector<uint32_t>& counts,
              const std::vector<std::string>& values, size_t size) {
  auto better = [&](uint32_t a, uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : values[a] < values[b];
  };
  if (ids.size() > size) {
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(size), ids.end(),
                      better);
    ids.resize(size);
  } else {
    std::sort(ids.begin(), ids.end(), better);
  }
}

}  // namespace

std::shared_ptr<const FacetIndex> FacetIndex::build(const Xapian::Database& db) {
  auto index = std::make_shared<FacetIndex>();
  Xapian::docid last = db.get_lastdocid();
  std::vector<uint32_t> per_doc(last + 2, 0);
  std::vector<uint8_t> in_facet(last + 2, 0);  // values of the current facet, per document
  std::vector<uint32_t> docs;
  std::array<bool, schema::kFacetCount> multi{};
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    const std::string prefix(schema::kFacets[f].prefix);
    Facet& facet = index->facets_[f];
    std::fill(in_facet.begin(), in_facet.end(), 0);
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
      docs.clear();
      for (auto post = db.postlist_begin(*term); post != db.postlist_end(*term); ++post) {
        docs.push_back(*post);
        multi[f] = multi[f] || in_facet[*post] != 0;
        in_facet[*post] = 1;
      }
      Roaring postings;
      postings.addMany(docs.size(), docs.data());
      postings.runOptimize();
      auto id = static_cast<uint32_t>(facet.values.size());
      facet.values.push_back((*term).substr(prefix.size()));
      facet.ids.emplace(facet.values.back(), id);
      facet.postings.push_back(std::move(postings));
      if (f == static_cast<size_t>(schema::Facet::kType)) index->universe_ |= facet.postings.back();
    }
    facet.by_frequency.resize(facet.values.size());
    for (uint32_t i = 0; i < facet.by_frequency.size(); ++i) facet.by_frequency[i] = i;
    std::stable_sort(facet.by_frequency.begin(), facet.by_frequency.end(),
                     [&](uint32_t a, uint32_t b) {
                       return facet.postings[a].cardinality() > facet.postings[b].cardinality();
                     });
  }
  // Forward index: a row per document for the facets with at most one value per document,
  // lists (filled facet by facet, so grouped by facet) for the others.
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (!multi[f]) index->single_facets_.push_back(static_cast<uint32_t>(f));
  }
  const size_t width = index->single_facets_.size();
  index->rows_.assign((last + 1) * width, 0);
  for (size_t column = 0; column < width; ++column) {
    const Facet& facet = index->facets_[index->single_facets_[column]];
    for (uint32_t id = 0; id < facet.values.size(); ++id) {
      for (uint32_t d : to_vector(facet.postings[id])) index->rows_[d * width + column] = id + 1;
    }
  }
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (!multi[f]) continue;
    for (const Roaring& postings : index->facets_[f].postings) {
      for (uint32_t d : to_vector(postings)) ++per_doc[d];
    }
  }
  index->offsets_.assign(last + 2, 0);
  for (Xapian::docid d = 1; d <= last + 1; ++d)
    index->offsets_[d] = index->offsets_[d - 1] + per_doc[d - 1];
  index->entries_.resize(index->offsets_[last + 1]);
  std::vector<uint32_t> fill(index->offsets_.begin(), index->offsets_.end() - 1);
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (!multi[f]) continue;
    const Facet& facet = index->facets_[f];
    for (uint32_t id = 0; id < facet.values.size(); ++id) {
      for (uint32_t d : to_vector(facet.postings[id])) {
        index->entries_[fill[d]++] = static_cast<uint32_t>(f << 24) | id;
      }
    }
  }
  index->doc_lengths_.assign(last + 1, 0);
  for (auto post = db.postlist_begin(""); post != db.postlist_end(""); ++post) {
    index->doc_lengths_[*post] = post.get_doclength();
  }
  index->average_length_ = db.get_avlength();
  index->read_field_lengths(db, last);
  // Browse orders.
  std::vector<std::pair<std::string, Xapian::docid>> names;
  for (auto v = db.valuestream_begin(schema::kSlotSortName);
       v != db.valuestream_end(schema::kSlotSortName); ++v) {
    names.emplace_back(*v, v.get_docid());
  }
  std::sort(names.begin(), names.end());
  std::vector<std::pair<double, Xapian::docid>> times;
  for (auto v = db.valuestream_begin(schema::kSlotUpdated);
       v != db.valuestream_end(schema::kSlotUpdated); ++v) {
    times.emplace_back(-Xapian::sortable_unserialise(*v), v.get_docid());
  }
  std::sort(times.begin(), times.end());
  index->name_rank_.assign(last + 1, 0);
  index->updated_rank_.assign(last + 1, 0);
  for (const auto& [name, d] : names) {
    index->name_rank_[d] = static_cast<uint32_t>(index->by_name_.size());
    index->by_name_.push_back(d);
  }
  for (const auto& [time, d] : times) {
    index->updated_rank_[d] = static_cast<uint32_t>(index->by_updated_.size());
    index->by_updated_.push_back(d);
  }
  return index;
}

void FacetIndex::read_field_lengths(const Xapian::Database& db, Xapian::docid last) {
  constexpr size_t kFields = schema::kFieldCount;
  for (std::vector<uint16_t>& lengths : field_lengths_) lengths.assign(last + 1, 0);
  std::array<double, kFields> sums{};
  for (auto v = db.valuestream_begin(schema::kSlotFieldLengths);
       v != db.valuestream_end(schema::kSlotFieldLengths); ++v) {
    const std::string& bytes = *v;
    Xapian::docid doc = v.get_docid();
    for (size_t f = 0; f < kFields && 2 * f + 1 < bytes.size(); ++f) {
      auto length = static_cast<uint16_t>(static_cast<unsigned char>(bytes[2 * f]) |
                                          static_cast<unsigned char>(bytes[2 * f + 1]) << 8);
      field_lengths_[f][doc] = length;
      sums[f] += length;
    }
  }
  double docs = static_cast<double>(std::max<Xapian::doccount>(db.get_doccount(), 1));
  for (size_t f = 0; f < kFields; ++f) average_field_length_[f] = sums[f] / docs;
}

Roaring FacetIndex::names_starting(const Xapian::Database& db, const std::string& prefix) const {
  if (prefix.empty()) return {};
  auto name_at = [&](size_t i) {
    return db.get_document(by_name_[i], Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotSortName);
  };
  // by_name_ is sorted by the names: those starting with `prefix` are one run of it.
  size_t low = 0, high = by_name_.size();
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (name_at(mid) < prefix)
      low = mid + 1;
    else
      high = mid;
  }
  size_t begin = low;
  high = by_name_.size();
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (name_at(mid).compare(0, prefix.size(), prefix) <= 0)
      low = mid + 1;
    else
      high = mid;
  }
  Roaring out;
  out.addMany(low - begin, by_name_.data() + begin);
  return out;
}

Roaring FacetIndex::postings_of(size_t facet, const std::vector<std::string>& values) const {
  Roaring out;
  for (const std::string& value : values) {
    auto it = facets_[facet].ids.find(value);
    if (it != facets_[facet].ids.end()) out |= facets_[facet].postings[it->second];
  }
  return out;
}

void FacetIndex::count_by_scan(
    const Roaring& set, const std::array<bool, schema::kFacetCount>& group,
    std::array<std::vector<uint32_t>, schema::kFacetCount>& counts) const {
  uint32_t mask = 0;  // multi-valued facets of the group
  std::array<uint32_t*, schema::kFacetCount> into{};
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    mask |= group[f] ? 1u << f : 0u;
    into[f] = counts[f].data();
  }
  const size_t width = single_facets_.size();
  std::array<std::pair<size_t, uint32_t*>, schema::kFacetCount> columns;  // (column, counts)
  size_t wanted_columns = 0;
  for (size_t column = 0; column < width; ++column) {
    uint32_t f = single_facets_[column];
    mask &= ~(1u << f);
    if (group[f]) columns[wanted_columns++] = {column, into[f]};
  }
  std::array<uint32_t, 256> chunk;
  roaring_uint32_iterator_t it;
  roaring_init_iterator(&set.roaring, &it);
  for (;;) {
    uint32_t n = roaring_read_uint32_iterator(&it, chunk.data(), chunk.size());
    // Sparse sets miss the cache on every document: ask for a chunk's rows and lists
    // before reading any of them, so the misses overlap.
    for (uint32_t i = 0; i < n; ++i) {
      __builtin_prefetch(&rows_[chunk[i] * width]);
      if (mask != 0) __builtin_prefetch(&offsets_[chunk[i]]);
    }
    for (uint32_t i = 0; mask != 0 && i < n; ++i) __builtin_prefetch(&entries_[offsets_[chunk[i]]]);
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t d = chunk[i];
      const uint32_t* row = &rows_[d * width];
      for (size_t c = 0; c < wanted_columns; ++c) {
        uint32_t value = row[columns[c].first];
        if (value != 0) ++columns[c].second[value - 1];
      }
      if (mask == 0) continue;
      for (uint32_t e = offsets_[d]; e < offsets_[d + 1]; ++e) {
        uint32_t entry = entries_[e];
        uint32_t f = entry >> 24;
        if ((mask >> f) & 1u) ++into[f][entry & 0xFFFFFF];
      }
    }
    if (n < chunk.size()) break;
  }
}

void FacetIndex::count_by_bitmaps(const Roaring& set, size_t facet, size_t size,
                                  std::vector<uint32_t>& counts) const {
  const Facet& f = facets_[facet];
  // Values in decreasing frequency: once `size` values have counts at least as large as
  // the next value's frequency, no later value can enter the top `size`.
  std::vector<uint32_t> best;  // counts of the top values so far (min-heap)
  for (uint32_t id : f.by_frequency) {
    uint64_t frequency = f.postings[id].cardinality();
    if (best.size() >= size && frequency < best.front()) break;
    auto c = static_cast<uint32_t>(set.and_cardinality(f.postings[id]));
    counts[id] = c;
    if (c == 0) continue;
    if (best.size() < size) {
      best.push_back(c);
      std::push_heap(best.begin(), best.end(), std::greater<>());
    } else if (c > best.front()) {
      std::pop_heap(best.begin(), best.end(), std::greater<>());
      best.back() = c;
      std::push_heap(best.begin(), best.end(), std::greater<>());
    }
  }
}

std::array<std::vector<FacetCount>, schema::kFacetCount> FacetIndex::count(
    const Roaring& matches,
    const std::array<std::vector<std::string>, schema::kFacetCount>& selected,
    const std::array<Roaring, schema::kFacetCount>& filter,
    const std::array<bool, schema::kFacetCount>& wanted, size_t size, Method method) const {
  std::array<std::vector<uint32_t>, schema::kFacetCount> counts;
  for (size_t f = 0; f < schema::kFacetCount; ++f) counts[f].assign(facets_[f].values.size(), 0);
  std::array<bool, schema::kFacetCount> exact{};  // counts[f] holds every value's count
  // Each facet counts over the matches filtered by every *other* facet. The facets without
  // a selection of their own all share one set, and one scan counts them together.
  auto filtered_except = [&](size_t except) {
    Roaring set = matches;
    for (size_t g = 0; g < schema::kFacetCount; ++g) {
      if (g != except && !selected[g].empty()) set &= filter[g];
    }
    return set;
  };
  auto count_group = [&](const Roaring& set, const std::array<bool, schema::kFacetCount>& group) {
    uint64_t set_size = set.cardinality();
    uint64_t universe_size = universe_.cardinality();
    bool scan = method == Method::kScan ||
                (method == Method::kAuto && set_size <= kScanLimit && set_size != universe_size);
    bool complement = method == Method::kComplement ||
                      (method == Method::kAuto && universe_size - set_size <= kComplementLimit);
    if (complement) {
      // Every value's frequency, less its documents outside the set.
      std::array<std::vector<uint32_t>, schema::kFacetCount> outside;
      for (size_t f = 0; f < schema::kFacetCount; ++f) {
        if (!group[f]) continue;
        outside[f].assign(counts[f].size(), 0);
        for (uint32_t id = 0; id < counts[f].size(); ++id) {
          counts[f][id] = static_cast<uint32_t>(facets_[f].postings[id].cardinality());
        }
        exact[f] = true;
      }
      if (set_size != universe_size) count_by_scan(universe_ - set, group, outside);
      for (size_t f = 0; f < schema::kFacetCount; ++f) {
        for (uint32_t id = 0; group[f] && id < counts[f].size(); ++id)
          counts[f][id] -= outside[f][id];
      }
    } else if (scan) {
      count_by_scan(set, group, counts);
      for (size_t f = 0; f < schema::kFacetCount; ++f) exact[f] = exact[f] || group[f];
    } else {
      for (size_t f = 0; f < schema::kFacetCount; ++f) {
        if (group[f]) count_by_bitmaps(set, f, size, counts[f]);
      }
    }
    // Selected values are always reported: count any the early stop skipped.
    for (size_t f = 0; f < schema::kFacetCount; ++f) {
      if (!group[f] || exact[f]) continue;
      for (const std::string& value : selected[f]) {
        auto it = facets_[f].ids.find(value);
        if (it != facets_[f].ids.end() && counts[f][it->second] == 0) {
          counts[f][it->second] =
              static_cast<uint32_t>(set.and_cardinality(facets_[f].postings[it->second]));
        }
      }
    }
  };
  std::array<bool, schema::kFacetCount> shared{};
  bool any_shared = false;
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    shared[f] = wanted[f] && selected[f].empty();
    any_shared = any_shared || shared[f];
  }
  if (any_shared) count_group(filtered_except(schema::kFacetCount), shared);
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (!wanted[f] || shared[f]) continue;
    std::array<bool, schema::kFacetCount> alone{};
    alone[f] = true;
    count_group(filtered_except(f), alone);
  }
  std::array<std::vector<FacetCount>, schema::kFacetCount> out;
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (wanted[f]) out[f] = top_values(f, counts[f], selected[f], size);
  }
  return out;
}

std::vector<FacetCount> FacetIndex::top_values(size_t facet, const std::vector<uint32_t>& counts,
                                               const std::vector<std::string>& selected,
                                               size_t size) const {
  const Facet& f = facets_[facet];
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < counts.size(); ++id) {
    if (counts[id] > 0) ids.push_back(id);
  }
  keep_top(ids, counts, f.values, size);
  std::vector<FacetCount> out;
  for (uint32_t id : ids) out.push_back({f.values[id], counts[id], false});
  for (const std::string& value : selected) {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const FacetCount& c) { return c.value == value; });
    if (it != out.end()) {
      it->selected = true;
      continue;
    }
    auto id = f.ids.find(value);
    out.push_back({value, id == f.ids.end() ? 0 : counts[id->second], true});
  }
  return out;
}

std::vector<Xapian::docid> FacetIndex::top(const Roaring& set, Order order, size_t offset,
                                           size_t limit) const {
  const auto& sorted = order == Order::kName ? by_name_ : by_updated_;
  const auto& rank = order == Order::kName ? name_rank_ : updated_rank_;
  std::vector<Xapian::docid> out;
  uint64_t set_size = set.cardinality();
  if (set_size * 16 < sorted.size()) {
    // Sparse: sort the set itself by rank.
    std::vector<uint32_t> docs = to_vector(set);
    auto by_rank = [&](uint32_t a, uint32_t b) { return rank[a] < rank[b]; };
    size_t end = std::min(docs.size(), offset + limit);
    std::partial_sort(docs.begin(), docs.begin() + static_cast<std::ptrdiff_t>(end), docs.end(),
                      by_rank);
    for (size_t i = offset; i < end; ++i) out.push_back(docs[i]);
    return out;
  }
  size_t seen = 0;
  for (Xapian::docid d : sorted) {
    if (!set.contains(d)) continue;
    if (seen++ < offset) continue;
    out.push_back(d);
    if (out.size() == limit) break;
  }
  return out;
}

std::vector<FacetCount> FacetIndex::values_with_prefix(size_t facet, const std::string& prefix,
                                                       size_t limit) const {
  auto lower = [](unsigned char c) { return static_cast<char>(std::tolower(c)); };
  std::string folded;
  for (char c : prefix) folded.push_back(lower(static_cast<unsigned char>(c)));
  // Case-insensitive (ASCII) match at the start of the value or of any word in it.
  auto matches = [&](const std::string& value) {
    for (size_t start = 0; start + folded.size() <= value.size(); ++start) {
      bool word_start = start == 0 || !std::isalnum(static_cast<unsigned char>(value[start - 1]));
      if (!word_start) continue;
      bool equal = true;
      for (size_t i = 0; i < folded.size() && equal; ++i)
        equal = lower(static_cast<unsigned char>(value[start + i])) == folded[i];
      if (equal) return true;
    }
    return folded.empty();
  };
  std::vector<FacetCount> out;
  const Facet& f = facets_[facet];
  for (uint32_t id : f.by_frequency) {
    if (!matches(f.values[id])) continue;
    out.push_back({f.values[id], static_cast<uint32_t>(f.postings[id].cardinality()), false});
    if (out.size() == limit) break;
  }
  return out;
}

}  // namespace datacat::indexer
