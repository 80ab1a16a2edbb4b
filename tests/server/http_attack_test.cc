// The attacks of issue 19 against the real server on loopback, each of which crashed,
// starved or fooled it before: nested glossary documents and huge negated queries
// (crashes on civetweb's 100 KiB worker stacks), cross-site writes behind an SSO proxy,
// tables planted inside another team's dataset, and a second server on a data directory
// in use. (Slow clients and request framing: http_front_test.cc.)
#include <string>

#include "tests/server/cli_runner.h"
#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using json = nlohmann::json;
constexpr const char* kSalesDw = "datacat://dataset/sales_dw";  // owner sales-analytics

// A glossary document whose categories nest `depth` levels, with a term at the bottom.
// Written as text: nlohmann-json's writer recurses, and 2,000 levels is what it is for.
std::string nested_glossary_json(const std::string& label, int depth) {
  std::string open;
  std::string close;
  for (int level = 1; level < depth; ++level) {
    open += R"({"kind": "category", "label": "c)" + std::to_string(level) +
            R"(", "description": "", "children": [)";
    close += "]}";
  }
  return R"({"format": "datacat-glossary/1", "label": ")" + label +
         R"(", "owner": "finance-glossary", "children": [)" + open +
         R"({"kind": "term", "label": "leaf", "description": "", "synonyms": []})" + close + "]}";
}

// The CSV row of a term under a parent path of `categories` levels.
std::string nested_glossary_csv(int categories) {
  std::string path;
  for (int level = 0; level < categories; ++level)
    path += (level == 0 ? "c" : "/c") + std::to_string(level);
  return "parent,name,description,synonyms\r\n" + path + ",leaf,,\r\n";
}

