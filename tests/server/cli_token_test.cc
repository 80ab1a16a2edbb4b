// `datacat token ...`, run as a real process against a temporary data directory.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "server/token_store.h"
#include "tests/indexer/test_catalog.h"
#include "tests/server/cli_runner.h"

namespace datacat::server {
namespace {

using testing::Outcome;

class CliTokenTest : public ::testing::Test {
 protected:
  // Runs `datacat token ARGS --data-dir <tmp>/data`.
  Outcome token(const std::string& args) {
    return testing::run_datacat("token " + args + " --data-dir " + data_dir(), tmp_.path());
  }
  std::string data_dir() const { return tmp_.path() + "/data"; }
  // Creates a token; returns its secret (stdout's first line).
  std::string create(const std::string& args) {
    Outcome run = token("create " + args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out.substr(0, run.out.find('\n'));
  }
  nlohmann::json list_json() {
    Outcome run = token("list --json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out);
  }

  testing::TempDir tmp_;
};

TEST_F(CliTokenTest, CreatePrintsTheSecretOnceAndItVerifies) {
  Outcome run = token("create --user alice --groups analysts,DataEngineering --note 'ci bot'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(std::regex_match(run.out, std::regex("dct_1_[A-Za-z0-9_-]{43}\n"))) << run.out;
  EXPECT_NE(run.err.find("not be shown again"), std::string::npos) << run.err;
  std::string secret = run.out.substr(0, run.out.size() - 1);

  Result<std::unique_ptr<TokenStore>> store =
      TokenStore::open(indexer::DataDir(data_dir()).catalog_path());
  ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  Result<TokenInfo> info = (*store)->verify(secret);
  ASSERT_TRUE(info.is_ok()) << info.status().to_string();
  EXPECT_EQ(info->user, "alice");
  EXPECT_EQ(info->groups, (std::vector<std::string>{"analysts", "DataEngineering"}));
  EXPECT_FALSE(info->admin);
}

TEST_F(CliTokenTest, ListShowsTokensButNeverSecrets) {
  std::string alice = create("--user alice --groups analysts");
  std::string root = create("--user root --admin --note ops");
  ASSERT_FALSE(alice.empty());

  nlohmann::json tokens = list_json();
  ASSERT_EQ(tokens.size(), 2u) << tokens;
  EXPECT_EQ(tokens[0]["id"], 1);
  EXPECT_EQ(tokens[0]["user"], "alice");
  EXPECT_EQ(tokens[0]["groups"], nlohmann::json({"analysts"}));
  EXPECT_EQ(tokens[0]["admin"], false);
  EXPECT_TRUE(tokens[0]["revoked"].is_null());
  EXPECT_TRUE(std::regex_match(tokens[0]["created"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_EQ(tokens[1]["user"], "root");
  EXPECT_EQ(tokens[1]["admin"], true);
  EXPECT_EQ(tokens[1]["note"], "ops");

  Outcome table = token("list");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("alice"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("analysts"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("root"), std::string::npos) << table.out;
  for (const std::string& secret : {alice, root}) {
    std::string random = secret.substr(secret.find('_', 4) + 1);
    ASSERT_EQ(random.size(), 43u) << secret;
    EXPECT_EQ(tokens.dump().find(random), std::string::npos);
    EXPECT_EQ(table.out.find(random), std::string::npos);
  }
}

TEST_F(CliTokenTest, RevokeMarksTheTokenAndRefusesUnknownIds) {
  create("--user alice --groups analysts");
  Outcome revoke = token("revoke 1");
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  nlohmann::json tokens = list_json();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_TRUE(tokens[0]["revoked"].is_string()) << tokens;
  EXPECT_EQ(token("revoke 1").exit_code, 0) << "revoking twice is ok";

  Outcome unknown = token("revoke 42");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err.rfind("datacat: error: ", 0), 0u) << unknown.err;
  EXPECT_NE(unknown.err.find("42"), std::string::npos) << unknown.err;
}

TEST_F(CliTokenTest, BadCreateArgumentsFailNamingTheField) {
  Outcome no_user = token("create --groups analysts");
  EXPECT_NE(no_user.exit_code, 0);
  EXPECT_NE(no_user.err.find("--user"), std::string::npos) << no_user.err;

  Outcome no_groups = token("create --user alice");
  EXPECT_EQ(no_groups.exit_code, 2);
  EXPECT_NE(no_groups.err.find("groups"), std::string::npos) << no_groups.err;

  Outcome comma = token("create --user alice --groups 'a,,b'");
  EXPECT_EQ(comma.exit_code, 2);
  EXPECT_NE(comma.err.find("groups"), std::string::npos) << comma.err;

  Outcome empty_user = token("create --user '' --groups a");
  EXPECT_EQ(empty_user.exit_code, 2);
  EXPECT_NE(empty_user.err.find("user"), std::string::npos) << empty_user.err;

  for (const Outcome& run : {no_user, no_groups, comma, empty_user}) {
    EXPECT_EQ(run.out, "") << "no secret printed on failure";
  }
  EXPECT_TRUE(list_json().empty());
  EXPECT_EQ(token("create --user root --admin").exit_code, 0)
      << "--groups may be empty with --admin";
}

}  // namespace
}  // namespace datacat::server
