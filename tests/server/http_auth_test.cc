// Who may read and write: bearer tokens (valid, unknown, malformed, revoked), the owner,
// steward and admin rules for every write route, SSO headers from trusted proxies only,
// and anonymous read as a switch.
#include "server/token_store.h"
#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

constexpr const char* kSales = "datacat://dataset/sales_dw";        // owner sales-analytics
constexpr const char* kOrders = "datacat://table/sales_dw/orders";  // inherits it

class HttpAuthTest : public ServerTest {
 protected:
  // The status of each write route on `kSales`/`kOrders`-style assets for `headers`.
  struct Outcomes {
    int put_new, put_existing, patch, remove, bulk;
  };
  Outcomes try_every_write(const httplib::Headers& headers, const std::string& suffix) {
    std::string fresh = "datacat://dataset/fresh_" + suffix;
    Outcomes o{};
    o.put_new = client()
                    .Put(asset_path(fresh), headers,
                         dataset(fresh, "fresh", "sales-analytics").dump(), "application/json")
                    ->status;
    json orders = json_of(client().Get(asset_path(kOrders)));
    orders["description"] = "edited by " + suffix;
    o.put_existing =
        client().Put(asset_path(kOrders), headers, orders.dump(), "application/json")->status;
    o.patch =
        client()
            .Patch(asset_path(kSales), headers, R"({"label": "Sales DW"})", "application/json")
            ->status;
    o.bulk =
        client()
            .Post("/api/v1/assets:bulk", headers,
                  dataset("datacat://dataset/bulk_" + suffix, "b", "sales-analytics").dump() + "\n",
                  "application/x-ndjson")
            ->status;
    o.remove = client().Delete(asset_path(kOrders), headers)->status;
    return o;
  }
};

TEST_F(HttpAuthTest, AnonymousCallersMayReadButNotWrite) {
  EXPECT_EQ(client().Get("/api/v1/search?q=orders")->status, 200);
  Outcomes o = try_every_write({}, "anon");
  EXPECT_EQ(o.put_new, 401);
  EXPECT_EQ(o.put_existing, 401);
  EXPECT_EQ(o.patch, 401);
  EXPECT_EQ(o.bulk, 401);
  EXPECT_EQ(o.remove, 401);
  EXPECT_EQ(client().Get(asset_path(kOrders))->status, 200);
}

TEST_F(HttpAuthTest, AnotherTeamIsDeniedEveryWrite) {
  Outcomes o = try_every_write(bearer(token("harry", "hr-systems")), "hr");
  EXPECT_EQ(o.put_new, 403);
  EXPECT_EQ(o.put_existing, 403);
  EXPECT_EQ(o.patch, 403);
  EXPECT_EQ(o.bulk, 403);
  EXPECT_EQ(o.remove, 403);
  auto denied = client().Patch(asset_path(kSales), bearer(token("harry", "hr-systems")),
                               R"({"label": "x"})", "application/json");
  EXPECT_EQ(json_of(denied)["error"]["code"], "permission_denied");
  EXPECT_EQ(json_of(client().Get(asset_path(kSales))).value("label", ""), "Sales data warehouse");
}

TEST_F(HttpAuthTest, TheOwnerTeamMayMakeEveryWrite) {
  Outcomes o = try_every_write(bearer(token("olga", "sales-analytics")), "owner");
  EXPECT_EQ(o.put_new, 201);
  EXPECT_EQ(o.put_existing, 200);
  EXPECT_EQ(o.patch, 200);
  EXPECT_EQ(o.bulk, 200);
  EXPECT_EQ(o.remove, 200);
}

TEST_F(HttpAuthTest, AdminsByTokenOrByGroupMayWriteAnything) {
  Outcomes by_flag = try_every_write(bearer(token("root", "", true)), "flag");
  EXPECT_EQ(by_flag.put_new, 201);
  EXPECT_EQ(by_flag.patch, 200);
  EXPECT_EQ(by_flag.remove, 200);
  std::string hr_dataset = "datacat://dataset/hr_core";
  auto by_group = client().Patch(asset_path(hr_dataset), bearer(token("ada", "DAAdministrators")),
                                 R"({"label": "HR"})", "application/json");
  EXPECT_EQ(by_group->status, 200) << by_group->body;
}

TEST_F(HttpAuthTest, StewardTeamsMayEditTheirAssets) {
  // A dataset stewarded by data-governance: its stewards may edit it and its tables.
  std::string admin = token("root", "", true);
  json governed = dataset("datacat://dataset/governed", "governed", "sales-analytics");
  governed["stewards"] = {"data-governance"};
  ASSERT_EQ(put_asset("datacat://dataset/governed", admin, governed.dump())->status, 201);
  json table = {{"type", "table"}, {"name", "t"}, {"parent", "datacat://dataset/governed"}};
  ASSERT_EQ(put_asset("datacat://table/governed/t", admin, table.dump())->status, 201);
  std::string steward = token("stella", "data-governance");
  EXPECT_EQ(patch_asset("datacat://dataset/governed", steward, R"({"label": "Governed"})")->status,
            200);
  EXPECT_EQ(patch_asset("datacat://table/governed/t", steward, R"({"label": "T"})")->status, 200);
  EXPECT_EQ(patch_asset(kSales, steward, R"({"label": "no"})")->status, 403);
}

