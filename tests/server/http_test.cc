// The HTTP server on a real loopback port (port 0: a free one), driven by an HTTP client.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "server/http_server.h"
#include "server/routes.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::server {
namespace {

class HttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    testing::import_file(indexer::DataDir(dir_->path()), testing::sample_catalog_path());
    router_ = new Router(make_routes(indexer::DataDir(dir_->path())));
    HttpOptions options;
    options.port = 0;
    options.threads = 4;
    options.max_body_bytes = 4096;
    server_ = new HttpServer(options, *router_);
    ASSERT_TRUE(server_->start().is_ok());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete router_;
    delete dir_;
  }
  httplib::Client client() { return httplib::Client("127.0.0.1", server_->port()); }
  static nlohmann::json body(const httplib::Result& result) {
    return nlohmann::json::parse(result->body);
  }

  static testing::TempDir* dir_;
  static Router* router_;
  static HttpServer* server_;
};

testing::TempDir* HttpTest::dir_ = nullptr;
Router* HttpTest::router_ = nullptr;
HttpServer* HttpTest::server_ = nullptr;

TEST_F(HttpTest, HealthzAnswersOk) {
  auto result = client().Get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(body(result)["status"], "ok");
  EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(HttpTest, SearchReturnsTheCliDocumentWithFiltersFromRepeatedParameters) {
  auto result = client().Get("/api/v1/search?q=customer&type=table&type=dashboard&per_page=5");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  nlohmann::json json = body(result);
  EXPECT_GT(json["total"].get<int>(), 0);
  EXPECT_LE(json["hits"].size(), 5u);
  for (const auto& hit : json["hits"]) {
    EXPECT_TRUE(hit["type"] == "table" || hit["type"] == "dashboard") << hit["type"];
  }
  int selected = 0;
  for (const auto& value : json["facets"]["type"])
    selected += value["selected"].get<bool>() ? 1 : 0;
  EXPECT_EQ(selected, 2);
}

TEST_F(HttpTest, QueryParametersAreUrlDecoded) {
  auto result = client().Get("/api/v1/search?q=%22billing+addresses%22");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_GT(body(result)["total"].get<int>(), 0);
}

TEST_F(HttpTest, BadParametersAreJsonErrorsNamingTheField) {
  auto result = client().Get("/api/v1/search?per_page=500");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(body(result)["error"]["field"], "per_page");
  EXPECT_EQ(body(result)["error"]["code"], "invalid_argument");
  result = client().Get("/api/v1/search?page=two");
  EXPECT_EQ(body(result)["error"]["field"], "page");
  result = client().Get("/api/v1/search?q=%22oops");
  EXPECT_EQ(body(result)["error"]["field"], "q");
  result = client().Get("/api/v1/search?colour=red");
  EXPECT_EQ(body(result)["error"]["field"], "colour");
}

TEST_F(HttpTest, UnknownRouteIs404AndWrongMethodIs405) {
  auto missing = client().Get("/api/v1/nothing-here");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(body(missing)["error"]["code"], "not_found");
  auto wrong = client().Delete("/healthz");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "GET");
}

TEST_F(HttpTest, OversizeBodyIs413AndTheServerKeepsServing) {
  auto result = client().Post("/healthz", std::string(10000, 'x'), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(body(result)["error"]["code"], "resource_exhausted");
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

TEST(RouterTest, CapturesPathSegments) {
  Router router;
  router.add("GET", "/api/v1/assets/{uri}", [](const Request& request) {
    return json_response(200, {{"uri", request.path_params.at("uri")}});
  });
  Request request;
  request.method = "GET";
  request.path = "/api/v1/assets/abc";
  Response response = router.dispatch(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(nlohmann::json::parse(response.body)["uri"], "abc");
  request.path = "/api/v1/assets/";
  EXPECT_EQ(router.dispatch(request).status, 404);
}

}  // namespace
}  // namespace datacat::server
