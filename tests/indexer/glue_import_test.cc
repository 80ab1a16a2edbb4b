// Glue Data Catalog JSON (the fixtures in tests/fixtures/glue are in the exact shape of
// `aws glue get-databases` / `get-tables` output) into assets: the mapping, paginated
// files, datasets for tables whose database was not imported, pruning, and bad input
// reported by file, line and Glue field.
#include "indexer/glue_import.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "indexer/importer.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(DATACAT_SOURCE_DIR) + "/tests/fixtures/glue/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const Asset* find(const GlueBatch& glue, const std::string& uri) {
  for (const Asset& asset : glue.batch.assets) {
    if (asset.uri == uri) return &asset;
  }
  return nullptr;
}

GlueBatch parse_fixtures(const GlueOptions& options = {}) {
  GlueBatch glue;
  for (const char* name : {"databases.json", "tables-sales.json", "tables-clickstream.json"}) {
    parse_glue(fixture(name), name, options, glue);
  }
  return glue;
}

TEST(GlueImportTest, DatabasesBecomeDatasetsAndTablesBecomeTablesUnderThem) {
  GlueOptions options;
  options.owner = "sales-analytics";
  GlueBatch glue = parse_fixtures(options);
  ASSERT_TRUE(glue.batch.errors.empty()) << glue.batch.errors.front().to_string();
  ASSERT_EQ(glue.batch.assets.size(), 6u);  // 2 databases, 3 + 1 tables over two pages

  const Asset* sales = find(glue, "glue:123456789012:sales");
  ASSERT_NE(sales, nullptr);
  EXPECT_EQ(sales->type, AssetType::kDataset);
  EXPECT_EQ(sales->name, "sales");
  EXPECT_EQ(sales->description,
            "Orders, payments and customers from the web shop, refreshed nightly.");
  EXPECT_EQ(sales->location, "s3://acme-lake-prod/sales/");
  EXPECT_EQ(sales->created, 1672531200);
  EXPECT_EQ(sales->environment, "123456789012");
  EXPECT_EQ(sales->owner, "sales-analytics");

  const Asset* orders = find(glue, "glue:123456789012:sales/orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->type, AssetType::kTable);
  EXPECT_EQ(orders->parent, "glue:123456789012:sales");
  EXPECT_EQ(orders->database, "sales");
  EXPECT_EQ(orders->location, "s3://acme-lake-prod/sales/orders/");
  EXPECT_EQ(orders->tags, (std::vector<std::string>{"parquet", "external_table"}));
  EXPECT_EQ(orders->created, 1672617600);  // fractions of epoch seconds dropped
  EXPECT_EQ(orders->updated, 1704067200);
  EXPECT_TRUE(orders->owner.empty());  // inherited from the dataset
  ASSERT_EQ(orders->columns.size(), 4u);
  EXPECT_EQ(orders->columns[0], (Column{"order_id", "bigint", "Unique order number", false}));
  EXPECT_EQ(orders->columns[1], (Column{"customer_id", "bigint", "", false}));
  EXPECT_EQ(orders->columns[3], (Column{"order_date", "date", "Day the order was placed", true}));

  const Asset* view = find(glue, "glue:123456789012:sales/big_spenders");
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->tags, (std::vector<std::string>{"virtual_view"}));
  EXPECT_EQ(view->created, 1706779800);  // "2024-02-01T09:30:00.000000+00:00"
  EXPECT_TRUE(view->location.empty());

  const Asset* views = find(glue, "glue:123456789012:clickstream/page_views");
  ASSERT_NE(views, nullptr);
  EXPECT_TRUE(views->columns[2].partition_key);
  EXPECT_TRUE(views->columns[3].partition_key);
  EXPECT_EQ(glue.batch.origins[2].source, "tables-sales.json");
}

