// The glossary workflow over real HTTP: glossaries, categories and terms; proposing,
// approving, dismissing and removing links; who may do each; and the index following
// every change. The three data.all defects each have a regression test here.
#include <chrono>
#include <thread>

#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

constexpr const char* kOrders = "datacat://table/sales_dw/orders";  // owner sales-analytics

class HttpGlossaryTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    admin_ = token("root", "", true);
    manager_ = token("mia", "DAGlossaryManagers");
    fin_ = token("fay", "finance-glossary");    // the glossary's owner team
    fin2_ = token("finn", "finance-glossary");  // another member of it
    sales_ = token("olga", "sales-analytics");  // owns kOrders
    outsider_ = token("otto", "marketing-data");
    auto created =
        post("/api/v1/glossaries", manager_, {{"label", "Finance"}, {"owner", "finance-glossary"}});
    ASSERT_EQ(created->status, 201) << created->body;
    glossary_ = json_of(created)["id"];
    auto category = post(nodes_path(), fin_, {{"kind", "category"}, {"label", "Revenue"}});
    ASSERT_EQ(category->status, 201) << category->body;
    category_ = json_of(category)["id"];
    auto term = post(nodes_path(), fin_,
                     {{"kind", "term"},
                      {"label", "Annual recurring revenue"},
                      {"parent", category_},
                      {"synonyms", {"ARR", "quuxrevenue"}},
                      {"description", "Yearly value of subscriptions"}});
    ASSERT_EQ(term->status, 201) << term->body;
    term_ = json_of(term)["id"];
  }
  httplib::Result post(const std::string& path, const std::string& who, const json& body) {
    return client().Post(path, bearer(who), body.dump(), "application/json");
  }
  httplib::Result patch(const std::string& path, const std::string& who, const json& body) {
    return client().Patch(path, bearer(who), body.dump(), "application/json");
  }
  std::string nodes_path() const {
    return "/api/v1/glossaries/" + std::to_string(glossary_) + "/nodes";
  }
  std::string node_path(int64_t id) const { return "/api/v1/glossary-nodes/" + std::to_string(id); }
  int64_t propose(const std::string& who) {
    auto result = post("/api/v1/associations", who, {{"term", term_}, {"asset", kOrders}});
    EXPECT_EQ(result->status, 201) << result->body;
    return json_of(result)["id"];
  }
  httplib::Result decide(int64_t link, const char* verb, const std::string& who) {
    return client().Post("/api/v1/associations/" + std::to_string(link) + "/" + verb + "?sync=true",
                         bearer(who), "", "application/json");
  }
  std::vector<std::string> search(const std::string& query) {
    json result = json_of(client().Get("/api/v1/search?per_page=100&" + query));
    std::vector<std::string> uris;
    for (const auto& hit : result["hits"]) uris.push_back(hit["uri"]);
    return uris;
  }

  std::string admin_, manager_, fin_, fin2_, sales_, outsider_;
  int64_t glossary_ = 0, category_ = 0, term_ = 0;
};

