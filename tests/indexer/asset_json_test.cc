// Tests of the asset JSON format (parse_asset / asset_to_json) and RFC 3339 timestamps.
#include "indexer/asset_json.h"

#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "indexer/timestamp.h"

namespace datacat::indexer {
namespace {

using nlohmann::json;

// 2024-03-05T10:15:00Z, checked with `date -u -d 2024-03-05T10:15:00Z +%s`.
constexpr int64_t kMarch5At1015 = 1709633700;
constexpr int64_t kMarch5Midnight = 1709596800;

json minimal(const std::string& type) {
  return {{"uri", "urn:acme:" + type + ":orders"}, {"type", type}, {"name", "orders"}};
}

// Parses `input`, expecting kInvalidArgument; returns the Status for field checks.
Status parse_failure(const json& input) {
  Result<Asset> result = parse_asset(input);
  EXPECT_FALSE(result.is_ok()) << "accepted: " << input.dump();
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  return result.status();
}

std::string failing_field(const json& input) {
  return parse_failure(input).field();
}

TEST(ParseAssetTest, RoundTripsEverySpecFieldOfEachType) {
  const json common = {
      {"label", "Orders"},
      {"description", "All **orders** since 2019.\nOne row per order."},
      {"tags", {"sales", "pii"}},
      {"topics", {"Finance"}},
      {"region", "eu-west-1"},
      {"classification", "secret"},
      {"organization", "Acme"},
      {"environment", "prod"},
      {"owner", "team-sales"},
      {"stewards", {"team-data", "team-legal"}},
      {"created", "2023-01-02T03:04:05Z"},
      {"updated", "2024-03-05T10:15:00Z"},
  };
  json table = minimal("table");
  table.update(common);
  table["parent"] = "urn:acme:dataset:sales";
  table["database"] = "sales_db";
  table["columns"] = {{{"name", "order_id"}, {"type", "bigint"}, {"description", "Key"}},
                      {{"name", "amount"}, {"type", "decimal(10,2)"}},
                      {{"name", "note"}}};
  json folder = minimal("folder");
  folder.update(common);
  folder["parent"] = "urn:acme:dataset:sales";
  folder["location"] = "s3://acme-raw/orders/";
  json dashboard = minimal("dashboard");
  dashboard.update(common);
  dashboard["url"] = "https://bi.acme.example/d/42";
  json dataset = minimal("dataset");
  dataset.update(common);

  for (const json& input : {table, folder, dashboard, dataset}) {
    Result<Asset> asset = parse_asset(input);
    ASSERT_TRUE(asset.is_ok()) << asset.status().to_string();
    EXPECT_EQ(asset_to_json(*asset), input);
  }
  Asset parsed = parse_asset(table).value();
  EXPECT_EQ(parsed.type, AssetType::kTable);
  EXPECT_EQ(parsed.classification, Classification::kSecret);
  EXPECT_EQ(parsed.created, 1672628645);  // 2023-01-02T03:04:05Z
  EXPECT_EQ(parsed.updated, kMarch5At1015);
  ASSERT_EQ(parsed.columns.size(), 3u);
  EXPECT_EQ(parsed.columns[1], (Column{"amount", "decimal(10,2)", ""}));
}

TEST(ParseAssetTest, OmitsUnsetFieldsWhenWritingJson) {
  Asset asset = parse_asset(minimal("table")).value();
  EXPECT_EQ(asset_to_json(asset), minimal("table"));
}

TEST(ParseAssetTest, IgnoresVersionInTheInputButChecksItsType) {
  json input = minimal("dataset");
  input["version"] = 7;
  Result<Asset> asset = parse_asset(input);
  ASSERT_TRUE(asset.is_ok()) << asset.status().to_string();
  EXPECT_EQ(asset->version, 0);  // the store manages versions
  input["version"] = "7";
  EXPECT_EQ(failing_field(input), "version");
}

TEST(ParseAssetTest, RequiresUriTypeAndName) {
  for (const char* key : {"uri", "type", "name"}) {
    json input = minimal("table");
    input.erase(key);
    EXPECT_EQ(failing_field(input), key);
    input[key] = nullptr;
    EXPECT_EQ(failing_field(input), key) << "null " << key;
  }
}

TEST(ParseAssetTest, RejectsEmptyUriNameAndListItems) {
  json input = minimal("table");
  input["uri"] = "";
  EXPECT_EQ(failing_field(input), "uri");
  input = minimal("table");
  input["name"] = "";
  EXPECT_EQ(failing_field(input), "name");
  input = minimal("table");
  input["tags"] = {"sales", ""};
  EXPECT_EQ(failing_field(input), "tags[1]");
  input = minimal("table");
  input["columns"] = {{{"name", ""}}};
  EXPECT_EQ(failing_field(input), "columns[0].name");
}

TEST(ParseAssetTest, TreatsEmptyOptionalStringsAsUnset) {
  json input = minimal("table");
  input["label"] = "";
  input["owner"] = "";
  Result<Asset> asset = parse_asset(input);
  ASSERT_TRUE(asset.is_ok()) << asset.status().to_string();
  EXPECT_EQ(asset_to_json(*asset), minimal("table"));
}

TEST(ParseAssetTest, RejectsAnythingButAnObject) {
  for (const json& input : {json::array({minimal("table")}), json("orders"), json(42)}) {
    parse_failure(input);
  }
}

TEST(ParseAssetTest, RejectsUnknownFieldAtTopLevel) {
  json input = minimal("table");
  input["colour"] = "blue";
  Status status = parse_failure(input);
  EXPECT_EQ(status.field(), "colour");
  EXPECT_EQ(status.to_string(), "colour: unknown field");
}

TEST(ParseAssetTest, RejectsUnknownFieldInsideAColumn) {
  json input = minimal("table");
  input["columns"] = {{{"name", "id"}}, {{"name", "amount"}, {"nullable", true}}};
  EXPECT_EQ(failing_field(input), "columns[1].nullable");
}

TEST(ParseAssetTest, NamesThePathOfAWrongType) {
  struct Case {
    const char* key;
    json value;
    const char* field;
  };
  const Case cases[] = {
      {"tags", "sales", "tags"},
      {"tags", {"sales", 3}, "tags[1]"},
      {"stewards", {{"team", "x"}}, "stewards"},
      {"name", 12, "name"},
      {"description", {"a", "b"}, "description"},
      {"classification", true, "classification"},
      {"columns", {{"name", "id"}}, "columns"},
      {"columns", {"id"}, "columns[0]"},
      {"columns", {{{"name", "a"}}, {{"name", "b"}}, {{"name", 3}}}, "columns[2].name"},
      {"columns", {{{"name", "a"}, {"type", 1}}}, "columns[0].type"},
      {"columns", {{{"type", "int"}}}, "columns[0].name"},
      {"created", 1709633700, "created"},
  };
  for (const Case& c : cases) {
    json input = minimal("table");
    input[c.key] = c.value;
    EXPECT_EQ(failing_field(input), c.field) << c.key << " = " << c.value.dump();
  }
}

TEST(ParseAssetTest, RejectsUnknownTypeAndClassificationNamingTheValue) {
  json input = minimal("table");
  input["type"] = "view";
  Status status = parse_failure(input);
  EXPECT_EQ(status.field(), "type");
  EXPECT_NE(status.message().find("'view'"), std::string::npos) << status.message();
  input = minimal("table");
  input["classification"] = "Secret";  // names are case-sensitive
  status = parse_failure(input);
  EXPECT_EQ(status.field(), "classification");
  EXPECT_NE(status.message().find("'Secret'"), std::string::npos) << status.message();
}

TEST(ParseAssetTest, LimitsUriTo512Bytes) {
  json input = minimal("table");
  input["uri"] = std::string(512, 'u');
  EXPECT_TRUE(parse_asset(input).is_ok());
  // 512 characters but 513 bytes: the limit is in bytes.
  input["uri"] = std::string(511, 'u') + "\u00e9";
  EXPECT_EQ(failing_field(input), "uri");
}

TEST(ParseAssetTest, RejectsTooManyTags) {
  json input = minimal("table");
  input["tags"] = json::array();
  for (int i = 0; i <= static_cast<int>(AssetLimits::kListItems); ++i) {
    input["tags"].push_back("tag" + std::to_string(i));
  }
  EXPECT_EQ(failing_field(input), "tags");
}

TEST(ParseAssetTest, RejectsControlCharacters) {
  json input = minimal("table");
  input["name"] = std::string(
      "ord\x01"
      "ers");
  EXPECT_EQ(failing_field(input), "name");
  input = minimal("table");
  input["uri"] = "urn:acme:\torders";
  EXPECT_EQ(failing_field(input), "uri");
  input = minimal("table");
  input["description"] = "line one\nline two\ttabbed";  // ordinary white space is fine
  EXPECT_TRUE(parse_asset(input).is_ok());
}

// Found by tests/fuzz/fuzz_http (corpus/fuzz_http/crash-glue-catalog-id-utf8): JSON built
// in code, like the dataset a Glue import makes from ?catalog_id=, may hold invalid UTF-8,
// which the store could not serialise (a 500).
TEST(ParseAssetTest, RejectsInvalidUtf8) {
  json input = minimal("table");
  input["uri"] = "glue:1\xCE\xD1:sales";
  EXPECT_EQ(failing_field(input), "uri");
  input = minimal("table");
  input["tags"] = {"ok", "\xFF"};
  EXPECT_EQ(failing_field(input), "tags[1]");
  input = minimal("table");
  input["columns"] = {{{"name", "id"}, {"description", "cut \xE2\x82"}}};
  EXPECT_EQ(failing_field(input), "columns[0].description");
}

TEST(ParseAssetTest, RejectsBadTimestamps) {
  for (const char* text :
       {"yesterday", "2024-02-30", "2024-13-01T00:00:00Z", "2024-03-05T10:15:00", "1709633700"}) {
    json input = minimal("table");
    input["created"] = text;
    EXPECT_EQ(failing_field(input), "created") << text;
    input = minimal("table");
    input["updated"] = text;
    EXPECT_EQ(failing_field(input), "updated") << text;
  }
}

TEST(ParseAssetTest, RejectsUpdatedBeforeCreated) {
  json input = minimal("table");
  input["created"] = "2024-03-05T10:15:00Z";
  input["updated"] = "2024-03-05T10:14:59Z";
  EXPECT_EQ(failing_field(input), "updated");
  // The same instant written with an offset is not "before".
  input["updated"] = "2024-03-05T12:15:00+02:00";
  EXPECT_TRUE(parse_asset(input).is_ok());
}

TEST(ParseAssetTest, RejectsFieldsThatDoNotBelongToTheType) {
  struct Case {
    const char* type;
    const char* key;
    json value;
  };
  const Case cases[] = {
      {"dashboard", "columns", {{{"name", "id"}}}},
      {"folder", "columns", {{{"name", "id"}}}},
      {"table", "url", "https://bi.acme.example/d/1"},
      {"dataset", "parent", "urn:acme:dataset:other"},
      {"dashboard", "parent", "urn:acme:dataset:other"},
      {"folder", "database", "sales_db"},
      {"dashboard", "location", "s3://acme/x/"},
  };
  for (const Case& c : cases) {
    json input = minimal(c.type);
    input[c.key] = c.value;
    EXPECT_EQ(failing_field(input), c.key) << c.key << " on a " << c.type;
  }
}

TEST(ParseAssetTest, RejectsAnAssetThatIsItsOwnParent) {
  json input = minimal("table");
  input["parent"] = input["uri"];
  EXPECT_EQ(failing_field(input), "parent");
}

TEST(ParseAssetTest, DeduplicatesListsKeepingFirstOccurrenceOrder) {
  json input = minimal("table");
  input["tags"] = {"sales", "pii", "sales", "eu", "pii"};
  input["stewards"] = {"team-b", "team-a", "team-b"};
  Asset asset = parse_asset(input).value();
  EXPECT_EQ(asset.tags, (std::vector<std::string>{"sales", "pii", "eu"}));
  EXPECT_EQ(asset.stewards, (std::vector<std::string>{"team-b", "team-a"}));
}

TEST(ParseAssetTest, PreservesAccentsAndNonLatinText) {
  json input = minimal("table");
  input["name"] = "umsätze_zürich";
  input["label"] = "Umsätze Zürich — CAFÉ";
  input["tags"] = {"données", "売上"};
  Asset asset = parse_asset(input).value();
  EXPECT_EQ(asset.name, "umsätze_zürich");
  EXPECT_EQ(asset.label, "Umsätze Zürich — CAFÉ");
  EXPECT_EQ(asset.tags, (std::vector<std::string>{"données", "売上"}));
  EXPECT_EQ(asset_to_json(asset), input);
}

TEST(TimestampTest, ParsesUtcTimes) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2024-03-05T10:15:00Z"), kMarch5At1015);
  EXPECT_EQ(parse_rfc3339("2024-03-05t10:15:00z"), kMarch5At1015);  // RFC 3339 allows lower case
}

TEST(TimestampTest, AppliesTheUtcOffset) {
  // 12:15 at +02:00 and 04:45 at -05:30 are both 10:15 UTC.
  EXPECT_EQ(parse_rfc3339("2024-03-05T12:15:00+02:00"), kMarch5At1015);
  EXPECT_EQ(parse_rfc3339("2024-03-05T04:45:00-05:30"), kMarch5At1015);
  EXPECT_EQ(parse_rfc3339("2024-03-05T10:15:00+00:00"), kMarch5At1015);
  // An offset can move the instant to another day.
  EXPECT_EQ(parse_rfc3339("2024-03-06T01:00:00+02:00"), kMarch5Midnight + 23 * 3600);
}

TEST(TimestampTest, DropsFractionsOfASecond) {
  EXPECT_EQ(parse_rfc3339("2024-03-05T10:15:00.999Z"), kMarch5At1015);
  EXPECT_EQ(parse_rfc3339("2024-03-05T12:15:00.123456+02:00"), kMarch5At1015);
}

TEST(TimestampTest, ReadsABareDateAsMidnightUtc) {
  EXPECT_EQ(parse_rfc3339("2024-03-05"), kMarch5Midnight);
  EXPECT_EQ(parse_rfc3339("2024-02-29"), kMarch5Midnight - 5 * 86400);  // 2024 is a leap year
  EXPECT_TRUE(parse_rfc3339("2000-02-29").has_value());
}

TEST(TimestampTest, RejectsImpossibleDatesAndTimes) {
  for (const char* text : {"2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01",
                           "2024-00-10", "2024-03-00", "2024-03-05T24:00:00Z",
                           "2024-03-05T10:60:00Z", "2024-03-05T10:15:00+24:00"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
}

TEST(TimestampTest, RejectsMalformedText) {
  for (const char* text :
       {"", "now", "2024-3-5", "2024/03/05", "2024-03-05T", "2024-03-05T10:15Z",
        "2024-03-05T10:15:00", "2024-03-05T10:15:00+0200", "2024-03-05T10:15:00.Z",
        "2024-03-05T10:15:00Zjunk", "2024-03-05junk", " 2024-03-05"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(TimestampTest, FormatsUtcAndRoundTrips) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(kMarch5At1015), "2024-03-05T10:15:00Z");
  for (int64_t t : {int64_t{-1}, int64_t{951782400}, kMarch5At1015, int64_t{4102444799}}) {
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t) << format_rfc3339(t);
  }
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
}

TEST(TimestampTest, NowIsTheCurrentTimeInSeconds) {
  int64_t system_now = static_cast<int64_t>(std::time(nullptr));
  EXPECT_NEAR(now_unix_seconds(), system_now, 2);
}

}  // namespace
}  // namespace datacat::indexer
