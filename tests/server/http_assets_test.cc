// Asset routes over real HTTP: read, create, replace, patch, delete with ETag/If-Match,
// listing with a cursor, and bulk NDJSON (atomic and best-effort).
#include <set>

#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

constexpr const char* kSales = "datacat://dataset/sales_dw";
constexpr const char* kOrders = "datacat://table/sales_dw/orders";

class HttpAssetsTest : public ServerTest {
 protected:
  static int search_total(const std::string& query) {
    return json_of(client().Get("/api/v1/search?q=" + query))["total"].get<int>();
  }
};

TEST_F(HttpAssetsTest, GetReturnsTheStoredAssetWithItsVersionAsETag) {
  auto result = client().Get(asset_path(kOrders));
  ASSERT_EQ(result->status, 200) << result->body;
  json asset = json_of(result);
  EXPECT_EQ(asset["uri"], kOrders);
  EXPECT_EQ(result->get_header_value("ETag"),
            "\"" + std::to_string(asset["version"].get<int>()) + "\"");
  EXPECT_FALSE(asset.contains("owner"));  // inherited, not stored on the table
  json resolved = json_of(client().Get(asset_path(kOrders) + "?resolved=true"));
  EXPECT_EQ(resolved["owner"], "sales-analytics");
  EXPECT_EQ(client().Get(asset_path("datacat://nothing"))->status, 404);
  auto unchanged =
      client().Get(asset_path(kOrders), {{"If-None-Match", result->get_header_value("ETag")}});
  EXPECT_EQ(unchanged->status, 304);
}

TEST_F(HttpAssetsTest, PutCreatesThenReplacesAndTheChangeIsSearchable) {
  std::string owner = token("olga", "sales-analytics");
  json table = {{"type", "table"},
                {"name", "zebra_crossings"},
                {"parent", kSales},
                {"columns", {{{"name", "stripe_count"}, {"type", "int"}}}}};
  std::string uri = "datacat://table/sales_dw/zebra crossings";
  auto created =
      client().Put(asset_path(uri) + "?sync=true", bearer(owner), table.dump(), "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(created->get_header_value("ETag"), "\"1\"");
  // (cpp-httplib hands Location back decoded.)
  EXPECT_EQ(created->get_header_value("Location"), "/api/v1/assets/" + uri);
  EXPECT_EQ(json_of(created)["uri"], uri);
  EXPECT_EQ(search_total("zebra"), 1);
  EXPECT_EQ(search_total("stripe_count"), 1);

  table["description"] = "Where pedestrians cross";
  auto replaced =
      client().Put(asset_path(uri) + "?sync=true", bearer(owner), table.dump(), "application/json");
  ASSERT_EQ(replaced->status, 200) << replaced->body;
  EXPECT_EQ(replaced->get_header_value("ETag"), "\"2\"");
  EXPECT_EQ(search_total("pedestrians"), 1);
}

TEST_F(HttpAssetsTest, StaleIfMatchIs412AndChangesNothing) {
  std::string owner = token("olga", "sales-analytics");
  auto before = client().Get(asset_path(kSales));
  std::string etag = before->get_header_value("ETag");
  json patch = {{"description", "first edit"}};
  auto first =
      client().Patch(asset_path(kSales), {{"Authorization", "Bearer " + owner}, {"If-Match", etag}},
                     patch.dump(), "application/merge-patch+json");
  ASSERT_EQ(first->status, 200) << first->body;
  std::string new_etag = first->get_header_value("ETag");
  EXPECT_NE(new_etag, etag);
  // A second writer still holding the old ETag is refused.
  json stale_patch = {{"description", "second edit"}};
  auto stale =
      client().Patch(asset_path(kSales), {{"Authorization", "Bearer " + owner}, {"If-Match", etag}},
                     stale_patch.dump(), "application/json");
  EXPECT_EQ(stale->status, 412) << stale->body;
  EXPECT_EQ(json_of(stale)["error"]["code"], "failed_precondition");
  auto stale_put =
      client().Put(asset_path(kSales), {{"Authorization", "Bearer " + owner}, {"If-Match", etag}},
                   dataset(kSales, "sales_dw", "sales-analytics").dump(), "application/json");
  EXPECT_EQ(stale_put->status, 412);
  auto stale_delete = client().Delete(asset_path(kSales),
                                      {{"Authorization", "Bearer " + owner}, {"If-Match", etag}});
  EXPECT_EQ(stale_delete->status, 412);
  auto now = json_of(client().Get(asset_path(kSales)));
  EXPECT_EQ(now["description"], "first edit");
  EXPECT_EQ("\"" + std::to_string(now["version"].get<int>()) + "\"", new_etag);
  // If-None-Match: * refuses to overwrite an existing asset.
  auto create_only = client().Put(
      asset_path(kSales), {{"Authorization", "Bearer " + owner}, {"If-None-Match", "*"}},
      dataset(kSales, "x", "sales-analytics").dump(), "application/json");
  EXPECT_EQ(create_only->status, 412);
  auto bad_etag = client().Put(asset_path(kSales),
                               {{"Authorization", "Bearer " + owner}, {"If-Match", "yesterday"}},
                               dataset(kSales, "x", "sales-analytics").dump(), "application/json");
  EXPECT_EQ(bad_etag->status, 400);
  EXPECT_EQ(json_of(bad_etag)["error"]["field"], "If-Match");
}

