#include "server/routes.h"

#include <charconv>

namespace datacat::server {

Result<int64_t> path_id(const Request& request, const char* name) {
  const std::string& text = request.path_params.at(name);
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id < 1)
    return Status::invalid("expected a positive integer id", name);
  return id;
}

Router make_routes(const ApiContext& ctx) {
  Router router;
  add_ops_routes(router, ctx);
  add_search_routes(router, ctx);
  add_asset_routes(router, ctx);
  add_bulk_routes(router, ctx);
  add_glossary_routes(router, ctx);
  add_glossary_transfer_routes(router, ctx);
  add_association_routes(router, ctx);
  add_session_routes(router, ctx);
  return router;
}

}  // namespace datacat::server
