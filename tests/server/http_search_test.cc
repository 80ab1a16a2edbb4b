// Search, suggest and facet-value routes over real HTTP.
#include <map>

#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

class HttpSearchTest : public ServerTest {};

TEST_F(HttpSearchTest, GetReturnsTheCliDocumentWithFiltersFromRepeatedParameters) {
  auto result = client().Get("/api/v1/search?q=customer&type=table&type=dashboard&per_page=5");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  json body = json_of(result);
  EXPECT_GT(body["total"].get<int>(), 0);
  EXPECT_TRUE(body["total_exact"].get<bool>());
  EXPECT_LE(body["hits"].size(), 5u);
  for (const auto& hit : body["hits"]) {
    EXPECT_TRUE(hit["type"] == "table" || hit["type"] == "dashboard") << hit["type"];
    for (const char* field : {"uri", "name", "label", "snippet", "tags", "topics", "terms", "owner",
                              "region", "classification", "updated", "score", "matched"})
      EXPECT_TRUE(hit.contains(field)) << field;
  }
  int selected = 0;
  for (const auto& value : body["facets"]["type"]) selected += value["selected"].get<bool>();
  EXPECT_EQ(selected, 2);
  EXPECT_TRUE(body.contains("took_ms"));
  EXPECT_TRUE(body.contains("corrected_query"));
}

TEST_F(HttpSearchTest, EveryHitSaysWhichColumnsMatchedAndByWhichWords) {
  auto result = client().Get("/api/v1/search?q=billing+address&per_page=100");
  ASSERT_EQ(result->status, 200) << result->body;
  json body = json_of(result);
  std::map<std::string, json> columns;
  for (const auto& hit : body["hits"]) {
    ASSERT_TRUE(hit["matched_columns"].is_array()) << hit.dump();
    columns[hit["uri"].get<std::string>()] = hit["matched_columns"];
    bool column_matched = false;
    for (const auto& field : hit["matched"]) column_matched = column_matched || field == "column";
    if (!column_matched) EXPECT_EQ(hit["matched_columns"], json::array()) << hit["uri"];
  }
  EXPECT_EQ(columns["datacat://table/sales_dw/orders"], json::parse(R"([
      {"name": "billing_address_id", "in": ["name"], "words": ["billing", "address"]},
      {"name": "shipping_address_id", "in": ["name"], "words": ["address"]}])"));
  // Its description "Unparsed address block" matched too.
  EXPECT_EQ(columns["datacat://table/sales_dw_staging/stg_customers_raw"], json::parse(R"([
      {"name": "billing_address_raw", "in": ["name", "description"],
       "words": ["billing", "address"]}])"));
}

TEST_F(HttpSearchTest, QueryParametersAreUrlDecoded) {
  auto result = client().Get("/api/v1/search?q=%22billing+addresses%22");
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_GT(json_of(result)["total"].get<int>(), 0);
}

TEST_F(HttpSearchTest, PostTakesTheSameRequestAsAJsonBody) {
  auto get = client().Get("/api/v1/search?q=orders&tags=pii&sort=name&per_page=3");
  json body = {
      {"q", "orders"}, {"filters", {{"tags", {"pii"}}}}, {"sort", "name"}, {"per_page", 3}};
  auto post = client().Post("/api/v1/search", body.dump(), "application/json");
  ASSERT_EQ(post->status, 200) << post->body;
  json a = json_of(get), b = json_of(post);
  EXPECT_EQ(a["total"], b["total"]);
  EXPECT_EQ(a["facets"], b["facets"]);
  ASSERT_EQ(a["hits"].size(), b["hits"].size());
  for (size_t i = 0; i < a["hits"].size(); ++i) EXPECT_EQ(a["hits"][i]["uri"], b["hits"][i]["uri"]);
}

TEST_F(HttpSearchTest, BadParametersAreJsonErrorsNamingTheField) {
  auto expect_field = [&](const std::string& path, const std::string& field) {
    auto result = client().Get(path);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << path;
    EXPECT_EQ(json_of(result)["error"]["code"], "invalid_argument") << path;
    EXPECT_EQ(json_of(result)["error"]["field"], field) << path << " " << result->body;
  };
  expect_field("/api/v1/search?per_page=500", "per_page");
  expect_field("/api/v1/search?page=two", "page");
  expect_field("/api/v1/search?page=1000&per_page=100", "page");
  expect_field("/api/v1/search?q=%22oops", "q");
  expect_field("/api/v1/search?q=" + std::string(3000, 'a'), "q");
  expect_field("/api/v1/search?q=%FF%FEbad", "q");
  expect_field("/api/v1/search?colour=red", "colour");
  expect_field("/api/v1/search?sort=size", "sort");
}

