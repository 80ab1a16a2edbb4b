// TokenStore against a real catalog file in a temporary directory.
#include "server/token_store.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/indexer/test_catalog.h"

namespace datacat::server {
namespace {

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  std::string out;
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    out += byte;
  }
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  std::stringstream bytes;
  bytes << input.rdbuf();
  return bytes.str();
}

class TokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = open_store(); }

  std::unique_ptr<TokenStore> open_store() {
    Result<std::unique_ptr<TokenStore>> store = TokenStore::open(catalog());
    EXPECT_TRUE(store.is_ok()) << store.status().to_string();
    return store.is_ok() ? std::move(store).value() : nullptr;
  }
  std::string catalog() const { return tmp_.path() + "/catalog.db"; }

  TokenStore::Created create(const std::string& user, const std::vector<std::string>& groups,
                             bool admin = false, const std::string& note = "") {
    Result<TokenStore::Created> created = store_->create(user, groups, admin, note);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created.is_ok() ? std::move(created).value() : TokenStore::Created{};
  }
  // The status of creating a token that should be refused.
  Status refused(const std::string& user, const std::vector<std::string>& groups,
                 bool admin = false, const std::string& note = "") {
    return store_->create(user, groups, admin, note).status();
  }
  void expect_unauthenticated(const std::string& secret) {
    Result<TokenInfo> info = store_->verify(secret);
    ASSERT_FALSE(info.is_ok()) << "accepted: '" << secret << "'";
    EXPECT_EQ(info.status().code(), StatusCode::kUnauthenticated) << secret;
    EXPECT_EQ(info.status().message(), "invalid API token") << secret;
  }

  testing::TempDir tmp_;
  std::unique_ptr<TokenStore> store_;
};

TEST_F(TokenStoreTest, CreateThenVerifyReturnsTheIdentity) {
  TokenStore::Created created = create("alice", {"analysts", "DataEngineering"}, false, "ci bot");
  EXPECT_TRUE(std::regex_match(created.secret, std::regex("dct_1_[A-Za-z0-9_-]{43}")))
      << created.secret;
  EXPECT_EQ(created.info.id, 1);
  EXPECT_GT(created.info.created, 0);

  Result<TokenInfo> info = store_->verify(created.secret);
  ASSERT_TRUE(info.is_ok()) << info.status().to_string();
  EXPECT_EQ(info->id, 1);
  EXPECT_EQ(info->user, "alice");
  EXPECT_EQ(info->groups, (std::vector<std::string>{"analysts", "DataEngineering"}));
  EXPECT_FALSE(info->admin);
  EXPECT_EQ(info->note, "ci bot");
  EXPECT_EQ(info->created, created.info.created);
  EXPECT_EQ(info->revoked, 0);

  TokenStore::Created admin = create("root", {}, true);
  Result<TokenInfo> admin_info = store_->verify(admin.secret);
  ASSERT_TRUE(admin_info.is_ok()) << admin_info.status().to_string();
  EXPECT_EQ(admin_info->id, 2);
  EXPECT_EQ(admin_info->user, "root");
  EXPECT_TRUE(admin_info->admin);
  EXPECT_TRUE(admin_info->groups.empty());
  EXPECT_NE(admin.secret.substr(6), created.secret.substr(6));
}

TEST_F(TokenStoreTest, OnlyTheHashIsStored) {
  TokenStore::Created created = create("alice", {"analysts"});
  std::string random_part = created.secret.substr(std::string("dct_1_").size());
  ASSERT_EQ(random_part.size(), 43u);

  // Every column of every row, read straight from the file with a separate connection.
  indexer::SqliteDb db(catalog());
  std::vector<std::string> values;
  auto collect = [](void* out, int columns, char** text, char**) {
    for (int i = 0; i < columns; ++i) {
      static_cast<std::vector<std::string>*>(out)->push_back(text[i] ? text[i] : "");
    }
    return 0;
  };
  ASSERT_EQ(sqlite3_exec(db.handle(), "SELECT * FROM tokens", collect, &values, nullptr),
            SQLITE_OK);
  ASSERT_FALSE(values.empty());
  for (const std::string& value : values) {
    EXPECT_EQ(value.find(random_part), std::string::npos) << value;
  }
  indexer::Statement hash = db.prepare("SELECT secret_hash FROM tokens WHERE id = 1");
  ASSERT_TRUE(hash.step());
  EXPECT_EQ(hash.column_text(0), sha256_hex(created.secret));

  // Nor anywhere in the database files' bytes.
  for (const std::string& file : {catalog(), catalog() + "-wal"}) {
    EXPECT_EQ(slurp(file).find(random_part), std::string::npos) << file;
  }
}

TEST_F(TokenStoreTest, WrongSecretWithTheRightIdIsRefused) {
  TokenStore::Created first = create("alice", {"analysts"});
  TokenStore::Created second = create("bob", {"analysts"});
  std::string tampered = first.secret;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  expect_unauthenticated(tampered);
  // Token 2's random part under token 1's id.
  expect_unauthenticated("dct_1_" + second.secret.substr(std::string("dct_2_").size()));
  ASSERT_TRUE(store_->verify(first.secret).is_ok());
  ASSERT_TRUE(store_->verify(second.secret).is_ok());
}

