// `datacat glossary export|import`, run as a real process against a temporary data
// directory: exact round trips through files and pipes, merging, and bad files refused
// with the line named and nothing written.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/indexer/test_catalog.h"
#include "tests/server/cli_runner.h"

namespace datacat::server {
namespace {

using testing::Outcome;

constexpr const char* kCsv =
    "parent,name,description,synonyms\r\n"
    ",Finance/,Money matters,\r\n"
    "Finance,Costs/,What we spend,\r\n"
    "Finance/Costs,Opex,\"Operating \"\"expenses\"\"\",\r\n"
    "Finance,Revenue,Income,turnover|sales\r\n";

class CliGlossaryTest : public ::testing::Test {
 protected:
  Outcome glossary(const std::string& args, const std::string& data = "data",
                   const std::string& stdin_text = "") {
    return testing::run_datacat("glossary " + args + " --data-dir " + tmp_.path() + "/" + data,
                                tmp_.path(), stdin_text);
  }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = tmp_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string read(const std::string& path) {
    std::stringstream text;
    text << std::ifstream(path, std::ios::binary).rdbuf();
    return text.str();
  }

  testing::TempDir tmp_;
};

TEST_F(CliGlossaryTest, ImportsCsvAndExportsTheSameBytesAndJsonThatRoundTrips) {
  std::string csv = write("g.csv", kCsv);
  Outcome imported = glossary("import " + csv + " --label Business --owner fin");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out, "imported glossary 1 \"Business\": 4 created, 0 updated, 0 unchanged\n");
  Outcome exported = glossary("export business --format csv");  // by label, any case
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out, kCsv);

  std::string json_path = tmp_.path() + "/g.json";
  ASSERT_EQ(glossary("export 1 -o " + json_path).exit_code, 0);
  std::string json = read(json_path);
  EXPECT_NE(json.find("\"owner\": \"fin\""), std::string::npos) << json;
  Outcome copy = glossary("import -", "copy", json);  // from stdin, JSON by default
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_EQ(glossary("export Business", "copy").out, json);
}

// The bundled sample glossary (loaded by `make run`) is in the exported form already.
TEST_F(CliGlossaryTest, TheSampleGlossaryImportsAndExportsToTheSameFile) {
  std::string sample = std::string(DATACAT_SOURCE_DIR) + "/config/sample/glossary-business.csv";
  Outcome imported = glossary("import " + sample + " --label Business --owner finance-platform");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(glossary("export Business --format csv").out, read(sample));
}

TEST_F(CliGlossaryTest, MergeUpdatesInPlaceAndCreateRefusesATakenLabel) {
  std::string csv = write("g.csv", kCsv);
  ASSERT_EQ(glossary("import " + csv + " --label Business --owner fin").exit_code, 0);
  Outcome again = glossary("import " + csv + " --label Business --owner fin");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("label"), std::string::npos) << again.err;
  // Costs is left to its parent path here: the merge matches it and keeps its description.
  std::string changed =
      "parent,name,description,synonyms\n"
      "Finance/Costs,Opex,\"Operating \"\"expenses\"\"\",\n"
      ",Finance,Money matters,\n"
      "Finance,Revenue,Income,turnover|sales\n"
      ",Churn,Customers lost,attrition\n";
  Outcome merged = glossary("import " + write("g2.csv", changed) + " --label Business --merge");
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(merged.out, "imported glossary 1 \"Business\": 1 created, 0 updated, 4 unchanged\n");
  EXPECT_EQ(glossary("export 1 --format csv").out,
            "parent,name,description,synonyms\r\n"
            ",Finance/,Money matters,\r\n"
            "Finance,Costs/,What we spend,\r\n"
            "Finance/Costs,Opex,\"Operating \"\"expenses\"\"\",\r\n"
            "Finance,Revenue,Income,turnover|sales\r\n"
            ",Churn,Customers lost,attrition\r\n");
}

TEST_F(CliGlossaryTest, BadFilesAreRefusedNamingTheLineAndWriteNothing) {
  std::string bad = write("bad.csv", std::string(kCsv) + "Finance,Revenue,again,\r\n");
  Outcome refused = glossary("import " + bad + " --label Business --owner fin");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("line 6: name"), std::string::npos) << refused.err;
  Outcome none = glossary("export Business");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no glossary"), std::string::npos) << none.err;
  Outcome missing = glossary("import " + tmp_.path() + "/nope.csv --label B --owner o");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos) << missing.err;
  Outcome no_owner = glossary("import " + write("ok.csv", kCsv) + " --label B");
  EXPECT_EQ(no_owner.exit_code, 2);
  EXPECT_NE(no_owner.err.find("owner"), std::string::npos) << no_owner.err;
}

}  // namespace
}  // namespace datacat::server
