#include "server/token_store.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "indexer/migrations.h"
#include "indexer/timestamp.h"
#include "indexer/utf8.h"

namespace datacat::server {
namespace {

using indexer::SqliteError;
using indexer::Statement;
using indexer::Transaction;

constexpr std::string_view kSecretPrefix = "dct_";
constexpr size_t kRandomBytes = 32;
constexpr size_t kRandomChars = 43;  // base64url of 32 bytes, unpadded
constexpr size_t kMaxIdDigits = 18;  // always fits int64_t
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr const char* kVerifySql =
    "SELECT id, user_name, group_names, admin, note, created, revoked, secret_hash "
    "FROM tokens WHERE id = ?";
constexpr const char* kListSql =
    "SELECT id, user_name, group_names, admin, note, created, revoked FROM tokens ORDER BY id";

Status denied() {
  return Status(StatusCode::kUnauthenticated, "invalid API token");
}

Status to_status(const std::exception& e) {
  const auto* sqlite = dynamic_cast<const SqliteError*>(&e);
  if (sqlite != nullptr && (sqlite->code() == SQLITE_BUSY || sqlite->code() == SQLITE_LOCKED)) {
    return Status(StatusCode::kUnavailable, std::string("catalog database busy: ") + e.what());
  }
  return Status::internal(std::string("catalog database: ") + e.what());
}

// Resets a cached statement on every way out, so no read snapshot stays open.
struct ResetOnExit {
  Statement& statement;
  ~ResetOnExit() { statement.reset(); }
};

std::string base64url(const unsigned char* data, size_t size) {
  std::string out;
  uint32_t bits = 0;
  int pending = 0;
  for (size_t i = 0; i < size; ++i) {
    bits = (bits << 8) | data[i];
    pending += 8;
    while (pending >= 6) {
      pending -= 6;
      out += kBase64Url[(bits >> pending) & 0x3f];
    }
  }
  if (pending > 0) out += kBase64Url[(bits << (6 - pending)) & 0x3f];
  return out;
}

// The id of a well-formed secret, else nullopt.
std::optional<int64_t> parse_secret_id(std::string_view secret) {
  if (!secret.starts_with(kSecretPrefix)) return std::nullopt;
  secret.remove_prefix(kSecretPrefix.size());
  size_t separator = secret.find('_');  // the id has no '_', the random part may
  if (separator == std::string_view::npos || separator == 0 || separator > kMaxIdDigits ||
      secret[0] < '1' || secret[0] > '9') {
    return std::nullopt;
  }
  int64_t id = 0;
  const char* end = secret.data() + separator;
  auto [ptr, error] = std::from_chars(secret.data(), end, id);
  if (error != std::errc() || ptr != end) return std::nullopt;
  std::string_view random = secret.substr(separator + 1);
  if (random.size() != kRandomChars) return std::nullopt;
  if (random.find_first_not_of(kBase64Url) != std::string_view::npos) return std::nullopt;
  return id;
}

// Empty when `name` is a valid user or group name, else what is wrong with it.
std::string name_problem(std::string_view name, bool is_group) {
  if (name.empty()) return "must not be empty";
  if (name.size() > kMaxTokenNameBytes) {
    return "must be at most " + std::to_string(kMaxTokenNameBytes) + " bytes";
  }
  if (!indexer::is_valid_utf8(name)) return "must be UTF-8";
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return "must not contain control characters";
    if (is_group && c == ',') return "must not contain commas";
  }
  return {};
}

TokenInfo decode_row(const Statement& row) {
  TokenInfo info;
  info.id = row.column_int(0);
  info.user = row.column_text(1);
  info.groups = nlohmann::json::parse(row.column_view(2)).get<std::vector<std::string>>();
  info.admin = row.column_int(3) != 0;
  info.note = row.column_text(4);
  info.created = row.column_int(5);
  info.revoked = row.column_int(6);
  return info;
}

}  // namespace

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