TEST(GlueImportTest, TheCatalogIdGoesWhereConfigured) {
  GlueOptions options;
  options.catalog_field = GlueOptions::CatalogField::kOrganization;
  GlueBatch glue = parse_fixtures(options);
  EXPECT_EQ(find(glue, "glue:123456789012:sales")->organization, "123456789012");
  EXPECT_TRUE(find(glue, "glue:123456789012:sales")->environment.empty());
  // Entries without a CatalogId take the default, or are refused without one.
  std::string bare = R"({"DatabaseList": [{"Name": "hr"}]})";
  GlueBatch refused;
  parse_glue(bare, "bare.json", {}, refused);
  ASSERT_EQ(refused.batch.errors.size(), 1u);
  EXPECT_EQ(refused.batch.errors[0].status.field(), "DatabaseList[0].CatalogId");
  GlueBatch defaulted;
  options.catalog_id = "999";
  parse_glue(bare, "bare.json", options, defaulted);
  ASSERT_TRUE(defaulted.batch.errors.empty());
  EXPECT_EQ(defaulted.batch.assets.at(0).uri, "glue:999:hr");
}

TEST(GlueImportTest, BadInputIsReportedByFileLineAndGlueField) {
  struct Case {
    std::string text;
    int line;
    std::string field;
  };
  std::vector<Case> cases = {
      {R"({"Tables": []})", 1, "Tables"},
      {"\n\n{\"TableList\": {}}", 3, "TableList"},
      {R"({"TableList": [{"DatabaseName": "sales", "CatalogId": "1"}]})", 1, "TableList[0].Name"},
      {R"({"TableList": [{"Name": 7, "DatabaseName": "sales", "CatalogId": "1"}]})", 1,
       "TableList[0].Name"},
      {R"({"TableList": [{"Name": "t", "CatalogId": "1"}]})", 1, "TableList[0].DatabaseName"},
      {R"({"TableList": [{"Name": "t", "DatabaseName": "d", "CatalogId": "1",
           "StorageDescriptor": {"Columns": {"Name": "x"}}}]})",
       1, "TableList[0].StorageDescriptor.Columns"},
      {R"({"TableList": [{"Name": "t", "DatabaseName": "d", "CatalogId": "1",
           "StorageDescriptor": {"Columns": [{"Type": "int"}]}}]})",
       1, "TableList[0].StorageDescriptor.Columns[0].Name"},
      {R"({"TableList": [{"Name": "t", "DatabaseName": "d", "CatalogId": "1",
           "CreateTime": "yesterday"}]})",
       1, "TableList[0].CreateTime"},
      {R"({"TableList": [{"Name": "t", "DatabaseName": "d", "CatalogId": "1",
           "Parameters": {"classification": 3}}]})",
       1, "TableList[0].Parameters.classification"},
      {R"({"DatabaseList": [{"Name": "d", "CatalogId": "1"}, {"Name": "d", "CatalogId": "1"}]})", 1,
       "DatabaseList[1].Name"},
      {R"({"DatabaseList": [{"Name": ")" + std::string(600, 'x') + R"(", "CatalogId": "1"}]})", 1,
       "DatabaseList[0]"},
      {"[1, 2]", 1, "(top)"},
      {"{\"DatabaseList\": [", 1, "(document)"},
      {"   ", 1, "(document)"},
  };
  for (const Case& c : cases) {
    GlueBatch glue;
    parse_glue(c.text, "in.json", {}, glue);
    ASSERT_FALSE(glue.batch.errors.empty()) << c.text;
    const LineError& error = glue.batch.errors.front();
    EXPECT_EQ(error.source, "in.json");
    EXPECT_EQ(error.line, c.line) << c.text;
    EXPECT_EQ(error.status.field(), c.field) << c.text << " -> " << error.to_string();
    EXPECT_EQ(error.status.code(), StatusCode::kInvalidArgument);
  }
}

class GlueStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<AssetStore>> opened = AssetStore::open(dir_.path() + "/catalog.db");
    ASSERT_TRUE(opened.is_ok());
    store_ = std::move(opened).value();
  }
  // Parses `texts`, completes and imports them (pruning when asked); the report.
  ImportReport import(const std::vector<std::string>& texts, bool prune = false) {
    GlueBatch glue;
    for (const std::string& text : texts) parse_glue(text, "in.json", {}, glue);
    EXPECT_TRUE(complete_glue_batch(*store_, {}, glue).is_ok());
    ImportOptions options;
    if (prune) options.remove = glue_prune_list(*store_, glue).value();
    Result<ImportReport> report = import_batch(*store_, std::move(glue.batch), options);
    EXPECT_TRUE(report.is_ok());
    return report.is_ok() ? *report : ImportReport{};
  }
  bool exists(const std::string& uri) { return store_->get(uri).value().has_value(); }

  datacat::testing::TempDir dir_;
  std::unique_ptr<AssetStore> store_;
};

