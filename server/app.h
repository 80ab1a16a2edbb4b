// App: one running datacat server — the catalog and its background index writer, the
// route table, authentication, metrics, the access log and the HTTP listener — wired
// together. `datacat serve` and the HTTP tests both run the server through it.
// With replication.port it also serves its index to read replicas; with
// replication.replica_of it is a read replica: no catalog and no writer, a copy of the
// primary's index kept by a ReplicaFollower, and only the routes that copy can answer
// (kReplicaRoutes); the others are refused with 421, naming the primary.
// open/start/stop from one thread.
#pragma once

#include <memory>

#include "indexer/serve_lock.h"
#include "indexer/status.h"
#include "server/api_context.h"
#include "server/config.h"
#include "server/http_server.h"
#include "server/logging.h"
#include "server/metrics.h"
#include "server/request_guard.h"
#include "server/router.h"

namespace datacat::server {

class App {
 public:
  // Opens (creating if needed) the catalog and index in config.data_dir and brings the
  // index up to date (a replica: only the data directory, for its copy); errors from the
  // store, the index, the configuration or the access log.
  static Result<std::unique_ptr<App>> open(Config config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts the index writer and listens; kUnavailable when the address cannot be bound.
  Status start();
  // The bound port (useful with port 0).
  int port() const;
  // Graceful stop: no new connections, in-flight requests finish, the outbox is drained
  // into the index, the index is closed. Returns the final drain's status.
  Status stop();

  // The front handler (exposed for tests): CORS preflights, identity, read access, the
  // request guard (request_guard.h; anonymous writes refused), then the route table.
  Response handle(Request& request);
  const Router& router() const { return router_; }

 private:
  App() = default;
  void observe(const Request& request, const Response& response, double seconds);
  // A primary's catalog, index writer and (with replication.port) replication server, or
  // a replica's follower of its primary (replication.replica_of).
  Status open_index(const indexer::DataDir& dir);
  std::unique_ptr<HttpServer> make_http_server();  // on config_.server, handled by this
  void register_gauges();  // every server's, then the writer's or the replica's
  void register_replica_gauges();
  // On a replica: the identity of the caller (bearer tokens verified by the primary).
  Result<Identity> identify(const Request& request);
  // On a replica: 421 naming the primary for a route the replica does not serve (the
  // request's route is set to the refused one, for the metrics and the access log).
  std::optional<Response> refuse_on_replica(Request& request) const;

  Config config_;
  std::optional<indexer::ServeLock> serve_lock_;  // this process serves the data directory
  std::unique_ptr<RequestGuard> guard_;
  Metrics metrics_;
  indexer::FacetIndexCache facet_cache_;
  std::unique_ptr<indexer::TermBitmapCache> term_cache_;
  std::unique_ptr<SearchCache> search_cache_;
  std::unique_ptr<BackgroundWriter> writer_;
  std::unique_ptr<ReplicationSource> replication_;  // a primary serving replicas
  std::unique_ptr<ReplicaFollower> replica_;        // a read replica
  std::unique_ptr<ApiContext> ctx_;
  Router router_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<HttpServer> http_;
  bool stopped_ = false;
};

// The routes ("METHOD pattern") a read replica answers from its copy of the index.
bool served_by_replica(const std::string& method, const std::string& route);

}  // namespace datacat::server
