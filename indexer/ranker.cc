#include "indexer/ranker.h"

#include <algorithm>
#include <cmath>

#include "indexer/index_schema.h"

namespace datacat::indexer {
namespace {

// Xapian::BM25Weight's default parameters (k2 = 0 and k3 = 1 drop out for a query term
// used once).
constexpr double kK1 = 1.0;
constexpr double kB = 0.5;
constexpr double kMinNormLength = 0.5;
constexpr uint32_t kChunk = 256;
// BM25F's saturation (ranker.h): a word's weighted, length-normalised frequency summed over
// fields is saturated once with this k1.
constexpr double kWordK1 = 1.2;

// Xapian's BM25 term weight for a term in `termfreq` of `doccount` documents, including
// the (k1 + 1) numerator factor. Terms in over half the documents keep a small positive
// weight, as Xapian keeps them.
double term_weight(uint64_t doccount, uint64_t termfreq, double factor) {
  double ratio = (static_cast<double>(doccount) - static_cast<double>(termfreq) + 0.5) /
                 (static_cast<double>(termfreq) + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;
  return std::log(ratio) * factor * (kK1 + 1);
}

// Calls `visit(docid)` for each element of `set`, in increasing order, read in chunks.
template <typename Visit>
void visit_each(const Roaring& set, std::vector<uint32_t>& buffer, Visit visit) {
  buffer.resize(kChunk);
  roaring_uint32_iterator_t it;
  roaring_init_iterator(&set.roaring, &it);
  for (;;) {
    uint32_t n = roaring_read_uint32_iterator(&it, buffer.data(), kChunk);
    for (uint32_t i = 0; i < n; ++i) visit(buffer[i]);
    if (n < kChunk) break;
  }
}

// Calls `add(doc, wdf)` for each posting of `postings` whose document is in `within`, a
// subset of the term's documents.
template <typename Add>
void for_postings(const TermPostings& postings, const Roaring& within,
                  std::vector<uint32_t>& buffer, Add add) {
  const std::vector<uint32_t>& ids = postings.ids;
  if (within.cardinality() == ids.size()) {  // every posting counts: one walk
    for (size_t i = 0; i < ids.size(); ++i) add(ids[i], postings.wdf[i]);
    return;
  }
  // Find each document from the last one found, galloping, so a dense set costs a walk and
  // a sparse one a few probes per document.
  size_t at = 0;
  visit_each(within, buffer, [&](uint32_t doc) {
    size_t step = 1;
    size_t high = at;
    while (high < ids.size() && ids[high] < doc) {
      at = high;
      high += step;
      step *= 2;
    }
    at = static_cast<size_t>(
        std::lower_bound(ids.begin() + static_cast<std::ptrdiff_t>(at),
                         ids.begin() + static_cast<std::ptrdiff_t>(std::min(high, ids.size())),
                         doc) -
        ids.begin());
    add(doc, postings.wdf[at]);
  });
}

TermBitmapCache::Handle postings_of(const RankSource& source, const MatchNode& node) {
  return node.op == MatchNode::Op::kPrefix ? prefix_postings(source.db, source.cache, node)
                                           : source.cache.term(source.db, node.term);
}

bool worse(const RankedDoc& a, const RankedDoc& b) {
  if (a.score != b.score) return a.score < b.score;
  return a.name_rank != b.name_rank ? a.name_rank > b.name_rank : a.id > b.id;
}

// Whether a document holding any of `node`'s terms is matched by `node` (ORs of terms).
bool matched_by_any_term(const MatchNode& node) {
  using Op = MatchNode::Op;
  if (node.op == Op::kTerm || node.op == Op::kWord || node.op == Op::kPrefix) return true;
  return node.op == MatchNode::Op::kOr &&
         std::all_of(node.children.begin(), node.children.end(), matched_by_any_term);
}

void collect_terms(const MatchNode& node, std::vector<const MatchNode*>& out) {
  using Op = MatchNode::Op;
  if (node.op == Op::kTerm || node.op == Op::kPrefix) {
    out.push_back(&node);
    return;
  }
  size_t used = node.op == Op::kAndNot ? 1 : node.children.size();
  for (size_t i = 0; i < used; ++i) collect_terms(node.children[i], out);
}

}  // namespace

bool Ranker::supports(const MatchNode& plan) {
  if (plan.op == MatchNode::Op::kAll) return false;
  return std::all_of(plan.children.begin(), plan.children.end(),
                     [](const MatchNode& child) { return supports(child); });
}

std::vector<RankedDoc> Ranker::rank(const RankSource& source, const MatchNode& plan,
                                    const Roaring& candidates, size_t offset, size_t limit,
                                    Clock::time_point deadline,
                                    const std::vector<RankBoost>& boosts) {
  size_t wanted = offset + limit;
  deadline_ = deadline;
  cut_short_ = false;
  if (candidates.isEmpty() || limit == 0) return {};
  if (scores_.size() < source.facets.doc_lengths().size())
    scores_.assign(source.facets.doc_lengths().size(), 0.0);
  candidates_ = &candidates;
  std::vector<RankedDoc> heap;  // the best `wanted` so far, worst on top
  auto take = [&](uint32_t doc) {
    RankedDoc entry{doc, doc < scores_.size() ? scores_[doc] : 0.0, source.facets.name_rank(doc)};
    if (doc < scores_.size()) scores_[doc] = 0;  // leaves the buffer zeroed for next time
    if (heap.size() < wanted) {
      heap.push_back(entry);
      std::push_heap(heap.begin(), heap.end(), [](auto& a, auto& b) { return worse(b, a); });
    } else if (worse(heap.front(), entry)) {
      std::pop_heap(heap.begin(), heap.end(), [](auto& a, auto& b) { return worse(b, a); });
      heap.back() = entry;
      std::push_heap(heap.begin(), heap.end(), [](auto& a, auto& b) { return worse(b, a); });
    }
  };
  try {
    accumulate(source, plan, 1.0, nullptr);
    for (const RankBoost& boost : boosts) {
      visit_each(boost.docs & candidates, buffer_, [&](uint32_t doc) {
        if (doc < scores_.size()) scores_[doc] += boost.weight;
      });
    }
  } catch (...) {
    visit_each(candidates, buffer_, [&](uint32_t doc) {
      if (doc < scores_.size()) scores_[doc] = 0;
    });
    throw;
  }
  visit_each(candidates, buffer_, take);
  std::sort(heap.begin(), heap.end(), [](auto& a, auto& b) { return worse(b, a); });
  if (offset >= heap.size()) return {};
  return {heap.begin() + static_cast<std::ptrdiff_t>(offset), heap.end()};
}

void Ranker::accumulate(const RankSource& source, const MatchNode& node, double factor,
                        const Roaring* gate) {
  using Op = MatchNode::Op;
  factor *= node.scale;
  if (factor == 0) return;
  // The documents of `child`'s subtree match, within this node's gate.
  auto gated = [&](const MatchNode& child) {
    Roaring set = evaluate(child, source.db, source.cache, source.facets.universe());
    if (gate != nullptr) set &= *gate;
    return set;
  };
  switch (node.op) {
    case Op::kTerm:
      add_term(source, node.term, factor, gate);
      return;
    case Op::kWord:
      add_word(source, node, factor, gate);
      return;
    case Op::kPrefix:  // outside a kWord (not built by the parser): as one term
      add_word(source, MatchNode::of(Op::kWord, {node}), factor, gate);
      return;
    case Op::kAnd:  // every child matches wherever the AND does
      for (const MatchNode& child : node.children) accumulate(source, child, factor, gate);
      return;
    case Op::kAndNot:
      accumulate(source, node.children.at(0), factor, gate);
      return;
    case Op::kOr:
      if (node.coordinate) {
        coordinate(source, node, factor, gate);
        return;
      }
      [[fallthrough]];
    case Op::kAndMaybe:
      for (size_t i = 0; i < node.children.size(); ++i) {
        const MatchNode& child = node.children[i];
        bool required = node.op == Op::kAndMaybe && i == 0;
        if (required || matched_by_any_term(child)) {
          accumulate(source, child, factor, gate);  // a term adds only where it occurs
        } else {
          Roaring where = gated(child);
          accumulate(source, child, factor, &where);
        }
      }
      return;
    case Op::kPhrase: {
      std::vector<std::string> terms;
      for (const MatchNode& child : node.children) terms.push_back(child.term);
      Roaring where = source.cache.phrase(source.db, terms)->docs;
      if (gate != nullptr) where &= *gate;
      for (const MatchNode& child : node.children)
        add_term(source, child.term, factor * child.scale, &where);
      return;
    }
    case Op::kAll:
    case Op::kNothing:
      return;
  }
}

void Ranker::coordinate(const RankSource& source, const MatchNode& node, double factor,
                        const Roaring* gate) {
  // Scores of this node's subtree are summed apart from the rest (in a second buffer, zero
  // outside this call), then scaled by the share of the children each document matched.
  if (inner_.size() < scores_.size()) {
    inner_.assign(scores_.size(), 0.0);
    matched_.assign(scores_.size(), 0);
  }
  inner_.swap(scores_);
  Roaring any;
  try {
    for (const MatchNode& child : node.children) {
      Roaring where =
          evaluate(child, source.db, source.cache, source.facets.universe()) & *candidates_;
      if (gate != nullptr) where &= *gate;
      visit_each(where, buffer_, [&](uint32_t doc) { ++matched_[doc]; });
      any |= where;
      accumulate(source, child, factor, &where);
    }
  } catch (...) {
    std::fill(scores_.begin(), scores_.end(), 0.0);
    std::fill(matched_.begin(), matched_.end(), 0);
    inner_.swap(scores_);
    throw;
  }
  inner_.swap(scores_);
  double words = static_cast<double>(node.children.size());
  visit_each(any, buffer_, [&](uint32_t doc) {
    scores_[doc] += inner_[doc] * matched_[doc] / words;
    inner_[doc] = 0;
    matched_[doc] = 0;
  });
}

void Ranker::add_term(const RankSource& source, const std::string& term, double factor,
                      const Roaring* gate) {
  if (deadline_ != Clock::time_point::max() && Clock::now() > deadline_) {
    cut_short_ = true;
    return;
  }
  TermBitmapCache::Handle handle = source.cache.term(source.db, term);
  const TermPostings& postings = *handle;
  uint64_t termfreq = postings.docs.cardinality();
  if (termfreq == 0) return;
  Roaring within = postings.docs & *candidates_;
  if (gate != nullptr) within &= *gate;
  uint64_t hits = within.cardinality();
  if (hits == 0) return;
  const double weight = term_weight(source.db.get_doccount(), termfreq, factor);
  const std::vector<uint32_t>& lengths = source.facets.doc_lengths();
  const double inverse_average =
      source.facets.average_length() > 0 ? 1 / source.facets.average_length() : 0;
  auto add = [&](uint32_t doc, uint16_t wdf_value) {
    if (doc >= lengths.size() || wdf_value == 0) return;
    double normalized = std::max(lengths[doc] * inverse_average, kMinNormLength);
    double wdf = wdf_value;
    scores_[doc] += weight * (wdf / (kK1 * (normalized * kB + (1 - kB)) + wdf));
  };
  for_postings(postings, within, buffer_, add);
}

void Ranker::add_word(const RankSource& source, const MatchNode& word, double factor,
                      const Roaring* gate) {
  if (deadline_ != Clock::time_point::max() && Clock::now() > deadline_) {
    cut_short_ = true;
    return;
  }
  if (!bm25f_) {
    for (const MatchNode& child : word.children) {
      if (child.op == MatchNode::Op::kTerm)
        add_term(source, child.term, factor * child.scale, gate);
    }
    return;
  }
  std::vector<TermBitmapCache::Handle> handles;
  for (const MatchNode& child : word.children) handles.push_back(postings_of(source, child));
  // Documents with the word in any field, for its IDF.
  uint64_t frequency = handles.empty() ? 0 : handles[0]->docs.cardinality();
  if (handles.size() > 1) {
    Roaring any;
    for (const TermBitmapCache::Handle& handle : handles) any |= handle->docs;
    frequency = any.cardinality();
  }
  if (frequency == 0) return;
  auto documents = static_cast<double>(source.db.get_doccount());
  auto df = static_cast<double>(frequency);
  const double weight = factor * std::log(1 + (documents - df + 0.5) / (df + 0.5)) * (kWordK1 + 1);
  if (frequency_.size() < scores_.size()) frequency_.assign(scores_.size(), 0.0);
  touched_.clear();
  for (size_t i = 0; i < handles.size(); ++i) {
    const MatchNode& child = word.children[i];
    if (child.field < 0) continue;
    Roaring mine = handles[i]->docs & *candidates_;
    if (gate != nullptr) mine &= *gate;
    if (mine.isEmpty()) continue;
    auto field = static_cast<size_t>(child.field);
    const double b = schema::kFields[field].length_norm;
    const double average = source.facets.average_field_length(field);
    const double per_length = average > 0 ? b / average : 0;
    for_postings(*handles[i], mine, buffer_, [&](uint32_t doc, uint16_t wdf) {
      double norm = 1 - b + per_length * source.facets.field_length(doc, field);
      double& tf = frequency_[doc];
      if (tf == 0) touched_.push_back(doc);
      tf += child.scale * wdf / std::max(norm, kMinNormLength);
    });
  }
  for (uint32_t doc : touched_) {  // one saturation per document
    double tf = frequency_[doc];
    frequency_[doc] = 0;
    scores_[doc] += weight * tf / (kWordK1 + tf);
  }
}

std::vector<std::string> Ranker::matching_terms(const RankSource& source, const MatchNode& plan,
                                                Xapian::docid doc) {
  std::vector<const MatchNode*> terms;
  collect_terms(plan, terms);
  std::vector<std::string> out;
  for (const MatchNode* term : terms) {
    if (std::find(out.begin(), out.end(), term->term) != out.end()) continue;
    if (postings_of(source, *term)->docs.contains(doc)) out.push_back(term->term);
  }
  return out;
}

}  // namespace datacat::indexer
