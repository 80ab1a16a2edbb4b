#include "indexer/query_parser.h"

#include <cctype>
#include <optional>
#include <unordered_set>

#include "indexer/index_schema.h"
#include "indexer/text_analyzer.h"

namespace datacat::indexer {
namespace {

// A whole identifier ("fact_line_item") weighs this much more than its parts found apart.
constexpr double kWholeWordWeight = 2.0;
// Neighbouring words as a phrase, relative to a word (relaxed queries).
constexpr double kPairWeight = 0.1;
// The name holding every word of the query, relative to a word's BM25 weight.
constexpr double kNameCoverWeight = 1.0;

// English function words and the words questions are asked with, too common to narrow a
// search; dropped from plain-word queries that have other words ("which tables hold ...",
// "I want to find a dataset of ..."), kept in phrases and in queries made only of them.
const std::unordered_set<std::string> kStopwords = {
    "a",      "about",  "after",   "all",    "also",    "am",     "an",      "and",
    "any",    "are",    "as",      "at",     "be",      "been",   "being",   "between",
    "both",   "but",    "by",      "can",    "could",   "did",    "do",      "does",
    "each",   "either", "find",    "for",    "from",    "get",    "give",    "had",
    "has",    "have",   "having",  "help",   "here",    "how",    "i",       "if",
    "in",     "into",   "is",      "it",     "its",     "just",   "know",    "like",
    "list",   "look",   "looking", "me",     "more",    "most",   "much",    "must",
    "my",     "need",   "needs",   "of",     "on",      "one",    "only",    "or",
    "other",  "our",    "please",  "should", "show",    "so",     "some",    "such",
    "than",   "that",   "the",     "their",  "them",    "then",   "there",   "these",
    "they",   "this",   "those",   "to",     "too",     "try",    "trying",  "us",
    "use",    "used",   "using",   "very",   "want",    "was",    "we",      "were",
    "what",   "when",   "where",   "which",  "while",   "who",    "whom",    "whose",
    "why",    "will",   "with",    "would",  "you",     "your",   "i'd",     "i'm",
    "can't",  "don't",  "it's",    "let's",  "what's",  "where's"};

enum class TokenKind { kWord, kPhrase, kField, kAnd, kOr, kNot, kOpen, kClose };

struct LexToken {
  TokenKind kind;
  std::string text;   // word, phrase body or field value
  std::string field;  // for kField
  bool value_is_phrase = false;
  size_t offset = 0;
};

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

bool is_known_field(std::string_view name) {
  return find_text_field(name) != nullptr || find_exact_field(name) != nullptr;
}

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

// Parentheses group only in queries written with AND, OR or NOT; elsewhere they are prose
// ("a super-resolution network (LapSRN)") and are dropped, so the words match as any others.
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

// A compiled piece of query: the Xapian query that ranks and the plan that matches.
struct Compiled {
  Xapian::Query query;
  MatchNode match;
  bool empty() const { return query.empty(); }
};

Compiled combine(Xapian::Query::op op, std::vector<Compiled>& parts) {
  std::vector<Xapian::Query> queries;
  std::vector<MatchNode> nodes;
  for (Compiled& part : parts) {
    queries.push_back(part.query);
    nodes.push_back(std::move(part.match));
  }
  MatchNode::Op match_op = op == Xapian::Query::OP_OR ? MatchNode::Op::kOr : MatchNode::Op::kAnd;
  return {Xapian::Query(op, queries.begin(), queries.end()),
          MatchNode::of(match_op, std::move(nodes))};
}

Compiled scaled(Compiled part, double factor) {
  part.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, part.query, factor);
  part.match.scale *= factor;
  return part;
}

// Recursive-descent parser over the lexed tokens; builds Xapian queries and match plans.
class Compiler {
 public:
  Compiler(const std::vector<LexToken>& tokens, Xapian::Stem& stemmer, ParsedQuery& out,
           bool trailing_space, const ParseOptions& options)
      : tokens_(tokens),
        stemmer_(stemmer),
        out_(out),
        trailing_space_(trailing_space),
        options_(options) {
    for (const LexToken& token : tokens_) {
      if (token.kind != TokenKind::kWord || !kStopwords.contains(fold(token.text))) {
        drop_stopwords_ = true;
        break;
      }
    }
  }

