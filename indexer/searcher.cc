#include "indexer/searcher.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "indexer/feedback.h"
#include "indexer/index_writer.h"
#include "indexer/matched_columns.h"
#include "indexer/snippet.h"
#include "indexer/term_synonyms.h"
#include "indexer/text_analyzer.h"
#include "indexer/utf8.h"

namespace datacat::indexer {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kModifiedRetries = 10;
constexpr auto kOvertakenBudget = std::chrono::seconds(3);
constexpr size_t kMinCorrectedLength = 5;
// Fewer assets than this with every word of a query of two or more words: the assets with
// some of its words are listed too, after them (RankingOptions::relax_few).
constexpr size_t kRelaxBelow = 10;
// Words a question needs before pseudo-relevance feedback is tried (RankingOptions::feedback).
constexpr size_t kFeedbackMinWords = 5;
// Added to the score of assets whose name starts with what was typed ("dim_add" ->
// dim_address): above what the query's words weigh in all but the rarest cases.
constexpr double kNameStartBoost = 30.0;
// Added to assets with every word of a query relaxed because few had them all, so they
// stay first.
constexpr double kStrictMatchBoost = 1000.0;

// The ways the name a user typed may be spelt in the index's sort names (fold(name)):
// as typed, and with spaces, `_` and `-` standing for each other.
std::vector<std::string> name_spellings(const std::string& query) {
  std::string typed = fold(query);
  size_t first = typed.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  typed = typed.substr(first, typed.find_last_not_of(" \t") - first + 1);
  std::vector<std::string> out = {typed};
  for (char joiner : {'_', '-', ' '}) {
    std::string variant = typed;
    for (char& c : variant) {
      if (c == '_' || c == '-' || c == ' ') c = joiner;
    }
    if (std::find(out.begin(), out.end(), variant) == out.end()) out.push_back(variant);
  }
  return out;
}

// Whether a reader's error means that commits overtook what it was reading, so reopening
// and reading again will do: DatabaseModifiedError, and the DatabaseCorruptError glass
// raises when a block it reads was reused by a later commit in the meantime (seen under
// concurrent writes as "Expected block N to be level 1, not 0"). A real corruption
// persists through the retries and is reported then.
bool overtaken(const Xapian::Error& error) {
  std::string_view type = error.get_type();  // Xapian::Error has no virtual functions
  return type == "DatabaseModifiedError" || type == "DatabaseCorruptError";
}

// Whether a read begun at `started` that failed with `error` on its `attempt`-th try
// (from 1) should run again, after a pause. Only when commits overtook it: glass keeps a
// revision readable only until the second commit after it, so a slow reader (a facet index
// being built, a sanitizer build) can be overtaken many times in a row by a write storm.
// So it tries at least kModifiedRetries times and for kOvertakenBudget, pausing 1, 2, ...
// 20 ms between tries so that a burst of commits does not use up every attempt at once.
bool again(const Xapian::Error& error, int attempt, Clock::time_point started) {
  if (!overtaken(error)) return false;
  if (attempt >= kModifiedRetries && Clock::now() - started >= kOvertakenBudget) return false;
  if (attempt > 1)
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt - 1, 20)));
  return true;
}

// Column descriptions are reported as the "column" field.
std::string reported_name(const schema::FieldSpec& spec) {
  return std::string(spec.field == schema::Field::kColumnDescription ? "column" : spec.name);
}

std::string field_of_prefix(std::string_view term) {
  if (term.rfind(schema::kExactNamePrefix, 0) == 0) return "name";
  for (const auto& spec : schema::kFields) {
    if (term.size() > spec.prefix.size() && term.rfind(spec.prefix, 0) == 0)
      return reported_name(spec);
  }
  return {};
}

// Whether `doc` has the term `start` (exact) or, when !exact, a term beginning with it.
bool has_term_starting(const Xapian::Document& doc, const std::string& start, bool exact) {
  auto it = doc.termlist_begin();
  it.skip_to(start);
  if (it == doc.termlist_end()) return false;
  return exact ? *it == start : (*it).rfind(start, 0) == 0;
}

