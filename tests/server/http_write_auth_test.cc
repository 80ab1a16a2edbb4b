// Every write route of the router, each with a request that would succeed for the right
// caller, is refused without credentials, with a malformed or unknown token, with a
// revoked token (401), and for a valid caller outside the groups it needs (403); after
// all of them nothing in the catalog or the glossary has changed. A write route added
// without an entry here fails the test. No secret or token appears in the access log.
#include <fstream>
#include <map>
#include <sstream>

#include "server/token_store.h"
#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using json = nlohmann::json;
constexpr const char* kOrders = "datacat://table/sales_dw/orders";  // owner sales-analytics

class HttpWriteAuthTest : public ServerTest {
 protected:
  void SetUp() override {
    log_path_ = std::string(::testing::TempDir()) + "datacat-write-auth-" +
                std::to_string(::getpid()) + ".log";
    std::remove(log_path_.c_str());
    start([this](server::Config& config) { config.server.access_log = log_path_; });
    std::string manager = token("mia", "DAGlossaryManagers");
    std::string owner = token("fay", "finance-glossary");
    std::string sales = token("olga", "sales-analytics");
    glossary_ = post("/api/v1/glossaries", manager,
                     {{"label", "Finance"}, {"owner", "finance-glossary"}})["id"];
    term_ = post(nodes_path(), owner, {{"kind", "term"}, {"label", "Net revenue"}})["id"];
    link_ = post("/api/v1/associations", sales, {{"term", term_}, {"asset", kOrders}})["id"];
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::remove(log_path_.c_str());
  }

  json post(const std::string& path, const std::string& who, const json& body) {
    auto result = client().Post(path, bearer(who), body.dump(), "application/json");
    EXPECT_TRUE(result && result->status == 201) << path << ": " << (result ? result->body : "");
    return result ? json_of(result) : json();
  }
  std::string nodes_path() const {
    return "/api/v1/glossaries/" + std::to_string(glossary_) + "/nodes";
  }

  struct Write {
    std::string path;
    std::string body;
    std::string content_type = "application/json";
  };
  // A request for each write route that the right caller could make.
  std::map<std::pair<std::string, std::string>, Write> writes() const {
    std::string glossary = "/api/v1/glossaries/" + std::to_string(glossary_);
    std::string node = "/api/v1/glossary-nodes/" + std::to_string(term_);
    std::string link = "/api/v1/associations/" + std::to_string(link_);
    std::string asset = asset_path(kOrders);
    json orders = dataset(kOrders, "orders", "sales-analytics");
    orders["type"] = "table";
    return {
        {{"PUT", "/api/v1/assets/{uri}"}, {asset, orders.dump()}},
        {{"PATCH", "/api/v1/assets/{uri}"}, {asset, R"({"label": "x"})"}},
        {{"DELETE", "/api/v1/assets/{uri}"}, {asset, ""}},
        {{"POST", "/api/v1/assets:bulk"},
         {"/api/v1/assets:bulk", orders.dump() + "\n", "application/x-ndjson"}},
        {{"POST", "/api/v1/associations"},
         {"/api/v1/associations", json{{"term", term_}, {"asset", kOrders}}.dump()}},
        {{"POST", "/api/v1/associations/{id}/approve"}, {link + "/approve", ""}},
        {{"POST", "/api/v1/associations/{id}/dismiss"}, {link + "/dismiss", ""}},
        {{"DELETE", "/api/v1/associations/{id}"}, {link, ""}},
        {{"POST", "/api/v1/glossaries"},
         {"/api/v1/glossaries", R"({"label": "Other", "owner": "finance-glossary"})"}},
        {{"PATCH", "/api/v1/glossaries/{id}"}, {glossary, R"({"description": "x"})"}},
        {{"DELETE", "/api/v1/glossaries/{id}"}, {glossary, ""}},
        {{"POST", "/api/v1/glossaries/{id}/nodes"},
         {nodes_path(), R"({"kind": "term", "label": "Gross margin"})"}},
        {{"PATCH", "/api/v1/glossary-nodes/{id}"}, {node, R"({"label": "Renamed"})"}},
        {{"DELETE", "/api/v1/glossary-nodes/{id}"}, {node, ""}},
        {{"POST", "/api/v1/glossaries:import"},
         {"/api/v1/glossaries:import?format=csv&label=Imported&owner=finance-glossary",
          "parent,name,description,synonyms\n,Churn,,\n", "text/csv"}},
    };
  }

  httplib::Result send(const std::string& method, const Write& write,
                       const httplib::Headers& headers) {
    auto c = client();
    if (method == "PUT") return c.Put(write.path, headers, write.body, write.content_type);
    if (method == "PATCH") return c.Patch(write.path, headers, write.body, write.content_type);
    if (method == "DELETE") return c.Delete(write.path, headers, write.body, write.content_type);
    return c.Post(write.path, headers, write.body, write.content_type);
  }

