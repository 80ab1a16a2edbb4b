// Tests of NDJSON batches (parse_ndjson, append_batch) and their import into a real store.
#include "indexer/ndjson.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/importer.h"

namespace datacat::indexer {
namespace {

using nlohmann::json;

// One NDJSON line for an asset; `extra` fields are merged in.
std::string line(const std::string& uri, const std::string& type, json extra = json::object()) {
  json asset = {{"uri", uri}, {"type", type}, {"name", uri}};
  asset.update(extra);
  return asset.dump();
}

std::string table_in(const std::string& uri, const std::string& parent) {
  return line(uri, "table", {{"parent", parent}});
}

ParsedBatch parse(const std::string& text, const std::string& source = "assets.ndjson") {
  std::istringstream input(text);
  return parse_ndjson(input, source);
}

std::vector<std::string> uris_of(const ParsedBatch& batch) {
  std::vector<std::string> out;
  for (const Asset& asset : batch.assets) out.push_back(asset.uri);
  return out;
}

std::vector<int> lines_of(const std::vector<LineRef>& refs) {
  std::vector<int> out;
  for (const LineRef& ref : refs) out.push_back(ref.line);
  return out;
}

std::vector<int> lines_of(const std::vector<LineError>& errors) {
  std::vector<int> out;
  for (const LineError& error : errors) out.push_back(error.line);
  return out;
}

TEST(ParseNdjsonTest, KeepsGoodLinesInOrderWithTheirOrigins) {
  ParsedBatch batch =
      parse(line("c", "dataset") + "\n" + line("a", "dataset") + "\n" + table_in("b", "c") + "\n",
            "sales.ndjson");
  EXPECT_TRUE(batch.errors.empty());
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"c", "a", "b"}));
  EXPECT_EQ(lines_of(batch.origins), (std::vector<int>{1, 2, 3}));
  ASSERT_EQ(batch.origins.size(), 3u);
  EXPECT_EQ(batch.origins[2].source, "sales.ndjson");
  EXPECT_EQ(batch.assets[2].parent, "c");
}

TEST(ParseNdjsonTest, SkipsBlankLinesButCountsThem) {
  ParsedBatch batch =
      parse("\n   \n" + line("a", "dataset") + "\n\t\r\n\n" + line("b", "dataset") + "\n\n");
  EXPECT_TRUE(batch.errors.empty());
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(lines_of(batch.origins), (std::vector<int>{3, 6}));
}

TEST(ParseNdjsonTest, AcceptsCrlfLineEndingsAndAMissingFinalNewline) {
  ParsedBatch batch = parse(line("a", "dataset") + "\r\n" + line("b", "dataset"));
  EXPECT_TRUE(batch.errors.empty());
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"a", "b"}));
}

TEST(ParseNdjsonTest, ReportsMalformedJsonOnItsLine) {
  ParsedBatch batch =
      parse(line("a", "dataset") + "\n{\"uri\": \"b\", \"type\": \n" + line("c", "dataset") + "\n");
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_EQ(batch.errors[0].line, 2);
  EXPECT_EQ(batch.errors[0].status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(batch.errors[0].status.message().rfind("malformed JSON", 0), 0u)
      << batch.errors[0].status.message();
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"a", "c"}));
}

// Found by tests/fuzz/fuzz_ndjson (corpus/fuzz_ndjson/crash-number-overflow): nlohmann
// throws out_of_range, not parse_error, for such a number, and the import died.
TEST(ParseNdjsonTest, ReportsANumberOutOfRangeAsMalformedJson) {
  ParsedBatch batch = parse(R"({"uri": "a", "type": "dataset", "name": "a", "version": 1E400})"
                            "\n" +
                            line("b", "dataset"));
  ASSERT_EQ(lines_of(batch.errors), (std::vector<int>{1}));
  EXPECT_EQ(batch.errors[0].status.message().rfind("malformed JSON", 0), 0u)
      << batch.errors[0].status.message();
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"b"}));
}

TEST(ParseNdjsonTest, RejectsInvalidUtf8InsideAString) {
  std::string bad = R"({"uri": "a", "type": "dataset", "name": "caf)" + std::string("\xE9") +
                    R"("})";  // Latin-1 'é', not UTF-8
  ParsedBatch batch = parse(bad + "\n" + line("b", "dataset"));
  EXPECT_EQ(lines_of(batch.errors), (std::vector<int>{1}));
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"b"}));
}

