// Tests of the association workflow (propose, approve, dismiss, remove, history), the
// outbox rows that keep the search index following glossary changes, and how links live
// and die with their assets and terms.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "glossary/glossary_store.h"
#include "indexer/sqlite_db.h"
#include "tests/glossary/glossary_fixture.h"

namespace datacat::glossary {
namespace {

using Strings = std::vector<std::string>;

class AssociationTest : public GlossaryFixture {
 protected:
  void SetUp() override {
    GlossaryFixture::SetUp();
    finance_ = glossary("finance", "finance-team");
    revenue_ = term(finance_, "revenue");
    add_assets({"s3://sales", "s3://costs", "s3://other"});
  }

  Strings actions(int64_t association_id) {
    Strings out;
    for (const HistoryEntry& entry : must(store_->history(association_id))) {
      out.push_back(entry.action + ":" + entry.actor);
    }
    return out;
  }
  std::vector<int64_t> ids(const std::vector<Association>& links) {
    std::vector<int64_t> out;
    out.reserve(links.size());
    for (const Association& link : links) out.push_back(link.id);
    return out;
  }
  // Rows left in the associations table for `term_id`, read past the store.
  int64_t stored_links(int64_t term_id) {
    indexer::SqliteDb raw(path_);
    indexer::Statement count = raw.prepare("SELECT count(*) FROM associations WHERE term_id = ?");
    count.bind(1, term_id).step();
    return count.column_int(0);
  }

