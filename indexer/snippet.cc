#include "indexer/snippet.h"

#include <algorithm>
#include <vector>

#include "indexer/text_analyzer.h"

namespace datacat::indexer {
namespace {

constexpr size_t kLeadBytes = 60;  // context kept before the first match

struct Range {
  size_t start;
  size_t end;
};

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Moves `pos` forward to the start of a word (after a space), at most 20 bytes.
size_t align_start(std::string_view text, size_t pos) {
  if (pos == 0) return 0;
  for (size_t i = pos; i < text.size() && i < pos + 20; ++i) {
    if (text[i - 1] == ' ') return i;
  }
  while (pos < text.size() && is_continuation(text[pos])) ++pos;
  return pos;
}

size_t align_end(std::string_view text, size_t pos) {
  if (pos >= text.size()) return text.size();
  for (size_t i = pos; i > 0 && i + 20 > pos; --i) {
    if (text[i] == ' ') return i;
  }
  while (pos > 0 && is_continuation(text[pos])) --pos;
  return pos;
}

}  // namespace

bool is_highlighted(const std::string& word, const HighlightSet& highlight, Xapian::Stem& stemmer) {
  if (highlight.words.contains(word)) return true;
  if (!highlight.prefix.empty() && word.rfind(highlight.prefix, 0) == 0) return true;
  return highlight.stems.contains(stemmer(word));
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string make_snippet(std::string_view text, const HighlightSet& highlight,
                         Xapian::Stem& stemmer, size_t max_bytes) {
  std::vector<Token> tokens;
  uint32_t position = 0;
  analyze(text, position, tokens);
  std::vector<Range> ranges;
  for (const Token& token : tokens) {
    if (!is_highlighted(token.text, highlight, stemmer)) continue;
    Range range{token.start, static_cast<size_t>(token.start) + token.length};
    if (!ranges.empty() && range.start < ranges.back().end) {
      ranges.back().end = std::max(ranges.back().end, range.end);  // a part inside a whole
    } else {
      ranges.push_back(range);
    }
  }
  // The window holding the most matches.
  size_t best_start = 0;
  size_t best_count = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    size_t count = 0;
    for (size_t j = i; j < ranges.size() && ranges[j].end <= ranges[i].start + max_bytes; ++j)
      ++count;
    if (count > best_count) {
      best_count = count;
      best_start = ranges[i].start > kLeadBytes ? ranges[i].start - kLeadBytes : 0;
    }
  }
  size_t start = align_start(text, best_start);
  size_t end = align_end(text, std::min(text.size(), start + max_bytes));
  if (end <= start) {
    end = std::min(text.size(), start + max_bytes);
    while (end > start && end < text.size() && is_continuation(text[end])) --end;
  }
  std::string out;
  if (start > 0) out += "\u2026";
  size_t cursor = start;
  for (const Range& range : ranges) {
    if (range.end <= start || range.start >= end) continue;
    size_t from = std::max(range.start, start);
    size_t to = std::min(range.end, end);
    out += html_escape(text.substr(cursor, from - cursor));
    out += "<mark>";
    out += html_escape(text.substr(from, to - from));
    out += "</mark>";
    cursor = to;
  }
  out += html_escape(text.substr(cursor, end - cursor));
  if (end < text.size()) out += "\u2026";
  return out;
}

std::string markdown_to_plain(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  bool line_start = true;
  for (size_t i = 0; i < markdown.size(); ++i) {
    char c = markdown[i];
    if (line_start && (c == '#' || c == '>')) {
      while (i < markdown.size() && (markdown[i] == '#' || markdown[i] == '>')) ++i;
      while (i < markdown.size() && markdown[i] == ' ') ++i;
      --i;
      line_start = false;
      continue;
    }
    line_start = c == '\n';
    if (c == '`') continue;
    if (c == '*' && i + 1 < markdown.size() && markdown[i + 1] == '*') {
      ++i;
      continue;
    }
    if (c == ']' && i + 1 < markdown.size() && markdown[i + 1] == '(') {
      size_t close = markdown.find(')', i + 2);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    if (c == '[' && markdown.find("](", i) != std::string_view::npos) continue;
    out += c;
  }
  return out;
}

}  // namespace datacat::indexer
