#include "indexer/glue_import.h"

#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indexer/asset_json.h"
#include "indexer/timestamp.h"

namespace datacat::indexer {
namespace {

using nlohmann::json;

// One entry's conversion: Glue fields in, our asset JSON out; errors name the Glue path.
class EntryReader {
 public:
  EntryReader(const json& entry, std::string path) : entry_(entry), path_(std::move(path)) {}

  // A string member; "" when absent or null. kInvalidArgument for another type, or when
  // `required` and absent or empty.
  Status text(const char* key, bool required, std::string& out) const {
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) {
      return required ? Status::invalid("is required", at(key)) : Status::ok();
    }
    if (!it->is_string()) return Status::invalid("expected a string", at(key));
    out = it->get<std::string>();
    if (required && out.empty()) return Status::invalid("must not be empty", at(key));
    return Status::ok();
  }
  // A time: epoch seconds (fractions dropped) or RFC 3339 text; 0 when absent.
  Status time(const char* key, int64_t& out) const {
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return Status::ok();
    if (it->is_number()) {
      double seconds = it->get<double>();
      if (!std::isfinite(seconds) || seconds < 0 || seconds > 253402300799.0) {
        return Status::invalid("out of range", at(key));
      }
      out = static_cast<int64_t>(seconds);
      return Status::ok();
    }
    if (it->is_string()) {
      if (std::optional<int64_t> parsed = parse_rfc3339(it->get<std::string>())) {
        out = *parsed;
        return Status::ok();
      }
    }
    return Status::invalid("expected epoch seconds or an RFC 3339 time", at(key));
  }
  // An object member (nullptr when absent or null); kInvalidArgument for another type.
  Status object(const char* key, const json*& out) const {
    out = nullptr;
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return Status::ok();
    if (!it->is_object()) return Status::invalid("expected an object", at(key));
    out = &*it;
    return Status::ok();
  }
  Status array(const char* key, const json*& out) const {
    out = nullptr;
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return Status::ok();
    if (!it->is_array()) return Status::invalid("expected an array", at(key));
    out = &*it;
    return Status::ok();
  }
  std::string at(std::string_view key) const { return path_ + "." + std::string(key); }
  const std::string& path() const { return path_; }

 private:
  const json& entry_;
  std::string path_;
};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Status catalog_of(const EntryReader& reader, const GlueOptions& options, std::string& catalog) {
  if (Status s = reader.text("CatalogId", false, catalog); !s.is_ok()) return s;
  if (catalog.empty()) catalog = options.catalog_id;
  if (catalog.empty()) {
    return Status::invalid("is required (or give a default catalog id)", reader.at("CatalogId"));
  }
  return Status::ok();
}

// The catalog field and owner every dataset gets.
void put_common(const GlueOptions& options, const std::string& catalog, json& asset) {
  if (options.catalog_field == GlueOptions::CatalogField::kEnvironment)
    asset["environment"] = catalog;
  if (options.catalog_field == GlueOptions::CatalogField::kOrganization)
    asset["organization"] = catalog;
  if (!options.owner.empty()) asset["owner"] = options.owner;
}

std::string dataset_uri(const std::string& catalog, const std::string& database) {
  return "glue:" + catalog + ":" + database;
}

void put_times(int64_t created, int64_t updated, json& asset) {
  if (created != 0) asset["created"] = format_rfc3339(created);
  if (updated != 0) asset["updated"] = format_rfc3339(std::max(created, updated));
}

// {"Name", "Type", "Comment"} entries of `list` at `path` appended to `columns`.
Status read_columns(const json& list, const std::string& path, bool partition_keys, json& columns) {
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = path + "[" + std::to_string(i) + "]";
    if (!list[i].is_object()) return Status::invalid("expected an object", at);
    EntryReader column(list[i], at);
    std::string name, type, comment;
    if (Status s = column.text("Name", true, name); !s.is_ok()) return s;
    if (Status s = column.text("Type", false, type); !s.is_ok()) return s;
    if (Status s = column.text("Comment", false, comment); !s.is_ok()) return s;
    json out = {{"name", name}};
    if (!type.empty()) out["type"] = type;
    if (!comment.empty()) out["description"] = comment;
    if (partition_keys) out["partition_key"] = true;
    columns.push_back(std::move(out));
  }
  return Status::ok();
}