TEST_F(HttpGlossaryTest, OnlyManagersCreateGlossariesAndOnlyOwnersEditThem) {
  EXPECT_EQ(
      post("/api/v1/glossaries", outsider_, {{"label", "X"}, {"owner", "marketing-data"}})->status,
      403);
  EXPECT_EQ(client()
                .Post("/api/v1/glossaries", R"({"label": "X", "owner": "y"})", "application/json")
                ->status,
            401);
  EXPECT_EQ(post("/api/v1/glossaries", admin_, {{"label", "HR"}, {"owner", "hr"}})->status, 201);
  EXPECT_EQ(post("/api/v1/glossaries", manager_, {{"label", "finance"}, {"owner", "x"}})->status,
            409);  // labels are unique, ignoring case
  EXPECT_EQ(post(nodes_path(), outsider_, {{"kind", "term"}, {"label", "Churn"}})->status, 403);
  EXPECT_EQ(post(nodes_path(), manager_, {{"kind", "term"}, {"label", "Churn"}})->status, 403);
  EXPECT_EQ(patch(node_path(term_), outsider_, {{"label", "ARR"}})->status, 403);
  EXPECT_EQ(client().Delete(node_path(term_), bearer(outsider_))->status, 403);
  std::string glossary_path = "/api/v1/glossaries/" + std::to_string(glossary_);
  EXPECT_EQ(patch(glossary_path, outsider_, {{"description", "mine now"}})->status, 403);
  EXPECT_EQ(patch(glossary_path, manager_, {{"owner", "marketing-data"}})->status, 403);
  EXPECT_EQ(client().Delete(glossary_path, bearer(outsider_))->status, 403);
  EXPECT_EQ(client().Delete(glossary_path, bearer(manager_))->status, 403);
  EXPECT_EQ(patch(glossary_path, fin2_, {{"description", "Our words"}})->status, 200);
  auto duplicate =
      post(nodes_path(), fin_, {{"kind", "term"}, {"label", "annual recurring revenue"}});
  EXPECT_EQ(duplicate->status, 409);
  EXPECT_EQ(json_of(duplicate)["error"]["field"], "label");
  auto bad = post(nodes_path(), fin_, {{"kind", "glossary"}, {"label", "Nested"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json_of(bad)["error"]["field"], "kind");
}

TEST_F(HttpGlossaryTest, TheTreeNestsAndMovesRefuseCycles) {
  auto sub = post(nodes_path(), fin_,
                  {{"kind", "category"}, {"label", "Recurring"}, {"parent", category_}});
  ASSERT_EQ(sub->status, 201);
  int64_t sub_id = json_of(sub)["id"];
  auto cycle = patch(node_path(category_), fin_, {{"parent", sub_id}});
  EXPECT_EQ(cycle->status, 400);
  EXPECT_EQ(json_of(cycle)["error"]["field"], "parent");
  ASSERT_EQ(patch(node_path(term_), fin_, {{"parent", sub_id}})->status, 200);
  json tree = json_of(client().Get("/api/v1/glossaries/" + std::to_string(glossary_) + "/tree"));
  EXPECT_EQ(tree["label"], "Finance");
  ASSERT_EQ(tree["children"].size(), 1u);
  EXPECT_EQ(tree["children"][0]["label"], "Revenue");
  EXPECT_EQ(tree["children"][0]["children"][0]["label"], "Recurring");
  EXPECT_EQ(tree["children"][0]["children"][0]["children"][0]["id"], term_);
}

TEST_F(HttpGlossaryTest, ProposeApproveAndTheAssetIsFoundByTermSynonymAndGlossaryFacet) {
  EXPECT_EQ(post("/api/v1/associations", outsider_, {{"term", term_}, {"asset", kOrders}})->status,
            403);  // may not edit the asset
  int64_t link = propose(sales_);
  EXPECT_TRUE(search("q=quuxrevenue").empty());  // pending links are not indexed
  auto approved = decide(link, "approve", fin_);
  ASSERT_EQ(approved->status, 200) << approved->body;
  EXPECT_EQ(json_of(approved)["status"], "approved");
  EXPECT_EQ(json_of(approved)["decided_by"], "fay");
  EXPECT_EQ(search("q=quuxrevenue"), std::vector<std::string>{kOrders});
  EXPECT_EQ(search("q=term:arr"), std::vector<std::string>{kOrders});
  EXPECT_EQ(search("glossary=" + std::to_string(category_)), std::vector<std::string>{kOrders});
  json hit = json_of(client().Get("/api/v1/search?q=quuxrevenue"))["hits"][0];
  ASSERT_EQ(hit["terms"].size(), 1u);
  EXPECT_EQ(hit["terms"][0]["label"], "Annual recurring revenue");
  json detail = json_of(client().Get("/api/v1/terms/" + std::to_string(term_)));
  ASSERT_EQ(detail["assets"].size(), 1u);
  EXPECT_EQ(detail["assets"][0]["uri"], kOrders);
  json asset_terms = json_of(client().Get(asset_path(kOrders) + "/terms"));
  ASSERT_EQ(asset_terms["associations"].size(), 1u);
  EXPECT_EQ(asset_terms["associations"][0]["status"], "approved");
}

// data.all defect (1): approval was checked against the term's creator. Here the glossary
// owner team decides: a member who did not create the term may approve; the proposer,
// the term's asset owner and a glossary manager outside the team may not.
TEST_F(HttpGlossaryTest, ApprovalIsDecidedByTheGlossaryOwnerTeamNotTheTermsCreator) {
  int64_t link = propose(sales_);
  EXPECT_EQ(decide(link, "approve", sales_)->status, 403);
  EXPECT_EQ(decide(link, "approve", manager_)->status, 403);
  EXPECT_EQ(decide(link, "dismiss", outsider_)->status, 403);
  EXPECT_EQ(
      client()
          .Post("/api/v1/associations/" + std::to_string(link) + "/approve", "", "application/json")
          ->status,
      401);
  EXPECT_EQ(decide(link, "approve", fin2_)->status, 200);  // fin_ created the term
  EXPECT_EQ(search("q=quuxrevenue"), std::vector<std::string>{kOrders});
}

// data.all defect (2): deleting a term left its links in the index and the asset's terms.
TEST_F(HttpGlossaryTest, DeletingATermRemovesItsLinksFromTheIndexAndTheAsset) {
  ASSERT_EQ(decide(propose(sales_), "approve", fin_)->status, 200);
  ASSERT_EQ(search("q=quuxrevenue").size(), 1u);
  auto deleted = client().Delete(node_path(term_) + "?sync=true", bearer(fin_));
  ASSERT_EQ(deleted->status, 200) << deleted->body;
  EXPECT_TRUE(search("q=quuxrevenue").empty());
  EXPECT_TRUE(search("glossary=" + std::to_string(category_)).empty());
  EXPECT_EQ(json_of(client().Get(asset_path(kOrders) + "/terms"))["associations"].size(), 0u);
  json hit = json_of(client().Get("/api/v1/search?q=name:orders&per_page=100"));
  for (const auto& h : hit["hits"]) EXPECT_EQ(h["terms"].size(), 0u) << h["uri"];
  EXPECT_EQ(client().Get("/api/v1/terms/" + std::to_string(term_))->status, 404);
}

// data.all defect (3): saving an asset's metadata again reset its approved links.
TEST_F(HttpGlossaryTest, SavingTheAssetAgainKeepsItsApprovedLinks) {
  ASSERT_EQ(decide(propose(sales_), "approve", fin_)->status, 200);
  auto got = client().Get(asset_path(kOrders));
  ASSERT_EQ(got->status, 200) << got->body;
  json asset = json_of(got);
  asset["description"] = "Saved again after the term was approved";
  std::string body = asset.dump();
  auto saved =
      client().Put(asset_path(kOrders) + "?sync=true", bearer(sales_), body, "application/json");
  ASSERT_EQ(saved->status, 200) << saved->body;
  json links = json_of(client().Get(asset_path(kOrders) + "/terms"));
  ASSERT_EQ(links["associations"].size(), 1u);
  EXPECT_EQ(links["associations"][0]["status"], "approved");
  EXPECT_EQ(search("q=quuxrevenue"), std::vector<std::string>{kOrders});
}

TEST_F(HttpGlossaryTest, RenamingAndDismissingUpdateTheIndexAndQueuesFilterByStatus) {
  int64_t link = propose(sales_);
  std::string queue = "/api/v1/glossaries/" + std::to_string(glossary_) + "/associations";
  EXPECT_EQ(json_of(client().Get(queue + "?status=pending"))["associations"].size(), 1u);
  ASSERT_EQ(decide(link, "approve", fin_)->status, 200);
  EXPECT_EQ(json_of(client().Get(queue + "?status=pending"))["associations"].size(), 0u);
  EXPECT_EQ(json_of(client().Get(queue + "?status=approved"))["associations"].size(), 1u);
  ASSERT_EQ(patch(node_path(term_) + "?sync=true", fin_, {{"synonyms", {"zzbookings"}}})->status,
            200);
  EXPECT_TRUE(search("q=quuxrevenue").empty());
  EXPECT_EQ(search("q=zzbookings"), std::vector<std::string>{kOrders});
  ASSERT_EQ(decide(link, "dismiss", fin_)->status, 200);
  EXPECT_TRUE(search("q=zzbookings").empty());
  EXPECT_EQ(json_of(client().Get(queue + "?status=dismissed"))["associations"].size(), 1u);
  EXPECT_EQ(client().Get(queue + "?status=maybe")->status, 400);
  auto removed = client().Delete("/api/v1/associations/" + std::to_string(link), bearer(outsider_));
  EXPECT_EQ(removed->status, 403);
  EXPECT_EQ(client().Delete("/api/v1/associations/" + std::to_string(link), bearer(sales_))->status,
            200);
  EXPECT_EQ(json_of(client().Get(queue))["associations"].size(), 0u);
  // The history outlives the link and names who did what.
  json history = json_of(client().Get("/api/v1/associations/" + std::to_string(link) + "/history"));
  EXPECT_TRUE(history["association"].is_null());
  std::vector<std::string> actions, actors;
  for (const auto& row : history["history"]) {
    actions.push_back(row["action"]);
    actors.push_back(row["actor"]);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"proposed", "approved", "dismissed", "removed"}));
  EXPECT_EQ(actors, (std::vector<std::string>{"olga", "fay", "fay", "olga"}));
  EXPECT_EQ(client().Get("/api/v1/associations/999999/history")->status, 404);
}

