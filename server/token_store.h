// TokenStore: API bearer tokens in the catalog's SQLite file (table `tokens`, migration 2).
// Only the SHA-256 of a secret is stored; the secret is shown once, at creation.
// A secret reads `dct_<id>_<43 chars: base64url of 32 random bytes>`; the id lets verify
// load one row by primary key, the random part is what makes it unguessable.
// Thread-compatible: one TokenStore per thread (each owns its own connection); several
// stores, in several processes, may use one file at once, so a revocation made by the CLI
// is seen by a running server's next verify.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/sqlite_db.h"
#include "indexer/status.h"

namespace datacat::server {

struct TokenInfo {
  int64_t id = 0;
  std::string user;
  std::vector<std::string> groups;
  bool admin = false;
  std::string note;
  int64_t created = 0;  // unix seconds
  int64_t revoked = 0;  // unix seconds, 0 while active
};

inline constexpr size_t kMaxTokenNameBytes = 200;  // user and each group name
inline constexpr size_t kMaxTokenNoteBytes = 1000;

class TokenStore {
 public:
  // Opens (creating if needed) and migrates the catalog database at `catalog_path`, the
  // same file AssetStore uses. kInternal (kUnavailable when locked) on failure.
  static Result<std::unique_ptr<TokenStore>> open(const std::string& catalog_path);

  struct Created {
    std::string secret;  // shown once: only its hash is stored
    TokenInfo info;
  };
  // Creates an active token. kInvalidArgument, field "user", "groups" or "note", when the
  // user or a group name is empty, longer than kMaxTokenNameBytes, not UTF-8, or holds a
  // control character (a group name also a comma); when the note is longer than
  // kMaxTokenNoteBytes or not UTF-8; and when a non-admin token has no groups.
  // Duplicate group names are dropped, order otherwise kept.
  Result<Created> create(const std::string& user, const std::vector<std::string>& groups,
                         bool admin, const std::string& note);

  // All tokens, revoked ones included, by id. Never carries secrets or hashes.
  Result<std::vector<TokenInfo>> list();

  // Marks the token revoked now; revoking twice is ok (keeps the first time).
  // kNotFound for an unknown id.
  Status revoke(int64_t id);

  // The identity behind a presented secret. kUnauthenticated, with one message for every
  // case, when the secret is malformed, unknown, does not match, or is revoked. The hash
  // comparison is constant-time; the prepared query is cached (one indexed row read).
  Result<TokenInfo> verify(std::string_view secret);

 private:
  explicit TokenStore(std::unique_ptr<indexer::SqliteDb> db) : db_(std::move(db)) {}

  std::unique_ptr<indexer::SqliteDb> db_;
  std::unique_ptr<indexer::Statement> verify_query_;  // destroyed before db_
};

// Lower-case hex SHA-256 of `text` (how token secrets are stored).
std::string sha256_hex(std::string_view text);

}  // namespace datacat::server
