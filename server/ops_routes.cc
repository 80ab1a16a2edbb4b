// Operations routes: /healthz (the process answers), /readyz (the index is open and the
// outbox lag is under the threshold; on a replica: it has a copy of the primary's index,
// and how far behind it is), /replication (the index replicas follow, or the replica's
// view of it), /metrics (Prometheus), /api/v1/openapi.json.
#include "server/openapi_json.h"
#include "server/routes.h"

namespace datacat::server {
namespace {

using nlohmann::json;

json replica_json(const ReplicaStatus& status) {
  json out = {{"primary", status.primary},
              {"primary_reachable", status.primary_reachable},
              {"have_copy", status.have_copy},
              {"uuid", status.uuid},
              {"revision", status.revision},
              {"primary_uuid", status.primary_uuid},
              {"primary_revision", status.primary_revision},
              {"lag_revisions", status.lag_revisions},
              {"lag_seconds", status.lag_seconds},
              {"replications", status.replications}};
  if (!status.primary_error.empty()) out["primary_error"] = status.primary_error;
  if (!status.replicate_error.empty()) out["replicate_error"] = status.replicate_error;
  return out;
}

// A replica is ready once it has a copy to serve, even when the primary is away (it then
// serves what it has; the lag says how stale that may be).
Response replica_readyz(const ApiContext& ctx) {
  ReplicaStatus status = ctx.replica->status();
  json checks = json::object();
  Result<indexer::Searcher*> searcher = ctx.searcher();
  bool ready = searcher.is_ok();
  checks["index"] = searcher.is_ok()
                        ? json{{"ok", true}, {"documents", (*searcher)->document_count()}}
                        : json{{"ok", false}, {"error", searcher.status().to_string()}};
  checks["replication"] = replica_json(status);
  checks["replication"]["ok"] = status.have_copy;
  return json_response(
      ready ? 200 : 503,
      {{"status", ready ? "ready" : "not_ready"}, {"role", "replica"}, {"checks", checks}});
}

// GET /replication: a primary's index (uuid, revision) as replicas poll it; a replica's
// copy and lag.
Response replication(const ApiContext& ctx) {
  if (ctx.replica != nullptr)
    return json_response(200,
                         {{"role", "replica"}, {"replica", replica_json(ctx.replica->status())}});
  Result<indexer::Searcher*> searcher = ctx.searcher();
  if (!searcher.is_ok()) return error_response(searcher.status());
  auto [generation, revision] = (*searcher)->snapshot();
  return json_response(
      200, {{"role", "primary"},
            {"replication_port", ctx.replication != nullptr ? ctx.replication->port() : 0},
            {"index",
             {{"uuid", (*searcher)->uuid()},
              {"revision", revision},
              {"generation", generation},
              {"documents", (*searcher)->document_count()}}}});
}

Response readyz(const ApiContext& ctx) {
  if (ctx.replica != nullptr) return replica_readyz(ctx);
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
    int64_t lag = std::max<int64_t>(0, *last - ctx.writer->applied_seq());
    bool ok = lag <= ctx.config.server.readyz_max_outbox_lag;
    checks["outbox"] = {
        {"ok", ok}, {"lag", lag}, {"max_lag", ctx.config.server.readyz_max_outbox_lag}};
    ready = ready && ok;
  } else {
    checks["outbox"] = {{"ok", false}, {"error", last.status().to_string()}};
    ready = false;
  }
  Status writer = ctx.writer->health();
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
  router.add("GET", "/replication", [&ctx](const Request&) { return replication(ctx); });
  router.add("GET", "/api/v1/openapi.json", [](const Request&) {
    Response response;
    response.body = kOpenApiJson;
    return response;
  });
}

}  // namespace datacat::server
