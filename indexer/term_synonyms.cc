#include "indexer/term_synonyms.h"

#include <algorithm>

#include "indexer/index_schema.h"
#include "indexer/text_analyzer.h"

namespace datacat::indexer {
namespace {

constexpr char kSeparator = '\x1f';
constexpr size_t kMaxNameBytes = 100;  // each side of a term (Xapian terms stop at 245)
constexpr size_t kMaxOtherNames = 8;
// An other name's results weigh this much of the query's own.
constexpr double kOtherNameWeight = 0.9;

std::string start_of(std::string_view name) {
  return std::string(schema::kSynonymPrefix) + exact_key(name).substr(0, kMaxNameBytes) +
         kSeparator;
}

// `a` OR `b`: a document matching either, scored by what it matched.
void widen(Xapian::Query& query, MatchNode& match, const Xapian::Query& other,
           const MatchNode& other_match) {
  query = Xapian::Query(Xapian::Query::OP_OR, query, other);
  match = MatchNode::of(MatchNode::Op::kOr, {std::move(match), other_match});
}

}  // namespace

std::vector<std::string> synonym_terms(const std::vector<LinkedTerm>& terms) {
  std::vector<std::string> out;
  for (const LinkedTerm& term : terms) {
    std::vector<std::string> names = {term.label};
    names.insert(names.end(), term.synonyms.begin(), term.synonyms.end());
    for (const std::string& name : names) {
      for (const std::string& other : names) {
        if (&name == &other || exact_key(name) == exact_key(other)) continue;
        if (other.size() > kMaxNameBytes || exact_key(name).empty()) continue;
        out.push_back(start_of(name) + other);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> other_names(const Xapian::Database& db, std::string_view query) {
  std::string key = exact_key(query);
  if (key.empty()) return {};
  std::string start = start_of(query);
  std::vector<std::string> out;
  for (auto term = db.allterms_begin(start); term != db.allterms_end(start); ++term) {
    if (out.size() == kMaxOtherNames) break;
    out.push_back((*term).substr(start.size()));
  }
  return out;
}

ParsedQuery with_other_names(QueryParser& parser, ParsedQuery parsed,
                             const std::vector<std::string>& names, const ParseOptions& options) {
  if (parsed.browse || names.empty()) return parsed;
  ParseOptions whole = options;
  whole.complete_last_word = false;  // a name from the glossary is complete
  for (const std::string& name : names) {
    Result<ParsedQuery> other = parser.parse(name, whole);
    if (!other.is_ok() || other->browse || other->match.op == MatchNode::Op::kNothing) continue;
    Xapian::Query query(Xapian::Query::OP_SCALE_WEIGHT, other->query, kOtherNameWeight);
    MatchNode match = other->match;
    match.scale *= kOtherNameWeight;
    if (!parsed.relaxed.empty()) widen(parsed.relaxed, parsed.relaxed_match, query, match);
    widen(parsed.query, parsed.match, query, match);
    parsed.highlight_words.insert(parsed.highlight_words.end(), other->highlight_words.begin(),
                                  other->highlight_words.end());
    parsed.highlight_stems.insert(parsed.highlight_stems.end(), other->highlight_stems.begin(),
                                  other->highlight_stems.end());
  }
  return parsed;
}

}  // namespace datacat::indexer
