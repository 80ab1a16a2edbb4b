// RFC 3339 timestamps <-> Unix seconds (UTC). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace datacat::indexer {

// Parses "2024-03-05T10:15:00Z", "2024-03-05T10:15:00.123+02:00" (fractions dropped) or
// a bare date "2024-03-05"; nullopt when the text is not such a timestamp.
std::optional<int64_t> parse_rfc3339(std::string_view text);

// "2024-03-05T10:15:00Z".
std::string format_rfc3339(int64_t unix_seconds);

// Current time in Unix seconds.
int64_t now_unix_seconds();

}  // namespace datacat::indexer
