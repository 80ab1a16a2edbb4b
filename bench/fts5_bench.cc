// The baseline a user might pick instead of datacat: SQLite FTS5 over the same generated
// catalog, answering the same query file (bench/gen_catalog.cc `queries`) with bm25
// ranking, the top 20, the total, and the counts of the same 8 facets (disjunctive: each
// facet counted with the other facets' filters, as datacat counts them), by GROUP BY over
// the match set. Written as fairly as we could: WAL, one transaction for the load, porter
// stemming (datacat stems too), prefix indexes for prefix queries, an index per facet
// column, prepared statements cached by SQL text, a 1 GiB page cache and mmap.
//
//   fts5_bench load  --db FILE --catalog NDJSON     load time, assets/s
//   fts5_bench query --db FILE --queries NDJSON     p50/p95/p99 per query kind
//   fts5_bench urls  --queries NDJSON               the queries as GET /search URLs
//   fts5_bench serve --db FILE --port P --threads N  the queries over HTTP (cpp-httplib),
//                                                    answering GET /search?q=&kind=&<facet>=
//
// Output lines match search_bench's names: "<kind>/fts5 p50_ms=… p95_ms=… p99_ms=…".
#include <httplib.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/sqlite_db.h"

namespace datacat::bench {
namespace {

using indexer::SqliteDb;
using indexer::Statement;
using nlohmann::json;

constexpr const char* kScalarFacets[] = {"type",  "region",      "classification",
                                         "owner", "environment", "organization"};
constexpr const char* kListFacets[] = {"tags", "topics"};
constexpr const char* kInherited[] = {"region", "classification", "owner", "environment",
                                      "organization"};

std::string joined(const json& asset, const char* key, const char* member = nullptr) {
  std::string out;
  if (!asset.contains(key)) return out;
  for (const auto& item : asset[key]) {
    if (!out.empty()) out += ' ';
    out += member ? item.value(member, "") : item.get<std::string>();
  }
  return out;
}

int load(const std::string& db_path, const std::string& catalog) {
  std::remove(db_path.c_str());
  SqliteDb db(db_path);
  db.exec(
      "CREATE TABLE assets(id INTEGER PRIMARY KEY, uri TEXT UNIQUE NOT NULL, type TEXT, "
      "name TEXT, label TEXT, region TEXT, classification TEXT, owner TEXT, environment TEXT, "
      "organization TEXT, updated TEXT);"
      "CREATE TABLE tags(id INTEGER NOT NULL, value TEXT NOT NULL);"
      "CREATE TABLE topics(id INTEGER NOT NULL, value TEXT NOT NULL);"
      "CREATE VIRTUAL TABLE fts USING fts5(name, label, description, colnames, coldescs, tags, "
      "topics, content='', tokenize='porter unicode61 remove_diacritics 2', prefix='3 4 5')");
  auto started = std::chrono::steady_clock::now();
  std::ifstream input(catalog);
  std::string line;
  // Tables and folders inherit these fields from their dataset (datacat's rule).
  std::unordered_map<std::string, json> datasets;
  db.exec("BEGIN");
  Statement asset = db.prepare(
      "INSERT INTO assets(uri, type, name, label, region, classification, owner, environment, "
      "organization, updated) VALUES (?,?,?,?,?,?,?,?,?,?)");
  Statement tag = db.prepare("INSERT INTO tags VALUES (?, ?)");
  Statement topic = db.prepare("INSERT INTO topics VALUES (?, ?)");
  Statement text = db.prepare(
      "INSERT INTO fts(rowid, name, label, description, colnames, coldescs, tags, topics) "
      "VALUES (?,?,?,?,?,?,?,?)");
  int64_t count = 0;
  while (std::getline(input, line)) {
    if (line.empty()) continue;
    json a = json::parse(line);
    if (a.value("type", "") == "dataset") datasets[a["uri"]] = a;
    if (a.contains("parent")) {
      if (auto it = datasets.find(a["parent"]); it != datasets.end()) {
        for (const char* key : kInherited) {
          if (!a.contains(key) && it->second.contains(key)) a[key] = it->second[key];
        }
      }
    }
    asset.bind(1, a.value("uri", "")).bind(2, a.value("type", "")).bind(3, a.value("name", ""));
    asset.bind(4, a.value("label", ""));
    for (int i = 0; i < 5; ++i) asset.bind(5 + i, a.value(kInherited[i], ""));
    asset.bind(10, a.value("updated", "")).run();
    int64_t id = sqlite3_last_insert_rowid(db.handle());
    for (const auto& value : a.value("tags", json::array()))
      tag.bind(1, id).bind(2, value.get<std::string>()).run();
    for (const auto& value : a.value("topics", json::array()))
      topic.bind(1, id).bind(2, value.get<std::string>()).run();
    text.bind(1, id).bind(2, a.value("name", "")).bind(3, a.value("label", ""));
    text.bind(4, a.value("description", "")).bind(5, joined(a, "columns", "name"));
    text.bind(6, joined(a, "columns", "description")).bind(7, joined(a, "tags"));
    text.bind(8, joined(a, "topics")).run();
    ++count;
  }
  db.exec("COMMIT");
  // Indexes after the load, as one would for a bulk load.
  db.exec(
      "CREATE INDEX tags_value ON tags(value, id); CREATE INDEX tags_id ON tags(id, value);"
      "CREATE INDEX topics_value ON topics(value, id); CREATE INDEX topics_id ON topics(id, value);"
      "CREATE INDEX assets_type ON assets(type); CREATE INDEX assets_region ON assets(region);"
      "CREATE INDEX assets_class ON assets(classification); CREATE INDEX assets_owner ON "
      "assets(owner); CREATE INDEX assets_env ON assets(environment); CREATE INDEX assets_org ON "
      "assets(organization); CREATE INDEX assets_updated ON assets(updated);"
      "INSERT INTO fts(fts) VALUES('optimize'); ANALYZE;");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "fts5 load: " << count << " assets in " << seconds << " s, "
            << static_cast<int64_t>(static_cast<double>(count) / seconds) << " assets/s\n";
  return 0;
}

// `text` as one quoted FTS5 string.
std::string fts_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

struct Translated {
  std::string match;                                        // FTS5 MATCH text; empty: browse
  std::map<std::string, std::vector<std::string>> filters;  // facet -> values (OR)
};

// The query text in FTS5 syntax; tag:/type:/owner:/topic: are filters, as in datacat.
Translated translate(const json& query) {
  Translated out;
  if (query.contains("filters")) {
    for (const auto& [facet, values] : query["filters"].items())
      out.filters[facet] = values.get<std::vector<std::string>>();
  }
  std::string q = query.value("q", "");
  std::string kind = query.value("kind", "");
  if (q.empty()) return out;
  if (kind == "phrase") {
    out.match = q;  // already "..."
  } else if (kind == "prefix") {
    out.match = fts_string(q) + "*";
  } else if (auto colon = q.find(':'); kind == "field" && colon != std::string::npos) {
    std::string field = q.substr(0, colon), value = q.substr(colon + 1);
    static const std::map<std::string, std::string> kFilterFields = {
        {"tag", "tags"}, {"type", "type"}, {"owner", "owner"}, {"topic", "topics"}};
    if (auto it = kFilterFields.find(field); it != kFilterFields.end()) {
      out.filters[it->second].push_back(value);
    } else {
      out.match = (field == "column" ? "colnames" : field) + " : " + fts_string(value);
    }
  } else {
    size_t start = 0;
    while (start < q.size()) {
      size_t space = q.find(' ', start);
      std::string word = q.substr(start, space == std::string::npos ? space : space - start);
      if (!word.empty()) out.match += (out.match.empty() ? "" : " ") + fts_string(word);
      if (space == std::string::npos) break;
      start = space + 1;
    }
  }
  return out;
}

class QueryRunner {
 public:
  explicit QueryRunner(SqliteDb& db) : db_(db) {
    // Tuned as a user would: a large page cache, memory-mapped reads, temp tables in RAM.
    db_.exec("PRAGMA cache_size=-1048576; PRAGMA mmap_size=4294967296; PRAGMA temp_store=MEMORY");
    db_.exec("CREATE TEMP TABLE m(id INTEGER PRIMARY KEY, score REAL)");
  }

