// Health, readiness, metrics, the OpenAPI document, routing errors and body limits, over
// real HTTP; and `datacat serve` as a process stopping gracefully on SIGTERM.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

class HttpOpsTest : public ServerTest {
 protected:
  // The value of one sample line of the exposition text, or -1.
  static double sample(const std::string& text, const std::string& line_start) {
    size_t at = text.find("\n" + line_start + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + line_start.size() + 2));
  }
};

TEST_F(HttpOpsTest, HealthzAndReadyzAnswer) {
  auto health = client().Get("/healthz");
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json_of(health)["status"], "ok");
  EXPECT_EQ(health->get_header_value("X-Content-Type-Options"), "nosniff");
  auto ready = client().Get("/readyz");
  ASSERT_EQ(ready->status, 200) << ready->body;
  json body = json_of(ready);
  EXPECT_EQ(body["status"], "ready");
  EXPECT_EQ(body["checks"]["index"]["documents"], sample_assets_resolved().size());
  EXPECT_EQ(body["checks"]["outbox"]["lag"], 0);
}

TEST_F(HttpOpsTest, MetricsCountWhatWasSent) {
  for (int i = 0; i < 3; ++i) client().Get("/api/v1/search?q=orders");
  client().Get("/api/v1/search?per_page=5000");
  client().Get("/no/such/route");
  client().Get(asset_path("datacat://table/sales_dw/orders"));
  auto result = client().Get("/metrics");
  ASSERT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = result->body;
  EXPECT_EQ(
      sample(text,
             R"(datacat_http_requests_total{method="GET",route="/api/v1/search",status="200"})"),
      3);
  EXPECT_EQ(
      sample(text,
             R"(datacat_http_requests_total{method="GET",route="/api/v1/search",status="400"})"),
      1);
  EXPECT_EQ(
      sample(text, R"(datacat_http_requests_total{method="GET",route="unmatched",status="404"})"),
      1);
  EXPECT_EQ(
      sample(
          text,
          R"(datacat_http_requests_total{method="GET",route="/api/v1/assets/{uri}",status="200"})"),
      1);
  EXPECT_EQ(
      sample(text,
             R"(datacat_http_request_duration_seconds_count{method="GET",route="/api/v1/search"})"),
      4);
  EXPECT_EQ(sample(text, "datacat_index_documents"), sample_assets_resolved().size());
  EXPECT_EQ(sample(text, "datacat_outbox_lag"), 0);
}

TEST_F(HttpOpsTest, OpenApiDocumentsEveryRoute) {
  auto result = client().Get("/api/v1/openapi.json");
  ASSERT_EQ(result->status, 200);
  json doc = json_of(result);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  // Every route the server answers is in the document, with its method and responses.
  auto routes = app().router().routes();
  ASSERT_GT(routes.size(), 10u);
  for (const auto& [method, pattern] : routes) {
    std::string lower;
    for (char c : method) lower.push_back(static_cast<char>(std::tolower(c)));
    ASSERT_TRUE(doc["paths"].contains(pattern)) << pattern;
    ASSERT_TRUE(doc["paths"][pattern].contains(lower)) << method << " " << pattern;
    EXPECT_TRUE(doc["paths"][pattern][lower].contains("responses")) << method << " " << pattern;
  }
  // And nothing the server does not answer.
  size_t operations = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [key, value] : item.items()) {
      if (key == "get" || key == "put" || key == "post" || key == "patch" || key == "delete")
        ++operations;
    }
  }
  EXPECT_EQ(operations, routes.size());
}

TEST_F(HttpOpsTest, UnknownRouteIs404AndWrongMethodIs405) {
  auto missing = client().Get("/api/v1/nothing-here");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json_of(missing)["error"]["code"], "not_found");
  auto wrong = client().Delete("/healthz");
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "GET, HEAD");
  auto bulk_get = client().Get("/api/v1/assets:bulk");
  EXPECT_EQ(bulk_get->status, 405);
  EXPECT_EQ(bulk_get->get_header_value("Allow"), "POST");
}

