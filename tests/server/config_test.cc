// Configuration layers: defaults <- file <- DATACAT_* environment, with errors naming the key.
#include "server/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/indexer/test_catalog.h"

namespace datacat::server {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const char* name :
         {"DATACAT_CONFIG", "DATACAT_PORT", "DATACAT_ANONYMOUS_READ", "DATACAT_TRUSTED_PROXIES",
          "DATACAT_DATA_DIR", "DATACAT_THREADS", "DATACAT_REPLICA_OF", "DATACAT_ALLOWED_ORIGINS"})
      unsetenv(name);
  }
  std::string write(const std::string& text) {
    std::string path = tmp_.path() + "/datacat.toml";
    std::ofstream(path) << text;
    return path;
  }
  testing::TempDir tmp_;
};

TEST_F(ConfigTest, TheDocumentedSampleHoldsExactlyTheDefaults) {
  Result<Config> sample = load_config(std::string(DATACAT_SOURCE_DIR) + "/config/datacat.toml");
  ASSERT_TRUE(sample.is_ok()) << sample.status().to_string();
  Config defaults;
  EXPECT_EQ(sample->data_dir, defaults.data_dir);
  EXPECT_EQ(sample->server.listen, defaults.server.listen);
  EXPECT_EQ(sample->server.port, defaults.server.port);
  EXPECT_EQ(sample->server.threads, defaults.server.threads);
  EXPECT_EQ(sample->server.max_body_bytes, defaults.server.max_body_bytes);
  EXPECT_EQ(sample->server.request_timeout_ms, defaults.server.request_timeout_ms);
  EXPECT_EQ(sample->server.search_time_limit_ms, defaults.server.search_time_limit_ms);
  EXPECT_EQ(sample->server.readyz_max_outbox_lag, defaults.server.readyz_max_outbox_lag);
  EXPECT_EQ(sample->server.access_log, defaults.server.access_log);
  EXPECT_EQ(sample->server.search_cache_mb, defaults.server.search_cache_mb);
  EXPECT_EQ(sample->server.term_cache_mb, defaults.server.term_cache_mb);
  EXPECT_EQ(sample->auth.anonymous_read, defaults.auth.anonymous_read);
  EXPECT_EQ(sample->auth.admin_group, defaults.auth.admin_group);
  EXPECT_EQ(sample->auth.glossary_manager_group, defaults.auth.glossary_manager_group);
  EXPECT_EQ(sample->auth.trusted_proxies, defaults.auth.trusted_proxies);
  EXPECT_EQ(sample->auth.user_header, defaults.auth.user_header);
  EXPECT_EQ(sample->auth.groups_header, defaults.auth.groups_header);
  EXPECT_EQ(sample->import.glue_catalog_field, defaults.import.glue_catalog_field);
  EXPECT_EQ(sample->replication.port, defaults.replication.port);
  EXPECT_EQ(sample->replication.replica_of, defaults.replication.replica_of);
}

TEST_F(ConfigTest, AServerIsAPrimaryOrAReplicaNotBoth) {
  Result<Config> primary = load_config(write("[replication]\nport = 7010\n"));
  ASSERT_TRUE(primary.is_ok()) << primary.status().to_string();
  EXPECT_EQ(primary->replication.port, 7010);
  setenv("DATACAT_REPLICA_OF", "http://10.0.0.5:8080", 1);
  Result<Config> replica = load_config("");
  ASSERT_TRUE(replica.is_ok()) << replica.status().to_string();
  EXPECT_EQ(replica->replication.replica_of, "http://10.0.0.5:8080");
  Result<Config> both = load_config(write("[replication]\nport = 7010\n"));
  ASSERT_FALSE(both.is_ok());
  EXPECT_EQ(both.status().field(), "replication.port");
  unsetenv("DATACAT_REPLICA_OF");
  Result<Config> not_http = load_config(write("[replication]\nreplica_of = \"10.0.0.5:8080\"\n"));
  ASSERT_FALSE(not_http.is_ok());
  EXPECT_EQ(not_http.status().field(), "replication.replica_of");
  Result<Config> bad_port = load_config(write("[replication]\nport = 70000\n"));
  ASSERT_FALSE(bad_port.is_ok());
  EXPECT_EQ(bad_port.status().field(), "replication.port");
}