  Result<Compiled> run() {
    Result<Compiled> query = parse_or();
    if (!query.is_ok()) return query;
    if (pos_ < tokens_.size()) return Status::invalid("unexpected ')'", "q");
    return query;
  }

  bool relaxable() const { return relaxable_; }
  size_t top_words() const { return top_words_.size(); }
  // The name terms of the plain top-level words, when there are two or more (else empty).
  std::vector<std::string> name_cover() const {
    return name_terms_.size() >= 2 ? name_terms_ : std::vector<std::string>{};
  }
  // The relaxed query: every field or facet constraint, and any of the plain words.
  Compiled relaxed() {
    std::vector<Compiled> parts = top_constraints_;
    Compiled any = combine(Xapian::Query::OP_OR, top_words_);
    any.match.coordinate = options_.ranking.coordination;
    std::vector<Compiled> pairs;
    if (options_.ranking.word_pairs) pairs = adjacent_pairs();
    if (!pairs.empty()) {
      Compiled near = scaled(combine(Xapian::Query::OP_OR, pairs), kPairWeight);
      any = {Xapian::Query(Xapian::Query::OP_AND_MAYBE, any.query, near.query),
             MatchNode::of(MatchNode::Op::kAndMaybe, {std::move(any.match), std::move(near.match)})};
    }
    parts.push_back(std::move(any));
    return parts.size() == 1 ? std::move(parts[0]) : combine(Xapian::Query::OP_AND, parts);
  }

 private:
  bool at(TokenKind kind) const { return pos_ < tokens_.size() && tokens_[pos_].kind == kind; }

  // Phrases of the query's neighbouring plain words (no word dropped between them): a
  // document with "question answering" ranks above one with "question" and "answering"
  // apart. Highlighting is left as the words made it.
  std::vector<Compiled> adjacent_pairs() {
    std::vector<Compiled> pairs;
    size_t words = out_.highlight_words.size();
    size_t stems = out_.highlight_stems.size();
    for (size_t i = 1; i < top_word_tokens_.size(); ++i) {
      size_t a = top_word_tokens_[i - 1];
      size_t b = top_word_tokens_[i];
      if (b != a + 1 || tokens_[a].kind != TokenKind::kWord || tokens_[b].kind != TokenKind::kWord)
        continue;
      Result<Compiled> pair = phrase_query(tokens_[a].text + " " + tokens_[b].text);
      if (pair.is_ok() && !pair->empty() && pair->match.op != MatchNode::Op::kWord)
        pairs.push_back(std::move(pair).value());
    }
    out_.highlight_words.resize(words);
    out_.highlight_stems.resize(stems);
    return pairs;
  }

  Result<Compiled> parse_or() {
    std::vector<Compiled> alternatives;
    for (;;) {
      Result<Compiled> part = parse_and();
      if (!part.is_ok()) return part;
      if (!part->empty()) alternatives.push_back(std::move(part).value());
      if (!at(TokenKind::kOr)) break;
      explicit_ops_ = true;
      ++pos_;
    }
    if (depth_ == 0 && !explicit_ops_) relaxable_ = top_words_.size() > 1;
    if (alternatives.empty()) return Compiled{};
    if (alternatives.size() == 1) return std::move(alternatives[0]);
    return combine(Xapian::Query::OP_OR, alternatives);
  }