// The facet filters as a boolean Xapian query: OR within a facet, AND across facets.
Xapian::Query filter_query(const SearchRequest& request) {
  std::vector<Xapian::Query> facets;
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (request.filters[f].empty()) continue;
    std::vector<Xapian::Query> values;
    for (const std::string& value : request.filters[f]) {
      values.emplace_back(std::string(schema::kFacets[f].prefix) + value);
    }
    facets.emplace_back(Xapian::Query::OP_OR, values.begin(), values.end());
  }
  return Xapian::Query(Xapian::Query::OP_AND, facets.begin(), facets.end());
}

Status validate(const SearchRequest& request) {
  if (!is_valid_utf8(request.query)) return Status::invalid("is not valid UTF-8", "q");
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    for (const std::string& value : request.filters[f]) {
      if (!is_valid_utf8(value)) {
        return Status::invalid("is not valid UTF-8",
                               "filters." + std::string(schema::kFacets[f].name));
      }
    }
  }
  if (request.query.size() > SearchLimits::kMaxQueryBytes) {
    return Status(StatusCode::kInvalidArgument, "query longer than 2048 bytes", "q");
  }
  if (request.per_page < 1 || request.per_page > SearchLimits::kMaxPerPage) {
    return Status::invalid("must be between 1 and 100", "per_page");
  }
  if (request.page < 1) return Status::invalid("must be 1 or more", "page");
  if (static_cast<int64_t>(request.page) * request.per_page > SearchLimits::kMaxDepth) {
    return Status::invalid("page * per_page must not exceed 10000; narrow the search instead",
                           "page");
  }
  if (request.facet_size < 1 || request.facet_size > SearchLimits::kMaxFacetSize) {
    return Status::invalid("must be between 1 and 100", "facet_size");
  }
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (request.filters[f].size() > 100) {
      return Status::invalid("at most 100 values",
                             "filters." + std::string(schema::kFacets[f].name));
    }
  }
  return Status::ok();
}

}  // namespace

std::optional<size_t> facet_index_of(std::string_view name) {
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (schema::kFacets[f].name == name) return f;
  }
  return std::nullopt;
}

Searcher::Searcher(DataDir dir, int generation, Xapian::Database db, FacetIndexCache* cache,
                   TermBitmapCache* terms, const std::atomic<int>* live_generation)
    : dir_(std::move(dir)),
      cache_(cache),
      live_generation_(live_generation),
      generation_(generation),
      db_(std::move(db)),
      stemmer_(std::string(schema::kStemLanguage)),
      own_terms_(terms != nullptr ? nullptr
                                  : std::make_unique<TermBitmapCache>(kDefaultTermCacheBytes)),
      term_cache_(terms != nullptr ? *terms : *own_terms_) {
  adopt(facets_of_db());
}

int Searcher::target_generation(const DataDir& dir, const std::atomic<int>* live_generation) {
  int published = live_generation != nullptr ? live_generation->load() : 0;
  return published != 0 ? published : dir.current_generation();
}

Result<std::unique_ptr<Searcher>> Searcher::open(const DataDir& dir, FacetIndexCache* cache,
                                                 TermBitmapCache* terms,
                                                 const std::atomic<int>* live_generation) {
  auto started = Clock::now();
  for (int attempt = 1;; ++attempt) {
    int generation = target_generation(dir, live_generation);
    if (generation == 0) {
      return Status::not_found("no catalog index in " + dir.root() +
                               " yet: run `datacat import` or `datacat reindex` first");
    }
    try {
      Xapian::Database db(dir.generation_path(generation));
      return std::unique_ptr<Searcher>(
          new Searcher(dir, generation, std::move(db), cache, terms, live_generation));
    } catch (const Xapian::Error& e) {
      // Commits overtook the facet index being built: open the newest revision again.
      if (!again(e, attempt, started))
        return Status::internal("cannot open the index: " + e.get_description());
    }
  }
}

Result<std::unique_ptr<Searcher>> Searcher::open_replica(const std::string& path,
                                                         const std::atomic<int>* version,
                                                         FacetIndexCache* cache,
                                                         TermBitmapCache* terms) {
  auto started = Clock::now();
  for (int attempt = 1;; ++attempt) {
    int generation = version->load();
    if (generation == 0)
      return Status(StatusCode::kUnavailable, "no copy of the primary's index yet");
    try {
      Xapian::Database db(path);
      std::unique_ptr<Searcher> searcher(
          new Searcher(DataDir(""), generation, std::move(db), cache, terms, version));
      searcher->replica_path_ = path;
      return searcher;
    } catch (const Xapian::Error& e) {
      if (!again(e, attempt, started))
        return Status(StatusCode::kUnavailable,
                      "cannot open the replica's index: " + e.get_description());
    }
  }
}