TEST_F(HttpOpsTest, OversizeBodyIs413AndTheServerKeepsServing) {
  auto result = client().Post("/api/v1/search", std::string(100 * 1024, 'x'), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(json_of(result)["error"]["code"], "resource_exhausted");
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

TEST_F(HttpOpsTest, EncodedSlashesStayInsideOnePathSegment) {
  auto result = client().Get("/api/v1/assets/datacat%3A%2F%2Ftable%2Fsales_dw%2Forders");
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(json_of(result)["uri"], "datacat://table/sales_dw/orders");
  EXPECT_EQ(client().Get("/api/v1/assets/datacat://table/sales_dw/orders")->status, 404);
}

TEST(RouterTest, CapturesOneDecodedSegmentAndNamesTheRoute) {
  server::Router router;
  router.add("GET", "/api/v1/assets/{uri}", [](const server::Request& request) {
    return server::json_response(200, {{"uri", request.path_params.at("uri")}});
  });
  server::Request request;
  request.method = "GET";
  request.path = "/api/v1/assets/a%2Fb";
  server::Response response = router.dispatch(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body)["uri"], "a/b");
  EXPECT_EQ(request.route, "/api/v1/assets/{uri}");
  request.path = "/api/v1/assets/";
  EXPECT_EQ(router.dispatch(request).status, 404);
  EXPECT_EQ(request.route, "unmatched");
}

// `datacat serve` as a real process: it answers, then SIGTERM stops it cleanly (exit 0)
// and the port is closed.
TEST(ServeProcessTest, SigtermStopsGracefully) {
  TempDir dir;
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t child = fork();
  if (child == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    std::string data = dir.path() + "/data";
    execl(DATACAT_BINARY, DATACAT_BINARY, "serve", "--data-dir", data.c_str(), "--port", "0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  std::smatch port;
  ASSERT_TRUE(std::regex_search(line, port, std::regex(":(\\d+)$"))) << line;
  httplib::Client client("127.0.0.1", std::stoi(port[1]));
  EXPECT_EQ(client.Get("/healthz")->status, 200);
  ASSERT_EQ(kill(child, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  close(out[0]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_FALSE(client.Get("/healthz"));
}

}  // namespace
}  // namespace datacat::testing

namespace datacat::testing {
namespace {

class HttpProtocolTest : public ServerTest {};

TEST_F(HttpProtocolTest, HeadIsAnsweredLikeGetWithoutABody) {
  auto head = client().Head("/healthz");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(client().Head("/api/v1/search?q=orders")->status, 200);
}

TEST_F(HttpProtocolTest, WrongMethodHasItsOwnErrorCode) {
  auto wrong = client().Put("/api/v1/search", "{}", "application/json");
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(json_of(wrong)["error"]["code"], "method_not_allowed");
  EXPECT_EQ(wrong->get_header_value("Allow"), "GET, HEAD, POST");
}

TEST_F(HttpProtocolTest, SyncWritesSayTheyAreSearchableAndEmptyBulkIsRefused) {
  std::string admin = token("root", "", true);
  auto put = client().Put(asset_path("datacat://dataset/synced") + "?sync=true", bearer(admin),
                          dataset("datacat://dataset/synced", "synced_probe", "x").dump(),
                          "application/json");
  ASSERT_EQ(put->status, 201);
  EXPECT_EQ(put->get_header_value("X-Datacat-Indexed"), "true");
  EXPECT_EQ(json_of(client().Get("/api/v1/search?q=synced_probe"))["total"], 1);
  auto empty = client().Post("/api/v1/assets:bulk", bearer(admin), "\n\n", "application/x-ndjson");
  EXPECT_EQ(empty->status, 400);
  EXPECT_EQ(json_of(empty)["error"]["field"], "body");
}

}  // namespace
}  // namespace datacat::testing

namespace datacat::testing {
namespace {

class HttpAccessLogTest : public ServerTest {
 protected:
  void SetUp() override {
    log_dir_ = std::make_unique<TempDir>();
    std::string path = log_dir_->path() + "/access.log";
    start([path](server::Config& config) { config.server.access_log = path; });
  }
  std::unique_ptr<TempDir> log_dir_;
};

TEST_F(HttpAccessLogTest, OneJsonLinePerRequestWithoutSecrets) {
  std::string secret = token("olga", "sales-analytics");
  client().Get("/api/v1/search?q=orders", bearer(secret));
  client().Get("/no/such/route");
  auto patched = client().Patch(asset_path("datacat://dataset/sales_dw"), bearer(secret),
                                R"({"label": "L"})", "application/json");
  ASSERT_TRUE(patched);
  stop();  // flushes and closes the log
  std::ifstream input(log_dir_->path() + "/access.log");
  std::vector<json> lines;
  std::string line;
  while (std::getline(input, line)) {
    EXPECT_EQ(line.find(secret.substr(10)), std::string::npos) << line;
    lines.push_back(json::parse(line));
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["route"], "/api/v1/search");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[0]["user"], "olga");
  EXPECT_EQ(lines[0]["remote"], "127.0.0.1");
  EXPECT_TRUE(lines[0]["ms"].is_number());
  EXPECT_EQ(lines[1]["status"], 404);
  EXPECT_EQ(lines[2]["method"], "PATCH");
  EXPECT_EQ(lines[2]["status"], 200);
  start();  // TearDown stops a running server
}

}  // namespace
}  // namespace datacat::testing