TEST_F(HttpSearchTest, BadPostBodiesNameTheField) {
  auto expect_field = [&](const std::string& body, const std::string& field) {
    auto result = client().Post("/api/v1/search", body, "application/json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << body;
    EXPECT_EQ(json_of(result)["error"]["field"], field) << body << " -> " << result->body;
  };
  expect_field("{\"q\": \"orders\"", "body");     // truncated
  expect_field("{\"q\": \"\xff\xfe\"}", "body");  // invalid UTF-8
  expect_field("[1, 2]", "body");                 // not an object
  expect_field("{\"q\": 3}", "q");
  expect_field("{\"filters\": {\"colour\": [\"red\"]}}", "filters.colour");
  expect_field("{\"filters\": {\"tags\": [\"pii\", 7]}}", "filters.tags[1]");
  expect_field("{\"per_page\": \"ten\"}", "per_page");
  expect_field("{\"size\": 10}", "size");
  expect_field("", "body");
}

TEST_F(HttpSearchTest, SuggestOffersAssetNamesForAPartialWord) {
  auto result = client().Get("/api/v1/suggest?q=custo");
  ASSERT_EQ(result->status, 200) << result->body;
  json body = json_of(result);
  int assets = 0;
  for (const auto& s : body["suggestions"]) {
    if (s["kind"] != "asset") continue;
    ++assets;
    std::string text = s["text"].get<std::string>() + " " + s["name"].get<std::string>();
    std::string lower;
    for (char c : text) lower.push_back(static_cast<char>(std::tolower(c)));
    EXPECT_NE(lower.find("custo"), std::string::npos) << text;
    EXPECT_EQ(client().Get(asset_path(s["uri"]))->status, 200);
  }
  EXPECT_GT(assets, 2) << body.dump();
  EXPECT_LE(body["suggestions"].size(), 8u + 16u);  // assets, then tags and topics
  EXPECT_EQ(json_of(client().Get("/api/v1/suggest?q="))["suggestions"].size(), 0u);
  EXPECT_EQ(client().Get("/api/v1/suggest?q=a&limit=0")->status, 400);
}

TEST_F(HttpSearchTest, SuggestOffersTagsAndTopicsWithCounts) {
  auto expect_kind = [&](const std::string& q, const std::string& kind, const std::string& text) {
    json body = json_of(client().Get("/api/v1/suggest?q=" + q));
    bool found = false;
    for (const auto& s : body["suggestions"]) {
      if (s["kind"] == kind && s["text"] == text) {
        found = true;
        EXPECT_GT(s["count"].get<int>(), 0);
      }
    }
    EXPECT_TRUE(found) << q << " -> " << body.dump();
  };
  expect_kind("gdp", "tag", "gdpr");
  expect_kind("GDP", "tag", "gdpr");  // case-insensitive
  expect_kind("custo", "topic", "Customer");
}

TEST_F(HttpSearchTest, FacetValueSearchMatchesWordStartsWithCounts) {
  auto all = json_of(client().Get("/api/v1/facets/tags?limit=100"));
  ASSERT_GT(all["values"].size(), 3u);
  std::string some = all["values"][0]["value"];
  auto result = client().Get("/api/v1/facets/tags?prefix=" + some.substr(0, 2));
  ASSERT_EQ(result->status, 200) << result->body;
  bool found = false;
  json values = json_of(result);
  for (const auto& v : values["values"]) {
    found = found || v["value"] == some;
    EXPECT_GT(v["count"].get<int>(), 0);
  }
  EXPECT_TRUE(found);
  // The counts are the catalog's: the same as an unfiltered search's facet counts.
  auto search = json_of(client().Get("/api/v1/search?facet_size=100"));
  for (const auto& v : search["facets"]["tags"]) {
    if (v["value"] == some) {
      EXPECT_EQ(v["count"], all["values"][0]["count"]);
    }
  }
  EXPECT_EQ(client().Get("/api/v1/facets/colour")->status, 404);
}

}  // namespace
}  // namespace datacat::testing

namespace datacat::testing {
namespace {

class HttpSearchCacheTest : public ServerTest {};

TEST_F(HttpSearchCacheTest, RepeatedSearchesAreServedFromTheCacheUntilTheIndexChanges) {
  std::string path = "/api/v1/search?q=zebra_probe";
  EXPECT_EQ(json_of(client().Get(path))["total"], 0);
  EXPECT_EQ(json_of(client().Get(path))["total"], 0);
  std::string metrics = client().Get("/metrics")->body;
  EXPECT_NE(metrics.find("datacat_search_cache_hits_total 1\n"), std::string::npos) << metrics;
  // A write makes the cached answer unreachable: the next search sees the new asset.
  std::string admin = token("root", "", true);
  ASSERT_EQ(
      client()
          .Put(asset_path("datacat://dataset/zebra") + "?sync=true", bearer(admin),
               dataset("datacat://dataset/zebra", "zebra_probe", "x").dump(), "application/json")
          ->status,
      201);
  EXPECT_EQ(json_of(client().Get(path))["total"], 1);
}

}  // namespace
}  // namespace datacat::testing
