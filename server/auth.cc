#include "server/auth.h"

#include <algorithm>
#include <map>
#include <memory>

#include "server/per_thread.h"
#include "server/token_store.h"

namespace datacat::server {
namespace {

constexpr size_t kMaxNameBytes = 200;

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

Result<Identity> from_token(const std::string& catalog_path, std::string_view authorization) {
  if (!starts_with_ignoring_case(authorization, "bearer ")) {
    return Status(StatusCode::kUnauthenticated, "expected 'Authorization: Bearer <token>'",
                  "Authorization");
  }
  Result<TokenStore*> tokens = per_thread<TokenStore>(catalog_path);
  if (!tokens.is_ok()) return tokens.status();
  Result<TokenInfo> token = (*tokens)->verify(trim(authorization.substr(7)));
  if (!token.is_ok()) return token.status();
  return Identity{token->user, token->groups, token->admin};
}

Result<Identity> from_proxy_headers(const AuthConfig& config, const Request& request) {
  auto lower = [](std::string name) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
  };
  std::string user(trim(request.header(lower(config.user_header))));
  if (user.empty()) return Identity{};
  if (!valid_name(user))
    return Status(StatusCode::kUnauthenticated, "malformed user header", config.user_header);
  Identity identity{user, {}, false};
  std::string groups_text = request.header(lower(config.groups_header));
  size_t start = 0;
  while (start <= groups_text.size()) {
    size_t end = groups_text.find(',', start);
    if (end == std::string::npos) end = groups_text.size();
    std::string_view group = trim(std::string_view(groups_text).substr(start, end - start));
    if (!group.empty()) {
      if (!valid_name(group))
        return Status(StatusCode::kUnauthenticated, "malformed groups header",
                      config.groups_header);
      identity.groups.emplace_back(group);
    }
    start = end + 1;
  }
  return identity;
}

}  // namespace

bool is_loopback_address(const std::string& address) {
  return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

Authenticator::Authenticator(AuthConfig config, std::string catalog_path, bool loopback_listener)
    : config_(std::move(config)),
      catalog_path_(std::move(catalog_path)),
      anonymous_read_(config_.anonymous_read.value_or(loopback_listener)) {}

Result<Identity> Authenticator::identify(const Request& request) const {
  std::string authorization = request.header("authorization");
  if (!authorization.empty()) return from_token(catalog_path_, authorization);
  bool trusted = std::find(config_.trusted_proxies.begin(), config_.trusted_proxies.end(),
                           request.remote_addr) != config_.trusted_proxies.end();
  if (trusted) return from_proxy_headers(config_, request);
  return Identity{};
}

bool Authenticator::is_admin(const Identity& identity) const {
  if (identity.anonymous()) return false;
  return identity.admin || std::find(identity.groups.begin(), identity.groups.end(),
                                     config_.admin_group) != identity.groups.end();
}

Status Authenticator::check_read(const Identity& identity) const {
  if (!identity.anonymous() || anonymous_read_) return Status::ok();
  return Status(StatusCode::kUnauthenticated,
                "sign in to read the catalog (anonymous read is off)");
}

namespace {

bool member_of(const Identity& identity, const std::string& team) {
  return !team.empty() &&
         std::find(identity.groups.begin(), identity.groups.end(), team) != identity.groups.end();
}

bool member_of_any(const Identity& identity, const std::vector<std::string>& teams) {
  return std::any_of(teams.begin(), teams.end(),
                     [&](const std::string& team) { return member_of(identity, team); });
}

Status denied(const Identity& identity, const indexer::Asset& resolved, const char* teams) {
  std::string owner =
      resolved.owner.empty() ? "no owner team" : "owner team '" + resolved.owner + "'";
  return Status(StatusCode::kPermissionDenied, "user '" + identity.user + "' is not in the " +
                                                   owner + teams + " of asset '" + resolved.uri +
                                                   "'");
}

}  // namespace

Status Authenticator::check_asset_write(const Identity& identity, const indexer::Asset& resolved,
                                        const indexer::Asset* parent) const {
  if (identity.anonymous())
    return Status(StatusCode::kUnauthenticated, "sign in to change the catalog");
  if (is_admin(identity) || member_of(identity, resolved.owner) ||
      member_of_any(identity, resolved.stewards) ||
      (parent != nullptr && member_of_any(identity, parent->stewards)))
    return Status::ok();
  return denied(identity, resolved, ", a steward team or the admin group");
}

Status Authenticator::check_asset_ownership(const Identity& identity,
                                            const indexer::Asset& resolved,
                                            const indexer::Asset* parent) const {
  if (identity.anonymous())
    return Status(StatusCode::kUnauthenticated, "sign in to change the catalog");
  if (is_admin(identity) || member_of(identity, resolved.owner) ||
      (parent != nullptr && member_of_any(identity, parent->stewards)))
    return Status::ok();
  return denied(identity, resolved,
                ", its dataset's steward teams or the admin group (needed to create an asset or "
                "change its owner, stewards or parent)");
}

Status Authenticator::check_glossary_create(const Identity& identity) const {
  if (identity.anonymous())
    return Status(StatusCode::kUnauthenticated, "sign in to change the catalog");
  if (is_admin(identity) || member_of(identity, config_.glossary_manager_group))
    return Status::ok();
  return Status(StatusCode::kPermissionDenied,
                "user '" + identity.user + "' is not in the glossary manager group '" +
                    config_.glossary_manager_group + "' or the admin group");
}

Status Authenticator::check_glossary_owner(const Identity& identity, const std::string& owner_team,
                                           const std::string& glossary_label) const {
  if (identity.anonymous())
    return Status(StatusCode::kUnauthenticated, "sign in to change the catalog");
  if (is_admin(identity) || member_of(identity, owner_team)) return Status::ok();
  return Status(StatusCode::kPermissionDenied,
                "user '" + identity.user + "' is not in the owner team '" + owner_team +
                    "' of glossary '" + glossary_label + "' or the admin group");
}

}  // namespace datacat::server