  // Runs one query: match set, top 20, total, 8 facet counts, as a JSON answer
  // {"total", "hits": [uri...], "facets": {facet: [[value, count]...]}}.
  json run(const Translated& query) {
    json answer = {{"hits", json::array()}, {"facets", json::object()}};
    bool text = !query.match.empty();
    if (text) {
      statement("DELETE FROM m").run();
      statement(
          "INSERT INTO m SELECT rowid, bm25(fts, 10.0, 8.0, 1.0, 3.0, 1.0, 4.0, 2.0) FROM fts "
          "WHERE fts MATCH ?")
          .bind(1, query.match)
          .run();
    }
    std::string from = text ? "FROM m JOIN assets a ON a.id = m.id" : "FROM assets a";
    std::vector<std::string> binds;
    std::string where = conditions(query, "", binds);
    Statement& top =
        statement("SELECT a.uri " + from + where +
                  (text ? " ORDER BY m.score" : " ORDER BY a.updated DESC") + " LIMIT 20");
    bind_all(top, binds);
    while (top.step()) answer["hits"].push_back(top.column_text(0));
    Statement& total = statement("SELECT count(*) " + from + where);
    bind_all(total, binds);
    total.step();
    answer["total"] = total.column_int(0);
    total.reset();
    for (const char* facet : kScalarFacets) {
      std::vector<std::string> facet_binds;
      std::string facet_where = conditions(query, facet, facet_binds);
      Statement& counts = statement(std::string("SELECT a.") + facet + ", count(*) " + from +
                                    facet_where + " GROUP BY 1 ORDER BY 2 DESC LIMIT 10");
      bind_all(counts, facet_binds);
      answer["facets"][facet] = rows_of(counts);
    }
    for (const char* facet : kListFacets) {
      std::vector<std::string> facet_binds;
      std::string facet_where = conditions(query, facet, facet_binds);
      Statement& counts =
          statement(std::string("SELECT t.value, count(*) ") + from + " JOIN " + facet +
                    " t ON t.id = a.id" + facet_where + " GROUP BY 1 ORDER BY 2 DESC LIMIT 10");
      bind_all(counts, facet_binds);
      answer["facets"][facet] = rows_of(counts);
    }
    return answer;
  }