  Node finance_;
  Node revenue_;
};

TEST_F(AssociationTest, ProposeApproveDismissRemoveRecordsEveryDecision) {
  Association proposed = propose(revenue_, "s3://sales");
  EXPECT_EQ(proposed.status, LinkStatus::kPending);
  EXPECT_EQ(proposed.term_id, revenue_.id);
  EXPECT_EQ(proposed.asset_uri, "s3://sales");
  EXPECT_EQ(proposed.proposed_by, "alice");
  EXPECT_GT(proposed.proposed_at, 0);
  EXPECT_EQ(proposed.decided_by, "");
  EXPECT_EQ(must(store_->association(proposed.id)), proposed);

  Association approved = must(store_->decide(proposed.id, LinkStatus::kApproved, "bob"));
  EXPECT_EQ(approved.status, LinkStatus::kApproved);
  EXPECT_EQ(approved.decided_by, "bob");
  EXPECT_GT(approved.decided_at, 0);
  EXPECT_EQ(must(store_->association(proposed.id)), approved);
  EXPECT_EQ(store_->propose(revenue_.id, "s3://sales", "carol").status().code(),
            StatusCode::kAlreadyExists);
  // Deciding to the current status is allowed and still recorded.
  EXPECT_TRUE(store_->decide(proposed.id, LinkStatus::kApproved, "dave").is_ok());

  Association dismissed = must(store_->decide(proposed.id, LinkStatus::kDismissed, "erin"));
  EXPECT_EQ(dismissed.status, LinkStatus::kDismissed);
  Association again = must(store_->propose(revenue_.id, "s3://sales", "frank"));
  EXPECT_EQ(again.id, proposed.id);
  EXPECT_EQ(again.status, LinkStatus::kPending);
  EXPECT_EQ(again.proposed_by, "frank");
  EXPECT_EQ(again.decided_by, "");
  EXPECT_EQ(store_->propose(revenue_.id, "s3://sales", "carol").status().code(),
            StatusCode::kAlreadyExists);

  ASSERT_TRUE(store_->remove_association(proposed.id, "gina").is_ok());
  EXPECT_EQ(store_->association(proposed.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(actions(proposed.id), (Strings{"proposed:alice", "approved:bob", "approved:dave",
                                           "dismissed:erin", "proposed:frank", "removed:gina"}));
  for (const HistoryEntry& entry : must(store_->history(proposed.id))) {
    EXPECT_EQ(entry.term_id, revenue_.id);
    EXPECT_EQ(entry.asset_uri, "s3://sales");
    EXPECT_GT(entry.at, 0);
  }
  EXPECT_EQ(store_->remove_association(proposed.id, "gina").code(), StatusCode::kNotFound);
}

TEST_F(AssociationTest, BadLinksAreRefusedNamingTheField) {
  Node group = category(finance_, "group");
  Result<Association> no_term = store_->propose(9999, "s3://sales", "alice");
  EXPECT_EQ(no_term.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(no_term.status().field(), "term");
  Result<Association> not_term = store_->propose(group.id, "s3://sales", "alice");
  EXPECT_EQ(not_term.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(not_term.status().field(), "term");
  Result<Association> no_asset = store_->propose(revenue_.id, "s3://missing", "alice");
  EXPECT_EQ(no_asset.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(no_asset.status().field(), "asset");
  EXPECT_EQ(store_->propose(revenue_.id, "s3://sales", "").status().field(), "actor");

  Association link = propose(revenue_, "s3://sales");
  Result<Association> to_pending = store_->decide(link.id, LinkStatus::kPending, "bob");
  EXPECT_EQ(to_pending.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(to_pending.status().field(), "status");
  EXPECT_EQ(store_->decide(link.id + 1, LinkStatus::kApproved, "bob").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(must(store_->association(link.id)).status, LinkStatus::kPending);
  EXPECT_EQ(actions(link.id), Strings{"proposed:alice"});
}

TEST_F(AssociationTest, ListsByGlossaryStatusAssetAndTerm) {
  Node cost = term(category(finance_, "c"), "cost");
  Node other = term(glossary("sales"), "pipeline");
  Association a = approved(revenue_, "s3://sales");
  Association b = propose(cost, "s3://sales");
  Association c = propose(revenue_, "s3://costs");
  Association d = propose(other, "s3://sales");

  EXPECT_EQ(ids(must(store_->associations_of_glossary(finance_.id, std::nullopt))),
            (std::vector<int64_t>{a.id, b.id, c.id}));
  EXPECT_EQ(ids(must(store_->associations_of_glossary(finance_.id, LinkStatus::kPending))),
            (std::vector<int64_t>{b.id, c.id}));
  EXPECT_EQ(ids(must(store_->associations_of_glossary(finance_.id, LinkStatus::kApproved))),
            std::vector<int64_t>{a.id});
  EXPECT_TRUE(must(store_->associations_of_glossary(finance_.id, LinkStatus::kDismissed)).empty());
  EXPECT_EQ(store_->associations_of_glossary(revenue_.id, std::nullopt).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ids(must(store_->associations_of_asset("s3://sales"))),
            (std::vector<int64_t>{a.id, b.id, d.id}));
  EXPECT_TRUE(must(store_->associations_of_asset("s3://nowhere")).empty());
  EXPECT_EQ(ids(must(store_->associations_of_term(revenue_.id))),
            (std::vector<int64_t>{a.id, c.id}));
  EXPECT_EQ(store_->associations_of_term(9999).status().code(), StatusCode::kNotFound);
}

TEST_F(AssociationTest, ApprovingAddsOneOutboxRowAndPendingLinksAddNone) {
  int64_t start = last_seq();
  Association pending = propose(revenue_, "s3://sales");
  ASSERT_TRUE(store_->decide(pending.id, LinkStatus::kDismissed, "bob").is_ok());
  propose(revenue_, "s3://sales");
  ASSERT_TRUE(store_->remove_association(pending.id, "bob").is_ok());
  EXPECT_EQ(outbox_since(start), Strings{});

  Association link = propose(revenue_, "s3://costs");
  int64_t before = last_seq();
  ASSERT_TRUE(store_->decide(link.id, LinkStatus::kApproved, "bob").is_ok());
  EXPECT_EQ(outbox_since(before), Strings{"s3://costs"});
  // Approving an approved link changes nothing the index shows.
  before = last_seq();
  ASSERT_TRUE(store_->decide(link.id, LinkStatus::kApproved, "bob").is_ok());
  EXPECT_EQ(outbox_since(before), Strings{});
}

TEST_F(AssociationTest, DismissingOrRemovingAnApprovedLinkQueuesItsAsset) {
  Association a = approved(revenue_, "s3://sales");
  Association b = approved(revenue_, "s3://costs");
  int64_t before = last_seq();
  ASSERT_TRUE(store_->decide(a.id, LinkStatus::kDismissed, "bob").is_ok());
  EXPECT_EQ(outbox_since(before), Strings{"s3://sales"});
  before = last_seq();
  ASSERT_TRUE(store_->remove_association(b.id, "bob").is_ok());
  EXPECT_EQ(outbox_since(before), Strings{"s3://costs"});
}

TEST_F(AssociationTest, RenamesSynonymsAndMovesQueueTheAssetsOfApprovedTermsBeneath) {
  Node group = category(finance_, "group");
  Node sub = category(group, "sub");
  Node net = term(sub, "net");
  Node sibling = category(finance_, "sibling");
  Node cost = term(sibling, "cost");
  approved(net, "s3://sales");
  propose(net, "s3://other");  // pending: never queued
  approved(cost, "s3://costs");

  int64_t before = last_seq();
  ASSERT_TRUE(store_->update_node(group.id, {.label = "Group"}).is_ok());
  EXPECT_EQ(outbox_since(before), Strings{"s3://sales"});
  before = last_seq();
  ASSERT_TRUE(store_->update_node(group.id, {.description = "not indexed"}).is_ok());
  ASSERT_TRUE(store_->update_node(net.id, {.label = "net"}).is_ok());  // the same label
  EXPECT_EQ(outbox_since(before), Strings{});
  before = last_seq();
  ASSERT_TRUE(store_->update_node(net.id, {.synonyms = Strings{"net income"}}).is_ok());
  EXPECT_EQ(outbox_since(before), Strings{"s3://sales"});
  before = last_seq();
  ASSERT_TRUE(store_->update_node(sub.id, {.parent_id = sibling.id}).is_ok());
  EXPECT_EQ(outbox_since(before), Strings{"s3://sales"});
  before = last_seq();
  ASSERT_TRUE(store_->update_node(finance_.id, {.label = "Finance"}).is_ok());
  EXPECT_EQ(outbox_since(before), (Strings{"s3://costs", "s3://sales"}));
  // A refused change queues nothing.
  before = last_seq();
  EXPECT_FALSE(store_->update_node(sibling.id, {.label = "x", .parent_id = sub.id}).is_ok());
  EXPECT_EQ(outbox_since(before), Strings{});
}

// data.all defect (2): links must not survive the deletion of their term.
TEST_F(AssociationTest, DeletingATermRemovesItsLinksAndQueuesItsAssets) {
  Association a = approved(revenue_, "s3://sales");
  Association p = propose(revenue_, "s3://costs");
  int64_t before = last_seq();
  ASSERT_TRUE(store_->delete_node(revenue_.id, "owner").is_ok());

  EXPECT_EQ(outbox_since(before), Strings{"s3://sales"});
  EXPECT_EQ(stored_links(revenue_.id), 0);
  EXPECT_TRUE(must(store_->associations_of_asset("s3://sales")).empty());
  EXPECT_TRUE(must(store_->associations_of_asset("s3://costs")).empty());
  EXPECT_EQ(store_->association(a.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(actions(a.id), (Strings{"proposed:alice", "approved:bob", "removed:owner"}));
  EXPECT_EQ(actions(p.id), (Strings{"proposed:alice", "removed:owner"}));
}

TEST_F(AssociationTest, DeletingACategoryRemovesTheLinksOfEveryTermBeneath) {
  Node group = category(finance_, "group");
  Node net = term(category(group, "sub"), "net");
  Node gross = term(group, "gross");
  approved(net, "s3://sales");
  approved(gross, "s3://sales");
  approved(gross, "s3://costs");
  approved(revenue_, "s3://other");

  int64_t before = last_seq();
  ASSERT_TRUE(store_->delete_node(group.id).is_ok());
  EXPECT_EQ(outbox_since(before), (Strings{"s3://costs", "s3://sales"}));
  EXPECT_EQ(stored_links(net.id) + stored_links(gross.id), 0);
  EXPECT_EQ(must(store_->associations_of_term(revenue_.id)).size(), 1u);
}

// data.all defect (3): re-saving an asset must keep its approved links.
TEST_F(AssociationTest, ResavingAnAssetKeepsItsApprovedLinks) {
  Association link = approved(revenue_, "s3://sales");
  indexer::Asset changed = *must(assets_->get("s3://sales"));
  changed.description = "now with a description";
  std::vector<indexer::Asset> batch{changed};
  ASSERT_EQ(must(assets_->upsert(batch)).updated, 1);

  EXPECT_EQ(must(store_->association(link.id)), link);
  EXPECT_EQ(ids(must(store_->associations_of_asset("s3://sales"))), std::vector<int64_t>{link.id});
}

TEST_F(AssociationTest, DeletingAnAssetRemovesItsLinks) {
  add_assets({"s3://sales/orders"}, "s3://sales");
  approved(revenue_, "s3://sales");
  approved(revenue_, "s3://sales/orders");
  Association kept = propose(revenue_, "s3://costs");

  ASSERT_TRUE(assets_->remove({"s3://sales"}).is_ok());  // and its table
  EXPECT_TRUE(must(store_->associations_of_asset("s3://sales")).empty());
  EXPECT_TRUE(must(store_->associations_of_asset("s3://sales/orders")).empty());
  EXPECT_EQ(ids(must(store_->associations_of_term(revenue_.id))), std::vector<int64_t>{kept.id});
  // The asset can come back without its old links.
  add_assets({"s3://sales"});
  EXPECT_TRUE(must(store_->associations_of_asset("s3://sales")).empty());
}

}  // namespace
}  // namespace datacat::glossary
