// The web page's files as datacat serves them: compiled in, with content types, caching
// validators and security headers; page paths answer index.html; nothing reaches the
// file system; GET /api/v1/me.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "server/web_assets.h"
#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::filesystem::path kWebDir = std::filesystem::path(DATACAT_SOURCE_DIR) / "web";

class HttpWebTest : public ServerTest {};

TEST_F(HttpWebTest, EveryFileOfWebIsCompiledInWithItsExactBytes) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(kWebDir)) {
    if (entry.is_regular_file()) on_disk.insert(entry.path().filename().string());
  }
  std::set<std::string> embedded;
  for (const server::EmbeddedFile& file : server::embedded_web_files()) {
    embedded.insert(std::string(file.name));
    EXPECT_EQ(file.body, read_file(kWebDir / std::string(file.name))) << file.name;
  }
  EXPECT_EQ(embedded, on_disk) << "list every web/ file in WEB_FILES (CMakeLists.txt)";
}

TEST_F(HttpWebTest, PagePathsAnswerTheIndexWithSecurityHeaders) {
  std::string index = read_file(kWebDir / "index.html");
  for (const char* path : {"/", "/asset/datacat%3A%2F%2Ftable%2Fsales_dw%2Forders", "/glossaries",
                           "/glossaries/3", "/terms/4", "/sign-in"}) {
    auto result = client().Get(path);
    ASSERT_EQ(result->status, 200) << path;
    EXPECT_EQ(result->body, index) << path;
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/html; charset=utf-8");
    std::string csp = result->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(result->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(result->get_header_value_count("X-Content-Type-Options"), 1u);
    EXPECT_EQ(result->get_header_value("Cache-Control"), "no-cache");
  }
}

TEST_F(HttpWebTest, StaticFilesHaveTypesAndRevalidateWithTheirETag) {
  struct Case {
    const char* name;
    const char* type;
  };
  for (Case c :
       {Case{"app.js", "text/javascript; charset=utf-8"},
        Case{"app.css", "text/css; charset=utf-8"}, Case{"favicon.svg", "image/svg+xml"}}) {
    std::string path = std::string("/static/") + c.name;
    auto first = client().Get(path);
    ASSERT_EQ(first->status, 200) << path;
    EXPECT_EQ(first->get_header_value("Content-Type"), c.type);
    EXPECT_EQ(first->body, read_file(kWebDir / c.name));
    std::string etag = first->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    auto again = client().Get(path, {{"If-None-Match", etag}});
    EXPECT_EQ(again->status, 304) << path;
    EXPECT_TRUE(again->body.empty());
    auto head = client().Head(path);
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(first->body.size()));
  }
}

TEST_F(HttpWebTest, NothingOutsideTheCompiledFilesIsServed) {
  for (const char* path :
       {"/static/", "/static/nope.js", "/static/../catalog.db", "/static/%2e%2e%2fcatalog.db",
        "/static/..%2F..%2Fetc%2Fpasswd", "/static/%2Fetc%2Fpasswd", "/static//etc/passwd",
        "/static/app.js/", "/index.html", "/catalog.db", "/web/app.js", "/glossariesX", "/sign-inx",
        "/terms"}) {
    auto result = client().Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 404) << path;
    EXPECT_EQ(result->body.find("SQLite"), std::string::npos) << path;
    EXPECT_EQ(result->body.find("root:"), std::string::npos) << path;
  }
  auto post = client().Post("/", "x", "text/plain");
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  EXPECT_EQ(json_of(post)["error"]["code"], "method_not_allowed");
}

TEST_F(HttpWebTest, MeTellsWhoTheCallerIsAndWhatTheyMayDoInGeneral) {
  json anonymous = json_of(client().Get("/api/v1/me"));
  EXPECT_TRUE(anonymous["anonymous"]);
  EXPECT_TRUE(anonymous["user"].is_null());
  EXPECT_FALSE(anonymous["glossary_manager"]);
  json olga = json_of(client().Get("/api/v1/me", bearer(token("olga", "sales-analytics,bi"))));
  EXPECT_EQ(olga["user"], "olga");
  EXPECT_EQ(olga["groups"], json({"sales-analytics", "bi"}));
  EXPECT_FALSE(olga["admin"]);
  EXPECT_FALSE(olga["glossary_manager"]);
  json mia = json_of(client().Get("/api/v1/me", bearer(token("mia", "DAGlossaryManagers"))));
  EXPECT_TRUE(mia["glossary_manager"]);
  EXPECT_FALSE(mia["admin"]);
  json root = json_of(client().Get("/api/v1/me", bearer(token("root", "", true))));
  EXPECT_TRUE(root["admin"]);
  EXPECT_TRUE(root["glossary_manager"]);
  EXPECT_EQ(client().Get("/api/v1/me", bearer("dct_1_wrong"))->status, 401);
}

TEST_F(HttpWebTest, AssetPermissionsFollowTheWriteRules) {
  const std::string orders = "datacat://table/sales_dw/orders";  // owner sales-analytics
  auto rights = [&](const httplib::Headers& headers) {
    return json_of(client().Get(asset_path(orders) + "/permissions", headers));
  };
  json anonymous = rights({});
  EXPECT_FALSE(anonymous["edit"]);
  EXPECT_FALSE(anonymous["delete"]);
  json owner = rights(bearer(token("olga", "sales-analytics")));
  EXPECT_TRUE(owner["edit"]);
  EXPECT_TRUE(owner["propose_terms"]);
  EXPECT_TRUE(owner["delete"]);
  json outsider = rights(bearer(token("otto", "marketing-data")));
  EXPECT_FALSE(outsider["edit"]);
  EXPECT_FALSE(outsider["propose_terms"]);
  EXPECT_TRUE(rights(bearer(token("root", "", true)))["edit"]);
  // What it says is what the write does.
  EXPECT_EQ(patch_asset(orders, token("otto", "marketing-data"), R"({"label": "x"})")->status, 403);
  EXPECT_EQ(client().Get(asset_path("x://none") + "/permissions")->status, 404);
}

}  // namespace
}  // namespace datacat::testing