Xapian::Database Searcher::open_database(int generation) const {
  return Xapian::Database(replica_path_.empty() ? dir_.generation_path(generation) : replica_path_);
}

std::shared_ptr<const FacetIndex> Searcher::facets_of_db() const {
  return cache_ != nullptr ? cache_->get(generation_, db_) : FacetIndex::build(db_);
}

void Searcher::adopt(std::shared_ptr<const FacetIndex> facets) {
  facets_ = std::move(facets);
  revision_ = db_.get_revision();
}

void Searcher::drop_caches() {
  term_cache_.clear();
}

Status Searcher::refresh() {
  auto started = Clock::now();
  for (int attempt = 1;; ++attempt) {
    try {
      refresh_once();
      return Status::ok();
    } catch (const Xapian::Error& e) {
      // Commits overtook the facet index being built: reopen and build it again.
      note_overtaken();
      if (!again(e, attempt, started))
        return Status(StatusCode::kUnavailable, "cannot refresh the index: " + e.get_description());
    }
  }
}

void Searcher::refresh_once() {
  int generation = target_generation(dir_, live_generation_);
  if (generation != 0 && (generation != generation_ || replica_overtaken_)) {
    follow_generation(generation);
    return;
  }
  if (!replica_path_.empty()) return;  // a new version is a new generation
  db_.reopen();
  if (facets_ == nullptr || db_.get_revision() != revision_) {
    facets_ = nullptr;  // never pair the new revision with the old facet index
    adopt(facets_of_db());
  }
}

void Searcher::follow_generation(int generation) {
  Xapian::Database fresh = open_database(generation);
  // Its revisions are unrelated to the old generation's: everything per revision goes.
  db_ = std::move(fresh);
  generation_ = generation;
  replica_overtaken_ = false;
  facets_ = nullptr;
  adopt(facets_of_db());
}

int64_t Searcher::applied_seq() const {
  return read_applied_seq(db_);
}

Result<SearchResult> Searcher::search(const SearchRequest& request) {
  auto started = Clock::now();
  if (Status s = validate(request); !s.is_ok()) return s;
  for (int attempt = 1;; ++attempt) {
    auto attempt_started = Clock::now();
    try {
      if (attempt > 1) refresh_once();
      ParseOptions options{true, request.ranking};
      Result<ParsedQuery> parsed = parser_.parse(request.query, options);
      if (!parsed.is_ok()) return parsed.status();
      *parsed = with_other_names(parser_, std::move(parsed).value(),
                                 other_names(db_, request.query), options);
      bool words_missing = false;
      SearchResult result = run(request, *parsed, attempt_started, words_missing);
      if (words_missing && !result.corrected_query.empty()) {
        // No asset has every word as typed, but every word of the correction: show its hits.
        Result<ParsedQuery> corrected =
            parser_.parse(result.corrected_query, {true, request.ranking});
        if (corrected.is_ok()) {
          std::string correction = result.corrected_query;
          result = run(request, *corrected, attempt_started, words_missing);
          result.corrected_query = correction;
          result.corrected = true;
        }
      }
      result.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
      return result;
    } catch (const Xapian::Error& e) {
      if (!overtaken(e)) return Status::internal("search failed: " + e.get_description());
      if (!again(e, attempt, started))
        return Status(StatusCode::kUnavailable, "index busy, retry: " + e.get_description());
      note_overtaken();
    }
  }
}