 private:
  // " WHERE ..." for every filter but `skip` (the disjunctive facet being counted).
  static std::string conditions(const Translated& query, const std::string& skip,
                                std::vector<std::string>& binds) {
    std::string where;
    for (const auto& [facet, values] : query.filters) {
      if (facet == skip) continue;
      std::string marks;
      for (const std::string& value : values) {
        marks += marks.empty() ? "?" : ",?";
        binds.push_back(value);
      }
      bool list = facet == "tags" || facet == "topics";
      where += where.empty() ? " WHERE " : " AND ";
      where += list ? "a.id IN (SELECT id FROM " + facet + " WHERE value IN (" + marks + "))"
                    : "a." + facet + " IN (" + marks + ")";
    }
    return where;
  }
  static json rows_of(Statement& counts) {
    json rows = json::array();
    while (counts.step()) rows.push_back({counts.column_text(0), counts.column_int(1)});
    return rows;
  }
  static void bind_all(Statement& statement, const std::vector<std::string>& binds) {
    statement.reset();
    for (size_t i = 0; i < binds.size(); ++i) statement.bind(static_cast<int>(i + 1), binds[i]);
  }
  Statement& statement(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, db_.prepare(sql)).first;
    it->second.reset();
    return it->second;
  }

  SqliteDb& db_;
  std::unordered_map<std::string, Statement> cache_;
};

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<size_t>(p * static_cast<double>(samples.size() - 1) + 0.5)];
}

