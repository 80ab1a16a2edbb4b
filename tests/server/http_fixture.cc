#include "tests/server/http_fixture.h"

#include "server/token_store.h"

namespace datacat::testing {

TempDir* ServerTest::dir_ = nullptr;
std::unique_ptr<server::App> ServerTest::app_;

void ServerTest::start(const std::function<void(server::Config&)>& tweak) {
  dir_ = new TempDir();
  import_file(indexer::DataDir(dir_->path()), sample_catalog_path());
  server::Config config;
  config.data_dir = dir_->path();
  config.server.port = 0;
  config.server.threads = 4;
  config.server.max_body_bytes = 64 * 1024;
  config.server.access_log = "";
  if (tweak) tweak(config);
  Result<std::unique_ptr<server::App>> app = server::App::open(config);
  ASSERT_TRUE(app.is_ok()) << app.status().to_string();
  app_ = std::move(app).value();
  ASSERT_TRUE(app_->start().is_ok());
}

void ServerTest::stop() {
  app_.reset();
  delete dir_;
  dir_ = nullptr;
}

httplib::Client ServerTest::client() {
  httplib::Client client("127.0.0.1", app_->port());
  client.set_read_timeout(30, 0);
  return client;
}

std::string ServerTest::token(const std::string& user, const std::string& groups, bool admin) {
  auto store = server::TokenStore::open(indexer::DataDir(dir_->path()).catalog_path());
  EXPECT_TRUE(store.is_ok());
  std::vector<std::string> list;
  size_t start = 0;
  while (start < groups.size()) {
    size_t end = groups.find(',', start);
    if (end == std::string::npos) end = groups.size();
    list.push_back(groups.substr(start, end - start));
    start = end + 1;
  }
  auto created = (*store)->create(user, list, admin, "test");
  EXPECT_TRUE(created.is_ok()) << created.status().to_string();
  return created->secret;
}

httplib::Headers ServerTest::bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

httplib::Result ServerTest::put_asset(const std::string& uri, const std::string& token,
                                      const std::string& body) {
  return client().Put(asset_path(uri), bearer(token), body, "application/json");
}

httplib::Result ServerTest::patch_asset(const std::string& uri, const std::string& token,
                                        const std::string& body) {
  return client().Patch(asset_path(uri), bearer(token), body, "application/json");
}

std::string ServerTest::asset_path(const std::string& uri) {
  return "/api/v1/assets/" + server::url_encode(uri);
}

nlohmann::json ServerTest::json_of(const httplib::Result& result) {
  EXPECT_TRUE(result);
  if (!result) return nullptr;
  return nlohmann::json::parse(result->body, nullptr, false);
}

nlohmann::json ServerTest::dataset(const std::string& uri, const std::string& name,
                                   const std::string& owner) {
  return {{"uri", uri}, {"type", "dataset"}, {"name", name}, {"owner", owner}};
}

}  // namespace datacat::testing
