// App: one running datacat server — the catalog and its background index writer, the
// route table, authentication, metrics, the access log and the HTTP listener — wired
// together. `datacat serve` and the HTTP tests both run the server through it.
// open/start/stop from one thread.
#pragma once

#include <memory>

#include "indexer/status.h"
#include "server/api_context.h"
#include "server/config.h"
#include "server/http_server.h"
#include "server/logging.h"
#include "server/metrics.h"
#include "server/router.h"

namespace datacat::server {

class App {
 public:
  // Opens (creating if needed) the catalog and index in config.data_dir and brings the
  // index up to date; errors from the store, the index or the access log.
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

  // The front handler (exposed for tests): identity, read access, then the route table.
  Response handle(Request& request);
  const Router& router() const { return router_; }

 private:
  App() = default;
  void observe(const Request& request, const Response& response, double seconds);
  void register_gauges();

  Config config_;
  Metrics metrics_;
  indexer::FacetIndexCache facet_cache_;
  std::unique_ptr<indexer::TermBitmapCache> term_cache_;
  std::unique_ptr<SearchCache> search_cache_;
  std::unique_ptr<BackgroundWriter> writer_;
  std::unique_ptr<ApiContext> ctx_;
  Router router_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<HttpServer> http_;
  bool stopped_ = false;
};

}  // namespace datacat::server
