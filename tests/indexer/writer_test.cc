// Regression tests for the index writer, reindex and searcher refresh (found in review).
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "indexer/index_writer.h"
#include "indexer/reindex.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

std::string dataset(const std::string& uri, const std::string& name,
                    const std::string& extra = "") {
  return R"({"uri":")" + uri + R"(","type":"dataset","name":")" + name + "\"" + extra + "}\n";
}

class WriterTest : public ::testing::Test {
 protected:
  DataDir dir() const { return DataDir(tmp_.path()); }
  uint64_t total(const std::string& query) {
    return testing::search(*Searcher::open(dir()).value(), query).total;
  }
  testing::TempDir tmp_;
};

TEST_F(WriterTest, UriLongerThanAXapianTermIsIndexedAndChecked) {
  std::string uri = "s3://" + std::string(300, 'a');
  testing::import_ndjson(dir(), dataset(uri, "very_long_uri"));
  testing::import_ndjson(dir(), dataset("short:1", "after_the_long_one"));
  EXPECT_EQ(total("very_long_uri"), 1u);
  EXPECT_EQ(total("after_the_long_one"), 1u);
  auto store = AssetStore::open(dir().catalog_path()).value();
  EXPECT_EQ(Searcher::open(dir()).value()->versions().value(), store->versions().value());
  ASSERT_TRUE(store->remove({uri}).is_ok());
  testing::catch_up(dir());
  EXPECT_EQ(total("very_long_uri"), 0u);
}

TEST_F(WriterTest, SpellingSuggestionsForgetDeletedAndReplacedWords) {
  testing::import_ndjson(dir(), dataset("d:1", "salmon_farms"));
  for (int i = 0; i < 5; ++i) {
    testing::import_ndjson(
        dir(),
        dataset("d:1", "salmon_farms", R"(,"description":"version )" + std::to_string(i) + "\""));
  }
  testing::import_ndjson(dir(), dataset("d:2", "salmun_rivers"));
  auto store = AssetStore::open(dir().catalog_path()).value();
  ASSERT_TRUE(store->remove({"d:1"}).is_ok());
  testing::catch_up(dir());
  // "salmon" is gone from the catalog: the only correction left is "salmun".
  EXPECT_EQ(testing::search(*Searcher::open(dir()).value(), "salmen").corrected_query, "salmun");
}

TEST_F(WriterTest, WriterOpenedBeforeAReindexFollowsTheSwap) {
  testing::import_ndjson(dir(), dataset("d:1", "before_swap"));
  auto writer = IndexWriter::open(dir()).value();
  int old_generation = writer->generation();
  writer.reset();
  ASSERT_TRUE(reindex(dir(), nullptr).is_ok());
  writer = IndexWriter::open(dir()).value();  // a long-lived writer would hold this one
  writer.reset();
  // Like a server's writer: opened on one generation, then a reindex swaps in the next.
  writer = IndexWriter::open(dir()).value();
  int opened_on = writer->generation();
  ASSERT_TRUE(reindex(dir(), nullptr).is_ok());
  ASSERT_NE(DataDir(tmp_.path()).current_generation(), opened_on);
  auto store = AssetStore::open(dir().catalog_path()).value();
  std::vector<Asset> assets;
  Asset asset;
  asset.uri = "d:2";
  asset.name = "after_swap";
  assets.push_back(asset);
  ASSERT_TRUE(store->upsert(assets).is_ok());
  ASSERT_TRUE(writer->catch_up(*store).is_ok());
  EXPECT_NE(writer->generation(), old_generation);
  EXPECT_NE(writer->generation(), opened_on);
  writer.reset();
  EXPECT_EQ(total("after_swap"), 1u);
}

TEST_F(WriterTest, IndexThatMissedPrunedChangesIsRefusedNotSilentlyIncomplete) {
  testing::import_ndjson(dir(), dataset("d:1", "alpha") + dataset("d:2", "beta"));
  ASSERT_TRUE(reindex(dir(), nullptr).is_ok());  // prunes the outbox
  // The index is lost; a new empty one cannot be caught up from the pruned outbox.
  for (const auto& entry : std::filesystem::directory_iterator(tmp_.path())) {
    if (entry.path().filename().string().rfind("index", 0) == 0)
      std::filesystem::remove_all(entry.path());
  }
  auto store = AssetStore::open(dir().catalog_path()).value();
  auto writer = IndexWriter::open(dir()).value();
  EXPECT_EQ(writer->catch_up(*store).status().code(), StatusCode::kFailedPrecondition);
  writer.reset();
  ASSERT_TRUE(reindex(dir(), nullptr).is_ok());
  EXPECT_EQ(total("alpha"), 1u);
  EXPECT_EQ(total("beta"), 1u);
}

TEST_F(WriterTest, OneTransactionIsOneCommitWhateverTheBatchSize) {
  testing::import_ndjson(dir(), dataset("d:0", "before"));
  auto store = AssetStore::open(dir().catalog_path()).value();
  std::vector<Asset> bulk(5);
  for (size_t i = 0; i < bulk.size(); ++i) {
    bulk[i].uri = "bulk:" + std::to_string(i);
    bulk[i].type = AssetType::kDataset;
    bulk[i].name = "bulk_member";
  }
  ASSERT_TRUE(store->upsert(bulk).is_ok());
  auto writer = IndexWriter::open(dir()).value();
  std::string path = dir().generation_path(writer->generation());
  Xapian::rev before = Xapian::Database(path).get_revision();
  // Batches of 2 rows would cut the 5-row transaction twice: readers between those
  // commits (searchers, replicas) would see part of the bulk.
  ASSERT_TRUE(writer->catch_up(*store, 2).is_ok());
  EXPECT_EQ(Xapian::Database(path).get_revision(), before + 1);
  writer.reset();
  EXPECT_EQ(total("bulk_member"), 5u);
}

TEST_F(WriterTest, OpenSearcherSeesTheNewGenerationAfterReindex) {
  testing::import_ndjson(dir(), dataset("d:1", "first"));
  auto searcher = Searcher::open(dir()).value();
  testing::import_ndjson(dir(), R"({"uri":"t:1","type":"table","name":"second","parent":"d:1"})");
  ASSERT_TRUE(reindex(dir(), nullptr).is_ok());
  ASSERT_TRUE(searcher->refresh().is_ok());
  SearchRequest request;
  request.filters = testing::filters({{"type", {"table"}}});
  SearchResult result = testing::search(*searcher, request);
  ASSERT_EQ(result.hits.size(), 1u);
  EXPECT_EQ(result.hits[0].asset.uri, "t:1");
}

TEST_F(WriterTest, TwoProcessesCreatingOneCatalogBothSucceed) {
  std::string path = tmp_.path() + "/race.db";
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto store = AssetStore::open(path);
      if (!store.is_ok()) {
        ++failures;
        ADD_FAILURE() << store.status().to_string();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace datacat::indexer
