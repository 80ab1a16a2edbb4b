// A crash between the store commit and the index commit (or in the middle of an index
// batch) is repaired by the next writer: nothing lost, nothing applied twice.
// The crashes are real: a forked child process dies with _exit() at the chosen point.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "indexer/ndjson.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

// Runs `body` in a child process that then dies without any cleanup.
template <typename Body>
void in_crashing_child(Body body) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    body();
    ::_exit(42);  // the "crash": no destructors, no commit
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 42);
}

Asset table(const std::string& name, const std::string& description) {
  Asset asset;
  asset.uri = "datacat://table/crash/" + name;
  asset.type = AssetType::kTable;
  asset.name = name;
  asset.description = description;
  return asset;
}

class CrashRecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::import_ndjson(dir(),
                           R"({"uri":"datacat://dataset/base","type":"dataset","name":"base"})");
  }
  DataDir dir() const { return DataDir(tmp_.path()); }

  uint64_t total(const std::string& query) {
    auto searcher = Searcher::open(dir()).value();
    return testing::search(*searcher, query).total;
  }
  std::vector<std::pair<std::string, int64_t>> indexed() {
    return Searcher::open(dir()).value()->versions().value();
  }
  std::vector<std::pair<std::string, int64_t>> stored() {
    return AssetStore::open(dir().catalog_path()).value()->versions().value();
  }

  testing::TempDir tmp_;
};

TEST_F(CrashRecoveryTest, CrashAfterStoreCommitIsRepairedByNextWriter) {
  in_crashing_child([&] {
    auto store = AssetStore::open(dir().catalog_path()).value();
    std::vector<Asset> assets{table("quokka_sightings", "marsupial observations")};
    if (!store->upsert(assets).is_ok()) ::_exit(1);
  });
  EXPECT_EQ(total("quokka"), 0u);  // committed to SQLite, not yet indexed
  EXPECT_NE(stored(), indexed());
  testing::catch_up(dir());
  EXPECT_EQ(total("quokka"), 1u);
  EXPECT_EQ(stored(), indexed());
}

TEST_F(CrashRecoveryTest, CrashInsideAnIndexBatchAppliesEachChangeExactlyOnce) {
  auto store = AssetStore::open(dir().catalog_path()).value();
  std::vector<Asset> assets{table("wombat_burrows", "first version")};
  ASSERT_TRUE(store->upsert(assets).is_ok());
  assets = {table("wombat_burrows", "second version mentions echidnas")};
  ASSERT_TRUE(store->upsert(assets).is_ok());
  int64_t applied_before = Searcher::open(dir()).value()->applied_seq();
  in_crashing_child([&] {
    // The writer starts a batch and dies before committing it.
    auto writer = IndexWriter::open(dir()).value();
    auto child_store = AssetStore::open(dir().catalog_path()).value();
    (void)writer->catch_up(*child_store, 1);  // commits batch 1 of 2 ...
    ::_exit(42);                              // ... and never reaches a clean close
  });
  int64_t applied_after_crash = Searcher::open(dir()).value()->applied_seq();
  EXPECT_GT(applied_after_crash, applied_before);
  testing::catch_up(dir());
  EXPECT_EQ(total("echidnas"), 1u);
  EXPECT_EQ(total("wombat_burrows"), 1u);
  EXPECT_EQ(stored(), indexed());
  EXPECT_EQ(Searcher::open(dir()).value()->applied_seq(), store->last_outbox_seq().value());
}

TEST_F(CrashRecoveryTest, UncommittedIndexTransactionLeavesAppliedSeqUntouched) {
  auto store = AssetStore::open(dir().catalog_path()).value();
  std::vector<Asset> assets{table("platypus_counts", "monotreme census")};
  ASSERT_TRUE(store->upsert(assets).is_ok());
  int64_t applied_before = Searcher::open(dir()).value()->applied_seq();
  in_crashing_child([&] {
    Xapian::WritableDatabase db(dir().generation_path(dir().current_generation()));
    db.begin_transaction();
    db.delete_document(uri_term("datacat://dataset/base"));
    db.set_metadata("datacat.applied_seq", "999");
    ::_exit(42);  // dies inside the transaction
  });
  EXPECT_EQ(Searcher::open(dir()).value()->applied_seq(), applied_before);
  EXPECT_EQ(total("base"), 1u);
  testing::catch_up(dir());
  EXPECT_EQ(total("platypus"), 1u);
  EXPECT_EQ(stored(), indexed());
}

}  // namespace
}  // namespace datacat::indexer