Result<std::unique_ptr<TokenStore>> TokenStore::open(const std::string& catalog_path) {
  try {
    auto db = std::make_unique<indexer::SqliteDb>(catalog_path);
    indexer::migrate(*db);
    return std::unique_ptr<TokenStore>(new TokenStore(std::move(db)));
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<TokenStore::Created> TokenStore::create(const std::string& user,
                                               const std::vector<std::string>& groups, bool admin,
                                               const std::string& note) {
  if (std::string problem = name_problem(user, false); !problem.empty()) {
    return Status::invalid("user name " + problem, "user");
  }
  TokenInfo info;
  info.user = user;
  info.admin = admin;
  info.note = note;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (std::string problem = name_problem(groups[i], true); !problem.empty()) {
      return Status::invalid("group " + std::to_string(i + 1) + " " + problem, "groups");
    }
    if (std::find(info.groups.begin(), info.groups.end(), groups[i]) == info.groups.end()) {
      info.groups.push_back(groups[i]);
    }
  }
  if (!admin && info.groups.empty()) {
    return Status::invalid("a token needs at least one group unless it is an admin token",
                           "groups");
  }
  if (note.size() > kMaxTokenNoteBytes) {
    return Status::invalid("note must be at most " + std::to_string(kMaxTokenNoteBytes) + " bytes",
                           "note");
  }
  if (!indexer::is_valid_utf8(note)) return Status::invalid("note must be UTF-8", "note");

  std::array<unsigned char, kRandomBytes> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    return Status::internal("cannot generate a random token secret");
  }
  std::string random_text = base64url(random.data(), random.size());
  OPENSSL_cleanse(random.data(), random.size());
  try {
    info.created = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    // The secret embeds the id, so the hash is written once the row has one.
    db_->prepare(
           "INSERT INTO tokens(user_name, group_names, admin, note, secret_hash, created) "
           "VALUES (?, ?, ?, ?, '', ?)")
        .bind(1, info.user)
        .bind(2, nlohmann::json(info.groups).dump())
        .bind(3, int64_t{admin ? 1 : 0})
        .bind(4, info.note)
        .bind(5, info.created)
        .run();
    info.id = sqlite3_last_insert_rowid(db_->handle());
    std::string secret = std::string(kSecretPrefix) + std::to_string(info.id) + "_" + random_text;
    db_->prepare("UPDATE tokens SET secret_hash = ? WHERE id = ?")
        .bind(1, sha256_hex(secret))
        .bind(2, info.id)
        .run();
    txn.commit();
    return Created{std::move(secret), std::move(info)};
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<TokenInfo>> TokenStore::list() {
  try {
    std::vector<TokenInfo> tokens;
    Statement query = db_->prepare(kListSql);
    while (query.step()) tokens.push_back(decode_row(query));
    return tokens;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Status TokenStore::revoke(int64_t id) {
  try {
    Transaction txn(*db_, Transaction::Kind::kWrite);
    db_->prepare("UPDATE tokens SET revoked = ? WHERE id = ? AND revoked = 0")
        .bind(1, indexer::now_unix_seconds())
        .bind(2, id)
        .run();
    if (db_->changes() == 0) {
      Statement exists = db_->prepare("SELECT 1 FROM tokens WHERE id = ?");
      if (!exists.bind(1, id).step()) {
        return Status::not_found("no token with id " + std::to_string(id));
      }
    }
    txn.commit();
    return Status::ok();
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<TokenInfo> TokenStore::verify(std::string_view secret) {
  std::optional<int64_t> id = parse_secret_id(secret);
  if (!id) return denied();
  try {
    if (!verify_query_) verify_query_ = std::make_unique<Statement>(db_->prepare(kVerifySql));
    Statement& query = *verify_query_;
    ResetOnExit reset{query};
    query.reset();
    if (!query.bind(1, *id).step()) return denied();
    std::string expected = sha256_hex(secret);
    std::string_view stored = query.column_view(7);
    bool match = stored.size() == expected.size() &&
                 CRYPTO_memcmp(stored.data(), expected.data(), expected.size()) == 0;
    if (!match || query.column_int(6) != 0) return denied();
    return decode_row(query);
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

}  // namespace datacat::server
