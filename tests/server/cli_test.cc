// The `datacat` command line, run as a real process against a temporary data directory.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/indexer/test_catalog.h"
#include "tests/server/cli_runner.h"

namespace datacat::server {
namespace {

using testing::Outcome;

class CliTest : public ::testing::Test {
 protected:
  // Runs `datacat ARGS` with --data-dir appended by the caller where needed.
  Outcome datacat(const std::string& args, const std::string& stdin_text = "") {
    return testing::run_datacat(args, tmp_.path(), stdin_text);
  }
  std::string data() const { return " --data-dir " + tmp_.path() + "/data"; }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = tmp_.path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  nlohmann::json search_json(const std::string& args) {
    Outcome run = datacat("search --json" + data() + " " + args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out);
  }

  testing::TempDir tmp_;
};

const char* kGood =
    R"({"uri":"ds:1","type":"dataset","name":"sales_dw","description":"Sales warehouse"})"
    "\n"
    R"({"uri":"t:1","type":"table","name":"fact_line_item","parent":"ds:1","tags":["pii"],"columns":[{"name":"order_id","type":"bigint"}]})"
    "\n";

TEST_F(CliTest, ImportThenSearchJustWorks) {
  Outcome import = datacat("import" + data() + " " + write("good.ndjson", kGood));
  ASSERT_EQ(import.exit_code, 0) << import.err;
  EXPECT_NE(import.out.find("2 created"), std::string::npos) << import.out;
  nlohmann::json result = search_json("line items");
  EXPECT_EQ(result["total"], 1);
  ASSERT_EQ(result["hits"].size(), 1u);
  const auto& hit = result["hits"][0];
  EXPECT_EQ(hit["uri"], "t:1");
  EXPECT_EQ(hit["type"], "table");
  EXPECT_EQ(hit["name"], "fact_line_item");
  for (const char* key : {"label", "snippet", "tags", "topics", "owner", "region", "classification",
                          "updated", "score", "matched"}) {
    EXPECT_TRUE(hit.contains(key)) << key;
  }
  EXPECT_TRUE(result["facets"].contains("type"));
  EXPECT_TRUE(result["facets"].contains("tags"));
  EXPECT_EQ(datacat("check" + data()).exit_code, 0);
}

TEST_F(CliTest, AnOnlineBackupRestoresToTheSameCatalog) {
  // docs/operations.md: SQLite's online backup of catalog.db, then reindex into a new
  // data directory.
  ASSERT_EQ(datacat("import" + data() + " " + testing::sample_catalog_path()).exit_code, 0);
  Outcome glossary =
      datacat("glossary import" + data() + " --label Business --owner finance " +
              std::string(DATACAT_SOURCE_DIR) + "/config/sample/glossary-business.csv");
  ASSERT_EQ(glossary.exit_code, 0) << glossary.err;
  std::string backup = tmp_.path() + "/backup.db";
  std::string command =
      "sqlite3 '" + tmp_.path() + "/data/catalog.db' \".backup '" + backup + "'\" > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::filesystem::create_directories(tmp_.path() + "/restored");
  std::filesystem::copy_file(backup, tmp_.path() + "/restored/catalog.db");
  std::string restored = " --data-dir " + tmp_.path() + "/restored";
  Outcome reindex = datacat("reindex" + restored);
  ASSERT_EQ(reindex.exit_code, 0) << reindex.err;
  Outcome check = datacat("check" + restored);
  EXPECT_EQ(check.exit_code, 0) << check.out;
  for (const char* query : {"", "orders", "customer", "tag:pii"}) {
    Outcome before = datacat("search --json --per-page 100" + data() + " '" + query + "'");
    Outcome after = datacat("search --json --per-page 100" + restored + " '" + query + "'");
    nlohmann::json a = nlohmann::json::parse(before.out);
    nlohmann::json b = nlohmann::json::parse(after.out);
    a.erase("took_ms");
    b.erase("took_ms");
    EXPECT_EQ(a, b) << query;
  }
  Outcome exported = datacat("glossary export" + restored + " Business");
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("Revenue"), std::string::npos);
}

TEST_F(CliTest, BadLinesAreReportedWithLineNumbersAndNothingIsWritten) {
  std::string bad = std::string(kGood) +
                    R"({"uri":"t:2","type":"table","name":"x","columns":[{"name":7}]})"
                    "\n"
                    "not json\n"
                    R"({"uri":"t:3","type":"tabel","name":"y"})"
                    "\n";
  std::string path = write("bad.ndjson", bad);
  Outcome run = datacat("import" + data() + " " + path);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(path + ":3: columns[0].name: expected a string"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find(path + ":4: malformed JSON"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(path + ":5: type: unknown asset type 'tabel'"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("nothing imported"), std::string::npos);
  // Nothing written: the good lines are not searchable either.
  ASSERT_EQ(datacat("import" + data() + " " +
                    write("other.ndjson", R"({"uri":"d:9","type":"dashboard","name":"other"})"))
                .exit_code,
            0);
  EXPECT_EQ(search_json("fact_line_item")["total"], 0);
}

TEST_F(CliTest, BestEffortLoadsTheGoodLines) {
  std::string bad = std::string(kGood) +
                    R"({"uri":"t:2","type":"table","name":"x","parent":"ds:missing"})"
                    "\n";
  Outcome run = datacat("import --best-effort" + data() + " " + write("mixed.ndjson", bad));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(":3: parent: no dataset with uri 'ds:missing'"), std::string::npos)
      << run.err;
  EXPECT_EQ(search_json("fact_line_item")["total"], 1);
}

TEST_F(CliTest, ReadsStandardInputAndDataDirFromEnvironment) {
  std::string env = "DATACAT_DATA_DIR=" + tmp_.path() + "/envdata ";
  std::string command = std::string("sh -c '") + env + DATACAT_BINARY + " import -'";
  std::string in = write("in.ndjson", kGood);
  ASSERT_EQ(std::system((command + " <" + in + " >/dev/null").c_str()), 0);
  Outcome run = datacat("search --json --data-dir " + tmp_.path() + "/envdata fact_line_item");
  EXPECT_EQ(nlohmann::json::parse(run.out)["total"], 1);
}

TEST_F(CliTest, ReimportUpdatesInsteadOfDuplicating) {
  ASSERT_EQ(datacat("import" + data() + " " + write("a.ndjson", kGood)).exit_code, 0);
  std::string changed =
      R"({"uri":"t:1","type":"table","name":"fact_line_item","parent":"ds:1","description":"now with wombats"})"
      "\n";
  Outcome run = datacat("import" + data() + " " + write("b.ndjson", changed));
  EXPECT_NE(run.out.find("1 updated"), std::string::npos) << run.out;
  nlohmann::json result = search_json("fact_line_item");
  EXPECT_EQ(result["total"], 1);
  EXPECT_EQ(result["hits"][0]["version"], 2);
  EXPECT_EQ(search_json("wombats")["total"], 1);
}

TEST_F(CliTest, DeleteRemovesFromResultsAndFacets) {
  ASSERT_EQ(datacat("import" + data() + " " + write("a.ndjson", kGood)).exit_code, 0);
  Outcome run = datacat("delete" + data() + " ds:1");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("deleted 2"), std::string::npos) << run.out;  // the dataset took its table
  nlohmann::json result = search_json("");
  EXPECT_EQ(result["total"], 0);
  EXPECT_TRUE(result["facets"]["tags"].empty());
  EXPECT_EQ(datacat("delete" + data() + " no:such").exit_code, 2);
}

TEST_F(CliTest, CheckReportsDifferencesAndReindexRepairsThem) {
  ASSERT_EQ(datacat("import" + data() + " " + write("a.ndjson", kGood)).exit_code, 0);
  // Change the store behind the index's back (as a crash before the index commit would).
  std::string db = tmp_.path() + "/data/catalog.db";
  ASSERT_EQ(std::system(
                ("sqlite3 " + db + " \"UPDATE assets SET version = 7 WHERE uri = 't:1'\"").c_str()),
            0);
  Outcome check = datacat("check" + data());
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("stale: t:1"), std::string::npos) << check.out;
  Outcome reindex = datacat("reindex" + data());
  ASSERT_EQ(reindex.exit_code, 0) << reindex.err;
  EXPECT_NE(reindex.out.find("reindexed 2 assets"), std::string::npos) << reindex.out;
  EXPECT_EQ(datacat("check" + data()).exit_code, 0);
}

