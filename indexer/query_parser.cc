#include "indexer/query_parser.h"

#include <cctype>
#include <optional>
#include <unordered_set>

#include "indexer/index_schema.h"
#include "indexer/query_lexer.h"
#include "indexer/text_analyzer.h"

namespace datacat::indexer {
namespace {

// A whole identifier ("fact_line_item") weighs this much more than its parts found apart.
constexpr double kWholeWordWeight = 2.0;
// Neighbouring words as a phrase, relative to a word (relaxed queries).
constexpr double kPairWeight = 0.1;

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
      if (token.kind != TokenKind::kWord || !is_stopword(fold(token.text))) {
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
  // The relaxed query: every field or facet constraint, and any of the plain words.
  Compiled relaxed() {
    std::vector<Compiled> parts = top_constraints_;
    Compiled any = combine(Xapian::Query::OP_OR, top_words_);
    any.match.coordinate = options_.ranking.coordination;
    std::vector<Compiled> pairs;
    if (options_.ranking.word_pairs) pairs = adjacent_pairs();
    if (!pairs.empty()) {
      Compiled near = scaled(combine(Xapian::Query::OP_OR, pairs), kPairWeight);
      any = {
          Xapian::Query(Xapian::Query::OP_AND_MAYBE, any.query, near.query),
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
      // Its completions, stemmed and unstemmed (index_schema.h raw_prefix): prefix_postings.
      std::string start = std::string(spec.prefix) + folded;
      Xapian::Query either(
          Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_WILDCARD, start),
          Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(spec.raw_prefix) + folded));
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
        is_stopword(fold(token.text))) {
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
  bool drop_stopwords_ = false;                 // the query has words that are not stopwords
  std::vector<Compiled> top_words_;             // plain words and phrases at the top level
  std::vector<size_t> top_word_tokens_;         // their tokens' positions in tokens_
  std::unordered_set<std::string> seen_words_;  // folded plain words met at the top level
  std::vector<Compiled> top_constraints_;       // field queries at the top level
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
  // Optional weight: the asset named exactly so.
  std::vector<Compiled> optional;
  if (options.ranking.exact_boost) {
    std::string term = std::string(schema::kExactNamePrefix) + exact_key(text);
    optional.push_back(
        scaled({Xapian::Query(term), MatchNode::of_term(term)}, schema::kExactNameBoost));
  }
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
