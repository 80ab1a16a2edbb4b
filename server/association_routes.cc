// Term-asset link routes: propose (anyone who may edit the asset), approve and dismiss
// (only the term's glossary owner team or an admin: never judged by who created the
// term), remove, and the lists per glossary and per asset.

#include "server/asset_access.h"
#include "server/glossary_json.h"
#include "server/routes.h"

namespace datacat::server {
namespace {

using glossary::Association;
using glossary::LinkStatus;
using glossary::Node;
using nlohmann::json;

json link_json(glossary::GlossaryStore& store, const Association& link) {
  Result<Node> term = store.get(link.term_id);
  return association_to_json(link, term.is_ok() ? &*term : nullptr);
}

// May the caller edit the asset at `uri`? (AssetAccess: owner, stewards, admin.)
Status check_asset_editor(const ApiContext& ctx, const Request& request, const std::string& uri) {
  Result<indexer::AssetStore*> assets = ctx.store();
  if (!assets.is_ok()) return assets.status();
  Result<std::optional<indexer::Asset>> stored = (*assets)->get(uri);
  if (!stored.is_ok()) return stored.status();
  if (!*stored) return Status(StatusCode::kNotFound, "no asset '" + uri + "'", "asset");
  AssetAccess access(ctx.auth, **assets, request.identity);
  return access.check_write(*stored, **stored);
}

// The caller must own the glossary of the link's term.
Status check_term_owner(const ApiContext& ctx, const Request& request,
                        glossary::GlossaryStore& store, const Association& link) {
  Result<Node> term = store.get(link.term_id);
  if (!term.is_ok()) return term.status();
  Result<Node> root = store.get(term->glossary_id);
  if (!root.is_ok()) return root.status();
  return ctx.auth.check_glossary_owner(request.identity, root->owner, root->label);
}

// POST /api/v1/associations {"term": id, "asset": uri}: a pending link.
Response propose(const ApiContext& ctx, const Request& request) {
  if (request.identity.anonymous())
    return error_response(Status(StatusCode::kUnauthenticated, "sign in to change the catalog"));
  Result<json> body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(Status::invalid("expected a JSON object", "body"));
  for (const auto& [name, value] : body->items()) {
    if (name != "term" && name != "asset")
      return error_response(Status::invalid("unknown field", name));
  }
  if (!body->contains("term") || !(*body)["term"].is_number_integer())
    return error_response(Status::invalid("expected a term id", "term"));
  if (!body->contains("asset") || !(*body)["asset"].is_string())
    return error_response(Status::invalid("expected an asset uri", "asset"));
  std::string uri = (*body)["asset"].get<std::string>();
  if (Status s = check_asset_editor(ctx, request, uri); !s.is_ok()) return error_response(s);
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<Association> link =
      (*store)->propose((*body)["term"].get<int64_t>(), uri, request.identity.user);
  if (!link.is_ok()) return error_response(link.status());
  return json_response(201, link_json(**store, *link));
}

Response decide(const ApiContext& ctx, const Request& request, LinkStatus to) {
  Result<int64_t> id = path_id(request, "id");
  if (!id.is_ok()) return error_response(id.status());
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<Association> link = (*store)->association(*id);
  if (!link.is_ok()) return error_response(link.status());
  if (Status s = check_term_owner(ctx, request, **store, *link); !s.is_ok())
    return error_response(s);
  Result<Association> decided = (*store)->decide(*id, to, request.identity.user);
  if (!decided.is_ok()) return error_response(decided.status());
  Response response = json_response(200, link_json(**store, *decided));
  ctx.after_write(request, response);
  return response;
}

// DELETE /api/v1/associations/{id}: the glossary owner team, or an editor of the asset.
Response remove(const ApiContext& ctx, const Request& request) {
  Result<int64_t> id = path_id(request, "id");
  if (!id.is_ok()) return error_response(id.status());
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<Association> link = (*store)->association(*id);
  if (!link.is_ok()) return error_response(link.status());
  Status allowed = check_term_owner(ctx, request, **store, *link);
  if (!allowed.is_ok() && allowed.code() != StatusCode::kUnauthenticated)
    allowed = check_asset_editor(ctx, request, link->asset_uri);
  if (!allowed.is_ok()) return error_response(allowed);
  if (Status s = (*store)->remove_association(*id, request.identity.user); !s.is_ok())
    return error_response(s);
  Response response = json_response(200, {{"deleted", *id}});
  ctx.after_write(request, response);
  return response;
}

Response list_json(glossary::GlossaryStore& store, const Result<std::vector<Association>>& links) {
  if (!links.is_ok()) return error_response(links.status());
  json out = json::array();
  for (const Association& link : links.value()) out.push_back(link_json(store, link));
  return json_response(200, {{"associations", out}});
}

// GET /api/v1/glossaries/{id}/associations?status=pending|approved|dismissed
Response of_glossary(const ApiContext& ctx, const Request& request) {
  Result<int64_t> id = path_id(request, "id");
  if (!id.is_ok()) return error_response(id.status());
  std::optional<LinkStatus> status;
  for (const auto& [name, value] : request.query_params()) {
    if (name != "status") return error_response(Status::invalid("unknown parameter", name));
    status = glossary::parse_link_status(value);
    if (!status)
      return error_response(Status::invalid("expected pending, approved or dismissed", name));
  }
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  return list_json(**store, (*store)->associations_of_glossary(*id, status));
}

// GET /api/v1/assets/{uri}/terms: every link of the asset, with its status.
Response of_asset(const ApiContext& ctx, const Request& request) {
  const std::string& uri = request.path_params.at("uri");
  Result<indexer::AssetStore*> assets = ctx.store();
  if (!assets.is_ok()) return error_response(assets.status());
  Result<std::optional<indexer::AssetType>> type = (*assets)->type_of(uri);
  if (!type.is_ok()) return error_response(type.status());
  if (!*type) return error_response(Status::not_found("no asset '" + uri + "'"));
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  return list_json(**store, (*store)->associations_of_asset(uri));
}

// GET /api/v1/associations/{id}/history: every decision on the link, oldest first, and
// the link itself (null once removed: the history outlives it).
Response history(const ApiContext& ctx, const Request& request) {
  Result<int64_t> id = path_id(request, "id");
  if (!id.is_ok()) return error_response(id.status());
  Result<glossary::GlossaryStore*> store = ctx.glossaries();
  if (!store.is_ok()) return error_response(store.status());
  Result<std::vector<glossary::HistoryEntry>> rows = (*store)->history(*id);
  if (!rows.is_ok()) return error_response(rows.status());
  if (rows->empty())
    return error_response(Status::not_found("no association " + std::to_string(*id)));
  json entries = json::array();
  for (const glossary::HistoryEntry& row : *rows) {
    entries.push_back({{"action", row.action},
                       {"actor", row.actor},
                       {"at", row.at},
                       {"term", row.term_id},
                       {"asset", row.asset_uri}});
  }
  Result<Association> link = (*store)->association(*id);
  json current = link.is_ok() ? link_json(**store, *link) : json(nullptr);
  return json_response(200, {{"association", current}, {"history", entries}});
}

}  // namespace

void add_association_routes(Router& router, const ApiContext& ctx) {
  router.add("POST", "/api/v1/associations",
             [&ctx](const Request& request) { return propose(ctx, request); });
  router.add("POST", "/api/v1/associations/{id}/approve", [&ctx](const Request& request) {
    return decide(ctx, request, LinkStatus::kApproved);
  });
  router.add("POST", "/api/v1/associations/{id}/dismiss", [&ctx](const Request& request) {
    return decide(ctx, request, LinkStatus::kDismissed);
  });
  router.add("DELETE", "/api/v1/associations/{id}",
             [&ctx](const Request& request) { return remove(ctx, request); });
  router.add("GET", "/api/v1/associations/{id}/history",
             [&ctx](const Request& request) { return history(ctx, request); });
  router.add("GET", "/api/v1/glossaries/{id}/associations",
             [&ctx](const Request& request) { return of_glossary(ctx, request); });
  router.add("GET", "/api/v1/assets/{uri}/terms",
             [&ctx](const Request& request) { return of_asset(ctx, request); });
}

}  // namespace datacat::server
