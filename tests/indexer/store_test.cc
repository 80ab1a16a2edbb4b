// Tests of the SQLite asset store (versions, outbox, cascades, inheritance) and its schema
// migrations, on real database files.
#include "indexer/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "indexer/migrations.h"
#include "indexer/sqlite_db.h"
#include "indexer/timestamp.h"

namespace datacat::indexer {
namespace {

using Versions = std::vector<std::pair<std::string, int64_t>>;

Asset make_asset(const std::string& uri, AssetType type, const std::string& parent = {}) {
  Asset asset;
  asset.uri = uri;
  asset.type = type;
  asset.name = uri;
  asset.parent = parent;
  return asset;
}

Asset dataset(const std::string& uri) {
  return make_asset(uri, AssetType::kDataset);
}
Asset table(const std::string& uri, const std::string& parent) {
  return make_asset(uri, AssetType::kTable, parent);
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("datacat_store_") + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string path() const { return (dir_ / "catalog.db").string(); }
  void reopen() {
    store_.reset();
    Result<std::unique_ptr<AssetStore>> opened = AssetStore::open(path());
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    store_ = std::move(opened).value();
  }

  // Upserts `assets` and returns them as the store completed them (version, times).
  WriteSummary upsert(std::vector<Asset>& assets) {
    Result<WriteSummary> summary = store_->upsert(assets);
    EXPECT_TRUE(summary.is_ok()) << summary.status().to_string();
    return summary.is_ok() ? *summary : WriteSummary{};
  }
  Asset upsert_one(Asset asset) {
    std::vector<Asset> batch{std::move(asset)};
    upsert(batch);
    return batch[0];
  }
  std::optional<Asset> get(const std::string& uri) { return store_->get(uri).value(); }
  std::optional<Asset> resolved(const std::string& uri) {
    return store_->get_resolved(uri).value();
  }
  int64_t last_seq() { return store_->last_outbox_seq().value(); }
  // Uris of the outbox rows after `seq`, oldest first.
  std::vector<std::string> outbox_uris(int64_t after = 0) {
    std::vector<std::string> out;
    std::vector<OutboxEntry> rows = store_->outbox_after(after, 1000).value();
    for (const OutboxEntry& entry : rows) {
      out.push_back(entry.uri);
    }
    return out;
  }
  // Runs SQL on a second connection, e.g. to install a failure-injecting trigger.
  void exec(const std::string& sql) {
    SqliteDb db(path());
    db.exec(sql);
  }

  std::filesystem::path dir_;
  std::unique_ptr<AssetStore> store_;
};

TEST_F(StoreTest, NewCatalogIsEmpty) {
  EXPECT_EQ(store_->count().value(), 0);
  EXPECT_EQ(last_seq(), 0);
  EXPECT_EQ(get("nothing"), std::nullopt);
  EXPECT_EQ(store_->type_of("nothing").value(), std::nullopt);
  EXPECT_TRUE(store_->versions().value().empty());
}

TEST_F(StoreTest, CreatesAnAssetAtVersionOneWithCurrentTimes) {
  int64_t before = now_unix_seconds();
  std::vector<Asset> batch{dataset("d")};
  WriteSummary summary = upsert(batch);
  int64_t after = now_unix_seconds();
  EXPECT_EQ(summary.created, 1);
  EXPECT_EQ(summary.updated + summary.unchanged + summary.deleted, 0);
  EXPECT_EQ(batch[0].version, 1);
  EXPECT_GE(batch[0].created, before);
  EXPECT_LE(batch[0].created, after);
  EXPECT_EQ(batch[0].updated, batch[0].created);
  EXPECT_EQ(get("d"), batch[0]);
}

TEST_F(StoreTest, StoresEveryFieldUnchanged) {
  Asset asset = table("t", "d");
  asset.label = "Zürich orders";
  asset.description = "One row per **order**.";
  asset.tags = {"sales", "pii"};
  asset.topics = {"Finance"};
  asset.region = "eu-west-1";
  asset.classification = Classification::kOfficial;
  asset.organization = "Acme";
  asset.environment = "prod";
  asset.owner = "team-sales";
  asset.stewards = {"team-data"};
  asset.database = "sales_db";
  asset.columns = {{"order_id", "bigint", "Key"}, {"amount", "", ""}};
  asset.created = 1600000000;
  asset.updated = 1700000000;
  Asset written = upsert_one(asset);
  asset.version = 1;
  EXPECT_EQ(written, asset);
  EXPECT_EQ(get("t"), asset);
}

TEST_F(StoreTest, IdenticalContentKeepsVersionAndWritesNoOutboxRow) {
  Asset first = upsert_one(dataset("d"));
  int64_t seq = last_seq();
  std::vector<Asset> again{dataset("d")};
  WriteSummary summary = upsert(again);
  EXPECT_EQ(summary.unchanged, 1);
  EXPECT_EQ(summary.created + summary.updated, 0);
  EXPECT_EQ(again[0].version, 1);
  EXPECT_EQ(again[0].updated, first.updated);
  EXPECT_EQ(get("d"), first);
  EXPECT_EQ(last_seq(), seq);
}

TEST_F(StoreTest, EachChangeBumpsTheVersionByOneAndWritesOneOutboxRow) {
  upsert_one(dataset("d"));
  for (int64_t version = 2; version <= 4; ++version) {
    int64_t seq = last_seq();
    Asset changed = dataset("d");
    changed.description = "revision " + std::to_string(version);
    std::vector<Asset> batch{changed};
    EXPECT_EQ(upsert(batch).updated, 1);
    EXPECT_EQ(batch[0].version, version);
    EXPECT_EQ(get("d")->version, version);
    EXPECT_EQ(outbox_uris(seq), std::vector<std::string>{"d"});
  }
}

TEST_F(StoreTest, KeepsCreatedFromTheFirstWrite) {
  Asset asset = dataset("d");
  asset.created = 1600000000;  // e.g. imported from the source system
  upsert_one(asset);
  Asset changed = dataset("d");
  changed.label = "Renamed";
  Asset written = upsert_one(changed);
  EXPECT_EQ(written.created, 1600000000);
  EXPECT_EQ(get("d")->created, 1600000000);
  EXPECT_GE(get("d")->updated, now_unix_seconds() - 60);  // the change is dated now
}

TEST_F(StoreTest, UsesTheGivenUpdatedTime) {
  Asset asset = dataset("d");
  asset.updated = 1700000000;
  upsert_one(asset);
  EXPECT_EQ(get("d")->updated, 1700000000);
  EXPECT_EQ(get("d")->created, 1700000000);  // not later than its own update
}

TEST_F(StoreTest, WritesOutboxRowsInChangeOrderWithRisingSeqs) {
  std::vector<Asset> batch{dataset("b"), table("a", "b"), dataset("c")};
  EXPECT_EQ(upsert(batch).created, 3);
  std::vector<OutboxEntry> rows = store_->outbox_after(0, 10).value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(outbox_uris(), (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_LT(rows[0].seq, rows[1].seq);
  EXPECT_LT(rows[1].seq, rows[2].seq);
  EXPECT_EQ(last_seq(), rows[2].seq);
}

TEST_F(StoreTest, OutboxBatchesEndOnlyWhereATransactionEnds) {
  upsert_one(dataset("a"));
  std::vector<Asset> bulk{dataset("b1"), dataset("b2"), dataset("b3")};
  upsert(bulk);
  upsert_one(dataset("c"));
  // Three transactions, a second apart: created 100 (a), 200 (b1..b3), 300 (c).
  exec("UPDATE outbox SET created = 100 WHERE uri = 'a'");
  exec("UPDATE outbox SET created = 200 WHERE uri LIKE 'b%'");
  exec("UPDATE outbox SET created = 300 WHERE uri = 'c'");
  auto uris = [this](int64_t after, int limit) {
    std::vector<std::string> out;
    for (const OutboxEntry& row : store_->outbox_after(after, limit).value())
      out.push_back(row.uri);
    return out;
  };
  using Uris = std::vector<std::string>;
  EXPECT_EQ(uris(0, 1), Uris{"a"});
  EXPECT_EQ(uris(0, 2), (Uris{"a", "b1", "b2", "b3"}));  // the bulk is not cut after b1
  EXPECT_EQ(uris(0, 4), (Uris{"a", "b1", "b2", "b3"}));
  EXPECT_EQ(uris(0, 5), (Uris{"a", "b1", "b2", "b3", "c"}));
  int64_t after_a = store_->outbox_after(0, 1).value()[0].seq;
  EXPECT_EQ(uris(after_a, 1), (Uris{"b1", "b2", "b3"}));
  EXPECT_EQ(uris(last_seq(), 1), Uris{});
}

TEST_F(StoreTest, AFailedOutboxWriteLeavesTheAssetUnwritten) {
  upsert_one(dataset("ok"));
  exec(
      "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox WHEN NEW.uri = 'doomed' "
      "BEGIN SELECT RAISE(ABORT, 'injected'); END");
  std::vector<Asset> batch{dataset("fresh"), dataset("doomed")};
  Result<WriteSummary> summary = store_->upsert(batch);
  EXPECT_FALSE(summary.is_ok());
  EXPECT_EQ(get("doomed"), std::nullopt);
  EXPECT_EQ(get("fresh"), std::nullopt);  // all or nothing
  EXPECT_EQ(outbox_uris(), std::vector<std::string>{"ok"});
}

TEST_F(StoreTest, RemovingADatasetRemovesItsTablesAndFolders) {
  std::vector<Asset> batch{dataset("d"), table("d/t1", "d"),
                           make_asset("d/f", AssetType::kFolder, "d"), dataset("other"),
                           table("other/t", "other")};
  upsert(batch);
  int64_t seq = last_seq();
  Result<WriteSummary> summary = store_->remove({"d"});
  ASSERT_TRUE(summary.is_ok()) << summary.status().to_string();
  EXPECT_EQ(summary->deleted, 3);
  EXPECT_EQ(store_->versions().value(), (Versions{{"other", 1}, {"other/t", 1}}));
  std::vector<std::string> removed = outbox_uris(seq);
  std::sort(removed.begin(), removed.end());
  EXPECT_EQ(removed, (std::vector<std::string>{"d", "d/f", "d/t1"}));
}

TEST_F(StoreTest, RemovesADatasetAndItsTableNamedInOneCall) {
  std::vector<Asset> batch{dataset("d"), table("d/t", "d")};
  for (const std::vector<std::string>& uris :
       {std::vector<std::string>{"d/t", "d"}, std::vector<std::string>{"d", "d/t"}}) {
    upsert(batch);
    Result<WriteSummary> summary = store_->remove(uris);
    ASSERT_TRUE(summary.is_ok()) << uris[0] << " first: " << summary.status().to_string();
    EXPECT_EQ(summary->deleted, 2);
    EXPECT_EQ(store_->count().value(), 0);
  }
}

TEST_F(StoreTest, RemovingAnUnknownUriChangesNothing) {
  std::vector<Asset> batch{dataset("d"), table("d/t", "d")};
  upsert(batch);
  int64_t seq = last_seq();
  Result<WriteSummary> summary = store_->remove({"d", "missing"});
  ASSERT_FALSE(summary.is_ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kNotFound);
  EXPECT_NE(summary.status().message().find("'missing'"), std::string::npos);
  EXPECT_EQ(store_->versions().value(), (Versions{{"d", 1}, {"d/t", 1}}));
  EXPECT_EQ(last_seq(), seq);
}

TEST_F(StoreTest, ReportsTypesAndChildren) {
  std::vector<Asset> batch{dataset("d"), table("d/b", "d"),
                           make_asset("d/a", AssetType::kFolder, "d"), dataset("e")};
  upsert(batch);
  EXPECT_EQ(store_->type_of("d/a").value(), AssetType::kFolder);
  EXPECT_EQ(store_->children("d").value(), (std::vector<std::string>{"d/a", "d/b"}));
  EXPECT_TRUE(store_->children("e").value().empty());
}

class InheritanceTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Asset parent = dataset("d");
    parent.organization = "Acme";
    parent.environment = "prod";
    parent.region = "eu-west-1";
    parent.owner = "team-data";
    parent.classification = Classification::kSecret;
    parent.description = "The dataset";
    parent.tags = {"sales"};
    Asset child = table("d/t", "d");
    child.owner = "team-sales";  // its own value wins
    std::vector<Asset> batch{parent, child, dataset("lonely")};
    upsert(batch);
  }

  static void expect_inherited(const Asset& child) {
    EXPECT_EQ(child.organization, "Acme");
    EXPECT_EQ(child.environment, "prod");
    EXPECT_EQ(child.region, "eu-west-1");
    EXPECT_EQ(child.owner, "team-sales");
    EXPECT_EQ(child.classification, Classification::kSecret);
    EXPECT_EQ(child.description, "");  // never inherited
    EXPECT_TRUE(child.tags.empty());
  }
};

TEST_F(InheritanceTest, GetResolvedFillsUnsetFieldsFromTheParent) {
  std::optional<Asset> child = resolved("d/t");
  ASSERT_TRUE(child.has_value());
  expect_inherited(*child);
  // The stored asset itself is unchanged.
  EXPECT_EQ(get("d/t")->region, "");
  EXPECT_EQ(get("d/t")->classification, std::nullopt);
  EXPECT_EQ(resolved("d"), get("d"));
}

TEST_F(InheritanceTest, GetResolvedFollowsChangesOfTheParent) {
  Asset parent = *get("d");
  parent.region = "us-east-1";
  upsert_one(parent);
  EXPECT_EQ(resolved("d/t")->region, "us-east-1");
}

TEST_F(InheritanceTest, ScanResolvedVisitsEveryAssetResolved) {
  std::vector<std::string> seen;
  Result<int64_t> seq = store_->scan_resolved([&](Asset&& asset) {
    seen.push_back(asset.uri);
    if (asset.uri == "d/t") expect_inherited(asset);
    return true;
  });
  ASSERT_TRUE(seq.is_ok()) << seq.status().to_string();
  EXPECT_EQ(*seq, last_seq());
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"d", "d/t", "lonely"}));
}

