#include "indexer/ndjson.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "indexer/asset_json.h"

namespace datacat::indexer {
namespace {

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

// Reads one line, capping what is kept at kMaxLineBytes; false at end of input.
bool read_line(std::istream& input, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  if (!input.good()) return false;
  std::istream::sentry guard(input, true);
  std::streambuf* buffer = input.rdbuf();
  bool any = false;
  for (;;) {
    int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      input.setstate(std::ios::eofbit);
      return any;
    }
    any = true;
    if (c == '\n') return true;
    if (line.size() < kMaxLineBytes) {
      line.push_back(static_cast<char>(c));
    } else {
      too_long = true;
    }
  }
}

}  // namespace

std::string LineError::to_string() const {
  return source + ":" + std::to_string(line) + ": " + status.to_string();
}

ParsedBatch parse_ndjson(std::istream& input, const std::string& source) {
  ParsedBatch batch;
  std::unordered_map<std::string, int> line_of_uri;
  std::string line;
  bool too_long = false;
  int number = 0;
  while (read_line(input, line, too_long)) {
    ++number;
    if (too_long) {
      batch.errors.push_back({source, number, Status::invalid("line longer than 4 MiB")});
      continue;
    }
    if (is_blank(line)) continue;
    nlohmann::json json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
      // Distinguish the common causes for a clearer message.
      std::string message = "malformed JSON";
      try {
        nlohmann::json ignored = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range: 1E400
        message = std::string("malformed JSON: ") + e.what();
      }
      batch.errors.push_back({source, number, Status::invalid(message)});
      continue;
    }
    Result<Asset> asset = parse_asset(json);
    if (!asset.is_ok()) {
      batch.errors.push_back({source, number, asset.status()});
      continue;
    }
    auto [it, inserted] = line_of_uri.emplace(asset->uri, number);
    if (!inserted) {
      batch.errors.push_back(
          {source, number,
           Status::invalid("duplicate of line " + std::to_string(it->second), "uri")});
      continue;
    }
    batch.assets.push_back(std::move(asset).value());
    batch.origins.push_back({source, number});
  }
  return batch;
}

void append_batch(ParsedBatch& batch, ParsedBatch&& more) {
  std::unordered_map<std::string, size_t> known;
  for (size_t i = 0; i < batch.assets.size(); ++i) known.emplace(batch.assets[i].uri, i);
  for (size_t i = 0; i < more.assets.size(); ++i) {
    auto it = known.find(more.assets[i].uri);
    if (it != known.end()) {
      const LineRef& first = batch.origins[it->second];
      more.errors.push_back(
          {more.origins[i].source, more.origins[i].line,
           Status::invalid("duplicate of " + first.source + ":" + std::to_string(first.line),
                           "uri")});
      continue;
    }
    batch.assets.push_back(std::move(more.assets[i]));
    batch.origins.push_back(std::move(more.origins[i]));
  }
  for (LineError& error : more.errors) batch.errors.push_back(std::move(error));
}

}  // namespace datacat::indexer