TEST_F(CliTest, SearchFiltersAndRejectsBadQueries) {
  ASSERT_EQ(datacat("import" + data() + " " + testing::sample_catalog_path()).exit_code, 0);
  nlohmann::json tables = search_json("--type table --tag pii customer");
  ASSERT_GT(tables["total"].get<int>(), 0);
  // The word after a filter value is the query, not a second filter value.
  EXPECT_LT(tables["total"].get<int>(), search_json("--type table --tag pii")["total"].get<int>());
  for (const auto& type : tables["facets"]["type"]) EXPECT_NE(type["value"], "customer");
  for (const auto& hit : tables["hits"]) {
    EXPECT_EQ(hit["type"], "table");
    auto tags = hit["tags"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(tags.begin(), tags.end(), "pii"), tags.end());
  }
  Outcome bad = datacat("search" + data() + " '\"unbalanced'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("q: unbalanced quote"), std::string::npos) << bad.err;
  Outcome human = datacat("search" + data() + " fact_line_item");
  EXPECT_NE(human.out.find("datacat://table/sales_dw/fact_line_item"), std::string::npos);
}

// `import --format glue`: the fixtures in the shape of the AWS CLI's output, found by
// table name, column name and classification tag; --prune; a bad file writes nothing.
TEST_F(CliTest, ImportsGlueExportsAndPrunesWhatVanished) {
  std::string fixtures = std::string(DATACAT_SOURCE_DIR) + "/tests/fixtures/glue/";
  Outcome run = datacat("import --format glue --owner sales-analytics" + data() + " " + fixtures +
                        "databases.json " + fixtures + "tables-sales.json " + fixtures +
                        "tables-orphan.json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "imported 7 assets (7 created, 0 updated, 0 unchanged)\n");
  EXPECT_EQ(search_json("big_spenders")["hits"][0]["uri"], "glue:123456789012:sales/big_spenders");
  EXPECT_EQ(search_json("amount_eur")["hits"][0]["uri"], "glue:123456789012:sales/payments");
  EXPECT_EQ(search_json("--tag avro")["hits"][0]["uri"],
            "glue:123456789012:warehouse/stock_levels");

  std::ifstream in(fixtures + "tables-sales.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string first_page = text.str().substr(0, text.str().find("\n{"));  // orders only
  Outcome pruned =
      datacat("import --format glue --prune" + data() + " " + write("page1.json", first_page));
  ASSERT_EQ(pruned.exit_code, 0) << pruned.err;
  EXPECT_EQ(pruned.out, "imported 1 assets (0 created, 0 updated, 1 unchanged); pruned 2 assets\n");
  EXPECT_EQ(search_json("big_spenders")["total"], 0);

  Outcome bad = datacat("import --format glue" + data() + " " +
                        write("bad.json", R"({"TableList": [{"Name": "x", "DatabaseName": "sales",)"
                                          R"( "CatalogId": "123456789012"}, {"Name": []}]})"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.json:1: TableList[1].Name: expected a string"), std::string::npos)
      << bad.err;
  EXPECT_EQ(search_json("--type table x")["total"], 0);
  Outcome mixed = datacat("import --prune" + data() + " " + write("a.ndjson", kGood));
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_NE(mixed.err.find("--format glue"), std::string::npos) << mixed.err;
}

}  // namespace
}  // namespace datacat::server