int query(const std::string& db_path, const std::string& query_file) {
  SqliteDb db(db_path);
  QueryRunner runner(db);
  std::map<std::string, std::vector<double>> by_kind;
  std::map<std::string, double> matches;
  std::ifstream input(query_file);
  std::string line;
  while (std::getline(input, line)) {
    if (line.empty()) continue;
    json q = json::parse(line);
    Translated translated = translate(q);
    auto started = std::chrono::steady_clock::now();
    int64_t total = runner.run(translated)["total"].get<int64_t>();
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    for (const std::string& kind : {q.value("kind", "other"), std::string("mixed")}) {
      by_kind[kind].push_back(ms);
      matches[kind] += static_cast<double>(total);
    }
  }
  for (const auto& [kind, samples] : by_kind) {
    double sum = 0;
    for (double s : samples) sum += s;
    std::cout << kind << "/fts5 queries=" << samples.size()
              << " avg_matches=" << matches[kind] / static_cast<double>(samples.size())
              << " mean_ms=" << sum / static_cast<double>(samples.size())
              << " p50_ms=" << percentile(samples, 0.50) << " p95_ms=" << percentile(samples, 0.95)
              << " p99_ms=" << percentile(samples, 0.99) << "\n";
  }
  return 0;
}

// A URL for each query: kind, q and filters as GET parameters (the HTTP baseline's form
// of the same file datacat's URLs come from).
int urls(const std::string& query_file) {
  std::ifstream input(query_file);
  std::string line;
  while (std::getline(input, line)) {
    if (line.empty()) continue;
    json q = json::parse(line);
    httplib::Params params{{"kind", q.value("kind", "")}, {"q", q.value("q", "")}};
    if (q.contains("filters")) {
      for (const auto& [facet, values] : q["filters"].items())
        for (const auto& value : values) params.emplace(facet, value.get<std::string>());
    }
    std::cout << "/search?" << httplib::detail::params_to_query_str(params) << "\n";
  }
  return 0;
}

// The HTTP baseline: each worker thread has its own connection and cached statements.
int serve(const std::string& db_path, int port, int threads) {
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.Get("/search", [&db_path](const httplib::Request& request, httplib::Response& response) {
    thread_local std::unique_ptr<SqliteDb> db;
    thread_local std::unique_ptr<QueryRunner> runner;
    if (!runner) {
      db = std::make_unique<SqliteDb>(db_path);
      runner = std::make_unique<QueryRunner>(*db);
    }
    json query = {{"kind", request.get_param_value("kind")}, {"q", request.get_param_value("q")}};
    for (const char* facet : {"type", "tags", "topics", "region", "classification", "owner",
                              "environment", "organization"}) {
      size_t count = request.get_param_value_count(facet);
      for (size_t i = 0; i < count; ++i)
        query["filters"][facet].push_back(request.get_param_value(facet, i));
    }
    try {
      response.set_content(runner->run(translate(query)).dump(), "application/json");
    } catch (const std::exception& e) {
      response.status = 400;
      response.set_content(json{{"error", e.what()}}.dump(), "application/json");
    }
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok", "text/plain");
  });
  // Port 0: any free port, printed for the caller (bench/http_fts5_bench.sh reads it).
  if (port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    port = -1;
  }
  if (port < 0) return 2;
  std::cout << "listening on 127.0.0.1:" << port << std::endl;
  return server.listen_after_bind() ? 0 : 2;
}

std::string flag(int argc, char** argv, const std::string& name) {
  for (int i = 2; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return {};
}

}  // namespace
}  // namespace datacat::bench

int main(int argc, char** argv) {
  using namespace datacat::bench;
  std::string command = argc > 1 ? argv[1] : "";
  std::string db = flag(argc, argv, "--db");
  try {
    if (command == "load" && !db.empty()) return load(db, flag(argc, argv, "--catalog"));
    if (command == "query" && !db.empty()) return query(db, flag(argc, argv, "--queries"));
    if (command == "urls") return urls(flag(argc, argv, "--queries"));
    if (command == "serve" && !db.empty()) {
      std::string threads = flag(argc, argv, "--threads");
      return serve(db, std::stoi(flag(argc, argv, "--port")),
                   threads.empty() ? 32 : std::stoi(threads));
    }
  } catch (const std::exception& e) {
    std::cerr << "fts5_bench: " << e.what() << "\n";
    return 2;
  }
  std::cerr << "usage: fts5_bench load --db FILE --catalog NDJSON\n"
               "       fts5_bench query --db FILE --queries NDJSON\n"
               "       fts5_bench urls --queries NDJSON\n"
               "       fts5_bench serve --db FILE --port PORT [--threads N]\n";
  return 2;
}