SearchResult Searcher::run(const SearchRequest& request, const ParsedQuery& parsed,
                           std::chrono::steady_clock::time_point started, bool& words_missing) {
  words_missing = false;
  if (facets_ == nullptr)
    throw Xapian::DatabaseModifiedError("facet index not built for this revision");
  SearchResult result;
  result.page = request.page;
  result.per_page = request.per_page;
  std::array<Roaring, schema::kFacetCount> filter;
  Roaring all_filters = facets_->universe();
  bool filtered = false;
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    if (request.filters[f].empty()) continue;
    filter[f] = facets_->postings_of(f, request.filters[f]);
    all_filters &= filter[f];
    filtered = true;
  }
  auto offset = static_cast<size_t>((request.page - 1) * request.per_page);
  // Without a query everything matches; otherwise the exact match set comes from bitmaps.
  Roaring matches = facets_->universe();
  Roaring strict;  // when relaxed: the assets with every word, ranked first
  const Xapian::Query* query = &parsed.query;
  if (!parsed.browse) {
    matches = evaluate(parsed.match, db_, term_cache_, facets_->universe());
    auto any_passes = [&](const Roaring& set) {
      return filtered ? set.intersect(all_filters) : !set.isEmpty();
    };
    size_t passing = filtered ? (matches & all_filters).cardinality() : matches.cardinality();
    words_missing = passing == 0;
    bool few = request.ranking.relax_few && passing < kRelaxBelow;
    if ((words_missing || few) && !parsed.relaxed.empty()) {
      // Few or no assets with every word pass the filters: take any of the words too, the
      // assets with every word first.
      Roaring relaxed = evaluate(parsed.relaxed_match, db_, term_cache_, facets_->universe());
      if (relaxed.cardinality() > matches.cardinality() && any_passes(relaxed)) {
        strict = matches;
        matches = std::move(relaxed);
        query = &parsed.relaxed;
        result.relaxed = true;
      }
    }
    matches &= facets_->universe();  // postings and the facet index are of one revision
  }
  // The page is drawn from the matches that pass the filters.
  Roaring ranked = filtered ? matches & all_filters : matches;
  result.total = ranked.cardinality();
  const MatchNode& plan = result.relaxed ? parsed.relaxed_match : parsed.match;
  if (!parsed.browse && request.sort == SortOrder::kRelevance && Ranker::supports(plan)) {
    rank_page(result, request, parsed, plan, ranked, strict, started);
  } else if (!parsed.browse && request.sort == SortOrder::kRelevance) {
    // Pure negations (MatchAll): Xapian ranks the page, stopping once no other match can
    // enter it.
    Xapian::Enquire enquire(db_);
    if (request.time_limit_ms > 0) enquire.set_time_limit(request.time_limit_ms / 1000.0);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    enquire.set_query(
        filtered ? Xapian::Query(Xapian::Query::OP_FILTER, *query, filter_query(request)) : *query);
    add_hits(result, enquire, enquire.get_mset(offset, request.per_page), parsed);
  } else {
    // Sorted by name or time (browsing by relevance: most recently updated first).
    auto order = request.sort == SortOrder::kName ? FacetIndex::Order::kName
                                                  : FacetIndex::Order::kUpdatedDesc;
    for (Xapian::docid id : facets_->top(ranked, order, offset, request.per_page)) {
      Hit hit;
      fill_hit(hit, db_.get_document(id), parsed, nullptr);
      result.hits.push_back(std::move(hit));
    }
  }
  // A correction only when no asset has every word (relaxed for having few, the words are
  // all known).
  if (!parsed.browse && (result.total == 0 || words_missing)) {
    result.corrected_query = spelling_correction(request.query, parsed, result.total == 0);
  }
  if (request.facets) {
    std::array<bool, schema::kFacetCount> wanted;
    wanted.fill(true);
    auto counts = facets_->count(matches, request.filters, filter, wanted, request.facet_size);
    for (size_t f = 0; f < schema::kFacetCount; ++f) {
      result.facets.push_back({std::string(schema::kFacets[f].name), std::move(counts[f])});
    }
  }
  return result;
}