  Result<Compiled> parse_and() {
    std::vector<Compiled> positive;
    std::vector<Compiled> negative;
    size_t units = 0;
    while (pos_ < tokens_.size() && !at(TokenKind::kOr) && !at(TokenKind::kClose)) {
      if (at(TokenKind::kAnd)) {
        explicit_ops_ = true;
        ++pos_;
        if (pos_ >= tokens_.size() || at(TokenKind::kOr) || at(TokenKind::kClose)) {
          return Status::invalid("AND needs a term after it", "q");
        }
        continue;
      }
      bool negate = false;
      while (at(TokenKind::kNot)) {
        explicit_ops_ = true;
        negate = !negate;
        ++pos_;
      }
      if (pos_ >= tokens_.size() || at(TokenKind::kOr) || at(TokenKind::kClose)) {
        return Status::invalid("NOT needs a term after it", "q");
      }
      Result<Compiled> unit = parse_unit();
      if (!unit.is_ok()) return unit;
      ++units;
      if (unit->empty()) continue;
      if (depth_ == 0 && !negate) {
        bool word = tokens_[pos_ - 1].kind == TokenKind::kWord ||
                    tokens_[pos_ - 1].kind == TokenKind::kPhrase;
        (word ? top_words_ : top_constraints_).push_back(*unit);
        if (word) top_word_tokens_.push_back(pos_ - 1);
      }
      (negate ? negative : positive).push_back(std::move(unit).value());
    }
    if (units == 0) {
      return Status::invalid(
          at(TokenKind::kClose) ? "empty parentheses" : "OR needs a term on each side", "q");
    }
    if (positive.empty() && negative.empty()) return Compiled{};
    Compiled query = positive.empty()
                         ? Compiled{Xapian::Query::MatchAll, MatchNode::of(MatchNode::Op::kAll, {})}
                     : positive.size() == 1 ? std::move(positive[0])
                                            : combine(Xapian::Query::OP_AND, positive);
    if (!negative.empty()) {
      Compiled dropped =
          negative.size() == 1 ? std::move(negative[0]) : combine(Xapian::Query::OP_OR, negative);
      query.query = Xapian::Query(Xapian::Query::OP_AND_NOT, query.query, dropped.query);
      query.match =
          MatchNode::of(MatchNode::Op::kAndNot, {std::move(query.match), std::move(dropped.match)});
    }
    return query;
  }

  Result<Compiled> parse_unit() {
    const LexToken& token = tokens_[pos_++];
    switch (token.kind) {
      case TokenKind::kOpen: {
        ++depth_;
        explicit_ops_ = true;
        Result<Compiled> inner = parse_or();
        --depth_;
        if (!inner.is_ok()) return inner;
        if (!at(TokenKind::kClose)) return Status::invalid("unbalanced '('", "q");
        ++pos_;
        return inner;
      }
      case TokenKind::kClose:
        return Status::invalid("unexpected ')'", "q");
      case TokenKind::kPhrase:
        return phrase_query(token.text);
      case TokenKind::kField:
        return field_query(token);
      default:
        return word_query(token, nullptr);
    }
  }

  bool is_last_word(const LexToken& token) const {
    return &token == &tokens_.back() && !trailing_space_;
  }

