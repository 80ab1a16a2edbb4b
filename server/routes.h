// The route table of `datacat serve`, one file per resource (docs/api.md describes each
// route; server/openapi.json is its OpenAPI document). Handlers are thread-safe free
// functions of (ApiContext, Request); the context must outlive the router.
#pragma once

#include "server/api_context.h"
#include "server/router.h"

namespace datacat::server {

// Every route below.
Router make_routes(const ApiContext& ctx);

// The path parameter `name` as a positive integer id; kInvalidArgument naming it otherwise.
Result<int64_t> path_id(const Request& request, const char* name);

// GET/POST /api/v1/search, GET /api/v1/suggest, GET /api/v1/facets/{facet}.
void add_search_routes(Router& router, const ApiContext& ctx);
// /api/v1/assets: GET (list), /api/v1/assets/{uri}: GET/PUT/PATCH/DELETE,
// /api/v1/assets/{uri}/permissions.
void add_asset_routes(Router& router, const ApiContext& ctx);
// POST /api/v1/assets:bulk (NDJSON, or Glue JSON with format=glue).
void add_bulk_routes(Router& router, const ApiContext& ctx);
// /api/v1/glossaries..., /api/v1/glossary-nodes/{id}, /api/v1/terms/{id},
// /api/v1/glossary-search.
void add_glossary_routes(Router& router, const ApiContext& ctx);
// GET /api/v1/glossaries/{id}/export, POST /api/v1/glossaries:import.
void add_glossary_transfer_routes(Router& router, const ApiContext& ctx);
// /api/v1/associations..., /api/v1/glossaries/{id}/associations, /api/v1/assets/{uri}/terms.
void add_association_routes(Router& router, const ApiContext& ctx);
// GET /api/v1/me: who the caller is and what they may do in general (for the web page).
void add_session_routes(Router& router, const ApiContext& ctx);
// /healthz, /readyz, /metrics, /api/v1/openapi.json.
void add_ops_routes(Router& router, const ApiContext& ctx);

}  // namespace datacat::server