TEST(ParseNdjsonTest, RejectsLinesThatAreNotObjects) {
  ParsedBatch batch = parse("[" + line("a", "dataset") + "]\n\"a\"\n42\nnull\n");
  EXPECT_EQ(lines_of(batch.errors), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_TRUE(batch.assets.empty());
}

TEST(ParseNdjsonTest, ReportsADuplicateUriOnTheLaterLineNamingTheFirst) {
  ParsedBatch batch =
      parse(line("a", "dataset", {{"label", "first"}}) + "\n" + line("b", "dataset") + "\n\n" +
            line("a", "dataset", {{"label", "second"}}) + "\n");
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_EQ(batch.errors[0].line, 4);
  EXPECT_EQ(batch.errors[0].status.field(), "uri");
  EXPECT_NE(batch.errors[0].status.message().find("line 1"), std::string::npos)
      << batch.errors[0].status.message();
  ASSERT_EQ(uris_of(batch), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(batch.assets[0].label, "first");
}

TEST(ParseNdjsonTest, ReportsLineNumbersOfEveryBadLine) {
  const std::vector<std::string> lines = {
      line("a", "dataset"),                     // 1 good
      "{not json",                              // 2 malformed
      line("b", "dataset"),                     // 3 good
      line("c", "dataset", {{"colour", "x"}}),  // 4 unknown field
      line("d", "table", {{"tags", "pii"}}),    // 5 wrong type
      line("e", "dataset"),                     // 6 good
  };
  std::string text;
  for (const std::string& each : lines) text += each + "\n";
  ParsedBatch batch = parse(text);
  EXPECT_EQ(lines_of(batch.errors), (std::vector<int>{2, 4, 5}));
  ASSERT_EQ(batch.errors.size(), 3u);
  EXPECT_EQ(batch.errors[1].status.field(), "colour");
  EXPECT_EQ(batch.errors[2].status.field(), "tags");
  EXPECT_EQ(batch.errors[1].to_string(), "assets.ndjson:4: colour: unknown field");
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"a", "b", "e"}));
  EXPECT_EQ(lines_of(batch.origins), (std::vector<int>{1, 3, 6}));
}

TEST(ParseNdjsonTest, ReportsAnOverlongLineAndGoesOn) {
  std::string huge =
      R"({"uri": "a", "type": "dataset", "name": ")" + std::string(kMaxLineBytes, 'x') + "\"}";
  ParsedBatch batch = parse(huge + "\n" + line("b", "dataset") + "\n");
  EXPECT_EQ(lines_of(batch.errors), (std::vector<int>{1}));
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"b"}));
  EXPECT_EQ(lines_of(batch.origins), (std::vector<int>{2}));
}

TEST(AppendBatchTest, DetectsADuplicateAcrossSources) {
  ParsedBatch batch = parse(line("x", "dataset") + "\n" + line("y", "dataset"), "a.ndjson");
  append_batch(batch,
               parse(line("z", "dataset") + "\n" + line("x", "dataset") + "\n{", "b.ndjson"));
  EXPECT_EQ(uris_of(batch), (std::vector<std::string>{"x", "y", "z"}));
  ASSERT_EQ(batch.origins.size(), 3u);
  EXPECT_EQ(batch.origins[2].source, "b.ndjson");
  EXPECT_EQ(batch.origins[2].line, 1);
  ASSERT_EQ(batch.errors.size(), 2u);  // the duplicate and the malformed line 3 of b
  std::vector<int> lines = lines_of(batch.errors);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<int>{2, 3}));
  for (const LineError& error : batch.errors) {
    EXPECT_EQ(error.source, "b.ndjson");
    if (error.line != 2) continue;
    EXPECT_EQ(error.status.field(), "uri");
    EXPECT_NE(error.status.message().find("a.ndjson:1"), std::string::npos)
        << error.status.message();
  }
}

class ImportBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("datacat_ndjson_") + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Result<std::unique_ptr<AssetStore>> opened = AssetStore::open((dir_ / "catalog.db").string());
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  ImportReport import(const std::string& text, bool best_effort = false) {
    ImportOptions options;
    options.best_effort = best_effort;
    Result<ImportReport> report = import_batch(*store_, parse(text), options);
    EXPECT_TRUE(report.is_ok()) << report.status().to_string();
    return report.is_ok() ? std::move(report).value() : ImportReport{};
  }
  bool stored(const std::string& uri) { return store_->get(uri).value().has_value(); }
  int64_t count() { return store_->count().value(); }
  int64_t last_seq() { return store_->last_outbox_seq().value(); }

  std::filesystem::path dir_;
  std::unique_ptr<AssetStore> store_;
};

TEST_F(ImportBatchTest, WritesAGoodBatch) {
  ImportReport report = import(line("d", "dataset") + "\n" + table_in("t", "d") + "\n");
  EXPECT_TRUE(report.errors.empty());
  EXPECT_TRUE(report.written);
  EXPECT_EQ(report.summary.created, 2);
  EXPECT_EQ(count(), 2);
  EXPECT_EQ(store_->children("d").value(), (std::vector<std::string>{"t"}));
}

TEST_F(ImportBatchTest, RejectsAMissingParentAndWritesNothing) {
  ImportReport report = import(line("d", "dataset") + "\n" + table_in("t", "nowhere") + "\n");
  EXPECT_FALSE(report.written);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].line, 2);
  EXPECT_EQ(report.errors[0].status.field(), "parent");
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(last_seq(), 0);
}