  // One analysed token against the given fields (all default fields when null): one kWord,
  // ranked by BM25F. With `complete`, it also matches as a prefix in the fields that
  // complete.
  Compiled token_query(const std::string& folded, const schema::FieldSpec* only,
                       bool complete = false) {
    std::string stem = stemmer_(folded);
    out_.highlight_words.push_back(folded);
    out_.highlight_stems.push_back(stem);
    std::vector<Xapian::Query> queries;
    MatchNode word = MatchNode::of(MatchNode::Op::kWord, {});
    auto add = [&](MatchNode node, Xapian::Query query, size_t field, double weight) {
      node.field = static_cast<int>(field);
      node.scale = weight;
      word.children.push_back(std::move(node));
      queries.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, query, weight);
    };
    for (size_t f = 0; f < schema::kFields.size(); ++f) {
      const schema::FieldSpec& spec = schema::kFields[f];
      if (only != nullptr ? &spec != only : !spec.in_default_search) continue;
      std::string term = std::string(spec.prefix) + stem;
      add(MatchNode::of_term(term), Xapian::Query(term), f, spec.weight);
      if (!complete || !spec.completes) continue;
      // Stemmed and unstemmed terms (index_schema.h raw_prefix): see prefix_postings.
      std::string start = std::string(spec.prefix) + folded;
      Xapian::Query either(Xapian::Query::OP_OR,
                           Xapian::Query(Xapian::Query::OP_WILDCARD, start),
                           Xapian::Query(Xapian::Query::OP_WILDCARD,
                                         std::string(spec.raw_prefix) + folded));
      add(MatchNode{MatchNode::Op::kPrefix, start, {}, 1.0}, either, f,
          spec.weight * schema::kPrefixWeight);
    }
    return {Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end()), std::move(word)};
  }

  // Words of `text`: each compound word matches whole or as all of its parts. With
  // `complete`, the last word (whole, and its last part) also matches as a prefix.
  Compiled text_query(std::string_view text, const schema::FieldSpec* only,
                      std::vector<Token>* tokens_out = nullptr, bool complete = false) {
    std::vector<Token> tokens;
    uint32_t position = 0;
    analyze(text, position, tokens);
    std::vector<Compiled> words;
    // Whether the token at `i` is the last word (or the last part of it) being typed.
    auto completing = [&](size_t i) {
      return complete && i + 1 == tokens.size() && tokens[i].text.size() >= schema::kMinPrefixBytes;
    };
    for (size_t i = 0; i < tokens.size();) {
      if (!tokens[i].whole) {
        words.push_back(token_query(tokens[i].text, only, completing(i)));
        ++i;
        continue;
      }
      // The whole identifier outranks its parts found apart.
      size_t end = i + 1;
      while (end < tokens.size() && tokens[end].part) ++end;
      bool last = complete && end == tokens.size();
      std::vector<Compiled> either;
      either.push_back(scaled(token_query(tokens[i].text, only, last), kWholeWordWeight));
      std::vector<Compiled> parts;
      for (++i; i < end; ++i) parts.push_back(token_query(tokens[i].text, only, completing(i)));
      either.push_back(combine(Xapian::Query::OP_AND, parts));
      words.push_back(combine(Xapian::Query::OP_OR, either));
    }
    if (tokens_out != nullptr) *tokens_out = std::move(tokens);
    if (words.empty()) return Compiled{};
    return combine(Xapian::Query::OP_AND, words);
  }

  Result<Compiled> word_query(const LexToken& token, const schema::FieldSpec* only) {
    if (only == nullptr && drop_stopwords_ && !is_last_word(token) &&
        kStopwords.contains(fold(token.text))) {
      return Compiled{};
    }
    // A word said twice in a plain query counts once ("object detection ... salient object
    // detection"): the query asks for it, not for it twice as much.
    bool negated = pos_ >= 2 && tokens_[pos_ - 2].kind == TokenKind::kNot;
    bool plain = only == nullptr && depth_ == 0 && !explicit_ops_ && !negated;
    if (plain && options_.ranking.distinct_words && !seen_words_.insert(fold(token.text)).second)
      return Compiled{};
    // The last word is still being typed unless punctuation ends it ("addresses?").
    bool prefix = only == nullptr && options_.complete_last_word && options_.ranking.prefix &&
                  is_last_word(token) && !token.text.empty() &&
                  !std::ispunct(static_cast<unsigned char>(token.text.back()));
    std::vector<Token> tokens;
    Compiled query = text_query(token.text, only, &tokens, prefix);
    if (tokens.empty()) return Compiled{};
    if (plain && tokens.size() == 1 && options_.ranking.name_cover)
      name_terms_.push_back(std::string(schema::kFields[0].prefix) + stemmer_(tokens[0].text));
    if (only == nullptr && tokens.size() == 1) {
      out_.words.push_back({token.offset, token.text, tokens[0].text, prefix});
    }
    if (prefix) out_.prefix = tokens.back().text;
    return query;
  }

  // A phrase matches adjacent (stemmed) words within one positional field.
  Result<Compiled> phrase_query(const std::string& text, const schema::FieldSpec* only = nullptr) {
    std::vector<Token> tokens;
    uint32_t position = 0;
    analyze(text, position, tokens);
    std::vector<std::string> stems;
    for (const Token& token : tokens) {
      if (token.whole) continue;  // its parts stand at the same positions
      stems.push_back(stemmer_(token.text));
      out_.highlight_words.push_back(token.text);
      out_.highlight_stems.push_back(stems.back());
    }
    if (stems.empty()) return Compiled{};
    if (stems.size() == 1 || (only != nullptr && !only->positional)) return text_query(text, only);
    std::vector<Compiled> per_field;
    for (const auto& spec : schema::kFields) {
      if (only != nullptr ? &spec != only : !(spec.in_default_search && spec.positional)) continue;
      std::vector<std::string> terms;
      std::vector<MatchNode> nodes;
      for (const std::string& stem : stems) {
        terms.push_back(std::string(spec.prefix) + stem);
        nodes.push_back(MatchNode::of_term(terms.back()));
      }
      Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                           static_cast<Xapian::termcount>(terms.size()));
      per_field.push_back(
          scaled({phrase, MatchNode::of(MatchNode::Op::kPhrase, std::move(nodes))}, spec.weight));
    }
    return combine(Xapian::Query::OP_OR, per_field);
  }

  Result<Compiled> field_query(const LexToken& token) {
    if (const schema::FacetSpec* exact = find_exact_field(token.field)) {
      std::string term = std::string(exact->prefix) + token.text;
      return scaled({Xapian::Query(term), MatchNode::of_term(term)}, 0.0);
    }
    const schema::FieldSpec* field = find_text_field(token.field);
    if (token.value_is_phrase) return phrase_query(token.text, field);
    Compiled query = text_query(token.text, field);
    if (query.empty()) return Status::invalid("'" + token.field + ":' needs a value", "q");
    return query;
  }

  const std::vector<LexToken>& tokens_;
  Xapian::Stem& stemmer_;
  ParsedQuery& out_;
  bool trailing_space_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool explicit_ops_ = false;
  const ParseOptions& options_;
  bool relaxable_ = false;
  bool drop_stopwords_ = false;            // the query has words that are not stopwords
  std::vector<Compiled> top_words_;        // plain words and phrases at the top level
  std::vector<size_t> top_word_tokens_;    // their tokens' positions in tokens_
  std::unordered_set<std::string> seen_words_;  // folded plain words met at the top level
  std::vector<std::string> name_terms_;         // their name-field terms (single words)
  std::vector<Compiled> top_constraints_;  // field queries at the top level
};

}  // namespace