std::string error_field(const httplib::Result& result) {
  if (!result) return "";
  json body = json::parse(result->body, nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"].value("field", "") : "";
}

class HttpAttackTest : public ServerTest {
 protected:
  httplib::Result import_json(const std::string& body, const httplib::Headers& headers = {}) {
    return client().Post("/api/v1/glossaries:import?format=json", headers, body,
                         "application/json");
  }
  int glossary_count() {
    return static_cast<int>(json_of(client().Get("/api/v1/glossaries", bearer(admin_)))
                                .value("glossaries", json::array())
                                .size());
  }
  void SetUp() override {
    ServerTest::SetUp();
    admin_ = token("ada", "DAAdministrators", true);
    manager_ = token("mia", "DAGlossaryManagers");
  }
  std::string admin_;
  std::string manager_;
};

TEST_F(HttpAttackTest, AnonymousNestedGlossaryImportIsRefusedBeforeItIsRead) {
  int before = glossary_count();
  // 60 levels crashed the server before its permission check; now no body is parsed
  // without a signed-in caller.
  std::string body = nested_glossary_json("Deep", 60);
  auto result = import_json(body);
  ASSERT_TRUE(result) << "the server died";
  EXPECT_EQ(result->status, 401) << result->body;
  EXPECT_EQ(glossary_count(), before);
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

TEST_F(HttpAttackTest, GlossaryJsonNestsAHundredLevelsAndNoMore) {
  auto deepest = import_json(nested_glossary_json("Deepest", 100), bearer(manager_));
  ASSERT_TRUE(deepest) << "the server died";
  EXPECT_EQ(deepest->status, 201) << deepest->body;
  int id = json_of(deepest)["glossary"]["id"];
  // What was accepted is served back whole: the export and the glossary facet recurse.
  auto exported = client().Get("/api/v1/glossaries/" + std::to_string(id) + "/export");
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->status, 200);
  EXPECT_NE(exported->body.find("\"c99\""), std::string::npos);
  EXPECT_EQ(client().Get("/api/v1/search?q=leaf&facets=glossary")->status, 200);

  int before = glossary_count();
  for (int depth : {101, 500}) {
    auto refused = import_json(nested_glossary_json("Deeper", depth), bearer(manager_));
    ASSERT_TRUE(refused) << "the server died at depth " << depth;
    EXPECT_EQ(refused->status, 400) << refused->body;
    EXPECT_NE(json_of(refused)["error"]["message"].get<std::string>().find("100 levels"),
              std::string::npos);
    EXPECT_EQ(error_field(refused).rfind("children[0].children[0]", 0), 0u) << refused->body;
  }
  EXPECT_EQ(glossary_count(), before);
}

TEST_F(HttpAttackTest, GlossaryCsvParentPathsNestAHundredLevelsAndNoMore) {
  auto post = [&](const std::string& label, int categories) {
    return client().Post("/api/v1/glossaries:import?label=" + label + "&owner=finance-glossary",
                         bearer(manager_), nested_glossary_csv(categories), "text/csv");
  };
  // 99 categories and the term: the crash of the report, now the deepest accepted.
  auto deepest = post("CsvDeepest", 99);
  ASSERT_TRUE(deepest) << "the server died";
  EXPECT_EQ(deepest->status, 201) << deepest->body;
  int before = glossary_count();
  auto refused = post("CsvDeeper", 100);
  ASSERT_TRUE(refused) << "the server died";
  EXPECT_EQ(refused->status, 400) << refused->body;
  EXPECT_EQ(error_field(refused), "line 2: parent");
  EXPECT_EQ(glossary_count(), before);
}

TEST_F(HttpAttackTest, CategoriesCannotBeAddedOrMovedPastAHundredLevels) {
  auto created = import_json(nested_glossary_json("Chain", 100), bearer(manager_));
  ASSERT_EQ(created->status, 201) << created->body;
  int glossary = json_of(created)["glossary"]["id"];
  std::string owner = token("fay", "finance-glossary");
  auto tree = json_of(client().Get("/api/v1/glossaries/" + std::to_string(glossary) + "/tree"));
  // The deepest category (level 99) may hold a term (level 100) but not a category.
  json node = tree;
  int deepest = 0;
  while (node.contains("children") && !node["children"].empty()) {
    node = node["children"][0];
    if (node.value("kind", "") == "category") deepest = node["id"];
  }
  ASSERT_NE(deepest, 0) << tree.dump().substr(0, 300);
  auto add = [&](const char* kind, int parent) {
    return client().Post(
        "/api/v1/glossaries/" + std::to_string(glossary) + "/nodes", bearer(owner),
        json({{"kind", kind}, {"label", std::string("new ") + kind}, {"parent", parent}}).dump(),
        "application/json");
  };
  // Level 99 holds a category at level 100, the deepest, which holds nothing more.
  auto level100 = add("category", deepest);
  ASSERT_EQ(level100->status, 201) << level100->body;
  auto level101 = add("term", json_of(level100)["id"]);
  EXPECT_EQ(level101->status, 400) << level101->body;
  EXPECT_EQ(error_field(level101), "parent");
  // A two-level subtree moved under level 99 would end at level 101.
  auto top = add("category", glossary);
  ASSERT_EQ(top->status, 201) << top->body;
  int top_id = json_of(top)["id"];
  auto child =
      client().Post("/api/v1/glossaries/" + std::to_string(glossary) + "/nodes", bearer(owner),
                    json({{"kind", "term"}, {"label", "under top"}, {"parent", top_id}}).dump(),
                    "application/json");
  ASSERT_EQ(child->status, 201) << child->body;
  auto moved = client().Patch("/api/v1/glossary-nodes/" + std::to_string(top_id), bearer(owner),
                              json({{"parent", deepest}}).dump(), "application/json");
  EXPECT_EQ(moved->status, 400) << moved->body;
  EXPECT_EQ(error_field(moved), "parent");
}

std::string negated(int count, bool prefixes) {
  std::string q;
  for (int i = 0; i < count; ++i) {
    std::string word = std::string(1, static_cast<char>('a' + i % 26)) +
                       static_cast<char>('a' + (i / 26) % 26) + (prefixes ? "*" : "");
    q += (q.empty() ? "-" : " -") + word;
  }
  return q;
}

TEST_F(HttpAttackTest, QueriesPastTheComplexityLimitsAreRefusedNamingQ) {
  auto search = [](const std::string& q) {
    return client().Get("/api/v1/search?q=" + server::url_encode(q));
  };
  // The two crashes of the report: 350 negated prefixes, 450 negated words.
  for (const std::string& q : {negated(350, true), negated(450, false)}) {
    auto refused = search(q);
    ASSERT_TRUE(refused) << "the server died";
    EXPECT_EQ(refused->status, 400) << refused->body;
    EXPECT_EQ(error_field(refused), "q");
  }
  EXPECT_EQ(search("orders " + negated(16, false))->status, 200);
  EXPECT_EQ(search("orders " + negated(17, false))->status, 400);
  std::string words;
  for (int i = 0; i < 64; ++i) words += "customer ";
  EXPECT_EQ(search(words)->status, 200);
  EXPECT_EQ(search(words + "orders")->status, 400);
  EXPECT_EQ(search(std::string(10, '(') + "orders OR x" + std::string(10, ')'))->status, 200);
  EXPECT_EQ(search(std::string(11, '(') + "orders OR x" + std::string(11, ')'))->status, 400);
  // Without AND, OR or NOT, parentheses are prose: dropped before parsing, so no depth.
  EXPECT_EQ(search(std::string(500, '(') + "orders" + std::string(500, ')'))->status, 200);
  // POST takes the same query language and the same limits.
  auto posted = client().Post("/api/v1/search", json({{"q", negated(450, false)}}).dump(),
                              "application/json");
  ASSERT_TRUE(posted) << "the server died";
  EXPECT_EQ(posted->status, 400);
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

// Behind an SSO proxy: the identity comes with every request, as a cookie would.
class HttpCrossSiteTest : public ServerTest {
 protected:
  void SetUp() override {
    start([](server::Config& config) {
      config.auth.trusted_proxies = {"127.0.0.1"};
      config.server.allowed_origins = {"https://portal.example.com"};
    });
  }
  static httplib::Headers sso(const std::string& origin) {
    httplib::Headers headers = {{"X-Forwarded-User", "olga"},
                                {"X-Forwarded-Groups", "sales-analytics"}};
    if (!origin.empty()) headers.emplace("Origin", origin);
    return headers;
  }
  static std::string own_origin() { return "http://127.0.0.1:" + std::to_string(app().port()); }
  static std::string label_of_sales_dw() {
    return json_of(client().Get(asset_path(kSalesDw)))["label"];
  }
};

TEST_F(HttpCrossSiteTest, FormAndTextBodiesNeverReachAWriteRoute) {
  std::string line = json({{"uri", kSalesDw},
                           {"type", "dataset"},
                           {"name", "sales_dw"},
                           {"label", "Planted by a form"},
                           {"owner", "sales-analytics"}})
                         .dump();
  for (const char* type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    auto result = client().Post("/api/v1/assets:bulk?sync=true", sso("https://evil.example"),
                                line + "\n", type);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 415) << type << ": " << result->body;
    EXPECT_EQ(error_field(result), "Content-Type");
  }
  EXPECT_NE(label_of_sales_dw(), "Planted by a form");
}

TEST_F(HttpCrossSiteTest, WritesFromAnotherOriginAreRefusedAndOwnPagesWrite) {
  auto propose = [](const httplib::Headers& headers) {
    return client().Post("/api/v1/associations", headers,
                         R"({"term": 1, "asset": "datacat://dataset/sales_dw"})",
                         "application/json");
  };
  for (const char* origin : {"https://evil.example", "null", "http://127.0.0.1.evil.example"}) {
    auto refused = propose(sso(origin));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << origin << ": " << refused->body;
    EXPECT_EQ(error_field(refused), "Origin");
  }
  auto patched = client().Patch(asset_path(kSalesDw), sso("https://evil.example"),
                                R"({"label": "Changed cross-site"})", "application/json");
  EXPECT_EQ(patched->status, 403);
  EXPECT_NE(label_of_sales_dw(), "Changed cross-site");
  // The server's own page and a configured origin may write; so may a client without Origin.
  EXPECT_EQ(client()
                .Patch(asset_path(kSalesDw), sso(own_origin()), R"({"label": "From the page"})",
                       "application/json")
                ->status,
            200);
  EXPECT_EQ(client()
                .Patch(asset_path(kSalesDw), sso("https://portal.example.com"),
                       R"({"label": "From the portal"})", "application/json")
                ->status,
            200);
  EXPECT_EQ(
      client()
          .Patch(asset_path(kSalesDw), sso(""), R"({"label": "From a script"})", "application/json")
          ->status,
      200);
}

TEST_F(HttpCrossSiteTest, PreflightsAreAnsweredOnlyForConfiguredOrigins) {
  auto preflight = [](const std::string& origin) {
    httplib::Request request;
    request.method = "OPTIONS";
    request.path = "/api/v1/assets:bulk";
    request.headers = {{"Origin", origin},
                       {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "content-type, x-forwarded-user"}};
    return client().send(request);
  };
  auto evil = preflight("https://evil.example");
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->status, 403);
  EXPECT_FALSE(evil->has_header("Access-Control-Allow-Origin"));
  auto portal = preflight("https://portal.example.com");
  ASSERT_TRUE(portal);
  EXPECT_EQ(portal->status, 204);
  EXPECT_EQ(portal->get_header_value("Access-Control-Allow-Origin"), "https://portal.example.com");
  EXPECT_EQ(portal->get_header_value("Access-Control-Allow-Headers").find("X-Forwarded"),
            std::string::npos);
  // Answers carry the CORS header for a configured origin only, never "*".
  auto read = client().Get("/api/v1/search?q=orders", {{"Origin", "https://portal.example.com"}});
  EXPECT_EQ(read->get_header_value("Access-Control-Allow-Origin"), "https://portal.example.com");
  auto other = client().Get("/api/v1/search?q=orders", {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
}

TEST_F(HttpAttackTest, NoTeamPlantsAnAssetInsideAnotherTeamsDataset) {
  std::string intruder = token("bob", "marketing-data");
  json planted = dataset("datacat://table/sales_dw/planted", "planted", "marketing-data");
  planted["type"] = "table";
  planted["parent"] = kSalesDw;
  auto put = put_asset("datacat://table/sales_dw/planted", intruder, planted.dump());
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 403) << put->body;
  EXPECT_EQ(client().Get(asset_path("datacat://table/sales_dw/planted"))->status, 404);
  auto bulk = client().Post("/api/v1/assets:bulk?sync=true", bearer(intruder),
                            planted.dump() + "\n", "application/x-ndjson");
  EXPECT_EQ(bulk->status, 403) << bulk->body;
  EXPECT_EQ(client().Get(asset_path("datacat://table/sales_dw/planted"))->status, 404);
  // Nor moves one of its own tables in.
  json own = dataset("datacat://table/mkt/own", "own", "marketing-data");
  own["type"] = "table";
  ASSERT_EQ(put_asset("datacat://table/mkt/own", intruder, own.dump())->status, 201);
  auto moved =
      patch_asset("datacat://table/mkt/own", intruder, json({{"parent", kSalesDw}}).dump());
  EXPECT_EQ(moved->status, 403) << moved->body;

  // The dataset's own team still adds tables, and deletes its dataset with them.
  std::string sales = token("olga", "sales-analytics");
  ASSERT_EQ(put_asset("datacat://dataset/fresh", sales,
                      dataset("datacat://dataset/fresh", "fresh", "sales-analytics").dump())
                ->status,
            201);
  json ours = dataset("datacat://table/fresh/ours", "ours", "sales-analytics");
  ours["type"] = "table";
  ours["parent"] = "datacat://dataset/fresh";
  EXPECT_EQ(put_asset("datacat://table/fresh/ours", sales, ours.dump())->status, 201);
  planted["uri"] = "datacat://table/fresh/planted";
  planted["parent"] = "datacat://dataset/fresh";
  EXPECT_EQ(put_asset("datacat://table/fresh/planted", intruder, planted.dump())->status, 403);
  auto deleted =
      client().Delete(asset_path("datacat://dataset/fresh") + "?sync=true", bearer(sales));
  EXPECT_EQ(deleted->status, 200) << deleted->body;
  EXPECT_EQ(client().Get(asset_path("datacat://table/fresh/ours"))->status, 404);
}

TEST_F(HttpAttackTest, ASecondServerOnTheSameDataDirectorySaysItIsInUse) {
  // This process's server holds the data directory; a second one must refuse it.
  Outcome second = run_datacat("serve --data-dir " + data_dir() + " --port 0", data_dir());
  EXPECT_EQ(second.exit_code, 2) << second.err;  // 2: an error (operations.md)
  EXPECT_NE(second.err.find("in use by another datacat serve (pid " + std::to_string(::getpid())),
            std::string::npos)
      << second.err;
  EXPECT_EQ(client().Get("/healthz")->status, 200);
}

}  // namespace
}  // namespace datacat::testing