TEST_F(HttpAuthTest, GivingAnAssetAwayNeedsRightsOnBothTeams) {
  std::string owner = token("olga", "sales-analytics");
  auto give = patch_asset(kSales, owner, R"({"owner": "hr-systems"})");
  EXPECT_EQ(give->status, 403) << give->body;
  std::string both = token("bo", "sales-analytics,hr-systems");
  EXPECT_EQ(patch_asset(kSales, both, R"({"owner": "hr-systems"})")->status, 200);
}

TEST_F(HttpAuthTest, BadUnknownAndRevokedTokensAre401EvenForReads) {
  std::string good = token("olga", "sales-analytics");
  auto store = server::TokenStore::open(indexer::DataDir(data_dir()).catalog_path());
  ASSERT_TRUE(store.is_ok());
  for (const std::string& bad :
       {std::string("nonsense"), std::string("dct_1_") + std::string(43, 'A'), good + "x"}) {
    auto result = client().Get("/api/v1/search?q=orders", bearer(bad));
    EXPECT_EQ(result->status, 401) << bad;
    EXPECT_EQ(json_of(result)["error"]["code"], "unauthenticated");
    EXPECT_EQ(result->get_header_value("WWW-Authenticate"), "Bearer");
  }
  auto basic = client().Get("/api/v1/search?q=orders", {{"Authorization", "Basic b2xnYTpw"}});
  EXPECT_EQ(basic->status, 401);
  EXPECT_EQ(client().Get("/api/v1/search?q=orders", bearer(good))->status, 200);
  auto listed = (*store)->list();
  ASSERT_TRUE(listed.is_ok());
  ASSERT_TRUE((*store)->revoke(listed->back().id).is_ok());
  EXPECT_EQ(client().Get("/api/v1/search?q=orders", bearer(good))->status, 401);
  EXPECT_EQ(patch_asset(kSales, good, R"({"label": "x"})")->status, 401);
}

class HttpClosedAuthTest : public ServerTest {
 protected:
  void SetUp() override {
    start([](server::Config& config) {
      config.auth.anonymous_read = false;
      config.auth.trusted_proxies = {"127.0.0.1"};
      config.auth.user_header = "X-Auth-User";
      config.auth.groups_header = "X-Auth-Groups";
    });
  }
};

TEST_F(HttpClosedAuthTest, AnonymousReadOffRefusesCatalogReadsButNotHealth) {
  EXPECT_EQ(client().Get("/api/v1/search?q=orders")->status, 401);
  EXPECT_EQ(client().Get(asset_path(kOrders))->status, 401);
  EXPECT_EQ(client().Get("/api/v1/suggest?q=ord")->status, 401);
  EXPECT_EQ(client().Get("/healthz")->status, 200);
  EXPECT_EQ(client().Get("/readyz")->status, 200);
  EXPECT_EQ(client().Get("/api/v1/search?q=orders", bearer(token("u", "g")))->status, 200);
}

TEST_F(HttpClosedAuthTest, SsoHeadersFromATrustedProxyIdentifyTheCaller) {
  httplib::Headers reader = {{"X-Auth-User", "ivy"}, {"X-Auth-Groups", "marketing-data"}};
  EXPECT_EQ(client().Get("/api/v1/search?q=orders", reader)->status, 200);
  auto r = client().Patch(asset_path(kSales), reader, R"({"label": "x"})", "application/json");
  EXPECT_EQ(r->status, 403) << r->body;
  httplib::Headers owner = {{"X-Auth-User", "olga"},
                            {"X-Auth-Groups", "marketing-data, sales-analytics"}};
  EXPECT_EQ(
      client().Patch(asset_path(kSales), owner, R"({"label": "SSO"})", "application/json")->status,
      200);
  httplib::Headers overlong = {{"X-Auth-User", std::string(300, 'u')}};
  EXPECT_EQ(client().Get("/api/v1/search?q=orders", overlong)->status, 401);
}

class HttpUntrustedProxyTest : public ServerTest {
 protected:
  void SetUp() override {
    start([](server::Config& config) { config.auth.trusted_proxies = {"10.0.0.7"}; });
  }
};

TEST_F(HttpUntrustedProxyTest, SsoHeadersFromOtherAddressesAreIgnored) {
  httplib::Headers forged = {{"X-Forwarded-User", "mallory"},
                             {"X-Forwarded-Groups", "DAAdministrators"}};
  auto result = client().Patch(asset_path(kSales), forged, R"({"label": "x"})", "application/json");
  EXPECT_EQ(result->status, 401) << result->body;
}

}  // namespace
}  // namespace datacat::testing

