#include "bench/relevance/judged_catalog.h"

#include <fstream>
#include <sstream>

#include "glossary/glossary_store.h"
#include "glossary/glossary_transfer.h"
#include "indexer/data_dir.h"
#include "indexer/importer.h"
#include "indexer/ndjson.h"
#include "indexer/reindex.h"
#include "indexer/store.h"

namespace datacat::relevance {
namespace {

using nlohmann::json;

// Each non-empty line of `path` as JSON; errors name the file and line.
Result<std::vector<json>> read_json_lines(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) return Status::not_found("cannot open " + path);
  std::vector<json> out;
  std::string line;
  for (size_t number = 1; std::getline(input, line); ++number) {
    if (line.empty()) continue;
    try {
      out.push_back(json::parse(line));
    } catch (const json::exception& e) {
      return Status::invalid(path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return out;
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) return Status::not_found("cannot open " + path);
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

// The id of the term labelled `label` (ASCII case ignored), or kNotFound.
Result<int64_t> term_id(glossary::GlossaryStore& store, const std::string& label) {
  Result<std::vector<glossary::Node>> found = store.search_terms(label, 1000);
  if (!found.is_ok()) return found.status();
  for (const glossary::Node& node : *found) {
    if (node.kind == glossary::NodeKind::kTerm && glossary::equal_ignoring_case(node.label, label))
      return node.id;
  }
  return Status::not_found("no glossary term \"" + label + "\"");
}

Status import_glossaries(const std::string& catalog_path, const std::vector<GlossaryFile>& files,
                         const std::vector<TermLink>& links) {
  Result<std::unique_ptr<glossary::GlossaryStore>> store =
      glossary::GlossaryStore::open(catalog_path);
  if (!store.is_ok()) return store.status();
  for (const GlossaryFile& file : files) {
    Result<std::string> text = read_text(file.csv);
    if (!text.is_ok()) return text.status();
    Result<glossary::GlossaryDocument> document = glossary::parse_csv_document(*text);
    if (!document.is_ok()) return Status::invalid(file.csv + ": " + document.status().to_string());
    document->label = file.label;
    document->owner = "relevance-bench";
    auto imported =
        (*store)->import_glossary(*document, glossary::GlossaryStore::ImportMode::kCreate);
    if (!imported.is_ok()) return imported.status();
  }
  for (const TermLink& link : links) {
    Result<int64_t> id = term_id(**store, link.term);
    if (!id.is_ok()) return id.status();
    auto proposed = (*store)->propose(*id, link.uri, "relevance-bench");
    if (!proposed.is_ok()) {
      return Status::invalid("linking \"" + link.term + "\" to " + link.uri + ": " +
                             proposed.status().to_string());
    }
    auto decided =
        (*store)->decide(proposed->id, glossary::LinkStatus::kApproved, "relevance-bench");
    if (!decided.is_ok()) return decided.status();
  }
  return Status::ok();
}

}  // namespace

Result<std::pair<JudgedSet, JudgedSet>> load_datafinder_queries(const std::string& path) {
  Result<std::vector<json>> lines = read_json_lines(path);
  if (!lines.is_ok()) return lines.status();
  JudgedSet sentence{"datafinder-sentence", {}};
  JudgedSet keyword{"datafinder-keyword", {}};
  for (const json& line : *lines) {
    auto relevant = line.at("relevant").get<std::vector<std::string>>();
    sentence.queries.push_back(
        {line.at("query").get<std::string>(), "sentence", "datafinder", relevant});
    keyword.queries.push_back(
        {line.at("keyword_query").get<std::string>(), "keyword", "datafinder", relevant});
  }
  return std::make_pair(std::move(sentence), std::move(keyword));
}

Result<JudgedSet> load_own_queries(const std::string& path) {
  Result<std::vector<json>> lines = read_json_lines(path);
  if (!lines.is_ok()) return lines.status();
  JudgedSet set{"own", {}};
  for (const json& line : *lines) {
    JudgedQuery query;
    query.text = line.at("query").get<std::string>();
    query.kind = line.value("kind", "");
    query.catalog = line.at("catalog").get<std::string>();
    query.relevant = line.at("relevant").get<std::vector<std::string>>();
    const json& expect = line.value("expect", json::object());
    query.first = expect.value("first", false);
    query.within = expect.value("within", size_t{0});
    set.queries.push_back(std::move(query));
  }
  return set;
}

Result<std::vector<TermLink>> load_term_links(const std::string& path, const std::string& name) {
  Result<std::vector<json>> lines = read_json_lines(path);
  if (!lines.is_ok()) return lines.status();
  std::vector<TermLink> out;
  for (const json& line : *lines) {
    if (line.value("catalog", "") == name)
      out.push_back({line.at("uri").get<std::string>(), line.at("term").get<std::string>()});
  }
  return out;
}

Result<Catalog> build_catalog(const std::string& name, const std::string& data_dir,
                              const std::vector<std::string>& ndjson,
                              const std::vector<GlossaryFile>& glossaries,
                              const std::vector<TermLink>& links) {
  Catalog catalog{name, data_dir, {}};
  indexer::DataDir dir(data_dir);
  if (Status s = dir.ensure_exists(); !s.is_ok()) return s;
  Result<std::unique_ptr<indexer::AssetStore>> store =
      indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return store.status();
  indexer::ParsedBatch batch;
  for (const std::string& file : ndjson) {
    std::ifstream input(file, std::ios::binary);
    if (!input) return Status::not_found("cannot open " + file);
    indexer::append_batch(batch, indexer::parse_ndjson(input, file));
    Result<std::vector<json>> records = read_json_lines(file);
    if (!records.is_ok()) return records.status();
    for (json& record : *records) catalog.assets.push_back(std::move(record));
  }
  if (!batch.errors.empty()) return Status::invalid(batch.errors.front().to_string());
  Result<indexer::ImportReport> report = indexer::import_batch(**store, std::move(batch), {});
  if (!report.is_ok()) return report.status();
  if (Status s = import_glossaries(dir.catalog_path(), glossaries, links); !s.is_ok()) return s;
  Result<indexer::ReindexStats> built = indexer::reindex(dir, nullptr);
  if (!built.is_ok()) return built.status();
  return catalog;
}

}  // namespace datacat::relevance
