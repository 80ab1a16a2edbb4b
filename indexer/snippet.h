// Highlighted snippets: the part of a text with the most query-word matches, HTML-escaped,
// matches wrapped in <mark>...</mark>. Uses text_analyzer.h, so it highlights exactly the
// words the index matched (folded, stemmed, identifier parts). Thread-compatible.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>

namespace datacat::indexer {

struct HighlightSet {
  std::unordered_set<std::string> words;  // folded
  std::unordered_set<std::string> stems;
  std::string prefix;  // folded; any word starting with it matches
};

// Whether the folded word `word` matches: one of the words, a word starting with the
// prefix, or a word stemming to one of the stems (what the index matched).
bool is_highlighted(const std::string& word, const HighlightSet& highlight, Xapian::Stem& stemmer);

// Escapes &, <, >, " and '.
std::string html_escape(std::string_view text);

// The Markdown of a description as the plain text a snippet shows: `code` and **bold**
// markers, heading and quote markers at line starts, and link targets ([text](url) keeps
// text) are dropped. Underscores and single asterisks stay (identifiers use them).
std::string markdown_to_plain(std::string_view markdown);

// A snippet of at most about `max_bytes` bytes of `text`. When nothing matches, the
// start of the text. Never cuts inside a UTF-8 character.
std::string make_snippet(std::string_view text, const HighlightSet& highlight,
                         Xapian::Stem& stemmer, size_t max_bytes = 240);

}  // namespace datacat::indexer
