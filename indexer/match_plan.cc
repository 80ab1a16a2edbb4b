#include "indexer/match_plan.h"

#include <algorithm>

#include "indexer/index_schema.h"

namespace datacat::indexer {

namespace {

// Completions of one prefix past which identifiers are left to their first parts (see
// TermBitmapCache::prefix).
constexpr size_t kManyCompletions = 256;

// Collects every document the enquire visits; accepts none, so no ranking work is kept.
class Collector : public Xapian::MatchDecider {
 public:
  bool operator()(const Xapian::Document& doc) const override {
    docs.push_back(doc.get_docid());
    return false;
  }
  mutable std::vector<uint32_t> docs;
};

}  // namespace

TermBitmapCache::Handle TermBitmapCache::term(const Xapian::Database& db, const std::string& term) {
  Revision at{db.get_uuid(), db.get_revision()};
  if (Handle cached = find(at, term)) return cached;
  TermPostings postings;
  for (auto post = db.postlist_begin(term); post != db.postlist_end(term); ++post) {
    postings.ids.push_back(*post);
    postings.wdf.push_back(
        static_cast<uint16_t>(std::min<Xapian::termcount>(post.get_wdf(), 65535)));
  }
  postings.docs.addMany(postings.ids.size(), postings.ids.data());
  return insert(at, term, std::move(postings));
}

namespace {

bool is_joiner(char c) {
  return c == '_' || c == '.' || c == '/' || c == '-';
}

// Every text field's prefixes (stemmed and unstemmed) are two letters.
constexpr size_t kFieldPrefixBytes = 2;
static_assert(std::all_of(schema::kFields.begin(), schema::kFields.end(), [](const auto& spec) {
  return spec.prefix.size() == kFieldPrefixBytes &&
         (spec.raw_prefix.empty() || spec.raw_prefix.size() == kFieldPrefixBytes);
}));

// The cache key of a phrase or prefix entry: "\x01" + kind, then "\x01" + each part (a
// term never starts with "\x01", so these never collide with a term's key).
std::string composite_key(std::string_view kind, const std::vector<std::string>& parts) {
  std::string key = "\x01" + std::string(kind);
  for (const std::string& part : parts) key += "\x01" + part;
  return key;
}

// The terms starting with `start`, other than `start` itself. Past kManyCompletions, when
// `typed_has_joiner` is false, identifiers (a joiner after the start) are skipped over by
// their common stem: see TermBitmapCache::prefix.
std::vector<std::string> completions(const Xapian::Database& db, const std::string& start,
                                     bool typed_has_joiner) {
  std::vector<std::string> out;
  auto term = db.allterms_begin(start);
  for (; term != db.allterms_end(start) && out.size() <= kManyCompletions; ++term) {
    if (*term != start) out.push_back(*term);
  }
  if (term == db.allterms_end(start) || typed_has_joiner) {
    for (; term != db.allterms_end(start); ++term) out.push_back(*term);
    return out;
  }
  // Many: again, leaving out every run of terms that share a joiner after the start.
  out.clear();
  for (term = db.allterms_begin(start); term != db.allterms_end(start);) {
    const std::string& text = *term;
    auto joiner = std::find_if(text.begin() + static_cast<std::ptrdiff_t>(start.size()), text.end(),
                               is_joiner);
    if (joiner == text.end()) {
      if (text != start) out.push_back(text);
      ++term;
      continue;
    }
    std::string past(text.begin(), joiner);
    past.push_back(static_cast<char>(*joiner + 1));  // the first term after the run
    term.skip_to(past);
  }
  return out;
}

// Reads the completions of each of `starts` into `all` (their documents) and `best` (per
// document, the largest wdf sum under one start), `sums` and `docs` being scratch.
void read_completions(const Xapian::Database& db, const std::vector<std::string>& starts,
                      bool typed_has_joiner, std::vector<uint32_t>& sums,
                      std::vector<uint32_t>& best, std::vector<uint32_t>& docs, Roaring& all) {
  for (size_t s = 0; s < starts.size(); ++s) {
    // When the letters typed are a (stemmed) term already, the words they start are that
    // term's completions: the later starts (unstemmed) add nothing.
    if (s > 0 && db.term_exists(starts[0])) break;
    docs.clear();
    for (const std::string& term : completions(db, starts[s], typed_has_joiner)) {
      for (auto post = db.postlist_begin(term); post != db.postlist_end(term); ++post) {
        if (sums[*post] == 0) docs.push_back(*post);
        sums[*post] += post.get_wdf();
      }
    }
    for (uint32_t doc : docs) {
      best[doc] = std::max(best[doc], sums[doc]);
      sums[doc] = 0;
    }
    all.addMany(docs.size(), docs.data());
  }
}

}  // namespace

TermBitmapCache::Handle TermBitmapCache::prefix(const Xapian::Database& db,
                                                const std::vector<std::string>& starts) {
  std::string key = composite_key("prefix", starts);
  Revision at{db.get_uuid(), db.get_revision()};
  if (Handle cached = find(at, key)) return cached;
  bool typed_has_joiner = std::any_of(starts.begin(), starts.end(), [](const std::string& start) {
    size_t typed = std::min(kFieldPrefixBytes, start.size());  // after the field prefix
    return std::any_of(start.begin() + static_cast<std::ptrdiff_t>(typed), start.end(), is_joiner);
  });
  // Per document: the wdf sum under the start being read, and the largest over the starts
  // (zero outside this section). One pair for the process: a prefix is read once per
  // revision, then served from the cache.
  std::lock_guard scratch_lock(scratch_mutex_);
  std::vector<uint32_t>& sums = sums_;
  std::vector<uint32_t>& best = best_;
  if (sums.size() <= db.get_lastdocid()) {
    sums.resize(db.get_lastdocid() + 1, 0);
    best.resize(db.get_lastdocid() + 1, 0);
  }
  Roaring all;
  std::vector<uint32_t> docs;
  try {
    read_completions(db, starts, typed_has_joiner, sums, best, docs, all);
  } catch (...) {  // leave the scratch zeroed for the next call
    std::fill(sums.begin(), sums.end(), 0);
    std::fill(best.begin(), best.end(), 0);
    throw;
  }
  TermPostings postings;
  postings.ids.reserve(all.cardinality());
  for (uint32_t doc : all) {
    postings.ids.push_back(doc);
    postings.wdf.push_back(static_cast<uint16_t>(std::min<uint32_t>(best[doc], 65535)));
    best[doc] = 0;
  }
  postings.docs = std::move(all);
  return insert(at, key, std::move(postings));
}

TermBitmapCache::Handle prefix_postings(const Xapian::Database& db, TermBitmapCache& cache,
                                        const MatchNode& prefix) {
  std::vector<std::string> starts = {prefix.term};
  if (prefix.field >= 0) {
    const schema::FieldSpec& spec = schema::kFields[static_cast<size_t>(prefix.field)];
    if (!spec.raw_prefix.empty() && prefix.term.size() >= spec.prefix.size())
      starts.push_back(std::string(spec.raw_prefix) + prefix.term.substr(spec.prefix.size()));
  }
  return cache.prefix(db, starts);
}

TermBitmapCache::Handle TermBitmapCache::phrase(const Xapian::Database& db,
                                                const std::vector<std::string>& terms) {
  std::string key = composite_key("phrase", terms);
  Revision at{db.get_uuid(), db.get_revision()};
  if (Handle cached = find(at, key)) return cached;
  // Positions are needed: one unweighted Xapian pass over the phrase's candidates.
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                  static_cast<Xapian::termcount>(terms.size())));
  Collector collector;
  enquire.get_mset(0, 0, db.get_doccount(), nullptr, &collector);
  TermPostings postings;
  postings.docs.addMany(collector.docs.size(), collector.docs.data());
  return insert(at, key, std::move(postings));
}

