#include "glossary/csv.h"

namespace datacat::glossary {

Result<std::vector<CsvRecord>> read_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record{1, {}};
  std::string field;
  size_t line = 1;
  size_t i = 0;
  bool field_started = false;   // the current field has a character or was quoted
  bool record_started = false;  // the current record has a field or a character
  auto end_record = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    if (record_started || field_started) records.push_back(std::move(record));
    record = CsvRecord{line, {}};
    field_started = false;
    record_started = false;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      if (field_started) {
        return Status::invalid("a quote inside an unquoted field", "line " + std::to_string(line));
      }
      size_t opened_on = line;
      ++i;
      while (true) {
        if (i == text.size()) {
          return Status::invalid("a quoted field never closes",
                                 "line " + std::to_string(opened_on));
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      field_started = true;
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return Status::invalid("text after a closing quote", "line " + std::to_string(line));
      }
      continue;
    }
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
      record_started = true;  // "," is a record of two empty fields, not an empty line
      ++i;
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    if (c == '\n' || c == '\r') {
      ++line;
      ++i;
      end_record();
      continue;
    }
    field += c;
    field_started = true;
    ++i;
  }
  if (field_started || record_started) end_record();
  return records;
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& field = fields[i];
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      out += field;
      continue;
    }
    out += '"';
    for (char c : field) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

std::string join_escaped(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    for (char c : parts[i]) {
      if (c == separator || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

Result<std::vector<std::string>> split_escaped(std::string_view text, char separator) {
  std::vector<std::string> parts;
  if (text.empty()) return parts;
  std::string part;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      if (i + 1 == text.size()) return Status::invalid("a backslash at the end", "text");
      part += text[++i];
    } else if (text[i] == separator) {
      parts.push_back(std::move(part));
      part.clear();
    } else {
      part += text[i];
    }
  }
  parts.push_back(std::move(part));
  return parts;
}

}  // namespace datacat::glossary