QueryParser::QueryParser() : stemmer_(std::string(schema::kStemLanguage)) {}

namespace {

// `main`, ranked higher by each optional part (matched where `main` matches).
Compiled with_optional(Compiled main, const std::vector<Compiled>& optional) {
  if (optional.empty()) return main;
  std::vector<Xapian::Query> queries = {main.query};
  std::vector<MatchNode> nodes;
  nodes.push_back(std::move(main.match));
  for (const Compiled& part : optional) {
    queries.push_back(part.query);
    nodes.push_back(part.match);
  }
  return {Xapian::Query(Xapian::Query::OP_AND_MAYBE, queries.begin(), queries.end()),
          MatchNode::of(MatchNode::Op::kAndMaybe, std::move(nodes))};
}

}  // namespace

Result<ParsedQuery> QueryParser::parse(std::string_view text, const ParseOptions& options) {
  ParsedQuery out;
  std::vector<LexToken> tokens;
  if (Status s = lex(text, tokens); !s.is_ok()) return s;
  drop_prose_parentheses(tokens);
  if (Status s = check_limits(tokens); !s.is_ok()) return s;
  if (tokens.empty()) return out;
  bool trailing_space = !text.empty() && (text.back() == ' ' || text.back() == '\t');
  Compiler compiler(tokens, stemmer_, out, trailing_space, options);
  Result<Compiled> query = compiler.run();
  if (!query.is_ok()) return query.status();
  out.browse = false;
  if (query->empty()) {
    // Words were typed but none can match (punctuation, over-long words): match nothing.
    out.query = Xapian::Query::MatchNothing;
    out.match = MatchNode{};
    return out;
  }
  // Optional weight: the asset named exactly so, and the assets whose name has every word.
  std::vector<Compiled> optional;
  if (options.ranking.exact_boost) {
    std::string term = std::string(schema::kExactNamePrefix) + exact_key(text);
    optional.push_back(scaled({Xapian::Query(term), MatchNode::of_term(term)}, schema::kExactNameBoost));
  }
  std::vector<Compiled> name_words;
  for (const std::string& term : compiler.name_cover())
    name_words.push_back({Xapian::Query(term), MatchNode::of_term(term)});
  if (!name_words.empty())
    optional.push_back(scaled(combine(Xapian::Query::OP_AND, name_words), kNameCoverWeight));
  Compiled strict = with_optional(std::move(query).value(), optional);
  out.query = std::move(strict.query);
  out.match = std::move(strict.match);
  out.words_required = compiler.top_words();
  if (compiler.relaxable()) {
    Compiled relaxed = with_optional(compiler.relaxed(), optional);
    out.relaxed = std::move(relaxed.query);
    out.relaxed_match = std::move(relaxed.match);
  }
  return out;
}

}  // namespace datacat::indexer