Result<json> database_asset(const EntryReader& reader, const GlueOptions& options,
                            std::string& catalog) {
  std::string name, description, location;
  int64_t created = 0;
  if (Status s = reader.text("Name", true, name); !s.is_ok()) return s;
  if (Status s = catalog_of(reader, options, catalog); !s.is_ok()) return s;
  if (Status s = reader.text("Description", false, description); !s.is_ok()) return s;
  if (Status s = reader.text("LocationUri", false, location); !s.is_ok()) return s;
  if (Status s = reader.time("CreateTime", created); !s.is_ok()) return s;
  json asset = {{"uri", dataset_uri(catalog, name)}, {"type", "dataset"}, {"name", name}};
  if (!description.empty()) asset["description"] = description;
  if (!location.empty()) asset["location"] = location;
  put_common(options, catalog, asset);
  put_times(created, 0, asset);
  return asset;
}

Result<json> table_asset(const EntryReader& reader, const GlueOptions& options,
                         std::string& catalog, std::string& database) {
  std::string name, description, table_type;
  int64_t created = 0, updated = 0;
  if (Status s = reader.text("Name", true, name); !s.is_ok()) return s;
  if (Status s = reader.text("DatabaseName", true, database); !s.is_ok()) return s;
  if (Status s = catalog_of(reader, options, catalog); !s.is_ok()) return s;
  if (Status s = reader.text("Description", false, description); !s.is_ok()) return s;
  if (Status s = reader.text("TableType", false, table_type); !s.is_ok()) return s;
  if (Status s = reader.time("CreateTime", created); !s.is_ok()) return s;
  if (Status s = reader.time("UpdateTime", updated); !s.is_ok()) return s;
  json tags = json::array();
  const json* parameters = nullptr;
  if (Status s = reader.object("Parameters", parameters); !s.is_ok()) return s;
  if (parameters != nullptr) {
    EntryReader params(*parameters, reader.at("Parameters"));
    std::string classification;
    if (Status s = params.text("classification", false, classification); !s.is_ok()) return s;
    if (!classification.empty()) tags.push_back(lower(classification));
  }
  if (!table_type.empty()) tags.push_back(lower(table_type));
  json columns = json::array();
  std::string location;
  const json* storage = nullptr;
  if (Status s = reader.object("StorageDescriptor", storage); !s.is_ok()) return s;
  if (storage != nullptr) {
    EntryReader descriptor(*storage, reader.at("StorageDescriptor"));
    if (Status s = descriptor.text("Location", false, location); !s.is_ok()) return s;
    const json* list = nullptr;
    if (Status s = descriptor.array("Columns", list); !s.is_ok()) return s;
    if (list != nullptr) {
      if (Status s = read_columns(*list, descriptor.at("Columns"), false, columns); !s.is_ok())
        return s;
    }
  }
  const json* partitions = nullptr;
  if (Status s = reader.array("PartitionKeys", partitions); !s.is_ok()) return s;
  if (partitions != nullptr) {
    if (Status s = read_columns(*partitions, reader.at("PartitionKeys"), true, columns); !s.is_ok())
      return s;
  }
  json asset = {{"uri", dataset_uri(catalog, database) + "/" + name},
                {"type", "table"},
                {"name", name},
                {"parent", dataset_uri(catalog, database)},
                {"database", database}};
  if (!description.empty()) asset["description"] = description;
  if (!location.empty()) asset["location"] = location;
  if (!tags.empty()) asset["tags"] = tags;
  if (!columns.empty()) asset["columns"] = columns;
  put_times(created, updated, asset);
  return asset;
}

// The documents of `text` with the line each starts on; a parse error ends the list
// with an error for that document.
struct Document {
  int line = 1;
  json value;
};

