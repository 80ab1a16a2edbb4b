// GET /api/v1/me: the caller's identity and general rights, so the web page offers only
// what the caller may do. Rights on one asset or glossary still come from its owner and
// stewards (the page compares them with `groups`); the server checks every write anyway.
#include "server/routes.h"

namespace datacat::server {
namespace {

Response me(const ApiContext& ctx, const Request& request) {
  const Identity& who = request.identity;
  bool admin = ctx.auth.is_admin(who);
  return json_response(
      200, {{"user", who.anonymous() ? nlohmann::json(nullptr) : nlohmann::json(who.user)},
            {"anonymous", who.anonymous()},
            {"groups", who.groups},
            {"admin", admin},
            {"glossary_manager", !who.anonymous() && ctx.auth.check_glossary_create(who).is_ok()},
            {"admin_group", ctx.config.auth.admin_group},
            {"glossary_manager_group", ctx.config.auth.glossary_manager_group}});
}

}  // namespace

void add_session_routes(Router& router, const ApiContext& ctx) {
  router.add("GET", "/api/v1/me", [&ctx](const Request& request) { return me(ctx, request); });
}

}  // namespace datacat::server