// The glossary facet is a tree: glossary, categories, terms, each labelled and counting
// the assets beneath it; picking a category selects everything under it.
TEST_F(HttpGlossaryTest, TheGlossaryFacetIsALabelledTreeWithCounts) {
  const std::string payments = "datacat://table/sales_dw/fact_payments";
  auto churn = post(nodes_path(), fin_, {{"kind", "term"}, {"label", "Churn"}});
  ASSERT_EQ(churn->status, 201);
  int64_t churn_id = json_of(churn)["id"];
  ASSERT_EQ(decide(propose(sales_), "approve", fin_)->status, 200);
  auto other = post("/api/v1/associations", sales_, {{"term", churn_id}, {"asset", payments}});
  ASSERT_EQ(other->status, 201);
  ASSERT_EQ(decide(json_of(other)["id"], "approve", fin_)->status, 200);
  auto facet_of = [&](const std::string& query) {
    return json_of(client().Get("/api/v1/search?facet_size=50&" + query))["facets"]["glossary"];
  };
  json tree = facet_of("");
  ASSERT_EQ(tree.size(), 1u) << tree.dump();
  EXPECT_EQ(tree[0]["value"], std::to_string(glossary_));
  EXPECT_EQ(tree[0]["label"], "Finance");
  EXPECT_EQ(tree[0]["kind"], "glossary");
  EXPECT_EQ(tree[0]["count"], 2);
  ASSERT_EQ(tree[0]["children"].size(), 2u) << tree.dump();
  // Equal counts: by label.
  EXPECT_EQ(tree[0]["children"][0]["label"], "Churn");
  EXPECT_EQ(tree[0]["children"][0]["kind"], "term");
  const json& revenue = tree[0]["children"][1];
  EXPECT_EQ(revenue["label"], "Revenue");
  EXPECT_EQ(revenue["count"], 1);
  ASSERT_EQ(revenue["children"].size(), 1u);
  EXPECT_EQ(revenue["children"][0]["value"], std::to_string(term_));
  EXPECT_EQ(revenue["children"][0]["label"], "Annual recurring revenue");
  EXPECT_EQ(revenue["children"][0]["count"], 1);

  json picked = facet_of("glossary=" + std::to_string(category_));
  EXPECT_EQ(search("glossary=" + std::to_string(category_)), std::vector<std::string>{kOrders});
  EXPECT_TRUE(picked[0]["children"][1]["selected"]) << picked.dump();
  EXPECT_EQ(search("glossary=" + std::to_string(glossary_)).size(), 2u);
  // A renamed category shows its new label at once (labels are read at answer time).
  ASSERT_EQ(patch(node_path(category_) + "?sync=true", fin_, {{"label", "Income"}})->status, 200);
  EXPECT_EQ(facet_of("")[0]["children"][1]["label"], "Income");
}

