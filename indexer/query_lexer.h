// The query language's lexer (query_parser.h has the syntax): the text as words, phrases,
// field:value pairs, operators and parentheses, checked against QueryLimits before any
// query is built. Stateless: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/index_schema.h"
#include "indexer/status.h"

namespace datacat::indexer {

enum class TokenKind { kWord, kPhrase, kField, kAnd, kOr, kNot, kOpen, kClose };

struct LexToken {
  TokenKind kind;
  std::string text;   // word, phrase body or field value
  std::string field;  // for kField
  bool value_is_phrase = false;
  size_t offset = 0;
};

// Appends the tokens of `text` to `out`. kInvalidArgument (field "q") for an unbalanced
// quote or a `field:` without a value.
Status lex(std::string_view text, std::vector<LexToken>& out);

// Parentheses group only in queries written with AND, OR or NOT; elsewhere they are prose
// ("a super-resolution network (LapSRN)") and are dropped, so the words match as any others.
void drop_prose_parentheses(std::vector<LexToken>& tokens);

// kInvalidArgument (field "q") when the lexed query is past one of QueryLimits.
Status check_limits(const std::vector<LexToken>& tokens);

// The text field (`name`, `column`...) or exact facet (`type`, `region`...) a `field:`
// names, or null.
const schema::FieldSpec* find_text_field(std::string_view name);
const schema::FacetSpec* find_exact_field(std::string_view name);

// Whether `folded` is an English function word or a word questions are asked with
// ("which", "the", "want"), too common to narrow a search.
bool is_stopword(const std::string& folded);

}  // namespace datacat::indexer
