// POST /api/v1/assets:bulk?format=glue over real HTTP: Glue exports imported and found
// by table name, column name and classification tag; rights; prune; bad input.
#include <fstream>
#include <sstream>

#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(DATACAT_SOURCE_DIR) + "/tests/fixtures/glue/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class HttpGlueTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    olga_ = token("olga", "sales-analytics");
  }
  httplib::Result load(const std::string& query, const std::string& body, const std::string& who) {
    return client().Post("/api/v1/assets:bulk?format=glue&sync=true" + query, bearer(who), body,
                         "application/json");
  }
  std::vector<std::string> search(const std::string& query) {
    json result = json_of(client().Get("/api/v1/search?per_page=50&" + query));
    std::vector<std::string> uris;
    for (const auto& hit : result["hits"]) uris.push_back(hit["uri"]);
    return uris;
  }
  std::string olga_;
};

TEST_F(HttpGlueTest, AnExportIsFoundByTableColumnAndClassification) {
  std::string body = fixture("databases.json") + fixture("tables-sales.json");
  auto loaded = load("&owner=sales-analytics", body, olga_);
  ASSERT_EQ(loaded->status, 200) << loaded->body;
  json report = json_of(loaded);
  EXPECT_EQ(report["created"], 5);
  EXPECT_EQ(report["lines"], 5);
  EXPECT_EQ(search("q=big_spenders"),
            std::vector<std::string>{"glue:123456789012:sales/big_spenders"});
  // The sample catalog has addresses too; the Glue table's column name ranks first.
  EXPECT_EQ(search("q=shipping_address").at(0), "glue:123456789012:sales/orders");
  EXPECT_EQ(search("tags=csv"), std::vector<std::string>{"glue:123456789012:sales/payments"});
  json orders = json_of(client().Get(asset_path("glue:123456789012:sales/orders")));
  EXPECT_EQ(orders["columns"][3]["name"], "order_date");
  EXPECT_EQ(orders["columns"][3]["partition_key"], true);
  EXPECT_EQ(orders["parent"], "glue:123456789012:sales");
}

TEST_F(HttpGlueTest, CreatingNeedsOwnershipAndPruningNeedsDeleteRights) {
  std::string body = fixture("databases.json") + fixture("tables-sales.json");
  EXPECT_EQ(load("&owner=sales-analytics", body, token("otto", "marketing-data"))->status, 403);
  EXPECT_EQ(load("", body, olga_)->status, 403);  // no owner: only admins may create
  EXPECT_EQ(
      client()
          .Post("/api/v1/assets:bulk?format=glue&owner=sales-analytics", body, "application/json")
          ->status,
      401);
  EXPECT_TRUE(search("q=big_spenders").empty());
  ASSERT_EQ(load("&owner=sales-analytics", body, olga_)->status, 200);
  std::string fewer = fixture("tables-sales.json");
  fewer = fewer.substr(0, fewer.find("\n{"));  // the first page only: orders
  EXPECT_EQ(load("&prune=true", fewer, token("otto", "marketing-data"))->status, 403);
  auto pruned = load("&prune=true", fewer, olga_);
  ASSERT_EQ(pruned->status, 200) << pruned->body;
  EXPECT_EQ(json_of(pruned)["deleted"], 2);
  EXPECT_TRUE(search("q=big_spenders").empty());
  EXPECT_EQ(search("q=shipping_address").at(0), "glue:123456789012:sales/orders");
}

TEST_F(HttpGlueTest, BadExportsAreRefusedNamingTheFieldAndWriteNothing) {
  struct Case {
    std::string query;
    std::string body;
    std::string field;
  };
  std::vector<Case> cases = {
      {"&owner=sales-analytics", R"({"Tables": []})", "line 1"},
      {"&owner=sales-analytics",
       fixture("databases.json") + R"({"TableList": [{"DatabaseName": "sales"}]})", "line 28"},
      {"&catalog_field=account", "{}", "catalog_field"},
      {"&best_effort=true&prune=true", "{}", "prune"},
  };
  for (const Case& c : cases) {
    auto result = load(c.query, c.body, olga_);
    ASSERT_EQ(result->status, 400) << c.body << " -> " << result->body;
    EXPECT_EQ(json_of(result)["error"]["field"], c.field) << result->body;
  }
  json errors = json_of(load("&owner=sales-analytics",
                             R"({"TableList": [{"Name": "t", "DatabaseName": "sales",)"
                             R"( "CatalogId": "1", "StorageDescriptor": {"Columns": 5}}]})",
                             olga_))["errors"];
  EXPECT_EQ(errors[0]["field"], "TableList[0].StorageDescriptor.Columns");
  EXPECT_EQ(client()
                .Post("/api/v1/assets:bulk?prune=true&sync=true", bearer(olga_), "{}",
                      "application/x-ndjson")
                ->status,
            400);  // prune is for Glue only
  EXPECT_TRUE(search("q=sales&type=dataset").empty() ||
              search("q=sales&type=dataset")[0].rfind("glue:", 0) != 0);
  EXPECT_EQ(client().Get(asset_path("glue:123456789012:sales"))->status, 404);
}

}  // namespace
}  // namespace datacat::testing
