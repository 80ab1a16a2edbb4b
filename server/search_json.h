// JSON rendering of search results: the one document shape shared by `datacat search
// --json` and the HTTP search API (docs/api.md). Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "indexer/search_types.h"

namespace datacat::server {

nlohmann::json search_result_to_json(const indexer::SearchResult& result);

}  // namespace datacat::server