TEST_F(HttpAssetsTest, PatchMergesAndNullRemovesAField) {
  std::string owner = token("olga", "sales-analytics");
  auto before = json_of(client().Get(asset_path(kOrders)));
  ASSERT_TRUE(before.contains("tags")) << before.dump();
  json patch = {{"tags", nullptr}, {"label", "All the orders"}};
  auto result =
      client().Patch(asset_path(kOrders), bearer(owner), patch.dump(), "application/json");
  ASSERT_EQ(result->status, 200) << result->body;
  json after = json_of(result);
  EXPECT_FALSE(after.contains("tags"));
  EXPECT_EQ(after["label"], "All the orders");
  EXPECT_EQ(after["columns"], before["columns"]);  // untouched fields stay
  EXPECT_EQ(after["version"].get<int>(), before["version"].get<int>() + 1);
  auto missing =
      client().Patch(asset_path("datacat://nothing"), bearer(owner), "{}", "application/json");
  EXPECT_EQ(missing->status, 404);
  auto bad =
      client().Patch(asset_path(kOrders), bearer(owner), R"({"type": "cube"})", "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json_of(bad)["error"]["field"], "type");
}

TEST_F(HttpAssetsTest, BadAssetBodiesAre400NamingTheFieldAndWriteNothing) {
  std::string owner = token("olga", "sales-analytics");
  std::string uri = "datacat://dataset/bad";
  auto expect_field = [&](const std::string& body, const std::string& field) {
    auto result = client().Put(asset_path(uri), bearer(owner), body, "application/json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << body;
    EXPECT_EQ(json_of(result)["error"]["field"], field) << body << " -> " << result->body;
  };
  expect_field(R"({"type": "dataset", "name": "x", "owner": "sales-analytics", "colour": 1})",
               "colour");
  expect_field(R"({"type": "dataset", "owner": "sales-analytics"})", "name");
  expect_field(R"({"type": "dataset", "name": 5, "owner": "sales-analytics"})", "name");
  expect_field(R"({"type": "table", "name": "t", "parent": "datacat://none"})", "parent");
  expect_field(R"({"uri": "datacat://other", "type": "dataset", "name": "x"})", "uri");
  expect_field("{\"type\": \"dataset\", \"name\": \"\xc3\x28\"}", "body");
  expect_field(R"({"type": "dataset", "name": "x")", "body");
  // A number out of double's range (found by tests/fuzz: it was a 500).
  expect_field(R"({"type": "dataset", "name": "x", "version": 1E400})", "body");
  expect_field("", "body");
  EXPECT_EQ(client().Get(asset_path(uri))->status, 404);
}

TEST_F(HttpAssetsTest, DeleteRemovesADatasetWithItsTablesFromTheIndex) {
  // sales_dw holds dim_sales_rep, owned by hr-systems: deleting both needs both teams.
  std::string owner = token("olga", "sales-analytics,hr-systems");
  auto in_sales = [&](const std::string& query) {
    int found = 0;
    json result = json_of(client().Get("/api/v1/search?per_page=100&q=" + query));
    for (const auto& hit : result["hits"])
      found += hit["uri"].get<std::string>().rfind("datacat://table/sales_dw/", 0) == 0;
    return found;
  };
  ASSERT_GT(in_sales("fact_line_item"), 0);
  auto result = client().Delete(asset_path(kSales) + "?sync=true", bearer(owner));
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_GT(json_of(result)["deleted"].get<int>(), 1);
  EXPECT_EQ(client().Get(asset_path(kOrders))->status, 404);
  EXPECT_EQ(in_sales("fact_line_item"), 0);
  EXPECT_EQ(in_sales("orders"), 0);
  EXPECT_EQ(client().Delete(asset_path(kSales), bearer(owner))->status, 404);
}

TEST_F(HttpAssetsTest, ListingPagesThroughEveryAssetOnceWithACursor) {
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  for (;;) {
    std::string path = "/api/v1/assets?limit=40";
    if (!cursor.empty()) path += "&cursor=" + server::url_encode(cursor);
    json page = json_of(client().Get(path));
    ASSERT_TRUE(page.contains("assets")) << page.dump();
    ++pages;
    for (const auto& asset : page["assets"]) EXPECT_TRUE(seen.insert(asset["uri"]).second);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(seen.size(), sample_assets_resolved().size());
  EXPECT_EQ(pages, static_cast<int>((seen.size() + 39) / 40));
  json tables = json_of(
      client().Get(std::string("/api/v1/assets?limit=100&parent=") + server::url_encode(kSales)));
  ASSERT_GT(tables["assets"].size(), 0u);
  for (const auto& t : tables["assets"]) EXPECT_EQ(t["parent"], kSales);
  json dashboards = json_of(client().Get("/api/v1/assets?type=dashboard&limit=100"));
  for (const auto& d : dashboards["assets"]) EXPECT_EQ(d["type"], "dashboard");
  EXPECT_EQ(client().Get("/api/v1/assets?limit=1000")->status, 400);
  EXPECT_EQ(client().Get("/api/v1/assets?type=cube")->status, 400);
}

std::string ndjson(const std::vector<json>& lines) {
  std::string out;
  for (const json& line : lines) out += line.dump() + "\n";
  return out;
}

TEST_F(HttpAssetsTest, BulkIsAllOrNothingAndReportsEveryBadLine) {
  std::string owner = token("olga", "sales-analytics");
  std::string body = ndjson({dataset("datacat://dataset/bulk_a", "bulk_a", "sales-analytics"),
                             json{{"uri", "datacat://dataset/bulk_b"}, {"type", "dataset"}},
                             dataset("datacat://dataset/bulk_c", "bulk_c", "sales-analytics")}) +
                     "{not json\n";
  auto result = client().Post("/api/v1/assets:bulk", bearer(owner), body, "application/x-ndjson");
  ASSERT_EQ(result->status, 400) << result->body;
  json report = json_of(result);
  EXPECT_FALSE(report["written"].get<bool>());
  ASSERT_EQ(report["errors"].size(), 2u);
  EXPECT_EQ(report["errors"][0]["line"], 2);
  EXPECT_EQ(report["errors"][0]["field"], "name");
  EXPECT_EQ(report["errors"][1]["line"], 4);
  EXPECT_EQ(report["error"]["field"], "line 2");
  EXPECT_EQ(client().Get(asset_path("datacat://dataset/bulk_a"))->status, 404);
  EXPECT_EQ(client().Get(asset_path("datacat://dataset/bulk_c"))->status, 404);
}

TEST_F(HttpAssetsTest, BulkBestEffortWritesTheGoodLines) {
  std::string owner = token("olga", "sales-analytics");
  std::string body = ndjson({dataset("datacat://dataset/bulk_a", "bulk_a", "sales-analytics"),
                             json{{"uri", "datacat://dataset/bulk_b"}, {"type", "dataset"}},
                             json{{"uri", "datacat://table/bulk_a/t"},
                                  {"type", "table"},
                                  {"name", "bulk_tee"},
                                  {"parent", "datacat://dataset/bulk_a"}}});
  auto result = client().Post("/api/v1/assets:bulk?best_effort=true&sync=true", bearer(owner), body,
                              "application/x-ndjson");
  ASSERT_EQ(result->status, 200) << result->body;
  json report = json_of(result);
  EXPECT_TRUE(report["written"].get<bool>());
  EXPECT_EQ(report["created"], 2);
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_EQ(report["errors"][0]["line"], 2);
  EXPECT_EQ(client().Get(asset_path("datacat://table/bulk_a/t"))->status, 200);
  EXPECT_EQ(search_total("bulk_tee"), 1);
}

TEST_F(HttpAssetsTest, BulkRefusesLinesTheCallerMayNotWrite) {
  std::string owner = token("olga", "sales-analytics");
  std::string body =
      ndjson({dataset("datacat://dataset/mine", "mine", "sales-analytics"),
              dataset("datacat://dataset/theirs", "theirs", "hr-systems"),
              json{{"uri", kOrders}, {"type", "table"}, {"name", "orders"}, {"parent", kSales}},
              json{{"uri", "datacat://dataset/hr_core"},
                   {"type", "dataset"},
                   {"name", "taken"},
                   {"owner", "sales-analytics"}}});
  auto result = client().Post("/api/v1/assets:bulk", bearer(owner), body, "application/x-ndjson");
  ASSERT_EQ(result->status, 403) << result->body;
  json report = json_of(result);
  EXPECT_EQ(report["error"]["code"], "permission_denied");
  std::vector<int> lines;
  for (const auto& e : report["errors"]) {
    EXPECT_EQ(e["code"], "permission_denied");
    lines.push_back(e["line"]);
  }
  // Line 2 gives a new dataset to another team; line 4 takes over hr-systems' dataset.
  EXPECT_EQ(lines, (std::vector<int>{2, 4}));
  EXPECT_EQ(json_of(client().Get(asset_path("datacat://dataset/hr_core")))["owner"], "hr-systems");
  EXPECT_EQ(client().Get(asset_path("datacat://dataset/mine"))->status, 404);
}

}  // namespace
}  // namespace datacat::testing
