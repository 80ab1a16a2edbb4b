#include "server/app.h"

#include <set>

#include "server/routes.h"
#include "server/web_assets.h"

namespace datacat::server {

Result<std::unique_ptr<App>> App::open(Config config) {
  std::unique_ptr<App> app(new App());
  app->config_ = std::move(config);
  indexer::DataDir dir(app->config_.data_dir);
  if (Status s = dir.ensure_exists(); !s.is_ok()) return s;
  Result<indexer::ServeLock> lock = indexer::ServeLock::acquire(dir);
  if (!lock.is_ok()) return lock.status();
  app->serve_lock_ = std::move(lock).value();
  app->guard_ = std::make_unique<RequestGuard>(app->config_.server.allowed_origins,
                                               app->config_.auth.trusted_proxies);
  if (Status s = app->open_index(dir); !s.is_ok()) return s;
  Result<std::unique_ptr<AccessLog>> access_log = AccessLog::open(app->config_.server.access_log);
  if (!access_log.is_ok()) return access_log.status();
  app->access_log_ = std::move(access_log).value();
  Authenticator auth(app->config_.auth, dir.catalog_path(),
                     is_loopback_address(app->config_.server.listen));
  app->search_cache_ =
      std::make_unique<SearchCache>(static_cast<size_t>(app->config_.server.search_cache_mb) << 20);
  app->term_cache_ = std::make_unique<indexer::TermBitmapCache>(
      static_cast<size_t>(app->config_.server.term_cache_mb) << 20);
  app->ctx_.reset(new ApiContext{app->config_, dir, std::move(auth), app->metrics_,
                                 app->writer_.get(), app->replica_.get(), app->replication_.get(),
                                 app->facet_cache_, *app->term_cache_, *app->search_cache_});
  app->router_ = make_routes(*app->ctx_);
  app->register_gauges();
  app->http_ = app->make_http_server();
  return app;
}

Status App::open_index(const indexer::DataDir& dir) {
  const ReplicationConfig& replication = config_.replication;
  if (!replication.replica_of.empty()) {
    Result<std::unique_ptr<ReplicaFollower>> follower =
        ReplicaFollower::create(replication.replica_of, dir.root());
    if (!follower.is_ok()) return follower.status();
    replica_ = std::move(follower).value();
    return Status::ok();
  }
  if (replication.port != 0) enable_index_changesets();
  Result<std::unique_ptr<indexer::AssetStore>> store =
      indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return store.status();
  Result<std::unique_ptr<indexer::IndexWriter>> writer = indexer::IndexWriter::open(dir);
  if (!writer.is_ok()) return writer.status();
  if (auto caught = (*writer)->catch_up(**store); !caught.is_ok()) return caught.status();
  writer_ = std::make_unique<BackgroundWriter>(std::move(writer).value(), std::move(store).value());
  if (replication.port != 0) {
    replication_ = std::make_unique<ReplicationSource>(dir, config_.server.listen, replication.port,
                                                       writer_->live_generation());
  }
  return Status::ok();
}

std::unique_ptr<HttpServer> App::make_http_server() {
  HttpOptions http;
  http.listen = config_.server.listen;
  http.port = config_.server.port;
  http.threads = config_.server.threads;
  http.max_body_bytes = static_cast<size_t>(config_.server.max_body_bytes);
  http.request_timeout_ms = config_.server.request_timeout_ms;
  http.max_connections = config_.server.max_connections;
  http.max_connections_per_address = config_.server.max_connections_per_address;
  http.request_head_timeout_ms = config_.server.request_head_timeout_ms;
  http.request_body_timeout_ms = config_.server.request_body_timeout_ms;
  return std::make_unique<HttpServer>(
      http, [this](Request& request) { return handle(request); },
      [this](const Request& request, const Response& response, double seconds) {
        observe(request, response, seconds);
      });
}

App::~App() {
  stop();
}

Status App::start() {
  if (writer_ != nullptr) writer_->start();
  if (replica_ != nullptr) replica_->start();
  if (replication_ != nullptr) {
    if (Status s = replication_->start(); !s.is_ok()) return s;
  }
  return http_->start();
}

int App::port() const {
  return http_->port();
}

Status App::stop() {
  if (stopped_) return Status::ok();
  stopped_ = true;
  if (http_ != nullptr) http_->stop();  // null when open() failed half-way
  if (replica_ != nullptr) replica_->stop();
  if (replication_ != nullptr) replication_->stop();
  return writer_ != nullptr ? writer_->stop() : Status::ok();
}

Response App::handle(Request& request) {
  // The web page's files need no identity: the page signs in through the API.
  if (std::optional<Response> web = serve_web(request)) {
    request.route = "web";
    return std::move(*web);
  }
  if (std::optional<Response> preflight = guard_->preflight(request)) {
    request.route = "preflight";
    return std::move(*preflight);
  }
  if (replica_ != nullptr) {
    if (std::optional<Response> refused = refuse_on_replica(request)) return std::move(*refused);
  }
  auto unauthenticated = [&request](const Status& status) {
    request.route = "unauthenticated";
    Response response = error_response(status);
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
    return response;
  };
  Result<Identity> identity = identify(request);
  if (!identity.is_ok()) return unauthenticated(identity.status());
  request.identity = std::move(identity).value();
  bool catalog_route =
      request.path.rfind("/api/v1/", 0) == 0 && request.path != "/api/v1/openapi.json";
  if (catalog_route) {
    if (Status s = ctx_->auth.check_read(request.identity); !s.is_ok()) return unauthenticated(s);
  }
  // Refused before any handler parses the body.
  if (is_api_write(request) && request.identity.anonymous() &&
      router_.route_of(request.method, request.path)) {
    return unauthenticated(Status(StatusCode::kUnauthenticated, "sign in to change the catalog"));
  }
  if (std::optional<Response> refused = guard_->refuse(request)) {
    request.route = router_.route_of(request.method, request.path).value_or("unmatched");
    return std::move(*refused);
  }
  Response response = router_.dispatch(request);
  guard_->add_cors_headers(request, response);
  if (response.status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

Result<Identity> App::identify(const Request& request) {
  if (replica_ != nullptr) {
    std::string authorization = request.header("authorization");
    if (authorization.rfind("Bearer ", 0) == 0) return replica_->identify_token(authorization);
  }
  return ctx_->auth.identify(request);
}

void App::observe(const Request& request, const Response& response, double seconds) {
  metrics_.observe_request(request.method, request.route.empty() ? "unmatched" : request.route,
                           response.status, seconds);
  access_log_->write(request, response, seconds);
}

bool served_by_replica(const std::string& method, const std::string& route) {
  static const std::set<std::string> kReplicaRoutes = {"GET /api/v1/search",
                                                       "POST /api/v1/search",
                                                       "GET /api/v1/suggest",
                                                       "GET /api/v1/facets/{facet}",
                                                       "GET /api/v1/assets/{uri}",
                                                       "GET /healthz",
                                                       "GET /readyz",
                                                       "GET /metrics",
                                                       "GET /replication",
                                                       "GET /api/v1/openapi.json",
                                                       "GET /api/v1/me"};
  return kReplicaRoutes.count((method == "HEAD" ? "GET" : method) + " " + route) > 0;
}

std::optional<Response> App::refuse_on_replica(Request& request) const {
  std::optional<std::string> route = router_.route_of(request.method, request.path);
  if (!route || served_by_replica(request.method, *route)) return std::nullopt;
  request.route = *route;
  bool write = request.method != "GET" && request.method != "HEAD";
  std::string message =
      write
          ? "this server is a read-only replica: send writes to the primary, " + replica_->primary()
          : "a read replica answers searches, suggestions, facets and asset reads only: ask "
            "the primary, " +
                replica_->primary();
  Response response = json_response(
      421,
      {{"error",
        {{"code", "read_only_replica"}, {"message", message}, {"primary", replica_->primary()}}}});
  response.headers.emplace_back("X-Datacat-Primary", replica_->primary());
  return response;
}

void App::register_gauges() {
  const ApiContext* ctx = ctx_.get();
  metrics_.add_gauge("datacat_index_documents", "Documents in the search index.", [ctx] {
    Result<indexer::Searcher*> searcher = ctx->searcher();
    return searcher.is_ok() ? static_cast<double>((*searcher)->document_count()) : -1.0;
  });
  metrics_.add_to_counter("datacat_search_cache_hits_total",
                          "Searches answered from the result cache.", 0);
  const SearchCache* cache = search_cache_.get();
  metrics_.add_gauge("datacat_search_cache_bytes", "Memory held by cached search results.",
                     [cache] { return static_cast<double>(cache->bytes()); });
  if (replica_ != nullptr) {
    register_replica_gauges();
    return;
  }
  metrics_.add_gauge("datacat_index_applied_seq", "Last outbox row applied to the index.",
                     [ctx] { return static_cast<double>(ctx->writer->applied_seq()); });
  metrics_.add_gauge("datacat_outbox_lag", "Catalog changes not yet in the index.", [ctx] {
    Result<indexer::AssetStore*> store = ctx->store();
    if (!store.is_ok()) return -1.0;
    Result<int64_t> last = (*store)->last_outbox_seq();
    if (!last.is_ok()) return -1.0;
    return static_cast<double>(std::max<int64_t>(0, *last - ctx->writer->applied_seq()));
  });
}

void App::register_replica_gauges() {
  const ReplicaFollower* replica = replica_.get();
  metrics_.add_gauge("datacat_replica_revision", "Revision of the replica's copy of the index.",
                     [replica] { return static_cast<double>(replica->status().revision); });
  metrics_.add_gauge(
      "datacat_replica_lag_revisions",
      "Primary commits the replica's copy lacks (-1: unknown, or a full copy is due).",
      [replica] { return static_cast<double>(replica->status().lag_revisions); });
  metrics_.add_gauge("datacat_replica_lag_seconds",
                     "Seconds since the replica's copy was first seen behind the primary.",
                     [replica] { return replica->status().lag_seconds; });
  metrics_.add_gauge("datacat_replica_primary_up", "1 when the last poll reached the primary.",
                     [replica] { return replica->status().primary_reachable ? 1.0 : 0.0; });
  metrics_.add_gauge("datacat_replica_replications_total", "xapian-replicate runs.",
                     [replica] { return static_cast<double>(replica->status().replications); });
}

}  // namespace datacat::server