namespace datacat::testing {
namespace {

using nlohmann::json;

class HttpOwnershipTest : public ServerTest {};

// Regression: a steward list let a caller create an asset for another team, or take one.
TEST_F(HttpOwnershipTest, StewardsCannotGrantThemselvesAnotherTeamsAsset) {
  std::string olga = token("olga", "sales-analytics");
  json gift = dataset("datacat://dataset/gift", "gift", "hr-systems");
  gift["stewards"] = {"sales-analytics"};
  auto created = put_asset("datacat://dataset/gift", olga, gift.dump());
  EXPECT_EQ(created->status, 403) << created->body;
  EXPECT_EQ(client().Get(asset_path("datacat://dataset/gift"))->status, 404);
  // A steward of an existing asset may edit it, but not make itself the owner.
  std::string admin = token("root", "", true);
  json governed = dataset("datacat://dataset/governed", "governed", "hr-systems");
  governed["stewards"] = {"data-governance"};
  ASSERT_EQ(put_asset("datacat://dataset/governed", admin, governed.dump())->status, 201);
  std::string stella = token("stella", "data-governance");
  EXPECT_EQ(
      patch_asset("datacat://dataset/governed", stella, R"({"description": "curated"})")->status,
      200);
  EXPECT_EQ(
      patch_asset("datacat://dataset/governed", stella, R"({"owner": "data-governance"})")->status,
      403);
  EXPECT_EQ(patch_asset("datacat://dataset/governed", stella,
                        R"({"stewards": ["data-governance", "friends"]})")
                ->status,
            403);
  // A dataset's stewards may add tables to it.
  json table = {{"type", "table"}, {"name", "t"}, {"parent", "datacat://dataset/governed"}};
  EXPECT_EQ(put_asset("datacat://table/governed/t", stella, table.dump())->status, 201);
}

// Regression: best-effort bulk checked a child against its refused parent line, then
// wrote it under the catalog's asset of that uri (another team's dataset).
TEST_F(HttpOwnershipTest, BulkChildrenOfARefusedLineAreRefusedToo) {
  std::string olga = token("olga", "sales-analytics");
  std::string body = dataset("datacat://dataset/hr_core", "hr_core", "sales-analytics").dump() +
                     "\n" +
                     json{{"uri", "datacat://table/hr_core/sneaky"},
                          {"type", "table"},
                          {"name", "sneaky"},
                          {"parent", "datacat://dataset/hr_core"}}
                         .dump() +
                     "\n";
  auto result = client().Post("/api/v1/assets:bulk?best_effort=true", bearer(olga), body,
                              "application/x-ndjson");
  ASSERT_EQ(result->status, 200) << result->body;
  json report = json_of(result);
  ASSERT_EQ(report["errors"].size(), 2u) << report.dump();
  EXPECT_EQ(report["errors"][1]["line"], 2);
  EXPECT_EQ(report["errors"][1]["field"], "parent");
  EXPECT_EQ(client().Get(asset_path("datacat://table/hr_core/sneaky"))->status, 404);
}

// Regression: deleting a dataset took tables of other owners with it unchecked.
TEST_F(HttpOwnershipTest, DeletingADatasetNeedsRightsOnEveryTableItTakes) {
  std::string admin = token("root", "", true);
  json foreign = {{"type", "table"},
                  {"name", "foreign"},
                  {"owner", "hr-systems"},
                  {"parent", "datacat://dataset/sales_dw"}};
  auto put = put_asset("datacat://table/sales_dw/foreign", admin, foreign.dump());
  ASSERT_EQ(put->status, 201) << put->body;
  std::string olga = token("olga", "sales-analytics");
  auto refused = client().Delete(asset_path("datacat://dataset/sales_dw"), bearer(olga));
  EXPECT_EQ(refused->status, 403) << refused->body;
  EXPECT_NE(json_of(refused)["error"]["message"].get<std::string>().find("would delete it"),
            std::string::npos);
  EXPECT_EQ(client().Get(asset_path("datacat://dataset/sales_dw"))->status, 200);
  EXPECT_EQ(client().Delete(asset_path("datacat://dataset/sales_dw"), bearer(admin))->status, 200);
}

TEST_F(HttpOwnershipTest, EveryRefusalForMissingCredentialsInvitesABearerToken) {
  auto anonymous = client().Patch(asset_path("datacat://dataset/sales_dw"), R"({"label": "x"})",
                                  "application/json");
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(anonymous->get_header_value("WWW-Authenticate"), "Bearer");
  // Anonymous writes are refused before anything else is looked at.
  EXPECT_EQ(client().Patch(asset_path("datacat://nothing"), "{}", "application/json")->status, 401);
  EXPECT_EQ(client().Put(asset_path("datacat://x"), "not json", "application/json")->status, 401);
  EXPECT_EQ(client().Delete(asset_path("datacat://nothing"))->status, 401);
}

}  // namespace
}  // namespace datacat::testing
