// Operations routes: /healthz (the process answers), /readyz (the index is open and the
// outbox lag is under the threshold), /metrics (Prometheus), /api/v1/openapi.json.
#include "server/openapi_json.h"
#include "server/routes.h"

namespace datacat::server {
namespace {

using nlohmann::json;

Response readyz(const ApiContext& ctx) {
  json checks = json::object();
  bool ready = true;
  Result<indexer::Searcher*> searcher = ctx.searcher();
  if (searcher.is_ok()) {
    checks["index"] = {{"ok", true}, {"documents", (*searcher)->document_count()}};
  } else {
    checks["index"] = {{"ok", false}, {"error", searcher.status().to_string()}};
    ready = false;
  }
  Result<indexer::AssetStore*> store = ctx.store();
  Result<int64_t> last =
      store.is_ok() ? (*store)->last_outbox_seq() : Result<int64_t>(store.status());
  if (last.is_ok()) {
    int64_t lag = std::max<int64_t>(0, *last - ctx.writer.applied_seq());
    bool ok = lag <= ctx.config.server.readyz_max_outbox_lag;
    checks["outbox"] = {
        {"ok", ok}, {"lag", lag}, {"max_lag", ctx.config.server.readyz_max_outbox_lag}};
    ready = ready && ok;
  } else {
    checks["outbox"] = {{"ok", false}, {"error", last.status().to_string()}};
    ready = false;
  }
  Status writer = ctx.writer.health();
  checks["writer"] =
      writer.is_ok() ? json{{"ok", true}} : json{{"ok", false}, {"error", writer.to_string()}};
  ready = ready && writer.is_ok();
  return json_response(ready ? 200 : 503,
                       {{"status", ready ? "ready" : "not_ready"}, {"checks", checks}});
}

Response metrics(const ApiContext& ctx) {
  Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = ctx.metrics.render();
  return response;
}

}  // namespace

void add_ops_routes(Router& router, const ApiContext& ctx) {
  router.add("GET", "/healthz", [](const Request&) {
    return json_response(200, {{"status", "ok"}});
  });
  router.add("GET", "/readyz", [&ctx](const Request&) { return readyz(ctx); });
  router.add("GET", "/metrics", [&ctx](const Request&) { return metrics(ctx); });
  router.add("GET", "/api/v1/openapi.json", [](const Request&) {
    Response response;
    response.body = kOpenApiJson;
    return response;
  });
}

}  // namespace datacat::server
