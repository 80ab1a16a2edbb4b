#include "indexer/query_lexer.h"

#include <unordered_set>

#include "indexer/query_parser.h"

namespace datacat::indexer {
namespace {

// English function words and the words questions are asked with, too common to narrow a
// search; dropped from plain-word queries that have other words ("which tables hold ...",
// "I want to find a dataset of ..."), kept in phrases and in queries made only of them.
const std::unordered_set<std::string> kStopwords = {
    "a",       "about", "after", "all",   "also",   "am",      "an",     "and",    "any",   "are",
    "as",      "at",    "be",    "been",  "being",  "between", "both",   "but",    "by",    "can",
    "could",   "did",   "do",    "does",  "each",   "either",  "find",   "for",    "from",  "get",
    "give",    "had",   "has",   "have",  "having", "help",    "here",   "how",    "i",     "if",
    "in",      "into",  "is",    "it",    "its",    "just",    "know",   "like",   "list",  "look",
    "looking", "me",    "more",  "most",  "much",   "must",    "my",     "need",   "needs", "of",
    "on",      "one",   "only",  "or",    "other",  "our",     "please", "should", "show",  "so",
    "some",    "such",  "than",  "that",  "the",    "their",   "them",   "then",   "there", "these",
    "they",    "this",  "those", "to",    "too",    "try",     "trying", "us",     "use",   "used",
    "using",   "very",  "want",  "was",   "we",     "were",    "what",   "when",   "where", "which",
    "while",   "who",   "whom",  "whose", "why",    "will",    "with",   "would",  "you",   "your",
    "i'd",     "i'm",   "can't", "don't", "it's",   "let's",   "what's", "where's"};

size_t words_in(std::string_view phrase) {
  size_t words = 0;
  bool in_word = false;
  for (char c : phrase) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace

const schema::FieldSpec* find_text_field(std::string_view name) {
  for (const auto& spec : schema::kFields) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const schema::FacetSpec* find_exact_field(std::string_view name) {
  // Facets matched exactly; tags, topics and owner are searched as text instead.
  for (const auto& spec : schema::kFacets) {
    if (spec.name == name && spec.facet != schema::Facet::kTag &&
        spec.facet != schema::Facet::kTopic && spec.facet != schema::Facet::kOwner) {
      return &spec;
    }
  }
  return nullptr;
}

bool is_stopword(const std::string& folded) {
  return kStopwords.contains(folded);
}

namespace {

bool is_known_field(std::string_view name) {
  return find_text_field(name) != nullptr || find_exact_field(name) != nullptr;
}

}  // namespace

// kInvalidArgument (field "q") when the lexed query is past one of QueryLimits.
Status check_limits(const std::vector<LexToken>& tokens) {
  size_t words = 0;
  size_t negations = 0;
  int nesting = 0;
  for (const LexToken& token : tokens) {
    switch (token.kind) {
      case TokenKind::kOpen:
        if (++nesting > QueryLimits::kNesting) {
          return Status::invalid(
              "parentheses nest deeper than " + std::to_string(QueryLimits::kNesting) + " levels",
              "q");
        }
        break;
      case TokenKind::kClose:
        --nesting;
        break;
      case TokenKind::kNot:
        ++negations;
        break;
      case TokenKind::kPhrase:
        words += words_in(token.text);
        break;
      case TokenKind::kWord:
      case TokenKind::kField:
        words += token.value_is_phrase ? words_in(token.text) : 1;
        break;
      default:
        break;
    }
  }
  if (words > QueryLimits::kWords) {
    return Status::invalid("the query has " + std::to_string(words) + " words; at most " +
                               std::to_string(QueryLimits::kWords) + " are searched",
                           "q");
  }
  if (negations > QueryLimits::kNegations) {
    return Status::invalid("the query excludes " + std::to_string(negations) + " things; at most " +
                               std::to_string(QueryLimits::kNegations) + " NOT or - are allowed",
                           "q");
  }
  return Status::ok();
}

Status lex(std::string_view text, std::vector<LexToken>& out) {
  size_t i = 0;
  auto read_quoted = [&](size_t open, std::string& body) -> Status {
    size_t close = text.find('"', open + 1);
    if (close == std::string_view::npos) return Status::invalid("unbalanced quote", "q");
    body = std::string(text.substr(open + 1, close - open - 1));
    i = close + 1;
    return Status::ok();
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    LexToken token{TokenKind::kWord, "", "", false, i};
    if (c == '(' || c == ')') {
      token.kind = c == '(' ? TokenKind::kOpen : TokenKind::kClose;
      ++i;
    } else if (c == '"') {
      token.kind = TokenKind::kPhrase;
      if (Status s = read_quoted(i, token.text); !s.is_ok()) return s;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '-') {
      token.kind = TokenKind::kNot;
      token.text = "-";
      ++i;
    } else {
      size_t end = text.find_first_of(" \t\r\n()\"", i);
      if (end == std::string_view::npos) end = text.size();
      std::string word(text.substr(i, end - i));
      i = end;
      size_t colon = word.find(':');
      if (word == "AND" || word == "OR" || word == "NOT") {
        token.kind = word == "AND"  ? TokenKind::kAnd
                     : word == "OR" ? TokenKind::kOr
                                    : TokenKind::kNot;
        token.text = word;
      } else if (colon != std::string::npos && colon > 0 && is_known_field(word.substr(0, colon))) {
        token.kind = TokenKind::kField;
        token.field = word.substr(0, colon);
        token.text = word.substr(colon + 1);
        if (token.text.empty() && i < text.size() && text[i] == '"') {
          token.value_is_phrase = true;
          if (Status s = read_quoted(i, token.text); !s.is_ok()) return s;
        }
        if (token.text.empty()) {
          return Status::invalid("'" + token.field + ":' needs a value", "q");
        }
      } else {
        token.text = std::move(word);
      }
    }
    out.push_back(std::move(token));
  }
  return Status::ok();
}

void drop_prose_parentheses(std::vector<LexToken>& tokens) {
  for (const LexToken& token : tokens) {
    if (token.kind == TokenKind::kAnd || token.kind == TokenKind::kOr ||
        (token.kind == TokenKind::kNot && token.text == "NOT"))
      return;
  }
  std::erase_if(tokens, [](const LexToken& token) {
    return token.kind == TokenKind::kOpen || token.kind == TokenKind::kClose;
  });
}

}  // namespace datacat::indexer
