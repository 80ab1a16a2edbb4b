// Who is calling, and what they may do. A request's identity comes from, in order:
//   1. `Authorization: Bearer <token>` — a token from `datacat token create` (an invalid,
//      unknown or revoked token is refused, never downgraded to anonymous);
//   2. the SSO proxy headers (user, comma-separated groups), believed only when the peer
//      address is one of auth.trusted_proxies;
//   3. otherwise anonymous, which may read only when anonymous read is on.
// Writes need an authenticated caller with rights on the asset (see asset_access.h for
// how routes apply these two checks).
// Authenticator is thread-safe (each thread verifies tokens with its own TokenStore).
#pragma once

#include <string>
#include <vector>

#include "indexer/asset.h"
#include "indexer/status.h"
#include "server/config.h"
#include "server/http_types.h"

namespace datacat::server {

class Authenticator {
 public:
  // `loopback_listener`: the server listens on a loopback address (anonymous read "auto").
  Authenticator(AuthConfig config, std::string catalog_path, bool loopback_listener);

  // The caller's identity; kUnauthenticated for a bad token or malformed SSO headers.
  Result<Identity> identify(const Request& request) const;

  // kUnauthenticated unless the caller may read the catalog.
  Status check_read(const Identity& identity) const;
  // Edit rights. kUnauthenticated for anonymous callers; kPermissionDenied (naming the
  // asset) unless the caller is an admin or belongs to the (resolved) asset's owner team,
  // one of its steward teams, or a steward team of `parent` (its dataset, when it has one).
  Status check_asset_write(const Identity& identity, const indexer::Asset& resolved,
                           const indexer::Asset* parent) const;
  // Ownership rights, needed to create an asset or change its owner, stewards or parent:
  // an admin, a member of the (resolved) owner team, or a steward team of `parent`.
  Status check_asset_ownership(const Identity& identity, const indexer::Asset& resolved,
                               const indexer::Asset* parent) const;
  // Creating a glossary: an admin or a member of auth.glossary_manager_group.
  Status check_glossary_create(const Identity& identity) const;
  // Editing a glossary's nodes, deciding its links: an admin or a member of `owner_team`
  // (the glossary's owner team: never whoever created the term).
  Status check_glossary_owner(const Identity& identity, const std::string& owner_team,
                              const std::string& glossary_label) const;
  bool is_admin(const Identity& identity) const;
  bool anonymous_read() const { return anonymous_read_; }

 private:
  AuthConfig config_;
  std::string catalog_path_;
  bool anonymous_read_;
};

// Whether `address` is a loopback address ("127.x.x.x", "::1", "localhost").
bool is_loopback_address(const std::string& address);

}  // namespace datacat::server