TEST_F(TokenStoreTest, MalformedSecretsAreRefused) {
  TokenStore::Created created = create("alice", {"analysts"});
  std::string random_part = created.secret.substr(std::string("dct_1_").size());
  for (const std::string& secret : {
           std::string(),
           std::string("dct_"),
           std::string("dct_abc_x"),
           "dct_999_" + random_part,
           "dct_01_" + random_part,
           "dct_-1_" + random_part,
           "dct__" + random_part,
           "dct_1" + random_part,
           "xyz_1_" + random_part,
           "DCT_1_" + random_part,
           created.secret + "A",
           created.secret + "\n",
           " " + created.secret,
           created.secret.substr(0, created.secret.size() - 1),
           "dct_99999999999999999999_" + random_part,
           std::string(random_part),
       }) {
    expect_unauthenticated(secret);
  }
  EXPECT_TRUE(store_->verify(created.secret).is_ok());
}

TEST_F(TokenStoreTest, RevokedTokensNoLongerVerify) {
  TokenStore::Created kept = create("alice", {"analysts"});
  TokenStore::Created gone = create("bob", {"analysts"});
  ASSERT_TRUE(store_->verify(gone.secret).is_ok());
  Status revoked = store_->revoke(gone.info.id);
  ASSERT_TRUE(revoked.is_ok()) << revoked.to_string();
  expect_unauthenticated(gone.secret);
  EXPECT_TRUE(store_->verify(kept.secret).is_ok());
  EXPECT_TRUE(store_->revoke(gone.info.id).is_ok()) << "revoking twice is ok";

  Result<std::vector<TokenInfo>> tokens = store_->list();
  ASSERT_TRUE(tokens.is_ok()) << tokens.status().to_string();
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_EQ((*tokens)[0].revoked, 0);
  EXPECT_GE((*tokens)[1].revoked, (*tokens)[1].created);
  EXPECT_GT((*tokens)[1].revoked, 0);
}

TEST_F(TokenStoreTest, RevocationByAnotherConnectionIsSeenByTheNextVerify) {
  TokenStore::Created created = create("alice", {"analysts"});
  ASSERT_TRUE(store_->verify(created.secret).is_ok());  // the cached query is now prepared
  std::unique_ptr<TokenStore> other = open_store();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(other->revoke(created.info.id).is_ok());
  expect_unauthenticated(created.secret);
}

TEST_F(TokenStoreTest, RevokingAnUnknownIdIsNotFound) {
  create("alice", {"analysts"});
  for (int64_t id : {int64_t{0}, int64_t{2}, int64_t{-1}}) {
    Status status = store_->revoke(id);
    EXPECT_EQ(status.code(), StatusCode::kNotFound) << id << ": " << status.to_string();
  }
}

TEST_F(TokenStoreTest, ListShowsEveryTokenByIdWithoutSecrets) {
  Result<std::vector<TokenInfo>> empty = store_->list();
  ASSERT_TRUE(empty.is_ok());
  EXPECT_TRUE(empty->empty());
  create("alice", {"a"});
  create("bob", {"b", "c"}, true, "ops");
  create("carol", {"a", "b", "a"});
  Result<std::vector<TokenInfo>> tokens = store_->list();
  ASSERT_TRUE(tokens.is_ok()) << tokens.status().to_string();
  ASSERT_EQ(tokens->size(), 3u);
  EXPECT_EQ((*tokens)[0].id, 1);
  EXPECT_EQ((*tokens)[0].user, "alice");
  EXPECT_EQ((*tokens)[1].id, 2);
  EXPECT_TRUE((*tokens)[1].admin);
  EXPECT_EQ((*tokens)[1].note, "ops");
  EXPECT_EQ((*tokens)[1].groups, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ((*tokens)[2].groups, (std::vector<std::string>{"a", "b"})) << "duplicates dropped";
}

TEST_F(TokenStoreTest, ValidationErrorsNameTheField) {
  struct Case {
    std::string user;
    std::vector<std::string> groups;
    bool admin;
    std::string note;
    std::string field;
  };
  const std::string long_name(kMaxTokenNameBytes + 1, 'g');
  const std::vector<Case> cases = {
      {"", {"a"}, false, "", "user"},
      {"ali\nce", {"a"}, false, "", "user"},
      {"\xff", {"a"}, false, "", "user"},
      {long_name, {"a"}, false, "", "user"},
      {"alice", {""}, false, "", "groups"},
      {"alice", {"a", ""}, true, "", "groups"},
      {"alice", {"a,b"}, false, "", "groups"},
      {"alice", {"a\tb"}, false, "", "groups"},
      {"alice", {"a\x7f"}, false, "", "groups"},
      {"alice", {"\xc3\x28"}, false, "", "groups"},
      {"alice", {long_name}, false, "", "groups"},
      {"alice", {}, false, "", "groups"},
      {"alice", {"a"}, false, std::string(kMaxTokenNoteBytes + 1, 'n'), "note"},
      {"alice", {"a"}, false, "\xe2\x82", "note"},
  };
  for (const Case& c : cases) {
    Status status = refused(c.user, c.groups, c.admin, c.note);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.field << ": " << status.to_string();
    EXPECT_EQ(status.field(), c.field) << status.to_string();
  }
  Result<std::vector<TokenInfo>> tokens = store_->list();
  ASSERT_TRUE(tokens.is_ok());
  EXPECT_TRUE(tokens->empty()) << "a refused create writes nothing";

  // The limits themselves are allowed.
  create(std::string(kMaxTokenNameBytes, 'u'), {std::string(kMaxTokenNameBytes, 'g'), "Data Eng"},
         false, std::string(kMaxTokenNoteBytes, 'n'));
  create("root", {}, true);
  create("zoë", {"équipe"});
}

}  // namespace
}  // namespace datacat::server
