// Glossary export and import: GET /api/v1/glossaries/{id}/export?format=json|csv and
// POST /api/v1/glossaries:import (glossary/glossary_transfer.h has the two formats).

#include "server/glossary_json.h"
#include "server/routes.h"

namespace datacat::server {
namespace {

using glossary::GlossaryDocument;
using glossary::GlossaryStore;
using nlohmann::json;

Status parse_format(const std::string& value, bool& csv) {
  if (value != "json" && value != "csv") return Status::invalid("expected json or csv", "format");
  csv = value == "csv";
  return Status::ok();
}

Response export_glossary(const ApiContext& ctx, const Request& request) {
  bool csv = false;
  for (const auto& [name, value] : request.query_params()) {
    if (name != "format") return error_response(Status::invalid("unknown parameter", name));
    if (Status s = parse_format(value, csv); !s.is_ok()) return error_response(s);
  }
  Result<int64_t> id = path_id(request, "id");
  if (!id.is_ok()) return error_response(id.status());
  Result<GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<GlossaryDocument> document = (*store)->export_glossary(*id);
  if (!document.is_ok()) return error_response(document.status());
  Response response;
  response.content_type = csv ? "text/csv; charset=utf-8" : "application/json";
  response.body = csv ? glossary::to_csv(*document) : glossary::to_json_text(*document);
  response.headers.emplace_back(
      "Content-Disposition",
      "attachment; filename=\"glossary-" + std::to_string(*id) + (csv ? ".csv\"" : ".json\""));
  return response;
}

// POST /api/v1/glossaries:import?format=json|csv&mode=create|merge[&label=&owner=
// &description=]. The body is the document; label, owner and description parameters fill
// (CSV) or override (JSON) the document's.
Response import_glossary(const ApiContext& ctx, const Request& request) {
  bool csv = request.header("content-type").rfind("text/csv", 0) == 0;
  GlossaryStore::ImportMode mode = GlossaryStore::ImportMode::kCreate;
  std::optional<std::string> label, owner, description;
  for (const auto& [name, value] : request.query_params()) {
    if (name == "format") {
      if (Status s = parse_format(value, csv); !s.is_ok()) return error_response(s);
    } else if (name == "mode") {
      if (value != "create" && value != "merge")
        return error_response(Status::invalid("expected create or merge", "mode"));
      if (value == "merge") mode = GlossaryStore::ImportMode::kMerge;
    } else if (name == "label") {
      label = value;
    } else if (name == "owner") {
      owner = value;
    } else if (name == "description") {
      description = value;
    } else {
      return error_response(Status::invalid("unknown parameter", name));
    }
  }
  Result<GlossaryDocument> document = csv ? glossary::parse_csv_document(request.body)
                                          : glossary::parse_json_document(request.body);
  if (!document.is_ok()) return error_response(document.status());
  if (label) document->label = *label;
  if (owner) document->owner = *owner;
  if (description) document->description = *description;
  if (document->label.empty()) return error_response(Status::invalid("required", "label"));
  Result<GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  // Merging into an existing glossary needs its owner team; anything else creates one.
  std::optional<glossary::Node> existing;
  Result<std::vector<glossary::Node>> all = (*store)->glossaries();
  if (!all.is_ok()) return error_response(all.status());
  for (const glossary::Node& node : *all) {
    if (glossary::equal_ignoring_case(node.label, document->label)) existing = node;
  }
  Status allowed =
      existing && mode == GlossaryStore::ImportMode::kMerge
          ? ctx.auth.check_glossary_owner(request.identity, existing->owner, existing->label)
          : ctx.auth.check_glossary_create(request.identity);
  if (!allowed.is_ok()) return error_response(allowed);
  if (existing && mode == GlossaryStore::ImportMode::kMerge) document->owner = existing->owner;
  if (document->owner.empty()) return error_response(Status::invalid("required", "owner"));
  // The rights were checked on `existing`: the import must find the same glossary.
  Result<GlossaryStore::ImportSummary> summary =
      (*store)->import_glossary(*document, mode, existing ? existing->id : 0);
  if (!summary.is_ok()) return error_response(summary.status());
  bool created = !existing || summary->glossary.id != existing->id;
  Response response =
      json_response(created ? 201 : 200, {{"glossary", node_to_json(summary->glossary)},
                                          {"created", summary->created},
                                          {"updated", summary->updated},
                                          {"unchanged", summary->unchanged}});
  if (created) {
    response.headers.emplace_back("Location",
                                  "/api/v1/glossaries/" + std::to_string(summary->glossary.id));
  }
  ctx.after_write(request, response);
  return response;
}

}  // namespace

void add_glossary_transfer_routes(Router& router, const ApiContext& ctx) {
  router.add("GET", "/api/v1/glossaries/{id}/export",
             [&ctx](const Request& request) { return export_glossary(ctx, request); });
  router.add("POST", "/api/v1/glossaries:import",
             [&ctx](const Request& request) { return import_glossary(ctx, request); });
}

}  // namespace datacat::server
