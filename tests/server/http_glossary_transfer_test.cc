// Glossary export and import over real HTTP: exact round trips in JSON and CSV, who may
// import, and bad documents refused with the line or field named and nothing written.
#include "tests/server/http_fixture.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

constexpr const char* kCsv =
    "parent,name,description,synonyms\r\n"
    ",Finance/,Money matters,\r\n"
    "Finance,Revenue,\"Income, before costs\",turnover|sales\r\n"
    ",P\\/E ratio,Price over earnings,PE\r\n";

class HttpGlossaryTransferTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    manager_ = token("mia", "DAGlossaryManagers");
    fin_ = token("fay", "finance-glossary");
    outsider_ = token("otto", "marketing-data");
  }
  httplib::Result import(const std::string& query, const std::string& who, const std::string& body,
                         const char* type = "text/csv") {
    return client().Post("/api/v1/glossaries:import" + query, bearer(who), body, type);
  }
  httplib::Result export_of(int64_t id, const std::string& format) {
    return client().Get("/api/v1/glossaries/" + std::to_string(id) + "/export?format=" + format);
  }
  size_t glossary_count() {
    return json_of(client().Get("/api/v1/glossaries"))["glossaries"].size();
  }

  std::string manager_, fin_, outsider_;
};

TEST_F(HttpGlossaryTransferTest, CsvImportThenExportGivesTheSameBytes) {
  auto created = import("?label=Business&owner=finance-glossary", manager_, kCsv);
  ASSERT_EQ(created->status, 201) << created->body;
  json summary = json_of(created);
  EXPECT_EQ(summary["created"], 3);
  EXPECT_EQ(summary["glossary"]["owner"], "finance-glossary");
  int64_t id = summary["glossary"]["id"];
  EXPECT_EQ(created->get_header_value("Location"), "/api/v1/glossaries/" + std::to_string(id));

  auto csv = export_of(id, "csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("glossary-"), std::string::npos);
  EXPECT_EQ(csv->body, kCsv);

  // The JSON export imported under another label exports to the same document again.
  auto exported = export_of(id, "json");
  ASSERT_EQ(exported->status, 200);
  nlohmann::ordered_json document = nlohmann::ordered_json::parse(exported->body);
  EXPECT_EQ(document["children"][1]["label"], "P/E ratio");
  EXPECT_EQ(document["children"][0]["children"][0]["synonyms"],
            nlohmann::ordered_json({"turnover", "sales"}));
  document["label"] = "Business copy";
  std::string copy_body = document.dump(2) + "\n";
  auto copy = import("?format=json", manager_, copy_body, "application/json");
  ASSERT_EQ(copy->status, 201) << copy->body;
  EXPECT_EQ(export_of(json_of(copy)["glossary"]["id"], "json")->body, copy_body);
  // The terms are real: term search finds the imported synonym.
  json found = json_of(client().Get("/api/v1/glossary-search?q=turnover"));
  EXPECT_EQ(found["terms"].size(), 2u);
}

TEST_F(HttpGlossaryTransferTest, CreatingNeedsTheManagerGroupAndMergingTheOwnerTeam) {
  EXPECT_EQ(import("?label=B&owner=finance-glossary", outsider_, kCsv)->status, 403);
  EXPECT_EQ(import("?label=B&owner=finance-glossary", fin_, kCsv)->status, 403);
  EXPECT_EQ(client().Post("/api/v1/glossaries:import?label=B&owner=x", kCsv, "text/csv")->status,
            401);
  ASSERT_EQ(import("?label=B&owner=finance-glossary", manager_, kCsv)->status, 201);
  // A second create with the label is a conflict; merging is for the owner team only.
  EXPECT_EQ(import("?label=b&owner=finance-glossary", manager_, kCsv)->status, 409);
  std::string more = std::string(kCsv) + "Finance,Costs,What we spend,\r\n";
  EXPECT_EQ(import("?label=B&mode=merge", outsider_, more)->status, 403);
  EXPECT_EQ(import("?label=B&mode=merge", manager_, more)->status, 403);
  auto merged = import("?label=B&mode=merge", fin_, more);
  ASSERT_EQ(merged->status, 200) << merged->body;
  EXPECT_EQ(json_of(merged)["created"], 1);
  EXPECT_EQ(json_of(merged)["unchanged"], 3);
  EXPECT_EQ(glossary_count(), 1u);
}

TEST_F(HttpGlossaryTransferTest, BadDocumentsAreRefusedNamingThePlaceAndWriteNothing) {
  struct Case {
    std::string query;
    std::string body;
    const char* type;
    int status;
    std::string field;
  };
  std::string header = "parent,name,description,synonyms\n";
  std::vector<Case> cases = {
      {"?label=B&owner=o", "name,parent\n", "text/csv", 400, "line 1"},
      {"?label=B&owner=o", header + ",Ok,,\nFinance,\"broken,,\n", "text/csv", 400, "line 3"},
      {"?label=B&owner=o", header + ",A,,\n,a,,\n", "text/csv", 409, "line 3: name"},
      {"?label=B&owner=o", header + ",A,,x|a\n", "text/csv", 400, "line 2: synonyms"},
      {"?label=B&owner=o", header + ",A,\xff,\n", "text/csv", 400, "line 2: description"},
      {"?owner=o", header, "text/csv", 400, "label"},
      {"?label=B", header, "text/csv", 400, "owner"},
      {"?label=B&owner=o&format=xml", header, "text/csv", 400, "format"},
      {"?label=B&owner=o&mode=replace", header, "text/csv", 400, "mode"},
      {"?label=B&owner=o&colour=red", header, "text/csv", 400, "colour"},
      {"",
       R"({"format": "datacat-glossary/1", "label": "B", "owner": "o", "children": [)"
       R"({"kind": "term", "label": "t", "extra": 1}]})",
       "application/json", 400, "children[0].extra"},
      {"", "{", "application/json", 400, "body"},
  };
  for (const Case& c : cases) {
    auto result = import(c.query, manager_, c.body, c.type);
    ASSERT_EQ(result->status, c.status) << c.query << " " << c.body << " -> " << result->body;
    EXPECT_EQ(json_of(result)["error"]["field"], c.field) << result->body;
  }
  EXPECT_EQ(glossary_count(), 0u);
  EXPECT_EQ(client().Get("/api/v1/glossaries/1/export?format=pdf")->status, 400);
  EXPECT_EQ(client().Get("/api/v1/glossaries/1/export")->status, 404);
}

}  // namespace
}  // namespace datacat::testing
