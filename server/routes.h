// The route table of `datacat serve` (docs/api.md describes each route).
#pragma once

#include "indexer/data_dir.h"
#include "server/router.h"

namespace datacat::server {

// Routes answering from the catalog in `dir`. Handlers are thread-safe: each worker
// thread searches with its own Searcher.
Router make_routes(const indexer::DataDir& dir);

// GET /api/v1/search: query parameters -> search result JSON (exposed for tests).
Response search_get(const indexer::DataDir& dir, const Request& request);

}  // namespace datacat::server
