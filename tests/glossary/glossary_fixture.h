// A glossary store and an asset store on one real catalog file in a temporary directory,
// with shorthands for building trees, assets and links. Shared by the glossary tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "glossary/glossary_store.h"
#include "indexer/store.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::glossary {

// The value of an ok result; throws (failing the test, with the status) otherwise.
template <typename T>
T must(Result<T> result) {
  if (!result.is_ok()) throw std::runtime_error(result.status().to_string());
  return std::move(result).value();
}

class GlossaryFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path() + "/catalog.db";
    assets_ = must(indexer::AssetStore::open(path_));
    store_ = must(GlossaryStore::open(path_));
  }

  Node glossary(const std::string& label, const std::string& owner = "finance-team") {
    return must(store_->create_glossary(label, "about " + label, owner));
  }
  Node category(const Node& parent, const std::string& label) {
    return must(store_->add_node(parent.id, NodeKind::kCategory, label, "", {}));
  }
  Node term(const Node& parent, const std::string& label,
            const std::vector<std::string>& synonyms = {}, const std::string& description = "") {
    return must(store_->add_node(parent.id, NodeKind::kTerm, label, description, synonyms));
  }

  // Creates datasets (or a table under `parent`).
  void add_assets(const std::vector<std::string>& uris, const std::string& parent = {}) {
    std::vector<indexer::Asset> batch;
    for (const std::string& uri : uris) {
      indexer::Asset asset;
      asset.uri = uri;
      asset.name = uri;
      asset.type = parent.empty() ? indexer::AssetType::kDataset : indexer::AssetType::kTable;
      asset.parent = parent;
      batch.push_back(asset);
    }
    must(assets_->upsert(batch));
  }

  Association propose(const Node& term, const std::string& uri) {
    return must(store_->propose(term.id, uri, "alice"));
  }
  Association approved(const Node& term, const std::string& uri) {
    return must(store_->decide(propose(term, uri).id, LinkStatus::kApproved, "bob"));
  }

  int64_t last_seq() { return must(assets_->last_outbox_seq()); }
  // Uris of the outbox rows written after `seq`, oldest first.
  std::vector<std::string> outbox_since(int64_t seq) {
    std::vector<std::string> uris;
    for (const indexer::OutboxEntry& entry : must(assets_->outbox_after(seq, 1000))) {
      uris.push_back(entry.uri);
    }
    return uris;
  }

  std::vector<std::string> labels(const std::vector<Node>& nodes) {
    std::vector<std::string> out;
    for (const Node& node : nodes) out.push_back(node.label);
    return out;
  }

  datacat::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<indexer::AssetStore> assets_;
  std::unique_ptr<GlossaryStore> store_;
};

}  // namespace datacat::glossary
