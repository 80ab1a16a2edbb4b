#include "server/routes.h"

namespace datacat::server {

Router make_routes(const ApiContext& ctx) {
  Router router;
  add_ops_routes(router, ctx);
  add_search_routes(router, ctx);
  add_asset_routes(router, ctx);
  add_glossary_routes(router, ctx);
  add_glossary_transfer_routes(router, ctx);
  add_association_routes(router, ctx);
  return router;
}

}  // namespace datacat::server