void Searcher::rank_page(SearchResult& result, const SearchRequest& request,
                         const ParsedQuery& parsed, const MatchNode& plan, const Roaring& ranked,
                         const Roaring& strict, std::chrono::steady_clock::time_point started) {
  // The match set is known exactly: rank it term at a time (ranker.h).
  RankSource source{db_, term_cache_, *facets_};
  auto deadline = request.time_limit_ms > 0
                      ? started + std::chrono::milliseconds(request.time_limit_ms)
                      : Ranker::Clock::time_point::max();
  std::vector<RankBoost> boosts;
  if (request.ranking.name_start_boost && request.query.size() >= schema::kMinPrefixBytes) {
    RankBoost starts{{}, kNameStartBoost};
    for (const std::string& spelling : name_spellings(request.query))
      starts.docs |= facets_->names_starting(db_, spelling);
    if (!starts.docs.isEmpty()) boosts.push_back(std::move(starts));
  }
  if (!strict.isEmpty()) boosts.push_back({strict, kStrictMatchBoost});
  ranker_.set_bm25f(request.ranking.bm25f);
  MatchNode expanded;
  const MatchNode* ranking = &plan;
  if (request.ranking.feedback && result.relaxed && parsed.words_required >= kFeedbackMinWords) {
    FeedbackOptions options;
    std::vector<Xapian::docid> top;
    for (const RankedDoc& first :
         ranker_.rank(source, plan, ranked, 0, options.documents, deadline, boosts))
      top.push_back(first.id);
    expanded = with_feedback(db_, plan, top, parsed.highlight_stems, options);
    ranking = &expanded;
  }
  auto offset = static_cast<size_t>((request.page - 1) * request.per_page);
  for (const RankedDoc& ranked_doc :
       ranker_.rank(source, *ranking, ranked, offset, static_cast<size_t>(request.per_page),
                    deadline, boosts)) {
    std::vector<std::string> terms = Ranker::matching_terms(source, plan, ranked_doc.id);
    Hit hit;
    hit.score = ranked_doc.score;
    fill_hit(hit, db_.get_document(ranked_doc.id), parsed, &terms);
    result.hits.push_back(std::move(hit));
  }
}

void Searcher::add_hits(SearchResult& result, const Xapian::Enquire& enquire,
                        const Xapian::MSet& mset, const ParsedQuery& parsed) {
  for (auto item = mset.begin(); item != mset.end(); ++item) {
    std::vector<std::string> terms(enquire.get_matching_terms_begin(item),
                                   enquire.get_matching_terms_end(item));
    Hit hit;
    hit.score = item.get_weight();
    fill_hit(hit, item.get_document(), parsed, &terms);
    result.hits.push_back(std::move(hit));
  }
}

void Searcher::fill_hit(Hit& hit, const Xapian::Document& doc, const ParsedQuery& parsed,
                        const std::vector<std::string>* matched_terms) {
  hit.asset = decode_doc_data(doc.get_data());
  std::vector<std::string>& matched = hit.matched;
  auto add = [&matched](std::string field) {
    if (!field.empty() && std::find(matched.begin(), matched.end(), field) == matched.end()) {
      matched.push_back(std::move(field));
    }
  };
  if (matched_terms != nullptr) {
    for (const std::string& term : *matched_terms) add(field_of_prefix(term));
  } else if (!parsed.browse) {
    // Not ranked by Xapian (sorted by name or time): look the query words up in the document.
    for (const auto& spec : schema::kFields) {
      std::string prefix(spec.prefix);
      bool found = false;
      for (const std::string& stem : parsed.highlight_stems) {
        found = found || has_term_starting(doc, prefix + stem, true);
      }
      if (!parsed.prefix.empty())
        found = found || has_term_starting(doc, prefix + parsed.prefix, false);
      if (found) add(reported_name(spec));
    }
  }
  if (parsed.browse) {
    HighlightSet none;
    hit.snippet = make_snippet(markdown_to_plain(hit.asset.description), none, stemmer_);
    return;
  }
  HighlightSet highlight;
  highlight.words.insert(parsed.highlight_words.begin(), parsed.highlight_words.end());
  highlight.stems.insert(parsed.highlight_stems.begin(), parsed.highlight_stems.end());
  highlight.prefix = parsed.prefix;
  hit.matched_columns = matched_columns_of(doc, hit.asset, highlight, matched_terms, stemmer_);
  bool description_matched =
      std::find(matched.begin(), matched.end(), "description") != matched.end();
  bool column_matched = std::find(matched.begin(), matched.end(), "column") != matched.end();
  // The card shows the matched columns apart (matched_columns); list every column in the
  // snippet only when they could not be named.
  if (!description_matched && column_matched && hit.matched_columns.empty() &&
      !hit.asset.columns.empty()) {
    std::string columns;
    for (const std::string& column : hit.asset.columns) {
      if (!columns.empty()) columns += ", ";
      columns += column;
    }
    hit.snippet = make_snippet(columns, highlight, stemmer_);
  } else {
    hit.snippet = make_snippet(markdown_to_plain(hit.asset.description), highlight, stemmer_);
  }
}