// Approve, rename and delete reach the index within a second without ?sync=true: the
// write wakes the index writer.
TEST_F(HttpGlossaryTest, TheIndexFollowsGlossaryWritesWithinASecond) {
  auto within_a_second = [&](const std::string& query, size_t expected) {
    auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) {
      if (search(query).size() == expected) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  int64_t link = propose(sales_);
  auto approved = client().Post("/api/v1/associations/" + std::to_string(link) + "/approve",
                                bearer(fin_), "", "application/json");
  ASSERT_EQ(approved->status, 200);
  EXPECT_TRUE(within_a_second("q=quuxrevenue", 1));
  ASSERT_EQ(patch(node_path(term_), fin_, {{"synonyms", {"zzbookings"}}})->status, 200);
  EXPECT_TRUE(within_a_second("q=zzbookings", 1));
  EXPECT_TRUE(within_a_second("q=quuxrevenue", 0));
  ASSERT_EQ(client().Delete(node_path(category_), bearer(fin_))->status, 200);
  EXPECT_TRUE(within_a_second("q=zzbookings", 0));
}

TEST_F(HttpGlossaryTest, GlossarySearchFindsTermsByLabelDescriptionAndSynonym) {
  for (const char* q : {"annual", "subscriptions", "quuxrev"}) {
    json found = json_of(client().Get(std::string("/api/v1/glossary-search?q=") + q));
    ASSERT_EQ(found["terms"].size(), 1u) << q;
    EXPECT_EQ(found["terms"][0]["id"], term_);
  }
  EXPECT_EQ(json_of(client().Get("/api/v1/glossary-search?q=nothingatall"))["terms"].size(), 0u);
}

TEST_F(HttpGlossaryTest, TypeaheadSuggestsTermsByLabelOrSynonym) {
  for (const char* q : {"annual%20rec", "ANNUAL", "quuxrev"}) {
    json body = json_of(client().Get(std::string("/api/v1/suggest?q=") + q));
    bool found = false;
    for (const auto& s : body["suggestions"]) {
      if (s["kind"] == "term") {
        found = found || (s["id"] == term_ && s["text"] == "Annual recurring revenue");
      }
    }
    EXPECT_TRUE(found) << q << " -> " << body.dump();
  }
  // A word only in the description is not a name to complete.
  json body = json_of(client().Get("/api/v1/suggest?q=subscriptions"));
  for (const auto& s : body["suggestions"]) EXPECT_NE(s["kind"], "term") << body.dump();
}

TEST_F(HttpGlossaryTest, LinksToMissingTermsOrAssetsAreRefusedNamingTheField) {
  auto no_term = post("/api/v1/associations", sales_, {{"term", 999999}, {"asset", kOrders}});
  EXPECT_EQ(no_term->status, 404);
  EXPECT_EQ(json_of(no_term)["error"]["field"], "term");
  auto no_asset = post("/api/v1/associations", admin_, {{"term", term_}, {"asset", "x://none"}});
  EXPECT_EQ(no_asset->status, 404);
  EXPECT_EQ(json_of(no_asset)["error"]["field"], "asset");
  auto category = post("/api/v1/associations", sales_, {{"term", category_}, {"asset", kOrders}});
  EXPECT_EQ(category->status, 400);
  EXPECT_EQ(json_of(category)["error"]["field"], "term");
  propose(sales_);
  EXPECT_EQ(post("/api/v1/associations", sales_, {{"term", term_}, {"asset", kOrders}})->status,
            409);
}

}  // namespace
}  // namespace datacat::testing