TEST_F(GlueStoreTest, TablesWhoseDatabaseWasNotImportedGetADatasetNamedAfterIt) {
  ImportReport report = import({fixture("tables-orphan.json")});
  ASSERT_TRUE(report.written);
  std::optional<Asset> made = store_->get("glue:123456789012:warehouse").value();
  ASSERT_TRUE(made);
  EXPECT_EQ(made->type, AssetType::kDataset);
  EXPECT_EQ(made->name, "warehouse");
  EXPECT_TRUE(made->description.empty());
  EXPECT_EQ(store_->get("glue:123456789012:warehouse/stock_levels").value()->parent,
            "glue:123456789012:warehouse");
  // Importing the database later fills in the dataset; the table stays under it.
  import({R"({"DatabaseList": [{"Name": "warehouse", "Description": "Stock", "CatalogId": )"
          R"("123456789012"}]})"});
  EXPECT_EQ(store_->get("glue:123456789012:warehouse").value()->description, "Stock");
  // A later table import does not overwrite the described dataset with a bare one.
  import({fixture("tables-orphan.json")});
  EXPECT_EQ(store_->get("glue:123456789012:warehouse").value()->description, "Stock");
}

TEST_F(GlueStoreTest, ReimportUpdatesChangedTablesAndPruneRemovesVanishedOnes) {
  ASSERT_TRUE(import({fixture("databases.json"), fixture("tables-sales.json"),
                      fixture("tables-clickstream.json")})
                  .written);
  // payments gained a column; big_spenders is gone from Glue.
  std::string changed = fixture("tables-sales.json");
  size_t at = changed.find(R"("Name": "amount_eur")");
  changed.insert(at, R"("Name": "currency", "Type": "string"}, {)");
  at = changed.find("        {\n            \"Name\": \"big_spenders\"");
  changed = changed.substr(0, changed.rfind(',', at)) + "\n    ]\n}\n";
  ImportReport report = import({changed});
  EXPECT_EQ(report.summary.updated, 1);    // payments
  EXPECT_EQ(report.summary.unchanged, 1);  // orders (the sales dataset is not in this file)
  EXPECT_EQ(report.summary.deleted, 0);
  EXPECT_TRUE(exists("glue:123456789012:sales/big_spenders"));  // no --prune: kept
  std::optional<Asset> payments = store_->get("glue:123456789012:sales/payments").value();
  ASSERT_EQ(payments->columns.size(), 3u);
  EXPECT_EQ(payments->columns[1].name, "currency");

  report = import({changed}, true);
  EXPECT_EQ(report.summary.deleted, 1);
  EXPECT_FALSE(exists("glue:123456789012:sales/big_spenders"));
  EXPECT_TRUE(exists("glue:123456789012:clickstream/page_views"));  // its database not listed

  // A DatabaseList without clickstream prunes that dataset and its tables.
  std::string only_sales = fixture("databases.json");
  only_sales =
      only_sales.substr(0, only_sales.find(",\n        {\n            \"Name\": \"click")) +
      "\n    ]\n}\n";
  report = import({only_sales}, true);
  EXPECT_EQ(report.summary.deleted, 2);
  EXPECT_FALSE(exists("glue:123456789012:clickstream"));
  EXPECT_FALSE(exists("glue:123456789012:clickstream/page_views"));
  EXPECT_TRUE(exists("glue:123456789012:sales/orders"));
}

TEST_F(GlueStoreTest, ABadEntryWritesNothingAndPrunesNothing) {
  ASSERT_TRUE(import({fixture("databases.json"), fixture("tables-sales.json")}).written);
  GlueBatch glue;
  parse_glue(R"({"TableList": [{"Name": "new", "DatabaseName": "sales", "CatalogId": )"
             R"("123456789012"}, {"DatabaseName": "sales", "CatalogId": "123456789012"}]})",
             "in.json", {}, glue);
  ASSERT_EQ(glue.batch.errors.size(), 1u);
  Result<ImportReport> report = import_batch(*store_, std::move(glue.batch), {});
  ASSERT_TRUE(report.is_ok());
  EXPECT_FALSE(report->written);
  EXPECT_FALSE(exists("glue:123456789012:sales/new"));
  EXPECT_EQ(store_->count().value(), 5);
}

}  // namespace
}  // namespace datacat::indexer
