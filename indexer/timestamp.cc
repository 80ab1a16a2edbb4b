#include "indexer/timestamp.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace datacat::indexer {
namespace {

bool read_digits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

bool expect(std::string_view text, size_t pos, char c) {
  return pos < text.size() && text[pos] == c;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Parses the zone suffix at `pos` ("Z" or "+HH:MM"); returns its offset in seconds.
std::optional<int64_t> parse_zone(std::string_view text, size_t pos) {
  if (pos == text.size() - 1 && (text[pos] == 'Z' || text[pos] == 'z')) return 0;
  if (pos + 6 != text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
  int hours = 0;
  int minutes = 0;
  if (!read_digits(text, pos + 1, 2, hours) || !expect(text, pos + 3, ':') ||
      !read_digits(text, pos + 4, 2, minutes) || hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  int64_t offset = hours * 3600 + minutes * 60;
  return text[pos] == '+' ? offset : -offset;
}

}  // namespace

std::optional<int64_t> parse_rfc3339(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, 0, 4, year) || !expect(text, 4, '-') || !read_digits(text, 5, 2, month) ||
      !expect(text, 7, '-') || !read_digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  int64_t offset = 0;
  if (text.size() != 10) {
    if (!(expect(text, 10, 'T') || expect(text, 10, 't') || expect(text, 10, ' ')) ||
        !read_digits(text, 11, 2, hour) || !expect(text, 13, ':') ||
        !read_digits(text, 14, 2, minute) || !expect(text, 16, ':') ||
        !read_digits(text, 17, 2, second) || hour > 23 || minute > 59 || second > 60) {
      return std::nullopt;
    }
    size_t pos = 19;
    if (expect(text, pos, '.')) {
      ++pos;
      size_t digits_start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == digits_start) return std::nullopt;
    }
    auto zone = parse_zone(text, pos);
    if (!zone) return std::nullopt;
    offset = *zone;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm)) - offset;
}

std::string format_rfc3339(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

int64_t now_unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace datacat::indexer