TEST_F(InheritanceTest, ScanResolvedStopsWhenTheVisitorSaysSo) {
  int visits = 0;
  Result<int64_t> seq = store_->scan_resolved([&](Asset&&) { return ++visits < 2; });
  ASSERT_TRUE(seq.is_ok());
  EXPECT_EQ(visits, 2);
}

TEST_F(StoreTest, ListsVersionsSortedByUri) {
  std::vector<Asset> batch{dataset("b"), dataset("a"), dataset("c")};
  upsert(batch);
  Asset changed = dataset("b");
  changed.label = "B";
  upsert_one(changed);
  EXPECT_EQ(store_->versions().value(), (Versions{{"a", 1}, {"b", 2}, {"c", 1}}));
}

TEST_F(StoreTest, PruningDropsOnlyOldEnoughRowsUpToTheGivenSeq) {
  std::vector<Asset> batch{dataset("a"), dataset("b"), dataset("c")};
  upsert(batch);
  std::vector<OutboxEntry> rows = store_->outbox_after(0, 10).value();
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_TRUE(store_->prune_outbox(rows[2].seq, 3600).is_ok());
  EXPECT_EQ(outbox_uris(), (std::vector<std::string>{"a", "b", "c"}));  // too recent
  ASSERT_TRUE(store_->prune_outbox(rows[1].seq, 0).is_ok());
  EXPECT_EQ(outbox_uris(), std::vector<std::string>{"c"});
}