TermBitmapCache::Handle TermBitmapCache::find(const Revision& at, const std::string& key) {
  std::lock_guard lock(mutex_);
  if (!(at == revision_)) return nullptr;
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.age);
  return it->second.postings;
}

TermBitmapCache::Handle TermBitmapCache::insert(const Revision& at, const std::string& key,
                                                TermPostings postings) {
  postings.docs.runOptimize();
  size_t bytes = postings.docs.getSizeInBytes() + postings.ids.size() * sizeof(uint32_t) +
                 postings.wdf.size() * sizeof(uint16_t) + key.size() + 64;
  auto handle = std::make_shared<const TermPostings>(std::move(postings));
  std::lock_guard lock(mutex_);
  if (!(at == revision_)) {
    if (at.index == revision_.index && at.revision < revision_.revision) return handle;
    entries_.clear();  // another index, or a newer revision: start over
    lru_.clear();
    used_ = 0;
    revision_ = at;
  }
  auto existing = entries_.find(key);
  if (existing != entries_.end()) return existing->second.postings;  // loaded meanwhile
  while (used_ + bytes > budget_ && !lru_.empty()) {
    auto victim = entries_.find(lru_.back());
    used_ -= victim->second.bytes;
    entries_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(key);
  used_ += bytes;
  entries_.emplace(key, Entry{handle, bytes, lru_.begin()});
  return handle;
}

void TermBitmapCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  lru_.clear();
  used_ = 0;
}

Roaring evaluate(const MatchNode& node, const Xapian::Database& db, TermBitmapCache& cache,
                 const Roaring& universe) {
  using Op = MatchNode::Op;
  switch (node.op) {
    case Op::kNothing:
      return Roaring();
    case Op::kAll:
      return universe;
    case Op::kTerm:
      return cache.term(db, node.term)->docs;
    case Op::kPrefix:
      return prefix_postings(db, cache, node)->docs;
    case Op::kWord:
    case Op::kOr: {
      Roaring out;
      for (const MatchNode& child : node.children) {
        if (child.op == Op::kTerm) {
          out |= cache.term(db, child.term)->docs;
        } else {
          out |= evaluate(child, db, cache, universe);
        }
      }
      return out;
    }
    case Op::kPhrase: {
      std::vector<std::string> terms;
      for (const MatchNode& child : node.children) terms.push_back(child.term);
      return cache.phrase(db, terms)->docs;
    }
    case Op::kAnd: {
      std::vector<Roaring> parts;
      for (const MatchNode& child : node.children)
        parts.push_back(evaluate(child, db, cache, universe));
      if (parts.empty()) return Roaring();
      std::sort(parts.begin(), parts.end(), [](const Roaring& a, const Roaring& b) {
        return a.cardinality() < b.cardinality();
      });
      Roaring out = std::move(parts[0]);
      for (size_t i = 1; i < parts.size() && !out.isEmpty(); ++i) out &= parts[i];
      return out;
    }
    case Op::kAndMaybe:
      return evaluate(node.children.at(0), db, cache, universe);
    case Op::kAndNot: {
      Roaring out = evaluate(node.children.at(0), db, cache, universe);
      for (size_t i = 1; i < node.children.size(); ++i)
        out -= evaluate(node.children[i], db, cache, universe);
      return out;
    }
  }
  return Roaring();
}

}  // namespace datacat::indexer