int line_at(std::string_view text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

class GlueParser {
 public:
  GlueParser(const std::string& source, const GlueOptions& options, GlueBatch& out)
      : source_(source), options_(options), out_(out) {}

  void document(const json& value, int line) {
    if (!value.is_object()) return error(line, Status::invalid("expected a JSON object", "(top)"));
    bool known = false;
    for (const auto& [key, member] : value.items()) {
      if (key == "NextToken") continue;
      bool list = key == "DatabaseList" || key == "TableList";
      bool single = key == "Database" || key == "Table";
      if (!list && !single) {
        return error(line,
                     Status::invalid("expected DatabaseList, TableList, Database or Table", key));
      }
      known = true;
      bool tables = key == "TableList" || key == "Table";
      if (single) {
        entry(member, key, tables, line);
        continue;
      }
      if (!member.is_array()) return error(line, Status::invalid("expected an array", key));
      for (size_t i = 0; i < member.size(); ++i) {
        entry(member[i], key + "[" + std::to_string(i) + "]", tables, line);
      }
    }
    if (!known) {
      error(line, Status::invalid("expected DatabaseList, TableList, Database or Table", "(top)"));
    }
  }

  void error(int line, Status status) { out_.batch.errors.push_back({source_, line, status}); }

 private:
  void entry(const json& value, const std::string& path, bool table, int line) {
    if (!value.is_object()) return error(line, Status::invalid("expected an object", path));
    EntryReader reader(value, path);
    std::string catalog, database;
    Result<json> asset = table ? table_asset(reader, options_, catalog, database)
                               : database_asset(reader, options_, catalog);
    if (!asset.is_ok()) return error(line, asset.status());
    Result<Asset> parsed = parse_asset(*asset);
    if (!parsed.is_ok()) {
      return error(line, Status::invalid("as a datacat asset, " + parsed.status().field() + ": " +
                                             parsed.status().message(),
                                         path));
    }
    std::set<std::string>& listed = table ? out_.listed_tables : out_.listed_datasets;
    if (!listed.insert(parsed->uri).second) {
      return error(line, Status::invalid("repeats " + parsed->uri, path + ".Name"));
    }
    if (table) {
      out_.table_parents.insert(parsed->parent);
      out_.table_databases.emplace(parsed->parent, std::pair{catalog, database});
    } else {
      out_.listed_catalogs.insert(catalog);
    }
    out_.batch.assets.push_back(std::move(parsed).value());
    out_.batch.origins.push_back({source_, line});
  }

  const std::string& source_;
  const GlueOptions& options_;
  GlueBatch& out_;
};

}  // namespace

void parse_glue(std::string_view text, const std::string& source, const GlueOptions& options,
                GlueBatch& out) {
  GlueParser parser(source, options, out);
  std::istringstream in{std::string(text)};
  bool any = false;
  while (true) {
    in >> std::ws;
    if (in.peek() == std::char_traits<char>::eof()) break;
    auto offset = static_cast<size_t>(in.tellg());
    int line = line_at(text, offset);
    json value;
    try {
      in >> value;
    } catch (const json::exception& e) {
      parser.error(line, Status::invalid(std::string("not valid JSON: ") + e.what(), "(document)"));
      return;
    }
    any = true;
    parser.document(value, line);
  }
  if (!any) parser.error(1, Status::invalid("no JSON document", "(document)"));
}

Status complete_glue_batch(AssetStore& store, const GlueOptions& options, GlueBatch& glue) {
  std::set<std::string> in_batch;
  for (const Asset& asset : glue.batch.assets) in_batch.insert(asset.uri);
  size_t count = glue.batch.assets.size();
  for (size_t i = 0; i < count; ++i) {
    const std::string parent = glue.batch.assets[i].parent;
    if (parent.empty() || in_batch.contains(parent)) continue;
    Result<std::optional<AssetType>> stored = store.type_of(parent);
    if (!stored.is_ok()) return stored.status();
    in_batch.insert(parent);
    if (*stored) continue;
    const auto& [catalog, database] = glue.table_databases.at(parent);
    json made = {{"uri", parent}, {"type", "dataset"}, {"name", database}};
    put_common(options, catalog, made);
    Result<Asset> asset = parse_asset(made);
    if (!asset.is_ok()) return asset.status();
    glue.batch.assets.push_back(std::move(asset).value());
    glue.batch.origins.push_back(glue.batch.origins[i]);
  }
  return Status::ok();
}

Result<std::vector<std::string>> glue_prune_list(AssetStore& store, const GlueBatch& glue) {
  std::vector<std::string> doomed;
  std::set<std::string> in_batch;
  for (const Asset& asset : glue.batch.assets) in_batch.insert(asset.uri);
  for (const std::string& parent : glue.table_parents) {
    Result<std::vector<std::string>> kids = store.children(parent);
    if (!kids.is_ok()) return kids.status();
    for (const std::string& uri : *kids) {
      if (uri.rfind(parent + "/", 0) == 0 && !in_batch.contains(uri)) doomed.push_back(uri);
    }
  }
  for (const std::string& catalog : glue.listed_catalogs) {
    std::string prefix = "glue:" + catalog + ":";
    std::string after = prefix;
    while (true) {
      Result<std::vector<Asset>> page = store.list(after, 500, "dataset", "");
      if (!page.is_ok()) return page.status();
      bool done = page->empty();
      for (const Asset& asset : *page) {
        if (asset.uri.rfind(prefix, 0) != 0) {
          done = true;
          break;
        }
        if (!in_batch.contains(asset.uri)) doomed.push_back(asset.uri);
        after = asset.uri;
      }
      if (done) break;
    }
  }
  return doomed;
}

}  // namespace datacat::indexer
