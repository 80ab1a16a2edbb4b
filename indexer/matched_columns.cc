#include "indexer/matched_columns.h"

#include <algorithm>
#include <unordered_set>

#include "indexer/asset_record.h"
#include "indexer/index_schema.h"
#include "indexer/text_analyzer.h"

namespace datacat::indexer {
namespace {

std::string_view prefix_of(schema::Field field) {
  for (const auto& spec : schema::kFields) {
    if (spec.field == field) return spec.prefix;
  }
  return {};
}

// Whether the query matched a term of the field with `prefix` in `doc`.
bool field_matched(const Xapian::Document& doc, std::string_view prefix,
                   const HighlightSet& highlight, const std::vector<std::string>* matched_terms) {
  if (matched_terms != nullptr) {
    return std::any_of(matched_terms->begin(), matched_terms->end(), [&](const std::string& t) {
      return t.size() > prefix.size() && t.starts_with(prefix);
    });
  }
  // As Searcher::fill_hit looks fields up: a stem exactly, or a term starting with the prefix.
  auto has = [&doc](const std::string& start, bool exact) {
    Xapian::TermIterator it = doc.termlist_begin();
    it.skip_to(start);
    return it != doc.termlist_end() && (exact ? *it == start : (*it).starts_with(start));
  };
  for (const std::string& stem : highlight.stems) {
    if (has(std::string(prefix) + stem, true)) return true;
  }
  return !highlight.prefix.empty() && has(std::string(prefix) + highlight.prefix, false);
}

// The matching words of one column text: appends them (as written) to `words`, skipping
// folded forms in `seen`; whether any word matched (even one already taken).
class WordCollector {
 public:
  WordCollector(const HighlightSet& highlight, Xapian::Stem& stemmer, MatchedColumn& out)
      : highlight_(highlight), stemmer_(stemmer), out_(out) {}

  bool collect(std::string_view text) {
    tokens_.clear();
    uint32_t position = 0;
    analyze(text, position, tokens_);
    bool any = false;
    auto take = [&](const Token& token) {
      any = true;
      if (out_.words.size() < kMaxMatchedWords && seen_.insert(token.text).second)
        out_.words.emplace_back(text.substr(token.start, token.length));
    };
    for (size_t i = 0; i < tokens_.size();) {
      const Token& token = tokens_[i++];
      if (!token.whole) {
        if (matches(token)) take(token);
        continue;
      }
      bool part_matched = false;
      for (; i < tokens_.size() && tokens_[i].part; ++i) {
        if (matches(tokens_[i])) {
          take(tokens_[i]);
          part_matched = true;
        }
      }
      if (!part_matched && matches(token)) take(token);
    }
    return any;
  }

 private:
  bool matches(const Token& token) { return is_highlighted(token.text, highlight_, stemmer_); }

  const HighlightSet& highlight_;
  Xapian::Stem& stemmer_;
  MatchedColumn& out_;
  std::vector<Token> tokens_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

std::vector<MatchedColumn> match_columns(std::span<const ColumnText> columns,
                                         const HighlightSet& highlight, Xapian::Stem& stemmer,
                                         ColumnFields fields, size_t limit) {
  std::vector<MatchedColumn> by_name;
  std::vector<MatchedColumn> by_description;  // matched in the description only
  for (const ColumnText& column : columns) {
    if (by_name.size() >= limit) break;
    MatchedColumn match;
    match.name = std::string(column.name);
    WordCollector words(highlight, stemmer, match);
    if (fields.names) match.in_name = words.collect(column.name);
    // A description is read only when its column can still make the list.
    if (fields.descriptions && (match.in_name || by_description.size() < limit))
      match.in_description = words.collect(column.description);
    if (match.in_name) {
      by_name.push_back(std::move(match));
    } else if (match.in_description) {
      by_description.push_back(std::move(match));
    }
  }
  for (MatchedColumn& match : by_description) {
    if (by_name.size() >= limit) break;
    by_name.push_back(std::move(match));
  }
  return by_name;
}

std::vector<MatchedColumn> matched_columns_of(const Xapian::Document& doc, const DocData& data,
                                              const HighlightSet& highlight,
                                              const std::vector<std::string>* matched_terms,
                                              Xapian::Stem& stemmer) {
  if (data.columns.empty()) return {};
  ColumnFields fields{
      field_matched(doc, prefix_of(schema::Field::kColumnName), highlight, matched_terms),
      field_matched(doc, prefix_of(schema::Field::kColumnDescription), highlight, matched_terms)};
  if (!fields.names && !fields.descriptions) return {};
  // The record is JSON: decoded only when a description is worth reading.
  std::vector<std::string> descriptions;
  if (fields.descriptions)
    descriptions = decode_column_descriptions(doc.get_value(schema::kSlotAssetRecord));
  std::vector<ColumnText> columns;
  columns.reserve(data.columns.size());
  for (size_t i = 0; i < data.columns.size(); ++i) {
    std::string_view description;  // not `cond ? descriptions[i] : ""`: a temporary string
    if (i < descriptions.size()) description = descriptions[i];
    columns.push_back({data.columns[i], description});
  }
  return match_columns(columns, highlight, stemmer, fields);
}

}  // namespace datacat::indexer
