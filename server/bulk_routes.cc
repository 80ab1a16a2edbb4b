// POST /api/v1/assets:bulk: many assets in one transaction, as NDJSON (the native format)
// or as AWS Glue Data Catalog JSON (`format=glue`, indexer/glue_import.h). Every line or
// entry is checked like a PUT; the batch is all or nothing unless best_effort.
#include <sstream>

#include "indexer/glue_import.h"
#include "indexer/importer.h"
#include "server/asset_access.h"
#include "server/routes.h"

namespace datacat::server {
namespace {

using indexer::Asset;
using nlohmann::json;

const Status kSignIn(StatusCode::kUnauthenticated, "sign in to change the catalog");

json line_errors_to_json(const std::vector<indexer::LineError>& errors) {
  json out = json::array();
  for (const indexer::LineError& error : errors) {
    json item = {{"line", error.line},
                 {"code", status_code_name(error.status.code())},
                 {"message", error.status.message()}};
    if (!error.status.field().empty()) item["field"] = error.status.field();
    out.push_back(std::move(item));
  }
  return out;
}

// Moves the lines the caller may not write from `batch.assets` into `batch.errors`, and
// with them every line whose parent line was refused (it would otherwise be checked
// against, and written under, whatever the catalog holds at that uri).
Status check_batch_permissions(const ApiContext& ctx, indexer::AssetStore& store,
                               const Identity& identity, indexer::ParsedBatch& batch) {
  AssetAccess access(ctx.auth, store, identity);
  std::unordered_map<std::string, size_t> line_of;  // uri -> index in batch.assets
  for (size_t i = 0; i < batch.assets.size(); ++i) line_of.emplace(batch.assets[i].uri, i);
  std::vector<std::optional<Status>> refused(batch.assets.size());
  BatchAssets by_uri;
  for (const Asset& asset : batch.assets) by_uri.emplace(asset.uri, &asset);
  for (size_t i = 0; i < batch.assets.size(); ++i) {
    Result<std::optional<Asset>> stored = store.get(batch.assets[i].uri);
    if (!stored.is_ok()) return stored.status();
    Status allowed = access.check_write(*stored, batch.assets[i], by_uri);
    if (allowed.code() == StatusCode::kUnauthenticated) return allowed;
    if (allowed.code() == StatusCode::kPermissionDenied ||
        allowed.code() == StatusCode::kInvalidArgument) {
      refused[i] = allowed;
    } else if (!allowed.is_ok()) {
      return allowed;
    }
  }
  for (bool changed = true; changed;) {  // children of refused lines, to any depth
    changed = false;
    for (size_t i = 0; i < batch.assets.size(); ++i) {
      auto parent = line_of.find(batch.assets[i].parent);
      if (refused[i] || parent == line_of.end() || !refused[parent->second]) continue;
      refused[i] =
          Status::invalid("its parent's line " +
                              std::to_string(batch.origins[parent->second].line) + " was refused",
                          "parent");
      changed = true;
    }
  }
  indexer::ParsedBatch kept;
  kept.errors = std::move(batch.errors);
  for (size_t i = 0; i < batch.assets.size(); ++i) {
    if (refused[i]) {
      kept.errors.push_back({batch.origins[i].source, batch.origins[i].line, *refused[i]});
    } else {
      kept.assets.push_back(std::move(batch.assets[i]));
      kept.origins.push_back(batch.origins[i]);
    }
  }
  batch = std::move(kept);
  return Status::ok();
}

// Glue parameters: catalog_id, catalog_field (environment|organization|none), owner.
Status read_glue_param(const std::string& name, const std::string& value,
                       indexer::GlueOptions& glue, bool& known) {
  known = true;
  if (name == "catalog_id") {
    glue.catalog_id = value;
  } else if (name == "owner") {
    glue.owner = value;
  } else if (name == "catalog_field") {
    using Field = indexer::GlueOptions::CatalogField;
    if (value == "environment") {
      glue.catalog_field = Field::kEnvironment;
    } else if (value == "organization") {
      glue.catalog_field = Field::kOrganization;
    } else if (value == "none") {
      glue.catalog_field = Field::kNone;
    } else {
      return Status::invalid("expected environment, organization or none", name);
    }
  } else {
    known = false;
  }
  return Status::ok();
}

// The deletions --prune asks for, each checked like a DELETE; a refused one fails the
// request (pruning is all or nothing).
Result<std::vector<std::string>> prune_list(const ApiContext& ctx, indexer::AssetStore& store,
                                            const Identity& identity,
                                            const indexer::GlueBatch& glue) {
  Result<std::vector<std::string>> doomed = indexer::glue_prune_list(store, glue);
  if (!doomed.is_ok()) return doomed.status();
  AssetAccess access(ctx.auth, store, identity);
  for (const std::string& uri : *doomed) {
    Result<std::optional<Asset>> stored = store.get(uri);
    if (!stored.is_ok()) return stored.status();
    if (!*stored) continue;
    if (Status s = access.check_delete(**stored); !s.is_ok()) {
      return Status(s.code(), "pruning " + uri + ": " + s.message(), "prune");
    }
  }
  return doomed;
}

// POST /api/v1/assets:bulk[?best_effort=true][&sync=true]: an NDJSON body, validated
// whole; with any bad line nothing is written unless best_effort. format=glue reads Glue
// JSON instead (with prune, catalog_id, catalog_field, owner).
Response bulk_assets(const ApiContext& ctx, const Request& request) {
  indexer::ImportOptions options;
  indexer::GlueOptions glue_options;
  bool known_default = false;
  if (Status s = read_glue_param("catalog_field", ctx.config.import.glue_catalog_field,
                                 glue_options, known_default);
      !s.is_ok())
    return error_response(s);
  bool glue = false, prune = false, glue_params = false;
  for (const auto& [name, value] : request.query_params()) {
    bool known = false;
    if (Status s = read_glue_param(name, value, glue_options, known); !s.is_ok())
      return error_response(s);
    glue_params = glue_params || known;
    if (known) continue;
    if (name == "best_effort") {
      options.best_effort = value == "true" || value == "1";
    } else if (name == "prune") {
      prune = value == "true" || value == "1";
    } else if (name == "format") {
      if (value != "ndjson" && value != "glue")
        return error_response(Status::invalid("expected ndjson or glue", name));
      glue = value == "glue";
    } else if (name != "sync") {
      return error_response(Status::invalid("unknown parameter", name));
    }
  }
  if (!glue && (prune || glue_params))
    return error_response(Status::invalid("only with format=glue", prune ? "prune" : "format"));
  if (prune && options.best_effort)
    return error_response(Status::invalid("prune needs an all-or-nothing import", "prune"));
  if (request.identity.anonymous()) return error_response(kSignIn);
  Result<indexer::AssetStore*> store = ctx.store();
  if (!store.is_ok()) return error_response(store.status());
  indexer::ParsedBatch batch;
  if (glue) {
    indexer::GlueBatch parsed;
    indexer::parse_glue(request.body, "body", glue_options, parsed);
    if (Status s = indexer::complete_glue_batch(**store, glue_options, parsed); !s.is_ok())
      return error_response(s);
    if (prune && parsed.batch.errors.empty()) {
      Result<std::vector<std::string>> doomed = prune_list(ctx, **store, request.identity, parsed);
      if (!doomed.is_ok()) return error_response(doomed.status());
      options.remove = std::move(doomed).value();
    }
    batch = std::move(parsed.batch);
  } else {
    std::istringstream input(request.body);
    batch = indexer::parse_ndjson(input, "body");
    if (batch.assets.empty() && batch.errors.empty())
      return error_response(Status::invalid("expected NDJSON: one asset per line", "body"));
  }
  if (Status s = check_batch_permissions(ctx, **store, request.identity, batch); !s.is_ok())
    return error_response(s);
  size_t lines = batch.assets.size() + batch.errors.size();
  Result<indexer::ImportReport> report = indexer::import_batch(**store, std::move(batch), options);
  if (!report.is_ok()) return error_response(report.status());
  json out = {{"written", report->written},
              {"lines", lines},
              {"created", report->summary.created},
              {"updated", report->summary.updated},
              {"unchanged", report->summary.unchanged},
              {"deleted", report->summary.deleted},
              {"errors", line_errors_to_json(report->errors)}};
  if (report->errors.empty() || options.best_effort) {
    Response response = json_response(200, out);
    if (report->written) ctx.after_write(request, response);
    return response;
  }
  // All or nothing: the batch is refused; the status is 403 when every problem is a
  // permission, else 400.
  bool all_denied = std::all_of(report->errors.begin(), report->errors.end(), [](const auto& e) {
    return e.status.code() == StatusCode::kPermissionDenied;
  });
  const indexer::LineError& first = report->errors.front();
  Status refusal(first.status.code() == StatusCode::kPermissionDenied && all_denied
                     ? StatusCode::kPermissionDenied
                     : StatusCode::kInvalidArgument,
                 std::to_string(report->errors.size()) + " of " + std::to_string(lines) +
                     " lines have errors (first: line " + std::to_string(first.line) + ": " +
                     first.status.to_string() + "); nothing was written",
                 "line " + std::to_string(first.line));
  Response response = error_response(refusal);
  json body = json::parse(response.body);
  body.update(out);
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

}  // namespace

void add_bulk_routes(Router& router, const ApiContext& ctx) {
  router.add("POST", "/api/v1/assets:bulk",
             [&ctx](const Request& request) { return bulk_assets(ctx, request); });
}

}  // namespace datacat::server