  // What a reader sees of everything the writes above would change.
  std::string state() {
    std::string out;
    for (const std::string& path : {asset_path(kOrders), std::string("/api/v1/glossaries"),
                                    "/api/v1/glossaries/" + std::to_string(glossary_) + "/tree",
                                    "/api/v1/associations/" + std::to_string(link_) + "/history",
                                    std::string("/api/v1/search?q=orders&per_page=100")}) {
      auto result = client().Get(path);
      json body = json_of(result);
      if (body.is_object()) body.erase("took_ms");
      out += path + " " + std::to_string(result->status) + " " + body.dump() + "\n";
    }
    return out;
  }

  std::string log_path_;
  int64_t glossary_ = 0;
  int64_t term_ = 0;
  int64_t link_ = 0;
};

TEST_F(HttpWriteAuthTest, EveryWriteRouteRefusesMissingBadRevokedTokensAndOtherTeams) {
  auto store = server::TokenStore::open(indexer::DataDir(data_dir()).catalog_path());
  ASSERT_TRUE(store.is_ok());
  std::string revoked = token("fay", "finance-glossary,sales-analytics,DAGlossaryManagers");
  auto listed = (*store)->list();
  ASSERT_TRUE(listed.is_ok());
  ASSERT_TRUE((*store)->revoke(listed->back().id).is_ok());
  std::string outsider = token("otto", "marketing-data");

  std::string before = state();
  auto table = writes();
  size_t checked = 0;
  for (const auto& [method, pattern] : app().router().routes()) {
    if (method == "GET" || method == "HEAD" || pattern == "/api/v1/search") continue;
    auto entry = table.find({method, pattern});
    ASSERT_NE(entry, table.end()) << "no request for the write route " << method << " " << pattern;
    const Write& write = entry->second;
    std::string route = method + " " + pattern;
    for (const auto& [who, headers] : std::vector<std::pair<std::string, httplib::Headers>>{
             {"no credentials", {}},
             {"malformed token", bearer("nonsense")},
             {"unknown token", bearer("dct_1_" + std::string(43, 'A'))},
             {"basic auth", {{"Authorization", "Basic b2xnYTpw"}}},
             {"revoked token", bearer(revoked)}}) {
      auto result = send(method, write, headers);
      ASSERT_TRUE(result) << route;
      EXPECT_EQ(result->status, 401) << route << " with " << who << ": " << result->body;
    }
    auto result = send(method, write, bearer(outsider));
    ASSERT_TRUE(result) << route;
    EXPECT_EQ(result->status, 403) << route << " by another team: " << result->body;
    ++checked;
  }
  EXPECT_EQ(checked, table.size()) << "entries for routes the router no longer has";
  EXPECT_EQ(state(), before) << "a refused write changed something";

  // No secret, and no Authorization value, in the access log.
  std::ifstream log(log_path_);
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_FALSE(text.str().empty());
  for (const std::string& secret : {revoked, outsider, std::string("nonsense"),
                                    std::string("b2xnYTpw"), std::string(43, 'A')}) {
    EXPECT_EQ(text.str().find(secret), std::string::npos) << "a secret in the access log";
  }
}

TEST_F(HttpWriteAuthTest, TheSameRequestsSucceedForAnAdmin) {
  // So the refusals above come from the caller, not from a bad request.
  std::string admin = token("root", "", true);
  auto table = writes();
  const std::vector<std::pair<std::string, std::string>> order = {
      {"PATCH", "/api/v1/assets/{uri}"},
      {"PUT", "/api/v1/assets/{uri}"},
      {"POST", "/api/v1/assets:bulk"},
      {"POST", "/api/v1/glossaries"},
      {"POST", "/api/v1/glossaries/{id}/nodes"},
      {"PATCH", "/api/v1/glossary-nodes/{id}"},
      {"PATCH", "/api/v1/glossaries/{id}"},
      {"POST", "/api/v1/glossaries:import"},
      {"POST", "/api/v1/associations/{id}/approve"},
      {"POST", "/api/v1/associations/{id}/dismiss"},
      {"DELETE", "/api/v1/associations/{id}"},
      {"POST", "/api/v1/associations"},
      {"DELETE", "/api/v1/glossary-nodes/{id}"},
      {"DELETE", "/api/v1/glossaries/{id}"},
      {"DELETE", "/api/v1/assets/{uri}"}};
  ASSERT_EQ(order.size(), table.size());
  for (const auto& key : order) {
    auto result = send(key.first, table.at(key), bearer(admin));
    ASSERT_TRUE(result);
    EXPECT_GE(result->status, 200) << key.first << " " << key.second << ": " << result->body;
    EXPECT_LT(result->status, 300) << key.first << " " << key.second << ": " << result->body;
  }
}

}  // namespace
}  // namespace datacat::testing
