#include "indexer/text_analyzer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace datacat::indexer {
namespace {

bool is_joiner(UChar32 c) {
  return c == '_' || c == '.' || c == '-' || c == '/';
}

bool is_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool is_word_char(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) || u_hasBinaryProperty(c, UCHAR_DIACRITIC) ||
         u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_COMBINING_SPACING_MARK;
}

bool is_ideograph(UChar32 c) {
  return c >= 0x2E80 && (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ||
                         u_getIntPropertyValue(c, UCHAR_SCRIPT) == USCRIPT_HIRAGANA ||
                         u_getIntPropertyValue(c, UCHAR_SCRIPT) == USCRIPT_KATAKANA);
}

std::string fold_unicode(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString folded =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
          .foldCase();
  icu::UnicodeString decomposed = U_SUCCESS(status) ? nfkd->normalize(folded, status) : folded;
  if (U_FAILURE(status)) decomposed = folded;
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) != U_NON_SPACING_MARK) stripped.append(c);
  }
  std::string out;
  stripped.toUTF8String(out);
  return out;
}

// The parts of a word: split after joiners and at camelCase boundaries
// ("customerId" -> customer|Id, "HTTPServer" -> HTTP|Server, "menüItem" -> menü|Item).
std::vector<std::string_view> split_parts(std::string_view word) {
  std::vector<std::string_view> parts;
  const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
  const auto length = static_cast<int32_t>(word.size());
  int32_t start = 0;
  auto flush = [&](int32_t end) {
    if (end > start) parts.push_back(word.substr(start, end - start));
  };
  UChar32 prev = -1;
  for (int32_t i = 0; i < length;) {
    int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {
      prev = -1;
      continue;
    }
    if (is_joiner(c)) {
      flush(at);
      start = i;
      prev = -1;
      continue;
    }
    if (at > start && prev >= 0 && u_isupper(c)) {
      int32_t next_at = i;
      UChar32 next = -1;
      if (next_at < length) U8_NEXT(bytes, next_at, length, next);
      if (u_islower(prev) || (u_isupper(prev) && next >= 0 && u_islower(next))) {
        flush(at);
        start = at;
      }
    }
    prev = c;
  }
  flush(length);
  return parts;
}

void emit_word(const char* base, std::string_view word, uint32_t& position,
               std::vector<Token>& out) {
  std::vector<std::string_view> parts = split_parts(word);
  if (parts.empty()) return;
  auto offset = [base](std::string_view piece) {
    return static_cast<uint32_t>(piece.data() - base);
  };
  auto length = [](std::string_view piece) { return static_cast<uint32_t>(piece.size()); };
  if (parts.size() == 1) {
    std::string text = fold(parts[0]);
    if (text.size() <= kMaxWordBytes) {
      out.push_back({std::move(text), position, false, false, offset(parts[0]), length(parts[0])});
    }
    ++position;
    return;
  }
  std::string whole = fold(word);
  if (whole.size() <= kMaxWordBytes) {
    out.push_back({std::move(whole), position, true, false, offset(word), length(word)});
  }
  for (std::string_view part : parts) {
    std::string text = fold(part);
    if (text.size() <= kMaxWordBytes) {
      out.push_back({std::move(text), position, false, true, offset(part), length(part)});
    }
    ++position;
  }
}

}  // namespace

std::string fold(std::string_view text) {
  if (!is_ascii(text)) return fold_unicode(text);
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void analyze(std::string_view text, uint32_t& position, std::vector<Token>& out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  int32_t word_start = -1;  // byte offset of the current word, -1 outside a word
  int32_t word_end = -1;    // end of the last word character (joiners are not included)
  auto finish = [&]() {
    if (word_start >= 0 && word_end > word_start) {
      emit_word(text.data(), text.substr(word_start, word_end - word_start), position, out);
    }
    word_start = -1;
    word_end = -1;
  };
  while (i < length) {
    int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {  // invalid UTF-8: treat as a separator
      finish();
      continue;
    }
    if (is_ideograph(c)) {
      finish();
      emit_word(text.data(), text.substr(at, i - at), position, out);
      continue;
    }
    if (is_word_char(c)) {
      if (word_start < 0) word_start = at;
      word_end = i;
      continue;
    }
    // A joiner, or a run of them ("stg_shopify__orders"), continues a word only when a word
    // character follows it.
    if (is_joiner(c) && word_start >= 0 && word_end == at) {
      int32_t run_end = i;
      UChar32 following = -1;
      while (run_end < length) {
        int32_t next = run_end;
        U8_NEXT(bytes, next, length, following);
        if (following < 0 || !is_joiner(following)) break;
        run_end = next;
      }
      if (run_end < length && following >= 0 && is_word_char(following) &&
          !is_ideograph(following)) {
        i = run_end;
        continue;
      }
    }
    finish();
  }
  finish();
}

}  // namespace datacat::indexer

namespace datacat::indexer {

std::string exact_key(std::string_view text) {
  std::string folded = fold(text);
  std::string out;
  bool gap = false;
  for (char c : folded) {
    if (c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\n' || c == '\r') {
      gap = !out.empty();
      continue;
    }
    if (gap) out.push_back('_');
    gap = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace datacat::indexer