std::string Searcher::spelling_correction(const std::string& query, const ParsedQuery& parsed,
                                          bool nothing_found) {
  std::string corrected = query;
  bool changed = false;
  // Replace from the end so earlier offsets stay valid.
  for (auto word = parsed.words.rbegin(); word != parsed.words.rend(); ++word) {
    if (is_known_word(word->folded)) continue;
    // When other words already found assets, short words are too ambiguous to correct.
    if (!nothing_found && word->folded.size() < kMinCorrectedLength) continue;
    if (word->is_prefix && is_known_prefix(word->folded)) continue;
    std::string suggestion = db_.get_spelling_suggestion(word->folded, 2);
    if (suggestion.empty() || suggestion == word->folded) continue;
    corrected.replace(word->offset, word->typed.size(), suggestion);
    changed = true;
  }
  if (!changed) return {};
  // Offer the correction only when it finds assets that match all of its words.
  Result<ParsedQuery> reparsed = parser_.parse(corrected, {true, {}});
  if (!reparsed.is_ok() || reparsed->browse) return {};
  Xapian::Enquire enquire(db_);
  enquire.set_query(reparsed->query);
  return enquire.get_mset(0, 1).empty() ? std::string() : corrected;
}

bool Searcher::is_known_word(const std::string& folded) {
  std::string stem = stemmer_(folded);
  for (const auto& spec : schema::kFields) {
    if (spec.in_default_search && db_.term_exists(std::string(spec.prefix) + stem)) return true;
  }
  return false;
}

bool Searcher::is_known_prefix(const std::string& folded) {
  for (const auto& spec : schema::kFields) {
    if (!spec.in_default_search) continue;
    for (std::string_view prefix : {spec.prefix, spec.raw_prefix}) {
      if (prefix.empty()) continue;
      std::string start = std::string(prefix) + folded;
      if (db_.allterms_begin(start) != db_.allterms_end(start)) return true;
    }
  }
  return false;
}

Result<std::vector<FacetCount>> Searcher::facet_values(const std::string& facet,
                                                       const std::string& prefix, size_t limit) {
  std::optional<size_t> index = facet_index_of(facet);
  if (!index) return Status::not_found("unknown facet '" + facet + "'");
  return facets_->values_with_prefix(*index, prefix, limit);
}

Result<std::optional<AssetRecord>> Searcher::asset_record(const std::string& uri) {
  auto started = Clock::now();
  for (int attempt = 1;; ++attempt) {
    try {
      if (attempt > 1) refresh_once();
      std::string term = uri_term(uri);
      Xapian::PostingIterator post = db_.postlist_begin(term);
      if (post == db_.postlist_end(term)) return std::optional<AssetRecord>();
      std::string bytes = db_.get_document(*post).get_value(schema::kSlotAssetRecord);
      std::optional<AssetRecord> record = decode_asset_record(bytes);
      if (!record) {
        return Status(StatusCode::kFailedPrecondition,
                      "this index has no asset records (built before schema 3): run "
                      "`datacat reindex` on the primary");
      }
      return record;
    } catch (const Xapian::Error& e) {
      if (!again(e, attempt, started))
        return Status(StatusCode::kUnavailable, "cannot read the index: " + e.get_description());
      note_overtaken();
    }
  }
}

Result<std::vector<std::pair<std::string, int64_t>>> Searcher::versions() {
  try {
    std::vector<std::pair<std::string, int64_t>> out;
    const std::string prefix(schema::kUriPrefix);
    for (auto term = db_.allterms_begin(prefix); term != db_.allterms_end(prefix); ++term) {
      int64_t version = 0;
      int postings = 0;
      std::string uri;
      for (auto post = db_.postlist_begin(*term); post != db_.postlist_end(*term); ++post) {
        DocData data = decode_doc_data(db_.get_document(*post).get_data());
        version = data.version;
        uri = data.uri;  // the term may be a hash of it
        ++postings;
      }
      // A uri indexed twice would be a bug: report it as a version mismatch.
      out.emplace_back(uri, postings == 1 ? version : -postings);
    }
    std::sort(out.begin(), out.end());
    return out;
  } catch (const Xapian::Error& e) {
    return Status::internal("cannot read the index: " + e.get_description());
  }
}

}  // namespace datacat::indexer