TEST_F(ConfigTest, TheGlueCatalogFieldIsOneOfThree) {
  Result<Config> organization =
      load_config(write("[import]\nglue_catalog_field = \"organization\"\n"));
  ASSERT_TRUE(organization.is_ok()) << organization.status().to_string();
  EXPECT_EQ(organization->import.glue_catalog_field, "organization");
  Result<Config> bad = load_config(write("[import]\nglue_catalog_field = \"account\"\n"));
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "import.glue_catalog_field");
}

TEST_F(ConfigTest, EnvironmentOverridesTheFile) {
  std::string path = write(
      "data_dir = \"/srv/catalog\"\n[server]\nport = 9000\nthreads = 3\n"
      "[auth]\nanonymous_read = false\ntrusted_proxies = [\"10.0.0.1\"]\n");
  setenv("DATACAT_PORT", "9100", 1);
  setenv("DATACAT_ANONYMOUS_READ", "auto", 1);
  setenv("DATACAT_TRUSTED_PROXIES", "10.0.0.2, 10.0.0.3", 1);
  setenv("DATACAT_ALLOWED_ORIGINS", "https://portal.example.com,http://localhost:3000", 1);
  Result<Config> config = load_config(path);
  ASSERT_TRUE(config.is_ok()) << config.status().to_string();
  EXPECT_EQ(config->data_dir, "/srv/catalog");
  EXPECT_EQ(config->server.port, 9100);
  EXPECT_EQ(config->server.threads, 3);
  EXPECT_FALSE(config->auth.anonymous_read.has_value());
  EXPECT_EQ(config->auth.trusted_proxies, (std::vector<std::string>{"10.0.0.2", "10.0.0.3"}));
  EXPECT_EQ(config->server.allowed_origins,
            (std::vector<std::string>{"https://portal.example.com", "http://localhost:3000"}));
  setenv("DATACAT_CONFIG", path.c_str(), 1);
  EXPECT_EQ(load_config("")->server.threads, 3);  // $DATACAT_CONFIG names the file
}

TEST_F(ConfigTest, BadFilesAndValuesNameTheKey) {
  auto field_of = [&](const std::string& text) {
    Result<Config> config = load_config(write(text));
    EXPECT_FALSE(config.is_ok()) << text;
    return config.status().field();
  };
  EXPECT_EQ(field_of("[server]\nprot = 1\n"), "server.prot");
  EXPECT_EQ(field_of("colour = 1\n"), "colour");
  EXPECT_EQ(field_of("[server]\nport = \"eighty\"\n"), "server.port");
  EXPECT_EQ(field_of("[server]\nport = 70000\n"), "server.port");
  EXPECT_EQ(field_of("[server]\nthreads = 0\n"), "server.threads");
  EXPECT_EQ(field_of("[auth]\nanonymous_read = \"maybe\"\n"), "auth.anonymous_read");
  EXPECT_EQ(field_of("[auth]\ntrusted_proxies = [1]\n"), "auth.trusted_proxies[0]");
  EXPECT_EQ(field_of("[auth]\nadmin_group = \"\"\n"), "auth.admin_group");
  EXPECT_EQ(field_of("[server]\nallowed_origins = \"https://a.example\"\n"),
            "server.allowed_origins");
  EXPECT_EQ(field_of("[server]\nallowed_origins = [\"https://a.example/path\"]\n"),
            "server.allowed_origins[0]");
  EXPECT_EQ(field_of("[server]\nallowed_origins = [\"https://a.example\", \"*\"]\n"),
            "server.allowed_origins[1]");
  Result<Config> broken = load_config(write("[server\nport = 1\n"));
  ASSERT_FALSE(broken.is_ok());
  EXPECT_NE(broken.status().message().find("line 1"), std::string::npos);
  setenv("DATACAT_THREADS", "many", 1);
  Result<Config> env = load_config("");
  ASSERT_FALSE(env.is_ok());
  EXPECT_EQ(env.status().field(), "DATACAT_THREADS");
}

}  // namespace
}  // namespace datacat::server
