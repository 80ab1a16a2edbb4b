#include "bench/relevance/bm25_baseline.h"

#include <cctype>

#include "indexer/sqlite_db.h"

namespace datacat::relevance {
namespace {

using nlohmann::json;

// The text of list field `key` (strings, or objects whose `members` are taken), joined.
std::string joined(const json& asset, const char* key, std::initializer_list<const char*> members) {
  std::string out;
  if (!asset.contains(key) || !asset[key].is_array()) return out;
  for (const json& item : asset[key]) {
    if (item.is_string()) {
      out += item.get<std::string>() + "\n";
      continue;
    }
    for (const char* member : members) {
      if (item.contains(member) && item[member].is_string())
        out += item[member].get<std::string>() + "\n";
    }
  }
  return out;
}

}  // namespace

std::string or_of_words(const std::string& query) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += " OR ";
    out += "\"" + word + "\"";
    word.clear();
  };
  for (char c : query) {
    // Letters and digits (and any UTF-8 byte) make words, as unicode61 splits them.
    if (std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80)) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

Bm25Baseline::Bm25Baseline(const std::vector<json>& assets)
    : db_(std::make_unique<indexer::SqliteDb>(":memory:")) {
  db_->exec(
      "CREATE VIRTUAL TABLE docs USING fts5(uri UNINDEXED, name, label, description, other, "
      "tokenize = 'porter unicode61')");
  indexer::Transaction transaction(*db_, indexer::Transaction::Kind::kWrite);
  indexer::Statement insert =
      db_->prepare("INSERT INTO docs(uri, name, label, description, other) VALUES (?,?,?,?,?)");
  for (const json& asset : assets) {
    std::string other = joined(asset, "columns", {"name", "description"}) +
                        joined(asset, "tags", {}) + joined(asset, "topics", {});
    insert.bind(1, asset.value("uri", ""))
        .bind(2, asset.value("name", ""))
        .bind(3, asset.value("label", ""))
        .bind(4, asset.value("description", ""))
        .bind(5, other);
    insert.run();
    insert.reset();
  }
  transaction.commit();
}

Bm25Baseline::~Bm25Baseline() = default;

std::vector<std::string> Bm25Baseline::search(const std::string& query, size_t limit) {
  std::vector<std::string> out;
  std::string match = or_of_words(query);
  if (match.empty()) return out;
  indexer::Statement select =
      db_->prepare("SELECT uri FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), rowid LIMIT ?");
  select.bind(1, match).bind(2, static_cast<int64_t>(limit));
  while (select.step()) out.push_back(select.column_text(0));
  return out;
}

}  // namespace datacat::relevance
