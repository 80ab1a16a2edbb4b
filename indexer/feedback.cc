#include "indexer/feedback.h"

#include <algorithm>
#include <unordered_set>

#include "indexer/index_schema.h"

namespace datacat::indexer {
namespace {

// The text field term prefix `term` starts with, or null.
const schema::FieldSpec* text_field_of(const std::string& term) {
  for (const schema::FieldSpec& spec : schema::kFields) {
    if (spec.in_default_search && term.size() > spec.prefix.size() &&
        term.compare(0, spec.prefix.size(), spec.prefix) == 0)
      return &spec;
  }
  return nullptr;
}

// Accepts terms of the text fields whose word is worth adding: longer than two letters,
// not a number, not one of the query's own stems.
class WordDecider : public Xapian::ExpandDecider {
 public:
  explicit WordDecider(const std::vector<std::string>& query_stems)
      : query_(query_stems.begin(), query_stems.end()) {}
  bool operator()(const std::string& term) const override {
    const schema::FieldSpec* spec = text_field_of(term);
    if (spec == nullptr) return false;
    std::string word = term.substr(spec->prefix.size());
    if (word.size() < 3 || query_.contains(word)) return false;
    return std::any_of(word.begin(), word.end(), [](char c) { return c < '0' || c > '9'; });
  }

 private:
  std::unordered_set<std::string> query_;
};

// One word on every default-search field, ranked by BM25F (see query_parser.cc).
MatchNode word_node(const std::string& stem, double scale) {
  MatchNode word = MatchNode::of(MatchNode::Op::kWord, {});
  word.scale = scale;
  for (size_t f = 0; f < schema::kFields.size(); ++f) {
    const schema::FieldSpec& spec = schema::kFields[f];
    if (!spec.in_default_search) continue;
    MatchNode term = MatchNode::of_term(std::string(spec.prefix) + stem);
    term.field = static_cast<int>(f);
    term.scale = spec.weight;
    word.children.push_back(std::move(term));
  }
  return word;
}

}  // namespace

MatchNode with_feedback(const Xapian::Database& db, const MatchNode& plan,
                        const std::vector<Xapian::docid>& top,
                        const std::vector<std::string>& query_stems,
                        const FeedbackOptions& options) {
  if (top.empty() || options.words == 0) return plan;
  Xapian::RSet relevant;
  for (size_t i = 0; i < top.size() && i < options.documents; ++i) relevant.add_document(top[i]);
  Xapian::Enquire enquire(db);
  WordDecider decider(query_stems);
  // The same word in several fields is one candidate: ask for extra and merge by word.
  Xapian::ESet eset =
      enquire.get_eset(static_cast<Xapian::termcount>(options.words * 4), relevant, &decider);
  std::vector<std::pair<std::string, double>> words;
  for (auto it = eset.begin(); it != eset.end() && words.size() < options.words; ++it) {
    const std::string& term = *it;
    std::string word = term.substr(text_field_of(term)->prefix.size());
    bool seen = std::any_of(words.begin(), words.end(),
                            [&](const auto& entry) { return entry.first == word; });
    if (!seen) words.emplace_back(word, it.get_weight());
  }
  if (words.empty() || words.front().second <= 0) return plan;
  std::vector<MatchNode> added;
  for (const auto& [word, weight] : words)
    added.push_back(word_node(word, options.weight * weight / words.front().second));
  return MatchNode::of(MatchNode::Op::kAndMaybe,
                       {plan, MatchNode::of(MatchNode::Op::kOr, std::move(added))});
}

}  // namespace datacat::indexer