TEST_F(StoreTest, LastOutboxSeqSurvivesPruningAndReopening) {
  std::vector<Asset> batch{dataset("a"), dataset("b")};
  upsert(batch);
  int64_t seq = last_seq();
  ASSERT_TRUE(store_->prune_outbox(seq, 0).is_ok());
  EXPECT_TRUE(outbox_uris().empty());
  EXPECT_EQ(last_seq(), seq);
  reopen();
  EXPECT_EQ(last_seq(), seq);
  upsert_one(dataset("c"));
  EXPECT_GT(store_->outbox_after(0, 10).value().at(0).seq, seq);  // seqs are never reused
}

TEST_F(StoreTest, NewCatalogHasTheLatestSchemaVersion) {
  SqliteDb db(path());
  Statement query = db.prepare("PRAGMA user_version");
  ASSERT_TRUE(query.step());
  EXPECT_GE(latest_schema_version(), 1);
  EXPECT_EQ(query.column_int(0), latest_schema_version());
}

TEST_F(StoreTest, ReopeningKeepsAssetsAndVersions) {
  Asset written = upsert_one(dataset("d"));
  reopen();
  EXPECT_EQ(get("d"), written);
  Asset changed = dataset("d");
  changed.label = "After reopen";
  EXPECT_EQ(upsert_one(changed).version, 2);
}

TEST_F(StoreTest, MigratingTwiceChangesNothing) {
  upsert_one(dataset("d"));
  SqliteDb db(path());
  migrate(db);  // already at the latest version: no migration may run again
  EXPECT_EQ(get("d")->version, 1);
}

TEST_F(StoreTest, RefusesACatalogWithANewerSchema) {
  store_.reset();
  const int newer = latest_schema_version() + 1;
  exec("PRAGMA user_version = " + std::to_string(newer));
  Result<std::unique_ptr<AssetStore>> opened = AssetStore::open(path());
  ASSERT_FALSE(opened.is_ok());
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos)
      << opened.status().message();
  SqliteDb db(path());
  Statement query = db.prepare("PRAGMA user_version");
  ASSERT_TRUE(query.step());
  EXPECT_EQ(query.column_int(0), newer);  // left as it was
}

}  // namespace
}  // namespace datacat::indexer