TEST_F(ImportBatchTest, RejectsAParentThatIsNotADataset) {
  import(line("d", "dataset") + "\n" + table_in("t", "d") + "\n" + line("dash", "dashboard") +
         "\n");
  ImportReport report = import(table_in("t2", "t") + "\n" + table_in("t3", "dash") + "\n");
  EXPECT_FALSE(report.written);
  EXPECT_EQ(lines_of(report.errors), (std::vector<int>{1, 2}));
  for (const LineError& error : report.errors) EXPECT_EQ(error.status.field(), "parent");
  EXPECT_FALSE(stored("t2"));
  EXPECT_FALSE(stored("t3"));
}

TEST_F(ImportBatchTest, AcceptsAParentAppearingLaterInTheSameBatch) {
  ImportReport report = import(table_in("t", "d") + "\n" + line("f", "folder", {{"parent", "d"}}) +
                               "\n" + line("d", "dataset") + "\n");
  EXPECT_TRUE(report.errors.empty());
  EXPECT_TRUE(report.written);
  EXPECT_EQ(store_->children("d").value(), (std::vector<std::string>{"f", "t"}));
}

TEST_F(ImportBatchTest, RejectsAParentThatIsATableInTheSameBatch) {
  ImportReport report =
      import(line("d", "dataset") + "\n" + table_in("t", "d") + "\n" + table_in("t2", "t") + "\n");
  EXPECT_FALSE(report.written);
  EXPECT_EQ(lines_of(report.errors), (std::vector<int>{3}));
  EXPECT_EQ(count(), 0);
}

TEST_F(ImportBatchTest, ABatchWithOneBadLineWritesNothing) {
  import(line("old", "dataset", {{ "label", "before" }}) + "\n");
  int64_t seq_before = last_seq();
  ImportReport report = import(
      line("old", "dataset", {{"label", "after"}}) + "\n" + line("a", "dataset") + "\n" +
      line("b", "dataset", {{"classification", "top-secret"}}) + "\n" + table_in("t", "a") + "\n");
  EXPECT_FALSE(report.written);
  EXPECT_EQ(lines_of(report.errors), (std::vector<int>{3}));
  EXPECT_EQ(report.errors[0].status.field(), "classification");
  EXPECT_EQ(count(), 1);
  EXPECT_EQ(store_->get("old").value()->label, "before");
  EXPECT_EQ(last_seq(), seq_before);
  EXPECT_TRUE(store_->outbox_after(seq_before, 100).value().empty());
}

TEST_F(ImportBatchTest, ReportsParseAndReferenceErrorsInLineOrder) {
  ImportReport report =
      import(table_in("t", "missing") + "\n" + line("d", "dataset") + "\n" + "{oops\n");
  EXPECT_FALSE(report.written);
  EXPECT_EQ(lines_of(report.errors), (std::vector<int>{1, 3}));
  EXPECT_EQ(count(), 0);
}

TEST_F(ImportBatchTest, BestEffortWritesGoodLinesAndSkipsChildrenOfBadParents) {
  ImportReport report = import(line("d", "dataset", {{"colour", "red"}}) + "\n" +  // bad
                                   table_in("t", "d") + "\n" +  // its parent failed
                                   line("e", "dataset") + "\n" + table_in("u", "e") + "\n" +
                                   table_in("v", "nowhere") + "\n",
                               /*best_effort=*/true);
  EXPECT_TRUE(report.written);
  EXPECT_EQ(report.summary.created, 2);
  EXPECT_EQ(lines_of(report.errors), (std::vector<int>{1, 2, 5}));
  ASSERT_EQ(report.errors.size(), 3u);
  EXPECT_EQ(report.errors[1].status.field(), "parent");
  EXPECT_EQ(store_->versions().value(),
            (std::vector<std::pair<std::string, int64_t>>{{"e", 1}, {"u", 1}}));
}

TEST_F(ImportBatchTest, BestEffortWithNothingGoodWritesNothing) {
  ImportReport report = import(table_in("t", "nowhere") + "\n{\n", /*best_effort=*/true);
  EXPECT_FALSE(report.written);
  EXPECT_EQ(lines_of(report.errors), (std::vector<int>{1, 2}));
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(last_seq(), 0);
}

TEST_F(ImportBatchTest, RefusesToTurnADatasetWithChildrenIntoATable) {
  import(line("d", "dataset") + "\n" + table_in("t", "d") + "\n");
  ImportReport report = import(line("d", "table") + "\n");
  EXPECT_FALSE(report.written);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].status.field(), "type");
  EXPECT_EQ(store_->type_of("d").value(), AssetType::kDataset);
}

TEST_F(ImportBatchTest, AllowsTurningAChildlessDatasetIntoATable) {
  import(line("d", "dataset") + "\n");
  ImportReport report = import(line("d", "table") + "\n");
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.summary.updated, 1);
  EXPECT_EQ(store_->type_of("d").value(), AssetType::kTable);
}

}  // namespace
}  // namespace datacat::indexer
