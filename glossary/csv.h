// RFC 4180 CSV, as spreadsheets write it, for the glossary CSV format (glossary_transfer.h).
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/status.h"

namespace datacat::glossary {

// One record and the line of the text it starts on (1-based).
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> fields;
};

// Splits `text` into records. Fields may be quoted ("a ""b"", c" holds quotes, commas and
// line breaks); records end at LF or CRLF; a UTF-8 byte-order mark at the start and empty
// lines are skipped. kInvalidArgument naming the line ("line 7") for a quote that never
// closes or a quote inside an unquoted field.
Result<std::vector<CsvRecord>> read_csv(std::string_view text);

// One record: fields joined by commas, quoted when they hold a comma, quote, CR or LF,
// then "\r\n" as RFC 4180 says.
std::string csv_record(const std::vector<std::string>& fields);

// Joins `parts` with `separator`, writing a backslash before each separator or backslash
// inside a part, so split_escaped gives the parts back.
std::string join_escaped(const std::vector<std::string>& parts, char separator);

// The inverse of join_escaped: "a\/b/c" -> {"a/b", "c"} for '/'. "" -> {}. kInvalidArgument
// (field "text") for a backslash at the end.
Result<std::vector<std::string>> split_escaped(std::string_view text, char separator);

}  // namespace datacat::glossary
